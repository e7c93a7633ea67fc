// Package bench owns newsgraph's end-to-end benchmark: on a generated
// corpus (package gen) it measures extraction alone, ingest into each
// store through the same code path as `newsgraph ingest`, Cayley's own raw
// load of the very same quads into a fresh store of the same backend,
// re-ingest of unchanged articles (through the file cache, as the command
// does, and by content hash alone), the latency of every named query, and
// peak memory. Speeds are
// reported beside the raw load measured in the same run, because the
// machines it runs on are shared and noisy.
//
// `newsgraph bench` prints the result as one table (Result.Markdown).
package bench

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"syscall"
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
	StoreBytes int64   `json:"store_bytes,omitempty"`
	Queries    []Query `json:"queries"`
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

// measurement times a phase: wall clock, CPU time, the RSS high-water
// mark (reset at the start) and an optional CPU profile.
type measurement struct {
	start   time.Time
	cpu     time.Duration
	profile *os.File
	done    chan struct{}
	sampled chan int64
}

func startPhase(opts Options, name string) *measurement {
	runtime.GC()
	debug.FreeOSMemory()
	resetPeakRSS()
	m := &measurement{start: time.Now(), cpu: cpuTime(), done: make(chan struct{}), sampled: make(chan int64, 1)}
	go sampleAnon(m.done, m.sampled)
	if opts.ProfileDir != "" {
		f, err := os.Create(filepath.Join(opts.ProfileDir, name+".pprof"))
		if err == nil && pprof.StartCPUProfile(f) == nil {
			m.profile = f
		} else if f != nil {
			f.Close()
		}
	}
	return m
}

func (m *measurement) stop() Phase {
	ph := Phase{Duration: time.Since(m.start), CPU: cpuTime() - m.cpu, PeakRSS: peakRSS()}
	close(m.done)
	ph.PeakAnon = <-m.sampled
	if m.profile != nil {
		pprof.StopCPUProfile()
		m.profile.Close()
	}
	return ph
}

// cpuTime is the process's user plus system time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// resetPeakRSS sets the kernel's RSS high-water mark (VmHWM) to the
// current RSS, so each phase reports its own peak (Linux 4.0 and later).
func resetPeakRSS() {
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// sampleAnon sends the highest RssAnon seen until done is closed (the
// kernel keeps no high-water mark of it).
func sampleAnon(done <-chan struct{}, out chan<- int64) {
	var peak int64
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		peak = max(peak, statusKB("RssAnon:"))
		select {
		case <-done:
			out <- max(peak, statusKB("RssAnon:"))
			return
		case <-t.C:
		}
	}
}

// statusKB reads one "Key: N kB" line of /proc/self/status, in bytes
// (0 when absent).
func statusKB(key string) int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(data)) {
		if v, ok := strings.CutPrefix(line, key); ok {
			var kb int64
			if _, err := fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(v), " kB"), &kb); err == nil {
				return kb << 10
			}
		}
	}
	return 0
}

// peakRSS reads VmHWM, falling back on getrusage's lifetime maximum.
func peakRSS() int64 {
	if kb := statusKB("VmHWM:"); kb > 0 {
		return kb
	}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		return ru.Maxrss << 10
	}
	return 0
}

// freshStore is an empty store made for one measurement: its DSN (what
// `newsgraph --store` and Cayley's --dbpath name it by), its folder
// (bolt, leveldb) or database (PostgreSQL), and how to remove it.
type freshStore struct {
	backend string
	dsn     string
	// dbPath is the store's location as Cayley's --dbpath takes it.
	dbPath string
	dir    string
	// dbName is the PostgreSQL database.
	dbName string
	// cleanup removes the store; it may be called more than once.
	cleanup func()
}

// makeFresh reserves an empty store of a backend without opening it.
func makeFresh(ctx context.Context, opts Options, backend, tag string) (*freshStore, error) {
	f := &freshStore{backend: backend}
	switch backend {
	case StoreMemory:
		f.dsn, f.cleanup = "memory", func() {}
	case StoreBolt, StoreLevelDB:
		f.dir = filepath.Join(opts.WorkDir, backend+"-"+tag)
		os.RemoveAll(f.dir)
		if err := os.MkdirAll(f.dir, 0o755); err != nil {
			return nil, fmt.Errorf("bench: %w", err)
		}
		// Cayley's bolt takes a file, its leveldb a folder.
		f.dbPath = filepath.Join(f.dir, "newsgraph.db")
		if backend == StoreLevelDB {
			f.dbPath = f.dir
		}
		f.dsn = backend + ":" + filepath.Join(f.dir, "newsgraph.db")
		dir := f.dir
		f.cleanup = func() { os.RemoveAll(dir) }
	case StorePostgres:
		dsn, name, drop, err := createDatabase(ctx, opts.Postgres, tag)
		if err != nil {
			return nil, err
		}
		f.dsn, f.dbPath, f.dbName, f.cleanup = dsn, dsn, name, drop
	default:
		return nil, fmt.Errorf("bench: unknown store %q", backend)
	}
	var once sync.Once
	cleanup := f.cleanup
	f.cleanup = func() { once.Do(cleanup) }
	return f, nil
}

// size is the store's disk space.
func (f *freshStore) size(ctx context.Context, opts Options) int64 {
	switch {
	case f.dir != "":
		return dirSize(f.dir)
	case f.dbName != "":
		db, err := sql.Open("postgres", opts.Postgres)
		if err != nil {
			return 0
		}
		defer db.Close()
		var n int64
		_ = db.QueryRowContext(ctx, `SELECT pg_database_size($1)`, f.dbName).Scan(&n)
		return n
	}
	return 0
}

// createDatabase makes a database of its own on the server (Cayley's SQL
// schema has fixed table names) and returns its URL and a drop function.
func createDatabase(ctx context.Context, server, tag string) (dsn, name string, drop func(), err error) {
	admin, err := sql.Open("postgres", server)
	if err != nil {
		return "", "", nil, fmt.Errorf("bench: postgres: %w", err)
	}
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	name = "newsgraph_bench_" + strings.ReplaceAll(tag, "-", "_") + "_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name); err != nil {
		admin.Close()
		return "", "", nil, fmt.Errorf("bench: postgres: create database %s: %w", name, err)
	}
	u, err := url.Parse(server)
	if err != nil {
		admin.Close()
		return "", "", nil, fmt.Errorf("bench: postgres URL: %w", err)
	}
	u.Path = "/" + name
	drop = func() {
		_, _ = admin.ExecContext(context.Background(), `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
		admin.Close()
	}
	return u.String(), name, drop, nil
}

// measureStore runs every store measurement of one backend. A failure
// ends that store's measurements and is recorded; the run goes on.
//
// The order keeps each timed phase alone on the machine: ingest,
// re-ingest, queries, the N-Quads export (untimed), the headline over
// HTTP from `newsgraph serve` (which needs the store closed here: bolt
// and leveldb admit one process), then Cayley's raw load in a process
// of its own.
func measureStore(ctx context.Context, opts Options, backend string, p *extract.Pipeline, corpus string, res *Result) StoreResult {
	sr := StoreResult{Store: backend}
	fail := func(err error) StoreResult {
		opts.Log.Error("store measurement failed", "store", backend, "err", err)
		sr.Err = err.Error()
		return sr
	}
	log := opts.Log.With("store", backend)
	log.Info("ingest")
	fresh, err := makeFresh(ctx, opts, backend, "ingest")
	if err != nil {
		return fail(err)
	}
	defer fresh.cleanup()
	primary, err := graph.Open(ctx, fresh.dsn)
	if err != nil {
		return fail(err)
	}
	closed := false
	closePrimary := func() {
		if !closed {
			closed = true
			primary.Close()
		}
	}
	defer closePrimary()
	// The file cache sits where `newsgraph ingest` keeps it, beside a
	// bolt or leveldb file.
	var fileCache string
	if backend == StoreBolt || backend == StoreLevelDB {
		fileCache = filepath.Join(opts.WorkDir, "ingest-"+backend+".files.json")
		defer os.Remove(fileCache)
	}
	in := &ingest.Ingester{Store: primary, Pipeline: p}
	// As `newsgraph ingest` runs it: with its garbage collector settings.
	restoreGC := ingest.TuneGC()
	m := startPhase(opts, "ingest-"+backend)
	sum := in.Ingest(ctx, []string{corpus}, ingest.Options{FileCache: fileCache})
	sr.Ingest = m.stop()
	restoreGC()
	sr.Ingest.Articles, sr.Ingest.Stored, sr.Ingest.Failed = sum.Articles, sum.Stored, sum.Failed
	if sum.Failed > 0 {
		return fail(fmt.Errorf("ingest: %d failures, first: %w", sum.Failed, errors.Join(sum.Errors[:1]...)))
	}
	st, err := primary.Stats(ctx)
	if err != nil {
		return fail(err)
	}
	sr.Ingest.Quads = st.Quads
	sr.StoreBytes = fresh.size(ctx, opts)
	if err := ctx.Err(); err != nil {
		return fail(err)
	}

	if !opts.Skip[PhaseReingest] {
		log.Info("re-ingest unchanged")
		m := startPhase(opts, "reingest-"+backend)
		sum := in.Ingest(ctx, []string{corpus}, ingest.Options{FileCache: fileCache})
		sr.Reingest = m.stop()
		sr.Reingest.Articles, sr.Reingest.Stored, sr.Reingest.Failed = sum.Articles, sum.Stored, sum.Failed
	}
	if opts.ReingestHash {
		log.Info("re-ingest unchanged by content hash")
		m = startPhase(opts, "reingest-hash-"+backend)
		sum = in.Ingest(ctx, []string{corpus}, ingest.Options{})
		sr.ReingestHash = m.stop()
		sr.ReingestHash.Articles, sr.ReingestHash.Stored, sr.ReingestHash.Failed = sum.Articles, sum.Stored, sum.Failed
	}

	if !opts.Skip[PhaseQueries] {
		log.Info("queries")
		sr.Queries, sr.QueryPhase = measureQueries(ctx, opts, primary, backend, res)
	}

	var nq string
	if !opts.Skip[PhaseRaw] {
		log.Info("export for the raw load")
		nq = filepath.Join(opts.WorkDir, "export-"+backend+".nq")
		defer os.Remove(nq)
		if err := exportTo(ctx, primary, nq); err != nil {
			return fail(err)
		}
	}

	if !opts.Skip[PhaseHTTP] && opts.Newsgraph != "" && backend != StoreMemory {
		closePrimary()
		log.Info("headline over HTTP from newsgraph serve")
		sr.HTTP, sr.Serve, err = measureHTTP(ctx, opts, fresh.dsn)
		if err != nil {
			return fail(err)
		}
	}

	if !opts.Skip[PhaseRaw] {
		log.Info("raw load")
		if err := rawLoad(ctx, opts, backend, nq, &sr); err != nil {
			return fail(fmt.Errorf("raw load: %w", err))
		}
	}
	return sr
}

// Raw loaders, as the table names them.
const (
	loaderCayley      = "`cayley load`"
	loaderApplyDeltas = "newsgraph's 10k-quad ApplyDeltas loader (no Cayley command for memory)"
)

// rawLoad loads the exported quads into a fresh store of the backend:
// Cayley's own `cayley load` where Cayley has a command for it, the
// project's ApplyDeltas loader (graph.Store.LoadRaw) in memory.
func rawLoad(ctx context.Context, opts Options, backend, nq string, sr *StoreResult) error {
	fi, err := os.Stat(nq)
	if err != nil {
		return err
	}
	sr.Raw.Bytes = fi.Size()
	if backend == StoreMemory {
		sr.RawLoader = loaderApplyDeltas
		raw, err := graph.Open(ctx, "memory")
		if err != nil {
			return err
		}
		defer raw.Close()
		f, err := os.Open(nq)
		if err != nil {
			return err
		}
		defer f.Close()
		m := startPhase(opts, "raw-"+backend)
		n, err := raw.LoadRaw(ctx, bufio.NewReaderSize(f, 1<<20), graph.DefaultRawBatch)
		sr.Raw = m.stop()
		sr.Raw.Quads, sr.Raw.Bytes = int64(n), fi.Size()
		return err
	}
	sr.RawLoader = loaderCayley
	fresh, err := makeFresh(ctx, opts, backend, "raw")
	if err != nil {
		return err
	}
	defer fresh.cleanup()
	ph, err := cayleyLoad(ctx, opts.Cayley, backend, fresh.dbPath, nq)
	if err != nil {
		return err
	}
	ph.Bytes = fi.Size()
	// What Cayley loads is every line of the export (it has no
	// duplicates).
	if ph.Quads, err = countLines(nq); err != nil {
		return err
	}
	sr.Raw = ph
	return nil
}

// countLines counts the newline-terminated lines of a file.
func countLines(path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var n int64
	buf := make([]byte, 1<<20)
	for {
		k, err := f.Read(buf)
		n += int64(bytes.Count(buf[:k], []byte{'\n'}))
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, fmt.Errorf("count quads of %s: %w", path, err)
		}
	}
}

// headlineQuery is what the issue times over HTTP: the first page of the
// bases linked to withdrawals.
const headlineQuery = "/api/v1/queries/bases?event=withdrawal"

// measureHTTP starts `newsgraph serve` on the store and times GETs of the
// headline answer, one warm-up first.
func measureHTTP(ctx context.Context, opts Options, dsn string) (*Query, Phase, error) {
	srv, err := startServe(ctx, opts.Newsgraph, dsn)
	if err != nil {
		return nil, Phase{}, err
	}
	defer srv.stop()
	q := &Query{Label: "GET " + headlineQuery, Name: "bases"}
	client := &http.Client{Timeout: 5 * time.Minute}
	var times []time.Duration
	for run := 0; run <= opts.HTTPRuns; run++ {
		start := time.Now()
		rows, err := getRows(ctx, client, srv.base+headlineQuery)
		d := time.Since(start)
		if err != nil {
			q.Err = err.Error()
			break
		}
		q.Rows = rows
		if run > 0 {
			times = append(times, d)
		}
	}
	if len(times) > 0 {
		slices.Sort(times)
		q.P50, q.P95, q.Runs = percentile(times, 50), percentile(times, 95), len(times)
	}
	var ph Phase
	ph.PeakAnon, ph.PeakRSS = srv.memory()
	opts.Log.Info("http", "query", q.Label, "p50", q.P50, "rows", q.Rows, "err", q.Err)
	return q, ph, nil
}

// getRows fetches a named query's JSON answer and counts its rows.
func getRows(ctx context.Context, client *http.Client, url string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 500))
		return 0, fmt.Errorf("GET %s: %s: %s", url, resp.Status, body)
	}
	var r struct {
		Rows []json.RawMessage `json:"rows"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return 0, fmt.Errorf("GET %s: %w", url, err)
	}
	return len(r.Rows), nil
}

// needsCayley reports whether a run loads raw quads into a store that
// Cayley's command writes.
func needsCayley(opts Options) bool {
	if opts.Skip[PhaseRaw] {
		return false
	}
	return slices.ContainsFunc(opts.Stores, func(s string) bool { return s != StoreMemory })
}

// commit is the VCS revision the binary was built from, with "+dirty"
// when its tree had changes; when the binary does not record it (built
// with -buildvcs=false, or from a git worktree), the revision of the
// checkout the bench runs in; empty when unknown.
func commit() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return gitCommit()
	}
	var rev, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev == "" {
		return gitCommit()
	}
	return rev + dirty
}

// gitCommit asks git for the checkout of the current directory.
func gitCommit() string {
	out, err := exec.Command("git", "rev-parse", "--short=12", "HEAD").Output()
	if err != nil {
		return ""
	}
	rev := strings.TrimSpace(string(out))
	if st, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(bytes.TrimSpace(st)) > 0 {
		rev += "+dirty"
	}
	return rev
}

func exportTo(ctx context.Context, s *graph.Store, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := s.Export(ctx, w); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// QuerySpec is one named query with representative arguments.
type QuerySpec struct {
	Label string
	Name  string
	Args  queries.Args
}

// QuerySpecs chooses arguments for every registered module from e. A
// module this list does not know runs with its defaults, or is left out
// if it has required parameters.
func QuerySpecs(e Entities) []QuerySpec {
	hot, typical, host := e.HotBase, e.TypicalBase, e.HostCountry
	known := map[string][]QuerySpec{
		"bases": {
			{Label: "bases --event withdrawal", Args: queries.Args{"event": "withdrawal"}},
			{Label: "bases (any event)", Args: queries.Args{}},
		},
		"events": {
			{Label: "events --event attack --country " + host, Args: queries.Args{"event": "attack", "country": host}},
			{Label: "events --event withdrawal --from 2025-01-01", Args: queries.Args{"event": "withdrawal", "from": "2025-01-01"}},
		},
		"countries": {{Label: "countries --event withdrawal", Args: queries.Args{"event": "withdrawal"}}},
		"entity": {
			{Label: "entity --name <hot base>", Args: queries.Args{"name": hot}},
			{Label: "entity --name <typical base>", Args: queries.Args{"name": typical}},
		},
		"path":    {{Label: "path --from-entity <hot base> --to-entity <typical base>", Args: queries.Args{"from-entity": hot, "to-entity": typical}}},
		"related": {{Label: "related --entity <typical base>", Args: queries.Args{"entity": typical}}, {Label: "related --entity <hot base>", Args: queries.Args{"entity": hot}}},
		"search":  {{Label: "search --name " + firstWord(typical), Args: queries.Args{"name": firstWord(typical)}}},
		"sources": {{Label: "sources --entity <typical base>", Args: queries.Args{"entity": typical}}, {Label: "sources --entity <hot base>", Args: queries.Args{"entity": hot}}},
		"stats":   {{Label: "stats", Args: queries.Args{}}},
		"timeline": {
			{Label: "timeline --entity <typical base>", Args: queries.Args{"entity": typical}},
			{Label: "timeline --entity <hot base>", Args: queries.Args{"entity": hot}},
		},
	}
	var out []QuerySpec
	for _, m := range queries.Modules() {
		specs, ok := known[m.Name]
		if !ok {
			if slices.ContainsFunc(m.Params, func(p queries.Param) bool { return p.Required }) {
				continue
			}
			specs = []QuerySpec{{Label: m.Name, Args: queries.Args{}}}
		}
		for _, sp := range specs {
			sp.Name = m.Name
			out = append(out, sp)
		}
	}
	return out
}

func firstWord(s string) string {
	w, _, _ := strings.Cut(s, " ")
	return w
}

func measureQueries(ctx context.Context, opts Options, s *graph.Store, backend string, res *Result) ([]Query, Phase) {
	var out []Query
	m := startPhase(opts, "queries-"+backend)
	for _, sp := range QuerySpecs(Entities{HotBase: res.HotBase, TypicalBase: res.TypicalBase, HostCountry: res.HostCountry}) {
		if opts.QueryFilter != nil && !opts.QueryFilter.MatchString(sp.Label) {
			continue
		}
		if ctx.Err() != nil {
			break
		}
		q := Query{Label: sp.Label, Name: sp.Name, Args: sp.Args}
		var times []time.Duration
		began := time.Now()
		for run := 0; ; run++ {
			start := time.Now()
			r, err := queries.Run(ctx, s, sp.Name, sp.Args)
			d := time.Since(start)
			if err != nil {
				q.Err = err.Error()
				break
			}
			q.Rows = len(r.Rows)
			if run == 0 {
				// The first run warms caches and is not counted, unless
				// the query is so slow that it is measured only once.
				if d > opts.SlowQuery {
					times = append(times, d)
					break
				}
				continue
			}
			times = append(times, d)
			// Slow queries are measured fewer times: at least three
			// timed runs, then at most about 20 s per query.
			if len(times) >= opts.QueryRuns || len(times) >= 3 && time.Since(began) > 20*time.Second {
				break
			}
		}
		if len(times) > 0 {
			slices.Sort(times)
			q.P50 = percentile(times, 50)
			q.P95 = percentile(times, 95)
			q.Runs = len(times)
		}
		opts.Log.Info("query", "store", backend, "query", sp.Label, "p50", q.P50, "rows", q.Rows, "err", q.Err)
		out = append(out, q)
	}
	return out, m.stop()
}

// percentile is the nearest-rank percentile of sorted durations.
func percentile(sorted []time.Duration, p int) time.Duration {
	k := (p*len(sorted) + 99) / 100
	return sorted[max(0, min(k, len(sorted))-1)]
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
	extractor := (&ingest.Ingester{Pipeline: p}).Extractor()
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
				case out <- graph.ArticleGraph{Label: schema.ArticleIRI(x.Article.ID), Quads: schema.Quads(x, schema.Provenance{Extractor: extractor})}:
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
