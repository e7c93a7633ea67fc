package queries

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/schema"
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
		Run:   runTimeline,
		Pages: true,
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
	reps, err := r.entityReports(ctx, s, m.node)
	if err != nil {
		return nil, err
	}
	type key struct {
		typ, date, actor, country, bases, places string
		negated                                  bool
	}
	rows := map[key]*Row{}
	// reports holds each row's first report per article: its evidence is
	// the one the row lists. Evidence and sources are read for the
	// page's rows only.
	reports := map[key][]roleReport{}
	var order []key
	for _, rep := range reps {
		ev := rep.ev
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
		row.Values["role"] = joinSet(row.Values["role"].(string), rep.roles...)
		if ev.article != nil && !slices.ContainsFunc(reports[k], func(o roleReport) bool { return nodeKey(o.ev.article) == nodeKey(ev.article) }) {
			reports[k] = append(reports[k], rep)
		}
	}
	res := &Result{Columns: []string{"date", "dated", "what", "event", "summary", "role", "actor", "bases", "places", "country", "negated", "status", "articles", "sources"}}
	res.Notes = append(res.Notes, "entity: "+m.name+" ("+m.typ+")")
	// An event row's sources wait until it is on the page.
	type timelineRow struct {
		Row
		reports []roleReport
		// order is the row's date, what, event and summary, read out of
		// its values once: a hot entity has thousands of rows to sort.
		order [4]string
	}
	ordered := func(row timelineRow) timelineRow {
		for i, k := range []string{"date", "what", "event", "summary"} {
			row.order[i] = str(row.Values[k])
		}
		return row
	}
	var all []timelineRow
	for _, k := range order {
		row := rows[k]
		row.Values["date"], row.Values["dated"] = k.date, "event"
		if k.date == "" {
			first := ""
			for _, rep := range reports[k] {
				p := rep.published
				if !rep.indexed {
					if p, err = r.str(ctx, rep.ev.article, schema.DatePublished); err != nil {
						return nil, err
					}
				}
				if d := datePart(p); d != "" && (first == "" || d < first) {
					first = d
				}
			}
			row.Values["date"], row.Values["dated"] = first, "reported"
		}
		all = append(all, ordered(timelineRow{Row: *row, reports: reports[k]}))
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
			all = append(all, ordered(timelineRow{Row: row}))
		}
	}
	all = slices.DeleteFunc(all, func(row timelineRow) bool {
		return !inRange(row.order[0], args["from"], args["to"])
	})
	// Positions are sorted, not the rows (a stable sort of thousands of
	// wide rows spent its time moving them); the position breaks ties as
	// a stable sort would.
	sorted := make([]int, len(all))
	for i := range sorted {
		sorted[i] = i
	}
	slices.SortFunc(sorted, func(i, j int) int {
		a, b := &all[i], &all[j]
		return cmp.Or(
			strings.Compare(a.order[0], b.order[0]), strings.Compare(a.order[1], b.order[1]),
			strings.Compare(a.order[2], b.order[2]), strings.Compare(a.order[3], b.order[3]),
			cmp.Compare(i, j),
		)
	})
	res.Total = len(all)
	offset, limit := PageArgs(args)
	for _, i := range sorted[min(offset, len(all)):min(offset+limit, len(all))] {
		row := all[i]
		if row.Values["what"] == "event" {
			if err := r.setReportSources(ctx, &row.Row, row.reports); err != nil {
				return nil, err
			}
		}
		res.Rows = append(res.Rows, row.Row)
	}
	return res, nil
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
