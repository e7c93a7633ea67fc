package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
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
		// A name that is not a query reaches RunE (cobra would print the
		// help and succeed); its flags are the unknown query's, so they
		// are not parsed here.
		Args:               cobra.ArbitraryArgs,
		FParseErrWhitelist: cobra.FParseErrWhitelist{UnknownFlags: true},
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			var names []string
			for _, m := range queries.Modules() {
				names = append(names, m.Name)
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			var names []string
			for _, m := range queries.Modules() {
				names = append(names, m.Name)
			}
			if len(args) == 0 {
				return usagef("query needs a query name: %s", strings.Join(names, ", "))
			}
			return usagef("unknown query %q (known: %s)", args[0], strings.Join(names, ", "))
		},
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
// module's parameters, with the same names as over HTTP. A parameter's
// former names are hidden flags that still work, with a warning.
func newModuleCmd(a *app, m queries.Module) *cobra.Command {
	var format string
	var wide bool
	// paramFlags are the flags that are parameters of the query (or
	// their former names), not --format or the global flags.
	paramFlags := map[string]bool{}
	for _, p := range m.Params {
		paramFlags[p.Name] = true
		for _, al := range p.Aliases {
			paramFlags[al.Name] = true
		}
	}
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
				if paramFlags[f.Name] {
					args[f.Name] = f.Value.String()
				}
			})
			// Check the whole command line (a required parameter, a name
			// given with its former name) before opening the store.
			if err := checkArgs(m, args); err != nil {
				return err
			}
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
			return printResult(a.stdout, res, out, tableOptions{wide: wide, width: a.terminalWidth()})
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
			cmd.Flags().Bool(p.Name, p.Default == "true", doc)
		} else {
			cmd.Flags().Var(&paramValue{p: p, v: p.Default}, p.Name, doc)
		}
		a.registerParamCompletion(cmd, p)
		for _, al := range p.Aliases {
			// The alias keeps its own kind (include-negated is a bool
			// flag); queries.Run reads it as the new parameter.
			var f *pflag.Flag
			if al.Kind == "bool" {
				f = cmd.Flags().VarPF(newBoolString(), al.Name, "", "")
				f.NoOptDefVal = "true"
			} else {
				f = cmd.Flags().VarPF(&paramValue{p: p}, al.Name, "", "")
			}
			use := "--" + p.Name
			if v, ok := al.Values["true"]; ok && al.Kind == "bool" {
				use += " " + v // --include-negated: --negated any
			}
			f.Hidden = true
			f.Usage = "deprecated: use " + use
			f.Annotations = map[string][]string{deprecatedFor: {use}}
		}
	}
	cmd.Flags().StringVar(&format, "format", "", "output: table, json or csv (default: table on a terminal, json otherwise)")
	cmd.Flags().BoolVar(&wide, "wide", false, "tables: every column, whole values and every source URL")
	completeFormats(cmd, "table", "json", "csv")
	return cmd
}

// checkArgs runs the checks queries.Run makes that need no store.
func checkArgs(m queries.Module, args queries.Args) error {
	norm, _, err := queries.Normalize(m, args)
	if err != nil {
		return err
	}
	for _, p := range m.Params {
		if p.Required && strings.TrimSpace(norm[p.Name]) == "" {
			return usagef("query %s needs --%s (%s)", m.Name, p.Name, p.Doc)
		}
	}
	return nil
}

// boolString is a bool flag kept as its text, for a former bool parameter
// whose value queries.Run maps onto its new parameter.
type boolString struct{ v string }

func newBoolString() *boolString { return &boolString{v: "false"} }

func (b *boolString) String() string   { return b.v }
func (b *boolString) Type() string     { return "bool" }
func (b *boolString) IsBoolFlag() bool { return true }

func (b *boolString) Set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return fmt.Errorf("%q is not true or false", s)
	}
	b.v = strconv.FormatBool(v)
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
	completeFormats(cmd, "table", "json")
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
		Use:   "export [--format nquads|jsonld|csv|graphml|geojson] [--query NAME --arg KEY=VALUE ...]",
		Short: "Write the whole graph, or a query's answer, as N-Quads, JSON-LD, CSV, GraphML or GeoJSON",
		Long: `Write the whole graph to standard output (or --output FILE):

  nquads   every quad with its article as named graph, sorted, typed values
           with full XSD datatypes (re-import with 'newsgraph import')
  jsonld   the same quads as JSON-LD (re-import with 'newsgraph import')
  csv      one row per entity or event, for spreadsheets and pandas
  graphml  articles, entities and events as typed, labelled nodes, their
           relations as weighted edges, for Gephi
  geojson  bases with coordinates (name, country, operators, events by
           type) and the events at them as points, for QGIS and kepler.gl

With --query NAME (and its parameters as --arg KEY=VALUE), csv writes the
query's rows, and the other formats write the articles the rows cite.`,
		Example: `  newsgraph export --format graphml -o news.graphml
  newsgraph export --format geojson -o bases.geojson
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
	cmd.Flags().StringVar(&format, "format", export.NQuads, "nquads, jsonld, csv, graphml or geojson")
	completeFormats(cmd, export.NQuads, export.JSONLD, export.CSV, export.GraphML, export.GeoJSON)
	cmd.Flags().StringVar(&queryName, "query", "", "export a named query's answer instead of the whole graph")
	cmd.Flags().StringArrayVar(&qargs, "arg", nil, "a parameter of --query as KEY=VALUE; repeatable")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file instead of standard output")
	return cmd
}

func newImportCmd(a *app) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "import [--input-format nquads|jsonld] FILE|-",
		Short: "Read an export (N-Quads or JSON-LD) back into the graph",
		Long: `Read a graph written by 'newsgraph export --format nquads' or '--format jsonld'
into the store. Quads keep their named graphs, so importing an export into an
empty store gives the same graph. The format is taken from the file extension
(.nq, .jsonld) unless --input-format says otherwise.`,
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
				return usagef("--input-format %q: import reads nquads or jsonld", format)
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
	cmd.Flags().StringVar(&format, "input-format", "", "nquads or jsonld (default: from the file extension)")
	// --format names the output format everywhere else.
	aliasFlag(cmd.Flags(), "format", "input-format")
	if err := cmd.RegisterFlagCompletionFunc("input-format", cobra.FixedCompletions([]string{export.NQuads, export.JSONLD}, cobra.ShellCompDirectiveNoFileComp)); err != nil {
		panic(err)
	}
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
