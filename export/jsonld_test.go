package export

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/piprate/json-gold/ld"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/internal/pgtest"
	"github.com/newsgraph/newsgraph/schema"
)

// offlineLoader fails every document load and counts the attempts: a
// document that expands with it needs no network.
type offlineLoader struct{ loads *int }

func (l offlineLoader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	*l.loads++
	return nil, errors.New("offline: " + u)
}

// oddStore holds what newsgraph's own graphs lack but an import can
// bring: default-graph quads, typed, language and native literals, types
// that are IRIs and a type that is a literal, several values of one
// predicate, text JSON must escape, and IRIs whose scheme is named like a
// prefix of the export's context ("schema:odd"), which must not be read
// as a compact IRI, in every position.
func oddStore(t *testing.T) *graph.Store { return oddStoreAt(t, "memory") }

func oddStoreAt(t *testing.T, dsn string) *graph.Store {
	t.Helper()
	ctx := context.Background()
	s, err := graph.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	a1, a2 := schema.ArticleIRI("odd1"), schema.ArticleIRI("odd2")
	e := schema.EntityIRI("odd-entity")
	odd := quad.IRI("schema:odd")
	qs := []quad.Quad{
		quad.Make(e, schema.Name, quad.String(`Camp "Quote" <&> \ back`+"\n"+`slash é 基地`), a1),
		quad.Make(e, schema.Name, quad.String("Second name"), a1),
		quad.Make(e, schema.Type, schema.ClassOf("base"), a1),
		quad.Make(e, schema.Type, quad.IRI(schema.SchemaOrg+"Place"), a1),
		quad.Make(e, schema.Type, quad.String("a literal type"), a2),
		quad.Make(e, quad.IRI(schema.NS+"count"), quad.Int(42), a1),
		quad.Make(e, quad.IRI(schema.NS+"share"), quad.Float(0.25), a1),
		quad.Make(e, quad.IRI(schema.NS+"flag"), quad.Bool(true), a1),
		quad.Make(e, quad.IRI(schema.NS+"seen"), quad.Time(time.Date(2025, 8, 24, 10, 30, 0, 0, time.UTC)), a1),
		quad.Make(e, quad.IRI(schema.NS+"label"), quad.LangString{Value: "base aérienne", Lang: "fr"}, a2),
		quad.Make(e, quad.IRI(schema.NS+"date"), quad.TypedString{Value: "2025-08-24", Type: quad.IRI("http://www.w3.org/2001/XMLSchema#date")}, a2),
		quad.Make(e, quad.IRI(schema.NS+"code"), quad.TypedString{Value: "x1", Type: quad.IRI("schema:codeType")}, a2),
		quad.Make(e, schema.URL, quad.IRI("https://example.org//double"), a2),
		quad.Make(e, schema.Name, quad.String("in the default graph"), nil),
		quad.Make(quad.IRI("https://example.org/other"), schema.Name, quad.String("default too"), nil),
		quad.Make(odd, schema.Name, quad.String("odd subject"), a2),
		quad.Make(e, odd, quad.String("odd predicate"), a2),
		quad.Make(e, schema.ContainedInPlace, odd, a2),
		quad.Make(e, schema.Name, quad.String("odd graph"), quad.IRI("ngid:odd-graph")),
		quad.Make(e, schema.Name, quad.String("odd graph"), odd),
	}
	var b strings.Builder
	for _, q := range qs {
		b.WriteString(q.NQuad() + "\n")
	}
	if _, err := Import(ctx, s, strings.NewReader(b.String()), NQuads); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestJSONLDStreamRoundTrip: the streamed JSON-LD export of graphs with
// every kind of value imports back to byte-identical N-Quads, and expands
// with json-gold offline to the same number of quads.
func TestJSONLDStreamRoundTrip(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		store func(t *testing.T) *graph.Store
	}{
		{"testdata articles", store},
		{"several names and urls", conflictingStore},
		{"odd values", oddStore},
		// A PostgreSQL snapshot reads a named graph through Cayley's SQL
		// store: the same export.
		{"odd values on PostgreSQL", func(t *testing.T) *graph.Store { return oddStoreAt(t, pgtest.NewDatabase(t)) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := c.store(t)
			want := exportNQuads(t, s)
			nq := strings.Count(want, "\n")
			var out bytes.Buffer
			if err := Graph(ctx, &out, s, JSONLD); err != nil {
				t.Fatal(err)
			}
			doc := out.Bytes()
			if !json.Valid(doc) {
				t.Fatalf("not JSON:\n%s", head(out.String()))
			}
			var parsed any
			if err := json.Unmarshal(doc, &parsed); err != nil {
				t.Fatal(err)
			}
			loads := 0
			opts := ld.NewJsonLdOptions("")
			opts.DocumentLoader = offlineLoader{&loads}
			proc := ld.NewJsonLdProcessor()
			expanded, err := proc.Expand(parsed, opts)
			if err != nil || len(expanded) == 0 {
				t.Fatalf("json-gold cannot expand the export offline (%d loads): %v", loads, err)
			}
			rdf, err := proc.ToRDF(parsed, opts)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, g := range rdf.(*ld.RDFDataset).Graphs {
				n += len(g)
			}
			if n != nq || loads != 0 {
				t.Errorf("json-gold reads %d quads (%d document loads), the graph has %d", n, loads, nq)
			}
			fresh, err := graph.Open(ctx, "memory")
			if err != nil {
				t.Fatal(err)
			}
			defer fresh.Close()
			if _, err := Import(ctx, fresh, bytes.NewReader(doc), JSONLD); err != nil {
				t.Fatal(err)
			}
			if got := exportNQuads(t, fresh); got != want {
				t.Fatalf("re-imported graph differs:\ngot:\n%s\nwant:\n%s\njsonld:\n%s", head(got), head(want), head(out.String()))
			}
		})
	}
}

// TestJSONLDShape: the export keeps the documented shape, an inline
// @context with the prefixes (no URL to fetch) and one {"@id", "@graph"}
// object per article, IRIs written compact.
func TestJSONLDShape(t *testing.T) {
	var out bytes.Buffer
	if err := Graph(context.Background(), &out, conflictingStore(t), JSONLD); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Context map[string]string `json:"@context"`
		Graph   []struct {
			ID    string           `json:"@id"`
			Graph []map[string]any `json:"@graph"`
		} `json:"@graph"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("not the documented shape: %v\n%s", err, head(out.String()))
	}
	if doc.Context["schema"] != schema.SchemaOrg || doc.Context["ngid"] != schema.IDBase {
		t.Errorf("context %v", doc.Context)
	}
	if len(doc.Graph) != 2 || doc.Graph[0].ID != "ngid:article/a1" || doc.Graph[1].ID != "ngid:article/a2" {
		t.Fatalf("named graphs %+v", doc.Graph)
	}
	var found bool
	for _, n := range doc.Graph[0].Graph {
		if n["@id"] == "ngid:entity/b1" {
			found = n["schema:name"] == "Alpha Harbour"
		}
	}
	if !found {
		t.Errorf("article a1's graph lacks ngid:entity/b1 named Alpha Harbour: %v", doc.Graph[0].Graph)
	}
}

// TestJSONLDQueryMatchesStream: the in-memory writer a query's export
// uses gives the same bytes as the streamed whole-graph export.
func TestJSONLDQueryMatchesStream(t *testing.T) {
	ctx := context.Background()
	for _, mk := range []func(t *testing.T) *graph.Store{store, oddStore} {
		s := mk(t)
		qs, err := s.AllQuads(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var streamed, held bytes.Buffer
		if err := Graph(ctx, &streamed, s, JSONLD); err != nil {
			t.Fatal(err)
		}
		if err := Quads(&held, qs, JSONLD); err != nil {
			t.Fatal(err)
		}
		if streamed.Len() < 500 || !bytes.Equal(streamed.Bytes(), held.Bytes()) {
			t.Errorf("streamed (%d bytes) and in-memory (%d bytes) JSON-LD differ\n%s\n%s",
				streamed.Len(), held.Len(), head(streamed.String()), head(held.String()))
		}
	}
}

// TestJSONLDImportFetchesNothing: a document naming its @context by URL
// is refused on import, and the server behind the URL sees no request.
func TestJSONLDImportFetchesNothing(t *testing.T) {
	ctx := context.Background()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/ld+json")
		_, _ = w.Write([]byte(`{"@context":{"name":"https://schema.org/name"}}`))
	}))
	defer srv.Close()
	s, err := graph.Open(ctx, "memory")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	doc := `{"@context":"` + srv.URL + `/context.jsonld","@id":"https://example.org/a","name":"x"}`
	_, err = Import(ctx, s, strings.NewReader(doc), JSONLD)
	if !errors.Is(err, ErrRemoteContext) || hits.Load() != 0 {
		t.Fatalf("import of a remote @context: %v after %d requests, want ErrRemoteContext and none", err, hits.Load())
	}
}
