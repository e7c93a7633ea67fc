package queries

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/schema"
)

func init() {
	Register(Module{
		Name: "entity",
		Doc:  "one entity's profile: type, aliases, country, coordinates and every fact about it, each with its sources",
		Params: []Param{
			{Name: "entity", Kind: "string", Required: true, Doc: "the entity (any name or alias, any case)", Aliases: []Alias{{Name: "name"}}},
			{Name: "type", Kind: "string", Enum: entityTypeEnum, Doc: "only consider entities of this type"},
		},
		Run: runEntity,
	})
}

// profileFields orders the rows of a profile and names the predicates.
var profileFields = []struct {
	pred  quad.IRI
	field string
}{
	{schema.Type, "type"},
	{schema.Name, "name"},
	{schema.AlternateName, "alias"},
	{schema.ContainedInPlace, "country"},
	{schema.Latitude, "coordinates"},
	{schema.Kind, "kind"},
	{schema.CountryCode, "code"},
	{schema.Operator, "operator"},
	{schema.Domain, "domain"},
}

// runEntity lists what the graph says about one entity. Each row is one
// fact, and its sources are the articles (named graphs) that state it: a
// base's country is as well supported as the number of articles that
// placed it there. Events the entity takes part in follow, merged across
// articles like the events query does.
func runEntity(ctx context.Context, s *graph.Store, args Args) (*Result, error) {
	r := newReader(s)
	m, err := r.resolveOne(ctx, "entity", args["entity"], typesParam(args["type"]))
	if err != nil {
		return nil, err
	}
	sts, err := r.statements(ctx, m.node)
	if err != nil {
		return nil, err
	}
	res := &Result{Columns: []string{"entity", "field", "value", "role", "date", "negated", "articles", "sources"}}
	res.Notes = append(res.Notes, fmt.Sprintf("%q is %s (%s), matched by %q", args["entity"], m.name, m.typ, m.via))
	fact := func(field, value string, labels []quad.Value) error {
		srcs, err := r.sourcesOf(ctx, labels)
		if err != nil {
			return err
		}
		row := Row{Values: map[string]any{"entity": m.name, "field": field, "value": value, "role": "", "date": "", "negated": false}}
		setSources(&row, srcs)
		res.Rows = append(res.Rows, row)
		return nil
	}
	var lat, lon *statement
	for i := range sts {
		switch sts[i].pred {
		case schema.Latitude:
			lat = &sts[i]
		case schema.Longitude:
			lon = &sts[i]
		}
	}
	for _, pf := range profileFields {
		for _, st := range sts {
			if st.pred != pf.pred {
				continue
			}
			var value string
			switch pf.pred {
			case schema.Type:
				iri, _ := st.object.(quad.IRI)
				value = schema.EntityTypeOf(iri)
			case schema.ContainedInPlace:
				if value, err = r.nameOf(ctx, st.object); err != nil {
					return nil, err
				}
			case schema.Latitude:
				if lon == nil {
					continue
				}
				value = valueString(lat.object) + ", " + valueString(lon.object)
				st.labels = unionLabels(lat.labels, lon.labels)
			default:
				value = valueString(st.object)
			}
			if value == "" {
				continue
			}
			if err := fact(pf.field, value, st.labels); err != nil {
				return nil, err
			}
		}
	}
	evRows, err := r.eventFacts(ctx, m)
	if err != nil {
		return nil, err
	}
	res.Rows = append(res.Rows, evRows...)
	return res, nil
}

// eventFacts lists the events an entity takes part in as profile rows.
func (r *reader) eventFacts(ctx context.Context, m entityMatch) ([]Row, error) {
	evNodes, roles, err := r.eventsOf(ctx, m.node)
	if err != nil {
		return nil, err
	}
	rows := map[string]*Row{}
	srcs := map[string][]Source{}
	var order []string
	for _, n := range evNodes {
		ev, err := r.event(ctx, n)
		if err != nil {
			return nil, err
		}
		k := ev.summary()
		row, ok := rows[k]
		if !ok {
			row = &Row{Values: map[string]any{"entity": m.name, "field": "event", "value": k, "role": "", "date": ev.date, "negated": ev.negated}}
			rows[k] = row
			order = append(order, k)
		}
		row.Values["role"] = joinSet(row.Values["role"].(string), roles[nodeKey(n)]...)
		if !slices.ContainsFunc(srcs[k], func(s Source) bool { return s.Article == ev.source.Article }) {
			srcs[k] = append(srcs[k], ev.source)
		}
	}
	out := make([]Row, 0, len(order))
	for _, k := range order {
		sortSources(srcs[k])
		setSources(rows[k], srcs[k])
		out = append(out, *rows[k])
	}
	slices.SortStableFunc(out, func(a, b Row) int {
		return cmp.Or(strings.Compare(str(a.Values["date"]), str(b.Values["date"])), strings.Compare(str(a.Values["value"]), str(b.Values["value"])))
	})
	return out, nil
}

func unionLabels(a, b []quad.Value) []quad.Value {
	out := slices.Clone(a)
	for _, l := range b {
		if !slices.ContainsFunc(out, func(x quad.Value) bool { return quad.StringOf(x) == quad.StringOf(l) }) {
			out = append(out, l)
		}
	}
	return out
}
