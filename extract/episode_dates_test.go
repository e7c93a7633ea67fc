package extract_test

import "testing"

// TestEpisodeDates: an undated report of a story's event takes the day of
// the story's earlier report of it, unless a sentence between them tells
// another day of the same month; then only the month is sure.
func TestEpisodeDates(t *testing.T) {
	const first = "Ten F-35 fighters from Hill Air Force Base, Utah, arrived at Ramstein Air Base on Friday, a wing spokesman said.\n\n"
	const later = "\"While deployed to Ramstein Air Base, the aircraft will train with German crews,\" the spokesman said."
	runPhrasings(t, []phrasing{
		{
			name: "nothing between: the earlier report's day", published: "2025-03-10",
			text:    first + later,
			want:    []wantEvent{{typ: "deployment", bases: []string{"Ramstein Air Base"}, date: "2025-03-07"}},
			notWant: []wantEvent{{typ: "deployment", date: "2025-03"}},
			count:   map[string]int{"deployment": 2},
		},
		{
			name: "a later arrival told between: the month", published: "2025-03-10",
			text:  first + "A second group of tankers joined them, arriving Saturday and Sunday, he said.\n\n" + later,
			want:  []wantEvent{{typ: "deployment", bases: []string{"Ramstein Air Base"}, date: "2025-03"}, {typ: "deployment", date: "2025-03-07"}},
			count: map[string]int{"deployment": 2},
		},
		{
			name: "background of another year between: still the day", published: "2025-03-10",
			text:    first + "The wing was formed in October 1949, he said.\n\n" + later,
			want:    []wantEvent{{typ: "deployment", bases: []string{"Ramstein Air Base"}, date: "2025-03-07"}},
			notWant: []wantEvent{{typ: "deployment", date: "2025-03"}},
			count:   map[string]int{"deployment": 2},
		},
	})
}
