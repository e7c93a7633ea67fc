package syntax

import (
	"math/bits"
	"sort"
)

// classWeight is one class's weight for a feature.
type classWeight struct {
	class uint16
	w     float32
}

// weights is a trained, averaged linear model: for each feature key the
// classes it votes for. Keys live in an open-addressing table (linear
// probing; keys are already well-mixed hashes) over one array of
// weights, so decoding a model is a few large allocations rather than a
// million map inserts.
type weights struct {
	nClasses int
	mask     uint64
	slots    []uint64 // key per slot; meaningful where feature[slot] > 0
	feature  []uint32 // 1 + feature number per slot, 0 for an empty slot
	keys     []uint64 // per feature, in insertion order
	offsets  []uint32 // per feature f: its weights are pool[offsets[f]:offsets[f+1]]
	pool     []classWeight
}

func newWeights(nClasses, nFeatures, nWeights int) *weights {
	size := 1 << bits.Len(uint(nFeatures*2+1))
	return &weights{
		nClasses: nClasses,
		mask:     uint64(size - 1),
		slots:    make([]uint64, size),
		feature:  make([]uint32, size),
		keys:     make([]uint64, 0, nFeatures),
		offsets:  append(make([]uint32, 0, nFeatures+1), 0),
		pool:     make([]classWeight, 0, nWeights),
	}
}

// shortKey keeps the top 32 bits of a feature hash: the model stores
// those, which halves its largest incompressible part. Among a few million
// features some hundreds collide and share weights (merged in training),
// and an unseen feature matches a stored one about once in a thousand
// lookups; neither moves accuracy measurably.
func shortKey(feature uint64) uint64 { return feature >> 32 }

// add appends a feature's weights under its short key; each key is added
// once.
func (m *weights) add(key uint64, cws []classWeight) {
	h := key & m.mask
	for m.feature[h] != 0 {
		h = (h + 1) & m.mask
	}
	m.slots[h] = key
	m.keys = append(m.keys, key)
	m.feature[h] = uint32(len(m.keys))
	m.pool = append(m.pool, cws...)
	m.offsets = append(m.offsets, uint32(len(m.pool)))
}

// lookup returns a feature's weights, nil when it has none.
func (m *weights) lookup(feature uint64) []classWeight {
	key := shortKey(feature)
	h := key & m.mask
	for {
		f := m.feature[h]
		if f == 0 {
			return nil
		}
		if m.slots[h] == key {
			return m.pool[m.offsets[f-1]:m.offsets[f]]
		}
		h = (h + 1) & m.mask
	}
}

// score adds the features' votes into scores (len nClasses, zeroed by the
// caller).
func (m *weights) score(feats []uint64, scores []float32) {
	for _, f := range feats {
		for _, cw := range m.lookup(f) {
			scores[cw.class] += cw.w
		}
	}
}

// each calls fn for every feature in increasing key order, so encodings
// do not depend on insertion order.
func (m *weights) each(fn func(key uint64, cws []classWeight)) {
	order := make([]int, len(m.keys))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return m.keys[order[a]] < m.keys[order[b]] })
	for _, f := range order {
		fn(m.keys[f], m.pool[m.offsets[f]:m.offsets[f+1]])
	}
}

// pruned returns the weights whose magnitude is at least minWeight:
// those below barely change a score and cost model size.
func (m *weights) pruned(minWeight float32) *weights {
	out := newWeights(m.nClasses, len(m.keys), len(m.pool))
	var keep []classWeight
	m.each(func(key uint64, cws []classWeight) {
		keep = keep[:0]
		for _, cw := range cws {
			if cw.w >= minWeight || cw.w <= -minWeight {
				keep = append(keep, cw)
			}
		}
		if len(keep) > 0 {
			out.add(key, keep)
		}
	})
	return out
}

// size counts features and class weights.
func (m *weights) size() (features, entries int) { return len(m.keys), len(m.pool) }
