// Package ingest owns the write path from sources to the graph: it reads
// sources with the loaders on a pool of workers, extracts each article,
// skips articles whose content hash and extractor are unchanged, and has a
// single writer replace each article's named graph in the store. A source
// that fails is reported and the batch goes on; a URL that answers "not
// modified" to a conditional request is counted as unchanged without being
// downloaded.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"time"

	"github.com/cayleygraph/quad"

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
	// Follow fetches the page of each feed item that carries only a
	// summary (loaders.Options.Follow).
	Follow bool
	// HTTPCache is the file where the validators (ETag, Last-Modified) of
	// fetched URLs persist, so that the next ingest into the same store
	// skips unchanged pages. Empty keeps them for this ingest only. It
	// must belong to the store: validators say "you already have this".
	HTTPCache string
	// FileCache is the file where the size, modification time and
	// articles of each local file read completely persist, so that the
	// next ingest into the same store skips files that have not changed
	// without parsing them (see fileCache). Empty: every file is read.
	// Force ignores it.
	FileCache string
	// HTTP overrides the client built from HTTPCache (tests, custom
	// timeouts); the caller then saves its validators.
	HTTP *loaders.HTTPClient
	// Progress, when set, is called after each source with the number of
	// sources done and the total.
	Progress func(done, total int)
	// OnArticle, when set, is called for each article stored or found
	// unchanged, from the single writer goroutine.
	OnArticle func(ArticleResult)
	// OnError, when set, is called for each failure as it happens.
	OnError func(err error)
}

// Summary reports what an ingest did.
type Summary struct {
	Sources  int `json:"sources"`
	Articles int `json:"articles"`
	Stored   int `json:"stored"`
	// Unchanged counts articles whose stored copy is current, plus URLs
	// that answered 304 Not Modified (one each: their articles are not
	// downloaded, so not counted).
	Unchanged int `json:"unchanged"`
	// Failed counts failures: sources that could not be read, bad records
	// of partly readable sources, and articles that could not be stored.
	Failed   int           `json:"failed"`
	Added    int           `json:"quads_added"`
	Removed  int           `json:"quads_removed"`
	Duration time.Duration `json:"duration_ns"`
	Errors   []error       `json:"-"`
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
	// A local file: its absolute path and what it looked like before it
	// was read (for the file cache).
	abs    string
	stamp  fileStamp
	isFile bool
	// skipped holds the articles of a file the cache showed unchanged;
	// it was not read.
	skipped []cachedArticle
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
	client, ownClient := opts.HTTP, opts.HTTP == nil
	if ownClient {
		// Force also means "download again": a page the server says is
		// unchanged could not be re-extracted otherwise.
		client = loaders.NewHTTPClient(loaders.HTTPOptions{CachePath: opts.HTTPCache, Refetch: opts.Force})
	}
	readOpts := loaders.Options{Format: opts.Format, Stdin: opts.Stdin, Follow: opts.Follow, HTTP: client}
	files, err := loadFileCache(opts.FileCache)
	if err != nil {
		sum.Errors = append(sum.Errors, err)
		if opts.OnError != nil {
			opts.OnError(err)
		}
	}
	extractor := in.Extractor()
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
				res := loaded{source: src}
				res.abs, res.stamp, res.isFile = stamp(src)
				if res.isFile && !opts.Force {
					if arts, ok := files.unchanged(ctx, in, res.abs, res.stamp, extractor); ok {
						res.skipped = arts
						results <- res
						continue
					}
				}
				res.arts, res.err = loaders.Read(ctx, src, readOpts)
				results <- res
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
		if res.skipped != nil {
			for _, a := range res.skipped {
				sum.Articles++
				sum.Unchanged++
				if opts.OnArticle != nil {
					opts.OnArticle(ArticleResult{ID: a.ID, Source: res.source, Unchanged: true})
				}
			}
			if opts.Progress != nil {
				opts.Progress(done, len(sources))
			}
			continue
		}
		complete := res.err == nil
		var stored []cachedArticle
		// A partly bad source yields its good articles and one error per
		// bad record; a not-modified URL is an outcome, not a failure.
		for _, err := range loaders.SplitErrors(res.err) {
			switch {
			case errors.Is(err, loaders.ErrNotModified):
				sum.Unchanged++
			case errors.Is(err, context.Canceled) && ctx.Err() != nil:
				// Interrupted, not failed: the command reports that once.
			default:
				fail(err)
			}
		}
		for _, a := range res.arts {
			sum.Articles++
			r, err := in.Article(ctx, a, opts.Force)
			if err != nil {
				// Download the source again next time rather than trust
				// validators for content that never reached the store.
				client.Forget(res.source)
				client.Forget(a.Source)
				fail(fmt.Errorf("%s: %w", a.Source, err))
				complete = false
				continue
			}
			stored = append(stored, cachedArticle{ID: r.ID, Hash: a.Hash})
			if opts.OnArticle != nil {
				opts.OnArticle(r)
			}
			if r.Unchanged {
				sum.Unchanged++
			} else {
				sum.Stored++
			}
			sum.Added += r.Added
			sum.Removed += r.Removed
		}
		if res.isFile {
			// Only a file read and stored whole may be skipped next time.
			if complete && ctx.Err() == nil {
				files.record(res.abs, res.stamp, extractor, stored)
			} else {
				files.forget(res.abs)
			}
		}
		if opts.Progress != nil {
			opts.Progress(done, len(sources))
		}
	}
	if err := ctx.Err(); err != nil && !errors.Is(err, context.Canceled) {
		fail(err)
	}
	if err := files.save(); err != nil {
		// Like the validators below: a lost cache costs reading, not data.
		sum.Errors = append(sum.Errors, err)
		if opts.OnError != nil {
			opts.OnError(err)
		}
	}
	if ownClient {
		// Losing validators costs downloads next time, not data: the
		// error is reported but the ingest has not failed.
		if err := client.Save(); err != nil {
			sum.Errors = append(sum.Errors, err)
			if opts.OnError != nil {
				opts.OnError(err)
			}
		}
	}
	sum.Duration = time.Since(start)
	return sum
}

// ArticleResult reports one article's write.
type ArticleResult struct {
	ID string
	// Source is where the article was read from.
	Source    string
	Unchanged bool
	// New is set when the store held no copy of the article before.
	New     bool
	Added   int
	Removed int
}

// Article extracts one article and replaces its named graph, unless the
// stored copy has the same content hash and extractor.
func (in *Ingester) Article(ctx context.Context, a newsgraph.Article, force bool) (ArticleResult, error) {
	id := schema.ArticleID(a)
	label := schema.ArticleIRI(id)
	extractor := in.Extractor()
	// Every stored article has a content hash: its absence means new. The
	// reads run in View so they never overlap another writer's apply.
	var hash, ext quad.Value
	err := in.Store.View(func() error {
		var err error
		if hash, err = in.Store.Value(ctx, label, schema.ContentHash); err != nil || hash == nil {
			return err
		}
		ext, err = in.Store.Value(ctx, label, schema.Extractor)
		return err
	})
	if err != nil {
		return ArticleResult{}, err
	}
	res := ArticleResult{ID: id, Source: a.Source, New: hash == nil}
	if !force && hash != nil && ext != nil && hash.Native() == a.Hash && ext.Native() == extractor {
		res.Unchanged = true
		return res, nil
	}
	x := in.Pipeline.Extract(a)
	quads := schema.Quads(x, schema.Provenance{Extractor: extractor})
	ch, err := in.Store.ReplaceArticle(ctx, label, quads)
	if err != nil {
		return ArticleResult{}, err
	}
	res.Added, res.Removed = ch.Added, ch.Removed
	res.Unchanged = ch.Added == 0 && ch.Removed == 0
	return res, nil
}
