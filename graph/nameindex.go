package graph

// The name index finds the entities a typed name may mean without reading
// every entity's names: search and every entity argument start from it.
//
// Keys of nameBucket are a word suffix of a folded name (schema.FoldName)
// of an entity, then "\x00" and the entity's IRI: "ain al asad air base",
// "al asad air base", "asad air base", "air base" and "base" for Ain
// al-Asad Air Base, so that a prefix scan finds every name that starts
// with the text or has a word that does. entityTypeBucket holds, per
// entity, the entity types its graphs gave it.
//
// The index only ever adds: a candidate it lists may no longer carry the
// name or the type (its last article was replaced or deleted), so readers
// check each candidate against the graph, which costs a few reads of the
// candidate's names. It therefore always holds every right candidate, and
// a write never reads what other graphs state. RebuildIndexes drops what
// no graph states any more.

import (
	"bytes"
	"context"
	"slices"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/schema"
)

// NameIndex is the name index's Indexer name (see IndexKept).
const NameIndex = "names/1"

const (
	nameBucket       = "names"
	entityTypeBucket = "entity-types"
)

// nameIndexer keeps nameBucket and entityTypeBucket.
type nameIndexer struct{}

func (nameIndexer) Name() string      { return NameIndex }
func (nameIndexer) Buckets() []string { return []string{nameBucket, entityTypeBucket} }

// namePreds are the predicates whose objects name an entity (the names a
// lookup matches: queries' newNameEntry).
var namePreds = []quad.IRI{schema.Name, schema.AlternateName, schema.Domain}

func isEntityIRI(v quad.Value) (quad.IRI, bool) {
	iri, ok := v.(quad.IRI)
	return iri, ok && strings.HasPrefix(string(iri), schema.IDBase+"entity/")
}

func (nameIndexer) IndexChanges(ctx context.Context, w SideWriter, changes []GraphChange) error {
	keys := map[string]bool{}
	types := map[quad.IRI]map[string]bool{}
	for _, ch := range changes {
		if IsSummaryGraph(ch.Label) {
			continue
		}
		had := map[quad.Quad]bool{}
		for _, q := range ch.Old {
			if p, _ := q.Predicate.(quad.IRI); p == schema.Type || slices.Contains(namePreds, p) {
				q.Label = nil
				had[q] = true
			}
		}
		for _, q := range ch.New {
			node, ok := isEntityIRI(q.Subject)
			if !ok {
				continue
			}
			pred, _ := q.Predicate.(quad.IRI)
			isType := pred == schema.Type
			if !isType && !slices.Contains(namePreds, pred) {
				continue
			}
			q.Label = nil
			if had[q] {
				continue
			}
			if isType {
				class, _ := q.Object.(quad.IRI)
				if t := schema.EntityTypeOf(class); t != "" {
					if types[node] == nil {
						types[node] = map[string]bool{}
					}
					types[node][t] = true
				}
				continue
			}
			s, ok := q.Object.(quad.String)
			if !ok {
				continue
			}
			for _, suf := range NameSuffixes(schema.FoldName(string(s))) {
				keys[suf+"\x00"+string(node)] = true
			}
		}
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	slices.Sort(sorted)
	for _, k := range sorted {
		v, err := w.SideGet(ctx, nameBucket, []byte(k))
		if err != nil {
			return err
		}
		if v == nil {
			if err := w.SidePut(ctx, nameBucket, []byte(k), []byte{1}); err != nil {
				return err
			}
		}
	}
	nodes := make([]quad.IRI, 0, len(types))
	for n := range types {
		nodes = append(nodes, n)
	}
	slices.Sort(nodes)
	for _, n := range nodes {
		v, err := w.SideGet(ctx, entityTypeBucket, []byte(n))
		if err != nil {
			return err
		}
		have := splitTypes(v)
		merged := slices.Clone(have)
		for t := range types[n] {
			if !slices.Contains(merged, t) {
				merged = append(merged, t)
			}
		}
		if len(merged) == len(have) {
			continue
		}
		slices.Sort(merged)
		if err := w.SidePut(ctx, entityTypeBucket, []byte(n), []byte(strings.Join(merged, "\x00"))); err != nil {
			return err
		}
	}
	return nil
}

func splitTypes(v []byte) []string {
	if len(v) == 0 {
		return nil
	}
	return strings.Split(string(v), "\x00")
}

// NameSuffixes lists the word suffixes of a folded name, the whole name
// first: the keys under which the name index finds it.
func NameSuffixes(folded string) []string {
	if folded == "" {
		return nil
	}
	out := []string{folded}
	for i := 0; i < len(folded); i++ {
		if folded[i] == ' ' && i+1 < len(folded) {
			out = append(out, folded[i+1:])
		}
	}
	return out
}

// NameCandidate is an entity the name index lists for a text, with the
// entity types its graphs gave it.
type NameCandidate struct {
	Entity quad.IRI
	Types  []string
}

// NameCandidates lists the entities with a name that starts with the
// folded text, or has a word that does (whole: a name, or the words from
// one on, equal to it), each once, in key order. ok is false when the store
// does not keep the name index: the caller reads the graph instead. The
// candidates are a superset: the caller checks each against its names.
func (s *Store) NameCandidates(ctx context.Context, folded string, whole bool) (out []NameCandidate, ok bool, err error) {
	if folded == "" {
		return nil, false, nil
	}
	if ok, err = s.IndexKept(ctx, NameIndex); err != nil || !ok {
		return nil, false, err
	}
	prefix := []byte(folded)
	if whole {
		prefix = append(prefix, 0)
	}
	seen := map[string]bool{}
	err = s.SideScan(ctx, nameBucket, prefix, nil, func(k, _ []byte) bool {
		i := bytes.IndexByte(k, 0)
		if i < 0 {
			return true
		}
		node := string(k[i+1:])
		if !seen[node] {
			seen[node] = true
			out = append(out, NameCandidate{Entity: quad.IRI(node)})
		}
		return true
	})
	if err != nil {
		return nil, false, err
	}
	for i := range out {
		v, err := s.SideGet(ctx, entityTypeBucket, []byte(out[i].Entity))
		if err != nil {
			return nil, false, err
		}
		out[i].Types = splitTypes(v)
	}
	return out, true, nil
}
