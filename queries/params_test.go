package queries

import (
	"slices"
	"strings"
	"testing"
)

// TestBasesNegated checks that bases reads negated as events does: false
// counts asserted events, true only negated ones, any both; every row
// says how many of its base's reports are negated.
func TestBasesNegated(t *testing.T) {
	events := func(negated string) map[string][2]int64 {
		out := map[string][2]int64{}
		for _, r := range run(t, "bases", Args{"event": "withdrawal", "negated": negated}).Rows {
			out[str(r.Values["base"])] = [2]int64{r.Values["events"].(int64), r.Values["negated"].(int64)}
		}
		return out
	}
	asserted, negated, both := events("false"), events("true"), events("any")
	if len(negated) == 0 {
		t.Fatal("negated=true: no rows (the fixture has a denied withdrawal)")
	}
	for base, n := range negated {
		if n[0] != n[1] {
			t.Errorf("negated=true %s: %d events, %d negated", base, n[0], n[1])
		}
	}
	for base, n := range both {
		if n[0] != asserted[base][0]+negated[base][0] || n[1] != negated[base][0] {
			t.Errorf("negated=any %s: %v; asserted %v, negated %v", base, n, asserted[base], negated[base])
		}
	}
	if len(both) < len(asserted) || len(both) < len(negated) {
		t.Errorf("negated=any: %d bases; asserted %d, negated %d", len(both), len(asserted), len(negated))
	}
}

// TestDeprecatedAliases checks that the former names of renamed
// parameters give the same answer as the new ones, with a note naming the
// new spelling.
func TestDeprecatedAliases(t *testing.T) {
	for _, tc := range []struct {
		query    string
		old, cur Args
	}{
		{"bases", Args{"include-negated": "true"}, Args{"negated": "any"}},
		{"bases", Args{"include-negated": "false"}, Args{"negated": "false"}},
		{"countries", Args{"include-negated": ""}, Args{"negated": "any"}}, // ?include-negated over HTTP
		{"events", Args{"type": "attack"}, Args{"event": "attack"}},
		{"path", Args{"from": "Al Udeid", "to": "Camp Lemonnier"}, Args{"from-entity": "Al Udeid", "to-entity": "Camp Lemonnier"}},
		{"entity", Args{"name": "Camp Lemonnier"}, Args{"entity": "Camp Lemonnier"}},
	} {
		o, c := run(t, tc.query, tc.old), run(t, tc.query, tc.cur)
		if len(c.Rows) == 0 {
			t.Errorf("%s %v: no rows, nothing to compare", tc.query, tc.cur)
		}
		if len(o.Rows) != len(c.Rows) {
			t.Errorf("%s %v: %d rows, %v: %d", tc.query, tc.old, len(o.Rows), tc.cur, len(c.Rows))
		}
		for k, v := range tc.cur {
			if o.Args[k] != v {
				t.Errorf("%s %v: args %v, want %s=%s", tc.query, tc.old, o.Args, k, v)
			}
		}
		if !slices.ContainsFunc(o.Notes, func(n string) bool { return strings.Contains(n, "deprecated") }) {
			t.Errorf("%s %v: no deprecation note in %v", tc.query, tc.old, o.Notes)
		}
		if slices.ContainsFunc(c.Notes, func(n string) bool { return strings.Contains(n, "deprecated") }) {
			t.Errorf("%s %v: deprecation note without an alias: %v", tc.query, tc.cur, c.Notes)
		}
	}
}

func TestIsDate(t *testing.T) {
	for v, want := range map[string]bool{
		"2025": true, "2025-08": true, "2025-08-24": true, "2024-02-29": true,
		"2025-13": false, "2025-13-45": false, "2025-02-30": false, "2025-00": false,
		"25-08-24": false, "2025/08/24": false, "": false,
	} {
		if got := IsDate(v); got != want {
			t.Errorf("IsDate(%q) = %v, want %v", v, got, want)
		}
	}
}

// TestAliasGivenWithName checks that a parameter given under its name and
// its former name takes the name's value and says the other was dropped.
func TestAliasGivenWithName(t *testing.T) {
	res := run(t, "events", Args{"event": "withdrawal", "type": "attack"})
	if res.Args["event"] != "withdrawal" {
		t.Errorf("args %v", res.Args)
	}
	for _, r := range res.Rows {
		if r.Values["event"] != "withdrawal" {
			t.Errorf("row %v", r.Values)
		}
	}
	if !slices.ContainsFunc(res.Notes, func(n string) bool { return strings.Contains(n, "type=attack ignored") }) {
		t.Errorf("notes %v", res.Notes)
	}
}
