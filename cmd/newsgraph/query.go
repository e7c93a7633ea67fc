package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/newsgraph/newsgraph/export"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/loaders"
	"github.com/newsgraph/newsgraph/queries"
)

func newQueryCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "query NAME [flags]",
		Short: "Run a named query (see 'newsgraph query --help' for the list)",
		Long:  "Run a named query over the graph. Queries:\n\n" + queryList(),
	}
	for _, m := range queries.Modules() {
		cmd.AddCommand(newModuleCmd(a, m))
	}
	return cmd
}

func queryList() string {
	var sb strings.Builder
	for _, m := range queries.Modules() {
		fmt.Fprintf(&sb, "  %-10s %s\n", m.Name, m.Doc)
	}
	return sb.String()
}

// newModuleCmd turns a query module into a subcommand whose flags are the
// module's parameters, with the same names as over HTTP.
func newModuleCmd(a *app, m queries.Module) *cobra.Command {
	var format string
	vals := map[string]*string{}
	bools := map[string]*bool{}
	cmd := &cobra.Command{
		Use:   m.Name,
		Short: m.Doc,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			out := format
			if out != "csv" {
				var err error
				if out, err = a.outputFormat(format); err != nil {
					return err
				}
			}
			args := queries.Args{}
			cmd.Flags().Visit(func(f *pflag.Flag) {
				if f.Name == "format" {
					return
				}
				if v, ok := vals[f.Name]; ok {
					args[f.Name] = *v
				}
				if b, ok := bools[f.Name]; ok {
					args[f.Name] = fmt.Sprint(*b)
				}
			})
			var res *queries.Result
			err := a.withReader(ctx, func(rd reader) (err error) {
				res, err = rd.query(ctx, m.Name, args)
				return err
			})
			if err != nil {
				return err
			}
			if out == "csv" {
				return export.ResultCSV(a.stdout, res)
			}
			return printResult(a.stdout, res, out)
		},
	}
	for _, p := range m.Params {
		doc := p.Doc
		if p.Required {
			doc += " (required)"
		}
		if len(p.Enum) > 0 {
			doc += " (" + strings.Join(slices.DeleteFunc(slices.Clone(p.Enum), func(s string) bool { return s == "" }), ", ") + ")"
		}
		if p.Kind == "bool" {
			b := new(bool)
			bools[p.Name] = b
			cmd.Flags().BoolVar(b, p.Name, p.Default == "true", doc)
			continue
		}
		v := new(string)
		vals[p.Name] = v
		cmd.Flags().StringVar(v, p.Name, p.Default, doc)
	}
	cmd.Flags().StringVar(&format, "format", "", "output: table, json or csv (default: table on a terminal, json otherwise)")
	return cmd
}

// printResult writes a query result as a table or as JSON.
func printResult(w io.Writer, res *queries.Result, format string) error {
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.ToUpper(strings.Join(res.Columns, "\t")))
	for _, r := range res.Rows {
		cells := make([]string, len(res.Columns))
		for i, c := range res.Columns {
			if c == "sources" {
				var urls []string
				for _, s := range r.Sources {
					urls = append(urls, s.URL)
				}
				cells[i] = strings.Join(urls, " ")
				continue
			}
			v := r.Values[c]
			if v == nil || v == "" {
				cells[i] = "-"
			} else {
				cells[i] = fmt.Sprint(v)
			}
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(res.Rows) == 0 {
		fmt.Fprintln(w, "(no rows)")
		for _, n := range res.Notes {
			fmt.Fprintf(w, "note: %s\n", n)
		}
	}
	return nil
}

func newStatsCmd(a *app) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Show what the graph holds: articles, entities by type, events by type, quads",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			out, err := a.outputFormat(format)
			if err != nil {
				return err
			}
			var st queries.Stats
			var backend string
			err = a.withReader(ctx, func(rd reader) (err error) {
				st, err = rd.stats(ctx)
				backend = rd.where()
				if _, remote := rd.(*remote); remote {
					backend = graph.BackendOf(a.store) + " (read through " + backend + ")"
				}
				return err
			})
			if err != nil {
				return err
			}
			if out == "json" {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(st)
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintf(tw, "store\t%s\n", backend)
			fmt.Fprintf(tw, "articles\t%d\n", st.Articles)
			for _, t := range sortedKeys(st.Entities) {
				fmt.Fprintf(tw, "entities: %s\t%d\n", t, st.Entities[t])
			}
			for _, t := range sortedKeys(st.Events) {
				fmt.Fprintf(tw, "events: %s\t%d\n", t, st.Events[t])
			}
			fmt.Fprintf(tw, "quads\t%d\n", st.Quads)
			if st.Nodes > 0 {
				fmt.Fprintf(tw, "nodes\t%d\n", st.Nodes)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&format, "format", "", "output: table or json (default: table on a terminal, json otherwise)")
	return cmd
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func newExportCmd(a *app) *cobra.Command {
	var format, queryName, output string
	var qargs []string
	cmd := &cobra.Command{
		Use:   "export [--format nquads|jsonld|csv|graphml] [--query NAME --arg KEY=VALUE ...]",
		Short: "Write the whole graph, or a query's answer, as N-Quads, JSON-LD, CSV or GraphML",
		Long: `Write the whole graph to standard output (or --output FILE):

  nquads   every quad with its article as named graph, sorted (re-import with
           'newsgraph import')
  jsonld   the same quads as JSON-LD (re-import with 'newsgraph import')
  csv      one row per entity or event, for spreadsheets and pandas
  graphml  articles, entities and events as typed, labelled nodes, their
           relations as weighted edges, for Gephi

With --query NAME (and its parameters as --arg KEY=VALUE), csv writes the
query's rows, and the other formats write the articles the rows cite.`,
		Example: `  newsgraph export --format graphml -o news.graphml
  newsgraph export --format csv --query bases --arg event=withdrawal`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if _, err := export.Lookup(format); err != nil {
				return usageError{err}
			}
			args := queries.Args{}
			for _, kv := range qargs {
				k, v, ok := strings.Cut(kv, "=")
				if !ok || k == "" {
					return usagef("--arg %q: want KEY=VALUE", kv)
				}
				args[k] = v
			}
			if len(args) > 0 && queryName == "" {
				return usagef("--arg needs --query")
			}
			return a.withReader(ctx, func(rd reader) error {
				// Created once the store is found, so that a mistyped store
				// leaves no empty file behind.
				w := a.stdout
				var f *os.File
				if output != "" && output != "-" {
					var err error
					if f, err = os.Create(output); err != nil {
						return err
					}
					defer f.Close()
					w = f
				}
				bw := bufio.NewWriter(w)
				if err := rd.export(ctx, bw, format, queryName, args); err != nil {
					return err
				}
				if err := bw.Flush(); err != nil {
					return err
				}
				if f != nil {
					return f.Close()
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&format, "format", export.NQuads, "nquads, jsonld, csv or graphml")
	cmd.Flags().StringVar(&queryName, "query", "", "export a named query's answer instead of the whole graph")
	cmd.Flags().StringArrayVar(&qargs, "arg", nil, "a parameter of --query as KEY=VALUE; repeatable")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file instead of standard output")
	return cmd
}

func newImportCmd(a *app) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "import [--format nquads|jsonld] FILE|-",
		Short: "Read an export (N-Quads or JSON-LD) back into the graph",
		Long: `Read a graph written by 'newsgraph export --format nquads' or '--format jsonld'
into the store. Quads keep their named graphs, so importing an export into an
empty store gives the same graph. The format is taken from the file extension
(.nq, .jsonld) unless --format says otherwise.`,
		Example: `  newsgraph export > graph.nq && newsgraph --store bolt:copy.db import graph.nq`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if format == "" {
				switch {
				case strings.HasSuffix(args[0], ".jsonld"), strings.HasSuffix(args[0], ".json"):
					format = export.JSONLD
				default:
					format = export.NQuads
				}
			}
			if format != export.NQuads && format != export.JSONLD {
				return usagef("--format %q: import reads nquads or jsonld", format)
			}
			var r io.Reader = a.stdin
			if args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					return err
				}
				defer f.Close()
				r = f
			}
			s, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			n, err := export.Import(ctx, s, bufio.NewReader(r), format)
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			fmt.Fprintf(a.stderr, "newsgraph: imported %d quads from %s\n", n, args[0])
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "", "nquads or jsonld (default: from the file extension)")
	return cmd
}

func newFormatsCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "formats",
		Short: "List the article formats the loaders read",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
			for _, f := range loaders.Formats() {
				fmt.Fprintf(tw, "%s\t%s\n", f.Name, f.Doc)
			}
			return tw.Flush()
		},
	}
}
