package graph

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/google/uuid"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/schema"
)

// mapSide is a SideWriter over a map that counts writes.
type mapSide struct {
	m    map[string][]byte
	puts int
}

func (m *mapSide) SideGet(_ context.Context, bucket string, key []byte) ([]byte, error) {
	return m.m[bucket+"\x00"+string(key)], nil
}

func (m *mapSide) SideScan(_ context.Context, bucket string, prefix, from []byte, fn func(key, val []byte) bool) error {
	var keys []string
	for k := range m.m {
		if b, rest, _ := strings.Cut(k, "\x00"); b == bucket && strings.HasPrefix(rest, string(prefix)) && rest >= string(from) {
			keys = append(keys, rest)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !fn([]byte(k), m.m[bucket+"\x00"+k]) {
			break
		}
	}
	return nil
}

func (m *mapSide) SidePut(_ context.Context, bucket string, key, val []byte) error {
	m.puts++
	if len(val) == 0 {
		delete(m.m, bucket+"\x00"+string(key))
		return nil
	}
	m.m[bucket+"\x00"+string(key)] = slices.Clone(val)
	return nil
}

// entityFixture is the graph of one small article: a publisher, two
// countries, a base and an organisation, two events at the base.
func entityFixture(id, published string, withDenial bool) (quad.IRI, []quad.Quad) {
	ent := func(typ, key, name, code string) newsgraph.Entity {
		return newsgraph.Entity{ID: schema.EntityID(typ, key), Type: typ, Name: name, Code: code}
	}
	base := ent("Base", "Victory Base", "Victory Base", "")
	base.Country, base.CountryCode = "Iraq", "IQ"
	x := newsgraph.Extraction{
		Article: newsgraph.ArticleRecord{ID: id, URL: "https://example.org/" + id, Publisher: "Alpha News", Published: published},
		Entities: []newsgraph.Entity{ent("Country", "IQ", "Iraq", "IQ"), ent("Country", "US", "United States", "US"), base,
			ent("Organisation", "NATO", "NATO", ""), ent("Date", "2025-08", "August 2025", ""),
			{ID: schema.EntityID("Publisher", "Alpha News"), Type: "Publisher", Name: "Alpha News"}},
		Events: []newsgraph.Event{{ID: id + "-1", Type: "withdrawal", Date: "2025-08", Status: "completed", Actor: "United States",
			ActorCountryCode: "US", Bases: []string{"Victory Base"}, Country: "Iraq", CountryCode: "IQ", Evidence: "a sentence"}},
	}
	if withDenial {
		x.Events = append(x.Events, newsgraph.Event{ID: id + "-2", Type: "attack", Negated: true, Bases: []string{"Victory Base"},
			Country: "Iraq", CountryCode: "IQ", Evidence: "another sentence"})
	}
	label := schema.ArticleIRI(id)
	return label, schema.Quads(x, schema.Provenance{})
}

func TestEntityIndexChanges(t *testing.T) {
	ctx := context.Background()
	ix := entityIndexer{}
	w := &mapSide{m: map[string][]byte{}}
	a, qa := entityFixture("a1", "2025-09-01T10:00:00Z", true)
	b, qb := entityFixture("b2", "2025-09-03T10:00:00Z", false)
	_, qa2 := entityFixture("a1", "2025-09-01T10:00:00Z", false)
	base := schema.EntityIRI(schema.EntityID("Base", "Victory Base"))
	us := schema.EntityIRI(schema.EntityID("Country", "US"))
	nato := schema.EntityIRI(schema.EntityID("Organisation", "NATO"))
	pub := schema.EntityIRI(schema.EntityID("Publisher", "Alpha News"))
	type want struct {
		reports, articles, mentions, pairBaseNATO int
		newest                                    quad.IRI
	}
	check := func(step string, wt want) {
		t.Helper()
		var reps []EntityReport
		if err := EntityReports(ctx, w, base, func(r EntityReport) bool { reps = append(reps, r); return true }); err != nil {
			t.Fatal(err)
		}
		var arts []EntityArticle
		if err := EntityArticles(ctx, w, base, func(a EntityArticle) bool { arts = append(arts, a); return true }); err != nil {
			t.Fatal(err)
		}
		n, err := EntityMentionCount(ctx, w, base)
		if err != nil {
			t.Fatal(err)
		}
		pairs := map[quad.IRI]EntityPair{}
		if err := EntityPairs(ctx, w, base, func(p EntityPair) bool { pairs[p.Other] = p; return true }); err != nil {
			t.Fatal(err)
		}
		if len(reps) != wt.reports || len(arts) != wt.articles || n != wt.mentions || pairs[nato].Articles != wt.pairBaseNATO {
			t.Errorf("%s: %d reports, %d articles, %d mentions, %d with NATO; want %+v", step, len(reps), len(arts), n, pairs[nato].Articles, wt)
		}
		if wt.pairBaseNATO > 0 && pairs[nato].Type != "Organisation" {
			t.Errorf("%s: NATO's type is %q", step, pairs[nato].Type)
		}
		for _, p := range pairs {
			if p.Type == "Date" {
				t.Errorf("%s: a date is paired with the base", step)
			}
		}
		if len(arts) > 0 && arts[0].Article != wt.newest {
			t.Errorf("%s: newest article %s, want %s", step, arts[0].Article, wt.newest)
		}
		for _, a := range arts {
			if a.Publisher != pub || a.How != ArticleMentions {
				t.Errorf("%s: article %+v", step, a)
			}
		}
		for _, r := range reps {
			if r.Row.Type == "withdrawal" && (r.Row.Actor != string(us) || !slices.Equal(r.Roles, []string{"base"}) || r.Published == "") {
				t.Errorf("%s: report %+v", step, r)
			}
		}
	}
	steps := []struct {
		name    string
		changes []GraphChange
		want    want
		puts    func(n int) bool
	}{
		{"add a", []GraphChange{{Label: a, New: qa}}, want{2, 1, 1, 1, a}, nil},
		{"add b", []GraphChange{{Label: b, New: qb}}, want{3, 2, 2, 2, b}, nil},
		{"a unchanged", []GraphChange{{Label: a, Old: qa, New: qa}}, want{3, 2, 2, 2, b}, func(n int) bool { return n == 0 }},
		{"a loses its denial", []GraphChange{{Label: a, Old: qa, New: qa2}}, want{2, 2, 2, 2, b}, func(n int) bool { return n > 0 && n < 10 }},
		{"delete b", []GraphChange{{Label: b, Old: qb}}, want{1, 1, 1, 1, a}, nil},
		{"a twice in a batch, then deleted", []GraphChange{{Label: a, Old: qa2, New: qa}, {Label: a, Old: qa}}, want{0, 0, 0, 0, ""}, nil},
	}
	for _, st := range steps {
		before := w.puts
		if err := ix.IndexChanges(ctx, w, st.changes); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if st.puts != nil && !st.puts(w.puts-before) {
			t.Errorf("%s: %d writes", st.name, w.puts-before)
		}
		check(st.name, st.want)
	}
	if len(w.m) != 0 {
		t.Errorf("%d keys left after every article is deleted", len(w.m))
	}
}

func TestEntityIndexEncoding(t *testing.T) {
	for _, tc := range []struct {
		name string
		row  schema.EventRow
	}{
		{"full", schema.EventRow{Type: "withdrawal", Date: "2025-08-24", Negated: true, Status: "completed",
			Actor: string(schema.EntityIRI(schema.EntityID("Country", "US"))), Country: string(schema.EntityIRI(schema.EntityID("Country", "IQ"))),
			Bases:   []string{string(schema.EntityIRI(schema.EntityID("Base", "a"))), "https://example.org/not-minted"},
			Places:  []string{string(schema.EntityIRI(schema.EntityID("Place", "p")))},
			Article: string(schema.ArticleIRI("x"))}},
		{"empty", schema.EventRow{Type: "attack"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			val := encodeReport(tc.row, "2025-09-01", 0b0101)
			key := idKey(idKey(nil, string(schema.EntityIRI(schema.EntityID("Base", "a"))), entEntityPrefix), string(schema.EventIRI("e")), entEventPrefix)
			rep, err := decodeReport(key, val)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(rep.Row) != fmt.Sprint(tc.row) || rep.Published != "2025-09-01" || !slices.Equal(rep.Roles, []string{"actor", "place"}) || rep.Event != schema.EventIRI("e") {
				t.Errorf("decoded %+v, want %+v", rep, tc.row)
			}
		})
	}
	// Newer timestamps sort first, a date after the timestamps it prefixes.
	dates := []string{"2025-09-01T10:00:00Z", "2025-08-24T23:00:00Z", "2025-08-24", "2025-08", "2025", ""}
	var keys [][]byte
	for _, d := range dates {
		keys = append(keys, articleKey(string(schema.EntityIRI("x")), d, string(schema.ArticleIRI("a"))))
	}
	if !slices.IsSortedFunc(keys, bytes.Compare) {
		t.Errorf("article keys are not newest first")
	}
	for i, k := range keys {
		a, err := decodeArticle(k, []byte{ArticleMentions, 0})
		if err != nil || a.Published != dates[i] || a.Article != schema.ArticleIRI("a") {
			t.Errorf("%q: decoded %+v, %v", dates[i], a, err)
		}
	}
}

// TestCanonicalUUID checks the writer's UUID decoder against uuid's: it
// takes exactly the strings uuid.Parse reads and writes back unchanged.
func TestCanonicalUUID(t *testing.T) {
	u := uuid.New()
	cases := []string{
		u.String(),
		strings.ToUpper(u.String()),
		"00000000-0000-0000-0000-000000000000",
		"ffffffff-ffff-ffff-ffff-ffffffffffff",
		"ffffffff-ffff-ffff-ffff-fffffffffffg",
		"ffffffff+ffff-ffff-ffff-ffffffffffff",
		"{" + u.String()[:34] + "}",
		"urn:uuid:" + u.String(),
		strings.ReplaceAll(u.String(), "-", ""),
		u.String()[:35],
		"",
	}
	for _, s := range cases {
		want, err := uuid.Parse(s)
		wantOK := err == nil && want.String() == s
		got, ok := canonicalUUID(s)
		if ok != wantOK || ok && got != want {
			t.Errorf("%q: %v %v, want %v %v", s, got, ok, want, wantOK)
		}
	}
}
