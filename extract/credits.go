package extract

import (
	"slices"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract/gazetteer"
)

// creditedOutlet is a news outlet a byline or credit line cites ("By Jane
// Doe, Associated Press", "Staff writer, with CNA"); Surface is the text
// that named it.
type creditedOutlet struct {
	Entry   *gazetteer.Entry
	Surface string
}

// creditedOutlets finds the news outlets the article's credit lines cite.
// Only outlets count: a credit line's other words (an author's name, a
// section label) are not facts of the story. The page's own publisher is
// carried by the record's article, not as an organisation.
func (an *analysis) creditedOutlets() []creditedOutlet {
	var out []creditedOutlet
	for _, line := range an.art.Credits {
		for _, m := range an.p.gaz.Find(line) {
			if !m.Entry.IsOutlet() || an.isOwnPublisher(m.Entry) {
				continue
			}
			surface := line[m.Start:m.End]
			out = append(out, creditedOutlet{Entry: an.homeOutlet(m.Entry, surface), Surface: surface})
		}
	}
	return out
}

// addCredited adds the credited outlets to the record's entities, merging
// with the body's mentions of the same outlet.
func (an *analysis) addCredited(x *newsgraph.Extraction, byKey map[string]int) {
	for _, c := range an.creditedOutlets() {
		m := mention{Type: gazetteer.Organisation, Name: c.Entry.Name, Entry: c.Entry, Country: c.Entry.Country}
		i, ok := byKey[m.key()]
		if !ok {
			i = len(x.Entities)
			byKey[m.key()] = i
			e := an.entity(m)
			e.Mentions = []string{}
			x.Entities = append(x.Entities, e)
		}
		if e := &x.Entities[i]; !slices.Contains(e.Mentions, c.Surface) {
			e.Mentions = append(e.Mentions, c.Surface)
		}
	}
}

// homeOutlet resolves an outlet's name that several outlets share ("CNA"
// is Taiwan's Central News Agency and Singapore's Channel NewsAsia) to the
// one based where the page's publisher is: a page credits its own
// country's wire.
func (an *analysis) homeOutlet(e *gazetteer.Entry, surface string) *gazetteer.Entry {
	home := an.publisher.Country
	if home == "" || e.Country == home {
		return e
	}
	for _, o := range an.p.gaz.Lookup(surface, gazetteer.Organisation) {
		if o.IsOutlet() && o.Country == home {
			return o
		}
	}
	return e
}
