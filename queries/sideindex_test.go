package queries

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/gen"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/internal/pgtest"
	"github.com/newsgraph/newsgraph/schema"
)

// sideIndexStores are an empty store of every backend that keeps side
// indexes.
func sideIndexStores(t *testing.T) map[string]string {
	dir := t.TempDir()
	stores := map[string]string{
		"memory":  "memory",
		"bolt":    "bolt:" + filepath.Join(dir, "s.bolt"),
		"leveldb": "leveldb:" + filepath.Join(dir, "s.leveldb"),
	}
	if pgtest.URL(t) != "" {
		stores["postgres"] = pgtest.NewDatabase(t)
	}
	return stores
}

// TestNameAndCountryIndexesMatchGraph writes generated articles to every
// backend, then replaces some with other texts and deletes others, then
// raw-loads a graph (the indexes go stale) and rebuilds them; after each
// step the answers read through the name and country indexes must equal
// those read from the graph.
func TestNameAndCountryIndexesMatchGraph(t *testing.T) {
	ctx := context.Background()
	g, err := gen.New(gen.Options{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	arts, err := g.Articles(0, 160)
	if err != nil {
		t.Fatal(err)
	}
	p, err := extract.New(extract.Config{})
	if err != nil {
		t.Fatal(err)
	}
	graphOf := func(a newsgraph.Article) graph.ArticleGraph {
		x := p.Extract(a)
		gs := schema.Split(x, schema.Provenance{Extractor: "test", Gazetteer: p.Gazetteer().Digest})
		return graph.ArticleGraph{Label: schema.ArticleIRI(x.Article.ID), Quads: gs.Article, Shared: gs.Gazetteer}
	}
	for name, dsn := range sideIndexStores(t) {
		t.Run(name, func(t *testing.T) {
			s, err := graph.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			for i := 0; i < 120; i += 40 {
				var batch []graph.ArticleGraph
				for _, a := range arts[i : i+40] {
					batch = append(batch, graphOf(a))
				}
				if _, err := s.ReplaceArticles(ctx, batch); err != nil {
					t.Fatal(err)
				}
			}
			compareIndexes(t, s, "after the first writes")
			// Replace: twenty articles now tell another article's story
			// (one at a time and in a batch); delete ten.
			var batch []graph.ArticleGraph
			for i := range 20 {
				a := arts[i]
				a.Title, a.Body = arts[120+i].Title, arts[120+i].Body
				ag := graphOf(a)
				if i%2 == 0 {
					if _, err := s.ReplaceArticleGraph(ctx, ag); err != nil {
						t.Fatal(err)
					}
					continue
				}
				batch = append(batch, ag)
			}
			if _, err := s.ReplaceArticles(ctx, batch); err != nil {
				t.Fatal(err)
			}
			for _, a := range arts[40:50] {
				if _, err := s.DeleteArticle(ctx, schema.ArticleIRI(a.ID)); err != nil {
					t.Fatal(err)
				}
			}
			compareIndexes(t, s, "after replacements and deletions")
			// A raw load bypasses the indexers: the answers read the graph
			// until a rebuild.
			var nq bytes.Buffer
			for _, q := range graphOf(arts[150]).Quads {
				nq.WriteString(q.NQuad() + "\n")
			}
			if _, err := s.LoadRaw(ctx, &nq, 0); err != nil {
				t.Fatal(err)
			}
			for _, ix := range []string{graph.NameIndex, graph.CountryIndex} {
				if kept, err := s.IndexKept(ctx, ix); err != nil || kept {
					t.Fatalf("%s after a raw load: kept %v (%v)", ix, kept, err)
				}
			}
			if _, err := s.RebuildIndexes(ctx); err != nil {
				t.Fatal(err)
			}
			compareIndexes(t, s, "after a rebuild")
		})
	}
}

// countriesArgs are the filters the country index answers.
var countriesArgs = []Args{
	{},
	{"event": "withdrawal"},
	{"event": "attack", "negated": "any"},
	{"negated": "true"},
	{"status": "any", "negated": "any"},
	{"status": "planned"},
	{"event": "deployment", "status": "completed"},
}

func compareIndexes(t *testing.T, s *graph.Store, when string) {
	t.Helper()
	ctx := context.Background()
	err := s.View(ctx, func(snap *graph.Store) error {
		nonEmpty := 0
		for _, args := range countriesArgs {
			full := Args{"status": "current", "negated": "false", "limit": "1000"}
			for k, v := range args {
				full[k] = v
			}
			fast, ok, err := indexedCountries(ctx, snap, full)
			if err != nil {
				return err
			}
			if !ok {
				return fmt.Errorf("%s: countries %v: the index does not answer", when, args)
			}
			slow, err := graphCountries(ctx, snap, full)
			if err != nil {
				return err
			}
			if len(fast.Rows) > 0 {
				nonEmpty++
			}
			if !reflect.DeepEqual(fast.Rows, slow.Rows) {
				t.Errorf("%s: countries %v:\nindex %v\ngraph %v", when, args, fast.Rows, slow.Rows)
			}
		}
		if nonEmpty < 3 {
			t.Errorf("%s: only %d of the countries answers have rows", when, nonEmpty)
		}
		// Search: prefixes and words of every entity's names, from the
		// index and from every entity's names.
		r := newReader(snap)
		all, err := r.entries(ctx, lookupTypes)
		if err != nil {
			return err
		}
		texts := map[string]bool{"a": true, "air": true, "base": true, "al asad": true, "zzz": true}
		for i, e := range all {
			if i%3 != 0 {
				continue
			}
			for _, n := range e.names {
				texts[n] = true
				if f := fold(n); len(f) > 3 {
					texts[f[:3]] = true
				}
				if w := strings.Fields(n); len(w) > 1 {
					texts[w[len(w)-1]] = true
				}
			}
		}
		fastR, scanR := newReader(snap), newReader(snap)
		for _, text := range slices.Sorted(func(yield func(string) bool) {
			for k := range texts {
				if !yield(k) {
					return
				}
			}
		}) {
			for _, types := range [][]string{nil, {newsgraph.TypeBase}} {
				fast, ok, err := fastR.findIndexed(ctx, text, types, true)
				if err != nil {
					return err
				}
				if !ok {
					return fmt.Errorf("%s: search: the name index does not answer", when)
				}
				slow, err := scanR.findEntities(ctx, text, types, true)
				if err != nil {
					return err
				}
				if got, want := matchKeys(fast), matchKeys(slow); !slices.Equal(got, want) {
					t.Errorf("%s: search %q %v: index %v, graph %v", when, text, types, got, want)
				}
				best, err := fastR.bestEntities(ctx, text, types)
				if err != nil {
					return err
				}
				scan, err := scanR.matchEntities(ctx, text, types)
				if err != nil {
					return err
				}
				if got, want := matchKeys(best), matchKeys(bestMatches(scan)); !slices.Equal(got, want) {
					t.Errorf("%s: resolve %q %v: index %v, graph %v", when, text, types, got, want)
				}
			}
		}
		if len(texts) < 20 {
			t.Errorf("%s: only %d search texts", when, len(texts))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func matchKeys(ms []entityMatch) []string {
	var out []string
	for _, m := range ms {
		out = append(out, fmt.Sprintf("%s|%s|%s|%s|%d", nodeKey(m.node), m.name, m.typ, m.via, m.score))
	}
	slices.Sort(out)
	return out
}
