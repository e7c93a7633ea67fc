package queries

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/schema"
)

func run(t *testing.T, name string, args Args) *Result {
	t.Helper()
	res, err := Run(context.Background(), store(t), name, args)
	if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return res
}

// checkRows checks what every row of every module must carry: at least one
// source, and a corroboration count equal to the distinct articles (all
// listed when there are few).
func checkRows(t *testing.T, res *Result) {
	t.Helper()
	for i, r := range res.Rows {
		if len(r.Sources) == 0 || r.Corroboration < len(r.Sources) {
			t.Errorf("%s row %d: %d sources, corroboration %d: %v", res.Query, i, len(r.Sources), r.Corroboration, r.Values)
		}
		if r.Corroboration <= MaxListedSources && r.Corroboration != len(r.Sources) {
			t.Errorf("%s row %d: corroboration %d but %d sources listed", res.Query, i, r.Corroboration, len(r.Sources))
		}
		seen := map[string]bool{}
		for _, s := range r.Sources {
			if s.URL == "" || s.Article == "" || seen[s.Article] {
				t.Errorf("%s row %d: bad or repeated source %+v", res.Query, i, s)
			}
			seen[s.Article] = true
		}
		for _, c := range res.Columns {
			if _, ok := r.Values[c]; !ok && c != "sources" {
				t.Errorf("%s row %d lacks column %q", res.Query, i, c)
			}
		}
	}
}

func hasSource(r Row, urlPart string) bool {
	return slices.ContainsFunc(r.Sources, func(s Source) bool { return strings.Contains(s.URL, urlPart) })
}

func findRow(res *Result, match func(Row) bool) (Row, bool) {
	i := slices.IndexFunc(res.Rows, match)
	if i < 0 {
		return Row{}, false
	}
	return res.Rows[i], true
}

func TestTimeline(t *testing.T) {
	for _, tc := range []struct {
		name string
		args Args
		want func(t *testing.T, res *Result)
	}{
		{"alias in lower case finds the base", Args{"entity": "al asad"}, func(t *testing.T, res *Result) {
			if len(res.Notes) == 0 || !strings.Contains(res.Notes[0], "Ain al-Asad Air Base (Base)") {
				t.Errorf("notes %v", res.Notes)
			}
			r, ok := findRow(res, func(r Row) bool { return r.Values["event"] == "withdrawal" && r.Values["date"] == "2025-08-24" })
			if !ok {
				t.Fatalf("no withdrawal of 2025-08-24 in %d rows", len(res.Rows))
			}
			if r.Values["actor"] != "United States" || !strings.Contains(str(r.Values["role"]), "base") || !hasSource(r, "stripes.com") {
				t.Errorf("withdrawal row %v %v", r.Values, r.Sources)
			}
			if _, ok := findRow(res, func(r Row) bool { return r.Values["event"] == "attack" }); !ok {
				t.Errorf("the attacks on the base are missing")
			}
			for i := 1; i < len(res.Rows); i++ {
				if str(res.Rows[i-1].Values["date"]) > str(res.Rows[i].Values["date"]) {
					t.Errorf("rows out of date order at %d: %v > %v", i, res.Rows[i-1].Values["date"], res.Rows[i].Values["date"])
				}
			}
		}},
		{"date range", Args{"entity": "Ain al-Asad Air Base", "from": "2025-01", "to": "2025-12-31"}, func(t *testing.T, res *Result) {
			if len(res.Rows) == 0 {
				t.Fatal("no rows in 2025")
			}
			for _, r := range res.Rows {
				if d := str(r.Values["date"]); !strings.HasPrefix(d, "2025") {
					t.Errorf("row dated %q outside 2025", d)
				}
			}
		}},
		{"event filter", Args{"entity": "al-asad", "event": "attack"}, func(t *testing.T, res *Result) {
			if len(res.Rows) == 0 {
				t.Fatal("no attacks")
			}
			for _, r := range res.Rows {
				if r.Values["event"] != "attack" {
					t.Errorf("row %v", r.Values)
				}
			}
		}},
		{"negated only", Args{"entity": "Victory Base", "negated": "true"}, func(t *testing.T, res *Result) {
			r, ok := findRow(res, func(r Row) bool { return r.Values["event"] == "withdrawal" })
			if !ok || r.Values["negated"] != true || !hasSource(r, "rudaw.net") {
				t.Errorf("the denied withdrawal from Victory Base is missing: %v", res.Rows)
			}
			for _, r := range res.Rows {
				if r.Values["negated"] != true {
					t.Errorf("asserted row with negated=true: %v", r.Values)
				}
			}
		}},
		{"asserted only", Args{"entity": "Victory Base", "negated": "false"}, func(t *testing.T, res *Result) {
			for _, r := range res.Rows {
				if r.Values["negated"] != false {
					t.Errorf("negated row with negated=false: %v", r.Values)
				}
			}
		}},
		{"mentions add article rows", Args{"entity": "Al Udeid", "mentions": "true"}, func(t *testing.T, res *Result) {
			n := 0
			for _, r := range res.Rows {
				if r.Values["what"] == "article" {
					n++
					if len(r.Sources) != 1 || r.Values["date"] != datePart(r.Sources[0].Published) {
						t.Errorf("article row %v %v", r.Values, r.Sources)
					}
				}
			}
			if n != 2 {
				t.Errorf("%d article rows for Al Udeid, want 2 (Al Jazeera, AP)", n)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := run(t, "timeline", tc.args)
			checkRows(t, res)
			tc.want(t, res)
		})
	}
}

func TestEntity(t *testing.T) {
	for _, name := range []string{"al asad", "AIN AL-ASAD AIR BASE", "Ain al-Assad", "ayn al asad"} {
		t.Run(name, func(t *testing.T) {
			res := run(t, "entity", Args{"name": name})
			checkRows(t, res)
			fields := map[string][]string{}
			for _, r := range res.Rows {
				if r.Values["entity"] != "Ain al-Asad Air Base" {
					t.Fatalf("row about %v", r.Values["entity"])
				}
				fields[str(r.Values["field"])] = append(fields[str(r.Values["field"])], str(r.Values["value"]))
			}
			if !slices.Equal(fields["type"], []string{"Base"}) || !slices.Equal(fields["country"], []string{"Iraq"}) {
				t.Errorf("type %v country %v", fields["type"], fields["country"])
			}
			if !slices.Contains(fields["alias"], "Al Asad Air Base") || len(fields["coordinates"]) != 1 || len(fields["event"]) == 0 {
				t.Errorf("aliases %v coordinates %v events %v", fields["alias"], fields["coordinates"], fields["event"])
			}
			if !slices.Contains(fields["operator"], "United States") {
				t.Errorf("operators %v", fields["operator"])
			}
		})
	}
	t.Run("type filter", func(t *testing.T) {
		res := run(t, "entity", Args{"name": "Iraq", "type": "Country"})
		if r, ok := findRow(res, func(r Row) bool { return r.Values["field"] == "type" }); !ok || r.Values["value"] != "Country" {
			t.Errorf("Iraq profile %v", res.Rows)
		}
	})
}

func TestEntityArgumentErrors(t *testing.T) {
	for _, tc := range []struct {
		query string
		args  Args
		want  error
	}{
		{"entity", Args{"name": "Atlantis Naval Base"}, ErrNoEntity},
		{"entity", Args{"name": "air base"}, ErrBadArgument}, // ambiguous
		{"entity", Args{}, ErrBadArgument},                   // required
		{"timeline", Args{"entity": ""}, ErrBadArgument},
		{"path", Args{"from-entity": "Iraq"}, ErrBadArgument},
		{"path", Args{"from-entity": "Iraq", "to-entity": "Qatar", "max-depth": "x"}, ErrBadArgument},
		{"path", Args{"from-entity": "Iraq", "to-entity": "Qatar", "max-depth": "9"}, ErrBadArgument},
		{"path", Args{"from-entity": "Iraq", "to-entity": "Qatar", "max-depth": "0"}, ErrBadArgument},
		{"related", Args{"entity": "Iraq", "limit": "-1"}, ErrBadArgument},
		{"bases", Args{"from": "2025-13-45"}, ErrBadArgument},
		{"events", Args{"to": "2025-02-30"}, ErrBadArgument},
		{"bases", Args{"include-negated": "maybe"}, ErrBadArgument},
		{"sources", Args{}, ErrBadArgument},
		{"related", Args{"entity": "Nowhere Land"}, ErrNoEntity},
		{"search", Args{"type": "Planet"}, ErrBadArgument},
		{"nosuch", Args{}, ErrUnknownQuery},
	} {
		_, err := Run(context.Background(), store(t), tc.query, tc.args)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s %v: err = %v, want %v", tc.query, tc.args, err, tc.want)
		}
	}
}

func TestSources(t *testing.T) {
	t.Run("entity", func(t *testing.T) {
		res := run(t, "sources", Args{"entity": "al udeid"})
		checkRows(t, res)
		pubs := map[string]Row{}
		for _, r := range res.Rows {
			pubs[str(r.Values["publisher"])] = r
		}
		for _, p := range []string{"Al Jazeera", "Associated Press"} {
			r, ok := pubs[p]
			if !ok {
				t.Fatalf("publisher %s missing: %v", p, res.Rows)
			}
			if r.Corroboration != 1 || r.Values["first"] != r.Values["last"] || r.Values["first"] != datePart(r.Sources[0].Published) {
				t.Errorf("%s row %v", p, r.Values)
			}
		}
		if len(pubs) != 2 {
			t.Errorf("publishers %v, want Al Jazeera and Associated Press", res.Rows)
		}
	})
	t.Run("event type", func(t *testing.T) {
		res := run(t, "sources", Args{"event": "attack"})
		checkRows(t, res)
		total := 0
		for i, r := range res.Rows {
			total += r.Corroboration
			if i > 0 && res.Rows[i-1].Corroboration < r.Corroboration {
				t.Errorf("rows not sorted by articles")
			}
			for _, s := range r.Sources {
				if s.Evidence == "" || s.Publisher != r.Values["publisher"] {
					t.Errorf("source %+v in %v", s, r.Values["publisher"])
				}
			}
		}
		if total < 5 {
			t.Errorf("only %d articles report attacks", total)
		}
	})
	t.Run("event at entity", func(t *testing.T) {
		res := run(t, "sources", Args{"event": "withdrawal", "entity": "Ain al-Asad"})
		r, ok := findRow(res, func(r Row) bool { return r.Values["publisher"] == "Stars and Stripes" })
		if !ok || !strings.Contains(r.Sources[0].Evidence, "Ain al-Asad") {
			t.Errorf("rows %v", res.Rows)
		}
	})
	t.Run("published range", func(t *testing.T) {
		res := run(t, "sources", Args{"event": "attack", "from": "2025"})
		for _, r := range res.Rows {
			for _, s := range r.Sources {
				if s.Published < "2025" {
					t.Errorf("source published %s before 2025", s.Published)
				}
			}
		}
	})
}

func TestRelated(t *testing.T) {
	res := run(t, "related", Args{"entity": "Al Udeid Air Base"})
	checkRows(t, res)
	iran, ok := findRow(res, func(r Row) bool { return r.Values["entity"] == "Iran" })
	if !ok || iran.Corroboration != 2 {
		t.Errorf("Iran should be mentioned with Al Udeid in both articles: %v", res.Rows)
	}
	for i, r := range res.Rows {
		if r.Values["entity"] == "Al Udeid Air Base" || r.Values["type"] == "Date" {
			t.Errorf("row %v", r.Values)
		}
		if i > 0 && res.Rows[i-1].Corroboration < r.Corroboration {
			t.Errorf("rows not sorted by articles together")
		}
	}
	res = run(t, "related", Args{"entity": "Al Udeid Air Base", "type": "Country", "limit": "1"})
	if len(res.Rows) != 1 || res.Rows[0].Values["type"] != "Country" {
		t.Errorf("type and limit: %v", res.Rows)
	}
}

func TestPath(t *testing.T) {
	for _, tc := range []struct {
		args     Args
		from, to string
		maxHops  int
	}{
		{Args{"from-entity": "al asad", "to-entity": "erbil"}, "Ain al-Asad Air Base", "Erbil", 4},
		{Args{"from-entity": "Al Udeid", "to-entity": "Camp Lemonnier"}, "Al Udeid Air Base", "Camp Lemonnier", 4},
		{Args{"from-entity": "Victory Base", "to-entity": "Ain al-Asad", "via": "events"}, "Victory Base", "Ain al-Asad Air Base", 4},
	} {
		res := run(t, "path", tc.args)
		checkRows(t, res)
		if len(res.Rows) == 0 || len(res.Rows) > tc.maxHops {
			t.Fatalf("%v: %d hops, notes %v", tc.args, len(res.Rows), res.Notes)
		}
		if !strings.HasPrefix(str(res.Rows[0].Values["from"]), tc.from+" (") || !strings.HasPrefix(str(res.Rows[len(res.Rows)-1].Values["to"]), tc.to+" (") {
			t.Errorf("%v: path from %v to %v", tc.args, res.Rows[0].Values["from"], res.Rows[len(res.Rows)-1].Values["to"])
		}
		for i := 1; i < len(res.Rows); i++ {
			if res.Rows[i-1].Values["to"] != res.Rows[i].Values["from"] {
				t.Errorf("%v: hop %d ends at %v, hop %d starts at %v", tc.args, i, res.Rows[i-1].Values["to"], i+1, res.Rows[i].Values["from"])
			}
			if res.Rows[i].Values["step"] != i+1 {
				t.Errorf("step numbers %v", res.Rows[i].Values["step"])
			}
		}
		if tc.args["via"] == "events" {
			for _, r := range res.Rows {
				if strings.Contains(str(r.Values["from"]), "article:") || strings.Contains(str(r.Values["to"]), "article:") {
					t.Errorf("via=events went through an article: %v", r.Values)
				}
			}
		}
	}
	// Too short a search finds nothing, and says so.
	res := run(t, "path", Args{"from-entity": "Al Udeid", "to-entity": "Camp Lemonnier", "max-depth": "1"})
	if len(res.Rows) != 0 || !strings.Contains(strings.Join(res.Notes, " "), "no connection within 1 hops") {
		t.Errorf("max-depth 1: rows %v notes %v", res.Rows, res.Notes)
	}
}

func TestSearch(t *testing.T) {
	res := run(t, "search", Args{"name": "asa"})
	checkRows(t, res)
	if _, ok := findRow(res, func(r Row) bool { return r.Values["entity"] == "Ain al-Asad Air Base" }); !ok {
		t.Errorf("a word prefix does not find Ain al-Asad: %v", res.Rows)
	}
	res = run(t, "search", Args{"name": "camp", "limit": "3"})
	if len(res.Rows) != 3 || res.Total <= 3 || res.NextOffset != 3 {
		t.Errorf("limit 3: %d rows of %d, next offset %d; want 3 rows of more, next 3", len(res.Rows), res.Total, res.NextOffset)
	}
	next := run(t, "search", Args{"name": "camp", "limit": "3", "offset": "3"})
	if next.Total != res.Total || len(next.Rows) == 0 || next.Rows[0].Values["entity"] == res.Rows[0].Values["entity"] {
		t.Errorf("the second page (total %d) repeats or loses the first page's order (total %d): %v", next.Total, res.Total, next.Rows)
	}
	for _, r := range res.Rows {
		if r.Values["match"] != "prefix" {
			t.Errorf("name prefix matches should rank first: %v", r.Values)
		}
	}
	res = run(t, "search", Args{"type": "Base", "country": "iraq", "limit": "100"})
	names := map[string]bool{}
	for _, r := range res.Rows {
		names[str(r.Values["entity"])] = true
		if r.Values["type"] != "Base" || r.Values["country"] != "Iraq" {
			t.Errorf("row %v", r.Values)
		}
	}
	if !names["Ain al-Asad Air Base"] || !names["Victory Base"] {
		t.Errorf("bases in Iraq: %v", names)
	}
	res = run(t, "search", Args{"name": "K24"})
	if len(res.Rows) == 0 || res.Rows[0].Values["entity"] != "Kurdistan24" || res.Rows[0].Values["match"] != "alias" {
		t.Errorf("alias search: %v", res.Rows)
	}
}

func TestCountries(t *testing.T) {
	res := run(t, "countries", Args{"event": "attack"})
	checkRows(t, res)
	q, ok := findRow(res, func(r Row) bool { return r.Values["country"] == "Qatar" })
	if !ok || !strings.Contains(str(q.Values["bases"]), "Al Udeid Air Base") || q.Corroboration != 2 {
		t.Errorf("Qatar row %v (%d)", q.Values, q.Corroboration)
	}
	res = run(t, "countries", Args{"event": "attack", "from": "2025"})
	for _, r := range res.Rows {
		if r.Values["country"] == "Jordan" {
			t.Errorf("Tower 22 was attacked in 2024, not 2025: %v", r.Values)
		}
	}
}

func TestBasesOperator(t *testing.T) {
	all := run(t, "bases", Args{"event": "withdrawal"})
	us := run(t, "bases", Args{"event": "withdrawal", "operator": "US"})
	fr := run(t, "bases", Args{"event": "withdrawal", "operator": "france"})
	if len(us.Rows) == 0 || len(us.Rows) > len(all.Rows) {
		t.Fatalf("operator=US: %d rows of %d", len(us.Rows), len(all.Rows))
	}
	operated := func(base, operator string) bool {
		r := newReader(store(t))
		nodes, err := r.resolveEntities(context.Background(), base)
		if err != nil || len(nodes) == 0 {
			t.Fatalf("base %q: %v", base, err)
		}
		ops, err := r.all(context.Background(), nodes[0], schema.Operator)
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(ops, func(v quad.Value) bool { return valueString(v) == operator })
	}
	for _, r := range us.Rows {
		if !operated(str(r.Values["base"]), "United States") {
			t.Errorf("operator=US row %v", r.Values)
		}
	}
	for _, r := range fr.Rows {
		if !operated(str(r.Values["base"]), "France") {
			t.Errorf("operator=france row %v", r.Values)
		}
	}
	if len(fr.Rows) >= len(all.Rows) {
		t.Errorf("operator=france filters nothing: %d of %d", len(fr.Rows), len(all.Rows))
	}
}

func TestEventsFuzzyBase(t *testing.T) {
	res := run(t, "events", Args{"base": "al asad", "negated": "any"})
	if len(res.Rows) == 0 {
		t.Fatal("events --base 'al asad' found nothing")
	}
	for _, r := range res.Rows {
		if !strings.Contains(str(r.Values["bases"]), "Ain al-Asad Air Base") {
			t.Errorf("row %v", r.Values)
		}
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Ain al-Asad":      "ain al asad",
		"  AIN   AL ASAD ": "ain al asad",
		"Kościuszko":       "kosciuszko",
		"U.S.":             "us",
		"Da'esh":           "daesh",
		"Port-Bouët":       "port bouet",
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestPathFixture checks the search on a graph made by hand: the shortest
// path wins, and among equally short ones the path through an event beats
// the one through an article that merely mentions both ends.
func TestPathFixture(t *testing.T) {
	ctx := context.Background()
	s, err := graph.Open(ctx, "memory")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ent := func(typ, name string) newsgraph.Entity {
		return newsgraph.Entity{ID: schema.EntityID(typ, name), Type: typ, Name: name}
	}
	alpha, bravo, charlie := ent("Base", "Alpha Base"), ent("Place", "Bravo"), ent("Base", "Charlie Base")
	articles := []newsgraph.Extraction{
		{Entities: []newsgraph.Entity{alpha, bravo}, Events: []newsgraph.Event{{Type: "relocation", Bases: []string{"Alpha Base"}, Places: []string{"Bravo"}}}},
		{Entities: []newsgraph.Entity{bravo, charlie}},
		{Entities: []newsgraph.Entity{alpha, charlie}},
	}
	for i, x := range articles {
		x.Article = newsgraph.ArticleRecord{ID: fmt.Sprintf("a%d", i), URL: fmt.Sprintf("https://example.org/%d", i), Publisher: "Example", Published: "2025-01-0" + fmt.Sprint(i+1)}
		for j := range x.Events {
			x.Events[j].ID = fmt.Sprintf("e%d-%d", i, j)
		}
		if _, err := s.ReplaceArticle(ctx, schema.ArticleIRI(x.Article.ID), schema.Quads(x, schema.Provenance{})); err != nil {
			t.Fatal(err)
		}
	}
	hops := func(args Args) []string {
		res, err := Run(ctx, s, "path", args)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range res.Rows {
			out = append(out, str(r.Values["relation"]))
		}
		return out
	}
	if got := hops(Args{"from-entity": "alpha", "to-entity": "bravo"}); !slices.Equal(got, []string{"was the base of", "involved the place"}) {
		t.Errorf("alpha -> bravo went %v, want through the relocation", got)
	}
	if got := hops(Args{"from-entity": "alpha", "to-entity": "charlie"}); !slices.Equal(got, []string{"is mentioned in", "mentions"}) {
		t.Errorf("alpha -> charlie went %v, want through the article that names both", got)
	}
	if got := hops(Args{"from-entity": "alpha", "to-entity": "charlie", "via": "events"}); len(got) != 0 {
		t.Errorf("alpha -> charlie via events went %v; no event joins them", got)
	}
}

// TestEveryQueryPages checks that every module answers a bounded page with
// the total of what it matched, and that the pages of an answer put
// together are the whole answer.
func TestEveryQueryPages(t *testing.T) {
	for _, tc := range []struct {
		name string
		args Args
	}{
		{"bases", Args{}},
		{"events", Args{}},
		{"countries", Args{}},
		{"search", Args{}},
		{"sources", Args{"entity": "Iraq"}},
		{"timeline", Args{"entity": "Iraq"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			whole := run(t, tc.name, withArgs(tc.args, Args{"limit": "10000"}))
			if whole.Total != len(whole.Rows) || whole.Total < 4 {
				t.Fatalf("one page of 10000: %d rows, total %d (want every row, at least 4)", len(whole.Rows), whole.Total)
			}
			var joined []Row
			for offset := 0; ; {
				page := run(t, tc.name, withArgs(tc.args, Args{"limit": "3", "offset": fmt.Sprint(offset)}))
				if len(page.Rows) > 3 || page.Total != whole.Total {
					t.Fatalf("page at %d: %d rows, total %d; want at most 3 of %d", offset, len(page.Rows), page.Total, whole.Total)
				}
				joined = append(joined, page.Rows...)
				if page.NextOffset == 0 {
					break
				}
				offset = page.NextOffset
			}
			if len(joined) != whole.Total {
				t.Fatalf("the pages hold %d rows, the whole answer %d", len(joined), whole.Total)
			}
			for i := range joined {
				if fmt.Sprint(joined[i].Values) != fmt.Sprint(whole.Rows[i].Values) {
					t.Fatalf("row %d of the pages differs from the whole answer's: %v vs %v", i, joined[i].Values, whole.Rows[i].Values)
				}
			}
		})
	}
}

func withArgs(a, b Args) Args {
	out := Args{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}
