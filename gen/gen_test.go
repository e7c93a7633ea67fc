package gen_test

import (
	"bytes"
	"context"
	"encoding/json"
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
		y = gm.Article(i)
		var path string
		var want []byte
		switch y.Format {
		case gen.FormatDump:
			path, want = filepath.Join("dump", "0000", fmt.Sprintf("%07d.txt", i)), gen.Dump(y)
		case gen.FormatHTML:
			path, want = filepath.Join("html", "0000", fmt.Sprintf("%07d.html", i)), gen.HTML(y)
		default:
			continue
		}
		if !bytes.Equal(fa[path], want) {
			t.Errorf("written article %d (%s) differs from Article(%d)", i, path, i)
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
	got := 0
	for _, f := range gen.SupportedFormats() {
		if sum.ByFormat[f] == 0 {
			t.Errorf("no %s article in a mix of %d", f, n)
		}
		got += sum.ByFormat[f]
	}
	if got != n {
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
			// The HTML loader keeps the standfirst in the body; the other
			// formats set it apart.
			if a.Title == "" || a.Publisher == "" || a.Published.IsZero() || len(a.Body) < 200 || a.Lede == "" && a.Format != loaders.HTMLFormat {
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

// text is what extraction reads after the title, as paragraphs: the dump
// and JSON Lines loaders set the standfirst apart as the lede, the HTML
// loader keeps it at the top of the body.
func text(a newsgraph.Article) []string {
	return strings.Split(strings.TrimSpace(a.Lede+"\n\n"+a.Body), "\n\n")
}

func asJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestRenderingsReadAlike reads a sample of articles from their HTML page
// and JSON Lines renderings and checks the loaders give what they give for
// the dump rendering: title, publisher, instant of publication, URL and
// paragraphs, and so the same extracted entities (bases among them) and
// events. The page's furniture (menu, byline, caption, related links,
// footer) must not leak into the text.
func TestRenderingsReadAlike(t *testing.T) {
	g, err := gen.New(gen.Options{Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	p, err := extract.New(extract.Config{})
	if err != nil {
		t.Fatal(err)
	}
	renderings := []struct {
		format string
		ext    string
		render func(gen.Article) []byte
	}{
		{gen.FormatHTML, "html", gen.HTML},
		{gen.FormatJSONL, "jsonl", gen.JSONL},
	}
	const sample = 30
	for _, r := range renderings {
		t.Run(r.format, func(t *testing.T) {
			events, bases := 0, 0
			for k := range sample {
				i := k * 37 // spread over publishers and page templates
				a := g.Article(i)
				ds, err := loaders.Parse(fmt.Sprintf("%d.txt", i), gen.Dump(a), loaders.DumpFormat)
				if err != nil || len(ds) != 1 {
					t.Fatalf("article %d: dump: %d articles, %v", i, len(ds), err)
				}
				rs, err := loaders.Parse(fmt.Sprintf("%d.%s", i, r.ext), r.render(a), r.format)
				if err != nil || len(rs) != 1 {
					t.Fatalf("article %d: %s: %d articles, %v", i, r.format, len(rs), err)
				}
				d, got := ds[0], rs[0]
				for _, c := range []struct{ field, got, want string }{
					{"Title", got.Title, d.Title},
					{"Publisher", got.Publisher, d.Publisher},
					{"URL", got.URL, d.URL},
					{"Hash", got.Hash, d.Hash},
				} {
					if c.got != c.want {
						t.Errorf("article %d: %s from %s = %q, from the dump %q", i, c.field, r.format, c.got, c.want)
					}
				}
				if !got.Published.Equal(d.Published) {
					t.Errorf("article %d: published %v from %s, %v from the dump", i, got.Published, r.format, d.Published)
				}
				if gp, dp := text(got), text(d); !slices.Equal(gp, dp) {
					t.Errorf("article %d: %s text differs from the dump's:\n%q\n%q", i, r.format, gp, dp)
				}
				if want := append([]string{a.Lede}, a.Paragraphs...); !slices.Equal(text(d), want) {
					t.Errorf("article %d: the dump's text is not the generated paragraphs", i)
				}
				gx, dx := p.Extract(got), p.Extract(d)
				if g, w := asJSON(t, gx.Events), asJSON(t, dx.Events); g != w {
					t.Errorf("article %d: events from %s differ from the dump's:\n%s\n%s", i, r.format, g, w)
				}
				if g, w := asJSON(t, gx.Entities), asJSON(t, dx.Entities); g != w {
					t.Errorf("article %d: entities from %s differ from the dump's:\n%s\n%s", i, r.format, g, w)
				}
				events += len(dx.Events)
				for _, e := range dx.Entities {
					if e.Type == newsgraph.TypeBase {
						bases++
					}
				}
			}
			if events < sample || bases < sample {
				t.Errorf("%d events and %d bases in %d articles: too few for the comparison to prove much", events, bases, sample)
			}
		})
	}
}

// TestHTMLEscapes checks that text with markup characters reaches the
// loader as written, without breaking the page or its JSON-LD block.
func TestHTMLEscapes(t *testing.T) {
	g, err := gen.New(gen.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		title     string
		paragraph string
	}{
		{"ampersand and quotes", `Troops & "advisers" leave O'Brien Barracks`, `Officials said the "R&D" site at O'Brien Barracks would close, and that 3 < 4 was never in doubt.`},
		{"tags", `<b>Base</b> closes </title> early`, `A note read <script>alert(1)</script> and </p><p>nothing else, the ministry said in a statement today.`},
		{"script end in JSON-LD", `Pact signed </script><script>x()`, `The agreement was signed in the capital after weeks of talks, according to two officials.`},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := g.Article(0)
			a.Title = c.title
			a.Lede = c.paragraph
			arts, err := loaders.Parse("page.html", gen.HTML(a), loaders.HTMLFormat)
			if err != nil || len(arts) != 1 {
				t.Fatalf("%d articles, %v", len(arts), err)
			}
			got := arts[0]
			if got.Title != c.title {
				t.Errorf("title %q, want %q", got.Title, c.title)
			}
			if want := append([]string{c.paragraph}, a.Paragraphs...); !slices.Equal(text(got), want) {
				t.Errorf("text %q, want %q", text(got), want)
			}
		})
	}
}
