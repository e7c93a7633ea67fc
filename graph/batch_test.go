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
