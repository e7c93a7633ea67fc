package extract

import (
	"context"
	"fmt"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/loaders"
	"github.com/newsgraph/newsgraph/syntax"
)

// MaxArticleBytes is the size of article text (title, lede and body) past
// which extraction is slow enough to announce: its cost grows faster than
// the text (a 20 MB article took minutes and most of a gigabyte). The
// server refuses larger articles with 413; the command line warns and
// goes on.
const MaxArticleBytes = 1 << 20

// ArticleBytes is the size of the text extraction reads from a.
func ArticleBytes(a newsgraph.Article) int {
	return len(a.Title) + len(a.Lede) + len(a.Body)
}

// ExtractContext runs the pipeline over one article like Extract, but
// stops between sentences once ctx is done and returns ctx's error: a
// request whose client left, or an ingest that was interrupted, does not
// keep a CPU busy for an article nobody will read.
func (p *Pipeline) ExtractContext(ctx context.Context, a newsgraph.Article) (newsgraph.Extraction, error) {
	if err := ctx.Err(); err != nil {
		return newsgraph.Extraction{}, fmt.Errorf("extract %s: %w", articleName(a), err)
	}
	an := &analysis{p: p, ctx: ctx, art: a, baseCountry: map[string]string{}, ownSubject: map[string]bool{}, anaphoric: map[string]bool{}, reportDated: map[string]bool{}, trees: map[int]*syntax.Tree{}, retensed: map[int]bool{}, dayText: map[string]string{}, seen: map[string]bool{}, militarySentences: -1}
	an.publisher, _ = loaders.LookupPublisher(a.URL)
	an.doc = Segment(a.Title, a.Lede, a.Body)
	if err := an.stopped(); err != nil {
		return newsgraph.Extraction{}, fmt.Errorf("extract %s: %w", articleName(a), err)
	}
	an.recognise()
	if err := an.stopped(); err != nil {
		return newsgraph.Extraction{}, fmt.Errorf("extract %s: %w", articleName(a), err)
	}
	events := an.findEvents()
	if err := an.stopped(); err != nil {
		return newsgraph.Extraction{}, fmt.Errorf("extract %s: %w", articleName(a), err)
	}
	return an.record(events), nil
}

// stopped is the per-sentence check of the long loops: the context's
// error, or nil when there is no context (analyses built by tests).
func (an *analysis) stopped() error {
	if an.ctx == nil {
		return nil
	}
	return an.ctx.Err()
}

// articleName names an article in errors: its URL, else its source.
func articleName(a newsgraph.Article) string {
	switch {
	case a.URL != "":
		return a.URL
	case a.Source != "":
		return a.Source
	}
	return fmt.Sprintf("%q", truncate(a.Title, 80))
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n-- // do not cut a UTF-8 sequence
	}
	return s[:n] + "…"
}
