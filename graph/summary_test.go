package graph_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/internal/pgtest"
	"github.com/newsgraph/newsgraph/schema"
)

// randomExtraction makes a small article with random events over a few
// shared bases, actors, publishers and dates, so that articles overlap in
// every summary cell.
func randomExtraction(rng *rand.Rand, id string) newsgraph.Extraction {
	bases := []string{"North Field", "Harbour Point", "Ridge Station", "Lake Camp"}
	actors := []struct{ name, code string }{{"Freedonia", "FD"}, {"Sylvania", "SY"}, {"Osterlich", "OS"}}
	publishers := []string{"Daily Wire Service", "Evening Courier"}
	statuses := []string{"", newsgraph.StatusCompleted, newsgraph.StatusOngoing, newsgraph.StatusPlanned, newsgraph.StatusHistorical}
	dates := []string{"", "2025-01-03", "2025-02-10", "2025-02", "2025-03-22"}
	types := []string{newsgraph.EventWithdrawal, newsgraph.EventDeployment, newsgraph.EventAttack}
	pub := publishers[rng.IntN(len(publishers))]
	x := newsgraph.Extraction{Article: newsgraph.ArticleRecord{
		ID: id, URL: "https://example.test/" + id, Title: "story " + id, Published: "2025-03-30",
		Hash: fmt.Sprint(rng.Uint64()),
	}}
	x.Entities = append(x.Entities, newsgraph.Entity{ID: schema.EntityID(newsgraph.TypePublisher, pub), Type: newsgraph.TypePublisher, Name: pub})
	for _, a := range actors {
		x.Entities = append(x.Entities, newsgraph.Entity{ID: schema.EntityID(newsgraph.TypeCountry, a.code), Type: newsgraph.TypeCountry, Name: a.name, Code: a.code})
	}
	used := map[string]bool{}
	for i := range rng.IntN(4) {
		ev := newsgraph.Event{
			ID: schema.EventID(id, "e", i, 0), Type: types[rng.IntN(len(types))],
			Status: statuses[rng.IntN(len(statuses))], Date: dates[rng.IntN(len(dates))],
			Negated: rng.IntN(4) == 0, Evidence: "sentence " + fmt.Sprint(i),
		}
		if rng.IntN(3) > 0 {
			a := actors[rng.IntN(len(actors))]
			ev.Actor, ev.ActorCountryCode = a.name, a.code
		}
		for range 1 + rng.IntN(2) {
			bi := rng.IntN(len(bases))
			b := bases[bi]
			ev.Bases = append(ev.Bases, b)
			if !used[b] {
				used[b] = true
				// The first two bases are the gazetteer's (their facts
				// go to its graph when the article is split with it),
				// the others only the articles'; every base has one
				// host country and place.
				c := actors[bi%len(actors)]
				lat, lon := float64(10+bi), float64(-20-bi)
				x.Entities = append(x.Entities, newsgraph.Entity{
					ID: schema.EntityID(newsgraph.TypeBase, b), Type: newsgraph.TypeBase, Name: b,
					Country: c.name, CountryCode: c.code, Lat: &lat, Lon: &lon, Gazetteer: bi < 2, GazetteerCountry: bi < 2,
				})
			}
		}
		x.Events = append(x.Events, ev)
	}
	return x
}

// wantBaseEvents counts, from the live extractions themselves, the events
// of every status and negation per base, as the "any" summary row should.
func wantBaseEvents(live map[string]newsgraph.Extraction) map[string]int64 {
	out := map[string]int64{}
	for _, x := range live {
		for _, ev := range x.Events {
			seen := map[string]bool{}
			for _, b := range ev.Bases {
				if !seen[b] {
					seen[b] = true
					out[string(schema.EntityIRI(schema.EntityID(newsgraph.TypeBase, b)))]++
				}
			}
		}
	}
	return out
}

func checkSummaries(t *testing.T, ctx context.Context, s *graph.Store, live map[string]newsgraph.Extraction, step string) {
	t.Helper()
	check, err := s.CheckSummaries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !check.OK() {
		t.Fatalf("%s: stored summaries differ from a recomputation: %+v", step, check)
	}
	counts, ok, err := s.SummaryCounts(ctx)
	if err != nil || !ok {
		t.Fatalf("%s: counts %v %v", step, ok, err)
	}
	var events int64
	for _, x := range live {
		events += int64(len(x.Events))
	}
	var gotEvents int64
	for _, n := range counts.Events {
		gotEvents += n
	}
	if counts.Articles != int64(len(live)) || gotEvents != events {
		t.Fatalf("%s: counts say %d articles, %d events; want %d, %d", step, counts.Articles, gotEvents, len(live), events)
	}
	// Read in a snapshot, as queries do: on PostgreSQL the rows and the
	// bases' names are each one query of it.
	got := map[string]int64{}
	err = s.View(ctx, func(snap *graph.Store) error {
		rows, _, err := snap.BaseSummaries(ctx, "", "any", "any")
		if err != nil {
			return err
		}
		var bases []quad.Value
		for _, r := range rows {
			got[r.Base] = r.Events
			bases = append(bases, quad.IRI(r.Base))
		}
		facts, err := snap.Facts(ctx, bases, []quad.IRI{schema.Name, schema.ContainedInPlace, schema.Latitude, schema.Longitude})
		if err != nil {
			return err
		}
		for _, b := range bases {
			if name := facts[string(b.(quad.IRI))][schema.Name]; !strings.Contains(fmt.Sprint(name), " ") {
				return fmt.Errorf("base %s: name %v", b, name)
			}
		}
		// The facts each row holds are the graph's.
		for _, r := range rows {
			f := facts[r.Base]
			got := fmt.Sprint(quad.String(r.Name), quad.IRI(r.Country), quad.Float(*r.Lat), quad.Float(*r.Lon))
			if want := fmt.Sprint(f[schema.Name], f[schema.ContainedInPlace], f[schema.Latitude], f[schema.Longitude]); got != want {
				return fmt.Errorf("row of %s shows %s, the graph says %s", r.Base, got, want)
			}
		}
		return checkPages(ctx, snap)
	})
	if err != nil {
		t.Fatal(err)
	}
	want := wantBaseEvents(live)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("%s: events per base = %v, want %v", step, got, want)
	}
}

// rowOrders are the orders of the headline rows, as the bases answer
// sorts them (queries.sortBases).
var rowOrders = map[string]func(a, b graph.BaseRow) int{
	"events": func(a, b graph.BaseRow) int {
		return cmp.Or(cmp.Compare(b.Events, a.Events), cmp.Compare(b.Articles, a.Articles), strings.Compare(a.Base, b.Base))
	},
	"articles": func(a, b graph.BaseRow) int {
		return cmp.Or(cmp.Compare(b.Articles, a.Articles), cmp.Compare(b.Events, a.Events), strings.Compare(a.Base, b.Base))
	},
	"last": func(a, b graph.BaseRow) int {
		return cmp.Or(strings.Compare(b.Last, a.Last), cmp.Compare(b.Events, a.Events), strings.Compare(a.Base, b.Base))
	},
	"name": func(a, b graph.BaseRow) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), strings.Compare(a.Base, b.Base))
	},
}

// checkPages checks that every order's pages of every filter combination
// are the combination's rows in that order, and the total their number.
func checkPages(ctx context.Context, snap *graph.Store) error {
	for _, typ := range []string{"", newsgraph.EventWithdrawal, newsgraph.EventAttack} {
		for _, status := range []string{"", "any", newsgraph.StatusPlanned} {
			for _, neg := range []string{"", "true", "any"} {
				all, _, err := snap.BaseSummaries(ctx, typ, status, neg)
				if err != nil {
					return err
				}
				for order, by := range rowOrders {
					want := slices.Clone(all)
					slices.SortFunc(want, by)
					var got []graph.BaseRow
					for offset := 0; offset <= len(all); offset += 2 {
						page, total, ok, err := snap.BaseRows(ctx, typ, status, neg, order, offset, 2)
						if err != nil || !ok {
							return fmt.Errorf("page: %v, %w", ok, err)
						}
						if total != len(all) {
							return fmt.Errorf("%s/%s/%s: total %d, %d rows", typ, status, neg, total, len(all))
						}
						got = append(got, page...)
					}
					g, _ := json.Marshal(got)
					w, _ := json.Marshal(want)
					if !bytes.Equal(g, w) {
						return fmt.Errorf("%s/%s/%s by %s: pages\n%s\nwant\n%s", typ, status, neg, order, g, w)
					}
				}
			}
		}
	}
	return nil
}

// runSummaryProperty applies random additions, replacements and
// deletions, singly and in batches, and after each compares the stored
// summaries with a full recomputation from the quads.
func runSummaryProperty(t *testing.T, s *graph.Store, steps int) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(7, uint64(steps)))
	live := map[string]newsgraph.Extraction{}
	ids := []string{"a1", "a2", "a3", "a4", "a5", "a6"}
	for step := range steps {
		id := ids[rng.IntN(len(ids))]
		label := schema.ArticleIRI(id)
		var what string
		switch op := rng.IntN(5); {
		case op == 0:
			what = "delete " + id
			if _, err := s.DeleteArticle(ctx, label); err != nil {
				t.Fatal(err)
			}
			delete(live, id)
		case op == 1:
			var batch []graph.ArticleGraph
			var names []string
			for range 1 + rng.IntN(3) {
				id := ids[rng.IntN(len(ids))]
				x := randomExtraction(rng, id)
				var prov schema.Provenance
				if rng.IntN(2) == 0 {
					prov.Gazetteer = "sha256:test"
				}
				gs := schema.Split(x, prov)
				batch = append(batch, graph.ArticleGraph{Label: schema.ArticleIRI(id), Quads: gs.Article, Shared: gs.Gazetteer})
				live[id] = x
				names = append(names, id)
			}
			what = "batch " + strings.Join(names, ",")
			if _, err := s.ReplaceArticles(ctx, batch); err != nil {
				t.Fatal(err)
			}
		default:
			what = "replace " + id
			x := randomExtraction(rng, id)
			if _, err := s.ReplaceArticle(ctx, label, schema.Quads(x, schema.Provenance{})); err != nil {
				t.Fatal(err)
			}
			live[id] = x
		}
		checkSummaries(t, ctx, s, live, fmt.Sprintf("step %d (%s)", step, what))
	}
	// An export imported into an empty store has the same summaries; a
	// raw load keeps none until a rebuild.
	var nq bytes.Buffer
	if err := s.Export(ctx, &nq); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(nq.String(), string(graph.SummaryGraph)+">") {
		t.Fatal("the export holds the summary graph")
	}
	fresh := mustOpen(t, "memory")
	if _, err := fresh.Import(ctx, bytes.NewReader(nq.Bytes())); err != nil {
		t.Fatal(err)
	}
	checkSummaries(t, ctx, fresh, live, "import")
	raw := mustOpen(t, "memory")
	if _, err := raw.LoadRaw(ctx, bytes.NewReader(nq.Bytes()), 0); err != nil {
		t.Fatal(err)
	}
	if has, err := raw.HasSummaries(ctx); err != nil || has {
		t.Fatalf("after a raw load: has summaries %v, %v", has, err)
	}
	if _, err := raw.RebuildSummaries(ctx); err != nil {
		t.Fatal(err)
	}
	checkSummaries(t, ctx, raw, live, "rebuild")
}

func TestSummariesMemory(t *testing.T) {
	runSummaryProperty(t, mustOpen(t, "memory"), 80)
}

func TestSummariesBolt(t *testing.T) {
	runSummaryProperty(t, mustOpen(t, "bolt:"+filepath.Join(t.TempDir(), "g.db")), 60)
}

func TestSummariesLevelDB(t *testing.T) {
	runSummaryProperty(t, mustOpen(t, "leveldb:"+filepath.Join(t.TempDir(), "g")), 30)
}

func TestSummariesPostgres(t *testing.T) {
	runSummaryProperty(t, mustOpen(t, pgtest.NewDatabase(t)), 30)
}

// TestBulkWriteMatchesDirectWrite applies the same random additions,
// replacements and deletions to a store that writes its side indexes
// with every batch and to one in a bulk write (sidebuf.go), with a
// buffer that flushes at every batch and with one that waits for
// EndBulk; after each EndBulk both stores' side indexes must be
// identical, byte for byte, and only then answer.
func TestBulkWriteMatchesDirectWrite(t *testing.T) {
	ctx := context.Background()
	for _, limit := range []int{1, 1 << 30} {
		for _, backend := range []string{"bolt", "leveldb"} {
			t.Run(fmt.Sprintf("%s/buffer %d", backend, limit), func(t *testing.T) {
				dir := t.TempDir()
				direct := mustOpen(t, backend+":"+filepath.Join(dir, "direct"))
				bulk := mustOpen(t, backend+":"+filepath.Join(dir, "bulk"))
				if !bulk.BeginBulk(limit) {
					t.Fatal("BeginBulk refused")
				}
				graph.SetSideFlushChunk(bulk, 4000)
				rng := rand.New(rand.NewPCG(11, uint64(limit)))
				ids := []string{"a1", "a2", "a3", "a4", "a5", "a6", "a7"}
				for step := range 40 {
					var batch []graph.ArticleGraph
					for range 1 + rng.IntN(3) {
						id := ids[rng.IntN(len(ids))]
						if rng.IntN(5) == 0 {
							batch = append(batch, graph.ArticleGraph{Label: schema.ArticleIRI(id)})
							continue
						}
						prov := schema.Provenance{Gazetteer: "sha256:test"}
						gs := schema.Split(randomExtraction(rng, id), prov)
						batch = append(batch, graph.ArticleGraph{Label: schema.ArticleIRI(id), Quads: gs.Article, Shared: gs.Gazetteer})
					}
					for _, s := range []*graph.Store{direct, bulk} {
						if _, err := s.ReplaceArticles(ctx, batch); err != nil {
							t.Fatal(err)
						}
					}
					if kept, err := bulk.IndexKept(ctx, graph.SummaryIndex); err != nil || kept {
						t.Fatalf("step %d: during a bulk write the summaries are kept=%v (%v)", step, kept, err)
					}
					if step%6 != 5 && step != 39 {
						continue
					}
					if err := bulk.EndBulk(ctx); err != nil {
						t.Fatal(err)
					}
					if kept, err := bulk.IndexKept(ctx, graph.SummaryIndex); err != nil || !kept {
						t.Fatalf("step %d: after EndBulk the summaries are kept=%v (%v)", step, kept, err)
					}
					want, err := graph.SideDump(ctx, direct)
					if err != nil {
						t.Fatal(err)
					}
					got, err := graph.SideDump(ctx, bulk)
					if err != nil {
						t.Fatal(err)
					}
					for k, v := range want {
						if got[k] != v {
							t.Fatalf("step %d: %q = %q in bulk, %q direct", step, k, got[k], v)
						}
					}
					for k, v := range got {
						if _, ok := want[k]; !ok {
							t.Fatalf("step %d: bulk holds %q = %q, direct does not", step, k, v)
						}
					}
					if !bulk.BeginBulk(limit) {
						t.Fatal("BeginBulk refused")
					}
					graph.SetSideFlushChunk(bulk, 4000)
				}
				if err := bulk.EndBulk(ctx); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}
