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

// publisherSources is indexedEntitySources without a date range, from the
// entity index's publisher counts: the rows, their counts, first and last
// dates are one scan of the entity's publishers (a few hundred at most,
// however many articles mention it), and each row of the page reads the
// newest articles of its publisher(s) only.
func (r *reader) publisherSources(ctx context.Context, s *graph.Store, res *Result, node quad.IRI, args Args) (*Result, error) {
	type group struct {
		count       int
		first, last string
		nodes       []quad.IRI
	}
	groups := map[string]*group{}
	var names []string
	var counts []graph.PublisherCount
	err := graph.EntityPublishers(ctx, s, node, func(c graph.PublisherCount) bool {
		counts = append(counts, c)
		return true
	})
	if err != nil {
		return nil, err
	}
	// Publishers are grouped by name, as the graph path does.
	for _, c := range counts {
		name := ""
		if c.Publisher != "" {
			if name, err = r.str(ctx, c.Publisher, schema.Name); err != nil {
				return nil, err
			}
		}
		g, ok := groups[name]
		if !ok {
			g = &group{first: c.First, last: c.Last}
			groups[name] = g
			names = append(names, name)
		}
		g.count += c.Articles
		g.first, g.last = min(g.first, c.First), max(g.last, c.Last)
		g.nodes = append(g.nodes, c.Publisher)
	}
	slices.SortFunc(names, func(a, b string) int {
		return cmp.Or(cmp.Compare(groups[b].count, groups[a].count), strings.Compare(a, b))
	})
	res.Total = len(names)
	offset, limit := PageArgs(args)
	for _, pub := range names[min(offset, len(names)):min(offset+limit, len(names))] {
		g := groups[pub]
		country, err := r.publisherNodeCountry(ctx, pub, g.nodes)
		if err != nil {
			return nil, err
		}
		var newest []graph.EntityArticle
		for _, p := range g.nodes {
			// The newest MaxListedSources of each publisher, and those
			// published at the same moment as the last of them.
			var mine []graph.EntityArticle
			err := graph.EntityPublisherArticles(ctx, s, node, p, func(a graph.EntityArticle) bool {
				if len(mine) >= MaxListedSources && a.Published != mine[len(mine)-1].Published {
					return false
				}
				mine = append(mine, a)
				return true
			})
			if err != nil {
				return nil, err
			}
			newest = append(newest, mine...)
		}
		slices.SortStableFunc(newest, func(a, b graph.EntityArticle) int { return strings.Compare(b.Published, a.Published) })
		row := Row{Values: map[string]any{
			"publisher": pub, "publisher_country": country,
			"first": datePart(g.first), "last": datePart(g.last),
		}}
		if err := r.setNewestIndexed(ctx, &row, newest, g.count); err != nil {
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
