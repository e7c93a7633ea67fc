package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/loaders"
)

func newIngestCmd(a *app) *cobra.Command {
	var opts ingest.Options
	var quiet bool
	var progressEvery time.Duration
	var httpCache string
	var noCompact, noBulk bool
	var bulkBufferMiB int
	cmd := &cobra.Command{
		Use:   "ingest SOURCE...",
		Short: "Load articles from files, folders, globs, URLs or - (stdin) into the graph",
		Long: `Load articles into the graph. A source is a file, a folder (read recursively),
a glob, - for standard input, or an http(s) URL. Formats are detected from the
content: scraped page dumps, HTML pages, RSS and Atom feeds, JSON Lines,
JSON documents and plain text (see 'newsgraph formats'); --format overrides.

Each article's facts are stored in a named graph of its own; ingesting a
changed article replaces exactly its old facts, and an unchanged article is
skipped. URLs are fetched with conditional requests: a page the server says
is unchanged since the last ingest into the same store is not downloaded
again, and on a bolt or leveldb store a local file whose size and
modification time are those of the last ingest is not even read, once the
store confirms it holds that file's articles (--force reads and downloads
everything). Sources are read and extracted on every core (--workers), and
articles are written in batches of up to 200 per store transaction; an
interrupted ingest keeps every batch it finished. On bolt and leveldb the
side indexes the named queries read are written in key order when the
ingest ends (and whenever their buffer passes 128 MiB), not with every
batch: until then queries of the store read the graph instead (--no-bulk
writes them with every batch). An ingest that grew a bolt
store of 64 MiB or more by a quarter or more compacts it after (see
'newsgraph compact'; --no-compact skips it).

A source that cannot be read is reported on standard error as
"newsgraph: SOURCE: reason" and the rest go on; the exit status is 1 if
anything failed.`,
		Example: `  newsgraph ingest ../shared/seed/000_fa66c513d12f3a6d.txt testdata/articles
  newsgraph --store memory ingest 'news/*.txt'
  newsgraph ingest --follow https://example.org/world/rss.xml`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if err := nonNegative(cmd, "workers", "progress-every"); err != nil {
				return err
			}
			if _, ok := loaders.LookupFormat(opts.Format); opts.Format != "" && !ok {
				return usagef("--input-format %q: not a loader format (see 'newsgraph formats')", opts.Format)
			}
			p, err := a.pipeline()
			if err != nil {
				return err
			}
			s, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			stopReads := a.serveReads(s, p)
			storeOpen := true
			closeStore := func() {
				if storeOpen {
					storeOpen = false
					stopReads()
					s.Close()
				}
			}
			defer closeStore()
			in := &ingest.Ingester{Store: s, Pipeline: p}
			opts.Stdin = a.stdin
			opts.HTTPCache = ingestHTTPCache(httpCache, a.store)
			a.log.Debug("HTTP validator cache", "path", opts.HTTPCache)
			if p := httpCachePath(a.store); p != "" {
				// Beside the store it describes, as the validators are.
				opts.FileCache = strings.TrimSuffix(p, ".http.json") + ".files.json"
				a.log.Debug("file cache", "path", opts.FileCache)
			}
			var prog *progress
			if !quiet {
				prog = newProgress(ctx, a.stderr, args, progressEvery)
				opts.Progress = prog.update
				opts.OnArticle = prog.article
			}
			opts.OnError = func(err error) {
				prog.clear()
				a.reportError(err)
			}
			opts.OnWarning = func(err error) {
				prog.clear()
				a.reportWarning(err)
			}
			opts.OnNote = func(msg string) {
				prog.clear()
				fmt.Fprintf(a.stderr, "newsgraph: %s\n", msg)
			}
			restoreGC := ingest.TuneGC()
			opts.Bulk, opts.BulkBufferBytes = !noBulk, bulkBufferMiB<<20
			sum := in.Ingest(ctx, args, opts)
			restoreGC()
			prog.finish()
			a.log.Debug("ingest overlap: the writer's time writing and waiting for articles, the workers' waiting for the writer",
				"writer_busy", sum.WriterBusy.Round(time.Millisecond), "writer_idle", sum.WriterIdle.Round(time.Millisecond),
				"workers_blocked", sum.WorkersBlocked.Round(time.Millisecond))
			if !quiet {
				fmt.Fprintf(a.stderr, "newsgraph: %d sources, %d articles read: %d stored, %d unchanged, %d failed; quads +%d -%d; %s\n",
					sum.Sources, sum.Articles, sum.Stored, sum.Unchanged, sum.Failed, sum.Added, sum.Removed, sum.Duration.Round(time.Millisecond))
			}
			if sum.Failed > 0 {
				a.failed = true
			}
			if path, ok := graph.BoltPath(a.store); ok && !noCompact && ctx.Err() == nil {
				st, err := s.Stats(ctx)
				if err != nil {
					return err
				}
				var fileBytes int64
				if fi, err := os.Stat(filepath.Join(path, "indexes.bolt")); err == nil {
					fileBytes = fi.Size()
				}
				if !largeIngest(sum, st, fileBytes) {
					return nil
				}
				closeStore()
				res, err := graph.CompactBolt(ctx, path)
				if err != nil {
					// The store is whole (CompactBolt replaces it only
					// once the copy is complete): the ingest is not lost.
					a.reportError(fmt.Errorf("the ingest is stored, but compacting the store failed: %w", err))
					a.failed = true
					return nil
				}
				if !quiet {
					fmt.Fprintf(a.stderr, "newsgraph: compacted the store: %s -> %s\n", mb(res.Before), mb(res.After))
				}
			}
			return ctx.Err()
		},
	}
	cmd.Flags().BoolVar(&noBulk, "no-bulk", false, "write the side indexes with every batch instead of in key order at the end (bolt and leveldb; queries of the store then answer from them during the ingest)")
	cmd.Flags().IntVar(&bulkBufferMiB, "bulk-buffer", 0, "MiB of side index writes a bulk ingest buffers before it writes them (default 128)")
	cmd.Flags().BoolVar(&noCompact, "no-compact", false, "do not compact a bolt store after an ingest that grew it by a quarter or more")
	cmd.Flags().StringVar(&opts.Format, "input-format", "", "force a loader format (see 'newsgraph formats'); default: detect")
	// --format names the output format everywhere else.
	aliasFlag(cmd.Flags(), "format", "input-format")
	completeLoaderFormats(cmd)
	cmd.Flags().BoolVar(&opts.Force, "force", false, "re-extract and rewrite articles even when unchanged, and download URLs again")
	cmd.Flags().BoolVar(&opts.Follow, "follow", false, "fetch the page of each feed item that carries only a summary, and read the article from it")
	cmd.Flags().StringVar(&httpCache, "http-cache", "", `file keeping the ETag/Last-Modified of fetched URLs (default: beside a bolt or leveldb store, in the user cache folder for postgres; "none" keeps nothing)`)
	cmd.Flags().IntVar(&opts.Workers, "workers", 0, "reading and extraction workers (default: number of CPUs)")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "no progress or summary")
	cmd.Flags().DurationVar(&progressEvery, "progress-every", 5*time.Second, "how often a progress line is printed when standard error is not a terminal")
	return cmd
}

// largeIngest reports whether an ingest added a quarter or more of the
// store's quads, which then fill its new pages only half (bolt splits
// pages half full): compacting it after costs about a tenth of the
// ingest's CPU time and halves the store (2,000 articles: 1.8 CPU-s
// against 22, 129 MB -> 66 MB). A store file under minCompactBytes is
// left alone: halving it saves too little to rewrite it.
func largeIngest(sum ingest.Summary, st graph.Stats, fileBytes int64) bool {
	return sum.Added > 0 && int64(sum.Added)*4 >= st.Quads && fileBytes >= minCompactBytes
}

// minCompactBytes is the smallest bolt file an ingest compacts.
const minCompactBytes = 64 << 20

// ingestHTTPCache picks the file for the validators of fetched URLs. A
// validator says "the store already holds this page", so the file belongs
// to one store: beside a bolt file or leveldb folder (the same file
// 'newsgraph refresh' uses, so the two commands share it), in the user
// cache folder under a name derived from the DSN for a database server, and
// nowhere for a memory store, which starts empty each run (a 304 would
// then leave it without the page).
func ingestHTTPCache(flag, store string) string {
	switch flag {
	case "none", "off":
		return ""
	case "":
	default:
		return flag
	}
	if p := httpCachePath(store); p != "" {
		return p
	}
	if strings.HasPrefix(store, "postgres://") || strings.HasPrefix(store, "postgresql://") {
		dir, err := os.UserCacheDir()
		if err != nil {
			return ""
		}
		sum := sha256.Sum256([]byte(store))
		return filepath.Join(dir, "newsgraph", "http-cache-"+hex.EncodeToString(sum[:6])+".json")
	}
	return ""
}

// progress shows how an ingest is going: articles stored, sources and
// megabytes read, the rate and the time left. On a terminal it is a
// progress bar; to a log file or a pipe, where a redrawn bar would be
// noise, it is a plain line every --progress-every. A nil *progress does
// nothing, for --quiet. Its methods are called from the ingester's single
// writer goroutine (OnArticle and Progress), so it needs no lock.
type progress struct {
	w     io.Writer
	tty   bool
	bar   *progressbar.ProgressBar
	every time.Duration
	now   func() time.Time
	start time.Time
	last  time.Time

	// sizes are the bytes of each local file among the sources; sized
	// says every source has one (no URL, no standard input), so the time
	// left can be told from bytes rather than sources, which differ in
	// size (one JSON Lines file of a thousand articles among small pages).
	sizes      map[string]int64
	sized      bool
	totalBytes int64
	// counted are the files whose bytes are in doneBytes: a file counts
	// once its first article is written, the whole file having been read.
	counted   map[string]bool
	doneBytes int64
	articles  int
	done      int
	total     int
}

// newProgress measures the sources (loaders.Expand, as the ingester
// does; folders are listed twice, which costs little beside extraction).
func newProgress(ctx context.Context, w io.Writer, args []string, every time.Duration) *progress {
	p := &progress{w: w, every: every, now: time.Now, sizes: map[string]int64{}, counted: map[string]bool{}, sized: true}
	p.start = p.now()
	if f, ok := w.(*os.File); ok {
		p.tty = isatty.IsTerminal(f.Fd())
	}
	sources, _ := loaders.Expand(ctx, args)
	p.total = len(sources) // until the ingester's own count arrives
	for _, src := range sources {
		fi, err := os.Stat(src)
		if err != nil || !fi.Mode().IsRegular() {
			p.sized = false
			continue
		}
		p.sizes[src] = fi.Size()
		p.totalBytes += fi.Size()
	}
	p.sized = p.sized && p.totalBytes > 0
	return p
}

// article is the ingester's OnArticle: one article stored or unchanged.
func (p *progress) article(r ingest.ArticleResult) {
	if p == nil {
		return
	}
	p.articles++
	if n, ok := p.sizes[r.Source]; ok && !p.counted[r.Source] {
		p.counted[r.Source] = true
		p.doneBytes += n
	}
	p.show()
}

// update is the ingester's Progress: a source is done.
func (p *progress) update(done, total int) {
	if p == nil {
		return
	}
	p.done, p.total = done, total
	p.show()
}

// fraction is how much of the ingest is done: by bytes when every source
// has a size, else by sources.
func (p *progress) fraction() float64 {
	if p.sized {
		return float64(p.doneBytes) / float64(p.totalBytes)
	}
	if p.total == 0 {
		return 0
	}
	return float64(p.done) / float64(p.total)
}

// line is the plain progress line: "progress 12/40 sources, 310 articles,
// 1.2/4.0 MB, 25.3 articles/s, about 9s left".
func (p *progress) line() string {
	elapsed := p.now().Sub(p.start)
	rate := float64(p.articles) / max(elapsed.Seconds(), 1e-9)
	var b strings.Builder
	fmt.Fprintf(&b, "progress %d/%d sources, %d articles", p.done, p.total, p.articles)
	if p.sized {
		digits := 1
		if p.totalBytes < 10e6 {
			digits = 2 // a small corpus would read 0.0/0.1 MB
		}
		fmt.Fprintf(&b, ", %.*f/%.*f MB", digits, float64(p.doneBytes)/1e6, digits, float64(p.totalBytes)/1e6)
	}
	fmt.Fprintf(&b, ", %.1f articles/s", rate)
	if f := p.fraction(); f > 0 && f < 1 {
		left := time.Duration(float64(elapsed) * (1 - f) / f)
		fmt.Fprintf(&b, ", about %s left", left.Round(time.Second))
	}
	return b.String()
}

func (p *progress) show() {
	if p.tty {
		p.draw()
		return
	}
	now := p.now()
	if (p.total > 0 && p.done >= p.total) || now.Sub(p.last) < p.every || now.Sub(p.start) < p.every {
		return // short ingests print only the summary
	}
	p.last = now
	fmt.Fprintf(p.w, "newsgraph: %s\n", p.line())
}

// draw updates the terminal bar: megabytes when every source has a size,
// else sources, with the articles stored in its description.
func (p *progress) draw() {
	if p.bar == nil {
		if !p.sized && p.total == 0 {
			return // the source count is known after the first source
		}
		opts := []progressbar.Option{
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100 * time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionShowCount(),
		}
		limit := int64(p.total)
		if p.sized {
			limit = p.totalBytes
			opts = append(opts, progressbar.OptionShowBytes(true))
		} else {
			opts = append(opts, progressbar.OptionSetItsString("sources"), progressbar.OptionShowIts())
		}
		p.bar = progressbar.NewOptions64(limit, opts...)
	}
	p.bar.Describe(fmt.Sprintf("ingesting: %d articles, %d/%d sources", p.articles, p.done, p.total))
	if p.sized {
		_ = p.bar.Set64(p.doneBytes)
	} else {
		_ = p.bar.Set(p.done)
	}
}

// clear removes the bar from the terminal line so an error line can be
// printed; the next update draws it again.
func (p *progress) clear() {
	if p != nil && p.bar != nil {
		_ = p.bar.Clear()
	}
}

// finish removes the bar before the summary line.
func (p *progress) finish() {
	if p != nil && p.bar != nil {
		_ = p.bar.Finish()
	}
}

func newExtractCmd(a *app) *cobra.Command {
	var format, loadFormat string
	cmd := &cobra.Command{
		Use:   "extract PATH...",
		Short: "Print the extraction record of each article as JSON Lines; nothing is stored",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if format != "json" && format != "" {
				return usagef("--format %q: extract prints json", format)
			}
			if _, ok := loaders.LookupFormat(loadFormat); loadFormat != "" && !ok {
				return usagef("--input-format %q: not a loader format (see 'newsgraph formats')", loadFormat)
			}
			p, err := a.pipeline()
			if err != nil {
				return err
			}
			sources, errs := loaders.Expand(ctx, args)
			for _, err := range errs {
				if errors.Is(err, loaders.ErrSkipped) {
					a.reportWarning(err)
					continue
				}
				a.reportError(err)
				a.failed = true
			}
			enc := json.NewEncoder(a.stdout)
			enc.SetEscapeHTML(false)
			for _, src := range sources {
				// A partly bad source (a JSON Lines file with a broken
				// line) still yields its good articles.
				arts, err := loaders.Read(ctx, src, loaders.Options{Format: loadFormat, Stdin: a.stdin})
				for _, err := range loaders.SplitErrors(err) {
					a.reportError(err)
					a.failed = true
				}
				for _, art := range arts {
					if n := extract.ArticleBytes(art); n > extract.MaxArticleBytes {
						a.reportWarning(fmt.Errorf("%s: article %.80q has %d bytes of text (over %d): extracting it may take minutes and much memory",
							src, art.Title, n, extract.MaxArticleBytes))
					}
					if err := enc.Encode(p.Extract(art)); err != nil {
						return err
					}
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "json", "output format (json)")
	cmd.Flags().StringVar(&loadFormat, "input-format", "", "force a loader format (see 'newsgraph formats'); default: detect")
	completeFormats(cmd, "json")
	completeLoaderFormats(cmd)
	return cmd
}
