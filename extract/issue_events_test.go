package extract_test

import "testing"

// TestClauseScopedEvents: who acts, what is denied and which event a
// clause belongs to, in sentences whose grammar a word window misreads.
// The first five are the issue's; the rest are more of their kind.
func TestClauseScopedEvents(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "state attacks state", published: "2024-05-10",
			text: "The UK attacked Syria.",
			want: []wantEvent{{typ: "attack", actor: "United Kingdom", country: "Syria"}},
		},
		{
			name: "state strikes state with no military word", published: "2024-05-10",
			text: "Turkey struck Iraq again on Thursday.",
			want: []wantEvent{{typ: "attack", actor: "Turkey", country: "Iraq", date: "2024-05-09"}},
		},
		{
			name: "negator inside the passive verb group", published: "2024-05-10",
			text: "The jets were not sent to Cyprus.",
			want: []wantEvent{{typ: "deployment", country: "Cyprus", negated: true}},
		},
		{
			name: "warships never sent", published: "2024-05-10",
			text: "The two frigates were never sent to Oman, the navy said.",
			want: []wantEvent{{typ: "deployment", country: "Oman", negated: true}},
		},
		{
			name: "one withdrawal from two coordinated bases", published: "2024-05-10",
			text: "Italian troops left Camp Arena in Herat and Camp Dwyer on Friday.",
			want: []wantEvent{{typ: "withdrawal", actor: "Italy", bases: []string{"Camp Arena", "Camp Dwyer"}, date: "2024-05-10"}},
		},
		{
			name: "reports declared false", published: "2024-05-10",
			text: "Officials said reports that Russian troops had arrived at Niamey airport were false.",
			want: []wantEvent{{typ: "deployment", actor: "Russia", negated: true}},
		},
		{
			name: "claims declared baseless", published: "2024-05-10",
			text: "The ministry said claims that French soldiers had returned to the base in Gao were baseless.",
			want: []wantEvent{{typ: "deployment", negated: true}},
		},
		{
			name: "handover with the earlier withdrawal in a relative clause", published: "2024-05-10",
			text: "The base, which US forces left in 2021, was handed to the Afghan army on Friday.",
			want: []wantEvent{
				{typ: "handover", country: "Afghanistan", date: "2024-05-10"},
				{typ: "withdrawal", actor: "United States", date: "2021"},
			},
		},
	})
}
