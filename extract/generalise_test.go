package extract_test

import "testing"

// TestGeneralisationPhrasings covers phrasing classes seen in copy from
// many publishers: relative clauses between a subject and its verb,
// attack verbs beyond "attack", trigger words used as names or nouns, and
// sentences from other beats that must yield nothing.
func TestGeneralisationPhrasings(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "subject before a which clause acts", published: "2025-05-14",
			text: "Germany, which leads NATO's multinational brigade in Lithuania, will deploy another 500 troops to the country next year.",
			want: []wantEvent{{typ: "deployment", actor: "Germany"}},
		},
		{
			name: "subject before a who clause attacks", published: "2024-12-10",
			text: "The Houthis, who control much of northern Yemen, have targeted commercial ships in the Red Sea with missiles and drones since November.",
			want: []wantEvent{{typ: "attack", actor: "Houthis"}},
		},
		{
			name: "subject before an along-with aside", published: "2025-05-14",
			text: "The United Kingdom, along with Australia and Canada, will deploy warships to the Indo-Pacific next month.",
			want: []wantEvent{{typ: "deployment", actor: "United Kingdom"}},
		},
		{
			name: "named exercise with Strike is an exercise", published: "2025-06-03",
			text:     "Polish and U.S. troops took part in the Iron Strike exercise near the Baltic coast this week.",
			want:     []wantEvent{{typ: "exercise"}},
			notTypes: []string{"attack"},
		},
		{
			name: "named drill with Strike and a modifier", published: "2025-06-03",
			text:     "More than 2,000 troops joined the Saber Strike multinational exercise in Latvia on Monday.",
			want:     []wantEvent{{typ: "exercise"}},
			notTypes: []string{"attack"},
		},
		{
			name: "attack submarine is a vessel class", published: "2025-03-18",
			text:     "A U.S. Navy attack submarine arrived in Guam for a scheduled port visit, the Navy said.",
			notTypes: []string{"attack"},
		},
		{
			name: "simulated attack in a drill", published: "2025-04-22",
			text:     "The drills were designed to simulate a full-scale attack on the island, Taiwan's military said.",
			want:     []wantEvent{{typ: "exercise"}},
			notTypes: []string{"attack"},
		},
		{
			name: "storage arrangements are no agreement", published: "2025-01-15",
			text:     "Under the storage arrangements, U.S. military equipment is kept at depots in Norway.",
			notTypes: []string{"agreement"},
		},
		{
			name: "agreed storage arrangements", published: "2025-01-15",
			text:     "Oslo and Washington agreed new storage arrangements for U.S. Marine Corps equipment kept in caves in central Norway.",
			notTypes: []string{"agreement"},
		},
		{
			name: "a basing arrangement is no new pact", published: "2025-01-15",
			text:     "Under existing arrangements, U.S. forces use three bases in Norway.",
			notTypes: []string{"agreement"},
		},
		{
			name: "built shelters is no base", published: "2025-02-11",
			text:     "Residents near the military base built shelters after the first missile alerts.",
			notTypes: []string{"establishment"},
		},
		{
			name: "troops built defences at a base", published: "2025-02-11",
			text:     "Ukrainian troops built trenches and concrete bunkers around the air base, and engineers constructed new roads to the airfield.",
			notTypes: []string{"establishment"},
		},
		{
			name: "a new base is still built", published: "2025-02-11",
			text: "China built a naval base in Djibouti in 2017, its first overseas military facility.",
			want: []wantEvent{{typ: "establishment", date: "2017"}},
		},
		{
			name: "strikes on targets as a count", published: "2025-03-30",
			text: "U.S. forces have carried out more than 1,000 strikes on Houthi targets in Yemen since March 15.",
			want: []wantEvent{{typ: "attack", actor: "United States"}},
		},
		{
			name: "a strike set fire", published: "2025-07-02",
			text: "A Ukrainian drone strike set fire to a fuel depot in Russia's Bryansk region overnight, the governor said.",
			want: []wantEvent{{typ: "attack", country: "Russia"}},
		},
		{
			name: "clashes kill soldiers", published: "2025-05-08",
			text: "Heavy clashes broke out in the valley near the border on Tuesday, and three Indian soldiers were killed.",
			want: []wantEvent{{typ: "attack"}},
		},
		{
			name: "missile that landed near", published: "2025-06-20",
			text: "Militants launched a rocket that landed near the Ain al-Asad air base in western Iraq on Sunday.",
			want: []wantEvent{{typ: "attack", bases: []string{"Ain al-Asad Air Base"}}},
		},
		{
			name: "attacked vessels as a count", published: "2025-01-20",
			text: "The Houthi militia have attacked more than 100 merchant vessels with missiles and drones since November 2023.",
			want: []wantEvent{{typ: "attack", actor: "Houthis"}},
		},
		{
			name: "no plans to expand presence is negated", published: "2025-02-20",
			text:     "The Pentagon said there were no plans to expand the U.S. military presence in Poland.",
			notTypes: []string{"deployment"},
		},
		{
			name: "did not mean they would leave", published: "2025-04-02",
			text: "The minister said the new agreement did not mean that US warships would leave the port of Manama.",
			want: []wantEvent{{typ: "withdrawal", negated: true}},
		},
		{
			name: "airspace not used for attack", published: "2025-04-02",
			text: "Iraq will not allow its airspace to be used for any attack on neighbouring countries, the military said.",
			want: []wantEvent{{typ: "attack", negated: true}},
		},
		{
			name: "all-caps dateline with an agency", published: "2025-05-01",
			text:        "BAGHDAD (Reuters) - Iraq's prime minister said on Sunday that coalition forces would leave Ain al-Asad air base by September.",
			want:        []wantEvent{{typ: "withdrawal", bases: []string{"Ain al-Asad Air Base"}}},
			notEntities: []string{"Organisation:Reuters"},
		},
		{
			name: "all-caps dateline naming a base", published: "2025-05-01",
			text:        "PITUFFIK SPACE BASE, Greenland — Danish officials said on Tuesday that no new troops would arrive in Nuuk this year.",
			notEntities: []string{"Base:Pituffik Space Base"},
		},
		// Other beats: none of these is a security event.
		{
			name: "sport strike and attack", published: "2025-05-01",
			text:     "The striker struck twice in the second half as United's attack overwhelmed the visitors, who built a lead before the break and set up a late rally.",
			notTypes: []string{"attack", "establishment", "deployment", "withdrawal"},
		},
		{
			name: "business deal and arrangements", published: "2025-05-01",
			text:     "The retailer signed a supply deal with a Dutch grocer and said storage arrangements with its logistics partner would be reviewed.",
			notTypes: []string{"agreement", "attack", "deployment"},
		},
		{
			name: "a verbal clash over troops", published: "2025-05-01",
			text:     "The two senators clashed over troop levels in Europe during a heated hearing, and protesters clashed with police outside.",
			notTypes: []string{"attack"},
		},
		{
			name: "whose base is not where", published: "2025-05-14",
			text: "Militants fired rockets at the U.S. base in Syria's Deir el-Zour province on Monday, the military said.",
			want: []wantEvent{{typ: "attack", country: "Syria"}},
		},
		{
			name: "jets pounded positions", published: "2025-05-14",
			text: "Israeli jets pounded Hezbollah positions in southern Lebanon on Monday, the military said.",
			want: []wantEvent{{typ: "attack", actor: "Israel", country: "Lebanon", date: "2025-05-12"}},
		},
		{
			name: "markets and storms pound", published: "2025-05-14",
			text:     "Heavy storms pounded the coast on Monday, and the selloff pounded shares of defence firms as investors blew up their bets.",
			notTypes: []string{"attack"},
		},
		{
			name: "weather strikes", published: "2025-05-01",
			text:     "Lightning struck a barn near the town, and storms set fire to dry grass across the valley.",
			notTypes: []string{"attack"},
		},
	})
}
