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
				{typ: "handover", country: "Afghanistan", date: "2024-05-10", status: "completed"},
				{typ: "withdrawal", actor: "United States", date: "2021", status: "historical"},
			},
		},
		{
			name: "a halted plan", published: "2024-05-10",
			text: "The government in Madrid welcomed the decision to halt the planned withdrawal of US troops from Spain.",
			want: []wantEvent{{typ: "withdrawal", actor: "United States", country: "Spain", negated: true, date: "-"}},
		},
		{
			name: "a plan that never began, restated by a noun", published: "2024-05-10",
			text:    "Last year the president said he would pull out 2,000 soldiers from Kosovo, but the withdrawal never began.",
			want:    []wantEvent{{typ: "withdrawal", negated: true, date: "-"}},
			notWant: []wantEvent{{typ: "withdrawal"}},
		},
		{
			name: "a trigger word inside an aircraft name", published: "2024-05-10",
			text:     "F-15E Strike Eagles from the wing flew over the North Sea during the air force drills.",
			notTypes: []string{"attack"},
		},
		{
			name: "a minister visiting a base", published: "2024-05-10",
			text:     "The Danish defence minister Troels Lund Poulsen arrived at Camp Lemonnier on Monday.",
			notTypes: []string{"deployment"},
		},
		{
			name: "a demand is no event", published: "2024-05-10",
			text:     "Protesters in Bamako staged rallies demanding the departure of foreign troops from Mali.",
			notTypes: []string{"withdrawal"},
		},
		{
			name: "a photo caption adds no event of its own", published: "2024-05-10",
			text:    "Navy ships took part in the Baltops exercise in the Baltic Sea on Monday.\n\nUS soldiers fire artillery during the Saber Strike military exercises in Latvia on June 3, 2019. Photo: Army press office",
			want:    []wantEvent{{typ: "exercise", date: "2024-05-06"}},
			notWant: []wantEvent{{typ: "exercise", date: "2019"}},
		},
		{
			name: "a denial does not reach past an adjunct clause", published: "2024-05-10",
			text: "On Tuesday the German army rejected reports that it would build a new base in Lithuania, while pulling its last soldiers out of Mali.",
			want: []wantEvent{
				{typ: "establishment", country: "Lithuania", negated: true},
				{typ: "withdrawal", actor: "Germany", country: "Mali"},
			},
		},
		{
			name: "an attack under if is hypothetical", published: "2024-05-10",
			text: "If Iran attacks Israel again, the United States would respond, officials said.",
			want: []wantEvent{{typ: "attack", actor: "Iran", status: "hypothetical"}},
		},
		{
			name: "a base activated", published: "2024-05-10",
			text: "In a ceremony in Poznan, Camp Kosciuszko was formally activated today.",
			want: []wantEvent{{typ: "establishment", bases: []string{"Camp Kościuszko"}, date: "2024-05-10"}},
		},
		{
			name: "parcels of a garrison returned", published: "2024-05-10",
			text: "On Friday Washington handed three plots of Camp Casey back to Seoul.",
			want: []wantEvent{{typ: "handover", bases: []string{"Camp Casey"}, actor: "United States", date: "2024-05-10"}},
		},
	})
}
