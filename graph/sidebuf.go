package graph

// A bulk write defers the side indexes' writes: during a long ingest the
// indexers read and write an ordered buffer in memory (over what the
// store holds), and the buffer reaches the store in key order, once when
// it outgrows its budget and once when the bulk write ends. Written per
// batch instead, the side keys of a batch land all over the store's
// B-trees: at 10k articles bolt's commit rewrote every page a batch
// touched, which made the writer's cost per article grow with the store
// (docs/performance.md). In key order, each page is written about once
// per flush.
//
// While a bulk write runs, the store carries a pending marker in the
// side meta bucket, committed with the first batch: IndexKept reports
// every index as not kept, so readers (this process's Views, another
// process on the same file) answer from the graph rather than from
// indexes that lag behind it, and a store left with the marker by a
// crash is rebuilt by the next ingest (SidePending, RebuildIndexes).
// Once EndBulk returns, the indexes hold every write again.

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"log/slog"
	"math"

	"github.com/google/btree"
)

// sidePendingKey is the pending marker's key in sideMetaBucket.
const sidePendingKey = "pending-bulk-write"

// defaultSideBufferBytes is a bulk write's buffer budget: it counts
// against the ingest's heap limit (ingest.TuneGC) beside extraction and
// bolt's dirty pages, and the bound is 1 GiB of anonymous memory.
const defaultSideBufferBytes = 128 << 20

// sideBuffer holds the side writes of a bulk write not yet in the store,
// and the undo log of the batch in progress, so that a batch whose
// transaction fails leaves no trace in it. Guarded by the store's writeMu.
//
// Its keys and values live in one byte arena, and its ordered index
// holds offsets into it: a buffer of a few hundred MiB made of strings
// and slices cost the garbage collector more than bolt's commit saved
// (10k articles: 27 CPU-s of marking against 5 before), where a
// pointer-free arena is never scanned.
type sideBuffer struct {
	// arena holds entries: key length and value length (4 bytes each,
	// little-endian; deletedVal for a deleted key), the key
	// (bucket+"\x00"+key), the value. An offset names an entry.
	arena []byte
	// t orders the latest entry of every buffered key by key.
	t *btree.BTreeG[uint32]
	// probe is the key that probeOffset stands for in a lookup.
	probe []byte
	limit int
	undo  []sideBufUndo
	// batchStart is the arena's length when the open batch began.
	batchStart int
	// marked is set once the pending marker is committed; markedInTx
	// when the open batch writes it.
	marked, markedInTx bool
	// chunk bounds the bytes of one flush transaction.
	chunk int
	// flushes counts the flushes, for the log.
	flushes int
	// broken is the error of an indexer that failed during the bulk
	// write: the indexes then stay pending, for a rebuild.
	broken error
}

const (
	probeOffset = math.MaxUint32
	deletedVal  = math.MaxUint32
	entryHead   = 8
)

// sideBufUndo undoes one put: cur is the entry it added; prev, when had
// is set, the entry it replaced.
type sideBufUndo struct {
	cur, prev uint32
	had       bool
}

func newSideBuffer(limit int) *sideBuffer {
	b := &sideBuffer{limit: limit, chunk: flushChunkBytes}
	b.t = btree.NewG(64, func(x, y uint32) bool { return bytes.Compare(b.keyAt(x), b.keyAt(y)) < 0 })
	return b
}

func (b *sideBuffer) keyAt(o uint32) []byte {
	if o == probeOffset {
		return b.probe
	}
	kl := binary.LittleEndian.Uint32(b.arena[o:])
	return b.arena[o+entryHead : o+entryHead+kl]
}

// valAt is the value of the entry at o; nil for a deleted key.
func (b *sideBuffer) valAt(o uint32) []byte {
	kl := binary.LittleEndian.Uint32(b.arena[o:])
	vl := binary.LittleEndian.Uint32(b.arena[o+4:])
	if vl == deletedVal {
		return nil
	}
	start := o + entryHead + kl
	return b.arena[start : start+vl : start+vl]
}

// get returns the buffered entry of key.
func (b *sideBuffer) get(key []byte) (uint32, bool) {
	b.probe = key
	o, ok := b.t.Get(probeOffset)
	b.probe = nil
	return o, ok
}

// put buffers key's new value (nil: deleted).
func (b *sideBuffer) put(key, val []byte) {
	o := uint32(len(b.arena))
	vl := uint32(len(val))
	if val == nil {
		vl = deletedVal
	}
	b.arena = binary.LittleEndian.AppendUint32(b.arena, uint32(len(key)))
	b.arena = binary.LittleEndian.AppendUint32(b.arena, vl)
	b.arena = append(b.arena, key...)
	b.arena = append(b.arena, val...)
	prev, had := b.t.ReplaceOrInsert(o)
	b.undo = append(b.undo, sideBufUndo{cur: o, prev: prev, had: had})
}

// size is what the buffer holds, as its budget counts it.
func (b *sideBuffer) size() int { return len(b.arena) }

// committed forgets the open batch's undo log after its transaction
// committed; a batch that carried the whole buffer empties it.
func (b *sideBuffer) committed() {
	b.undo = b.undo[:0]
	b.markedCommitted()
	b.batchStart = len(b.arena)
}

// reset empties the buffer once the store holds all of it.
func (b *sideBuffer) reset() {
	b.t.Clear(false)
	// A fresh arena: a value read from the old one stays intact.
	b.arena, b.undo, b.batchStart = nil, b.undo[:0], 0
}

// markedCommitted records that the open batch's transaction, which
// wrote the pending marker if markedInTx, committed.
func (b *sideBuffer) markedCommitted() {
	if b.markedInTx {
		b.marked, b.markedInTx = true, false
	}
}

// rolledBack undoes the open batch's writes after its transaction failed.
func (b *sideBuffer) rolledBack() {
	for i := len(b.undo) - 1; i >= 0; i-- {
		u := b.undo[i]
		if u.had {
			b.t.ReplaceOrInsert(u.prev)
		} else {
			b.t.Delete(u.cur)
		}
	}
	b.undo = b.undo[:0]
	b.arena = b.arena[:b.batchStart]
	b.markedInTx = false
}

// flushChunkBytes bounds a flush transaction: bolt holds every page a
// transaction touches in memory until it commits, and a 128 MiB buffer
// written in one transaction took the ingest past 1 GiB of anonymous
// memory (10k articles: 1,104 MB).
const flushChunkBytes = 16 << 20

// flushSideBuffer writes the buffer to the store in key order, in
// transactions of about b.chunk bytes each, then empties it; final also
// clears the pending marker, in the last transaction. The caller holds
// writeMu, between two batches. A failure leaves the buffer whole: what
// was written is written again by the next flush (the same values).
func (s *Store) flushSideBuffer(ctx context.Context, b *sideBuffer, final bool) error {
	var last []byte
	for {
		done := false
		err := s.kv.inBatch(ctx, func() error {
			tx := s.kv.batchTx()
			n := 0
			var err error
			visit := func(o uint32) bool {
				k := b.keyAt(o)
				if last != nil && bytes.Equal(k, last) {
					return true
				}
				if n >= b.chunk {
					return false
				}
				bucket, key, _ := bytes.Cut(k, []byte{0})
				// The arena outlives the transaction: bolt may keep
				// these slices until the commit without a copy.
				if v := b.valAt(o); v == nil {
					err = tx.Del(ctx, sideKey(string(bucket), key))
				} else {
					err = tx.Put(ctx, sideKey(string(bucket), key), v)
				}
				n += len(k) + len(b.valAt(o))
				last = k
				return err == nil
			}
			if last == nil {
				b.t.Ascend(visit)
			} else {
				b.probe = last
				b.t.AscendGreaterOrEqual(probeOffset, visit)
				b.probe = nil
			}
			if err != nil {
				return err
			}
			if n >= b.chunk {
				return nil
			}
			done = true
			if final {
				return kvSide{tx}.SidePut(ctx, sideMetaBucket, []byte(sidePendingKey), nil)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if done {
			b.reset()
			b.flushes++
			return nil
		}
	}
}

// writer is a SideWriter of the open batch: reads see the buffer over
// base, writes go to the buffer.
func (b *sideBuffer) writer(base SideWriter) SideWriter {
	return bufferedSide{b: b, base: base}
}

type bufferedSide struct {
	b    *sideBuffer
	base SideWriter
}

func bufKey(bucket string, key []byte) []byte {
	out := make([]byte, 0, len(bucket)+1+len(key))
	out = append(out, bucket...)
	out = append(out, 0)
	return append(out, key...)
}

func (w bufferedSide) SideGet(ctx context.Context, bucket string, key []byte) ([]byte, error) {
	if o, ok := w.b.get(bufKey(bucket, key)); ok {
		return w.b.valAt(o), nil
	}
	return w.base.SideGet(ctx, bucket, key)
}

func (w bufferedSide) SidePut(_ context.Context, bucket string, key, val []byte) error {
	if len(val) == 0 {
		val = nil
	}
	w.b.put(bufKey(bucket, key), val)
	return nil
}

// SideScan merges the buffer's keys of the range with the store's: a
// buffered key hides the stored one (a deleted one hides it for good).
func (w bufferedSide) SideScan(ctx context.Context, bucket string, prefix, from []byte, fn func(key, val []byte) bool) error {
	full := bufKey(bucket, prefix)
	start := full
	if len(from) > 0 && bytes.Compare(from, prefix) > 0 {
		start = bufKey(bucket, from)
	}
	head := len(bucket) + 1
	type entry struct{ key, val []byte }
	var mine []entry
	w.b.probe = start
	w.b.t.AscendGreaterOrEqual(probeOffset, func(o uint32) bool {
		k := w.b.keyAt(o)
		if !bytes.HasPrefix(k, full) {
			return false
		}
		mine = append(mine, entry{key: k[head:], val: w.b.valAt(o)})
		return true
	})
	w.b.probe = nil
	if len(mine) == 0 {
		return w.base.SideScan(ctx, bucket, prefix, from, fn)
	}
	i, stopped := 0, false
	// emit passes the buffered keys before k (all of them when k is
	// nil), reporting whether the scan goes on.
	emit := func(k []byte) bool {
		for ; i < len(mine) && (k == nil || bytes.Compare(mine[i].key, k) < 0); i++ {
			if mine[i].val != nil && !fn(mine[i].key, mine[i].val) {
				return false
			}
		}
		return true
	}
	err := w.base.SideScan(ctx, bucket, prefix, from, func(k, v []byte) bool {
		if !emit(k) {
			stopped = true
			return false
		}
		if i < len(mine) && bytes.Equal(mine[i].key, k) {
			it := mine[i]
			i++
			if it.val == nil {
				return true
			}
			v = it.val
		}
		if !fn(k, v) {
			stopped = true
			return false
		}
		return true
	})
	if err != nil || stopped {
		return err
	}
	emit(nil)
	return nil
}

// BeginBulk starts a bulk write: until EndBulk, the side indexes' writes
// wait in a buffer of about limitBytes (zero: the default) and reach the
// store in key order. It returns false, doing nothing, on a store that
// does not buffer them (memory, PostgreSQL, CockroachDB) or is in a bulk
// write already.
func (s *Store) BeginBulk(limitBytes int) bool {
	if s.snapshot || s.readOnly || s.kv == nil || len(s.indexers) == 0 {
		return false
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if s.sideBuf != nil {
		return false
	}
	if limitBytes <= 0 {
		limitBytes = defaultSideBufferBytes
	}
	s.sideBuf = newSideBuffer(limitBytes)
	return true
}

// EndBulk writes what the bulk write buffered and clears the pending
// marker, in one transaction; from then on the side indexes answer again.
// It is a no-op outside a bulk write. On error the buffer is kept (a later
// EndBulk or Close tries again) and the marker stays: the next ingest
// rebuilds the indexes.
func (s *Store) EndBulk(ctx context.Context) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	b := s.sideBuf
	if b == nil {
		return nil
	}
	if !b.marked && b.t.Len() == 0 {
		s.sideBuf = nil
		return nil
	}
	if b.broken != nil {
		// The pending marker stays: the next ingest rebuilds.
		s.sideBuf = nil
		return fmt.Errorf("side indexes of the bulk write (they will be rebuilt by the next ingest): %w", b.broken)
	}
	unlock, err := s.lockWriters(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if err := s.flushSideBuffer(ctx, b, true); err != nil {
		return fmt.Errorf("write the buffered side indexes: %w", err)
	}
	s.sideBuf = nil
	slog.Debug("bulk write ended", "store", s.backend, "side_buffer_flushes", b.flushes)
	return nil
}

// SidePending reports whether the store carries the pending marker of a
// bulk write that did not end (a crash during an ingest): its side
// indexes then miss writes, until RebuildIndexes.
func (s *Store) SidePending(ctx context.Context) (bool, error) {
	if !s.hasSide() {
		return false, nil
	}
	v, err := s.SideGet(ctx, sideMetaBucket, []byte(sidePendingKey))
	return v != nil, err
}
