package extract

import (
	"regexp"
	"strings"

	"github.com/newsgraph/newsgraph"
)

// onceAtBase reports two reports of an event that happens to a base only
// once: a base is opened or closed once, so two reports of opening the same
// base in one article are one event even when one credits the host ("we are
// opening this base", says its president) and the other the operator.
// Attacks, deployments and handovers of parts recur; they are left alone.
func onceAtBase(a, b newsgraph.Event) bool {
	if a.Type != b.Type || a.Type != newsgraph.EventEstablishment && a.Type != newsgraph.EventClosure {
		return false
	}
	return len(a.Bases) > 0 && len(b.Bases) > 0 && overlap(a.Bases, b.Bases)
}

// reBaseNoun is a base spoken of without a military word: "bases leased in
// Colombia", "the base's runway".
var reBaseNoun = regexp.MustCompile(`\b(?:bases?|airbases?)\b`)

// baseNounInMilitaryArticle reports a sentence that speaks of bases in an
// article about armed forces ("plans to transfer the missions to bases
// leased in Colombia"): in such an article a base is an installation, not a
// customer base or the base of a hill.
func (an *analysis) baseNounInMilitaryArticle(si int) bool {
	if an.militaryCount < 3 {
		return false
	}
	lower := strings.ToLower(an.doc.SentenceText(si))
	return reBaseNoun.MatchString(reNotAFacility.ReplaceAllString(lower, ""))
}
