package extract

import (
	"regexp"
	"strings"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract/gazetteer"
)

// The arguments of an event noun are in its own noun phrase: "Israeli
// raids on Syrian radar sites" is Israel striking Syria, whatever else
// the clause around it names ("Syria shelled a post in the Golan ... as
// revenge for Israeli raids on Syrian radar sites").

var (
	reAttackNoun = regexp.MustCompile(`^(?:air ?strikes?|airstrikes?|strikes?|attacks?|raids?|bombardments?|bombings?|drone strikes?|missile strikes?)$`)
	// The target phrase after the noun, up to where the phrase ends.
	reTargetPP = regexp.MustCompile(`^\s+(?:on|against)\s+([^,;:—–()]*?)(?:\s+(?:over|during|since|last|this|on|by|from|which|that|who|and|but)\b|[,;:—–()]|$)`)
	// "by Russian Su-34 jets", "by the Houthi movement": the agent phrase
	// after a passive participle or an event noun.
	// "attacks on U.S. positions": the state owns the target, it is not where it is.
	reOwnedTarget   = regexp.MustCompile(`^(?:'s|’s)?\s+(?:\S+\s+)?(?:positions|forces|troops|bases|personnel|interests|assets|soldiers|targets|ships|vessels|warships|aircraft|jets|embassy|embassies|convoys?)\b`)
	rePronounTarget = regexp.MustCompile(`^(?:its|their)\s`)
	reAgentPP       = regexp.MustCompile(`^\s*by\s+([^,;:—–()]*?)(?:\s+(?:on|over|in|at|during|since|last|this|which|that|who|and|but)\b|[,;:—–()]|$)`)
)

// nounPhraseArgs reads an attack noun's own phrase: its modifier state
// ("American airstrikes") is the attacker and its "on"/"against" phrase the
// target. country is "" where the target names no state and "-" where it
// names only the state that owns it ("U.S. positions"). ok is false where
// the noun has no target phrase.
func (an *analysis) nounPhraseArgs(si int, lower string, h triggerHit) (actor actorRef, bases []string, country string, span [2]int, ok bool) {
	if h.typ != newsgraph.EventAttack || !reAttackNoun.MatchString(lower[h.start:h.end]) {
		return actorRef{}, nil, "", span, false
	}
	loc := reTargetPP.FindStringSubmatchIndex(lower[h.end:])
	if loc == nil {
		return actorRef{}, nil, "", span, false
	}
	sent := an.doc.Sentences[si]
	ts, te := sent.Start+h.end+loc[2], sent.Start+h.end+loc[3]
	span = [2]int{h.start, h.end + loc[1]}
	for _, m := range an.mentions[si] {
		switch {
		case m.Start >= ts && m.End <= te && m.Type == gazetteer.Base:
			bases = append(bases, m.Name)
		case m.Start >= ts && m.End <= te && (m.Type == gazetteer.Country || m.Type == gazetteer.Place) && country == "" && m.Country != "":
			if reOwnedTarget.MatchString(lower[m.End-sent.Start:]) {
				country = "-" // "attacks on U.S. positions": whose, not where
			} else {
				country = m.Country
			}
		case m.End <= sent.Start+h.start && sent.Start+h.start-m.End <= 2 && m.Type == gazetteer.Country:
			actor = actorRef{name: m.Name, country: m.Country} // "American airstrikes"
		}
	}
	if country == "" && rePronounTarget.MatchString(lower[ts-sent.Start:]) {
		// "US strikes on its nuclear facilities": the sentence's subject state.
		for _, m := range an.mentions[si] {
			if m.Type == gazetteer.Country && m.Role != gazetteer.RoleDemonym && m.End <= sent.Start+h.start {
				country = m.Country
				break
			}
		}
	}
	return actor, bases, country, span, true
}

// agentAfter reads a "by" phrase right after the trigger: "shells fired
// by Russian artillery units" is Russia.
func (an *analysis) agentAfter(si int, lower string, h triggerHit) (actorRef, bool) {
	rest := lower[h.end:]
	if !strings.HasSuffix(lower[h.start:h.end], " by") && !strings.HasPrefix(strings.TrimLeft(rest, " "), "by ") {
		return actorRef{}, false
	}
	if strings.HasSuffix(lower[h.start:h.end], " by") {
		rest = " by" + rest
	}
	loc := reAgentPP.FindStringSubmatchIndex(rest)
	if loc == nil {
		return actorRef{}, false
	}
	sent := an.doc.Sentences[si]
	shift := h.end - (len(rest) - len(lower[h.end:]))
	as, ae := sent.Start+shift+loc[2], sent.Start+shift+loc[3]
	var state, group *mention
	for k, m := range an.mentions[si] {
		if m.Start < as || m.End > ae {
			continue
		}
		switch {
		case m.Type == gazetteer.Country && state == nil:
			state = &an.mentions[si][k]
		case m.Type == gazetteer.Organisation && group == nil:
			group = &an.mentions[si][k]
		}
	}
	// "by Yemen's Houthi rebels": the group the state's name qualifies.
	if group != nil && (state == nil || state.End < group.Start && rePossessiveGap.MatchString(lower[state.End-sent.Start:])) {
		return actorRef{name: group.Name, country: group.Country}, true
	}
	if state != nil {
		return actorRef{name: state.Name, country: state.Country}, true
	}
	return actorRef{}, false
}
