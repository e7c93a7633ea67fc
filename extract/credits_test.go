package extract_test

import (
	"slices"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph"
)

// TestCreditedOutlets checks that outlets cited in bylines and credit
// lines are organisations of the article, that the page's own publisher is
// not, and that a shared acronym resolves to the wire of the publisher's
// country.
func TestCreditedOutlets(t *testing.T) {
	p := newPipeline(t)
	const body = "Navy divers finished clearing the harbour entrance on Thursday, the coast guard said."
	for _, tc := range []struct {
		name, url, publisher string
		credits              []string
		want, lacks          []string
	}{
		{"wire in a byline", "https://harbour.example/a", "Harbour Times", []string{"By Mei Tan, Associated Press"}, []string{"Associated Press"}, nil},
		{"two wires in a credit line", "https://harbour.example/b", "Harbour Times", []string{"Source: AFP / Reuters"}, []string{"Agence France-Presse", "Reuters"}, nil},
		{"the page's own outlet is the publisher", "https://www.reuters.com/world/c", "Reuters", []string{"By Mei Tan, Reuters"}, nil, []string{"Reuters"}},
		{"an author's name alone cites nothing", "https://harbour.example/d", "Harbour Times", []string{"By Mei Tan"}, nil, []string{"Mei Tan"}},
		{"CNA on a Taiwanese page", "https://www.taipeitimes.com/e", "Taipei Times", []string{"Staff writer, with CNA"}, []string{"Central News Agency"}, []string{"CNA"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := p.Extract(newsgraph.Article{URL: tc.url, Publisher: tc.publisher, Title: "Harbour cleared", Credits: tc.credits,
				Published: time.Date(2025, 5, 2, 0, 0, 0, 0, time.UTC), Body: body})
			var orgs []string
			for _, e := range x.Entities {
				if e.Type == newsgraph.TypeOrganisation {
					orgs = append(orgs, e.Name)
				}
			}
			for _, w := range tc.want {
				if !slices.Contains(orgs, w) {
					t.Errorf("organisations %q lack %q", orgs, w)
				}
			}
			for _, l := range tc.lacks {
				if slices.Contains(orgs, l) {
					t.Errorf("organisations %q have %q", orgs, l)
				}
			}
		})
	}
}
