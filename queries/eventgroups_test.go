package queries

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/gen"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/internal/pgtest"
	"github.com/newsgraph/newsgraph/schema"
)

// groupFixture is a memory store of small extractions written for the
// grouping rules: one withdrawal from a base told by three articles (one
// month-precise, one day-precise, one denying it), the same again a month
// later, a year-only report, an attack on the same day, a plan, and an
// undated denial elsewhere.
func groupFixture(t *testing.T) *graph.Store {
	t.Helper()
	ctx := context.Background()
	s, err := graph.Open(ctx, "memory")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ent := func(typ, key, name, code string) newsgraph.Entity {
		return newsgraph.Entity{ID: schema.EntityID(typ, key), Type: typ, Name: name, Code: code}
	}
	iraq, us := ent("Country", "IQ", "Iraq", "IQ"), ent("Country", "US", "United States", "US")
	victory := ent("Base", "Victory Base", "Victory Base", "")
	victory.Country, victory.CountryCode = "Iraq", "IQ"
	other := ent("Base", "Camp Other", "Camp Other", "")
	ev := func(typ, date, status string, negated bool, base string) newsgraph.Event {
		e := newsgraph.Event{Type: typ, Date: date, Status: status, Negated: negated, Bases: []string{base},
			Country: "Iraq", CountryCode: "IQ", Evidence: "a sentence about " + typ + " on " + date}
		if typ != "attack" {
			e.Actor, e.ActorCountryCode = "United States", "US"
		}
		return e
	}
	articles := []struct {
		publisher string
		events    []newsgraph.Event
	}{
		{"Alpha News", []newsgraph.Event{ev("withdrawal", "2025-08", "completed", false, "Victory Base")}},
		{"Bravo Daily", []newsgraph.Event{ev("withdrawal", "2025-08-24", "ongoing", false, "Victory Base")}},
		{"Alpha News", []newsgraph.Event{ev("withdrawal", "2025-08-24", "", true, "Victory Base")}},
		{"Bravo Daily", []newsgraph.Event{ev("withdrawal", "2025-09-02", "completed", false, "Victory Base")}},
		{"Charlie Post", []newsgraph.Event{ev("attack", "2025-08-24", "completed", false, "Victory Base")}},
		{"Charlie Post", []newsgraph.Event{ev("withdrawal", "2025", "completed", false, "Victory Base")}},
		{"Alpha News", []newsgraph.Event{ev("withdrawal", "2026-01", "planned", false, "Victory Base")}},
		{"Bravo Daily", []newsgraph.Event{ev("deployment", "", "", true, "Camp Other")}},
	}
	for i, a := range articles {
		x := newsgraph.Extraction{
			Article:  newsgraph.ArticleRecord{ID: fmt.Sprintf("g%d", i), URL: fmt.Sprintf("https://example.org/g%d", i), Publisher: a.publisher, Published: fmt.Sprintf("2025-10-%02d", i+1)},
			Entities: []newsgraph.Entity{iraq, us, victory, other, {ID: schema.EntityID("Publisher", a.publisher), Type: "Publisher", Name: a.publisher}},
			Events:   a.events,
		}
		for j := range x.Events {
			x.Events[j].ID = fmt.Sprintf("e%d-%d", i, j)
		}
		if _, err := s.ReplaceArticle(ctx, schema.ArticleIRI(x.Article.ID), schema.Quads(x, schema.Provenance{})); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// rowLine is the part of an events row the table below checks.
func rowLine(r Row) string {
	v := r.Values
	line := fmt.Sprintf("%s %s", v["event"], v["date"])
	if v["date"] == "" {
		line = fmt.Sprintf("%s undated", v["event"])
	}
	line += fmt.Sprintf(" articles=%d publishers=%d", v["articles"], v["publisher_count"])
	if v["disputed"] == true {
		line += fmt.Sprintf(" disputed %d/%d", v["asserted"], v["denied"])
	} else if v["negated"] == true {
		line += " negated"
	}
	return line + " [" + str(v["status"]) + "]"
}

func TestEventsGroupReports(t *testing.T) {
	s := groupFixture(t)
	ctx := context.Background()
	disputed := "withdrawal 2025-08-24 articles=3 publishers=2 disputed 2/1 [completed; ongoing]"
	for _, tc := range []struct {
		name string
		args Args
		want []string
	}{
		{"asserted current, newest first", Args{}, []string{
			"withdrawal 2025-09-02 articles=1 publishers=1 [completed]",
			"attack 2025-08-24 articles=1 publishers=1 [completed]",
			disputed,
			"withdrawal 2025 articles=1 publishers=1 [completed]",
		}},
		{"denied: the disputed event and the undated denial", Args{"negated": "true"}, []string{
			disputed,
			"deployment undated articles=1 publishers=1 negated []",
		}},
		{"any status adds the plan", Args{"event": "withdrawal", "status": "any"}, []string{
			"withdrawal 2026-01 articles=1 publishers=1 [planned]",
			"withdrawal 2025-09-02 articles=1 publishers=1 [completed]",
			disputed,
			"withdrawal 2025 articles=1 publishers=1 [completed]",
		}},
		{"one status scans", Args{"status": "planned"}, []string{
			"withdrawal 2026-01 articles=1 publishers=1 [planned]",
		}},
		{"from a day inside a month", Args{"from": "2025-08-25"}, []string{
			"withdrawal 2025-09-02 articles=1 publishers=1 [completed]",
			"withdrawal 2025 articles=1 publishers=1 [completed]",
		}},
		{"to a day", Args{"to": "2025-08-24", "event": "withdrawal"}, []string{disputed, "withdrawal 2025 articles=1 publishers=1 [completed]"}},
		{"by actor alias and base", Args{"actor": "united states", "base": "victory base", "negated": "any"}, []string{
			"withdrawal 2025-09-02 articles=1 publishers=1 [completed]",
			disputed,
			"withdrawal 2025 articles=1 publishers=1 [completed]",
		}},
		{"by country", Args{"country": "Iraq", "event": "attack"}, []string{"attack 2025-08-24 articles=1 publishers=1 [completed]"}},
		{"an entity nothing names", Args{"base": "Camp Other"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, scan := range []bool{false, true} {
				full := withArgs(tc.args, Args{"negated": "false", "status": "current", "limit": "50", "offset": "0"})
				for k, v := range tc.args {
					full[k] = v
				}
				var res *Result
				err := s.View(ctx, func(snap *graph.Store) error {
					var err error
					res, err = testReader(snap, scan).events(ctx, full)
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, r := range res.Rows {
					got = append(got, rowLine(r))
				}
				if strings.Join(got, "\n") != strings.Join(tc.want, "\n") || res.Total != len(tc.want) {
					t.Errorf("scan=%v: total %d, rows\n%s\nwant\n%s", scan, res.Total, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
				}
			}
		})
	}
}

func TestReportsDrillDown(t *testing.T) {
	s := groupFixture(t)
	ctx := context.Background()
	events, err := Run(ctx, s, "events", Args{"event": "withdrawal", "negated": "true"})
	if err != nil || len(events.Rows) != 1 {
		t.Fatalf("events: %v, %d rows", err, len(events.Rows))
	}
	id := str(events.Rows[0].Values["event_id"])
	res, err := Run(ctx, s, "reports", Args{"event-id": id, "limit": "2"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 3 || len(res.Rows) != 2 || res.NextOffset != 2 {
		t.Fatalf("reports: total %d, %d rows, next %d; want 3 reports, a page of 2", res.Total, len(res.Rows), res.NextOffset)
	}
	var denied int
	for _, off := range []string{"0", "2"} {
		page, err := Run(ctx, s, "reports", Args{"event-id": id, "limit": "2", "offset": off})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page.Rows {
			if r.Values["negated"] == true {
				denied++
			}
			if !strings.HasPrefix(str(r.Values["evidence"]), "a sentence about withdrawal") {
				t.Errorf("report without its evidence: %v", r.Values)
			}
		}
	}
	if denied != 1 {
		t.Errorf("%d denying reports, want 1", denied)
	}
	if _, err := Run(ctx, s, "reports", Args{"event-id": "no-such-event"}); err == nil {
		t.Error("an unknown event-id answered")
	}
}

// TestEventsFastPathEqualsScan compares the two paths of the events query
// on the test corpus, page by page.
func TestEventsFastPathEqualsScan(t *testing.T) {
	s := store(t)
	ctx := context.Background()
	for _, args := range []Args{
		{}, {"negated": "any"}, {"negated": "true"}, {"status": "any"}, {"event": "withdrawal"},
		{"country": "Iraq"}, {"base": "al asad"}, {"actor": "US", "country": "Syria"}, {"from": "2024-03-15", "to": "2025-06"},
	} {
		for _, page := range []Args{{"limit": "5", "offset": "0"}, {"limit": "7", "offset": "4"}, {"limit": "10000", "offset": "0"}} {
			full := withArgs(Args{"negated": "false", "status": "current"}, withArgs(args, page))
			var fast, scan *Result
			err := s.View(ctx, func(snap *graph.Store) error {
				var err error
				if fast, err = testReader(snap, false).events(ctx, full); err != nil {
					return err
				}
				scan, err = testReader(snap, true).events(ctx, full)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if fast.Total != scan.Total || fmt.Sprint(fast.Rows) != fmt.Sprint(scan.Rows) {
				t.Errorf("%v: fast path total %d, scan %d; rows differ:\n%v\n%v", full, fast.Total, scan.Total, fast.Rows, scan.Rows)
			}
			if page["limit"] == "10000" && len(args) == 0 && fast.Total < 4 {
				t.Errorf("only %d events in the test corpus", fast.Total)
			}
		}
	}
}

// testReader is a reader of snap; scan makes it read the graph alone, as
// on a store without the events index.
func testReader(snap *graph.Store, scan bool) *reader {
	r := newReader(snap)
	if scan {
		r.withoutIndex()
	}
	return r
}

// TestEventsIndexEqualsGraph ingests a generated corpus into every
// backend and compares the events and reports queries read through the
// events index with the same queries read from the graph alone; then
// deletes a quarter of the articles, compares again, and checks that the
// index kept through those writes is the one a rebuild makes.
func TestEventsIndexEqualsGraph(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	if _, err := gen.Write(ctx, corpus, gen.Options{Articles: 100, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	p, err := extract.New(extract.Config{})
	if err != nil {
		t.Fatal(err)
	}
	stores := map[string]string{
		"memory":  "memory",
		"bolt":    "bolt:" + filepath.Join(dir, "s.bolt"),
		"leveldb": "leveldb:" + filepath.Join(dir, "s.leveldb"),
	}
	if pgtest.URL(t) != "" {
		stores["postgres"] = pgtest.NewDatabase(t)
	}
	for name, dsn := range stores {
		t.Run(name, func(t *testing.T) {
			s, err := graph.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			in := &ingest.Ingester{Store: s, Pipeline: p}
			if sum := in.Ingest(ctx, []string{corpus}, ingest.Options{Workers: 2}); sum.Failed > 0 || sum.Stored == 0 {
				t.Fatalf("ingest: %d failed, %d stored: %v", sum.Failed, sum.Stored, sum.Errors)
			}
			if kept, err := s.IndexKept(ctx, graph.EventIndexName); err != nil || !kept {
				t.Fatalf("events index kept %v, %v; want kept from the first write", kept, err)
			}
			compareEventPaths(t, s, true)
			labels := articleLabels(t, s)
			for i, l := range labels {
				if i%4 == 0 {
					if _, err := s.DeleteArticle(ctx, l); err != nil {
						t.Fatal(err)
					}
				}
			}
			compareEventPaths(t, s, false)
			kept := dumpEventIndex(t, s)
			if _, err := s.RebuildIndexes(ctx); err != nil {
				t.Fatal(err)
			}
			if rebuilt := dumpEventIndex(t, s); kept != rebuilt {
				t.Errorf("the index kept through writes differs from the rebuilt one:\n%s\nrebuilt:\n%s", kept, rebuilt)
			}
		})
	}
}

// compareEventPaths compares the events and reports answers of the
// index and of the graph on s; full also asks about the entities of the
// first rows.
func compareEventPaths(t *testing.T, s *graph.Store, full bool) {
	t.Helper()
	ctx := context.Background()
	run := func(args Args, scan bool) *Result {
		var res *Result
		err := s.View(ctx, func(snap *graph.Store) error {
			var err error
			res, err = testReader(snap, scan).events(ctx, args)
			return err
		})
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		return res
	}
	all := run(Args{"negated": "any", "status": "any", "limit": "10000", "offset": "0"}, true)
	if len(all.Rows) < 10 {
		t.Fatalf("only %d events in the generated corpus", len(all.Rows))
	}
	questions := []Args{{}, {"negated": "any"}, {"negated": "true"}, {"status": "any"}, {"status": "any", "negated": "any"},
		{"event": "withdrawal"}, {"from": "2024-03-15", "to": "2025-06"}}
	if full {
		for _, row := range all.Rows[:min(3, len(all.Rows))] {
			v := row.Values
			if b, _, _ := strings.Cut(str(v["bases"]), "; "); b != "" {
				questions = append(questions, Args{"base": b, "negated": "any"})
			}
			if c := str(v["country"]); c != "" {
				questions = append(questions, Args{"country": c, "event": str(v["event"])})
			}
			if a := str(v["actor"]); a != "" {
				questions = append(questions, Args{"actor": a, "status": "any"}, Args{"actor": a, "country": str(v["country"])})
			}
		}
	}
	for _, args := range questions {
		for _, page := range []Args{{"limit": "5", "offset": "0"}, {"limit": "7", "offset": "4"}, {"limit": "10000", "offset": "0"}} {
			q := withArgs(Args{"negated": "false", "status": "current"}, withArgs(args, page))
			index, scan := run(q, false), run(q, true)
			if index.Total != scan.Total || fmt.Sprint(index.Rows) != fmt.Sprint(scan.Rows) {
				t.Errorf("%v: index total %d, graph %d; rows differ:\n%v\n%v", q, index.Total, scan.Total, index.Rows, scan.Rows)
			}
		}
	}
	for _, row := range all.Rows[:min(20, len(all.Rows))] {
		id := str(row.Values["event_id"])
		var index, scan *Result
		err := s.View(ctx, func(snap *graph.Store) error {
			var err error
			if index, err = testReader(snap, false).reports(ctx, Args{"event-id": id, "limit": "50"}); err != nil {
				return err
			}
			scan, err = testReader(snap, true).reports(ctx, Args{"event-id": id, "limit": "50"})
			return err
		})
		if err != nil {
			t.Fatalf("reports %s: %v", id, err)
		}
		if index.Total != scan.Total || fmt.Sprint(index.Rows, index.Notes) != fmt.Sprint(scan.Rows, scan.Notes) {
			t.Errorf("reports %s: index %d reports, graph %d:\n%v\n%v", id, index.Total, scan.Total, index.Rows, scan.Rows)
		}
	}
}

// articleLabels lists the article graphs of s.
func articleLabels(t *testing.T, s *graph.Store) []quad.IRI {
	t.Helper()
	var out []quad.IRI
	err := s.View(context.Background(), func(snap *graph.Store) error {
		nodes, err := newReader(snap).subjects(context.Background(), schema.Type, schema.ClassNewsArticle)
		for _, n := range nodes {
			out = append(out, n.(quad.IRI))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// dumpEventIndex is every key and value of the events index, as text.
func dumpEventIndex(t *testing.T, s *graph.Store) string {
	t.Helper()
	var b strings.Builder
	for _, bucket := range []string{graph.EventRowsBucket, graph.EventGroupsBucket, graph.EventFacetsBucket, graph.EventFacetCountsBucket} {
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
