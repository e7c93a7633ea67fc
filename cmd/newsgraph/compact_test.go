package main

import (
	"testing"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
)

// TestLargeIngest checks when an ingest compacts the store after: when it
// added a quarter or more of the store's quads.
func TestLargeIngest(t *testing.T) {
	for _, c := range []struct {
		name         string
		added, quads int
		want         bool
	}{
		{"first ingest", 7_000, 7_000, true},
		{"a quarter", 250, 1_000, true},
		{"less than a quarter", 249, 1_000, false},
		{"nothing new", 0, 1_000, false},
		{"an empty store", 0, 0, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := largeIngest(ingest.Summary{Added: c.added}, graph.Stats{Quads: int64(c.quads)}); got != c.want {
				t.Errorf("largeIngest(added %d, store %d quads) = %v, want %v", c.added, c.quads, got, c.want)
			}
		})
	}
}
