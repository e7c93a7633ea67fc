// Package bench owns newsgraph's end-to-end benchmark: on a generated
// corpus (package gen) it measures extraction on a sample, ingest into
// each store through the same code path as `newsgraph ingest`, the
// store's size, Cayley's own `cayley load` of the very same quads into a
// fresh store of the same backend, re-ingest of unchanged articles, the
// latency of every named query's first page, the headline answer over
// HTTP from a running `newsgraph serve`, and the memory of each phase.
// Speeds are reported beside the raw load measured in the same run,
// because the machines it runs on are shared and noisy.
//
// `newsgraph bench` prints the result as one table per store
// (Result.Markdown).
package bench

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	_ "github.com/lib/pq" // PostgreSQL driver, to create and drop the benchmark's databases

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/gen"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/loaders"
	"github.com/newsgraph/newsgraph/queries"
	"github.com/newsgraph/newsgraph/schema"
)

// EnvPostgres names the variable holding the PostgreSQL server URL when
// none is given (the one the tests use).
const EnvPostgres = "NEWSGRAPH_TEST_POSTGRES"

// Store names the benchmark accepts.
const (
	StoreMemory   = "memory"
	StoreBolt     = "bolt"
	StoreLevelDB  = "leveldb"
	StorePostgres = "postgres"
)

// Options configure a run.
type Options struct {
	Articles int
	Seed     uint64
	// Corpus is an existing corpus folder; when empty one is generated
	// under WorkDir (and reused by the next run with the same articles
	// and seed).
	Corpus string
	// Formats of a generated corpus; empty means dumps.
	Formats []string
	// WorkDir holds the corpus and the stores; empty means a temporary
	// folder removed at the end.
	WorkDir string
	// Stores to measure, in order; empty means memory and bolt.
	Stores []string
	// Postgres is the server URL; each PostgreSQL measurement creates a
	// database of its own there and drops it at the end.
	Postgres string
	// QueryRuns is how many times each query runs after one warm-up run;
	// zero means 20.
	QueryRuns int
	// ProfileDir, when set, receives a CPU profile per phase
	// (extract.pprof, ingest-bolt.pprof, ...).
	ProfileDir string
	// Skip names phases not to run: raw, reingest, queries, http.
	Skip map[string]bool
	// QueryFilter, when set, keeps only the queries whose label it
	// matches.
	QueryFilter *regexp.Regexp
	// SlowQuery is the warm-up time above which a query is timed once
	// (the warm-up run is its measurement); zero means 10 s.
	SlowQuery time.Duration
	// Cayley is the path of Cayley's command for the raw load; empty
	// builds it (BuildCayley) into the work folder.
	Cayley string
	// Newsgraph is the path of the newsgraph command whose `serve` answers
	// the headline query over HTTP; empty leaves that phase out.
	Newsgraph string
	// HTTPRuns is how many timed GETs of the headline answer the running
	// server gets after one warm-up; zero means 20.
	HTTPRuns int
	// NoBulk writes the side indexes with every batch, as `newsgraph
	// ingest --no-bulk` does, instead of in key order at the end.
	NoBulk bool
	// ReingestHash adds a re-ingest of the unchanged corpus without the
	// file cache (every file read and its content hash checked); it is
	// off by default because it reads the whole corpus again.
	ReingestHash bool
	// ExtractSample is how many articles of the corpus the extraction
	// speed is measured on (the ingest extracts them all again); zero
	// means 2,000.
	ExtractSample int
	// Existing, when set, is the DSN of a filled store (for example one
	// `newsgraph ingest` built from a large corpus): only the named
	// queries are measured on it, with arguments ranked from the store
	// itself (StoreEntities); nothing is generated, extracted or written.
	Existing string
	Log      *slog.Logger
}

// Phases that Options.Skip may name.
const (
	PhaseIngest   = "ingest"
	PhaseRaw      = "raw"
	PhaseReingest = "reingest"
	PhaseQueries  = "queries"
	PhaseHTTP     = "http"
)

// Phase is one timed step.
type Phase struct {
	Duration time.Duration `json:"duration_ns"`
	// CPU is the process's user and system time during the phase.
	CPU      time.Duration `json:"cpu_ns"`
	Articles int           `json:"articles,omitempty"`
	Stored   int           `json:"stored,omitempty"`
	Failed   int           `json:"failed,omitempty"`
	Quads    int64         `json:"quads,omitempty"`
	Bytes    int64         `json:"bytes,omitempty"`
	// PeakRSS is the process's resident set high-water mark during the
	// phase (reset at its start), in bytes.
	PeakRSS int64 `json:"peak_rss"`
	// PeakAnon is the highest anonymous resident memory (RssAnon: the
	// Go heap, stacks, Cayley's and bolt's allocations) sampled every
	// 50 ms during the phase. PeakRSS also counts the pages of bolt's
	// memory-mapped file that the phase touched, which are page cache
	// the kernel reclaims under pressure.
	PeakAnon int64  `json:"peak_anon"`
	Skipped  string `json:"skipped,omitempty"`
}

// QuadsPerSec is the phase's write speed.
func (p Phase) QuadsPerSec() float64 { return float64(p.Quads) / p.Duration.Seconds() }

// Query is one named query's latency.
type Query struct {
	Label string        `json:"label"`
	Name  string        `json:"name"`
	Args  queries.Args  `json:"args"`
	Rows  int           `json:"rows"`
	P50   time.Duration `json:"p50_ns"`
	P95   time.Duration `json:"p95_ns"`
	Runs  int           `json:"runs"`
	Err   string        `json:"error,omitempty"`
}

// StoreResult is every measurement of one store.
type StoreResult struct {
	Store  string `json:"store"`
	Ingest Phase  `json:"ingest"`
	Raw    Phase  `json:"raw_load"`
	// Reingest goes through the file cache (as `newsgraph ingest` does on
	// bolt and leveldb), ReingestHash reads every file and checks each
	// article's content hash.
	Reingest     Phase `json:"reingest"`
	ReingestHash Phase `json:"reingest_hash"`
	// RawLoader names what did the raw load: Cayley's `cayley load`, or
	// the project's ApplyDeltas loader where Cayley has no command for
	// the backend (memory).
	RawLoader string `json:"raw_loader,omitempty"`
	// StoreBytes is the disk space of the store after the ingest (bolt
	// and leveldb: the files; PostgreSQL: pg_database_size).
	StoreBytes int64 `json:"store_bytes,omitempty"`
	// Compact is the compaction `newsgraph ingest` runs at the end of an
	// ingest that grew a bolt store; CompactedFrom is the store's size
	// before it (StoreBytes is after).
	Compact       Phase   `json:"compact"`
	CompactedFrom int64   `json:"compacted_from,omitempty"`
	Queries       []Query `json:"queries"`
	// QueryPhase is the whole query phase: its memory and CPU.
	QueryPhase Phase `json:"query_phase"`
	// HTTP is the headline answer's first page fetched from a running
	// `newsgraph serve` of the ingested store; Serve is that server
	// process's memory at the end (RssAnon, VmHWM).
	HTTP  *Query `json:"http,omitempty"`
	Serve Phase  `json:"serve"`
	Err   string `json:"error,omitempty"`
}

// Result is a whole run.
type Result struct {
	Machine    Machine       `json:"machine"`
	Commit     string        `json:"commit,omitempty"`
	Options    Options       `json:"-"`
	Corpus     string        `json:"corpus"`
	Articles   int           `json:"articles"`
	Seed       uint64        `json:"seed"`
	Files      int           `json:"files"`
	FileBytes  int64         `json:"file_bytes"`
	Extraction Phase         `json:"extraction"`
	Workers    int           `json:"workers"`
	Stores     []StoreResult `json:"stores"`
	Started    time.Time     `json:"started"`
	// LoadAverageEnd is the load average when the run ended.
	LoadAverageEnd string        `json:"load_average_end"`
	Took           time.Duration `json:"took_ns"`
	// HotBase and TypicalBase are the entities the entity queries ask
	// about: the most reported base and one at rank 50.
	HotBase     string `json:"hot_base"`
	TypicalBase string `json:"typical_base"`
	HostCountry string `json:"host_country"`
}

// Run performs the benchmark.
func Run(ctx context.Context, opts Options) (*Result, error) {
	if opts.Log == nil {
		opts.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if len(opts.Stores) == 0 {
		opts.Stores = []string{StoreMemory, StoreBolt}
	}
	for _, s := range opts.Stores {
		switch s {
		case StoreMemory, StoreBolt, StoreLevelDB:
		case StorePostgres:
			if opts.Postgres == "" {
				return nil, errors.New("bench: store postgres needs a server URL (--postgres or NEWSGRAPH_TEST_POSTGRES)")
			}
		default:
			return nil, fmt.Errorf("bench: unknown store %q (want memory, bolt, leveldb or postgres)", s)
		}
	}
	if opts.QueryRuns <= 0 {
		opts.QueryRuns = 20
	}
	if opts.SlowQuery <= 0 {
		opts.SlowQuery = 10 * time.Second
	}
	if opts.Existing != "" {
		return runExisting(ctx, opts)
	}
	if opts.Skip[PhaseIngest] {
		return nil, errors.New("bench: the ingest phase fills the store every other phase reads; it cannot be skipped")
	}
	if opts.HTTPRuns <= 0 {
		opts.HTTPRuns = 20
	}
	if opts.ExtractSample <= 0 {
		opts.ExtractSample = 2000
	}
	res := &Result{Options: opts, Started: time.Now(), Seed: opts.Seed, Workers: runtime.GOMAXPROCS(0), Commit: commit()}
	res.Machine = describeMachine(ctx, opts)
	if opts.WorkDir == "" {
		dir, err := os.MkdirTemp("", "newsgraph-bench-")
		if err != nil {
			return nil, fmt.Errorf("bench: %w", err)
		}
		defer os.RemoveAll(dir)
		opts.WorkDir = dir
	}
	if opts.ProfileDir != "" {
		if err := os.MkdirAll(opts.ProfileDir, 0o755); err != nil {
			return nil, fmt.Errorf("bench: %w", err)
		}
	}
	corpus, err := prepareCorpus(ctx, &opts)
	if err != nil {
		return nil, err
	}
	res.Corpus, res.Articles, res.Seed = corpus, opts.Articles, opts.Seed
	sources, errs := loaders.Expand(ctx, []string{corpus})
	if len(errs) > 0 {
		return nil, fmt.Errorf("bench: %w", errors.Join(errs...))
	}
	res.Files = len(sources)
	for _, s := range sources {
		if fi, err := os.Stat(s); err == nil {
			res.FileBytes += fi.Size()
		}
	}
	if opts.Cayley == "" && needsCayley(opts) {
		opts.Log.Info("building Cayley's command", "package", CayleyPackage)
		if opts.Cayley, err = BuildCayley(ctx, opts.WorkDir); err != nil {
			return nil, err
		}
	}
	p, err := extract.New(extract.Config{})
	if err != nil {
		return nil, err
	}
	// Extraction speed on a sample: the ingest extracts every article
	// again, so a second pass over a large corpus would only cost time.
	sample := sources[:min(len(sources), opts.ExtractSample)]
	opts.Log.Info("extraction alone, on a sample", "files", len(sample))
	ext, ents, err := measureExtraction(ctx, opts, p, sample)
	if err != nil {
		return nil, err
	}
	res.Extraction = ext
	res.HotBase, res.TypicalBase, res.HostCountry = ents.HotBase, ents.TypicalBase, ents.HostCountry
	for _, name := range opts.Stores {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		sr := measureStore(ctx, opts, name, p, corpus, res)
		res.Stores = append(res.Stores, sr)
	}
	res.Took = time.Since(res.Started)
	res.LoadAverageEnd = loadAverage()
	return res, nil
}

// runExisting measures the named queries on an existing store.
func runExisting(ctx context.Context, opts Options) (*Result, error) {
	res := &Result{Options: opts, Started: time.Now(), Workers: runtime.GOMAXPROCS(0)}
	res.Machine = describeMachine(ctx, opts)
	s, err := graph.Open(ctx, opts.Existing)
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	defer s.Close()
	st, err := queries.GraphStats(ctx, s)
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	res.Articles = int(st.Articles)
	opts.Log.Info("ranking entities", "store", s.Backend(), "articles", st.Articles)
	ents, err := StoreEntities(ctx, s)
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	res.HotBase, res.TypicalBase, res.HostCountry = ents.HotBase, ents.TypicalBase, ents.HostCountry
	sr := StoreResult{Store: s.Backend(), Ingest: Phase{Quads: st.Quads}}
	opts.Log.Info("queries", "store", s.Backend())
	sr.Queries, sr.QueryPhase = measureQueries(ctx, opts, s, s.Backend(), res)
	res.Stores = append(res.Stores, sr)
	res.Took = time.Since(res.Started)
	res.LoadAverageEnd = loadAverage()
	return res, nil
}

// StoreEntities picks the entity query arguments from a filled store:
// the base most events involve, the one at rank 50, and the country most
// events happen in (ties by name).
func StoreEntities(ctx context.Context, s *graph.Store) (Entities, error) {
	var e Entities
	var bases, countries []queries.Ranked
	err := s.View(ctx, func(snap *graph.Store) error {
		var err error
		if bases, err = queries.RankEntities(ctx, snap, newsgraph.TypeBase, schema.AtBase); err != nil {
			return err
		}
		countries, err = queries.RankEntities(ctx, snap, newsgraph.TypeCountry, schema.InCountry)
		return err
	})
	if err != nil {
		return e, err
	}
	if len(bases) > 0 {
		e.HotBase = bases[0].Name
		e.TypicalBase = bases[min(49, len(bases)-1)].Name
	}
	if len(countries) > 0 {
		e.HostCountry = countries[0].Name
	}
	return e, nil
}

// prepareCorpus returns the corpus folder, generating it when needed.
func prepareCorpus(ctx context.Context, opts *Options) (string, error) {
	if opts.Corpus != "" {
		m, err := gen.ReadManifest(opts.Corpus)
		if err != nil {
			return "", fmt.Errorf("bench: corpus %s has no generator manifest: %w", opts.Corpus, err)
		}
		opts.Articles, opts.Seed = m.Articles, m.Seed
		return opts.Corpus, nil
	}
	if opts.Articles <= 0 {
		return "", errors.New("bench: --articles N (N > 0) or --corpus DIR is required")
	}
	dir := filepath.Join(opts.WorkDir, fmt.Sprintf("corpus-%d-seed%d", opts.Articles, opts.Seed))
	formats := opts.Formats
	if len(formats) == 0 {
		formats = []string{gen.FormatDump}
	}
	if m, err := gen.ReadManifest(dir); err == nil && m.Articles == opts.Articles && m.Seed == opts.Seed && slices.Equal(m.Formats, formats) {
		opts.Log.Info("reusing corpus", "dir", dir)
		return dir, nil
	}
	os.RemoveAll(dir)
	opts.Log.Info("generating corpus", "dir", dir, "articles", opts.Articles)
	if _, err := gen.Write(ctx, dir, gen.Options{Articles: opts.Articles, Seed: opts.Seed, Formats: opts.Formats}); err != nil {
		return "", err
	}
	return dir, nil
}

func rankAt(counts map[string]int, k int) string {
	type kv struct {
		k string
		n int
	}
	var xs []kv
	for key, n := range counts {
		xs = append(xs, kv{key, n})
	}
	slices.SortFunc(xs, func(a, b kv) int { return cmp.Or(b.n-a.n, strings.Compare(a.k, b.k)) })
	if len(xs) == 0 {
		return ""
	}
	return xs[min(k, len(xs)-1)].k
}

// measureExtraction reads every article into memory, then extracts them
// all on GOMAXPROCS workers; only the extraction is timed. It also finds
// the entities the queries ask about.
func measureExtraction(ctx context.Context, opts Options, p *extract.Pipeline, sources []string) (Phase, Entities, error) {
	var arts []newsgraph.Article
	for _, s := range sources {
		as, err := loaders.Read(ctx, s, loaders.Options{})
		if err != nil {
			return Phase{}, Entities{}, fmt.Errorf("bench: %w", err)
		}
		arts = append(arts, as...)
	}
	var size int64
	for _, a := range arts {
		size += int64(len(a.Title) + len(a.Lede) + len(a.Body))
	}
	workers := runtime.GOMAXPROCS(0)
	counts := make([]counter, workers)
	m := startPhase(opts, "extract")
	var wg sync.WaitGroup
	for w := range workers {
		counts[w] = newCounter()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(arts); i += workers {
				counts[w].add(p.Extract(arts[i]))
			}
		}()
	}
	wg.Wait()
	ph := m.stop()
	ph.Articles, ph.Bytes = len(arts), size
	return ph, mergeCounters(counts), nil
}

// LoadGenerated fills s with articles [0, n) of the generated corpus of
// seed, without files: articles are generated and extracted on
// GOMAXPROCS workers and written batch per transaction (Go benchmarks use
// it to build their stores).
func LoadGenerated(ctx context.Context, s *graph.Store, p *extract.Pipeline, seed uint64, n, batch int) (Entities, error) {
	g, err := gen.New(gen.Options{Seed: seed})
	if err != nil {
		return Entities{}, err
	}
	if batch <= 0 {
		batch = 200
	}
	in := &ingest.Ingester{Pipeline: p}
	extractor := in.Extractor()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := runtime.GOMAXPROCS(0)
	out := make(chan graph.ArticleGraph, batch)
	errc := make(chan error, workers)
	counts := make([]counter, workers)
	var wg sync.WaitGroup
	for w := range workers {
		counts[w] = newCounter()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				arts, err := g.Articles(i, i+1)
				if err != nil {
					errc <- err
					cancel()
					return
				}
				x := p.Extract(arts[0])
				counts[w].add(x)
				select {
				case out <- in.ArticleGraph(x, extractor):
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	var pending []graph.ArticleGraph
	var werr error
	for ag := range out {
		if werr != nil {
			continue
		}
		if pending = append(pending, ag); len(pending) == batch {
			if _, werr = s.ReplaceArticles(ctx, pending); werr != nil {
				cancel()
			}
			pending = pending[:0]
		}
	}
	if werr == nil && len(pending) > 0 {
		_, werr = s.ReplaceArticles(ctx, pending)
	}
	close(errc)
	if werr != nil {
		return Entities{}, werr
	}
	if err := <-errc; err != nil {
		return Entities{}, err
	}
	return mergeCounters(counts), ctx.Err()
}

// Entities are the arguments the entity queries ask about: the most
// reported base (worst-case fan-out), a base at rank 50 (a typical one)
// and the country events happen in most.
type Entities struct {
	HotBase, TypicalBase, HostCountry string
}

// counter counts the bases and countries of extracted events.
type counter struct{ bases, hosts map[string]int }

func newCounter() counter { return counter{bases: map[string]int{}, hosts: map[string]int{}} }

func (c counter) add(x newsgraph.Extraction) {
	for _, ev := range x.Events {
		for _, b := range ev.Bases {
			c.bases[b]++
		}
		if ev.Country != "" {
			c.hosts[ev.Country]++
		}
	}
}

func mergeCounters(cs []counter) Entities {
	all := newCounter()
	for _, c := range cs {
		for k, v := range c.bases {
			all.bases[k] += v
		}
		for k, v := range c.hosts {
			all.hosts[k] += v
		}
	}
	return Entities{HotBase: rankAt(all.bases, 0), TypicalBase: rankAt(all.bases, 49), HostCountry: rankAt(all.hosts, 0)}
}
