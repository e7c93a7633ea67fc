package main

import (
	"strings"
	"testing"

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
	if err := printResult(&narrow, res, "table", false); err != nil {
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
	if err := printResult(&wide, res, "table", true); err != nil {
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
	if err := printResult(&p, pubs, "table", false); err != nil {
		t.Fatal(err)
	}
	if strings.Count(p.String(), "Daily One") != 1 || strings.Contains(p.String(), "PUBLISHERS") {
		t.Errorf("publisher rows:\n%s", p.String())
	}
}
