package queries_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/newsgraph/newsgraph/bench"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/queries"
)

// The query benchmarks run every named query against a store holding a
// generated corpus: 10,000 articles in memory by default. Building the
// store is not timed but takes a while; for the 100k figures run
//
//	go test -run XXX -bench . -timeout 0 ./queries/ -args -bench.articles 100000 -bench.store bolt
//
// (or set NEWSGRAPH_BENCH_ARTICLES and NEWSGRAPH_BENCH_STORE). A bolt store
// is built in the system's temporary folder and removed afterwards.
var (
	benchArticles = flag.Int("bench.articles", envInt("NEWSGRAPH_BENCH_ARTICLES", 10_000), "articles in the query benchmarks' store")
	benchStore    = flag.String("bench.store", envStr("NEWSGRAPH_BENCH_STORE", "memory"), "store of the query benchmarks: memory, bolt, leveldb or postgres (server from "+bench.EnvPostgres+")")
)

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

func envStr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

type benchFixture struct {
	store *graph.Store
	ents  bench.Entities
	err   error
}

var (
	fixtureOnce sync.Once
	fixture     benchFixture
)

// benchStoreFixture builds the benchmark store once per test binary.
func benchStoreFixture(b *testing.B) benchFixture {
	b.Helper()
	fixtureOnce.Do(func() {
		ctx := context.Background()
		var dsn string
		switch *benchStore {
		case "memory":
			dsn = "memory"
		case "bolt", "leveldb":
			dir, err := os.MkdirTemp("", "newsgraph-query-bench-")
			if err != nil {
				fixture.err = err
				return
			}
			// The store lives until the test binary exits.
			dsn = *benchStore + ":" + filepath.Join(dir, "newsgraph.db")
		case "postgres":
			dsn = os.Getenv(bench.EnvPostgres)
			if dsn == "" {
				fixture.err = fmt.Errorf("-bench.store postgres needs %s (use a scratch database: the benchmark writes into it)", bench.EnvPostgres)
				return
			}
		default:
			fixture.err = fmt.Errorf("unknown -bench.store %q", *benchStore)
			return
		}
		s, err := graph.Open(ctx, dsn)
		if err != nil {
			fixture.err = err
			return
		}
		p, err := extract.New(extract.Config{})
		if err != nil {
			fixture.err = err
			return
		}
		fixture.store = s
		fixture.ents, fixture.err = bench.LoadGenerated(ctx, s, p, 1, *benchArticles, 500)
	})
	if fixture.err != nil {
		b.Fatalf("build the benchmark store: %v", fixture.err)
	}
	return fixture
}

// BenchmarkQueries runs each named query with representative arguments
// (bench.QuerySpecs: the most reported base, a typical one, the busiest
// country). Never assert timings here: the figures go to
// docs/performance.md.
func BenchmarkQueries(b *testing.B) {
	f := benchStoreFixture(b)
	ctx := context.Background()
	for _, sp := range bench.QuerySpecs(f.ents) {
		b.Run(sp.Label, func(b *testing.B) {
			rows := 0
			for b.Loop() {
				res, err := queries.Run(ctx, f.store, sp.Name, sp.Args)
				if err != nil {
					b.Fatal(err)
				}
				rows = len(res.Rows)
			}
			b.ReportMetric(float64(rows), "rows")
		})
	}
}
