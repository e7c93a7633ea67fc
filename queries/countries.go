package queries

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/newsgraph/newsgraph/graph"
)

func init() {
	Register(Module{
		Name: "countries",
		Doc:  "countries that host bases linked to events of a type (\"which countries host bases that were attacked\")",
		Params: []Param{
			{Name: "event", Kind: "string", Enum: eventTypeEnum(), Doc: "event type (empty: any)"},
			{Name: "operator", Kind: "string", Doc: "only bases operated by this country or organisation (name or alias)"},
			{Name: "from", Kind: "date", Doc: "events on or after this date"},
			{Name: "to", Kind: "date", Doc: "events on or before this date"},
			negatedParam("false: only asserted events; true: only events the text negates or denies; any: both"),
			{Name: "status", Kind: "string", Default: "current", Enum: statusEnum, Doc: "current: events told as done or under way; any: every status; or one status"},
		},
		Run: runCountries,
	})
}

// runCountries groups the answer of the bases query by host country: the
// same entry point (the base -> event type shortcut edges), so it is as
// fast, and its sources are the union of the bases' sources.
func runCountries(ctx context.Context, s *graph.Store, args Args) (*Result, error) {
	bases, err := runBaseEvents(ctx, s, Args{
		"event": args["event"], "operator": args["operator"], "from": args["from"], "to": args["to"],
		"negated": args["negated"], "status": args["status"],
	})
	if err != nil {
		return nil, err
	}
	type group struct {
		bases, events []string
		srcs          []Source
		seen          map[string]bool // articles in srcs
	}
	groups := map[string]*group{}
	for _, b := range bases.Rows {
		c := str(b.Values["country"])
		if c == "" {
			// A base the gazetteer places in no country cannot answer
			// "which countries".
			continue
		}
		g, ok := groups[c]
		if !ok {
			g = &group{seen: map[string]bool{}}
			groups[c] = g
		}
		if name := str(b.Values["base"]); !slices.Contains(g.bases, name) {
			g.bases = append(g.bases, name)
		}
		if ev := str(b.Values["event"]); !slices.Contains(g.events, ev) {
			g.events = append(g.events, ev)
		}
		for _, src := range b.Sources {
			if !g.seen[src.Article] {
				g.seen[src.Article] = true
				g.srcs = append(g.srcs, src)
			}
		}
	}
	res := &Result{Columns: []string{"country", "bases", "events", "articles", "sources"}}
	for c, g := range groups {
		slices.Sort(g.bases)
		slices.Sort(g.events)
		sortSources(g.srcs)
		row := Row{Values: map[string]any{"country": c, "bases": strings.Join(g.bases, "; "), "events": strings.Join(g.events, "; ")}}
		row.Sources, row.Corroboration = g.srcs, len(g.srcs)
		row.Values["articles"] = row.Corroboration
		res.Rows = append(res.Rows, row)
	}
	slices.SortFunc(res.Rows, func(a, b Row) int {
		return cmp.Or(cmp.Compare(b.Corroboration, a.Corroboration), strings.Compare(str(a.Values["country"]), str(b.Values["country"])))
	})
	return res, nil
}
