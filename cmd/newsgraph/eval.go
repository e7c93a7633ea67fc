package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
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
extension>.json, counting as shared/realdev/score.py does. Prints, per metric,
P, R and F1 (countries, bases, organisations, entities = their micro-average,
events) or accuracy (publisher, published date where the gold has one, base
country, event actor, date and negation), and n: gold items, or items judged.
A figure with nothing under it prints "-". Then the articles whose gold has no
base and no event but whose extraction has one. An article with no gold file is
reported once on stderr and not scored; the exit status is then 1.
--format json prints the same, and those articles, as
{"articles", "metrics": [{"metric", "tp", "fp", "fn", "precision", "recall",
"f1", "accuracy", "total"}], "spurious_military", "missing_gold"} (for an
accuracy, tp counts right answers and fp wrong ones); a figure with nothing
under it is left out. The gold format is described in the README
("Evaluating extraction").`,
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
			var missingGold []string
			seen := map[string]string{} // gold name → the article scored against it
			for _, src := range sources {
				name := strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))
				if prev, ok := seen[name]; ok {
					if prev != src {
						a.reportError(fmt.Errorf("%s: gold name %s already scored with %s; each gold file is scored once", src, name, prev))
						a.failed = true
					}
					continue
				}
				seen[name] = src
				goldPath := filepath.Join(goldDir, name+".json")
				if _, err := os.Stat(goldPath); errors.Is(err, fs.ErrNotExist) {
					missingGold = append(missingGold, name)
					a.reportError(fmt.Errorf("%s: no gold file %s", src, goldPath))
					a.failed = true
					continue
				}
				gold, err := eval.ReadGold(goldPath)
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
				return enc.Encode(evalJSON(total, missingGold))
			}
			printEval(a.stdout, total)
			return nil
		},
	}
	cmd.Flags().StringVar(&goldDir, "gold", "", "folder of gold files, one per article")
	cmd.Flags().StringVar(&format, "format", "", "output: table or json (default: table on a terminal, json otherwise)")
	completeFormats(cmd, "table", "json")
	cmd.Flags().BoolVar(&showErrors, "errors", false, "list every miss and false alarm")
	return cmd
}

// evalRow is one line of the eval table and one element of the JSON
// "metrics" list. N counts gold items for precision/recall rows and judged
// items for accuracy rows; a figure with nothing under it is left out of
// the JSON and printed as "-", never as a perfect score.
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
	f := func(v float64, ok bool) *float64 {
		if !ok {
			return nil
		}
		return &v
	}
	prf := func(name string, c eval.Counts) evalRow {
		return evalRow{
			Metric: name, TP: c.TP, FP: c.FP, FN: c.FN, Total: c.TP + c.FN,
			Precision: f(c.Precision(), c.TP+c.FP > 0),
			Recall:    f(c.Recall(), c.TP+c.FN > 0),
			F1:        f(c.F1(), !c.Empty()),
		}
	}
	acc := func(name string, a eval.Accuracy) evalRow {
		return evalRow{Metric: name, TP: a.Correct, FP: a.Total - a.Correct, Accuracy: f(a.Value()), Total: a.Total}
	}
	return []evalRow{
		acc("publisher", r.Publisher),
		acc("published", r.Published),
		prf("countries", r.Countries),
		prf("bases", r.Bases),
		acc("base country", r.BaseCountry),
		prf("organisations", r.Organisations),
		prf("entities", r.Entities()),
		prf("events", r.Events),
		acc("event actor", r.EventActor),
		acc("event date", r.EventDate),
		acc("event negation", r.EventNegation),
	}
}

func evalJSON(r eval.Report, missingGold []string) any {
	return struct {
		Articles         int       `json:"articles"`
		Metrics          []evalRow `json:"metrics"`
		SpuriousMilitary []string  `json:"spurious_military"`
		MissingGold      []string  `json:"missing_gold"`
		Errors           []string  `json:"errors,omitempty"`
	}{r.Articles, evalRows(r), nonNil(r.SpuriousMilitary), nonNil(missingGold), r.Errors}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// printEval prints the table; articles without gold were reported on
// stderr as they were met, once each, and are not repeated here.
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
	fmt.Fprintf(w, "%d articles; %d without military content in the gold got a base or an event", r.Articles, len(r.SpuriousMilitary))
	if len(r.SpuriousMilitary) > 0 {
		fmt.Fprintf(w, " (%s)", strings.Join(r.SpuriousMilitary, ", "))
	}
	fmt.Fprintln(w)
	for _, e := range r.Errors {
		fmt.Fprintln(w, e)
	}
}
