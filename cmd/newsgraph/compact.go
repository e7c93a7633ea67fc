package main

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/graph"
)

func newCompactCmd(a *app) *cobra.Command {
	var dryRun bool
	var format string
	cmd := &cobra.Command{
		Use:   "compact",
		Short: "Rewrite a bolt store into a fresh file with full pages, and show where its bytes go",
		Long: `Bolt never shrinks its file: pages split half full, and the pages of
removed quads stay in the file. compact copies every bucket into a new file
with full pages and puts it in the old one's place with an atomic rename,
once the copy is complete and on disk: an interrupted compaction leaves the
store as it was. It holds the store for writing meanwhile (stop serve or
refresh first). --dry-run only shows the space per bucket.`,
		Example: `  newsgraph --store bolt:newsgraph.db compact --dry-run
  newsgraph --store bolt:newsgraph.db compact`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			path, ok := graph.BoltPath(a.store)
			if !ok {
				return usagef("compact: %s is not a bolt store (leveldb and PostgreSQL reclaim space themselves)", a.store)
			}
			out, err := a.outputFormat(format)
			if err != nil {
				return err
			}
			before, err := graph.BoltSpace(ctx, path)
			if err != nil {
				return err
			}
			report := struct {
				Before graph.Space  `json:"before"`
				After  *graph.Space `json:"after,omitempty"`
			}{Before: before}
			if !dryRun {
				if _, err := graph.CompactBolt(ctx, path); err != nil {
					return err
				}
				after, err := graph.BoltSpace(ctx, path)
				if err != nil {
					return err
				}
				report.After = &after
			}
			if out == "json" {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(report)
			}
			printSpace(a, "before", before)
			if report.After != nil {
				printSpace(a, "after", *report.After)
				fmt.Fprintf(a.stdout, "%s: %s -> %s\n", path, mb(before.Bytes), mb(report.After.Bytes))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "only show where the bytes go")
	cmd.Flags().StringVar(&format, "format", "", "output: table or json (default: table on a terminal)")
	return cmd
}

func printSpace(a *app, what string, sp graph.Space) {
	fmt.Fprintf(a.stdout, "%s: %s, %s (page %d B); bucket directory (inline buckets) %s, %.0f%% full; free %s\n",
		what, sp.File, mb(sp.Bytes), sp.PageSize, mb(sp.Directory), 100*float64(sp.DirectoryUsed)/float64(max(sp.Directory, 1)), mb(sp.Free))
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "bucket\tbuckets\tkeys\tpages\tfill\tinline\t")
	for _, b := range sp.Buckets {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%.0f%%\t%s\t\n", b.Name, b.Buckets, b.Keys, mb(b.Bytes), 100*b.Fill(), mb(b.Inline))
	}
	tw.Flush()
}

// mb formats a byte count in megabytes.
func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }
