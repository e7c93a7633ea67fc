package queries

import (
	"cmp"
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
	if res, ok, err := indexedCountries(ctx, s, args); err != nil || ok {
		return res, err
	}
	return graphCountries(ctx, s, args)
}

// graphCountries is the countries answer read from the graph, for
// stores without the country index and filters it does not know.
func graphCountries(ctx context.Context, s *graph.Store, args Args) (*Result, error) {
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
			// A country's row stands for many events: the evidence of
			// whichever came first would mislead.
			src.Evidence = ""
			if !g.seen[src.Article] {
				g.seen[src.Article] = true
				g.srcs = append(g.srcs, src)
			}
		}
	}
	res := &Result{Columns: countriesColumns}
	for c, g := range groups {
		slices.Sort(g.bases)
		slices.Sort(g.events)
		sortSources(g.srcs)
		row := Row{Values: map[string]any{"country": c, "bases": strings.Join(g.bases, "; "), "events": strings.Join(g.events, "; ")}}
		setSources(&row, g.srcs)
		res.Rows = append(res.Rows, row)
	}
	sortCountries(res.Rows)
	return res, nil
}

// countriesColumns are the columns of the countries answer.
var countriesColumns = []string{"country", "bases", "events", "articles", "sources"}

// sortCountries orders rows by articles, most first, then by country.
func sortCountries(rows []Row) {
	slices.SortFunc(rows, func(a, b Row) int {
		return cmp.Or(cmp.Compare(b.Corroboration, a.Corroboration), strings.Compare(str(a.Values["country"]), str(b.Values["country"])))
	})
}

// indexedCountries answers from the country index (graph.CountryCounts):
// the counts of a selection in one short scan, then per country its
// bases, event types and newest sources. ok is false when the index
// cannot answer: the store does not keep it, a filter it does not know
// (operator, dates), or two country nodes of one name (the graph path
// merges them by name).
func indexedCountries(ctx context.Context, s *graph.Store, args Args) (*Result, bool, error) {
	if args["operator"] != "" || args["from"] != "" || args["to"] != "" {
		return nil, false, nil
	}
	event, status, negated := args["event"], args["status"], args["negated"]
	sel := graph.CountrySelection(event, status, negated)
	counts, ok, err := s.CountryCounts(ctx, sel)
	if err != nil || !ok {
		return nil, false, err
	}
	r := newReader(s)
	types := newsgraph.EventTypes
	if event != "" {
		types = []string{event}
	}
	mask := graph.CountryStatusMask(status, negated)
	res := &Result{Columns: countriesColumns}
	names := map[string]bool{}
	for _, c := range counts {
		name, err := r.nameOf(ctx, c.Country)
		if err != nil {
			return nil, false, err
		}
		if name == "" {
			continue
		}
		if names[name] {
			return nil, false, nil
		}
		names[name] = true
		row := Row{Values: map[string]any{"country": name}, Corroboration: int(c.Articles)}
		res.Rows = append(res.Rows, row)
	}
	sortCountries(res.Rows)
	offset, limit := PageArgs(args)
	page := res.Rows[min(offset, len(res.Rows)):min(offset+limit, len(res.Rows))]
	byName := map[string]quad.IRI{}
	for _, c := range counts {
		if n, _ := r.nameOf(ctx, c.Country); n != "" {
			byName[n] = c.Country
		}
	}
	for i := range page {
		row := &page[i]
		country := byName[str(row.Values["country"])]
		bases, err := s.CountryBases(ctx, sel, country)
		if err != nil {
			return nil, false, err
		}
		var baseNames []string
		for _, b := range bases {
			name, err := r.str(ctx, b, schema.Name)
			if err != nil {
				return nil, false, err
			}
			if !slices.Contains(baseNames, name) {
				baseNames = append(baseNames, name)
			}
		}
		slices.Sort(baseNames)
		var events []string
		var srcs []Source
		seen := map[string]bool{}
		for _, t := range types {
			if event == "" {
				n, err := s.CountryArticles(ctx, graph.CountrySelection(t, status, negated), country)
				if err != nil {
					return nil, false, err
				}
				if n == 0 {
					continue
				}
			}
			events = append(events, t)
			arts, err := s.CountrySources(ctx, country, t, mask, MaxListedSources)
			if err != nil {
				return nil, false, err
			}
			for _, a := range arts {
				if seen[string(a.Article)] {
					continue
				}
				seen[string(a.Article)] = true
				src, err := r.source(ctx, a.Article)
				if err != nil {
					return nil, false, err
				}
				srcs = append(srcs, src)
			}
		}
		slices.Sort(events)
		sortSources(srcs)
		row.Values["bases"], row.Values["events"] = strings.Join(baseNames, "; "), strings.Join(events, "; ")
		n := row.Corroboration
		setSources(row, srcs)
		row.Corroboration, row.Values["articles"] = n, n
	}
	return res, true, nil
}
