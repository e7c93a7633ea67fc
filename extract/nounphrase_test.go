package extract_test

import "testing"

// TestEventNounPhrases: an event noun's attacker and target are in its own
// phrase, not in the clause around it.
func TestEventNounPhrases(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "a retaliation naming the strikes it answers", published: "2024-05-10",
			text: "On Monday Iran launched a salvo of rockets at Ain al-Asad Air Base in Iraq, in what it described as revenge for Israeli airstrikes on Iranian radar sites last week.",
			want: []wantEvent{
				{typ: "attack", actor: "Iran", bases: []string{"Ain al-Asad Air Base"}, date: "2024-05-06"},
				{typ: "attack", actor: "Israel", country: "Iran", noBases: true},
			},
			notWant: []wantEvent{{typ: "attack", actor: "Israel", bases: []string{"Ain al-Asad Air Base"}}},
		},
		{
			name: "bombs dropped by a state's aircraft", published: "2024-05-10",
			text: "Officials said the bombs dropped by Israeli jets on Syrian army positions on Sunday killed four soldiers.",
			want: []wantEvent{{typ: "attack", actor: "Israel", date: "2024-05-05"}},
		},
		{
			name: "attacks on a state's positions are not in that state", published: "2024-05-10",
			text:    "The camp in Kuwait has not been hit in the wave of drone attacks on U.S. positions in the region.",
			notWant: []wantEvent{{typ: "attack", country: "United States"}},
		},
	})
}
