package graph

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/schema"
)

// SummaryCheck is what a check or a rebuild of the summaries found: the
// graphs read, the keys a full recomputation gives, and how many stored
// keys were missing from it, extra to it or of another value.
type SummaryCheck struct {
	Graphs    int  `json:"graphs"`
	Keys      int  `json:"keys"`
	Missing   int  `json:"missing"`
	Extra     int  `json:"extra"`
	Different int  `json:"different"`
	Kept      bool `json:"kept"` // the store said it kept summaries
}

// OK reports whether the stored summaries equal the recomputation.
func (c SummaryCheck) OK() bool {
	return c.Kept && c.Missing == 0 && c.Extra == 0 && c.Different == 0
}

// empty reports whether the store holds no quad.
func (s *Store) empty(ctx context.Context) (bool, error) {
	switch {
	case s.pg != nil:
		// Cayley's SQL ValueOf hashes a value without looking it up.
		var any bool
		err := s.pg.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM quads)`).Scan(&any)
		return !any, err
	case s.backend == "memstore" || s.kv != nil:
		// Every graph newsgraph writes types a node.
		ref, err := s.qs.ValueOf(schema.Type)
		return ref == nil, err
	}
	st, err := s.qs.Stats(ctx, false)
	return st.Quads.Value == 0, err
}

// importChanges prepares an import's additions: quads of the old summary
// graphs are dropped (summaries are derived, never imported), and each
// graph the import extends is listed with its quads before and after.
// The caller holds writeMu.
func (s *Store) importChanges(ctx context.Context, deltas []graph.Delta) ([]graph.Delta, []GraphChange, error) {
	out := deltas[:0:0]
	added := map[string][]quad.Quad{}
	var labels []quad.Value
	for _, d := range deltas {
		if IsSummaryGraph(d.Quad.Label) {
			continue
		}
		out = append(out, d)
		if d.Quad.Label == nil {
			continue
		}
		k := quad.StringOf(d.Quad.Label)
		if _, ok := added[k]; !ok {
			labels = append(labels, d.Quad.Label)
		}
		added[k] = append(added[k], d.Quad)
	}
	changes := make([]GraphChange, 0, len(labels))
	for _, label := range labels {
		iri, ok := label.(quad.IRI)
		var old []quad.Quad
		if ok {
			var err error
			if old, err = s.ArticleQuads(ctx, iri); err != nil {
				return nil, nil, err
			}
		}
		changes = append(changes, GraphChange{Label: label, Old: old, New: uniqueQuads(append(slices.Clone(old), added[quad.StringOf(label)]...))})
	}
	return out, changes, nil
}

// recomputeSummaries indexes every graph of the store (a snapshot) as if
// it were new into a memory side index, rebuildBatch graphs at a time.
func (s *Store) recomputeSummaries(ctx context.Context) (*memSide, int, error) {
	labels, err := s.graphLabels(ctx)
	if err != nil {
		return nil, 0, err
	}
	mem := newMemSide()
	ix := summaryIndexer{}
	for start := 0; start < len(labels); start += rebuildBatch {
		batch := labels[start:min(start+rebuildBatch, len(labels))]
		changes := make([]GraphChange, 0, len(batch))
		for _, l := range batch {
			qs, err := s.ArticleQuads(ctx, l)
			if err != nil {
				return nil, 0, err
			}
			changes = append(changes, GraphChange{Label: l, New: qs})
		}
		if err := ix.IndexChanges(ctx, mem, changes); err != nil {
			return nil, 0, err
		}
	}
	return mem, len(labels), nil
}

// CheckSummaries recomputes the summaries from the graphs, in one
// snapshot, and compares them key by key with the stored ones. Its cost
// grows with the store: it is for tests and `newsgraph summaries check`.
func (s *Store) CheckSummaries(ctx context.Context) (SummaryCheck, error) {
	var check SummaryCheck
	err := s.View(ctx, func(snap *Store) error {
		var err error
		if check.Kept, err = snap.HasSummaries(ctx); err != nil {
			return err
		}
		want, graphs, err := snap.recomputeSummaries(ctx)
		if err != nil {
			return err
		}
		check.Graphs = graphs
		for _, b := range (summaryIndexer{}).Buckets() {
			wanted := map[string][]byte{}
			if err := want.SideScan(ctx, b, nil, nil, func(k, v []byte) bool {
				wanted[string(k)] = v
				return true
			}); err != nil {
				return err
			}
			check.Keys += len(wanted)
			err := snap.SideScan(ctx, b, nil, nil, func(k, v []byte) bool {
				w, ok := wanted[string(k)]
				switch {
				case !ok:
					check.Extra++
				case !bytes.Equal(w, v):
					check.Different++
				}
				delete(wanted, string(k))
				return true
			})
			if err != nil {
				return err
			}
			check.Missing += len(wanted)
		}
		return nil
	})
	if err != nil {
		return check, fmt.Errorf("check summaries: %w", err)
	}
	return check, nil
}

// RebuildSummaries rebuilds every side index, the summaries among them,
// from the graphs (RebuildIndexes), so that a store written before they
// were kept (or by a raw load) answers from them.
func (s *Store) RebuildSummaries(ctx context.Context) (SummaryCheck, error) {
	graphs, err := s.RebuildIndexes(ctx)
	if err != nil {
		return SummaryCheck{Graphs: graphs}, fmt.Errorf("rebuild summaries: %w", err)
	}
	check := SummaryCheck{Graphs: graphs}
	if check.Kept, err = s.HasSummaries(ctx); err != nil {
		return check, fmt.Errorf("rebuild summaries: %w", err)
	}
	for _, b := range (summaryIndexer{}).Buckets() {
		if err := s.SideScan(ctx, b, nil, nil, func(_, _ []byte) bool { check.Keys++; return true }); err != nil {
			return check, fmt.Errorf("rebuild summaries: %w", err)
		}
	}
	return check, nil
}

// dropBatch is how many quads of the old summary graphs one transaction
// of DropSummaryGraphs deletes.
const dropBatch = 50_000

// DropSummaryGraphs deletes the quads of the graphs where stores of
// layout 2 kept the summaries, and returns how many it deleted. Each
// transaction deletes whole graphs of them; the side indexes ignore them.
func (s *Store) DropSummaryGraphs(ctx context.Context) (int, error) {
	if s.snapshot {
		return 0, errSnapshotWrite
	}
	if s.readOnly {
		return 0, errReadOnly
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	unlock, err := s.lockWriters(ctx)
	if err != nil {
		return 0, err
	}
	defer unlock()
	var labels []quad.IRI
	seen := map[quad.IRI]bool{}
	it := s.qs.QuadsAllIterator().Iterate()
	for it.Next(ctx) {
		l, err := s.qs.QuadDirection(it.Result(), quad.Label)
		if err != nil || l == nil {
			if err != nil {
				it.Close()
				return 0, fmt.Errorf("drop the old summary graphs: %w", err)
			}
			continue
		}
		v, err := s.qs.NameOf(l)
		if err != nil {
			it.Close()
			return 0, fmt.Errorf("drop the old summary graphs: %w", err)
		}
		if iri, ok := v.(quad.IRI); ok && IsSummaryGraph(iri) && !seen[iri] {
			seen[iri] = true
			labels = append(labels, iri)
		}
	}
	err = it.Err()
	it.Close()
	if err != nil {
		return 0, fmt.Errorf("drop the old summary graphs: %w", err)
	}
	n := 0
	var deltas []graph.Delta
	flush := func() error {
		if len(deltas) == 0 {
			return nil
		}
		if err := s.apply(ctx, deltas, nil); err != nil {
			return fmt.Errorf("drop the old summary graphs: %w", err)
		}
		n += len(deltas)
		deltas = nil
		return nil
	}
	for _, l := range labels {
		qs, err := s.ArticleQuads(ctx, l)
		if err != nil {
			return n, fmt.Errorf("drop the old summary graphs: %w", err)
		}
		for _, q := range qs {
			deltas = append(deltas, graph.Delta{Quad: q, Action: graph.Delete})
		}
		if len(deltas) >= dropBatch {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	return n, flush()
}
