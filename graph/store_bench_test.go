package graph_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/gen"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/internal/pgtest"
	"github.com/newsgraph/newsgraph/schema"
)

// benchGraphs are the named graphs of 300 generated articles, built once.
var benchGraphs = sync.OnceValues(func() ([]graph.ArticleGraph, error) {
	g, err := gen.New(gen.Options{Seed: 1})
	if err != nil {
		return nil, err
	}
	arts, err := g.Articles(0, 300)
	if err != nil {
		return nil, err
	}
	p, err := extract.New(extract.Config{})
	if err != nil {
		return nil, err
	}
	out := make([]graph.ArticleGraph, len(arts))
	for i, a := range arts {
		x := p.Extract(a)
		out[i] = graph.ArticleGraph{Label: schema.ArticleIRI(x.Article.ID), Quads: schema.Quads(x, schema.Provenance{Extractor: "bench"})}
	}
	return out, nil
})

// article returns the i-th benchmark article under a label of its own,
// so every write is of a new article however large b.N is.
func article(b *testing.B, i int) graph.ArticleGraph {
	gs, err := benchGraphs()
	if err != nil {
		b.Fatal(err)
	}
	src := gs[i%len(gs)]
	if i < len(gs) {
		return src
	}
	label := quad.IRI(fmt.Sprintf("%s-%d", src.Label, i/len(gs)))
	relabel := func(v quad.Value) quad.Value {
		if v == src.Label {
			return label
		}
		return v
	}
	out := graph.ArticleGraph{Label: label, Quads: make([]quad.Quad, len(src.Quads))}
	for k, q := range src.Quads {
		out.Quads[k] = quad.Quad{Subject: relabel(q.Subject), Predicate: q.Predicate, Object: relabel(q.Object), Label: label}
	}
	return out
}

// backends opens a fresh store per benchmark; PostgreSQL runs when
// NEWSGRAPH_TEST_POSTGRES is set.
var backends = []struct {
	name string
	open func(b *testing.B) *graph.Store
}{
	{"memory", func(b *testing.B) *graph.Store { return mustOpen(b, "memory") }},
	{"bolt", func(b *testing.B) *graph.Store { return mustOpen(b, "bolt:"+filepath.Join(b.TempDir(), "g.db")) }},
	{"leveldb", func(b *testing.B) *graph.Store { return mustOpen(b, "leveldb:"+filepath.Join(b.TempDir(), "g")) }},
	{"postgres", func(b *testing.B) *graph.Store { return mustOpen(b, pgtest.NewDatabase(b)) }},
}

func quadsPerOp(b *testing.B, n, ops int) {
	b.ReportMetric(float64(n)/float64(ops), "quads/op")
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "quads/s")
}

// BenchmarkReplaceArticle writes one new article per operation, one
// transaction each: the way ingest writes today.
func BenchmarkReplaceArticle(b *testing.B) {
	ctx := context.Background()
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			s := be.open(b)
			n, i := 0, 0
			for b.Loop() {
				a := article(b, i)
				if _, err := s.ReplaceArticle(ctx, a.Label, a.Quads); err != nil {
					b.Fatal(err)
				}
				n += len(a.Quads)
				i++
			}
			quadsPerOp(b, n, i)
		})
	}
}

// BenchmarkReplaceArticles writes 100 new articles per transaction; an
// operation is one article, so ns/op compares with ReplaceArticle.
func BenchmarkReplaceArticles(b *testing.B) {
	ctx := context.Background()
	const batch = 100
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			s := be.open(b)
			n, i := 0, 0
			var pending []graph.ArticleGraph
			for b.Loop() {
				a := article(b, i)
				pending = append(pending, a)
				n += len(a.Quads)
				i++
				if len(pending) == batch {
					if _, err := s.ReplaceArticles(ctx, pending); err != nil {
						b.Fatal(err)
					}
					pending = pending[:0]
				}
			}
			if _, err := s.ReplaceArticles(ctx, pending); err != nil {
				b.Fatal(err)
			}
			quadsPerOp(b, n, i)
		})
	}
}

// BenchmarkReplaceUnchanged rewrites an article that is already stored:
// the cost of re-ingesting it with --force (read back, diff, no write).
func BenchmarkReplaceUnchanged(b *testing.B) {
	ctx := context.Background()
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			s := be.open(b)
			var batch []graph.ArticleGraph
			for i := range 100 {
				batch = append(batch, article(b, i))
			}
			if _, err := s.ReplaceArticles(ctx, batch); err != nil {
				b.Fatal(err)
			}
			i := 0
			for b.Loop() {
				a := batch[i%len(batch)]
				if _, err := s.ReplaceArticle(ctx, a.Label, a.Quads); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkLoadRaw is Cayley's own load of the same quads as N-Quads in
// 10,000-quad ApplyDeltas batches, the yardstick of the write benchmarks
// above. An operation loads 100 articles' quads (about 20,000): compare
// quads/s.
func BenchmarkLoadRaw(b *testing.B) {
	ctx := context.Background()
	const articles = 100
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			s := be.open(b)
			n, i := 0, 0
			var sb strings.Builder
			for b.Loop() {
				b.StopTimer()
				sb.Reset()
				for k := range articles {
					for _, q := range article(b, i+k).Quads {
						sb.WriteString(q.NQuad())
						sb.WriteByte('\n')
					}
				}
				b.StartTimer()
				m, err := s.LoadRaw(ctx, strings.NewReader(sb.String()), graph.DefaultRawBatch)
				if err != nil {
					b.Fatal(err)
				}
				n += m
				i += articles
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "quads/s")
		})
	}
}
