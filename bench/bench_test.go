package bench_test

import (
	"context"
	"os/exec"
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
		QueryRuns: 1, ReingestHash: true, QueryFilter: regexp.MustCompile(`^(stats|bases --event withdrawal)$`),
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
	if s.RawLoader == "" || !strings.Contains(s.RawLoader, "ApplyDeltas") {
		t.Errorf("raw loader in memory %q, want the ApplyDeltas loader named", s.RawLoader)
	}
	for _, want := range []string{"| memory | value | target |", "ingest / raw load", "ApplyDeltas loader", "`bases --event withdrawal`", "peak RSS", "peak anonymous memory", "load average at start"} {
		if !strings.Contains(md, want) {
			t.Errorf("table lacks %q:\n%s", want, md)
		}
	}
}

// TestRunBoltAgainstCayleyLoad runs the bench on bolt the way the issue
// asks: Cayley's own command, built from the pinned module (offline from
// the module cache), loads the exported quads, and a running
// `newsgraph serve` answers the headline over HTTP. It asserts what was
// loaded and answered, no timing.
func TestRunBoltAgainstCayleyLoad(t *testing.T) {
	ctx := context.Background()
	bin := t.TempDir()
	newsgraph := filepath.Join(bin, "newsgraph")
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", newsgraph, "github.com/newsgraph/newsgraph/cmd/newsgraph").CombinedOutput(); err != nil {
		t.Fatalf("build newsgraph: %v\n%s", err, out)
	}
	res, err := bench.Run(ctx, bench.Options{
		Articles: 25, Seed: 3, Stores: []string{bench.StoreBolt}, WorkDir: t.TempDir(),
		QueryRuns: 1, HTTPRuns: 1, Newsgraph: newsgraph, ExtractSample: 10,
		QueryFilter: regexp.MustCompile(`^(stats|bases --event withdrawal)$`),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Stores) != 1 || res.Stores[0].Err != "" {
		t.Fatalf("stores: %+v", res.Stores)
	}
	s := res.Stores[0]
	if s.Ingest.Quads == 0 || s.Raw.Quads != s.Ingest.Quads {
		t.Errorf("quads: ingest %d, cayley load %d: want the same non-zero count", s.Ingest.Quads, s.Raw.Quads)
	}
	if !strings.Contains(s.RawLoader, "cayley load") {
		t.Errorf("raw loader %q, want Cayley's command", s.RawLoader)
	}
	if s.Raw.CPU <= 0 || s.Raw.PeakAnon <= 0 {
		t.Errorf("cayley load's process: CPU %v, peak anonymous memory %d: want both measured", s.Raw.CPU, s.Raw.PeakAnon)
	}
	if s.StoreBytes <= 0 {
		t.Errorf("store size %d, want it measured", s.StoreBytes)
	}
	if s.Compact.Duration <= 0 || s.CompactedFrom < s.StoreBytes {
		t.Errorf("compaction took %v, store %d bytes before it and %d after: want it run and the store no bigger", s.Compact.Duration, s.CompactedFrom, s.StoreBytes)
	}
	if res.Extraction.Articles != 10 {
		t.Errorf("extraction measured on %d articles, want the sample of 10", res.Extraction.Articles)
	}
	if s.HTTP == nil || s.HTTP.Err != "" || s.HTTP.Runs != 1 || s.Serve.PeakAnon <= 0 {
		t.Errorf("headline over HTTP: %+v, server memory %+v", s.HTTP, s.Serve)
	}
	for _, q := range s.Queries {
		if q.Label == "bases --event withdrawal" && s.HTTP != nil && s.HTTP.Rows != q.Rows {
			t.Errorf("headline: %d rows over HTTP, %d in process: want the same page", s.HTTP.Rows, q.Rows)
		}
	}
	md := res.Markdown()
	for _, want := range []string{"| bolt | value | target |", "`cayley load`", "store on disk", "from a running `newsgraph serve`"} {
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
	res, err := bench.Run(ctx, bench.Options{Existing: dsn, QueryRuns: 1, QueryFilter: regexp.MustCompile(`^(stats|entity --entity <hot base>)$`)})
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
