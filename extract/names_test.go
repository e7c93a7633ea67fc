package extract_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph"
)

// TestNamesInContext checks entity rules that read a name in its context.
// Each case lists entities ("Type:Name") the text must yield and ones it
// must not.
func TestNamesInContext(t *testing.T) {
	p := newPipeline(t)
	for _, tc := range []struct {
		name, text  string
		want, lacks []string
	}{
		{"a base name split by an editor's bracket",
			"Engineers dismantled the Operational Desert Platform of [the country's eastern district of] Gao before the troops left.",
			[]string{"Base:Gao military base"}, nil},
		{"a base described by its county is the base named before",
			"RAF Lakenheath hosted the drill on Monday. Crews from the Suffolk airbase flew four sorties over the sea.",
			[]string{"Base:RAF Lakenheath"}, []string{"Base:Suffolk Air Base"}},
		{"a base described by its region with no base named is none",
			"Officials said the Suffolk airbase would get new hangars for its fighter jets next year.",
			nil, []string{"Base:Suffolk Air Base"}},
		{"a base described by its peninsula is the naval base named before",
			"Missiles hit the headquarters of the Black Sea Fleet on Friday. Smoke rose from the Crimean naval base for hours.",
			[]string{"Base:Sevastopol Naval Base", "Organisation:Black Sea Fleet"}, []string{"Base:Crimean Naval Base"}},
		{"a camp named like a capital",
			"US soldiers handed Camp Stanley back to the city after the troops left for the south.",
			[]string{"Base:Camp Stanley"}, []string{"Country:Falkland Islands"}},
		{"a service's possessive before a base's territory",
			"The Navy's Guam base hosted the troops deployed for the exercise this week.",
			nil, []string{"Base:Navy's Guam Base", "Base:Guam Base"}},
		{"a leader's compound before an organisation",
			"Kurdish-led Syrian Democratic Forces took over the positions the US troops left.",
			[]string{"Organisation:Syrian Democratic Forces"}, []string{"Organisation:Kurdish-led Syrian Democratic Forces"}},
		{"an operation named after a group",
			"The missiles were fired in Operation Hamas Dawn against the base, the military said.",
			nil, []string{"Organisation:Hamas"}},
		{"a document named by a body's head noun",
			"The Status of Forces Agreement governs the troops stationed in the country.",
			nil, []string{"Organisation:Status of Forces"}},
		{"a sentence's first verb before a department",
			"Citing the Department of Homeland Defense, the governor said the troops would stay on the island.",
			[]string{"Organisation:Department of Homeland Defense"}, []string{"Organisation:Citing the Department"}},
		{"a country's capitalised defence ministry",
			"The brigade will leave in October, Norway's Defence Ministry said of the troops.",
			[]string{"Organisation:Norwegian Ministry of Defence"}, []string{"Organisation:Defence Ministry"}},
		{"a short form of an organisation named in full",
			"The U.S. Marine Corps opened the new base on the island. A Marine Corps statement said troops would arrive in May.",
			[]string{"Organisation:US Marine Corps", "Country:United States"}, []string{"Organisation:Marine Corps"}},
		{"a bureau and an authority",
			"Kanto Defense Bureau officials and the Osaka Port Authority met about the troops moving through the port.",
			[]string{"Organisation:Kanto Defense Bureau", "Organisation:Osaka Port Authority"}, nil},
		{"a ministry named by where the outlet reports from",
			"The defence ministry here said the troops would leave the two camps by the end of the year.",
			[]string{"Organisation:South Korean Ministry of National Defense"}, nil},
		{"a country's ministry the gazetteer holds under another wording",
			"The brigade will rotate home in June, Romania's Defense Ministry said on Tuesday.",
			[]string{"Organisation:Romanian Ministry of National Defence"}, []string{"Organisation:Romanian Ministry of Defence"}},
		{"a university named after a saint",
			"Researchers at St Andrew's University of Ottawa studied the troops' sleep.",
			[]string{"Organisation:St Andrew's University of Ottawa"}, []string{"Organisation:University of Ottawa"}},
		{"a department followed by another party",
			"The Department of Defense and Niger's army agreed on a timetable for the troops.",
			nil, []string{"Organisation:Department of Defense and Niger"}},
		{"a known base spelt another way",
			"Explosions shook the Saki airfield on the coast, and smoke rose over the military site.",
			[]string{"Base:Saky Air Base"}, []string{"Base:Saki Air Base"}},
		{"a numbered unit named after a base's function",
			"Officers of the 412th Space Base Group briefed the visitors at the radar station.",
			[]string{"Organisation:412th Space Base Group"}, []string{"Base:Space Base"}},
		{"a company's group is no unit",
			"Shares of Sony Group and Hitachi fell as the troops left.",
			nil, []string{"Organisation:Sony Group"}},
		{"aircraft after a station's title",
			"Six RAF Tornado jets took off from the island to strike the radar sites.",
			nil, []string{"Base:RAF Tornado"}},
		{"a person's title ending in a head noun",
			"Chief of Naval Staff Admiral Rao said the troops would stay in the region.",
			nil, []string{"Organisation:Chief of Naval Staff"}},
		{"an agency's acronym on a page of its country",
			"The jets landed on the highway during the drill, CNA reported.",
			[]string{"Organisation:Central News Agency"}, []string{"Organisation:CNA"}},
		{"Georgia after a US town is the state",
			"The troops moved from Albany, Georgia, to the base in Texas.",
			nil, []string{"Country:Georgia"}},
		{"Georgia after its own capital is the country",
			"The troops moved from Tbilisi, Georgia, to the border.",
			[]string{"Country:Georgia"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			url := "https://example.org/" + strings.ReplaceAll(tc.name, " ", "-")
			if strings.Contains(tc.text, " here ") {
				url = "https://en.yna.co.kr/politics/sample" // a Seoul agency: "here" is South Korea
			}
			if strings.Contains(tc.text, "CNA") {
				url = "https://www.taipeitimes.com/News/report" // a Taiwanese page
			}
			x := p.Extract(newsgraph.Article{URL: url, Title: "Report",
				Published: time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC), Body: tc.text})
			var got []string
			for _, e := range x.Entities {
				got = append(got, e.Type+":"+e.Name)
			}
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("entities %q lack %q", got, w)
				}
			}
			for _, l := range tc.lacks {
				if slices.Contains(got, l) {
					t.Errorf("entities %q have %q", got, l)
				}
			}
		})
	}
}
