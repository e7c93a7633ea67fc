package queries

import (
	"context"
	"fmt"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/schema"
)

// indexedSource is readSource from the entity index's source row of the
// article: one key instead of five facts read from the graph. ok is false
// when the store keeps no row for it, and the graph must be read.
func (r *reader) indexedSource(ctx context.Context, article quad.Value) (Source, bool, error) {
	iri, isIRI := article.(quad.IRI)
	if !isIRI || r.store == nil {
		return Source{}, false, nil
	}
	if r.sourceRows == nil {
		kept, err := r.store.IndexKept(ctx, graph.EntityIndexName)
		if err != nil {
			return Source{}, false, err
		}
		r.sourceRows = &kept
	}
	if !*r.sourceRows {
		return Source{}, false, nil
	}
	row, ok, err := graph.ArticleSourceOf(ctx, r.store, iri)
	if err != nil {
		return Source{}, false, fmt.Errorf("read the source of %s: %w", iri, err)
	}
	if !ok {
		return Source{}, false, nil
	}
	src := Source{Article: row.Identifier, URL: row.URL, Title: row.Headline, Published: row.Published}
	if row.Publisher != "" {
		if src.Publisher, err = r.str(ctx, row.Publisher, schema.Name); err != nil {
			return Source{}, false, err
		}
	}
	return src, true, nil
}
