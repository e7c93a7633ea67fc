package queries

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/schema"
)

// The events query's fast path reads the events side index
// (graph/eventindex.go): for each facet of the question (event type, one
// entity, class) a short scan of its per-period counts gives the periods
// that hold events, newest first, and the total; only the periods the
// page falls in are read, their groups' postings first, then each group's
// reports in one prefix scan. A store that does not keep the index (written
// before it, or after a raw load), or a question the facets cannot answer
// (a status other than current or any, a filter added by another module),
// takes the scan path instead.

// eventIndex reads the events side index of a snapshot.
type eventIndex struct{ s *graph.Store }

// openEventIndex returns the store's events index, or nil when the store
// does not keep it up to date. Every backend writes an article's quads
// and its index entries in one transaction (PostgreSQL too, through
// graph's joined write transaction), so a snapshot sees both or neither.
func openEventIndex(ctx context.Context, s *graph.Store) (*eventIndex, error) {
	kept, err := s.IndexKept(ctx, graph.EventIndexName)
	if err != nil || !kept {
		return nil, err
	}
	return &eventIndex{s: s}, nil
}

// row reads one event's row; ok is false when the index has none.
func (ix *eventIndex) row(ctx context.Context, node quad.Value) (schema.EventRow, bool, error) {
	iri, _ := node.(quad.IRI)
	v, err := ix.s.SideGet(ctx, graph.EventRowsBucket, []byte(schema.EventIDOf(iri)))
	if err != nil || v == nil {
		return schema.EventRow{}, false, err
	}
	row, ok := schema.ParseEventRow(v)
	if !ok {
		return schema.EventRow{}, false, fmt.Errorf("events index: unreadable row of %s", iri)
	}
	return row, true, nil
}

// indexedReport is one member of a group as the index keeps it.
type indexedReport struct {
	node quad.IRI
	row  schema.EventRow
}

// members reads the reports of a group, in the order of their event IDs.
func (ix *eventIndex) members(ctx context.Context, group quad.IRI) ([]indexedReport, error) {
	prefix := graph.EventGroupPrefix(group)
	var out []indexedReport
	var bad error
	err := ix.s.SideScan(ctx, graph.EventGroupsBucket, prefix, nil, func(k, v []byte) bool {
		row, ok := schema.ParseEventRow(v)
		if !ok {
			bad = fmt.Errorf("events index: unreadable member %q of %s", k, group)
			return false
		}
		out = append(out, indexedReport{node: schema.EventIRI(string(k[len(prefix):])), row: row})
		return true
	})
	if err == nil {
		err = bad
	}
	return out, err
}

// eventPlan is how the fast path answers one events question.
type eventPlan struct {
	types    []string     // event types of the facets
	dim      string       // the entity dimension of the facets
	entities []quad.Value // its entities (dim != FacetAny)
	classes  []string
	// residual are filters the facets do not apply: every candidate
	// group is then read to apply them.
	residual bool
	from, to string
	negated  string
	status   string
	filter   func(*eventInfo) bool
}

// indexedEventArgs are the events parameters the fast path knows.
var indexedEventArgs = []string{"event", "base", "country", "actor", "from", "to", "negated", "status", "limit", "offset"}

// planEvents returns the fast path's plan, or nil when the question needs
// the scan.
func (r *reader) planEvents(ctx context.Context, args Args, filter func(*eventInfo) bool) (*eventPlan, error) {
	for k, v := range args {
		if v != "" && !slices.Contains(indexedEventArgs, k) {
			return nil, nil
		}
	}
	status := args["status"]
	if status != "" && status != "current" && status != "any" {
		return nil, nil
	}
	p := &eventPlan{types: newsgraph.EventTypes, dim: schema.FacetAny, from: args["from"], to: args["to"],
		negated: args["negated"], status: status, filter: filter}
	if t := args["event"]; t != "" {
		p.types = []string{t}
	}
	given := 0
	for _, d := range []struct{ param, dim string }{{"base", schema.FacetBase}, {"actor", schema.FacetActor}, {"country", schema.FacetCountry}} {
		v := args[d.param]
		if v == "" {
			continue
		}
		given++
		if given > 1 {
			continue
		}
		nodes, err := r.resolveEntities(ctx, v)
		if err != nil {
			return nil, err
		}
		p.dim, p.entities = d.dim, nodes
	}
	p.residual = given > 1
	var polarity []string
	switch args["negated"] {
	case "true":
		polarity = []string{"n"}
	case "any":
		polarity = []string{"a", "n"}
	default:
		polarity = []string{"a"}
	}
	for _, c := range polarity {
		p.classes = append(p.classes, c)
		if status == "any" {
			p.classes = append(p.classes, "x"+c)
		}
	}
	return p, nil
}

// facets are the facet keys of the plan. A question about any type asks
// each type's facets: a scan each, against a second set of keys on every
// group.
func (p *eventPlan) facets() []string {
	entities := p.entities
	if p.dim == schema.FacetAny {
		entities = []quad.Value{quad.IRI("")}
	}
	var out []string
	for _, t := range p.types {
		for _, e := range entities {
			iri, _ := e.(quad.IRI)
			for _, c := range p.classes {
				out = append(out, schema.FacetKey(t, p.dim, string(iri), c))
			}
		}
	}
	return out
}

// exact reports whether the facets of one type never share a group, so
// that per-period counts add up to the number of groups: one entity and
// one class (groups of different types are always different).
func (p *eventPlan) exact() bool {
	entities := max(len(p.entities), 1)
	return !p.residual && entities*len(p.classes) == 1
}

// periodInRange tells whether a period may hold dates in [from, to], and
// whether it may also hold dates outside (so that its groups must be read
// to tell).
func periodInRange(p, from, to string) (in, partly bool) {
	if from == "" && to == "" {
		return true, false
	}
	if p == "-" {
		return false, false
	}
	if !inRange(p, from, to) {
		return false, false
	}
	partly = len(from) > len(p) && strings.HasPrefix(from, p) || len(to) > len(p) && strings.HasPrefix(to, p)
	return true, partly
}

// facetPeriods reads the counts of the plan's facets: per period key,
// the facets that have groups in it and the sum of their counts.
func (ix *eventIndex) facetPeriods(ctx context.Context, facets []string) (map[string][]string, map[string]int, error) {
	having, sums := map[string][]string{}, map[string]int{}
	for _, f := range facets {
		prefix := graph.EventFacetPrefix(f)
		var bad error
		err := ix.s.SideScan(ctx, graph.EventFacetCountsBucket, prefix, nil, func(k, v []byte) bool {
			n, err := strconv.Atoi(string(v))
			if err != nil {
				bad = fmt.Errorf("events index: count %q: %w", k, err)
				return false
			}
			pk := string(k[len(prefix):])
			having[pk] = append(having[pk], f)
			sums[pk] += n
			return true
		})
		if err == nil {
			err = bad
		}
		if err != nil {
			return nil, nil, err
		}
	}
	return having, sums, nil
}

// periodGroups returns the groups with a posting of one of facets in the
// period of key pk, each once, in posting order.
func (ix *eventIndex) periodGroups(ctx context.Context, facets []string, pk string) ([]quad.IRI, error) {
	var out []quad.IRI
	seen := map[string]bool{}
	for _, f := range facets {
		prefix := []byte(f + "\x00" + pk + "\x00")
		err := ix.s.SideScan(ctx, graph.EventFacetsBucket, prefix, nil, func(k, _ []byte) bool {
			if id := string(k[len(prefix):]); !seen[id] {
				seen[id] = true
				out = append(out, quad.IRI(schema.IDBase+"event-group/"+id))
			}
			return true
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// readGroup reads the reports of a group that pass the plan's status
// filter; nil when none does or the group fails the other filters.
func (r *reader) readGroup(ctx context.Context, ix *eventIndex, p *eventPlan, iri quad.IRI) (*eventGroup, error) {
	members, err := ix.members(ctx, iri)
	if err != nil {
		return nil, err
	}
	g := &eventGroup{id: iri}
	for _, m := range members {
		if !statusMatches(m.row.Status, p.status) {
			continue
		}
		ev, err := r.eventFromRow(ctx, m.node, m.row)
		if err != nil {
			return nil, err
		}
		g.reports = append(g.reports, ev)
	}
	if len(g.reports) == 0 || !g.matches(p.negated) || !inRange(g.date(), p.from, p.to) {
		return nil, nil
	}
	if p.residual && !p.filter(g.reports[0]) {
		return nil, nil
	}
	return g, nil
}

// pageEvents answers the events of the page [offset, offset+limit) of
// the plan, without their sources, and the total.
func (r *reader) pageEvents(ctx context.Context, ix *eventIndex, p *eventPlan, offset, limit int) ([]*eventGroup, int, error) {
	facets := p.facets()
	having, sums, err := ix.facetPeriods(ctx, facets)
	if err != nil {
		return nil, 0, err
	}
	exact := p.exact()
	var page []*eventGroup
	total := 0
	for _, pk := range slices.Sorted(maps.Keys(sums)) {
		in, partly := periodInRange(schema.PeriodOfKey(pk), p.from, p.to)
		if !in {
			continue
		}
		onPage := func(n int) bool { return total < offset+limit && total+n > offset }
		if exact && !partly && !onPage(sums[pk]) {
			total += sums[pk]
			continue
		}
		gs, err := ix.periodGroups(ctx, having[pk], pk)
		if err != nil {
			return nil, 0, err
		}
		if !onPage(len(gs)) && !partly && !p.residual {
			total += len(gs)
			continue
		}
		var groups []*eventGroup
		for _, iri := range gs {
			g, err := r.readGroup(ctx, ix, p, iri)
			if err != nil {
				return nil, 0, err
			}
			if g != nil {
				groups = append(groups, g)
			}
		}
		slices.SortFunc(groups, compareGroups)
		lo, hi := min(max(offset-total, 0), len(groups)), min(max(offset+limit-total, 0), len(groups))
		page = append(page, groups[lo:hi]...)
		total += len(groups)
	}
	return page, total, nil
}
