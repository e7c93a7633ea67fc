package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/testenv"
)

// binary is the newsgraph executable built once for the end-to-end tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "newsgraph-e2e")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "newsgraph")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		panic(string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
}

// ng runs the real binary in dir with args.
func ng(t testing.TB, dir string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{out.String(), errb.String(), code}
}

func absTestdata(t testing.TB) string {
	p, err := filepath.Abs("../../testdata/articles")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

type basesRow struct {
	Values  map[string]any `json:"values"`
	Sources []struct {
		URL string `json:"url"`
	} `json:"sources"`
}

func queryBases(t testing.TB, dir string, env []string, extra ...string) []basesRow {
	t.Helper()
	r := ng(t, dir, env, append([]string{"query", "bases", "--event", "withdrawal", "--format", "json"}, extra...)...)
	if r.code != 0 {
		t.Fatalf("query bases: exit %d: %s", r.code, r.stderr)
	}
	var res struct {
		Rows []basesRow `json:"rows"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatalf("query output is not JSON: %v\n%s", err, r.stdout)
	}
	return res.Rows
}

func stats(t testing.TB, dir string, env []string) map[string]any {
	t.Helper()
	r := ng(t, dir, env, "stats", "--format", "json")
	if r.code != 0 {
		t.Fatalf("stats: %s", r.stderr)
	}
	var st map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"articles", "entities", "events", "quads"} {
		if _, ok := st[k]; !ok {
			t.Fatalf("stats lacks %q: %s", k, r.stdout)
		}
	}
	return st
}

// TestSeedWithdrawal is the user story of issue 2: ingest the seed and the
// test articles into the default bolt store, then ask which bases are
// linked to withdrawal events.
func TestSeedWithdrawal(t *testing.T) {
	seed := testenv.SeedPath(t)
	dir := t.TempDir()
	r := ng(t, dir, nil, "ingest", seed, absTestdata(t))
	if r.code != 0 {
		t.Fatalf("ingest: exit %d\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "newsgraph.db")); err != nil {
		t.Fatalf("default store bolt:newsgraph.db not created: %v", err)
	}
	seedURL := "https://sputnikglobe.com/20250825/us-remains-committed-to-ending-military-mission-in-iraq-by-september-1122672938.html"
	// One row per base: the seed's two bases in Iraq, withdrawn from by
	// the United States.
	found := map[string]bool{}
	for _, row := range queryBases(t, dir, nil) {
		if n, _ := row.Values["events"].(float64); n < 1 {
			t.Errorf("row without events: %v", row.Values)
		}
		base, _ := row.Values["base"].(string)
		if base == "Ain al-Asad Air Base" || base == "Victory Base" {
			if row.Values["country"] != "Iraq" || !strings.Contains(fmt.Sprint(row.Values["actors"]), "United States") {
				t.Errorf("seed row %v", row.Values)
			}
			found[base] = true
		}
	}
	if !found["Ain al-Asad Air Base"] || !found["Victory Base"] {
		t.Fatalf("seed bases missing from the answer: %v", found)
	}
	negatedSeen := false
	for _, row := range queryBases(t, dir, nil, "--negated", "any") {
		if n, _ := row.Values["negated"].(float64); n > 0 {
			negatedSeen = true
		}
	}
	if !negatedSeen {
		t.Errorf("--negated any counts no negated report")
	}
	// The table names the columns; a base's events, the drill-down, list
	// their articles: the publishers in the table, the URLs with --wide.
	tab := ng(t, dir, nil, "query", "bases", "--event", "withdrawal", "--format", "table")
	if !strings.Contains(tab.stdout, "BASE") || !strings.Contains(tab.stdout, "Victory Base") {
		t.Errorf("table output:\n%s", tab.stdout)
	}
	drill := ng(t, dir, nil, "query", "events", "--event", "withdrawal", "--base", "Ain al-Asad Air Base", "--format", "table")
	if !strings.Contains(drill.stdout, "Sputnik") || strings.Contains(drill.stdout, seedURL) {
		t.Errorf("drill-down table output:\n%s", drill.stdout)
	}
	wide := ng(t, dir, nil, "query", "events", "--event", "withdrawal", "--base", "Ain al-Asad Air Base", "--format", "table", "--wide")
	if !strings.Contains(wide.stdout, seedURL) {
		t.Errorf("--wide drill-down table output:\n%s", wide.stdout)
	}
	before := stats(t, dir, nil)
	r = ng(t, dir, nil, "ingest", seed, absTestdata(t))
	if r.code != 0 {
		t.Fatalf("re-ingest: %s", r.stderr)
	}
	after := stats(t, dir, nil)
	if before["quads"] != after["quads"] || before["articles"] != after["articles"] {
		t.Errorf("re-ingest changed the graph: %v -> %v", before, after)
	}
}

func TestBadFiles(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o755)
	good, _ := os.ReadFile(filepath.Join(absTestdata(t), "001_us-leaves-ain-al-asad.txt"))
	os.WriteFile(filepath.Join(in, "good.txt"), good, 0o644)
	os.WriteFile(filepath.Join(in, "empty.txt"), nil, 0o644)
	os.WriteFile(filepath.Join(in, "binary.dat"), []byte("\x00\x01\x02\xff\xfe binary"), 0o644)
	os.WriteFile(filepath.Join(in, "nobody.txt"), []byte("date 2025-02-02 https://example.org/a\n\nTitle only\n"), 0o644)
	r := ng(t, dir, []string{"NEWSGRAPH_STORE=bolt:" + filepath.Join(dir, "g.db")}, "ingest", in)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s", r.code, r.stderr)
	}
	for _, name := range []string{"empty.txt", "binary.dat", "nobody.txt"} {
		lines := 0
		for _, l := range strings.Split(r.stderr, "\n") {
			if strings.Contains(l, name) {
				lines++
				if !strings.HasPrefix(l, "newsgraph: ") {
					t.Errorf("error line %q lacks the newsgraph: prefix", l)
				}
			}
		}
		if lines != 1 {
			t.Errorf("%s: %d error lines, want 1:\n%s", name, lines, r.stderr)
		}
	}
	st := stats(t, dir, []string{"NEWSGRAPH_STORE=bolt:" + filepath.Join(dir, "g.db")})
	if st["articles"].(float64) != 1 {
		t.Errorf("the good file was not stored: %v", st)
	}
}

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"ingest"},
		{"query", "bases", "--event", "picnic", "--store", "memory"},
		{"query", "bases", "--no-such-flag"},
		{"stats", "--format", "xml", "--store", "memory"},
		{"--store", "nosuch:x", "stats"},
		{"no-such-command"},
	} {
		r := ng(t, dir, nil, args...)
		if r.code != 2 {
			t.Errorf("%v: exit %d, want 2\n%s", args, r.code, r.stderr)
		}
		if !strings.HasPrefix(r.stderr, "newsgraph: ") {
			t.Errorf("%v: stderr %q", args, r.stderr)
		}
	}
	// Every command has --help.
	for _, c := range []string{"ingest", "extract", "query", "stats", "export", "eval", "formats"} {
		if r := ng(t, dir, nil, c, "--help"); r.code != 0 || !strings.Contains(r.stdout, "Usage:") {
			t.Errorf("%s --help: exit %d", c, r.code)
		}
	}
}

func TestExtractSeedRecord(t *testing.T) {
	seed := testenv.SeedPath(t)
	r := ng(t, t.TempDir(), nil, "extract", seed)
	if r.code != 0 {
		t.Fatalf("extract: %s", r.stderr)
	}
	var rec struct {
		Article struct {
			Publisher, Published, URL, ID string
		} `json:"article"`
		Entities []map[string]any `json:"entities"`
		Events   []map[string]any `json:"events"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rec); err != nil {
		t.Fatal(err)
	}
	if rec.Article.Publisher != "Sputnik International" || !strings.HasPrefix(rec.Article.Published, "2025-08-25") || rec.Article.ID == "" {
		t.Errorf("article %+v", rec.Article)
	}
	if len(rec.Events) == 0 || len(rec.Entities) == 0 {
		t.Errorf("no entities or events")
	}
}
