package loaders

import (
	"slices"
	"strings"
	"testing"
)

// TestPageHead checks that the lines above a page's first paragraph are
// read as what they are: the publisher line, and bylines or credit lines
// whose cited agencies go to Credits, not to the body. It covers dumps
// with their date line and undated dumps, which load as plain text.
func TestPageHead(t *testing.T) {
	const para1 = "Harbour pilots guided the last of the grain ships out of the estuary on Friday, ending a season that started late because of ice."
	const para2 = "The port office said traffic would resume in the spring, once the channel markers were back in place."
	for _, tc := range []struct {
		name, text, format string
		title, publisher   string
		credits            []string
		bodyHas, bodyLacks []string
	}{
		{
			name:      "undated dump: publisher line after the headline",
			text:      "Grain season closes at the estuary\n\nRiver Gazette\n\n" + para1 + "\n\n" + para2,
			format:    TextFormat,
			title:     "Grain season closes at the estuary",
			publisher: "River Gazette",
			bodyHas:   []string{para1, para2},
			bodyLacks: []string{"River Gazette"},
		},
		{
			name:      "undated dump: section label, headline, publisher, byline",
			text:      "Shipping\n\nGrain season closes at the estuary as ice delays the last convoy of the year\n\nRiver Gazette\n\nBy Ana Lima, Reuters\n\n" + para1,
			format:    TextFormat,
			title:     "Shipping",
			publisher: "River Gazette",
			credits:   []string{"By Ana Lima, Reuters"},
			bodyHas:   []string{para1, "as ice delays the last convoy"},
			bodyLacks: []string{"Ana Lima"},
		},
		{
			name:    "plain text with no page head keeps every block",
			text:    "Grain season closes\n\n" + para1 + "\n\nShort note.\n\n" + para2,
			format:  TextFormat,
			title:   "Grain season closes",
			bodyHas: []string{para1, "Short note.", para2},
		},
		{
			name:      "dated dump: a credit line that is no byline",
			text:      " date 2025-03-07 https://rivergazette.example/2025/03/07/grain\n\nGrain season closes at the estuary\n\nRiver Gazette\n\nStaff writer, with Kyodo\n\n" + para1 + "\n\n" + para2,
			format:    DumpFormat,
			title:     "Grain season closes at the estuary",
			publisher: "River Gazette",
			credits:   []string{"Staff writer, with Kyodo"},
			bodyLacks: []string{"Staff writer"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, ok := LookupFormat(tc.format)
			if !ok {
				t.Fatalf("no format %q", tc.format)
			}
			arts, err := f.Parse(Input{Source: "test.txt", Data: []byte(tc.text)})
			if err != nil || len(arts) != 1 {
				t.Fatalf("parse: %v (%d articles)", err, len(arts))
			}
			a := arts[0]
			if a.Title != tc.title || a.Publisher != tc.publisher {
				t.Errorf("title %q publisher %q, want %q, %q", a.Title, a.Publisher, tc.title, tc.publisher)
			}
			if !slices.Equal(a.Credits, tc.credits) {
				t.Errorf("credits %q, want %q", a.Credits, tc.credits)
			}
			text := a.Lede + "\n\n" + a.Body
			for _, s := range tc.bodyHas {
				if !strings.Contains(text, s) {
					t.Errorf("body lacks %q", s)
				}
			}
			for _, s := range tc.bodyLacks {
				if strings.Contains(text, s) {
					t.Errorf("body has %q", s)
				}
			}
		})
	}
}
