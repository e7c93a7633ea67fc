package graph_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/internal/pgtest"
)

// TestOpenReadOnlyMissing: a read-only open of a path that holds no store
// fails with ErrStoreNotFound naming the path, and creates nothing there
// (not even the parent folders a writer's open would make).
func TestOpenReadOnlyMissing(t *testing.T) {
	for _, backend := range []string{"bolt", "leveldb"} {
		t.Run(backend, func(t *testing.T) {
			missing := filepath.Join(t.TempDir(), "no", "such", "dir", "x.db")
			s, err := graph.OpenReadOnly(context.Background(), backend+":"+missing)
			if err == nil {
				s.Close()
				t.Fatal("read-only open of a missing store succeeded")
			}
			if !errors.Is(err, graph.ErrStoreNotFound) || !strings.Contains(err.Error(), missing) {
				t.Fatalf("error %q: want ErrStoreNotFound naming %s", err, missing)
			}
			if _, err := os.Stat(filepath.Dir(filepath.Dir(missing))); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("the read-only open created folders on the way to %s (stat: %v)", missing, err)
			}
		})
	}
}

// TestOpenReadOnlyReads writes an article through Open, then reads it back
// through OpenReadOnly on every file backend, and checks that writes are
// refused.
func TestOpenReadOnlyReads(t *testing.T) {
	for _, backend := range []string{"bolt", "leveldb"} {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			dsn := backend + ":" + filepath.Join(t.TempDir(), "g.db")
			label := quad.IRI("https://example.org/article/ro")
			w := mustOpen(t, dsn)
			if _, err := w.ReplaceArticle(ctx, label, []quad.Quad{
				quad.MakeIRI("https://example.org/a", "https://example.org/p", "https://example.org/b", string(label)),
				quad.MakeIRI("https://example.org/a", "https://example.org/p", "https://example.org/c", string(label)),
			}); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			r, err := graph.OpenReadOnly(ctx, dsn)
			if err != nil {
				t.Fatalf("read-only open: %v", err)
			}
			defer r.Close()
			st, err := r.Stats(ctx)
			if err != nil || st.Quads != 2 {
				t.Fatalf("stats through the read-only store: %+v, %v; want 2 quads", st, err)
			}
			got, err := r.ArticleQuads(ctx, label)
			if err != nil || len(got) != 2 {
				t.Fatalf("article quads: %d, %v; want 2", len(got), err)
			}
			if _, err := r.DeleteArticle(ctx, label); err == nil {
				t.Fatal("a delete through the read-only store succeeded")
			}
			if st, _ := r.Stats(ctx); st.Quads != 2 {
				t.Fatalf("after the refused delete: %d quads, want 2", st.Quads)
			}
		})
	}
}

// TestPostgresReadOnlyEmpty: a database without Cayley's tables is no
// store to a read-only open, and the open does not create them.
func TestPostgresReadOnlyEmpty(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	ctx := context.Background()
	if s, err := graph.OpenReadOnly(ctx, dsn); !errors.Is(err, graph.ErrStoreNotFound) {
		if s != nil {
			s.Close()
		}
		t.Fatalf("read-only open of an empty database: %v, want ErrStoreNotFound", err)
	}
	// Still empty: a writer's open initialises it and reads zero quads,
	// and a read-only open then succeeds.
	w := mustOpen(t, dsn)
	w.Close()
	r, err := graph.OpenReadOnly(ctx, dsn)
	if err != nil {
		t.Fatalf("read-only open after init: %v", err)
	}
	defer r.Close()
	if st, err := r.Stats(ctx); err != nil || st.Quads != 0 {
		t.Fatalf("stats: %+v, %v", st, err)
	}
}
