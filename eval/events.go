package eval

import "github.com/newsgraph/newsgraph"

// eventMatcher decides whether a predicted event is a gold one, with the
// gold's own spellings of bases, countries and organisations.
type eventMatcher struct {
	baseForms  map[string]forms // folded gold base name → its spellings
	actorForms map[string]forms // folded gold country or organisation name → its spellings
}

func newEventMatcher(g *Gold) eventMatcher {
	m := eventMatcher{baseForms: map[string]forms{}, actorForms: map[string]forms{}}
	for _, b := range g.Bases {
		m.baseForms[Fold(b.Name)] = b.forms()
	}
	for _, list := range [][]GoldName{g.Countries, g.Organisations} {
		for _, n := range list {
			m.actorForms[Fold(n.Name)] = n.forms()
		}
	}
	return m
}

// spellings are the forms of a name the gold event uses (folded once, as
// the reference scorer does): the gold entity's when the gold lists it,
// else the name alone.
func spellings(table map[string]forms, name string) forms {
	f := Fold(name)
	if sp, ok := table[f]; ok {
		return sp
	}
	return forms{f: true}
}

// matches is the reference scorer's event match: the same type, and a
// shared base where the gold names bases, else no predicted base and the
// gold's country.
func (m eventMatcher) matches(ge GoldEvent, ev newsgraph.Event) bool {
	if Fold(ev.Type) != Fold(ge.Type) {
		return false
	}
	predicted := forms{}
	for _, b := range ev.Bases {
		predicted[Fold(b)] = true
	}
	if len(ge.Bases) > 0 {
		for _, b := range ge.Bases {
			if spellings(m.baseForms, b).meets(predicted) {
				return true
			}
		}
		return false
	}
	country := deref(ge.Country)
	return len(predicted) == 0 && Fold(country) != "" && spellings(m.actorForms, country)[Fold(ev.Country)]
}

// judged are the attribute verdicts for one gold–prediction pair; a nil
// verdict is not judged (the gold has no actor, or no date).
type judged struct{ actor, date *bool }

func (m eventMatcher) judge(ge GoldEvent, ev newsgraph.Event) judged {
	var j judged
	if actor := deref(ge.Actor); Fold(actor) != "" {
		ok := spellings(m.actorForms, actor)[Fold(ev.Actor)]
		j.actor = &ok
	}
	if date := deref(ge.Date); date != "" {
		ok := ev.Date == date
		j.date = &ok
	}
	return j
}

// compareEvents counts events and their attributes into r and returns how
// many predictions were scored (those matching only an optional event are
// not).
func compareEvents(r *Report, x newsgraph.Extraction, g *Gold, miss func(string, ...any)) int {
	m := newEventMatcher(g)
	var pred []newsgraph.Event
	for _, ev := range x.Events {
		optional, required := false, false
		for _, oe := range g.OptionalEvents {
			optional = optional || m.matches(oe, ev)
		}
		for _, ge := range g.Events {
			required = required || m.matches(ge, ev)
		}
		if optional && !required {
			continue
		}
		pred = append(pred, ev)
	}
	// Pairs are chosen by the match alone, never by the attributes they
	// are then judged on: as many as possible, ties in document order.
	allowed := make([][]bool, len(g.Events))
	for gi, ge := range g.Events {
		allowed[gi] = make([]bool, len(pred))
		for pi, ev := range pred {
			allowed[gi][pi] = m.matches(ge, ev)
		}
	}
	used := make([]bool, len(pred))
	for gi, pi := range firstMaximumMatching(allowed) {
		ge := g.Events[gi]
		if pi < 0 {
			r.Events.FN++
			miss("missed event %s bases=%v country=%v: %q", ge.Type, ge.Bases, deref(ge.Country), ge.Evidence)
			continue
		}
		used[pi] = true
		r.Events.TP++
		ev := pred[pi]
		j := m.judge(ge, ev)
		if j.actor != nil {
			r.EventActor.judge(*j.actor)
			if !*j.actor {
				miss("event %s actor %q, want %q: %q", ge.Type, ev.Actor, deref(ge.Actor), ev.Evidence)
			}
		}
		if j.date != nil {
			r.EventDate.judge(*j.date)
			if !*j.date {
				miss("event %s date %q, want %q: %q", ge.Type, ev.Date, deref(ge.Date), ev.Evidence)
			}
		}
		negOK := ev.Negated == ge.Negated
		r.EventNegation.judge(negOK)
		if !negOK {
			miss("event %s negated %v, want %v: %q", ge.Type, ev.Negated, ge.Negated, ev.Evidence)
		}
	}
	for pi, ev := range pred {
		if !used[pi] {
			r.Events.FP++
			miss("extra event %s bases=%v country=%q actor=%q: %q", ev.Type, ev.Bases, ev.Country, ev.Actor, ev.Evidence)
		}
	}
	return len(pred)
}
