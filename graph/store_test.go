package graph_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/graph/graphtest"
	"github.com/newsgraph/newsgraph/internal/pgtest"
)

func mustOpen(t testing.TB, dsn string) *graph.Store {
	t.Helper()
	s, err := graph.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestMemory(t *testing.T) {
	graphtest.Run(t, func(t testing.TB) *graph.Store { return mustOpen(t, "memory") })
}

func TestBolt(t *testing.T) {
	graphtest.Run(t, func(t testing.TB) *graph.Store {
		return mustOpen(t, "bolt:"+filepath.Join(t.TempDir(), "g.db"))
	})
}

func TestLevelDB(t *testing.T) {
	graphtest.Run(t, func(t testing.TB) *graph.Store {
		return mustOpen(t, "leveldb:"+filepath.Join(t.TempDir(), "g"))
	})
}

func TestPostgres(t *testing.T) {
	graphtest.Run(t, func(t testing.TB) *graph.Store { return mustOpen(t, pgtest.NewDatabase(t)) })
}

func TestBoltReopen(t *testing.T) {
	path := "bolt:" + filepath.Join(t.TempDir(), "g.db")
	s := mustOpen(t, path)
	st, err := s.Stats(context.Background())
	if err != nil || st.Quads != 0 {
		t.Fatalf("new store: %+v, %v", st, err)
	}
	s.Close()
	s2 := mustOpen(t, path)
	if _, err := s2.Stats(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestOpenErrors(t *testing.T) {
	for _, dsn := range []string{"nosuch:x", "bolt:", "postgres://127.0.0.1:1/none?sslmode=disable&connect_timeout=2"} {
		if _, err := graph.Open(context.Background(), dsn); err == nil {
			t.Errorf("Open(%q) succeeded, want an error", dsn)
		}
	}
}

// TestViewSeesWholeArticles replaces an article back and forth while a
// reader checks, inside View, that it always sees one version entirely.
func TestViewSeesWholeArticles(t *testing.T) {
	for _, tc := range viewStores {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.open(t)
			ctx := context.Background()
			label := quad.IRI("https://example.org/article/x")
			version := func(tag string) []quad.Quad {
				var qs []quad.Quad
				for i := range 30 {
					obj := fmt.Sprintf("fact %d", i)
					if i%2 == 0 {
						obj += " " + tag
					}
					qs = append(qs, quad.Quad{Subject: label, Predicate: quad.IRI(fmt.Sprintf("https://example.org/p%d", i)), Object: quad.String(obj), Label: label})
				}
				return qs
			}
			key := func(qs []quad.Quad) string {
				var lines []string
				for _, q := range qs {
					lines = append(lines, q.NQuad())
				}
				slices.Sort(lines)
				return strings.Join(lines, "\n")
			}
			a, b := version("A"), version("B")
			ka, kb := key(a), key(b)
			if _, err := s.ReplaceArticle(ctx, label, a); err != nil {
				t.Fatal(err)
			}
			done := make(chan struct{})
			go func() {
				defer close(done)
				for i := range 150 {
					v := a
					if i%2 == 0 {
						v = b
					}
					if _, err := s.ReplaceArticle(ctx, label, v); err != nil {
						t.Error(err)
						return
					}
				}
			}()
			checks := 0
			for running := true; running; {
				select {
				case <-done:
					running = false
				default:
				}
				err := s.View(ctx, func(snap *graph.Store) error {
					qs, err := snap.ArticleQuads(ctx, label)
					if err != nil {
						return err
					}
					if k := key(qs); k != ka && k != kb {
						return fmt.Errorf("a half-replaced article: %d quads", len(qs))
					}
					return nil
				})
				if err != nil {
					<-done // let the writer finish before failing the test
					t.Fatal(err)
				}
				checks++
			}
			if checks < 2 {
				t.Fatalf("the reader ran only %d times", checks)
			}
		})
	}
}
