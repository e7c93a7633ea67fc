package gen_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/gen"
	"github.com/newsgraph/newsgraph/loaders"
)

// files reads every file under dir, by path relative to dir.
func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[rel] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDeterministic(t *testing.T) {
	ctx := context.Background()
	formats := gen.SupportedFormats()
	a, b := t.TempDir(), t.TempDir()
	if _, err := gen.Write(ctx, a, gen.Options{Articles: 250, Seed: 7, Formats: formats, Workers: 1, PerJSONLFile: 30}); err != nil {
		t.Fatal(err)
	}
	if _, err := gen.Write(ctx, b, gen.Options{Articles: 250, Seed: 7, Formats: formats, Workers: 4, PerJSONLFile: 30}); err != nil {
		t.Fatal(err)
	}
	fa, fb := files(t, a), files(t, b)
	if len(fa) != len(fb) {
		t.Fatalf("%d files vs %d", len(fa), len(fb))
	}
	for name, data := range fa {
		if !bytes.Equal(data, fb[name]) {
			t.Errorf("%s differs between runs with the same seed", name)
		}
	}
	// Article i does not depend on how many are generated, and another
	// seed gives another corpus.
	g1, _ := gen.New(gen.Options{Seed: 7})
	g2, _ := gen.New(gen.Options{Seed: 8})
	if !bytes.Equal(gen.Dump(g1.Article(3)), gen.Dump(g1.Article(3))) {
		t.Error("Article(3) differs between calls")
	}
	if bytes.Equal(gen.Dump(g1.Article(3)), gen.Dump(g2.Article(3))) {
		t.Error("seeds 7 and 8 gave the same article")
	}
	// The format mix does not change the articles' text.
	gm, _ := gen.New(gen.Options{Seed: 7, Formats: formats})
	for i := range 20 {
		x, y := g1.Article(i), gm.Article(i)
		y.Format = x.Format
		if !bytes.Equal(gen.Dump(x), gen.Dump(y)) {
			t.Fatalf("article %d differs with another format mix", i)
		}
		if y := gm.Article(i); y.Format == gen.FormatDump && !bytes.Equal(fa[filepath.Join("dump", "0000", fmt.Sprintf("%07d.txt", i))], gen.Dump(y)) {
			t.Errorf("written article %d differs from Article(%d)", i, i)
		}
	}
}

func TestReadableByLoaders(t *testing.T) {
	dir := t.TempDir()
	const n = 240
	sum, err := gen.Write(context.Background(), dir, gen.Options{Articles: n, Seed: 1, Formats: gen.SupportedFormats(), PerDir: 50, PerJSONLFile: 20})
	if err != nil {
		t.Fatal(err)
	}
	if got := sum.ByFormat[gen.FormatDump] + sum.ByFormat[gen.FormatJSONL]; got != n {
		t.Fatalf("summary counts %d articles, want %d", got, n)
	}
	perDir := map[string]int{}
	for name := range files(t, dir) {
		perDir[filepath.Dir(name)]++
	}
	for d, k := range perDir {
		if k > 50 {
			t.Errorf("%s holds %d files, want at most 50", d, k)
		}
	}
	sources, errs := loaders.Expand(context.Background(), []string{dir})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	urls := map[string]bool{}
	for _, src := range sources {
		arts, err := loaders.Read(context.Background(), src, loaders.Options{})
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		for _, a := range arts {
			if a.Title == "" || a.Publisher == "" || a.Published.IsZero() || len(a.Body) < 200 || a.Lede == "" {
				t.Errorf("%s: incomplete article: title %q publisher %q published %v body %d lede %d", src, a.Title, a.Publisher, a.Published, len(a.Body), len(a.Lede))
			}
			if p, ok := loaders.LookupPublisher(a.URL); !ok || p.Name != a.Publisher {
				t.Errorf("%s: publisher %q, want the table's name for %s (%q)", src, a.Publisher, a.URL, p.Name)
			}
			if urls[a.URL] {
				t.Errorf("%s: URL %s used twice", src, a.URL)
			}
			urls[a.URL] = true
		}
	}
	if len(urls) != n {
		t.Fatalf("loaders read %d articles, want %d", len(urls), n)
	}
}

// TestExtractable checks that the corpus exercises the extractor: most
// articles yield events, every event type occurs, and so do negated and
// planned events and relative dates.
func TestExtractable(t *testing.T) {
	g, err := gen.New(gen.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	arts, err := g.Articles(0, 200)
	if err != nil {
		t.Fatal(err)
	}
	p, err := extract.New(extract.Config{})
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]int{}
	withEvents, negated, planned, dated := 0, 0, 0, 0
	bases := map[string]int{}
	for _, a := range arts {
		x := p.Extract(a)
		if len(x.Events) > 0 {
			withEvents++
		}
		for _, ev := range x.Events {
			types[ev.Type]++
			if ev.Negated {
				negated++
			}
			if ev.Status == newsgraph.StatusPlanned {
				planned++
			}
			if ev.Date != "" {
				dated++
			}
			for _, b := range ev.Bases {
				bases[b]++
			}
		}
	}
	if withEvents < 180 {
		t.Errorf("%d of 200 articles have events, want at least 180", withEvents)
	}
	for _, typ := range newsgraph.EventTypes {
		if types[typ] == 0 {
			t.Errorf("no %s event in 200 articles (%v)", typ, types)
		}
	}
	if negated == 0 || planned == 0 || dated == 0 {
		t.Errorf("negated %d, planned %d, dated %d: want some of each", negated, planned, dated)
	}
	// Long tail: the most reported base is far above the median one.
	var counts []int
	for _, c := range bases {
		counts = append(counts, c)
	}
	slices.Sort(counts)
	if len(counts) < 20 || counts[len(counts)-1] < 5*counts[len(counts)/2] {
		t.Errorf("base frequencies are not long-tailed: %d bases, top %d, median %d", len(counts), counts[len(counts)-1], counts[len(counts)/2])
	}
}

func TestBadFormat(t *testing.T) {
	_, err := gen.Write(context.Background(), t.TempDir(), gen.Options{Articles: 1, Formats: []string{"pdf"}})
	if err == nil || !strings.Contains(err.Error(), "pdf") {
		t.Fatalf("got %v, want an unsupported format error", err)
	}
}
