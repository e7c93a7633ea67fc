package eval

import (
	"testing"

	"github.com/newsgraph/newsgraph"
)

func TestFold(t *testing.T) {
	for _, tt := range []struct{ a, b string }{
		{"U.S.", "US"}, {"Al-Asad Airbase", "al asad airbase"}, {"The Guardian", "guardian"}, {"Sana'a", "Sanaa"},
	} {
		if Fold(tt.a) != Fold(tt.b) {
			t.Errorf("Fold(%q)=%q, Fold(%q)=%q", tt.a, Fold(tt.a), tt.b, Fold(tt.b))
		}
	}
}

func str(s string) *string { return &s }

func TestCompare(t *testing.T) {
	gold := &Gold{
		Publisher: "Example News", Published: "2025-08-25",
		Countries: []GoldName{{Name: "United States", Aliases: []string{"US"}}, {Name: "Iraq"}},
		Bases:     []GoldName{{Name: "Ain al-Asad Air Base", Aliases: []string{"Al Asad"}, Country: "Iraq"}},
		Events: []GoldEvent{
			{Type: "withdrawal", Bases: []string{"Ain al-Asad Air Base"}, Actor: str("United States"), Country: str("Iraq"), Date: str("2025-08-24")},
			{Type: "withdrawal", Actor: str("United States"), Country: str("Iraq"), Negated: true},
		},
	}
	x := newsgraph.Extraction{
		Article: newsgraph.ArticleRecord{Publisher: "Example News", Published: "2025-08-25T10:00:00Z"},
		Entities: []newsgraph.Entity{
			{Type: "Country", Name: "United States", Mentions: []string{"US"}},
			{Type: "Country", Name: "Syria", Mentions: []string{"Syria"}},
			{Type: "Base", Name: "Ain al-Asad Air Base", Mentions: []string{"Al Asad"}, Country: "Iraq"},
		},
		Events: []newsgraph.Event{
			{Type: "withdrawal", Bases: []string{"Ain al-Asad Air Base"}, Actor: "US", Country: "Iraq", Date: "2025-08"},
			{Type: "attack", Country: "Iraq"},
		},
	}
	r := Compare("a", x, gold)
	check := func(name string, got Counts, tp, fp, fn int) {
		if got.TP != tp || got.FP != fp || got.FN != fn {
			t.Errorf("%s = %+v, want tp=%d fp=%d fn=%d", name, got, tp, fp, fn)
		}
	}
	check("publisher", r.Publisher, 1, 0, 0)
	check("countries", r.Countries, 1, 1, 1)
	check("bases", r.Bases, 1, 0, 0)
	check("events", r.Events, 1, 1, 1)
	if r.EventActor.Correct != 1 || r.EventDate.Correct != 0 || r.EventDate.Total != 1 {
		t.Errorf("actor %+v date %+v", r.EventActor, r.EventDate)
	}
	if r.BaseCountry.Value() != 1 {
		t.Errorf("base country %+v", r.BaseCountry)
	}
	if f := r.Countries.F1(); f < 0.49 || f > 0.51 {
		t.Errorf("countries F1 = %v, want 0.5", f)
	}
}
