package extract

import (
	"slices"
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

// reBaseNoun is a base spoken of without a military word: "bases rented
// from Honduras", "the base's runway".
var reBaseNoun = mustPrefilter(`\b(?:bases?|airbases?)\b`)

// baseNounInMilitaryArticle reports a sentence that speaks of bases in an
// article about armed forces ("the patrol flights will move to bases
// rented from Honduras"): in such an article a base is an installation, not a
// customer base or the base of a hill.
func (an *analysis) baseNounInMilitaryArticle(si int) bool {
	if an.militaryCount < 3 {
		return false
	}
	lower := strings.ToLower(an.doc.SentenceText(si))
	if !strings.Contains(lower, "base") {
		// Both expressions need the letters; most sentences lack them, and
		// the replacement copies the sentence (it ran for every sentence).
		return false
	}
	return reBaseNoun.MatchString(reNotAFacility.ReplaceAllString(lower, ""))
}

// mergeDefiniteReports folds a report told as a definite noun with its
// own base ("The closure of the northern depot followed ...") into the
// article's earlier report of that type: the definite article presents the
// event as one the reader already knows, and the base it adds is one more
// of that event's sites. Reports that differ in actor, negation or date
// stay apart.
func (an *analysis) mergeDefiniteReports(events []newsgraph.Event) []newsgraph.Event {
	for i := 0; i < len(events); i++ {
		ev := events[i]
		if len(ev.Bases) == 0 || ev.Trigger == "" || !reNominalTrigger.MatchString(strings.ToLower(ev.Trigger)) {
			continue
		}
		lower := strings.ToLower(an.doc.SentenceText(ev.Sentence))
		if !strings.Contains(lower, "the "+strings.ToLower(ev.Trigger)+" of ") {
			continue
		}
		j := slices.IndexFunc(events[:i], func(o newsgraph.Event) bool {
			return o.Type == ev.Type && o.Negated == ev.Negated && o.Sentence < ev.Sentence &&
				(o.Actor == "" || ev.Actor == "" || o.Actor == ev.Actor) &&
				(o.Date == "" || ev.Date == "" || strings.HasPrefix(o.Date, ev.Date) || strings.HasPrefix(ev.Date, o.Date))
		})
		if j < 0 {
			continue
		}
		events[j] = combine(events[j], ev)
		events = slices.Delete(events, i, i+1)
		i--
	}
	return events
}
