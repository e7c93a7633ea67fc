package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// EnvRealdevDir names the folder of the real-article development set
// (articles/, gold/, score.py); by default ../shared/realdev beside the
// repository.
const EnvRealdevDir = "NEWSGRAPH_REALDEV_DIR"

// EnvRequireShared, when set (scripts/test sets it, and so does a CI
// environment through CI), turns a missing shared folder or a missing
// python3 into a test failure instead of a skip.
const EnvRequireShared = "NEWSGRAPH_REQUIRE_SHARED"

// required reports whether a test that needs the shared folder must fail
// rather than skip when it is absent.
func required() bool {
	return os.Getenv(EnvRequireShared) != "" || os.Getenv("CI") != ""
}

// missing fails the test where the shared data is required and skips it
// elsewhere.
func missing(t testing.TB, format string, args ...any) {
	t.Helper()
	if required() {
		t.Fatalf(format, args...)
		return
	}
	t.Skipf(format, args...)
}

// RealdevDir returns the absolute path of the real-article development
// set: $NEWSGRAPH_REALDEV_DIR, else ../shared/realdev beside the
// repository. It must hold articles/, gold/ and score.py.
func RealdevDir(t testing.TB) string {
	t.Helper()
	var dirs []string
	if d := os.Getenv(EnvRealdevDir); d != "" {
		dirs = append(dirs, d)
	}
	_, file, _, _ := runtime.Caller(0)
	dirs = append(dirs, filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "realdev"))
	for _, d := range dirs {
		abs, err := filepath.Abs(d)
		if err != nil {
			continue
		}
		if _, err := os.Stat(filepath.Join(abs, "score.py")); err == nil {
			return abs
		}
	}
	missing(t, "realdev set (score.py, articles/, gold/) not found in %v; set %s", dirs, EnvRealdevDir)
	return ""
}

// Python3 returns the path of python3, which runs the reference scorer.
func Python3(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("python3")
	if err != nil {
		missing(t, "python3 is needed to run the reference scorer: %v", err)
	}
	return p
}
