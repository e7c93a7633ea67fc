package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/eval"
)

var updateEvalGolden = flag.Bool("update", false, "rewrite testdata/eval_output.* from the current eval output")

// TestEvalOutputFormats pins the eval table and JSON that the README and
// --help describe, on a report with empty metrics: those print "-" and
// are left out of the JSON, never shown as perfect.
func TestEvalOutputFormats(t *testing.T) {
	r := eval.Report{
		Articles:      2,
		Publisher:     eval.Accuracy{Correct: 1, Total: 2},
		Published:     eval.Accuracy{Correct: 1, Total: 1},
		Countries:     eval.Counts{TP: 3, FP: 1, FN: 0},
		Bases:         eval.Counts{TP: 0, FP: 1, FN: 0},
		Organisations: eval.Counts{TP: 1, FP: 0, FN: 2},
		Events:        eval.Counts{TP: 1, FP: 1, FN: 1},
		EventActor:    eval.Accuracy{Correct: 1, Total: 1},
		EventNegation: eval.Accuracy{Correct: 1, Total: 1},
		// No base country judged, no event date: both empty.
		SpuriousMilitary: []string{"r99_quiet"},
	}
	missing := []string{"r98_nogold"}
	var table, js bytes.Buffer
	printEval(&table, r)
	enc := json.NewEncoder(&js)
	enc.SetIndent("", "  ")
	if err := enc.Encode(evalJSON(r, missing)); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		file string
		got  []byte
	}{
		{"eval_output.txt", table.Bytes()},
		{"eval_output.json", js.Bytes()},
	} {
		path := filepath.Join("testdata", tt.file)
		if *updateEvalGolden {
			if err := os.WriteFile(path, tt.got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if !bytes.Equal(tt.got, want) {
			t.Errorf("%s differs (run with -update after checking the change):\n%s", path, tt.got)
		}
	}
}

// TestEvalMissingGoldReportedOnce: an article without a gold file is
// reported once however often it is named, is not scored, and makes the
// exit status 1.
func TestEvalMissingGoldReportedOnce(t *testing.T) {
	articles, _ := filepath.Abs("../../testdata/articles")
	paths, _ := filepath.Glob(filepath.Join(articles, "00[12]_*"))
	if len(paths) != 2 {
		t.Fatalf("want two test articles 001 and 002, found %v", paths)
	}
	scored, unscored := paths[0], paths[1]
	name := func(p string) string { return strings.TrimSuffix(filepath.Base(p), filepath.Ext(p)) }
	gold := t.TempDir()
	data, err := os.ReadFile(filepath.Join("../../testdata/gold", name(scored)+".json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(gold, name(scored)+".json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	r := ng(t, t.TempDir(), nil, "eval", "--gold", gold, "--format", "json", scored, unscored, unscored, articles)
	if r.code != 1 {
		t.Errorf("exit %d, want 1", r.code)
	}
	n := 0
	for _, line := range strings.Split(r.stderr, "\n") {
		if strings.Contains(line, name(unscored)) {
			n++
		}
	}
	if n != 1 {
		t.Errorf("stderr names %s on %d lines, want one:\n%s", name(unscored), n, r.stderr)
	}
	var rep struct {
		Articles    int      `json:"articles"`
		MissingGold []string `json:"missing_gold"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if rep.Articles != 1 || len(rep.MissingGold) == 0 || rep.MissingGold[0] != name(unscored) {
		t.Errorf("scored %d articles, missing gold %v; want 1 and %s first", rep.Articles, rep.MissingGold, name(unscored))
	}
	for i, m := range rep.MissingGold {
		if slices.Contains(rep.MissingGold[i+1:], m) {
			t.Errorf("%s listed twice in missing_gold", m)
		}
	}
}
