package graph

// Side indexes are typed key-value indexes that the writer keeps beside
// the article graphs, in the same store and transaction (the memory
// store: under the same lock): an answer that would otherwise
// read every matching quad reads a short range of sorted keys instead.
// They hold nothing the graphs do not: each is a function of the article
// graphs' quads, kept by an Indexer from every write's before and after,
// and rebuilt from the graphs by RebuildIndexes. Exports leave them out
// (they are not quads).
//
// Where they live:
//   - bolt and leveldb: buckets named sideBucketPrefix+bucket in the KV
//     database under Cayley's, written in the batch transaction that
//     carries the article's quads (batchKV), read from a View's read
//     transaction.
//   - memory: an ordered tree under memMu, written under the same lock
//     as Cayley's memstore.
//   - PostgreSQL: the table newsgraph_side, written in the transaction
//     Cayley writes the quads in (applyPG) and read in a View's snapshot
//     transaction.
//   - CockroachDB: none; queries there read the graph.

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"

	"github.com/cayleygraph/quad"
	"github.com/google/btree"
	hkv "github.com/hidal-go/hidalgo/kv"
	"github.com/hidal-go/hidalgo/kv/options"
)

// GraphChange is one named graph's quads before and after a write.
type GraphChange struct {
	Label    quad.Value
	Old, New []quad.Quad
}

// SideReader reads side indexes.
type SideReader interface {
	// SideGet returns the value of key in bucket, or nil when there is none.
	SideGet(ctx context.Context, bucket string, key []byte) ([]byte, error)
	// SideScan calls fn on the keys of bucket that start with prefix and
	// sort at or after from (nil: from the first), in ascending byte order,
	// until fn returns false. key and val are valid only during the call.
	SideScan(ctx context.Context, bucket string, prefix, from []byte, fn func(key, val []byte) bool) error
}

// SideWriter writes side indexes inside a store write.
type SideWriter interface {
	SideReader
	// SidePut sets key in bucket; a nil or empty val deletes it.
	SidePut(ctx context.Context, bucket string, key, val []byte) error
}

// Indexer keeps side indexes from the changes of article graphs.
type Indexer interface {
	// Name names the index and its layout version: a store whose marker
	// for the index names another version does not keep it (see IndexKept).
	Name() string
	// Buckets are the buckets the index writes, cleared by a rebuild.
	Buckets() []string
	// IndexChanges updates the index for changes, inside the write that
	// makes them. Labels of shared graphs (gazetteers) and of the
	// summaries come too; an indexer skips what it does not index.
	IndexChanges(ctx context.Context, w SideWriter, changes []GraphChange) error
}

// sideBucketPrefix keeps side buckets apart from Cayley's own.
const sideBucketPrefix = "newsgraph_side_"

// sideMetaBucket holds one marker per index: its Name, set when the store
// was empty at its first write or by a rebuild.
const sideMetaBucket = "meta"

// defaultIndexers are the side indexes every store keeps.
func defaultIndexers() []Indexer {
	return []Indexer{summaryIndexer{}, eventIndexer{}, entityIndexer{}, nameIndexer{}, countryIndexer{}}
}

// sideKept reports which indexers the store keeps. On a store that holds
// no quad yet, every indexer starts: init lists those whose markers must
// be written with the first write.
func (s *Store) sideKept(ctx context.Context, r SideReader) (kept, init []Indexer, err error) {
	if len(s.indexers) == 0 || !s.hasSide() {
		return nil, nil, nil
	}
	var empty, emptyKnown bool
	for _, ix := range s.indexers {
		v, err := r.SideGet(ctx, sideMetaBucket, []byte(ix.Name()))
		if err != nil {
			return nil, nil, fmt.Errorf("read side index marker %s: %w", ix.Name(), err)
		}
		if v != nil {
			if string(v) == ix.Name() {
				kept = append(kept, ix)
			}
			continue
		}
		if !emptyKnown {
			if empty, err = s.empty(ctx); err != nil {
				return nil, nil, fmt.Errorf("read side index marker: %w", err)
			}
			emptyKnown = true
		}
		if empty {
			kept = append(kept, ix)
			init = append(init, ix)
		}
	}
	return kept, init, nil
}

// IndexKept reports whether the store keeps the side index named name
// (an Indexer's Name) up to date. Queries read an index only when it is:
// not during a bulk write, whose index writes wait in its buffer
// (sidebuf.go).
func (s *Store) IndexKept(ctx context.Context, name string) (bool, error) {
	if !s.hasSide() {
		return false, nil
	}
	kept := false
	err := s.sideRead(ctx, func(r SideReader) error {
		v, err := r.SideGet(ctx, sideMetaBucket, []byte(name))
		if err != nil || string(v) != name {
			return err
		}
		v, err = r.SideGet(ctx, sideMetaBucket, []byte(sidePendingKey))
		kept = v == nil
		return err
	})
	return kept, err
}

// IndexesOutdated lists the side indexes whose marker names an older
// layout of the index (a store written by an earlier version): the next
// ingest rebuilds them, as it migrates an older store layout. An index
// marked stale by a raw load, or never started, is not listed (its
// queries read the graph until `summaries rebuild`).
func (s *Store) IndexesOutdated(ctx context.Context) ([]string, error) {
	if !s.hasSide() {
		return nil, nil
	}
	var out []string
	for _, ix := range s.indexers {
		v, err := s.SideGet(ctx, sideMetaBucket, []byte(ix.Name()))
		if err != nil {
			return nil, fmt.Errorf("read side index marker %s: %w", ix.Name(), err)
		}
		if v == nil {
			// A marker of an older layout is stored under its own
			// name: look for the index's family (the name before /
			// or the last -).
			old, err := s.olderMarker(ctx, ix.Name())
			if err != nil {
				return nil, err
			}
			if old != "" {
				out = append(out, old+" -> "+ix.Name())
			}
		}
	}
	return out, nil
}

// olderMarker finds a marker of another layout of the index named name:
// names are FAMILY/N or FAMILY-N.
func (s *Store) olderMarker(ctx context.Context, name string) (string, error) {
	family := name
	if i := strings.LastIndexAny(name, "/-"); i > 0 {
		family = name[:i+1]
	}
	var found string
	err := s.SideScan(ctx, sideMetaBucket, []byte(family), nil, func(k, v []byte) bool {
		if string(k) != name && string(v) == string(k) {
			found = string(k)
			return false
		}
		return true
	})
	return found, err
}

// hasSide reports whether the backend keeps side indexes.
func (s *Store) hasSide() bool {
	return s.kv != nil || s.kvTx != nil || s.mem != nil || s.pg != nil || s.pgSnap != nil
}

// SideGet reads one key of a side index; outside a View it reads the
// latest committed state.
func (s *Store) SideGet(ctx context.Context, bucket string, key []byte) ([]byte, error) {
	var out []byte
	err := s.sideRead(ctx, func(r SideReader) error {
		v, err := r.SideGet(ctx, bucket, key)
		out = slices.Clone(v)
		return err
	})
	return out, err
}

// SideScan scans a side index (SideReader.SideScan); outside a View it
// reads the latest committed state.
func (s *Store) SideScan(ctx context.Context, bucket string, prefix, from []byte, fn func(key, val []byte) bool) error {
	return s.sideRead(ctx, func(r SideReader) error {
		return r.SideScan(ctx, bucket, prefix, from, fn)
	})
}

// sideRead runs fn with a reader of the snapshot (in a View) or of a
// fresh one.
func (s *Store) sideRead(ctx context.Context, fn func(SideReader) error) error {
	if !s.hasSide() {
		return nil
	}
	if !s.snapshot {
		return s.View(ctx, func(snap *Store) error { return snap.sideRead(ctx, fn) })
	}
	switch {
	case s.kvTx != nil:
		return fn(kvSide{s.kvTx})
	case s.pgSnap != nil:
		return fn(pgSide{q: s.pgSnap.tx, mu: &s.pgSnap.mu})
	case s.mem != nil:
		return fn(s.mem)
	}
	return nil
}

// kvSide is a side index in a KV transaction.
type kvSide struct{ tx hkv.Tx }

func sideKey(bucket string, key []byte) hkv.Key {
	return hkv.Key{[]byte(sideBucketPrefix + bucket), key}
}

func (k kvSide) SideGet(ctx context.Context, bucket string, key []byte) ([]byte, error) {
	v, err := k.tx.Get(ctx, sideKey(bucket, key))
	if errors.Is(err, hkv.ErrNotFound) {
		return nil, nil
	}
	return v, err
}

func (k kvSide) SideScan(ctx context.Context, bucket string, prefix, from []byte, fn func(key, val []byte) bool) error {
	// The prefix option seeks on both bolt and leveldb (hidalgo's flat
	// leveldb iterator has no seek of its own: hkv.Seek on it walks every
	// key from the first). A scan from a later key skips to it (first
	// pages start at the prefix).
	it := k.tx.Scan(ctx, options.WithPrefixKV(sideKey(bucket, prefix)))
	ok := it.Next(ctx)
	defer it.Close()
	skip := len(from) > 0 && bytes.Compare(from, prefix) > 0
	for ; ok; ok = it.Next(ctx) {
		key := it.Key()
		if len(key) != 2 || string(key[0]) != sideBucketPrefix+bucket || !bytes.HasPrefix(key[1], prefix) {
			break
		}
		if skip {
			if bytes.Compare(key[1], from) < 0 {
				continue
			}
			skip = false
		}
		if !fn(key[1], it.Val()) {
			break
		}
	}
	return it.Err()
}

func (k kvSide) SidePut(ctx context.Context, bucket string, key, val []byte) error {
	if len(val) == 0 {
		return k.tx.Del(ctx, sideKey(bucket, key))
	}
	// bolt keeps the slices it is given until the transaction commits.
	return k.tx.Put(ctx, sideKey(bucket, slices.Clone(key)), slices.Clone(val))
}

// memSide is the memory store's side indexes: one ordered tree of
// bucket+"\x00"+key, under the store's memMu.
type memSide struct {
	t *btree.BTreeG[memSideItem]
}

type memSideItem struct {
	key string
	val []byte
}

func newMemSide() *memSide {
	return &memSide{t: btree.NewG(32, func(a, b memSideItem) bool { return a.key < b.key })}
}

func memSideKey(bucket string, key []byte) string {
	return bucket + "\x00" + string(key)
}

func (m *memSide) SideGet(_ context.Context, bucket string, key []byte) ([]byte, error) {
	it, ok := m.t.Get(memSideItem{key: memSideKey(bucket, key)})
	if !ok {
		return nil, nil
	}
	return it.val, nil
}

func (m *memSide) SideScan(_ context.Context, bucket string, prefix, from []byte, fn func(key, val []byte) bool) error {
	start := memSideKey(bucket, prefix)
	full := start
	if len(from) > 0 && bytes.Compare(from, prefix) > 0 {
		start = memSideKey(bucket, from)
	}
	head := len(bucket) + 1
	m.t.AscendGreaterOrEqual(memSideItem{key: start}, func(it memSideItem) bool {
		if len(it.key) < len(full) || it.key[:len(full)] != full {
			return false
		}
		return fn([]byte(it.key[head:]), it.val)
	})
	return nil
}

func (m *memSide) SidePut(_ context.Context, bucket string, key, val []byte) error {
	k := memSideKey(bucket, key)
	if len(val) == 0 {
		m.t.Delete(memSideItem{key: k})
		return nil
	}
	m.t.ReplaceOrInsert(memSideItem{key: k, val: slices.Clone(val)})
	return nil
}

// pgSideTable is the PostgreSQL table of the side indexes.
const pgSideTable = `CREATE TABLE IF NOT EXISTS newsgraph_side (
	bucket TEXT NOT NULL,
	k BYTEA NOT NULL,
	v BYTEA NOT NULL,
	PRIMARY KEY (bucket, k)
)`

// pgQuerier is what pgSide runs statements on: a snapshot's or a
// writer's transaction.
type pgQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// pgSide is a side index in a PostgreSQL transaction; mu, when set, is
// the lock of a snapshot's transaction, which Cayley's reads share.
type pgSide struct {
	q  pgQuerier
	mu *sync.Mutex
}

func (p pgSide) lock() func() {
	if p.mu == nil {
		return func() {}
	}
	p.mu.Lock()
	return p.mu.Unlock
}

func (p pgSide) SideGet(ctx context.Context, bucket string, key []byte) ([]byte, error) {
	defer p.lock()()
	rows, err := p.q.QueryContext(ctx, `SELECT v FROM newsgraph_side WHERE bucket = $1 AND k = $2`, bucket, key)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var v []byte
	if rows.Next() {
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
	}
	return v, rows.Err()
}

// A SideScan on PostgreSQL reads pages of keys, each one statement over
// the primary key's index, bounded by the prefix's end: its first page
// is pgScanFirst keys (a first page of an answer, with room for what the
// caller filters out), and each further page four times the last, up to
// pgScanMax, so a scan that stops early reads little and a long one takes
// few round trips.
const (
	pgScanFirst = 128
	pgScanMax   = 8192
)

func (p pgSide) SideScan(ctx context.Context, bucket string, prefix, from []byte, fn func(key, val []byte) bool) error {
	start := prefix
	if len(from) > 0 && bytes.Compare(from, prefix) > 0 {
		start = from
	}
	end := prefixEnd(prefix)
	after := false
	for n := pgScanFirst; ; n = min(4*n, pgScanMax) {
		page, err := p.scanPage(ctx, bucket, start, after, end, n)
		if err != nil {
			return err
		}
		for _, kv := range page {
			if !fn(kv[0], kv[1]) {
				return nil
			}
		}
		if len(page) < n {
			return nil
		}
		start, after = page[len(page)-1][0], true
	}
}

// prefixEnd is the least key after every key that starts with prefix, or
// nil when there is none (no prefix, or only 0xff bytes).
func prefixEnd(prefix []byte) []byte {
	end := bytes.Clone(prefix)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// scanPage reads up to n keys of bucket from start (after it when after
// is set) and before end (nil: no bound), whole, so that the caller may
// read the snapshot in turn (one statement at a time per connection).
// PostgreSQL compares bytea as unsigned bytes, as bytes.Compare does.
func (p pgSide) scanPage(ctx context.Context, bucket string, start []byte, after bool, end []byte, n int) ([][2][]byte, error) {
	q := `SELECT k, v FROM newsgraph_side WHERE bucket = $1 AND k >= $2`
	if after {
		q = `SELECT k, v FROM newsgraph_side WHERE bucket = $1 AND k > $2`
	}
	args := []any{bucket, start, n}
	if end != nil {
		q += ` AND k < $4`
		args = append(args, end)
	}
	q += ` ORDER BY k LIMIT $3`
	defer p.lock()()
	rows, err := p.q.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	page := make([][2][]byte, 0, min(n, pgScanFirst))
	for rows.Next() {
		var k, v []byte
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		page = append(page, [2][]byte{k, v})
	}
	return page, rows.Err()
}

func (p pgSide) SidePut(ctx context.Context, bucket string, key, val []byte) error {
	defer p.lock()()
	if len(val) == 0 {
		_, err := p.q.ExecContext(ctx, `DELETE FROM newsgraph_side WHERE bucket = $1 AND k = $2`, bucket, key)
		return err
	}
	_, err := p.q.ExecContext(ctx, `INSERT INTO newsgraph_side (bucket, k, v) VALUES ($1, $2, $3) ON CONFLICT (bucket, k) DO UPDATE SET v = EXCLUDED.v`, bucket, key, val)
	return err
}

// sidePlan is what a write does to the side indexes: decided before the
// write (a store with no quad starts every index), run inside it.
type sidePlan struct {
	s          *Store
	kept, init []Indexer
	changes    []GraphChange
}

// planSide decides which indexers a write of changes runs. The caller
// holds writeMu.
func (s *Store) planSide(ctx context.Context, changes []GraphChange) (sidePlan, error) {
	p := sidePlan{s: s, changes: changes}
	if len(changes) == 0 || len(s.indexers) == 0 || !s.hasSide() {
		return p, nil
	}
	var err error
	p.kept, p.init, err = s.sideKept(ctx, s)
	if err != nil {
		return p, err
	}
	if len(p.kept) < len(s.indexers) {
		s.warnNoSide.Do(func() {
			slog.Warn("this store does not keep every side index: queries read the graph instead until `newsgraph summaries rebuild` rebuilds them", "store", s.backend)
		})
	}
	return p, nil
}

func (p sidePlan) empty() bool { return len(p.kept) == 0 }

// run writes the markers of new indexes and runs the kept indexers.
func (p sidePlan) run(ctx context.Context, w SideWriter) error {
	if err := p.runMarkers(ctx, w); err != nil {
		return err
	}
	return p.runIndexers(ctx, w)
}

// runMarkers writes the markers of new indexes (in a bulk write, to the
// batch's transaction: the next batch's plan must find them).
func (p sidePlan) runMarkers(ctx context.Context, w SideWriter) error {
	for _, ix := range p.init {
		if err := w.SidePut(ctx, sideMetaBucket, []byte(ix.Name()), []byte(ix.Name())); err != nil {
			return err
		}
	}
	return nil
}

// runIndexers runs the kept indexers.
func (p sidePlan) runIndexers(ctx context.Context, w SideWriter) error {
	for _, ix := range p.kept {
		if err := ix.IndexChanges(ctx, w, p.changes); err != nil {
			return fmt.Errorf("side index %s: %w", ix.Name(), err)
		}
	}
	return nil
}

// sideWrite runs fn in a write transaction of the side indexes alone.
// The caller holds writeMu.
func (s *Store) sideWrite(ctx context.Context, fn func(SideWriter) error) error {
	if s.readOnly {
		return errReadOnly
	}
	switch {
	case s.kv != nil:
		return s.kv.inBatch(ctx, func() error { return fn(kvSide{s.kv.batchTx()}) })
	case s.backend == "memstore":
		s.memMu.Lock()
		defer s.memMu.Unlock()
		return fn(s.mem)
	case s.pg != nil:
		tx, err := s.pg.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if err := fn(pgSide{q: tx}); err != nil {
			tx.Rollback()
			return err
		}
		return tx.Commit()
	}
	return nil
}

// staleSideMarker replaces an index's marker when a raw load bypassed it.
const staleSideMarker = "stale"

// dropSideMarkers marks every side index stale (a raw load writes quads
// no indexer saw). The caller holds writeMu.
func (s *Store) dropSideMarkers(ctx context.Context) error {
	if !s.hasSide() || len(s.indexers) == 0 {
		return nil
	}
	return s.sideWrite(ctx, func(w SideWriter) error {
		for _, ix := range s.indexers {
			if err := w.SidePut(ctx, sideMetaBucket, []byte(ix.Name()), []byte(staleSideMarker)); err != nil {
				return err
			}
		}
		return nil
	})
}

// rebuildBatch is how many graphs one transaction of RebuildIndexes
// indexes.
const rebuildBatch = 500

// RebuildIndexes recomputes every side index from the article graphs:
// it clears the indexes' buckets and indexes every graph as if it were
// new, in transactions of rebuildBatch graphs, then marks the indexes
// kept. Until it ends the indexes are marked stale, so a crash midway
// leaves queries reading the graph, never a half-built index.
func (s *Store) RebuildIndexes(ctx context.Context) (graphs int, err error) {
	if s.snapshot {
		return 0, errSnapshotWrite
	}
	if !s.hasSide() || len(s.indexers) == 0 {
		return 0, nil
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if s.sideBuf != nil {
		return 0, errors.New("rebuild side indexes: a bulk write is running (EndBulk first)")
	}
	unlock, err := s.lockWriters(ctx)
	if err != nil {
		return 0, err
	}
	defer unlock()
	if err := s.dropSideMarkers(ctx); err != nil {
		return 0, fmt.Errorf("rebuild side indexes: %w", err)
	}
	for _, ix := range s.indexers {
		for _, b := range ix.Buckets() {
			if err := s.clearSideBucket(ctx, b); err != nil {
				return 0, fmt.Errorf("rebuild side index %s: %w", ix.Name(), err)
			}
		}
	}
	labels, err := s.graphLabels(ctx)
	if err != nil {
		return 0, fmt.Errorf("rebuild side indexes: %w", err)
	}
	all := sidePlan{s: s, kept: s.indexers}
	for start := 0; start < len(labels); start += rebuildBatch {
		batch := labels[start:min(start+rebuildBatch, len(labels))]
		changes := make([]GraphChange, 0, len(batch))
		for _, l := range batch {
			qs, err := s.ArticleQuads(ctx, l)
			if err != nil {
				return graphs, fmt.Errorf("rebuild side indexes: %s: %w", l, err)
			}
			changes = append(changes, GraphChange{Label: l, New: qs})
		}
		all.changes = changes
		if err := s.sideWrite(ctx, func(w SideWriter) error { return all.run(ctx, w) }); err != nil {
			return graphs, fmt.Errorf("rebuild side indexes: %w", err)
		}
		graphs += len(batch)
	}
	err = s.sideWrite(ctx, func(w SideWriter) error {
		for _, ix := range s.indexers {
			if err := w.SidePut(ctx, sideMetaBucket, []byte(ix.Name()), []byte(ix.Name())); err != nil {
				return err
			}
		}
		// What an unfinished bulk write left undone is done now, and
		// markers of older layouts go.
		var drop [][]byte
		err := w.SideScan(ctx, sideMetaBucket, nil, nil, func(k, _ []byte) bool {
			if !slices.ContainsFunc(s.indexers, func(ix Indexer) bool { return ix.Name() == string(k) }) {
				drop = append(drop, slices.Clone(k))
			}
			return true
		})
		if err != nil {
			return err
		}
		for _, k := range drop {
			if err := w.SidePut(ctx, sideMetaBucket, k, nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return graphs, fmt.Errorf("rebuild side indexes: %w", err)
	}
	return graphs, nil
}

// clearSideBucket deletes every key of a side bucket, a thousand per
// transaction.
func (s *Store) clearSideBucket(ctx context.Context, bucket string) error {
	for {
		var keys [][]byte
		err := s.SideScan(ctx, bucket, nil, nil, func(k, _ []byte) bool {
			keys = append(keys, slices.Clone(k))
			return len(keys) < 1000
		})
		if err != nil || len(keys) == 0 {
			return err
		}
		err = s.sideWrite(ctx, func(w SideWriter) error {
			for _, k := range keys {
				if err := w.SidePut(ctx, bucket, k, nil); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
}

// graphLabels lists the IRIs of the store's named graphs but the
// summaries' (every quad is read once, to find them).
func (s *Store) graphLabels(ctx context.Context) ([]quad.IRI, error) {
	seen := map[quad.IRI]bool{}
	var out []quad.IRI
	it := s.qs.QuadsAllIterator().Iterate()
	defer it.Close()
	for it.Next(ctx) {
		l, err := s.qs.QuadDirection(it.Result(), quad.Label)
		if err != nil {
			return nil, err
		}
		if l == nil {
			continue
		}
		v, err := s.qs.NameOf(l)
		if err != nil {
			return nil, err
		}
		iri, ok := v.(quad.IRI)
		if !ok || seen[iri] || IsSummaryGraph(iri) {
			continue
		}
		seen[iri] = true
		out = append(out, iri)
	}
	return out, it.Err()
}
