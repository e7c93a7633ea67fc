package graph

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/schema"
)

// TestEntityIndexCountsAndSources follows the publisher counts, the type
// counts and the source rows through additions, a replacement and
// deletions.
func TestEntityIndexCountsAndSources(t *testing.T) {
	ctx := context.Background()
	ix := entityIndexer{}
	w := &mapSide{m: map[string][]byte{}}
	a, qa := entityFixture("a1", "2025-09-01T10:00:00Z", true)
	b, qb := entityFixture("b2", "2025-09-03T10:00:00Z", false)
	c, qc := entityFixture("c3", "2025-08-30T10:00:00Z", false)
	_, qb2 := entityFixture("b2", "2025-09-05T10:00:00Z", false)
	base := schema.EntityIRI(schema.EntityID("Base", "Victory Base"))
	nato := schema.EntityIRI(schema.EntityID("Organisation", "NATO"))
	pub := schema.EntityIRI(schema.EntityID("Publisher", "Alpha News"))
	steps := []struct {
		name    string
		changes []GraphChange
		// publishers of the base: "publisher n first last newest..."
		want string
	}{
		{"add a", []GraphChange{{Label: a, New: qa}}, "1 2025-09-01T10:00:00Z 2025-09-01T10:00:00Z [a1]"},
		{"add b and c", []GraphChange{{Label: b, New: qb}, {Label: c, New: qc}}, "3 2025-08-30T10:00:00Z 2025-09-03T10:00:00Z [b2 a1 c3]"},
		{"b is dated later", []GraphChange{{Label: b, Old: qb, New: qb2}}, "3 2025-08-30T10:00:00Z 2025-09-05T10:00:00Z [b2 a1 c3]"},
		{"delete c, the oldest", []GraphChange{{Label: c, Old: qc}}, "2 2025-09-01T10:00:00Z 2025-09-05T10:00:00Z [b2 a1]"},
		{"delete b, the newest", []GraphChange{{Label: b, Old: qb2}}, "1 2025-09-01T10:00:00Z 2025-09-01T10:00:00Z [a1]"},
		{"delete a", []GraphChange{{Label: a, Old: qa}}, ""},
	}
	for _, st := range steps {
		if err := ix.IndexChanges(ctx, w, st.changes); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		got := ""
		err := EntityPublishers(ctx, w, base, func(c PublisherCount) bool {
			if c.Publisher != pub {
				t.Errorf("%s: publisher %s", st.name, c.Publisher)
			}
			var ids []string
			err := EntityPublisherArticles(ctx, w, base, c.Publisher, func(a EntityArticle) bool {
				ids = append(ids, string(a.Article[len(schema.ArticleIRI("")):]))
				return true
			})
			if err != nil {
				t.Fatal(err)
			}
			got = fmt.Sprintf("%d %s %s %v", c.Articles, c.First, c.Last, ids)
			return true
		})
		if err != nil {
			t.Fatal(err)
		}
		if got != st.want {
			t.Errorf("%s: publishers %q, want %q", st.name, got, st.want)
		}
		if st.want == "" {
			continue
		}
		for ent, want := range map[quad.IRI]string{nato: "Organisation", pub: "Publisher", base: "Base"} {
			if typ, ok, err := EntityType(ctx, w, ent); err != nil || !ok || typ != want {
				t.Errorf("%s: type of %s %q %v %v, want %q", st.name, ent, typ, ok, err, want)
			}
		}
		for ent, want := range map[quad.IRI]string{nato: "NATO", pub: "Alpha News", base: "Victory Base"} {
			if name, ok, err := EntityName(ctx, w, ent); err != nil || !ok || name != want {
				t.Errorf("%s: name of %s %q %v %v, want %q", st.name, ent, name, ok, err, want)
			}
		}
		for ent, want := range map[quad.IRI]bool{nato: false, pub: true} {
			if got, err := EntityHasType(ctx, w, ent, "Publisher"); err != nil || got != want {
				t.Errorf("%s: %s is a publisher: %v (%v)", st.name, ent, got, err)
			}
		}
		src, ok, err := ArticleSourceOf(ctx, w, a)
		if err != nil || !ok || src.URL != "https://example.org/a1" || src.Published != "2025-09-01T10:00:00Z" || src.Publisher != pub || src.Identifier != "a1" {
			t.Errorf("%s: source of a %+v %v %v", st.name, src, ok, err)
		}
	}
	if len(w.m) != 0 {
		t.Errorf("%d keys left after every article is deleted", len(w.m))
	}
}

func TestSourceRow(t *testing.T) {
	a, qa := entityFixture("a1", "2025-09-01T10:00:00Z", false)
	pub := schema.EntityIRI(schema.EntityID("Publisher", "Publisher Two"))
	for _, tc := range []struct {
		name string
		qs   []quad.Quad
		ok   bool
	}{
		{"the article's graph", qa, true},
		{"no quads", nil, false},
		{"two headlines", append(slices.Clone(qa), quad.Make(a, schema.Headline, quad.String("one"), a), quad.Make(a, schema.Headline, quad.String("another"), a)), false},
		{"two publishers", append(slices.Clone(qa), quad.Make(a, schema.PublisherP, pub, a)), false},
		{"a literal publisher", append(slices.DeleteFunc(slices.Clone(qa), func(q quad.Quad) bool { return q.Predicate == schema.PublisherP }),
			quad.Make(a, schema.PublisherP, quad.String("Alpha News"), a)), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			row := sourceRow(string(a), tc.qs)
			if (row != nil) != tc.ok {
				t.Fatalf("row %x, want one: %v", row, tc.ok)
			}
			if row == nil {
				return
			}
			src, err := decodeSourceRow(row)
			if err != nil || src.Identifier != "a1" || src.URL != "https://example.org/a1" || src.Publisher == "" {
				t.Errorf("decoded %+v, %v", src, err)
			}
		})
	}
}

// TestEntityNameAmbiguous: an entity two graphs name differently has no
// name from the index (the graph's first one answers), until one goes.
func TestEntityNameAmbiguous(t *testing.T) {
	ctx := context.Background()
	w := &mapSide{m: map[string][]byte{}}
	nato := schema.EntityIRI(schema.EntityID("Organisation", "NATO"))
	gaz := quad.IRI("https://example.org/gazetteer")
	other := []quad.Quad{quad.Make(nato, schema.Name, quad.String("North Atlantic Treaty Organization"), gaz)}
	a, qa := entityFixture("a1", "2025-09-01T10:00:00Z", false)
	for _, st := range []struct {
		name    string
		changes []GraphChange
		ok      bool
		want    string
	}{
		{"one name", []GraphChange{{Label: a, New: qa}}, true, "NATO"},
		{"a second name", []GraphChange{{Label: gaz, New: other}}, false, ""},
		{"the article goes", []GraphChange{{Label: a, Old: qa}}, true, "North Atlantic Treaty Organization"},
	} {
		if err := (entityIndexer{}).IndexChanges(ctx, w, st.changes); err != nil {
			t.Fatal(err)
		}
		if name, ok, err := EntityName(ctx, w, nato); err != nil || ok != st.ok || name != st.want {
			t.Errorf("%s: %q %v %v, want %q %v", st.name, name, ok, err, st.want, st.ok)
		}
	}
}
