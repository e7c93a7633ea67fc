package graph_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/graph/graphtest"
	"github.com/newsgraph/newsgraph/internal/pgtest"
)

func TestBatchMemory(t *testing.T) {
	graphtest.RunBatch(t, func(t testing.TB) *graph.Store { return mustOpen(t, "memory") })
}

func TestBatchBolt(t *testing.T) {
	graphtest.RunBatch(t, func(t testing.TB) *graph.Store {
		return mustOpen(t, "bolt:"+filepath.Join(t.TempDir(), "g.db"))
	})
}

func TestBatchLevelDB(t *testing.T) {
	graphtest.RunBatch(t, func(t testing.TB) *graph.Store {
		return mustOpen(t, "leveldb:"+filepath.Join(t.TempDir(), "g"))
	})
}

func TestBatchPostgres(t *testing.T) {
	graphtest.RunBatch(t, func(t testing.TB) *graph.Store { return mustOpen(t, pgtest.NewDatabase(t)) })
}

// TestValue checks Store.Value, the lookup that skips unchanged articles,
// on every backend: the first object of a (subject, predicate), nil when
// there is none.
func TestValue(t *testing.T) {
	ctx := context.Background()
	for _, be := range []struct {
		name string
		open func(t *testing.T) *graph.Store
	}{
		{"memory", func(t *testing.T) *graph.Store { return mustOpen(t, "memory") }},
		{"bolt", func(t *testing.T) *graph.Store { return mustOpen(t, "bolt:"+filepath.Join(t.TempDir(), "g.db")) }},
		{"leveldb", func(t *testing.T) *graph.Store { return mustOpen(t, "leveldb:"+filepath.Join(t.TempDir(), "g")) }},
		{"postgres", func(t *testing.T) *graph.Store { return mustOpen(t, pgtest.NewDatabase(t)) }},
	} {
		t.Run(be.name, func(t *testing.T) {
			s := be.open(t)
			label := quad.IRI("https://example.org/article/a")
			hash, ext := quad.IRI("https://example.org/hash"), quad.IRI("https://example.org/extractor")
			qs := []quad.Quad{
				{Subject: label, Predicate: quad.IRI("https://example.org/p1"), Object: quad.String("x"), Label: label},
				{Subject: label, Predicate: hash, Object: quad.String("abc"), Label: label},
				{Subject: label, Predicate: quad.IRI("https://example.org/p2"), Object: quad.Int(3), Label: label},
			}
			if _, err := s.ReplaceArticle(ctx, label, qs); err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				subject quad.Value
				pred    quad.IRI
				want    quad.Value
			}{
				{label, hash, quad.String("abc")},
				{label, quad.IRI("https://example.org/p2"), quad.Int(3)},
				{label, ext, nil}, // predicate stored nowhere
				{label, quad.IRI("https://example.org/p1"), quad.String("x")},
				{quad.IRI("https://example.org/none"), hash, nil}, // unknown subject
				{quad.String("abc"), hash, nil},                   // a node that is never a subject
			} {
				got, err := s.Value(ctx, c.subject, c.pred)
				if err != nil {
					t.Fatal(err)
				}
				if got != c.want && (got == nil || c.want == nil || got.String() != c.want.String()) {
					t.Errorf("Value(%v, %v) = %v, want %v", c.subject, c.pred, got, c.want)
				}
			}
		})
	}
}

// TestSharedQuads checks ArticleGraph.Shared on every backend: shared
// quads are added once, counted for the article that brought them, kept
// when that article is replaced or deleted, and read again after the shared
// graph itself is replaced.
func TestSharedQuads(t *testing.T) {
	ctx := context.Background()
	for _, be := range []struct {
		name string
		open func(t *testing.T) *graph.Store
	}{
		{"memory", func(t *testing.T) *graph.Store { return mustOpen(t, "memory") }},
		{"bolt", func(t *testing.T) *graph.Store { return mustOpen(t, "bolt:"+filepath.Join(t.TempDir(), "g.db")) }},
		{"leveldb", func(t *testing.T) *graph.Store { return mustOpen(t, "leveldb:"+filepath.Join(t.TempDir(), "g")) }},
		{"postgres", func(t *testing.T) *graph.Store { return mustOpen(t, pgtest.NewDatabase(t)) }},
	} {
		t.Run(be.name, func(t *testing.T) {
			s := be.open(t)
			shared := quad.IRI("https://example.org/gazetteer")
			entity := quad.IRI("https://example.org/entity/x")
			fact := func(o string) quad.Quad {
				return quad.Quad{Subject: entity, Predicate: quad.IRI("https://example.org/name"), Object: quad.String(o), Label: shared}
			}
			article := func(id string, facts ...string) graph.ArticleGraph {
				label := quad.IRI("https://example.org/article/" + id)
				g := graph.ArticleGraph{Label: label, Quads: []quad.Quad{{Subject: label, Predicate: quad.IRI("https://example.org/mentions"), Object: entity, Label: label}}}
				for _, f := range facts {
					g.Shared = append(g.Shared, fact(f))
				}
				return g
			}
			count := func(label quad.IRI) int {
				qs, err := s.ArticleQuads(ctx, label)
				if err != nil {
					t.Fatal(err)
				}
				return len(qs)
			}
			chs, err := s.ReplaceArticles(ctx, []graph.ArticleGraph{article("a", "X", "Ex"), article("b", "X")})
			if err != nil {
				t.Fatal(err)
			}
			if chs[0].Added != 3 || chs[1].Added != 1 {
				t.Errorf("changes %+v, want the shared quads counted once, for a", chs)
			}
			if n := count(shared); n != 2 {
				t.Errorf("shared graph has %d quads, want 2", n)
			}
			ch, err := s.ReplaceArticleGraph(ctx, article("c", "X", "Ex", "Xavier"))
			if err != nil {
				t.Fatal(err)
			}
			if ch.Added != 2 {
				t.Errorf("c added %d quads, want its mention and the one new shared fact", ch.Added)
			}
			if _, err := s.DeleteArticle(ctx, quad.IRI("https://example.org/article/a")); err != nil {
				t.Fatal(err)
			}
			if n := count(shared); n != 3 {
				t.Errorf("after deleting an article the shared graph has %d quads, want 3", n)
			}
			// Dropping the shared graph must not leave the writer
			// believing it still holds the facts.
			if _, err := s.DeleteArticle(ctx, shared); err != nil {
				t.Fatal(err)
			}
			if _, err := s.ReplaceArticleGraph(ctx, article("d", "X")); err != nil {
				t.Fatal(err)
			}
			if n := count(shared); n != 1 {
				t.Errorf("after the shared graph was dropped and d written it has %d quads, want 1", n)
			}
			bad := article("e", "X")
			bad.Shared[0].Label = bad.Label
			if _, err := s.ReplaceArticleGraph(ctx, bad); err == nil {
				t.Error("a shared quad in the article's own graph was accepted")
			}
		})
	}
}
