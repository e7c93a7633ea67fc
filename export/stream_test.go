package export

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/schema"
)

// TestStreamedModelMatchesSorted: csv and graphml written subject by
// subject are byte-identical to the same formats built from all quads
// sorted in memory (newModel), the way they were built before streaming.
func TestStreamedModelMatchesSorted(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		store func(t *testing.T) *graph.Store
	}{
		{"testdata articles", store},
		{"several names and urls", conflictingStore},
	} {
		s := c.store(t)
		qs, err := s.AllQuads(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []struct {
			format string
			write  func(*bytes.Buffer, *model) error
		}{
			{CSV, func(b *bytes.Buffer, m *model) error { return writeCSV(b, m) }},
			{GraphML, func(b *bytes.Buffer, m *model) error { return writeGraphML(b, m) }},
		} {
			var want, got bytes.Buffer
			if err := f.write(&want, newModel(qs)); err != nil {
				t.Fatal(err)
			}
			if err := Graph(ctx, &got, s, f.format); err != nil {
				t.Fatal(err)
			}
			if want.Len() < 500 || !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("%s, %s: streamed export (%d bytes) differs from the in-memory one (%d bytes)\ngot:\n%s\nwant:\n%s",
					c.name, f.format, got.Len(), want.Len(), head(got.String()), head(want.String()))
			}
		}
	}
}

func head(s string) string {
	if len(s) > 3000 {
		return s[:3000] + "…"
	}
	return s
}

// conflictingStore holds a small graph where an entity has two names and
// an article two URLs, stated by different articles and written in
// reverse order, so the streamed directory must pick the value the model
// reads first (the first in N-Quads order), not the first seen; and edges
// to nodes graphml does not show.
func conflictingStore(t *testing.T) *graph.Store {
	t.Helper()
	ctx := context.Background()
	s, err := graph.Open(ctx, "memory")
	if err != nil {
		t.Fatal(err)
	}
	a1, a2 := schema.ArticleIRI("a1"), schema.ArticleIRI("a2")
	base, country, ev := schema.EntityIRI("b1"), schema.EntityIRI("c1"), schema.EventIRI("e1")
	qs := []quad.Quad{
		quad.Make(a2, schema.URL, quad.String("https://example.org/z-second"), a2),
		quad.Make(a2, schema.URL, quad.String("https://example.org/a-first"), a1),
		quad.Make(a1, schema.Headline, quad.String("Troops leave a harbour"), a1),
		quad.Make(base, schema.Name, quad.String("Zulu Harbour"), a2),
		quad.Make(base, schema.Name, quad.String("Alpha Harbour"), a1),
		quad.Make(base, schema.ContainedInPlace, country, a1),
		quad.Make(country, schema.Name, quad.String("Ruritania"), a1),
		quad.Make(ev, schema.AtBase, base, a1),
		quad.Make(ev, schema.AtBase, base, a2),
		quad.Make(ev, schema.InCountry, country, a2),
		quad.Make(ev, schema.EventType, quad.IRI(schema.NS+"event/withdrawal"), a1),
		// Edges to nodes not shown: an entity that is no subject, and a
		// subject that is no article, event or entity.
		quad.Make(ev, schema.Actor, schema.EntityIRI("unstated"), a1),
		quad.Make(ev, schema.InCountry, quad.IRI("https://example.org/elsewhere"), a2),
		quad.Make(quad.IRI("https://example.org/elsewhere"), schema.Name, quad.String("Elsewhere"), a2),
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
