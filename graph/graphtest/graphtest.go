// Package graphtest is the conformance suite every store backend runs:
// replace-by-article, idempotent re-ingest, changed articles leaving no old
// quad behind, shared facts surviving another article's removal, and the
// export/import round trip.
package graphtest

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph"
)

// Opener opens a fresh, empty store for one test.
type Opener func(t testing.TB) *graph.Store

// articleQuads builds n quads in article's named graph; facts about the
// shared node appear in every article's graph.
func articleQuads(article string, n int, variant string) []quad.Quad {
	label := quad.IRI("https://example.org/article/" + article)
	var qs []quad.Quad
	qs = append(qs, quad.Quad{Subject: quad.IRI("https://example.org/base/ain-al-asad"), Predicate: quad.IRI("https://schema.org/name"), Object: quad.String("Ain al-Asad Air Base"), Label: label})
	for i := 1; i < n; i++ {
		obj := quad.Value(quad.String(fmt.Sprintf("fact %d", i)))
		if variant != "" && i%7 == 0 {
			obj = quad.String(fmt.Sprintf("fact %d %s", i, variant))
		}
		if i%5 == 0 {
			obj = quad.Int(i)
		}
		qs = append(qs, quad.Quad{Subject: label, Predicate: quad.IRI(fmt.Sprintf("https://example.org/p%d", i)), Object: obj, Label: label})
	}
	return qs
}

func count(t testing.TB, s *graph.Store) int64 {
	t.Helper()
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st.Quads
}

func export(t testing.TB, s *graph.Store) string {
	t.Helper()
	var buf bytes.Buffer
	if err := s.Export(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// Run runs the suite against stores from open.
func Run(t *testing.T, open Opener) {
	ctx := context.Background()
	t.Run("replace is idempotent", func(t *testing.T) {
		s := open(t)
		a := articleQuads("a", 40, "")
		label := a[0].Label.(quad.IRI)
		ch, err := s.ReplaceArticle(ctx, label, a)
		if err != nil {
			t.Fatal(err)
		}
		if ch.Added != 40 || ch.Removed != 0 {
			t.Fatalf("first write: got %+v, want 40 added", ch)
		}
		before := export(t, s)
		ch, err = s.ReplaceArticle(ctx, label, a)
		if err != nil {
			t.Fatal(err)
		}
		if ch.Added != 0 || ch.Removed != 0 {
			t.Fatalf("second write: got %+v, want no change", ch)
		}
		if got := count(t, s); got != 40 {
			t.Fatalf("quads after re-ingest = %d, want 40", got)
		}
		if after := export(t, s); after != before {
			t.Fatalf("re-ingest changed the graph:\n%s\nvs\n%s", before, after)
		}
	})
	t.Run("changed article leaves no old quad", func(t *testing.T) {
		s := open(t)
		old := articleQuads("a", 40, "")
		label := old[0].Label.(quad.IRI)
		if _, err := s.ReplaceArticle(ctx, label, old); err != nil {
			t.Fatal(err)
		}
		changed := articleQuads("a", 40, "v2")
		ch, err := s.ReplaceArticle(ctx, label, changed)
		if err != nil {
			t.Fatal(err)
		}
		// i%7==0 and not i%5==0 below 40: 7, 14, 21, 28 => 4 quads differ.
		if ch.Added != 4 || ch.Removed != 4 {
			t.Fatalf("got %+v, want 4 added and 4 removed", ch)
		}
		got, err := s.ArticleQuads(ctx, label)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 40 {
			t.Fatalf("article has %d quads, want 40", len(got))
		}
		nq := export(t, s)
		if strings.Contains(nq, `"fact 7"`) || !strings.Contains(nq, `"fact 7 v2"`) {
			t.Fatalf("old version survives or new is missing:\n%s", nq)
		}
	})
	t.Run("replace where a node loses more references than it gains", func(t *testing.T) {
		// Keeping 7 of 10 quads and adding 1 leaves the article node with
		// a net loss of references; KV stores once wrote the new quad with
		// a nil subject in that case.
		s := open(t)
		old := articleQuads("a", 10, "")
		label := old[0].Label.(quad.IRI)
		if _, err := s.ReplaceArticle(ctx, label, old); err != nil {
			t.Fatal(err)
		}
		next := append(slices.Clone(old[:7]), quad.Quad{Subject: label, Predicate: quad.IRI("https://example.org/new"), Object: quad.String("new"), Label: label})
		if _, err := s.ReplaceArticle(ctx, label, next); err != nil {
			t.Fatal(err)
		}
		nq := export(t, s)
		if strings.Contains(nq, "nil") || !strings.Contains(nq, "<https://example.org/article/a> <https://example.org/new> \"new\" <https://example.org/article/a> .") {
			t.Fatalf("new quad not stored intact:\n%s", nq)
		}
		if got := count(t, s); got != 8 {
			t.Fatalf("quads = %d, want 8", got)
		}
	})
	t.Run("shared facts survive another article's removal", func(t *testing.T) {
		s := open(t)
		a, b := articleQuads("a", 10, ""), articleQuads("b", 10, "")
		la, lb := a[0].Label.(quad.IRI), b[0].Label.(quad.IRI)
		for _, x := range []struct {
			l  quad.IRI
			qs []quad.Quad
		}{{la, a}, {lb, b}} {
			if _, err := s.ReplaceArticle(ctx, x.l, x.qs); err != nil {
				t.Fatal(err)
			}
		}
		if got := count(t, s); got != 20 {
			t.Fatalf("quads = %d, want 20", got)
		}
		n, err := s.DeleteArticle(ctx, la)
		if err != nil {
			t.Fatal(err)
		}
		if n != 10 {
			t.Fatalf("deleted %d quads, want 10", n)
		}
		nq := export(t, s)
		if !strings.Contains(nq, `"Ain al-Asad Air Base" <https://example.org/article/b>`) {
			t.Fatalf("article b's copy of the shared fact is gone:\n%s", nq)
		}
		if strings.Contains(nq, "<https://example.org/article/a>") {
			t.Fatalf("article a left quads behind:\n%s", nq)
		}
	})
	t.Run("export import round trip", func(t *testing.T) {
		s := open(t)
		for _, name := range []string{"a", "b", "c"} {
			qs := articleQuads(name, 12, name)
			if _, err := s.ReplaceArticle(ctx, qs[0].Label.(quad.IRI), qs); err != nil {
				t.Fatal(err)
			}
		}
		nq := export(t, s)
		s2 := open(t)
		n, err := s2.Import(ctx, strings.NewReader(nq))
		if err != nil {
			t.Fatal(err)
		}
		if n != 36 {
			t.Fatalf("imported %d quads, want 36", n)
		}
		if got := export(t, s2); got != nq {
			t.Fatalf("round trip differs:\n%s\nvs\n%s", nq, got)
		}
	})
}
