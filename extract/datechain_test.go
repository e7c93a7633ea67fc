package extract_test

import "testing"

// TestChainedDates: dates told relative to the story's last dated day, and
// a report's day yielding to the day the event itself is given.
func TestChainedDates(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "the previous day after a dated report", published: "2024-05-10",
			text:    "The Pentagon on Thursday confirmed that its troops had left Ain al-Asad Air Base. The departure of the last soldiers from Ain al-Asad was completed the previous day, officials said.",
			want:    []wantEvent{{typ: "withdrawal", bases: []string{"Ain al-Asad Air Base"}, date: "2024-05-08"}},
			notWant: []wantEvent{{typ: "withdrawal", date: "2024-05-09"}},
		},
		{
			name: "two days later", published: "2024-05-10",
			text: "Rebels attacked the army post in Kidal on May 2, killing four soldiers. Two days later, drones struck Camp Lemonnier in Djibouti.",
			want: []wantEvent{{typ: "attack", bases: []string{"Camp Lemonnier"}, date: "2024-05-04"}},
		},
		{
			name: "a quoted today is the speech's day, not the page's", published: "2024-05-07",
			text:    "On Monday Iranian rockets struck Erbil Air Base in northern Iraq. \"Iran hit Erbil Air Base with rockets today,\" a coalition spokesman said.",
			want:    []wantEvent{{typ: "attack", actor: "Iran", bases: []string{"Erbil Air Base"}, date: "2024-05-06"}},
			notWant: []wantEvent{{typ: "attack", date: "2024-05-07"}},
		},
		{
			name: "two attacks each with its own day on an undated page", published: "",
			text:  "The Houthis have stepped up their raids on Saudi Arabia in recent months. On April 9, Houthi rebels attacked a fuel depot in Jizan. Three weeks later, Houthi rebels fired a cruise missile towards Saudi Arabia.",
			want:  []wantEvent{{typ: "attack", actor: "Houthis", country: "Saudi Arabia", date: "-"}},
			count: map[string]int{"attack": 2},
		},
	})
}
