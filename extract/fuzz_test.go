package extract_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/internal/testenv"
)

// maxExtractInput bounds a fuzzed article body. Extraction costs about
// 0.2 ms per sentence (and more under the fuzzer's coverage
// instrumentation); a whole-article input made each exec cost tens of
// milliseconds, and every new input the fuzzer kept was then minimised
// for a minute, so a 60 s run executed 19 inputs. Two kilobytes still hold
// a dozen sentences: enough for cross-sentence links (a base named in one
// sentence, its event in the next).
const maxExtractInput = 2 << 10

// extractSeeds are short articles in the project's own words, one per
// shape the pipeline handles; whole articles as seeds slow every exec.
var extractSeeds = []struct{ title, body string }{
	{"T", "The UK Ministry of Defence and the US said UK troops left Camp X, Niger's base, on Sunday."},
	{"Troops leave the base", "American forces withdrew from Ain al-Asad Air Base in Iraq on 24 August 2025.\n\nIraqi officials said the handover would finish by September."},
	{"Drone strike", "A drone attacked the Tower 22 outpost in Jordan last week. No group claimed the attack."},
	{"", "Russia is not withdrawing from Hmeimim, the Kremlin said on Tuesday, denying reports."},
	{"Exercise", "NATO will hold an exercise in Estonia next month, while France deploys 300 soldiers to Romania."},
	{"İncirlik", "US troops left İncirlik Air Base; the Kelvin sign \u212a and \xff bytes keep offsets."},
}

// FuzzExtract feeds arbitrary text through the whole pipeline, built once.
// Whatever the input, extraction must not panic; every event's evidence is
// the sentence its span and sentence index name, its trigger is in that
// sentence, every entity's sentences exist; and two runs give the same
// record.
func FuzzExtract(f *testing.F) {
	for _, s := range extractSeeds {
		f.Add(s.title, s.body)
	}
	p, err := extract.New(extract.Config{})
	if err != nil {
		f.Fatal(err)
	}
	pub := time.Date(2025, 8, 25, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, title, body string) {
		if len(title)+len(body) > maxExtractInput {
			t.Skip()
		}
		a := newsgraph.Article{Title: title, Body: body, Published: pub}
		x := p.Extract(a)
		checkExtraction(t, a, x)
		if y := p.Extract(a); !reflect.DeepEqual(x, y) {
			t.Fatalf("two runs differ:\n%+v\n%+v", x, y)
		}
	})
}

// checkExtraction checks the record's links back to the text.
func checkExtraction(t *testing.T, a newsgraph.Article, x newsgraph.Extraction) {
	t.Helper()
	doc := extract.Segment(a.Title, a.Lede, a.Body)
	for _, ev := range x.Events {
		if ev.Span.Start < 0 || ev.Span.Start > ev.Span.End || ev.Span.End > len(doc.Text) {
			t.Fatalf("event %s span %+v outside the %d-byte text", ev.Type, ev.Span, len(doc.Text))
		}
		if ev.Evidence != doc.Text[ev.Span.Start:ev.Span.End] {
			t.Fatalf("event %s evidence %q is not its span %q", ev.Type, ev.Evidence, doc.Text[ev.Span.Start:ev.Span.End])
		}
		if ev.Sentence < 0 || ev.Sentence >= len(doc.Sentences) || doc.SentenceText(ev.Sentence) != ev.Evidence {
			t.Fatalf("event %s evidence %q is not sentence %d of %d", ev.Type, ev.Evidence, ev.Sentence, len(doc.Sentences))
		}
		if !strings.Contains(ev.Evidence, ev.Trigger) {
			t.Fatalf("event %s trigger %q not in its evidence %q", ev.Type, ev.Trigger, ev.Evidence)
		}
		if !slices.Contains(newsgraph.EventTypes, ev.Type) {
			t.Fatalf("event type %q is not one of %v", ev.Type, newsgraph.EventTypes)
		}
	}
	for _, e := range x.Entities {
		if e.Name == "" || e.ID == "" {
			t.Fatalf("entity without a name or ID: %+v", e)
		}
		for _, si := range e.Sentences {
			if si < 0 || si >= len(doc.Sentences) {
				t.Fatalf("entity %q names sentence %d of %d", e.Name, si, len(doc.Sentences))
			}
		}
	}
}

// TestExtractionLinks runs the fuzzer's checks over the seeds, every test
// article, and text whose lowercase has another length ("İ", the Kelvin
// sign, invalid bytes): offsets found in lowercased text once indexed the
// original and panicked (testdata/fuzz/FuzzExtract/2f881827df04b038).
func TestExtractionLinks(t *testing.T) {
	p := newPipeline(t)
	pub := time.Date(2025, 8, 25, 0, 0, 0, 0, time.UTC)
	arts := []newsgraph.Article{
		{Title: "T", Body: "DefenCe \x8dleft"},
		{Title: "İİİ", Body: "US forces left İncirlik Air Base in Turkey on Monday, officials said."},
		{Title: "\u212a\u212a", Body: "\u212a\u212a troops withdrew from Niger; \u212a forces left the base at Agadez."},
		{Title: "\xff\xfe", Body: "\xffThe embassy\xff of \xffFrance moved. Troops left \xffChad\xff."},
	}
	for _, s := range extractSeeds {
		arts = append(arts, newsgraph.Article{Title: s.title, Body: s.body})
	}
	for _, f := range testenv.Articles(t) {
		arts = append(arts, mustRead(t, f))
	}
	for _, a := range arts {
		if a.Published.IsZero() {
			a.Published = pub
		}
		checkExtraction(t, a, p.Extract(a))
	}
}
