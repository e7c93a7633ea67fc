package queries

import (
	"context"
	"fmt"
	"slices"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/schema"
)

// The events query's fast path reads the facet keys schema/index.go
// writes: for each period, newest first, the keys of the question (event
// type, one entity, class) lead to the event groups of that period by
// reference. Counting a period costs one index read per group report and
// no value reads; only the periods the page falls in are read whole. A
// store written before the index existed, or a question the keys cannot
// answer (a status other than current or any, a filter added by another
// module), takes the scan path instead.

// Years probed for facet periods. Event dates outside this span would be
// missed by the fast path; the extractor reads years of the 20th and 21st
// centuries.
const (
	firstFacetYear = 1900
	lastFacetYear  = 2100
)

// eventPlan is how the fast path answers one events question.
type eventPlan struct {
	types    []string     // event types of the keys
	dim      string       // the entity dimension the keys start from
	entities []quad.Value // its entities (dim != FacetAny)
	classes  []string
	// residual are filters the keys do not apply: every candidate group
	// is then read to apply them.
	residual bool
	from, to string
	negated  string
	status   string
	filter   func(*eventInfo) bool
}

// indexedEventArgs are the events parameters the fast path knows.
var indexedEventArgs = []string{"event", "base", "country", "actor", "from", "to", "negated", "status", "limit", "offset"}

// planEvents returns the fast path's plan, or nil when the store or the
// question needs the scan.
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
	if ref, err := r.ref(schema.FacetP); err != nil || ref == nil {
		return nil, err
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

// periods lists the index periods that exist, newest first: each year's
// months, then the year, and undated last.
func (r *reader) periods() ([]string, error) {
	var out []string
	for y := lastFacetYear; y >= firstFacetYear; y-- {
		year := fmt.Sprint(y)
		ref, err := r.qs.ValueOf(schema.YearIRI(year))
		if err != nil {
			return nil, err
		}
		if ref == nil {
			continue
		}
		for m := 12; m >= 1; m-- {
			out = append(out, fmt.Sprintf("%s-%02d", year, m))
		}
		out = append(out, year)
	}
	return append(out, "-"), nil
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

// periodGroups returns the references of the groups with a key of the
// plan in period p, in index order, without reading their values.
func (r *reader) periodGroups(ctx context.Context, p *eventPlan, period string) ([]cgraph.Ref, error) {
	entities := p.entities
	if p.dim == schema.FacetAny {
		entities = []quad.Value{quad.IRI("")}
	}
	var out []cgraph.Ref
	seen := map[any]bool{}
	for _, e := range entities {
		for _, key := range p.keys(e, period) {
			ref, err := r.qs.ValueOf(key)
			if err != nil {
				return nil, err
			}
			if ref == nil {
				continue
			}
			r.refs[quad.StringOf(key)] = ref
			err = r.scan(ctx, key, quad.Object, schema.FacetP, quad.Subject, func(g cgraph.Ref) (bool, error) {
				if k := refs.ToKey(g); !seen[k] {
					seen[k] = true
					out = append(out, g)
				}
				return true, nil
			})
			if err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// keys are the facet keys of the plan for one entity in one period. A
// question about any type asks each type's keys: the probes cost an index
// read each, against a second set of keys on every event.
func (p *eventPlan) keys(entity quad.Value, period string) []quad.IRI {
	iri, _ := entity.(quad.IRI)
	var out []quad.IRI
	for _, t := range p.types {
		for _, c := range p.classes {
			out = append(out, schema.FacetIRI(t, p.dim, string(iri), period, c))
		}
	}
	return out
}

// readGroup reads the facts of the reports of a group that pass the
// plan's status filter; nil when none does or the group fails the other
// filters.
func (r *reader) readGroup(ctx context.Context, p *eventPlan, ref cgraph.Ref) (*eventGroup, error) {
	v, err := r.value(ref)
	if err != nil {
		return nil, err
	}
	iri, _ := v.(quad.IRI)
	nodes, err := r.subjects(ctx, schema.InGroup, iri)
	if err != nil {
		return nil, err
	}
	g := &eventGroup{id: iri}
	for _, n := range nodes {
		ev, err := r.reportFacts(ctx, n)
		if err != nil {
			return nil, err
		}
		if !statusMatches(ev.status, p.status) {
			continue
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
func (r *reader) pageEvents(ctx context.Context, p *eventPlan, offset, limit int) ([]*eventGroup, int, error) {
	periods, err := r.periods()
	if err != nil {
		return nil, 0, err
	}
	var page []*eventGroup
	total := 0
	for _, period := range periods {
		in, partly := periodInRange(period, p.from, p.to)
		if !in {
			continue
		}
		gs, err := r.periodGroups(ctx, p, period)
		if err != nil {
			return nil, 0, err
		}
		onPage := total < offset+limit && total+len(gs) > offset
		if !onPage && !partly && !p.residual {
			total += len(gs)
			continue
		}
		var groups []*eventGroup
		for _, ref := range gs {
			g, err := r.readGroup(ctx, p, ref)
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
