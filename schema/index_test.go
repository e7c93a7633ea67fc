package schema

import (
	"slices"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

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

// TestEventRowsAndFacets checks that an article's graph holds no index
// quads and that the rows and facets the side index keeps are derived
// from its event quads.
func TestEventRowsAndFacets(t *testing.T) {
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
	for _, q := range qs {
		if q.Label != label {
			t.Fatalf("quad outside the article's graph: %v", q)
		}
		if p := string(q.Predicate.(quad.IRI)); strings.HasPrefix(p, NS+"facet") || p == NS+"eventRow" || p == NS+"inGroup" || p == NS+"inYear" {
			t.Errorf("index quad in the article's graph: %v", q)
		}
	}
	rows := EventRows(qs)
	base := string(EntityIRI(EntityID("Base", "Camp Test")))
	iq := string(CountryIRI("IQ"))
	for _, tc := range []struct {
		id     string
		want   EventRow
		facets []string
	}{
		{"e1", EventRow{Type: "withdrawal", Date: "2025-08-24", Status: "completed", Country: iq, Bases: []string{base}, Article: string(label)},
			[]string{FacetKey("withdrawal", FacetAny, "", "a"), FacetKey("withdrawal", FacetBase, base, "a"), FacetKey("withdrawal", FacetCountry, iq, "a")}},
		{"e2", EventRow{Type: "attack", Negated: true, Status: "planned", Bases: []string{base}, Article: string(label)},
			[]string{FacetKey("attack", FacetAny, "", "xn"), FacetKey("attack", FacetBase, base, "xn")}},
	} {
		row, ok := rows[EventIRI(tc.id)]
		if !ok || !row.Equal(tc.want) {
			t.Errorf("%s: row %+v, want %+v", tc.id, row, tc.want)
		}
		back, ok := ParseEventRow(MarshalEventRow(row))
		if !ok || !back.Equal(row) {
			t.Errorf("%s: row %+v read back as %+v", tc.id, row, back)
		}
		got := Facets([]EventRow{row})
		want := slices.Clone(tc.facets)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: facets %v, want %v", tc.id, got, want)
		}
	}
	if len(rows) != 2 {
		t.Errorf("%d rows, want 2", len(rows))
	}
}

// TestPeriodKeyOrder checks that period keys sort as the events query
// orders periods (newest first, a year's months before the year, undated
// last) and decode back.
func TestPeriodKeyOrder(t *testing.T) {
	ordered := []string{"2026-01", "2026", "2025-12", "2025-09", "2025-08", "2025-01", "2025", "2024-12", "1999", "-"}
	for i, p := range ordered {
		if back := PeriodOfKey(PeriodKey(p)); back != p {
			t.Errorf("period %q read back as %q", p, back)
		}
		if i > 0 && PeriodKey(ordered[i-1]) >= PeriodKey(p) {
			t.Errorf("%q sorts at or after %q", ordered[i-1], p)
		}
	}
}
