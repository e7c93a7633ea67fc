package refresh

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
)

// Service exposes a refresher over HTTP and as Prometheus metrics: the
// scheduler reports every run to it, GET lists the recorded runs and POST
// starts a run of every source (or of ?source=NAME) in the background.
type Service struct {
	Refresher *Refresher
	Sources   []Source

	// ctx bounds runs started over HTTP: they end with the server.
	ctx context.Context
	wg  sync.WaitGroup

	runs      *prometheus.CounterVec
	articles  *prometheus.CounterVec
	failures  *prometheus.CounterVec
	lastOK    *prometheus.GaugeVec
	lastRunAt *prometheus.GaugeVec
}

// NewService builds a service whose HTTP-started runs live within ctx.
func NewService(ctx context.Context, r *Refresher, sources []Source) *Service {
	return &Service{
		Refresher: r, Sources: sources, ctx: ctx,
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsgraph_refresh_runs_total", Help: "Refresh runs by source and status (ok, failed, cancelled).",
		}, []string{"source", "status"}),
		articles: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsgraph_refresh_articles_total", Help: "Articles seen by refresh runs, by source and result (new, changed, unchanged, failed, pruned).",
		}, []string{"source", "result"}),
		failures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsgraph_refresh_errors_total", Help: "Errors reported by refresh runs, by source.",
		}, []string{"source"}),
		lastOK: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "newsgraph_refresh_last_success_timestamp_seconds", Help: "When a run of the source last ended without failures.",
		}, []string{"source"}),
		lastRunAt: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "newsgraph_refresh_last_run_timestamp_seconds", Help: "When a run of the source last ended.",
		}, []string{"source"}),
	}
}

// Collectors are the service's metrics, for the server's registry.
func (s *Service) Collectors() []prometheus.Collector {
	return []prometheus.Collector{s.runs, s.articles, s.failures, s.lastOK, s.lastRunAt}
}

// Observe records a finished run in the metrics.
func (s *Service) Observe(run Run) {
	for _, sr := range run.Sources {
		status := "ok"
		if sr.Failed > 0 {
			status = "failed"
		}
		if run.Status == "cancelled" {
			status = "cancelled"
		}
		s.runs.WithLabelValues(sr.Source, status).Inc()
		for result, n := range map[string]int{"new": sr.New, "changed": sr.Changed, "unchanged": sr.Unchanged, "failed": sr.Failed, "pruned": sr.Pruned} {
			s.articles.WithLabelValues(sr.Source, result).Add(float64(n))
		}
		s.failures.WithLabelValues(sr.Source).Add(float64(len(sr.Errors)))
		s.lastRunAt.WithLabelValues(sr.Source).Set(float64(sr.Ended.Unix()))
		if status == "ok" {
			s.lastOK.WithLabelValues(sr.Source).Set(float64(sr.Ended.Unix()))
		}
	}
}

// Wait blocks until runs started over HTTP have ended.
func (s *Service) Wait() { s.wg.Wait() }

// StatusHandler answers GET /api/v1/refresh: the configured sources and
// the recent runs (?limit=N, default 20), newest first.
func (s *Service) StatusHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := 20
		if v := r.URL.Query().Get("limit"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				writeError(w, http.StatusBadRequest, "bad_data", "limit must be a positive number")
				return
			}
			limit = n
		}
		runs, err := Runs(r.Context(), s.Refresher.Ingester.Store, limit)
		if err != nil {
			writeError(w, http.StatusInternalServerError, "internal", "could not read the refresh runs")
			return
		}
		if runs == nil {
			runs = []Run{}
		}
		writeJSON(w, http.StatusOK, map[string]any{"status": "success", "data": map[string]any{"sources": s.Sources, "runs": runs}})
	})
}

// TriggerHandler answers POST /api/v1/refresh[?source=NAME]: it starts a
// run in the background and answers 202 at once; 404 for an unknown
// source, 409 when that source is already being refreshed.
func (s *Service) TriggerHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sources := s.Sources
		if name := r.URL.Query().Get("source"); name != "" {
			i := slices.IndexFunc(s.Sources, func(src Source) bool { return src.name() == name })
			if i < 0 {
				writeError(w, http.StatusNotFound, "not_found", "no source named "+strconv.Quote(name))
				return
			}
			sources = s.Sources[i : i+1]
		}
		if len(sources) == 0 {
			writeError(w, http.StatusConflict, "bad_data", "the server has no refresh sources (start it with --source or --config)")
			return
		}
		for _, src := range sources {
			if s.Refresher.isRunning(src.name()) {
				writeError(w, http.StatusConflict, "busy", ErrBusy.Error()+": "+src.name())
				return
			}
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			run, err := s.Refresher.RunOnce(s.ctx, sources)
			if err != nil {
				s.Refresher.log().Error("refresh", "err", err)
			}
			s.Observe(run)
		}()
		names := make([]string, len(sources))
		for i, src := range sources {
			names[i] = src.name()
		}
		writeJSON(w, http.StatusAccepted, map[string]any{"status": "success", "data": map[string]any{"started": names}})
	})
}

func (r *Refresher) isRunning(name string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.running[name]
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, kind, msg string) {
	writeJSON(w, status, map[string]string{"status": "error", "errorType": kind, "error": msg})
}
