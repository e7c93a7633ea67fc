package graph

// The entity index's type counts: per entity and entity type, how many
// graphs (articles and gazetteers) state it. related lists each
// co-mentioned entity with its type, and an outlet's type is not the one
// the pair counts hold (an Organisation where it is cited, a Publisher
// where it publishes): it was read from the graph for each of them, one
// index read per outlet, which was most of a hot entity's related answer.
// An entity with a single type here has that type in the graph; one with
// several still reads the graph, whose answer is the first of them in the
// store's order.

import (
	"context"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/schema"
)

const entTypes = "ent_types"

// typeCounts adds sign for each (entity, type) a graph states to counts,
// keyed entity then type code (0: a type pairTypes does not know).
func typeCounts(counts map[string]int, qs []quad.Quad, sign int) {
	for _, q := range qs {
		if q.Predicate != schema.Type {
			continue
		}
		s, ok := q.Subject.(quad.IRI)
		if !ok || !strings.HasPrefix(string(s), entEntityPrefix) {
			continue
		}
		class, _ := q.Object.(quad.IRI)
		t := schema.EntityTypeOf(class)
		if t == "" {
			continue
		}
		counts[string(append(idKey(nil, string(s), entEntityPrefix), pairTypeCode(t)))] += sign
	}
}

// indexTypes updates the type counts from every graph a batch changes.
func indexTypes(ctx context.Context, w SideWriter, changes []GraphChange) error {
	counts := map[string]int{}
	for _, ch := range changes {
		typeCounts(counts, ch.Old, -1)
		typeCounts(counts, ch.New, 1)
	}
	return addCounts(ctx, w, entTypes, counts)
}

// EntityType is the entity type of entity when the graphs state exactly
// one ("" when they state none); ok is false when they state several (or
// one the index does not name), and only the graph can tell which comes
// first.
func EntityType(ctx context.Context, r SideReader, entity quad.IRI) (typ string, ok bool, err error) {
	prefix := idKey(nil, string(entity), entEntityPrefix)
	n := 0
	err = r.SideScan(ctx, entTypes, prefix, nil, func(k, v []byte) bool {
		if c, _ := decodeCount(v); c == 0 || len(k) != len(prefix)+1 {
			return true
		}
		n++
		if code := k[len(prefix)]; code > 0 && int(code) < len(pairTypes) {
			typ = pairTypes[code]
		} else {
			n++
		}
		return n < 2
	})
	if err != nil || n > 1 {
		return "", false, err
	}
	return typ, true, nil
}
