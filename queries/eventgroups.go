package queries

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/schema"
)

// One event, many reports. Every article that tells an event has an event
// node of its own; the events query answers one row per event told, with
// the reports grouped by schema.EventGroupIRI: the same type, actor,
// country and bases within the same month (or year, or undated). The row
// says how well the event is corroborated (distinct articles and
// publishers), gives the most precise date any report gives, lists each
// report's evidence in its sources, and marks an event some reports assert
// and others deny as disputed, with both counts, instead of showing two
// rows that each look settled.

// eventColumns are the columns of the events query.
var eventColumns = []string{"event", "date", "actor", "country", "bases", "places", "negated", "disputed", "asserted", "denied", "status", "articles", "publisher_count", "event_id", "sources"}

// eventGroup is the reports of one event that match a query's status
// filter.
type eventGroup struct {
	id      quad.IRI
	reports []*eventInfo
}

// GroupID is the short form of an event group's IRI, the value of the
// event_id column and of the reports query's event-id parameter.
func groupID(iri quad.IRI) string { return schema.GroupID(iri) }

// groupIRI reads an event-id argument: the short form or the whole IRI.
func groupIRI(id string) quad.IRI {
	id = strings.Trim(strings.TrimSpace(id), "<>")
	if strings.HasPrefix(id, schema.IDBase) {
		return quad.IRI(id)
	}
	return quad.IRI(schema.IDBase + "event-group/" + id)
}

// date is the most precise date any report gives; of two equally precise
// ones, the earlier.
func (g *eventGroup) date() string {
	best := ""
	for _, ev := range g.reports {
		if d := ev.date; len(d) > len(best) || len(d) == len(best) && d < best {
			best = d
		}
	}
	return best
}

// matches reports whether some report passes the negated filter (false,
// true or any): a disputed event answers both false and true.
func (g *eventGroup) matches(negated string) bool {
	return slices.ContainsFunc(g.reports, func(ev *eventInfo) bool { return negatedMatches(ev.negated, negated) })
}

// row is the group's answer row.
func (g *eventGroup) row() Row {
	var asserted, denied int
	var statuses string
	var places []string
	articles, publishers := map[string]bool{}, map[string]bool{}
	var srcs []Source
	for _, ev := range g.reports {
		if ev.negated {
			denied++
		} else {
			asserted++
		}
		statuses = joinSet(statuses, ev.status)
		for _, p := range ev.places {
			if !slices.Contains(places, p) {
				places = append(places, p)
			}
		}
		if ev.source.Article == "" {
			continue
		}
		articles[ev.source.Article] = true
		if ev.source.Publisher != "" {
			publishers[ev.source.Publisher] = true
		}
		srcs = append(srcs, ev.source)
	}
	// Reports come in index or scan order: the places are listed in one.
	slices.Sort(places)
	// One source per article (its first evidence sentence); an article
	// that tells the event twice shows both in the reports query.
	slices.SortFunc(srcs, func(a, b Source) int {
		return cmp.Or(strings.Compare(a.URL, b.URL), strings.Compare(a.Article, b.Article), strings.Compare(a.Evidence, b.Evidence))
	})
	srcs = slices.CompactFunc(srcs, func(a, b Source) bool { return a.Article == b.Article })
	first := g.reports[0]
	return Row{
		Values: map[string]any{
			"event": first.typ, "date": g.date(), "actor": first.actor, "country": first.country,
			"bases": strings.Join(first.bases, "; "), "places": strings.Join(places, "; "),
			"negated": asserted == 0, "disputed": asserted > 0 && denied > 0,
			"asserted": asserted, "denied": denied, "status": statuses,
			"articles": len(articles), "publisher_count": len(publishers), "event_id": groupID(g.id),
		},
		Sources:       srcs,
		Corroboration: len(articles),
	}
}

// compareGroups orders events newest first, then by type, actor and
// bases. Its date order is the order of index periods (see
// schema.Period): a month's dated days, then the month itself, then
// earlier months; a year's months, then the year; undated last. It reads
// only the reports' facts, so a query sorts a period's events before it
// reads the sources of the ones on its page.
func compareGroups(a, b *eventGroup) int {
	x, y := a.reports[0], b.reports[0]
	return cmp.Or(
		strings.Compare(b.date(), a.date()),
		strings.Compare(x.typ, y.typ),
		strings.Compare(x.actor, y.actor),
		strings.Compare(strings.Join(x.bases, "; "), strings.Join(y.bases, "; ")),
		strings.Compare(string(a.id), string(b.id)),
	)
}

// groupRows reads the sources of the groups' reports and returns their
// rows.
func (r *reader) groupRows(ctx context.Context, groups []*eventGroup) ([]Row, error) {
	rows := make([]Row, 0, len(groups))
	for _, g := range groups {
		for _, ev := range g.reports {
			if err := r.eventSource(ctx, ev); err != nil {
				return nil, err
			}
		}
		rows = append(rows, g.row())
	}
	return rows, nil
}

// groupReports gathers reports into their events, in first-seen order.
func groupReports(reports []*eventInfo) []*eventGroup {
	byID := map[quad.IRI]*eventGroup{}
	var out []*eventGroup
	for _, ev := range reports {
		g, ok := byID[ev.group]
		if !ok {
			g = &eventGroup{id: ev.group}
			byID[ev.group] = g
			out = append(out, g)
		}
		g.reports = append(g.reports, ev)
	}
	return out
}
