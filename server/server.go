// Package server owns newsgraph's HTTP API: an http.Handler over a graph
// store that answers named queries and plain-English questions (package
// queries), raw Cayley queries in Gizmo, GraphQL and MQL with a time limit
// and a result limit no request can exceed, extraction of a posted article,
// ingest behind a bearer token, exports (package export), Cayley's own HTTP
// API v2 read routes, health, Prometheus metrics, an OpenAPI description
// and a web page at /.
//
// Work per request is bounded (guard.go, budget.go): state changes need
// the token, costly routes (extract, export) need it when one is set,
// only allowed Host names are served, cross-site state-changing requests
// are refused, and extraction, exports and raw queries have concurrency
// caps, size caps and, for raw queries, an output and memory budget.
//
// Every error is answered with one JSON envelope,
// {"status":"error","errorType":"bad_data","error":"..."}, its status
// taken from one table (errors.go). Every request is logged with slog.
//
// Two hooks are left for other parts of newsgraph: Options.Refresh mounts
// the refresh endpoint (POST /api/v1/refresh, behind the token) and
// Options.Web serves the notebook page at / (a placeholder until then).
// The handler never touches http.DefaultServeMux.
package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/queries"
)

// Defaults and hard ceilings of Options.
const (
	DefaultQueryTimeout  = 10 * time.Second
	DefaultResultLimit   = 1000
	DefaultMaxBodyBytes  = 8 << 20
	DefaultMaxConcurrent = 4
	// DefaultMaxExtractions and DefaultMaxExports bound extractions
	// (POST /api/v1/extract and /api/v1/articles) and exports running at
	// once: each can keep a core busy for seconds.
	DefaultMaxExtractions = 2
	DefaultMaxExports     = 2
	// DefaultMaxArticleBytes bounds one posted article's text (413 beyond).
	DefaultMaxArticleBytes = extract.MaxArticleBytes
	// DefaultMaxOutputBytes bounds the JSON of one raw query's results.
	DefaultMaxOutputBytes = 16 << 20
	// maxQueryBytes bounds a raw query's text, whatever the body limit.
	maxQueryBytes = 256 << 10
)

// Options configure a server. The zero value is a read-only server with
// the defaults above.
type Options struct {
	// Token enables writes: POST /api/v1/articles (and the refresh hook)
	// need "Authorization: Bearer TOKEN". Empty means read-only: writes
	// are answered 403.
	Token string
	// Pipeline extracts posted articles; nil uses the built-in gazetteers.
	Pipeline *extract.Pipeline
	// QueryTimeout bounds every query; a request may ask for less
	// (?timeout=2s), never more. Zero means DefaultQueryTimeout.
	QueryTimeout time.Duration
	// ResultLimit bounds the rows of a named query and the results of a
	// raw query; a request may ask for fewer (?limit=), never more.
	ResultLimit int
	// MaxBodyBytes bounds request bodies (413 beyond).
	MaxBodyBytes int64
	// MaxConcurrentQueries bounds raw Cayley queries running at once; more
	// are answered 503 with Retry-After. A query that timed out keeps its
	// slot until it has really stopped, so runaway queries cannot pile up.
	MaxConcurrentQueries int
	// MaxConcurrentExtractions bounds requests extracting articles at
	// once (extract and ingest); MaxConcurrentExports bounds exports. More
	// are answered 503 with Retry-After.
	MaxConcurrentExtractions int
	MaxConcurrentExports     int
	// MaxArticleBytes bounds the text (title, lede, body) of one posted
	// article: extraction time grows faster than the text. Larger
	// articles are refused, 413 when none is left to extract.
	MaxArticleBytes int
	// MaxOutputBytes bounds the encoded results of one raw query; a
	// query whose results grow past it is stopped and its answer cut.
	MaxOutputBytes int
	// QueryMemoryBytes is how much the live heap may grow while a raw
	// query runs before it is stopped (a Gizmo script building a huge
	// array); zero means DefaultQueryMemory.
	QueryMemoryBytes int
	// AllowedHosts are the Host names served besides loopback names and
	// addresses ("*" serves every name); others are refused, against DNS
	// rebinding.
	AllowedHosts []string
	// Logger receives the access log and internal errors; nil discards.
	Logger *slog.Logger
	// Now is the clock for relative dates in questions; nil is time.Now.
	Now func() time.Time
	// Version is reported by /healthz and the OpenAPI document.
	Version string

	// Refresh is the hook for the refresh endpoint: when set, it is
	// mounted at POST /api/v1/refresh behind the bearer token (403 when
	// the server is read-only), with the request body bounded like every
	// other. It answers as it likes; errors should use the JSON envelope.
	Refresh http.Handler
	// RefreshStatus, when set, answers GET /api/v1/refresh (the recent
	// runs); it needs no token.
	RefreshStatus http.Handler
	// Collectors are registered on the server's metrics registry, so other
	// parts of the process (the refresh scheduler) show in /metrics.
	Collectors []prometheus.Collector
	// Notebooks, when set, is the notebook page's store of saved notebooks
	// (web.NotebookHandler), mounted at GET, PUT and DELETE
	// /api/v1/notebooks[/{name}].
	Notebooks http.Handler
	// Web is the hook for the notebook page: when set, it serves GET / and
	// every GET path outside /api/, /healthz and /metrics, so it can serve
	// its own assets. When nil a placeholder page is served at /.
	Web http.Handler
}

func (o *Options) fill() {
	if o.QueryTimeout <= 0 {
		o.QueryTimeout = DefaultQueryTimeout
	}
	if o.ResultLimit <= 0 {
		o.ResultLimit = DefaultResultLimit
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.MaxConcurrentQueries <= 0 {
		o.MaxConcurrentQueries = DefaultMaxConcurrent
	}
	if o.MaxConcurrentExtractions <= 0 {
		o.MaxConcurrentExtractions = DefaultMaxExtractions
	}
	if o.MaxConcurrentExports <= 0 {
		o.MaxConcurrentExports = DefaultMaxExports
	}
	if o.MaxArticleBytes <= 0 {
		o.MaxArticleBytes = DefaultMaxArticleBytes
	}
	if o.MaxOutputBytes <= 0 {
		o.MaxOutputBytes = DefaultMaxOutputBytes
	}
	if o.QueryMemoryBytes <= 0 {
		o.QueryMemoryBytes = DefaultQueryMemory
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Version == "" {
		o.Version = "dev"
	}
}

// Server is the API over one store. Use New; it is an http.Handler.
type Server struct {
	store    *graph.Store
	opts     Options
	log      *slog.Logger
	mux      *routeMux
	handler  http.Handler
	ingester *ingest.Ingester
	// asker reads questions with the pipeline's gazetteer (loaded once).
	asker *queries.Asker
	// pipelineErr is set when the default pipeline could not be built;
	// extract and ingest answer 500 with it.
	pipelineErr error
	// ingestMu serialises posted articles: the ingester reads an
	// article's stored hash outside the store's view lock, which must not
	// overlap another write on Cayley's lock-free memstore.
	ingestMu sync.Mutex
	// querySlots, extractSlots and exportSlots bound the raw queries,
	// extractions and exports running.
	querySlots   slots
	extractSlots slots
	exportSlots  slots
	health       *storeHealth
	metrics      *metrics
	openapi      []byte
	// extracting, when set (by tests), is called as a posted article's
	// extraction starts, after its body was read and parsed.
	extracting func()
}

// New returns the API over store. The store stays the caller's to close,
// after the HTTP server has shut down.
func New(store *graph.Store, opts Options) http.Handler {
	return newServer(store, opts)
}

func newServer(store *graph.Store, opts Options) *Server {
	opts.fill()
	s := &Server{
		store:        store,
		opts:         opts,
		log:          opts.Logger,
		mux:          &routeMux{ServeMux: http.NewServeMux()},
		querySlots:   make(slots, opts.MaxConcurrentQueries),
		extractSlots: make(slots, opts.MaxConcurrentExtractions),
		exportSlots:  make(slots, opts.MaxConcurrentExports),
		health:       &storeHealth{store: store},
		metrics:      newMetrics(),
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	for _, c := range opts.Collectors {
		s.metrics.reg.MustRegister(c)
	}
	p := opts.Pipeline
	if p == nil {
		p, s.pipelineErr = extract.New(extract.Config{})
	}
	if p != nil {
		s.ingester = &ingest.Ingester{Store: store, Pipeline: p}
		s.asker = queries.NewAsker(p.Gazetteer())
	}
	s.routes()
	s.openapi = s.openAPI()
	s.handler = s.logRequests(s.guard(s.dispatch()))
	return s
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// routes registers every endpoint. Method-qualified patterns let the mux
// tell 404 from 405; dispatch turns both into JSON errors.
func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET /api/v1/queries", s.handleCatalogue)
	m.HandleFunc("GET /api/v1/queries/{name}", s.handleQuery)
	m.HandleFunc("GET /api/v1/ask", s.handleAsk)
	m.HandleFunc("POST /api/v1/query/{lang}", s.handleRawQuery)
	m.HandleFunc("POST /api/v1/extract", s.costly(s.limited(s.extractSlots, "extractions", s.handleExtract)))
	m.HandleFunc("POST /api/v1/articles", s.requireToken(s.handleArticles))
	m.HandleFunc("GET /api/v1/export", s.costly(s.limited(s.exportSlots, "exports", s.handleExport)))
	m.HandleFunc("GET /api/openapi.json", s.handleOpenAPI)
	m.HandleFunc("GET /healthz", s.handleHealth)
	m.Handle("GET /metrics", s.metrics.handler())
	s.cayleyRoutes(m)
	if s.opts.Refresh != nil {
		m.Handle("POST /api/v1/refresh", s.requireToken(s.bounded(s.opts.Refresh).ServeHTTP))
	}
	if s.opts.RefreshStatus != nil {
		m.Handle("GET /api/v1/refresh", s.opts.RefreshStatus)
	}
	if s.opts.Notebooks != nil {
		// Method-qualified patterns: a bare "/api/v1/notebooks/" would
		// conflict with the page's "GET /".
		for _, p := range []string{"GET /api/v1/notebooks", "GET /api/v1/notebooks/{name}"} {
			m.Handle(p, s.opts.Notebooks)
		}
		for _, p := range []string{"PUT /api/v1/notebooks/{name}", "DELETE /api/v1/notebooks/{name}"} {
			m.Handle(p, s.requireToken(s.bounded(s.opts.Notebooks).ServeHTTP))
		}
	}
	// Unknown API paths get JSON errors even when the web hook serves
	// every other GET path.
	m.HandleFunc(catchAll[0], s.notFound)
	m.HandleFunc(catchAll[1], s.notFound)
	if s.opts.Web != nil {
		m.Handle("GET /", s.opts.Web)
	} else {
		m.HandleFunc("GET /{$}", s.handlePlaceholder)
	}
}

// catchAll patterns answer paths no route serves; they do not count as
// routes when telling 404 from 405. They name methods so as not to
// conflict with the web hook's "GET /".
var catchAll = []string{"GET /api/", "POST /api/", "GET /"}

// dispatch routes through the mux, answering unknown paths and wrong
// methods with the JSON envelope instead of the mux's plain text.
func (s *Server) dispatch() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := s.mux.Handler(r); pattern == "" {
			s.notFound(w, r)
			return
		}
		s.mux.ServeHTTP(w, r)
	})
}

// notFound answers 405 with Allow when the path exists for other methods,
// else 404.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		probe := r.Clone(r.Context())
		probe.Method = method
		if _, p := s.mux.Handler(probe); p != "" && !slices.Contains(catchAll, p) {
			allow = append(allow, method)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		s.writeError(w, r, fmt.Errorf("%w: %s %s (allowed: %s)", errMethod, r.Method, r.URL.Path, strings.Join(allow, ", ")))
		return
	}
	s.writeError(w, r, fmt.Errorf("%w: %s (see /api/openapi.json)", errNotFound, r.URL.Path))
}

// bounded limits a handler's request body.
func (s *Server) bounded(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, s.opts.MaxBodyBytes)
		h.ServeHTTP(w, r)
	})
}

// readBody reads a request body up to limit bytes.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		return nil, err
	}
	return data, nil
}

// queryContext bounds a query by the server's limit, or by a shorter
// ?timeout= the request asks for.
func (s *Server) queryContext(r *http.Request) (context.Context, context.CancelFunc, error) {
	d := s.opts.QueryTimeout
	if t := r.URL.Query().Get("timeout"); t != "" {
		asked, err := time.ParseDuration(t)
		if err != nil || asked <= 0 {
			return nil, nil, badParam("timeout %s: want a duration such as 2s or 500ms", quoteCapped(t))
		}
		d = min(d, asked)
	}
	ctx, cancel := context.WithTimeout(r.Context(), d)
	return ctx, cancel, nil
}

// limitParam reads ?limit=, capped at the server's result limit.
func (s *Server) limitParam(r *http.Request) (int, error) {
	l := r.URL.Query().Get("limit")
	if l == "" {
		return s.opts.ResultLimit, nil
	}
	var n int
	if _, err := fmt.Sscan(l, &n); err != nil || n <= 0 {
		return 0, badParam("limit %s: want a positive number", quoteCapped(l))
	}
	return min(n, s.opts.ResultLimit), nil
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	// From the last background probe: a health check never waits on the
	// store (see storeHealth).
	if err := s.health.status(time.Now()); err != nil {
		s.writeError(w, r, &apiError{kind: kindUnavailable, msg: "store unavailable", err: err})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"status": "ok", "store": s.store.Backend(), "version": s.opts.Version,
		"read_only": s.opts.Token == "",
	})
}
