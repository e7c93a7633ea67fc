package loaders

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph"
)

// maxFuzzInput bounds fuzz inputs: larger ones find nothing new and slow
// the readability extractor down to a crawl.
const maxFuzzInput = 64 << 10

// minSeeds is the least seed corpus a fuzzer accepts; a glob broken by a
// renamed folder must fail loudly instead of fuzzing from nothing.
const minSeeds = 3

func FuzzDump(f *testing.F) {
	fuzzParser(f, DumpFormat, "testdata/dump/*", "testdata/sameformat/*.dump.txt")
}

func FuzzText(f *testing.F) {
	fuzzParser(f, TextFormat, "testdata/text/*")
}

func FuzzHTML(f *testing.F) {
	fuzzParser(f, HTMLFormat, "testdata/html/*", "testdata/sameformat/*.html")
}

func FuzzFeed(f *testing.F) {
	fuzzParser(f, RSSFormat, "testdata/feed/*", "testdata/sameformat/*.rss", "testdata/sameformat/*.atom")
}

func FuzzJSONL(f *testing.F) {
	fuzzParser(f, JSONLFormat, "testdata/jsonl/*", "testdata/sameformat/*.jsonl")
}

func FuzzJSON(f *testing.F) {
	fuzzParser(f, JSONFormat, "testdata/json/*", "testdata/jsonl/*")
}

// FuzzDetect runs format detection and whichever parser it picks.
func FuzzDetect(f *testing.F) {
	fuzzParser(f, "", "testdata/*/*")
}

// fuzzParser seeds a fuzzer from the files the globs match and checks the
// properties every parser must have, whatever the input:
//   - it does not panic (the fuzzer checks that);
//   - it never returns nothing without saying why;
//   - every error is a *SourceError naming the source, on one line;
//   - every article names its source, has a body, valid UTF-8 text, a
//     content hash and an ID;
//   - parsing the same input twice gives the same result.
func fuzzParser(f *testing.F, format string, globs ...string) {
	var seeds []string
	for _, g := range globs {
		m, err := filepath.Glob(g)
		if err != nil {
			f.Fatal(err)
		}
		for _, p := range m {
			if strings.HasPrefix(p, filepath.Join("testdata", "fuzz")) {
				continue // the fuzzer's own corpus, in its own encoding
			}
			if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() {
				seeds = append(seeds, p)
			}
		}
	}
	if len(seeds) < minSeeds {
		f.Fatalf("%d seed files match %v, want at least %d", len(seeds), globs, minSeeds)
	}
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	const source = "fuzz/input"
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			t.Skip()
		}
		arts, err := ParseInput(Input{Source: source, Data: data}, format)
		checkParse(t, source, arts, err)
		again, err2 := ParseInput(Input{Source: source, Data: data}, format)
		if !reflect.DeepEqual(arts, again) {
			t.Fatalf("a second parse differs:\n%+v\n%+v", arts, again)
		}
		if errString(err) != errString(err2) {
			t.Fatalf("a second parse fails differently:\n%v\n%v", err, err2)
		}
	})
}

func checkParse(t *testing.T, source string, arts []newsgraph.Article, err error) {
	t.Helper()
	if len(arts) == 0 && err == nil {
		t.Fatalf("no articles and no error")
	}
	for _, e := range SplitErrors(err) {
		se, ok := e.(*SourceError)
		if !ok {
			t.Fatalf("error %v (%T) is not a *SourceError", e, e)
		}
		if se.Source != source {
			t.Fatalf("error %q names %q, not %q", e, se.Source, source)
		}
		if msg := e.Error(); strings.Contains(msg, "\n") || len(msg) <= len(source)+2 {
			t.Fatalf("error message %q is not one line with a reason", msg)
		}
	}
	for _, a := range arts {
		if a.Source != source || a.Format == "" {
			t.Fatalf("article source %q format %q", a.Source, a.Format)
		}
		if strings.TrimSpace(a.Body) == "" {
			t.Fatalf("article with an empty body: %+v", a)
		}
		for _, s := range []string{a.Title, a.Lede, a.Body, a.Publisher, a.URL, a.Language} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 in %q", s)
			}
		}
		if strings.ContainsAny(a.Title, "\n\r") || strings.ContainsAny(a.Publisher, "\n\r") {
			t.Fatalf("title or publisher spans lines: %q %q", a.Title, a.Publisher)
		}
		if a.Hash != ContentHash(a) || a.ID == "" {
			t.Fatalf("hash or ID not filled in: %+v", a)
		}
		if _, off := a.Published.Zone(); off <= -24*3600 || off >= 24*3600 {
			t.Fatalf("published %v: zone offset out of range", a.Published)
		}
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
