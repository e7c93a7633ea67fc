package extract_test

import "testing"

// TestTourEnd covers units coming back from a tour of duty: a withdrawal
// from where they served, dated by the return.
func TestTourEnd(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "returned after serving at a base", published: "2025-03-10",
			text: "Soldiers of the armoured battalion returned to Texas on Friday after serving nine months at Camp Arifjan in Kuwait.",
			want: []wantEvent{{typ: "withdrawal", actor: "United States", bases: []string{"Camp Arifjan"}, date: "2025-03-07"}},
		},
		{
			name: "flew home after a rotation", published: "2025-03-10",
			text: "F-15 fighters flew home to Alaska on March 3 after a four-month rotation at Kadena.",
			want: []wantEvent{{typ: "withdrawal", actor: "United States", bases: []string{"Kadena Air Base"}, date: "2025-03-03"}},
		},
		{
			name: "a career step is no return", published: "2025-03-10",
			text:     "The general was promoted in May after serving two tours in Iraq with the army.",
			notTypes: []string{"withdrawal"},
		},
	})
}

// TestBaseExpansion covers the enlargement of a base whose name takes
// several words before "air base".
func TestBaseExpansion(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "a two-word name before air base", published: "2025-03-10",
			text: "Romania began the expansion of the Mihail Kogalniceanu air base on Wednesday.",
			want: []wantEvent{{typ: "establishment", actor: "Romania", bases: []string{"Mihail Kogălniceanu Air Base"}}},
		},
		{
			name: "a tax base is no installation", published: "2025-03-10",
			text:     "The army said the expansion of the city's tax base helped pay for new barracks.",
			notTypes: []string{"establishment"},
		},
	})
}

// TestIrregularsLeavingABase covers fighters who leave a base they do not
// operate: the base's operator is not their actor.
func TestIrregularsLeavingABase(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "militants withdrew from a base", published: "2025-03-10",
			text:    "Militants withdrew from Camp Arifjan in Kuwait on Monday after a gunfight.",
			notWant: []wantEvent{{typ: "withdrawal", actor: "United States"}},
		},
	})
}
