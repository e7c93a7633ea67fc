// Package ingest owns the write path from sources to the graph: it reads
// sources with the loaders on a pool of workers, extracts each article,
// skips articles whose content hash and extractor are unchanged, and has a
// single writer replace each article's named graph in the store. A source
// that fails is reported and the batch goes on.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"time"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/loaders"
	"github.com/newsgraph/newsgraph/schema"
)

// Ingester writes articles into a store.
type Ingester struct {
	Store    *graph.Store
	Pipeline *extract.Pipeline
}

// Options tune one ingest.
type Options struct {
	// Format forces a loader format; empty detects it.
	Format string
	// Force rewrites articles even when their content is unchanged.
	Force bool
	// Workers is the number of reading and extracting goroutines; zero
	// means GOMAXPROCS.
	Workers int
	Stdin   io.Reader
	// Progress, when set, is called after each source with the number of
	// sources done and the total.
	Progress func(done, total int)
	// OnError, when set, is called for each failure as it happens.
	OnError func(err error)
}

// Summary reports what an ingest did.
type Summary struct {
	Sources   int           `json:"sources"`
	Articles  int           `json:"articles"`
	Stored    int           `json:"stored"`
	Unchanged int           `json:"unchanged"`
	Failed    int           `json:"failed"`
	Added     int           `json:"quads_added"`
	Removed   int           `json:"quads_removed"`
	Duration  time.Duration `json:"duration_ns"`
	Errors    []error       `json:"-"`
}

// Extractor identifies the rules that produce an article's graph; an
// article whose stored extractor differs is re-extracted even if its text
// is unchanged.
func (in *Ingester) Extractor() string {
	return "newsgraph-extract/" + extract.Version + " " + in.Pipeline.Gazetteer().Digest
}

type loaded struct {
	source string
	arts   []newsgraph.Article
	err    error
}

// Ingest reads every source (after loaders.Expand) and stores its articles.
func (in *Ingester) Ingest(ctx context.Context, args []string, opts Options) Summary {
	start := time.Now()
	var sum Summary
	fail := func(err error) {
		sum.Failed++
		sum.Errors = append(sum.Errors, err)
		if opts.OnError != nil {
			opts.OnError(err)
		}
	}
	sources, errs := loaders.Expand(ctx, args)
	for _, err := range errs {
		fail(err)
	}
	sum.Sources = len(sources)
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	jobs := make(chan string)
	results := make(chan loaded, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for src := range jobs {
				arts, err := loaders.Read(ctx, src, loaders.Options{Format: opts.Format, Stdin: opts.Stdin})
				results <- loaded{source: src, arts: arts, err: err}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, s := range sources {
			select {
			case jobs <- s:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	done := 0
	for res := range results {
		done++
		if res.err != nil {
			fail(res.err)
		}
		for _, a := range res.arts {
			sum.Articles++
			r, err := in.Article(ctx, a, opts.Force)
			if err != nil {
				fail(fmt.Errorf("%s: %w", res.source, err))
				continue
			}
			if r.Unchanged {
				sum.Unchanged++
			} else {
				sum.Stored++
			}
			sum.Added += r.Added
			sum.Removed += r.Removed
		}
		if opts.Progress != nil {
			opts.Progress(done, len(sources))
		}
	}
	if err := ctx.Err(); err != nil && !errors.Is(err, context.Canceled) {
		fail(err)
	}
	sum.Duration = time.Since(start)
	return sum
}

// ArticleResult reports one article's write.
type ArticleResult struct {
	ID        string
	Unchanged bool
	Added     int
	Removed   int
}

// Article extracts one article and replaces its named graph, unless the
// stored copy has the same content hash and extractor.
func (in *Ingester) Article(ctx context.Context, a newsgraph.Article, force bool) (ArticleResult, error) {
	id := schema.ArticleID(a)
	label := schema.ArticleIRI(id)
	extractor := in.Extractor()
	if !force {
		hash, err := in.Store.Value(ctx, label, schema.ContentHash)
		if err != nil {
			return ArticleResult{}, err
		}
		ext, err := in.Store.Value(ctx, label, schema.Extractor)
		if err != nil {
			return ArticleResult{}, err
		}
		if hash != nil && ext != nil && hash.Native() == a.Hash && ext.Native() == extractor {
			return ArticleResult{ID: id, Unchanged: true}, nil
		}
	}
	x := in.Pipeline.Extract(a)
	quads := schema.Quads(x, schema.Provenance{Extractor: extractor})
	ch, err := in.Store.ReplaceArticle(ctx, label, quads)
	if err != nil {
		return ArticleResult{}, err
	}
	return ArticleResult{ID: id, Added: ch.Added, Removed: ch.Removed, Unchanged: ch.Added == 0 && ch.Removed == 0}, nil
}
