package export

import (
	"encoding/csv"
	"strconv"
	"strings"
)

// safeCell neutralises a cell a spreadsheet would run as a formula: text
// starting with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe (OWASP's advice for CSV injection), so an article's title
// such as "=HYPERLINK(...)" stays text. Numbers stay as they are:
// "-12.5" is a longitude, not a formula, and pandas must read it as one.
func safeCell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s
	}
	return "'" + s
}

// safeWriter writes records with every cell neutralised.
type safeWriter struct{ *csv.Writer }

func newSafeWriter(cw *csv.Writer) safeWriter { return safeWriter{cw} }

func (w safeWriter) Write(record []string) error {
	safe := make([]string, len(record))
	for i, c := range record {
		safe[i] = safeCell(c)
	}
	return w.Writer.Write(safe)
}
