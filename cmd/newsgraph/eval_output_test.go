package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
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
	printEval(&table, r, missing)
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
