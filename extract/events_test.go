package extract_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph"
)

// wantEvent is what a phrasing must yield; empty fields are not checked,
// and "-" asks for an empty value.
type wantEvent struct {
	typ, actor, country, date string
	status                    string
	bases                     []string
	negated                   bool
	noBases                   bool // the event must name no base
}

// phrasing is one class of sentences from wire copy, written for these
// tests, with the events it must and must not produce.
type phrasing struct {
	name      string
	published string // YYYY-MM-DD
	text      string
	want      []wantEvent
	// notTypes are event types the text must not yield at all.
	notTypes []string
	// notWant are events the text must not yield.
	notWant []wantEvent
	// count, where set, is how many events of each type the text yields.
	count map[string]int
	// entities and notEntities are "Type:Name" pairs that must (not) be found.
	entities, notEntities []string
}

func runPhrasings(t *testing.T, cases []phrasing) {
	t.Helper()
	p := newPipeline(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var pub time.Time // an undated page when published is ""
			if c.published != "" {
				var err error
				if pub, err = time.Parse("2006-01-02", c.published); err != nil {
					t.Fatal(err)
				}
			}
			x := p.Extract(newsgraph.Article{URL: "https://example.org/" + c.name, Title: "Report", Published: pub, Body: c.text})
			for _, w := range c.want {
				if !slices.ContainsFunc(x.Events, func(e newsgraph.Event) bool { return eventMatches(e, w) }) {
					t.Errorf("no event like %+v; got:\n%s", w, describeEvents(x.Events))
				}
			}
			for typ, n := range c.count {
				if got := len(slices.DeleteFunc(slices.Clone(x.Events), func(e newsgraph.Event) bool { return e.Type != typ })); got != n {
					t.Errorf("%d %s events, want %d; got:\n%s", got, typ, n, describeEvents(x.Events))
				}
			}
			for _, w := range c.notWant {
				if slices.ContainsFunc(x.Events, func(e newsgraph.Event) bool { return eventMatches(e, w) }) {
					t.Errorf("unwanted event like %+v; got:\n%s", w, describeEvents(x.Events))
				}
			}
			for _, nt := range c.notTypes {
				for _, e := range x.Events {
					if e.Type == nt {
						t.Errorf("unwanted %s event (trigger %q) in %q", nt, e.Trigger, e.Evidence)
					}
				}
			}
			has := func(te string) bool {
				typ, name, _ := strings.Cut(te, ":")
				return slices.ContainsFunc(x.Entities, func(e newsgraph.Entity) bool { return e.Type == typ && e.Name == name })
			}
			for _, te := range c.entities {
				if !has(te) {
					t.Errorf("entity %s not found", te)
				}
			}
			for _, te := range c.notEntities {
				if has(te) {
					t.Errorf("unwanted entity %s", te)
				}
			}
		})
	}
}

func eventMatches(e newsgraph.Event, w wantEvent) bool {
	field := func(got, want string) bool { return want == "" || want == "-" && got == "" || want == got }
	if e.Type != w.typ || e.Negated != w.negated || !field(e.Actor, w.actor) || !field(e.Country, w.country) || !field(e.Date, w.date) || !field(e.Status, w.status) {
		return false
	}
	for _, b := range w.bases {
		if !slices.Contains(e.Bases, b) {
			return false
		}
	}
	return !w.noBases || len(e.Bases) == 0
}

func describeEvents(evs []newsgraph.Event) string {
	var b strings.Builder
	for _, e := range evs {
		b.WriteString("  " + e.Type + " bases=" + strings.Join(e.Bases, "|") + " actor=" + e.Actor + " country=" + e.Country + " date=" + e.Date)
		if e.Negated {
			b.WriteString(" negated")
		}
		b.WriteString(" status=" + e.Status + " trigger=" + e.Trigger + "\n")
	}
	return b.String()
}

// TestPhrasings covers the phrasing classes the event rules handle, with
// sentences in the style of wire copy.
func TestPhrasings(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "forces entering a base", published: "2025-03-10",
			text:     "Syrian army units took control of the Tabqa air base on Sunday, hours after the last Russian soldiers had gone.",
			want:     []wantEvent{{typ: "deployment", bases: []string{"Tabqa Air Base"}, actor: "Syria", date: "2025-03-09"}},
			notTypes: []string{"handover"},
		},
		{
			name: "fighters occupy a vacated camp", published: "2023-11-02",
			text: "Peacekeepers pulled out of the Kidal camp on Tuesday, and Tuareg-led rebels said they had occupied the base within hours.",
			want: []wantEvent{
				{typ: "withdrawal", bases: []string{"Kidal Camp"}, date: "2023-10-31"},
				{typ: "deployment", bases: []string{"Kidal Camp"}, actor: "-"},
			},
		},
		{
			name: "passive return of bases named by their towns", published: "2025-02-10",
			text: "French troops have been leaving Chad for months. The bases in Abéché and Faya-Largeau were returned to Chad's army last month, French officers said.",
			want: []wantEvent{{typ: "handover", bases: []string{"Abéché Base", "Faya-Largeau Base"}, country: "Chad", date: "2025-01"}},
		},
		{
			name: "handed a long-named base to a national army", published: "2024-06-20",
			text: "The African Union mission handed Forward Operating Base Burhakaba in the Bay region to the Somali National Army on Wednesday.",
			want: []wantEvent{{typ: "handover", bases: []string{"Forward Operating Base Burhakaba"}, actor: "African Union", country: "Somalia", date: "2024-06-19"}},
		},
		{
			name: "sovereignty handed to a recipient state", published: "2024-10-04",
			text: "Britain agreed on Thursday to hand sovereignty of the islands to Mauritius while keeping the military base on Diego Garcia.",
			want: []wantEvent{
				{typ: "handover", actor: "United Kingdom", country: "Mauritius"},
				{typ: "agreement", actor: "United Kingdom", bases: []string{"Naval Support Facility Diego Garcia"}, date: "2024-10-03"},
			},
		},
		{
			name: "aircraft moved away from a base", published: "2025-06-25",
			text: "Dozens of U.S. aircraft had been moved away from Al Udeid Air Base in the days before the missile strike, a defence official said.",
			want: []wantEvent{{typ: "relocation", bases: []string{"Al Udeid Air Base"}, country: "Qatar"}},
		},
		{
			name: "leaving a home post for a rotation abroad", published: "2024-05-02",
			text:     "Soldiers of the 3rd Infantry Division will leave Fort Stewart next month for a nine-month rotation in Poland, the Army said.",
			want:     []wantEvent{{typ: "deployment", bases: []string{"Fort Stewart"}}},
			notTypes: []string{"withdrawal"},
		},
		{
			name: "agreement as background", published: "2025-01-15",
			text:     "About 900 American troops remain in Syria under an agreement with local partners, officials said. Washington welcomed the deal at the time.",
			notTypes: []string{"agreement"},
		},
		{
			name: "agreement signed", published: "2024-07-09",
			text: "Japan and the Philippines signed a reciprocal access agreement in Manila on Monday, allowing their troops to train on each other's soil.",
			want: []wantEvent{{typ: "agreement", actor: "Japan", country: "Philippines", date: "2024-07-08"}},
		},
		{
			name: "agreement dated by its year", published: "2024-12-20",
			text: "The move follows a 2012 agreement between Tokyo and Washington on the future of Marine units on the island.",
			want: []wantEvent{{typ: "agreement", actor: "Japan", date: "2012"}},
		},
		{
			name: "a neighbour's border is not the place", published: "2024-01-29",
			text: "A drone struck a U.S. outpost in Jordan near the Syrian border on Sunday, killing three soldiers, the military said.",
			want: []wantEvent{{typ: "attack", country: "Jordan", date: "2024-01-28"}},
		},
		{
			name: "pronoun subject refers to the base just named", published: "2024-03-02",
			text: "Officials said the drawdown would begin at Victory Base near Baghdad airport. It came under rocket fire in January, an attack claimed by the Islamic Resistance in Iraq.",
			want: []wantEvent{{typ: "attack", bases: []string{"Victory Base"}, actor: "Islamic Resistance in Iraq", date: "2024-01"}},
		},
		{
			name: "units relocated there", published: "2024-10-12",
			text: "Reinforcements are flowing into Camp Buehring in Kuwait. The camp has expanded since several Army logistics units relocated there from Iraq last year.",
			want: []wantEvent{{typ: "relocation", bases: []string{"Camp Buehring"}}},
		},
		{
			name: "agentless handover by the base's foreign operator", published: "2025-01-31",
			text: "A farewell ceremony for French troops was held at the Adji Kossei air base in N'Djamena on Thursday.\n\nAfter the anthems, the base was formally handed over to the Chadian army.",
			want: []wantEvent{{typ: "handover", bases: []string{"Adji Kossei Air Base"}, actor: "France"}},
		},
		{
			name: "possessive country before the group that acts", published: "2024-02-20",
			text: "Warships were sent to the Red Sea after repeated missile attacks by Yemen's Houthi rebels on merchant shipping.",
			want: []wantEvent{{typ: "attack", actor: "Houthis"}},
		},
		{
			// That nobody asked for a step claims no event, not even a
			// denied one: the gold files label none (027, 022).
			name: "no request to reduce", published: "2025-02-14",
			text:     "Turkish sources said there had been no request from Washington to reduce its troop presence at Incirlik Air Base.",
			notTypes: []string{"withdrawal"},
		},
		{
			name: "a mission due to finish by a day-month deadline", published: "2023-11-01",
			text: "The UN mission is due to complete its withdrawal of peacekeepers from Mali by December 31.",
			want: []wantEvent{{typ: "withdrawal", country: "Mali", date: "2023-12-31"}},
		},
		{
			name: "agreement framing another event", published: "2025-05-14",
			text:     "U.S. troops began leaving Niger's Air Base 201 on Monday under a deal with the ruling junta.",
			want:     []wantEvent{{typ: "withdrawal", bases: []string{"Air Base 201"}, actor: "United States", date: "2025-05-12"}},
			notTypes: []string{"agreement"},
		},
		{
			name: "agreement framing that also reports its signing", published: "2024-12-13",
			text: "Russian warships use the port of Tartus under a 49-year agreement signed in 2017.",
			want: []wantEvent{{typ: "agreement", actor: "Russia", date: "2017"}},
		},
		{
			name: "its base placed in another country is a new base", published: "2025-05-14",
			text: "U.S. troops left Air Base 201 last year.\n\nFrance will close its military base in Gabon, the defence ministry said.",
			want: []wantEvent{{typ: "closure", actor: "France", country: "Gabon"}},
		},
		{
			name: "a garrison in a city is its army post", published: "2024-03-25",
			text:        "Poland opened a new U.S. Army garrison in Poznan on Friday.",
			want:        []wantEvent{{typ: "establishment", bases: []string{"Camp Kościuszko"}, actor: "Poland", date: "2024-03-22"}},
			notEntities: []string{"Base:Poznań-Krzesiny Air Base"},
		},
		{
			name: "modal station is a planned deployment", published: "2023-06-27",
			text: "Germany will station a combat brigade of about 4,000 soldiers in Lithuania by 2027, its defence minister said.",
			want: []wantEvent{{typ: "deployment", actor: "Germany", country: "Lithuania", date: "2027"}},
		},
		{
			name: "a weapon hit something", published: "2025-01-20",
			text: "A Ukrainian drone hit an oil depot in Russia's Bryansk region overnight, the regional governor said.",
			want: []wantEvent{{typ: "attack", actor: "Ukraine", country: "Russia"}},
		},
		{
			name: "storms and labour strikes are not attacks", published: "2024-10-25",
			text:     "The typhoon struck northern Luzon on Thursday, and army trucks carried food to flooded towns. Dock workers at the naval base went on strike on Monday.",
			notTypes: []string{"attack"},
		},
		{
			name: "the country refers back to the last country named", published: "2025-02-21",
			text: "France handed its last base in Ivory Coast to Ivorian authorities on Thursday. Paris has cut its contingent in the country to about 80 soldiers.",
			want: []wantEvent{{typ: "withdrawal", actor: "France", country: "Ivory Coast"}},
		},
		{
			name: "departing troops moved elsewhere rather than leaving", published: "2025-08-26",
			text: "American forces finished leaving Ain al-Asad Air Base on Sunday. Some of the departing troops were moved to Erbil last week rather than leaving the country, officials said.",
			want: []wantEvent{
				{typ: "withdrawal", actor: "United States", bases: []string{"Ain al-Asad Air Base"}, date: "2025-08-24"},
				{typ: "relocation", actor: "United States", bases: []string{"Ain al-Asad Air Base"}, date: "2025-08"},
				{typ: "withdrawal", negated: true},
			},
		},
		{
			name: "object of leave names the country", published: "2025-08-26",
			text: "U.S. troops have left Ain al-Asad Air Base. Some 2,500 American soldiers remain in the Kurdistan Region. \"We are not leaving Iraq,\" a U.S. military official said, adding that operations against ISIS in Syria would continue.",
			want: []wantEvent{{typ: "withdrawal", country: "Iraq", negated: true}},
		},
		{
			name: "relative clause about the base before it", published: "2024-11-05",
			text: "Nearby lies the PLA Support Base in Djibouti, China's first overseas military facility, which opened in 2017.",
			want: []wantEvent{{typ: "establishment", bases: []string{"PLA Support Base in Djibouti"}, date: "2017"}},
		},
		{
			name: "troops as subject of an intransitive left", published: "2025-07-18",
			text: "About 350 French soldiers had been stationed in Senegal, most of whom left in recent months.",
			want: []wantEvent{{typ: "withdrawal", country: "Senegal"}},
		},
		{
			name: "a state's national guard acts for the country", published: "2024-05-10",
			text: "About 1,800 soldiers from a Texas National Guard brigade will deploy to Camp Buehring in Kuwait next month.",
			want: []wantEvent{{typ: "deployment", actor: "United States", bases: []string{"Camp Buehring"}, date: "2024-06"}},
		},
		{
			name: "a drone crashed into a base", published: "2023-10-27",
			text: "One drone crashed into an empty area near the runway at Harir Air Base on Thursday, Kurdish officials said.",
			want: []wantEvent{{typ: "attack", bases: []string{"Harir Air Base"}, date: "2023-10-26"}},
		},
		{
			name: "feared attacks have not happened", published: "2023-10-20",
			text:     "Washington is bracing for strikes on its troops in the region by Iran-aligned groups, a U.S. defence official said.",
			notTypes: []string{"attack"},
		},
		{
			name: "an end date is not the event date", published: "2024-04-23",
			text: "The Balikatan drills began on Monday with 16,000 troops and will run until May 10, the Philippine military said.",
			want: []wantEvent{{typ: "exercise", date: "2024-04-22"}},
		},
		{
			name: "a person named like a place", published: "2023-09-26",
			text:        "Defence Cabinet Secretary Aden Duale said Kenyan troops would stay in Somalia.",
			notEntities: []string{"Place:Aden"},
		},
		{
			name: "a weekday in a past clause of a sentence about the future", published: "2025-03-10",
			text: "The first 200 U.S. Marines arrived in Darwin on Sunday, with the rest expected to land by next month.",
			want: []wantEvent{{typ: "deployment", date: "2025-03-09"}},
		},
		{
			name: "a weekday after a scheduling verb is ahead", published: "2025-03-10",
			text: "A second group of U.S. Marines is scheduled to arrive in Darwin on Sunday.",
			want: []wantEvent{{typ: "deployment", date: "2025-03-16"}},
		},
		{
			name: "troops were based somewhere: a state, not a deployment", published: "2025-02-21",
			text:     "Around 1,000 French troops were based in Port-Bouet only a few years ago.",
			notTypes: []string{"deployment"},
		},
		{
			name: "consolidating forces is a drawdown", published: "2025-04-24",
			text: "The Pentagon said it would consolidate U.S. forces in Syria to fewer than 1,000 troops over the coming months.",
			want: []wantEvent{{typ: "withdrawal", actor: "United States", country: "Syria"}},
		},
		{
			name: "officials of two states signing together", published: "2023-09-26",
			text: "U.S. Defense Secretary Lloyd Austin and Kenyan Defence Cabinet Secretary Aden Duale signed a defence pact in Nairobi on Monday.",
			want: []wantEvent{{typ: "agreement", actor: "United States", country: "Kenya", date: "2023-09-25"}},
		},
		{
			name: "ordered to leave by a deadline", published: "2024-03-20",
			text: "Niger's junta ordered U.S. forces to leave the country by Sept. 15, officials said.",
			want: []wantEvent{{typ: "withdrawal", actor: "United States", country: "Niger", date: "2024-09-15"}},
		},
		{
			name: "a trade deal is not a security event", published: "2025-06-02",
			text:     "U.S. troops remain in Japan. The European Union and Japan signed a digital trade agreement in Tokyo on Monday.",
			notTypes: []string{"agreement"},
		},
		{
			name: "air strikes are military context", published: "2025-06-02",
			text: "Hamas said Israeli air strikes killed at least 30 people in Gaza overnight.",
			want: []wantEvent{{typ: "attack", actor: "Israel"}},
		},
		{
			name: "a state's own paramilitary places the event", published: "2024-06-12",
			text: "Sudan's paramilitary Rapid Support Forces shelled the city of El Fasher for a third day, killing at least 15 civilians.",
			want: []wantEvent{{typ: "attack", actor: "Rapid Support Forces", country: "Sudan"}},
		},
		{
			name: "a back-reference with a deadline joins its event", published: "2024-08-06",
			text: "U.S. forces completed their withdrawal from Air Base 201 in Agadez on Monday. About 1,000 American troops had been based in Niger. The junta had told the military to go. Washington agreed in May to complete the pullout by Sept. 15.",
			want: []wantEvent{
				{typ: "withdrawal", bases: []string{"Air Base 201"}, actor: "United States", date: "2024-08-05"},
				{typ: "agreement", actor: "United States", country: "Niger", date: "2024-05"},
			},
		},
		{
			name: "an undated report at the same base takes the episode's date", published: "2023-11-01",
			text: "The last UN convoy left the Kidal camp on Tuesday.\n\nTuareg rebels said their fighters had occupied the camp.",
			want: []wantEvent{{typ: "deployment", bases: []string{"Kidal Camp"}, date: "2023-10-31"}},
		},
		{
			name: "a plan's deadline does not date what happened", published: "2023-11-01",
			text: "Peacekeepers left the Kidal camp, the UN mission said.\n\nThe mission is due to complete its withdrawal of troops from Mali by December 31.",
			want: []wantEvent{{typ: "withdrawal", bases: []string{"Kidal Camp"}, date: "-"}},
		},
		{
			name: "the coalition in a story about Iraq", published: "2025-03-01",
			text:     "Iraq's defence ministry said the schedule agreed with the international coalition had not changed. Coalition forces will leave federal Iraq by September.",
			entities: []string{"Organisation:Global Coalition to Defeat ISIS"},
		},
		{
			name: "a coalition government is politics", published: "2025-03-01",
			text:        "U.S. troops remain in Iraq. The coalition government in Baghdad met on Sunday to discuss the budget.",
			notEntities: []string{"Organisation:Global Coalition to Defeat ISIS"},
		},
		{
			name: "another coalition named in the story", published: "2025-03-01",
			text:        "The Saudi-led coalition said its jets struck Houthi positions in Yemen. The coalition said it had hit a drone factory.",
			notEntities: []string{"Organisation:Global Coalition to Defeat ISIS"},
		},
		{
			name: "two attackers in one clause, and a campaign dated by its relative clause", published: "2025-06-24",
			text: "The strike came after the United States bombed three Iranian nuclear sites early on Sunday, joining Israel's military campaign against Iran, which began on June 13.",
			want: []wantEvent{
				{typ: "attack", actor: "United States", country: "Iran", date: "2025-06-22"},
				{typ: "attack", actor: "Israel", country: "Iran", date: "2025-06-13"},
			},
		},
		{
			name: "an attribution clause does not place the event", published: "2024-07-11",
			text: "The U.S. will begin deploying long-range missiles to Germany in 2026. The deployments will at first be episodic, as a step towards stationing the systems permanently, according to a statement released at the NATO summit in Washington.",
			want: []wantEvent{{typ: "deployment", actor: "United States", country: "Germany", date: "2026"}},
		},
		{
			name: "two withdrawals in one clause, each from its base", published: "2024-12-13",
			text: "Russia appears to have moved most of its warships away from the Syrian port of Tartus and begun flying military equipment out of its Hmeimim airbase, satellite images show.",
			want: []wantEvent{
				{typ: "withdrawal", actor: "Russia", bases: []string{"Tartus Naval Facility"}},
				{typ: "withdrawal", actor: "Russia", bases: []string{"Khmeimim Air Base"}},
			},
		},
		{
			name: "a contingent at a town with a known base", published: "2025-04-14",
			text: "The British Ministry of Defence denied a report that it planned to cut its contingent at Tapa, saying the force would stay at full strength.",
			want: []wantEvent{{typ: "withdrawal", actor: "United Kingdom", bases: []string{"Tapa Army Base"}, negated: true}},
		},
		{
			name: "open as an adjective", published: "2024-12-13",
			text:     "Two Russian transport planes sat on the apron at Hmeimim air base with their nose cones open.",
			notTypes: []string{"establishment"},
		},
		{
			name: "whose presence is wound down", published: "2025-03-01",
			text: "Washington announced in September last year that it had agreed with Baghdad on a plan to wind down the coalition's military presence in Iraq.",
			want: []wantEvent{{typ: "withdrawal", actor: "Global Coalition to Defeat ISIS", country: "Iraq"}},
		},
		{
			name: "troops who served somewhere since a year left", published: "2024-06-27",
			text: "Djiboutian troops who had manned the base near Beledweyne since 2014 left in a convoy on Wednesday, the mission said.",
			want: []wantEvent{{typ: "withdrawal", actor: "Djibouti", date: "2024-06-26"}},
		},
		{
			name: "a step in a larger withdrawal", published: "2024-06-27",
			text:     "The African Union mission handed Forward Operating Base Dhagax-Yar to the Somali National Army on Wednesday, the latest step in a phased withdrawal of foreign troops from the country.",
			want:     []wantEvent{{typ: "handover", bases: []string{"Forward Operating Base Dhagax-Yar"}, date: "2024-06-26"}},
			notTypes: []string{"withdrawal"},
		},
		{
			name: "a possessor of a timeline is not the subject", published: "2025-08-25",
			text: "Officials said on Sunday that US forces have begun a swift withdrawal from Ain al-Asad Air Base, accelerating the coalition's timeline, with some troops relocating to Erbil.",
			want: []wantEvent{
				{typ: "withdrawal", actor: "United States", bases: []string{"Ain al-Asad Air Base"}},
				{typ: "relocation", actor: "United States"},
			},
		},
		{
			name: "stadiums, towns and summer camps are not bases", published: "2025-07-10",
			text:        "Barcelona beat Real Madrid at Camp Nou on Sunday. A wildfire forced the evacuation of Fort McMurray. American Airlines is based in Fort Worth, Texas. Floods swept through Camp Mystic, a girls' summer camp.",
			notEntities: []string{"Base:Camp Nou", "Base:Camp Nou on Sunday", "Base:Fort McMurray", "Base:Fort Worth", "Base:Camp Mystic"},
			notTypes:    []string{"deployment", "withdrawal"},
		},
		{
			name: "a camp in a story about troops", published: "2025-07-10",
			text:     "Troops at Fort Bragg were ordered to the border on Monday, the Army said.",
			entities: []string{"Base:Fort Bragg"},
		},
		{
			name: "ships and warplanes sent toward a country", published: "2025-02-03",
			text: "China sent 30 warplanes and nine navy ships toward Taiwan in the past 24 hours, Taiwan's defence ministry said.",
			want: []wantEvent{{typ: "deployment", actor: "China", country: "Taiwan"}},
		},
		{
			name: "a denied reduction of a national contingent", published: "2025-02-03",
			text: "The ministry said it was not considering a reduction of the French contingent in Djibouti.",
			want: []wantEvent{{typ: "withdrawal", actor: "France", country: "Djibouti", negated: true}},
		},
		{
			name: "denials and refusals", published: "2025-02-03",
			text: "The Pentagon has no plans to withdraw U.S. troops from South Korea, a spokesman said. Moscow dismissed speculation that Russian forces would leave the Hmeimim air base.",
			want: []wantEvent{
				{typ: "withdrawal", actor: "United States", country: "South Korea", negated: true},
				{typ: "withdrawal", actor: "Russia", bases: []string{"Khmeimim Air Base"}, negated: true},
			},
		},
		{
			name: "nothing has been handed over", published: "2025-03-01",
			text: "No American soldier has left Victory Base, and nothing has been handed over to Iraqi forces yet, a ministry spokesman said.",
			want: []wantEvent{{typ: "handover", bases: []string{"Victory Base"}, negated: true}},
		},
		{
			name: "a base next to a construction site is a landmark", published: "2024-12-26",
			text: "The new runways for U.S. Marine aircraft are being built on reclaimed land next to the Marine Corps' Camp Schwab.",
			want: []wantEvent{{typ: "establishment", noBases: true}},
		},
		{
			name: "a peace plan is diplomacy, troops offered are a planned deployment", published: "2025-03-05",
			text:     "The U.S. paused all military aid to Ukraine. The decision affects arms and ammunition. European leaders met in London on Sunday and agreed to draw up a peace plan. Britain and France said they are prepared to send troops to Ukraine to guarantee any ceasefire.",
			want:     []wantEvent{{typ: "deployment", actor: "United Kingdom", country: "Ukraine"}},
			notTypes: []string{"agreement"},
		},
		{
			name: "an alliance cost-sharing deal filed under the host", published: "2025-05-23",
			text: "About 28,500 U.S. troops are stationed in South Korea. The U.S. military has kept forces there since 1953, most of them at Camp Humphreys. Seoul signed a new cost-sharing deal with Washington in November last year. South Korea's defence ministry said the troops would stay in South Korea.",
			want: []wantEvent{{typ: "agreement", actor: "South Korea", country: "South Korea", date: "2024-11"}},
		},
		{
			name: "respectively pairs bases with dates", published: "2025-01-31",
			text: "French troops have been leaving Chad. The bases in Faya-Largeau and Abéché were returned to Chad's army in December and earlier this month respectively.",
			want: []wantEvent{
				{typ: "handover", bases: []string{"Faya-Largeau Base"}, date: "2024-12"},
				{typ: "handover", bases: []string{"Abéché Base"}, date: "2025-01"},
			},
		},
		{
			name: "the group that claimed an attack made it", published: "2024-10-14",
			text: "Hezbollah claimed responsibility for a drone attack on an Israeli army base near Binyamina on Sunday. The Houthis said they had launched missiles at a U.S. warship in the Red Sea.",
			want: []wantEvent{
				{typ: "attack", actor: "Hezbollah", country: "Israel", date: "2024-10-13"},
				{typ: "attack", actor: "Houthis"},
			},
		},
		{
			name: "whose marine corps", published: "2024-12-26",
			text:     "South Korea's Marine Corps held live-fire drills on Yeonpyeong island. The new runway is next to the Marine Corps' Camp Schwab.",
			entities: []string{"Organisation:Republic of Korea Marine Corps", "Organisation:US Marine Corps"},
		},
		{
			name: "the object of an attack verb places it, and separate strikes stay separate", published: "2025-03-12",
			text: "Russian jets struck Idlib overnight. Turkish drones struck Kobani at the weekend. A drone hit an oil refinery on the Volga on Monday.",
			want: []wantEvent{
				{typ: "attack", actor: "Russia", country: "Syria"},
				{typ: "attack", actor: "Turkey", country: "Syria"},
				{typ: "attack", actor: "-", country: "-", date: "2025-03-10"},
			},
		},
		{
			name: "batteries and jets moved elsewhere", published: "2025-04-10",
			text: "The Pentagon will shift two Patriot air defence batteries from South Korea to the Middle East, officials said. NATO will move its Baltic air policing jets to Lithuania's Siauliai air base in June.",
			want: []wantEvent{
				{typ: "relocation", actor: "United States", country: "South Korea"},
				{typ: "relocation", actor: "NATO", bases: []string{"Šiauliai Air Base"}, date: "2025-06"},
			},
		},
		{
			name: "a relocation's destination described by a where-clause", published: "2024-12-13",
			text: "Analysts said Moscow might try to shift some of the military equipment to Libya, where Russian forces operate from al-Khadim air base near Benghazi.",
			want: []wantEvent{{typ: "relocation", actor: "Russia", bases: []string{"Al-Khadim Air Base"}, country: "Libya"}},
		},
		{
			name: "an exercise's host runs it", published: "2025-03-10",
			text: "About 2,000 U.S. Marines arrived in Darwin on Sunday. The Marines will train with Australian troops. During their stay they will take part in Exercise Talisman Sabre, which Australia will host across several states in July. Japanese soldiers will join the Cobra Gold exercise hosted by Thailand.",
			want: []wantEvent{
				{typ: "exercise", actor: "Australia", country: "Australia", date: "2025-07"},
				{typ: "exercise", actor: "Thailand", country: "Thailand"},
			},
		},
		{
			name: "bases that are not installations, withdrawals that are not of forces", published: "2025-03-10",
			text:     "The Pentagon plans to build up the defense industrial base, officials said. The president's political base welcomed the troop withdrawal. The army withdrew its objection to the budget. Moscow withdrew its ambassador from Chisinau.",
			notTypes: []string{"establishment", "withdrawal"},
		},
		{
			name: "taking over a base from departing forces is their handover", published: "2025-02-21",
			text:     "Senegal's army took over the Rufisque base from French forces on Tuesday.",
			want:     []wantEvent{{typ: "handover", bases: []string{"Rufisque Base"}, actor: "France", country: "Senegal", date: "2025-02-18"}},
			notTypes: []string{"deployment"},
		},
		{
			name: "a lowercase base after a name, but not a possessor's or a service's", published: "2025-02-21",
			text:        "Soldiers at the Ramstein base were told to wait. Trump's base cheered the troop cuts. The Marines are at the Marine Corps base in Hawaii.",
			entities:    []string{"Base:Ramstein Air Base"},
			notEntities: []string{"Base:Trump's Base", "Base:Corps Base"},
		},
		{
			name: "a host expels foreign forces", published: "2025-02-21",
			text: "Mali's junta expelled French troops in 2022. Niger's rulers ordered U.S. forces out last year.",
			want: []wantEvent{
				{typ: "withdrawal", actor: "France", country: "Mali", date: "2022"},
				{typ: "withdrawal", actor: "United States", country: "Niger", date: "2024"},
			},
		},
		{
			name: "bracketed acronym defines itself", published: "2024-04-22",
			text:        "Border patrols in Xinjiang were doubled last week, a spokesman for the People's Armed Police (PAP) said. The PAP added that the extra units would stay until autumn.",
			entities:    []string{"Organisation:People's Armed Police"},
			notEntities: []string{"Organisation:Polish Press Agency"},
		},
		{
			name: "embassy named by state and city", published: "2025-03-01",
			text:     "A spokesperson for the US Embassy in Baghdad said there was no change to the troop withdrawal schedule.",
			entities: []string{"Organisation:US Embassy in Baghdad"},
		},
		{
			name: "market index is not the newspaper", published: "2025-04-07",
			text:        "The Nikkei 225 average fell 7.8 percent, and Nikkei futures were halted, while defence stocks rose.",
			notEntities: []string{"Organisation:Nikkei Asia"},
		},
	})
}
