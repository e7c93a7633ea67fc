package server

import (
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics live in a registry of the server's own, never the global one, so
// two servers in one process (tests) do not collide and nothing else in
// the process leaks into /metrics.
type metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec
	duration  *prometheus.HistogramVec
	queries   *prometheus.CounterVec
	inFlight  prometheus.Gauge
	ingested  *prometheus.CounterVec
	bodyBytes prometheus.Counter
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsgraph_http_requests_total", Help: "HTTP requests by route, method and status code.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "newsgraph_http_request_duration_seconds", Help: "HTTP request duration by route.",
			Buckets: []float64{.001, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route"}),
		queries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsgraph_queries_total", Help: "Queries by kind (named, ask, gizmo, graphql, mql), name and outcome (ok or an error type).",
		}, []string{"kind", "name", "outcome"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "newsgraph_raw_queries_running", Help: "Raw Cayley queries running, including timed-out ones still stopping.",
		}),
		ingested: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsgraph_articles_ingested_total", Help: "Articles posted for ingest by result (stored, unchanged, failed).",
		}, []string{"result"}),
		bodyBytes: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newsgraph_http_response_bytes_total", Help: "Bytes written in HTTP responses.",
		}),
	}
	m.reg.MustRegister(m.requests, m.duration, m.queries, m.inFlight, m.ingested, m.bodyBytes,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// query counts one query's outcome.
func (m *metrics) query(kind, name string, err error) {
	outcome := "ok"
	if err != nil {
		outcome, _ = classify(err)
	}
	m.queries.WithLabelValues(kind, name, outcome).Inc()
}

// recorder captures what a handler wrote, for the access log and metrics.
type recorder struct {
	http.ResponseWriter
	status  int
	bytes   int64
	errKind string
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer (Flush,
// deadlines).
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// logRequests writes one structured access log line per request and
// counts it. The route is the mux pattern, not the raw path, so metrics
// keep a bounded set of labels.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		_, route := s.mux.Handler(r)
		if route == "" {
			route = "unmatched"
		}
		defer func() {
			if p := recover(); p != nil {
				// A panic in one request must not take the server down
				// with every other request in flight.
				s.log.ErrorContext(r.Context(), "panic", slog.Any("panic", p), slog.String("path", r.URL.Path))
				if rec.status == 0 {
					s.writeError(rec, r, &apiError{kind: kindInternal, msg: "internal error"})
				}
			}
			if rec.status == 0 {
				rec.status = http.StatusOK
			}
			d := time.Since(start)
			s.metrics.requests.WithLabelValues(route, r.Method, strconv.Itoa(rec.status)).Inc()
			s.metrics.duration.WithLabelValues(route).Observe(d.Seconds())
			s.metrics.bodyBytes.Add(float64(rec.bytes))
			attrs := []slog.Attr{
				slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.String("route", route),
				slog.Int("status", rec.status), slog.Int64("bytes", rec.bytes),
				slog.Float64("duration_ms", float64(d.Microseconds())/1000), slog.String("remote", r.RemoteAddr),
			}
			if r.URL.RawQuery != "" {
				attrs = append(attrs, slog.String("query", r.URL.RawQuery))
			}
			if rec.errKind != "" {
				attrs = append(attrs, slog.String("error_type", rec.errKind))
			}
			level := slog.LevelInfo
			if rec.status >= 500 {
				level = slog.LevelWarn
			}
			s.log.LogAttrs(r.Context(), level, "request", attrs...)
		}()
		next.ServeHTTP(rec, r)
	})
}
