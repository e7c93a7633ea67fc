package syntax

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// goldenSentences are our own news-style sentences; their parses are kept
// in testdata/parses.golden so a retrained model's changes show in review.
var goldenSentences = []string{
	"The UK attacked Syria.",
	"The jets were not sent to Cyprus.",
	"Italian troops left Camp Arena in Herat and Camp Dwyer on Friday.",
	"Officials said reports that Russian troops had arrived at Niamey airport were false.",
	"The base, which US forces left in 2021, was handed to the Afghan army on Friday.",
	"The Pentagon announced on Tuesday that 300 soldiers would be deployed to Romania.",
	"Drills involving F-35 jets began near the border, the ministry said.",
}

func loadModel(t testing.TB) *Model {
	t.Helper()
	m, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestParseGolden(t *testing.T) {
	m := loadModel(t)
	var b strings.Builder
	for _, s := range goldenSentences {
		b.WriteString("# " + s + "\n")
		b.WriteString(m.Parse(s).String())
		b.WriteString("\n")
	}
	path := filepath.Join("testdata", "parses.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestParseGolden -update to create it)", err)
	}
	if got := b.String(); got != string(want) {
		t.Errorf("parses differ from %s (rerun with -update after retraining, and review the diff):\n%s", path, got)
	}
}

func TestTreeLookups(t *testing.T) {
	m := loadModel(t)
	const s = "Italian troops left Camp Arena in Herat and Camp Dwyer on Friday."
	tree := m.Parse(s)
	if len(tree.Tokens) != 13 {
		t.Fatalf("%d tokens:\n%s", len(tree.Tokens), tree)
	}
	root := tree.Root()
	if tree.Tokens[root].Form != "left" {
		t.Errorf("root %q, want left:\n%s", tree.Tokens[root].Form, tree)
	}
	// Byte spans map back to tokens: the head of "Camp Arena" is the one
	// of its two tokens that dominates the other (Arena with Camp as
	// compound, or Camp with Arena as flat).
	start := strings.Index(s, "Camp Arena")
	h := tree.HeadOf(Span{start, start + len("Camp Arena")})
	if h != 3 && h != 4 || !tree.Dominates(h, 7-h) {
		t.Errorf("head of Camp Arena = %d:\n%s", h, tree)
	}
	if got := tree.TokenAt(strings.Index(s, "Herat") + 2); got < 0 || tree.Tokens[got].Form != "Herat" {
		t.Errorf("TokenAt inside Herat = %d", got)
	}
	if !tree.Dominates(root, h) || tree.Dominates(h, root) {
		t.Error("Dominates is wrong about the root and the head of Camp Arena")
	}
	sub := tree.SubtreeSpan(root)
	if sub.Start != 0 || sub.End != len(s) {
		t.Errorf("root subtree spans %v, want the sentence", sub)
	}
	for i, tok := range tree.Tokens {
		if tok.Lower != strings.ToLower(tok.Form) || tok.UPOS == "" || tok.Deprel == "" || tok.Index != i {
			t.Errorf("token %d incomplete: %+v", i, tok)
		}
		for _, c := range tree.Children(i) {
			if tree.Tokens[c].Head != i {
				t.Errorf("child %d of %d has head %d", c, i, tree.Tokens[c].Head)
			}
		}
	}
	if got := m.Parse("   "); len(got.Tokens) != 0 || got.Root() != -1 {
		t.Errorf("blank sentence parsed to %v", got.Tokens)
	}
	if got := m.ParseTokens([]string{"Troops", "left", "."}); got.Text != "Troops left ." || got.Tokens[1].Start != 7 {
		t.Errorf("ParseTokens text %q, spans %+v", got.Text, got.Tokens)
	}
}

// FuzzParse checks that any input parses to a well-formed tree: one root,
// heads in range, no cycles, spans inside the sentence.
func FuzzParse(f *testing.F) {
	for _, s := range goldenSentences {
		f.Add(s)
	}
	f.Add("“Don’t,” he said -- at 10:30 a.m. (U.S. time)...")
	m := loadModel(f)
	f.Fuzz(func(t *testing.T, s string) {
		tree := m.Parse(s)
		roots := 0
		for i, tok := range tree.Tokens {
			if tok.Head < -1 || tok.Head >= len(tree.Tokens) || tok.Head == i {
				t.Fatalf("token %d has head %d", i, tok.Head)
			}
			if tok.Head < 0 {
				roots++
			}
			if tok.Start < 0 || tok.End > len(s) || s[tok.Start:tok.End] != tok.Form {
				t.Fatalf("token %d %q has span %d-%d", i, tok.Form, tok.Start, tok.End)
			}
			if tree.depth(i) > len(tree.Tokens) {
				t.Fatalf("token %d is on a cycle", i)
			}
			_ = tree.Arguments(i)
		}
		if len(tree.Tokens) > 0 && roots != 1 {
			t.Fatalf("%d roots", roots)
		}
	})
}
