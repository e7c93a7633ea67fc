package main

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/eval"
	"github.com/newsgraph/newsgraph/loaders"
)

func newEvalCmd(a *app) *cobra.Command {
	var goldDir, format string
	var showErrors bool
	cmd := &cobra.Command{
		Use:   "eval --gold DIR ARTICLES...",
		Short: "Measure extraction quality: precision, recall and F1 against gold files",
		Long: `Extract each article and compare it with DIR/<article file name without
extension>.json. Prints precision, recall and F1 for publisher, published date,
countries, bases, organisations and events, and the accuracy of base countries
and of event actors, dates and negation. The gold format is described in the
README ("Evaluating extraction").`,
		Example: "  newsgraph eval --gold testdata/gold testdata/articles",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if goldDir == "" {
				return usagef("--gold DIR is required")
			}
			out, err := a.outputFormat(format)
			if err != nil {
				return err
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
			var total eval.Report
			for _, src := range sources {
				name := strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))
				gold, err := eval.ReadGold(filepath.Join(goldDir, name+".json"))
				if err != nil {
					a.reportError(err)
					a.failed = true
					continue
				}
				arts, err := loaders.Read(ctx, src, loaders.Options{Stdin: a.stdin})
				if err != nil {
					a.reportError(err)
					a.failed = true
					continue
				}
				if len(arts) != 1 {
					a.reportError(fmt.Errorf("%s: holds %d articles; eval needs one article per file", src, len(arts)))
					a.failed = true
					continue
				}
				total.Merge(eval.Compare(name, p.Extract(arts[0]), gold))
			}
			if !showErrors {
				total.Errors = nil
			}
			if out == "json" {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(evalJSON(total))
			}
			printEval(a.stdout, total)
			return nil
		},
	}
	cmd.Flags().StringVar(&goldDir, "gold", "", "folder of gold files, one per article")
	cmd.Flags().StringVar(&format, "format", "", "output: table or json (default: table on a terminal, json otherwise)")
	cmd.Flags().BoolVar(&showErrors, "errors", false, "list every miss and false alarm")
	return cmd
}

type evalRow struct {
	Metric    string   `json:"metric"`
	TP        int      `json:"tp"`
	FP        int      `json:"fp"`
	FN        int      `json:"fn"`
	Precision *float64 `json:"precision,omitempty"`
	Recall    *float64 `json:"recall,omitempty"`
	F1        *float64 `json:"f1,omitempty"`
	Accuracy  *float64 `json:"accuracy,omitempty"`
	Total     int      `json:"total"`
}

func evalRows(r eval.Report) []evalRow {
	f := func(v float64) *float64 { return &v }
	prf := func(name string, c eval.Counts) evalRow {
		return evalRow{Metric: name, TP: c.TP, FP: c.FP, FN: c.FN, Precision: f(c.Precision()), Recall: f(c.Recall()), F1: f(c.F1()), Total: c.TP + c.FN}
	}
	acc := func(name string, a eval.Accuracy) evalRow {
		return evalRow{Metric: name, TP: a.Correct, Accuracy: f(a.Value()), Total: a.Total}
	}
	return []evalRow{
		prf("publisher", r.Publisher),
		prf("published", r.Published),
		prf("countries", r.Countries),
		prf("bases", r.Bases),
		acc("base country", r.BaseCountry),
		prf("organisations", r.Organisations),
		prf("events", r.Events),
		acc("event actor", r.EventActor),
		acc("event date", r.EventDate),
		acc("event negation", r.EventNegation),
	}
}

func evalJSON(r eval.Report) any {
	return struct {
		Articles int       `json:"articles"`
		Metrics  []evalRow `json:"metrics"`
		Errors   []string  `json:"errors,omitempty"`
	}{r.Articles, evalRows(r), r.Errors}
}

func printEval(w io.Writer, r eval.Report) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "metric\tP\tR\tF1\taccuracy\tn\t\n")
	num := func(v *float64) string {
		if v == nil {
			return "-"
		}
		return fmt.Sprintf("%.3f", *v)
	}
	for _, row := range evalRows(r) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t\n", row.Metric, num(row.Precision), num(row.Recall), num(row.F1), num(row.Accuracy), row.Total)
	}
	tw.Flush()
	fmt.Fprintf(w, "%d articles\n", r.Articles)
	for _, e := range r.Errors {
		fmt.Fprintln(w, e)
	}
}
