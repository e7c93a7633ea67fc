package graph

import (
	"context"
	"fmt"
	"io"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"
)

// ArticleGraph is one article's named graph: its label and every quad in
// it (each quad's label must be Label).
type ArticleGraph struct {
	Label quad.IRI
	Quads []quad.Quad
	// Shared are quads of other named graphs that the article relies on
	// (what the gazetteer knows about the entities it names): those the
	// store lacks are added in the same transaction as the article, and
	// replacing or deleting the article never removes them.
	Shared []quad.Quad
}

// ReplaceArticles replaces the named graphs of several articles in one
// store transaction (on bolt and leveldb, Cayley's batch of additions and
// its batch of removals in one KV transaction; see apply): the result is the same as calling ReplaceArticle
// for each in order, and the Changes are those calls' results, but the
// store pays its per-transaction cost (bolt's fsync and page rewrites,
// PostgreSQL's commit) once per batch instead of once per article. A label
// that occurs twice is replaced twice in order: the last version wins.
//
// Either every article of the batch is written or, when it fails, none
// is; a process killed during the call leaves the store as it was before
// it. (Stores written before the two batches shared a transaction may
// hold an article with the additions of a replacement and not its
// removals; the next replacement of the article cleans that up.)
func (s *Store) ReplaceArticles(ctx context.Context, arts []ArticleGraph) ([]Change, error) {
	if s.snapshot {
		return nil, errSnapshotWrite
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	unlock, err := s.lockWriters(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	changes := make([]Change, len(arts))
	// current is each label's graph as the batch has left it so far,
	// starting from what the store holds.
	states := map[quad.IRI]*graphState{}
	var order []quad.IRI
	// keys[i] are the keys of arts[i].Quads, computed once: building
	// them was 7% of the writer's CPU time (pprof, 1k articles on bolt).
	keys := make([][]string, len(arts))
	for i, a := range arts {
		st, ok := states[a.Label]
		if !ok {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			old, err := s.ArticleQuads(ctx, a.Label)
			if err != nil {
				return nil, err
			}
			st = &graphState{old: old, stored: make(map[string]bool, len(old))}
			for _, q := range old {
				st.stored[quadKey(q)] = true
			}
			st.current = st.stored
			states[a.Label] = st
			order = append(order, a.Label)
		}
		st.last = i
		next := make(map[string]bool, len(a.Quads))
		keys[i] = make([]string, len(a.Quads))
		for j, q := range a.Quads {
			if q.Label != a.Label {
				return nil, fmt.Errorf("replace %s: quad %v has label %v", a.Label, q, q.Label)
			}
			k := quadKey(q)
			keys[i][j] = k
			if next[k] {
				continue
			}
			next[k] = true
			if !st.current[k] {
				changes[i].Added++
			}
		}
		for k := range st.current {
			if !next[k] {
				changes[i].Removed++
			}
		}
		st.current = next
	}
	// The net change of each graph, from what is stored to its last
	// version, in a deterministic order. No quad is both added and
	// removed (graphs differ by label), which Cayley's KV and SQL stores
	// would get wrong.
	var deltas []graph.Delta
	shared, err := s.sharedAdds(ctx, arts, states, changes)
	if err != nil {
		return nil, err
	}
	deltas = append(deltas, shared.deltas...)
	for _, label := range order {
		st := states[label]
		// The last version without repeats, for the deltas and the side
		// indexes, from the keys computed above.
		last := arts[st.last].Quads
		seen := make(map[string]bool, len(last))
		st.uniq = make([]quad.Quad, 0, len(last))
		for j, q := range last {
			k := keys[st.last][j]
			if seen[k] {
				continue
			}
			seen[k] = true
			st.uniq = append(st.uniq, q)
			if !st.stored[k] {
				deltas = append(deltas, graph.Delta{Quad: q, Action: graph.Add})
			}
		}
		for _, q := range st.old {
			if !st.current[quadKey(q)] {
				deltas = append(deltas, graph.Delta{Quad: q, Action: graph.Delete})
			}
		}
	}
	for _, label := range order {
		// A shared graph replaced as a whole: its cache is re-read.
		delete(s.shared, label)
	}
	if len(deltas) == 0 {
		return changes, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	graphs := make([]GraphChange, 0, len(order))
	for _, label := range order {
		st := states[label]
		graphs = append(graphs, GraphChange{Label: label, Old: st.old, New: st.uniq})
	}
	graphs = append(graphs, shared.changes()...)
	if err := s.apply(ctx, deltas, graphs); err != nil {
		return nil, fmt.Errorf("replace %d articles: %w", len(arts), err)
	}
	shared.commit(s)
	return changes, nil
}

// ReplaceArticleGraph is ReplaceArticles of one article.
func (s *Store) ReplaceArticleGraph(ctx context.Context, a ArticleGraph) (Change, error) {
	chs, err := s.ReplaceArticles(ctx, []ArticleGraph{a})
	if err != nil {
		return Change{}, err
	}
	return chs[0], nil
}

// sharedBatch is what a batch adds to shared graphs.
type sharedBatch struct {
	deltas []graph.Delta
	keys   map[quad.IRI][]string
}

// changes are the batch's additions to shared graphs, for the side
// indexes: a shared graph only grows, so its change holds no Old and, as
// New, the quads the batch adds to it.
func (b sharedBatch) changes() []GraphChange {
	var out []GraphChange
	byLabel := map[quad.IRI]int{}
	for _, d := range b.deltas {
		label, _ := d.Quad.Label.(quad.IRI)
		i, ok := byLabel[label]
		if !ok {
			i = len(out)
			byLabel[label] = i
			out = append(out, GraphChange{Label: label})
		}
		out[i].New = append(out[i].New, d.Quad)
	}
	return out
}

// commit records the batch's shared quads as stored, once its
// transaction has committed.
func (b sharedBatch) commit(s *Store) {
	for label, ks := range b.keys {
		stored := s.shared[label]
		if stored == nil {
			continue
		}
		for _, k := range ks {
			stored[k] = true
		}
	}
}

// sharedAdds lists the shared quads of arts the store lacks, counting each
// as added by the first article that brings it. What each shared graph
// holds is read once (through the label index) and then kept by the
// writer, so an article naming only known entities costs no read.
func (s *Store) sharedAdds(ctx context.Context, arts []ArticleGraph, replaced map[quad.IRI]*graphState, changes []Change) (sharedBatch, error) {
	b := sharedBatch{keys: map[quad.IRI][]string{}}
	seen := map[string]bool{}
	for i, a := range arts {
		for _, q := range a.Shared {
			label, ok := q.Label.(quad.IRI)
			if !ok || label == a.Label || replaced[label] != nil {
				return sharedBatch{}, fmt.Errorf("replace %s: shared quad %v must belong to another named graph than the batch's", a.Label, q)
			}
			stored, err := s.sharedGraph(ctx, label)
			if err != nil {
				return sharedBatch{}, err
			}
			k := quadKey(q)
			if stored[k] || seen[k] {
				continue
			}
			seen[k] = true
			b.keys[label] = append(b.keys[label], k)
			b.deltas = append(b.deltas, graph.Delta{Quad: q, Action: graph.Add})
			changes[i].Added++
		}
	}
	return b, nil
}

// sharedGraph returns the quad keys of a shared graph, read from the
// store on first use. The caller holds writeMu.
func (s *Store) sharedGraph(ctx context.Context, label quad.IRI) (map[string]bool, error) {
	if stored, ok := s.shared[label]; ok {
		return stored, nil
	}
	qs, err := s.ArticleQuads(ctx, label)
	if err != nil {
		return nil, err
	}
	stored := make(map[string]bool, len(qs))
	for _, q := range qs {
		stored[quadKey(q)] = true
	}
	if s.shared == nil {
		s.shared = map[quad.IRI]map[string]bool{}
	}
	s.shared[label] = stored
	return stored, nil
}

// graphState is a replaced graph as a batch has left it so far,
// starting from what the store holds.
type graphState struct {
	old     []quad.Quad
	stored  map[string]bool
	current map[string]bool
	last    int // index in arts of the label's last version
	// uniq is the last version's quads without repeats.
	uniq []quad.Quad
}

// DefaultRawBatch is the batch size of LoadRaw: the 10,000-quad
// ApplyDeltas batches CAYLEY.md measured Cayley's own load speed with.
const DefaultRawBatch = 10_000

// LoadRaw is Cayley's own bulk load, the yardstick that ingest speed is
// measured against: it reads N-Quads from r and adds them with
// ApplyDeltas in batches of batch quads (DefaultRawBatch when batch <= 0),
// without reading anything back, diffing or grouping by article. Quads
// already stored are ignored. It keeps no side index (see IndexKept). It returns the number of quads read.
func (s *Store) LoadRaw(ctx context.Context, r io.Reader, batch int) (int, error) {
	if batch <= 0 {
		batch = DefaultRawBatch
	}
	if s.snapshot {
		return 0, errSnapshotWrite
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	// A raw load keeps no side index (the summaries among them): the
	// store says so until `newsgraph summaries rebuild`, rather than
	// answer from stale ones.
	if err := s.dropSideMarkers(ctx); err != nil {
		return 0, fmt.Errorf("raw load: %w", err)
	}
	rd := nquads.NewReader(r, false)
	defer rd.Close()
	opts := graph.IgnoreOpts{IgnoreDup: true}
	deltas := make([]graph.Delta, 0, batch)
	n := 0
	flush := func() error {
		if len(deltas) == 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		// Each batch only adds, in one ApplyDeltas: atomic on every
		// backend but the memstore, which readers must be kept from.
		if s.backend == "memstore" {
			s.memMu.Lock()
		}
		err := s.qs.ApplyDeltas(deltas, opts)
		if s.backend == "memstore" {
			s.memMu.Unlock()
		}
		if err != nil {
			return fmt.Errorf("raw load: %w", err)
		}
		deltas = deltas[:0]
		return nil
	}
	for {
		q, err := rd.ReadQuad()
		if err == io.EOF {
			break
		}
		if err != nil {
			return n, fmt.Errorf("raw load: quad %d: %w", n+1, err)
		}
		deltas = append(deltas, graph.Delta{Quad: q, Action: graph.Add})
		n++
		if len(deltas) == batch {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	return n, flush()
}
