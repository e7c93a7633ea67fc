package queries

import (
	"testing"

	"github.com/newsgraph/newsgraph"
)

func TestStatusMatches(t *testing.T) {
	for _, tc := range []struct {
		status, filter string
		want           bool
	}{
		{newsgraph.StatusCompleted, "", true},
		{newsgraph.StatusOngoing, "current", true},
		{"", "current", true},
		{newsgraph.StatusPlanned, "current", false},
		{newsgraph.StatusHistorical, "current", false},
		{newsgraph.StatusHypothetical, "", false},
		{newsgraph.StatusHistorical, "any", true},
		{newsgraph.StatusHistorical, newsgraph.StatusHistorical, true},
		{newsgraph.StatusCompleted, newsgraph.StatusPlanned, false},
	} {
		if got := statusMatches(tc.status, tc.filter); got != tc.want {
			t.Errorf("statusMatches(%q, %q) = %v, want %v", tc.status, tc.filter, got, tc.want)
		}
	}
}

// TestDefaultAnswersAreCurrent checks that background, plans and
// hypotheticals stay out of the default answers of events and bases and
// come back with status=any (bases rows count events, with no status).
func TestDefaultAnswersAreCurrent(t *testing.T) {
	notCurrent := func(r Row) bool {
		s, _ := r.Values["status"].(string)
		return s == newsgraph.StatusHistorical || s == newsgraph.StatusPlanned || s == newsgraph.StatusHypothetical
	}
	sum := func(res *Result) (n int64) {
		for _, r := range res.Rows {
			n += r.Values["events"].(int64)
		}
		return n
	}
	if def, all := run(t, "bases", Args{"limit": "10000"}), run(t, "bases", Args{"status": "any", "limit": "10000"}); sum(all) <= sum(def) {
		t.Errorf("bases: status=any counts %d events, the default %d", sum(all), sum(def))
	}
	if res := run(t, "bases", Args{"status": "historical"}); res.Total == 0 {
		t.Error("bases status=historical finds nothing; the corpus has background events")
	}
	for _, name := range []string{"events"} {
		def := run(t, name, Args{"limit": "10000"})
		if r, ok := findRow(def, notCurrent); ok {
			t.Errorf("%s by default lists a %v event: %v", name, r.Values["status"], r.Values)
		}
		all := run(t, name, Args{"status": "any", "limit": "10000"})
		if _, ok := findRow(all, notCurrent); !ok {
			t.Errorf("%s status=any lists no historical, planned or hypothetical event; the corpus has some", name)
		}
		if all.Total <= def.Total {
			t.Errorf("%s: status=any gives %d rows, the default %d", name, all.Total, def.Total)
		}
	}
}
