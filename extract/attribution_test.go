package extract_test

import "testing"

// TestBlamedAttacks covers attacks whose attacker the article names only
// by blame ("strikes blamed on the group"), in another paragraph.
func TestBlamedAttacks(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "blame after the report", published: "2024-02-05",
			text: "A drone hit the ammunition depot at Camp Lemonnier on Sunday.\n\nThe camp had been quiet for years.\n\nThe strikes, widely blamed on al-Shabaab, began last week.",
			want: []wantEvent{{typ: "attack", actor: "al-Shabaab", bases: []string{"Camp Lemonnier"}}},
		},
		{
			name: "blame before the report", published: "2024-02-05",
			text: "Raids attributed to the Houthis have grown more frequent this month.\n\nDrones struck near the port of Aden on Monday, officials said.",
			want: []wantEvent{{typ: "attack", actor: "Houthis"}},
		},
		{
			name: "no blame, no attacker", published: "2024-02-05",
			text: "A drone hit the ammunition depot at Camp Lemonnier on Sunday.\n\nThe government blamed the weather for delays at the port.",
			want: []wantEvent{{typ: "attack", actor: "-", bases: []string{"Camp Lemonnier"}}},
		},
	})
}
