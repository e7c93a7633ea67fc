package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/ingest"
)

// TestIngestReextractsAfterGazetteerEdit: an article stored by one
// extractor is extracted again by the next ingest once the extractor's
// identity changes, here by an edit of a user gazetteer file that keeps
// its size (and so fooled a digest of names and sizes), through both the
// store's version check and the file cache.
func TestIngestReextractsAfterGazetteerEdit(t *testing.T) {
	ctx := context.Background()
	dir := copyArticles(t, 2)
	tmp := t.TempDir()
	gaz := filepath.Join(t.TempDir(), "bases-local.tsv")
	const entry = "Camp Quillon\tNE\tQuillon base\tUS\tarmy base\t14.1\t8.2\n"
	writeGazetteer := func(data string) {
		t.Helper()
		if err := os.WriteFile(gaz, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Each ingest builds its pipeline afresh, as each run of the command
	// does.
	pipeline := func() *extract.Pipeline {
		t.Helper()
		p, err := extract.New(extract.Config{Gazetteers: []string{gaz}})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	writeGazetteer(entry)
	in := newIngester(t, "bolt:"+filepath.Join(tmp, "g.db"))
	opts := ingest.Options{FileCache: filepath.Join(tmp, ".g.db.files.json"), Workers: 2}
	check := func(what string, stored, unchanged int) {
		t.Helper()
		in.Pipeline = pipeline()
		sum := in.Ingest(ctx, []string{dir}, opts)
		if sum.Failed != 0 || sum.Stored != stored || sum.Unchanged != unchanged {
			t.Fatalf("%s: %+v, want %d stored and %d unchanged", what, sum, stored, unchanged)
		}
	}
	check("first ingest", 2, 0)
	first := in.Pipeline.Identity()
	check("same gazetteer, new run", 0, 2)
	if in.Pipeline.Identity() != first {
		t.Fatalf("identity changed between runs: %q, %q", first, in.Pipeline.Identity())
	}

	edited := strings.ReplaceAll(entry, "Quillon", "Quillox")
	if len(edited) != len(entry) {
		t.Fatal("the edit must keep the size")
	}
	writeGazetteer(edited)
	check("gazetteer edited, size kept", 2, 0)
	if in.Pipeline.Identity() == first {
		t.Fatalf("identity %q did not change with the gazetteer", first)
	}
	if g := export(t, in.Store); !strings.Contains(g, in.Pipeline.Identity()) || strings.Contains(g, first) {
		t.Errorf("the store does not hold the new identity %q alone", in.Pipeline.Identity())
	}
	check("unchanged again", 0, 2)
}
