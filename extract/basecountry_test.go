package extract_test

import (
	"testing"
	"time"

	"github.com/newsgraph/newsgraph"
)

// TestPatternBaseHost checks that a base found by its name pattern is in
// the country the text places it in, not the country of the forces using it.
func TestPatternBaseHost(t *testing.T) {
	p := newPipeline(t)
	cases := []struct{ name, text, base, country string }{
		{"operator before host", "U.S. F-35 jets landed at Vuorela Air Base in central Finland on Monday for the drills.", "Vuorela Air Base", "Finland"},
		{"operator after host", "The Vuorela air base in Finland will host American F-35 fighter jets and U.S. Air Force crews next month.", "Vuorela Air Base", "Finland"},
		{"host by its adjective place", "Norwegian officials said U.S. Marines would train at Camp Saltvik, near Bodø in Norway.", "Camp Saltvik", "Norway"},
		{"host in an earlier sentence", "Finland is hosting NATO air drills in its northern Lapland region this week. Four U.S. F-35 jets landed at Vuorela air base on Monday, the U.S. Air Force said.", "Vuorela Air Base", "Finland"},
		{"host in a later sentence", "Four U.S. F-35 jets landed at Vuorela air base on Monday, the U.S. Air Force said. The base is one of three Finnish air bases taking part in the drills in Finland.", "Vuorela Air Base", "Finland"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x := p.Extract(newsgraph.Article{URL: "https://example.org/" + c.name, Title: "Report", Published: time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC), Body: c.text})
			for _, e := range x.Entities {
				if e.Type == "Base" && e.Name == c.base {
					if e.Country != c.country {
						t.Errorf("%s in %q, want %q", c.base, e.Country, c.country)
					}
					return
				}
			}
			t.Errorf("no base %s in %+v", c.base, x.Entities)
		})
	}
}
