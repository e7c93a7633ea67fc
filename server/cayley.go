package server

import (
	"encoding/json"
	"errors"
	"net/http"

	cgraph "github.com/cayleygraph/cayley/graph"
	cayleyhttp "github.com/cayleygraph/cayley/server/http"

	_ "github.com/cayleygraph/quad/json"   // json quad format for /api/v2/read
	_ "github.com/cayleygraph/quad/jsonld" // jsonld quad format for /api/v2/read
	_ "github.com/cayleygraph/quad/pquads" // pquads, what Cayley's Go client reads
	"github.com/newsgraph/newsgraph/graph"
)

// cayleyRoutes serves Cayley's HTTP API v2 read routes, so existing Cayley
// clients (its Go client, the cayley CLI's remote mode, scripts) can read
// the graph:
//
//   - GET|POST /api/v2/read and GET /api/v2/formats are Cayley's own
//     handlers (server/http), mounted on our mux;
//   - GET|POST /api/v2/query?lang=L is ours, answering in Cayley's shape
//     ({"result": [...]} or {"error": "..."}) but running through the same
//     runner as /api/v1/query, so it has the same time limit, result limit,
//     concurrency bound and Gizmo interrupt. Cayley's ServeQuery applies no
//     limit to GraphQL and answers a time-out as a 400;
//   - the write routes answer 403: writes go through /api/v1/articles, so
//     every quad stays in its article's named graph.
func (s *Server) cayleyRoutes(m *routeMux) {
	api := s.cayleyAPI(s.store.QuadStore())
	// A read streams the graph from one snapshot of the store (a bolt
	// read transaction does not hold up writers), through an API bound
	// to it for the request.
	read := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := s.store.View(r.Context(), func(snap *graph.Store) error {
			s.cayleyAPI(snap.QuadStore()).ServeHTTP(w, r)
			return nil
		})
		if err != nil {
			s.writeError(w, r, err)
		}
	})
	m.Handle("GET /api/v2/read", read)
	m.Handle("POST /api/v2/read", s.bounded(read))
	m.Handle("GET /api/v2/formats", api)
	m.HandleFunc("GET /api/v2/query", s.handleV2Query)
	m.HandleFunc("POST /api/v2/query", s.handleV2Query)
	for _, p := range []string{"/api/v2/write", "/api/v2/delete", "/api/v2/node/delete"} {
		m.HandleFunc("POST "+p, func(w http.ResponseWriter, r *http.Request) {
			v2Error(w, http.StatusForbidden, "database is read-only: post articles to /api/v1/articles")
		})
	}
}

// cayleyAPI is Cayley's HTTP API v2 over qs, read-only and within the
// server's limits.
func (s *Server) cayleyAPI(qs cgraph.QuadStore) *cayleyhttp.APIv2 {
	api := cayleyhttp.NewAPIv2(&cgraph.Handle{QuadStore: qs})
	api.SetReadOnly(true)
	api.SetQueryTimeout(s.opts.QueryTimeout)
	api.SetQueryLimit(s.opts.ResultLimit)
	return api
}

// handleV2Query is Cayley's /api/v2/query: ?lang=gizmo|graphql|mql, the
// query in the body (POST) or in ?qu= (GET).
func (s *Server) handleV2Query(w http.ResponseWriter, r *http.Request) {
	lang := r.URL.Query().Get("lang")
	if lang == "" {
		v2Error(w, http.StatusBadRequest, "query language not specified")
		return
	}
	ans, err := s.rawFromRequest(r, lang, func() ([]byte, error) {
		if r.Method == http.MethodGet {
			return []byte(r.URL.Query().Get("qu")), nil
		}
		return s.readBody(w, r, min(s.opts.MaxBodyBytes, maxQueryBytes))
	})
	if err != nil {
		kind, msg := classify(err)
		if kind == kindInternal {
			s.log.ErrorContext(r.Context(), "internal error", "path", r.URL.Path, "err", err)
		}
		if errors.Is(err, errUnknownLang) {
			// Cayley answers an unknown language with a 400.
			v2Error(w, http.StatusBadRequest, "unknown query language")
			return
		}
		if rec, ok := w.(*recorder); ok {
			rec.errKind = kind
		}
		v2Error(w, statusOf[kind], capMessage(msg))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(map[string]any{"result": ans.Results})
}

// v2Error answers in Cayley's error shape.
func v2Error(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}
