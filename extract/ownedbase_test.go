package extract_test

import "testing"

// TestOwnerOfPlacedBase covers "the Marine Corps' Guam base": the country
// between the possessor and the base noun places the base; the possessor
// acts.
func TestOwnerOfPlacedBase(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "an owner's base named by its island", published: "2023-05-10",
			text: "The U.S. Navy's Guam base was formally activated on Tuesday after four years of construction.",
			want: []wantEvent{{typ: "establishment", actor: "United States"}},
		},
		{
			name: "a country that owns the base it names", published: "2023-05-10",
			text: "The US base at Incirlik in Turkey was closed on Tuesday.",
			want: []wantEvent{{typ: "closure", actor: "United States"}},
		},
	})
}
