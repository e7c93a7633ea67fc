package main

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/graph"
)

func newSummariesCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "summaries",
		Short: "Check or rebuild the summaries the bases answer and stats read",
		Long: `The writer keeps summaries of the graph (per base and event type: events,
articles, publishers, dates, actors, and the headline answer's finished rows
in each order; counts for stats) in a side index of the store, in the same
transaction as each article. A store written before they existed, or by a raw
load, has none: its answers scan the graph until "summaries rebuild" makes
them. "check" recomputes them from the graphs and compares them key by key;
"rebuild" rebuilds every side index of the store.`,
	}
	var format string
	report := func(what string, c graph.SummaryCheck) error {
		out, err := a.outputFormat(format)
		if err != nil {
			return err
		}
		if out == "json" {
			enc := json.NewEncoder(a.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(c)
		}
		fmt.Fprintf(a.stdout, "%s: %d graphs read, %d summary keys; stored: kept=%v, %d missing, %d extra, %d different\n",
			what, c.Graphs, c.Keys, c.Kept, c.Missing, c.Extra, c.Different)
		return nil
	}
	check := &cobra.Command{
		Use:   "check",
		Short: "Recompute the summaries from the graphs and compare them with the stored ones (exit 1 when they differ)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			s, err := a.openReadOnly(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			c, err := s.CheckSummaries(ctx)
			if err != nil {
				return err
			}
			if !c.OK() {
				a.failed = true
			}
			return report("check", c)
		},
	}
	rebuild := &cobra.Command{
		Use:   "rebuild",
		Short: "Rebuild every side index of the store, the summaries among them, from the graphs",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			s, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			c, err := s.RebuildSummaries(ctx)
			if err != nil {
				return err
			}
			return report("rebuilt", c)
		},
	}
	for _, c := range []*cobra.Command{check, rebuild} {
		c.Flags().StringVar(&format, "format", "", "output: table or json (default: table on a terminal)")
	}
	cmd.AddCommand(check, rebuild)
	return cmd
}
