package extract

import "github.com/newsgraph/newsgraph"

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
