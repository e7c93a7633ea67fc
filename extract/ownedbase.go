package extract

import "regexp"

// A country named between a possessor and a base noun places the base; the
// possessor owns it ("the Marine Corps' Guam base", "Russia's Syria
// bases"), so the country is no candidate for the actor.
var (
	// reOwnerBefore: a possessive ending right before the mention.
	reOwnerBefore = regexp.MustCompile(`\S(?:'s|’s|s'|s’)\s+$`)
	// reBaseNounAfter: a base noun right after the mention.
	reBaseNounAfter = regexp.MustCompile(`^\s+(?:(?:air|naval|army|military|main|new)\s+)?(?:base|bases|garrison|outpost|airfield|facility|facilities|installation|camp)\b`)
)
