package extract_test

import "testing"

// TestNonEventNounPhrases covers trigger words in noun phrases that assert
// no event: civil defence warnings and events under "any".
func TestNonEventNounPhrases(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "a buildup that might come", published: "2025-03-10",
			text:     "Moscow said on Monday it would respond to any NATO buildup near its frontier.",
			notTypes: []string{"deployment"},
		},
		{
			name: "a buildup that happened", published: "2025-03-10",
			text: "NATO announced a buildup of troops in Estonia on Monday.",
			want: []wantEvent{{typ: "deployment", actor: "NATO", country: "Estonia"}},
		},
		{
			name: "any attack under a denial stays denied", published: "2025-03-10",
			text: "Residents reported explosions at the Hmeimim air base in Syria on Monday, which Moscow said were not caused by any attack.",
			want: []wantEvent{{typ: "attack", bases: []string{"Khmeimim Air Base"}, negated: true}},
		},
		{
			name: "air raid sirens are a warning", published: "2025-03-10",
			text:     "Taiwan tested air raid sirens in Taipei during the military drills on Monday.",
			want:     []wantEvent{{typ: "exercise", country: "Taiwan"}},
			notTypes: []string{"attack"},
		},
	})
}

// TestDownplayedAndSpokenFor covers a reading of events a speaker plays
// down (a denial), and a state named as a speaker, which places nothing.
func TestDownplayedAndSpokenFor(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "played down the possibility of a strike", published: "2025-03-10",
			text:    "Moscow played down the possibility that the airfield in Crimea was hit by Ukrainian missiles on Tuesday.",
			want:    []wantEvent{{typ: "attack", actor: "Ukraine", negated: true}},
			notWant: []wantEvent{{typ: "attack", negated: false}},
		},
		{
			name: "the same strike reported plainly", published: "2025-03-10",
			text: "The airfield in Crimea was hit by Ukrainian missiles on Tuesday, officials said.",
			want: []wantEvent{{typ: "attack", actor: "Ukraine", negated: false}},
		},
		{
			name: "an unnamed base named next, the speaker aside", published: "2025-03-10",
			text: "Two mechanics were hurt on Monday when a Russian air base in Syria was rocked by explosions that Moscow said came from a fuel leak, not from any attack.\n\nResidents saw smoke rising from the Hmeimim air base near Latakia.",
			want: []wantEvent{{typ: "attack", bases: []string{"Khmeimim Air Base"}, negated: true}},
		},
	})
}

// TestBasesOpenedToForces covers bases opened to foreign forces: access,
// not a base established.
func TestBasesOpenedToForces(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "bases opened to foreign forces", published: "2025-03-10",
			text:     "Colombia opened seven of its bases, including the Palanquero air base, to U.S. forces in 2009.",
			notTypes: []string{"establishment"},
		},
		{
			name: "a new base opened", published: "2025-03-10",
			text: "The United States opened a new military base at Redzikowo in Poland on Friday.",
			want: []wantEvent{{typ: "establishment", actor: "United States", country: "Poland"}},
		},
	})
}

// TestSpeakerAndLandingAreNoEvents covers a state that only speaks about
// an exercise (no partner of it) and aircraft landing (no strike).
func TestSpeakerAndLandingAreNoEvents(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "the speaker is no exercise partner", published: "2025-03-10",
			text:    "China's defence ministry said Taiwan's military drills ended on Friday.",
			want:    []wantEvent{{typ: "exercise", actor: "Taiwan", country: "Taiwan"}},
			notWant: []wantEvent{{typ: "exercise", country: "China"}},
		},
		{
			name: "jets landing on a highway", published: "2025-03-10",
			text:     "Jets landed on a highway in Pingtung on Tuesday during the military drills.",
			notTypes: []string{"attack"},
		},
		{
			name: "rockets landing inside a base", published: "2025-03-10",
			text: "Two rockets landed inside Al Udeid Air Base on Tuesday.",
			want: []wantEvent{{typ: "attack", bases: []string{"Al Udeid Air Base"}}},
		},
	})
}
