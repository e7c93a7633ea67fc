package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/gen"
)

func newGenCmd(a *app) *cobra.Command {
	var opts gen.Options
	var out string
	var formats []string
	cmd := &cobra.Command{
		Use:   "gen --articles N --out DIR",
		Short: "Write a deterministic synthetic news corpus for benchmarks and trials at scale",
		Long: `Write N synthetic news articles about military presence and security events
into DIR, in subfolders of at most 1,000 files. The same --seed gives the same
articles on every machine, and article i does not depend on N, so a small
corpus is the start of a larger one.

Publishers come from the loaders' table of news domains; bases, countries,
places and organisations from the built-in gazetteers, with a long-tailed
frequency. Each article reports several events (withdrawal, deployment,
relocation, handover, closure, attack, agreement, establishment, exercise),
phrased as reports, plans and denials, with relative dates and aliases, among
paragraphs with no military content.

Each article is written in one of the --formats, chosen article by article
(the choice does not change its text): "dump" is a scraped page dump
(dump/NNNN/NNNNNNN.txt), "html" a publisher's web page with OpenGraph and
JSON-LD metadata, menu, related links and footer (html/NNNN/NNNNNNN.html),
"jsonl" JSON Lines records, ` + strconv.Itoa(gen.DefaultPerJSONLFile) + ` to a file (jsonl/NNNN/NNNNN.jsonl). The
loaders read the same title, publisher, time and text from every format.
Formats this build writes: ` + strings.Join(gen.SupportedFormats(), ", ") + `; the default mixes them all.`,
		Example: `  newsgraph gen --articles 10000 --seed 1 --out corpus
  newsgraph gen --articles 1000 --out dumps --formats dump
  newsgraph gen --articles 1000 --out pages --formats html,jsonl
  newsgraph ingest corpus`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return usagef("--out DIR is required")
			}
			if opts.Articles <= 0 {
				return usagef("--articles N: want a positive number")
			}
			opts.Formats = nil
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
			start := time.Now()
			sum, err := gen.Write(cmd.Context(), out, opts)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stderr, "newsgraph: %d articles (%s) in %d files, %.1f MB, under %s; %s\n",
				opts.Articles, formatCounts(sum.ByFormat), sum.Files, float64(sum.Bytes)/1e6, out, time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
	cmd.Flags().IntVar(&opts.Articles, "articles", 0, "number of articles")
	cmd.Flags().Uint64Var(&opts.Seed, "seed", 1, "random seed; the same seed gives the same corpus")
	cmd.Flags().StringVar(&out, "out", "", "output folder (created)")
	cmd.Flags().StringSliceVar(&formats, "formats", gen.SupportedFormats(), "comma-separated formats to mix article by article: "+strings.Join(gen.SupportedFormats(), ", "))
	return cmd
}

func formatCounts(m map[string]int) string {
	var parts []string
	for _, f := range gen.SupportedFormats() {
		if n := m[f]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, f))
		}
	}
	return strings.Join(parts, ", ")
}
