// Package eval owns the measurement of extraction quality: it compares
// extraction records with hand-labelled gold files and computes precision,
// recall and F1 per entity type and for events, plus the accuracy of the
// publisher, the publication date, base countries and event arguments. It
// counts as the reference scorer shared/realdev/score.py does, except that
// events are paired by a largest matching where the scorer pairs them
// greedily; ties go to document order, so the two agree wherever the
// greedy pairing is already largest. Gold files are written by people and
// never rewritten by tests.
package eval

import (
	"fmt"

	"github.com/newsgraph/newsgraph"
)

// Counts accumulate true positives, false positives and false negatives.
type Counts struct {
	TP, FP, FN int
}

// Add adds c2 to c.
func (c *Counts) Add(c2 Counts) { c.TP += c2.TP; c.FP += c2.FP; c.FN += c2.FN }

// Empty reports whether there was nothing to count: no gold item and no
// prediction, so precision, recall and F1 say nothing.
func (c Counts) Empty() bool { return c.TP+c.FP+c.FN == 0 }

// Precision is TP / (TP + FP); 1 when nothing was predicted, as in the
// reference scorer.
func (c Counts) Precision() float64 {
	if c.TP+c.FP == 0 {
		return 1
	}
	return float64(c.TP) / float64(c.TP+c.FP)
}

// Recall is TP / (TP + FN); 1 when nothing was expected, as in the
// reference scorer.
func (c Counts) Recall() float64 {
	if c.TP+c.FN == 0 {
		return 1
	}
	return float64(c.TP) / float64(c.TP+c.FN)
}

// F1 is the harmonic mean of precision and recall.
func (c Counts) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// Accuracy counts correct answers among judged items.
type Accuracy struct {
	Correct, Total int
}

// Value is Correct / Total and false when nothing was judged.
func (a Accuracy) Value() (float64, bool) {
	if a.Total == 0 {
		return 0, false
	}
	return float64(a.Correct) / float64(a.Total), true
}

func (a *Accuracy) judge(ok bool) {
	a.Total++
	if ok {
		a.Correct++
	}
}

// Report is the evaluation of one or many articles.
type Report struct {
	Articles int `json:"articles"`
	// Publisher is judged on every article, Published only where the gold
	// has a date.
	Publisher     Accuracy `json:"publisher"`
	Published     Accuracy `json:"published"`
	Countries     Counts   `json:"countries"`
	Bases         Counts   `json:"bases"`
	BaseCountry   Accuracy `json:"base_country"`
	Organisations Counts   `json:"organisations"`
	Events        Counts   `json:"events"`
	EventActor    Accuracy `json:"event_actor"`
	EventDate     Accuracy `json:"event_date"`
	EventNegation Accuracy `json:"event_negation"`
	// SpuriousMilitary names the articles whose gold has no base and no
	// event but whose extraction has one.
	SpuriousMilitary []string `json:"spurious_military,omitempty"`
	// Errors lists every miss and false alarm, per article, for tuning.
	Errors []string `json:"errors,omitempty"`
}

// Entities is the micro-average over countries, bases and organisations.
func (r Report) Entities() Counts {
	var c Counts
	c.Add(r.Countries)
	c.Add(r.Bases)
	c.Add(r.Organisations)
	return c
}

// Merge adds another report's counts.
func (r *Report) Merge(o Report) {
	r.Articles += o.Articles
	r.Countries.Add(o.Countries)
	r.Bases.Add(o.Bases)
	r.Organisations.Add(o.Organisations)
	r.Events.Add(o.Events)
	for _, p := range []struct{ a, b *Accuracy }{
		{&r.Publisher, &o.Publisher}, {&r.Published, &o.Published}, {&r.BaseCountry, &o.BaseCountry},
		{&r.EventActor, &o.EventActor}, {&r.EventDate, &o.EventDate}, {&r.EventNegation, &o.EventNegation},
	} {
		p.a.Correct += p.b.Correct
		p.a.Total += p.b.Total
	}
	r.SpuriousMilitary = append(r.SpuriousMilitary, o.SpuriousMilitary...)
	r.Errors = append(r.Errors, o.Errors...)
}

// forms is the set of folded spellings of a gold name.
type forms map[string]bool

func (f forms) meets(o forms) bool {
	for s := range f {
		if o[s] {
			return true
		}
	}
	return false
}

func goldForms(name string, aliases []string) forms {
	out := forms{Fold(name): true}
	for _, a := range aliases {
		out[Fold(a)] = true
	}
	delete(out, "")
	return out
}

func (n GoldName) forms() forms { return goldForms(n.Name, n.Aliases) }

// entityForms are the spellings a predicted entity answers to: its name,
// its mentions in the text and its gazetteer aliases.
func entityForms(e newsgraph.Entity) forms {
	out := forms{Fold(e.Name): true}
	for _, list := range [][]string{e.Mentions, e.Aliases} {
		for _, s := range list {
			out[Fold(s)] = true
		}
	}
	delete(out, "")
	return out
}

// Compare evaluates one extraction against its gold labels; name labels the
// article in error lines.
func Compare(name string, x newsgraph.Extraction, g *Gold) Report {
	r := Report{Articles: 1}
	miss := func(format string, args ...any) {
		r.Errors = append(r.Errors, name+": "+fmt.Sprintf(format, args...))
	}
	ownPublisher := Fold(x.Article.Publisher)
	pubOK := goldForms(g.Publisher, g.PublisherAliases)[ownPublisher]
	r.Publisher.judge(pubOK)
	if !pubOK {
		miss("publisher %q, want %q", x.Article.Publisher, g.Publisher)
	}
	if g.Published != "" {
		pub := x.Article.Published
		if len(pub) > 10 {
			pub = pub[:10]
		}
		r.Published.judge(pub == g.Published)
		if pub != g.Published {
			miss("published %q, want %q", x.Article.Published, g.Published)
		}
	}

	var countries, bases, orgs []newsgraph.Entity
	for _, e := range x.Entities {
		switch Fold(e.Type) {
		case "country":
			countries = append(countries, e)
		case "base":
			bases = append(bases, e)
		case "organisation", "organization", "publisher":
			// The article's own publisher is not an organisation of the
			// text unless the gold says it is (a story about the outlet).
			if ownPublisher != "" && entityForms(e)[ownPublisher] && !namesAny(g.Organisations, ownPublisher) {
				continue
			}
			orgs = append(orgs, e)
		}
	}
	r.Countries, _ = matchSet(countries, g.Countries, g.OptionalCountries, "country", miss)
	r.Organisations, _ = matchSet(orgs, g.Organisations, g.OptionalOrganisations, "organisation", miss)
	var basePairs []entityPair
	r.Bases, basePairs = matchSet(bases, g.Bases, g.OptionalBases, "base", miss)
	for _, p := range basePairs {
		want := g.Bases[p.gold].Country
		if want == "" {
			continue
		}
		ok := Fold(p.sys.Country) == Fold(want)
		r.BaseCountry.judge(ok)
		if !ok {
			miss("base %q country %q, want %q", g.Bases[p.gold].Name, p.sys.Country, want)
		}
	}
	events := compareEvents(&r, x, g, miss)
	if g.NonMilitary() && (len(bases) > 0 || events > 0) {
		r.SpuriousMilitary = append(r.SpuriousMilitary, name)
	}
	return r
}

func namesAny(list []GoldName, folded string) bool {
	for _, n := range list {
		if n.forms()[folded] {
			return true
		}
	}
	return false
}

type entityPair struct {
	gold int
	sys  newsgraph.Entity
}

// matchSet pairs predicted entities with gold ones the way the reference
// scorer does: predictions that are only an optional item are set aside,
// then each gold item in order takes the first unused prediction sharing a
// spelling with it. A second prediction for an already matched gold item
// (two spellings not merged) is a false positive.
func matchSet(pred []newsgraph.Entity, gold, optional []GoldName, what string, miss func(string, ...any)) (Counts, []entityPair) {
	var kept []newsgraph.Entity
	for _, e := range pred {
		ef := entityForms(e)
		if anyMeets(optional, ef) && !anyMeets(gold, ef) {
			continue
		}
		kept = append(kept, e)
	}
	var c Counts
	var pairs []entityPair
	used := make([]bool, len(kept))
	for gi, g := range gold {
		gf := g.forms()
		found := false
		for i, e := range kept {
			if !used[i] && gf.meets(entityForms(e)) {
				used[i], found = true, true
				pairs = append(pairs, entityPair{gi, e})
				break
			}
		}
		if found {
			c.TP++
		} else {
			c.FN++
			miss("missed %s %q", what, g.Name)
		}
	}
	for i, e := range kept {
		if !used[i] {
			c.FP++
			miss("extra %s %q %v", what, e.Name, e.Mentions)
		}
	}
	return c, pairs
}

func anyMeets(list []GoldName, f forms) bool {
	for _, n := range list {
		if n.forms().meets(f) {
			return true
		}
	}
	return false
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
