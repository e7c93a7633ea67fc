package ingest_test

import (
	"context"
	"slices"
	"testing"

	"github.com/newsgraph/newsgraph/gen"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/loaders"
)

// TestBatchedIngestEqualsOneByOne ingests a generated corpus that spans
// several writer batches, in files of every format, and checks that the
// graph equals the one written article by article in the reverse order,
// and that every article and source was reported once.
func TestBatchedIngestEqualsOneByOne(t *testing.T) {
	ctx := context.Background()
	const n = 450
	dir := t.TempDir()
	if _, err := gen.Write(ctx, dir, gen.Options{Articles: n, Seed: 3, Formats: []string{"dump", "jsonl"}, PerJSONLFile: 40}); err != nil {
		t.Fatal(err)
	}
	batched := newIngester(t, "memory")
	reported := map[string]int{}
	lastDone, total := 0, 0
	sum := batched.Ingest(ctx, []string{dir}, ingest.Options{
		OnArticle: func(r ingest.ArticleResult) { reported[r.ID]++ },
		Progress:  func(done, all int) { lastDone, total = max(lastDone, done), all },
	})
	if sum.Failed != 0 || sum.Stored != n || sum.Articles != n {
		t.Fatalf("batched ingest: %+v %v", sum, sum.Errors)
	}
	if len(reported) != n {
		t.Errorf("OnArticle reported %d distinct articles, want %d", len(reported), n)
	}
	for id, c := range reported {
		if c != 1 {
			t.Errorf("article %s reported %d times", id, c)
		}
	}
	if lastDone != total || total != sum.Sources {
		t.Errorf("progress ended at %d of %d, want %d sources", lastDone, total, sum.Sources)
	}

	sources, errs := loaders.Expand(ctx, []string{dir})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	slices.Reverse(sources)
	single := newIngester(t, "memory")
	for _, src := range sources {
		arts, err := loaders.Read(ctx, src, loaders.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range arts {
			if _, err := single.Article(ctx, a, false); err != nil {
				t.Fatal(err)
			}
		}
	}
	if export(t, batched.Store) != export(t, single.Store) {
		t.Fatal("batched ingest and article-by-article writes give different graphs")
	}
	again := batched.Ingest(ctx, []string{dir}, ingest.Options{})
	if again.Unchanged != n || again.Stored != 0 {
		t.Errorf("second ingest: %+v", again)
	}
}
