package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/ingest"
)

// TestFileCache: a second ingest of an unchanged folder skips its files
// without reading them. It proves the skip by editing a file in place
// while keeping its size and modification time, which a read would
// notice; --force reads it, and a new modification time does too.
func TestFileCache(t *testing.T) {
	ctx := context.Background()
	dir := copyArticles(t, 3)
	tmp := t.TempDir()
	in := newIngester(t, "bolt:"+filepath.Join(tmp, "g.db"))
	opts := ingest.Options{FileCache: filepath.Join(tmp, ".g.db.files.json"), Workers: 2}
	check := func(what string, sum ingest.Summary, stored, unchanged int) {
		t.Helper()
		if sum.Failed != 0 || sum.Stored != stored || sum.Unchanged != unchanged || sum.Articles != stored+unchanged {
			t.Fatalf("%s: %+v, want %d stored and %d unchanged", what, sum, stored, unchanged)
		}
	}
	check("first ingest", in.Ingest(ctx, []string{dir}, opts), 3, 0)
	check("second ingest", in.Ingest(ctx, []string{dir}, opts), 0, 3)

	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	f := files[0]
	fi, err := os.Stat(f)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(f)
	edited := strings.Replace(string(data), " the ", " THE ", 1)
	if edited == string(data) {
		t.Fatalf("%s: nothing to edit", f)
	}
	if err := os.WriteFile(f, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(f, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	check("same size and time", in.Ingest(ctx, []string{dir}, opts), 0, 3)

	forced := opts
	forced.Force = true
	check("--force", in.Ingest(ctx, []string{dir}, forced), 1, 2)

	later := fi.ModTime().Add(time.Minute)
	edited = strings.Replace(edited, " THE ", " the ", 1)
	if err := os.WriteFile(f, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(f, later, later); err != nil {
		t.Fatal(err)
	}
	check("a new modification time", in.Ingest(ctx, []string{dir}, opts), 1, 2)
	check("unchanged again", in.Ingest(ctx, []string{dir}, opts), 0, 3)
}

// TestFileCacheTrustsTheStore: a file the cache lists is read again when
// the store no longer holds its articles (another store's cache, or a
// store rebuilt from scratch).
func TestFileCacheTrustsTheStore(t *testing.T) {
	ctx := context.Background()
	dir := copyArticles(t, 2)
	cache := filepath.Join(t.TempDir(), "files.json")
	first := newIngester(t, "memory")
	if sum := first.Ingest(ctx, []string{dir}, ingest.Options{FileCache: cache}); sum.Stored != 2 {
		t.Fatalf("first ingest: %+v", sum)
	}
	fresh := newIngester(t, "memory")
	if sum := fresh.Ingest(ctx, []string{dir}, ingest.Options{FileCache: cache}); sum.Stored != 2 || sum.Unchanged != 0 {
		t.Fatalf("ingest into an empty store with a cache from another: %+v, want 2 stored", sum)
	}
}
