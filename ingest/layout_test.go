package ingest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/loaders"
	"github.com/newsgraph/newsgraph/queries"
	"github.com/newsgraph/newsgraph/schema"
)

// answers runs stats, search and every listed entity's profile and
// sources, as JSON, for comparing two stores.
func answers(t *testing.T, in *ingest.Ingester) map[string]string {
	t.Helper()
	ctx := context.Background()
	out := map[string]string{}
	run := func(name string, args queries.Args) *queries.Result {
		res, err := queries.Run(ctx, in.Store, name, args)
		if err != nil {
			t.Fatalf("%s %v: %v", name, args, err)
		}
		if name == "stats" {
			// Fewer quads is the point; everything else must match.
			res.Rows = slices.DeleteFunc(res.Rows, func(r queries.Row) bool { return r.Values["what"] == "quads" || r.Values["what"] == "nodes" })
		}
		// Rows the query leaves unordered (an entity's aliases, events
		// of one date) come in the store's order, which differs between
		// layouts: the content is compared.
		slices.SortFunc(res.Rows, func(a, b queries.Row) int {
			ja, _ := json.Marshal(a)
			jb, _ := json.Marshal(b)
			return strings.Compare(string(ja), string(jb))
		})
		js, err := json.Marshal(res)
		if err != nil {
			t.Fatal(err)
		}
		out[name+" "+strings.Join(slices.Sorted(func(yield func(string) bool) {
			for k, v := range args {
				if !yield(k + "=" + v) {
					return
				}
			}
		}), " ")] = string(js)
		return res
	}
	run("stats", queries.Args{})
	list := run("search", queries.Args{"limit": "10000"})
	for _, r := range list.Rows {
		name, typ := r.Values["entity"].(string), r.Values["type"].(string)
		run("entity", queries.Args{"name": name, "type": typ})
	}
	return out
}

// writeLayout1 stores the articles of dir the way newsgraph did before
// layout 2: every fact in the article's graph, no layout version.
func writeLayout1(t *testing.T, in *ingest.Ingester, dir string) {
	t.Helper()
	ctx := context.Background()
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		arts, err := loaders.Read(ctx, f, loaders.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range arts {
			x := in.Pipeline.Extract(a)
			qs := schema.Quads(x, schema.Provenance{Extractor: in.Extractor()})
			// The first-ingest time came before layout 2 did: an old
			// store may hold it, and the migration keeps it.
			label := schema.ArticleIRI(x.Article.ID)
			qs = append(qs, quad.Make(label, schema.FirstIngested, quad.Time(in.Now().UTC()), label))
			if _, err := in.Store.ReplaceArticle(ctx, label, qs); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestMigrateLayout1 checks that the next ingest into a store of layout 1
// migrates it: it says so, records the layout, moves the gazetteer's facts
// out of the articles into the gazetteer's graph, and every answer stays
// the same; the store then states what a fresh ingest states.
func TestMigrateLayout1(t *testing.T) {
	ctx := context.Background()
	dir := copyArticles(t, 12)
	old := newIngester(t, "memory")
	writeLayout1(t, old, dir)
	if l, err := ingest.StoreLayout(ctx, old.Store); err != nil || l != 1 {
		t.Fatalf("layout of the old store = %d, %v; want 1", l, err)
	}
	before := answers(t, old)
	statsBefore, err := old.Store.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}

	var notes []string
	sum := old.Ingest(ctx, []string{dir}, ingest.Options{OnNote: func(m string) { notes = append(notes, m) }})
	if sum.Failed > 0 {
		t.Fatalf("ingest failed: %v", sum.Errors)
	}
	if sum.Stored != 0 {
		t.Errorf("the migrating ingest rewrote %d unchanged articles", sum.Stored)
	}
	if len(notes) == 0 || !strings.Contains(notes[0], "layout 1") {
		t.Errorf("the ingest said %q, want it to announce the migration", notes)
	}
	if l, err := ingest.StoreLayout(ctx, old.Store); err != nil || l != schema.StoreLayout {
		t.Fatalf("layout after the ingest = %d, %v; want %d", l, err, schema.StoreLayout)
	}
	statsAfter, err := old.Store.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if statsAfter.Quads >= statsBefore.Quads {
		t.Errorf("migration kept %d quads of %d", statsAfter.Quads, statsBefore.Quads)
	}
	after := answers(t, old)
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s changed with the migration:\n before %s\n after  %s", k, around(v, after[k]), around(after[k], v))
		}
	}

	fresh := newIngester(t, "memory")
	if sum := fresh.Ingest(ctx, []string{dir}, ingest.Options{}); sum.Failed > 0 {
		t.Fatalf("fresh ingest failed: %v", sum.Errors)
	}
	if got, want := tripleSet(t, export(t, old.Store)), tripleSet(t, export(t, fresh.Store)); !maps.Equal(got, want) {
		t.Errorf("the migrated store states %d statements, a fresh ingest %d", len(got), len(want))
	}
	for k, v := range answers(t, fresh) {
		if after[k] != v {
			t.Errorf("%s differs between the migrated store and a fresh ingest:\n migrated %s\n fresh    %s", k, around(after[k], v), around(v, after[k]))
		}
	}
}

// TestOldGazetteerGraphRemoved checks that a gazetteer graph no article
// uses any more is removed by the next ingest, and one still in use is
// kept.
func TestOldGazetteerGraphRemoved(t *testing.T) {
	ctx := context.Background()
	dir := copyArticles(t, 3)
	in := newIngester(t, "memory")
	stale := schema.GazetteerIRI("sha256:00old")
	link := quad.Quad{Subject: quad.IRI("https://example.org/article/old"), Predicate: schema.UsesGazetteer, Object: stale, Label: quad.IRI("https://example.org/article/old")}
	if _, err := in.Store.ReplaceArticle(ctx, stale, []quad.Quad{
		{Subject: stale, Predicate: schema.Type, Object: schema.ClassGazetteer, Label: stale},
		{Subject: quad.IRI("https://example.org/entity/x"), Predicate: schema.Name, Object: quad.String("X"), Label: stale},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Store.ReplaceArticle(ctx, link.Label.(quad.IRI), []quad.Quad{link}); err != nil {
		t.Fatal(err)
	}
	var notes []string
	opts := ingest.Options{OnNote: func(m string) { notes = append(notes, m) }}
	in.Ingest(ctx, []string{dir}, opts)
	if qs, _ := in.Store.ArticleQuads(ctx, stale); len(qs) != 2 {
		t.Errorf("a gazetteer graph still in use has %d quads left, want 2", len(qs))
	}
	if _, err := in.Store.DeleteArticle(ctx, link.Label.(quad.IRI)); err != nil {
		t.Fatal(err)
	}
	in.Ingest(ctx, []string{dir}, opts)
	if qs, _ := in.Store.ArticleQuads(ctx, stale); len(qs) != 0 {
		t.Errorf("an unused gazetteer graph kept %d quads", len(qs))
	}
	if !slices.ContainsFunc(notes, func(m string) bool { return strings.Contains(m, string(stale)) }) {
		t.Errorf("the ingest said %q, want it to name the graph it removed", notes)
	}
	current := schema.GazetteerIRI(in.Pipeline.Gazetteer().Digest)
	if qs, _ := in.Store.ArticleQuads(ctx, current); len(qs) == 0 {
		t.Error("the current gazetteer graph is empty")
	}
}

// tripleSet is the statements of an N-Quads export, without their graphs.
func tripleSet(t *testing.T, nq string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	rd := nquads.NewReader(strings.NewReader(nq), false)
	defer rd.Close()
	for {
		q, err := rd.ReadQuad()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out[quad.StringOf(q.Subject)+" "+quad.StringOf(q.Predicate)+" "+quad.StringOf(q.Object)] = true
	}
}

// around is a's text where it starts to differ from b.
func around(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return a[max(0, i-200):min(len(a), i+200)]
}

// TestMigrateLayout2 checks that the next ingest into a store of layout 2
// (the summaries kept as quads of their own graphs, no side index) deletes
// those graphs, rebuilds the side indexes and records layout 3: the store
// then holds what a fresh ingest holds and answers the same, from the
// summaries.
func TestMigrateLayout2(t *testing.T) {
	ctx := context.Background()
	dir := copyArticles(t, 8)
	old := newIngester(t, "memory")
	if sum := old.Ingest(ctx, []string{dir}, ingest.Options{}); sum.Failed > 0 {
		t.Fatalf("ingest failed: %v", sum.Errors)
	}
	// Make it a store main wrote: layout 2, summary graphs, and side
	// indexes it never kept (a raw load of nothing marks them stale).
	if _, err := old.Store.ReplaceArticle(ctx, schema.StoreIRI, []quad.Quad{
		{Subject: schema.StoreIRI, Predicate: schema.LayoutVersion, Object: quad.Int(2), Label: schema.StoreIRI},
	}); err != nil {
		t.Fatal(err)
	}
	cell := quad.IRI(string(graph.SummaryGraph) + "/base/x")
	oldSummaries := []quad.Quad{
		{Subject: quad.IRI(string(graph.SummaryGraph) + "/cell/x"), Predicate: quad.IRI(schema.NS + "summaryState"), Object: quad.String(`[{"e":1}]`), Label: cell},
		{Subject: quad.IRI(string(graph.SummaryGraph) + "/meta"), Predicate: quad.IRI(schema.NS + "summaryVersion"), Object: quad.String("3"), Label: graph.SummaryGraph},
	}
	for _, q := range oldSummaries {
		if _, err := old.Store.ReplaceArticle(ctx, q.Label.(quad.IRI), []quad.Quad{q}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := old.Store.LoadRaw(ctx, strings.NewReader(""), 0); err != nil {
		t.Fatal(err)
	}
	if has, err := old.Store.HasSummaries(ctx); err != nil || has {
		t.Fatalf("the old store keeps summaries: %v, %v", has, err)
	}

	// The next process's ingester, which has not checked the layout yet.
	old = &ingest.Ingester{Store: old.Store, Pipeline: old.Pipeline, Now: old.Now}
	var notes []string
	sum := old.Ingest(ctx, []string{dir}, ingest.Options{OnNote: func(m string) { notes = append(notes, m) }})
	if sum.Failed > 0 || sum.Stored != 0 {
		t.Fatalf("the migrating ingest: %d failed, %d stored (want 0, 0): %v", sum.Failed, sum.Stored, sum.Errors)
	}
	if len(notes) == 0 || !strings.Contains(notes[0], "layout 2") {
		t.Errorf("the ingest said %q, want it to announce the migration", notes)
	}
	if l, err := ingest.StoreLayout(ctx, old.Store); err != nil || l != schema.StoreLayout {
		t.Fatalf("layout after the ingest = %d, %v; want %d", l, err, schema.StoreLayout)
	}
	for _, q := range oldSummaries {
		if qs, err := old.Store.ArticleQuads(ctx, q.Label.(quad.IRI)); err != nil || len(qs) != 0 {
			t.Errorf("summary graph %s: %d quads left, %v", q.Label, len(qs), err)
		}
	}
	check, err := old.Store.CheckSummaries(ctx)
	if err != nil || !check.OK() || check.Keys == 0 {
		t.Fatalf("after the migration: %+v, %v", check, err)
	}

	fresh := newIngester(t, "memory")
	if sum := fresh.Ingest(ctx, []string{dir}, ingest.Options{}); sum.Failed > 0 {
		t.Fatalf("fresh ingest failed: %v", sum.Errors)
	}
	if got, want := tripleSet(t, export(t, old.Store)), tripleSet(t, export(t, fresh.Store)); !maps.Equal(got, want) {
		t.Errorf("the migrated store states %d statements, a fresh ingest %d", len(got), len(want))
	}
	migrated, want := answers(t, old), answers(t, fresh)
	for _, args := range []queries.Args{{}, {"event": "withdrawal"}, {"sort": "name", "status": "any"}} {
		for name, in := range map[string]*ingest.Ingester{"migrated": old, "fresh": fresh} {
			res, err := queries.Run(ctx, in.Store, "bases", args)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Notes) != 0 {
				t.Errorf("%s store, bases %v: notes %v, want an answer from the summaries", name, args, res.Notes)
			}
			js, _ := json.Marshal(res)
			migrated["bases "+fmt.Sprint(args)+" "+name] = string(js)
		}
		if a, b := migrated["bases "+fmt.Sprint(args)+" migrated"], migrated["bases "+fmt.Sprint(args)+" fresh"]; a != b {
			t.Errorf("bases %v differs:\n migrated %s\n fresh    %s", args, around(a, b), around(b, a))
		}
	}
	for k, v := range want {
		if migrated[k] != v {
			t.Errorf("%s differs between the migrated store and a fresh ingest:\n migrated %s\n fresh    %s", k, around(migrated[k], v), around(v, migrated[k]))
		}
	}
}
