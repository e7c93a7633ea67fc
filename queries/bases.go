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

// The headline answer: one row per base linked to events, read from the
// finished rows the writer keeps in the summaries' side index: the first
// page of each order is one short scan and the total one key
// (graph.BaseRows), whatever the size of the store. A host country or an
// operator filters every row of the combination (graph.BaseSummaries);
// filters the summaries cannot answer (a date range, ask's filters) and
// stores that keep no summaries fall back to a scan of the events, which
// gives the same rows.

// basesSorts are the orders of the bases answer: most events first (the
// default), most articles first, latest event first, or by name.
var basesSorts = []string{"events", "articles", "last", "name"}

func init() {
	eventEnum := append([]string{""}, newsgraph.EventTypes...)
	Register(Module{
		Name: "bases",
		Doc:  "military bases linked to events, one row per base: its country and coordinates, how many events, articles and publishers report it, first and last date, actors, and how many reports are negated",
		Params: append([]Param{
			{Name: "event", Kind: "string", Enum: eventEnum, Doc: "event type (empty: any)"},
			{Name: "country", Kind: "string", Doc: "host country of the base (name or alias)"},
			{Name: "operator", Kind: "string", Doc: "who operates the base (name or alias), from the gazetteer"},
			{Name: "from", Kind: "date", Doc: "events on or after this date (answered by a scan of the events)"},
			{Name: "to", Kind: "date", Doc: "events on or before this date (answered by a scan of the events)"},
			negatedParam("false: only asserted events; true: only events the text negates or denies; any: both"),
			{Name: "status", Kind: "string", Default: "current", Enum: statusEnum, Doc: "current: events told as done or under way; any: every status, background, plans and hypotheticals included; or one status"},
			{Name: "sort", Kind: "string", Default: "events", Enum: basesSorts, Doc: "events or articles: most first; last: latest event first; name: by base name"},
		}, eventFilterParams(false)...),
		Pages: true,
		Run:   runBases,
	})
}

// baseColumns are the columns of the bases answer.
var baseColumns = []string{"base", "country", "lat", "lon", "events", "articles", "publishers", "first", "last", "actors", "negated"}

// baseRow is a base's aggregate before it is shown: from the summaries
// (actors are nodes, the base's facts are in the row) or from a scan
// (actors are names, the base's facts are read when shown).
type baseRow struct {
	graph.BaseSummary
	actorNames bool
	name       string
	// facts holds the base's facts when the row came with them.
	facts *graph.BaseRow
}

// summaryRow is a row read from the summaries.
func summaryRow(b graph.BaseRow) baseRow {
	return baseRow{BaseSummary: b.BaseSummary, name: b.Name, facts: &b}
}

// summaryAnswers reports whether the summaries answer these arguments:
// they hold no dates, and know no filter but those below.
func summaryAnswers(args Args) bool {
	for k, v := range args {
		switch k {
		case "event", "country", "operator", "negated", "status", "sort", "limit", "offset":
		default:
			if v != "" {
				return false
			}
		}
	}
	return true
}

func runBases(ctx context.Context, s *graph.Store, args Args) (*Result, error) {
	r := newReader(s)
	res := &Result{Columns: baseColumns}
	var rows []baseRow
	fromSummaries := false
	offset, limit := PageArgs(args)
	if summaryAnswers(args) && args["country"] == "" && args["operator"] == "" {
		page, total, ok, err := s.BaseRows(ctx, args["event"], args["status"], args["negated"], args["sort"], offset, limit)
		if err != nil {
			return nil, err
		}
		if ok {
			res.Total = total
			shown := make([]baseRow, len(page))
			for i, b := range page {
				shown[i] = summaryRow(b)
			}
			if res.Rows, err = showBases(ctx, s, shown); err != nil {
				return nil, err
			}
			return res, nil
		}
	}
	if summaryAnswers(args) {
		sums, ok, err := s.BaseSummaries(ctx, args["event"], args["status"], args["negated"])
		if err != nil {
			return nil, err
		}
		if ok {
			fromSummaries = true
			for _, b := range sums {
				rows = append(rows, summaryRow(b))
			}
		} else {
			res.Notes = append(res.Notes, "this store keeps no summaries (written before they existed, or by a raw load): the answer scans every event; `newsgraph summaries rebuild` makes it fast")
		}
	}
	if !fromSummaries {
		var err error
		if rows, err = scanBases(ctx, r, args); err != nil {
			return nil, err
		}
	}
	rows, err := filterBases(ctx, r, rows, args)
	if err != nil {
		return nil, err
	}
	if err := sortBases(ctx, r, rows, args["sort"]); err != nil {
		return nil, err
	}
	res.Total = len(rows)
	page := rows[min(offset, len(rows)):min(offset+limit, len(rows))]
	if res.Rows, err = showBases(ctx, s, page); err != nil {
		return nil, err
	}
	return res, nil
}

// filterBases keeps the bases of the host country and operator asked
// for; it reads two or three facts per base, never its events.
func filterBases(ctx context.Context, r *reader, rows []baseRow, args Args) ([]baseRow, error) {
	countryNames, err := entityNames(ctx, r, args["country"], false)
	if err != nil {
		return nil, err
	}
	// Operators are stored as the gazetteer's names ("United States"), so
	// an alias argument ("US") is resolved to the entity's names first.
	operatorNames, err := entityNames(ctx, r, args["operator"], true)
	if err != nil {
		return nil, err
	}
	if countryNames == nil && operatorNames == nil {
		return rows, nil
	}
	out := rows[:0]
	for _, b := range rows {
		base := quad.IRI(b.Base)
		if countryNames != nil {
			country, err := r.countryOf(ctx, base)
			if err != nil {
				return nil, err
			}
			if !countryNames[strings.ToLower(country)] {
				continue
			}
		}
		if operatorNames != nil {
			ops, err := r.all(ctx, base, schema.Operator)
			if err != nil {
				return nil, err
			}
			if !slices.ContainsFunc(ops, func(op quad.Value) bool { return operatorNames[strings.ToLower(valueString(op))] }) {
				continue
			}
		}
		out = append(out, b)
	}
	return out, nil
}

// entityNames is every name of the entities text names, folded (nil for
// no text); withText adds text itself.
func entityNames(ctx context.Context, r *reader, text string, withText bool) (map[string]bool, error) {
	if text == "" {
		return nil, nil
	}
	nodes, err := r.resolveEntities(ctx, text)
	if err != nil {
		return nil, err
	}
	names, err := r.names(ctx, nodes)
	if err != nil {
		return nil, err
	}
	if withText {
		names[strings.ToLower(text)] = true
	}
	return names, nil
}

// sortBases orders the rows; ties go by base node, or by name when the
// order is by name (the only order that reads every base's name).
func sortBases(ctx context.Context, r *reader, rows []baseRow, by string) error {
	if by == "name" {
		for i := range rows {
			if err := rows[i].readName(ctx, r); err != nil {
				return err
			}
		}
	}
	slices.SortStableFunc(rows, func(a, b baseRow) int {
		var c int
		switch by {
		case "articles":
			c = cmp.Or(cmp.Compare(b.Articles, a.Articles), cmp.Compare(b.Events, a.Events))
		case "last":
			c = cmp.Or(strings.Compare(b.Last, a.Last), cmp.Compare(b.Events, a.Events))
		case "name":
			c = strings.Compare(strings.ToLower(a.name), strings.ToLower(b.name))
		default:
			c = cmp.Or(cmp.Compare(b.Events, a.Events), cmp.Compare(b.Articles, a.Articles))
		}
		return cmp.Or(c, strings.Compare(a.Base, b.Base))
	})
	return nil
}

func (b *baseRow) readName(ctx context.Context, r *reader) error {
	if b.name != "" || b.facts != nil {
		return nil
	}
	name, err := r.str(ctx, quad.IRI(b.Base), schema.Name)
	b.name = name
	return err
}

// showBases reads the facts the rows of a page show about their bases
// (name, country, coordinates), unless the rows came with them, and the
// names of their countries and actors: up to two batched reads
// (graph.Store.Facts), one query each on PostgreSQL.
func showBases(ctx context.Context, s *graph.Store, page []baseRow) ([]Row, error) {
	var bases []quad.Value
	for _, b := range page {
		if b.facts == nil {
			bases = append(bases, quad.IRI(b.Base))
		}
	}
	facts, err := s.Facts(ctx, bases, []quad.IRI{schema.Name, schema.ContainedInPlace, schema.Latitude, schema.Longitude})
	if err != nil {
		return nil, err
	}
	// The rows that came with their facts answer from them.
	for _, b := range page {
		if f := b.facts; f != nil {
			m := map[quad.IRI]quad.Value{}
			if f.Name != "" {
				m[schema.Name] = quad.String(f.Name)
			}
			if f.Country != "" {
				m[schema.ContainedInPlace] = quad.IRI(f.Country)
			}
			if f.Lat != nil {
				m[schema.Latitude] = quad.Float(*f.Lat)
			}
			if f.Lon != nil {
				m[schema.Longitude] = quad.Float(*f.Lon)
			}
			facts[b.Base] = m
		}
	}
	first := func(node string, pred quad.IRI) quad.Value { return facts[node][pred] }
	var named []quad.Value
	seen := map[string]bool{}
	want := func(v quad.Value) {
		if iri, ok := v.(quad.IRI); ok && !seen[string(iri)] {
			seen[string(iri)] = true
			named = append(named, iri)
		}
	}
	for _, b := range page {
		want(first(b.Base, schema.ContainedInPlace))
		if !b.actorNames {
			for _, a := range b.Actors {
				want(quad.IRI(a.Actor))
			}
		}
	}
	names, err := s.Facts(ctx, named, []quad.IRI{schema.Name})
	if err != nil {
		return nil, err
	}
	nameOf := func(v quad.Value) string {
		iri, ok := v.(quad.IRI)
		if !ok {
			return ""
		}
		return valueString(names[string(iri)][schema.Name])
	}
	coord := func(node string, pred quad.IRI) any {
		if f, ok := first(node, pred).(quad.Float); ok {
			return float64(f)
		}
		return ""
	}
	rows := make([]Row, 0, len(page))
	for _, b := range page {
		if b.name == "" {
			b.name = valueString(first(b.Base, schema.Name))
		}
		actors := slices.Clone(b.Actors)
		for i, a := range actors {
			if name := nameOf(quad.IRI(a.Actor)); !b.actorNames && name != "" {
				actors[i].Actor = name
			}
		}
		slices.SortStableFunc(actors, func(x, y graph.ActorCount) int {
			return cmp.Or(cmp.Compare(y.Events, x.Events), strings.Compare(x.Actor, y.Actor))
		})
		shown := make([]string, 0, len(actors))
		for _, a := range actors {
			shown = append(shown, fmt.Sprintf("%s (%d)", a.Actor, a.Events))
		}
		rows = append(rows, Row{Values: map[string]any{
			"base": b.name, "country": nameOf(first(b.Base, schema.ContainedInPlace)),
			"lat": coord(b.Base, schema.Latitude), "lon": coord(b.Base, schema.Longitude),
			"events": b.Events, "articles": b.Articles, "publishers": b.Publishers,
			"first": b.First, "last": b.Last, "actors": strings.Join(shown, "; "), "negated": b.Negated,
		}, Corroboration: int(b.Articles)})
	}
	return rows, nil
}

// scanBases computes the rows by reading every matching event: what the
// summaries hold, for the filters they cannot answer and for stores
// without them. Its cost grows with the events.
func scanBases(ctx context.Context, r *reader, args Args) ([]baseRow, error) {
	shared, err := parseEventFilter(ctx, r, args, false)
	if err != nil {
		return nil, err
	}
	types := newsgraph.EventTypes
	if t := args["event"]; t != "" {
		types = []string{t}
	}
	type agg struct {
		row        baseRow
		articles   map[string]bool
		publishers map[string]bool
		actors     map[string]int64
	}
	aggs := map[string]*agg{}
	var order []string
	seenBase := map[string]bool{}
	for _, t := range types {
		ofType, err := r.subjectKeys(ctx, schema.EventType, schema.EventTypeIRI(t))
		if err != nil {
			return nil, err
		}
		// Both links: a base's negated reports are counted beside the
		// asserted ones.
		for _, link := range []quad.IRI{schema.LinkedToEvent, schema.LinkedToNegatedEvent} {
			bases, err := r.subjects(ctx, link, schema.EventTypeIRI(t))
			if err != nil {
				return nil, err
			}
			for _, b := range bases {
				iri, ok := b.(quad.IRI)
				if !ok || seenBase[string(iri)+"|"+t] {
					continue
				}
				seenBase[string(iri)+"|"+t] = true
				events, err := r.eventsAtBase(ctx, b, ofType)
				if err != nil {
					return nil, err
				}
				for _, ev := range events {
					if ev.typ != t || !inRange(ev.date, args["from"], args["to"]) || !statusMatches(ev.status, args["status"]) || !shared.keep(ev) {
						continue
					}
					a := aggs[string(iri)]
					if a == nil {
						a = &agg{row: baseRow{BaseSummary: graph.BaseSummary{Base: string(iri)}, actorNames: true},
							articles: map[string]bool{}, publishers: map[string]bool{}, actors: map[string]int64{}}
						aggs[string(iri)] = a
						order = append(order, string(iri))
					}
					if ev.negated {
						a.row.Negated++
					}
					if !negatedMatches(ev.negated, args["negated"]) {
						continue
					}
					a.row.Events++
					a.articles[ev.source.Article] = true
					if ev.source.Publisher != "" {
						a.publishers[ev.source.Publisher] = true
					}
					if ev.date != "" {
						if a.row.First == "" || ev.date < a.row.First {
							a.row.First = ev.date
						}
						if ev.date > a.row.Last {
							a.row.Last = ev.date
						}
					}
					if ev.actor != "" {
						a.actors[ev.actor]++
					}
				}
			}
		}
	}
	var rows []baseRow
	for _, k := range order {
		a := aggs[k]
		if a.row.Events == 0 {
			continue
		}
		a.row.Articles, a.row.Publishers = int64(len(a.articles)), int64(len(a.publishers))
		for name, n := range a.actors {
			a.row.Actors = append(a.row.Actors, graph.ActorCount{Actor: name, Events: n})
		}
		slices.SortFunc(a.row.Actors, func(x, y graph.ActorCount) int {
			return cmp.Or(cmp.Compare(y.Events, x.Events), strings.Compare(x.Actor, y.Actor))
		})
		a.row.Actors = a.row.Actors[:min(len(a.row.Actors), graph.MaxRowActors)]
		rows = append(rows, a.row)
	}
	return rows, nil
}

type rowKey struct {
	base, typ, date, actor, country string
	negated                         bool
}

// runBaseEvents is the former bases answer, one row per base, event
// type, date and actor, with its sources: the countries query groups it by
// host country. It scans every matching event.
func runBaseEvents(ctx context.Context, s *graph.Store, args Args) (*Result, error) {
	r := newReader(s)
	types := newsgraph.EventTypes
	if t := args["event"]; t != "" {
		types = []string{t}
	}
	var links []quad.IRI
	switch args["negated"] {
	case "true":
		links = []quad.IRI{schema.LinkedToNegatedEvent}
	case "any":
		links = []quad.IRI{schema.LinkedToEvent, schema.LinkedToNegatedEvent}
	default:
		links = []quad.IRI{schema.LinkedToEvent}
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
	}
	// Operators are stored as the gazetteer's names ("United States"), so
	// an alias argument ("US") is resolved to the entity's names first.
	var operatorNames map[string]bool
	if o := args["operator"]; o != "" {
		nodes, err := r.resolveEntities(ctx, o)
		if err != nil {
			return nil, err
		}
		if operatorNames, err = r.names(ctx, nodes); err != nil {
			return nil, err
		}
		operatorNames[strings.ToLower(o)] = true
	}
	rows := map[rowKey]*Row{}
	var order []rowKey
	seenBase := map[string]bool{}
	for _, t := range types {
		ofType, err := r.subjectKeys(ctx, schema.EventType, schema.EventTypeIRI(t))
		if err != nil {
			return nil, err
		}
		for _, link := range links {
			bases, err := r.subjects(ctx, link, schema.EventTypeIRI(t))
			if err != nil {
				return nil, err
			}
			for _, b := range bases {
				bk := quad.StringOf(b) + "|" + t
				if seenBase[bk] {
					continue
				}
				seenBase[bk] = true
				// Only the three facts the row needs are read: a base
				// is the subject of its gazetteer facts restated by
				// every article that names it.
				baseName, err := r.str(ctx, b, schema.Name)
				if err != nil {
					return nil, err
				}
				country, err := r.countryOf(ctx, b)
				if err != nil {
					return nil, err
				}
				if countryNames != nil && !countryNames[strings.ToLower(country)] {
					continue
				}
				ops, err := r.all(ctx, b, schema.Operator)
				if err != nil {
					return nil, err
				}
				var operators []string
				for _, op := range ops {
					operators = append(operators, valueString(op))
				}
				slices.Sort(operators)
				if operatorNames != nil && !slices.ContainsFunc(operators, func(op string) bool { return operatorNames[strings.ToLower(op)] }) {
					continue
				}
				events, err := r.eventsAtBase(ctx, b, ofType)
				if err != nil {
					return nil, err
				}
				for _, ev := range events {
					if ev.typ != t || !negatedMatches(ev.negated, args["negated"]) || !inRange(ev.date, args["from"], args["to"]) || !statusMatches(ev.status, args["status"]) {
						continue
					}
					k := rowKey{base: baseName, typ: t, date: ev.date, actor: ev.actor, country: country, negated: ev.negated}
					row, ok := rows[k]
					if !ok {
						row = &Row{Values: map[string]any{
							"base": baseName, "country": country, "event": t, "date": ev.date,
							"actor": ev.actor, "negated": ev.negated, "status": ev.status,
							"operators": strings.Join(operators, "; "),
						}}
						rows[k] = row
						order = append(order, k)
					}
					addSource(row, ev.source)
				}
			}
		}
	}
	res := &Result{Columns: []string{"base", "country", "operators", "event", "date", "actor", "negated", "status", "articles", "sources"}}
	for _, k := range order {
		res.Rows = append(res.Rows, *rows[k])
	}
	sortRows(res.Rows, "base", "event", "date", "actor")
	return res, nil
}

// eventsAtBase reads the events at base whose node is in ofType (keys of
// refKey). Events of other types are skipped by reference, before the
// event and its article are read (reading each event's type was 45% of
// the bases query's time at 10k articles on bolt).
func (r *reader) eventsAtBase(ctx context.Context, base quad.Value, ofType map[any]bool) ([]*eventInfo, error) {
	nodes, err := r.subjects(ctx, schema.AtBase, base)
	if err != nil {
		return nil, err
	}
	var out []*eventInfo
	for _, en := range nodes {
		ek, err := r.refKey(en)
		if err != nil {
			return nil, err
		}
		if !ofType[ek] {
			continue
		}
		ev, err := r.event(ctx, en)
		if err != nil {
			return nil, err
		}
		out = append(out, ev)
	}
	return out, nil
}
