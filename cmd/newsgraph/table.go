package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/newsgraph/newsgraph/queries"
)

// tableOptions say how a result table is printed.
type tableOptions struct {
	// wide prints every column, whole values and every source URL.
	wide bool
	// width is the terminal's width in columns; 0 when the output is not
	// a terminal (a narrow table then only cuts values at maxCell).
	width int
}

// terminalWidth is the width of the terminal standard output writes to,
// or 0 when it is not a terminal.
func (a *app) terminalWidth() int {
	f, ok := a.stdout.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0
	}
	w, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return w
}

// printResult writes a query result as JSON, or as a table that fits a
// terminal: a row's sources are its publishers (the row's articles column
// has their count; a result whose rows are publishers has no such column),
// long values are cut, the widest columns more when the table is wider
// than the terminal, and a column with the same value on every row is said
// once above the table. opts.wide prints every column, whole values and
// every source URL.
func printResult(w io.Writer, res *queries.Result, format string, opts tableOptions) error {
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	cols := res.Columns
	if !opts.wide {
		cols = nil
		for _, c := range res.Columns {
			if c == "sources" && slices.Contains(res.Columns, "publisher") {
				// A row per publisher (the sources query): its
				// publishers would repeat the first column.
				continue
			}
			if v, same := constantColumn(res, c); same {
				fmt.Fprintf(w, "%s: %s\n", c, v)
				continue
			}
			cols = append(cols, c)
		}
	}
	header := make([]string, len(cols))
	for i, c := range cols {
		if c == "sources" && !opts.wide {
			c = "publishers"
		}
		header[i] = strings.ToUpper(c)
	}
	rows := make([][]string, len(res.Rows))
	for j, r := range res.Rows {
		cells := make([]string, len(cols))
		for i, c := range cols {
			switch {
			case c == "sources" && opts.wide:
				var urls []string
				for _, s := range r.Sources {
					urls = append(urls, s.URL)
				}
				cells[i] = strings.Join(urls, " ")
			case c == "sources":
				cells[i] = publishers(r)
			default:
				cells[i] = cell(r.Values[c])
				if !opts.wide {
					cells[i] = cut(cells[i], maxCell)
				}
			}
		}
		rows[j] = cells
	}
	if !opts.wide && opts.width > 0 {
		fitWidth(header, rows, opts.width)
	}
	tw := tabwriter.NewWriter(w, 0, 0, columnGap, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, cells := range rows {
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(res.Rows) > 0 && res.Total > len(res.Rows) {
		fmt.Fprintf(w, "rows %d-%d of %d", res.Offset+1, res.Offset+len(res.Rows), res.Total)
		if res.NextOffset > 0 {
			fmt.Fprintf(w, "; next page: --offset %d", res.NextOffset)
		}
		fmt.Fprintln(w)
	}
	if len(res.Rows) == 0 {
		fmt.Fprintln(w, "(no rows)")
		for _, n := range res.Notes {
			fmt.Fprintf(w, "note: %s\n", n)
		}
	}
	return nil
}

const (
	// maxCell is the widest value a narrow table prints; an evidence
	// sentence or a long list of bases would push every other column off
	// the screen.
	maxCell = 40
	// minCell is as narrow as fitting a table to the terminal cuts a
	// column: narrower, a value is no longer recognisable.
	minCell = 12
	// maxPublishers is how many publishers a narrow table names per row
	// before saying how many more there are.
	maxPublishers = 2
	// columnGap is the space between columns.
	columnGap = 2
)

// fitWidth cuts the values of the widest columns until a table fits in
// width terminal columns, never cutting the first column (what the row
// is about) nor any column below minCell: a table that cannot fit is
// printed as narrow as that allows.
func fitWidth(header []string, rows [][]string, width int) {
	widths := make([]int, len(header))
	measure := func(i int) {
		widths[i] = utf8.RuneCountInString(header[i])
		for _, cells := range rows {
			widths[i] = max(widths[i], utf8.RuneCountInString(cells[i]))
		}
	}
	for i := range header {
		measure(i)
	}
	// stuck columns are as narrow as their header.
	stuck := make([]bool, len(header))
	for {
		total := columnGap * (len(widths) - 1)
		for _, n := range widths {
			total += n
		}
		if total <= width {
			return
		}
		widest := -1
		for i := 1; i < len(widths); i++ {
			if !stuck[i] && widths[i] > minCell && (widest < 0 || widths[i] > widths[widest]) {
				widest = i
			}
		}
		if widest < 0 {
			return
		}
		// Cut the widest column to the next widest, or by the whole
		// excess if that is less, so wide columns shrink together.
		next := minCell
		for i, n := range widths {
			if i != widest && i > 0 && n < widths[widest] {
				next = max(next, n)
			}
		}
		target := max(next, widths[widest]-(total-width), minCell)
		if target >= widths[widest] {
			target = widths[widest] - 1
		}
		for _, cells := range rows {
			cells[widest] = cut(cells[widest], target)
		}
		measure(widest)
		stuck[widest] = widths[widest] > target // the header is wider
	}
}

func cell(v any) string {
	if v == nil || v == "" {
		return "-"
	}
	return fmt.Sprint(v)
}

// constantColumn reports a column whose value is the same on every row of
// a result of two rows or more (the event type of "bases --event
// withdrawal"): a table says it once rather than on every line. The
// sources and the counts are never folded.
func constantColumn(res *queries.Result, c string) (string, bool) {
	if len(res.Rows) < 2 || c == "sources" || c == "articles" {
		return "", false
	}
	first := cell(res.Rows[0].Values[c])
	for _, r := range res.Rows[1:] {
		if cell(r.Values[c]) != first {
			return "", false
		}
	}
	return first, true
}

// publishers names a row's publishers, each once, the host of the URL
// standing in for a missing name: "Rudaw; Stripes +3".
func publishers(r queries.Row) string {
	var names []string
	for _, s := range r.Sources {
		name := s.Publisher
		if name == "" {
			if u, err := url.Parse(s.URL); err == nil && u.Host != "" {
				name = strings.TrimPrefix(u.Host, "www.")
			} else {
				name = s.URL
			}
		}
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return "-"
	}
	more := len(names) - maxPublishers
	if len(names) > maxPublishers {
		names = names[:maxPublishers]
	}
	out := strings.Join(names, "; ")
	if more > 0 {
		out += fmt.Sprintf(" +%d", more)
	}
	return out
}

// cut shortens s to n runes, marking the cut.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
