package server

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/loaders"
)

// parseArticles reads the articles in a request body in any format the
// loaders know (?format= forces one; ?url= names the page the content came
// from, for relative links). Bad records of a partly bad body are
// returned as errs next to the good articles.
func (s *Server) parseArticles(w http.ResponseWriter, r *http.Request) ([]newsgraph.Article, []string, error) {
	if s.pipelineErr != nil {
		return nil, nil, fmt.Errorf("extraction pipeline: %w", s.pipelineErr)
	}
	data, err := s.readBody(w, r, s.opts.MaxBodyBytes)
	if err != nil {
		return nil, nil, err
	}
	format := r.URL.Query().Get("format")
	if format != "" {
		if _, ok := loaders.LookupFormat(format); !ok {
			var names []string
			for _, f := range loaders.Formats() {
				names = append(names, f.Name)
			}
			return nil, nil, badParam("format %s: want one of %s", quoteCapped(format), strings.Join(names, ", "))
		}
	}
	source := "request body"
	arts, err := loaders.ParseInput(loaders.Input{
		Source: source, Data: data, URL: r.URL.Query().Get("url"), ContentType: r.Header.Get("Content-Type"),
	}, format)
	if err != nil && len(arts) == 0 {
		return nil, nil, err
	}
	var problems []string
	for _, e := range loaders.SplitErrors(err) {
		problems = append(problems, e.Error())
	}
	// Refuse articles too long to extract in reasonable time; when none
	// is left, the whole request is a 413.
	kept := arts[:0]
	var tooLarge error
	for i, a := range arts {
		if n := extract.ArticleBytes(a); n > s.opts.MaxArticleBytes {
			tooLarge = &loaders.SourceError{Source: source, Err: fmt.Errorf("%w: article %d %s has %d bytes of text, more than this server extracts (%d)",
				loaders.ErrTooLarge, i+1, quoteCapped(a.Title), n, s.opts.MaxArticleBytes)}
			problems = append(problems, tooLarge.Error())
			continue
		}
		kept = append(kept, a)
	}
	if len(kept) == 0 && tooLarge != nil {
		return nil, nil, tooLarge
	}
	return kept, problems, nil
}

// handleExtract answers POST /api/v1/extract: the extraction records of
// the posted article(s), the same shape `newsgraph extract` prints.
// Nothing is stored.
func (s *Server) handleExtract(w http.ResponseWriter, r *http.Request) {
	arts, problems, err := s.parseArticles(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	records := make([]newsgraph.Extraction, 0, len(arts))
	if s.extracting != nil {
		s.extracting()
	}
	for _, a := range arts {
		// The request's context: a client that leaves stops the work.
		x, err := s.ingester.Pipeline.ExtractContext(r.Context(), a)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		records = append(records, x)
	}
	out := map[string]any{"records": records}
	if len(problems) > 0 {
		out["errors"] = problems
	}
	writeData(w, out)
}

// stored reports one posted article's write.
type stored struct {
	ID        string `json:"id"`
	URL       string `json:"url"`
	Title     string `json:"title"`
	Unchanged bool   `json:"unchanged"`
	Added     int    `json:"quads_added"`
	Removed   int    `json:"quads_removed"`
	Error     string `json:"error,omitempty"`
}

// handleArticles answers POST /api/v1/articles (token required): extract
// the posted article(s) and replace each one's named graph, like
// `newsgraph ingest`. ?force=true rewrites unchanged articles too.
func (s *Server) handleArticles(w http.ResponseWriter, r *http.Request) {
	arts, problems, err := s.parseArticles(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	force := false
	if f := r.URL.Query().Get("force"); f != "" {
		if force, err = strconv.ParseBool(f); err != nil {
			s.writeError(w, r, badParam("force %s: want true or false", quoteCapped(f)))
			return
		}
	}
	var out []stored
	n := map[string]int{}
	s.ingestMu.Lock()
	defer s.ingestMu.Unlock()
	for _, a := range arts {
		res, err := s.ingester.Article(r.Context(), a, force)
		st := stored{ID: res.ID, URL: a.URL, Title: a.Title, Unchanged: res.Unchanged, Added: res.Added, Removed: res.Removed}
		switch {
		case err != nil && r.Context().Err() != nil:
			s.writeError(w, r, err)
			return
		case err != nil:
			s.log.ErrorContext(r.Context(), "ingest", "url", a.URL, "err", err)
			st.Error = "could not store the article"
			n["failed"]++
		case res.Unchanged:
			n["unchanged"]++
		default:
			n["stored"]++
		}
		out = append(out, st)
	}
	for _, k := range []string{"stored", "unchanged", "failed"} {
		s.metrics.ingested.WithLabelValues(k).Add(float64(n[k]))
	}
	body := map[string]any{"articles": out, "stored": n["stored"], "unchanged": n["unchanged"], "failed": n["failed"]}
	if len(problems) > 0 {
		body["errors"] = problems
	}
	if n["failed"] > 0 && n["failed"] == len(arts) {
		s.writeError(w, r, &apiError{kind: kindInternal, msg: "could not store the articles", data: body})
		return
	}
	writeData(w, body)
}
