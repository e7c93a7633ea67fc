package extract_test

import "testing"

// TestTargetCountry covers an attack whose object names the owner of what
// it hit: the attack happens in that owner's territory.
func TestTargetCountry(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "a demonym on the ports hit", published: "2025-03-10",
			text:    "Russian drones targeting Ukrainian ports crashed in Moldova on Monday.",
			want:    []wantEvent{{typ: "attack", actor: "Russia", country: "Ukraine"}},
			notWant: []wantEvent{{typ: "attack", country: "Moldova"}},
		},
		{
			name: "an armed group's targets", published: "2025-03-10",
			text: "American jets carried out dozens of strikes on Houthi targets on Monday, the Pentagon said.",
			want: []wantEvent{{typ: "attack", actor: "United States", country: "Yemen"}},
		},
		{
			name: "targets placed in another country", published: "2025-03-10",
			text: "Turkish jets carried out strikes on Kurdish targets in Syria on Monday.",
			want: []wantEvent{{typ: "attack", actor: "Turkey", country: "Syria"}},
		},
		{
			name: "raids as the subject of the damage", published: "2025-03-10",
			text:    "The rebels say a truce with the United States does not cover Israel, a day after Israeli air raids knocked Sanaa's international airport out of service.",
			want:    []wantEvent{{typ: "attack", actor: "Israel", country: "Yemen"}},
			notWant: []wantEvent{{typ: "attack", country: "United States"}},
		},
		{
			name: "a demonym on people is not territory", published: "2025-03-10",
			text:    "Ukrainian drones struck Russian troops near the Dnipro on Monday.",
			notWant: []wantEvent{{typ: "attack", country: "Russia"}},
		},
	})
}

// TestHyphenatedCompassLocative covers "in north-west Yemen": a compass
// point written with a hyphen still makes the country a place.
func TestHyphenatedCompassLocative(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "a launch site in north-west Yemen", published: "2025-03-10",
			text:    "British jets bombed a site in north-west Yemen used to launch drones at ships on Friday.",
			want:    []wantEvent{{typ: "attack", actor: "United Kingdom", country: "Yemen"}},
			notWant: []wantEvent{{typ: "attack", actor: "Yemen"}},
		},
	})
}

// TestAgentIsNoHost covers a state named as the agent of a passive near a
// base ("delivered by the United States"): it acted there, it does not host
// the base.
func TestAgentIsNoHost(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "launchers delivered by another state", published: "2025-03-10",
			text:    "Taiwan's army said its rocket launchers, the first of which were delivered by the United States last year, will conduct a live-fire drill at the Jiupeng military base next week.",
			want:    []wantEvent{{typ: "exercise", actor: "Taiwan", country: "Taiwan", bases: []string{"Jiupeng Base"}}},
			notWant: []wantEvent{{typ: "exercise", country: "United States"}},
		},
	})
}
