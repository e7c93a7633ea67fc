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
		Name: "search",
		Doc:  "entities by name prefix or alias, optionally of one type or in one country",
		Params: []Param{
			{Name: "name", Kind: "string", Doc: "the start of a name or alias, or a whole word of it (any case); empty lists every entity"},
			{Name: "type", Kind: "string", Enum: entityTypeEnum, Doc: "only entities of this type"},
			{Name: "country", Kind: "string", Doc: "only entities located in this country (name or alias)"},
		},
		Run:      runSearch,
		PageSize: 20,
		Pages:    true,
	})
}

var matchNames = map[int]string{matchName: "name", matchAlias: "alias", matchPrefix: "prefix", matchContains: "word"}

// runSearch ranks entities by how well their names match (exact name,
// exact alias, prefix, a word inside), then by how many articles mention
// them.
func runSearch(ctx context.Context, s *graph.Store, args Args) (*Result, error) {
	r := newReader(s)
	types := typesParam(args["type"])
	var ms []entityMatch
	if strings.TrimSpace(args["name"]) == "" {
		if len(types) == 0 {
			types = lookupTypes
		}
		es, err := r.entries(ctx, types)
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			ms = append(ms, entityMatch{node: e.node, name: e.name, typ: e.typ, via: e.name})
		}
	} else {
		var err error
		if ms, err = r.findEntities(ctx, args["name"], types, true); err != nil {
			return nil, err
		}
	}
	var countryNames map[string]bool
	if c := args["country"]; c != "" {
		nodes, err := r.resolveEntities(ctx, c)
		if err != nil {
			return nil, err
		}
		if countryNames, err = r.names(ctx, nodes); err != nil {
			return nil, err
		}
		countryNames[strings.ToLower(c)] = true
	}
	type hit struct {
		entityMatch
		country  string
		articles int
	}
	var hits []hit
	for _, m := range ms {
		country, err := r.countryOf(ctx, m.node)
		if err != nil {
			return nil, err
		}
		if countryNames != nil && !countryNames[strings.ToLower(country)] {
			continue
		}
		arts, err := r.countSubjects(ctx, schema.Mentions, m.node)
		if err != nil {
			return nil, err
		}
		pubs, err := r.countSubjects(ctx, schema.PublisherP, m.node)
		if err != nil {
			return nil, err
		}
		hits = append(hits, hit{entityMatch: m, country: country, articles: arts + pubs})
	}
	slices.SortFunc(hits, func(a, b hit) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(b.articles, a.articles), strings.Compare(a.name, b.name))
	})
	res := &Result{Columns: []string{"entity", "type", "country", "matched", "match", "articles", "sources"}}
	// Sources are read for the page's entities only.
	res.Total = len(hits)
	offset, limit := PageArgs(args)
	hits = hits[min(offset, len(hits)):min(offset+limit, len(hits))]
	for _, h := range hits {
		arts, err := r.articleRefs(ctx, h.node)
		if err != nil {
			return nil, err
		}
		dated, err := r.dateArticles(ctx, arts)
		if err != nil {
			return nil, err
		}
		row := Row{Values: map[string]any{"entity": h.name, "type": h.typ, "country": h.country, "matched": h.via, "match": matchNames[h.score]}}
		if err := r.setNewestSources(ctx, &row, dated); err != nil {
			return nil, err
		}
		res.Rows = append(res.Rows, row)
	}
	return res, nil
}

// countSubjects counts the distinct subjects of (?, pred, object) by
// reference, without reading their values: ranking by articles needs the
// number of articles that mention an entity, not the articles (reading
// each article's IRI was most of the search query's time).
func (r *reader) countSubjects(ctx context.Context, pred quad.IRI, object quad.Value) (int, error) {
	keys, err := r.subjectKeys(ctx, pred, object)
	return len(keys), err
}
