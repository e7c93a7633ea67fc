package queries

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/schema"
)

// MaxPathDepth is the longest path the path query looks for, whatever the
// caller asks: each extra hop multiplies the nodes a search visits.
const MaxPathDepth = 6

// maxPathVisits bounds the nodes one path search visits, so a search
// between two hubs on a large graph ends with a note instead of a timeout.
const maxPathVisits = 50000

func init() {
	Register(Module{
		Name: "path",
		Doc:  "the shortest connection between two entities through events, places and the articles that mention them",
		Params: []Param{
			{Name: "from-entity", Kind: "string", Required: true, Doc: "first entity (any name or alias)", Aliases: []Alias{{Name: "from"}}},
			{Name: "to-entity", Kind: "string", Required: true, Doc: "second entity (any name or alias)", Aliases: []Alias{{Name: "to"}}},
			{Name: "max-depth", Kind: "int", Default: "4", Min: intp(1), Max: intp(MaxPathDepth), Doc: "longest path in hops, 1 to " + strconv.Itoa(MaxPathDepth)},
			{Name: "via", Kind: "string", Default: "all", Enum: []string{"all", "events"}, Doc: "all: through events, places and articles; events: through events and places only"},
		},
		Run: runPath,
	})
}

// pathEdges are the predicates a path may follow, in order of preference:
// among paths of equal length, one through events says more than one
// through an article that merely mentions both ends. Edges to classes,
// event types, literals and the linkedToEvent shortcuts are never
// followed: they would join everything through a handful of hubs.
var pathEdges = []pathEdge{
	{schema.Actor, "was carried out by", "carried out", false},
	{schema.AtBase, "happened at", "was the base of", false},
	{schema.AtPlace, "involved the place", "was the place of", false},
	{schema.InCountry, "happened in", "was the country of", false},
	{schema.ContainedInPlace, "is located in", "contains", false},
	{schema.ReportedIn, "was reported in", "reports", true},
	{schema.Mentions, "mentions", "is mentioned in", true},
	{schema.PublisherP, "was published by", "published", true},
}

// pathEdge is a predicate a path may follow, with how to read it in
// either direction.
type pathEdge struct {
	pred             quad.IRI
	forward, reverse string
	article          bool // the edge goes through an article, not an event
}

// edge is one step between two nodes, with the articles that state it.
type edge struct {
	from, to quad.Value
	pred     quad.IRI
	forward  bool // from is the subject of the quad
	rank     int  // index in pathEdges
	labels   []quad.Value
}

// maxNodeEdges bounds the links the search reads around one node: a hot
// base or country is linked to every article that mentions it, so its
// links grow with the corpus. Past the bound the search follows the links
// read so far (the store's order: the oldest articles first) and says so.
const maxNodeEdges = 5000

// neighbours lists the nodes one step from node, reading at most
// maxNodeEdges quads of the predicates a path may follow (a node's
// restated types and shortcut edges are skipped by reference, which one
// pass over its quads does faster than one index scan per predicate:
// pprof at 10k on bolt). capped says whether some were left.
func (r *reader) neighbours(ctx context.Context, node quad.Value, eventsOnly bool) (out []edge, capped bool, err error) {
	ref, err := r.ref(node)
	if err != nil || ref == nil {
		return nil, false, err
	}
	index := map[string]int{}
	read := 0
	ranks := map[any]int{}
	for rank, pe := range pathEdges {
		if eventsOnly && pe.article {
			continue
		}
		pref, err := r.ref(pe.pred)
		if err != nil {
			return nil, false, err
		}
		if pref != nil {
			ranks[refs.ToKey(pref)] = rank
		}
	}
	{ // one pass per direction
		for _, dir := range []quad.Direction{quad.Subject, quad.Object} {
			otherDir := quad.Object
			if dir == quad.Object {
				otherDir = quad.Subject
			}
			err := func() error {
				it := r.qs.QuadIterator(dir, ref).Iterate()
				defer it.Close()
				for it.Next(ctx) {
					pr, err := r.dir(it.Result(), quad.Predicate)
					if err != nil {
						return err
					}
					rank, ok := ranks[refs.ToKey(pr)]
					if !ok {
						continue
					}
					pe := pathEdges[rank]
					if read >= maxNodeEdges {
						capped = true
						return nil
					}
					read++
					or, err := r.dir(it.Result(), otherDir)
					if err != nil {
						return err
					}
					other, err := r.value(or)
					if err != nil {
						return err
					}
					if _, ok := other.(quad.IRI); !ok {
						continue
					}
					k := nodeKey(other) + "\x00" + string(pe.pred) + "\x00" + dir.String()
					i, ok := index[k]
					if !ok {
						i = len(out)
						index[k] = i
						out = append(out, edge{from: node, to: other, pred: pe.pred, forward: dir == quad.Subject, rank: rank})
					}
					l, err := r.dir(it.Result(), quad.Label)
					if err != nil {
						return err
					}
					lv, err := r.value(l)
					if err != nil {
						return err
					}
					if lv != nil {
						out[i].labels = append(out[i].labels, lv)
					}
				}
				return it.Err()
			}()
			if err != nil {
				return nil, false, err
			}
			if capped {
				break
			}
		}
	}
	slices.SortFunc(out, func(a, b edge) int {
		return cmp.Or(cmp.Compare(a.rank, b.rank), strings.Compare(nodeKey(a.to), nodeKey(b.to)))
	})
	return out, capped, nil
}

// runPath searches breadth-first from both ends at once, always widening
// the smaller frontier, which keeps the search small when one end is a
// hub. When the frontiers meet, every meeting point of that level gives a
// shortest path, and the one with the fewest article hops is kept.
func runPath(ctx context.Context, s *graph.Store, args Args) (*Result, error) {
	r := newReader(s)
	from, err := r.resolveOne(ctx, "from-entity", args["from-entity"], nil)
	if err != nil {
		return nil, err
	}
	to, err := r.resolveOne(ctx, "to-entity", args["to-entity"], nil)
	if err != nil {
		return nil, err
	}
	depth := min(args.Int("max-depth", 4), MaxPathDepth)
	if depth < 1 {
		return nil, fmt.Errorf("%w: max-depth must be at least 1", ErrBadArgument)
	}
	eventsOnly := args["via"] == "events"
	res := &Result{Columns: []string{"step", "from", "relation", "to", "articles", "sources"}}
	res.Notes = append(res.Notes, fmt.Sprintf("from %s (%s) to %s (%s)", from.name, from.typ, to.name, to.typ))
	if nodeKey(from.node) == nodeKey(to.node) {
		res.Notes = append(res.Notes, "both arguments name the same entity")
		return res, nil
	}

	// parents[side][node] is the edge that reached node from that side's
	// start (nil for the start itself).
	parents := [2]map[string]*edge{{nodeKey(from.node): nil}, {nodeKey(to.node): nil}}
	frontiers := [2][]quad.Value{{from.node}, {to.node}}
	visits := 2
	for hops := 0; hops < depth; hops++ {
		side := 0
		if len(frontiers[1]) < len(frontiers[0]) {
			side = 1
		}
		var next []quad.Value
		var meets []string
		for _, n := range frontiers[side] {
			es, capped, err := r.neighbours(ctx, n, eventsOnly)
			if err != nil {
				return nil, err
			}
			if capped {
				name, err := r.nodeLabel(ctx, n)
				if err != nil {
					return nil, err
				}
				res.Notes = append(res.Notes, fmt.Sprintf("%s has more than %d links: the search followed the first %d it read", name, maxNodeEdges, maxNodeEdges))
			}
			for i := range es {
				e := es[i]
				k := nodeKey(e.to)
				if _, seen := parents[side][k]; seen {
					continue
				}
				parents[side][k] = &e
				next = append(next, e.to)
				visits++
				if _, met := parents[1-side][k]; met {
					meets = append(meets, k)
				}
			}
			if visits > maxPathVisits {
				res.Notes = append(res.Notes, fmt.Sprintf("search stopped after visiting %d nodes without a connection; try via=events or a smaller max-depth", visits))
				return res, nil
			}
		}
		if len(meets) > 0 {
			best := bestPath(parents, meets)
			return res, r.pathRows(ctx, res, best)
		}
		if len(next) == 0 {
			break
		}
		frontiers[side] = next
	}
	res.Notes = append(res.Notes, fmt.Sprintf("no connection within %d hops", depth))
	return res, nil
}

// bestPath builds the path through each meeting point and keeps the
// shortest, then the one with the fewest article hops (ties: the first in
// a stable order).
func bestPath(parents [2]map[string]*edge, meets []string) []edge {
	var best []edge
	bestCost := -1
	slices.Sort(meets)
	for _, m := range meets {
		var path []edge
		// Walk back to the start on side 0, then forward to side 1's start.
		for k := m; parents[0][k] != nil; k = nodeKey(parents[0][k].from) {
			path = append(path, *parents[0][k])
		}
		slices.Reverse(path)
		for k := m; parents[1][k] != nil; k = nodeKey(parents[1][k].from) {
			e := *parents[1][k]
			e.from, e.to, e.forward = e.to, e.from, !e.forward
			path = append(path, e)
		}
		// Shorter first (a meeting point may sit at different depths of
		// the other side), then fewer hops through articles.
		cost := len(path) * (MaxPathDepth + 1)
		for _, e := range path {
			if pathEdges[e.rank].article {
				cost++
			}
		}
		if bestCost < 0 || cost < bestCost {
			best, bestCost = path, cost
		}
	}
	return best
}

// pathRows writes one row per hop.
func (r *reader) pathRows(ctx context.Context, res *Result, path []edge) error {
	for i, e := range path {
		fromLabel, err := r.nodeLabel(ctx, e.from)
		if err != nil {
			return err
		}
		toLabel, err := r.nodeLabel(ctx, e.to)
		if err != nil {
			return err
		}
		rel := pathEdges[e.rank].reverse
		if e.forward {
			rel = pathEdges[e.rank].forward
		}
		subject, object := e.from, e.to
		if !e.forward {
			subject, object = e.to, e.from
		}
		labels, err := r.statedBy(ctx, subject, e.pred, object, e.labels)
		if err != nil {
			return err
		}
		srcs, err := r.sourcesOf(ctx, labels)
		if err != nil {
			return err
		}
		row := Row{Values: map[string]any{"step": i + 1, "from": fromLabel, "relation": rel, "to": toLabel}}
		setSources(&row, srcs)
		res.Rows = append(res.Rows, row)
	}
	return nil
}

// nodeLabel names a node for people: an entity by name and type, an event
// by its summary, an article by publisher, date and headline.
func (r *reader) nodeLabel(ctx context.Context, n quad.Value) (string, error) {
	switch {
	case isEvent(n):
		ev, err := r.event(ctx, n)
		if err != nil {
			return "", err
		}
		return "event: " + ev.summary(), nil
	case isArticle(n):
		src, err := r.source(ctx, n)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("article: %s, %s: %s", src.Publisher, datePart(src.Published), src.Title), nil
	}
	t, err := r.typeOf(ctx, n)
	if err != nil {
		return "", err
	}
	name, err := r.nameOf(ctx, n)
	if err != nil {
		return "", err
	}
	if t != "" {
		return fmt.Sprintf("%s (%s)", name, t), nil
	}
	return name, nil
}
