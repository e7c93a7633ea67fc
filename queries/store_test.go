package queries

import (
	"context"
	"sync"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/internal/testenv"
)

// testStore is a memory store holding every article of testdata/articles,
// ingested the way `newsgraph ingest` does. It is built once and only read
// by the tests.
var testStore = sync.OnceValues(func() (*graph.Store, error) {
	ctx := context.Background()
	s, err := graph.Open(ctx, "memory")
	if err != nil {
		return nil, err
	}
	p, err := extract.New(extract.Config{})
	if err != nil {
		return nil, err
	}
	files, err := testenv.ArticlePaths()
	if err != nil {
		return nil, err
	}
	in := &ingest.Ingester{Store: s, Pipeline: p}
	sum := in.Ingest(ctx, files, ingest.Options{Workers: 2})
	if sum.Failed > 0 {
		return nil, sum.Errors[0]
	}
	return s, nil
})

func store(t *testing.T) *graph.Store {
	t.Helper()
	s, err := testStore()
	if err != nil {
		t.Fatalf("build test store: %v", err)
	}
	return s
}
