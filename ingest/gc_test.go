package ingest

import (
	"runtime/debug"
	"testing"
)

// gcSettings reads the collector's percent and memory limit without
// changing them.
func gcSettings() (percent int, limit int64) {
	percent = debug.SetGCPercent(100)
	debug.SetGCPercent(percent)
	return percent, debug.SetMemoryLimit(-1)
}

func TestTuneGC(t *testing.T) {
	for _, tc := range []struct {
		name        string
		gogc        string
		wantPercent func(before int) int
	}{
		{"user chose nothing", "", func(int) int { return ingestGCPercent }},
		{"GOGC set", "50", func(before int) int { return before }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("GOGC", tc.gogc)
			t.Setenv("GOMEMLIMIT", "")
			percent, limit := gcSettings()
			restore := TuneGC()
			p, l := gcSettings()
			if p != tc.wantPercent(percent) {
				t.Errorf("during the ingest GC percent %d, want %d", p, tc.wantPercent(percent))
			}
			if tc.gogc == "" && l > ingestHeapLimit {
				t.Errorf("during the ingest memory limit %d, want at most %d", l, ingestHeapLimit)
			}
			restore()
			if p, l := gcSettings(); p != percent || l != limit {
				t.Errorf("after: percent %d limit %d, want %d and %d restored", p, l, percent, limit)
			}
		})
	}
}
