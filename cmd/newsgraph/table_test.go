package main

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/queries"
)

func TestPrintResultTable(t *testing.T) {
	long := strings.Repeat("a long list of bases; ", 5)
	src := func(pub, url string) queries.Source { return queries.Source{Article: url, URL: url, Publisher: pub} }
	res := &queries.Result{
		Columns: []string{"base", "event", "bases", "articles", "sources"},
		Rows: []queries.Row{
			{Values: map[string]any{"base": "North Camp", "event": "withdrawal", "bases": long, "articles": 3},
				Sources: []queries.Source{src("Daily One", "https://one.example/a/very/long/path"), src("", "https://www.two.example/b"), src("Daily One", "https://one.example/c"), src("Third Post", "https://three.example/d")}},
			{Values: map[string]any{"base": "South Camp", "event": "withdrawal", "bases": "-", "articles": 1},
				Sources: []queries.Source{src("Daily One", "https://one.example/e")}},
		},
	}
	var narrow strings.Builder
	if err := printResult(&narrow, res, "table", tableOptions{}); err != nil {
		t.Fatal(err)
	}
	out := narrow.String()
	for _, want := range []string{"event: withdrawal\n", "PUBLISHERS", "Daily One; two.example +1", "…"} {
		if !strings.Contains(out, want) {
			t.Errorf("narrow table lacks %q:\n%s", want, out)
		}
	}
	for _, not := range []string{"https://", "EVENT", long} {
		if strings.Contains(out, not) {
			t.Errorf("narrow table has %q:\n%s", not, out)
		}
	}
	var wide strings.Builder
	if err := printResult(&wide, res, "table", tableOptions{wide: true, width: 60}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"EVENT", "SOURCES", "https://one.example/a/very/long/path https://www.two.example/b", long} {
		if !strings.Contains(wide.String(), want) {
			t.Errorf("wide table lacks %q:\n%s", want, wide.String())
		}
	}

	// Rows that are publishers (the sources query) list no publishers
	// beside them.
	pubs := &queries.Result{
		Columns: []string{"publisher", "articles", "sources"},
		Rows: []queries.Row{
			{Values: map[string]any{"publisher": "Daily One", "articles": 2}, Sources: []queries.Source{src("Daily One", "https://one.example/a")}},
			{Values: map[string]any{"publisher": "Third Post", "articles": 1}, Sources: []queries.Source{src("Third Post", "https://three.example/d")}},
		},
	}
	var p strings.Builder
	if err := printResult(&p, pubs, "table", tableOptions{}); err != nil {
		t.Fatal(err)
	}
	if strings.Count(p.String(), "Daily One") != 1 || strings.Contains(p.String(), "PUBLISHERS") {
		t.Errorf("publisher rows:\n%s", p.String())
	}
}

// TestPrintResultFitsTerminal checks that a narrow table is cut to the
// terminal's width, the widest columns first, and that the first column
// and the counts stay whole.
func TestPrintResultFitsTerminal(t *testing.T) {
	res := &queries.Result{Columns: []string{"base", "country", "operators", "summary", "articles", "sources"}}
	for i := range 6 {
		res.Rows = append(res.Rows, queries.Row{
			Values: map[string]any{
				"base": fmt.Sprintf("Camp Number %d", i), "country": fmt.Sprintf("Country %d", i),
				"operators": strings.Repeat("Operator ", i+2), "summary": strings.Repeat("something happened ", i+1),
				"articles": 10 + i,
			},
			Sources: []queries.Source{{Article: "a", URL: "https://one.example/a", Publisher: fmt.Sprintf("Publisher %d", i)}},
		})
	}
	for _, width := range []int{80, 100, 120} {
		var b strings.Builder
		if err := printResult(&b, res, "table", tableOptions{width: width}); err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n") {
			if n := utf8.RuneCountInString(strings.TrimRight(line, " ")); n > width {
				t.Errorf("width %d: line of %d columns:\n%s", width, n, b.String())
				break
			}
		}
		for i := range 6 {
			if !strings.Contains(b.String(), fmt.Sprintf("Camp Number %d", i)) || !strings.Contains(b.String(), fmt.Sprint(10+i)) {
				t.Errorf("width %d: row %d's base or count was cut:\n%s", width, i, b.String())
			}
		}
	}
	// Too many columns to fit: none is cut below minCell.
	var b strings.Builder
	if err := printResult(&b, res, "table", tableOptions{width: 20}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Country 1") {
		t.Errorf("width 20:\n%s", b.String())
	}
}
