package queries

import (
	"context"
	"errors"
	"maps"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/extract/gazetteer"
)

// now anchors the relative dates of the question tests (a Wednesday).
var now = time.Date(2025, 9, 10, 12, 0, 0, 0, time.UTC)

// sharedAsker loads the gazetteer once for every question test.
var sharedAsker = sync.OnceValues(func() (*Asker, error) {
	g, err := gazetteer.Load()
	if err != nil {
		return nil, err
	}
	return NewAsker(g), nil
})

func testAsker(t testing.TB) *Asker {
	t.Helper()
	a, err := sharedAsker()
	if err != nil {
		t.Fatalf("load gazetteer: %v", err)
	}
	return a
}

// TestInterpret is the question table: each question with the query and
// arguments it must become, or (query "") the words its refusal must name.
func TestInterpret(t *testing.T) {
	for _, tc := range []struct {
		question string
		query    string
		args     Args
		refused  []string
	}{
		// Which bases did X leave / attack / deploy to (in T).
		{"which bases did Russia leave in 2024?", "bases", Args{"event": "withdrawal", "actor": "Russia", "from": "2024", "to": "2024"}, nil},
		{"which bases did the U.S. withdraw from?", "bases", Args{"event": "withdrawal", "actor": "United States"}, nil},
		{"Which bases has France pulled out of since 2023", "bases", Args{"event": "withdrawal", "actor": "France", "from": "2023"}, nil},
		{"which bases did Iran attack this year", "bases", Args{"event": "attack", "actor": "Iran", "from": "2025"}, nil},
		{"what bases did Germany deploy to?", "bases", Args{"event": "deployment", "actor": "Germany"}, nil},
		{"which bases were attacked by the Houthis last year", "bases", Args{"event": "attack", "actor": "Houthis", "from": "2024", "to": "2024"}, nil},
		{"which bases in Syria were struck?", "bases", Args{"event": "attack", "country": "Syria"}, nil},
		{"which American bases were attacked?", "bases", Args{"event": "attack", "operator": "United States"}, nil},
		{"which bases are linked to withdrawal events?", "bases", Args{"event": "withdrawal"}, nil},
		{"Which military bases saw attacks in Iraq?", "bases", Args{"event": "attack", "country": "Iraq"}, nil},
		{"which bases were attacked last year", "bases", Args{"event": "attack", "from": "2024", "to": "2024"}, nil},
		{"which bases are operated by France?", "bases", Args{"operator": "France"}, nil},
		{"which bases are in Iraq?", "search", Args{"type": "Base", "country": "Iraq"}, nil},
		{"which bases did Russia hand over to Victory Base?", "", nil, []string{"Victory Base"}},
		{"which bases did France leave after the attack?", "", nil, []string{"attack"}},
		{"which bases did the United States close in March 2024", "bases", Args{"event": "closure", "actor": "United States", "from": "2024-03", "to": "2024-03"}, nil},
		// Who attacked / left / deployed to B (in T).
		{"who attacked Al Udeid?", "events", Args{"event": "attack", "base": "Al Udeid Air Base"}, nil},
		{"who attacked bases in Syria?", "events", Args{"event": "attack", "host-country": "Syria"}, nil},
		{"who withdrew from Niger?", "events", Args{"event": "withdrawal", "country": "Niger"}, nil},
		{"who has deployed troops to Poland since 2024", "events", Args{"event": "deployment", "country": "Poland", "from": "2024"}, nil},
		{"who left Ain al-Asad in 2025?", "events", Args{"event": "withdrawal", "base": "Ain al-Asad Air Base", "from": "2025", "to": "2025"}, nil},
		{"who pulled out of Camp Lemonnier?", "events", Args{"event": "withdrawal", "base": "Camp Lemonnier"}, nil},
		{"who struck Tower 22 in Jordan?", "events", Args{"event": "attack", "base": "Tower 22", "country": "Jordan"}, nil},
		// Where are X's bases; which countries host X's bases or forces.
		{"where are Russian bases?", "bases", Args{"operator": "Russia", "negated": "any", "status": "any"}, nil},
		{"where are France's bases", "bases", Args{"operator": "France", "negated": "any", "status": "any"}, nil},
		{"where does the United Kingdom have bases?", "bases", Args{"operator": "United Kingdom", "negated": "any", "status": "any"}, nil},
		{"where are Turkish forces", "countries", Args{"operator": "Turkey"}, nil},
		{"which countries host US bases?", "countries", Args{"operator": "United States"}, nil},
		{"which countries host French forces?", "countries", Args{"operator": "France"}, nil},
		{"what countries have bases operated by Russia", "countries", Args{"operator": "Russia"}, nil},
		{"which countries host bases that were attacked this year?", "countries", Args{"event": "attack", "from": "2025"}, nil},
		{"what countries have bases linked to withdrawals", "countries", Args{"event": "withdrawal"}, nil},
		{"which countries host bases in Iraq?", "", nil, []string{"Iraq"}},
		// Did X leave / close / hand over B: yes or no with the evidence.
		{"did France leave Chad?", "events", Args{"event": "withdrawal", "actor": "France", "country": "Chad", "negated": "any"}, nil},
		{"did the United States leave Ain al-Asad?", "events", Args{"event": "withdrawal", "actor": "United States", "base": "Ain al-Asad Air Base", "negated": "any"}, nil},
		{"has the US closed Camp Lemonnier?", "events", Args{"event": "closure", "actor": "United States", "base": "Camp Lemonnier", "negated": "any"}, nil},
		{"did France hand over its bases in Chad in 2025?", "events", Args{"event": "handover", "actor": "France", "host-country": "Chad", "negated": "any", "from": "2025", "to": "2025"}, nil},
		{"was Victory Base handed over?", "events", Args{"event": "handover", "base": "Victory Base", "negated": "any"}, nil},
		{"did Russia not leave Hmeimim?", "events", Args{"event": "withdrawal", "actor": "Russia", "base": "Khmeimim Air Base", "negated": "any"}, nil},
		{"did the US leave Iraq and Syria?", "", nil, []string{"Syria"}},
		{"did France hand over Adji Kossei?", "events", Args{"event": "handover", "actor": "France", "base": "Adji Kossei", "negated": "any"}, nil},
		{"did Wagner leave Mali?", "events", Args{"event": "withdrawal", "actor": "Wagner Group", "country": "Mali", "negated": "any"}, nil},
		{"what happened at the US embassy in Baghdad", "", nil, []string{"US", "Baghdad"}},
		{"who reported the Reuters story on Al Udeid", "", nil, []string{"Reuters", "Al Udeid"}},
		{"which bases did Russia leave in Libya and Mali", "", nil, []string{"Mali"}},
		// What happened at B / in C (since T).
		{"What happened at Ain al-Asad since June?", "timeline", Args{"entity": "Ain al-Asad Air Base", "from": "2025-06"}, nil},
		{"what happened at Ain al-Asad since October?", "timeline", Args{"entity": "Ain al-Asad Air Base", "from": "2024-10"}, nil},
		{"what happened at al asad before 2025-09?", "timeline", Args{"entity": "al asad", "to": "2025-08-31"}, nil},
		{"what happened at Victory Base since 24 August 2025", "timeline", Args{"entity": "Victory Base", "from": "2025-08-24"}, nil},
		{"what happened in Iraq between March 2024 and June 2025?", "timeline", Args{"entity": "Iraq", "from": "2024-03", "to": "2025-06"}, nil},
		{"what happened in Syria this week", "timeline", Args{"entity": "Syria", "from": "2025-09-08"}, nil},
		{"what happened at Tower 22 last week", "timeline", Args{"entity": "Tower 22", "from": "2025-09-01", "to": "2025-09-07"}, nil},
		{"timeline of Victory Base", "timeline", Args{"entity": "Victory Base"}, nil},
		{"Show me the history of Camp Lemonnier", "timeline", Args{"entity": "Camp Lemonnier"}, nil},
		// Who reported E.
		{"who reported the Al Udeid attack?", "sources", Args{"event": "attack", "entity": "Al Udeid Air Base"}, nil},
		{"who reported on Ain al-Asad?", "sources", Args{"entity": "Ain al-Asad Air Base"}, nil},
		{"which publishers covered the Chagos treaty", "sources", Args{"event": "agreement", "entity": "Chagos Archipelago"}, nil},
		{"which publishers reported withdrawals?", "sources", Args{"event": "withdrawal"}, nil},
		{"which publishers reported the withdrawal from Victory Base?", "sources", Args{"event": "withdrawal", "entity": "Victory Base"}, nil},
		{"who reported on attacks in 2025", "sources", Args{"event": "attack", "from": "2025", "to": "2025"}, nil},
		{"who reported the denied withdrawal from Victory Base", "sources", Args{"event": "withdrawal", "entity": "Victory Base", "negated": "true"}, nil},
		{"who reported the US withdrawal from Ain al-Asad", "", nil, []string{"Ain al-Asad"}},
		// What is new.
		{"what is new?", "events", Args{"ingested-since": "last-refresh"}, nil},
		{"what changed this week?", "events", Args{"ingested-since": "2025-09-08"}, nil},
		{"what changed since the last refresh?", "events", Args{"ingested-since": "last-refresh"}, nil},
		{"what's new since June 2025", "events", Args{"ingested-since": "2025-06"}, nil},
		{"what is new about attacks in Iraq?", "events", Args{"ingested-since": "last-refresh", "event": "attack", "country": "Iraq"}, nil},
		{"what was new last month", "", nil, []string{"last month"}},
		// Denials and event lists.
		{"which withdrawals were denied?", "events", Args{"event": "withdrawal", "negated": "true"}, nil},
		{"which attacks on Al Udeid were denied", "events", Args{"event": "attack", "base": "Al Udeid Air Base", "negated": "true"}, nil},
		{"list denied withdrawals by Russia since the last refresh", "events", Args{"event": "withdrawal", "actor": "Russia", "negated": "true", "ingested-since": "last-refresh"}, nil},
		{"events in Iraq", "events", Args{"country": "Iraq"}, nil},
		{"events in Iraq in 2024", "events", Args{"country": "Iraq", "from": "2024", "to": "2024"}, nil},
		{"which attacks happened in Syria?", "events", Args{"event": "attack", "country": "Syria"}, nil},
		{"attacks by Iran", "events", Args{"event": "attack", "actor": "Iran"}, nil},
		{"list withdrawals from Victory Base", "events", Args{"event": "withdrawal", "base": "Victory Base"}, nil},
		{"where did the US withdraw from?", "events", Args{"event": "withdrawal", "actor": "United States"}, nil},
		{"Where has France deployed troops since 2024?", "events", Args{"event": "deployment", "actor": "France", "from": "2024"}, nil},
		{"Russian withdrawals", "events", Args{"event": "withdrawal", "actor": "Russia"}, nil},
		{"attacks on Iraqi bases", "events", Args{"event": "attack", "operator": "Iraq"}, nil},
		{"attacks in 2024 at Tower 22", "", nil, []string{"2024"}},
		// Entities, paths, search, stats.
		{"how is Ain al-Asad connected to Erbil?", "path", Args{"from-entity": "Ain al-Asad Air Base", "to-entity": "Erbil"}, nil},
		{"how are Iraq and Qatar related", "path", Args{"from-entity": "Iraq", "to-entity": "Qatar"}, nil},
		{"path from Victory Base to Erbil", "path", Args{"from-entity": "Victory Base", "to-entity": "Erbil"}, nil},
		{"who is mentioned with Iraq?", "related", Args{"entity": "Iraq"}, nil},
		{"what is related to Al Udeid", "related", Args{"entity": "Al Udeid Air Base"}, nil},
		{"tell me about Camp Lemonnier", "entity", Args{"entity": "Camp Lemonnier"}, nil},
		{"where is Camp Lemonnier?", "entity", Args{"entity": "Camp Lemonnier"}, nil},
		{"find bases called camp", "search", Args{"name": "camp", "type": "Base"}, nil},
		{"search for camp in Japan", "search", Args{"name": "camp", "country": "Japan"}, nil},
		{"how many articles are in the graph?", "stats", Args{}, nil},
		{"what is in the graph?", "stats", Args{}, nil},
		{"tell me about Camp Lemonnier since 2024", "", nil, []string{"since 2024"}},
	} {
		t.Run(tc.question, func(t *testing.T) {
			p, err := testAsker(t).Interpret(tc.question, now)
			if tc.query == "" {
				var rf *RefusalError
				if !errors.As(err, &rf) || !errors.Is(err, ErrRefused) {
					t.Fatalf("got plan %s %v (err %v), want a refusal naming %q", p.Query, p.Args, err, tc.refused)
				}
				for _, w := range tc.refused {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("refusal %q does not name %q", err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.Query != tc.query || !maps.Equal(p.Args, tc.args) {
				t.Fatalf("became %s %v, want %s %v (form %q)", p.Query, p.Args, tc.query, tc.args, p.Template)
			}
			if p.Question != tc.question || p.Template == "" {
				t.Errorf("plan %+v", p)
			}
			if !strings.HasPrefix(p.Command, "newsgraph query "+tc.query) || !strings.HasPrefix(p.Path, "/api/v1/queries/"+tc.query) {
				t.Errorf("command %q path %q", p.Command, p.Path)
			}
			checkNothingDropped(t, p)
			// The plan must be a valid query: its arguments pass Run's
			// checks (the store is not needed to learn that).
			m, _ := Lookup(p.Query)
			for k, v := range p.Args {
				i := -1
				for j, prm := range m.Params {
					if prm.Name == k {
						i = j
					}
				}
				if i < 0 {
					t.Errorf("argument %s is not a parameter of %s", k, p.Query)
				} else if err := checkParam(m.Params[i], v); err != nil {
					t.Errorf("argument %s=%q: %v", k, v, err)
				}
			}
		})
	}
}

// checkNothingDropped checks that every entity, event word, negation and
// time phrase the recognisers found shows in the plan's arguments.
func checkNothingDropped(t *testing.T, p Plan) {
	t.Helper()
	var values []string
	for k, v := range p.Args {
		values = append(values, strings.ToLower(k+"="+v))
	}
	in := func(s string) bool {
		for _, v := range values {
			if strings.Contains(v, strings.ToLower(s)) {
				return true
			}
		}
		return false
	}
	for _, r := range p.Recognised {
		switch r.Kind {
		case "negation":
			if p.Args["negated"] != "true" && p.Args["negated"] != "any" {
				t.Errorf("negation %q dropped: %v", r.Text, p.Args)
			}
		case "time":
			if !in("from=") && !in("to=") && !in("ingested-since=") {
				t.Errorf("time %q dropped: %v", r.Text, p.Args)
			}
		default:
			if !in(r.Value) && !in(r.Text) {
				t.Errorf("%s %q (%s) dropped: %v", r.Kind, r.Text, r.Value, p.Args)
			}
		}
	}
}

func TestInterpretNoMatch(t *testing.T) {
	for _, q := range []string{"", "what's the weather like?", "tell", "please make me a sandwich", "find"} {
		_, err := testAsker(t).Interpret(q, now)
		var nm *NoMatchError
		if !errors.As(err, &nm) || !errors.Is(err, ErrNoTemplate) {
			t.Errorf("%q: err = %v, want a NoMatchError", q, err)
			continue
		}
		if len(nm.Examples) != len(forms) {
			t.Errorf("%q: %d examples for %d forms", q, len(nm.Examples), len(forms))
		}
	}
}

// TestExamplesAnswer checks that every example question the answer to an
// unmatched question suggests is itself understood, and runs over the test
// graph.
func TestExamplesAnswer(t *testing.T) {
	for _, q := range Questions() {
		ans, err := testAsker(t).Ask(context.Background(), store(t), q, now)
		if err != nil {
			t.Errorf("example %q: %v", q, err)
			continue
		}
		if ans.Result == nil || ans.Result.Query != ans.Query {
			t.Errorf("example %q: answer %+v", q, ans)
		}
	}
}

func TestAsk(t *testing.T) {
	ans, err := testAsker(t).Ask(context.Background(), store(t), "which bases are linked to withdrawal events?", now)
	if err != nil {
		t.Fatal(err)
	}
	if ans.Command != "newsgraph query bases --event withdrawal" || ans.Path != "/api/v1/queries/bases?event=withdrawal" {
		t.Errorf("plan %+v", ans.Plan)
	}
	if _, ok := findRow(ans.Result, func(r Row) bool { return r.Values["base"] == "Ain al-Asad Air Base" }); !ok {
		t.Errorf("Ain al-Asad not in the answer: %v", ans.Result.Rows)
	}
	// A question that names nothing in the graph still shows its plan.
	ans, err = testAsker(t).Ask(context.Background(), store(t), "what happened at Atlantis Naval Base?", now)
	if !errors.Is(err, ErrNoEntity) || ans == nil || ans.Query != "timeline" {
		t.Errorf("unknown entity: ans %+v err %v", ans, err)
	}
}

func TestConclude(t *testing.T) {
	row := func(neg bool) Row { return Row{Values: map[string]any{"negated": neg}} }
	for _, tc := range []struct {
		rows []Row
		want string
	}{
		{nil, VerdictUnknown},
		{[]Row{row(false)}, VerdictYes},
		{[]Row{row(true), row(true)}, VerdictNo},
		{[]Row{row(true), row(false)}, VerdictDisputed},
	} {
		if got := Conclude(Plan{YesNo: true}, &Result{Rows: tc.rows}).Verdict; got != tc.want {
			t.Errorf("%d rows: verdict %q, want %q", len(tc.rows), got, tc.want)
		}
	}
	if got := Conclude(Plan{}, &Result{Rows: []Row{row(false)}}).Verdict; got != "" {
		t.Errorf("a question that is not yes/no got verdict %q", got)
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2025":            "2025",
		"2025-06":         "2025-06",
		"2025-06-03":      "2025-06-03",
		"June":            "2025-06",
		"December":        "2024-12",
		"Sept 2024":       "2024-09",
		"24 August 2025":  "2025-08-24",
		"August 24, 2025": "2025-08-24",
		"march 3rd":       "2025-03-03",
	} {
		if got, ok := parseDate(in, now); !ok || got != want {
			t.Errorf("parseDate(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if got := dayBefore("2025-03"); got != "2025-02-28" {
		t.Errorf("dayBefore(2025-03) = %s", got)
	}
}
