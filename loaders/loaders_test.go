package loaders

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/newsgraph/newsgraph"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func date(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// TestFormats reads one file of each kind and checks what each format is
// responsible for: detection, metadata and body.
func TestFormats(t *testing.T) {
	for _, tc := range []struct {
		file   string
		format string
		n      int
		// want is checked against the first article.
		want newsgraph.Article
		// bodyHas and bodyLacks are checked against the first article's
		// lede and body.
		bodyHas, bodyLacks []string
	}{
		{
			file: "dump/minimal.txt", format: "dump", n: 1,
			want: newsgraph.Article{URL: "https://news.example.org/2024/11/05/bridge-reopens", Title: "Old rail bridge reopens to freight after repairs",
				Publisher: "Riverside Courier", Published: date("2024-11-05T00:00:00Z")},
			bodyHas: []string{"Freight trains crossed"},
		},
		{
			file: "dump/reordered.txt", format: "dump", n: 1,
			want: newsgraph.Article{URL: "https://www.lavoixdupont.example/monde/exercice-hiver", Title: "Winter drill tests mountain rescue teams",
				Publisher: "La Voix du Pont", Published: date("2025-01-20T06:15:00Z"), Language: "fr",
				Tags: []string{"securite"}, Keywords: []string{"mountains", "rescue", "winter drill"}},
			bodyHas:   []string{"Rescue teams from three valleys", "thermal cameras"},
			bodyLacks: []string{"A note from the editors"},
		},
		{
			// A template that puts a byline, the page's date and button
			// labels above the body, and a newsletter box, teasers of
			// related articles, a copyright line and a cookie notice below.
			file: "dump/template-furniture.txt", format: "dump", n: 1,
			want: newsgraph.Article{URL: "https://www.thedefensepost.com/2025/03/11/estonia-tapa-british-battlegroup/",
				Title: "UK to send more armoured vehicles to Estonia's Tapa base", Publisher: "The Defense Post",
				Published: date("2025-03-11T00:00:00Z")},
			bodyHas:   []string{"Challenger 2 tanks", "permanent brigade"},
			bodyLacks: []string{"Joe Saballa", "Advertisement", "Subscribe", "Kaliningrad", "Rudninkai", "All rights reserved", "cookies", "Share"},
		},
		{
			// The site's name printed above the headline.
			file: "dump/site-name-first.txt", format: "dump", n: 1,
			want: newsgraph.Article{URL: "https://www.harbourwatch.example/defence/2024/10/02/frigate-returns", Title: "Navy frigate returns to Portsmouth after seven-month Red Sea patrol",
				Publisher: "Harbour Watch", Published: date("2024-10-02T00:00:00Z")},
			bodyHas:   []string{"escorting merchant ships", "several drones"},
			bodyLacks: []string{"Alison Marr", "Menu", "ferry timetable", "14:20"},
		},
		{
			// Paragraphs of a few words between longer ones.
			file: "dump/short-paragraphs.txt", format: "dump", n: 1,
			want: newsgraph.Article{URL: "https://www.example-news.example/a", Title: "Troops leave hill camp", Publisher: "Example News",
				Published: date("2025-03-11T00:00:00Z")},
			bodyHas:   []string{"He declined to comment.", "\"We are going home,\" one of them said.", "handed to the local council"},
			bodyLacks: []string{"Read more"},
		},
		{
			// An author's address, a free-standing time, a byline, share
			// buttons and a caption between the standfirst and the body.
			file: "html/furniture.html", format: "html", n: 1,
			want: newsgraph.Article{URL: "https://medmonitor.example/defence/2025/02/14/sigonella-drones",
				Title: "Italy moves drones to Sigonella amid Libya tensions", Publisher: "Mediterranean Monitor",
				Published: date("2025-02-14T09:30:00+01:00"), Language: "en"},
			bodyHas:   []string{"The Italian Air Force has moved", "ministry said on Thursday, as fighting"},
			bodyLacks: []string{"Luca Bianchi", "CET", "Share on", "file photo"},
		},
		{
			// A NewsAPI response saved to a file.
			file: "json/newsapi.json", format: "json", n: 2,
			want: newsgraph.Article{URL: "https://coastalwire.example/2025/05/09/souda-mine-drill",
				Title: "Minesweepers finish clearance drill off Souda Bay", Publisher: "Coastal Wire",
				Published: date("2025-05-09T07:45:00Z"), Lede: "Crews from four navies practised finding and clearing sea mines."},
			bodyHas: []string{"Souda Bay in Crete", "\n\nThe drill used practice mines"},
		},
		{
			file: "text/crlf.txt", format: "text", n: 1,
			want:    newsgraph.Article{Title: "Cyclists get a new lane on the harbour road"},
			bodyHas: []string{"A painted lane", "\n\nWork on a second lane"},
		},
		{
			file: "html/latin1.html", format: "html", n: 1,
			want: newsgraph.Article{Title: "Fête du port : la flottille revient à Brest", Publisher: "Le Courrier de la Rade",
				Published: date("2024-07-14T16:00:00Z")},
			bodyHas:   []string{"vieux gréements", "« C’est la première fois"},
			bodyLacks: []string{"Accueil", "Tous droits"},
		},
		{
			file: "html/fragment.html", format: "html", n: 1,
			want: newsgraph.Article{URL: "https://depotstreet.example/2024/09/06/night-market", Title: "Night market returns to the old tram depot",
				Publisher: "Depot Street Weekly", Published: date("2024-09-06T00:00:00Z"), Keywords: []string{"markets", "food", "depot"}},
			bodyHas: []string{"forty stalls", "six Fridays"},
		},
		{
			// The page renders its story with JavaScript; the JSON-LD
			// articleBody (with raw newlines inside the JSON string) is
			// all there is.
			file: "html/jsonld-body.html", format: "html", n: 1,
			want: newsgraph.Article{URL: "https://piernotes.example/tide-gauge-radar", Title: "Harbour tide gauge gets a radar upgrade",
				Publisher: "Pier Notes", Published: date("2025-02-11T10:00:00Z"), Language: "en"},
			bodyHas: []string{"radar sensor", "no moving parts"},
		},
		{
			file: "sameformat/rota-drill.html", format: "html", n: 1,
			want: newsgraph.Article{URL: "https://www.harbourgazette.example/world/2025/03/14/rota-harbour-drill",
				Title: "Spanish and American sailors finish harbour drill at Rota", Publisher: "The Harbour Gazette",
				Published: date("2025-03-14T08:30:00Z"), Language: "en", Tags: []string{"World"}},
			bodyHas:   []string{"Naval Station Rota", "make room for two more ships."},
			bodyLacks: []string{"Subscribe", "Related stories", "Ferry strike", "Comments", "noise from the boats", "Copyright", "By Ines Varga", "Home"},
		},
		{
			file: "sameformat/djibouti-contingent.html", format: "html", n: 1,
			want: newsgraph.Article{URL: "https://www.harbourgazette.example/world/2025/04/02/japan-djibouti-contingent",
				Title:     "Japan to shrink its Djibouti contingent as anti-piracy patrols wind down",
				Publisher: "The Harbour Gazette", Published: date("2025-04-02T14:05:00Z"), Language: "en",
				Tags: []string{"Japan"}, Keywords: []string{"Djibouti", "Gulf of Aden", "piracy"}},
			bodyHas:   []string{"withdraw roughly half", "Chinese forces."},
			bodyLacks: []string{"Most read", "Advertisement", "Sign in", "Share", "Letters to the editor"},
		},
		{
			file: "feed/latin1.rss", format: "rss", n: 1,
			want: newsgraph.Article{URL: "https://gazette-etang.example/2024/04/cygnes", Title: "Les cygnes sont de retour sur l'étang",
				Publisher: "Gazette de l'Étang", Published: date("2024-04-13T07:00:00Z"), Language: "fr"},
			bodyHas: []string{"petite île"},
		},
		{
			file: "feed/summaries.rdf", format: "rss", n: 2,
			want: newsgraph.Article{URL: "https://valleypost.example/2024/03/01/orchard-frost", Title: "Frost threatens early blossom in the orchards",
				Publisher: "Valley Post", Published: date("2024-03-01T06:00:00Z")},
			bodyHas: []string{"Growers lit heaters"},
		},
		{
			file: "sameformat/gazette.atom", format: "atom", n: 2,
			want: newsgraph.Article{URL: "https://www.harbourgazette.example/world/2025/03/14/rota-harbour-drill",
				Title: "Spanish and American sailors finish harbour drill at Rota", Publisher: "The Harbour Gazette",
				Published: date("2025-03-14T08:30:00Z"), Language: "en"},
			bodyHas:   []string{"Spanish and American naval crews", "\n\nAbout 600 sailors"},
			bodyLacks: []string{"<p>", "Crews practised guarding"},
		},
		{
			file: "jsonl/scraper.jsonl", format: "jsonl", n: 3,
			want: newsgraph.Article{URL: "https://millbrook.example/a/101", Title: "Millbrook opens a repair café", Publisher: "Millbrook Bulletin",
				Published: date("2024-10-12T10:00:00Z"), Language: "en", Tags: []string{"community"}},
			bodyHas: []string{"broken lamps"},
		},
		{
			file: "jsonl/unicode.jsonl", format: "jsonl", n: 3,
			want: newsgraph.Article{URL: "https://kiosk.example/2025/fr/marche", Title: "Le marché de Noël ouvre ses portes", Publisher: "Kiosque",
				Published: date("2025-12-01T16:00:00Z"), Language: "fr", Tags: []string{"fêtes", "ville"}},
			bodyHas: []string{"l’église"},
		},
	} {
		t.Run(tc.file, func(t *testing.T) {
			arts, err := Parse(tc.file, readTestdata(t, tc.file), "")
			if err != nil {
				t.Fatal(err)
			}
			if len(arts) != tc.n {
				t.Fatalf("%d articles, want %d", len(arts), tc.n)
			}
			a := arts[0]
			if a.Format != tc.format {
				t.Errorf("format %q, want %q", a.Format, tc.format)
			}
			if a.Source != tc.file {
				t.Errorf("source %q, want %q", a.Source, tc.file)
			}
			w := tc.want
			for _, c := range []struct{ field, got, want string }{
				{"URL", a.URL, w.URL}, {"Title", a.Title, w.Title}, {"Publisher", a.Publisher, w.Publisher},
				{"Language", a.Language, w.Language},
				{"Tags", strings.Join(a.Tags, "|"), strings.Join(w.Tags, "|")},
				{"Keywords", strings.Join(a.Keywords, "|"), strings.Join(w.Keywords, "|")},
			} {
				if c.got != c.want {
					t.Errorf("%s = %q, want %q", c.field, c.got, c.want)
				}
			}
			if !a.Published.Equal(w.Published) {
				t.Errorf("Published = %v, want %v", a.Published, w.Published)
			}
			text := a.Lede + "\n\n" + a.Body
			for _, s := range tc.bodyHas {
				if !strings.Contains(text, s) {
					t.Errorf("body lacks %q:\n%s", s, text)
				}
			}
			for _, s := range tc.bodyLacks {
				if strings.Contains(text, s) {
					t.Errorf("body has %q:\n%s", s, text)
				}
			}
			if a.Hash != ContentHash(a) || a.Hash == "" {
				t.Errorf("hash not filled in")
			}
		})
	}
}

// TestBadInput covers each kind of bad input: every one is a *SourceError
// naming the source, with a one-line reason.
func TestBadInput(t *testing.T) {
	utf16 := func(s string) []byte {
		b, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10")
	for _, tc := range []struct {
		name   string
		data   []byte
		format string
		is     error  // a sentinel the error must wrap, if any
		msg    string // a substring of the message
		line   int
	}{
		{name: "empty.txt", data: nil, is: ErrEmpty, msg: "empty file"},
		{name: "blank.txt", data: []byte(" \n\t\r\n\n"), is: ErrEmpty},
		{name: "picture.png", data: png, is: ErrBinary, msg: "(image/png)"},
		{name: "nul.txt", data: []byte("Title\n\nSome text with a \x00 NUL byte in the middle of it, which no article has."), is: ErrBinary},
		{name: "late-binary.txt", data: []byte("Title\n\n" + strings.Repeat("text ", 120) + strings.Repeat("\x01\x02\x03\x1b", 100)), is: ErrBinary, msg: "control characters"},
		{name: "zip.html", data: []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"), is: ErrBinary, msg: "application/zip"},
		{name: "truncated.html", data: readTestdata(t, "html/truncated.html"), msg: "truncated HTML"},
		{name: "cut-in-tag.html", data: []byte("<html><body><p>" + strings.Repeat("Words of a story that stops. ", 20) + "</p><a hr"), msg: "ends inside a tag"},
		{name: "not-xml.rss", data: readTestdata(t, "feed/not-xml.rss"), msg: "not an RSS or Atom feed"},
		{name: "forced.rss", data: []byte("{\"title\": \"json\"}\n"), format: "rss", msg: "not an RSS or Atom feed"},
		{name: "html-as-feed.xml", data: readTestdata(t, "sameformat/rota-drill.html"), format: "atom", msg: "the root element is <html>"},
		{name: "broken.atom", data: []byte("<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>x</title><entry><title>cut"), msg: "invalid feed"},
		{name: "no-items.rss", data: readTestdata(t, "feed/no-items.rss"), msg: "no items"},
		{name: "no-article.html", data: readTestdata(t, "html/no-article.html"), is: ErrNoBody, msg: "no article body found"},
		{name: "latin1-undeclared.html", data: []byte("<html><body><p>Caf\xe9 au lait</p></body></html>"), is: ErrInvalidUTF8, msg: "no other charset declared"},
		{name: "latin1.txt", data: []byte("A title\n\nThe caf\xe9 on the corner serves breakfast until noon every day of the week."), is: ErrInvalidUTF8, line: 3},
		{name: "latin1.dump", data: []byte("date 2024-01-01 https://x.example/a\n\nT\xeftle\n"), is: ErrInvalidUTF8, line: 3},
		{name: "latin1-undeclared.rss", data: []byte("<rss version=\"2.0\"><channel><title>Caf\xe9</title></channel></rss>"), is: ErrInvalidUTF8, line: 1},
		{name: "title-only.txt", data: []byte("Just a title and nothing else\n"), is: ErrNoBody},
		{name: "unknown-format.txt", data: []byte("Title\n\nBody text."), format: "docx", is: ErrUnsupportedFormat},
		{name: "jsonl-forced.txt", data: []byte("not json at all\n"), format: "jsonl", msg: "not JSON", line: 1},
		{name: "utf16-title-only.txt", data: utf16("Only a title, in UTF-16\n"), is: ErrNoBody},
	} {
		t.Run(tc.name, func(t *testing.T) {
			arts, err := Parse(tc.name, tc.data, tc.format)
			if err == nil {
				t.Fatalf("no error; articles %+v", arts)
			}
			if len(arts) != 0 {
				t.Errorf("%d articles from a bad source", len(arts))
			}
			var se *SourceError
			if !errors.As(err, &se) || se.Source != tc.name {
				t.Fatalf("error %v (%T) is not a SourceError naming %s", err, err, tc.name)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %q does not wrap %q", err, tc.is)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q lacks %q", err, tc.msg)
			}
			if se.Line != tc.line {
				t.Errorf("line %d, want %d (%v)", se.Line, tc.line, err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
		})
	}
}

// TestJSONLPartial: a JSON Lines file with bad lines yields its good
// articles and one error per bad line, naming the line.
func TestJSONLPartial(t *testing.T) {
	arts, err := Parse("mixed.jsonl", readTestdata(t, "jsonl/mixed.jsonl"), "")
	if len(arts) != 2 || arts[0].URL != "https://millbrook.example/a/201" || arts[1].URL != "https://millbrook.example/a/205" {
		t.Fatalf("good articles: %+v", arts)
	}
	want := map[int]string{2: "not JSON", 3: "want a JSON object, found array", 4: "no article body found", 5: `published "the day after the fair": not a date`}
	errs := SplitErrors(err)
	if len(errs) != len(want) {
		t.Fatalf("%d errors, want %d: %v", len(errs), len(want), err)
	}
	for _, e := range errs {
		se, ok := e.(*SourceError)
		if !ok || se.Source != "mixed.jsonl" {
			t.Fatalf("%v (%T) is not a SourceError naming the file", e, e)
		}
		if msg, ok := want[se.Line]; !ok || !strings.Contains(se.Error(), msg) {
			t.Errorf("line %d: %q, want %q", se.Line, se.Error(), msg)
		}
		if !strings.HasPrefix(se.Error(), "mixed.jsonl:") {
			t.Errorf("message %q does not start with the file and line", se.Error())
		}
	}
	// Invalid UTF-8 on one line is that line's error only.
	data := []byte("{\"title\":\"Good\",\"body\":\"A good line.\"}\n{\"title\":\"Bad \xff\",\"body\":\"x\"}\n")
	arts, err = Parse("utf8.jsonl", data, "")
	if len(arts) != 1 || !errors.Is(err, ErrInvalidUTF8) {
		t.Fatalf("got %d articles, %v", len(arts), err)
	}
	// A flood of bad lines is summarised.
	var flood bytes.Buffer
	for range 100 {
		flood.WriteString("{broken\n")
	}
	_, err = Parse("flood.jsonl", flood.Bytes(), JSONLFormat)
	if errs := SplitErrors(err); len(errs) != maxRecordErrors+1 || !strings.Contains(errs[maxRecordErrors].Error(), "80 more") {
		t.Errorf("%d errors for 100 bad lines: last %v", len(errs), errs[len(errs)-1])
	}
}

// TestFeedItemWithoutText: an entry with only a title and a link is an
// error naming it, and the other entries still load.
func TestFeedItemWithoutText(t *testing.T) {
	arts, err := Parse("title-only.atom", readTestdata(t, "feed/title-only.atom"), "")
	if len(arts) != 1 || arts[0].Title != "Volunteers clear the beach after the storm" {
		t.Fatalf("articles: %+v", arts)
	}
	if !errors.Is(err, ErrNoBody) || !strings.Contains(err.Error(), `"Town hall clock stops at noon"`) || !strings.Contains(err.Error(), "--follow") {
		t.Errorf("error %v", err)
	}
}

// TestTooLarge: a 200 MB file is refused from its size, without reading it.
func TestTooLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.html")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse file: 200 MB long, no disk used.
	if err := f.Truncate(200 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	start := time.Now()
	_, err = Read(context.Background(), path, Options{})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "200.0 MiB, limit 64.0 MiB") {
		t.Fatalf("error %v", err)
	}
	var se *SourceError
	if !errors.As(err, &se) || se.Source != path {
		t.Errorf("%v does not name %s", err, path)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("refusing took %v: the file was read", d)
	}
	// Standard input has no size to look at: it is read up to the limit.
	_, err = Read(context.Background(), "-", Options{Stdin: bytes.NewReader(make([]byte, 2048)), MaxBytes: 1024})
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("stdin: %v", err)
	}
}

// TestDetect: content decides the format, the extension only when the
// content says nothing, and --format overrides both.
func TestDetect(t *testing.T) {
	html := readTestdata(t, "sameformat/rota-drill.html")
	for _, tc := range []struct {
		name   string
		data   []byte
		format string
		want   string
	}{
		{"story.txt", html, "", HTMLFormat},
		{"story", readTestdata(t, "sameformat/gazette.rss"), "", RSSFormat},
		{"feed.txt", readTestdata(t, "sameformat/gazette.atom"), "", AtomFormat},
		{"export.txt", readTestdata(t, "sameformat/gazette.jsonl"), "", JSONLFormat},
		{"page.html", readTestdata(t, "sameformat/rota-drill.dump.txt"), "", DumpFormat},
		{"rdf", readTestdata(t, "feed/summaries.rdf"), "", RSSFormat},
		{"note", readTestdata(t, "text/note.txt"), "", TextFormat},
		{"note.html", []byte("<p>Short note with enough words to be read as the body of a page, and a full stop. It goes on for a second sentence so it has twenty words.</p>"), "", HTMLFormat},
		{"story.html", html, TextFormat, TextFormat},
	} {
		t.Run(tc.name, func(t *testing.T) {
			arts, err := Parse(tc.name, tc.data, tc.format)
			if err != nil {
				t.Fatal(err)
			}
			if arts[0].Format != tc.want {
				t.Errorf("format %q, want %q", arts[0].Format, tc.want)
			}
		})
	}
	// Sniffers on their own.
	for _, tc := range []struct {
		head string
		want string
	}{
		{"\uFEFF  <!-- saved by a browser -->\n<!DOCTYPE html><html>", HTMLFormat},
		{"<?xml version=\"1.0\"?>\n<!DOCTYPE rss PUBLIC \"x\" \"y\">\n<rss version=\"0.91\">", RSSFormat},
		{"<?xml version=\"1.0\"?><?xml-stylesheet href=\"f.xsl\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">", AtomFormat},
		{"<rss><channel><item><description><![CDATA[<html><body>", RSSFormat},
		{"{\"title\": \"a\", \"body\": \"b\"}\n{\"title\": \"c\"}\n", JSONLFormat},
		{"{broken\n{\"title\": \"c\", \"body\": \"d\"}\n", JSONLFormat},
		{"{ this is prose in braces }\nand more prose\n", TextFormat},
		{"[\n  {\"title\": \"a\", \"body\": \"b\"}\n]\n", JSONFormat},
		{"{\n  \"title\": \"a\",\n  \"body\": \"b\"\n}\n", JSONFormat},
		{"{\"status\":\"ok\",\"articles\":[{\"title\":\"a\"}]}\n", JSONFormat},
		{"{\"title\": \"a\", \"body\": \"b\"}\n", JSONLFormat},
		{"date 2024-01-01 https://x.example/a\n\nTitle", DumpFormat},
		{"Plain title\n\nPlain body.", TextFormat},
	} {
		if got := detect("x", []byte(tc.head)).Name; got != tc.want {
			t.Errorf("detect(%q) = %s, want %s", tc.head, got, tc.want)
		}
	}
}

// TestPublisherOrder: JSON-LD publisher, then og:site_name, then the
// dump's publisher line, then the domain table.
func TestPublisherOrder(t *testing.T) {
	body := "<p>" + strings.Repeat("The harbour board met on Monday and agreed a plan for the pier. ", 4) + "</p>"
	page := func(head string) []byte {
		return []byte("<!DOCTYPE html><html><head>" + head + "</head><body><article>" + body + "</article></body></html>")
	}
	const ld = `<script type="application/ld+json">{"@type":"NewsArticle","headline":"H","publisher":{"@type":"Organization","name":"From JSON-LD"}}</script>`
	const og = `<meta property="og:site_name" content="From OpenGraph">`
	const reuters = `<link rel="canonical" href="https://www.reuters.com/world/harbour-board">`
	for _, tc := range []struct {
		name, format string
		data         []byte
		want         string
	}{
		{"ld+og+table", "", page(ld + og + reuters), "From JSON-LD"},
		{"og+table", "", page(og + reuters), "From OpenGraph"},
		{"table", "", page(reuters), "Reuters"},
		{"domain", "", page(`<link rel="canonical" href="https://news.unlisted.example/a">`), "news.unlisted.example"},
		{"dump line", "", []byte("date 2024-01-01 https://www.reuters.com/x\n\nA title\n\nHarbour Notes\n\n" + strings.Repeat("The board met on Monday and agreed a plan. ", 4) + "\n"), "Harbour Notes"},
		{"feed title", "", []byte(`<rss><channel><title>Feed Title</title><item><title>T</title><link>https://unlisted.example/a</link><description>Some text.</description></item></channel></rss>`), "Feed Title"},
		{"feed table", "", []byte(`<rss><channel><title>Feed Title</title><item><title>T</title><link>https://www.reuters.com/a</link><description>Some text.</description></item></channel></rss>`), "Reuters"},
	} {
		arts, err := Parse(tc.name, tc.data, tc.format)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got := arts[0].Publisher; got != tc.want {
			t.Errorf("%s: publisher %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestCharsets: a charset declared by the server, a meta tag, a byte
// order mark or an XML declaration is decoded.
func TestCharsets(t *testing.T) {
	words := "Le maire a inauguré la nouvelle halle aux poissons, où vingt étals ouvriront dès l’aube chaque matin de la semaine."
	latin1, err := charmap.Windows1252.NewEncoder().String("<html><head><title>Halle</title></head><body><p>" + words + "</p></body></html>")
	if err != nil {
		t.Fatal(err)
	}
	// Declared by the server only.
	arts, err := ParseInput(Input{Source: "u", Data: []byte(latin1), ContentType: "text/html; charset=windows-1252"}, "")
	if err != nil || !strings.Contains(arts[0].Body, "inauguré") {
		t.Fatalf("server charset: %v %+v", err, arts)
	}
	// The same bytes with nothing declared are refused, not guessed.
	if _, err := ParseInput(Input{Source: "u", Data: []byte(latin1)}, ""); !errors.Is(err, ErrInvalidUTF8) {
		t.Errorf("undeclared: %v", err)
	}
	// A UTF-16 text file with a byte order mark.
	u16, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes([]byte("Halle aux poissons\n\n" + words))
	arts, err = Parse("u16.txt", u16, "")
	if err != nil || arts[0].Title != "Halle aux poissons" || !strings.Contains(arts[0].Body, "étals") {
		t.Errorf("utf-16: %v %+v", err, arts)
	}
	// Text that happens to start like a binary signature is still text.
	for _, title := range []string{"BMW recalls", "OTTO the harbour cat", "wOFF! A dog story", "%!PS-Adobe-3 is a file format"} {
		arts, err := Parse("ascii.txt", []byte(title+"\n\n"+words), "")
		if err != nil || arts[0].Title != title {
			t.Errorf("%q: %v", title, err)
		}
	}
	// A UTF-8 page whose first KiB is plain ASCII is not mistaken for
	// windows-1252 (the HTML standard's fallback guess).
	page := "<html><head><title>Late accent</title></head><body>" + strings.Repeat("<!-- padding -->", 80) + "<p>" + words + "</p></body></html>"
	arts, err = Parse("late.html", []byte(page), "")
	if err != nil || !strings.Contains(arts[0].Body, "inauguré") {
		t.Errorf("late accent: %v %+v", err, arts)
	}
}

// TestReadSources reads a folder tree (recursively, skipping hidden
// files), a glob and standard input.
func TestReadSources(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	write := func(name string, data []byte) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a/one.txt", readTestdata(t, "text/note.txt"))
	write("a/b/two.html", readTestdata(t, "sameformat/rota-drill.html"))
	write("a/.hidden/three.txt", readTestdata(t, "text/note.txt"))
	write("a/.four.txt", readTestdata(t, "text/note.txt"))
	sources, errs := Expand(ctx, []string{filepath.Join(dir, "a"), filepath.Join(dir, "a", "*.txt"), "-", filepath.Join(dir, "missing")})
	want := []string{filepath.Join(dir, "a/b/two.html"), filepath.Join(dir, "a/one.txt"), "-"}
	if strings.Join(sources, "|") != strings.Join(want, "|") {
		t.Errorf("sources %q, want %q", sources, want)
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "missing") {
		t.Errorf("errors %v", errs)
	}
	arts, err := Read(ctx, "-", Options{Stdin: bytes.NewReader(readTestdata(t, "jsonl/scraper.jsonl"))})
	if err != nil || len(arts) != 3 || arts[0].Source != "-" {
		t.Errorf("stdin: %v, %d articles", err, len(arts))
	}
	if _, err := Read(ctx, "-", Options{}); err == nil {
		t.Errorf("stdin without a reader: no error")
	}
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Read(canceled, want[0], Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: %v", err)
	}
}

// TestParseDate covers the timestamp shapes of the formats.
func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2025-03-14T09:30:00+01:00":       "2025-03-14T09:30:00+01:00", // the writer's zone is kept
		"2025-02-05T01:10:00+03:00":       "2025-02-05T01:10:00+03:00",
		"2025-03-14T08:30:00.250Z":        "2025-03-14T08:30:00.25Z",
		"2025-03-14T08:30+0000":           "2025-03-14T08:30:00Z",
		"2025-03-14 08:30:00":             "2025-03-14T08:30:00Z",
		"2025-03-14":                      "2025-03-14T00:00:00Z",
		"Fri, 14 Mar 2025 08:30:00 +0000": "2025-03-14T08:30:00Z",
		"Fri, 14 Mar 2025 08:30:00 GMT":   "2025-03-14T08:30:00Z",
		"March 14, 2025":                  "2025-03-14T00:00:00Z",
	} {
		got, ok := parseDate(in)
		if !ok || got.Format(time.RFC3339Nano) != want {
			t.Errorf("parseDate(%q) = %v %v, want %s", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "yesterday", "2025-13-45", strings.Repeat("9", 100)} {
		if _, ok := parseDate(bad); ok {
			t.Errorf("parseDate(%q) accepted", bad)
		}
	}
}
