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

// TestCitedOutletPublisherCountry: the country of a publisher that is
// also a cited outlet comes from the outlet's gazetteer entry, whichever
// of its types the store lists first.
func TestCitedOutletPublisherCountry(t *testing.T) {
	res := run(t, "sources", Args{"entity": "Kurdistan24"})
	row, ok := findRow(res, func(r Row) bool { return r.Values["publisher"] == "Kurdistan24" })
	if !ok {
		t.Fatalf("no Kurdistan24 row in %+v", res.Rows)
	}
	if got := row.Values["publisher_country"]; got != "Iraq" {
		t.Errorf("publisher_country %q, want Iraq", got)
	}
}
