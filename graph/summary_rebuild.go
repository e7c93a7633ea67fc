package graph

import (
	"context"
	"fmt"
	"slices"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
)

// SummaryCheck is what a check or a rebuild of the summaries found: the
// graphs read, the summary quads a full recomputation gives, and how many
// stored summary quads were missing from or extra to it.
type SummaryCheck struct {
	Graphs  int  `json:"graphs"`
	Quads   int  `json:"quads"`
	Missing int  `json:"missing"`
	Extra   int  `json:"extra"`
	Kept    bool `json:"kept"` // the store said it kept summaries
}

// OK reports whether the stored summaries equal the recomputation.
func (c SummaryCheck) OK() bool { return c.Kept && c.Missing == 0 && c.Extra == 0 }

// recomputeSummaries sums the contribution of every named graph of the
// store (every quad is read once, to find the graphs) and returns the
// summary graph they give, beside the one stored.
func (s *Store) recomputeSummaries(ctx context.Context) (want, have []quad.Quad, check SummaryCheck, err error) {
	labels := map[string]graph.Ref{}
	it := s.qs.QuadsAllIterator().Iterate()
	for it.Next(ctx) {
		l, err := s.qs.QuadDirection(it.Result(), quad.Label)
		if err != nil {
			it.Close()
			return nil, nil, check, err
		}
		if l != nil {
			labels[fmt.Sprint(refs.ToKey(l))] = l
		}
	}
	err = it.Err()
	it.Close()
	if err != nil {
		return nil, nil, check, err
	}
	total := newContribution()
	for _, ref := range labels {
		label, err := s.qs.NameOf(ref)
		if err != nil {
			return nil, nil, check, err
		}
		iri, ok := label.(quad.IRI)
		if !ok {
			continue
		}
		qs, err := s.ArticleQuads(ctx, iri)
		if err != nil {
			return nil, nil, check, err
		}
		if IsSummaryGraph(iri) {
			have = append(have, qs...)
			continue
		}
		total.add(contributionOf(iri, qs), 1)
		check.Graphs++
	}
	want = summaryQuads(total)
	if check.Kept, err = s.HasSummaries(ctx); err != nil {
		return nil, nil, check, err
	}
	check.Quads = len(want)
	removes, adds := quadsDiff(have, want)
	check.Missing, check.Extra = len(adds), len(removes)
	return want, have, check, nil
}

// CheckSummaries recomputes the summaries from the graphs, in one
// snapshot, and compares them with the stored ones. Its cost grows with
// the store: it is for tests and `newsgraph summaries check`.
func (s *Store) CheckSummaries(ctx context.Context) (SummaryCheck, error) {
	var check SummaryCheck
	err := s.View(ctx, func(snap *Store) error {
		var err error
		_, _, check, err = snap.recomputeSummaries(ctx)
		return err
	})
	if err != nil {
		return check, fmt.Errorf("check summaries: %w", err)
	}
	return check, nil
}

// RebuildSummaries recomputes the summaries from the graphs and writes
// the difference from the stored ones in one transaction, so that a store
// written before summaries existed (or by a raw load) answers from them.
// It returns what it found before writing.
func (s *Store) RebuildSummaries(ctx context.Context) (SummaryCheck, error) {
	if s.snapshot {
		return SummaryCheck{}, errSnapshotWrite
	}
	if s.readOnly {
		return SummaryCheck{}, errReadOnly
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	unlock, err := s.lockWriters(ctx)
	if err != nil {
		return SummaryCheck{}, err
	}
	defer unlock()
	want, have, check, err := s.recomputeSummaries(ctx)
	if err != nil {
		return check, fmt.Errorf("rebuild summaries: %w", err)
	}
	removes, adds := quadsDiff(have, want)
	deltas := make([]graph.Delta, 0, len(removes)+len(adds))
	for _, q := range adds {
		deltas = append(deltas, graph.Delta{Quad: q, Action: graph.Add})
	}
	for _, q := range removes {
		deltas = append(deltas, graph.Delta{Quad: q, Action: graph.Delete})
	}
	if len(deltas) == 0 {
		return check, nil
	}
	if err := s.apply(ctx, slices.Clip(deltas), nil); err != nil {
		return check, fmt.Errorf("rebuild summaries: %w", err)
	}
	return check, nil
}
