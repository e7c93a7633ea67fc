package extract_test

import "testing"

// TestArgumentsFromTheArticle: a base the event's own clause only
// describes, or names by its town, is the base the article names.
func TestArgumentsFromTheArticle(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "a town standing for the base the article names", published: "2024-05-10",
			text: "Hundreds of US soldiers completed their departure from al-Tanf in Syria on Sunday. The al-Tanf garrison had housed them since 2016.",
			want: []wantEvent{{typ: "withdrawal", bases: []string{"Al-Tanf Garrison"}, actor: "United States", date: "2024-05-05"}},
		},
		{
			name: "an unnamed base named in the next sentence", published: "2024-05-10",
			text: "Rockets struck a major US air base in Iraq on Tuesday. US troops at Ain al-Asad Air Base were unhurt.",
			want: []wantEvent{{typ: "attack", bases: []string{"Ain al-Asad Air Base"}, country: "Iraq", date: "2024-05-07"}},
		},
		{
			name: "a base named next but in another country", published: "2024-05-10",
			text: "A drone struck an air base in Syria on Tuesday. Officials at Incirlik Air Base in Turkey said they saw nothing.",
			want: []wantEvent{{typ: "attack", country: "Syria", noBases: true}},
		},
		{
			name: "aircraft arriving at a base deploy for its operator", published: "2024-05-10",
			text: "Twelve F-16 fighters from a squadron in South Carolina arrived at Kadena Air Base on Friday.",
			want: []wantEvent{{typ: "deployment", bases: []string{"Kadena Air Base"}, actor: "United States", date: "2024-05-10"}},
		},
		{
			name: "a home base closed by its operator", published: "2024-05-10",
			text: "The closing of Naval Station Roosevelt Roads left hundreds of civilian workers without jobs on Wednesday.",
			want: []wantEvent{{typ: "closure", bases: []string{"Naval Station Roosevelt Roads"}, actor: "United States"}},
		},
		{
			name: "jets arriving in a country land at the base the next sentence names", published: "2024-05-10",
			text: "Six US F-35 jets arrived in Qatar on Monday. They landed at Al Udeid Air Base after a long flight from Texas.",
			want: []wantEvent{{typ: "deployment", bases: []string{"Al Udeid Air Base"}, actor: "United States"}},
		},
		{
			name: "an attack whose target base stands later in its sentence", published: "2024-05-10",
			text: "Ukraine hit a fuel depot overnight, in a drone raid that also set a bomber on fire at Engels Air Base.",
			want: []wantEvent{{typ: "attack", bases: []string{"Engels Air Base"}, actor: "Ukraine"}},
		},
		{
			name: "a base before an attack belongs to another event", published: "2024-05-10",
			text:    "The Navy will send more patrol aircraft to Camp Lemonnier in Djibouti next month, as attacks by Houthi rebels on shipping continue.",
			notWant: []wantEvent{{typ: "attack", bases: []string{"Camp Lemonnier"}}},
		},
	})
}
