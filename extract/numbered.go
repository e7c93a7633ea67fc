package extract

import (
	"regexp"
	"slices"
	"strings"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract/gazetteer"
)

// reNumberedSites is a counted back-reference to bases the article has
// named: "the two sites", "both garrisons", "its three bases".
var reNumberedSites = regexp.MustCompile(`\b(?:(?:the|its|their|these|those)\s+(two|three|four)|(both))\s+(?:[\p{L}-]+\s+)?(?:sites|bases|garrisons|installations|facilities|airfields|camps)\b`)

var countWords = map[string]int{"two": 2, "three": 3, "four": 4, "both": 2}

// numberedBases resolves a counted back-reference in the event's clause
// [cs, ce) of sentence si to as many distinct bases as it counts, the last
// ones named in the preceding sentences of the passage (the two paragraphs
// before it at most). It gives nothing when the passage names fewer.
func (an *analysis) numberedBases(ev *newsgraph.Event, si int, lower string, cs, ce int) {
	if len(ev.Bases) > 0 || !siteTypes[ev.Type] {
		return
	}
	m := reNumberedSites.FindStringSubmatch(lower[cs:ce])
	if m == nil {
		return
	}
	n := countWords[m[1]+m[2]]
	para := an.doc.Sentences[si].Paragraph
	var found []string
	for sj := si - 1; sj >= 0 && len(found) < n; sj-- {
		if an.doc.Sentences[sj].Paragraph < para-2 {
			break
		}
		ms := an.mentions[sj]
		for k := len(ms) - 1; k >= 0 && len(found) < n; k-- {
			if ms[k].Type == gazetteer.Base && !slices.Contains(found, ms[k].Name) {
				found = append(found, ms[k].Name)
			}
		}
	}
	if len(found) < n {
		return
	}
	slices.Reverse(found) // in the order the article named them
	ev.Bases = found
}

var (
	// reBareNominal: event nouns used without a determiner for an event
	// the article has told ("disengagement was only the first step").
	reBareNominal = regexp.MustCompile(`^(?:disengagement|withdrawal|pullout|drawdown|handover|relocation|redeployment)$`)
	// reBareSlot: what may stand before such a noun as a clause's subject:
	// nothing, a comma, or a reporting verb with or without "that".
	reBareSlot = regexp.MustCompile(`(?:^|,|\bthat|\b(?:said|says|added|warned|stressed|noted))$`)
)

// bareRepeat reports a bare event noun as the subject of its clause
// ("..., said last week that disengagement was only the first step") in an
// article that has already reported an event of that type: it speaks of
// that event, not of a new one.
func (an *analysis) bareRepeat(lower string, h triggerHit, cs int) bool {
	if !an.seen[h.typ] || !reBareNominal.MatchString(lower[h.start:h.end]) {
		return false
	}
	return reBareSlot.MatchString(strings.TrimSpace(lower[cs:h.start]))
}

// sameConjunctBase reports whether a definite base phrase ("the base") of
// the clause [cs, ce) stands in the trigger's own conjunct: in "troops are
// deployed at the base, and pilots held drills over the sea" the base is
// where the troops are, not where the drills were.
func sameConjunctBase(lower string, h triggerHit, cs, ce int) bool {
	for _, loc := range reDefiniteBase.FindAllStringIndex(lower[cs:ce], -1) {
		s, e := cs+loc[0], cs+loc[1]
		lo, hi := min(e, h.start), max(s, h.end)
		if lo >= hi || !strings.Contains(lower[lo:hi], ", and ") {
			return true
		}
	}
	return false
}
