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
		Name: "timeline",
		Doc:  "everything dated that involves one entity, in time order, with the articles that report it",
		Params: []Param{
			{Name: "entity", Kind: "string", Required: true, Doc: "the entity (any name or alias, any case)"},
			{Name: "event", Kind: "string", Enum: eventTypeEnum(), Doc: "only events of this type (empty: any)"},
			{Name: "from", Kind: "date", Doc: "on or after this date"},
			{Name: "to", Kind: "date", Doc: "on or before this date"},
			{Name: "negated", Kind: "string", Default: "any", Enum: []string{"false", "true", "any"}, Doc: "false: only asserted events; true: only negated or denied ones; any: both, marked"},
			{Name: "mentions", Kind: "bool", Default: "false", Doc: "also list each article that mentions the entity, at its publication date"},
		},
		Run: runTimeline,
	})
}

// runTimeline lists the events an entity takes part in (as actor, base,
// place or country), merged across the articles that report the same
// event, in date order. An event the text gives no date is placed at the
// date of its first report, and says so in the "dated" column, so it still
// finds its place in the story.
func runTimeline(ctx context.Context, s *graph.Store, args Args) (*Result, error) {
	r := newReader(s)
	m, err := r.resolveOne(ctx, "entity", args["entity"], nil)
	if err != nil {
		return nil, err
	}
	evNodes, roles, err := r.eventsOf(ctx, m.node)
	if err != nil {
		return nil, err
	}
	type key struct {
		typ, date, actor, country, bases, places string
		negated                                  bool
	}
	rows := map[key]*Row{}
	srcs := map[key][]Source{}
	var order []key
	for _, n := range evNodes {
		ev, err := r.event(ctx, n)
		if err != nil {
			return nil, err
		}
		if !negatedFilter(args["negated"], ev.negated) || args["event"] != "" && ev.typ != args["event"] {
			continue
		}
		k := key{typ: ev.typ, date: ev.date, actor: ev.actor, country: ev.country,
			bases: strings.Join(ev.bases, "; "), places: strings.Join(ev.places, "; "), negated: ev.negated}
		row, ok := rows[k]
		if !ok {
			row = &Row{Values: map[string]any{
				"what": "event", "event": ev.typ, "summary": ev.summary(), "actor": ev.actor,
				"bases": k.bases, "places": k.places, "country": ev.country,
				"negated": ev.negated, "status": ev.status, "role": "",
			}}
			rows[k] = row
			order = append(order, k)
		}
		row.Values["role"] = joinSet(row.Values["role"].(string), roles[nodeKey(n)]...)
		if !slices.ContainsFunc(srcs[k], func(s Source) bool { return s.Article == ev.source.Article }) {
			srcs[k] = append(srcs[k], ev.source)
		}
	}
	res := &Result{Columns: []string{"date", "dated", "what", "event", "summary", "role", "actor", "bases", "places", "country", "negated", "status", "articles", "sources"}}
	res.Notes = append(res.Notes, "entity: "+m.name+" ("+m.typ+")")
	for _, k := range order {
		row := rows[k]
		sortSources(srcs[k])
		setSources(row, srcs[k])
		row.Values["date"], row.Values["dated"] = k.date, "event"
		if k.date == "" {
			row.Values["date"], row.Values["dated"] = firstReported(srcs[k]), "reported"
		}
		res.Rows = append(res.Rows, *row)
	}
	if args.Bool("mentions") {
		arts, err := r.articleSources(ctx, m.node)
		if err != nil {
			return nil, err
		}
		for _, src := range arts {
			row := Row{Values: map[string]any{
				"date": datePart(src.Published), "dated": "published", "what": "article",
				"summary": src.Title, "role": "mentioned", "event": "", "actor": "", "bases": "",
				"places": "", "country": "", "negated": false, "status": "",
			}}
			setSources(&row, []Source{src})
			res.Rows = append(res.Rows, row)
		}
	}
	res.Rows = slices.DeleteFunc(res.Rows, func(row Row) bool {
		return !inRange(row.Values["date"].(string), args["from"], args["to"])
	})
	slices.SortStableFunc(res.Rows, func(a, b Row) int {
		return cmp.Or(
			strings.Compare(a.Values["date"].(string), b.Values["date"].(string)),
			strings.Compare(str(a.Values["what"]), str(b.Values["what"])),
			strings.Compare(str(a.Values["event"]), str(b.Values["event"])),
			strings.Compare(str(a.Values["summary"]), str(b.Values["summary"])),
		)
	})
	return res, nil
}

// firstReported is the publication date of the earliest source.
func firstReported(srcs []Source) string {
	first := ""
	for _, s := range srcs {
		if d := datePart(s.Published); d != "" && (first == "" || d < first) {
			first = d
		}
	}
	return first
}

// datePart keeps the YYYY-MM-DD of a timestamp.
func datePart(ts string) string {
	if len(ts) >= 10 {
		return ts[:10]
	}
	return ts
}

// joinSet adds items to a "; "-joined set, keeping it sorted.
func joinSet(set string, items ...string) string {
	var parts []string
	if set != "" {
		parts = strings.Split(set, "; ")
	}
	for _, it := range items {
		if it != "" && !slices.Contains(parts, it) {
			parts = append(parts, it)
		}
	}
	slices.Sort(parts)
	return strings.Join(parts, "; ")
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
