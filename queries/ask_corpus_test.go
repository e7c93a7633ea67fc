package queries

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/internal/testenv"
)

// corpusOnce holds the project's corpus: testdata/articles and the seed
// article, ingested into a memory store once.
var corpusOnce struct {
	sync.Once
	s   *graph.Store
	err error
}

func corpus(t *testing.T) *graph.Store {
	t.Helper()
	seed := testenv.SeedPath(t)
	corpusOnce.Do(func() {
		ctx := context.Background()
		corpusOnce.s, corpusOnce.err = graph.Open(ctx, "memory")
		if corpusOnce.err != nil {
			return
		}
		p, err := extract.New(extract.Config{})
		if err != nil {
			corpusOnce.err = err
			return
		}
		files, err := testenv.ArticlePaths()
		if err != nil {
			corpusOnce.err = err
			return
		}
		in := &ingest.Ingester{Store: corpusOnce.s, Pipeline: p}
		if sum := in.Ingest(ctx, append(files, seed), ingest.Options{Workers: 2}); sum.Failed > 0 {
			corpusOnce.err = fmt.Errorf("ingest the corpus: %w", sum.Errors[0])
		}
	})
	if corpusOnce.err != nil {
		t.Fatal(corpusOnce.err)
	}
	return corpusOnce.s
}

// TestIssueQuestions asks the ten questions an analyst tried (issue 15)
// on the corpus; each check fails on the wrong answer the issue reported.
func TestIssueQuestions(t *testing.T) {
	every := func(key string, ok func(string) bool) func(*testing.T, *Answer) {
		return func(t *testing.T, ans *Answer) {
			if len(ans.Result.Rows) == 0 {
				t.Fatalf("no rows")
			}
			for _, r := range ans.Result.Rows {
				if v := fmt.Sprint(r.Values[key]); !ok(v) {
					t.Errorf("row with %s=%q: %v", key, v, r.Values)
				}
			}
		}
	}
	has := func(key, want string) func(*testing.T, *Answer) {
		return func(t *testing.T, ans *Answer) {
			if _, ok := findRow(ans.Result, func(r Row) bool { return strings.Contains(fmt.Sprint(r.Values[key]), want) }); !ok {
				t.Errorf("no row with %s %q: %v", key, want, ans.Result.Rows)
			}
		}
	}
	is := func(want string) func(string) bool { return func(v string) bool { return v == want } }
	// bases answers a row per base: its actors column lists each actor
	// with its count of events.
	onlyActor := func(want string) func(string) bool {
		return func(v string) bool { return strings.HasPrefix(v, want+" (") && !strings.Contains(v, ";") }
	}
	arg := func(key, want string) func(*testing.T, *Answer) {
		return func(t *testing.T, ans *Answer) {
			if ans.Args[key] != want {
				t.Errorf("%s=%q, want %q (%v)", key, ans.Args[key], want, ans.Args)
			}
		}
	}
	for _, tc := range []struct {
		question string
		checks   []func(*testing.T, *Answer)
	}{
		// Russia was dropped, and US and Djiboutian withdrawals answered.
		{"which bases did Russia leave in 2024?", []func(*testing.T, *Answer){every("actors", onlyActor("Russia")), arg("event", "withdrawal"), every("first", func(d string) bool { return strings.HasPrefix(d, "2024") }), every("last", func(d string) bool { return strings.HasPrefix(d, "2024") }), has("base", "Khmeimim"), has("base", "Tartus")}},
		// Al Udeid was dropped: every publisher of any attack answered.
		{"who reported the Al Udeid attack?", []func(*testing.T, *Answer){has("publisher", "Al Jazeera"), func(t *testing.T, ans *Answer) {
			all, err := Run(context.Background(), corpus(t), "sources", Args{"event": "attack"})
			if err != nil {
				t.Fatal(err)
			}
			if ans.Result.Total >= all.Total || ans.Args["entity"] != "Al Udeid Air Base" {
				t.Errorf("%d publishers for the Al Udeid attack, %d for every attack: Al Udeid not applied (%v)", ans.Result.Total, all.Total, ans.Args)
			}
		}}},
		// Russian and UN rows answered a question about the U.S.
		{"which bases did the U.S. withdraw from?", []func(*testing.T, *Answer){every("actors", onlyActor("United States")), arg("event", "withdrawal"), has("base", "Air Base 201")}},
		// Looked up an entity named "bases in Syria".
		{"who attacked bases in Syria?", []func(*testing.T, *Answer){every("country", is("Syria")), every("event", is("attack")), has("bases", "Al-Tanf")}},
		// Looked up an entity named "Russian bases".
		{"where are Russian bases?", []func(*testing.T, *Answer){arg("operator", "Russia"), every("base", func(v string) bool { return !strings.Contains(v, "Ain al-Asad") && !strings.Contains(v, "Victory") }), has("base", "Khmeimim"), has("base", "Tartus")}},
		// Refused.
		{"which countries host US bases?", []func(*testing.T, *Answer){has("country", "Iraq"), has("country", "Qatar"), has("country", "Niger")}},
		{"did France leave Chad?", []func(*testing.T, *Answer){every("actor", is("France")), func(t *testing.T, ans *Answer) {
			if ans.Verdict != VerdictYes {
				t.Errorf("verdict %q, want yes", ans.Verdict)
			}
		}}},
		// Refused; everything in the corpus was stored this week.
		{"what changed this week?", []func(*testing.T, *Answer){has("event", "withdrawal"), func(t *testing.T, ans *Answer) {
			all, err := Run(context.Background(), corpus(t), "events", Args{})
			if err != nil {
				t.Fatal(err)
			}
			if ans.Result.Total != all.Total {
				t.Errorf("%d events new this week, %d stored just now", ans.Result.Total, all.Total)
			}
		}}},
		// A base the gazetteer does not know is still a filter.
		{"did France hand over Adji Kossei?", []func(*testing.T, *Answer){every("bases", is("Adji Kossei Air Base")), func(t *testing.T, ans *Answer) {
			if ans.Verdict != VerdictYes {
				t.Errorf("verdict %q, want yes", ans.Verdict)
			}
		}}},
		{"which withdrawals were denied?", []func(*testing.T, *Answer){every("negated", is("true")), every("event", is("withdrawal")), has("bases", "Victory Base")}},
		{"who attacked Al Udeid?", []func(*testing.T, *Answer){every("actor", is("Iran")), every("bases", is("Al Udeid Air Base"))}},
	} {
		t.Run(tc.question, func(t *testing.T) {
			// "this week" is the week the corpus was stored in.
			ans, err := testAsker(t).Ask(context.Background(), corpus(t), tc.question, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range tc.checks {
				c(t, ans)
			}
		})
	}
}

// TestEventFilters checks the filters events and bases share on the
// corpus: each keeps only what it names, and narrows the unfiltered
// answer.
func TestEventFilters(t *testing.T) {
	ctx := context.Background()
	run := func(query string, args Args) *Result {
		t.Helper()
		res, err := Run(ctx, corpus(t), query, args)
		if err != nil {
			t.Fatalf("%s %v: %v", query, args, err)
		}
		return res
	}
	all := run("events", Args{}).Total
	for _, tc := range []struct {
		query string
		args  Args
		key   string
		ok    func(string) bool
	}{
		{"events", Args{"host-country": "Syria"}, "bases", func(v string) bool { return v != "" }},
		{"events", Args{"operator": "Russia", "event": "withdrawal"}, "bases", func(v string) bool {
			return strings.Contains(v, "Khmeimim") || strings.Contains(v, "Tartus") || strings.Contains(v, "Air Base 101")
		}},
		{"events", Args{"published-from": "2025-06", "published-to": "2025-06"}, "", nil},
		{"bases", Args{"actor": "France"}, "actors", func(v string) bool { return strings.HasPrefix(v, "France (") && !strings.Contains(v, ";") }},
		{"bases", Args{"actor": "Russia", "published-to": "2024"}, "actors", func(v string) bool { return strings.HasPrefix(v, "Russia (") && !strings.Contains(v, ";") }},
	} {
		res := run(tc.query, tc.args)
		if res.Total == 0 || tc.query == "events" && res.Total >= all {
			t.Errorf("%s %v: %d rows of %d", tc.query, tc.args, res.Total, all)
		}
		for _, r := range res.Rows {
			if tc.key != "" && !tc.ok(fmt.Sprint(r.Values[tc.key])) {
				t.Errorf("%s %v: row %v", tc.query, tc.args, r.Values)
			}
			for _, s := range r.Sources {
				if p := tc.args["published-from"]; p != "" && !inRange(s.Published, p, tc.args["published-to"]) {
					t.Errorf("%s %v: source published %s", tc.query, tc.args, s.Published)
				}
			}
		}
	}
	// Every article was first stored just now: none before tomorrow's
	// date is missed, none after it exists.
	if got := run("events", Args{"ingested-since": time.Now().UTC().Format("2006-01-02")}).Total; got != all {
		t.Errorf("ingested since today: %d events of %d", got, all)
	}
	if got := run("events", Args{"ingested-since": time.Now().UTC().AddDate(1, 0, 0).Format("2006")}).Total; got != 0 {
		t.Errorf("ingested since next year: %d events", got)
	}
	for _, bad := range []string{"last-refresh", "yesterday"} {
		if _, err := Run(ctx, corpus(t), "events", Args{"ingested-since": bad}); !errors.Is(err, ErrBadArgument) {
			t.Errorf("ingested-since=%s on a store without refresh runs: err %v, want a bad argument", bad, err)
		}
	}
}
