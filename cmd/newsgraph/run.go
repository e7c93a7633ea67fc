package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/queries"
)

// Exit statuses.
const (
	exitOK          = 0
	exitFailed      = 1   // something the user asked for failed
	exitUsage       = 2   // bad command line
	exitInterrupted = 130 // stopped by SIGINT (Ctrl-C), as shells report it
)

// app holds what every command shares: I/O streams and global flags.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	store          string
	gazetteers     []string
	verbose        bool
	log            *slog.Logger
	// failed is set by a command that completed but with failures, so the
	// exit status says so.
	failed bool
}

// usageError marks errors that are the user's command line's fault.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// run is main without the process: tests call it in-process.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr}
	root := newRootCmd(a)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "newsgraph: %v\n", err)
		var ue usageError
		if errors.As(err, &ue) || isCobraUsage(err) || errors.Is(err, graph.ErrBadStore) || errors.Is(err, queries.ErrBadArgument) {
			return exitUsage
		}
		return exitFailed
	}
	if a.failed {
		return exitFailed
	}
	return exitOK
}

// isCobraUsage recognises cobra's own flag and argument errors.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, s := range []string{"unknown flag", "unknown shorthand", "unknown command", "flag needs an argument", "invalid argument", "accepts ", "requires at least", "requires at most", "bad flag syntax"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "newsgraph",
		Short: "Turn news articles into a knowledge graph of military presence and security events",
		Long: `newsgraph loads news articles, extracts publishers, countries, military bases,
organisations, dates and events (withdrawal, deployment, relocation, handover,
closure, attack, agreement, establishment, exercise), stores them in a Cayley
graph with one named graph per article, and answers questions over it.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       versionLine(),
		PersistentPreRun: func(cmd *cobra.Command, _ []string) {
			level := slog.LevelWarn
			if a.verbose {
				level = slog.LevelDebug
			}
			a.log = slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: level}))
			a.warnDeprecated(cmd)
		},
	}
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetHelpCommand(newHelpCmd(root))
	defStore := os.Getenv(graph.EnvStore)
	if defStore == "" {
		defStore = graph.DefaultStore
	}
	root.PersistentFlags().StringVar(&a.store, "store", defStore,
		"graph store: memory, bolt:PATH, leveldb:PATH, postgres://URL or cockroach://URL (env "+graph.EnvStore+")")
	root.PersistentFlags().StringArrayVar(&a.gazetteers, "gazetteer", nil,
		"extra gazetteer file or folder (countries*, places*, bases*, organisations*.tsv); repeatable")
	root.PersistentFlags().BoolVarP(&a.verbose, "verbose", "v", false, "log debug detail to standard error")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(
		newIngestCmd(a),
		newExtractCmd(a),
		newQueryCmd(a),
		newStatsCmd(a),
		newSummariesCmd(a),
		newCompactCmd(a),
		newExportCmd(a),
		newImportCmd(a),
		newAskCmd(a),
		newServeCmd(a),
		newFormatsCmd(a),
		newEvalCmd(a),
		newRefreshCmd(a),
		newGenCmd(a),
		newBenchCmd(a),
		newTrainSyntaxCmd(a),
		newVersionCmd(a),
	)
	return root
}

// newHelpCmd is cobra's help command, except that help for a command that
// does not exist is bad usage (exit 2) rather than the root's help and
// success, so a script that asks for help on a mistyped name learns it.
func newHelpCmd(root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		Long:  "Help provides help for any command in the application.\nSimply type newsgraph help [path to command] for full details.",
		ValidArgsFunction: func(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			cmd, _, err := root.Find(args)
			if err != nil || cmd == nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var names []string
			for _, c := range cmd.Commands() {
				if c.IsAvailableCommand() && strings.HasPrefix(c.Name(), toComplete) {
					names = append(names, c.Name()+"\t"+c.Short)
				}
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			cmd, rest, err := root.Find(args)
			if err != nil || cmd == nil || (len(args) > 0 && cmd == root) {
				return usagef("help: no command %q (see 'newsgraph help')", strings.Join(args, " "))
			}
			if len(rest) > 0 && cmd.HasAvailableSubCommands() {
				return usagef("help: %s has no command %q (see 'newsgraph help %s')", cmd.CommandPath(), strings.Join(rest, " "), cmd.Name())
			}
			cmd.InitDefaultHelpFlag()
			cmd.InitDefaultVersionFlag()
			return cmd.Help()
		},
	}
}

// openStore opens the store for a command that writes: it is created on
// first use.
func (a *app) openStore(ctx context.Context) (*graph.Store, error) {
	return graph.Open(ctx, a.store)
}

// openReadOnly opens an existing store for a command that only reads (see
// also openRead, which may read through a running server).
func (a *app) openReadOnly(ctx context.Context) (*graph.Store, error) {
	return graph.OpenReadOnly(ctx, a.store)
}

func (a *app) pipeline() (*extract.Pipeline, error) {
	return extract.New(extract.Config{Gazetteers: a.gazetteers})
}

// outputFormat resolves --format: table on a terminal, json otherwise.
func (a *app) outputFormat(flag string) (string, error) {
	switch flag {
	case "table", "json":
		return flag, nil
	case "":
		if f, ok := a.stdout.(*os.File); ok && isatty.IsTerminal(f.Fd()) {
			return "table", nil
		}
		return "json", nil
	}
	return "", usagef("--format %q: want table or json", flag)
}

// reportError prints one failure line: "newsgraph: SOURCE: reason".
func (a *app) reportError(err error) {
	fmt.Fprintf(a.stderr, "newsgraph: %v\n", err)
}

// reportWarning prints what deserves a word but does not fail the
// command: a skipped folder entry, an article slow to extract.
func (a *app) reportWarning(err error) {
	fmt.Fprintf(a.stderr, "newsgraph: warning: %v\n", err)
}
