package graph

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/schema"
)

// randomExtraction is a small article whose events share bases, actors,
// months, statuses and polarity at random, so that groups gather reports
// of several articles and a replacement moves events between groups and
// classes.
func randomExtraction(rng *rand.Rand, id int) newsgraph.Extraction {
	ent := func(typ, name, code string) newsgraph.Entity {
		return newsgraph.Entity{ID: schema.EntityID(typ, name), Type: typ, Name: name, Code: code}
	}
	bases := []string{"Camp One", "Camp Two", "Camp Three"}
	x := newsgraph.Extraction{
		Article: newsgraph.ArticleRecord{ID: fmt.Sprintf("a%d", id), URL: fmt.Sprintf("https://example.test/a%d", id)},
		Entities: []newsgraph.Entity{ent("Country", "Iraq", "IQ"), ent("Country", "United States", "US"),
			ent("Base", bases[0], ""), ent("Base", bases[1], ""), ent("Base", bases[2], "")},
	}
	dates := []string{"", "2025", "2025-08", "2025-08-24", "2025-09-02", "2024-12-31"}
	statuses := []string{"", "completed", "ongoing", "planned"}
	for i := range 1 + rng.IntN(4) {
		ev := newsgraph.Event{ID: fmt.Sprintf("e%d-%d", id, i), Type: []string{"withdrawal", "attack"}[rng.IntN(2)],
			Date: dates[rng.IntN(len(dates))], Status: statuses[rng.IntN(len(statuses))], Negated: rng.IntN(4) == 0,
			Bases: []string{bases[rng.IntN(len(bases))]}}
		if rng.IntN(2) == 0 {
			ev.Country, ev.CountryCode = "Iraq", "IQ"
		}
		if rng.IntN(2) == 0 {
			ev.Actor = "United States"
		}
		x.Events = append(x.Events, ev)
	}
	return x
}

// dumpSide is every key and value of the buckets, as text.
func dumpSide(t *testing.T, s *Store, buckets []string) string {
	t.Helper()
	var b strings.Builder
	for _, bucket := range buckets {
		err := s.SideScan(context.Background(), bucket, nil, nil, func(k, v []byte) bool {
			fmt.Fprintf(&b, "%s %q %s\n", bucket, k, v)
			return true
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
}

// TestEventIndexFollowsWrites replaces and deletes random articles (one
// at a time and in batches) and checks after each step that the events
// index the writer kept equals the one a rebuild computes from the
// graphs, on every backend.
func TestEventIndexFollowsWrites(t *testing.T) {
	ctx := context.Background()
	buckets := eventIndexer{}.Buckets()
	for name, dsn := range sideTestStores(t) {
		t.Run(name, func(t *testing.T) {
			s, err := Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			rng := rand.New(rand.NewPCG(7, 11))
			label := func(i int) quad.IRI { return schema.ArticleIRI(fmt.Sprintf("a%d", i)) }
			for step := range 16 {
				switch {
				case step%5 == 4:
					if _, err := s.DeleteArticle(ctx, label(rng.IntN(8))); err != nil {
						t.Fatal(err)
					}
				case step%3 == 2:
					var batch []ArticleGraph
					for _, i := range rng.Perm(8)[:3] {
						batch = append(batch, ArticleGraph{Label: label(i), Quads: schema.Quads(randomExtraction(rng, i), schema.Provenance{})})
					}
					if _, err := s.ReplaceArticles(ctx, batch); err != nil {
						t.Fatal(err)
					}
				default:
					i := rng.IntN(8)
					if _, err := s.ReplaceArticle(ctx, label(i), schema.Quads(randomExtraction(rng, i), schema.Provenance{})); err != nil {
						t.Fatal(err)
					}
				}
				kept := dumpSide(t, s, buckets)
				if !strings.Contains(kept, EventFacetCountsBucket) && step > 0 {
					t.Fatalf("step %d: no facet counts in the index:\n%s", step, kept)
				}
				if _, err := s.RebuildIndexes(ctx); err != nil {
					t.Fatal(err)
				}
				if rebuilt := dumpSide(t, s, buckets); kept != rebuilt {
					t.Fatalf("step %d: the index kept through writes differs from the rebuilt one:\n%s\nrebuilt:\n%s", step, kept, rebuilt)
				}
			}
		})
	}
}
