package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/gen"
)

// TestGenFormats runs the gen command in-process: without --formats it
// mixes every supported format, --formats narrows the mix, and an unknown
// format is a usage error.
func TestGenFormats(t *testing.T) {
	for _, c := range []struct {
		name    string
		args    []string
		code    int
		folders []string // top-level folders the corpus must have, exactly
	}{
		{"default mix", nil, 0, gen.SupportedFormats()},
		{"dumps only", []string{"--formats", "dump"}, 0, []string{gen.FormatDump}},
		{"pages only", []string{"--formats", "html"}, 0, []string{gen.FormatHTML}},
		{"unknown format", []string{"--formats", "dump,pdf"}, exitUsage, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "corpus")
			args := append([]string{"gen", "--articles", "40", "--seed", "3", "--out", out}, c.args...)
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr); code != c.code {
				t.Fatalf("exit %d, want %d: %s", code, c.code, stderr.String())
			}
			if c.code != 0 {
				if !strings.Contains(stderr.String(), "pdf") {
					t.Errorf("stderr %q does not name the bad format", stderr.String())
				}
				return
			}
			entries, err := os.ReadDir(out)
			if err != nil {
				t.Fatal(err)
			}
			var folders []string
			for _, e := range entries {
				if e.IsDir() {
					folders = append(folders, e.Name())
				}
			}
			if strings.Join(folders, ",") != strings.Join(c.folders, ",") {
				t.Errorf("folders %v, want %v", folders, c.folders)
			}
			m, err := gen.ReadManifest(out)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(m.Formats, ",") != strings.Join(c.folders, ",") {
				t.Errorf("manifest formats %v, want %v", m.Formats, c.folders)
			}
		})
	}
}
