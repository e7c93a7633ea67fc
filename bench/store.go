package bench

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/newsgraph/newsgraph/export"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
)

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
	// As `newsgraph ingest` runs it: with its garbage collector settings
	// and its side indexes written in key order at the end.
	restoreGC := ingest.TuneGC()
	m := startPhase(opts, "ingest-"+backend)
	sum := in.Ingest(ctx, []string{corpus}, ingest.Options{FileCache: fileCache, Bulk: !opts.NoBulk})
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
	if path, ok := graph.BoltPath(fresh.dsn); ok {
		// As `newsgraph ingest` does after an ingest that grew the store:
		// the store is closed, compacted and opened again.
		log.Info("compact, as newsgraph ingest does")
		closePrimary()
		m := startPhase(opts, "compact-"+backend)
		_, err := graph.CompactBolt(ctx, path)
		sr.Compact = m.stop()
		if err != nil {
			return fail(fmt.Errorf("compact: %w", err))
		}
		sr.CompactedFrom, sr.StoreBytes = sr.StoreBytes, fresh.size(ctx, opts)
		if primary, err = graph.Open(ctx, fresh.dsn); err != nil {
			return fail(err)
		}
		closed = false
		in.Store = primary
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
	// The API's envelope: {"status": "success", "data": queries.Result}.
	var r struct {
		Data *struct {
			Rows []json.RawMessage `json:"rows"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return 0, fmt.Errorf("GET %s: %w", url, err)
	}
	if r.Data == nil {
		return 0, fmt.Errorf("GET %s: the answer has no data", url)
	}
	return len(r.Data.Rows), nil
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
	// Streamed one subject at a time, as `newsgraph export` writes it:
	// Store.Export holds every quad (100k articles: 15.9 GB of anonymous
	// memory).
	if err := export.Graph(ctx, w, s, export.NQuads); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
