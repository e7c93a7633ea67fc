//go:build unix

package graph_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/newsgraph/newsgraph/graph"
)

// TestStoreBusy opens a bolt and a leveldb store twice: their file locks
// are per open file, so the second open stands for another process and
// must fail with ErrStoreBusy (bolt would otherwise wait for ever); once
// the first is closed the store opens again.
func TestStoreBusy(t *testing.T) {
	for _, backend := range []string{"bolt", "leveldb"} {
		t.Run(backend, func(t *testing.T) { testStoreBusy(t, backend+":"+filepath.Join(t.TempDir(), "g.db")) })
	}
}

func testStoreBusy(t *testing.T, dsn string) {
	ctx := context.Background()
	first, err := graph.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if s, err := graph.Open(ctx, dsn); !errors.Is(err, graph.ErrStoreBusy) {
		if s != nil {
			s.Close()
		}
		t.Fatalf("second open: %v, want ErrStoreBusy", err)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := graph.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("open after close: %v", err)
	}
	again.Close()
}

// TestBoltReadersShare: read-only opens of a bolt store take bolt's shared
// lock, so two of them (two processes' read commands) run side by side;
// a writer is refused while they hold it, and a reader while a writer
// does.
func TestBoltReadersShare(t *testing.T) {
	ctx := context.Background()
	dsn := "bolt:" + filepath.Join(t.TempDir(), "g.db")
	w, err := graph.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if s, err := graph.OpenReadOnly(ctx, dsn); !errors.Is(err, graph.ErrStoreBusy) {
		if s != nil {
			s.Close()
		}
		t.Fatalf("read-only open beside a writer: %v, want ErrStoreBusy", err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	r1, err := graph.OpenReadOnly(ctx, dsn)
	if err != nil {
		t.Fatalf("first reader: %v", err)
	}
	defer r1.Close()
	r2, err := graph.OpenReadOnly(ctx, dsn)
	if err != nil {
		t.Fatalf("second reader beside the first: %v", err)
	}
	defer r2.Close()
	if s, err := graph.Open(ctx, dsn); !errors.Is(err, graph.ErrStoreBusy) {
		if s != nil {
			s.Close()
		}
		t.Fatalf("writer beside two readers: %v, want ErrStoreBusy", err)
	}
}
