// Package testenv locates what tests need outside the repository: the seed
// article, which lives in the shared folder next to the checkout.
package testenv

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// SeedName is the seed article's file name.
const SeedName = "000_fa66c513d12f3a6d.txt"

// SeedPath returns the seed article's path: $NEWSGRAPH_SEED_DIR, else
// ../shared/seed beside the repository. The test is skipped only where
// the seed is absent.
func SeedPath(t testing.TB) string {
	t.Helper()
	var dirs []string
	if d := os.Getenv("NEWSGRAPH_SEED_DIR"); d != "" {
		dirs = append(dirs, d)
	}
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	dirs = append(dirs, filepath.Join(root, "..", "shared", "seed"))
	for _, d := range dirs {
		p, err := filepath.Abs(filepath.Join(d, SeedName))
		if err != nil {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Skipf("seed article %s not found in %v", SeedName, dirs)
	return ""
}
