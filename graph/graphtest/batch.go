package graphtest

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph"
)

func graphOf(qs []quad.Quad) graph.ArticleGraph {
	return graph.ArticleGraph{Label: qs[0].Label.(quad.IRI), Quads: qs}
}

// RunBatch is the conformance suite of Store.ReplaceArticles (several
// articles per transaction) and Store.LoadRaw: a batch must leave the
// store exactly as replacing its articles one by one would, and report
// the same changes.
func RunBatch(t *testing.T, open Opener) {
	ctx := context.Background()
	// sequential applies the batches one article at a time, the reference.
	sequential := func(t *testing.T, batches ...[]graph.ArticleGraph) (string, [][]graph.Change) {
		s := open(t)
		var all [][]graph.Change
		for _, b := range batches {
			var chs []graph.Change
			for _, a := range b {
				ch, err := s.ReplaceArticle(ctx, a.Label, a.Quads)
				if err != nil {
					t.Fatal(err)
				}
				chs = append(chs, ch)
			}
			all = append(all, chs)
		}
		return export(t, s), all
	}
	batched := func(t *testing.T, batches ...[]graph.ArticleGraph) (*graph.Store, string, [][]graph.Change) {
		s := open(t)
		var all [][]graph.Change
		for _, b := range batches {
			chs, err := s.ReplaceArticles(ctx, b)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, chs)
		}
		return s, export(t, s), all
	}
	same := func(t *testing.T, batches ...[]graph.ArticleGraph) *graph.Store {
		t.Helper()
		want, wantCh := sequential(t, batches...)
		s, got, gotCh := batched(t, batches...)
		if got != want {
			t.Fatalf("batched replacement differs from one by one:\n%s\nvs\n%s", got, want)
		}
		for i := range wantCh {
			if !slices.Equal(gotCh[i], wantCh[i]) {
				t.Fatalf("batch %d: changes %v, want %v", i, gotCh[i], wantCh[i])
			}
		}
		return s
	}
	t.Run("batch of new articles", func(t *testing.T) {
		s := same(t, []graph.ArticleGraph{graphOf(articleQuads("a", 40, "")), graphOf(articleQuads("b", 30, "")), graphOf(articleQuads("c", 20, ""))})
		if got := count(t, s); got != 90 {
			t.Fatalf("quads = %d, want 90", got)
		}
	})
	t.Run("batch that changes, keeps, deletes and adds", func(t *testing.T) {
		first := []graph.ArticleGraph{graphOf(articleQuads("a", 40, "")), graphOf(articleQuads("b", 30, "")), graphOf(articleQuads("c", 20, ""))}
		b := articleQuads("b", 30, "")
		second := []graph.ArticleGraph{
			graphOf(articleQuads("a", 40, "v2")), // changed
			graphOf(b),                           // unchanged
			{Label: quad.IRI("https://example.org/article/c")}, // deleted
			graphOf(articleQuads("d", 12, "")),                 // new
		}
		s := same(t, first, second)
		nq := export(t, s)
		if strings.Contains(nq, "<https://example.org/article/c>") || strings.Contains(nq, `"fact 7" <https://example.org/article/a>`) {
			t.Fatalf("old quads survive the batch:\n%s", nq)
		}
		// Re-applying the same batch changes nothing.
		chs, err := s.ReplaceArticles(ctx, second)
		if err != nil {
			t.Fatal(err)
		}
		for i, ch := range chs {
			if ch != (graph.Change{}) {
				t.Fatalf("re-applied batch changed article %d: %+v", i, ch)
			}
		}
		if export(t, s) != nq {
			t.Fatal("re-applying a batch changed the graph")
		}
	})
	t.Run("a label twice in one batch: the last version wins", func(t *testing.T) {
		same(t, []graph.ArticleGraph{graphOf(articleQuads("a", 20, "")), graphOf(articleQuads("a", 20, "v2")), graphOf(articleQuads("b", 10, ""))},
			[]graph.ArticleGraph{graphOf(articleQuads("a", 20, "v3")), graphOf(articleQuads("a", 20, ""))})
	})
	t.Run("nodes losing more references than they gain", func(t *testing.T) {
		old := articleQuads("a", 10, "")
		label := old[0].Label.(quad.IRI)
		next := append(slices.Clone(old[:7]), quad.Quad{Subject: label, Predicate: quad.IRI("https://example.org/new"), Object: quad.String("new"), Label: label})
		s := same(t, []graph.ArticleGraph{graphOf(old), graphOf(articleQuads("b", 10, ""))}, []graph.ArticleGraph{graphOf(next), graphOf(articleQuads("b", 4, ""))})
		if got := count(t, s); got != 12 {
			t.Fatalf("quads = %d, want 12", got)
		}
	})
	t.Run("a bad quad writes nothing", func(t *testing.T) {
		s := open(t)
		bad := articleQuads("b", 5, "")
		bad[2].Label = quad.IRI("https://example.org/article/other")
		if _, err := s.ReplaceArticles(ctx, []graph.ArticleGraph{graphOf(articleQuads("a", 5, "")), graphOf(bad)}); err == nil {
			t.Fatal("a quad under another label was accepted")
		}
		if got := count(t, s); got != 0 {
			t.Fatalf("a failed batch wrote %d quads", got)
		}
	})
	t.Run("a cancelled context writes nothing", func(t *testing.T) {
		s := open(t)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := s.ReplaceArticles(cctx, []graph.ArticleGraph{graphOf(articleQuads("a", 5, ""))}); err == nil {
			t.Fatal("a cancelled batch succeeded")
		}
		if got := count(t, s); got != 0 {
			t.Fatalf("a cancelled batch wrote %d quads", got)
		}
	})
	t.Run("raw load of an export", func(t *testing.T) {
		s := open(t)
		var b []graph.ArticleGraph
		for _, name := range []string{"a", "b", "c", "d"} {
			b = append(b, graphOf(articleQuads(name, 25, name)))
		}
		if _, err := s.ReplaceArticles(ctx, b); err != nil {
			t.Fatal(err)
		}
		nq := export(t, s)
		s2 := open(t)
		n, err := s2.LoadRaw(ctx, strings.NewReader(nq), 7)
		if err != nil {
			t.Fatal(err)
		}
		if n != 100 {
			t.Fatalf("raw load read %d quads, want 100", n)
		}
		if got := export(t, s2); got != nq {
			t.Fatalf("raw load differs from its source:\n%s\nvs\n%s", got, nq)
		}
		// Articles loaded raw can then be replaced as usual.
		if _, err := s2.ReplaceArticles(ctx, []graph.ArticleGraph{graphOf(articleQuads("a", 25, "v2"))}); err != nil {
			t.Fatal(err)
		}
		if got := count(t, s2); got != 100 {
			t.Fatalf("quads after replacing a raw-loaded article = %d, want 100", got)
		}
	})
}
