// Package refresh owns keeping the graph current: sources (folders, files,
// feeds, URLs) with their schedules (an interval or a cron expression),
// refresh runs that ingest each source incrementally, optional pruning of
// articles that vanished from a source, and run records (UUIDv7 IDs,
// per-source counts and errors) kept in the graph itself.
//
// A run never doubles: one run at a time per source, and a run that is
// still going when the next is due is skipped, not queued. A failing source
// is retried with backoff without holding up the others. Articles are
// replaced one named graph at a time, so queries see each article either
// in its old or its new version; a run killed half-way is completed by the
// next one, because replacing an article is idempotent.
package refresh

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/google/uuid"
	"github.com/robfig/cron/v3"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/schema"
)

// Source is one place articles come from.
type Source struct {
	// Name identifies the source in run records; it defaults to Location.
	Name string `yaml:"name" json:"name"`
	// Location is a file, folder, glob or http(s) URL.
	Location string `yaml:"location" json:"location"`
	// Every is the interval between runs ("15m"); Cron a cron expression
	// ("*/30 * * * *"). Cron wins when both are set.
	Every string `yaml:"every,omitempty" json:"every,omitempty"`
	Cron  string `yaml:"cron,omitempty" json:"cron,omitempty"`
	// Follow fetches the page behind feed items that only carry a summary.
	Follow bool `yaml:"follow,omitempty" json:"follow,omitempty"`
	// Prune removes articles that disappeared from the source; by default
	// they stay (news archives keep what was published).
	Prune bool `yaml:"prune,omitempty" json:"prune,omitempty"`
}

func (s Source) name() string {
	if s.Name != "" {
		return s.Name
	}
	return s.Location
}

// schedule parses the source's schedule; def is used when it has none.
func (s Source) schedule(def time.Duration) (cron.Schedule, error) {
	if s.Cron != "" {
		sch, err := cron.ParseStandard(s.Cron)
		if err != nil {
			return nil, fmt.Errorf("source %s: cron %q: %w", s.name(), s.Cron, err)
		}
		// A schedule no date matches ("0 0 30 2 *") has a zero next run,
		// which the scheduler's loop would take as "due now", forever.
		if sch.Next(time.Now()).IsZero() {
			return nil, fmt.Errorf("source %s: cron %q matches no date", s.name(), s.Cron)
		}
		return sch, nil
	}
	every := def
	if s.Every != "" {
		d, err := time.ParseDuration(s.Every)
		if err != nil {
			return nil, fmt.Errorf("source %s: every %q: %w", s.name(), s.Every, err)
		}
		every = d
	}
	if every < time.Second {
		return nil, fmt.Errorf("source %s: interval %v is too short", s.name(), every)
	}
	return cron.Every(every), nil
}

// SourceRun is what one run did for one source.
type SourceRun struct {
	Source    string    `json:"source"`
	Started   time.Time `json:"started"`
	Ended     time.Time `json:"ended"`
	Seen      int       `json:"seen"`
	New       int       `json:"new"`
	Changed   int       `json:"changed"`
	Unchanged int       `json:"unchanged"`
	Failed    int       `json:"failed"`
	Pruned    int       `json:"pruned"`
	Added     int       `json:"quads_added"`
	Removed   int       `json:"quads_removed"`
	Errors    []string  `json:"errors,omitempty"`
}

// Run is one refresh run over one or more sources.
type Run struct {
	ID      string      `json:"id"`
	Started time.Time   `json:"started"`
	Ended   time.Time   `json:"ended"`
	Sources []SourceRun `json:"sources"`
	// Status is "ok", "failed" (some source had failures) or "cancelled".
	Status string `json:"status"`
}

// Refresher runs refreshes against a store.
type Refresher struct {
	Ingester *ingest.Ingester
	// HTTPCache is the validator cache for URL sources (see ingest.Options).
	HTTPCache string
	Log       *slog.Logger
	// Now is the clock; tests replace it.
	Now func() time.Time

	mu      sync.Mutex
	running map[string]bool
}

func (r *Refresher) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

func (r *Refresher) log() *slog.Logger {
	if r.Log != nil {
		return r.Log
	}
	return slog.Default()
}

// ErrBusy reports that a source already has a run in progress.
var ErrBusy = errors.New("a refresh of this source is already running")

// tryStart marks a source as running, refusing a second concurrent run.
func (r *Refresher) tryStart(name string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.running == nil {
		r.running = map[string]bool{}
	}
	if r.running[name] {
		return false
	}
	r.running[name] = true
	return true
}

func (r *Refresher) finish(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.running, name)
}

// RunOnce refreshes the given sources now, one after the other, and
// records the run in the graph. A source that is busy is reported in the
// run's errors and skipped.
func (r *Refresher) RunOnce(ctx context.Context, sources []Source) (Run, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return Run{}, fmt.Errorf("refresh: run id: %w", err)
	}
	run := Run{ID: id.String(), Started: r.now().UTC(), Status: "ok"}
	for _, src := range sources {
		sr := r.refreshSource(ctx, src)
		if sr.Failed > 0 {
			run.Status = "failed"
		}
		run.Sources = append(run.Sources, sr)
		if ctx.Err() != nil {
			run.Status = "cancelled"
			break
		}
	}
	run.Ended = r.now().UTC()
	// The record is written even when the run was cancelled, with a
	// context of its own: a stopped run is worth knowing about.
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := r.record(wctx, run); err != nil {
		return run, err
	}
	return run, nil
}

// The result is named so that the deferred end time lands in the record
// returned, not in a copy made by the return statement.
func (r *Refresher) refreshSource(ctx context.Context, src Source) (sr SourceRun) {
	sr = SourceRun{Source: src.name(), Started: r.now().UTC()}
	defer func() { sr.Ended = r.now().UTC() }()
	if !r.tryStart(src.name()) {
		sr.Failed++
		sr.Errors = append(sr.Errors, ErrBusy.Error())
		return sr
	}
	defer r.finish(src.name())
	var seen []string
	var mu sync.Mutex
	sum := r.Ingester.Ingest(ctx, []string{src.Location}, ingest.Options{
		Follow:    src.Follow,
		HTTPCache: r.HTTPCache,
		OnArticle: func(res ingest.ArticleResult) {
			mu.Lock()
			defer mu.Unlock()
			seen = append(seen, res.ID)
			r.log().Debug("refresh article", "source", src.name(), "article", res.ID, "stored", !res.Unchanged, "from", res.Source)
			switch {
			case res.Unchanged:
				sr.Unchanged++
			case res.New:
				sr.New++
			default:
				sr.Changed++
			}
		},
	})
	sr.Seen = len(seen)
	// A URL answering 304 Not Modified counts as unchanged without its
	// articles being seen: the run then does not know what vanished.
	notModified := sum.Unchanged > sr.Unchanged
	sr.Unchanged = sum.Unchanged
	sr.Failed += sum.Failed
	sr.Added, sr.Removed = sum.Added, sum.Removed
	for _, e := range sum.Errors {
		sr.Errors = append(sr.Errors, e.Error())
	}
	pruned, err := r.track(ctx, src, seen, sum.Failed == 0 && !notModified && ctx.Err() == nil)
	if err != nil {
		sr.Failed++
		sr.Errors = append(sr.Errors, err.Error())
	}
	sr.Pruned = pruned
	r.log().Info("refresh", "source", src.name(), "seen", sr.Seen, "new", sr.New, "changed", sr.Changed,
		"unchanged", sr.Unchanged, "failed", sr.Failed, "pruned", sr.Pruned)
	return sr
}

// sourceIRI is the node (and named graph) holding which articles a source
// has delivered.
func sourceIRI(name string) quad.IRI {
	return quad.IRI(schema.IDBase + "source/" + uuid.NewSHA1(schema.Namespace, []byte("source:"+name)).String())
}

// track remembers which articles the source delivered, and with Prune
// deletes those it no longer delivers. Pruning only happens after a
// complete, successful read: a source that failed half-way has not told us
// what vanished.
func (r *Refresher) track(ctx context.Context, src Source, seen []string, complete bool) (int, error) {
	store := r.Ingester.Store
	label := sourceIRI(src.name())
	var old []quad.Quad
	err := store.View(ctx, func(snap *graph.Store) error {
		var err error
		old, err = snap.ArticleQuads(ctx, label)
		return err
	})
	if err != nil {
		return 0, err
	}
	known := map[string]bool{}
	for _, q := range old {
		if q.Predicate == schema.SourceArticle {
			known[quad.StringOf(q.Object)] = true
		}
	}
	now := map[string]bool{}
	for _, id := range seen {
		now[quad.StringOf(schema.ArticleIRI(id))] = true
	}
	pruned := 0
	if src.Prune && complete {
		for a := range known {
			if now[a] {
				continue
			}
			iri := quad.IRI(strings.Trim(a, "<>"))
			if _, err := store.DeleteArticle(ctx, iri); err != nil {
				return pruned, fmt.Errorf("prune %s: %w", iri, err)
			}
			pruned++
			delete(known, a)
		}
	}
	for a := range now {
		known[a] = true
	}
	keys := make([]string, 0, len(known))
	for k := range known {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	qs := []quad.Quad{
		{Subject: label, Predicate: schema.Type, Object: schema.ClassSource, Label: label},
		{Subject: label, Predicate: schema.Name, Object: quad.String(src.name()), Label: label},
		{Subject: label, Predicate: schema.URL, Object: quad.String(src.Location), Label: label},
	}
	for _, k := range keys {
		qs = append(qs, quad.Quad{Subject: label, Predicate: schema.SourceArticle, Object: quad.IRI(strings.Trim(k, "<>")), Label: label})
	}
	if _, err := store.ReplaceArticle(ctx, label, qs); err != nil {
		return pruned, err
	}
	return pruned, nil
}

// runIRI is the node and named graph of a run record.
func runIRI(id string) quad.IRI { return quad.IRI(schema.IDBase + "refresh/" + id) }

// record stores a run in a named graph of its own.
func (r *Refresher) record(ctx context.Context, run Run) error {
	label := runIRI(run.ID)
	var qs []quad.Quad
	add := func(s quad.Value, p quad.IRI, o quad.Value) {
		qs = append(qs, quad.Quad{Subject: s, Predicate: p, Object: o, Label: label})
	}
	add(label, schema.Type, schema.ClassRefreshRun)
	add(label, schema.Identifier, quad.String(run.ID))
	add(label, schema.StartDate, quad.Time(run.Started))
	add(label, schema.EndDate, quad.Time(run.Ended))
	add(label, schema.Status, quad.String(run.Status))
	for i, sr := range run.Sources {
		node := quad.IRI(fmt.Sprintf("%s/source/%d", label, i))
		add(label, schema.RunSource, node)
		add(node, schema.Name, quad.String(sr.Source))
		add(node, schema.StartDate, quad.Time(sr.Started))
		add(node, schema.EndDate, quad.Time(sr.Ended))
		for _, c := range []struct {
			p quad.IRI
			n int
		}{
			{schema.CountSeen, sr.Seen}, {schema.CountNew, sr.New}, {schema.CountChanged, sr.Changed},
			{schema.CountUnchanged, sr.Unchanged}, {schema.CountFailed, sr.Failed}, {schema.CountPruned, sr.Pruned},
			{schema.CountAdded, sr.Added}, {schema.CountRemoved, sr.Removed},
		} {
			add(node, c.p, quad.Int(c.n))
		}
		for _, e := range sr.Errors {
			add(node, schema.RunError, quad.String(e))
		}
	}
	if _, err := r.Ingester.Store.ReplaceArticle(ctx, label, qs); err != nil {
		return fmt.Errorf("refresh: record run %s: %w", run.ID, err)
	}
	return nil
}

// Scheduler runs each source on its own schedule until its context ends.
type Scheduler struct {
	Refresher *Refresher
	Sources   []Source
	// Default is the interval of sources without a schedule of their own.
	Default time.Duration
	// OnRun, when set, is called after each run (metrics, tests).
	OnRun func(Run)
}

// Run blocks, refreshing every source on schedule, until ctx is done. Each
// source waits a stable, source-dependent offset before its first run, so
// many sources do not all fire at once, then runs at once.
func (s *Scheduler) Run(ctx context.Context) error {
	type job struct {
		src Source
		sch cron.Schedule
	}
	var jobs []job
	for _, src := range s.Sources {
		sch, err := src.schedule(s.Default)
		if err != nil {
			return err
		}
		jobs = append(jobs, job{src, sch})
	}
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.loop(ctx, j.src, j.sch)
		}()
	}
	wg.Wait()
	return nil
}

func (s *Scheduler) loop(ctx context.Context, src Source, sch cron.Schedule) {
	r := s.Refresher
	failures := 0
	next := r.now()
	for {
		wait := next.Sub(r.now())
		if wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
		}
		if ctx.Err() != nil {
			return
		}
		run, err := r.RunOnce(ctx, []Source{src})
		if err != nil {
			r.log().Error("refresh", "source", src.name(), "err", err)
		}
		if s.OnRun != nil {
			s.OnRun(run)
		}
		next = sch.Next(r.now())
		if run.Status == "failed" {
			// Retry sooner than the schedule, backing off: 5s, 10s, 20s, ...
			failures++
			backoff := time.Duration(5<<min(failures-1, 10)) * time.Second
			backoff += time.Duration(rand.Int64N(int64(backoff / 5)))
			if retry := r.now().Add(backoff); retry.Before(next) {
				next = retry
			}
		} else {
			failures = 0
		}
	}
}

// Runs reads the recorded runs, newest first.
func Runs(ctx context.Context, store *graph.Store, limit int) ([]Run, error) {
	return readRuns(ctx, store, limit)
}

func readRuns(ctx context.Context, store *graph.Store, limit int) ([]Run, error) {
	var runs []Run
	err := store.View(ctx, func(snap *graph.Store) error {
		nodes, err := snap.Subjects(ctx, schema.Type, schema.ClassRefreshRun)
		if err != nil {
			return err
		}
		for _, n := range nodes {
			p, err := snap.Describe(ctx, n)
			if err != nil {
				return err
			}
			run := Run{ID: str(p, schema.Identifier), Started: timeOf(p, schema.StartDate), Ended: timeOf(p, schema.EndDate), Status: str(p, schema.Status)}
			for _, sn := range p[schema.RunSource] {
				sp, err := snap.Describe(ctx, sn)
				if err != nil {
					return err
				}
				sr := SourceRun{
					Source: str(sp, schema.Name), Started: timeOf(sp, schema.StartDate), Ended: timeOf(sp, schema.EndDate),
					Seen: num(sp, schema.CountSeen), New: num(sp, schema.CountNew), Changed: num(sp, schema.CountChanged),
					Unchanged: num(sp, schema.CountUnchanged), Failed: num(sp, schema.CountFailed), Pruned: num(sp, schema.CountPruned),
					Added: num(sp, schema.CountAdded), Removed: num(sp, schema.CountRemoved),
				}
				for _, e := range sp[schema.RunError] {
					sr.Errors = append(sr.Errors, fmt.Sprint(e.Native()))
				}
				slices.Sort(sr.Errors)
				run.Sources = append(run.Sources, sr)
			}
			slices.SortFunc(run.Sources, func(a, b SourceRun) int { return a.Started.Compare(b.Started) })
			runs = append(runs, run)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("refresh: read runs: %w", err)
	}
	// UUIDv7 IDs sort by time.
	slices.SortFunc(runs, func(a, b Run) int { return strings.Compare(b.ID, a.ID) })
	if limit > 0 && len(runs) > limit {
		runs = runs[:limit]
	}
	return runs, nil
}

func str(p map[quad.IRI][]quad.Value, pred quad.IRI) string {
	if v := p[pred]; len(v) > 0 {
		if s, ok := v[0].Native().(string); ok {
			return s
		}
		return fmt.Sprint(v[0].Native())
	}
	return ""
}

func num(p map[quad.IRI][]quad.Value, pred quad.IRI) int {
	if v := p[pred]; len(v) > 0 {
		switch n := v[0].Native().(type) {
		case int:
			return n
		case int64:
			return int(n)
		}
	}
	return 0
}

func timeOf(p map[quad.IRI][]quad.Value, pred quad.IRI) time.Time {
	if v := p[pred]; len(v) > 0 {
		if t, ok := v[0].Native().(time.Time); ok {
			return t.UTC()
		}
	}
	return time.Time{}
}
