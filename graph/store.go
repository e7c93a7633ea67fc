// Package graph owns the Cayley store: opening it from a URL-like string
// (memory, bolt:PATH, leveldb:PATH, postgres://..., cockroach://...), for
// writing or read-only (OpenReadOnly), replacing one article's
// named graph atomically, reading back an article's content hash, stats and
// N-Quads export, and the summaries the writer keeps beside the articles
// in the same transaction (summary.go). It is the only package that
// touches Cayley's store API.
package graph

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	"github.com/cayleygraph/cayley/graph/kv"
	_ "github.com/cayleygraph/cayley/graph/kv/bolt"    // bolt backend
	_ "github.com/cayleygraph/cayley/graph/kv/leveldb" // leveldb backend
	_ "github.com/cayleygraph/cayley/graph/memstore"   // in-memory backend
	"github.com/cayleygraph/cayley/graph/refs"
	_ "github.com/cayleygraph/cayley/graph/sql/cockroach" // CockroachDB backend (driver pgx)
	_ "github.com/cayleygraph/cayley/graph/sql/postgres"
	"github.com/cayleygraph/cayley/query/shape"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"
	hkv "github.com/hidal-go/hidalgo/kv"
)

// DefaultStore is where the graph lives when the user names no store.
const DefaultStore = "bolt:newsgraph.db"

// EnvStore is the environment variable that names the store.
const EnvStore = "NEWSGRAPH_STORE"

// ErrBadStore reports a store string that names no store.
var ErrBadStore = errors.New("unknown store")

// ErrStoreBusy reports a bolt or leveldb store that another process holds
// for writing: one process at a time may write, and bolt lets readers in
// only when no writer holds it.
var ErrStoreBusy = errors.New("store is in use by another process (serve/refresh?): stop it, or send articles to the running server with POST /api/v1/articles")

// ErrStoreNotFound reports a store a read-only open did not find: a read
// command must not create a store at a mistyped path and answer zeros.
var ErrStoreNotFound = errors.New("no store there (read commands never create one; ingest or import does)")

// errReadOnly reports a write through a store opened with OpenReadOnly.
var errReadOnly = errors.New("graph: the store was opened read-only")

// Store is an open Cayley quad store.
type Store struct {
	qs      graph.QuadStore
	backend string
	// writeMu serialises this process's writers: each replacement reads
	// the article's old quads and must not interleave with another.
	writeMu sync.Mutex
	// memMu separates readers (View) from writes on the memstore only,
	// which has no transactions: there a long read holds up writes, and
	// reads wait for a write waiting on it.
	memMu sync.RWMutex
	// kv is the KV database of bolt and leveldb stores, from which each
	// View takes a read transaction; opts are the options to open a quad
	// store over it.
	kv   *batchKV
	opts graph.Options
	// pg is the pool of connections for PostgreSQL read snapshots.
	pg *sql.DB
	// snapshot is set on the read-only store a View hands out.
	snapshot bool
	// pgSnap is a PostgreSQL View's read transaction, for the reads
	// that ask for many values in one query (Facts).
	pgSnap *pgSnapshot
	// pgVac vacuums a PostgreSQL store whose server does not (pgwrite.go);
	// guarded by writeMu.
	pgVac pgVacuum
	// readOnly is set by OpenReadOnly: writes fail.
	readOnly bool
	// shared holds, per shared graph (ArticleGraph.Shared) the writer has
	// used, the keys of the quads it holds; guarded by writeMu.
	shared map[quad.IRI]map[string]bool
	// views counts the Views running: Close waits for them, so a query
	// that outlives its request (Gizmo stops at its next check) never
	// reads a closed bolt file.
	views sync.WaitGroup
	// indexers keep the side indexes (side.go); warnNoSide warns once
	// that some are not kept.
	indexers   []Indexer
	warnNoSide sync.Once
	// kvTx is a bolt or leveldb View's read transaction, for side reads.
	kvTx hkv.Tx
	// mem is the memory store's side indexes, guarded by memMu.
	mem *memSide
	// sideBuf buffers the side indexes' writes of a bulk write
	// (sidebuf.go); guarded by writeMu.
	sideBuf *sideBuffer
}

// labelIndexOnce adds an index on the quad label to Cayley's KV defaults.
// Without it finding an article's quads is a full scan; the index list is
// recorded in the store at init, so it must be set before any KV store is
// created (Cayley reads no option for it).
var labelIndexOnce sync.Once

func addLabelIndex() {
	labelIndexOnce.Do(func() {
		kv.DefaultQuadIndexes = append(slices.Clone(kv.DefaultQuadIndexes), kv.QuadIndex{Dirs: []quad.Direction{quad.Label}})
	})
}

// Open opens (creating on first use) the store a DSN names, for reading
// and writing:
//
//	memory | mem:           in-memory, gone when the process exits
//	bolt:PATH               a bolt file (the default, bolt:newsgraph.db)
//	leveldb:PATH            a leveldb directory
//	postgres://...          PostgreSQL through Cayley's SQL backend; the
//	postgresql://...        database must exist, tables are created
//	cockroach://...         CockroachDB through Cayley's cockroach backend
//	cockroachdb://...       (driver pgx); the same rules as PostgreSQL
//
// A bolt or leveldb store held by another process fails with ErrStoreBusy.
func Open(ctx context.Context, dsn string) (*Store, error) {
	return open(ctx, dsn, false)
}

// OpenReadOnly opens an existing store for reading only. It creates
// nothing: a bolt or leveldb path with no store, or a SQL database without
// Cayley's tables, fails with ErrStoreNotFound naming it. A bolt store is
// opened with a shared lock, so any number of readers run side by side;
// while a writer (ingest, serve, refresh) holds it, it fails with
// ErrStoreBusy (bolt's file format has no way to read beside a writer of
// another process). Writes through the store fail.
func OpenReadOnly(ctx context.Context, dsn string) (*Store, error) {
	return open(ctx, dsn, true)
}

func open(ctx context.Context, dsn string, readOnly bool) (*Store, error) {
	if dsn == "" {
		dsn = DefaultStore
	}
	backend, path, err := parseDSN(dsn)
	if err != nil {
		return nil, err
	}
	opts := graph.Options{}
	switch backend {
	case "memstore":
		qs, err := graph.NewQuadStore("memstore", "", nil)
		if err != nil {
			return nil, fmt.Errorf("open memory store: %w", err)
		}
		return &Store{qs: qs, backend: backend, readOnly: readOnly, mem: newMemSide(), indexers: defaultIndexers()}, nil
	case "bolt", "leveldb":
		addLabelIndex()
		// Bloom filters sized for 100M entries cost hundreds of MB of RSS
		// and slow reopening, and Cayley reads no option to size them.
		// They save the writer nothing: Cayley looks for an added quad
		// only when all its nodes exist, and an article's label node is
		// new with it. Measured at 2k articles, writing with them took
		// 10.1 CPU-s against 7.9 without.
		opts["no_bloom"] = true
		if readOnly {
			if err := checkKVExists(backend, path); err != nil {
				return nil, err
			}
		} else if dir := filepath.Dir(path); dir != "" {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, fmt.Errorf("open %s store %s: %w", backend, path, err)
			}
		}
		if backend == "bolt" {
			if err := checkBoltFree(path, !readOnly); err != nil {
				return nil, err
			}
		}
		qs, bkv, err := openKV(backend, path, opts, readOnly)
		if err != nil {
			if busy := lockError(backend, path, err); busy != nil {
				return nil, busy
			}
			return nil, fmt.Errorf("open %s store %s: %w", backend, path, err)
		}
		return &Store{qs: qs, backend: backend, kv: bkv, opts: opts, readOnly: readOnly, indexers: defaultIndexers()}, nil
	}
	// The SQL backends: postgres and cockroach.
	initialised, err := checkSQL(ctx, backend, dsn, path)
	if err != nil {
		return nil, err
	}
	if readOnly && !initialised {
		return nil, fmt.Errorf("%s store %s: %w", backend, redact(dsn), ErrStoreNotFound)
	}
	// Cayley's SQL init logs "Cannot create nodes table ... already
	// exists" on every open of an existing database: skip it there.
	if !initialised {
		if err := graph.InitQuadStore(backend, path, opts); err != nil && !errors.Is(err, graph.ErrDatabaseExists) {
			return nil, fmt.Errorf("init %s store %s: %w", backend, redact(dsn), err)
		}
	}
	qs, err := graph.NewQuadStore(backend, path, opts)
	if err != nil {
		return nil, fmt.Errorf("open %s store %s: %w", backend, redact(dsn), err)
	}
	s := &Store{qs: qs, backend: backend, readOnly: readOnly}
	if !readOnly {
		if err := sqlIndexes(ctx, backend, dsn, path); err != nil {
			qs.Close()
			return nil, err
		}
	}
	if backend == "postgres" {
		if s.pg, err = sql.Open("postgres", path); err != nil {
			qs.Close()
			return nil, fmt.Errorf("postgres %s: %w", redact(path), err)
		}
		s.pg.SetMaxOpenConns(maxOpenSnapshots)
		s.pg.SetMaxIdleConns(maxIdleSnapshots)
		if !readOnly {
			if _, err := s.pg.ExecContext(ctx, pgSideTable); err != nil {
				s.pg.Close()
				qs.Close()
				return nil, fmt.Errorf("postgres %s: create side index table: %w", redact(path), err)
			}
		}
		s.indexers = defaultIndexers()
	}
	return s, nil
}

// checkKVExists fails with ErrStoreNotFound when path holds no bolt or
// leveldb store.
func checkKVExists(backend, path string) error {
	marker := filepath.Join(path, "indexes.bolt") // where Cayley keeps bolt's file
	if backend == "leveldb" {
		marker = filepath.Join(path, "CURRENT") // every leveldb database has one
	}
	if _, err := os.Stat(marker); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("%s store %s: %w", backend, path, ErrStoreNotFound)
		}
		return fmt.Errorf("%s store %s: %w", backend, path, err)
	}
	return nil
}

func parseDSN(dsn string) (backend, path string, err error) {
	switch {
	case dsn == "memory" || dsn == "mem" || dsn == "mem:" || dsn == "memstore":
		return "memstore", "", nil
	case strings.HasPrefix(dsn, "bolt:"):
		path = strings.TrimPrefix(strings.TrimPrefix(dsn, "bolt:"), "//")
		backend = "bolt"
	case strings.HasPrefix(dsn, "leveldb:"):
		path = strings.TrimPrefix(strings.TrimPrefix(dsn, "leveldb:"), "//")
		backend = "leveldb"
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return "postgres", dsn, nil
	case strings.HasPrefix(dsn, "cockroach://"), strings.HasPrefix(dsn, "cockroachdb://"):
		// pgx reads PostgreSQL URLs: CockroachDB speaks the same protocol,
		// and the scheme only chose the backend.
		_, rest, _ := strings.Cut(dsn, "://")
		if rest == "" {
			return "", "", fmt.Errorf("%w %q: missing host", ErrBadStore, dsn)
		}
		return "cockroach", "postgres://" + rest, nil
	default:
		return "", "", fmt.Errorf("%w %q: want memory, bolt:PATH, leveldb:PATH, postgres://URL or cockroach://URL", ErrBadStore, dsn)
	}
	if path == "" {
		return "", "", fmt.Errorf("%w %q: missing path", ErrBadStore, dsn)
	}
	return backend, path, nil
}

// sqlDrivers are the database/sql drivers of Cayley's SQL backends.
var sqlDrivers = map[string]string{"postgres": "postgres", "cockroach": "pgx"}

// checkSQL gives a clear error naming the store's URL (dsn, as the user
// wrote it) when the server or database is missing, instead of Cayley's
// bare driver error, and reports whether Cayley's tables exist already.
// addr is the URL the driver reads.
func checkSQL(ctx context.Context, backend, dsn, addr string) (initialised bool, err error) {
	db, err := sql.Open(sqlDrivers[backend], addr)
	if err != nil {
		return false, fmt.Errorf("%s %s: %w", backend, redact(dsn), err)
	}
	defer db.Close()
	if err := db.PingContext(ctx); err != nil {
		return false, fmt.Errorf("%s %s: %w", backend, redact(dsn), err)
	}
	// Found on the connection's search path, where Cayley creates them.
	// information_schema answers the same on CockroachDB.
	q := `SELECT to_regclass('nodes') IS NOT NULL AND to_regclass('quads') IS NOT NULL`
	if backend == "cockroach" {
		q = `SELECT count(*) = 2 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ('nodes', 'quads')`
	}
	if err := db.QueryRowContext(ctx, q).Scan(&initialised); err != nil {
		return false, fmt.Errorf("%s %s: look for the tables: %w", backend, redact(dsn), err)
	}
	return initialised, nil
}

// sqlIndexes adds the index Cayley's schema lacks: deleting an article's
// quads scans the quads table per node without it.
func sqlIndexes(ctx context.Context, backend, dsn, addr string) error {
	db, err := sql.Open(sqlDrivers[backend], addr)
	if err != nil {
		return fmt.Errorf("%s %s: %w", backend, redact(dsn), err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `CREATE INDEX IF NOT EXISTS newsgraph_quads_label ON quads (label_hash)`); err != nil {
		return fmt.Errorf("%s %s: create label index: %w", backend, redact(dsn), err)
	}
	return nil
}

// redact hides a password in a connection URL.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// BackendOf names the Cayley backend a DSN selects, or "" for none.
func BackendOf(dsn string) string {
	if dsn == "" {
		dsn = DefaultStore
	}
	backend, _, err := parseDSN(dsn)
	if err != nil {
		return ""
	}
	return backend
}

// Backend names the Cayley backend in use.
func (s *Store) Backend() string { return s.backend }

// QuadStore exposes the underlying Cayley store to the query layer, which
// reads it through Cayley's path API. Read through a View's snapshot: the
// store's own quad store reads whatever is committed at each call.
func (s *Store) QuadStore() graph.QuadStore { return s.qs }

// Close closes the store; on a View's snapshot it does nothing (View ends
// the snapshot).
func (s *Store) Close() error {
	if s.snapshot {
		return nil
	}
	s.views.Wait()
	var bulkErr error
	if s.sideBuf != nil {
		bulkErr = s.EndBulk(context.Background())
	}
	if s.pg != nil {
		s.pg.Close()
	}
	return errors.Join(bulkErr, s.qs.Close())
}

// Change counts the quads a replacement added and removed.
type Change struct {
	Added, Removed int
}

// ReplaceArticle makes label's named graph exactly quads, in one
// transaction: quads no longer produced are removed, new ones added, and
// unchanged ones left alone. Cayley's Transaction cancels a remove and an
// add of the same quad, which is what makes this safe on every backend (a
// separate delete and re-add in one ApplyDeltas loses the quad on KV and
// SQL stores).
func (s *Store) ReplaceArticle(ctx context.Context, label quad.IRI, quads []quad.Quad) (Change, error) {
	if s.snapshot {
		return Change{}, errSnapshotWrite
	}
	if s.readOnly {
		return Change{}, errReadOnly
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	unlock, err := s.lockWriters(ctx)
	if err != nil {
		return Change{}, err
	}
	defer unlock()
	if err := ctx.Err(); err != nil {
		return Change{}, err
	}
	old, err := s.ArticleQuads(ctx, label)
	if err != nil {
		return Change{}, err
	}
	oldSet := make(map[string]bool, len(old))
	for _, q := range old {
		oldSet[quadKey(q)] = true
	}
	newSet := make(map[string]bool, len(quads))
	tx := graph.NewTransactionN(len(old) + len(quads))
	var ch Change
	for _, q := range quads {
		if q.Label != label {
			return Change{}, fmt.Errorf("replace %s: quad %v has label %v", label, q, q.Label)
		}
		k := quadKey(q)
		if newSet[k] {
			continue
		}
		newSet[k] = true
		if !oldSet[k] {
			tx.AddQuad(q)
			ch.Added++
		}
	}
	for _, q := range old {
		if !newSet[quadKey(q)] {
			tx.RemoveQuad(q)
			ch.Removed++
		}
	}
	if len(tx.Deltas) == 0 {
		return ch, nil
	}
	delete(s.shared, label)
	if err := s.apply(ctx, tx.Deltas, []GraphChange{{Label: label, Old: old, New: uniqueQuads(quads)}}); err != nil {
		return Change{}, fmt.Errorf("replace %s: %w", label, err)
	}
	return ch, nil
}

// uniqueQuads drops repeated quads, keeping the first of each.
func uniqueQuads(qs []quad.Quad) []quad.Quad {
	seen := make(map[string]bool, len(qs))
	out := make([]quad.Quad, 0, len(qs))
	for _, q := range qs {
		if k := quadKey(q); !seen[k] {
			seen[k] = true
			out = append(out, q)
		}
	}
	return out
}

// apply writes deltas atomically: a View sees all of them or none. The
// caller holds writeMu.
//
// Cayley's KV stores (bolt, leveldb) mis-write an added quad when one of
// its nodes loses more references than it gains in the same ApplyDeltas:
// the node is filed under "decrement" and the added quad gets node ID 0
// (seen here: replacing 3 of an article's quads with 1 new one left that
// quad with a nil subject and label). So on KV stores the adds go in one
// ApplyDeltas and the removals in a second, both inside one KV write
// transaction (batchKV), committed once.
//
// changes are the graphs the deltas change, before and after, for the
// side indexes (side.go), which are written in the same transaction (on
// PostgreSQL too: applyPG).
func (s *Store) apply(ctx context.Context, deltas []graph.Delta, changes []GraphChange) error {
	if s.readOnly {
		return errReadOnly
	}
	plan, err := s.planSide(ctx, changes)
	if err != nil {
		return err
	}
	opts := graph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true}
	switch {
	case s.kv != nil:
		return s.applyKV(ctx, deltas, opts, plan)
	case s.backend == "memstore":
		s.memMu.Lock()
		defer s.memMu.Unlock()
		if err := s.qs.ApplyDeltas(deltas, opts); err != nil {
			return err
		}
		return plan.run(ctx, s.mem)
	case s.pg != nil:
		return s.applyPG(ctx, deltas, opts, plan)
	}
	// CockroachDB keeps no side indexes.
	return s.qs.ApplyDeltas(deltas, opts)
}

func (s *Store) applyKV(ctx context.Context, deltas []graph.Delta, opts graph.IgnoreOpts, plan sidePlan) error {
	var adds, removes []graph.Delta
	for _, d := range deltas {
		if d.Action == graph.Add {
			adds = append(adds, d)
		} else {
			removes = append(removes, d)
		}
	}
	cayley := func() error {
		if len(adds) > 0 {
			if err := s.qs.ApplyDeltas(adds, opts); err != nil {
				return err
			}
		}
		if len(removes) > 0 {
			return s.qs.ApplyDeltas(removes, opts)
		}
		return nil
	}
	var err error
	if s.sideBuf != nil && !plan.empty() {
		err = s.applyKVBulk(ctx, cayley, plan)
	} else {
		err = s.kv.inBatch(ctx, func() error {
			if err := cayley(); err != nil {
				return err
			}
			return plan.run(ctx, kvSide{s.kv.batchTx()})
		})
	}
	if err != nil {
		// Cayley caches the node IDs of what it wrote; after a rollback
		// they may name other nodes, so the writer's quad store starts
		// afresh.
		if qs, rerr := kv.New(s.kv, s.opts); rerr == nil {
			s.qs = qs
		}
	}
	return err
}

// applyKVBulk writes a batch of a bulk write (sidebuf.go): Cayley's
// writes in the batch transaction and, at the same time on another
// goroutine, the indexers into the buffer, reading what the store held
// at the last flush (a read transaction of their own) under what the
// buffer holds since. The two were a third and a half of the writer's
// time one after the other, and the writer is the ingest's bottleneck.
func (s *Store) applyKVBulk(ctx context.Context, cayley func() error, plan sidePlan) error {
	b := s.sideBuf
	var sideErr chan error
	if b.broken == nil {
		rtx, err := s.kv.KV.Tx(ctx, false)
		if err != nil {
			return err
		}
		sideErr = make(chan error, 1)
		go func() {
			defer rtx.Close()
			sideErr <- plan.runIndexers(ctx, b.writer(kvSide{rtx}))
		}()
	}
	err := s.kv.inBatch(ctx, func() error {
		if err := cayley(); err != nil {
			return err
		}
		w := kvSide{s.kv.batchTx()}
		if !b.marked {
			if err := w.SidePut(ctx, sideMetaBucket, []byte(sidePendingKey), []byte("1")); err != nil {
				return err
			}
			b.markedInTx = true
		}
		return plan.runMarkers(ctx, w)
	})
	var serr error
	if sideErr != nil {
		serr = <-sideErr
	}
	switch {
	case err != nil:
		b.rolledBack()
		return err
	case serr != nil:
		// The batch's quads are in the store, their index entries are
		// not: the indexes stay marked pending, for a rebuild.
		marked := b.markedInTx
		b.rolledBack()
		b.marked = b.marked || marked
		b.broken = serr
		slog.Error("side indexes failed during a bulk write: they will be rebuilt by the next ingest or `newsgraph summaries rebuild`", "store", s.backend, "err", serr)
		return nil
	}
	b.committed()
	if b.size() <= b.limit {
		return nil
	}
	slog.Debug("side buffer full: writing it", "keys", b.t.Len(), "bytes", b.size())
	if err := s.flushSideBuffer(ctx, b, false); err != nil {
		// The buffer is whole: EndBulk tries again.
		slog.Warn("writing the side buffer failed; it is kept for the end of the bulk write", "store", s.backend, "err", err)
	}
	return nil
}

// DeleteArticle removes label's named graph.
func (s *Store) DeleteArticle(ctx context.Context, label quad.IRI) (int, error) {
	ch, err := s.ReplaceArticle(ctx, label, nil)
	return ch.Removed, err
}

func quadKey(q quad.Quad) string {
	return quad.StringOf(q.Subject) + "\x00" + quad.StringOf(q.Predicate) + "\x00" + quad.StringOf(q.Object) + "\x00" + quad.StringOf(q.Label)
}

// ArticleQuads returns the quads of label's named graph.
//
// Like every read method of Store, it reads what the store holds now:
// outside ReplaceArticle call it on a View's snapshot, so that all of a
// request's reads see one version of the graph.
func (s *Store) ArticleQuads(ctx context.Context, label quad.IRI) ([]quad.Quad, error) {
	ref, err := s.qs.ValueOf(label)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", label, err)
	}
	if ref == nil {
		return nil, nil
	}
	it := s.qs.QuadIterator(quad.Label, ref).Iterate()
	defer it.Close()
	var out []quad.Quad
	for it.Next(ctx) {
		q, err := s.qs.Quad(it.Result())
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", label, err)
		}
		if q.Label != nil && quad.StringOf(q.Label) == quad.StringOf(label) {
			out = append(out, q)
		}
	}
	if err := it.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", label, err)
	}
	return out, nil
}

// Value returns the first object of (subject, predicate) in any graph, or
// nil.
func (s *Store) Value(ctx context.Context, subject quad.Value, predicate quad.IRI) (quad.Value, error) {
	var out quad.Value
	err := s.objects(ctx, subject, predicate, func(v quad.Value) bool {
		out = v
		return false
	})
	return out, err
}

// Values returns the distinct objects of (subject, predicate) in any
// graph, in index order.
func (s *Store) Values(ctx context.Context, subject quad.Value, predicate quad.IRI) ([]quad.Value, error) {
	var out []quad.Value
	seen := map[string]bool{}
	err := s.objects(ctx, subject, predicate, func(v quad.Value) bool {
		if k := quad.StringOf(v); !seen[k] {
			seen[k] = true
			out = append(out, v)
		}
		return true
	})
	return out, err
}

// objects calls fn with each object of (subject, predicate) until fn
// returns false.
func (s *Store) objects(ctx context.Context, subject quad.Value, predicate quad.IRI, fn func(quad.Value) bool) error {
	ref, err := s.qs.ValueOf(subject)
	if err != nil || ref == nil {
		return err
	}
	pred, err := s.qs.ValueOf(predicate)
	if err != nil || pred == nil {
		return err
	}
	// Quads are matched by their predicate's reference and only the
	// object of the match is read: reading each quad whole costs four
	// value lookups on the KV stores, and an article node has dozens of
	// quads (this is the check that skips unchanged articles).
	want := refs.ToKey(pred)
	it := QuadsWith(ctx, s.qs, quad.Subject, ref, pred)
	defer it.Close()
	for it.Next(ctx) {
		p, err := s.qs.QuadDirection(it.Result(), quad.Predicate)
		if err != nil {
			return err
		}
		if refs.ToKey(p) != want {
			continue
		}
		o, err := s.qs.QuadDirection(it.Result(), quad.Object)
		if err != nil {
			return err
		}
		v, err := s.qs.NameOf(o)
		if err != nil {
			return err
		}
		if !fn(v) {
			return nil
		}
	}
	return it.Err()
}

// QuadsWith iterates over the quads whose dir is node and, on bolt and
// leveldb, only those with predicate pred, through the index that starts
// with (dir, predicate): a hub node's other predicates (the rdf:type quads
// of every event of a type, the dozens of facts of an article node) are
// skipped. Elsewhere, or with a nil pred, it returns every quad of node in
// dir; callers check the predicate either way, so a backend without such
// an index is merely slower.
func QuadsWith(ctx context.Context, qs graph.QuadStore, dir quad.Direction, node, pred graph.Ref) iterator.Scanner {
	if kqs, ok := qs.(*kv.QuadStore); ok && pred != nil {
		sh, ok := kqs.OptimizeShape(ctx, shape.QuadsAction{Result: quad.Subject, Filter: map[quad.Direction]graph.Ref{dir: node, quad.Predicate: pred}})
		if nf, isNodes := sh.(shape.NodesFrom); ok && isNodes {
			if scan, isScan := nf.Quads.(kv.IndexScan); isScan && len(scan.Values) == 2 {
				return scan.BuildIterator(qs).Iterate()
			}
		}
	}
	return qs.QuadIterator(dir, node).Iterate()
}

// Stats are the store's size.
type Stats struct {
	Quads int64 `json:"quads"`
	// Nodes is zero on bolt and leveldb, which keep no count of them.
	Nodes int64 `json:"nodes,omitempty"`
}

// Stats reports the exact number of quads (the summaries' left out) and, where the backend can
// count them without reading each (memory, PostgreSQL), of nodes. Cayley's
// KV stores keep an exact quad count but no node count: counting nodes
// read every node, 65% of the `stats` query at 10k articles on bolt
// (pprof).
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	if s.pg != nil && !s.snapshot {
		// Cayley's SQL store keeps the counts it read until its own next
		// write, and the writes go through quad stores of their own
		// (applyPG) or other processes: count in a snapshot.
		var out Stats
		err := s.View(ctx, func(snap *Store) error {
			var err error
			out, err = snap.Stats(ctx)
			return err
		})
		return out, err
	}
	_, isKV := s.qs.(*kv.QuadStore)
	st, err := s.qs.Stats(ctx, !isKV)
	if errors.Is(err, kv.ErrNoBucket) {
		// A KV store that has never been written to has no buckets yet.
		return Stats{}, nil
	}
	if err != nil {
		return Stats{}, fmt.Errorf("stats: %w", err)
	}
	out := Stats{Quads: st.Quads.Value}
	if st.Nodes.Exact {
		out.Nodes = st.Nodes.Value
	}
	return out, nil
}

// Export writes every quad as N-Quads, sorted so two exports of equal
// graphs are byte-identical. It reads one snapshot (View).
func (s *Store) Export(ctx context.Context, w io.Writer) error {
	qs, err := s.AllQuads(ctx)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	bw := bufio.NewWriter(w)
	for _, q := range qs {
		bw.WriteString(q.NQuad())
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// Import reads N-Quads into the store (see ImportQuads).
func (s *Store) Import(ctx context.Context, r io.Reader) (int, error) {
	rd := nquads.NewReader(r, false)
	defer rd.Close()
	return s.ImportQuads(ctx, rd)
}

// Subjects returns the distinct subjects of quads (?, predicate, object).
func (s *Store) Subjects(ctx context.Context, predicate quad.IRI, object quad.Value) ([]quad.Value, error) {
	ref, err := s.qs.ValueOf(object)
	if err != nil || ref == nil {
		return nil, err
	}
	it := s.qs.QuadIterator(quad.Object, ref).Iterate()
	defer it.Close()
	var out []quad.Value
	seen := map[string]bool{}
	for it.Next(ctx) {
		q, err := s.qs.Quad(it.Result())
		if err != nil {
			return nil, err
		}
		if q.Predicate != predicate {
			continue
		}
		if k := quad.StringOf(q.Subject); !seen[k] {
			seen[k] = true
			out = append(out, q.Subject)
		}
	}
	return out, it.Err()
}

// Describe returns a node's outgoing edges by predicate, de-duplicated
// across the named graphs that state them.
func (s *Store) Describe(ctx context.Context, node quad.Value) (map[quad.IRI][]quad.Value, error) {
	out := map[quad.IRI][]quad.Value{}
	ref, err := s.qs.ValueOf(node)
	if err != nil || ref == nil {
		return out, err
	}
	it := s.qs.QuadIterator(quad.Subject, ref).Iterate()
	defer it.Close()
	seen := map[string]bool{}
	for it.Next(ctx) {
		q, err := s.qs.Quad(it.Result())
		if err != nil {
			return nil, err
		}
		p, _ := q.Predicate.(quad.IRI)
		k := string(p) + "\x00" + quad.StringOf(q.Object)
		if !seen[k] {
			seen[k] = true
			out[p] = append(out[p], q.Object)
		}
	}
	return out, it.Err()
}
