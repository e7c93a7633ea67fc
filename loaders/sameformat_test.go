package loaders_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/loaders"
)

// TestSameArticleEveryFormat reads a folder holding the same two articles
// as HTML pages, RSS items, Atom entries, JSON lines and page dumps, and
// checks that every copy yields the same title, text, publisher, date and
// URL, and so the same entities and events.
func TestSameArticleEveryFormat(t *testing.T) {
	ctx := context.Background()
	sources, errs := loaders.Expand(ctx, []string{"testdata/sameformat"})
	if len(errs) > 0 || len(sources) < 7 {
		t.Fatalf("sources %v, errors %v", sources, errs)
	}
	byURL := map[string][]newsgraph.Article{}
	for _, src := range sources {
		arts, err := loaders.Read(ctx, src, loaders.Options{})
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		for _, a := range arts {
			byURL[a.URL] = append(byURL[a.URL], a)
		}
	}
	if len(byURL) != 2 {
		t.Fatalf("%d distinct URLs, want 2: %v", len(byURL), slices.Collect(func(yield func(string) bool) {
			for u := range byURL {
				if !yield(u) {
					return
				}
			}
		}))
	}
	p, err := extract.New(extract.Config{})
	if err != nil {
		t.Fatal(err)
	}
	events := 0
	for url, arts := range byURL {
		var formats []string
		for _, a := range arts {
			formats = append(formats, a.Format)
		}
		slices.Sort(formats)
		if strings.Join(formats, " ") != "atom dump html jsonl rss" {
			t.Errorf("%s: read from %v, want one copy per format", url, formats)
			continue
		}
		ref := arts[0]
		refX := p.Extract(ref)
		if len(refX.Entities) == 0 {
			t.Errorf("%s: no entities extracted; the comparison would prove nothing", url)
		}
		events += len(refX.Events)
		for _, a := range arts[1:] {
			for _, c := range []struct{ field, got, want string }{
				{"Title", a.Title, ref.Title},
				{"text", text(a), text(ref)},
				{"Publisher", a.Publisher, ref.Publisher},
				{"Published", a.Published.UTC().String(), ref.Published.UTC().String()},
				{"URL", a.URL, ref.URL},
				{"ID", a.ID, ref.ID},
				{"Hash", a.Hash, ref.Hash},
			} {
				if c.got != c.want {
					t.Errorf("%s: %s from %s = %q, from %s = %q", url, c.field, a.Format, c.got, ref.Format, c.want)
				}
			}
			x := p.Extract(a)
			if got, want := asJSON(t, x.Entities), asJSON(t, refX.Entities); got != want {
				t.Errorf("%s: entities from %s differ from %s:\n%s\n%s", url, a.Format, ref.Format, got, want)
			}
			if got, want := asJSON(t, x.Events), asJSON(t, refX.Events); got != want {
				t.Errorf("%s: events from %s differ from %s:\n%s\n%s", url, a.Format, ref.Format, got, want)
			}
		}
	}
	if events == 0 {
		t.Errorf("no events extracted from any article; the comparison would prove nothing")
	}
}

// text is what extraction reads after the title: the dump format splits
// off a lede, the others keep it in the body.
func text(a newsgraph.Article) string {
	return strings.TrimSpace(a.Lede + "\n\n" + a.Body)
}

func asJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
