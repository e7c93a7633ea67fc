package bench_test

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/bench"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/gen"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
)

// TestRunSmall runs the whole benchmark on a tiny corpus in memory and
// checks the table's shape; it asserts no timing.
func TestRunSmall(t *testing.T) {
	res, err := bench.Run(context.Background(), bench.Options{
		Articles: 30, Seed: 2, Stores: []string{bench.StoreMemory}, WorkDir: t.TempDir(),
		QueryRuns: 1, QueryFilter: regexp.MustCompile(`^(stats|bases --event withdrawal)$`),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Stores) != 1 || res.Stores[0].Err != "" {
		t.Fatalf("stores: %+v", res.Stores)
	}
	s := res.Stores[0]
	if s.Ingest.Quads == 0 || s.Ingest.Quads != s.Raw.Quads {
		t.Errorf("quads: ingest %d, raw load %d: want the same non-zero count", s.Ingest.Quads, s.Raw.Quads)
	}
	for _, re := range []bench.Phase{s.Reingest, s.ReingestHash} {
		if re.Stored != 0 || re.Articles != 30 {
			t.Errorf("re-ingest stored %d of %d articles, want 0 of 30", re.Stored, re.Articles)
		}
	}
	if s.Ingest.PeakAnon <= 0 {
		t.Errorf("ingest peak anonymous memory %d, want it measured", s.Ingest.PeakAnon)
	}
	if len(s.Queries) != 2 {
		t.Errorf("%d queries measured, want 2", len(s.Queries))
	}
	for _, q := range s.Queries {
		if q.Err != "" || q.Runs == 0 {
			t.Errorf("query %s: %+v", q.Label, q)
		}
	}
	md := res.Markdown()
	for _, want := range []string{"| measure | memory | target |", "ingest / raw load", "`bases --event withdrawal`", "peak RSS", "peak anonymous memory"} {
		if !strings.Contains(md, want) {
			t.Errorf("table lacks %q:\n%s", want, md)
		}
	}
}

func TestBadOptions(t *testing.T) {
	for _, o := range []bench.Options{
		{Articles: 1, Stores: []string{"oracle"}},
		{Articles: 1, Stores: []string{"postgres"}},
		{Articles: 1, Skip: map[string]bool{bench.PhaseIngest: true}},
		{},
	} {
		o.WorkDir = t.TempDir()
		if _, err := bench.Run(context.Background(), o); err == nil {
			t.Errorf("Run(%+v) succeeded, want an error", o)
		}
	}
}

// TestQueriesOnExistingStore fills a bolt store with `newsgraph ingest`'s
// code and measures the queries on it without generating or writing.
func TestQueriesOnExistingStore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	if _, err := gen.Write(ctx, corpus, gen.Options{Articles: 40, Seed: 4}); err != nil {
		t.Fatal(err)
	}
	p, err := extract.New(extract.Config{})
	if err != nil {
		t.Fatal(err)
	}
	dsn := "bolt:" + filepath.Join(dir, "g.db")
	s, err := graph.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	sum := (&ingest.Ingester{Store: s, Pipeline: p}).Ingest(ctx, []string{corpus}, ingest.Options{})
	s.Close()
	if sum.Stored != 40 {
		t.Fatalf("ingest: %+v", sum)
	}
	res, err := bench.Run(ctx, bench.Options{Existing: dsn, QueryRuns: 1, QueryFilter: regexp.MustCompile(`^(stats|entity --name <hot base>)$`)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Articles != 40 || res.HotBase == "" || len(res.Stores) != 1 {
		t.Fatalf("result: %d articles, hot base %q, %d stores", res.Articles, res.HotBase, len(res.Stores))
	}
	if qs := res.Stores[0].Queries; len(qs) != 2 || qs[0].Err != "" || qs[1].Err != "" || qs[1].Rows == 0 {
		t.Errorf("queries: %+v", qs)
	}
	if md := res.Markdown(); strings.Contains(md, "ingest / raw load") || !strings.Contains(md, "existing store") {
		t.Errorf("table of a queries-only run:\n%s", md)
	}
}
