package queries

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/gen"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/internal/pgtest"
	"github.com/newsgraph/newsgraph/schema"
)

// TestEntityIndexAnswersEqualGraph answers entity, timeline, sources and
// related from the entity index and from the graph, on a generated corpus
// on every backend: after the ingest (the index kept write by write),
// after a rebuild, and after replacing and deleting articles. Every
// answer, page by page, must be the same.
func TestEntityIndexAnswersEqualGraph(t *testing.T) {
	ctx := context.Background()
	g, err := gen.New(gen.Options{Articles: 160, Seed: 3})
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
	xs := make([]newsgraph.Extraction, len(arts))
	for i, a := range arts {
		xs[i] = p.Extract(a)
		xs[i].Article.ID = schema.ArticleID(a)
	}
	entities := testEntities(xs)
	if len(entities) < 5 {
		t.Fatalf("only %d entities to ask about", len(entities))
	}
	dir := t.TempDir()
	stores := map[string]string{
		"memory":  "memory",
		"bolt":    "bolt:" + filepath.Join(dir, "s.bolt"),
		"leveldb": "leveldb:" + filepath.Join(dir, "s.leveldb"),
	}
	if pgtest.URL(t) != "" {
		stores["postgres"] = pgtest.NewDatabase(t)
	}
	for _, name := range slices.Sorted(maps.Keys(stores)) {
		t.Run(name, func(t *testing.T) {
			s, err := graph.Open(ctx, stores[name])
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			in := &ingest.Ingester{Store: s, Pipeline: p}
			extractor := in.Extractor()
			xs := xs
			if name == "postgres" {
				xs = xs[:80]
			}
			var batch []graph.ArticleGraph
			for _, x := range xs {
				batch = append(batch, in.ArticleGraph(x, extractor))
				if len(batch) == 40 {
					if _, err := s.ReplaceArticles(ctx, batch); err != nil {
						t.Fatal(err)
					}
					batch = nil
				}
			}
			if len(batch) > 0 {
				if _, err := s.ReplaceArticles(ctx, batch); err != nil {
					t.Fatal(err)
				}
			}
			if kept, err := s.IndexKept(ctx, graph.EntityIndexName); err != nil || !kept {
				t.Fatalf("a new store does not keep the entity index (%v)", err)
			}
			compareEntityAnswers(t, s, entities, "after ingest")
			if _, err := s.RebuildIndexes(ctx); err != nil {
				t.Fatal(err)
			}
			compareEntityAnswers(t, s, entities, "after rebuild")
			// Replace some articles by a shorter version of themselves
			// (half their events, fewer entities), one by another's
			// extraction, and delete others.
			for i := 0; i < len(xs); i += 7 {
				x := xs[i]
				x.Events = x.Events[:len(x.Events)/2]
				x.Entities = x.Entities[:len(x.Entities)*2/3]
				if _, err := s.ReplaceArticleGraph(ctx, in.ArticleGraph(x, extractor)); err != nil {
					t.Fatal(err)
				}
			}
			for i := 3; i < len(xs); i += 11 {
				if _, err := s.DeleteArticle(ctx, schema.ArticleIRI(xs[i].Article.ID)); err != nil {
					t.Fatal(err)
				}
			}
			var more []graph.ArticleGraph
			for i := 1; i+1 < len(xs); i += 13 {
				x := xs[i]
				// An article has one publisher: the other's is left out.
				x.Entities = slices.Clone(x.Entities)
				for _, e := range xs[i+1].Entities {
					if e.Type != newsgraph.TypePublisher {
						x.Entities = append(x.Entities, e)
					}
				}
				x.Events = append(slices.Clone(x.Events), xs[i+1].Events...)
				for j := range x.Events {
					x.Events[j].ID = fmt.Sprintf("%s-%d", x.Article.ID, j)
				}
				more = append(more, in.ArticleGraph(x, extractor))
			}
			if _, err := s.ReplaceArticles(ctx, more); err != nil {
				t.Fatal(err)
			}
			compareEntityAnswers(t, s, entities, "after replacing and deleting")
		})
	}
}

// testEntities picks the entities to ask about: the most named of each
// type, and a few named once.
func testEntities(xs []newsgraph.Extraction) []string {
	type count struct {
		name, typ string
		n         int
	}
	counts := map[string]*count{}
	for _, x := range xs {
		for _, e := range x.Entities {
			if e.Type == newsgraph.TypeDate {
				continue
			}
			c, ok := counts[e.Name]
			if !ok {
				c = &count{name: e.Name, typ: e.Type}
				counts[e.Name] = c
			}
			c.n++
		}
	}
	all := slices.SortedFunc(maps.Values(counts), func(a, b *count) int {
		return cmp.Or(cmp.Compare(b.n, a.n), strings.Compare(a.name, b.name))
	})
	var out []string
	perType := map[string]int{}
	for _, c := range all {
		if perType[c.typ] < 2 {
			perType[c.typ]++
			out = append(out, c.name)
		}
	}
	for i := len(all) - 1; i >= 0 && i > len(all)-4; i-- {
		out = append(out, all[i].name)
	}
	return out
}

// compareEntityAnswers runs the per-entity queries with the entity index
// and then, the index marked stale by an empty raw load, from the graph,
// and restores the index.
func compareEntityAnswers(t *testing.T, s *graph.Store, entities []string, when string) {
	pages := []Args{{}, {"limit": "3"}, {"limit": "4", "offset": "3"}, {"limit": "10000"}}
	small := s.Backend() == "postgres"
	if small {
		// A query there is hundreds of statements: fewer questions.
		pages = []Args{{}, {"limit": "4", "offset": "3"}}
		entities = entities[:min(len(entities), 5)]
	}
	t.Helper()
	ctx := context.Background()
	type ask struct {
		query string
		args  Args
	}
	var asks []ask
	for _, e := range entities {
		for _, pg := range pages {
			asks = append(asks,
				ask{"entity", withArgs(Args{"entity": e}, pg)},
				ask{"timeline", withArgs(Args{"entity": e}, pg)},
				ask{"timeline", withArgs(Args{"entity": e, "negated": "any", "from": "2024-06"}, pg)},
				ask{"timeline", withArgs(Args{"entity": e, "event": "withdrawal", "negated": "true"}, pg)},
				ask{"sources", withArgs(Args{"entity": e}, pg)},
				ask{"sources", withArgs(Args{"entity": e, "from": "2025-01", "to": "2025-09"}, pg)},
				ask{"related", withArgs(Args{"entity": e}, pg)},
				ask{"related", withArgs(Args{"entity": e, "type": "Base"}, pg)},
				ask{"related", withArgs(Args{"entity": e, "type": "Organisation"}, pg)},
			)
			if small {
				asks = slices.DeleteFunc(asks, func(a ask) bool { return len(a.args) > 1+len(pg) })
			}
		}
	}
	answer := func(a ask) string {
		res, err := Run(ctx, s, a.query, a.args)
		if err != nil {
			return "error: " + err.Error()
		}
		b, err := json.Marshal(res)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	indexed := make([]string, len(asks))
	rows := 0
	for i, a := range asks {
		indexed[i] = answer(a)
		rows += strings.Count(indexed[i], `"values"`)
	}
	if rows < 100 {
		t.Fatalf("%s: only %d rows in all the answers", when, rows)
	}
	if _, err := s.LoadRaw(ctx, bytes.NewReader(nil), 0); err != nil {
		t.Fatal(err)
	}
	if kept, err := s.IndexKept(ctx, graph.EntityIndexName); err != nil || kept {
		t.Fatalf("the entity index is still kept after a raw load (%v)", err)
	}
	bad := 0
	for i, a := range asks {
		if got := answer(a); got != indexed[i] && bad < 5 {
			bad++
			at := 0
			for at < len(got) && at < len(indexed[i]) && got[at] == indexed[i][at] {
				at++
			}
			from := max(at-300, 0)
			t.Errorf("%s: %s %v differ at byte %d:\nindex: ...%s\ngraph: ...%s", when, a.query, a.args, at, indexed[i][from:min(at+300, len(indexed[i]))], got[from:min(at+300, len(got))])
		}
	}
	if _, err := s.RebuildIndexes(ctx); err != nil {
		t.Fatal(err)
	}
}
