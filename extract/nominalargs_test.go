package extract_test

import "testing"

// TestBorderNeighbour covers a country named only as the far side of a
// border: the event happens beside it, not in it.
func TestBorderNeighbour(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "coordinated neighbours before borders", published: "2025-03-10",
			text:    "Lebanese troops took control of the army outpost close to the Syrian and Israeli borders on Monday.",
			want:    []wantEvent{{typ: "deployment", actor: "Lebanon"}},
			notWant: []wantEvent{{typ: "deployment", country: "Syria"}, {typ: "deployment", country: "Israel"}},
		},
		{
			name: "the border with a neighbour", published: "2025-03-10",
			text:    "Rebels attacked an army post near the border with Eritrea on Sunday.",
			notWant: []wantEvent{{typ: "attack", country: "Eritrea"}},
		},
		{
			name: "a named town keeps its own country", published: "2025-03-10",
			text: "Insurgent drones hit a fuel store in Port Sudan, close to the border with Egypt, on Monday.",
			want: []wantEvent{{typ: "attack", country: "Sudan"}},
		},
		{
			name: "coordinated countries without a border stay places", published: "2025-03-10",
			text: "The Italian soldiers left Syria and Iraq last year.",
			want: []wantEvent{{typ: "withdrawal", actor: "Italy", country: "Syria"}},
		},
	})
}

// TestOwnerOfNominalTrigger covers a nominal trigger whose forces are
// owned by a possessor: "the departure of France's force".
func TestOwnerOfNominalTrigger(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "possessor of the departing force", published: "2025-03-10",
			text:    "A row with Paris over the arrival of Wagner fighters hastened the departure of Britain's remaining troops from Estonia.",
			want:    []wantEvent{{typ: "withdrawal", actor: "United Kingdom", country: "Estonia"}},
			notWant: []wantEvent{{typ: "withdrawal", actor: "Wagner Group"}},
		},
		{
			name: "possessor of a strong force with a number", published: "2025-03-10",
			text: "Talks over the mercenaries sped up the withdrawal of Canada's 1,200-strong military force from Latvia.",
			want: []wantEvent{{typ: "withdrawal", actor: "Canada", country: "Latvia"}},
		},
		{
			name: "a possessor of something other than forces", published: "2025-03-10",
			text:    "NATO troops noted the departure of Russia's ambassador from Latvia.",
			notWant: []wantEvent{{typ: "withdrawal", actor: "Russia"}},
		},
	})
}

// TestPresentDeploymentAtBase covers forces said to be deployed at a base
// now: a current presence the article reports, as with "stationed at".
func TestPresentDeploymentAtBase(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "are deployed at the named camp", published: "2025-03-10",
			text: "Germany opened Camp Rukla in Lithuania in 2017.\n\nAbout 600 German soldiers are deployed at the camp, the army said.",
			want: []wantEvent{{typ: "deployment", actor: "Germany", bases: []string{"Rukla military base"}}},
		},
		{
			name: "a participle after its noun only says who", published: "2025-03-10",
			text:     "About 600 German soldiers deployed at Camp Rukla in Lithuania attended the ceremony, the army said.",
			notTypes: []string{"deployment"},
		},
		{
			name: "deployed in a country is background", published: "2025-03-10",
			text:     "About 600 German soldiers are deployed in Lithuania, the army said.",
			notTypes: []string{"deployment"},
		},
	})
}

// TestParticipleClausePlaces covers a participle clause after the
// trigger's clause: its places belong to its own verb.
func TestParticipleClausePlaces(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "help sought from another state", published: "2025-03-10",
			text:    "In March 2023, Mali's junta expelled French forces, choosing to seek military help from Russia.",
			want:    []wantEvent{{typ: "withdrawal", actor: "France", country: "Mali"}},
			notWant: []wantEvent{{typ: "withdrawal", country: "Russia"}},
		},
		{
			name: "the trigger's own place still wins", published: "2025-03-10",
			text: "In March 2023, the junta expelled French forces from Mali, choosing to seek military help from Russia.",
			want: []wantEvent{{typ: "withdrawal", actor: "France", country: "Mali"}},
		},
	})
}

// TestActorCoordinationAndEventObjects covers coordinated forces of two
// states ("four US submarines and one British boat": the first acts) and a
// state named as what another event befell ("after the invasion of Iraq").
func TestActorCoordinationAndEventObjects(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "coordinated boats of two states", published: "2025-03-10",
			text: "Up to four US submarines and one British boat will rotate through HMAS Stirling from 2027.",
			want: []wantEvent{{typ: "deployment", actor: "United States", bases: []string{"HMAS Stirling"}}},
		},
		{
			name: "the object of an invasion does not act", published: "2025-03-10",
			text:    "American bombers left Al Udeid Air Base in 2003 after the invasion of Iraq and returned in 2019.",
			want:    []wantEvent{{typ: "deployment", actor: "United States", date: "2019"}},
			notWant: []wantEvent{{typ: "deployment", actor: "Iraq"}},
		},
		{
			name: "the forces of a state still act", published: "2025-03-10",
			text: "The armed forces of Ukraine withdrew from Avdiivka on Saturday.",
			want: []wantEvent{{typ: "withdrawal", actor: "Ukraine"}},
		},
	})
}

// TestMovedForcesOwner covers a troop movement whose only named state owns
// the forces it moves ("station American troops").
func TestMovedForcesOwner(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "no plans to station foreign troops", published: "2025-03-10",
			text: "Army officials visited Finland's garrisons on Monday.\n\n\"There are no plans to station American troops here permanently,\" the minister said.",
			want: []wantEvent{{typ: "deployment", actor: "United States", negated: true}},
		},
		{
			name: "a subject still acts", published: "2025-03-10",
			text: "Germany will station American troops at Grafenwoehr next year.",
			want: []wantEvent{{typ: "deployment", actor: "Germany"}},
		},
		{
			name: "attacked troops are the target", published: "2025-03-10",
			text:    "Rebels attacked French troops near Gao in Mali on Sunday.",
			notWant: []wantEvent{{typ: "attack", actor: "France"}},
		},
	})
}
