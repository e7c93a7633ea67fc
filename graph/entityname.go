package graph

// The entity index's name counts: per entity and name, how many graphs
// state it. Answers name every entity they list, and the graph's name of
// a publisher is restated by every article it published: reading the
// first of them read a batch of a hundred quads. An entity the graphs
// give a single name has that name; one with several still reads the
// graph, whose answer is the first in the store's order.

import (
	"context"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/schema"
)

const entNames = "ent_names"

// indexNames updates the name counts from every graph a batch changes.
func indexNames(ctx context.Context, w SideWriter, changes []GraphChange) error {
	counts := map[string]int{}
	for _, ch := range changes {
		for sign, qs := range map[int][]quad.Quad{-1: ch.Old, 1: ch.New} {
			for _, q := range qs {
				if q.Predicate != schema.Name {
					continue
				}
				if s, ok := q.Subject.(quad.IRI); ok && strings.HasPrefix(string(s), entEntityPrefix) {
					counts[string(append(idKey(nil, string(s), entEntityPrefix), entText(q.Object)...))] += sign
				}
			}
		}
	}
	return addCounts(ctx, w, entNames, counts)
}

// EntityName is the name of entity when the graphs state exactly one (""
// when they state none); ok is false when they state several.
func EntityName(ctx context.Context, r SideReader, entity quad.IRI) (name string, ok bool, err error) {
	prefix := idKey(nil, string(entity), entEntityPrefix)
	n := 0
	err = r.SideScan(ctx, entNames, prefix, nil, func(k, _ []byte) bool {
		n++
		name = string(k[len(prefix):])
		return n < 2
	})
	if err != nil || n > 1 {
		return "", false, err
	}
	return name, true, nil
}

// EntityHasType reports whether some graph states that entity is of the
// entity type typ (newsgraph.TypePublisher, ...).
func EntityHasType(ctx context.Context, r SideReader, entity quad.IRI, typ string) (bool, error) {
	code := pairTypeCode(typ)
	if code == 0 {
		return false, nil
	}
	v, err := r.SideGet(ctx, entTypes, append(idKey(nil, string(entity), entEntityPrefix), code))
	n, _ := decodeCount(v)
	return n > 0, err
}
