package extract_test

import "testing"

// TestArmedKilling covers armed men killing people, told without an
// attack word.
func TestArmedKilling(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "the attackers who killed soldiers", published: "2025-05-10",
			text: "The army hunted the attackers who killed 12 soldiers near Menaka in Mali on 3 May.",
			want: []wantEvent{{typ: "attack", country: "Mali", date: "2025-05-03"}},
		},
		{
			name: "rebels who killed a king long ago", published: "2025-05-10",
			text:     "Rebels who killed the king in 1850 are remembered in Mali's army museum.",
			notTypes: []string{"attack"},
		},
		{
			name: "a landslide is no attack", published: "2025-05-10",
			text:     "A landslide killed 12 soldiers near Menaka in Mali on 3 May.",
			notTypes: []string{"attack"},
		},
	})
}
