package graph

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// addTally adds sign times o to t.
func addTally(t *tally, o tally, sign int64) {
	t.Events += sign * o.Events
	t.Articles += sign * o.Articles
	for _, m := range []struct{ dst, src *map[string]int64 }{{&t.Publishers, &o.Publishers}, {&t.Dates, &o.Dates}, {&t.Actors, &o.Actors}} {
		for k, v := range *m.src {
			incCount(m.dst, k, sign*v)
		}
	}
}

// randomCell is a cellState of a few random tallies, keys drawn from small
// sets so that merges meet equal keys.
func randomCell(rng *rand.Rand) *cellState {
	st := &cellState{}
	for i := range st {
		if rng.IntN(4) == 0 {
			continue
		}
		t := &st[i]
		t.Events = int64(1 + rng.IntN(9))
		t.Articles = int64(1 + rng.IntN(5))
		for range rng.IntN(4) {
			incCount(&t.Publishers, fmt.Sprintf("~pub%d", rng.IntN(4)), 1)
		}
		for range rng.IntN(6) {
			incCount(&t.Dates, fmt.Sprintf("2025-0%d-1%d", 1+rng.IntN(9), rng.IntN(10)), 1)
		}
		for range rng.IntN(12) {
			incCount(&t.Actors, fmt.Sprintf("~actor%d", rng.IntN(9)), int64(1+rng.IntN(3)))
		}
	}
	return st
}

// TestCellEncoding checks the binary cells against the maps they encode:
// a cell merged from stored bytes and a change has the bytes of the sum
// encoded afresh, and each negation choice's row is the one rowOf makes
// of the maps.
func TestCellEncoding(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	var scratch []byte
	for step := range 300 {
		a, b := randomCell(rng), randomCell(rng)
		sign := int64(1)
		switch step % 4 {
		case 0:
			// A delete of part of the stored cell: a holds b.
			sign = -1
			for i := range a {
				addTally(&a[i], b[i], 1)
			}
		case 1:
			// A delete of all of it.
			sign, b = -1, a
		}
		sum, delta := &cellState{}, &cellState{}
		for i := range sum {
			addTally(&sum[i], a[i], 1)
			addTally(&sum[i], b[i], sign)
			addTally(&delta[i], b[i], sign)
		}
		stored, err := parseCellView(mergeCell(&cellView{}, a, &scratch))
		if err != nil {
			t.Fatalf("step %d: parse a: %v", step, err)
		}
		merged := mergeCell(&stored, delta, &scratch)
		fresh := mergeCell(&cellView{}, sum, &scratch)
		if string(merged) != string(fresh) {
			t.Fatalf("step %d: merged %x, encoded afresh %x", step, merged, fresh)
		}
		if (merged == nil) != sum.empty() {
			t.Fatalf("step %d: merged %x for a sum that is empty=%v", step, merged, sum.empty())
		}
		v, err := parseCellView(merged)
		if err != nil {
			t.Fatalf("step %d: parse the sum: %v", step, err)
		}
		for neg := range negChoices {
			// A cell whose row sameRowOf says is unchanged has the row.
			if sameRowOf(&stored, &v, neg) {
				rs, oks := rowOfView("~b", &stored, neg)
				rv, okv := rowOfView("~b", &v, neg)
				if oks != okv || !reflect.DeepEqual(rs, rv) {
					t.Fatalf("step %d neg %d: rows %+v and %+v said to be the same", step, neg, rs, rv)
				}
			}
			got, gok := rowOfView("~b", &v, neg)
			want, wok := rowOf("~b", sum, neg)
			if gok != wok || !reflect.DeepEqual(got, want) {
				t.Fatalf("step %d neg %d: row %+v (%v), want %+v (%v)", step, neg, got, gok, want, wok)
			}
		}
	}
}

// TestCellEncodingTruncated checks that a cut cell is an error, not a
// panic or a shorter cell.
func TestCellEncodingTruncated(t *testing.T) {
	var scratch []byte
	st := &cellState{}
	st[2] = tally{Events: 2, Articles: 1, Dates: map[string]int64{"2025-01-01": 2}, Actors: map[string]int64{"~x": 2}}
	b := mergeCell(&cellView{}, st, &scratch)
	for n := 1; n < len(b); n++ {
		if _, err := parseCellView(b[:n]); err == nil {
			t.Errorf("the first %d of %d bytes parse", n, len(b))
		}
	}
	if _, err := parseCellView(append(b, 0)); err == nil {
		t.Error("a cell with a byte past its end parses")
	}
}

// TestRowJSON checks rowJSON against json.Marshal, byte for byte, on rows
// with and without the optional fields, text that needs escapes and
// coordinates that need exponents.
func TestRowJSON(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	// The plain ones take the fast path; every fourth row may have the
	// others, which go through json.Marshal.
	plainTexts := []string{"", "~base1", "http://example.org/id/entity/x", "2025-03-01", "Ramsund (North)"}
	texts := append(slices.Clone(plainTexts), "Sinpo <naval> & \"base\"", "tab\there", "Zürich", "\u2028", "back\\slash", string([]byte{0xff, 'a'}))
	plainFloats := []*float64{nil, f(0), f(-12.5), f(38.0001), f(-0.000001), f(123456789.125)}
	floats := append(slices.Clone(plainFloats), f(1e-7), f(3e21))
	rng := rand.New(rand.NewPCG(11, 13))
	for step := range 500 {
		ts, fs := plainTexts, plainFloats
		if step%4 == 0 {
			ts, fs = texts, floats
		}
		pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
		r := BaseRow{
			BaseSummary: BaseSummary{
				Base: pick(ts), Events: rng.Int64N(1000) - 5, Articles: rng.Int64N(100), Publishers: rng.Int64N(9),
				First: pick(ts), Last: pick(ts), Negated: rng.Int64N(3),
			},
			Name: pick(ts), Country: pick(ts), Lat: fs[rng.IntN(len(fs))], Lon: fs[rng.IntN(len(fs))],
		}
		for range rng.IntN(MaxRowActors + 1) {
			r.Actors = append(r.Actors, ActorCount{Actor: pick(ts), Events: rng.Int64N(50)})
		}
		want, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if got := rowJSON(r); string(got) != string(want) {
			t.Fatalf("step %d: %s, want %s", step, got, want)
		}
	}
}
