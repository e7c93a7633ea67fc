//go:build unix

package graph_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/newsgraph/newsgraph/graph"
)

// TestBoltBusy opens a bolt store twice: bolt's file lock is per open
// file, so the second open stands for another process and must fail with
// ErrStoreBusy instead of waiting for ever; once the first is closed the
// store opens again.
func TestBoltBusy(t *testing.T) {
	ctx := context.Background()
	dsn := "bolt:" + filepath.Join(t.TempDir(), "g.db")
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
