package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

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
			out, err := a.outputFormat(format)
			if err != nil {
				return err
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
			s, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			res, err := queries.Run(ctx, s, m.Name, args)
			if err != nil {
				return err
			}
			return printResult(a.stdout, res, out)
		},
	}
	for _, p := range m.Params {
		doc := p.Doc
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
	cmd.Flags().StringVar(&format, "format", "", "output: table or json (default: table on a terminal, json otherwise)")
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
			s, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			st, err := queries.GraphStats(ctx, s)
			if err != nil {
				return err
			}
			if out == "json" {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(st)
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintf(tw, "store\t%s\n", s.Backend())
			fmt.Fprintf(tw, "articles\t%d\n", st.Articles)
			for _, t := range sortedKeys(st.Entities) {
				fmt.Fprintf(tw, "entities: %s\t%d\n", t, st.Entities[t])
			}
			for _, t := range sortedKeys(st.Events) {
				fmt.Fprintf(tw, "events: %s\t%d\n", t, st.Events[t])
			}
			fmt.Fprintf(tw, "quads\t%d\n", st.Quads)
			fmt.Fprintf(tw, "nodes\t%d\n", st.Nodes)
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
	return &cobra.Command{
		Use:   "export",
		Short: "Write the whole graph as sorted N-Quads to standard output",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close()
			return s.Export(cmd.Context(), a.stdout)
		},
	}
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
