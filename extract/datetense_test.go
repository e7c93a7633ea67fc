package extract_test

import "testing"

// TestDateTenseFromTree: a date with no year or direction of its own
// points back or forward by the tense of the verb the tree attaches it to,
// not by a "will" elsewhere in the sentence or the words just before it.
func TestDateTenseFromTree(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			// Friday 10 January 2025: "on Wednesday" is the 8th, not the 15th.
			name: "a past report after a future clause", published: "2025-01-10",
			text:    "French troops have left Camp Kossei in Chad and talks on the handover will start soon, officials said on Wednesday.",
			want:    []wantEvent{{typ: "withdrawal", actor: "France", date: "2025-01-08"}},
			notWant: []wantEvent{{typ: "withdrawal", date: "2025-01-15"}},
		},
		{
			name: "a long place name between the past verb and its day", published: "2025-01-10",
			text:    "The destroyer arrived at the naval station at Rota in southern Spain on Tuesday, the navy said, and will be repaired by Spanish crews.",
			want:    []wantEvent{{typ: "deployment", date: "2025-01-07"}},
			notWant: []wantEvent{{typ: "deployment", date: "2025-01-14"}},
		},
		{
			name: "be to: a day ahead", published: "2025-01-10",
			text:    "The drills are to feature an amphibious landing near Camp Blaz on Thursday.",
			want:    []wantEvent{{typ: "exercise", bases: []string{"Camp Blaz"}, date: "2025-01-16"}},
			notWant: []wantEvent{{typ: "exercise", date: "2025-01-09"}},
		},
		{
			name: "a reduced relative in a future sentence is past", published: "2025-06-01",
			text:    "Japanese troops will train at Camp Blaz under an accord signed in Tokyo on March 3.",
			want:    []wantEvent{{typ: "agreement", date: "2025-03-03"}},
			notWant: []wantEvent{{typ: "agreement", date: "2026-03-03"}},
		},
		{
			// The tree leaves a fixed direction alone: "by" looks ahead.
			name: "a deadline keeps its direction", published: "2025-01-10",
			text: "US Marines were ordered to leave Camp Blaz by March 3, officials said.",
			want: []wantEvent{{typ: "withdrawal", bases: []string{"Camp Blaz"}, date: "2025-03-03"}},
		},
	})
}

// TestDateOfOtherConjunct: a day the tree attaches to a coordinated clause
// with a subject of its own dates that clause's event only; a conjunct
// that shares the trigger's subject shares its day.
func TestDateOfOtherConjunct(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "the next clause's day is its own", published: "2025-01-10",
			text: "US Marines have left Camp Blaz, and joint drills with Japan will start there on Wednesday.",
			want: []wantEvent{
				{typ: "withdrawal", bases: []string{"Camp Blaz"}, date: "-"},
				{typ: "exercise", bases: []string{"Camp Blaz"}, date: "2025-01-15"},
			},
			notWant: []wantEvent{{typ: "withdrawal", date: "2025-01-15"}},
		},
		{
			name: "a shared subject shares the day", published: "2025-01-10",
			text: "US Marines left Camp Blaz on Monday and handed it over to Guam officials.",
			want: []wantEvent{
				{typ: "withdrawal", bases: []string{"Camp Blaz"}, date: "2025-01-06"},
				{typ: "handover", bases: []string{"Camp Blaz"}, date: "2025-01-06"},
			},
		},
	})
}
