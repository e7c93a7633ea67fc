package queries

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/schema"
)

func init() {
	Register(Module{
		Name: "related",
		Doc:  "entities most often mentioned in the same articles as one entity",
		Params: []Param{
			{Name: "entity", Kind: "string", Required: true, Doc: "the entity (any name or alias, any case)"},
			{Name: "type", Kind: "string", Enum: entityTypeEnum, Doc: "only list related entities of this type"},
		},
		Run:      runRelated,
		PageSize: 20,
	})
}

// runRelated counts, for every other entity, the articles that mention it
// together with the given one (schema:mentions from the article node).
// The count is the row's corroboration: it is the number of articles in
// which the two appear together.
func runRelated(ctx context.Context, s *graph.Store, args Args) (*Result, error) {
	r := newReader(s)
	m, err := r.resolveOne(ctx, "entity", args["entity"], nil)
	if err != nil {
		return nil, err
	}
	arts, err := r.subjects(ctx, schema.Mentions, m.node)
	if err != nil {
		return nil, err
	}
	together := map[string][]quad.Value{} // entity -> articles
	nodes := map[string]quad.Value{}
	for _, a := range arts {
		ap, err := r.describe(ctx, a)
		if err != nil {
			return nil, err
		}
		for _, other := range ap[schema.Mentions] {
			k := nodeKey(other)
			if k == nodeKey(m.node) || !isEntity(other) {
				continue
			}
			nodes[k] = other
			together[k] = append(together[k], a)
		}
	}
	res := &Result{Columns: []string{"entity", "type", "country", "articles", "sources"}}
	res.Notes = append(res.Notes, "entity: "+m.name+" ("+m.typ+")")
	for k, n := range nodes {
		typ, err := r.typeOf(ctx, n)
		if err != nil {
			return nil, err
		}
		if typ == "Date" || args["type"] != "" && typ != args["type"] {
			continue
		}
		name, err := r.nameOf(ctx, n)
		if err != nil {
			return nil, err
		}
		country, err := r.countryOf(ctx, n)
		if err != nil {
			return nil, err
		}
		srcs, err := r.sourcesOf(ctx, together[k])
		if err != nil {
			return nil, err
		}
		row := Row{Values: map[string]any{"entity": name, "type": typ, "country": country}}
		setSources(&row, srcs)
		res.Rows = append(res.Rows, row)
	}
	slices.SortFunc(res.Rows, func(a, b Row) int {
		return cmp.Or(cmp.Compare(b.Corroboration, a.Corroboration), strings.Compare(str(a.Values["entity"]), str(b.Values["entity"])))
	})
	return res, nil
}
