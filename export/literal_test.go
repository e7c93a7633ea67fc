package export

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/quad"
)

func TestCanonicalLiteral(t *testing.T) {
	const x = "http://www.w3.org/2001/XMLSchema#"
	for _, c := range []struct {
		in   quad.Value
		want string
	}{
		{quad.Float(29.5), `"2.95E1"^^<` + x + `double>`},
		{quad.Float(8), `"8.0E0"^^<` + x + `double>`},
		{quad.Float(-0.000125), `"-1.25E-4"^^<` + x + `double>`},
		{quad.Float(0), `"0.0E0"^^<` + x + `double>`},
		{quad.Float(1e300), `"1.0E300"^^<` + x + `double>`},
		{quad.Bool(true), `"true"^^<` + x + `boolean>`},
		{quad.Bool(false), `"false"^^<` + x + `boolean>`},
		{quad.Int(-42), `"-42"^^<` + x + `integer>`},
		{quad.Time(time.Date(2025, 8, 24, 10, 30, 0, 0, time.UTC)), `"2025-08-24T10:30:00Z"^^<` + x + `dateTime>`},
		// Foreign literals (what an import brought) are kept as they came.
		{quad.TypedString{Value: "2025-08", Type: x + "gYearMonth"}, `"2025-08"^^<` + x + `gYearMonth>`},
		{quad.TypedString{Value: "x", Type: "schema:codeType"}, `"x"^^<schema:codeType>`},
		{quad.String("29.5"), `"29.5"`},
		{quad.IRI("http://example.org/a"), `<http://example.org/a>`},
	} {
		if got := canonicalLiteral(c.in).String(); got != c.want {
			t.Errorf("canonicalLiteral(%#v) = %s, want %s", c.in, got, c.want)
		}
	}
}

// TestNQuadsLiterals checks the whole-graph N-Quads export spells every
// datatype in full and every number and boolean canonically, and that a
// query's N-Quads export does the same.
func TestNQuadsLiterals(t *testing.T) {
	var out bytes.Buffer
	if err := Graph(context.Background(), &out, store(t), NQuads); err != nil {
		t.Fatal(err)
	}
	typed := regexp.MustCompile(`"([^"]*)"\^\^<([^>]*)>`)
	canon := map[string]*regexp.Regexp{
		"double":  regexp.MustCompile(`^-?[0-9]\.[0-9]+E-?[1-9]?[0-9]*$`),
		"boolean": regexp.MustCompile(`^(true|false)$`),
		"integer": regexp.MustCompile(`^-?(0|[1-9][0-9]*)$`),
	}
	seen := map[string]int{}
	for _, m := range typed.FindAllStringSubmatch(out.String(), -1) {
		name, ok := strings.CutPrefix(m[2], "http://www.w3.org/2001/XMLSchema#")
		if !ok {
			t.Fatalf("datatype not a full XSD IRI: %s", m[0])
		}
		seen[name]++
		if re := canon[name]; re != nil && !re.MatchString(m[1]) {
			t.Fatalf("not canonical: %s", m[0])
		}
	}
	for name := range canon {
		if seen[name] == 0 {
			t.Errorf("no %s literal in the export (saw %v): the test graph lacks what it checks", name, seen)
		}
	}
}

func TestCanonicalLexical(t *testing.T) {
	const x = "http://www.w3.org/2001/XMLSchema#"
	for _, c := range []struct{ in, typ, want string }{
		{"+007", x + "integer", "7"},
		{"1", x + "boolean", "true"},
		{"0", x + "boolean", "false"},
		{"29.50", x + "double", "2.95E1"},
		{"2.9E+01", x + "double", "2.9E1"},
		{"-0", x + "double", "-0.0E0"},
		{"lots", x + "double", "lots"},
		{"maybe", x + "boolean", "maybe"},
		{"2025-08", x + "gYearMonth", "2025-08"},
	} {
		if got := canonicalLexical(c.in, quad.IRI(c.typ)); got != c.want {
			t.Errorf("canonicalLexical(%q, %s) = %q, want %q", c.in, c.typ, got, c.want)
		}
	}
}
