package graph

// Summaries are what the headline answer (bases linked to events) and
// `stats` read, so that their cost does not grow with the corpus. They
// are a side index (side.go) kept by summaryIndexer: every write hands it
// each changed graph's quads before and after, it computes the net change
// of the graphs' contributions and applies it to the stored cells, rows
// and counters in the same transaction as the quads (on PostgreSQL right
// after it), so no reader sees one without the other. No summary is a
// quad: exports and the graph hold none.
//
// A graph's contribution is additive: the summaries of the store are the
// sum of the contributions of its graphs. Counts of distinct things that
// are not additive across graphs (publishers, dates, entities) are kept as
// tallies (how many graphs or events name each), so a delete leaves them
// exact.

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/schema"
)

// SummaryGraph is the label of the graph, and the prefix (with a slash)
// of the graphs, where stores of layout 2 kept the summaries as quads. A
// migration deletes them (DropSummaryGraphs); until then exports leave
// them out and imports drop them.
const SummaryGraph = quad.IRI(schema.IDBase + "summary")

// IsSummaryGraph reports whether label is one of the old summaries' graphs.
func IsSummaryGraph(label quad.Value) bool {
	iri, ok := label.(quad.IRI)
	return ok && (iri == SummaryGraph || strings.HasPrefix(string(iri), string(SummaryGraph)+"/"))
}

// Cell dimensions that stand for "every value" or a group of values: the
// headline answer's filters, each answered by a cell of its own so that
// distinct counts stay exact (an article counted once in "any status"
// even when it reports two statuses).
const (
	anyValue      = "*"
	currentStatus = "current"
)

// Negation choices of a cell's tallies, as the negated filter names them.
var negChoices = [3]string{"false", "true", "any"}

// cellKey is one summary cell: a base, an event type (or anyValue) and a
// status (a status, currentStatus or anyValue).
type cellKey struct {
	base, typ, status string
}

// tally sums what a cell's events say (stored as summary_cell.go
// encodes it).
type tally struct {
	Events   int64
	Articles int64
	// Publishers counts, per publisher IRI, the articles it published.
	Publishers map[string]int64
	// Dates counts events per date, for the first and last date.
	Dates map[string]int64
	// Actors counts events per actor IRI.
	Actors map[string]int64
}

// cellState is a cell's tallies of asserted, negated and all events.
type cellState [3]tally

// empty reports whether every tally is zero: a difference of two states
// may change a tally's publishers or dates and not its event count.
func (c *cellState) empty() bool {
	for _, t := range c {
		if t.Events != 0 || t.Articles != 0 || t.Publishers != nil || t.Dates != nil || t.Actors != nil {
			return false
		}
	}
	return true
}

// incCount adds n to one count of a tally map.
func incCount(dst *map[string]int64, k string, n int64) {
	if *dst == nil {
		*dst = map[string]int64{}
	}
	(*dst)[k] += n
	if (*dst)[k] == 0 {
		delete(*dst, k)
		if len(*dst) == 0 {
			*dst = nil
		}
	}
}

// refKey is a typed node: entities are counted by type.
type refKey struct {
	node quad.Value
	typ  string
}

// contribution is what one graph, or a sum of graphs, adds to the
// summaries.
type contribution struct {
	cells    map[cellKey]*cellState
	articles int64
	events   map[string]int64
	// refs counts, per typed entity node, the graphs that type it.
	refs map[refKey]int64
}

func newContribution() *contribution {
	return &contribution{cells: map[cellKey]*cellState{}, events: map[string]int64{}, refs: map[refKey]int64{}}
}

// prune drops the cells whose tallies sum to zero: graphs replaced by
// graphs of the same events leave those.
func (c *contribution) prune() {
	maps.DeleteFunc(c.cells, func(_ cellKey, st *cellState) bool { return st.empty() })
}

// statusCells are the status dimensions an event of status s counts in.
func statusCells(s string) []string {
	out := []string{anyValue}
	if s == "" || s == newsgraph.StatusCompleted || s == newsgraph.StatusOngoing {
		out = append(out, currentStatus)
	}
	if s != "" && s != anyValue && s != currentStatus {
		out = append(out, s)
	}
	return out
}

// addGraph adds sign times what the quads of one named graph contribute
// to the summaries. A graph's contribution is a pure function of its
// quads; adding it into the batch's sum at once spares building it apart
// and merging every tally of it. Cells may be left empty (see prune).
func (c *contribution) addGraph(label quad.Value, quads []quad.Quad, sign int64) {
	if len(quads) == 0 || label == nil || IsSummaryGraph(label) {
		return
	}
	type event struct {
		typ, status, date string
		negated           bool
		bases, actors     []string
	}
	events := map[string]*event{}
	ev := func(node quad.Value) *event {
		k := quad.StringOf(node)
		e := events[k]
		if e == nil {
			e = &event{}
			events[k] = e
		}
		return e
	}
	var publishers []string
	isArticle := false
	refs := map[refKey]bool{} // a graph that types a node twice counts once
	for _, q := range quads {
		p, _ := q.Predicate.(quad.IRI)
		switch p {
		case schema.Type:
			cls, _ := q.Object.(quad.IRI)
			if cls == schema.ClassNewsArticle && quad.StringOf(q.Subject) == quad.StringOf(label) {
				isArticle = true
			}
			if t := schema.EntityTypeOf(cls); t != "" {
				refs[refKey{q.Subject, t}] = true
			}
		case schema.PublisherP:
			if quad.StringOf(q.Subject) == quad.StringOf(label) {
				publishers = append(publishers, compactIRI(nodeKey(q.Object)))
			}
		case schema.EventType:
			if t, ok := q.Object.(quad.IRI); ok {
				ev(q.Subject).typ = strings.TrimPrefix(string(t), schema.NS+"event/")
			}
		case schema.Status:
			ev(q.Subject).status = valueText(q.Object)
		case schema.EventDate:
			ev(q.Subject).date = valueText(q.Object)
		case schema.Negated:
			if b, ok := q.Object.(quad.Bool); ok {
				ev(q.Subject).negated = bool(b)
			}
		case schema.AtBase:
			e := ev(q.Subject)
			e.bases = append(e.bases, compactIRI(nodeKey(q.Object)))
		case schema.Actor:
			e := ev(q.Subject)
			e.actors = append(e.actors, compactIRI(nodeKey(q.Object)))
		}
	}
	for k := range refs {
		c.refs[k] += sign
		if c.refs[k] == 0 {
			delete(c.refs, k)
		}
	}
	if isArticle {
		c.articles += sign
	}
	// Per cell, the events of this graph; the graph is one article, so
	// a cell it has events in counts it once.
	touched := map[cellKey]*[3]bool{}
	for _, e := range events {
		if e.typ == "" {
			continue // nodes with a status or date that are not events
		}
		c.events[e.typ] += sign
		if c.events[e.typ] == 0 {
			delete(c.events, e.typ)
		}
		slices.Sort(e.bases)
		e.bases = slices.Compact(e.bases)
		for _, b := range e.bases {
			for _, typ := range []string{e.typ, anyValue} {
				for _, st := range statusCells(e.status) {
					k := cellKey{b, typ, st}
					cs := c.cells[k]
					if cs == nil {
						cs = &cellState{}
						c.cells[k] = cs
					}
					seen := touched[k]
					if seen == nil {
						seen = &[3]bool{}
						touched[k] = seen
					}
					for _, i := range []int{negIndex(e.negated), 2} {
						t := &cs[i]
						t.Events += sign
						seen[i] = true
						if e.date != "" {
							incCount(&t.Dates, e.date, sign)
						}
						for _, a := range e.actors {
							incCount(&t.Actors, a, sign)
						}
					}
				}
			}
		}
	}
	for k, seen := range touched {
		for i, yes := range seen {
			if !yes {
				continue
			}
			t := &c.cells[k][i]
			t.Articles += sign
			for _, p := range publishers {
				incCount(&t.Publishers, p, sign)
			}
		}
	}
}

// nodeKey names a node in the summaries: an IRI as itself, without the
// angle brackets of its N-Quads form.
func nodeKey(v quad.Value) string {
	if iri, ok := v.(quad.IRI); ok {
		return string(iri)
	}
	return quad.StringOf(v)
}

// entityPrefix starts the IRI of every entity newsgraph mints; the
// summaries write it as compactPrefix, which no IRI starts with: the
// summaries' literals are mostly entity IRIs, and this makes them 40%
// smaller.
const (
	entityPrefix  = schema.IDBase + "entity/"
	compactPrefix = "~"
)

func compactIRI(s string) string {
	if rest, ok := strings.CutPrefix(s, entityPrefix); ok {
		return compactPrefix + rest
	}
	return s
}

func expandIRI(s string) string {
	if rest, ok := strings.CutPrefix(s, compactPrefix); ok {
		return entityPrefix + rest
	}
	return s
}

func negIndex(negated bool) int {
	if negated {
		return 1
	}
	return 0
}

func valueText(v quad.Value) string {
	if v == nil {
		return ""
	}
	if s, ok := v.(quad.String); ok {
		return string(s)
	}
	return fmt.Sprint(v.Native())
}

// BaseSummary is one row of the headline answer: a base's events of one
// type (or every type), status and negation.
type BaseSummary struct {
	Base       string       `json:"b"`
	Events     int64        `json:"e"`
	Articles   int64        `json:"a"`
	Publishers int64        `json:"p"`
	First      string       `json:"f,omitempty"`
	Last       string       `json:"l,omitempty"`
	Actors     []ActorCount `json:"x,omitempty"`
	Negated    int64        `json:"n,omitempty"`
}

// ActorCount is an actor (its node IRI) and its number of events.
type ActorCount struct {
	Actor  string `json:"a"`
	Events int64  `json:"n"`
}

// MaxRowActors is how many actors a row names, most events first.
const MaxRowActors = 5

// rowOf is the row of a cell's tallies for one negation choice, or false
// when the choice has no events there.
func rowOf(base string, st *cellState, neg int) (BaseSummary, bool) {
	t := st[neg]
	if t.Events == 0 {
		return BaseSummary{}, false
	}
	row := BaseSummary{Base: base, Events: t.Events, Articles: t.Articles, Publishers: int64(len(t.Publishers)), Negated: st[1].Events}
	if len(t.Dates) > 0 {
		dates := slices.Sorted(maps.Keys(t.Dates))
		row.First, row.Last = dates[0], dates[len(dates)-1]
	}
	for a, n := range t.Actors {
		row.Actors = append(row.Actors, ActorCount{a, n})
	}
	slices.SortFunc(row.Actors, func(a, b ActorCount) int {
		if a.Events != b.Events {
			return cmp.Compare(b.Events, a.Events)
		}
		return strings.Compare(a.Actor, b.Actor)
	})
	if len(row.Actors) > MaxRowActors {
		row.Actors = row.Actors[:MaxRowActors]
	}
	return row, true
}
