package ingest

import (
	"os"
	"runtime/debug"
)

// Garbage collection during a bulk ingest: extraction allocates much and
// keeps little, so with Go's default (collect when the heap doubles) the
// collector runs many times a second on a small heap and takes CPU from
// the two things an ingest does, extracting and writing. A larger growth
// factor under a soft heap limit spends memory the ingest is allowed
// (the bound is 1 GiB of anonymous memory) instead of CPU; past
// the limit the collector works harder, so the heap stays near it.
const (
	ingestGCPercent = 400
	ingestHeapLimit = 768 << 20
)

// TuneGC sets the process's garbage collector for a bulk ingest and
// returns a function that restores the previous settings. It changes
// nothing when GOGC or GOMEMLIMIT is set (the user chose), and never
// raises a memory limit already lower than its own. Call it from a
// command that runs one ingest (newsgraph ingest, the bench), not from
// a server, whose other requests share the heap.
func TuneGC() (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	prevLimit := debug.SetMemoryLimit(-1)
	debug.SetMemoryLimit(min(prevLimit, ingestHeapLimit))
	prevPercent := debug.SetGCPercent(ingestGCPercent)
	return func() {
		debug.SetGCPercent(prevPercent)
		debug.SetMemoryLimit(prevLimit)
	}
}
