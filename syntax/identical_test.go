package syntax

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/testenv"
)

// devGoldenSentences is how many en_ewt dev sentences the output golden
// covers: enough to exercise most feature templates and weight lookups.
const devGoldenSentences = 300

// TestDevOutputUnchanged tags and parses the first sentences of en_ewt dev
// and compares every tag, head and label with testdata/dev300.golden,
// written by the model's scoring code as it stood before the speed work.
// Any change to feature hashing, weight lookup or score summation order
// shows here as a differing sentence. The golden holds only the model's
// own predictions (no treebank text) and the model digest it was made
// with: a retrained model needs -update, and review.
func TestDevOutputUnchanged(t *testing.T) {
	dir := testenv.UDDir(t)
	sents, err := ReadCoNLLUFile(filepath.Join(dir, "dev.conllu"))
	if err != nil {
		t.Fatal(err)
	}
	if len(sents) < devGoldenSentences {
		t.Fatalf("only %d sentences in dev", len(sents))
	}
	m := loadModel(t)
	var b strings.Builder
	fmt.Fprintf(&b, "model %s\n", WeightsDigest())
	for _, s := range sents[:devGoldenSentences] {
		upos, xpos, heads, labels := m.analyse(forms(s))
		fmt.Fprintf(&b, "%s\n", s.ID)
		for i := range upos {
			fmt.Fprintf(&b, "%d\t%s\t%s\t%d\t%s\n", i+1, upos[i], xpos[i], heads[i], labels[i])
		}
	}
	path := filepath.Join("testdata", "dev300.golden")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestDevOutputUnchanged -update to create it)", err)
	}
	want, got := strings.Split(string(raw), "\n"), strings.Split(b.String(), "\n")
	if want[0] != got[0] {
		t.Fatalf("golden made with %s, embedded model is %s: rerun with -update after retraining", want[0], got[0])
	}
	if len(want) != len(got) {
		t.Fatalf("%d golden lines, %d now", len(want), len(got))
	}
	sent, diffs := "", 0
	for i := range want {
		if !strings.Contains(want[i], "\t") {
			sent = want[i]
		}
		if want[i] != got[i] {
			diffs++
			if diffs <= 10 {
				t.Errorf("sentence %s: golden %q, now %q", sent, want[i], got[i])
			}
		}
	}
	if diffs > 0 {
		t.Errorf("%d lines differ from %s", diffs, path)
	}
}
