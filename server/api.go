package server

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"time"

	"github.com/newsgraph/newsgraph/export"
	"github.com/newsgraph/newsgraph/queries"
)

// moduleInfo is a query module in the catalogue.
type moduleInfo struct {
	Name   string          `json:"name"`
	Doc    string          `json:"doc"`
	Params []queries.Param `json:"params"`
	Path   string          `json:"path"`
}

func (s *Server) handleCatalogue(w http.ResponseWriter, r *http.Request) {
	var out []moduleInfo
	for _, m := range queries.Modules() {
		params := m.Params
		if params == nil {
			params = []queries.Param{}
		}
		out = append(out, moduleInfo{Name: m.Name, Doc: m.Doc, Params: params, Path: "/api/v1/queries/" + m.Name})
	}
	writeData(w, map[string]any{"queries": out, "questions": queries.Questions()})
}

// reservedParams are URL parameters of the endpoint, not of the query.
var reservedParams = []string{"format", "timeout"}

// queryArgs turns URL parameters into query arguments. A bool parameter
// given without a value (?mentions) is true, like its flag.
func queryArgs(m queries.Module, v url.Values, skip ...string) (queries.Args, error) {
	args := queries.Args{}
	for k, vals := range v {
		if slices.Contains(reservedParams, k) || slices.Contains(skip, k) {
			continue
		}
		if len(vals) > 1 {
			return nil, badParam("%s given %d times", k, len(vals))
		}
		val := vals[0]
		i := slices.IndexFunc(m.Params, func(p queries.Param) bool { return p.Name == k })
		if i >= 0 && m.Params[i].Kind == "bool" && val == "" {
			val = "true"
		}
		args[k] = val
	}
	return args, nil
}

// handleQuery runs a named query: GET /api/v1/queries/{name}?param=...,
// with the same parameter names as the command's flags. ?format=csv
// answers the rows as CSV.
func (s *Server) handleQuery(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	m, ok := queries.Lookup(name)
	if !ok {
		_, err := queries.Run(r.Context(), s.store, name, nil) // the error lists the known queries
		s.writeError(w, r, err)
		return
	}
	format := r.URL.Query().Get("format")
	if format != "" && format != "json" && format != "csv" {
		s.writeError(w, r, badParam("format %s: want json or csv", quoteCapped(format)))
		return
	}
	args, err := queryArgs(m, r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx, cancel, err := s.queryContext(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	defer cancel()
	args = s.capLimit(args)
	res, err := queries.Run(ctx, s.store, name, args)
	s.metrics.query("named", name, err)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	res.Truncate(s.opts.ResultLimit)
	s.writeResult(w, r, res, format)
}

func (s *Server) writeResult(w http.ResponseWriter, r *http.Request, res *queries.Result, format string) {
	if format == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename=%q`, res.Query+".csv"))
		if err := export.ResultCSV(w, res); err != nil {
			s.log.WarnContext(r.Context(), "write csv", "err", err)
		}
		return
	}
	writeData(w, res)
}

// maxQuestionBytes bounds a question: the answer repeats it, and no
// template needs more than a sentence.
const maxQuestionBytes = 1000

// handleAsk answers GET /api/v1/ask?q=QUESTION with the plan the question
// became and its result (and the verdict of a yes/no question). A question
// no form matches is a 400 whose data lists example questions; one that
// names something its query cannot filter on is a 400 whose data lists
// those words.
func (s *Server) handleAsk(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	if q == "" {
		s.writeError(w, r, &apiError{kind: kindBadData, msg: "missing q: ask a question, e.g. ?q=which bases are linked to withdrawal events",
			data: map[string]any{"examples": queries.Questions()}})
		return
	}
	if len(q) > maxQuestionBytes {
		s.writeError(w, r, badParam("q: the question has %d bytes; ask in at most %d", len(q), maxQuestionBytes))
		return
	}
	format := r.URL.Query().Get("format")
	if format != "" && format != "json" && format != "csv" {
		s.writeError(w, r, badParam("format %s: want json or csv", quoteCapped(format)))
		return
	}
	ctx, cancel, err := s.queryContext(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	defer cancel()
	if s.asker == nil {
		s.writeError(w, r, fmt.Errorf("ask: reading questions needs the extraction pipeline's gazetteer: %w", s.pipelineErr))
		return
	}
	ans, err := s.asker.Ask(ctx, s.store, q, s.opts.Now())
	var refused *queries.RefusalError
	if errors.As(err, &refused) {
		// Say what the question named that no filter could take.
		s.metrics.query("ask", refused.Query, err)
		s.writeError(w, r, &apiError{kind: kindBadData, msg: err.Error(), data: map[string]any{"unused": refused.Unused, "form": refused.Form}, err: err})
		return
	}
	name := ""
	if ans != nil {
		name = ans.Query
	}
	s.metrics.query("ask", name, err)
	if err != nil {
		if ans != nil {
			// Show what the question became even when the query failed.
			kind, msg := classify(err)
			if kind != kindInternal && !errors.Is(err, queries.ErrNoTemplate) {
				err = &apiError{kind: kind, msg: msg, data: map[string]any{"plan": ans.Plan}, err: err}
			}
		}
		s.writeError(w, r, err)
		return
	}
	ans.Result.Truncate(s.opts.ResultLimit)
	if format == "csv" {
		s.writeResult(w, r, ans.Result, format)
		return
	}
	writeData(w, ans)
}

// handleExport answers GET /api/v1/export?format=F with the whole graph,
// or with ?query=NAME (and that query's parameters) the query's rows as CSV
// or the articles its rows cite in a graph format. The whole graph is not
// cut to the result limit: an export is meant to be complete.
func (s *Server) handleExport(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	format := v.Get("format")
	if format == "" {
		format = export.NQuads
	}
	f, err := export.Lookup(format)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var res *queries.Result
	if name := v.Get("query"); name != "" {
		m, ok := queries.Lookup(name)
		if !ok {
			_, err := queries.Run(r.Context(), s.store, name, nil)
			s.writeError(w, r, err)
			return
		}
		args, err := queryArgs(m, v, "query")
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		ctx, cancel, err := s.queryContext(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		defer cancel()
		if res, err = queries.Run(ctx, s.store, name, args); err != nil {
			s.writeError(w, r, err)
			return
		}
		res.Truncate(s.opts.ResultLimit)
	}
	// Render into a temporary file first: an error halfway must still be
	// answered with an error status, not a truncated file, the graph is
	// read while the store's view is held, which a slow client must not
	// prolong, and a file costs disk rather than memory (eight parallel
	// whole-graph exports held several gigabytes in buffers).
	// The server's write timeout counts from the request; writing the
	// spool of a large graph under load can take longer than that (eight
	// parallel exports of 2,000 articles took 9-14 minutes on a loaded
	// machine and were cut at 10 with nothing sent). The spool phase is
	// bounded by the client instead: it stops when the client leaves. The
	// sending phase gets a deadline of its own, by the size to send.
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{}) // not every ResponseWriter can; then the server's timeout stays
	spool, err := os.CreateTemp("", "newsgraph-export-*")
	if err != nil {
		s.writeError(w, r, fmt.Errorf("export spool: %w", err))
		return
	}
	defer spool.Close()
	_ = os.Remove(spool.Name()) // the open file lives on; nothing is left behind
	if res != nil {
		err = export.Result(r.Context(), spool, s.store, res, format)
	} else {
		err = export.Graph(r.Context(), spool, s.store, format)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	size, err := spool.Seek(0, io.SeekCurrent)
	if err == nil {
		_, err = spool.Seek(0, io.SeekStart)
	}
	if err != nil {
		s.writeError(w, r, fmt.Errorf("export spool %s: %w", spool.Name(), err))
		return
	}
	name := "newsgraph"
	if res != nil {
		name = res.Query
	}
	_ = rc.SetWriteDeadline(time.Now().Add(sendTime(size)))
	w.Header().Set("Content-Type", f.MIME)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename=%q`, name+f.Ext))
	w.Header().Set("Content-Length", fmt.Sprint(size))
	_, _ = io.Copy(w, spool)
}

// sendTime is how long an export of size bytes may take to send: ten
// minutes, plus a second for every 256 KiB, so a client slower than that
// does not hold an export slot for ever.
func sendTime(size int64) time.Duration {
	return 10*time.Minute + time.Duration(size/(256<<10))*time.Second
}

// capLimit lowers a page size above the server's result limit to it: a
// page is never larger than what the server answers.
func (s *Server) capLimit(args queries.Args) queries.Args {
	if n, err := strconv.Atoi(args["limit"]); err == nil && n > s.opts.ResultLimit {
		args = maps.Clone(args)
		args["limit"] = strconv.Itoa(s.opts.ResultLimit)
	}
	return args
}
