package graph_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/internal/pgtest"
)

// viewStores are the backends whose View is a snapshot.
var viewStores = []struct {
	name string
	open func(t *testing.T) *graph.Store
}{
	{"memory", func(t *testing.T) *graph.Store { return mustOpen(t, "memory") }},
	{"bolt", func(t *testing.T) *graph.Store { return mustOpen(t, "bolt:"+filepath.Join(t.TempDir(), "g.db")) }},
	{"leveldb", func(t *testing.T) *graph.Store { return mustOpen(t, "leveldb:"+filepath.Join(t.TempDir(), "g")) }},
	{"postgres", func(t *testing.T) *graph.Store { return mustOpen(t, pgtest.NewDatabase(t)) }},
}

func titled(label quad.IRI, title string) []quad.Quad {
	return []quad.Quad{
		{Subject: label, Predicate: quad.IRI("https://example.org/title"), Object: quad.String(title), Label: label},
		{Subject: label, Predicate: quad.IRI("https://example.org/mentions"), Object: quad.IRI("https://example.org/" + title), Label: label},
	}
}

// TestViewIsASnapshotWritersDoNotWait opens a View, and inside it lets a
// writer replace the article and waits for the write to finish: on every
// backend with transactions the write does not wait for the reader, and
// the reader still sees the version it started with, in every read.
func TestViewIsASnapshotWritersDoNotWait(t *testing.T) {
	for _, tc := range viewStores {
		if tc.name == "memory" {
			continue // no transactions: writes wait for readers (see View)
		}
		t.Run(tc.name, func(t *testing.T) {
			s := tc.open(t)
			ctx := context.Background()
			label := quad.IRI("https://example.org/article/snap")
			if _, err := s.ReplaceArticle(ctx, label, titled(label, "first")); err != nil {
				t.Fatal(err)
			}
			read := func(snap *graph.Store) string {
				t.Helper()
				v, err := snap.Value(ctx, label, "https://example.org/title")
				if err != nil {
					t.Fatal(err)
				}
				qs, err := snap.ArticleQuads(ctx, label)
				if err != nil {
					t.Fatal(err)
				}
				return fmt.Sprintf("%v/%d", v, len(qs))
			}
			err := s.View(ctx, func(snap *graph.Store) error {
				before := read(snap)
				written := make(chan error, 1)
				go func() {
					_, err := s.ReplaceArticle(ctx, label, append(titled(label, "second"), quad.Quad{Subject: label, Predicate: quad.IRI("https://example.org/extra"), Object: quad.String("x"), Label: label}))
					written <- err
				}()
				select {
				case err := <-written:
					if err != nil {
						return err
					}
				case <-time.After(30 * time.Second):
					return errors.New("the writer waited for the reader's snapshot")
				}
				if after := read(snap); after != before {
					return fmt.Errorf("one snapshot read %s, then %s after a write", before, after)
				}
				if before != `"first"/2` {
					return fmt.Errorf("snapshot read %s, want the first version", before)
				}
				if _, err := snap.ReplaceArticle(ctx, label, nil); err == nil {
					return errors.New("a snapshot accepted a write")
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			err = s.View(ctx, func(snap *graph.Store) error {
				if got := read(snap); got != `"second"/3` {
					return fmt.Errorf("a new View read %s, want the second version", got)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestViewDeadline checks that a read failing because its deadline passed
// is reported as context.DeadlineExceeded on every backend, whatever words
// the backend wraps it in (Cayley's SQL layer keeps only the text).
func TestViewDeadline(t *testing.T) {
	for _, tc := range viewStores {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.open(t)
			label := quad.IRI("https://example.org/article/late")
			if _, err := s.ReplaceArticle(context.Background(), label, titled(label, "late")); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			err := s.View(ctx, func(snap *graph.Store) error {
				<-ctx.Done()
				_, err := snap.ArticleQuads(ctx, label)
				if err == nil {
					// Stores that do not check the context still fail
					// here, as a query runner does.
					err = ctx.Err()
				}
				return err
			})
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("View after the deadline: %v, want context.DeadlineExceeded", err)
			}
		})
	}
}
