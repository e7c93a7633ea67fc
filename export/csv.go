package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph/queries"
	"github.com/newsgraph/newsgraph/schema"
)

// csvColumns are the columns of the graph CSV: the entity columns, then
// the event columns, then provenance. A row is an entity or an event (the
// kind column says which) and leaves the other kind's columns empty, so
// one file loads into one table: pandas can split it on kind.
var csvColumns = []string{
	"kind", "id", "type", "name", "aliases", "country", "latitude", "longitude", "operators",
	"event_type", "actor", "bases", "places", "date", "negated", "status", "evidence",
	"articles", "sources",
}

// writeCSV writes one row per entity and per event.
func writeCSV(w io.Writer, m *model) error {
	cw := newSafeWriter(csv.NewWriter(w))
	if err := cw.Write(csvColumns); err != nil {
		return err
	}
	for _, k := range m.order {
		row := csvRow(m, m.nodes[k])
		if row == nil {
			continue
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvRow is a node's row, or nil for the nodes the CSV leaves out
// (articles, classes, event types).
func csvRow(r resolver, n *node) []string {
	kind := kind(n)
	if kind == "" || kind == "article" {
		return nil
	}
	rec := map[string]string{
		"id": idOf(n.iri), "articles": strconv.Itoa(len(n.articles)),
		"sources": strings.Join(articleURLs(r, n), " "),
	}
	if kind == "event" {
		rec["kind"] = "event"
		rec["type"] = "Event"
		rec["event_type"] = eventType(n)
		rec["name"] = eventSummary(r, n)
		rec["actor"] = strings.Join(namesOf(r, n.props[schema.Actor]), "; ")
		rec["bases"] = strings.Join(namesOf(r, n.props[schema.AtBase]), "; ")
		rec["places"] = strings.Join(namesOf(r, n.props[schema.AtPlace]), "; ")
		rec["country"] = strings.Join(namesOf(r, n.props[schema.InCountry]), "; ")
		rec["date"] = n.str(schema.EventDate)
		rec["negated"] = n.str(schema.Negated)
		rec["status"] = n.str(schema.Status)
		rec["evidence"] = n.str(schema.Evidence)
	} else {
		rec["kind"] = "entity"
		rec["type"] = entityType(n)
		rec["name"] = n.str(schema.Name)
		var aliases []string
		for _, a := range n.props[schema.AlternateName] {
			aliases = append(aliases, valueString(a))
		}
		rec["aliases"] = strings.Join(aliases, "; ")
		rec["country"] = strings.Join(namesOf(r, n.props[schema.ContainedInPlace]), "; ")
		rec["latitude"] = n.str(schema.Latitude)
		rec["longitude"] = n.str(schema.Longitude)
		var ops []string
		for _, o := range n.props[schema.Operator] {
			ops = append(ops, valueString(o))
		}
		rec["operators"] = strings.Join(ops, "; ")
	}
	row := make([]string, len(csvColumns))
	for i, c := range csvColumns {
		row[i] = rec[c]
	}
	return row
}

// ResultCSV writes a query's rows as CSV: its columns, with sources as
// their URLs separated by spaces, and a corroboration column.
func ResultCSV(w io.Writer, res *queries.Result) error {
	cw := newSafeWriter(csv.NewWriter(w))
	cols := append([]string(nil), res.Columns...)
	hasSources := false
	for _, c := range cols {
		hasSources = hasSources || c == "sources"
	}
	if !hasSources {
		cols = append(cols, "sources")
	}
	cols = append(cols, "corroboration")
	if err := cw.Write(cols); err != nil {
		return err
	}
	for _, r := range res.Rows {
		row := make([]string, len(cols))
		for i, c := range cols {
			switch c {
			case "sources":
				urls := make([]string, len(r.Sources))
				for j, s := range r.Sources {
					urls[j] = s.URL
				}
				row[i] = strings.Join(urls, " ")
			case "corroboration":
				row[i] = strconv.Itoa(r.Corroboration)
			default:
				if v, ok := r.Values[c]; ok && v != nil {
					row[i] = fmt.Sprint(v)
				}
			}
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
