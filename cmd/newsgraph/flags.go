package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	newsgraph "github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/loaders"
	"github.com/newsgraph/newsgraph/queries"
)

// paramValue is a query parameter as a flag. It is typed in --help (int,
// date or string) and checked when it is set, so a bad value ("2025-13-45",
// a depth out of range, an unknown event type) is refused naming its flag,
// before any store is opened.
type paramValue struct {
	p queries.Param
	v string
}

func (v *paramValue) String() string { return v.v }

func (v *paramValue) Set(s string) error {
	if err := v.p.Check(s); err != nil {
		return err
	}
	v.v = s
	return nil
}

func (v *paramValue) Type() string {
	switch v.p.Kind {
	case "int", "date":
		return v.p.Kind
	}
	return "string"
}

// deprecatedFor is the flag annotation naming the flag that replaces a
// deprecated one; the root command warns when such a flag is used.
const deprecatedFor = "newsgraph-deprecated-for"

// aliasFlag adds old as a hidden, deprecated spelling of the flag cur: it
// sets the same variable, and using it prints a warning naming cur.
func aliasFlag(fs *pflag.FlagSet, old, cur string) {
	f := fs.Lookup(cur)
	if f == nil {
		panic("aliasFlag: no flag " + cur)
	}
	fs.AddFlag(&pflag.Flag{
		Name: old, Usage: "deprecated: use --" + cur, Value: f.Value, DefValue: f.DefValue,
		NoOptDefVal: f.NoOptDefVal, Hidden: true,
		Annotations: map[string][]string{deprecatedFor: {"--" + cur}},
	})
}

// warnDeprecated prints one warning per deprecated flag the command line
// used, so scripts keep working while their authors learn the new name.
func (a *app) warnDeprecated(cmd *cobra.Command) {
	cmd.Flags().Visit(func(f *pflag.Flag) {
		if cur, ok := f.Annotations[deprecatedFor]; ok {
			fmt.Fprintf(a.stderr, "newsgraph: warning: --%s is deprecated; use %s\n", f.Name, cur[0])
		}
	})
}

// entityParams are the query parameters that name an entity: their values
// are completed with entity names from the store.
var entityParams = []string{"entity", "name", "base", "country", "actor", "operator", "from-entity", "to-entity"}

// registerParamCompletion completes a query parameter's flag: its enum
// (event types, statuses, entity types, negated), or entity names.
func (a *app) registerParamCompletion(cmd *cobra.Command, p queries.Param) {
	var fn cobra.CompletionFunc
	switch {
	case len(p.Enum) > 0:
		values := slices.DeleteFunc(slices.Clone(p.Enum), func(s string) bool { return s == "" })
		fn = cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp)
	case slices.Contains(entityParams, p.Name):
		fn = a.completeEntities
	case p.Kind == "date", p.Kind == "int":
		fn = cobra.NoFileCompletions
	default:
		return
	}
	// Registration fails only for an unknown flag or a second
	// registration, both programming errors.
	if err := cmd.RegisterFlagCompletionFunc(p.Name, fn); err != nil {
		panic(err)
	}
}

// completeFormats completes an output --format flag with its values.
func completeFormats(cmd *cobra.Command, values ...string) {
	if err := cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp)); err != nil {
		panic(err)
	}
}

// completionTimeout bounds how long completing an entity name may wait for
// the store: a shell waits on it with the user's cursor.
const completionTimeout = 1500 * time.Millisecond

// completeEntities completes entity names from the store, when the store
// exists and opens quickly. A missing, busy or broken store completes
// nothing: completion must never fail, hang or create a store.
func (a *app) completeEntities(cmd *cobra.Command, _ []string, prefix string) ([]string, cobra.ShellCompDirective) {
	const none = cobra.ShellCompDirectiveNoFileComp
	ctx, cancel := context.WithTimeout(cmd.Context(), completionTimeout)
	defer cancel()
	type answer struct{ names []string }
	done := make(chan answer, 1)
	go func() {
		names, err := entityNames(ctx, a.store, prefix)
		if err != nil {
			names = nil
		}
		done <- answer{names}
	}()
	select {
	case ans := <-done:
		return ans.names, none
	case <-ctx.Done():
		return nil, none
	}
}

// entityNames lists up to 50 entity names starting with prefix (any case).
func entityNames(ctx context.Context, dsn, prefix string) ([]string, error) {
	// Read-only: completion must never create a store at a mistyped path.
	s, err := graph.OpenReadOnly(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	res, err := queries.Run(ctx, s, "search", queries.Args{"name": prefix, "limit": "50"})
	if err != nil {
		return nil, err
	}
	var names []string
	for _, r := range res.Rows {
		name, _ := r.Values["entity"].(string)
		if name != "" && r.Values["type"] != newsgraph.TypeDate && !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	return names, nil
}

// completeLoaderFormats completes --input-format with the loaders' formats.
func completeLoaderFormats(cmd *cobra.Command) {
	fn := func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var names []string
		for _, f := range loaders.Formats() {
			names = append(names, f.Name)
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	}
	if err := cmd.RegisterFlagCompletionFunc("input-format", fn); err != nil {
		panic(err)
	}
}

// nonNegative refuses a negative value of the named number or duration
// flags, naming the flag: the options behind them read zero or less as
// "the default", so a typed -1 would otherwise be silently ignored.
func nonNegative(cmd *cobra.Command, names ...string) error {
	for _, name := range names {
		f := cmd.Flags().Lookup(name)
		if f == nil {
			panic("nonNegative: no flag " + name)
		}
		v := f.Value.String()
		negative := strings.HasPrefix(v, "-")
		if f.Value.Type() == "duration" {
			d, err := time.ParseDuration(v)
			negative = err == nil && d < 0
		}
		if negative {
			return usagef("--%s %s: want 0 or more", name, v)
		}
	}
	return nil
}
