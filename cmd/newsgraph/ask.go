package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/extract/gazetteer"
	"github.com/newsgraph/newsgraph/queries"
)

func newAskCmd(a *app) *cobra.Command {
	var format string
	var list, wide bool
	cmd := &cobra.Command{
		Use:   `ask "QUESTION"`,
		Short: "Answer a question in plain English, and show the named query it became",
		Long: `Answer a question by turning it into a named query (no model, no network).
The question is read with the extractor's gazetteers, event words, negation
words and date resolver, and everything they recognise becomes a filter of the
query: a question naming something the query cannot filter on is refused with
the word named, never answered as if it were absent. The answer starts with
the query and parameters the question became, so the precise form can be
reused with 'newsgraph query' or over HTTP; a yes/no question ("did France
leave Chad?") also answers yes, no, disputed or unknown. A question no form
matches is answered with the questions that can be asked (also listed by
--list).`,
		Example: `  newsgraph ask "which bases are linked to withdrawal events?"
  newsgraph ask "what happened at Ain al-Asad since June 2025?"
  newsgraph ask --list`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if list {
				for _, q := range queries.Questions() {
					fmt.Fprintln(a.stdout, q)
				}
				return nil
			}
			if strings.TrimSpace(strings.Join(args, "")) == "" {
				return usagef("ask needs a question, e.g. newsgraph ask \"which bases are linked to withdrawal events?\"")
			}
			out, err := a.outputFormat(format)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			question := strings.Join(args, " ")
			// Interpret first: a question no form matches needs no store.
			g, err := gazetteer.Load(a.gazetteers...)
			if err != nil {
				return fmt.Errorf("ask: load gazetteers: %w", err)
			}
			plan, err := queries.NewAsker(g).Interpret(question, time.Now())
			if err != nil {
				var nm *queries.NoMatchError
				var refused *queries.RefusalError
				switch {
				case errors.As(err, &refused):
					fmt.Fprintf(a.stderr, "newsgraph: %v\n", refused)
					a.failed = true
					return nil
				case errors.As(err, &nm):
					fmt.Fprintf(a.stderr, "newsgraph: I cannot answer %q. Questions I can answer look like:\n", question)
					for _, q := range nm.Examples {
						fmt.Fprintf(a.stderr, "  %s\n", q)
					}
					a.failed = true
					return nil
				}
				return err
			}
			var res *queries.Result
			err = a.withReader(ctx, func(rd reader) (err error) {
				res, err = rd.query(ctx, plan.Query, plan.Args)
				return err
			})
			if err != nil {
				fmt.Fprintf(a.stderr, "newsgraph: the question became: %s\n", plan.Command)
				return err
			}
			ans := queries.Conclude(plan, res)
			if out == "json" {
				enc := json.NewEncoder(a.stdout)
				enc.SetEscapeHTML(false)
				enc.SetIndent("", "  ")
				return enc.Encode(ans)
			}
			fmt.Fprintf(a.stdout, "query: %s\n", plan.Command)
			if ans.Verdict != "" {
				fmt.Fprintf(a.stdout, "answer: %s (%d reports)\n", ans.Verdict, len(res.Rows))
			}
			for _, n := range res.Notes {
				fmt.Fprintf(a.stdout, "note: %s\n", n)
			}
			fmt.Fprintln(a.stdout)
			return printResult(a.stdout, res, out, tableOptions{wide: wide, width: a.terminalWidth()})
		},
	}
	cmd.Flags().StringVar(&format, "format", "", "output: table or json (default: table on a terminal, json otherwise)")
	cmd.Flags().BoolVar(&list, "list", false, "list the questions that can be asked")
	cmd.Flags().BoolVar(&wide, "wide", false, "tables: every column, whole values and every source URL")
	completeFormats(cmd, "table", "json")
	return cmd
}
