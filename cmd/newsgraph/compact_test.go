package main

import (
	"testing"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
)

// TestLargeIngest checks when an ingest compacts the store after: when it
// added a quarter or more of the store's quads, to a file of 64 MiB or more.
func TestLargeIngest(t *testing.T) {
	for _, c := range []struct {
		name         string
		added, quads int
		file         int64
		want         bool
	}{
		{"first ingest", 7_000, 7_000, 100 << 20, true},
		{"a quarter", 250, 1_000, 100 << 20, true},
		{"less than a quarter", 249, 1_000, 100 << 20, false},
		{"nothing new", 0, 1_000, 100 << 20, false},
		{"an empty store", 0, 0, 100 << 20, false},
		{"a small file", 7_000, 7_000, minCompactBytes - 1, false},
		{"just large enough", 7_000, 7_000, minCompactBytes, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := largeIngest(ingest.Summary{Added: c.added}, graph.Stats{Quads: int64(c.quads)}, c.file); got != c.want {
				t.Errorf("largeIngest(added %d, store %d quads, %d bytes) = %v, want %v", c.added, c.quads, c.file, got, c.want)
			}
		})
	}
}
