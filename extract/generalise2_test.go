package extract_test

import "testing"

// TestPresenceAndVocabulary covers presence and arrival phrasings,
// negation that sits away from the trigger, withdrawal and establishment
// vocabulary from regional wire services, and dates of past events.
func TestPresenceAndVocabulary(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "forces are stationed at a base", published: "2025-04-02",
			text: "About 2,500 U.S. troops are stationed at Ain al-Asad Air Base in western Iraq.",
			want: []wantEvent{{typ: "deployment", actor: "United States", bases: []string{"Ain al-Asad Air Base"}}},
		},
		{
			name: "arrived at the naval base", published: "2025-04-02",
			text: "The destroyer USS Carney arrived at the naval base in Rota, Spain, on Monday.",
			want: []wantEvent{{typ: "deployment", date: "2025-03-31"}},
		},
		{
			name: "rotating through a base", published: "2025-04-02",
			text: "American Marines will begin rotating through the base in northern Australia next month.",
			want: []wantEvent{{typ: "deployment", actor: "United States"}},
		},
		{
			name: "will not be permanently based", published: "2025-04-02",
			text: "The British jets will not be permanently based at Amari Air Base, the defence ministry said.",
			want: []wantEvent{{typ: "deployment", negated: true}},
		},
		{
			name: "disengagement and pulling back", published: "2024-10-31",
			text: "Indian and Chinese troops completed disengagement at Demchok on Wednesday and pulled back from the friction points.",
			want: []wantEvent{{typ: "withdrawal", date: "2024-10-30"}},
		},
		{
			name: "disengagement alone", published: "2024-10-31",
			text: "Indian and Chinese troops completed disengagement at Depsang on Wednesday, army officials said.",
			want: []wantEvent{{typ: "withdrawal", date: "2024-10-30"}},
		},
		{
			name: "a disengaged investor", published: "2024-10-31",
			text:     "The fund disengaged from the talks on Wednesday and the shares fell.",
			notTypes: []string{"withdrawal"},
		},
		{
			name: "de-induction of troops", published: "2024-10-31",
			text: "The army began the de-induction of troops from the forward posts in eastern Ladakh.",
			want: []wantEvent{{typ: "withdrawal"}},
		},
		{
			name: "expansion of a base", published: "2025-04-02",
			text: "The navy started the second phase of the base's expansion at Ream Naval Base in Cambodia.",
			want: []wantEvent{{typ: "establishment", bases: []string{"Ream Naval Base"}}},
		},
		{
			name: "base reactivated", published: "2025-04-02",
			text: "The air base was reactivated in 2008 after a decade in reserve, and the Romanian air force uses it today.",
			want: []wantEvent{{typ: "establishment", date: "2008"}},
		},
		{
			name: "past weekday resolves backwards", published: "2025-04-02",
			text: "Rocket attacks on the military base near Erbil began on Sunday, the army said.",
			want: []wantEvent{{typ: "attack", date: "2025-03-30"}},
		},
		{
			name: "month without year in the past", published: "2025-05-20",
			text: "The two defence ministers signed the base access agreement on Feb. 8 in Manila.",
			want: []wantEvent{{typ: "agreement", date: "2025-02-08"}},
		},
		{
			name: "month without year in the previous year", published: "2025-01-20",
			text: "The two defence ministers signed the base access agreement on Feb. 8 in Manila.",
			want: []wantEvent{{typ: "agreement", date: "2024-02-08"}},
		},
		{
			name: "since a year when a base opened", published: "2025-04-02",
			text: "Turkish troops have been in Somalia since 2017, when Türkiye opened Camp TURKSOM in Mogadishu.",
			want: []wantEvent{{typ: "establishment", date: "2017"}},
		},
		{
			name: "business words stay quiet", published: "2025-04-02",
			text:     "The retailer is stationed in a new headquarters and hosts fans at its stadium; its shares arrived at a record high and it reactivated a dormant brand.",
			notTypes: []string{"deployment", "establishment", "withdrawal"},
		},
	})
}
