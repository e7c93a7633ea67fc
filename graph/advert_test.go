//go:build unix

package graph_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/newsgraph/newsgraph/graph"
)

// TestAdvertise: a server's advertisement is found while the store is
// held for writing, ignored once nobody holds it (a server killed before
// its clean-up), and gone after remove; memory and SQL stores get none.
func TestAdvertise(t *testing.T) {
	dsn := "bolt:" + filepath.Join(t.TempDir(), "g.db")
	s, err := graph.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	remove, err := graph.Advertise(dsn, "http://127.0.0.1:9")
	if err != nil {
		t.Fatal(err)
	}
	if got := graph.AdvertisedServer(dsn); got != "http://127.0.0.1:9" {
		t.Fatalf("advertised while held: %q", got)
	}
	s.Close()
	if got := graph.AdvertisedServer(dsn); got != "" {
		t.Errorf("advertised for a store nobody holds: %q", got)
	}
	s, err = graph.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	remove()
	if got := graph.AdvertisedServer(dsn); got != "" {
		t.Errorf("advertised after remove: %q", got)
	}
	if remove, err := graph.Advertise("memory", "http://127.0.0.1:9"); err != nil || graph.AdvertisedServer("memory") != "" {
		t.Errorf("memory store: %v", err)
	} else {
		remove()
	}
}
