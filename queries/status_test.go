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
// come back with status=any.
func TestDefaultAnswersAreCurrent(t *testing.T) {
	notCurrent := func(r Row) bool {
		s, _ := r.Values["status"].(string)
		return s == newsgraph.StatusHistorical || s == newsgraph.StatusPlanned || s == newsgraph.StatusHypothetical
	}
	for _, name := range []string{"events", "bases"} {
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
