package extract

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract/gazetteer"
)

// Rules on what governs a trigger beyond the words right before it: a
// negator inside the trigger's own verb group, a report declared false
// after it, one state attacking another.

var (
	// A negator inside the matched verb group: "were not sent to", "will
	// not be permanently based at".
	reNegatorInTrigger = regexp.MustCompile(`\b(?:not|never)\b|n't\b`)
	// The trigger sits in the content of a report, claim or rumour ...
	reReportContent = regexp.MustCompile(`\b(?:reports?|claims?|rumou?rs?|allegations?|suggestions?|accounts?|speculation)\s+(?:in\s+\S+\s+(?:\S+\s+)?)?(?:that|of)\s`)
	// ... which the sentence declares untrue after the trigger: "reports
	// that Russian troops had arrived at the airport were false".
	reDeclaredFalse = regexp.MustCompile(`\b(?:was|were|is|are|had been|have been|has been)\s+(?:\S+\s+)?(?:false|untrue|baseless|unfounded|fake|fabricated|not true|incorrect|inaccurate|groundless|wrong)\b`)
	// One state's verb of attack on another, for sentences that carry no
	// military vocabulary of their own: "The UK attacked Syria".
	reStateAttackVerb = regexp.MustCompile(`^\s+(?:(?:has|have|had|then|again|also|reportedly)\s+)*(?:attacked|struck|bombed|invaded|shelled|raided|attacks|strikes|bombs|invades|shells)\s+(?:\S+\s+){0,2}?$`)
)

// negatorInTrigger reports a negator inside the trigger's own words.
func negatorInTrigger(trig string) bool {
	return reNegatorInTrigger.MatchString(trig) && !strings.Contains(trig, "not only")
}

// reportedFalse reports whether the trigger at [start, end) stands in the
// content of a report that the sentence then calls false: the event is
// denied although no negator stands near it.
func reportedFalse(lower string, start, end int) bool {
	loc := lastIndex(reReportContent, lower[:start])
	if loc < 0 {
		return false
	}
	return reDeclaredFalse.MatchString(lower[end:])
}

// lastIndex is the start of the last match of re in s, or -1.
func lastIndex(re *regexp.Regexp, s string) int {
	all := re.FindAllStringIndex(s, -1)
	if len(all) == 0 {
		return -1
	}
	return all[len(all)-1][0]
}

// stateAttacksState reports a sentence in which a named state attacks
// another named state or a place: war between states is military whatever
// words the sentence uses for it.
func (an *analysis) stateAttacksState(si int, lower string) bool {
	ms := an.mentions[si]
	base := an.doc.Sentences[si].Start
	for i, a := range ms {
		if a.Type != gazetteer.Country || a.Apposition {
			continue
		}
		for _, b := range ms[i+1:] {
			if b.Type != gazetteer.Country && b.Type != gazetteer.Place && b.Type != gazetteer.Base {
				continue
			}
			gapStart, gapEnd := a.End-base, b.Start-base
			if gapStart < 0 || gapEnd > len(lower) || gapEnd <= gapStart {
				continue
			}
			if reStateAttackVerb.MatchString(lower[gapStart:gapEnd]) {
				return true
			}
			break
		}
	}
	return false
}

var (
	// "the main building of the base", "the headquarters building": a
	// noun, where the verb "building" would take an object.
	reBuildingNounBefore = regexp.MustCompile(`\b(?:the|a|an|this|that|its|their|main|headquarters|office|administrative|command|burning|damaged|destroyed|residential|apartment|government|parliament|school|hospital|one|two|several)\s+$`)
	reDeterminerBefore   = regexp.MustCompile(`\b(?:the|a|an|this|that|its|their)\s+$`)
	reBuildingVerbObject = regexp.MustCompile(`^\s+(?:of\s+)?(?:a|an|the|its|their|new|more|military|permanent|\d+)\b`)
)

// buildingIsNoun reports "building" used as a noun ("the main building of
// the naval base"), unless it names the act of building a facility ("the
// building of a new base").
func buildingIsNoun(lower string, start, end int) bool {
	if lower[start:end] != "building" || !reBuildingNounBefore.MatchString(lower[max(0, start-20):start]) {
		return false
	}
	if !reDeterminerBefore.MatchString(lower[max(0, start-10):start]) {
		return true // "the main building", "the burning headquarters building"
	}
	after := lower[end:]
	return !(strings.HasPrefix(after, " of ") && reBuildingVerbObject.MatchString(after) && reFacility.MatchString(after[:min(len(after), 40)]))
}

var (
	// A verb of stopping that governs the event: "halt the planned
	// withdrawal", "cancelled the deployment", "called off the drills".
	reStoppedBefore = regexp.MustCompile(`\b(?:halt(?:s|ed|ing)?|cancel(?:s|led|ed|ling|ing)?|scrap(?:s|ped|ping)?|call(?:s|ed|ing)? off|shelv(?:e|es|ed|ing)|abandon(?:s|ed|ing)?|revers(?:e|es|ed|ing)|freez(?:e|es|ing)|froze|stop(?:s|ped|ping)?|block(?:s|ed|ing)?|suspend(?:s|ed|ing)?)\s+(?:(?:the|a|an|its|their|his|her|this|that|any|all|further)\s+)?(?:(?:planned|proposed|announced|ordered|scheduled|intended|promised|expected|controversial|\S+-ordered)\s+)?(?:\S+\s+)?$`)
	// ... or a report that it stopped or never began: "the pullout would
	// be halted", "the withdrawal never actually began".
	reStoppedAfter = regexp.MustCompile(`^(?:\s+(?:of|from|to|in|by)\s+(?:\S+\s+){1,4}?)?\s*(?:(?:would|will|has|had|have|is|was|were|could)\s+(?:now\s+)?(?:be\s+|been\s+)?(?:halted|cancell?ed|scrapped|called off|shelved|abandoned|reversed|frozen|stopped|suspended|blocked)|never\s+(?:actually\s+|really\s+)?(?:began|begun|started|happened|took place|materiali[sz]ed|came))\b`)
	// "this move is not a pullout, he insisted": a dispute over the label
	// of an act told elsewhere, not a denied event.
	reLabelDispute = regexp.MustCompile(`\b(?:is|was|are|were)\s+not\s+(?:a|an)\s+$`)
	// Someone visiting, not forces arriving: "German Chancellor Olaf
	// Scholz landed at the airfield".
	reVisitorSubject = regexp.MustCompile(`(?i:\b(?:president|prime minister|premier|minister|secretary|chancellor|ambassador|envoy|delegation|king|queen|prince|pope|governor|mayor|senator|lawmakers?|officials?|journalists?|reporters?|inspectors?|visitors?|tourists?|leaders?))(?:\s+\p{Lu}[\p{L}.'-]*){0,3}\s+(?i:(?:has|had|have|finally|also)\s+)?$`)
	// Demands and protests against an event: "crowds urging the exit of
	// the foreign troops", "called for the withdrawal".
	reDemandBefore = regexp.MustCompile(`\b(?:demand(?:s|ed|ing)?|call(?:s|ed|ing)? for|urg(?:e|es|ed|ing)|press(?:es|ed|ing)? for|campaign(?:s|ed|ing)? for|protest(?:s|ed|ing)? against)\s+(?:(?:the|a|an|an immediate|immediate|full|complete)\s+)*$`)
	// A caption or credit line: "Photo: ...", "Source: NATO", "- Credit:".
	reCaptionCredit = mustPrefilter(`(?:\b(?:Photo|Photograph|Image|Picture|Credit|Source|Video)s?\s*:|\bPhoto(?:graph)?\s+by\b|\((?:Shutterstock|Getty Images|iStock)\)|iStock\b|Getty Images|AFP PHOTO|AP Photo)`)
)

// stoppedEvent reports an event its sentence says was halted, cancelled or
// never began: a denied event, although no negator stands near it.
func stoppedEvent(lower string, cs, start, end int) bool {
	return reStoppedBefore.MatchString(lower[cs:start]) || reStoppedAfter.MatchString(lower[end:])
}

// labelDispute reports "is not a withdrawal": the text disputes the name
// of an act, which it reports elsewhere.
func labelDispute(lower string, cs, start int) bool {
	return reLabelDispute.MatchString(lower[cs:start])
}

// visitorArrives reports an arrival whose subject is an official or a
// visitor, not armed forces.
func visitorArrives(text string, cs, start int) bool {
	return reVisitorSubject.MatchString(text[cs:start])
}

// demanded reports an event the clause only demands or protests against.
func demanded(lower string, cs, start int) bool {
	return reDemandBefore.MatchString(lower[cs:start])
}

// captionParagraph reports a paragraph that is a photo caption or carries
// a credit line: page furniture that restates the story.
// The answer is kept per paragraph: dropCaptionOnly asks it for every
// pair of events.
func (an *analysis) captionParagraph(para int) bool {
	if c, ok := an.captions[para]; ok {
		return c
	}
	c := false
	for _, s := range an.doc.Sentences {
		if s.Paragraph == para && reCaptionCredit.MatchString(an.doc.Text[s.Start:s.End]) {
			c = true
			break
		}
	}
	if an.captions == nil {
		an.captions = map[int]bool{}
	}
	an.captions[para] = c
	return c
}

// ruledOut rejects trigger readings that the clause shows are no event of
// their own: a trigger word inside a name ("F-15E Strike Eagles"), a
// disputed label, a visitor's arrival, a demand.
func (an *analysis) ruledOut(si int, h triggerHit, text, lower string, cs int) bool {
	switch {
	case h.typ == newsgraph.EventAttack && insideName(text, h.start, h.end):
		return true
	case reNominalTrigger.MatchString(lower[h.start:h.end]) && labelDispute(lower, cs, h.start):
		return true
	case h.typ == newsgraph.EventDeployment && strings.HasPrefix(lower[h.start:h.end], "arriv") && visitorArrives(text, cs, h.start):
		return true
	case demanded(lower, cs, h.start):
		return true
	case h.typ == newsgraph.EventAttack && rePracticeAfter.MatchString(lower[h.end:]):
		return true // "bombing practice", "firing range": a drill or a place
	case h.typ == newsgraph.EventEstablishment && strings.HasSuffix(strings.TrimSpace(lower[max(0, h.start-12):h.start]), "presence"):
		return true // "a presence established after the invasion": forces deployed, told as background
	case h.typ == newsgraph.EventEstablishment && !reMilitary.MatchString(lower) && !an.hasType(si, gazetteer.Base):
		return true // "a major new port is under construction": a civil work
	case h.typ == newsgraph.EventDeployment && reTakeOver.MatchString(lower[h.start:h.end]) && an.countryObject(si, h.end):
		return true // "take over Yemen": seizing a country is war, not a garrison at a base
	case h.typ == newsgraph.EventExercise && habitualExercise(lower, cs, h):
		return true // "the drills have been held every year since 1990": a custom, not this year's drill
	case h.typ == newsgraph.EventDeployment && purposeOfPresence(lower, cs, h):
		return true
	case h.typ == newsgraph.EventAttack && civilDefence(lower, h):
		return true // "air raid alerts": a warning, not a raid
	case h.t.re == reTourEnd && !tourEndPlausible(lower, cs, h):
		return true // "promoted after serving in Iraq": no return told
	case accessGranted(lower, h, len(lower)):
		return true // "opened its bases to U.S. forces": access, not a new base
	case aircraftLanded(lower, h):
		return true // "jets landed on a highway": a landing, not a strike
	case anyEvent(text, lower, cs, h):
		return true // "would respond to any buildup": no particular event
	}
	return false
}

var (
	// reHabitual: an exercise noun as the subject of a recurring, generic
	// predicate ("are staged annually", "has been held each year since").
	reHabitual = regexp.MustCompile(`\b(?:exercises?|drills?|manoeuvres?|maneuvers?|war\s+games?|wargames?)\b(?:\s+\([^)]*\))?,?\s+(?:[a-z-]+\s+){0,3}?(?:(?:have|has|had)\s+been|are|is|were|was)\s+(?:\S+\s+)?(?:held|staged|conducted|organi[sz]ed|carried\s+out|run)\s+(?:annually|yearly|biennially|regularly|every\s+(?:year|summer|spring|autumn|winter|(?:two|three|four|five|other)\s+years)|each\s+(?:year|summer|spring|autumn|winter)|twice\s+a\s+year|once\s+a\s+year)\b`)
	// reStrengthenVerb: verbs of strengthening that count as a deployment
	// only when no other word of the clause tells the deployment.
	reStrengthenVerb = regexp.MustCompile(`^(?:bolster|reinforce)`)
	// rePresenceBefore: a presence, deployment or sending told before a
	// purpose infinitive ("troops sent ... to bolster", "a rotation
	// established ... to reinforce").
	rePresenceBefore = regexp.MustCompile(`\b(?:presence|rotations?|deploy\w*|stationed|stationing|sent|sends?|sending|dispatch\w*|troops|forces|soldiers|brigades?|battalions?|contingents?)\b`)
)

// habitualExercise reports an exercise trigger in a clause that tells a
// custom: the trigger is the habitual predicate's subject, or comes after
// it ("are staged every summer, with live-fire drills among them").
func habitualExercise(lower string, cs int, h triggerHit) bool {
	loc := reHabitual.FindStringIndex(lower[cs:])
	return loc != nil && h.start >= cs+loc[0]
}

// purposeOfPresence reports a strengthening verb in a purpose infinitive
// ("... a brigade rotation established in 2022 to bolster the flank"): it
// tells why the presence told before it exists, which is that presence's
// event (or background), not a second deployment with the parser's guess
// at an actor.
func purposeOfPresence(lower string, cs int, h triggerHit) bool {
	if !reStrengthenVerb.MatchString(lower[h.start:h.end]) {
		return false
	}
	before := lower[cs:h.start]
	if !strings.HasSuffix(before, " to ") || reWillTo.MatchString(before) {
		return false
	}
	return rePresenceBefore.MatchString(before)
}

// reWillTo: "to" as part of an intention or plan whose object is the
// strengthening itself ("plans to bolster its forces").
var reWillTo = regexp.MustCompile(`\b(?:plans?|planned|planning|decided|decides|agreed|agrees|intends?|intended|aims?|aimed|wants?|wanted|vowed|pledged|promised|moved|moves|seeks?|sought|is|are|was|were|set|expected|going|order(?:s|ed)?|asked|urged|needs?|needed|hopes?|hoped)\s+to\s+$`)

// rePracticeAfter: an attack word naming a drill or a place.
var rePracticeAfter = regexp.MustCompile(`^\s+(?:practice|range|ranges|exercises?|drills?|training|runs?)\b`)

// countryObject reports a country named right after the trigger end
// (offset in the sentence).
func (an *analysis) countryObject(si, end int) bool {
	sent := an.doc.Sentences[si]
	for _, m := range an.mentions[si] {
		if m.Type == gazetteer.Country && m.Role != gazetteer.RoleDemonym && m.Start-sent.Start >= end && m.Start-sent.Start <= end+5 {
			return true
		}
	}
	return false
}

// insideName reports a capitalised trigger word inside a run of
// capitalised words mid-sentence: part of a name ("F-15E Strike Eagles",
// "Joint Strike Fighter"), not a verb or noun of the clause.
func insideName(text string, start, end int) bool {
	if start == 0 || !unicode.IsUpper(rune(text[start])) {
		return false
	}
	after := strings.TrimLeft(text[end:], " ")
	if after == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(after)
	return unicode.IsUpper(r)
}

// dropCaptionOnly removes events told only by a photo caption or credit
// line: a caption restates the story and adds no event of its own, so its
// report stays only where a body sentence tells the same event (merging
// then folds the two).
func (an *analysis) dropCaptionOnly(events []newsgraph.Event) []newsgraph.Event {
	caption := func(ev newsgraph.Event) bool {
		return an.captionParagraph(an.doc.Sentences[ev.Sentence].Paragraph)
	}
	var out []newsgraph.Event
	for _, ev := range events {
		if caption(ev) && !slices.ContainsFunc(events, func(o newsgraph.Event) bool {
			// The caption must name what the body's report names: a base, or the day.
			return !caption(o) && sameEvent(o, ev) && (overlap(o.Bases, ev.Bases) || ev.Date != "" && o.Date == ev.Date)
		}) {
			continue
		}
		out = append(out, ev)
	}
	return out
}

// denyRestated: "the minister vowed to bring 2,000 soldiers home, but the
// pullout never actually started": a noun restating an event of the same
// sentence that was halted or never began denies that event too.
func denyRestated(out []newsgraph.Event, ev newsgraph.Event, lower string, h triggerHit) {
	if !reNominalTrigger.MatchString(lower[h.start:h.end]) || !reStoppedAfter.MatchString(lower[h.end:]) {
		return
	}
	for i := range out {
		if out[i].Type == ev.Type && !out[i].Negated {
			out[i].Negated = true
		}
	}
}

// undateDroppedPlans: a plan that was denied, halted or cancelled never
// happened, so no date is its date.
func undateDroppedPlans(events []newsgraph.Event) {
	for i := range events {
		if events[i].Negated && events[i].Status == newsgraph.StatusPlanned {
			events[i].Date = ""
		}
	}
}

// A denial's reach ends where an adjunct clause begins: "rejected reports
// of a new base, while pulling its last soldiers out of Mali" and
// "denies building a base as Nigerien forces withdraw" deny only the base.
var reDenialBoundary = regexp.MustCompile(`,\s+(?:in the midst of|in the middle of|while|as|although|though|amid|after|before|despite|during|since|following|even as)\s|\s(?:as|while|amid|although|whereas)\s+(?:the\s+|its\s+|their\s+)?(?:\S+\s+)?(?:forces|troops|soldiers|we|it|they|he|she)\b`)

// denialGoverns reports a denial verb before the trigger whose reach is
// not cut by an adjunct clause between them.
func denialGoverns(prefix string) bool {
	locs := reDenial.FindAllStringIndex(prefix, -1)
	if len(locs) == 0 {
		return false
	}
	return !reDenialBoundary.MatchString(prefix[locs[len(locs)-1][1]:])
}
