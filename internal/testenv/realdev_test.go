package testenv

import (
	"testing"
)

// recorder is a testing.TB that records Fatalf and Skipf instead of
// stopping the test; the rest goes to the real test.
type recorder struct {
	testing.TB
	fatal, skipped bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Fatalf(string, ...any) { r.fatal = true }
func (r *recorder) Skipf(string, ...any)  { r.skipped = true }

// TestMissingSharedFailsWhereRequired: scripts/test and CI turn a missing
// shared folder into a failure; elsewhere it is a skip.
func TestMissingSharedFailsWhereRequired(t *testing.T) {
	for _, tt := range []struct {
		name, require, ci string
		fatal             bool
	}{
		{"developer machine", "", "", false},
		{"scripts/test", "1", "", true},
		{"CI", "", "true", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(EnvRequireShared, tt.require)
			t.Setenv("CI", tt.ci)
			r := &recorder{TB: t}
			missing(r, "realdev not found")
			if r.fatal != tt.fatal || r.skipped == tt.fatal {
				t.Errorf("fatal %v, skipped %v; want fatal %v", r.fatal, r.skipped, tt.fatal)
			}
		})
	}
}
