package queries

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/schema"
)

func init() {
	Register(Module{
		Name: "sources",
		Doc:  "which publishers reported on an entity or a kind of event, how often, and when",
		Params: []Param{
			{Name: "entity", Kind: "string", Doc: "articles that mention this entity (any name or alias)"},
			{Name: "event", Kind: "string", Enum: eventTypeEnum(), Doc: "articles that report an event of this type (with entity: one that involves the entity)"},
			{Name: "negated", Kind: "string", Default: "false", Enum: []string{"false", "true", "any"}, Doc: "with event: false counts reports of the event, true reports that deny it, any both"},
			{Name: "from", Kind: "date", Doc: "articles published on or after this date"},
			{Name: "to", Kind: "date", Doc: "articles published on or before this date"},
		},
		Run:   runSources,
		Pages: true,
	})
}

// runSources groups the articles about an entity or event by publisher.
// With only entity, an article counts when it mentions the entity; with
// event, when it reports an event of that type (involving the entity, if
// given), and its source then carries the evidence sentence.
func runSources(ctx context.Context, s *graph.Store, args Args) (*Result, error) {
	if args["entity"] == "" && args["event"] == "" {
		return nil, fmt.Errorf("%w: query sources needs entity, event or both", ErrBadArgument)
	}
	r := newReader(s)
	res := &Result{Columns: []string{"publisher", "publisher_country", "articles", "first", "last", "sources"}}
	var srcs []Source
	var entity *entityMatch
	if args["entity"] != "" {
		m, err := r.resolveOne(ctx, "entity", args["entity"], nil)
		if err != nil {
			return nil, err
		}
		entity = &m
		res.Notes = append(res.Notes, "entity: "+m.name+" ("+m.typ+")")
	}
	switch {
	case args["event"] != "":
		var nodes []quad.Value
		if entity != nil {
			evs, _, err := r.eventsOf(ctx, entity.node)
			if err != nil {
				return nil, err
			}
			nodes = evs
		} else {
			evs, err := r.subjects(ctx, schema.EventType, schema.EventTypeIRI(args["event"]))
			if err != nil {
				return nil, err
			}
			nodes = evs
		}
		for _, n := range nodes {
			ev, err := r.event(ctx, n)
			if err != nil {
				return nil, err
			}
			if ev.typ != args["event"] || !negatedFilter(args["negated"], ev.negated) || ev.source.Article == "" {
				continue
			}
			srcs = append(srcs, ev.source)
		}
	default:
		indexed, err := entityIndexed(ctx, s, entity.node)
		if err != nil {
			return nil, err
		}
		if indexed {
			return r.indexedEntitySources(ctx, s, res, entity.node.(quad.IRI), args)
		}
		return r.entitySources(ctx, res, entity.node, args)
	}
	type group struct {
		srcs []Source
	}
	groups := map[string]*group{}
	for _, src := range srcs {
		if !inRange(datePart(src.Published), args["from"], args["to"]) {
			continue
		}
		g, ok := groups[src.Publisher]
		if !ok {
			g = &group{}
			groups[src.Publisher] = g
		}
		// One article may report several matching events: keep its first
		// evidence sentence and count the article once.
		if !slices.ContainsFunc(g.srcs, func(s Source) bool { return s.Article == src.Article }) {
			g.srcs = append(g.srcs, src)
		}
	}
	for pub, g := range groups {
		sortSources(g.srcs)
		country, err := r.publisherCountry(ctx, pub)
		if err != nil {
			return nil, err
		}
		row := Row{Values: map[string]any{
			"publisher": pub, "publisher_country": country,
			"first": datePart(g.srcs[len(g.srcs)-1].Published), "last": datePart(g.srcs[0].Published),
		}}
		setSources(&row, g.srcs)
		res.Rows = append(res.Rows, row)
	}
	slices.SortFunc(res.Rows, func(a, b Row) int {
		return cmp.Or(cmp.Compare(b.Corroboration, a.Corroboration), strings.Compare(str(a.Values["publisher"]), str(b.Values["publisher"])))
	})
	return pageOf(res, args), nil
}

// pageOf cuts the page args ask for from a complete answer.
func pageOf(res *Result, args Args) *Result {
	offset, limit := PageArgs(args)
	res.Total = len(res.Rows)
	res.Rows = res.Rows[min(offset, len(res.Rows)):min(offset+limit, len(res.Rows))]
	return res
}

// publisherCountry finds the country of a publisher by its name.
func (r *reader) publisherCountry(ctx context.Context, name string) (string, error) {
	if name == "" {
		return "", nil
	}
	nodes, err := r.subjects(ctx, schema.Name, quad.String(name))
	if err != nil {
		return "", err
	}
	// A publisher that other articles cite is the same node as that
	// outlet (an Organisation too), so every type of the node is checked,
	// and its country may come from either role.
	for _, n := range nodes {
		types, err := r.all(ctx, n, schema.Type)
		if err != nil {
			return "", err
		}
		if slices.Contains(types, quad.Value(schema.ClassOf(newsgraph.TypePublisher))) {
			return r.countryOf(ctx, n)
		}
	}
	return "", nil
}

func eventTypeEnum() []string {
	return append([]string{""}, newsgraph.EventTypes...)
}

// entitySources answers sources for an entity alone: the articles that
// mention it by publisher. Each article's publisher and date are read by
// reference (two index reads); only the listed sources are read whole.
func (r *reader) entitySources(ctx context.Context, res *Result, node quad.Value, args Args) (*Result, error) {
	arts, err := r.articleRefs(ctx, node)
	if err != nil {
		return nil, err
	}
	groups := map[string][]datedArticle{}
	for _, a := range arts {
		p, err := r.published(ctx, a)
		if err != nil {
			return nil, err
		}
		if !inRange(datePart(p), args["from"], args["to"]) {
			continue
		}
		pub := ""
		pref, err := r.objectRef(ctx, a, schema.PublisherP)
		if err != nil {
			return nil, err
		}
		if pref != nil {
			pv, err := r.value(pref)
			if err != nil {
				return nil, err
			}
			if pub, err = r.str(ctx, pv, schema.Name); err != nil {
				return nil, err
			}
		}
		groups[pub] = append(groups[pub], datedArticle{ref: a, published: p})
	}
	for pub, g := range groups {
		country, err := r.publisherCountry(ctx, pub)
		if err != nil {
			return nil, err
		}
		first, last := g[0].published, g[0].published
		for _, a := range g {
			first, last = min(first, a.published), max(last, a.published)
		}
		row := Row{Values: map[string]any{
			"publisher": pub, "publisher_country": country, "first": datePart(first), "last": datePart(last),
		}}
		if err := r.setNewestSources(ctx, &row, g); err != nil {
			return nil, err
		}
		res.Rows = append(res.Rows, row)
	}
	slices.SortFunc(res.Rows, compareCount("publisher"))
	return pageOf(res, args), nil
}

// indexedEntitySources is entitySources from the entity index: one scan
// of the entity's articles, newest first, each with its publisher.
func (r *reader) indexedEntitySources(ctx context.Context, s *graph.Store, res *Result, node quad.IRI, args Args) (*Result, error) {
	if args["from"] == "" && args["to"] == "" {
		return r.publisherSources(ctx, s, res, node, args)
	}
	groups := map[string][]graph.EntityArticle{}
	var pubs []quad.IRI
	err := graph.EntityArticles(ctx, s, node, func(a graph.EntityArticle) bool {
		if inRange(datePart(a.Published), args["from"], args["to"]) {
			pubs = append(pubs, a.Publisher)
			groups[string(a.Publisher)] = append(groups[string(a.Publisher)], a)
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	// Publishers are grouped by name, as the graph path does.
	byName := map[string][]graph.EntityArticle{}
	nodes := map[string][]quad.IRI{}
	var names []string
	for _, p := range slices.Compact(slices.Sorted(slices.Values(pubs))) {
		name := ""
		if p != "" {
			if name, err = r.str(ctx, p, schema.Name); err != nil {
				return nil, err
			}
		}
		if _, ok := byName[name]; !ok {
			names = append(names, name)
		}
		byName[name] = append(byName[name], groups[string(p)]...)
		nodes[name] = append(nodes[name], p)
	}
	// Rows are ordered by count and name, known without reading them:
	// only the page's rows read their country and sources.
	slices.SortFunc(names, func(a, b string) int {
		return cmp.Or(cmp.Compare(len(byName[b]), len(byName[a])), strings.Compare(a, b))
	})
	res.Total = len(names)
	offset, limit := PageArgs(args)
	for _, pub := range names[min(offset, len(names)):min(offset+limit, len(names))] {
		g := byName[pub]
		slices.SortStableFunc(g, func(a, b graph.EntityArticle) int { return strings.Compare(b.Published, a.Published) })
		country, err := r.publisherNodeCountry(ctx, pub, nodes[pub])
		if err != nil {
			return nil, err
		}
		row := Row{Values: map[string]any{
			"publisher": pub, "publisher_country": country,
			"first": datePart(g[len(g)-1].Published), "last": datePart(g[0].Published),
		}}
		if err := r.setNewestIndexed(ctx, &row, g, len(g)); err != nil {
			return nil, err
		}
		res.Rows = append(res.Rows, row)
	}
	if res.Rows == nil && len(names) > 0 {
		// A page past the end is empty, not absent, as pageOf cuts it.
		res.Rows = []Row{}
	}
	return res, nil
}

// setNewestIndexed is setNewestSources for articles listed newest first
// by the entity index, count of them in all: only the newest few (and
// those published at the same moment as the last of them) are read.
func (r *reader) setNewestIndexed(ctx context.Context, row *Row, newest []graph.EntityArticle, count int) error {
	cut := min(len(newest), MaxListedSources)
	for cut > 0 && cut < len(newest) && newest[cut].Published == newest[cut-1].Published {
		cut++
	}
	dated := make([]datedArticle, 0, cut)
	for _, a := range newest[:cut] {
		ref, err := r.ref(a.Article)
		if err != nil {
			return err
		}
		if ref == nil {
			return fmt.Errorf("entity index lists article %s, which the store does not hold", a.Article)
		}
		dated = append(dated, datedArticle{ref: ref, published: a.Published})
	}
	srcs, err := r.newestSources(ctx, dated, MaxListedSources)
	if err != nil {
		return err
	}
	row.Sources, row.Corroboration = srcs, count
	row.Values["articles"] = count
	return nil
}

// publisherNodeCountry is publisherCountry when the publisher's node is
// known: a publisher's name is restated by every article it publishes,
// and finding the node by name read all of them.
func (r *reader) publisherNodeCountry(ctx context.Context, name string, nodes []quad.IRI) (string, error) {
	if len(nodes) != 1 || nodes[0] == "" {
		return r.publisherCountry(ctx, name)
	}
	typed, err := r.hasPublisherType(ctx, nodes[0])
	if err != nil {
		return "", err
	}
	if !typed {
		return r.publisherCountry(ctx, name)
	}
	return r.countryOf(ctx, nodes[0])
}

// hasPublisherType reports whether some graph types node a Publisher:
// from the entity index's type counts when the store keeps it (an
// outlet's type is restated by every article it published), else from
// the graph.
func (r *reader) hasPublisherType(ctx context.Context, node quad.IRI) (bool, error) {
	if kept, err := r.entityIndexKept(ctx); err != nil {
		return false, err
	} else if kept && strings.HasPrefix(string(node), schema.IDBase+"entity/") {
		return graph.EntityHasType(ctx, r.store, node, newsgraph.TypePublisher)
	}
	class := schema.ClassOf(newsgraph.TypePublisher)
	typed, err := r.firstWhere(ctx, node, schema.Type, func(v quad.Value) bool { return v == quad.Value(class) })
	return typed != nil, err
}
