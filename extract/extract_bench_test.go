package extract_test

import (
	"sync/atomic"
	"testing"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/gen"
)

// benchArticles are generated articles as the loaders read them.
func benchArticles(b *testing.B, n int) ([]newsgraph.Article, int64) {
	b.Helper()
	g, err := gen.New(gen.Options{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	arts, err := g.Articles(0, n)
	if err != nil {
		b.Fatal(err)
	}
	var size int64
	for _, a := range arts {
		size += int64(len(a.Title) + len(a.Lede) + len(a.Body))
	}
	return arts, size
}

// BenchmarkExtract measures extraction of one article on one core; MB/s
// counts the text extraction reads (title, lede and body).
func BenchmarkExtract(b *testing.B) {
	arts, size := benchArticles(b, 500)
	p, err := extract.New(extract.Config{})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size / int64(len(arts)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p.Extract(arts[i%len(arts)])
		i++
	}
}

// BenchmarkExtractParallel runs extraction on every core (-cpu sets how
// many); MB/s is the total over all cores.
func BenchmarkExtractParallel(b *testing.B) {
	arts, size := benchArticles(b, 500)
	p, err := extract.New(extract.Config{})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size / int64(len(arts)))
	b.ReportAllocs()
	var next atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			p.Extract(arts[int(next.Add(1))%len(arts)])
		}
	})
}
