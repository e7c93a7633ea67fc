package queries

import (
	"cmp"
	"context"
	"slices"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/schema"
)

// Rows backed by the articles that mention an entity (search, related,
// sources) count every article but list only the newest few
// (MaxListedSources). A much-reported base is mentioned by tens of
// thousands of articles, so these helpers work on the articles' store
// references: counting reads no values, and ordering reads one date per
// article; only the listed articles are read whole.

// articleRefs returns the distinct articles that mention node or that it
// published, as references, in index order.
func (r *reader) articleRefs(ctx context.Context, node quad.Value) ([]cgraph.Ref, error) {
	return r.articleRefsBy(ctx, node, schema.Mentions, schema.PublisherP)
}

// articleRefsBy returns the distinct subjects of (?, pred, node) for each
// pred, as references, in index order.
func (r *reader) articleRefsBy(ctx context.Context, node quad.Value, preds ...quad.IRI) ([]cgraph.Ref, error) {
	var out []cgraph.Ref
	seen := map[any]bool{}
	for _, pred := range preds {
		err := r.scan(ctx, node, quad.Object, pred, quad.Subject, func(a cgraph.Ref) (bool, error) {
			if k := refs.ToKey(a); !seen[k] {
				seen[k] = true
				out = append(out, a)
			}
			return true, nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// objectRef returns the reference of the first object of (subject, pred),
// nil when there is none.
func (r *reader) objectRef(ctx context.Context, subject cgraph.Ref, pred quad.IRI) (cgraph.Ref, error) {
	var out cgraph.Ref
	err := r.scanRef(ctx, subject, quad.Subject, pred, quad.Object, func(o cgraph.Ref) (bool, error) {
		out = o
		return false, nil
	})
	return out, err
}

// published reads an article's publication date from its reference.
func (r *reader) published(ctx context.Context, article cgraph.Ref) (string, error) {
	o, err := r.objectRef(ctx, article, schema.DatePublished)
	if err != nil || o == nil {
		return "", err
	}
	v, err := r.value(o)
	return valueString(v), err
}

// datedArticle is an article reference with its publication date.
type datedArticle struct {
	ref       cgraph.Ref
	published string
}

// dateArticles reads the publication date of each article.
func (r *reader) dateArticles(ctx context.Context, arts []cgraph.Ref) ([]datedArticle, error) {
	out := make([]datedArticle, 0, len(arts))
	for _, a := range arts {
		p, err := r.published(ctx, a)
		if err != nil {
			return nil, err
		}
		out = append(out, datedArticle{ref: a, published: p})
	}
	return out, nil
}

// newestSources returns the sources of the n newest articles, in
// sortSources order: what setSources would list of all of them.
func (r *reader) newestSources(ctx context.Context, arts []datedArticle, n int) ([]Source, error) {
	arts = slices.Clone(arts)
	slices.SortFunc(arts, func(a, b datedArticle) int { return strings.Compare(b.published, a.published) })
	// Articles published at the same moment as the n-th are ordered by
	// URL: all of them are read.
	cut := len(arts)
	if n < len(arts) {
		cut = n
		for cut < len(arts) && arts[cut].published == arts[n-1].published {
			cut++
		}
	}
	srcs := make([]Source, 0, cut)
	for _, a := range arts[:cut] {
		v, err := r.value(a.ref)
		if err != nil {
			return nil, err
		}
		src, err := r.source(ctx, v)
		if err != nil {
			return nil, err
		}
		srcs = append(srcs, src)
	}
	sortSources(srcs)
	return srcs[:min(n, len(srcs))], nil
}

// setNewestSources puts the newest sources of a row's articles on it, and
// counts all of them: setSources for rows backed by many articles.
func (r *reader) setNewestSources(ctx context.Context, row *Row, arts []datedArticle) error {
	srcs, err := r.newestSources(ctx, arts, MaxListedSources)
	if err != nil {
		return err
	}
	row.Sources, row.Corroboration = srcs, len(arts)
	row.Values["articles"] = len(arts)
	return nil
}

// compareCount orders rows by corroboration, most first, then by a value.
func compareCount(key string) func(a, b Row) int {
	return func(a, b Row) int {
		return cmp.Or(cmp.Compare(b.Corroboration, a.Corroboration), strings.Compare(str(a.Values[key]), str(b.Values[key])))
	}
}
