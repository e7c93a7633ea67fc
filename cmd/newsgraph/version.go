package main

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/schema"
)

// buildVersion describes the binary from its build information: the
// module version ("(devel)" for a build from a checkout) and, when it was
// built from a version-controlled tree, the commit, its time and whether
// the tree had uncommitted changes.
//
// The go command stamps the VCS settings only when it finds the
// repository (-buildvcs, on by default; a git worktree, whose .git is a
// file, is not stamped): without them the version alone is printed.
func buildVersion(bi *debug.BuildInfo) string {
	if bi == nil {
		return "unknown (no build information)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		v += " " + rev
		if t := settings["vcs.time"]; t != "" {
			v += " " + t
		}
		if settings["vcs.modified"] == "true" {
			v += " (modified)"
		}
	}
	return v + " " + bi.GoVersion
}

// versionLine is what --version prints: no extractor identity, which
// needs the gazetteers loaded.
func versionLine() string {
	bi, _ := debug.ReadBuildInfo()
	return "newsgraph " + buildVersion(bi)
}

func newVersionCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version: module version, VCS revision and the extractor's identity",
		Long: `Print newsgraph's module version and the VCS revision it was built from
(from the build information), and the identity of its extractor: the digest
of the extraction rules, the gazetteers (with --gazetteer files) and the
syntax model. Articles stored by another extractor identity are extracted
again on the next ingest.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintln(a.stdout, versionLine())
			p, err := a.pipeline()
			if err != nil {
				return fmt.Errorf("extractor: %w", err)
			}
			fmt.Fprintf(a.stdout, "extractor %s\n", strings.TrimSpace(p.Identity()))
			// The graph layout joins the identity stored with each article
			// (a change re-extracts it), the store layout the whole store's.
			fmt.Fprintf(a.stdout, "graph layout %s, store layout %d\n", schema.Layout, schema.StoreLayout)
			return nil
		},
	}
}
