package queries

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

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

// runReports lists the event nodes of one event group, newest article
// first. It reads the group's reports only (schema.InGroup), and the page's
// reports in full.
func runReports(ctx context.Context, s *graph.Store, args Args) (*Result, error) {
	r := newReader(s)
	iri := groupIRI(args["event-id"])
	nodes, err := r.subjects(ctx, schema.InGroup, iri)
	if err != nil {
		return nil, err
	}
	if len(nodes) == 0 {
		return nil, fmt.Errorf("%w: no event with event-id %q (the store may predate event ids: re-ingest it)", ErrNoEntity, args["event-id"])
	}
	var reports []*eventInfo
	for _, n := range nodes {
		ev, err := r.event(ctx, n)
		if err != nil {
			return nil, err
		}
		reports = append(reports, ev)
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
