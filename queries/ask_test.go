package queries

import (
	"context"
	"errors"
	"maps"
	"strings"
	"testing"
	"time"
)

// now anchors the relative dates of the question tests.
var now = time.Date(2025, 9, 10, 12, 0, 0, 0, time.UTC)

func TestInterpret(t *testing.T) {
	for _, tc := range []struct {
		question string
		query    string
		args     Args
	}{
		{"which bases are linked to withdrawal events?", "bases", Args{"event": "withdrawal"}},
		{"Which military bases saw attacks in Iraq?", "bases", Args{"event": "attack", "country": "Iraq"}},
		{"which bases were attacked this year?", "bases", Args{"event": "attack", "from": "2025"}},
		{"which bases were attacked last year", "bases", Args{"event": "attack", "from": "2024", "to": "2024"}},
		{"which bases are operated by France?", "bases", Args{"operator": "France"}},
		{"which bases are in Iraq?", "search", Args{"type": "Base", "country": "Iraq"}},
		{"which countries host bases that were attacked this year?", "countries", Args{"event": "attack", "from": "2025"}},
		{"what countries have bases linked to withdrawals", "countries", Args{"event": "withdrawal"}},
		{"What happened at Ain al-Asad since June?", "timeline", Args{"entity": "Ain al-Asad", "from": "2025-06"}},
		{"what happened at Ain al-Asad since October?", "timeline", Args{"entity": "Ain al-Asad", "from": "2024-10"}},
		{"what happened at al asad before 2025-09?", "timeline", Args{"entity": "al asad", "to": "2025-08-31"}},
		{"what happened at Victory Base since 24 August 2025", "timeline", Args{"entity": "Victory Base", "from": "2025-08-24"}},
		{"what happened in Iraq between March 2024 and June 2025?", "timeline", Args{"entity": "Iraq", "from": "2024-03", "to": "2025-06"}},
		{"timeline of Victory Base", "timeline", Args{"entity": "Victory Base"}},
		{"Show me the history of Camp Lemonnier", "timeline", Args{"entity": "Camp Lemonnier"}},
		{"who attacked Al Udeid?", "timeline", Args{"entity": "Al Udeid", "event": "attack"}},
		{"who withdrew from Niger?", "timeline", Args{"entity": "Niger", "event": "withdrawal"}},
		{"who reported on Ain al-Asad?", "sources", Args{"entity": "Ain al-Asad"}},
		{"which publishers covered the Chagos treaty", "sources", Args{"event": "agreement"}},
		{"which publishers reported withdrawals?", "sources", Args{"event": "withdrawal"}},
		{"which publishers reported the withdrawal from Victory Base?", "sources", Args{"event": "withdrawal", "entity": "Victory Base"}},
		{"who reported on attacks in 2025", "sources", Args{"event": "attack", "from": "2025", "to": "2025"}},
		{"where did the US withdraw from?", "events", Args{"event": "withdrawal", "actor": "US"}},
		{"Where has France deployed troops since 2024?", "events", Args{"event": "deployment", "actor": "France", "from": "2024"}},
		{"events in Iraq", "events", Args{"country": "Iraq"}},
		{"events in Iraq in 2024", "events", Args{"country": "Iraq", "from": "2024", "to": "2024"}},
		{"which attacks happened in Syria?", "events", Args{"event": "attack", "country": "Syria"}},
		{"attacks by Iran", "events", Args{"event": "attack", "actor": "Iran"}},
		{"list withdrawals from Victory Base", "events", Args{"event": "withdrawal", "base": "Victory Base"}},
		{"which withdrawals were denied?", "events", Args{"event": "withdrawal", "negated": "true"}},
		{"how is Ain al-Asad connected to Erbil?", "path", Args{"from-entity": "Ain al-Asad", "to-entity": "Erbil"}},
		{"how are Iraq and Qatar related", "path", Args{"from-entity": "Iraq", "to-entity": "Qatar"}},
		{"path from Victory Base to Erbil", "path", Args{"from-entity": "Victory Base", "to-entity": "Erbil"}},
		{"who is mentioned with Iraq?", "related", Args{"entity": "Iraq"}},
		{"what is related to Al Udeid", "related", Args{"entity": "Al Udeid"}},
		{"tell me about Camp Lemonnier", "entity", Args{"entity": "Camp Lemonnier"}},
		{"where is Camp Lemonnier?", "entity", Args{"entity": "Camp Lemonnier"}},
		{"find bases called camp", "search", Args{"name": "camp", "type": "Base"}},
		{"search for camp in Japan", "search", Args{"name": "camp", "country": "Japan"}},
		{"how many articles are in the graph?", "stats", Args{}},
		{"what is in the graph?", "stats", Args{}},
	} {
		t.Run(tc.question, func(t *testing.T) {
			p, err := Interpret(tc.question, now)
			if err != nil {
				t.Fatal(err)
			}
			if p.Query != tc.query || !maps.Equal(p.Args, tc.args) {
				t.Fatalf("became %s %v, want %s %v (template %q)", p.Query, p.Args, tc.query, tc.args, p.Template)
			}
			if p.Question != tc.question || p.Template == "" {
				t.Errorf("plan %+v", p)
			}
			if !strings.HasPrefix(p.Command, "newsgraph query "+tc.query) || !strings.HasPrefix(p.Path, "/api/v1/queries/"+tc.query) {
				t.Errorf("command %q path %q", p.Command, p.Path)
			}
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

func TestInterpretNoMatch(t *testing.T) {
	for _, q := range []string{"", "what's the weather like?", "tell", "please make me a sandwich", "find"} {
		_, err := Interpret(q, now)
		var nm *NoMatchError
		if !errors.As(err, &nm) || !errors.Is(err, ErrNoTemplate) {
			t.Errorf("%q: err = %v, want a NoMatchError", q, err)
			continue
		}
		if len(nm.Examples) != len(templates) {
			t.Errorf("%q: %d examples for %d templates", q, len(nm.Examples), len(templates))
		}
	}
}

// TestExamplesAnswer checks that every example question the answer to an
// unmatched question suggests is itself understood, and runs over the test
// graph.
func TestExamplesAnswer(t *testing.T) {
	for _, q := range Questions() {
		ans, err := Ask(context.Background(), store(t), q, now)
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
	ans, err := Ask(context.Background(), store(t), "which bases are linked to withdrawal events?", now)
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
	ans, err = Ask(context.Background(), store(t), "what happened at Atlantis Naval Base?", now)
	if !errors.Is(err, ErrNoEntity) || ans == nil || ans.Query != "timeline" {
		t.Errorf("unknown entity: ans %+v err %v", ans, err)
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
