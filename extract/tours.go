package extract

import "regexp"

// A tour of duty that ends is a withdrawal from where it was served:
// "came back to Texas in May after serving nine months at Camp Lemonnier",
// "flew home after a nine-month rotation in Estonia". The trigger is the
// "after serving ..." phrase, so that the return's date and the place of
// service stay outside it and are linked as arguments.
var (
	reTourEnd = mustPrefilter(`\bafter (?:serving|deploying|rotating|(?:a|an|their|its) (?:\S+ ){0,2}?(?:deployment|rotation|tour))\b`)
	// The return that the tour's end explains, earlier in the clause.
	reReturnBefore = regexp.MustCompile(`\b(?:return(?:s|ed|ing)?|c(?:a|o)me (?:back|home)|fl(?:ew|y|ies|own) (?:back|home)|went home|head(?:ed|s|ing)? home|redeploy(?:ed|s|ing)?)\b`)
)

// tourEndPlausible reports a tour's end that follows a return in its clause
// ("returned ... after serving"), not one that only dates something else
// ("promoted after serving in Iraq").
func tourEndPlausible(lower string, cs int, h triggerHit) bool {
	return reReturnBefore.MatchString(lower[cs:h.start])
}
