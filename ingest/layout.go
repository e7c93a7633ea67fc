package ingest

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/schema"
)

// ErrNewerLayout reports a store written by a newer newsgraph, whose
// layout this one does not know.
var ErrNewerLayout = errors.New("the store was written with a newer layout than this newsgraph knows")

// migrateBatch is how many articles a migration rewrites per transaction.
const migrateBatch = batchArticles

// StoreLayout reads the layout version of the store (schema.StoreLayout):
// 0 for a store that holds nothing yet, 1 for one written before the
// version was recorded.
func StoreLayout(ctx context.Context, s *graph.Store) (int, error) {
	layout := 0
	err := s.View(ctx, func(snap *graph.Store) error {
		v, err := snap.Value(ctx, schema.StoreIRI, schema.LayoutVersion)
		if err != nil {
			return err
		}
		if n, ok := v.(quad.Int); ok {
			layout = int(n)
			return nil
		}
		st, err := snap.Stats(ctx)
		if err != nil {
			return err
		}
		if st.Quads > 0 {
			layout = 1
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("read the store's layout version: %w", err)
	}
	return layout, nil
}

// upgradeStore brings the store to the current layout before anything is
// written: an empty store is marked, and one of layout 1 is migrated (see
// migrate), so a store is never left mixed. note hears what it does.
func (in *Ingester) upgradeStore(ctx context.Context, note func(string)) error {
	if in.layoutChecked.Load() {
		return nil
	}
	layout, err := StoreLayout(ctx, in.Store)
	if err != nil {
		return err
	}
	switch {
	case layout > schema.StoreLayout:
		return fmt.Errorf("store layout %d: %w (it writes layout %d)", layout, ErrNewerLayout, schema.StoreLayout)
	case layout == 1:
		if err := in.migrate(ctx, note); err != nil {
			return fmt.Errorf("migrate the store from layout 1 to %d: %w", schema.StoreLayout, err)
		}
	}
	if layout == 1 || layout == 2 {
		if err := in.migrateSummaries(ctx, layout, note); err != nil {
			return fmt.Errorf("migrate the store from layout %d to %d: %w", layout, schema.StoreLayout, err)
		}
	}
	pending, err := in.Store.SidePending(ctx)
	if err != nil {
		return fmt.Errorf("read the side indexes' state: %w", err)
	}
	outdated, err := in.Store.IndexesOutdated(ctx)
	if err != nil {
		return fmt.Errorf("read the side indexes' state: %w", err)
	}
	switch {
	case pending:
		note("an earlier bulk ingest did not end: rebuilding the side indexes from the graph")
		if _, err := in.Store.RebuildIndexes(ctx); err != nil {
			return fmt.Errorf("rebuild the side indexes after an unfinished bulk ingest: %w", err)
		}
	case len(outdated) > 0:
		note(fmt.Sprintf("side indexes of an older layout (%s): rebuilding them from the graph", strings.Join(outdated, ", ")))
		if _, err := in.Store.RebuildIndexes(ctx); err != nil {
			return fmt.Errorf("rebuild the side indexes of an older layout: %w", err)
		}
	}
	if layout != schema.StoreLayout {
		if _, err := in.Store.ReplaceArticle(ctx, schema.StoreIRI, []quad.Quad{
			{Subject: schema.StoreIRI, Predicate: schema.LayoutVersion, Object: quad.Int(schema.StoreLayout), Label: schema.StoreIRI},
		}); err != nil {
			return fmt.Errorf("record the store's layout version: %w", err)
		}
	}
	in.layoutChecked.Store(true)
	return nil
}

// migrateSummaries moves the summaries of a store of layout 1 or 2 out of
// the graph: the quads of their named graphs go, and the side indexes
// (the summaries among them) are rebuilt from the graphs, so the store
// answers from them before anything else is written.
func (in *Ingester) migrateSummaries(ctx context.Context, layout int, note func(string)) error {
	note(fmt.Sprintf("the store has layout %d: deleting the summaries' named graphs and rebuilding the side indexes, where layout %d keeps the summaries", layout, schema.StoreLayout))
	dropped, err := in.Store.DropSummaryGraphs(ctx)
	if err != nil {
		return err
	}
	graphs, err := in.Store.RebuildIndexes(ctx)
	if err != nil {
		return err
	}
	note(fmt.Sprintf("deleted %d summary quads; rebuilt the side indexes from %d graphs", dropped, graphs))
	return nil
}

// migrate rewrites every article graph of a layout-1 store: the quads that
// state what the current gazetteer knows (the same facts an extraction
// with it puts in the gazetteer's graph) move to that graph, and the
// article links to it. Facts the gazetteer does not state, such as those of
// an older gazetteer, stay in the article until it is extracted again. The
// answers of every query stay the same; the articles are not re-extracted
// (their text is not in the store).
func (in *Ingester) migrate(ctx context.Context, note func(string)) error {
	digest := in.Pipeline.Gazetteer().Digest
	gazLabel := schema.GazetteerIRI(digest)
	all := schema.Split(newsgraph.Extraction{
		Article:  newsgraph.ArticleRecord{ID: "gazetteer"},
		Entities: in.Pipeline.GazetteerEntities(),
	}, schema.Provenance{Gazetteer: digest})
	known := make(map[string]quad.Quad, len(all.Gazetteer))
	for _, q := range all.Gazetteer {
		if q.Subject != gazLabel {
			known[tripleKey(q)] = q
		}
	}
	var articles []quad.Value
	err := in.Store.View(ctx, func(snap *graph.Store) error {
		var err error
		articles, err = snap.Subjects(ctx, schema.Type, schema.ClassNewsArticle)
		return err
	})
	if err != nil {
		return err
	}
	note(fmt.Sprintf("the store has layout 1: moving what the gazetteer knows out of %d article graphs into %s (layout %d)", len(articles), string(gazLabel), schema.StoreLayout))
	header := []quad.Quad{
		{Subject: gazLabel, Predicate: schema.Type, Object: schema.ClassGazetteer, Label: gazLabel},
		{Subject: gazLabel, Predicate: schema.ContentHash, Object: quad.String(digest), Label: gazLabel},
	}
	moved := 0
	for start := 0; start < len(articles); start += migrateBatch {
		var graphs []graph.ArticleGraph
		for _, a := range articles[start:min(start+migrateBatch, len(articles))] {
			label, ok := a.(quad.IRI)
			if !ok {
				continue
			}
			old, err := in.Store.ArticleQuads(ctx, label)
			if err != nil {
				return err
			}
			g := graph.ArticleGraph{Label: label}
			for _, q := range old {
				if k, ok := known[tripleKey(q)]; ok {
					g.Shared = append(g.Shared, k)
					continue
				}
				g.Quads = append(g.Quads, q)
			}
			if len(g.Shared) == 0 {
				continue
			}
			moved += len(g.Shared)
			g.Shared = append(g.Shared, header...)
			g.Quads = append(g.Quads, quad.Quad{Subject: label, Predicate: schema.UsesGazetteer, Object: gazLabel, Label: label})
			graphs = append(graphs, g)
		}
		if _, err := in.Store.ReplaceArticles(ctx, graphs); err != nil {
			return err
		}
	}
	note(fmt.Sprintf("migrated %d article graphs: %d quads that restated the gazetteer left them; its graph states each fact once", len(articles), moved))
	return nil
}

// tripleKey identifies a quad's statement, whatever its graph.
func tripleKey(q quad.Quad) string {
	return quad.StringOf(q.Subject) + "\x00" + quad.StringOf(q.Predicate) + "\x00" + quad.StringOf(q.Object)
}

// dropUnusedGazetteers removes the graphs of gazetteers other than the
// pipeline's that no article uses any more: once every article naming a
// gazetteer entity is extracted with the new gazetteer, the old one's
// facts go.
func (in *Ingester) dropUnusedGazetteers(ctx context.Context, note func(string)) error {
	current := schema.GazetteerIRI(in.Pipeline.Gazetteer().Digest)
	var unused []quad.IRI
	err := in.Store.View(ctx, func(snap *graph.Store) error {
		graphs, err := snap.Subjects(ctx, schema.Type, schema.ClassGazetteer)
		if err != nil {
			return err
		}
		for _, g := range graphs {
			label, ok := g.(quad.IRI)
			if !ok || label == current {
				continue
			}
			users, err := snap.Subjects(ctx, schema.UsesGazetteer, label)
			if err != nil {
				return err
			}
			if len(users) == 0 {
				unused = append(unused, label)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("find unused gazetteer graphs: %w", err)
	}
	for _, label := range unused {
		n, err := in.Store.DeleteArticle(ctx, label)
		if err != nil {
			return fmt.Errorf("remove gazetteer graph %s: %w", label, err)
		}
		note(fmt.Sprintf("removed the graph of a gazetteer no article uses any more: %s (%d quads)", string(label), n))
	}
	return nil
}
