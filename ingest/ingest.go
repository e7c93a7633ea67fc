// Package ingest owns the write path from sources to the graph: it reads
// sources with the loaders on a pool of workers, which skip articles whose
// content hash and extractor are unchanged and extract the rest, and has a
// single writer replace their named graphs in the store, many articles per
// transaction. A source that fails is reported and the ingest goes on; a
// URL that answers "not modified" to a conditional request is counted as
// unchanged without being downloaded.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
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
	// Now stamps the first-ingest time of new articles (nil: time.Now).
	Now func() time.Time
	// layoutChecked is set once the store is known to have the current
	// layout (upgradeStore).
	layoutChecked atomic.Bool
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
	// OnWarning, when set, is called for what deserves a word but is not a
	// failure: a folder entry skipped (loaders.ErrSkipped) and an article
	// larger than extract.MaxArticleBytes, which is slow to extract.
	OnWarning func(err error)
	// OnNote, when set, is called with what the ingest does to the store
	// besides writing articles: migrating a store of an older layout,
	// removing the graph of a gazetteer no article uses any more.
	OnNote func(msg string)
	// Bulk defers the side indexes' writes to the end of the ingest (and
	// to whenever their buffer fills), in key order, on bolt and leveldb
	// (graph.Store.BeginBulk): much less written for a large ingest, but
	// until it returns, queries on the store read the graph instead of
	// the indexes. For `newsgraph ingest`; not for a refresh beside a
	// serving store.
	Bulk bool
	// BulkBufferBytes is the side buffer's budget of a bulk ingest; zero
	// means the store's default.
	BulkBufferBytes int
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
	// Overlap of extraction and writing: the time the writer spent
	// writing batches and waiting for articles, and the time workers
	// waited for the writer (with the results queue full), summed over
	// the workers. On a machine whose cores are all busy extracting,
	// a writer that waits is expected; workers that wait mean the writer
	// is the bottleneck.
	WriterBusy     time.Duration `json:"writer_busy_ns"`
	WriterIdle     time.Duration `json:"writer_idle_ns"`
	WorkersBlocked time.Duration `json:"workers_blocked_ns"`
	Errors         []error       `json:"-"`
}

// Extractor identifies the rules that produce an article's graph; an
// article whose stored extractor differs is re-extracted even if its text
// is unchanged.
func (in *Ingester) Extractor() string {
	return in.Pipeline.Identity() + " " + schema.Layout
}

type loaded struct {
	source string
	err    error
	// articles counts the articles read from the source (and sent ahead
	// of this, its last message).
	articles int
	// A local file: its absolute path and what it looked like before it
	// was read (for the file cache).
	abs    string
	stamp  fileStamp
	isFile bool
	// skipped holds the articles of a file the cache showed unchanged;
	// it was not read.
	skipped []cachedArticle
}

// message is what a worker hands the writer: one prepared article of a
// source, or (art nil) the source's outcome, sent after all its articles.
type message struct {
	src  int
	art  *prepared
	done *loaded
}

// prepared is an article made ready for the writer by a worker: checked
// against the store and, unless unchanged, extracted into its graph.
type prepared struct {
	art       newsgraph.Article
	id        string
	new       bool
	unchanged bool
	graph     graph.ArticleGraph
	err       error
}

// Batching: the writer replaces up to batchArticles articles (or
// batchQuads quads) in one store transaction, and never holds an article
// longer than batchDelay, so slow sources (feeds, URLs) still reach the
// store promptly. Per-transaction cost (bolt's fsync and page rewrites,
// PostgreSQL's commit) is what bounded the one-article-per-transaction
// writer: 0.22 of Cayley's raw load into bolt at 10k articles, against
// 0.65 batched (docs/performance.md).
//
// The quad bound keeps memory flat on a large store: bolt holds every
// page a transaction touches in memory until it commits, and in a big
// store nearly every quad touches pages of its own. Adding 3,000 articles
// to a 100k-article bolt store peaked at 1,022 MB of anonymous memory
// with 60,000-quad batches and 661 MB with 20,000, for 6% more time.
//
// A bulk ingest (Options.Bulk) writes only Cayley's quads in its batch
// transactions, and batches more: Cayley's KV indexes keep, per key, the
// list of its quads in one value (every article that types a country
// adds to the list of that country's type statements), which bolt
// rewrites whole in every transaction that adds to it, so the bytes an
// ingest writes grow with the square of the corpus over the batch size
// (`cayley load` batches 200,000 quads).
const (
	batchArticles     = 200
	batchQuads        = 20_000
	bulkBatchArticles = 1_000
	bulkBatchQuads    = 100_000
	batchDelay        = 2 * time.Second
)

// sourceState is the writer's bookkeeping of one source while its
// articles wait in a batch.
type sourceState struct {
	pending  int // articles in an uncommitted batch
	complete bool
	stored   []cachedArticle
	done     *loaded
}

// Ingest reads every source (after loaders.Expand) and stores its
// articles. Workers (GOMAXPROCS unless Options.Workers) read sources,
// skip unchanged articles and extract the rest; one writer replaces their
// named graphs in batches (see batchArticles). The resulting graph does
// not depend on the order in which sources are read, except that of two
// different versions of one article the one read last wins.
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
	var warnMu sync.Mutex // workers warn; the callback sees one at a time
	warn := func(err error) {
		if opts.OnWarning != nil {
			warnMu.Lock()
			defer warnMu.Unlock()
			opts.OnWarning(err)
		}
	}
	note := func(string) {}
	if opts.OnNote != nil {
		note = opts.OnNote
	}
	if err := in.upgradeStore(ctx, note); err != nil {
		// Articles of the current layout must not join an older one.
		fail(err)
		sum.Duration = time.Since(start)
		return sum
	}
	bulk := opts.Bulk && in.Store.BeginBulk(opts.BulkBufferBytes)
	sources, errs := loaders.Expand(ctx, args)
	for _, err := range errs {
		if errors.Is(err, loaders.ErrSkipped) {
			warn(err)
			continue
		}
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
	jobs := make(chan int)
	// The bound gives back-pressure: workers wait while the writer is
	// busy, so memory does not grow with the corpus.
	maxArticles, maxQuads := batchArticles, batchQuads
	if bulk {
		maxArticles, maxQuads = bulkBatchArticles, bulkBatchQuads
	}
	results := make(chan message, batchArticles)
	var blocked atomic.Int64
	send := func(m message) {
		select {
		case results <- m:
			return
		default:
		}
		t := time.Now()
		results <- m
		blocked.Add(int64(time.Since(t)))
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				res := &loaded{source: sources[i]}
				res.abs, res.stamp, res.isFile = stamp(res.source)
				if res.isFile && !opts.Force {
					if arts, ok := files.unchanged(ctx, in, res.abs, res.stamp, extractor); ok {
						res.skipped = arts
						send(message{src: i, done: res})
						continue
					}
				}
				var arts []newsgraph.Article
				arts, res.err = loaders.Read(ctx, res.source, readOpts)
				for k, a := range arts {
					if err := ctx.Err(); err != nil {
						// Interrupted: the rest of a large source is not
						// extracted, and the source is not recorded whole.
						res.err = errors.Join(res.err, err)
						arts = arts[:k]
						break
					}
					if n := extract.ArticleBytes(a); n > extract.MaxArticleBytes {
						warn(&loaders.SourceError{Source: res.source, Err: fmt.Errorf("article %.80q has %d bytes of text (over %d): extracting it may take minutes and much memory",
							a.Title, n, extract.MaxArticleBytes)})
					}
					p := in.prepare(ctx, a, extractor, opts.Force)
					send(message{src: i, art: &p})
				}
				res.articles = len(arts)
				send(message{src: i, done: res})
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range sources {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(results)
	}()

	states := map[int]*sourceState{}
	state := func(i int) *sourceState {
		st, ok := states[i]
		if !ok {
			st = &sourceState{complete: true}
			states[i] = st
		}
		return st
	}
	finished := 0
	// finish ends a source once it is read and all its articles are
	// committed: only then may the file cache vouch for it.
	finish := func(i int) {
		st := states[i]
		if st == nil || st.done == nil || st.pending > 0 {
			return
		}
		delete(states, i)
		res := st.done
		if res.isFile && res.skipped == nil {
			// Only a file read and stored whole may be skipped next time.
			if st.complete && res.err == nil && ctx.Err() == nil {
				files.record(res.abs, res.stamp, extractor, st.stored)
			} else {
				files.forget(res.abs)
			}
		}
		finished++
		if opts.Progress != nil {
			opts.Progress(finished, len(sources))
		}
	}
	// stored records one article's outcome, after its batch committed.
	stored := func(i int, p *prepared, r ArticleResult, err error) {
		st := state(i)
		if err != nil {
			st.complete = false
			// Download the source again next time rather than trust
			// validators for content that never reached the store.
			client.Forget(sources[i])
			client.Forget(p.art.Source)
			if errors.Is(err, context.Canceled) && ctx.Err() != nil {
				return // interrupted, not failed: the command says so once
			}
			fail(fmt.Errorf("%s: %w", p.art.Source, err))
			return
		}
		st.stored = append(st.stored, cachedArticle{ID: r.ID, Hash: p.art.Hash})
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
	type batched struct {
		src int
		p   *prepared
	}
	var batch []batched
	quads := 0
	flush := func() {
		if len(batch) == 0 {
			return
		}
		defer func(t time.Time) { sum.WriterBusy += time.Since(t) }(time.Now())
		graphs := make([]graph.ArticleGraph, len(batch))
		for k, b := range batch {
			graphs[k] = b.p.graph
		}
		changes, err := in.Store.ReplaceArticles(ctx, graphs)
		for k, b := range batch {
			var r ArticleResult
			var werr error
			switch {
			case err == nil:
				r = b.p.result(changes[k])
			case ctx.Err() != nil:
				werr = err
			default:
				// One bad article must not cost the batch: each is
				// written alone to find it.
				var ch graph.Change
				ch, werr = in.Store.ReplaceArticleGraph(ctx, b.p.graph)
				r = b.p.result(ch)
			}
			stored(b.src, b.p, r, werr)
			states[b.src].pending--
		}
		for _, b := range batch {
			finish(b.src)
		}
		batch, quads = batch[:0], 0
	}
	var timer *time.Timer
	var timeout <-chan time.Time
	for open := true; open; {
		waitStart := time.Now()
		select {
		case m, ok := <-results:
			sum.WriterIdle += time.Since(waitStart)
			if !ok {
				open = false
				break
			}
			st := state(m.src)
			if m.done != nil {
				st.done = m.done
				res := m.done
				for _, a := range res.skipped {
					sum.Articles++
					sum.Unchanged++
					if opts.OnArticle != nil {
						opts.OnArticle(ArticleResult{ID: a.ID, Source: res.source, Unchanged: true})
					}
				}
				// A partly bad source yields its good articles and one
				// error per bad record; a not-modified URL is an outcome,
				// not a failure.
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
				finish(m.src)
				continue
			}
			sum.Articles++
			p := m.art
			if p.err != nil || p.unchanged {
				stored(m.src, p, ArticleResult{ID: p.id, Source: p.art.Source, Unchanged: true}, p.err)
				continue
			}
			st.pending++
			batch = append(batch, batched{src: m.src, p: p})
			quads += len(p.graph.Quads)
			if len(batch) >= maxArticles || quads >= maxQuads {
				flush()
			} else if timeout == nil {
				timer = time.NewTimer(batchDelay)
				timeout = timer.C
			}
		case <-timeout:
			sum.WriterIdle += time.Since(waitStart)
			flush()
		}
		if len(batch) == 0 && timeout != nil {
			timer.Stop()
			timeout = nil
		}
	}
	flush()
	sum.WorkersBlocked = time.Duration(blocked.Load())
	if err := ctx.Err(); err != nil && !errors.Is(err, context.Canceled) {
		fail(err)
	}
	if ctx.Err() == nil {
		if err := in.dropUnusedGazetteers(ctx, note); err != nil {
			fail(err)
		}
	}
	if bulk {
		// Even an interrupted ingest leaves indexes that match what it
		// stored: the flush does not heed the cancellation.
		if err := in.Store.EndBulk(context.WithoutCancel(ctx)); err != nil {
			fail(err)
		}
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
	if err := in.upgradeStore(ctx, func(string) {}); err != nil {
		return ArticleResult{}, err
	}
	p := in.prepare(ctx, a, in.Extractor(), force)
	if p.err != nil {
		return ArticleResult{}, p.err
	}
	if p.unchanged {
		return ArticleResult{ID: p.id, Source: a.Source, Unchanged: true}, nil
	}
	ch, err := in.Store.ReplaceArticleGraph(ctx, p.graph)
	if err != nil {
		return ArticleResult{}, err
	}
	return p.result(ch), nil
}

// prepare checks a's stored copy and, unless it is current, extracts a
// into its named graph. It runs on the workers: extraction is most of an
// ingest's CPU time.
func (in *Ingester) prepare(ctx context.Context, a newsgraph.Article, extractor string, force bool) prepared {
	id := schema.ArticleID(a)
	label := schema.ArticleIRI(id)
	p := prepared{art: a, id: id}
	var stored version
	stored, p.err = in.storedVersion(ctx, label)
	if p.err != nil {
		return p
	}
	p.new = len(stored.hashes) == 0
	if !force && stored.is(a.Hash, extractor) {
		p.unchanged = true
		return p
	}
	var x newsgraph.Extraction
	if x, p.err = in.Pipeline.ExtractContext(ctx, a); p.err != nil {
		return p
	}
	p.graph = in.ArticleGraph(x, extractor)
	p.graph.Quads = append(p.graph.Quads, quad.Make(label, schema.FirstIngested, stored.firstIngested(in.now()), label))
	return p
}

// ArticleGraph is what the writer stores of an extraction: the article's
// named graph, and what the gazetteer knows about the entities it names
// (added to the gazetteer's graph when the store lacks it).
func (in *Ingester) ArticleGraph(x newsgraph.Extraction, extractor string) graph.ArticleGraph {
	gs := schema.Split(x, schema.Provenance{Extractor: extractor, Gazetteer: in.Pipeline.Gazetteer().Digest})
	return graph.ArticleGraph{Label: schema.ArticleIRI(x.Article.ID), Quads: gs.Article, Shared: gs.Gazetteer}
}

// version is what the store holds of an article: the objects of its
// content hash and extractor quads.
type version struct {
	hashes, extractors, ingested []quad.Value
}

// firstIngested is when the article was first stored: the stored time, or
// now for a new article (or one stored before the time was recorded).
func (v version) firstIngested(now time.Time) quad.Value {
	for _, t := range v.ingested {
		if _, ok := t.(quad.Time); ok {
			return t
		}
	}
	return quad.Time(now.UTC().Truncate(time.Second))
}

func (in *Ingester) now() time.Time {
	if in.Now != nil {
		return in.Now()
	}
	return time.Now()
}

// storedVersion reads an article's stored version. Every stored article
// has a content hash: none means new. The reads share one snapshot
// (View), so they see one version of the article.
func (in *Ingester) storedVersion(ctx context.Context, label quad.IRI) (version, error) {
	var v version
	err := in.Store.View(ctx, func(snap *graph.Store) error {
		var err error
		if v.hashes, err = snap.Values(ctx, label, schema.ContentHash); err != nil || len(v.hashes) == 0 {
			return err
		}
		if v.extractors, err = snap.Values(ctx, label, schema.Extractor); err != nil {
			return err
		}
		v.ingested, err = snap.Values(ctx, label, schema.FirstIngested)
		return err
	})
	return v, err
}

// is reports whether the stored version is exactly this content hash and
// extractor. Two hashes mean a replacement was cut short between its
// additions and its removals (see graph.Store.ReplaceArticles): the
// article is written again, which removes the leftovers.
func (v version) is(hash, extractor string) bool {
	return only(v.hashes, hash) && only(v.extractors, extractor)
}

// only reports whether vs is exactly the one string want.
func only(vs []quad.Value, want string) bool {
	return len(vs) == 1 && vs[0].Native() == want
}

func (p *prepared) result(ch graph.Change) ArticleResult {
	return ArticleResult{
		ID: p.id, Source: p.art.Source, New: p.new,
		Added: ch.Added, Removed: ch.Removed, Unchanged: ch.Added == 0 && ch.Removed == 0,
	}
}
