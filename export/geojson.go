package export

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/schema"
)

// The GeoJSON export (RFC 7946) is for map tools (QGIS, kepler.gl): one
// FeatureCollection of Point features, longitude first, in WGS 84 (the
// only system RFC 7946 allows, so no "crs" member). It holds
//
//   - a feature per base with coordinates (kind "base"): its name,
//     country, operators, and its events counted by type, with a column
//     per event type on every base (events_withdrawal, ...), so a map
//     tool's attribute table has the same columns on every row;
//   - a feature per event and located base it happened at (kind "event"),
//     at that base's point: its type, date, actors, whether it was denied,
//     its status and the URL of the article that reports it (url; sources
//     lists every one). An event at two bases is two features with the
//     same event_id; an event at no located base is left out.
//
// Every property is a string, number or boolean: QGIS and kepler.gl show
// nested values as text.

// geoBase is a base with coordinates, as the first walk of the export
// finds it.
type geoBase struct {
	key       string // the base IRI's N-Quads form
	id        string
	name      string
	country   string
	operators string
	lon, lat  float64
	articles  int
}

// streamGeoJSON writes the GeoJSON export from one snapshot (see
// writeGeoJSON). Memory is the subject list, the directory of names and
// the located bases, not the events.
func streamGeoJSON(ctx context.Context, w io.Writer, s *graph.Store) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	err := s.View(ctx, func(snap *graph.Store) error {
		subjects, dir, err := scanSubjects(ctx, snap, true)
		if err != nil {
			return err
		}
		walk := func(fn func(*node) error) error {
			return walkSubjects(ctx, snap, subjects, func(qs []quad.Quad, _ []string) error {
				if n := nodeOf(qs); n != nil {
					return fn(n)
				}
				return nil
			})
		}
		return writeGeoJSON(bw, dir, walk)
	})
	if err != nil {
		return fmt.Errorf("export geojson: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write geojson: %w", err)
	}
	return nil
}

// modelGeoJSON writes the GeoJSON of quads held in memory (a query's
// articles).
func modelGeoJSON(w io.Writer, m *model) error {
	bw := bufio.NewWriter(w)
	walk := func(fn func(*node) error) error {
		for _, k := range m.order {
			if err := fn(m.nodes[k]); err != nil {
				return err
			}
		}
		return nil
	}
	if err := writeGeoJSON(bw, m, walk); err != nil {
		return fmt.Errorf("export geojson: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write geojson: %w", err)
	}
	return nil
}

// writeGeoJSON writes the FeatureCollection in two walks over the nodes
// (in a fixed order): the first finds the located bases and counts the
// events at each, the second writes the events after the bases.
func writeGeoJSON(bw *bufio.Writer, r resolver, walk func(fn func(*node) error) error) error {
	var bases []*geoBase
	counts := map[string]map[string]int{} // base key -> event type -> events
	err := walk(func(n *node) error {
		switch kind(n) {
		case "entity":
			if b := locatedBase(r, n); b != nil {
				bases = append(bases, b)
			}
		case "event":
			typ := eventType(n)
			for _, k := range sortedKeys(n.props[schema.AtBase]) {
				if counts[k] == nil {
					counts[k] = map[string]int{}
				}
				counts[k][typ]++
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	located := make(map[string]*geoBase, len(bases))
	for _, b := range bases {
		located[b.key] = b
	}
	g := &geoWriter{bw: bw}
	g.begin()
	for _, b := range bases {
		if err := g.feature("base/"+b.id, b, baseProperties(b, counts[b.key])); err != nil {
			return err
		}
	}
	err = walk(func(n *node) error {
		if kind(n) != "event" {
			return nil
		}
		for _, k := range sortedKeys(n.props[schema.AtBase]) {
			if b := located[k]; b != nil {
				if err := g.feature(idKey(n.iri)+"@"+b.id, b, eventProperties(r, n, b)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	g.end()
	return nil
}

// locatedBase is n as a base feature, or nil when n is not a base or has
// no coordinates a map can place (missing, not numbers, out of range).
func locatedBase(r resolver, n *node) *geoBase {
	if !slices.Contains(entityTypes(n), "Base") {
		return nil
	}
	lat, okLat := coordinate(n.props[schema.Latitude], 90)
	lon, okLon := coordinate(n.props[schema.Longitude], 180)
	if !okLat || !okLon {
		return nil
	}
	var ops []string
	for _, o := range n.props[schema.Operator] {
		ops = append(ops, valueString(o))
	}
	slices.Sort(ops)
	return &geoBase{
		key: quad.StringOf(n.iri), id: idOf(n.iri), name: n.str(schema.Name),
		country:   strings.Join(namesOf(r, n.props[schema.ContainedInPlace]), "; "),
		operators: strings.Join(ops, "; "),
		lon:       lon, lat: lat, articles: len(n.articles),
	}
}

// coordinate reads the first value of a latitude or longitude: a number
// (native or as text) within ±limit.
func coordinate(vs []quad.Value, limit float64) (float64, bool) {
	if len(vs) == 0 {
		return 0, false
	}
	var f float64
	switch v := vs[0].Native().(type) {
	case float64:
		f = v
	case int64:
		f = float64(v)
	default:
		var err error
		if f, err = strconv.ParseFloat(valueString(vs[0]), 64); err != nil {
			return 0, false
		}
	}
	if math.IsNaN(f) || math.Abs(f) > limit {
		return 0, false
	}
	return f, true
}

// baseProperties are a base feature's properties: a count per event type
// (every type newsgraph knows, zeros included) and their total.
func baseProperties(b *geoBase, counts map[string]int) map[string]any {
	p := map[string]any{
		"kind": "base", "id": b.id, "name": b.name, "country": b.country,
		"operators": b.operators, "articles": b.articles,
	}
	total := 0
	for _, t := range eventTypes(counts) {
		p["events_"+t] = counts[t]
		total += counts[t]
	}
	p["events"] = total
	return p
}

// eventTypes are newsgraph's event types, then any other type the counts
// hold (from an imported graph), sorted.
func eventTypes(counts map[string]int) []string {
	out := slices.Clone(newsgraph.EventTypes)
	var extra []string
	for t := range counts {
		if !slices.Contains(out, t) {
			extra = append(extra, t)
		}
	}
	slices.Sort(extra)
	return append(out, extra...)
}

// eventProperties are an event feature's properties, at base b.
func eventProperties(r resolver, n *node, b *geoBase) map[string]any {
	urls := articleURLs(r, n)
	first := ""
	if len(urls) > 0 {
		first = urls[0]
	}
	return map[string]any{
		"kind": "event", "event_id": idOf(n.iri), "event_type": eventType(n),
		"date":    n.str(schema.EventDate),
		"actor":   strings.Join(namesOf(r, n.props[schema.Actor]), "; "),
		"negated": n.str(schema.Negated) == "true",
		"status":  n.str(schema.Status),
		"base":    b.name, "base_id": b.id,
		"country":  strings.Join(namesOf(r, n.props[schema.InCountry]), "; "),
		"summary":  eventSummary(r, n),
		"articles": len(n.articles), "url": first, "sources": strings.Join(urls, " "),
	}
}

// sortedKeys are the N-Quads forms of values, sorted and distinct.
func sortedKeys(vs []quad.Value) []string {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		out = append(out, quad.StringOf(v))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// geoWriter writes a FeatureCollection one feature at a time.
type geoWriter struct {
	bw       *bufio.Writer
	features int
}

func (g *geoWriter) begin() {
	g.bw.WriteString(`{"type":"FeatureCollection","features":[`)
}

func (g *geoWriter) end() {
	g.bw.WriteString("\n]}\n")
}

// geoFeature is an RFC 7946 Feature with a Point geometry.
type geoFeature struct {
	Type       string         `json:"type"`
	ID         string         `json:"id"`
	Geometry   geoPoint       `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

type geoPoint struct {
	Type string `json:"type"`
	// Coordinates are longitude then latitude (RFC 7946, 3.1.1).
	Coordinates [2]float64 `json:"coordinates"`
}

func (g *geoWriter) feature(id string, at *geoBase, props map[string]any) error {
	b, err := json.Marshal(geoFeature{
		Type: "Feature", ID: id,
		Geometry:   geoPoint{Type: "Point", Coordinates: [2]float64{at.lon, at.lat}},
		Properties: props,
	})
	if err != nil {
		return err
	}
	if g.features > 0 {
		g.bw.WriteByte(',')
	}
	g.features++
	g.bw.WriteByte('\n')
	g.bw.Write(b)
	return nil
}
