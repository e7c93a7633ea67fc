package extract

import (
	"regexp"
	"strings"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract/gazetteer"
)

// Arguments that the regular trigger rules misread because a noun phrase,
// not a clause, carries them: a neighbour named only as the far side of a
// border, and the owner of the forces of a nominal trigger.

var (
	// "near the border with Eritrea", "along the frontier of Jordan": the
	// place is beside that country, on the other side of its border.
	reBorderWithBefore = regexp.MustCompile(`(?i)\b(?:border|borders|frontier|frontiers|boundary|borderlands?)\s+(?:with|of)\s+(?:the\s+)?$`)
	// "close to the Syrian and Israeli borders", "the Polish, Slovak and
	// Romanian frontier": a coordination of neighbours modifying border.
	reCoordBorderAfter = regexp.MustCompile(`^(?:\s*(?:,|and|or|, and)\s+\p{L}[\p{L}.’'-]*)+\s+(?:borders?|frontiers?|boundary|boundaries|border (?:area|region|crossing)s?)\b`)
	// "the departure of France's 5,100-strong force", "the withdrawal of
	// Britain's remaining troops": the possessor owns the forces that act.
	reOwnedForcesAfter = regexp.MustCompile(`^(?:'s|’s)\s+(?:[\p{L}\d,.-]+\s+){0,3}?(?:force|forces|troops|soldiers|contingents?|military|army|navy|personnel|units|garrison|marines|mission|presence)\b`)
)

// borderNeighbour reports a country mention at text[start:end] that names
// the far side of a border: what happens there happens beside it, so it is
// neither the event's place nor, by itself, its actor.
func borderNeighbour(text string, start, end int) bool {
	if reBorderWithBefore.MatchString(text[max(0, start-30):start]) {
		return true
	}
	return reCoordBorderAfter.MatchString(text[end:min(len(text), end+60)])
}

// ownerOfNominal reports whether the mention that starts after prefix (the
// text between a nominal trigger and the mention) and is followed by after
// owns the forces the trigger is about: "the departure of France's force".
func ownerOfNominal(prefix, after string) bool {
	return len(strings.Fields(prefix)) <= 2 && reOfBefore.MatchString(prefix) && reOwnedForcesAfter.MatchString(after)
}

// reParticipleStart opens a participle clause after a comma: ", opting to
// seek help from Russia", ", forcing ships to avoid the canal".
var reParticipleStart = regexp.MustCompile(`^,\s+\p{Ll}+ing\b`)

// participleAdjunct reports whether clause span sp, after the trigger's
// clause starting at cs, is a participle clause: its places are the
// arguments of its own verb, not of the trigger's.
func participleAdjunct(lower string, sp [2]int, cs int) bool {
	return sp[0] > cs && reParticipleStart.MatchString(lower[sp[0]:sp[1]])
}

// reEventNounOf: the object of an event noun, "the invasion of Iraq", "the
// fall of Kabul": a state that an event befell, not one that acts.
var reEventNounOf = regexp.MustCompile(`(?i)\b(?:invasion|occupation|capture|liberation|fall|annexation|siege|partition|reunification|defeat|collapse|surrender)\s+of\s+(?:the\s+)?$`)

// eventNounObject reports whether the text before a mention ends with an
// event noun and "of".
func eventNounObject(before string) bool {
	return reEventNounOf.MatchString(before)
}

var (
	// reForcesObjectGap: what may stand between a movement verb and the
	// owner of the forces it moves: "station American troops", "send
	// 2,000 more British soldiers".
	reForcesObjectGap = regexp.MustCompile(`^\s+(?:(?:its|their|the|some|several|more|additional|extra|about|around|up to|nearly|\d[\d,]*)\s+)*$`)
	// reForcesNounAfter: the forces noun right after the owner.
	reForcesNounAfter = regexp.MustCompile(`^\s+(?:\S+\s+)?(?:troops|forces|soldiers|personnel|marines|sailors|airmen|units|contingents?|service members|servicemembers|warships|jets|aircraft)\b`)
)

// movedForcesOwner is the state whose forces a troop movement moves, named
// as the verb's object ("no plans to station American troops here"): with
// no subject to name an actor, the owner of the moved forces acts.
// Attacks are left out: their object is the target.
func (an *analysis) movedForcesOwner(si int, text string, h triggerHit, ce int) (mention, bool) {
	switch h.typ {
	case newsgraph.EventDeployment, newsgraph.EventWithdrawal, newsgraph.EventRelocation:
	default:
		return mention{}, false
	}
	sent := an.doc.Sentences[si]
	for _, m := range an.mentions[si] {
		s, e := m.Start-sent.Start, m.End-sent.Start
		if s < h.end || s >= ce {
			continue
		}
		if m.Type == gazetteer.Country && reForcesObjectGap.MatchString(text[h.end:s]) && reForcesNounAfter.MatchString(text[e:min(len(text), e+40)]) {
			return m, true
		}
		return mention{}, false // only the first name after the verb
	}
	return mention{}, false
}
