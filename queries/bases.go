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
	eventEnum := append([]string{""}, newsgraph.EventTypes...)
	Register(Module{
		Name: "bases",
		Doc:  "military bases linked to events, with the event's date, actor and the articles that report it",
		Params: []Param{
			{Name: "event", Kind: "string", Enum: eventEnum, Doc: "event type (empty: any)"},
			{Name: "country", Kind: "string", Doc: "host country of the base (name or alias)"},
			{Name: "operator", Kind: "string", Doc: "who operates the base (name or alias), from the gazetteer"},
			{Name: "from", Kind: "date", Doc: "events on or after this date"},
			{Name: "to", Kind: "date", Doc: "events on or before this date"},
			negatedParam("false: only asserted events; true: only events the text negates or denies; any: both"),
			{Name: "status", Kind: "string", Default: "current", Enum: statusEnum, Doc: "current: events told as done or under way; any: every status, background, plans and hypotheticals included; or one status"},
		},
		Run: runBases,
	})
}

type rowKey struct {
	base, typ, date, actor, country string
	negated                         bool
}

func runBases(ctx context.Context, s *graph.Store, args Args) (*Result, error) {
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
				events, err := r.subjects(ctx, schema.AtBase, b)
				if err != nil {
					return nil, err
				}
				for _, en := range events {
					// The base's events of other types are skipped by
					// reference, before the event and its article are
					// read (reading each event's type was 45% of this
					// query's time at 10k articles on bolt).
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
