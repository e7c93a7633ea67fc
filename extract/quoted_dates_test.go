package extract_test

import (
	"testing"
	"time"

	"github.com/newsgraph/newsgraph"
)

// TestQuotedToday checks that "this morning" inside a quotation takes the
// day the lead gives the news, and keeps the page's day elsewhere. A
// quotation reported in the past ("... said") whose lead names no earlier
// day was spoken on a day the page does not give: no date (want ""), and
// an event left with no argument at all is not kept.
func TestQuotedToday(t *testing.T) {
	p := newPipeline(t)
	tuesday := time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ name, lede, body, want string }{
		{"quoted, lead on Monday",
			"The last Dutch troops left the island on Monday, ending a twenty-year mission.",
			"“The final camp was handed over to the island's army this morning,” the Dutch defence ministry said in a statement.",
			"2024-03-11"},
		{"not quoted",
			"The last Dutch troops left the island on Monday, ending a twenty-year mission.",
			"The final camp was handed over to the island's army this morning, the Dutch defence ministry said.",
			"2024-03-12"},
		{"quoted, lead without an earlier day",
			"Dutch troops are leaving the island after a twenty-year mission.",
			"“The final camp was handed over to the island's army this morning,” the Dutch defence ministry said in a statement.",
			""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := p.Extract(newsgraph.Article{URL: "https://example.org/q", Title: "Dutch mission ends", Published: tuesday, Lede: tc.lede, Body: tc.body})
			for _, e := range x.Events {
				if e.Type == newsgraph.EventHandover {
					if e.Date != tc.want {
						t.Errorf("handover dated %q, want %q", e.Date, tc.want)
					}
					return
				}
			}
			if tc.want != "" {
				t.Errorf("no handover in %+v", x.Events)
			}
		})
	}
}
