package queries

import (
	"cmp"
	"context"
	"slices"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/refs"
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
		Pages:    true,
	})
}

// runRelated counts, for every other entity, the articles that mention it
// together with the given one (schema:mentions from the article node).
// The count is the row's corroboration: it is the number of articles in
// which the two appear together. Articles and their mentions are counted
// by reference; values are read for the distinct entities, and sources
// for the page's rows only.
func runRelated(ctx context.Context, s *graph.Store, args Args) (*Result, error) {
	r := newReader(s)
	m, err := r.resolveOne(ctx, "entity", args["entity"], nil)
	if err != nil {
		return nil, err
	}
	self, err := r.refKey(m.node)
	if err != nil {
		return nil, err
	}
	arts, err := r.articleRefsBy(ctx, m.node, schema.Mentions)
	if err != nil {
		return nil, err
	}
	together := map[any][]cgraph.Ref{} // entity -> articles
	others := map[any]cgraph.Ref{}
	for _, a := range arts {
		seen := map[any]bool{}
		err := r.scanRef(ctx, a, quad.Subject, schema.Mentions, quad.Object, func(o cgraph.Ref) (bool, error) {
			k := refs.ToKey(o)
			if k == self || seen[k] {
				return true, nil
			}
			seen[k] = true
			others[k] = o
			together[k] = append(together[k], a)
			return true, nil
		})
		if err != nil {
			return nil, err
		}
	}
	type hit struct {
		node     quad.Value
		name     string
		typ      string
		articles []cgraph.Ref
	}
	var hits []hit
	for k, o := range others {
		n, err := r.value(o)
		if err != nil {
			return nil, err
		}
		if !isEntity(n) {
			continue
		}
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
		hits = append(hits, hit{node: n, name: name, typ: typ, articles: together[k]})
	}
	slices.SortFunc(hits, func(a, b hit) int {
		return cmp.Or(cmp.Compare(len(b.articles), len(a.articles)), strings.Compare(a.name, b.name))
	})
	res := &Result{Columns: []string{"entity", "type", "country", "articles", "sources"}, Total: len(hits)}
	res.Notes = append(res.Notes, "entity: "+m.name+" ("+m.typ+")")
	offset, limit := PageArgs(args)
	for _, h := range hits[min(offset, len(hits)):min(offset+limit, len(hits))] {
		country, err := r.countryOf(ctx, h.node)
		if err != nil {
			return nil, err
		}
		dated, err := r.dateArticles(ctx, h.articles)
		if err != nil {
			return nil, err
		}
		row := Row{Values: map[string]any{"entity": h.name, "type": h.typ, "country": country}}
		if err := r.setNewestSources(ctx, &row, dated); err != nil {
			return nil, err
		}
		res.Rows = append(res.Rows, row)
	}
	return res, nil
}
