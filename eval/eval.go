// Package eval owns the measurement of extraction quality: it compares
// extraction records with hand-labelled gold files and computes precision,
// recall and F1 per entity type and for events, plus the accuracy of event
// arguments. Gold files are written by people and never rewritten by tests.
package eval

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"unicode"

	"github.com/newsgraph/newsgraph"
)

// GoldName is a named thing with the spellings that count as it.
type GoldName struct {
	Name    string   `json:"name"`
	Aliases []string `json:"aliases,omitempty"`
	Country string   `json:"country,omitempty"`
}

// GoldEvent is a labelled event.
type GoldEvent struct {
	Type     string   `json:"type"`
	Bases    []string `json:"bases"`
	Actor    *string  `json:"actor"`
	Country  *string  `json:"country"`
	Date     *string  `json:"date"`
	Negated  bool     `json:"negated"`
	Status   string   `json:"status,omitempty"`
	Evidence string   `json:"evidence,omitempty"`
}

// Gold is one article's labels.
type Gold struct {
	Publisher     string      `json:"publisher"`
	Published     string      `json:"published"`
	Countries     []GoldName  `json:"countries"`
	Bases         []GoldName  `json:"bases"`
	Organisations []GoldName  `json:"organisations"`
	Events        []GoldEvent `json:"events"`
}

// ReadGold reads a gold file.
func ReadGold(path string) (*Gold, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("gold %s: %w", path, err)
	}
	var g Gold
	if err := json.Unmarshal(data, &g); err != nil {
		return nil, fmt.Errorf("gold %s: %w", path, err)
	}
	return &g, nil
}

// Fold normalises a name for comparison: case and punctuation folded,
// spaces collapsed, a leading "the" dropped.
func Fold(s string) string {
	var sb strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && sb.Len() > 0 {
				sb.WriteByte(' ')
			}
			space = false
			sb.WriteRune(r)
		case r == '\'' || r == '’' || r == '.':
			// "U.S." = "US", "Sana'a" = "Sanaa"
		default:
			space = true
		}
	}
	return strings.TrimPrefix(sb.String(), "the ")
}

// Counts accumulate true positives, false positives and false negatives.
type Counts struct {
	TP, FP, FN int
}

// Add adds c2 to c.
func (c *Counts) Add(c2 Counts) { c.TP += c2.TP; c.FP += c2.FP; c.FN += c2.FN }

// Precision is TP / (TP + FP); 1 when nothing was predicted.
func (c Counts) Precision() float64 {
	if c.TP+c.FP == 0 {
		return 1
	}
	return float64(c.TP) / float64(c.TP+c.FP)
}

// Recall is TP / (TP + FN); 1 when nothing was expected.
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

// Accuracy counts correct answers among matched items.
type Accuracy struct {
	Correct, Total int
}

// Value is Correct / Total; 1 when there was nothing to judge.
func (a Accuracy) Value() float64 {
	if a.Total == 0 {
		return 1
	}
	return float64(a.Correct) / float64(a.Total)
}

func (a *Accuracy) judge(ok bool) {
	a.Total++
	if ok {
		a.Correct++
	}
}

// Report is the evaluation of one or many articles.
type Report struct {
	Articles      int      `json:"articles"`
	Publisher     Counts   `json:"publisher"`
	Published     Counts   `json:"published"`
	Countries     Counts   `json:"countries"`
	Bases         Counts   `json:"bases"`
	BaseCountry   Accuracy `json:"base_country"`
	Organisations Counts   `json:"organisations"`
	Events        Counts   `json:"events"`
	EventActor    Accuracy `json:"event_actor"`
	EventDate     Accuracy `json:"event_date"`
	EventNegation Accuracy `json:"event_negation"`
	// Errors lists every miss and false alarm, per article, for tuning.
	Errors []string `json:"errors,omitempty"`
}

// Merge adds another report's counts.
func (r *Report) Merge(o Report) {
	r.Articles += o.Articles
	r.Publisher.Add(o.Publisher)
	r.Published.Add(o.Published)
	r.Countries.Add(o.Countries)
	r.Bases.Add(o.Bases)
	r.Organisations.Add(o.Organisations)
	r.Events.Add(o.Events)
	for _, p := range []struct{ a, b *Accuracy }{{&r.BaseCountry, &o.BaseCountry}, {&r.EventActor, &o.EventActor}, {&r.EventDate, &o.EventDate}, {&r.EventNegation, &o.EventNegation}} {
		p.a.Correct += p.b.Correct
		p.a.Total += p.b.Total
	}
	r.Errors = append(r.Errors, o.Errors...)
}

func names(g GoldName) map[string]bool {
	out := map[string]bool{Fold(g.Name): true}
	for _, a := range g.Aliases {
		out[Fold(a)] = true
	}
	return out
}

// entityMatches reports whether a predicted entity is the gold one: its
// canonical name or one of its surface forms equals a gold spelling.
func entityMatches(e newsgraph.Entity, g GoldName) bool {
	ns := names(g)
	if ns[Fold(e.Name)] {
		return true
	}
	for _, m := range e.Mentions {
		if ns[Fold(m)] {
			return true
		}
	}
	return false
}

// Compare evaluates one extraction against its gold labels; name labels the
// article in error lines.
func Compare(name string, x newsgraph.Extraction, g *Gold) Report {
	r := Report{Articles: 1}
	miss := func(format string, args ...any) {
		r.Errors = append(r.Errors, name+": "+fmt.Sprintf(format, args...))
	}
	single := func(c *Counts, what, got, want string) {
		switch {
		case want == "" && got == "":
		case want == "":
			c.FP++
		case got == "":
			c.FN++
			miss("missed %s %q", what, want)
		case Fold(got) == Fold(want):
			c.TP++
		default:
			c.FP++
			c.FN++
			miss("%s %q, want %q", what, got, want)
		}
	}
	single(&r.Publisher, "publisher", x.Article.Publisher, g.Publisher)
	pub := x.Article.Published
	if len(pub) > 10 {
		pub = pub[:10]
	}
	single(&r.Published, "published", pub, g.Published)

	byType := func(t string) []newsgraph.Entity {
		var out []newsgraph.Entity
		for _, e := range x.Entities {
			if e.Type == t {
				out = append(out, e)
			}
		}
		return out
	}
	var orgs []newsgraph.Entity
	for _, e := range x.Entities {
		// A cited outlet may be typed Publisher or Organisation; the
		// article's own publisher is not an organisation of the text.
		if e.Type == newsgraph.TypeOrganisation || e.Type == newsgraph.TypePublisher && len(e.Mentions) > 0 {
			orgs = append(orgs, e)
		}
	}
	r.Countries = matchSet(byType(newsgraph.TypeCountry), g.Countries, "country", miss)
	r.Organisations = matchSet(orgs, g.Organisations, "organisation", miss)
	bases := byType(newsgraph.TypeBase)
	r.Bases = matchSet(bases, g.Bases, "base", miss)
	for _, gb := range g.Bases {
		for _, e := range bases {
			if entityMatches(e, gb) {
				ok := Fold(e.Country) == Fold(gb.Country)
				r.BaseCountry.judge(ok)
				if !ok {
					miss("base %q country %q, want %q", gb.Name, e.Country, gb.Country)
				}
				break
			}
		}
	}
	compareEvents(&r, x, g, miss)
	return r
}

func matchSet(pred []newsgraph.Entity, gold []GoldName, what string, miss func(string, ...any)) Counts {
	var c Counts
	used := make([]bool, len(pred))
	for _, g := range gold {
		found := false
		for i, e := range pred {
			if !used[i] && entityMatches(e, g) {
				used[i], found = true, true
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
	for i, e := range pred {
		if used[i] {
			continue
		}
		// A second predicted entity for an already matched gold one (two
		// spellings not merged) is a false positive too.
		c.FP++
		miss("extra %s %q %v", what, e.Name, e.Mentions)
	}
	return c
}

// goldSpellings maps a gold name to every spelling of the entity it names,
// from the gold's own entity lists.
func goldSpellings(g *Gold, name string) map[string]bool {
	f := Fold(name)
	for _, list := range [][]GoldName{g.Countries, g.Bases, g.Organisations} {
		for _, n := range list {
			if ns := names(n); ns[f] {
				return ns
			}
		}
	}
	return map[string]bool{f: true}
}

func compareEvents(r *Report, x newsgraph.Extraction, g *Gold, miss func(string, ...any)) {
	used := make([]bool, len(x.Events))
	basesOverlap := func(ev newsgraph.Event, ge GoldEvent) bool {
		for _, gb := range ge.Bases {
			sp := goldSpellings(g, gb)
			for _, b := range ev.Bases {
				if sp[Fold(b)] {
					return true
				}
			}
		}
		return false
	}
	countryMatches := func(ev newsgraph.Event, ge GoldEvent) bool {
		return ge.Country != nil && ev.Country != "" && goldSpellings(g, *ge.Country)[Fold(ev.Country)]
	}
	for _, ge := range g.Events {
		best := -1
		for pass := 0; pass < 2 && best < 0; pass++ {
			for i, ev := range x.Events {
				if used[i] || ev.Type != ge.Type {
					continue
				}
				var ok bool
				if len(ge.Bases) > 0 {
					ok = basesOverlap(ev, ge)
				} else {
					ok = countryMatches(ev, ge) || ge.Country == nil && len(ev.Bases) == 0
				}
				// Prefer the prediction whose polarity agrees.
				if ok && (pass == 1 || ev.Negated == ge.Negated) {
					best = i
					break
				}
			}
		}
		if best < 0 {
			r.Events.FN++
			miss("missed event %s bases=%v country=%v: %q", ge.Type, ge.Bases, deref(ge.Country), ge.Evidence)
			continue
		}
		used[best] = true
		r.Events.TP++
		ev := x.Events[best]
		wantActor := deref(ge.Actor)
		actorOK := wantActor == "" && ev.Actor == "" || wantActor != "" && goldSpellings(g, wantActor)[Fold(ev.Actor)]
		r.EventActor.judge(actorOK)
		if !actorOK {
			miss("event %s actor %q, want %q: %q", ge.Type, ev.Actor, wantActor, ev.Evidence)
		}
		dateOK := deref(ge.Date) == ev.Date
		r.EventDate.judge(dateOK)
		if !dateOK {
			miss("event %s date %q, want %q: %q", ge.Type, ev.Date, deref(ge.Date), ev.Evidence)
		}
		negOK := ge.Negated == ev.Negated
		r.EventNegation.judge(negOK)
		if !negOK {
			miss("event %s negated %v, want %v: %q", ge.Type, ev.Negated, ge.Negated, ev.Evidence)
		}
	}
	for i, ev := range x.Events {
		if !used[i] {
			r.Events.FP++
			miss("extra event %s bases=%v country=%q actor=%q: %q", ev.Type, ev.Bases, ev.Country, ev.Actor, ev.Evidence)
		}
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
