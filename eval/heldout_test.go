package eval_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/eval"
	"github.com/newsgraph/newsgraph/loaders"
)

// The held-out corpus (testdata/heldout) measures how extraction generalises
// to news it was not written for. Its scores are reported by
// `newsgraph eval --gold testdata/heldout/gold testdata/heldout/articles`,
// never asserted: these tests only check that the corpus is well-formed.

var heldoutDir = filepath.Join("..", "testdata", "heldout")

// heldoutNonMilitary are the held-out articles with no military content:
// their gold must name no base and no event.
var heldoutNonMilitary = []string{
	"h13_barcelona-return-to-camp-nou",
	"h14_nissan-shuts-seven-plants",
}

var (
	goldDay  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	goldDate = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)
)

var eventTypes = map[string]bool{
	"withdrawal": true, "deployment": true, "relocation": true, "handover": true, "closure": true,
	"attack": true, "agreement": true, "establishment": true, "exercise": true,
}

func heldoutArticles(t *testing.T) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(heldoutDir, "articles"))
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]string{}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		name := strings.TrimSuffix(e.Name(), filepath.Ext(e.Name()))
		if prev, ok := byName[name]; ok {
			t.Errorf("articles %s and %s share the gold name %s", prev, e.Name(), name)
		}
		byName[name] = filepath.Join(heldoutDir, "articles", e.Name())
	}
	if len(byName) == 0 {
		t.Fatal("no held-out articles")
	}
	return byName
}

func TestHeldoutArticlesLoadOneEach(t *testing.T) {
	for name, path := range heldoutArticles(t) {
		arts, err := loaders.Read(context.Background(), path, loaders.Options{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(arts) != 1 {
			t.Errorf("%s: holds %d articles, want 1", name, len(arts))
			continue
		}
		if strings.TrimSpace(arts[0].Body) == "" {
			t.Errorf("%s: empty body", name)
		}
		if _, err := os.Stat(filepath.Join(heldoutDir, "gold", name+".json")); err != nil {
			t.Errorf("%s: no gold file: %v", name, err)
		}
	}
}

func TestHeldoutGoldWellFormed(t *testing.T) {
	articles := heldoutArticles(t)
	paths, err := filepath.Glob(filepath.Join(heldoutDir, "gold", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != len(articles) {
		t.Errorf("%d gold files for %d articles", len(paths), len(articles))
	}
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".json")
		if _, ok := articles[name]; !ok {
			t.Errorf("gold %s has no article", name)
		}
		g, err := eval.ReadGold(p)
		if err != nil {
			t.Error(err)
			continue
		}
		if g.Publisher == "" {
			t.Errorf("%s: no publisher", name)
		}
		if !goldDay.MatchString(g.Published) {
			t.Errorf("%s: published %q is not YYYY-MM-DD", name, g.Published)
		}
		bases := map[string]bool{}
		for _, b := range g.Bases {
			if b.Name == "" || b.Country == "" {
				t.Errorf("%s: base %+v needs a name and a country", name, b)
			}
			bases[b.Name] = true
		}
		for _, list := range [][]eval.GoldName{g.Countries, g.Organisations} {
			for _, n := range list {
				if n.Name == "" {
					t.Errorf("%s: unnamed entity %+v", name, n)
				}
			}
		}
		for i, ev := range g.Events {
			if !eventTypes[ev.Type] {
				t.Errorf("%s: event %d has unknown type %q", name, i, ev.Type)
			}
			if ev.Date != nil && !goldDate.MatchString(*ev.Date) {
				t.Errorf("%s: event %d date %q is not YYYY, YYYY-MM or YYYY-MM-DD", name, i, *ev.Date)
			}
			if ev.Evidence == "" {
				t.Errorf("%s: event %d has no evidence sentence", name, i)
			}
			for _, b := range ev.Bases {
				if !bases[b] {
					t.Errorf("%s: event %d names base %q, which the gold's bases do not list", name, i, b)
				}
			}
		}
	}
}

func TestHeldoutNonMilitaryGoldIsEmpty(t *testing.T) {
	for _, name := range heldoutNonMilitary {
		g, err := eval.ReadGold(filepath.Join(heldoutDir, "gold", name+".json"))
		if err != nil {
			t.Error(err)
			continue
		}
		if len(g.Bases) != 0 || len(g.Events) != 0 {
			t.Errorf("%s: non-military article's gold has %d bases and %d events, want none", name, len(g.Bases), len(g.Events))
		}
	}
}
