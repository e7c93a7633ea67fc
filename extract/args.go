package extract

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract/gazetteer"
	"github.com/newsgraph/newsgraph/syntax"
)

// Event arguments read from the dependency tree of the trigger's sentence.
// Triggers stay lexicon candidates; only a sentence holding one that
// reaches event building is parsed, once. The tree adds what word windows
// miss (a subject across a relative or participle clause, a denial
// governing a complement, an "if" clause) and the window rules stay the
// fallback wherever the tree gives nothing.

// sentenceTree is the parse of sentence si, made on first need.
func (an *analysis) sentenceTree(si int) *syntax.Tree {
	if an.p.syn == nil {
		return nil
	}
	if t, ok := an.trees[si]; ok {
		return t
	}
	t := an.p.syn.Parse(an.doc.SentenceText(si))
	an.trees[si] = t
	return t
}

// treeArgs reads the arguments of the trigger at [start, end) of sentence
// si; ok is false where there is no parse or no token under the trigger.
func (an *analysis) treeArgs(si int, h triggerHit) (syntax.Args, *syntax.Tree, bool) {
	t := an.sentenceTree(si)
	if t == nil {
		return syntax.Args{}, nil, false
	}
	pred := t.HeadOf(syntax.Span{Start: h.start, End: h.end})
	if pred < 0 {
		return syntax.Args{}, nil, false
	}
	return t.Arguments(pred), t, true
}

// actorIn is the state or armed group a subject phrase names: a country
// (by name or demonym: "Italian troops") or an organisation standing for
// one; "Yemen's Houthi rebels" is the group.
func (an *analysis) actorIn(si int, sp syntax.Span) (actorRef, bool) {
	sent := an.doc.Sentences[si]
	var state, group *mention
	for k, m := range an.mentions[si] {
		s, e := m.Start-sent.Start, m.End-sent.Start
		if s < sp.Start || e > sp.End || m.Apposition {
			continue
		}
		switch {
		case m.Type == gazetteer.Country && state == nil:
			state = &an.mentions[si][k]
		case m.Type == gazetteer.Organisation && group == nil && (m.Entry == nil || !m.Entry.IsOutlet()):
			group = &an.mentions[si][k]
		}
	}
	if group != nil && (state == nil || state.Start < group.Start && state.Role != gazetteer.RoleDemonym) {
		switch {
		case group.Entry != nil && nonStateKinds[group.Entry.Kind]:
			return actorRef{name: group.Name, country: group.Country}, true
		case group.Country != "":
			// "III Marine Expeditionary Force": a state's unit acts for it.
			return actorRef{name: an.countryName(group.Country), country: group.Country, organisation: group.Name}, true
		}
	}
	if state != nil {
		return actorRef{name: state.Name, country: state.Country}, true
	}
	return actorRef{}, false
}

// nonStateKinds are organisations that act in their own name.
var nonStateKinds = map[string]bool{"armed group": true, "alliance": true, "coalition": true}

// applyTree completes an event from its trigger's tree: an actor from the
// subject (or "by" agent) where the rules found none, a denial or "if"
// clause that governs the trigger from afar.
func (an *analysis) applyTree(si int, h triggerHit, ev *newsgraph.Event) {
	if ev.Actor != "" && !reTreeCue.MatchString(strings.ToLower(an.doc.SentenceText(si))) {
		return // nothing the tree could add: parsing is the costly step
	}
	if !an.treeMayChange(si, ev) {
		return
	}
	args, t, ok := an.treeArgs(si, h)
	if !ok {
		return
	}
	if ev.Actor == "" && strings.HasPrefix(t.Tokens[args.Predicate].UPOS, "VERB") {
		// A verb's subject; an event noun's arguments are the rules' to read.
		for _, s := range args.Subjects {
			if s.Via == syntax.ViaController || s.Via == syntax.ViaGovernor {
				continue // a controller across a purpose or participle clause is often the parser's guess
			}
			if a, ok := an.actorIn(si, s.Span); ok {
				ev.Actor, ev.ActorCountryCode, ev.ActorOrganisation = a.name, a.country, a.organisation
				break
			}
		}
	}
	if args.Negated && !ev.Negated && reTreeDenial.MatchString(args.NegationCue) {
		ev.Negated = true
	}
	if args.Hypothetical && !ev.Negated {
		ev.Status = newsgraph.StatusHypothetical
	}
}

// treeMayChange reports whether applyTree could change ev: whether the
// sentence holds what each of its steps needs, read from the mentions and
// the tokens the parse would have (tokenising is cheap, tagging and parsing
// are not). An actor needs a mention actorIn could return; a denial a token
// reTreeDenial accepts; a hypothetical an "if", "unless" or "whether"
// token, which the parser's mark relation requires. It is a necessary
// condition only, so skipping the parse where it fails changes nothing.
func (an *analysis) treeMayChange(si int, ev *newsgraph.Event) bool {
	if ev.Actor == "" && slices.ContainsFunc(an.mentions[si], mayAct) {
		return true
	}
	if ev.Negated {
		return false // the tree only adds a denial, and a hypothetical needs none
	}
	return scopeCueTokens(an.doc.SentenceText(si))
}

// scopeCueTokens reports whether a sentence has a token that could make
// the tree deny a predicate or make it hypothetical.
func scopeCueTokens(sentence string) bool {
	for _, tok := range syntax.Tokenize(sentence) {
		lower := strings.ToLower(tok.Form)
		if syntax.HypotheticalMark(lower) || reTreeDenial.MatchString(lower) {
			return true
		}
	}
	return false
}

// mayAct reports whether actorIn could return m's state or group: the
// weakest of its conditions.
func mayAct(m mention) bool {
	if m.Apposition {
		return false
	}
	switch m.Type {
	case gazetteer.Country:
		return true
	case gazetteer.Organisation:
		return (m.Entry == nil || !m.Entry.IsOutlet()) && (m.Entry != nil && nonStateKinds[m.Entry.Kind] || m.Country != "")
	}
	return false
}

// reTreeCue are the words whose scope only the tree can tell.
var reTreeCue = mustPrefilter(`\b(?:if|unless|den(?:y|ies|ied|ying|ial)|false|untrue|baseless|unfounded|refut\w*|reject\w*)\b`)

// reTreeDenial are the negation cues the tree may add beyond the window
// rules: denials and falsifications that govern a complement clause.
var reTreeDenial = regexp.MustCompile(`^(?:den(?:y|ies|ied|ying|ial)|false|untrue|baseless|unfounded|refuted?|rejected?|never|not|n't)$`)

// backgroundStatus marks an event the article tells as history: done, and
// dated more than a year before the page ("after their withdrawal in
// 2011"). It stays in the graph, but not as a current fact.
func backgroundStatus(events []newsgraph.Event, published time.Time) {
	if published.IsZero() {
		return
	}
	cutoff := published.AddDate(-1, 0, 0)
	for i := range events {
		ev := &events[i]
		if ev.Status != newsgraph.StatusCompleted || ev.Date == "" {
			continue
		}
		if end, ok := periodEnd(ev.Date); ok && end.Before(cutoff) {
			ev.Status = newsgraph.StatusHistorical
		}
	}
}

// periodEnd is the last day of a YYYY, YYYY-MM or YYYY-MM-DD date.
func periodEnd(d string) (time.Time, bool) {
	switch strings.Count(d, "-") {
	case 0:
		t, err := time.Parse("2006", d)
		return t.AddDate(1, 0, -1), err == nil
	case 1:
		t, err := time.Parse("2006-01", d)
		return t.AddDate(0, 1, -1), err == nil
	default:
		t, err := time.Parse("2006-01-02", d)
		return t, err == nil
	}
}
