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

func init() {
	Register(Module{
		Name: "reports",
		Doc:  "the reports of one event of the events query (its event_id): each article's account, with its date, status, whether it denies the event, and its evidence sentence",
		Params: []Param{
			{Name: "event-id", Kind: "string", Required: true, Doc: "the event_id of an events row"},
		},
		Run:   runReports,
		Pages: true,
	})
}

// runReports lists the reports of one event group, newest article first:
// the group's members in the events index when the store keeps it (one
// prefix scan), else every event's facts, kept when they fall in the
// group.
func runReports(ctx context.Context, s *graph.Store, args Args) (*Result, error) {
	return newReader(s).reports(ctx, args)
}

// reports answers the reports query.
func (r *reader) reports(ctx context.Context, args Args) (*Result, error) {
	iri := groupIRI(args["event-id"])
	ix, err := r.eventIndex(ctx)
	if err != nil {
		return nil, err
	}
	var reports []*eventInfo
	if ix != nil {
		members, err := ix.members(ctx, iri)
		if err != nil {
			return nil, err
		}
		for _, m := range members {
			ev, err := r.eventFromRow(ctx, m.node, m.row)
			if err != nil {
				return nil, err
			}
			reports = append(reports, ev)
		}
	} else if reports, err = r.scanGroup(ctx, iri); err != nil {
		return nil, err
	}
	if len(reports) == 0 {
		return nil, fmt.Errorf("%w: no event with event-id %q (the store may predate event ids: re-ingest it)", ErrNoEntity, args["event-id"])
	}
	for _, ev := range reports {
		if err := r.eventSource(ctx, ev); err != nil {
			return nil, err
		}
	}
	// A group has as many reports as articles tell the event: tens, not
	// thousands, so the page is cut after reading them all.
	slices.SortFunc(reports, func(a, b *eventInfo) int {
		return cmp.Or(strings.Compare(b.source.Published, a.source.Published), strings.Compare(a.source.URL, b.source.URL), strings.Compare(a.evidence, b.evidence))
	})
	res := &Result{Columns: []string{"published", "publisher", "event", "date", "status", "negated", "actor", "bases", "country", "evidence", "sources"}, Total: len(reports)}
	res.Notes = append(res.Notes, "event: "+(&eventGroup{id: iri, reports: reports}).summary())
	offset, limit := PageArgs(args)
	for _, ev := range reports[min(offset, len(reports)):min(offset+limit, len(reports))] {
		row := Row{Values: map[string]any{
			"published": datePart(ev.source.Published), "publisher": ev.source.Publisher, "event": ev.typ,
			"date": ev.date, "status": ev.status, "negated": ev.negated, "actor": ev.actor,
			"bases": strings.Join(ev.bases, "; "), "country": ev.country, "evidence": ev.evidence,
		}}
		setSources(&row, []Source{ev.source})
		res.Rows = append(res.Rows, row)
	}
	return res, nil
}

// summary describes the event a group's reports tell, with its most
// precise date.
func (g *eventGroup) summary() string {
	ev := *g.reports[0]
	ev.negated, ev.date = false, g.date()
	return ev.summary()
}

// scanGroup reads every event of every type and keeps those of the group
// iri: the reports query on a store without the events index.
func (r *reader) scanGroup(ctx context.Context, iri quad.IRI) ([]*eventInfo, error) {
	var out []*eventInfo
	for _, t := range newsgraph.EventTypes {
		nodes, err := r.subjects(ctx, schema.EventType, schema.EventTypeIRI(t))
		if err != nil {
			return nil, err
		}
		for _, n := range nodes {
			ev, err := r.reportFacts(ctx, n)
			if err != nil {
				return nil, err
			}
			if ev.typ == t && ev.group == iri {
				out = append(out, ev)
			}
		}
	}
	return out, nil
}
