package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/internal/testenv"
	"github.com/newsgraph/newsgraph/queries"
	"github.com/newsgraph/newsgraph/schema"
)

// testStore holds testdata/articles, ingested once and only read.
var testStore = sync.OnceValues(func() (*graph.Store, error) {
	ctx := context.Background()
	s, err := graph.Open(ctx, "memory")
	if err != nil {
		return nil, err
	}
	p, err := extract.New(extract.Config{})
	if err != nil {
		return nil, err
	}
	files, err := testenv.ArticlePaths()
	if err != nil || len(files) < 10 {
		return nil, errors.Join(err, errors.New("testdata/articles not found"))
	}
	sum := (&ingest.Ingester{Store: s, Pipeline: p}).Ingest(ctx, files, ingest.Options{Workers: 2})
	if sum.Failed > 0 {
		return nil, sum.Errors[0]
	}
	return s, nil
})

func store(t *testing.T) *graph.Store {
	t.Helper()
	s, err := testStore()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func exportNQuads(t *testing.T, s *graph.Store) string {
	t.Helper()
	var b bytes.Buffer
	if err := s.Export(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestRoundTrip exports the graph, imports the export into an empty store
// and checks the second store holds the same quads as the first.
func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := store(t)
	want := exportNQuads(t, s)
	if strings.Count(want, "\n") < 500 {
		t.Fatalf("test graph too small to mean anything: %d quads", strings.Count(want, "\n"))
	}
	for _, format := range []string{NQuads, JSONLD} {
		t.Run(format, func(t *testing.T) {
			var out bytes.Buffer
			if err := Graph(ctx, &out, s, format); err != nil {
				t.Fatal(err)
			}
			if format == JSONLD && !json.Valid(out.Bytes()) {
				t.Fatalf("jsonld export is not JSON")
			}
			fresh, err := graph.Open(ctx, "memory")
			if err != nil {
				t.Fatal(err)
			}
			defer fresh.Close()
			n, err := Import(ctx, fresh, &out, format)
			if err != nil {
				t.Fatal(err)
			}
			if n != strings.Count(want, "\n") {
				t.Errorf("imported %d quads, exported %d", n, strings.Count(want, "\n"))
			}
			if got := exportNQuads(t, fresh); got != want {
				gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
				for i := range min(len(gl), len(wl)) {
					if gl[i] != wl[i] {
						t.Fatalf("re-imported graph differs at line %d:\n got %s\nwant %s", i+1, gl[i], wl[i])
					}
				}
				t.Fatalf("re-imported graph differs: %d lines, want %d", len(gl), len(wl))
			}
		})
	}
}

func TestCSV(t *testing.T) {
	var out bytes.Buffer
	if err := Graph(context.Background(), &out, store(t), CSV); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != strings.Join(csvColumns, ",") {
		t.Fatalf("header %v", recs[0])
	}
	col := map[string]int{}
	for i, c := range recs[0] {
		col[c] = i
	}
	kinds := map[string]int{}
	var asad, withdrawal bool
	for _, r := range recs[1:] {
		kinds[r[col["kind"]]]++
		if r[col["name"]] == "Ain al-Asad Air Base" {
			asad = true
			if r[col["type"]] != "Base" || r[col["country"]] != "Iraq" || r[col["latitude"]] == "" || !strings.Contains(r[col["aliases"]], "Al Asad Air Base") {
				t.Errorf("Ain al-Asad row %v", r)
			}
			if r[col["articles"]] == "0" || !strings.Contains(r[col["sources"]], "https://") {
				t.Errorf("Ain al-Asad row has no sources: %v", r)
			}
		}
		if r[col["event_type"]] == "withdrawal" && strings.Contains(r[col["bases"]], "Ain al-Asad Air Base") && r[col["negated"]] == "false" {
			withdrawal = true
			if r[col["evidence"]] == "" || r[col["articles"]] != "1" {
				t.Errorf("withdrawal row %v", r)
			}
		}
	}
	if kinds["entity"] == 0 || kinds["event"] == 0 || len(kinds) != 2 {
		t.Errorf("row kinds %v, want entity and event rows only", kinds)
	}
	if !asad || !withdrawal {
		t.Errorf("missing rows: Ain al-Asad %v, its withdrawal %v", asad, withdrawal)
	}
}

func TestGraphML(t *testing.T) {
	var out bytes.Buffer
	if err := Graph(context.Background(), &out, store(t), GraphML); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Keys []struct {
			ID   string `xml:"id,attr"`
			Name string `xml:"attr.name,attr"`
		} `xml:"key"`
		Graph struct {
			Nodes []struct {
				ID   string `xml:"id,attr"`
				Data []struct {
					Key   string `xml:"key,attr"`
					Value string `xml:",chardata"`
				} `xml:"data"`
			} `xml:"node"`
			Edges []struct {
				Source string `xml:"source,attr"`
				Target string `xml:"target,attr"`
			} `xml:"edge"`
		} `xml:"graph"`
	}
	if err := xml.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("not XML: %v", err)
	}
	ids := map[string]bool{}
	types := map[string]int{}
	labelled := 0
	for _, n := range doc.Graph.Nodes {
		ids[n.ID] = true
		for _, d := range n.Data {
			if d.Key == "type" {
				types[d.Value]++
			}
			if d.Key == "label" && d.Value != "" {
				labelled++
			}
		}
	}
	for _, typ := range []string{"Article", "Event", "Base", "Country", "Publisher"} {
		if types[typ] == 0 {
			t.Errorf("no %s nodes: %v", typ, types)
		}
	}
	if labelled != len(doc.Graph.Nodes) {
		t.Errorf("%d of %d nodes have a label", labelled, len(doc.Graph.Nodes))
	}
	if len(doc.Graph.Edges) == 0 {
		t.Fatal("no edges")
	}
	for _, e := range doc.Graph.Edges {
		if !ids[e.Source] || !ids[e.Target] {
			t.Fatalf("edge %s -> %s to a node not in the file", e.Source, e.Target)
		}
	}
}

func TestResultFormats(t *testing.T) {
	ctx := context.Background()
	s := store(t)
	res, err := queries.Run(ctx, s, "bases", queries.Args{"event": "withdrawal"})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := Result(ctx, &out, s, res, CSV); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(res.Rows)+1 || recs[0][0] != "base" || recs[0][len(recs[0])-1] != "corroboration" {
		t.Errorf("query csv: %d records for %d rows, header %v", len(recs), len(res.Rows), recs[0])
	}
	// The graph formats export the articles the rows cite, which
	// re-import as a subgraph of the store.
	out.Reset()
	if err := Result(ctx, &out, s, res, NQuads); err != nil {
		t.Fatal(err)
	}
	var whole bytes.Buffer
	if err := Graph(ctx, &whole, s, NQuads); err != nil {
		t.Fatal(err)
	}
	all := whole.String()
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) == 0 || len(lines) >= strings.Count(all, "\n") {
		t.Fatalf("query export has %d quads of %d", len(lines), strings.Count(all, "\n"))
	}
	for _, l := range lines {
		if !strings.Contains(all, l+"\n") {
			t.Fatalf("query export quad not in the store: %s", l)
		}
	}
}

func TestUnknownFormat(t *testing.T) {
	err := Graph(context.Background(), &bytes.Buffer{}, store(t), "xlsx")
	if !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("err = %v, want ErrUnknownFormat", err)
	}
	if _, err := Import(context.Background(), store(t), strings.NewReader(""), CSV); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("import csv: err = %v", err)
	}
}

// TestEveryEntityType checks an entity of two types (a news agency that is
// a Publisher and an Organisation) keeps both in the csv and graphml
// exports, whichever order the store lists them in.
func TestEveryEntityType(t *testing.T) {
	ctx := context.Background()
	s, err := graph.Open(ctx, "memory")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a := schema.ArticleIRI("two-types")
	e := schema.EntityIRI("agency")
	var nq strings.Builder
	for _, q := range []quad.Quad{
		quad.Make(e, schema.Type, schema.ClassOf("Publisher"), a),
		quad.Make(e, schema.Type, schema.ClassOf("Organisation"), a),
		quad.Make(e, schema.Type, schema.ClassOrganization, a),
		quad.Make(e, schema.Name, quad.String("Wire Service of Somewhere"), a),
	} {
		nq.WriteString(q.NQuad() + "\n")
	}
	if _, err := Import(ctx, s, strings.NewReader(nq.String()), NQuads); err != nil {
		t.Fatal(err)
	}
	const want = "Organisation; Publisher"
	for _, c := range []struct {
		format string
		find   func(out string) string
	}{
		{CSV, func(out string) string {
			recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil || len(recs) != 2 {
				t.Fatalf("csv: %v, %d records", err, len(recs))
			}
			return recs[1][slices.Index(csvColumns, "type")]
		}},
		{GraphML, func(out string) string {
			_, rest, _ := strings.Cut(out, `<data key="type">`)
			typ, _, _ := strings.Cut(rest, "</data>")
			return typ
		}},
	} {
		var out bytes.Buffer
		if err := Graph(ctx, &out, s, c.format); err != nil {
			t.Fatal(err)
		}
		if got := c.find(out.String()); got != want {
			t.Errorf("%s: type %q, want %q", c.format, got, want)
		}
	}
}
