package main

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/refresh"
)

// refreshFlags are the source options shared by refresh and serve.
type refreshFlags struct {
	config  string
	sources []string
	every   time.Duration
	prune   bool
	follow  bool
}

func (f *refreshFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.config, "config", "", "refresh configuration file (YAML: sources with schedules and options)")
	cmd.Flags().StringArrayVar(&f.sources, "source", nil, "a folder, file, glob or URL to keep ingesting; repeatable")
	cmd.Flags().DurationVar(&f.every, "refresh", 15*time.Minute, "interval between runs of --source sources")
	cmd.Flags().BoolVar(&f.prune, "prune", false, "remove articles that vanished from a --source source")
	cmd.Flags().BoolVar(&f.follow, "follow", false, "fetch the page behind feed items that carry only a summary")
}

// resolve merges --config and --source into one source list.
func (f *refreshFlags) resolve() ([]refresh.Source, time.Duration, error) {
	every := f.every
	var sources []refresh.Source
	if f.config != "" {
		c, err := refresh.LoadConfig(f.config)
		if err != nil {
			return nil, 0, err
		}
		if c.Every != "" {
			if every, err = c.DefaultEvery(); err != nil {
				return nil, 0, err
			}
		}
		sources = append(sources, c.Sources...)
	}
	for _, s := range f.sources {
		sources = append(sources, refresh.Source{Location: s, Prune: f.prune, Follow: f.follow})
	}
	c := refresh.Config{Every: every.String(), Sources: sources}
	if err := c.Check(); err != nil {
		return nil, 0, usageError{err}
	}
	return sources, every, nil
}

// httpCachePath keeps URL validators next to a file store, so they belong
// to the graph they describe; memory and SQL stores keep none across runs.
func httpCachePath(store string) string {
	for _, p := range []string{"bolt:", "leveldb:"} {
		if strings.HasPrefix(store, p) {
			path := strings.TrimPrefix(store, p)
			return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".http.json")
		}
	}
	return ""
}

func newRefreshCmd(a *app) *cobra.Command {
	var f refreshFlags
	var once, status bool
	var format string
	cmd := &cobra.Command{
		Use:   "refresh",
		Short: "Keep the graph current: re-ingest sources once (--once) or on their schedules",
		Long: `Re-ingest sources incrementally: unchanged articles cost no write, changed ones
have their named graph replaced in one step, and articles that vanished from a
source stay unless the source says prune. Each run is recorded in the graph with
a UUIDv7 ID and per-source counts; --status shows the recent runs.

Without --once the command keeps running, refreshing every source on its
schedule (for a server, 'newsgraph serve --source ...' does the same while
answering queries).`,
		Example: `  newsgraph refresh --once --source ./articles          # for cron or systemd timers
  newsgraph refresh --config newsgraph.yaml
  newsgraph refresh --status`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			out, err := a.outputFormat(format)
			if err != nil {
				return err
			}
			openStore := a.openStore
			if status {
				// Only reads: it must not create a store at a mistyped path.
				openStore = a.openReadOnly
			}
			s, err := openStore(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			if status {
				runs, err := refresh.Runs(ctx, s, 20)
				if err != nil {
					return err
				}
				return printRuns(a.stdout, runs, out)
			}
			sources, every, err := f.resolve()
			if err != nil {
				return err
			}
			if len(sources) == 0 {
				return usagef("no sources: give --source or --config")
			}
			p, err := a.pipeline()
			if err != nil {
				return err
			}
			defer a.serveReads(s, p)()
			r := &refresh.Refresher{Ingester: &ingest.Ingester{Store: s, Pipeline: p}, HTTPCache: httpCachePath(a.store), Log: a.log}
			if once {
				run, err := r.RunOnce(ctx, sources)
				if err != nil {
					return err
				}
				if run.Status != "ok" {
					a.failed = true
					for _, sr := range run.Sources {
						for _, e := range sr.Errors {
							fmt.Fprintf(a.stderr, "newsgraph: %s\n", e)
						}
					}
				}
				return printRuns(a.stdout, []refresh.Run{run}, out)
			}
			sch := &refresh.Scheduler{Refresher: r, Sources: sources, Default: every, OnRun: func(run refresh.Run) {
				_ = printRuns(a.stdout, []refresh.Run{run}, out)
			}}
			return sch.Run(ctx)
		},
	}
	f.add(cmd)
	cmd.Flags().BoolVar(&once, "once", false, "run every source once and exit")
	cmd.Flags().BoolVar(&status, "status", false, "show the recent refresh runs")
	cmd.Flags().StringVar(&format, "format", "", "output: table or json (default: table on a terminal, json otherwise)")
	completeFormats(cmd, "table", "json")
	return cmd
}

func printRuns(w io.Writer, runs []refresh.Run, format string) error {
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(runs)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RUN\tSTARTED\tSTATUS\tSOURCE\tSEEN\tNEW\tCHANGED\tUNCHANGED\tFAILED\tPRUNED\tQUADS +/-")
	for _, r := range runs {
		for _, s := range r.Sources {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t+%d -%d\n", r.ID, r.Started.Format(time.RFC3339), r.Status,
				s.Source, s.Seen, s.New, s.Changed, s.Unchanged, s.Failed, s.Pruned, s.Added, s.Removed)
		}
		if len(r.Sources) == 0 {
			fmt.Fprintf(tw, "%s\t%s\t%s\t-\t\t\t\t\t\t\t\n", r.ID, r.Started.Format(time.RFC3339), r.Status)
		}
	}
	return tw.Flush()
}
