package extract

import (
	"regexp"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract/gazetteer"
)

var (
	// Between an attack trigger and its target's owner: "struck", "strikes
	// on", "attacks against the", "targeting several".
	// A nominal trigger may also be the subject of the verb of damage:
	// "air raids knocked Sanaa's airport out of service".
	reTargetGap = regexp.MustCompile(`^\s*(?:(?:have|has|had)\s+)?(?:(?:knocked|hit|destroyed|damaged|disabled|wrecked|levelled|leveled|set fire to)\s+)?(?:(?:on|against|at|upon|the|a|an|its|their|several|some|many|dozens of|scores of|more|other|key|two|three|\d[\d,]*)\s+)*$`)
	// Targets that lie in their owner's territory: "Ukrainian ports",
	// "Houthi targets", "Israeli cities". Forces and positions are left
	// out: an army's positions are often abroad.
	reTerritorialTarget = regexp.MustCompile(`^(?:'s|’s)?\s+(?:\S+\s+)?(?:ports?|harbou?rs?|cities|city|towns?|villages?|territory|soil|airports?|airfields?|air ?bases?|naval bases?|military bases?|targets|military sites|sites|infrastructure|energy facilities|oil facilities|facilities|refiner(?:y|ies)|power (?:plants?|stations?|grids?)|regions?|provinces?|coast(?:line)?|capital)\b`)
	// "... targets in Yemen": a place named after the target says where.
	reTargetIn = regexp.MustCompile(`^\s+(?:in|inside|across|throughout)\s+(?:the\s+)?$`)
)

// targetCountry is the country whose territory an attack hits when the
// trigger's object names it by a modifier: "drones targeting Ukrainian
// ports" hit Ukraine, "strikes on Houthi targets" hit the Houthis' Yemen,
// unless the object says where it lies ("targets in Syria").
func (an *analysis) targetCountry(si int, text string, h triggerHit, ce int) string {
	if h.typ != newsgraph.EventAttack {
		return ""
	}
	sent := an.doc.Sentences[si]
	for k, m := range an.mentions[si] {
		s, e := m.Start-sent.Start, m.End-sent.Start
		if s < h.end || s >= ce {
			continue
		}
		if !reTargetGap.MatchString(text[h.end:s]) {
			return "" // only the trigger's own object
		}
		if m.Country == "" || m.Type == gazetteer.Base || reCompoundModifier.MatchString(text[e:min(len(text), e+3)]) {
			return "" // "Iranian-backed militias": whose backing, not where
		}
		loc := reTerritorialTarget.FindStringIndex(text[e:min(len(text), e+40)])
		if loc == nil {
			return ""
		}
		end := e + loc[1]
		for _, o := range an.mentions[si][k+1:] {
			os := o.Start - sent.Start
			if os >= end && os < ce && o.Country != "" && (o.Type == gazetteer.Country || o.Type == gazetteer.Place) && reTargetIn.MatchString(text[end:os]) {
				return o.Country
			}
		}
		return m.Country
	}
	return ""
}
