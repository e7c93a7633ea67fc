package eval

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/newsgraph/newsgraph"
)

func TestFold(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"U.S.", "u s"},
		{"US", "us"},
		{"Al-Asad Airbase", "al asad airbase"},
		{"The Guardian", "guardian"},
		{"the", "the"},
		{"Sana'a", "sanaa"},
		{"Sana’a", "sanaa"},
		{"Côte d'Ivoire", "cote divoire"},
		{"  Redzikowo\u00a0base ", "redzikowo base"},
		{"Ålesund—Øst", "alesund st"},
		{"", ""},
	} {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestGoldNameReadsObjectOrString(t *testing.T) {
	var g Gold
	data := `{"publisher": "P", "published": null,
		"countries": ["Niger", {"name": "Mali", "aliases": ["Malian"]}],
		"optional_events": [{"type": "attack", "bases": [], "country": "Mali"}]}`
	if err := json.Unmarshal([]byte(data), &g); err != nil {
		t.Fatal(err)
	}
	want := []GoldName{{Name: "Niger"}, {Name: "Mali", Aliases: []string{"Malian"}}}
	if !slices.EqualFunc(g.Countries, want, func(a, b GoldName) bool { return a.Name == b.Name && slices.Equal(a.Aliases, b.Aliases) }) {
		t.Errorf("countries = %+v, want %+v", g.Countries, want)
	}
	if g.Published != "" || len(g.OptionalEvents) != 1 {
		t.Errorf("published %q, optional events %d", g.Published, len(g.OptionalEvents))
	}
}

func str(s string) *string { return &s }

func TestCompare(t *testing.T) {
	gold := &Gold{
		Publisher: "Example News", PublisherAliases: []string{"example.com"}, Published: "2025-08-25",
		Countries: []GoldName{{Name: "United States", Aliases: []string{"US"}}, {Name: "Iraq"}},
		Bases:     []GoldName{{Name: "Ain al-Asad Air Base", Aliases: []string{"Al Asad"}, Country: "Iraq"}},
		Events: []GoldEvent{
			{Type: "withdrawal", Bases: []string{"Ain al-Asad Air Base"}, Actor: str("United States"), Country: str("Iraq"), Date: str("2025-08-24")},
			{Type: "withdrawal", Actor: str("United States"), Country: str("Iraq"), Negated: true},
		},
		OptionalCountries: []GoldName{{Name: "Syria"}},
		OptionalEvents:    []GoldEvent{{Type: "deployment", Country: str("Iraq")}},
	}
	x := newsgraph.Extraction{
		Article: newsgraph.ArticleRecord{Publisher: "example.com", Published: "2025-08-25T10:00:00Z"},
		Entities: []newsgraph.Entity{
			{Type: "Country", Name: "United States", Mentions: []string{"US"}},
			{Type: "Country", Name: "Syria", Mentions: []string{"Syria"}},   // optional: not counted
			{Type: "Country", Name: "Turkey", Mentions: []string{"Turkey"}}, // false positive
			{Type: "Base", Name: "Ain al-Asad Air Base", Mentions: []string{"Al Asad"}, Country: "Iraq"},
			{Type: "Publisher", Name: "Example News", Aliases: []string{"example.com"}}, // the page's own
			{Type: "Publisher", Name: "Reuters", Mentions: []string{"Reuters"}},         // a cited outlet
		},
		Events: []newsgraph.Event{
			{Type: "withdrawal", Bases: []string{"Ain al-Asad Air Base"}, Actor: "US", Country: "Iraq", Date: "2025-08"},
			{Type: "deployment", Country: "Iraq"}, // optional: not counted
			{Type: "attack", Country: "Iraq"},     // false positive
		},
	}
	r := Compare("a", x, gold)
	for _, tt := range []struct {
		name       string
		got        Counts
		tp, fp, fn int
	}{
		{"countries", r.Countries, 1, 1, 1},
		{"bases", r.Bases, 1, 0, 0},
		{"organisations", r.Organisations, 0, 1, 0},
		{"events", r.Events, 1, 1, 1},
	} {
		if tt.got != (Counts{tt.tp, tt.fp, tt.fn}) {
			t.Errorf("%s = %+v, want tp=%d fp=%d fn=%d", tt.name, tt.got, tt.tp, tt.fp, tt.fn)
		}
	}
	for _, tt := range []struct {
		name           string
		got            Accuracy
		correct, total int
	}{
		{"publisher", r.Publisher, 1, 1},
		{"published", r.Published, 1, 1},
		{"base country", r.BaseCountry, 1, 1},
		{"event actor", r.EventActor, 1, 1},
		{"event date", r.EventDate, 0, 1},
		{"event negation", r.EventNegation, 1, 1},
	} {
		if tt.got != (Accuracy{tt.correct, tt.total}) {
			t.Errorf("%s = %+v, want %d of %d", tt.name, tt.got, tt.correct, tt.total)
		}
	}
	if len(r.SpuriousMilitary) != 0 {
		t.Errorf("spurious military %v for a military article", r.SpuriousMilitary)
	}
}

func TestCompareWithoutPublicationDateOrMilitaryContent(t *testing.T) {
	gold := &Gold{Publisher: "Example News", Countries: []GoldName{{Name: "Brazil"}}}
	x := newsgraph.Extraction{
		Article:  newsgraph.ArticleRecord{Publisher: "Other", Published: "2014-02-03"},
		Entities: []newsgraph.Entity{{Type: "Base", Name: "Team Camp", Mentions: []string{"team camp"}}},
	}
	r := Compare("quiet", x, gold)
	if r.Published.Total != 0 {
		t.Errorf("published judged %+v although the gold has no date", r.Published)
	}
	if r.Publisher != (Accuracy{0, 1}) {
		t.Errorf("publisher %+v, want 0 of 1", r.Publisher)
	}
	if !slices.Equal(r.SpuriousMilitary, []string{"quiet"}) {
		t.Errorf("spurious military = %v, want [quiet]", r.SpuriousMilitary)
	}
	if _, ok := r.EventDate.Value(); ok {
		t.Error("event date has a value with no event judged")
	}
	if !r.Events.Empty() {
		t.Errorf("events %+v, want none", r.Events)
	}
}

// A greedy pass gives the first gold event the only prediction the second
// could match; the assignment pairs both.
func TestCompareEventsPairsOptimally(t *testing.T) {
	gold := &Gold{
		Countries: []GoldName{{Name: "Iraq"}},
		Bases:     []GoldName{{Name: "Alpha Base", Country: "Iraq"}, {Name: "Bravo Base", Country: "Iraq"}},
		Events: []GoldEvent{
			{Type: "attack", Bases: []string{"Alpha Base", "Bravo Base"}, Country: str("Iraq")},
			{Type: "attack", Bases: []string{"Alpha Base"}, Country: str("Iraq")},
		},
	}
	x := newsgraph.Extraction{Events: []newsgraph.Event{
		{Type: "attack", Bases: []string{"Alpha Base"}},
		{Type: "attack", Bases: []string{"Bravo Base"}},
	}}
	if r := Compare("a", x, gold); r.Events != (Counts{TP: 2}) {
		t.Errorf("events = %+v, want both paired", r.Events)
	}
}

func TestMaxWeightMatching(t *testing.T) {
	for _, tt := range []struct {
		name string
		w    [][]int
		want int
	}{
		{"empty", nil, 0},
		{"one", [][]int{{5}}, 5},
		{"cross", [][]int{{3, 2}, {3, 0}}, 5},
		{"wide", [][]int{{1, 0, 7}, {0, 4, 8}}, 11},
		{"tall", [][]int{{1, 0}, {0, 4}, {9, 9}}, 13},
		{"nothing allowed", [][]int{{0, 0}, {0, 0}}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := maxWeightMatching(tt.w)
			if total := checkMatching(t, tt.w, got); total != tt.want {
				t.Errorf("weight %d (%v), want %d", total, got, tt.want)
			}
		})
	}
}

// TestMaxWeightMatchingIsOptimal compares the assignment with every
// matching of small pseudo-random matrices.
func TestMaxWeightMatchingIsOptimal(t *testing.T) {
	seed := uint32(7)
	next := func() int { seed = seed*1664525 + 1013904223; return int(seed >> 28) }
	for n := 1; n <= 5; n++ {
		for m := 1; m <= 5; m++ {
			for range 20 {
				w := make([][]int, n)
				for i := range w {
					w[i] = make([]int, m)
					for j := range w[i] {
						if v := next() - 6; v > 0 {
							w[i][j] = v
						}
					}
				}
				got := checkMatching(t, w, maxWeightMatching(w))
				if want := bestByEnumeration(w, 0, make([]bool, m)); got != want {
					t.Fatalf("%v: weight %d, want %d", w, got, want)
				}
			}
		}
	}
}

func checkMatching(t *testing.T, w [][]int, rows []int) int {
	t.Helper()
	seen := map[int]bool{}
	total := 0
	for i, j := range rows {
		if j < 0 {
			continue
		}
		if seen[j] || w[i][j] <= 0 {
			t.Fatalf("row %d takes column %d: used twice or not allowed (%v)", i, j, rows)
		}
		seen[j] = true
		total += w[i][j]
	}
	return total
}

func bestByEnumeration(w [][]int, i int, used []bool) int {
	if i == len(w) {
		return 0
	}
	best := bestByEnumeration(w, i+1, used)
	for j := range used {
		if !used[j] && w[i][j] > 0 {
			used[j] = true
			best = max(best, w[i][j]+bestByEnumeration(w, i+1, used))
			used[j] = false
		}
	}
	return best
}

func TestFirstMaximumMatching(t *testing.T) {
	for _, tt := range []struct {
		name    string
		allowed [][]bool
		want    []int
	}{
		{"greedy is largest: greedy order", [][]bool{{true, true}, {true, true}}, []int{0, 1}},
		{"greedy falls short", [][]bool{{true, true}, {true, false}}, []int{1, 0}},
		{"row with no column", [][]bool{{false, false}, {true, true}}, []int{-1, 0}},
		{"more rows than columns", [][]bool{{true}, {true}, {true}}, []int{0, -1, -1}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := firstMaximumMatching(tt.allowed); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// A gold name is folded once, as the reference scorer does: "The The
// Army" is "the army", which the prediction "Army" is not.
func TestCompareFoldsGoldNamesOnce(t *testing.T) {
	gold := &Gold{
		Organisations: []GoldName{{Name: "The The Army"}},
		Events:        []GoldEvent{{Type: "attack", Actor: str("The The Army"), Country: str("Mali")}},
	}
	x := newsgraph.Extraction{Events: []newsgraph.Event{{Type: "attack", Actor: "Army", Country: "Mali"}}}
	r := Compare("a", x, gold)
	if r.Events != (Counts{TP: 1}) || r.EventActor != (Accuracy{0, 1}) {
		t.Errorf("events %+v, actor %+v; want the event matched and its actor wrong", r.Events, r.EventActor)
	}
}
