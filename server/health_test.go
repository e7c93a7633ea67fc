package server

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/graph"
)

// TestHealthProbe checks /healthz's view of the store: healthy while the
// store answers, failing after it stops answering, and failing when a
// probe has been stuck for longer than healthStalled, all without a
// request waiting on the store.
func TestHealthProbe(t *testing.T) {
	s, err := graph.Open(context.Background(), "bolt:"+filepath.Join(t.TempDir(), "g.db"))
	if err != nil {
		t.Fatal(err)
	}
	h := &storeHealth{store: s}
	settle := func() {
		t.Helper()
		for range 500 {
			h.mu.Lock()
			idle := h.probing.IsZero()
			h.mu.Unlock()
			if idle {
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
		t.Fatal("the probe never finished")
	}
	now := time.Now()
	if err := h.status(now); err != nil {
		t.Fatalf("first status: %v", err)
	}
	settle()
	if err := h.status(now.Add(time.Second)); err != nil {
		t.Fatalf("status of an open store: %v", err)
	}
	settle()

	s.Close()
	// The next probe is due healthEvery after the last one ended.
	h.status(time.Now().Add(healthEvery))
	settle()
	if err := h.status(time.Now().Add(healthEvery)); err == nil {
		t.Fatal("status of a closed store is healthy")
	}

	// A probe stuck in flight is reported once it is older than
	// healthStalled.
	start := time.Now()
	h.mu.Lock()
	h.err, h.probing = nil, start
	h.mu.Unlock()
	if err := h.status(start.Add(time.Second)); err != nil {
		t.Fatalf("a probe in flight for 1s: %v", err)
	}
	if err := h.status(start.Add(healthStalled + time.Second)); !errors.Is(err, errStoreStalled) {
		t.Fatalf("a probe in flight for longer than %v: %v, want errStoreStalled", healthStalled, err)
	}
}
