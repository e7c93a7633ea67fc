package extract_test

import "testing"

// TestTwoEventsOneSentence covers sentences that report two events, each
// with its own date.
func TestTwoEventsOneSentence(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "left and returned", published: "2025-04-02",
			text: "American troops left the Qayyarah air base in 2011 and returned in 2016 to fight Islamic State.",
			want: []wantEvent{{typ: "withdrawal", date: "2011"}, {typ: "deployment", date: "2016"}},
		},
		{
			name: "held exercises and sent a carrier", published: "2025-06-10",
			text: "The Chinese navy held large-scale exercises around Taiwan in April and sent the carrier Shandong to the western Pacific last month.",
			want: []wantEvent{{typ: "exercise", date: "2025-04"}, {typ: "deployment", date: "2025-05"}},
		},
		{
			name: "a team returns home", published: "2025-04-02",
			text:     "The national team left for the tournament in June and returned in 2016 colours, and the coach returned to the country on Monday.",
			notTypes: []string{"deployment", "withdrawal"},
		},
	})
}
