// Package testenv locates what tests need outside the repository: the seed
// article and the UD English EWT treebank, which live in the shared folder
// next to the checkout, and the test articles of every format in
// testdata/articles.
package testenv

import (
	"fmt"
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

// EnvUDDir names the folder holding UD English EWT's .conllu files;
// EnvRequireUD, when set (scripts/test sets it), turns a missing treebank
// into a failure, so CI can never skip the parser's accuracy test.
const (
	EnvUDDir     = "NEWSGRAPH_UD_DIR"
	EnvRequireUD = "NEWSGRAPH_REQUIRE_UD"
)

// UDDir returns the folder of UD English EWT (dev.conllu and the other
// splits): $NEWSGRAPH_UD_DIR, else ../shared/ud/en_ewt beside the
// repository. Where it is absent the test is skipped, or fails when
// NEWSGRAPH_REQUIRE_UD is set.
func UDDir(t testing.TB) string {
	t.Helper()
	var dirs []string
	if d := os.Getenv(EnvUDDir); d != "" {
		dirs = append(dirs, d)
	}
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	dirs = append(dirs, filepath.Join(root, "..", "shared", "ud", "en_ewt"))
	for _, d := range dirs {
		p, err := filepath.Abs(d)
		if err != nil {
			continue
		}
		if _, err := os.Stat(filepath.Join(p, "dev.conllu")); err == nil {
			return p
		}
	}
	if os.Getenv(EnvRequireUD) != "" {
		t.Fatalf("UD English EWT (dev.conllu) not found in %v but %s is set: the parser's accuracy test must run", dirs, EnvRequireUD)
	}
	t.Skipf("UD English EWT (dev.conllu) not found in %v", dirs)
	return ""
}

// Articles returns the paths of the test articles in testdata/articles,
// sorted: page dumps, HTML pages, feeds and JSON Lines, one article each,
// so every test that reads them covers every format the loaders read.
func Articles(t testing.TB) []string {
	t.Helper()
	paths, err := ArticlePaths()
	if err != nil {
		t.Fatal(err)
	}
	return paths
}

// ArticlePaths is Articles for code that runs outside a test function,
// such as a store shared by a package's tests.
func ArticlePaths() ([]string, error) {
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "testdata", "articles")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("test articles: %w", err)
	}
	var paths []string
	for _, e := range entries {
		if e.Type().IsRegular() {
			paths = append(paths, filepath.Join(dir, e.Name()))
		}
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no test articles in %s", dir)
	}
	return paths, nil
}
