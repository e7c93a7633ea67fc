package queries

import (
	"context"
	"slices"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/schema"
)

func init() {
	Register(Module{
		Name: "stats",
		Doc:  "what the graph holds: articles, entities by type, events by type, quads",
		Run: func(ctx context.Context, s *graph.Store, _ Args) (*Result, error) {
			st, err := graphStats(ctx, s)
			if err != nil {
				return nil, err
			}
			res := &Result{Columns: []string{"what", "type", "count"}}
			if !st.Summarised {
				res.Notes = append(res.Notes, "this store keeps no summaries (written before they existed, or by a raw load): the counts scan the graph; `newsgraph summaries rebuild` makes them fast")
			}
			add := func(what, typ string, n int64) {
				res.Rows = append(res.Rows, Row{Values: map[string]any{"what": what, "type": typ, "count": n}})
			}
			add("articles", "", st.Articles)
			for _, t := range entityTypes {
				add("entities", t, st.Entities[t])
			}
			for _, t := range newsgraph.EventTypes {
				add("events", t, st.Events[t])
			}
			add("quads", "", st.Quads)
			if st.Nodes > 0 {
				add("nodes", "", st.Nodes)
			}
			return res, nil
		},
	})
}

var entityTypes = []string{
	newsgraph.TypePublisher, newsgraph.TypeCountry, newsgraph.TypeBase,
	newsgraph.TypeOrganisation, newsgraph.TypePlace, newsgraph.TypeDate,
}

// Stats is what the graph holds.
type Stats struct {
	Articles int64            `json:"articles"`
	Entities map[string]int64 `json:"entities"`
	Events   map[string]int64 `json:"events"`
	Quads    int64            `json:"quads"`
	Nodes    int64            `json:"nodes,omitempty"` // zero where the store keeps no count (graph.Stats)
	// Summarised says the counts came from the summaries the writer
	// keeps, not from a scan of the graph.
	Summarised bool `json:"-"`
}

// GraphStats counts articles, entities by type and events by type, in one
// snapshot of the store, from the summaries where the store keeps them.
func GraphStats(ctx context.Context, s *graph.Store) (Stats, error) {
	var st Stats
	err := s.View(ctx, func(snap *graph.Store) error {
		var err error
		st, err = graphStats(ctx, snap)
		return err
	})
	return st, err
}

// graphStats reads the counters of the summaries (a few values, whatever
// the size of the store) or, on a store without them, counts by scanning.
func graphStats(ctx context.Context, s *graph.Store) (Stats, error) {
	st := Stats{Entities: map[string]int64{}, Events: map[string]int64{}}
	c, ok, err := s.SummaryCounts(ctx)
	if err != nil {
		return st, err
	}
	if !ok {
		if st, err = scanStats(ctx, s); err != nil {
			return st, err
		}
	} else {
		st.Articles, st.Summarised = c.Articles, true
		for _, t := range entityTypes {
			st.Entities[t] = c.Entities[t]
		}
		for _, t := range newsgraph.EventTypes {
			st.Events[t] = c.Events[t]
		}
	}
	gs, err := s.Stats(ctx)
	if err != nil {
		return st, err
	}
	st.Quads, st.Nodes = gs.Quads, gs.Nodes
	return st, nil
}

// scanStats counts by reading every typed node and event.
func scanStats(ctx context.Context, s *graph.Store) (Stats, error) {
	r := newReader(s)
	st := Stats{Entities: map[string]int64{}, Events: map[string]int64{}}
	// Subjects are counted by reference: their values are not needed.
	count := func(pred quad.IRI, obj quad.Value) (int64, error) {
		n, err := r.subjectKeys(ctx, pred, obj)
		return int64(len(n)), err
	}
	var err error
	if st.Articles, err = count(schema.Type, schema.ClassNewsArticle); err != nil {
		return st, err
	}
	for _, t := range entityTypes {
		if st.Entities[t], err = count(schema.Type, schema.ClassOf(t)); err != nil {
			return st, err
		}
	}
	for _, t := range newsgraph.EventTypes {
		if st.Events[t], err = count(schema.EventType, schema.EventTypeIRI(t)); err != nil {
			return st, err
		}
	}
	return st, nil
}

// Ranked is an entity with the number of subjects linked to it.
type Ranked struct {
	Name  string
	Count int
}

// RankEntities orders the entities of a type by how many distinct
// subjects point at them through pred (events through ns#base for bases,
// say), most first and then by name. Subjects are counted by reference,
// without reading them. Call it with a View's snapshot.
func RankEntities(ctx context.Context, s *graph.Store, typ string, pred quad.IRI) ([]Ranked, error) {
	r := newReader(s)
	nodes, err := r.subjects(ctx, schema.Type, schema.ClassOf(typ))
	if err != nil {
		return nil, err
	}
	var out []Ranked
	for _, n := range nodes {
		if !isEntity(n) {
			continue
		}
		keys, err := r.subjectKeys(ctx, pred, n)
		if err != nil {
			return nil, err
		}
		name, err := r.str(ctx, n, schema.Name)
		if err != nil {
			return nil, err
		}
		out = append(out, Ranked{Name: name, Count: len(keys)})
	}
	slices.SortFunc(out, func(a, b Ranked) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out, nil
}
