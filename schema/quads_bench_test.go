package schema_test

import (
	"testing"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/gen"
	"github.com/newsgraph/newsgraph/schema"
)

// BenchmarkQuads measures turning one extraction record into its named
// graph's quads (generated articles, extracted once before timing).
func BenchmarkQuads(b *testing.B) {
	g, err := gen.New(gen.Options{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	arts, err := g.Articles(0, 200)
	if err != nil {
		b.Fatal(err)
	}
	p, err := extract.New(extract.Config{})
	if err != nil {
		b.Fatal(err)
	}
	xs := make([]newsgraph.Extraction, len(arts))
	for i, a := range arts {
		xs[i] = p.Extract(a)
	}
	prov := schema.Provenance{Extractor: "newsgraph-extract/bench"}
	b.ReportAllocs()
	quads, i := 0, 0
	for b.Loop() {
		quads += len(schema.Quads(xs[i%len(xs)], prov))
		i++
	}
	b.ReportMetric(float64(quads)/float64(i), "quads/op")
}
