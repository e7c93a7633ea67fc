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
// decides. It joins the extractor identity stored with every article, so a
// store written with another layout is re-extracted by the next ingest.
// Layout 3 writes no index quads: the events' rows, groups and facets live
// in the events side index (graph/eventindex.go), derived from the event
// quads below; and no per-article name keys (the names side index,
// graph/nameindex.go, keeps them).
const Layout = "layout/events-side-3-no-namekeys"

// The events side index is keyed by what this file defines: an event's
// row (EventRow), its group (EventGroupIRI), and facet keys per group
// (FacetKey) in periods (Period, PeriodKey), so that a page of the newest
// events of a facet is a short ascending scan. Nothing is summarised across
// articles beyond the group: every cross-article answer is read from the
// rows of the articles that state it.

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

// Group is the IRI of the event group the row's event belongs to.
func (r EventRow) Group() quad.IRI {
	return EventGroupIRI(r.Type, r.Actor, r.Country, r.Bases, r.Date)
}

// Equal reports whether two rows say the same.
func (r EventRow) Equal(o EventRow) bool {
	return r.Type == o.Type && r.Date == o.Date && r.Negated == o.Negated && r.Status == o.Status &&
		r.Actor == o.Actor && r.Country == o.Country && r.Article == o.Article &&
		slices.Equal(r.Bases, o.Bases) && slices.Equal(r.Places, o.Places)
}

// ParseEventRow reads a row stored by MarshalEventRow.
func ParseEventRow(b []byte) (EventRow, bool) {
	var row EventRow
	if err := json.Unmarshal(b, &row); err != nil {
		return EventRow{}, false
	}
	return row, true
}

// MarshalEventRow encodes a row for the side index.
func MarshalEventRow(row EventRow) []byte {
	js, err := json.Marshal(row)
	if err != nil {
		// A struct of strings and a bool always marshals.
		panic(err)
	}
	return js
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

// PeriodKey encodes a period so that ascending byte order is the order
// of the events query: newest first, a year's months before the year
// itself, undated last. Digits are inverted (9-d); a year alone ends in
// "~", which sorts after its months' "-"; undated is "~".
func PeriodKey(period string) string {
	if period == "-" || period == "" {
		return "~"
	}
	b := []byte(period)
	for i, c := range b {
		if c >= '0' && c <= '9' {
			b[i] = '9' - c + '0'
		}
	}
	if len(period) == 4 {
		b = append(b, '~')
	}
	return string(b)
}

// PeriodOfKey is the period PeriodKey encoded.
func PeriodOfKey(key string) string {
	if key == "~" {
		return "-"
	}
	b := []byte(strings.TrimSuffix(key, "~"))
	for i, c := range b {
		if c >= '0' && c <= '9' {
			b[i] = '9' - c + '0'
		}
	}
	return string(b)
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

// GroupID is the short form of an event group's IRI.
func GroupID(iri quad.IRI) string {
	return strings.TrimPrefix(string(iri), IDBase+"event-group/")
}

// EventIDOf is the ID of an event node (the inverse of EventIRI).
func EventIDOf(iri quad.IRI) string { return strings.TrimPrefix(string(iri), IDBase+"event/") }

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

// FacetKey is a facet: events of type typ that involve entity (an entity
// IRI, or "" with dim FacetAny) in role dim, of class.
func FacetKey(typ, dim, entity, class string) string {
	id := "-"
	if dim != FacetAny {
		id = strings.TrimPrefix(entity, IDBase+"entity/")
	}
	return typ + "/" + dim + "/" + id + "/" + class
}

// Facets are the facet keys of an event group with these reports: per
// report's class, its type alone and with its country, actor and each
// base. The entities are the group's (its key), only the classes vary.
func Facets(rows []EventRow) []string {
	var out []string
	for _, row := range rows {
		class := FacetClass(row.Negated, row.Status)
		out = append(out, FacetKey(row.Type, FacetAny, "", class))
		if row.Country != "" {
			out = append(out, FacetKey(row.Type, FacetCountry, row.Country, class))
		}
		if row.Actor != "" {
			out = append(out, FacetKey(row.Type, FacetActor, row.Actor, class))
		}
		for _, b := range row.Bases {
			out = append(out, FacetKey(row.Type, FacetBase, b, class))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// EventRows derives the rows of the events among qs (the quads of one
// article's graph), by event node.
func EventRows(qs []quad.Quad) map[quad.IRI]EventRow {
	events := map[quad.IRI]*EventRow{}
	for _, q := range qs {
		node, ok := q.Subject.(quad.IRI)
		if !ok || !strings.HasPrefix(string(node), IDBase+"event/") {
			continue
		}
		row, ok := events[node]
		if !ok {
			row = &EventRow{}
			events[node] = row
		}
		iri := func() string { s, _ := q.Object.(quad.IRI); return string(s) }
		switch q.Predicate {
		case EventType:
			row.Type = strings.TrimPrefix(iri(), NS+"event/")
		case EventDate:
			row.Date = valueText(q.Object)
		case Negated:
			b, _ := q.Object.(quad.Bool)
			row.Negated = bool(b)
		case Status:
			row.Status = valueText(q.Object)
		case Actor:
			row.Actor = iri()
		case InCountry:
			row.Country = iri()
		case AtBase:
			row.Bases = append(row.Bases, iri())
		case AtPlace:
			row.Places = append(row.Places, iri())
		case ReportedIn:
			row.Article = iri()
		}
	}
	out := make(map[quad.IRI]EventRow, len(events))
	for node, row := range events {
		if row.Type == "" {
			// Not an event's facts (a stray subject under the prefix).
			continue
		}
		for _, l := range []*[]string{&row.Bases, &row.Places} {
			slices.Sort(*l)
			*l = slices.Compact(*l)
		}
		out[node] = *row
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
