package queries

import (
	"cmp"
	"context"
	"slices"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph"
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
	indexed, err := entityIndexed(ctx, s, m.node)
	if err != nil {
		return nil, err
	}
	if indexed {
		return r.indexedRelated(ctx, s, m, args)
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
		return cmp.Or(cmp.Compare(len(b.articles), len(a.articles)), strings.Compare(a.name, b.name), strings.Compare(a.typ, b.typ), strings.Compare(nodeKey(a.node), nodeKey(b.node)))
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

// indexedRelated is runRelated from the entity index: the pair counts of
// the entity give every row and its order; the names break ties of
// counts on the page's edges only, and each row of the page reads the
// newest articles that mention both, probing one list with the other's
// keys.
func (r *reader) indexedRelated(ctx context.Context, s *graph.Store, m entityMatch, args Args) (*Result, error) {
	self := m.node.(quad.IRI)
	var pairs []graph.EntityPair
	err := graph.EntityPairs(ctx, s, self, func(p graph.EntityPair) bool {
		if p.Other != self {
			pairs = append(pairs, p)
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	type hit struct {
		node  quad.IRI
		typ   string
		count int
		name  string
	}
	var hits []hit
	for _, p := range pairs {
		if !isEntity(p.Other) {
			continue
		}
		typ := p.Type
		// An outlet is an Organisation where it is cited and a Publisher
		// where it publishes: its type is the graph's.
		if typ == "" || typ == newsgraph.TypeOrganisation || typ == newsgraph.TypePublisher {
			if typ, err = r.indexedTypeOf(ctx, s, p.Other); err != nil {
				return nil, err
			}
		}
		if typ == "Date" || args["type"] != "" && typ != args["type"] {
			continue
		}
		hits = append(hits, hit{node: p.Other, typ: typ, count: p.Articles})
	}
	slices.SortStableFunc(hits, func(a, b hit) int { return cmp.Compare(b.count, a.count) })
	offset, limit := PageArgs(args)
	lo, hi := min(offset, len(hits)), min(offset+limit, len(hits))
	// Rows of the same count as the page's first and last are ordered by
	// name: read the names of those runs.
	if lo < hi {
		a, b := lo, hi
		for a > 0 && hits[a-1].count == hits[lo].count {
			a--
		}
		for b < len(hits) && hits[b].count == hits[hi-1].count {
			b++
		}
		for i := a; i < b; i++ {
			if hits[i].name, err = r.nameOf(ctx, hits[i].node); err != nil {
				return nil, err
			}
		}
		slices.SortFunc(hits[a:b], func(x, y hit) int {
			return cmp.Or(cmp.Compare(y.count, x.count), strings.Compare(x.name, y.name), strings.Compare(x.typ, y.typ), strings.Compare(string(x.node), string(y.node)))
		})
	}
	res := &Result{Columns: []string{"entity", "type", "country", "articles", "sources"}, Total: len(hits)}
	res.Notes = append(res.Notes, "entity: "+m.name+" ("+m.typ+")")
	selfCount, err := graph.EntityMentionCount(ctx, s, self)
	if err != nil {
		return nil, err
	}
	for _, h := range hits[lo:hi] {
		country, err := r.countryOf(ctx, h.node)
		if err != nil {
			return nil, err
		}
		otherCount, err := graph.EntityMentionCount(ctx, s, h.node)
		if err != nil {
			return nil, err
		}
		walk, probe := self, h.node
		if otherCount < selfCount {
			walk, probe = h.node, self
		}
		newest, err := newestTogether(ctx, s, walk, probe)
		if err != nil {
			return nil, err
		}
		row := Row{Values: map[string]any{"entity": h.name, "type": h.typ, "country": country}}
		if err := r.setNewestIndexed(ctx, &row, newest, h.count); err != nil {
			return nil, err
		}
		res.Rows = append(res.Rows, row)
	}
	return res, nil
}

// indexedTypeOf is typeOf from the entity index's type counts when the
// graphs state a single type of node, else from the graph.
func (r *reader) indexedTypeOf(ctx context.Context, s *graph.Store, node quad.IRI) (string, error) {
	typ, ok, err := graph.EntityType(ctx, s, node)
	if err != nil || ok {
		return typ, err
	}
	return r.typeOf(ctx, node)
}

// newestTogether lists the newest articles that mention both walk and
// probe, newest first: MaxListedSources of them and any published at the
// same moment as the last. It walks the articles of walk and probes
// probe's key of each.
func newestTogether(ctx context.Context, s *graph.Store, walk, probe quad.IRI) ([]graph.EntityArticle, error) {
	// The probes read inside the scan: every backend's side scan allows
	// it (PostgreSQL's reads a page of keys before calling back).
	var out []graph.EntityArticle
	var perr error
	err := graph.EntityArticles(ctx, s, walk, func(a graph.EntityArticle) bool {
		if len(out) >= MaxListedSources && a.Published != out[len(out)-1].Published {
			return false
		}
		if a.How&graph.ArticleMentions == 0 {
			return true
		}
		how, err := graph.EntityArticleHow(ctx, s, probe, a.Published, a.Article)
		if err != nil {
			perr = err
			return false
		}
		if how&graph.ArticleMentions != 0 {
			out = append(out, a)
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	return out, perr
}
