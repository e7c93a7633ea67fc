package extract_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract"
)

// FuzzExtract feeds arbitrary text through the whole pipeline: it must
// never panic, every event's evidence must be its sentence, and the result
// must not depend on the run.
func FuzzExtract(f *testing.F) {
	files, _ := filepath.Glob("../testdata/articles/*.txt")
	if len(files) < 10 {
		f.Fatalf("want test articles as seeds, found %d", len(files))
	}
	for _, file := range files[:12] {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	f.Add("The UK Ministry of Defence and the US said UK troops left Camp X, Niger's base, on Sunday.")
	p, err := extract.New(extract.Config{})
	if err != nil {
		f.Fatal(err)
	}
	pub := time.Date(2025, 8, 25, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, body string) {
		if len(body) > 1<<16 {
			t.Skip()
		}
		a := newsgraph.Article{Title: "T", Body: body, Published: pub}
		x := p.Extract(a)
		for _, ev := range x.Events {
			if ev.Span.Start < 0 || ev.Span.Start > ev.Span.End || !strings.Contains(body+"T", strings.TrimSpace(ev.Evidence)) && ev.Evidence != "T" {
				t.Fatalf("event evidence %q not in the text", ev.Evidence)
			}
		}
		y := p.Extract(a)
		if len(x.Events) != len(y.Events) || len(x.Entities) != len(y.Entities) {
			t.Fatalf("two runs differ")
		}
	})
}
