package graph

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/schema"
)

// The events side index holds what the events and reports queries read
// instead of the index quads article graphs once carried: each event's
// row, each event group's members, and facet postings in periods ordered
// newest first, with a count per facet and period for totals. All of it
// is a function of the event quads of the article graphs (schema.EventRows).

// EventIndexName names the events side index and its layout version.
const EventIndexName = "events-1"

// The buckets of the events side index.
const (
	// EventRowsBucket: event ID (schema.EventIDOf) → its row
	// (schema.MarshalEventRow).
	EventRowsBucket = "event_rows"
	// EventGroupsBucket: group ID (schema.GroupID) "\x00" event ID → the
	// event's row: a group's reports are one prefix scan.
	EventGroupsBucket = "event_groups"
	// EventFacetsBucket: facet (schema.FacetKey) "\x00" period key
	// (schema.PeriodKey) "\x00" group ID → "1", for every group with a
	// report of the facet: the newest groups of a facet come first.
	EventFacetsBucket = "event_facets"
	// EventFacetCountsBucket: facet "\x00" period key → the number of
	// groups EventFacetsBucket holds under it, in decimal.
	EventFacetCountsBucket = "event_facet_counts"
)

// EventFacetPrefix is the prefix of a facet's keys in EventFacetsBucket
// and EventFacetCountsBucket.
func EventFacetPrefix(facet string) []byte { return []byte(facet + "\x00") }

// EventGroupPrefix is the prefix of a group's members in
// EventGroupsBucket.
func EventGroupPrefix(group quad.IRI) []byte { return []byte(schema.GroupID(group) + "\x00") }

// eventIndexer keeps the events side index.
type eventIndexer struct{}

func (eventIndexer) Name() string { return EventIndexName }

func (eventIndexer) Buckets() []string {
	return []string{EventRowsBucket, EventGroupsBucket, EventFacetsBucket, EventFacetCountsBucket}
}

// IndexChanges gathers the events the changes remove and add, then
// rewrites each touched group once: its members before (read from the
// index), after, and the difference of their facets. A key is read at
// most once and before this call writes it, so no backend needs to read
// its own uncommitted writes.
func (eventIndexer) IndexChanges(ctx context.Context, w SideWriter, changes []GraphChange) error {
	olds, news := map[quad.IRI]schema.EventRow{}, map[quad.IRI]schema.EventRow{}
	for _, ch := range changes {
		if IsSummaryGraph(ch.Label) {
			continue
		}
		maps.Copy(olds, schema.EventRows(ch.Old))
		maps.Copy(news, schema.EventRows(ch.New))
	}
	for node, row := range news {
		if old, ok := olds[node]; ok && old.Equal(row) {
			delete(olds, node)
			delete(news, node)
		}
	}
	if len(olds) == 0 && len(news) == 0 {
		return nil
	}
	// Per group, the events leaving it and those joining it.
	type delta struct {
		gone   []quad.IRI
		joined map[quad.IRI]schema.EventRow
		period string
	}
	groups := map[quad.IRI]*delta{}
	touch := func(row schema.EventRow) *delta {
		g := row.Group()
		d, ok := groups[g]
		if !ok {
			d = &delta{joined: map[quad.IRI]schema.EventRow{}, period: schema.Period(row.Date)}
			groups[g] = d
		}
		return d
	}
	for node, row := range olds {
		if _, ok := news[node]; !ok {
			if err := w.SidePut(ctx, EventRowsBucket, []byte(schema.EventIDOf(node)), nil); err != nil {
				return fmt.Errorf("event row %s: %w", node, err)
			}
		}
		d := touch(row)
		d.gone = append(d.gone, node)
	}
	// A joining event's row is stored twice (by event, in its group).
	encoded := make(map[quad.IRI][]byte, len(news))
	for node, row := range news {
		encoded[node] = schema.MarshalEventRow(row)
		if err := w.SidePut(ctx, EventRowsBucket, []byte(schema.EventIDOf(node)), encoded[node]); err != nil {
			return fmt.Errorf("event row %s: %w", node, err)
		}
		touch(row).joined[node] = row
	}
	counts := map[string]int{}
	for _, g := range slices.Sorted(maps.Keys(groups)) {
		d := groups[g]
		prefix := EventGroupPrefix(g)
		members := map[string]schema.EventRow{}
		var bad error
		err := w.SideScan(ctx, EventGroupsBucket, prefix, nil, func(k, v []byte) bool {
			row, ok := schema.ParseEventRow(v)
			if !ok {
				bad = fmt.Errorf("event group %s: unreadable member %q", g, k)
				return false
			}
			members[string(k[len(prefix):])] = row
			return true
		})
		if err == nil {
			err = bad
		}
		if err != nil {
			return fmt.Errorf("event group %s: %w", g, err)
		}
		before := schema.Facets(slices.Collect(maps.Values(members)))
		for _, node := range d.gone {
			id := schema.EventIDOf(node)
			delete(members, id)
			if _, back := d.joined[node]; !back {
				if err := w.SidePut(ctx, EventGroupsBucket, append(slices.Clone(prefix), id...), nil); err != nil {
					return fmt.Errorf("event group %s: %w", g, err)
				}
			}
		}
		for node, row := range d.joined {
			id := schema.EventIDOf(node)
			members[id] = row
			if err := w.SidePut(ctx, EventGroupsBucket, append(slices.Clone(prefix), id...), encoded[node]); err != nil {
				return fmt.Errorf("event group %s: %w", g, err)
			}
		}
		after := schema.Facets(slices.Collect(maps.Values(members)))
		period := schema.PeriodKey(d.period)
		posting := func(f string) []byte { return []byte(f + "\x00" + period + "\x00" + schema.GroupID(g)) }
		for _, f := range before {
			if _, still := slices.BinarySearch(after, f); !still {
				if err := w.SidePut(ctx, EventFacetsBucket, posting(f), nil); err != nil {
					return fmt.Errorf("event facet %s: %w", f, err)
				}
				counts[f+"\x00"+period]--
			}
		}
		for _, f := range after {
			if _, was := slices.BinarySearch(before, f); !was {
				if err := w.SidePut(ctx, EventFacetsBucket, posting(f), []byte("1")); err != nil {
					return fmt.Errorf("event facet %s: %w", f, err)
				}
				counts[f+"\x00"+period]++
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		if counts[k] == 0 {
			continue
		}
		v, err := w.SideGet(ctx, EventFacetCountsBucket, []byte(k))
		if err != nil {
			return fmt.Errorf("event facet count %q: %w", k, err)
		}
		n := 0
		if v != nil {
			if n, err = strconv.Atoi(string(v)); err != nil {
				return fmt.Errorf("event facet count %q: %w", k, err)
			}
		}
		n += counts[k]
		var val []byte
		if n > 0 {
			val = []byte(strconv.Itoa(n))
		}
		if err := w.SidePut(ctx, EventFacetCountsBucket, []byte(k), val); err != nil {
			return fmt.Errorf("event facet count %q: %w", k, err)
		}
	}
	return nil
}
