package main

import (
	"fmt"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/schema"
)

func TestBuildVersion(t *testing.T) {
	for _, tc := range []struct {
		bi   *debug.BuildInfo
		want string
	}{
		{nil, "unknown (no build information)"},
		{&debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "v1.2.3"}}, "v1.2.3 go1.26.0"},
		{&debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "3efc4990aa"}, {Key: "vcs.time", Value: "2026-12-07T13:00:00Z"}, {Key: "vcs.modified", Value: "true"},
		}}, "(devel) 3efc4990aa 2026-12-07T13:00:00Z (modified) go1.26.0"},
		{&debug.BuildInfo{GoVersion: "go1.26.0", Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}, {Key: "vcs.modified", Value: "false"}}}, "(devel) abc go1.26.0"},
	} {
		if got := buildVersion(tc.bi); got != tc.want {
			t.Errorf("buildVersion = %q, want %q", got, tc.want)
		}
	}
}

// TestVersion runs the real binary: version names the build and the
// extractor's identity and the layouts, --version the build alone.
func TestVersion(t *testing.T) {
	r := ng(t, t.TempDir(), nil, "version")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 0 || len(lines) != 3 || !strings.HasPrefix(lines[0], "newsgraph ") ||
		!strings.HasPrefix(lines[1], "extractor newsgraph-extract/") || !strings.Contains(lines[1], "gazetteer/") ||
		lines[2] != fmt.Sprintf("graph layout %s, store layout %d", schema.Layout, schema.StoreLayout) {
		t.Errorf("version: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	v := ng(t, t.TempDir(), nil, "--version")
	if v.code != 0 || strings.TrimSpace(v.stdout) != lines[0] {
		t.Errorf("--version: exit %d %q, want %q", v.code, v.stdout, lines[0])
	}
}
