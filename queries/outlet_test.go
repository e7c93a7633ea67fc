package queries

import "testing"

// TestCitedOutletIsItsPublisher: Kurdistan24 is cited by one test article
// and publishes another; it is one entity of both types, so naming it
// is not ambiguous and its profile cites both articles.
func TestCitedOutletIsItsPublisher(t *testing.T) {
	res := run(t, "entity", Args{"name": "Kurdistan24"})
	types := map[string]bool{}
	for _, r := range res.Rows {
		if r.Values["field"] == "type" {
			types[r.Values["value"].(string)] = true
		}
	}
	if !types["Organisation"] || !types["Publisher"] {
		t.Errorf("types %v, want Organisation and Publisher", types)
	}
	row, ok := findRow(res, func(r Row) bool { return r.Values["field"] == "name" })
	if !ok || !hasSource(row, "stripes.com") || !hasSource(row, "kurdistan24.net") {
		t.Errorf("name row %+v: want the citing article (stripes.com) and its own (kurdistan24.net)", row)
	}
}
