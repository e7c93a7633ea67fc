package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
	"github.com/cayleygraph/cayley/query/graphql"
	"github.com/cayleygraph/cayley/query/mql"

	"github.com/newsgraph/newsgraph/graph"
)

// rawLanguages are the Cayley query languages the endpoint runs.
var rawLanguages = []string{gizmo.Name, graphql.Name, mql.Name}

// rawAnswer is what a raw query returns.
type rawAnswer struct {
	Lang      string `json:"lang"`
	Results   []any  `json:"results"`
	Truncated bool   `json:"truncated"`
	Limit     int    `json:"limit"`
	// MaxBytes is the server's bound on the results' size; Truncated is
	// also set when they reached it.
	MaxBytes int `json:"max_bytes"`
}

// handleRawQuery runs POST /api/v1/query/{lang} with the query as the
// body, within the server's time and result limits (?timeout= and ?limit=
// may ask for less).
func (s *Server) handleRawQuery(w http.ResponseWriter, r *http.Request) {
	lang := r.PathValue("lang")
	ans, err := s.rawFromRequest(r, lang, func() ([]byte, error) {
		return s.readBody(w, r, min(s.opts.MaxBodyBytes, maxQueryBytes))
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeData(w, ans)
}

// rawFromRequest reads the limits and the query and runs it.
func (s *Server) rawFromRequest(r *http.Request, lang string, body func() ([]byte, error)) (*rawAnswer, error) {
	if !slices.Contains(rawLanguages, lang) {
		return nil, fmt.Errorf("%w %s (want %s)", errUnknownLang, quoteCapped(lang), strings.Join(rawLanguages, ", "))
	}
	limit, err := s.limitParam(r)
	if err != nil {
		return nil, err
	}
	text, err := body()
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(string(text)) == "" {
		return nil, badParam("the query is empty: send it as the request body")
	}
	ctx, cancel, err := s.queryContext(r)
	if err != nil {
		return nil, err
	}
	defer cancel()
	results, truncated, err := s.runRaw(ctx, lang, string(text), limit)
	s.metrics.query(lang, "", err)
	if err != nil {
		return nil, err
	}
	if results == nil {
		results = []any{}
	}
	return &rawAnswer{Lang: lang, Results: results, Truncated: truncated, Limit: limit, MaxBytes: s.opts.MaxOutputBytes}, nil
}

// runRaw runs a query in its own goroutine and waits for it or for the
// deadline, whichever comes first. Gizmo is interrupted when its context
// ends (Cayley's iterator calls goja's Interrupt), so `while(true){}`
// stops; a query that is slow to notice keeps its slot in querySlots until
// it does, so timed-out queries cannot pile up beyond MaxConcurrentQueries.
func (s *Server) runRaw(ctx context.Context, lang, text string, limit int) ([]any, bool, error) {
	select {
	case s.querySlots <- struct{}{}:
	default:
		return nil, false, errBusy
	}
	s.metrics.inFlight.Inc()
	// goja has no memory limit: a watchdog stops the query when the heap
	// grows past the budget while it runs.
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	go watchMemory(ctx, uint64(s.opts.QueryMemoryBytes), stop)
	type outcome struct {
		results   []any
		truncated bool
		err       error
	}
	done := make(chan outcome, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- outcome{err: fmt.Errorf("%s query panicked: %v", lang, p)}
			}
			s.metrics.inFlight.Dec()
			<-s.querySlots
		}()
		var o outcome
		// One snapshot for the whole query, so it never sees a
		// replacement half applied; on bolt and PostgreSQL writers go on
		// meanwhile (see graph.Store.View).
		o.err = s.store.View(ctx, func(snap *graph.Store) error {
			var err error
			o.results, o.truncated, err = execute(ctx, snap.QuadStore(), lang, text, limit, s.opts.MaxOutputBytes)
			return err
		})
		done <- o
	}()
	overBudget := func() error {
		if cause := context.Cause(ctx); errors.Is(cause, errMemoryBudget) {
			return &apiError{kind: kindBadData, msg: fmt.Sprintf("%s: %v; narrow the query or emit less", lang, cause), err: cause}
		}
		return nil
	}
	select {
	case o := <-done:
		if err := overBudget(); err != nil {
			return nil, false, err
		}
		if o.err != nil && ctx.Err() != nil {
			// The query failed because time ran out (Gizmo reports its
			// interrupt as its own error).
			return nil, false, fmt.Errorf("%w: %w", errQueryTimedOut, ctx.Err())
		}
		if o.err != nil {
			return nil, false, queryError(lang, o.err)
		}
		return o.results, o.truncated, nil
	case <-ctx.Done():
		if err := overBudget(); err != nil {
			return nil, false, err
		}
		return nil, false, fmt.Errorf("%w: %w", errQueryTimedOut, ctx.Err())
	}
}

// queryError makes a query language's own error (a syntax error, an
// unknown step) a 400 with its message: the user wrote the query.
func queryError(lang string, err error) error {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return err
	}
	return &apiError{kind: kindBadData, msg: fmt.Sprintf("%s: %v", lang, err), err: err}
}

// execute runs one query to at most limit results and maxBytes of them
// (estimated as JSON). It asks the session for one more than the limit to
// know whether results were cut.
func execute(ctx context.Context, qs cgraph.QuadStore, lang, text string, limit, maxBytes int) ([]any, bool, error) {
	l := query.GetLanguage(lang)
	if l == nil || l.Session == nil {
		return nil, false, fmt.Errorf("%w %s", errUnknownLang, quoteCapped(lang))
	}
	ses := l.Session(qs)
	it, err := ses.Execute(ctx, text, query.Options{Limit: limit + 1, Collation: query.JSON})
	if err != nil {
		return nil, false, err
	}
	defer func() {
		it.Close()
		if lang == gizmo.Name {
			// Cayley runs a Gizmo query in a goroutine of its own and
			// does not wait for it when it is stopped: wait here (its
			// results, if any, are dropped), so that the snapshot it
			// reads is not closed under it.
			for it.Next(context.Background()) {
			}
		}
	}()
	var out []any
	truncated := false
	size := 0
	for it.Next(ctx) {
		v := it.Result()
		if v == nil {
			continue
		}
		if len(out) == limit {
			truncated = true
			break
		}
		// GraphQL answers one document whatever the limit: cut its lists.
		v, cut := capLists(v, limit)
		truncated = truncated || cut
		if size += resultBytes(v, maxBytes-size); size > maxBytes {
			// Stop the query too: a script emitting huge values should
			// not run on to its time limit.
			truncated = true
			break
		}
		out = append(out, v)
	}
	if err := it.Err(); err != nil {
		return nil, false, err
	}
	if err := ctx.Err(); err != nil {
		return nil, false, err
	}
	return out, truncated, nil
}

// capLists cuts every list inside a JSON-like value to limit items.
func capLists(v any, limit int) (any, bool) {
	cut := false
	switch t := v.(type) {
	case []any:
		if len(t) > limit {
			t, cut = t[:limit], true
		}
		for i := range t {
			var c bool
			t[i], c = capLists(t[i], limit)
			cut = cut || c
		}
		return t, cut
	case []map[string]any:
		if len(t) > limit {
			t, cut = t[:limit], true
		}
		for i := range t {
			for k, e := range t[i] {
				var c bool
				t[i][k], c = capLists(e, limit)
				cut = cut || c
			}
		}
		return t, cut
	case map[string]any:
		for k, e := range t {
			var c bool
			t[k], c = capLists(e, limit)
			cut = cut || c
		}
		return t, cut
	}
	return v, false
}
