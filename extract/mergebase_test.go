package extract_test

import "testing"

// TestOnceAtBaseMerge covers two reports of opening or closing the same
// base that credit different states: a base opens or closes once.
func TestOnceAtBaseMerge(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "operator and host both open the base", published: "2025-03-10",
			text:  "The United States officially opened the missile defence base at Deveselu in Romania on Friday.\n\nRomania has opened the Deveselu base, the defence ministry said.",
			want:  []wantEvent{{typ: "establishment", actor: "United States", bases: []string{"Aegis Ashore Deveselu"}}},
			count: map[string]int{"establishment": 1},
		},
		{
			name: "two different bases stay two events", published: "2025-03-10",
			text:  "The United States officially opened the missile defence base at Deveselu in Romania on Friday.\n\nSeparately, NATO troops opened a new base at Cincu in Romania.",
			count: map[string]int{"establishment": 2},
		},
		{
			name: "attacks on one base by two states stay apart", published: "2025-03-10",
			text:  "Russian drones attacked Al Udeid Air Base on Monday.\n\nIranian missiles attacked Al Udeid Air Base on Monday.",
			count: map[string]int{"attack": 2},
		},
	})
}

// TestBaseNounInMilitaryArticle covers a sentence that speaks of bases
// without a military word, in an article about armed forces.
func TestBaseNounInMilitaryArticle(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "missions moved to leased bases", published: "2025-03-10",
			text: "The last Dutch troops left the Manas air base in Kyrgyzstan on Monday. The soldiers landed in Eindhoven on a military plane hours later. The Dutch defence ministry said the closure of the base ended years of refuelling flights. Shops near the gate had shut weeks earlier. Most local staff have found new jobs.\n\nThe Netherlands plans to move the refuelling missions to bases leased in Romania.",
			want: []wantEvent{{typ: "relocation", actor: "Netherlands", country: "Romania", status: "planned"}},
		},
		{
			name: "bases in a business story", published: "2025-03-10",
			text:     "The company said its customer bases in Colombia grew. Sales rose. Analysts were pleased.\n\nThe firm plans to move its support teams to bases leased in Colombia.",
			notTypes: []string{"relocation"},
		},
	})
}

// TestDefiniteReportMerge covers a definite nominal report with a base of
// its own: it continues the article's earlier report of that type.
func TestDefiniteReportMerge(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "the handover of a second camp", published: "2025-03-10",
			text:  "The United States on Friday handed over Camp Arifjan to the Kuwaiti army.\n\nThe handover of Camp Buehring frees land for a new airport, officials said.",
			want:  []wantEvent{{typ: "handover", actor: "United States", bases: []string{"Camp Arifjan", "Camp Buehring"}}},
			count: map[string]int{"handover": 1},
		},
		{
			name: "another state's earlier handover stays apart", published: "2025-03-10",
			text:  "The United States on Friday handed over Camp Arifjan to the Kuwaiti army.\n\nThe handover of Camp Buehring by British forces in 2019 freed land for a new airport, officials said.",
			count: map[string]int{"handover": 2},
		},
	})
}
