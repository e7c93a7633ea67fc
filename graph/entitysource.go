package graph

// The entity index's article sources: per article, the five facts an
// answer lists of it as a source (identifier, URL, headline, publication
// date, publisher). Every query reads them for the sources of its page,
// and from the graph each fact is one (subject, predicate) index read
// plus its value: a page of fifty rows with three sources each was most
// of the countries, sources and related answers' time.
//
// The row is a function of the article's own graph. An article graph
// that states one of the facts twice (two headlines) gets no row, and
// the reader falls back to the graph, whose answer then depends on the
// store's order of the two.

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/schema"
)

const entSources = "ent_sources"

// ArticleSource is what an answer lists of an article as its source.
type ArticleSource struct {
	Identifier, URL, Headline, Published string
	Publisher                            quad.IRI // "" if none
}

// sourceFields are the literal facts of a source row, in value order.
var sourceFields = []quad.IRI{schema.Identifier, schema.URL, schema.Headline, schema.DatePublished}

// sourceRow encodes the source row of article from its graph's quads, or
// nil when the graph has none to give (no quads, or a fact stated twice).
func sourceRow(article string, qs []quad.Quad) []byte {
	var vals [4]string
	var seen [5]bool
	publisher := ""
	for _, q := range qs {
		if s, ok := q.Subject.(quad.IRI); !ok || string(s) != article {
			continue
		}
		i := slices.Index(sourceFields, q.Predicate.(quad.IRI))
		if q.Predicate == schema.PublisherP {
			i = 4
		}
		if i < 0 {
			continue
		}
		if seen[i] {
			return nil
		}
		seen[i] = true
		if i == 4 {
			publisher = entText(q.Object)
			if _, ok := q.Object.(quad.IRI); !ok {
				return nil
			}
			continue
		}
		vals[i] = entText(q.Object)
	}
	if !slices.Contains(seen[:], true) {
		return nil
	}
	b := []byte{1}
	for _, v := range vals {
		b = putString(b, v)
	}
	return putString(b, publisher)
}

func decodeSourceRow(v []byte) (ArticleSource, error) {
	var a ArticleSource
	if len(v) == 0 || v[0] != 1 {
		return a, errBadSourceRow
	}
	b := v[1:]
	var err error
	var pub string
	for _, dst := range []*string{&a.Identifier, &a.URL, &a.Headline, &a.Published, &pub} {
		if *dst, b, err = readString(b); err != nil {
			return a, err
		}
	}
	a.Publisher = quad.IRI(pub)
	return a, nil
}

var errBadSourceRow = errors.New("entity index: bad article source row")

// indexSources writes the source rows of the article graphs changes
// touch: the row of a batch's last write of each article.
func indexSources(ctx context.Context, w SideWriter, changes []GraphChange) error {
	type change struct{ old, new []byte }
	rows := map[string]*change{}
	for _, ch := range changes {
		l, ok := ch.Label.(quad.IRI)
		if !ok || !strings.HasPrefix(string(l), entArticlePrefix) {
			continue
		}
		k := string(idKey(nil, string(l), entArticlePrefix))
		c, ok := rows[k]
		if !ok {
			c = &change{old: sourceRow(string(l), ch.Old)}
			rows[k] = c
		}
		c.new = sourceRow(string(l), ch.New)
	}
	for _, k := range slices.Sorted(maps.Keys(rows)) {
		if c := rows[k]; !bytes.Equal(c.old, c.new) {
			if err := w.SidePut(ctx, entSources, []byte(k), c.new); err != nil {
				return err
			}
		}
	}
	return nil
}

// ArticleSourceOf reads article's source row; ok is false when the index
// holds none (see sourceRow), and the graph must be read instead.
func ArticleSourceOf(ctx context.Context, r SideReader, article quad.IRI) (src ArticleSource, ok bool, err error) {
	v, err := r.SideGet(ctx, entSources, idKey(nil, string(article), entArticlePrefix))
	if err != nil || v == nil {
		return src, false, err
	}
	src, err = decodeSourceRow(v)
	return src, err == nil, err
}
