package extract_test

import "testing"

// TestNumberedSites covers a counted back-reference ("the two sites") to
// the bases the passage has just named.
func TestNumberedSites(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "the two sites named before", published: "2025-03-10",
			text: "American equipment was stored at Camp Arifjan and at Camp Buehring in Kuwait in May.\n\nArmy officials said US troops would rotate through the two sites next year.",
			want: []wantEvent{{typ: "deployment", actor: "United States", bases: []string{"Camp Arifjan", "Camp Buehring"}}},
		},
		{
			name: "fewer bases named than counted", published: "2025-03-10",
			text: "American equipment was stored at Camp Arifjan in Kuwait in May.\n\nArmy officials said US troops would rotate through the two sites next year.",
			want: []wantEvent{{typ: "deployment", actor: "United States", noBases: true}},
		},
	})
}
