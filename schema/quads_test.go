package schema_test

import (
	"slices"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/schema"
)

const testDigest = "sha256:0123abcd"

func ptr(f float64) *float64 { return &f }

// testExtraction names a gazetteer base (by a spelling of its own and by
// an alias), a base no gazetteer knows, a publisher, and an event in a
// country the article does not name.
func testExtraction() newsgraph.Extraction {
	return newsgraph.Extraction{
		Article: newsgraph.ArticleRecord{ID: "a1", URL: "https://example.org/1", Title: "Troops leave", Publisher: "Example"},
		Entities: []newsgraph.Entity{
			{
				ID: schema.EntityID("Base", "Harbour Air Base"), Type: "Base", Name: "Harbour Air Base",
				Mentions: []string{"HARBOUR AIR BASE", "Harbour Field", "the harbour strip"},
				Aliases:  []string{"Harbour Field"}, Country: "Utopia", CountryCode: "UT", Kind: "air base",
				Operators: []string{"Utopia"}, Lat: ptr(1.5), Lon: ptr(2.5), Gazetteer: true, GazetteerCountry: true,
			},
			{ID: schema.EntityID("Base", "Camp Nowhere"), Type: "Base", Name: "Camp Nowhere", Mentions: []string{"Camp Nowhere"}},
			{ID: schema.EntityID("Publisher", "example.org"), Type: "Publisher", Name: "Example", Aliases: []string{"example.org"},
				Country: "Utopia", CountryCode: "UT", GazetteerCountry: true},
		},
		Events: []newsgraph.Event{{
			ID: "e1", Type: "withdrawal", Bases: []string{"Harbour Air Base", "Camp Nowhere"},
			Country: "Ruritania", CountryCode: "RU", GazetteerCountry: true,
		}},
	}
}

// triples is a set of quads without their labels.
func triples(qs ...[]quad.Quad) map[string]bool {
	out := map[string]bool{}
	for _, list := range qs {
		for _, q := range list {
			out[quad.StringOf(q.Subject)+" "+quad.StringOf(q.Predicate)+" "+quad.StringOf(q.Object)] = true
		}
	}
	return out
}

func has(qs []quad.Quad, s quad.Value, p quad.IRI, o quad.Value) bool {
	return slices.ContainsFunc(qs, func(q quad.Quad) bool {
		return quad.StringOf(q.Subject) == quad.StringOf(s) && q.Predicate == p && quad.StringOf(q.Object) == quad.StringOf(o)
	})
}

func TestSplitPlacesEachFact(t *testing.T) {
	x := testExtraction()
	g := schema.Split(x, schema.Provenance{Extractor: "test", Gazetteer: testDigest})
	article, gaz := schema.ArticleIRI("a1"), schema.GazetteerIRI(testDigest)
	base := schema.EntityIRI(x.Entities[0].ID)
	camp := schema.EntityIRI(x.Entities[1].ID)
	pub := schema.EntityIRI(x.Entities[2].ID)
	ut, ru := schema.CountryIRI("UT"), schema.CountryIRI("RU")
	for _, tc := range []struct {
		what      string
		s         quad.Value
		p         quad.IRI
		o         quad.Value
		inArticle bool
		inGaz     bool
	}{
		{"the article mentions the base", article, schema.Mentions, base, true, false},
		{"the base's type stays with the article", base, schema.Type, schema.ClassMilitaryBase, true, false},
		{"the gazetteer names the base", base, schema.Name, quad.String("Harbour Air Base"), false, true},
		{"the gazetteer gives the alias", base, schema.AlternateName, quad.String("Harbour Field"), false, true},
		{"an alias the article used is the gazetteer's", base, schema.AlternateName, quad.String("Harbour Field"), false, true},
		{"a spelling of the article's own stays", base, schema.AlternateName, quad.String("the harbour strip"), true, false},
		{"no name key is written (the name index replaces them)", base, schema.NameKey, quad.String(schema.FoldName("the harbour strip")), false, false},
		{"a spelling folding to a gazetteer key stays", base, schema.AlternateName, quad.String("HARBOUR AIR BASE"), true, false},
		{"nor a gazetteer name's", base, schema.NameKey, quad.String(schema.FoldName("Harbour Air Base")), false, false},
		{"coordinates are the gazetteer's", base, schema.Latitude, quad.Float(1.5), false, true},
		{"operators are the gazetteer's", base, schema.Operator, quad.String("Utopia"), false, true},
		{"the base's country is the gazetteer's", base, schema.ContainedInPlace, ut, false, true},
		{"the country's type stays with the article", ut, schema.Type, schema.ClassCountry, true, false},
		{"the country's name is the gazetteer's", ut, schema.Name, quad.String("Utopia"), false, true},
		{"an unknown base keeps its name in the article", camp, schema.Name, quad.String("Camp Nowhere"), true, false},
		{"a publisher's country link is the article's", pub, schema.ContainedInPlace, ut, true, false},
		{"a publisher's domain is the article's", pub, schema.Domain, quad.String("example.org"), true, false},
		{"an event's country name is the gazetteer's", ru, schema.Name, quad.String("Ruritania"), false, true},
		{"an event's country type is the article's", ru, schema.Type, schema.ClassCountry, true, false},
		{"the article links to the gazetteer graph", article, schema.UsesGazetteer, gaz, true, false},
		{"the gazetteer graph is typed", gaz, schema.Type, schema.ClassGazetteer, false, true},
		{"the gazetteer graph carries its digest", gaz, schema.ContentHash, quad.String(testDigest), false, true},
	} {
		if got := has(g.Article, tc.s, tc.p, tc.o); got != tc.inArticle {
			t.Errorf("%s: in the article graph %v, want %v", tc.what, got, tc.inArticle)
		}
		if got := has(g.Gazetteer, tc.s, tc.p, tc.o); got != tc.inGaz {
			t.Errorf("%s: in the gazetteer graph %v, want %v", tc.what, got, tc.inGaz)
		}
	}
	for _, q := range g.Article {
		if q.Label != article {
			t.Errorf("article quad %v has label %v", q, q.Label)
		}
	}
	for _, q := range g.Gazetteer {
		if q.Label != gaz {
			t.Errorf("gazetteer quad %v has label %v", q, q.Label)
		}
	}
}

// TestSplitStatesWhatQuadsDid checks that storing the gazetteer's facts
// once loses nothing: the statements of both graphs are those of layout 1
// (every fact in the article), plus the link and the gazetteer graph's
// own description.
func TestSplitStatesWhatQuadsDid(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*newsgraph.Extraction)
	}{
		{"as extracted", func(*newsgraph.Extraction) {}},
		{"no gazetteer entity", func(x *newsgraph.Extraction) {
			for i := range x.Entities {
				x.Entities[i].Gazetteer, x.Entities[i].GazetteerCountry = false, false
			}
			x.Events[0].GazetteerCountry = false
		}},
		{"no events", func(x *newsgraph.Extraction) { x.Events = nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := testExtraction()
			tc.edit(&x)
			inline := schema.Quads(x, schema.Provenance{Extractor: "test"})
			split := schema.Split(x, schema.Provenance{Extractor: "test", Gazetteer: testDigest})
			want := triples(inline)
			got := triples(split.Article, split.Gazetteer)
			gaz := schema.GazetteerIRI(testDigest)
			extra := triples([]quad.Quad{
				{Subject: schema.ArticleIRI("a1"), Predicate: schema.UsesGazetteer, Object: gaz},
				{Subject: gaz, Predicate: schema.Type, Object: schema.ClassGazetteer},
				{Subject: gaz, Predicate: schema.ContentHash, Object: quad.String(testDigest)},
			})
			for k := range want {
				if !got[k] {
					t.Errorf("lost %s", k)
				}
			}
			for k := range got {
				if !want[k] && !(extra[k] && len(split.Gazetteer) > 0) {
					t.Errorf("added %s", k)
				}
			}
			if len(split.Gazetteer) == 0 && has(split.Article, schema.ArticleIRI("a1"), schema.UsesGazetteer, gaz) {
				t.Error("an article that uses no gazetteer fact links to the gazetteer graph")
			}
			if len(split.Article)+len(split.Gazetteer) > len(inline)+3 {
				t.Errorf("split wrote %d+%d quads for %d inline", len(split.Article), len(split.Gazetteer), len(inline))
			}
		})
	}
}
