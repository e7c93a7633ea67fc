package schema

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/google/uuid"

	"github.com/newsgraph/newsgraph"
)

// Layout names the shape of an article's graph beyond what the extractor
// decides (the index quads below). It joins the extractor identity stored
// with every article, so a store written with another layout is
// re-extracted by the next ingest instead of left half indexed.
const Layout = "layout/events-index-2-no-namekeys"

// Index quads give the named queries short entry points. They are written
// in the article's own named graph, beside the event they describe, so an
// article's replacement or deletion takes its index entries with it and a
// fact's provenance stays exact: nothing is summarised across articles,
// every cross-article answer is read from the entries of the articles that
// state it.
//
// Three kinds, per event:
//
//   - EventRowP: the event as one literal (EventRow), so a query reads one
//     quad instead of the event's dozen facts and their values.
//   - InGroup: the event's group (EventGroupIRI), the node standing for
//     "the same event told by several articles".
//   - FacetP: facet keys on the group (FacetIRI), for its event type and
//     per entity it involves (none, its country, its actor,
//     each base), for its period (month, year or undated) and its class
//     (asserted or negated, current or not). A page of the newest events
//     of a facet reads the keys of its newest periods only.
//   - InYear: the group's year (YearIRI), so a query probes the years that
//     exist instead of every key of every year.
var (
	EventRowP = quad.IRI(NS + "eventRow")
	InGroup   = quad.IRI(NS + "inGroup")
	FacetP    = quad.IRI(NS + "facet")
	InYear    = quad.IRI(NS + "inYear")
)

// EventRow is what a query needs of one reported event, apart from its
// evidence sentence: entities as node IRIs (their names are read once per
// query, not once per event).
type EventRow struct {
	Type    string   `json:"t"`
	Date    string   `json:"d,omitempty"`
	Negated bool     `json:"n,omitempty"`
	Status  string   `json:"s,omitempty"`
	Actor   string   `json:"a,omitempty"`
	Country string   `json:"c,omitempty"`
	Bases   []string `json:"b,omitempty"`
	Places  []string `json:"p,omitempty"`
	Article string   `json:"r,omitempty"`
}

// ParseEventRow reads an EventRowP literal.
func ParseEventRow(v quad.Value) (EventRow, bool) {
	s, ok := v.(quad.String)
	if !ok {
		return EventRow{}, false
	}
	var row EventRow
	if err := json.Unmarshal([]byte(s), &row); err != nil {
		return EventRow{}, false
	}
	return row, true
}

// Period is the index period of a date: its month ("2025-08"), its year
// when it gives no month ("2025"), or "-" when there is no date.
func Period(date string) string {
	switch {
	case len(date) >= 7:
		return date[:7]
	case len(date) >= 4:
		return date[:4]
	}
	return "-"
}

// EventGroupIRI is the node of the event several reports tell: the same
// type, actor, country and bases in the same period (see Period). Dates
// inside a month do not split a group, so a report dated "2025-08" and
// one dated "2025-08-24" are one event; a year-only date is its own
// period, as is no date at all. Negation and status are not part of the
// key: a report that denies what another asserts is the same event,
// disputed.
func EventGroupIRI(typ, actor, country string, bases []string, date string) quad.IRI {
	bs := slices.Clone(bases)
	slices.Sort(bs)
	bs = slices.Compact(bs)
	key := strings.Join([]string{"event-group", typ, actor, country, strings.Join(bs, " "), Period(date)}, "\x00")
	return quad.IRI(IDBase + "event-group/" + uuid.NewSHA1(Namespace, []byte(key)).String())
}

// Facet dimensions: which entity a facet key is about.
const (
	FacetAny     = "-"
	FacetCountry = "c"
	FacetActor   = "a"
	FacetBase    = "b"
)

// FacetClass is the class part of a facet key: "a" asserted, "n" negated,
// prefixed by "x" when the status is not current (planned, historical,
// hypothetical), so the default question (current, asserted) reads its
// own keys only.
func FacetClass(negated bool, status string) string {
	c := "a"
	if negated {
		c = "n"
	}
	if status != "" && status != newsgraph.StatusCompleted && status != newsgraph.StatusOngoing {
		c = "x" + c
	}
	return c
}

// FacetIRI is a facet key: events of type typ that
// involve entity (an entity IRI, or "" with dim FacetAny) in role dim, in
// period, of class.
func FacetIRI(typ, dim, entity, period, class string) quad.IRI {
	id := "-"
	if dim != FacetAny {
		id = strings.TrimPrefix(entity, IDBase+"entity/")
	}
	return quad.IRI(NS + "facet/" + typ + "/" + dim + "/" + id + "/" + period + "/" + class)
}

// YearIRI marks a year in which some event group has its period.
func YearIRI(year string) quad.IRI { return quad.IRI(NS + "facet-year/" + year) }

// indexQuads derives the index quads of the events among qs (the quads of
// one article's graph, before sorting), labelled like them.
func indexQuads(qs []quad.Quad) []quad.Quad {
	type event struct {
		label quad.Value
		row   EventRow
	}
	events := map[quad.Value]*event{}
	var order []quad.Value
	for _, q := range qs {
		node, ok := q.Subject.(quad.IRI)
		if !ok || !strings.HasPrefix(string(node), IDBase+"event/") {
			continue
		}
		ev, ok := events[node]
		if !ok {
			ev = &event{label: q.Label}
			events[node] = ev
			order = append(order, node)
		}
		iri := func() string { s, _ := q.Object.(quad.IRI); return string(s) }
		switch q.Predicate {
		case EventType:
			ev.row.Type = strings.TrimPrefix(iri(), NS+"event/")
		case EventDate:
			ev.row.Date = valueText(q.Object)
		case Negated:
			b, _ := q.Object.(quad.Bool)
			ev.row.Negated = bool(b)
		case Status:
			ev.row.Status = valueText(q.Object)
		case Actor:
			ev.row.Actor = iri()
		case InCountry:
			ev.row.Country = iri()
		case AtBase:
			ev.row.Bases = append(ev.row.Bases, iri())
		case AtPlace:
			ev.row.Places = append(ev.row.Places, iri())
		case ReportedIn:
			ev.row.Article = iri()
		}
	}
	var out []quad.Quad
	for _, node := range order {
		ev := events[node]
		row := ev.row
		for _, l := range []*[]string{&row.Bases, &row.Places} {
			slices.Sort(*l)
			*l = slices.Compact(*l)
		}
		add := func(s quad.Value, p quad.IRI, o quad.Value) {
			out = append(out, quad.Quad{Subject: s, Predicate: p, Object: o, Label: ev.label})
		}
		js, err := json.Marshal(row)
		if err != nil {
			// A struct of strings and a bool always marshals.
			panic(err)
		}
		add(node, EventRowP, quad.String(js))
		group := EventGroupIRI(row.Type, row.Actor, row.Country, row.Bases, row.Date)
		add(node, InGroup, group)
		period, class := Period(row.Date), FacetClass(row.Negated, row.Status)
		if period != "-" {
			add(group, InYear, YearIRI(period[:4]))
		}
		typ := row.Type
		add(group, FacetP, FacetIRI(typ, FacetAny, "", period, class))
		if row.Country != "" {
			add(group, FacetP, FacetIRI(typ, FacetCountry, row.Country, period, class))
		}
		if row.Actor != "" {
			add(group, FacetP, FacetIRI(typ, FacetActor, row.Actor, period, class))
		}
		for _, b := range row.Bases {
			add(group, FacetP, FacetIRI(typ, FacetBase, b, period, class))
		}
	}
	return out
}

func valueText(v quad.Value) string {
	switch v := v.(type) {
	case quad.String:
		return string(v)
	case quad.IRI:
		return string(v)
	case nil:
		return ""
	}
	return quad.StringOf(v)
}
