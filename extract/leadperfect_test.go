package extract_test

import "testing"

// TestLeadPerfectWithMannerAdverb covers a lead's present perfect with a
// manner adverb between "has been" and the participle ("has been formally
// opened"): the news happened as the article went out.
func TestLeadPerfectWithMannerAdverb(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "has been formally opened", published: "2024-05-10",
			text: "A new American radar station has been formally opened in Romania, the first permanent site of the US Air Force in the country.\n\nThe Romanian president visited the station with the US ambassador.",
			want: []wantEvent{{typ: "establishment", date: "2024-05"}},
		},
		{
			name: "has officially withdrawn", published: "2024-05-10",
			text: "Germany has officially withdrawn its last soldiers from Mali.\n\nThe final transport plane landed in Wunstorf.",
			want: []wantEvent{{typ: "withdrawal", actor: "Germany", date: "2024-05"}},
		},
	})
}
