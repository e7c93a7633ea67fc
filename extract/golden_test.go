package extract_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/internal/testenv"
	"github.com/newsgraph/newsgraph/loaders"
)

var update = flag.Bool("update", false, "rewrite the golden extraction records in testdata/golden")

func newPipeline(t testing.TB) *extract.Pipeline {
	t.Helper()
	p, err := extract.New(extract.Config{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func extractFile(t testing.TB, p *extract.Pipeline, path string) newsgraph.Extraction {
	t.Helper()
	arts, err := loaders.Read(context.Background(), path, loaders.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 1 {
		t.Fatalf("%s: %d articles, want 1", path, len(arts))
	}
	return p.Extract(arts[0])
}

// TestGolden compares the extraction record of every test article with
// its golden file; run with -update after an intended change, and review
// the diff.
func TestGolden(t *testing.T) {
	p := newPipeline(t)
	files := testenv.Articles(t)
	if len(files) < 5 {
		t.Fatalf("want at least 5 test articles, found %d", len(files))
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))
		t.Run(name, func(t *testing.T) {
			x := extractFile(t, p, f)
			got, err := json.MarshalIndent(x, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("..", "testdata", "golden", name+".json")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./extract -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the extraction; first difference at line %d (run with -update if intended)", golden, firstDiffLine(got, want))
			}
			// Extraction is deterministic: a second run is byte-identical.
			again, _ := json.MarshalIndent(p.Extract(mustRead(t, f)), "", "  ")
			if !bytes.Equal(append(again, '\n'), got) {
				t.Errorf("%s: a second extraction differs from the first", f)
			}
		})
	}
}

func mustRead(t testing.TB, path string) newsgraph.Article {
	arts, err := loaders.Read(context.Background(), path, loaders.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return arts[0]
}

func firstDiffLine(a, b []byte) int {
	la, lb := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := range min(len(la), len(lb)) {
		if !bytes.Equal(la[i], lb[i]) {
			return i + 1
		}
	}
	return min(len(la), len(lb)) + 1
}

// TestEvidenceSpans checks that every event's evidence is the text its span
// points at, so every fact is traceable to its sentence.
func TestEvidenceSpans(t *testing.T) {
	p := newPipeline(t)
	files := testenv.Articles(t)
	for _, f := range files {
		a := mustRead(t, f)
		x := p.Extract(a)
		doc := extract.Segment(a.Title, a.Lede, a.Body)
		for _, ev := range x.Events {
			if ev.Span.Start < 0 || ev.Span.End > len(doc.Text) || doc.Text[ev.Span.Start:ev.Span.End] != ev.Evidence {
				t.Errorf("%s: event %s evidence does not match its span", f, ev.Type)
			}
			if ev.Sentence < 0 || ev.Sentence >= len(doc.Sentences) || doc.SentenceText(ev.Sentence) != ev.Evidence {
				t.Errorf("%s: event %s sentence index %d does not hold its evidence", f, ev.Type, ev.Sentence)
			}
		}
	}
}

// TestSeed checks what DESIGN.md says the seed article must yield. The
// seed lives outside the repository; the test skips only where it is absent.
func TestSeed(t *testing.T) {
	x := extractFile(t, newPipeline(t), testenv.SeedPath(t))
	if x.Article.Publisher != "Sputnik International" {
		t.Errorf("publisher %q", x.Article.Publisher)
	}
	if x.Article.Published != "2025-08-25T15:11:00Z" {
		t.Errorf("published %q", x.Article.Published)
	}
	has := func(typ, name, country string) bool {
		for _, e := range x.Entities {
			if e.Type == typ && e.Name == name && (country == "" || e.Country == country) {
				return true
			}
		}
		return false
	}
	for _, want := range []struct{ typ, name, country string }{
		{"Country", "United States", ""}, {"Country", "Iraq", ""}, {"Country", "Syria", ""},
		{"Organisation", "Islamic State", ""}, {"Organisation", "Kurdistan24", ""},
		{"Base", "Ain al-Asad Air Base", "Iraq"}, {"Base", "Victory Base", "Iraq"},
		{"Place", "Erbil", "Iraq"},
	} {
		if !has(want.typ, want.name, want.country) {
			t.Errorf("missing %s %q (%s)", want.typ, want.name, want.country)
		}
	}
	for _, e := range x.Entities {
		if e.Type == "Country" && e.Name == "Russia" {
			t.Errorf("the publisher's footnote about Russia became a country mention")
		}
	}
	var withdrawal, negated, relocation bool
	for _, ev := range x.Events {
		switch {
		case ev.Type == "withdrawal" && !ev.Negated && ev.Actor == "United States" && ev.Date == "2025-08-24" &&
			strings.Join(ev.Bases, "|") == "Ain al-Asad Air Base|Victory Base":
			withdrawal = true
		case ev.Type == "withdrawal" && ev.Negated && ev.Country == "Iraq":
			negated = true
			if !strings.Contains(ev.Evidence, "not withdrawing") {
				t.Errorf("negated withdrawal evidence %q", ev.Evidence)
			}
		case ev.Type == "relocation" && strings.Contains(strings.Join(ev.Places, "|"), "Erbil"):
			relocation = true
		}
		if ev.Type == "withdrawal" && !ev.Negated && strings.Contains(ev.Evidence, "not withdrawing") {
			t.Errorf("the denial became a plain withdrawal: %+v", ev)
		}
	}
	if !withdrawal {
		t.Errorf("no withdrawal by the United States from Ain al-Asad and Victory on 2025-08-24: %+v", x.Events)
	}
	if !negated {
		t.Errorf("no negated withdrawal from Iraq")
	}
	if !relocation {
		t.Errorf("no relocation to Erbil")
	}
}
