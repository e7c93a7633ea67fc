package main

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestServeMemoryLimit: serve's soft heap limit is the default unless
// GOMEMLIMIT is set, --memory-limit overrides both, and 0 removes it.
func TestServeMemoryLimit(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(old) })
	for _, c := range []struct {
		name              string
		mib               int64
		explicit, fromEnv bool
		before, want      int64
	}{
		{"default", DefaultServeMemoryLimitMiB, false, false, math.MaxInt64, DefaultServeMemoryLimitMiB << 20},
		{"GOMEMLIMIT kept", DefaultServeMemoryLimitMiB, false, true, 300 << 20, 300 << 20},
		{"flag over GOMEMLIMIT", 256, true, true, 300 << 20, 256 << 20},
		{"flag 0: none", 0, true, false, 300 << 20, math.MaxInt64},
	} {
		debug.SetMemoryLimit(c.before)
		setMemoryLimit(c.mib, c.explicit, c.fromEnv)
		if got := debug.SetMemoryLimit(-1); got != c.want {
			t.Errorf("%s: limit %d, want %d", c.name, got, c.want)
		}
	}
}
