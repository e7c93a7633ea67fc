package graph

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// AllQuads returns every quad of the store but the summaries', de-duplicated and sorted by
// their N-Quads form, so two reads of equal graphs are equal. It reads
// one snapshot (View), so a replacement is never seen half applied. Export formats
// build on it (package export).
func (s *Store) AllQuads(ctx context.Context) ([]quad.Quad, error) {
	var out []quad.Quad
	err := s.View(ctx, func(snap *Store) error {
		it := snap.qs.QuadsAllIterator().Iterate()
		defer it.Close()
		for it.Next(ctx) {
			q, err := snap.qs.Quad(it.Result())
			if err != nil {
				return err
			}
			// The summaries are derived from the other graphs, and an
			// import recomputes them: they are no part of the data.
			if IsSummaryGraph(q.Label) {
				continue
			}
			out = append(out, q)
		}
		return it.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("read all quads: %w", err)
	}
	type keyed struct {
		key string
		q   quad.Quad
	}
	ks := make([]keyed, len(out))
	for i, q := range out {
		ks[i] = keyed{q.NQuad(), q}
	}
	slices.SortFunc(ks, func(a, b keyed) int { return strings.Compare(a.key, b.key) })
	ks = slices.CompactFunc(ks, func(a, b keyed) bool { return a.key == b.key })
	out = out[:len(ks)]
	for i, k := range ks {
		out[i] = k.q
	}
	return out, nil
}

// ImportQuads adds every quad a reader yields (any quad format: N-Quads,
// JSON-LD, ...) in one transaction, and returns how many it read. Quads
// already stored are skipped. It is the inverse of an export: importing an
// export into an empty store gives the same graph.
func (s *Store) ImportQuads(ctx context.Context, r quad.Reader) (int, error) {
	tx := graph.NewTransaction()
	n := 0
	for {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		q, err := r.ReadQuad()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return 0, fmt.Errorf("import: quad %d: %w", n+1, err)
		}
		if !q.IsValid() {
			return 0, fmt.Errorf("import: quad %d: %w", n+1, quad.ErrInvalid)
		}
		tx.AddQuad(q)
		n++
	}
	if len(tx.Deltas) == 0 {
		return n, nil
	}
	if s.snapshot {
		return 0, errSnapshotWrite
	}
	if s.readOnly {
		return 0, errReadOnly
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	s.shared = nil // the import may add to shared graphs
	unlock, err := s.lockWriters(ctx)
	if err != nil {
		return 0, err
	}
	defer unlock()
	deltas, changes, err := s.importChanges(ctx, tx.Deltas)
	if err != nil {
		return 0, fmt.Errorf("import: %w", err)
	}
	if err := s.apply(ctx, deltas, changes); err != nil {
		return 0, fmt.Errorf("import: %w", err)
	}
	return n, nil
}
