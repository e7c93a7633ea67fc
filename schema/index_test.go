package schema

import (
	"testing"

	"github.com/newsgraph/newsgraph"
)

func TestEventGroupKey(t *testing.T) {
	base := []string{"b1"}
	for _, tc := range []struct {
		name   string
		a, b   [5]string // type, actor, country, base, date
		joined bool
	}{
		{"a month and a day of it", [5]string{"withdrawal", "us", "iq", "b1", "2025-08"}, [5]string{"withdrawal", "us", "iq", "b1", "2025-08-24"}, true},
		{"two days of one month", [5]string{"withdrawal", "us", "iq", "b1", "2025-08-03"}, [5]string{"withdrawal", "us", "iq", "b1", "2025-08-24"}, true},
		{"two months", [5]string{"withdrawal", "us", "iq", "b1", "2025-08"}, [5]string{"withdrawal", "us", "iq", "b1", "2025-09"}, false},
		{"a year and a month of it", [5]string{"withdrawal", "us", "iq", "b1", "2025"}, [5]string{"withdrawal", "us", "iq", "b1", "2025-08"}, false},
		{"undated twice", [5]string{"attack", "", "iq", "b1", ""}, [5]string{"attack", "", "iq", "b1", ""}, true},
		{"another actor", [5]string{"withdrawal", "us", "iq", "b1", "2025-08"}, [5]string{"withdrawal", "fr", "iq", "b1", "2025-08"}, false},
		{"another type", [5]string{"withdrawal", "us", "iq", "b1", "2025-08"}, [5]string{"deployment", "us", "iq", "b1", "2025-08"}, false},
		{"another base", [5]string{"withdrawal", "us", "iq", "b1", "2025-08"}, [5]string{"withdrawal", "us", "iq", "b2", "2025-08"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := func(k [5]string) string {
				return string(EventGroupIRI(k[0], k[1], k[2], append(base[:0:0], k[3]), k[4]))
			}
			if joined := g(tc.a) == g(tc.b); joined != tc.joined {
				t.Errorf("%v and %v in one group: %v, want %v", tc.a, tc.b, joined, tc.joined)
			}
		})
	}
}

// TestIndexQuadsLiveInTheArticleGraph checks that an event's index quads
// are labelled with its article (so they go with it) and lead from the
// event's facets to its group and from the group to the event.
func TestIndexQuadsLiveInTheArticleGraph(t *testing.T) {
	x := newsgraph.Extraction{
		Article: newsgraph.ArticleRecord{ID: "a1", URL: "https://example.org/a1"},
		Entities: []newsgraph.Entity{
			{ID: EntityID("Country", "IQ"), Type: "Country", Name: "Iraq", Code: "IQ"},
			{ID: EntityID("Base", "Camp Test"), Type: "Base", Name: "Camp Test"},
		},
		Events: []newsgraph.Event{
			{ID: "e1", Type: "withdrawal", Bases: []string{"Camp Test"}, Country: "Iraq", CountryCode: "IQ", Date: "2025-08-24", Status: "completed"},
			{ID: "e2", Type: "attack", Bases: []string{"Camp Test"}, Negated: true, Status: "planned"},
		},
	}
	qs := Quads(x, Provenance{})
	label := ArticleIRI("a1")
	byPred := map[string]int{}
	facets := map[string]bool{}
	for _, q := range qs {
		if q.Label != label {
			t.Fatalf("quad outside the article's graph: %v", q)
		}
		byPred[q.Predicate.String()]++
		if q.Predicate == FacetP {
			facets[q.Object.String()] = true
		}
	}
	if byPred[EventRowP.String()] != 2 || byPred[InGroup.String()] != 2 {
		t.Errorf("index rows %d, group links %d; want one of each per event", byPred[EventRowP.String()], byPred[InGroup.String()])
	}
	base := string(EntityIRI(EntityID("Base", "Camp Test")))
	for _, want := range []string{
		FacetIRI("withdrawal", FacetAny, "", "2025-08", "a").String(),
		FacetIRI("withdrawal", FacetBase, base, "2025-08", "a").String(),
		FacetIRI("withdrawal", FacetCountry, string(CountryIRI("IQ")), "2025-08", "a").String(),
		FacetIRI("attack", FacetBase, base, "-", "xn").String(),
	} {
		if !facets[want] {
			t.Errorf("no facet %s among %v", want, facets)
		}
	}
	for _, q := range qs {
		if q.Predicate == EventRowP {
			row, ok := ParseEventRow(q.Object)
			if !ok || row.Article != string(label) || len(row.Bases) != 1 || row.Bases[0] != base {
				t.Errorf("index row %v read back as %+v", q.Object, row)
			}
		}
	}
}
