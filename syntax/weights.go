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
// probing) over one array of weights, so decoding a model is a few large
// allocations rather than a million map inserts.
//
// A key's home slot is its top bits, not its bottom ones: keys are added
// in increasing order (the model file and training both sort them), so
// the table fills front to back and loading touches memory in sequence
// instead of at random. A slot holds the key and where its weights lie,
// so a lookup costs one cache miss in the table and one in the pool.
type weights struct {
	nClasses int
	shift    uint     // home slot of key k is k >> shift
	mask     uint32   // table size - 1
	table    []slot   // size a power of two, at most half full
	keys     []uint64 // per feature, in insertion order
	offsets  []uint32 // per feature f: its weights are pool[offsets[f]:offsets[f+1]]
	pool     []classWeight
}

// slot is one table entry: a short key and its weights
// pool[start:start+n-1]; n is 0 for an empty slot.
type slot struct {
	key   uint32
	start uint32
	n     uint32
}

func newWeights(nClasses, nFeatures, nWeights int) *weights {
	logSize := bits.Len(uint(nFeatures*2 + 1))
	return &weights{
		nClasses: nClasses,
		shift:    uint(32 - logSize),
		mask:     uint32(1)<<logSize - 1,
		table:    make([]slot, 1<<logSize),
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
	k := uint32(key)
	h := k >> m.shift
	for m.table[h].n != 0 {
		h = (h + 1) & m.mask
	}
	start := uint32(len(m.pool))
	m.pool = append(m.pool, cws...)
	m.table[h] = slot{key: k, start: start, n: uint32(len(cws)) + 1}
	m.keys = append(m.keys, key)
	m.offsets = append(m.offsets, uint32(len(m.pool)))
}

// score adds the features' votes into scores (len nClasses, zeroed by the
// caller), feature by feature in order, so sums round the same way
// whatever the table layout. spans is scratch space, returned for reuse.
//
// All features are looked up before any weight is read: the table and
// the pool are far larger than the CPU caches, and separating the two
// passes lets the processor overlap the cache misses of independent
// lookups instead of waiting for each feature's weights in turn.
func (m *weights) score(feats []uint64, scores []float32, spans []span) []span {
	spans = spans[:0]
	for _, f := range feats {
		if s := m.find(f); s != nil && s.n > 1 {
			spans = append(spans, span{s.start, s.start + s.n - 1})
		}
	}
	for _, sp := range spans {
		for _, cw := range m.pool[sp.start:sp.end] {
			scores[cw.class] += cw.w
		}
	}
	return spans
}

// span locates one feature's weights in the pool.
type span struct{ start, end uint32 }

// find returns a feature's slot, nil when it has none.
func (m *weights) find(feature uint64) *slot {
	key := uint32(shortKey(feature))
	h := key >> m.shift
	for {
		s := &m.table[h]
		if s.n == 0 {
			return nil
		}
		if s.key == key {
			return s
		}
		h = (h + 1) & m.mask
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

// meanWeights averages linear models over the same features and classes
// (parameter mixing). Because the parser's score is linear in its
// weights, parsing with the mean scores each transition by the mean of
// the models' scores: an ensemble of greedy parsers trained in different
// orders, at the cost of one.
func meanWeights(ms []*weights) *weights {
	if len(ms) == 1 {
		return ms[0]
	}
	nClasses := ms[0].nClasses
	// Merge the models' features in key order, k-way over their sorted
	// key orders, so the result does not depend on map iteration.
	orders := make([][]int, len(ms))
	nKeys, nPool := 0, 0
	for i, m := range ms {
		o := make([]int, len(m.keys))
		for f := range o {
			o[f] = f
		}
		sort.Slice(o, func(a, b int) bool { return m.keys[o[a]] < m.keys[o[b]] })
		orders[i] = o
		nKeys, nPool = nKeys+len(m.keys), nPool+len(m.pool)
	}
	out := newWeights(nClasses, nKeys, nPool)
	pos := make([]int, len(ms))
	sums := make([]float32, nClasses)
	seen := make([]bool, nClasses)
	var touched []uint16
	var cws []classWeight
	scale := 1 / float32(len(ms))
	for {
		var key uint64
		found := false
		for i, m := range ms {
			if pos[i] < len(orders[i]) {
				if k := m.keys[orders[i][pos[i]]]; !found || k < key {
					key, found = k, true
				}
			}
		}
		if !found {
			break
		}
		touched = touched[:0]
		for i, m := range ms {
			if pos[i] >= len(orders[i]) {
				continue
			}
			f := orders[i][pos[i]]
			if m.keys[f] != key {
				continue
			}
			pos[i]++
			for _, cw := range m.pool[m.offsets[f]:m.offsets[f+1]] {
				if !seen[cw.class] {
					seen[cw.class] = true
					touched = append(touched, cw.class)
				}
				sums[cw.class] += cw.w
			}
		}
		sort.Slice(touched, func(a, b int) bool { return touched[a] < touched[b] })
		cws = cws[:0]
		for _, c := range touched {
			if w := sums[c] * scale; w != 0 {
				cws = append(cws, classWeight{class: c, w: w})
			}
			sums[c], seen[c] = 0, false
		}
		if len(cws) > 0 {
			out.add(key, cws)
		}
	}
	return out
}
