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
