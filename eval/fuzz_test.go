package eval

import (
	"encoding/json"
	"regexp"
	"testing"

	"github.com/newsgraph/newsgraph"
)

var folded = regexp.MustCompile(`^([a-z0-9]+( [a-z0-9]+)*)?$`)

// FuzzFold: a folded name is words of a-z and 0-9 joined by single spaces.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"U.S.", "The Hague", "Côte d’Ivoire", "  the  ", "ﬁ", "İ", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got := Fold(s); !folded.MatchString(got) {
			t.Errorf("Fold(%q) = %q", s, got)
		}
	})
}

// FuzzGold: any gold file that decodes can be compared with any
// extraction without a panic, and its counts add up.
func FuzzGold(f *testing.F) {
	f.Add([]byte(`{"publisher": "P", "published": null, "countries": ["Iraq", {"name": "Syria"}],
		"bases": [{"name": "Alpha Base", "aliases": ["Alpha"], "country": "Iraq"}],
		"events": [{"type": "attack", "bases": ["Alpha Base"], "actor": null, "country": "Iraq", "date": null}],
		"optional_events": [{"type": "attack", "bases": [], "country": "Syria"}]}`))
	f.Add([]byte(`{"countries": [1], "events": [{"bases": null}]}`))
	x := newsgraph.Extraction{
		Article: newsgraph.ArticleRecord{Publisher: "P"},
		Entities: []newsgraph.Entity{
			{Type: "Country", Name: "Iraq"}, {Type: "Base", Name: "Alpha Base", Country: "Iraq"},
			{Type: "Organisation", Name: "P"},
		},
		Events: []newsgraph.Event{{Type: "attack", Bases: []string{"Alpha"}}, {Type: "attack", Country: "Syria"}},
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var g Gold
		if json.Unmarshal(data, &g) != nil {
			return
		}
		r := Compare("fuzz", x, &g)
		if r.Events.TP+r.Events.FN != len(g.Events) || r.Events.TP+r.Events.FP > len(x.Events) {
			t.Errorf("events %+v for %d gold, %d predicted", r.Events, len(g.Events), len(x.Events))
		}
		if r.Bases.TP+r.Bases.FN != len(g.Bases) {
			t.Errorf("bases %+v for %d gold", r.Bases, len(g.Bases))
		}
	})
}
