package extract

import (
	"regexp"
	"strings"

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
