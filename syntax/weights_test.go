package syntax

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestMeanWeightsScoresAsMeanOfScores: parsing with averaged weights must
// score every configuration by the mean of the models' scores, features
// that only one model has included.
func TestMeanWeightsScoresAsMeanOfScores(t *testing.T) {
	build := func(entries map[uint64][]classWeight) *weights {
		var keys []uint64
		for k := range entries {
			keys = append(keys, k)
		}
		sortKeys(keys)
		m := newWeights(3, len(keys), 8)
		for _, k := range keys {
			m.add(k, entries[k])
		}
		return m
	}
	// Keys are short keys (the top 32 bits of a feature hash).
	a := build(map[uint64][]classWeight{1: {{0, 2}, {2, -1}}, 5: {{1, 4}}})
	b := build(map[uint64][]classWeight{1: {{0, -2}, {1, 3}}, 9: {{2, 6}}})
	mean := meanWeights([]*weights{a, b})
	feats := []uint64{1 << 32, 5 << 32, 9 << 32, 7 << 32}
	score := func(m *weights) []float32 {
		s := make([]float32, 3)
		m.score(feats, s, nil)
		return s
	}
	sa, sb, sm := score(a), score(b), score(mean)
	for c := range sm {
		if want := (sa[c] + sb[c]) / 2; sm[c] != want {
			t.Errorf("class %d: mean model scores %v, want %v (models %v, %v)", c, sm[c], want, sa[c], sb[c])
		}
	}
	// Key 1's class 0 cancels out: no zero weight is stored.
	if f, e := mean.size(); f != 3 || e != 4 {
		t.Errorf("mean has %d features, %d weights; want 3, 4", f, e)
	}
}

func sortKeys(keys []uint64) {
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
}

// TestTrainParsersDeterministic: parsers trained in parallel goroutines
// and averaged give the same weights on every run, whatever the
// scheduling.
func TestTrainParsersDeterministic(t *testing.T) {
	sents, ut, _, _, upos, xpos := tinyTagged(t)
	cfg := TrainConfig{ParserEpochs: 5, Seed: 1, ParserRuns: 3}
	digest := func(cfg TrainConfig) string {
		p, err := trainParsers(context.Background(), cfg, sents, upos, xpos, verbClass(ut), func(int, int, *parser) {})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		p.model.each(func(key uint64, cws []classWeight) {
			for _, cw := range cws {
				fmt.Fprintf(&b, "%x:%d:%g ", key, cw.class, cw.w)
			}
		})
		return b.String()
	}
	first := digest(cfg)
	if again := digest(cfg); again != first {
		t.Error("two multi-run trainings with one seed gave different weights")
	}
	if first == "" {
		t.Error("no weights trained")
	}
}
