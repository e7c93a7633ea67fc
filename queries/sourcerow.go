package queries

import (
	"context"
	"fmt"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/schema"
)

// indexedSource is readSource from the entity index's source row of the
// article: one key instead of five facts read from the graph. ok is false
// when the store keeps no row for it, and the graph must be read.
func (r *reader) indexedSource(ctx context.Context, article quad.Value) (Source, bool, error) {
	iri, isIRI := article.(quad.IRI)
	if !isIRI {
		return Source{}, false, nil
	}
	if kept, err := r.entityIndexKept(ctx); err != nil || !kept {
		return Source{}, false, err
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

// entityIndexKept reports whether the reader's store keeps the entity
// index, looked up once.
func (r *reader) entityIndexKept(ctx context.Context) (bool, error) {
	if r.entityIx == nil {
		kept := false
		if r.store != nil {
			var err error
			if kept, err = r.store.IndexKept(ctx, graph.EntityIndexName); err != nil {
				return false, err
			}
		}
		r.entityIx = &kept
	}
	return *r.entityIx, nil
}

// indexedName is a minted entity's name from the entity index's name
// counts when the graphs give it a single name (a quad.String, as the
// graph states names); ok is false when the graph must be read.
func (r *reader) indexedName(ctx context.Context, node quad.Value) (quad.Value, bool, error) {
	iri, isIRI := node.(quad.IRI)
	if !isIRI || !strings.HasPrefix(string(iri), schema.IDBase+"entity/") {
		return nil, false, nil
	}
	if kept, err := r.entityIndexKept(ctx); err != nil || !kept {
		return nil, false, err
	}
	name, ok, err := graph.EntityName(ctx, r.store, iri)
	if err != nil || !ok {
		return nil, false, err
	}
	if name == "" {
		// No graph names it: the graph's answer is no value.
		return nil, true, nil
	}
	return quad.String(name), true, nil
}
