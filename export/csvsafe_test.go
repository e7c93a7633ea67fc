package export

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/newsgraph/newsgraph/queries"
)

func TestSafeCell(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"Camp Lemonnier", "Camp Lemonnier"},
		{"=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"},
		{"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"-12.5", "-12.5"}, // a longitude
		{"+3", "+3"},
		{"a=b", "a=b"},
	} {
		if got := safeCell(c.in); got != c.want {
			t.Errorf("safeCell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestResultCSVNeutralises(t *testing.T) {
	res := &queries.Result{Query: "q", Columns: []string{"name"}, Rows: []queries.Row{{Values: map[string]any{"name": "=1+1"}}}}
	var b bytes.Buffer
	if err := ResultCSV(&b, res); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if recs[1][0] != "'=1+1" {
		t.Errorf("cell %q", recs[1][0])
	}
}
