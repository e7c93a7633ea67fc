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
		var indexed bool
		if ms, indexed, err = r.findIndexed(ctx, args["name"], types, true); err != nil {
			return nil, err
		}
		if !indexed {
			if ms, err = r.findEntities(ctx, args["name"], types, true); err != nil {
				return nil, err
			}
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
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(b.articles, a.articles), strings.Compare(a.name, b.name),
			strings.Compare(a.typ, b.typ), strings.Compare(nodeKey(a.node), nodeKey(b.node)))
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

// findIndexed is findEntities from the name index (graph.NameCandidates):
// the entities with a name or a word of one that starts with the text,
// each checked against its names and types in the graph, so the matches
// are findEntities' without reading every entity's names. indexed is
// false when the store does not keep the index.
func (r *reader) findIndexed(ctx context.Context, text string, types []string, partial bool) (ms []entityMatch, indexed bool, err error) {
	q := fold(text)
	if q == "" {
		// findEntities matches nothing either.
		return nil, true, nil
	}
	cands, ok, err := r.store.NameCandidates(ctx, q, false)
	if err != nil || !ok {
		return nil, false, err
	}
	prefix, inside := q+" ", " "+q+" "
	if partial {
		prefix, inside = q, " "+q
	}
	if len(types) == 0 {
		types = lookupTypes
	}
	for _, c := range cands {
		ems, err := r.candidateMatches(ctx, c, types, q, prefix, inside)
		if err != nil {
			return nil, false, err
		}
		ms = append(ms, ems...)
	}
	sortMatches(ms)
	return ms, true, nil
}

// candidateMatches scores a name index candidate as entries and match
// would: once per type it has among types, from its names in the graph.
func (r *reader) candidateMatches(ctx context.Context, c graph.NameCandidate, types []string, q, prefix, inside string) ([]entityMatch, error) {
	var p props
	var out []entityMatch
	for _, t := range types {
		if !slices.Contains(c.Types, t) {
			continue
		}
		class := schema.ClassOf(t)
		has, err := r.firstWhere(ctx, c.Entity, schema.Type, func(v quad.Value) bool { return v == quad.Value(class) })
		if err != nil {
			return nil, err
		}
		if has == nil {
			continue
		}
		if p == nil {
			p = props{}
			for _, pred := range []quad.IRI{schema.Name, schema.AlternateName, schema.Domain} {
				if p[pred], err = r.all(ctx, c.Entity, pred); err != nil {
					return nil, err
				}
			}
		}
		if m := newNameEntry(c.Entity, t, p).match(q, prefix, inside); m.score > 0 {
			out = append(out, m)
		}
	}
	return out, nil
}
