// Package export owns the formats the graph leaves newsgraph in:
//
//	nquads   every quad with its named graph (the article), sorted, typed
//	         literals with full XSD datatype IRIs in canonical form;
//	         re-import gives the same graph
//	jsonld   the same quads as JSON-LD, one named graph per article
//	         ({"@id": article, "@graph": [node objects]}), IRIs shortened
//	         by the schema.org and newsgraph prefixes of an inline
//	         @context; re-import gives the same graph
//	csv      one row per entity or event, for spreadsheets and pandas
//	graphml  articles, entities and events as typed, labelled nodes and
//	         their relations as edges, for Gephi and yEd
//	geojson  bases with coordinates and the events at them as points, for
//	         QGIS and kepler.gl (RFC 7946)
//
// It also writes a named query's rows as CSV, and reads nquads and jsonld
// back (Import). Package graph reads and writes the quads; this package
// only turns them into and out of bytes.
package export

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/queries"
	"github.com/newsgraph/newsgraph/schema"
)

// Format names.
const (
	NQuads  = "nquads"
	JSONLD  = "jsonld"
	CSV     = "csv"
	GraphML = "graphml"
	GeoJSON = "geojson"
)

// ErrUnknownFormat is returned for a format name this package lacks.
var ErrUnknownFormat = errors.New("unknown export format")

// Format describes one export format.
type Format struct {
	Name string `json:"name"`
	// MIME is the media type to serve it with.
	MIME string `json:"mime"`
	// Ext is the usual file extension, with its dot.
	Ext string `json:"ext"`
	Doc string `json:"doc"`
	// Importable formats round-trip: Import reads them back.
	Importable bool `json:"importable"`
}

var formats = []Format{
	{NQuads, "application/n-quads", ".nq", "every quad with its article as named graph, sorted", true},
	{JSONLD, "application/ld+json", ".jsonld", "the quads as JSON-LD, one named graph per article", true},
	{CSV, "text/csv; charset=utf-8", ".csv", "one row per entity or event (a query's rows with a query)", false},
	{GraphML, "application/graphml+xml", ".graphml", "articles, entities and events as typed, labelled nodes, their relations as edges", false},
	{GeoJSON, "application/geo+json", ".geojson", "bases with coordinates and the events at them as points (RFC 7946), for QGIS and kepler.gl", false},
}

// Formats lists the export formats.
func Formats() []Format { return slices.Clone(formats) }

// Lookup finds a format by name.
func Lookup(name string) (Format, error) {
	for _, f := range formats {
		if f.Name == name {
			return f, nil
		}
	}
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = f.Name
	}
	return Format{}, fmt.Errorf("%w %q (want %s)", ErrUnknownFormat, name, strings.Join(names, ", "))
}

// Graph writes the whole graph in a format. Every format streams with
// little memory inside one snapshot: N-Quads, csv and graphml one subject
// at a time (streamNQuads, streamCSV, streamGraphML, streamGeoJSON),
// JSON-LD one named graph at a time (streamJSONLD).
func Graph(ctx context.Context, w io.Writer, s *graph.Store, format string) error {
	if _, err := Lookup(format); err != nil {
		return err
	}
	switch format {
	case NQuads:
		return streamNQuads(ctx, w, s)
	case CSV:
		return streamCSV(ctx, w, s)
	case GraphML:
		return streamGraphML(ctx, w, s)
	case GeoJSON:
		return streamGeoJSON(ctx, w, s)
	default:
		return streamJSONLD(ctx, w, s)
	}
}

// Quads writes quads in a format.
func Quads(w io.Writer, qs []quad.Quad, format string) error {
	switch format {
	case NQuads:
		return writeNQuads(w, qs)
	case JSONLD:
		return writeJSONLD(w, qs)
	case CSV:
		return writeCSV(w, newModel(qs))
	case GraphML:
		return writeGraphML(w, newModel(qs))
	case GeoJSON:
		return modelGeoJSON(w, newModel(qs))
	}
	_, err := Lookup(format)
	return err
}

// Result writes what a query answered in a format: its rows for csv, and
// for the graph formats the named graphs of the articles its rows cite, so
// the evidence behind an answer can be exported and re-imported.
func Result(ctx context.Context, w io.Writer, s *graph.Store, res *queries.Result, format string) error {
	if _, err := Lookup(format); err != nil {
		return err
	}
	if format == CSV {
		return ResultCSV(w, res)
	}
	seen := map[string]bool{}
	var qs []quad.Quad
	err := s.View(ctx, func(snap *graph.Store) error {
		for _, row := range res.Rows {
			for _, src := range row.Sources {
				if src.Article == "" || seen[src.Article] {
					continue
				}
				seen[src.Article] = true
				aq, err := snap.ArticleQuads(ctx, schema.ArticleIRI(src.Article))
				if err != nil {
					return err
				}
				qs = append(qs, aq...)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	slices.SortFunc(qs, func(a, b quad.Quad) int { return strings.Compare(a.NQuad(), b.NQuad()) })
	return Quads(w, qs, format)
}

// Import reads a graph export (nquads or jsonld) into the store.
func Import(ctx context.Context, s *graph.Store, r io.Reader, format string) (int, error) {
	var rd quad.ReadCloser
	switch format {
	case NQuads:
		rd = nquads.NewReader(r, false)
	case JSONLD:
		var err error
		if rd, err = readJSONLD(r); err != nil {
			return 0, fmt.Errorf("import: %w", err)
		}
	default:
		if _, err := Lookup(format); err != nil {
			return 0, err
		}
		return 0, fmt.Errorf("%w %q: only nquads and jsonld can be imported", ErrUnknownFormat, format)
	}
	defer rd.Close()
	return s.ImportQuads(ctx, guardedReader{ReadCloser: rd, nquadsOnly: format == JSONLD})
}

// writeNQuads writes one quad a line, literals in canonical form
// (canonicalQuad), sorted and de-duplicated.
func writeNQuads(w io.Writer, qs []quad.Quad) error {
	lines := make([]string, len(qs))
	for i, q := range qs {
		lines[i] = canonicalQuad(q).NQuad()
	}
	slices.Sort(lines)
	lines = slices.Compact(lines)
	bw := bufio.NewWriter(w)
	for _, l := range lines {
		bw.WriteString(l)
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write nquads: %w", err)
	}
	return nil
}

// ldContext compacts the JSON-LD output: the IRIs stay the same, only
// their spelling in the file gets shorter, so re-import gives the same
// quads.
var ldContext = map[string]string{
	"schema": schema.SchemaOrg,
	"rdf":    schema.RDF,
	"ng":     schema.NS,
	"ngid":   schema.IDBase,
	"xsd":    "http://www.w3.org/2001/XMLSchema#",
}
