package extract_test

import "testing"

// TestFieldMissionActors covers the troops of an international
// organisation: when the article names the organisation's field mission,
// its peacekeepers and soldiers act for that mission.
func TestFieldMissionActors(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "UN peacekeepers of a named mission", published: "2024-03-06",
			text: "UN peacekeepers withdrew from an observation post near the Blue Line in southern Lebanon on Tuesday. UNIFIL said the post would be reopened once the shelling stopped.",
			want: []wantEvent{{typ: "withdrawal", actor: "UNIFIL", date: "2024-03-05"}},
		},
		{
			name: "AU soldiers as a passive agent", published: "2024-06-28",
			text: "Militants attacked the village days after its garrison had been vacated by African Union soldiers. ATMIS has been cutting troops all year.",
			want: []wantEvent{{typ: "withdrawal", actor: "ATMIS"}},
		},
		{
			name: "UN troops with no mission named", published: "2024-03-06",
			text: "United Nations troops pulled out of the buffer zone in Cyprus on Tuesday.",
			want: []wantEvent{{typ: "withdrawal", actor: "United Nations"}},
		},
	})
}

// TestSameKindContinuation covers a later report of the same kind of event
// that keeps the story's actor across an intervening paragraph.
func TestSameKindContinuation(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "a second site two paragraphs on", published: "2024-06-28",
			text: "British troops handed Camp Bastion to the Afghan army on Sunday.\n\nThe soldiers flew out in transport planes, officials said, leaving the base empty.\n\nA second site, Forward Operating Base Price, is expected to be handed over next month.",
			want: []wantEvent{{typ: "handover", actor: "United Kingdom", bases: []string{"Forward Operating Base Price"}}},
		},
	})
}

// TestClaimInLaterSentence covers an attack whose attacker is only named by
// a claim of responsibility in a following sentence or paragraph.
func TestClaimInLaterSentence(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "said it had carried out the strike", published: "2024-02-05",
			text: "A rocket landed inside Al-Tanf garrison on Sunday evening, causing minor damage to a storage building.\n\nThe Islamic Resistance in Iraq said in a short statement that it had carried out the strike.",
			want: []wantEvent{{typ: "attack", actor: "Islamic Resistance in Iraq", bases: []string{"Al-Tanf Garrison"}}},
		},
		{
			name: "claimed responsibility for both", published: "2024-02-05",
			text: "Two mortar rounds were fired at Camp Lemonnier overnight, and a third exploded near the port of Djibouti. Al-Shabaab claimed responsibility for both incidents.",
			want: []wantEvent{{typ: "attack", actor: "al-Shabaab", bases: []string{"Camp Lemonnier"}}},
		},
		{
			name: "a claim far from the report", published: "2024-02-05",
			text: "A rocket landed inside Al-Tanf garrison on Sunday evening.\n\nNo one was hurt, officials said.\n\nThe garrison hosts about 200 troops.\n\nSeparately, the Islamic Resistance in Iraq said it had launched drones at Israel.",
			want: []wantEvent{{typ: "attack", actor: "-", bases: []string{"Al-Tanf Garrison"}}},
		},
	})
}

// TestUnnamedAgentAtForeignBase covers passives and ownerless forces at a
// base a foreign state operates: the operator the paragraph names acts.
func TestUnnamedAgentAtForeignBase(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "passive at a base with several operators", published: "2025-06-27",
			text: "Tankers had been moved away from Al Udeid Air Base before the strike, a British defence source said.",
			want: []wantEvent{{typ: "relocation", actor: "United Kingdom"}},
		},
		{
			name: "two operators named, no choice", published: "2025-06-27",
			text: "Tankers had been moved away from Al Udeid Air Base before the strike, British and American officials said.",
			want: []wantEvent{{typ: "relocation", actor: "-"}},
		},
		{
			name: "ownerless units leave a single-operator base", published: "2025-06-27",
			text: "Several logistics units left Camp Arifjan in Kuwait last month.",
			want: []wantEvent{{typ: "withdrawal", actor: "United States"}},
		},
		{
			name: "ownerless units continue the story", published: "2024-10-21",
			text: "About 600 Dutch soldiers will deploy to Camp Northwind in Lithuania next month, the ministry said.\n\nThe soldiers trained in the Netherlands this summer.\n\nThe camp expanded after several army engineering units relocated there from Germany last year.",
			want: []wantEvent{{typ: "relocation", actor: "Netherlands"}},
		},
	})
}

// TestDatesFromTheStory covers events whose own sentence has no date: the
// scene the previous sentence sets at the same base, a sibling event of the
// same sentence, an alternative's date, a piece of evidence's date, and the
// year's edge.
func TestDatesFromTheStory(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "a ceremony sets the scene", published: "2025-02-14",
			text: "Spanish troops have served at Camp Kosovo for years. The farewell parade was held on Wednesday at Camp Bondsteel. The base was then handed over to the Kosovo army after the flags were lowered.",
			want: []wantEvent{{typ: "handover", bases: []string{"Camp Bondsteel"}, date: "2025-02-12"}},
		},
		{
			name: "a ceremony at another base sets no scene", published: "2025-02-14",
			text: "The farewell parade was held on Wednesday at Camp Bondsteel. Ramstein Air Base was handed over to the German air force after the flags were lowered.",
			want: []wantEvent{{typ: "handover", bases: []string{"Ramstein Air Base"}, date: "-"}},
		},
		{
			name: "a second strike in the same sentence", published: "2024-01-22",
			text: "A rocket struck Ain al-Asad Air Base on Saturday, while a second drone was shot down over Erbil Air Base, officials said.",
			want: []wantEvent{{typ: "attack", bases: []string{"Erbil Air Base"}, date: "2024-01-20"}},
		},
		{
			name: "the date of what was done instead", published: "2025-08-26",
			text: "The troops were moved to Kuwait on Monday rather than leaving the country, U.S. officials said.",
			want: []wantEvent{{typ: "withdrawal", negated: true, date: "-"}},
		},
		{
			name: "ending a mission by a month", published: "2025-07-10",
			text: "Under the plan, the coalition is expected to end its military mission in federal Iraq by September.",
			want: []wantEvent{{typ: "withdrawal", actor: "Global Coalition to Defeat ISIS", date: "2025-09"}},
		},
		{
			name: "imagery dates what it shows", published: "2025-06-27",
			text: "Satellite pictures from last week show that Russian warships have pulled out of Tartus.",
			want: []wantEvent{{typ: "withdrawal", actor: "Russia", date: "2025-06"}},
		},
	})
}

// TestClosedRelativeClause covers a main clause that goes on after a
// relative clause closed by a comma: its subject stands before the
// relative clause, and the relative clause's nouns and dates are not its
// arguments.
func TestClosedRelativeClause(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "the base, which ..., was handed over", published: "2025-03-12",
			text: "Italian troops left the Camp Singara base last year. The base, which was built by the Soviet Union in the 1970s, was handed over to the Ethiopian army on Thursday.",
			want: []wantEvent{{typ: "handover", bases: []string{"Camp Singara"}, date: "2025-03-06"}},
		},
		{
			name: "a named base before the relative clause", published: "2025-03-12",
			text: "Camp Singara, which hosted troops for a decade, was handed over to the Ethiopian army on Thursday.",
			want: []wantEvent{{typ: "handover", bases: []string{"Camp Singara"}, country: "Ethiopia", date: "2025-03-06"}},
		},
		{
			name: "a country subject before the relative clause", published: "2025-03-12",
			text: "Kenya, which has troops in Somalia, said on Monday it would pull 1,000 soldiers out of Somalia by June.",
			want: []wantEvent{{typ: "withdrawal", actor: "Kenya"}},
		},
	})
}

// TestVocabularyOfForce covers aircraft as the subject of "hit" and the
// passive of "send".
func TestVocabularyOfForce(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "jets hit targets", published: "2025-03-12",
			text: "Israeli jets hit targets in southern Lebanon on Monday.",
			want: []wantEvent{{typ: "attack", actor: "Israel", date: "2025-03-10"}},
		},
		{
			name: "soldiers were sent", published: "2025-03-12",
			text: "About 500 Polish soldiers were sent to the Lithuanian border on Friday.",
			want: []wantEvent{{typ: "deployment", actor: "Poland", date: "2025-03-07"}},
		},
		{
			name: "a letter was sent", published: "2025-03-12",
			text:     "A letter was sent to the defence ministry on Friday about the army's pension rules.",
			notTypes: []string{"deployment"},
		},
	})
}

// TestBackReferenceDates covers a later sentence that refers back to an
// event already reported and dates it by the verb that completes it, even
// where that sentence has no military vocabulary of its own.
func TestBackReferenceDates(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "the treaty was signed at a ceremony", published: "2025-05-23",
			text: "Britain has signed a defence treaty with Mauritius that keeps the military base on Diego Garcia under British control.\n\nThe treaty was signed at a small ceremony in London on Thursday evening, officials said.",
			want: []wantEvent{{typ: "agreement", actor: "United Kingdom", date: "2025-05-22"}},
		},
		{
			name: "the agreement in principle, announced", published: "2024-10-04",
			text: "Japan has agreed to let U.S. troops use a new military base on its southern islands.\n\nThe agreement in principle, announced on Thursday by both governments, ends two years of talks.",
			want: []wantEvent{{typ: "agreement", actor: "Japan", date: "2024-10-03"}},
		},
		{
			name: "welcoming the deal does not date it", published: "2025-05-23",
			text: "Britain has signed a defence treaty with Mauritius that keeps the military base on Diego Garcia under British control.\n\nAustralia welcomed the treaty on Friday.",
			want: []wantEvent{{typ: "agreement", actor: "United Kingdom", date: "2025-05"}},
		},
		{
			name: "no earlier agreement to refer to", published: "2025-05-23",
			text:     "The treaty was signed at a small ceremony in London on Thursday evening.",
			notTypes: []string{"agreement"},
		},
	})
}

// TestLeadPresentPerfect covers the lead's present perfect, which reports
// news as of publication: the month is as precise as it gets.
func TestLeadPresentPerfect(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "has withdrawn in the lead", published: "2025-02-10",
			text: "Turkey has withdrawn its troops from the Bashiqa camp in northern Iraq, Kurdish officials said.",
			want: []wantEvent{{typ: "withdrawal", actor: "Turkey", date: "2025-02"}},
		},
		{
			name: "coordinated participles", published: "2025-02-10",
			text: "Russia appears to have moved its warships away from Tartus and begun flying equipment out of Hmeimim air base, satellite images show.",
			want: []wantEvent{{typ: "withdrawal", bases: []string{"Khmeimim Air Base"}, date: "2025-02"}},
		},
		{
			name: "present perfect later in the story", published: "2025-02-10",
			text: "Officials in Erbil spoke to reporters on the situation in the north.\n\nTurkey has withdrawn its troops from the Bashiqa camp in northern Iraq.",
			want: []wantEvent{{typ: "withdrawal", actor: "Turkey", date: "-"}},
		},
		{
			name: "a participle modifying a noun", published: "2025-05-23",
			text: "Britain has signed a treaty handing sovereignty over the Chagos Islands to Mauritius while keeping the military base on Diego Garcia.",
			want: []wantEvent{{typ: "handover", date: "-"}},
		},
	})
}

// TestFormationsAndTraining covers new formations stood up abroad,
// training rotations and field training as exercises, an exercise's
// "edition", and a relative clause about the base it follows.
func TestFormationsAndTraining(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "a brigade launched abroad", published: "2025-05-23",
			text: "The Netherlands formally launched its new 13th Light Brigade in Lithuania on Thursday, officials said.",
			want: []wantEvent{{typ: "establishment", actor: "Netherlands", country: "Lithuania", date: "2025-05-22"}},
		},
		{
			name: "a product launch is no formation", published: "2025-05-23",
			text:     "The company launched its new phone in Lithuania on Thursday.",
			notTypes: []string{"establishment"},
		},
		{
			name: "a training rotation", published: "2024-05-08",
			text: "US Army Europe and Africa began a multinational training rotation in southeastern Germany on Monday, bringing together troops from 15 countries.",
			want: []wantEvent{{typ: "exercise", country: "Germany", date: "2024-05-06"}},
		},
		{
			name: "field training takes place at bases", published: "2024-04-23",
			text: "Field training will take place at Fort Magsaysay and Camp Aguinaldo, according to the Philippine army.",
			want: []wantEvent{{typ: "exercise", bases: []string{"Fort Magsaysay"}}},
		},
		{
			name: "this year's edition dates the exercise", published: "2025-04-14",
			text: "Estonia will hold the Hedgehog exercise next month, the army said. This year's edition will run from May 5 to May 23 and involve 16,000 troops.",
			want: []wantEvent{{typ: "exercise", actor: "Estonia", date: "2025-05-05"}},
		},
		{
			name: "an edition with no exercise before it", published: "2025-04-14",
			text:     "This year's edition of the army newspaper will run to 40 pages, with troops writing most of it.",
			notTypes: []string{"exercise"},
		},
		{
			name: "a relative clause about the base it follows", published: "2025-05-23",
			text: "The troops will live at Camp Adazi, which Latvia is building on the edge of a forest, and at the garrison in Tapa.",
			want: []wantEvent{{typ: "establishment", actor: "Latvia", bases: []string{"Camp Ādaži"}}},
		},
	})
}

// TestHomecomingAndScaleBack covers forces going home and presences scaled
// back, and the same words about money or goods.
func TestHomecomingAndScaleBack(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "bring soldiers home", published: "2025-01-29",
			text: "Britain is to bring home 500 soldiers from Estonia next year, the defence ministry said.",
			want: []wantEvent{{typ: "withdrawal", actor: "United Kingdom", country: "Estonia", date: "2026"}},
		},
		{
			name: "soldiers returned home", published: "2025-01-29",
			text: "The last Belgian soldiers returned home from Mali on Friday.",
			want: []wantEvent{{typ: "withdrawal", actor: "Belgium", country: "Mali", date: "2025-01-24"}},
		},
		{
			name: "repatriated personnel", published: "2025-01-29",
			text: "India has repatriated its military personnel from the Maldives, officials said on Monday.",
			want: []wantEvent{{typ: "withdrawal", actor: "India", country: "Maldives"}},
		},
		{
			name: "scale back a presence", published: "2025-01-29",
			text: "Canada will scale back its troop presence in Latvia by 2026.",
			want: []wantEvent{{typ: "withdrawal", actor: "Canada", country: "Latvia", date: "2026"}},
		},
		{
			name: "money and trophies", published: "2025-01-29",
			text:     "Troops guard the border. The army pension fund will scale back its investments in Latvia, and the army team brought home a trophy from Poland.",
			notTypes: []string{"withdrawal"},
		},
	})
}

// TestSubjectsSpeakersAndSeas covers a state organ as the possessed
// subject, a country that only speaks about the event, a ship that is not
// a place, a wider "fired ... at", and an attack at sea.
func TestSubjectsSpeakersAndSeas(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "a cabinet approves a deployment", published: "2025-01-29",
			text: "Japan's cabinet approved the deployment of two destroyers to the Middle East on Friday.",
			want: []wantEvent{{typ: "deployment", actor: "Japan"}},
		},
		{
			name: "a ministry that speaks is not the place", published: "2025-01-29",
			text: "Russia's defence ministry said Ukrainian forces had withdrawn from the village of Krasne.",
			want: []wantEvent{{typ: "withdrawal", actor: "Ukraine", country: "-"}},
		},
		{
			name: "a barrage fired at a country", published: "2025-01-29",
			text: "Tehran fired a barrage of ballistic missiles at Israel on Tuesday night.",
			want: []wantEvent{{typ: "attack", actor: "Iran", country: "Israel", date: "2025-01-28"}},
		},
		{
			name: "a destroyer at sea", published: "2025-01-29",
			text: "The Houthis launched a ballistic missile at a U.S. destroyer in the Red Sea on Tuesday.",
			want: []wantEvent{{typ: "attack", actor: "Houthis", country: "-"}},
		},
		{
			name: "a date deep in another predicate", published: "2024-03-20",
			text: "The navy will send more patrol aircraft to Djibouti next month, officials said, as attacks by the Houthis on shipping continue.",
			want: []wantEvent{{typ: "attack", actor: "Houthis", date: "-"}},
		},
		{
			name: "two reports of one campaign", published: "2024-03-20",
			text: "The navy will send more patrol aircraft to Djibouti next month, as attacks by the Houthis on shipping continue.\n\nThe Houthis have fired dozens of drones and missiles at merchant ships in the Gulf of Aden since November.",
			want: []wantEvent{{typ: "attack", actor: "Houthis", date: "2023-11"}},
		},
	})
}

// TestStrikeTargets covers "hit" with a military or infrastructure target
// and no named place, and "hit" in other senses.
func TestStrikeTargets(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "hit an oil depot", published: "2025-02-20",
			text: "In January, Ukrainian forces hit an oil depot that supplies the Engels air base, setting off a fire.",
			want: []wantEvent{{typ: "attack", actor: "Ukraine", date: "2025-01"}},
		},
		{
			name: "hit enemy positions", published: "2025-02-20",
			text: "Israeli artillery hit Hezbollah positions near the border on Monday.",
			want: []wantEvent{{typ: "attack", actor: "Israel", date: "2025-02-17"}},
		},
		{
			name: "hit a snag or a record", published: "2025-02-20",
			text:     "The army budget hit a snag in parliament, and troop recruitment hit a record high.",
			notTypes: []string{"attack"},
		},
	})
}

// TestCoordinatedForces covers a subject that coordinates two states'
// forces: the first acts, and the second is not the event's place.
func TestCoordinatedForces(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "troops and a contingent join drills", published: "2024-04-23",
			text: "The Philippines began the Balikatan exercise on Monday. About 250 French troops and a small Australian contingent will also join some of the land drills.",
			want: []wantEvent{{typ: "exercise", actor: "France"}},
		},
		{
			name: "forces and warships deploy", published: "2024-04-23",
			text: "Dutch marines and two Belgian warships will deploy to Norway next month.",
			want: []wantEvent{{typ: "deployment", actor: "Netherlands", country: "Norway"}},
		},
	})
}

// TestPresenceSince covers a presence told with its start: the start dates
// a deployment; without one the presence is background.
func TestPresenceSince(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "a base has hosted aircraft since", published: "2024-12-10",
			text: "The Hmeimim air base has hosted Russian combat jets since Moscow intervened in the Syrian war in September 2015.",
			want: []wantEvent{{typ: "deployment", actor: "Russia", bases: []string{"Khmeimim Air Base"}, date: "2015-09"}},
		},
		{
			name: "has led a battlegroup since", published: "2025-05-23",
			text: "Canadian soldiers are stationed in Latvia, where Canada has led a NATO battlegroup since 2017.",
			want: []wantEvent{{typ: "deployment", actor: "Canada", date: "2017"}},
		},
		{
			name: "hosting with no start is background", published: "2025-05-23",
			text:     "Camp Lemonnier has hosted U.S. troops and is the largest American base in Africa.",
			notTypes: []string{"deployment"},
		},
	})
}

// TestEpisodeAtOneBase covers a completed event at a base two paragraphs
// after the dated event that opened the episode there.
func TestEpisodeAtOneBase(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "rebels occupy the camp two paragraphs on", published: "2023-11-01",
			text: "UN peacekeepers pulled out of the Kidal camp on Tuesday.\n\nThe mission said the departure had been brought forward by the fighting.\n\nA rebel alliance said its fighters had occupied the camp to keep it from the army.",
			want: []wantEvent{{typ: "deployment", bases: []string{"Kidal Camp"}, date: "2023-10-31"}},
		},
	})
}

// TestFormationIdioms covers words of the formation lexicon in other
// senses.
func TestFormationIdioms(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "formed part of a division", published: "2025-01-10",
			text:     "The battalion formed part of the 82nd Airborne Division during the war, army records show.",
			notTypes: []string{"establishment"},
		},
		{
			name: "launched by a command", published: "2025-01-10",
			text:     "The drones were launched by the regional command of the army, officials said.",
			notTypes: []string{"establishment"},
		},
		{
			name: "a brigade stood up", published: "2025-01-10",
			text: "Lithuania stood up a new infantry brigade near the Belarusian border on Thursday.",
			want: []wantEvent{{typ: "establishment", actor: "Lithuania", date: "2025-01-09"}},
		},
	})
}

// TestOwnBaseElsewhere covers "its base" after a story about another
// state's base: the actor's own base, placed elsewhere or not, is not the
// base named before.
func TestOwnBaseElsewhere(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "its naval base at a place in another country", published: "2025-03-12",
			text: "Ain al-Asad air base came under rocket fire late on Tuesday, the Iraqi military said.\n\nSatellite images show China has expanded its naval base at Ream in Cambodia.",
			want: []wantEvent{{typ: "establishment", actor: "China", country: "Cambodia", noBases: true}},
		},
		{
			name: "its base with no place", published: "2025-03-12",
			text: "Ain al-Asad air base came under rocket fire late on Tuesday, the Iraqi military said.\n\nIn other news, China has expanded its naval base, satellite images show.",
			want: []wantEvent{{typ: "establishment", actor: "China", noBases: true}},
		},
		{
			name: "the operator's own base is still the base", published: "2025-03-12",
			text: "Ain al-Asad air base came under rocket fire late on Tuesday.\n\nThe United States has since closed its air base, officials said.",
			want: []wantEvent{{typ: "closure", actor: "United States", bases: []string{"Ain al-Asad Air Base"}}},
		},
	})
}

// TestQuotedSpeaker covers a first-person quote: the speaker's state acts.
func TestQuotedSpeaker(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "we will not withdraw, the minister said", published: "2025-06-02",
			text: "\"We are not leaving Kosovo,\" Italy's defence minister told reporters on Sunday.",
			want: []wantEvent{{typ: "withdrawal", actor: "Italy", negated: true}},
		},
		{
			name: "our troops, curly quotes", published: "2025-06-02",
			text: "“Our troops will leave Niger by September,” a French army spokesman said.",
			want: []wantEvent{{typ: "withdrawal", actor: "France", date: "2025-09"}},
		},
		{
			name: "an armed group's first-person claim", published: "2025-06-02",
			text: "“We targeted the enemy's northern command with a swarm of drones,” Hezbollah said in a statement on Sunday.",
			want: []wantEvent{{typ: "attack", actor: "Hezbollah"}},
		},
		{
			name: "a quote naming another state's forces", published: "2025-06-02",
			text: "\"Russian troops will leave the Hmeimim air base by September,\" a Syrian official said.",
			want: []wantEvent{{typ: "withdrawal", actor: "Russia"}},
		},
	})
}

// TestPassiveAttackTarget covers a passive attack whose subject, and any
// "by" phrase inside it, names the target, not the attacker.
func TestPassiveAttackTarget(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "a base used by U.S. forces was attacked", published: "2025-06-02",
			text: "A base in northern Syria used by U.S. forces was attacked by drones on Saturday, the Pentagon said.",
			want: []wantEvent{{typ: "attack", actor: "-", country: "Syria"}},
		},
		{
			name: "struck by a named attacker", published: "2025-06-02",
			text: "The U.S. base was struck by Iranian missiles on Saturday.",
			want: []wantEvent{{typ: "attack", actor: "Iran"}},
		},
	})
}

// TestPeopleAsSubject covers a nation's people as the subject of "left":
// their forces, in security news.
func TestPeopleAsSubject(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "after the Americans left", published: "2025-06-02",
			text: "Iraqi forces took control of the base after the Americans left on Friday.",
			want: []wantEvent{{typ: "withdrawal", actor: "United States", date: "2025-05-30"}},
		},
		{
			name: "one American left", published: "2025-06-02",
			text:     "Iraqi forces guarded the base, and the American left the room on Friday.",
			notTypes: []string{"withdrawal"},
		},
	})
}

// TestDeniedSteps covers a denied or failed step of a dated episode at a
// base, which the episode dates, beside denied plans and attacks that did
// not happen, which have no date.
func TestDeniedSteps(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "could not hand the site over", published: "2023-11-01",
			text: "The last UN convoy left the Kidal camp on Tuesday. The mission said it had not been able to hand the site over to the Malian army.",
			want: []wantEvent{{typ: "handover", negated: true, date: "2023-10-31"}},
		},
		{
			name: "a denied plan", published: "2023-11-01",
			text: "The last UN convoy left the Kidal camp on Tuesday. The mission denied that it planned to hand the site over to the Malian army.",
			want: []wantEvent{{typ: "handover", negated: true, date: "-"}},
		},
		{
			name: "a base not attacked", published: "2023-11-01",
			text: "Extra troops arrived at Camp Arifjan on Tuesday. The camp has not been targeted by militia drones, officials said.",
			want: []wantEvent{{typ: "attack", negated: true, date: "-"}},
		},
	})
}

// TestNobodyRaisedIt covers the absence of talks or requests about a
// step, which claims no event, beside a stated lack of plans, which is a
// denied one.
func TestNobodyRaisedIt(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "no discussion on cutting troops", published: "2025-05-23",
			text:     "\"There have been no talks with Tokyo about cutting the number of U.S. troops in Japan,\" the ministry said.",
			notTypes: []string{"withdrawal"},
		},
		{
			name: "no request to close", published: "2025-05-23",
			text:     "Officials said there had been no request from Washington to close Incirlik Air Base.",
			notTypes: []string{"closure"},
		},
		{
			name: "no plans to close is a denial", published: "2025-05-23",
			text: "Djibouti has no plans to close Camp Lemonnier, a senior official said on Tuesday.",
			want: []wantEvent{{typ: "closure", negated: true}},
		},
	})
}

// TestAirfieldNearTown covers strike and deployment reports that name an
// air base by the town it is near, as wire copy on air wars often does:
// the gazetteer's base at that town is meant, not the town.
func TestAirfieldNearTown(t *testing.T) {
	runPhrasings(t, []phrasing{
		{
			name: "drones struck an airfield near the town", published: "2024-08-07",
			text: "Russian drones struck an airfield near Starokostiantyniv in western Ukraine overnight, the Ukrainian air force said on Wednesday.",
			want: []wantEvent{{typ: "attack", actor: "Russia", bases: []string{"Starokostiantyniv Air Base"}}},
		},
	})
}
