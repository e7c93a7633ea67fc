package queries

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// TestBestEntitiesMatchesScan checks that resolving a name through the
// name keys gives exactly what reading every entity's names gives, for
// every name and alias in the test store, in several spellings.
func TestBestEntitiesMatchesScan(t *testing.T) {
	ctx := context.Background()
	s := store(t)
	all, err := newReader(s).entries(ctx, lookupTypes)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) == 0 {
		t.Fatal("no entities in the test store")
	}
	key := func(ms []entityMatch) []string {
		var out []string
		for _, m := range ms {
			out = append(out, nodeKey(m.node)+"|"+m.name+"|"+m.typ+"|"+m.via+"|"+string(rune('0'+m.score)))
		}
		slices.Sort(out)
		return out
	}
	// One reader per side: the scan reads the names once, and the caches
	// change no answer.
	fastR, scanR := newReader(s), newReader(s)
	checked := 0
	for _, e := range all {
		for _, n := range e.names {
			for _, text := range []string{n, strings.ToLower(n), strings.ToUpper(n), strings.ReplaceAll(n, "-", " ")} {
				for _, types := range [][]string{nil, {e.typ}} {
					fast, err := fastR.bestEntities(ctx, text, types)
					if err != nil {
						t.Fatal(err)
					}
					scan, err := scanR.matchEntities(ctx, text, types)
					if err != nil {
						t.Fatal(err)
					}
					if got, want := key(fast), key(bestMatches(scan)); !slices.Equal(got, want) {
						t.Errorf("%q (types %v): name keys give %v, a scan gives %v", text, types, got, want)
					}
					checked++
				}
			}
		}
	}
	// Text that is no exact name falls back to the scan.
	for _, text := range []string{"asad", "air", "Iran", "zzz"} {
		fast, err := fastR.bestEntities(ctx, text, nil)
		if err != nil {
			t.Fatal(err)
		}
		scan, err := scanR.matchEntities(ctx, text, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := key(fast), key(bestMatches(scan)); !slices.Equal(got, want) {
			t.Errorf("%q: name keys give %v, a scan gives %v", text, got, want)
		}
	}
	t.Logf("%d lookups compared", checked)
}
