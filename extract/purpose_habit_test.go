package extract_test

import "testing"

// TestHabitualExercise covers an exercise told as a custom ("held every
// year since"): background to the story, not an exercise of its own.
func TestHabitualExercise(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "held annually since a year", published: "2023-05-10",
			text:     "The Northern Shield drills have been held annually since 1997 and combine naval gunnery with computer-assisted command games.",
			notTypes: []string{"exercise"},
		},
		{
			name: "a drill listed after the custom", published: "2023-05-10",
			text:     "The Northern Shield exercises have been held every year since 1997, including amphibious landings and live-fire drills.",
			notTypes: []string{"exercise"},
		},
		{
			name: "staged every two years", published: "2023-05-10",
			text:     "The manoeuvres, which involve reservists from four countries, are staged every two years on the Baltic coast.",
			notTypes: []string{"exercise"},
		},
		{
			name: "this year's exercise still counts", published: "2023-05-10",
			text: "Lithuanian and Polish troops began the Northern Shield exercise near Klaipeda on Monday.",
			want: []wantEvent{{typ: "exercise"}},
		},
	})
}

// TestStrengtheningAsPurpose covers "to bolster" or "to reinforce" that
// gives the purpose of a presence told before it: no second deployment.
func TestStrengtheningAsPurpose(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "purpose of a rotation", published: "2023-05-10",
			text:     "Officials confirmed the end of the armoured brigade rotation to Lithuania, a presence begun after the 2014 crisis to bolster the alliance's northern flank.",
			notTypes: []string{"deployment"},
		},
		{
			name: "a plan to bolster is a deployment", published: "2023-05-10",
			text: "Canada plans to bolster its troops in Latvia with another battalion next year.",
			want: []wantEvent{{typ: "deployment", actor: "Canada"}},
		},
		{
			name: "the sending stays", published: "2023-05-10",
			text:  "Germany sent 300 soldiers to Lithuania on Tuesday to reinforce the alliance's battlegroup there.",
			want:  []wantEvent{{typ: "deployment", actor: "Germany"}},
			count: map[string]int{"deployment": 1},
		},
	})
}
