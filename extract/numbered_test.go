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

// TestBareRepeat covers a bare event noun as a clause's subject in an
// article that has already told that event.
func TestBareRepeat(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "disengagement spoken of again", published: "2024-10-31",
			text:  "Indian troops completed disengagement at Depsang on Monday.\n\nThe army chief said on Wednesday that disengagement was only the first step.",
			want:  []wantEvent{{typ: "withdrawal", actor: "India", date: "2024-10-28"}},
			count: map[string]int{"withdrawal": 1},
		},
		{
			name: "a first mention is an event of its own", published: "2024-10-31",
			text: "The Indian army chief said on Wednesday that disengagement from the valley would begin in May.",
			want: []wantEvent{{typ: "withdrawal", actor: "India"}},
		},
	})
}

// TestDefiniteBaseInOwnConjunct covers "the base" in one conjunct of a
// coordination: it belongs to that conjunct's event only.
func TestDefiniteBaseInOwnConjunct(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "drills in the second conjunct", published: "2025-03-10",
			text: "Romania began expanding the Mihail Kogalniceanu air base on Wednesday.\n\nAbout 1,000 U.S. soldiers are deployed at the base, and Romanian and American pilots held joint drills over the Black Sea last week, the ministry said.",
			want: []wantEvent{
				{typ: "deployment", actor: "United States", bases: []string{"Mihail Kogălniceanu Air Base"}},
				{typ: "exercise", country: "Romania", noBases: true},
			},
		},
		{
			name: "the base in the trigger's own conjunct", published: "2025-03-10",
			text: "French troops pulled out of Camp Arifjan on Monday, and rebels occupied the base hours later.",
			want: []wantEvent{{typ: "deployment", bases: []string{"Camp Arifjan"}}},
		},
	})
}
