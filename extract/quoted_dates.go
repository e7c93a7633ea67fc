package extract

import (
	"strings"
	"time"
)

// quotedDeictic are the words that date a quotation by its speaker's day.
var quotedDeictic = map[string]bool{"today": true, "tonight": true, "this morning": true, "this afternoon": true, "this evening": true}

// maxLeadDays bounds how long before publication a lead's day may be for
// a quotation's "today" to be read as that day.
const maxLeadDays = 7

// dateQuotedToday re-dates "today" and "this morning" inside a quotation
// to the day the article's lead gives its news, when the lead puts it on an
// earlier day than the page's date ("left Mali on Monday" on a Tuesday
// page): the statement quoted was made on the day of the news, not on the
// day the page came out.
func (an *analysis) dateQuotedToday() {
	if an.art.Published.IsZero() || len(an.doc.Sentences) == 0 {
		return
	}
	pub := an.art.Published.Format("2006-01-02")
	lead := ""
	for i := 0; i < min(len(an.doc.Sentences), 3) && lead == ""; i++ {
		for _, d := range an.dates[i] {
			t, err := time.Parse("2006-01-02", d.Value)
			if err != nil || d.Value >= pub {
				continue
			}
			if days := an.art.Published.Sub(t).Hours() / 24; days <= maxLeadDays {
				lead = d.Value
				break
			}
		}
	}
	if lead == "" {
		return
	}
	for i, ds := range an.dates {
		s := an.doc.Sentences[i]
		for k := range ds {
			d := &ds[k]
			if !d.Relative || d.Value != pub || !quotedDeictic[strings.ToLower(an.doc.Text[d.Start:d.End])] {
				continue
			}
			if insideQuote(an.doc.Text[s.Start:s.End], d.Start-s.Start) {
				d.Value = lead
			}
		}
	}
}
