package syntax

import "sort"

// Feature keys are 64-bit hashes of a template number and its atoms (word
// hashes, tag and label numbers). Hashing instead of interning strings
// keeps feature extraction allocation-free and needs no vocabulary in the
// model file; with 64 bits collisions are negligible.

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// hashString is FNV-1a: fixed across runs, unlike hash/maphash, so trained
// keys stay valid in the embedded model.
func hashString(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

func mix(h, x uint64) uint64 {
	h ^= x + 0x9e3779b97f4a7c15 + (h << 6) + (h >> 2)
	h *= 0xff51afd7ed558ccd
	return h ^ (h >> 33)
}

func feat1(t, a uint64) uint64       { return mix(mix(t, a), 1) }
func feat2(t, a, b uint64) uint64    { return mix(mix(mix(t, a), b), 2) }
func feat3(t, a, b, c uint64) uint64 { return mix(mix(mix(mix(t, a), b), c), 3) }

// trainEntry is one class's weight for a feature during training, with
// what averaging needs: the running sum of the weight over updates and
// the step it last changed at.
type trainEntry struct {
	class uint16
	w     int32
	ts    int32
	total int64
}

// perceptron is an averaged multiclass perceptron being trained. Updates
// are +1/-1 so weights stay integers and averaging is exact.
type perceptron struct {
	nClasses int
	index    map[uint64]int32
	entries  [][]trainEntry
	step     int32
}

func newPerceptron(nClasses int) *perceptron {
	return &perceptron{nClasses: nClasses, index: make(map[uint64]int32)}
}

func (p *perceptron) score(feats []uint64, scores []float32) {
	for i := range scores {
		scores[i] = 0
	}
	for _, f := range feats {
		i, ok := p.index[f]
		if !ok {
			continue
		}
		for _, e := range p.entries[i] {
			scores[e.class] += float32(e.w)
		}
	}
}

// tick counts one training example, whether or not it updated.
func (p *perceptron) tick() { p.step++ }

// update moves the weights toward truth and away from guess.
func (p *perceptron) update(feats []uint64, truth, guess int) {
	if truth == guess {
		return
	}
	for _, f := range feats {
		i, ok := p.index[f]
		if !ok {
			i = int32(len(p.entries))
			p.index[f] = i
			p.entries = append(p.entries, nil)
		}
		p.bump(i, truth, 1)
		p.bump(i, guess, -1)
	}
}

func (p *perceptron) bump(i int32, class int, delta int32) {
	es := p.entries[i]
	for k := range es {
		if int(es[k].class) == class {
			e := &es[k]
			e.total += int64(p.step-e.ts) * int64(e.w)
			e.ts = p.step
			e.w += delta
			return
		}
	}
	p.entries[i] = append(es, trainEntry{class: uint16(class), w: delta, ts: p.step})
}

// average returns the averaged weights, dropping those whose magnitude is
// below minWeight (they barely change a score and cost model size).
func (p *perceptron) average(minWeight float32) *weights {
	keys := make([]uint64, 0, len(p.index))
	total := 0
	for key, i := range p.index {
		keys = append(keys, key)
		total += len(p.entries[i])
	}
	sort.Slice(keys, func(a, b int) bool { return keys[a] < keys[b] })
	m := newWeights(p.nClasses, len(keys), total)
	steps := float64(max(p.step, 1))
	sums := make([]float64, p.nClasses)
	seen := make([]bool, p.nClasses)
	var touched []uint16
	var cws []classWeight
	// Keys are sorted, so features sharing a short key are adjacent:
	// their averaged weights are summed into one entry.
	for k := 0; k < len(keys); {
		short := shortKey(keys[k])
		touched = touched[:0]
		for ; k < len(keys) && shortKey(keys[k]) == short; k++ {
			for _, e := range p.entries[p.index[keys[k]]] {
				if !seen[e.class] {
					seen[e.class] = true
					touched = append(touched, e.class)
				}
				sums[e.class] += float64(e.total+int64(p.step-e.ts)*int64(e.w)) / steps
			}
		}
		sort.Slice(touched, func(a, b int) bool { return touched[a] < touched[b] })
		cws = cws[:0]
		for _, c := range touched {
			w := float32(sums[c])
			sums[c], seen[c] = 0, false
			if w >= minWeight || w <= -minWeight {
				cws = append(cws, classWeight{class: c, w: w})
			}
		}
		if len(cws) > 0 {
			m.add(short, cws)
		}
	}
	return m
}

func argmax(scores []float32, allowed func(int) bool) int {
	best := -1
	for c, s := range scores {
		if allowed != nil && !allowed(c) {
			continue
		}
		if best < 0 || s > scores[best] {
			best = c
		}
	}
	return best
}
