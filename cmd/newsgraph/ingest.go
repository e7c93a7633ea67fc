package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/loaders"
)

func newIngestCmd(a *app) *cobra.Command {
	var opts ingest.Options
	var quiet bool
	cmd := &cobra.Command{
		Use:   "ingest PATH...",
		Short: "Load articles from files, folders, globs or - (stdin) into the graph",
		Long: `Load articles into the graph. Each article's facts are stored in a named graph of
their own; ingesting a changed article replaces exactly its old facts, and an
unchanged article is skipped. A source that cannot be read is reported on
standard error as "newsgraph: SOURCE: reason" and the rest go on; the exit
status is 1 if anything failed.`,
		Example: `  newsgraph ingest ../shared/seed/000_fa66c513d12f3a6d.txt testdata/articles
  newsgraph --store memory ingest 'news/*.txt'`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			p, err := a.pipeline()
			if err != nil {
				return err
			}
			s, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			in := &ingest.Ingester{Store: s, Pipeline: p}
			opts.Stdin = a.stdin
			opts.OnError = a.reportError
			if !quiet {
				opts.Progress = progressPrinter(a.stderr)
			}
			sum := in.Ingest(ctx, args, opts)
			if !quiet {
				fmt.Fprintf(a.stderr, "newsgraph: %d sources, %d articles: %d stored, %d unchanged, %d failed; quads +%d -%d; %s\n",
					sum.Sources, sum.Articles, sum.Stored, sum.Unchanged, sum.Failed, sum.Added, sum.Removed, sum.Duration.Round(time.Millisecond))
			}
			if sum.Failed > 0 {
				a.failed = true
			}
			return ctx.Err()
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "", "force a loader format (see 'newsgraph formats'); default: detect")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "re-extract and rewrite articles even when unchanged")
	cmd.Flags().IntVar(&opts.Workers, "workers", 0, "reading and extraction workers (default: number of CPUs)")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "no progress or summary")
	return cmd
}

// progressPrinter shows progress on a terminal, and periodic lines when
// standard error is not one.
func progressPrinter(w io.Writer) func(done, total int) {
	tty := false
	if f, ok := w.(*os.File); ok {
		tty = isatty.IsTerminal(f.Fd())
	}
	start := time.Now()
	last := time.Time{}
	return func(done, total int) {
		now := time.Now()
		if done < total && now.Sub(last) < 2*time.Second && !(tty && now.Sub(last) > 100*time.Millisecond) {
			return
		}
		last = now
		rate := float64(done) / max(now.Sub(start).Seconds(), 1e-9)
		left := time.Duration(float64(total-done)/max(rate, 1e-9)) * time.Second
		if tty {
			fmt.Fprintf(w, "\r%d/%d sources  %.0f/s  %s left   ", done, total, rate, left.Round(time.Second))
			if done == total {
				fmt.Fprintln(w)
			}
		} else if done < total {
			fmt.Fprintf(w, "newsgraph: progress %d/%d sources, %.0f/s\n", done, total, rate)
		}
	}
}

func newExtractCmd(a *app) *cobra.Command {
	var format, loadFormat string
	cmd := &cobra.Command{
		Use:   "extract PATH...",
		Short: "Print the extraction record of each article as JSON Lines; nothing is stored",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if format != "json" && format != "" {
				return usagef("--format %q: extract prints json", format)
			}
			p, err := a.pipeline()
			if err != nil {
				return err
			}
			sources, errs := loaders.Expand(ctx, args)
			for _, err := range errs {
				a.reportError(err)
				a.failed = true
			}
			enc := json.NewEncoder(a.stdout)
			enc.SetEscapeHTML(false)
			for _, src := range sources {
				arts, err := loaders.Read(ctx, src, loaders.Options{Format: loadFormat, Stdin: a.stdin})
				if err != nil {
					a.reportError(err)
					a.failed = true
					continue
				}
				for _, art := range arts {
					if err := enc.Encode(p.Extract(art)); err != nil {
						return err
					}
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "json", "output format (json)")
	cmd.Flags().StringVar(&loadFormat, "input-format", "", "force a loader format; default: detect")
	return cmd
}
