package export

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/testenv"
	"github.com/newsgraph/newsgraph/queries"
)

// TestExportsInPythonClients writes the test store's stats and its
// exports to files and runs scripts/check-exports.py, which loads them
// with rdflib, networkx and pandas and checks their counts and values
// agree with the stats and with each other. Then it spoils one export at
// a time, the way a writer bug would, and checks the script fails naming
// the figure that moved.
func TestExportsInPythonClients(t *testing.T) {
	python := testenv.PythonWith(t, "rdflib", "networkx", "pandas")
	ctx := context.Background()
	s := store(t)
	dir := t.TempDir()
	st, err := queries.GraphStats(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	stats, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{"stats": filepath.Join(dir, "stats.json")}
	if err := os.WriteFile(files["stats"], stats, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{NQuads, JSONLD, GraphML, CSV, GeoJSON} {
		var b bytes.Buffer
		if err := Graph(ctx, &b, s, f); err != nil {
			t.Fatal(err)
		}
		files[f] = filepath.Join(dir, "graph."+f)
		if err := os.WriteFile(files[f], b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	check := func(t *testing.T, files map[string]string) (string, error) {
		t.Helper()
		args := []string{filepath.Join("..", "scripts", "check-exports.py")}
		for _, k := range []string{"stats", NQuads, JSONLD, GraphML, CSV, GeoJSON} {
			args = append(args, "--"+k, files[k])
		}
		out, err := exec.CommandContext(ctx, python, args...).CombinedOutput()
		return string(out), err
	}
	out, err := check(t, files)
	if err != nil {
		t.Fatalf("the exports disagree: %v\n%s", err, out)
	}
	for _, want := range []string{"ok   articles", "ok   entities Base", "ok   entities with latitude > 20", "ok   placed bases"} {
		if !strings.Contains(out, want) {
			t.Errorf("check-exports did not report %q:\n%s", want, out)
		}
	}

	spoil := func(t *testing.T, format string, edit func(string) string) map[string]string {
		t.Helper()
		b, err := os.ReadFile(files[format])
		if err != nil {
			t.Fatal(err)
		}
		bad := edit(string(b))
		if bad == string(b) {
			t.Fatalf("the edit left %s unchanged", format)
		}
		p := filepath.Join(t.TempDir(), "bad."+format)
		if err := os.WriteFile(p, []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		spoilt := map[string]string{}
		for k, v := range files {
			spoilt[k] = v
		}
		spoilt[format] = p
		return spoilt
	}
	for _, c := range []struct {
		name, format string
		edit         func(string) string
		want         []string
	}{
		// What the N-Quads export wrote before: short datatypes, which
		// rdflib reads as unknown types and compares as text.
		{"short datatypes", NQuads, func(s string) string {
			return strings.ReplaceAll(s, "^^<http://www.w3.org/2001/XMLSchema#", "^^<xsd:")
		}, []string{"nquads: every typed literal has an XSD type", "entities with latitude > 20"}},
		{"a latitude moved north", JSONLD, func(s string) string {
			i := strings.Index(s, `"schema:latitude":{"@value":"`)
			if i < 0 {
				return s
			}
			i += len(`"schema:latitude":{"@value":"`)
			j := strings.IndexByte(s[i:], '"')
			return s[:i] + "8.9E1" + s[i+j:]
		}, []string{"nquads and jsonld hold the same quads"}},
		{"an event row lost", CSV, func(s string) string {
			lines := strings.Split(s, "\n")
			for i, l := range lines {
				if strings.HasPrefix(l, "event,") {
					return strings.Join(append(lines[:i:i], lines[i+1:]...), "\n")
				}
			}
			return s
		}, []string{"events by type"}},
		{"one type of two kept", GraphML, func(s string) string {
			return strings.Replace(s, `<data key="type">Base</data>`, `<data key="type">Place</data>`, 1)
		}, []string{"entities Base", "entities Place"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, err := check(t, spoil(t, c.format, c.edit))
			if err == nil {
				t.Fatalf("check-exports passed a spoilt %s:\n%s", c.format, out)
			}
			for _, want := range c.want {
				if !strings.Contains(out, "FAIL "+want) {
					t.Errorf("check-exports failed without naming %q:\n%s", want, out)
				}
			}
		})
	}
}
