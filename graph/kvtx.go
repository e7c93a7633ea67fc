package graph

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"sync"
	"time"
	"unsafe"

	"github.com/boltdb/bolt"
	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	cleveldb "github.com/cayleygraph/cayley/graph/kv/leveldb"
	hkv "github.com/hidal-go/hidalgo/kv"
	hbolt "github.com/hidal-go/hidalgo/kv/bolt"
)

// errSnapshotWrite reports a write attempted through a read snapshot.
var errSnapshotWrite = errors.New("graph: a read snapshot cannot write")

// kvOpeners open the KV databases behind Cayley's bolt and leveldb stores
// the way Cayley's own registrations do; Open calls them itself so that it
// can put batchKV between Cayley and the database.
var kvOpeners = map[string]struct {
	create, open, openReadOnly func(string, graph.Options) (hkv.KV, error)
}{
	"bolt": {openBolt, openBolt, openBoltReadOnly},
	// leveldb has no shared lock: a reader holds it like a writer.
	"leveldb": {cleveldb.Create, cleveldb.Open, cleveldb.Open},
}

// boltMmapSize is the address space bolt maps up front. Bolt grows its
// map by waiting for every read transaction to end while new ones wait
// for it: a 10 s query then stalls the write that grows the file and
// every read behind it. Mapping ahead (virtual memory: RSS grows only
// with the pages read) leaves readers and writers independent until the
// store passes this size.
const boltMmapSize = 16 << 30

// boltLockWait is how long opening a bolt store waits for another process
// to release it before it gives up with ErrStoreBusy.
const boltLockWait = 3 * time.Second

// openBolt opens PATH/indexes.bolt (where Cayley keeps it) like Cayley's
// bolt backend, with the map size above.
func openBolt(path string, _ graph.Options) (hkv.KV, error) {
	if err := os.MkdirAll(path, 0o700); err != nil {
		return nil, err
	}
	return openBoltFile(boltFile(path), &bolt.Options{InitialMmapSize: boltMmapSize})
}

// openBoltFile opens a bolt file, making sure the file it locked is still
// the one at its path: a compaction (CompactBolt) renames a fresh copy
// over the file while holding the old one's lock, and an open waiting for
// that lock would otherwise get the old, unlinked file and write where
// nobody reads.
func openBoltFile(file string, opts *bolt.Options) (hkv.KV, error) {
	for {
		before, _ := os.Stat(file)
		db, err := hbolt.Open(file, opts)
		if err != nil {
			return nil, err
		}
		after, err := os.Stat(file)
		if err == nil && (before == nil || os.SameFile(before, after)) {
			return db, nil
		}
		db.Close()
		if err != nil {
			return nil, err
		}
	}
}

// openBoltReadOnly opens an existing PATH/indexes.bolt read-only, under
// bolt's shared lock: readers share the file, and wait for a writer (up to
// boltLockWait, then bolt.ErrTimeout) as a writer waits for them.
func openBoltReadOnly(path string, _ graph.Options) (hkv.KV, error) {
	return openBoltFile(boltFile(path), &bolt.Options{ReadOnly: true, Timeout: boltLockWait, InitialMmapSize: boltMmapSize})
}

// openKV initialises (once) and opens a KV store under a batchKV; read-only,
// it opens an existing store and initialises nothing.
func openKV(backend, path string, opts graph.Options, readOnly bool) (*kv.QuadStore, *batchKV, error) {
	op := kvOpeners[backend]
	if readOnly {
		db, err := op.openReadOnly(path, opts)
		if err != nil {
			return nil, nil, err
		}
		return quadStoreOver(db, opts)
	}
	db, err := op.create(path, opts)
	if err == nil {
		err = kv.Init(db, opts)
		if cerr := db.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil && !errors.Is(err, graph.ErrDatabaseExists) {
		return nil, nil, fmt.Errorf("init: %w", err)
	}
	db, err = op.open(path, opts)
	if err != nil {
		return nil, nil, err
	}
	return quadStoreOver(db, opts)
}

// quadStoreOver wraps an open KV database in a batchKV and Cayley's quad
// store over it, closing the database if the quad store cannot start.
func quadStoreOver(db hkv.KV, opts graph.Options) (*kv.QuadStore, *batchKV, error) {
	bkv := &batchKV{KV: db}
	qs, err := kv.New(bkv, opts)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return qs.(*kv.QuadStore), bkv, nil
}

// batchKV is the KV database under the store's Cayley quad store. While a
// batch is open, every write transaction Cayley asks for joins it, so the
// two ApplyDeltas calls of one replacement (additions, then removals: see
// Store.apply) commit together, and a reader's snapshot sees both or
// neither.
type batchKV struct {
	hkv.KV
	mu    sync.Mutex
	batch hkv.Tx
}

func (b *batchKV) Tx(ctx context.Context, rw bool) (hkv.Tx, error) {
	if rw {
		b.mu.Lock()
		batch := b.batch
		b.mu.Unlock()
		if batch != nil {
			return joinedTx{batch}, nil
		}
	}
	return b.KV.Tx(ctx, rw)
}

func (b *batchKV) View(ctx context.Context, fn func(hkv.Tx) error) error {
	return hkv.View(ctx, b, fn)
}

func (b *batchKV) Update(ctx context.Context, fn func(hkv.Tx) error) error {
	return hkv.Update(ctx, b, fn)
}

// inBatch runs fn with every write transaction joined to one, and commits
// it when fn succeeds. The caller holds the store's writeMu.
func (b *batchKV) inBatch(ctx context.Context, fn func() error) error {
	tx, err := b.KV.Tx(ctx, true)
	if err != nil {
		return err
	}
	fillAppendOnly(tx)
	b.mu.Lock()
	b.batch = tx
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		b.batch = nil
		b.mu.Unlock()
	}()
	if err := fn(); err != nil {
		tx.Close()
		return err
	}
	return tx.Commit(ctx)
}

// batchTx is the open batch's transaction (inside inBatch).
func (b *batchKV) batchTx() hkv.Tx {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.batch
}

// joinedTx is a write transaction inside a batch: Cayley's commit and
// rollback of it are the batch's to do.
type joinedTx struct{ hkv.Tx }

func (joinedTx) Commit(context.Context) error { return nil }
func (joinedTx) Close() error                 { return nil }

// snapshotKV serves every read from one read transaction of the database,
// so a Cayley quad store over it answers from one snapshot (bolt's read
// transactions are MVCC snapshots; leveldb's are leveldb snapshots).
// Closing it ends the transaction. Like the transaction, it is for one
// goroutine at a time.
type snapshotKV struct {
	tx hkv.Tx
}

func (s *snapshotKV) Tx(_ context.Context, rw bool) (hkv.Tx, error) {
	if rw {
		return nil, errSnapshotWrite
	}
	return joinedTx{s.tx}, nil
}

func (s *snapshotKV) View(_ context.Context, fn func(hkv.Tx) error) error {
	return fn(joinedTx{s.tx})
}

func (s *snapshotKV) Update(context.Context, func(hkv.Tx) error) error {
	return errSnapshotWrite
}

func (s *snapshotKV) Close() error { return s.tx.Close() }

// kvSnapshot opens a Cayley quad store over one read transaction of db.
// Readers never wait for writers: a bolt read transaction starts at once,
// whatever is being written.
func kvSnapshot(ctx context.Context, db hkv.KV, opts graph.Options) (graph.QuadStore, hkv.Tx, error) {
	tx, err := db.Tx(ctx, false)
	if err != nil {
		return nil, nil, err
	}
	qs, err := kv.New(&snapshotKV{tx: tx}, opts)
	if err != nil {
		tx.Close()
		return nil, nil, err
	}
	return qs, tx, nil
}

// appendOnlyBuckets are Cayley's buckets whose keys only grow: the quad
// log (keyed by a counter) and the label index (keyed by the article's
// node, new with the article).
var appendOnlyBuckets = []string{"log", "c"}

// appendFill is the fill of their pages. Not 1: removing a quad rewrites
// its log entry a few bytes longer in place (Cayley marks it deleted),
// which would split a full page into a full one and a nearly empty one;
// 10% leaves room to mark every entry of a page.
const appendFill = 0.9

// fillAppendOnly has bolt fill the pages of the append-only buckets in
// tx: by default it splits a page when it is half full, and a page left
// behind by appends is never filled again, so those buckets would take
// twice their size on disk and in every commit's writes. hidalgo keeps
// the bolt transaction to itself; bolt keeps a writable transaction's
// bucket handles, so the fill set here holds for its puts. Should
// hidalgo's Tx change shape, this does nothing.
func fillAppendOnly(tx hkv.Tx) {
	ht, ok := tx.(*hbolt.Tx)
	if !ok {
		return
	}
	f := reflect.ValueOf(ht).Elem().FieldByName("tx")
	if !f.IsValid() || f.Type() != reflect.TypeFor[*bolt.Tx]() {
		return
	}
	btx := *(**bolt.Tx)(unsafe.Pointer(f.UnsafeAddr()))
	if btx == nil || !btx.Writable() {
		return
	}
	for _, name := range appendOnlyBuckets {
		if b := btx.Bucket([]byte(name)); b != nil {
			b.FillPercent = appendFill
		}
	}
}
