package main

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/bench"
	"github.com/newsgraph/newsgraph/gen"
)

func newBenchCmd(a *app) *cobra.Command {
	var opts bench.Options
	var stores, formats []string
	var format string
	var noReingest, queriesOnly bool
	var skip []string
	var queryFilter string
	cmd := &cobra.Command{
		Use:   "bench --articles N [--stores memory,bolt,postgres]",
		Short: "Measure extraction, ingest, Cayley's raw load, queries and memory on a generated corpus",
		Long: `Generate a corpus of N articles (or reuse --corpus DIR) and print one table per
store, headed by the commit and the load average: extraction speed on a sample
of the corpus (--extract-sample); the ingest through the same code as
'newsgraph ingest', the store's size on disk, Cayley's own 'cayley load' of the
very same quads (exported as N-Quads, loaded into a fresh store of the same
backend by the cayley command built from the module go.mod pins; --cayley
names a prebuilt one) and the ratio of the two; re-ingest of the unchanged
corpus through the file cache (--reingest-hash adds one without it); p50/p95
of every named query's first page; the headline answer over HTTP from a
'newsgraph serve' of the store; and peak anonymous memory (RssAnon) and VmHWM
of each phase. In memory, which Cayley's command cannot load into, the raw
load is the project's ApplyDeltas loader and says so.

PostgreSQL runs use --postgres (default: $` + bench.EnvPostgres + `); each
measurement creates a database of its own there and drops it afterwards.
--profile DIR writes a CPU profile of each phase for 'go tool pprof'.
--queries-only measures the named queries alone on the store --store names,
for example one that 'newsgraph ingest' filled with a large corpus.

The machines this runs on are shared: read speeds as ratios to the raw load
measured in the same run.`,
		Example: `  newsgraph bench --articles 10000 --stores memory,bolt,postgres
  newsgraph bench --articles 100000 --stores bolt --work /var/tmp/ngbench --profile prof
  newsgraph --store bolt:big.db bench --queries-only --query-runs 5`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			for _, s := range stores {
				for _, p := range strings.Split(s, ",") {
					if p = strings.TrimSpace(p); p != "" {
						opts.Stores = append(opts.Stores, p)
					}
				}
			}
			for _, f := range formats {
				for _, p := range strings.Split(f, ",") {
					if p = strings.TrimSpace(p); p != "" {
						if err := gen.CheckFormat(p); err != nil {
							return usageError{err}
						}
						opts.Formats = append(opts.Formats, p)
					}
				}
			}
			if queriesOnly {
				opts.Existing = a.store
			}
			if opts.Articles <= 0 && opts.Corpus == "" && !queriesOnly {
				return usagef("--articles N or --corpus DIR is required")
			}
			if format != "table" && format != "json" {
				return usagef("--format %q: want table or json", format)
			}
			opts.Skip = map[string]bool{}
			for _, k := range skip {
				for _, p := range strings.Split(k, ",") {
					switch p = strings.TrimSpace(p); p {
					case "":
					case bench.PhaseRaw, bench.PhaseReingest, bench.PhaseQueries, bench.PhaseHTTP:
						opts.Skip[p] = true
					default:
						return usagef("--skip %q: want raw, reingest, queries or http (the ingest fills the store the others read)", p)
					}
				}
			}
			if noReingest {
				opts.Skip[bench.PhaseReingest] = true
			}
			if queryFilter != "" {
				re, err := regexp.Compile(queryFilter)
				if err != nil {
					return usagef("--queries: %v", err)
				}
				opts.QueryFilter = re
			}
			if !opts.Skip[bench.PhaseHTTP] {
				// The headline over HTTP asks this very binary to serve.
				if exe, err := os.Executable(); err == nil {
					opts.Newsgraph = exe
				}
			}
			opts.Log = slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
			if opts.Postgres == "" {
				opts.Postgres = os.Getenv(bench.EnvPostgres)
			}
			res, err := bench.Run(ctx, opts)
			if err != nil {
				return err
			}
			if format == "json" {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(res)
			}
			_, err = fmt.Fprint(a.stdout, res.Markdown())
			for _, s := range res.Stores {
				if s.Err != "" {
					a.failed = true
				}
			}
			return err
		},
	}
	f := cmd.Flags()
	f.IntVar(&opts.Articles, "articles", 0, "articles to generate")
	f.Uint64Var(&opts.Seed, "seed", 1, "corpus seed")
	f.StringVar(&opts.Corpus, "corpus", "", "use this generated corpus folder instead of generating one")
	f.StringSliceVar(&formats, "formats", nil, "formats of the generated corpus (default dump)")
	f.StringSliceVar(&stores, "stores", []string{"memory", "bolt"}, "stores to measure: memory, bolt, leveldb, postgres")
	f.StringVar(&opts.Postgres, "postgres", "", "PostgreSQL server URL (default $"+bench.EnvPostgres+")")
	f.StringVar(&opts.WorkDir, "work", "", "folder for the corpus and the stores (default: a temporary folder, removed)")
	f.IntVar(&opts.QueryRuns, "query-runs", 20, "timed runs of each query, after one warm-up run")
	f.BoolVar(&noReingest, "no-reingest", false, "skip the re-ingest of the unchanged corpus")
	f.BoolVar(&queriesOnly, "queries-only", false, "measure only the named queries, on the store --store names (already filled, e.g. by ingest); entity arguments are ranked from it")
	f.StringSliceVar(&skip, "skip", nil, "phases to skip: raw, reingest, queries, http")
	f.StringVar(&opts.Cayley, "cayley", "", "Cayley's command for the raw load (default: go build "+bench.CayleyPackage+" in the current module)")
	f.IntVar(&opts.HTTPRuns, "http-runs", 20, "timed GETs of the headline answer from the running server, after one warm-up")
	f.IntVar(&opts.ExtractSample, "extract-sample", 2000, "articles the extraction speed is measured on")
	f.BoolVar(&opts.NoBulk, "no-bulk", false, "ingest as 'newsgraph ingest --no-bulk' does: side indexes written with every batch")
	f.BoolVar(&opts.ReingestHash, "reingest-hash", false, "also re-ingest the unchanged corpus without the file cache (reads every file)")
	f.StringVar(&queryFilter, "queries", "", "only the queries whose label matches this regular expression")
	f.DurationVar(&opts.SlowQuery, "slow-query", 10*time.Second, "a query whose warm-up run takes longer is timed once")
	f.StringVar(&opts.ProfileDir, "profile", "", "write a CPU profile of each phase into this folder")
	f.StringVar(&format, "format", "table", "output: table (markdown) or json")
	completeFormats(cmd, "table", "json")
	return cmd
}
