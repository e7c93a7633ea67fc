package web_test

// The bases query answers one row per base (base, country, lat, lon,
// events, articles, publishers, first, last, actors, negated). This test
// checks that the first page shows that shape, pages it, drills into a
// base and draws it on the map, the timeline and the graph.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/newsgraph/newsgraph/queries"
	"github.com/newsgraph/newsgraph/server"
	"github.com/newsgraph/newsgraph/web"
)

var perBaseColumns = []string{"base", "country", "lat", "lon", "events", "articles", "publishers", "first", "last", "actors", "negated"}

// envelope is the API's success envelope around a value.
type envelope[T any] struct {
	Status string `json:"status"`
	Data   T      `json:"data"`
}

// getJSON asks a handler and decodes its answer; it fails the test with
// Errorf, so handlers may call it from the server's goroutines.
func getJSON(t *testing.T, h http.Handler, path string, into any) {
	t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Host = "127.0.0.1" // the server serves loopback names only
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Errorf("GET %s: %d %s", path, rec.Code, rec.Body.String())
		return
	}
	if err := json.Unmarshal(rec.Body.Bytes(), into); err != nil {
		t.Errorf("GET %s: %v", path, err)
	}
}

// perBaseSite serves the real API, whose bases query answers one row per
// base, with pages of pageSize rows (its result limit).
func perBaseSite(t *testing.T, pageSize int) *site {
	t.Helper()
	api := server.New(testStore(t), server.Options{Web: web.Handler(), Pipeline: pipeline, ResultLimit: pageSize})
	ts := httptest.NewServer(api)
	t.Cleanup(ts.Close)
	return &site{Server: ts}
}

// TestFirstPageWithBasesPerBase: the first page shows the per-base shape
// column by column, pages it, drills into a base, and draws it on the map
// (from the rows' own lat and lon), the timeline (first to last) and the
// graph.
func TestFirstPageWithBasesPerBase(t *testing.T) {
	const pageSize = 3
	s := perBaseSite(t, pageSize)
	tb := openTab(t, s, 1366, 900)
	tb.open("/")
	c := cell(1)

	var want envelope[queries.Result]
	getJSON(t, s.Config.Handler, "/api/v1/queries/bases?event=withdrawal", &want)
	if want.Data.Total <= pageSize {
		t.Fatalf("%d bases; the test needs more than a page of %d", want.Data.Total, pageSize)
	}
	label := fmt.Sprintf("1-%d of %d", pageSize, want.Data.Total)
	tb.wait("the first page "+label, `document.querySelector("`+c+` .row-count")?.textContent === `+jsString(label))
	cols, rows := shownRows(tb, c)
	if !slices.Equal(cols[:len(perBaseColumns)], perBaseColumns) {
		t.Errorf("columns %q, want the per-base columns %q", cols, perBaseColumns)
	}
	for i, r := range want.Data.Rows {
		for j, col := range perBaseColumns {
			if got, w := rows[i][j], displayed(r.Values[col]); got != w {
				t.Errorf("row %d %s: %q, the API %q", i, col, got, w)
			}
		}
	}
	tb.do(chromedp.Click(chromedp.CSS(c + ` .pager [data-page="next"]`)))
	var second envelope[queries.Result]
	getJSON(t, s.Config.Handler, fmt.Sprintf("/api/v1/queries/bases?event=withdrawal&offset=%d", pageSize), &second)
	label = fmt.Sprintf("%d-%d of %d", pageSize+1, pageSize+len(second.Data.Rows), second.Data.Total)
	tb.wait("the second page "+label, `document.querySelector("`+c+` .row-count")?.textContent === `+jsString(label))
	if _, rows := shownRows(tb, c); len(rows) == 0 || rows[0][0] != fmt.Sprint(second.Data.Rows[0].Values["base"]) {
		t.Errorf("the second page starts with %q, the API with %v", rows, second.Data.Rows[0].Values["base"])
	}

	// A base row drills down to its events.
	tb.do(chromedp.Click(chromedp.CSS(c + ` button.drill-toggle[data-row="0"]`)))
	tb.wait("the base's events", `document.querySelectorAll("`+c+` tr.drill-row .drill-events > li").length > 0`)

	// The map takes the rows' coordinates: every base with lat and lon is
	// on it.
	tb.do(chromedp.Click(chromedp.CSS(c + ` [role="tab"][data-view="map"]`)))
	tb.wait("the map", `document.querySelector("`+c+` .map-holder")?.dataset.ready === "true"`)
	m := readMap(tb, c)
	checkMap(t, "bases per base", m, true)
	for _, r := range second.Data.Rows {
		if _, ok := r.Values["lat"]; ok && !slices.Contains(m.Members, fmt.Sprint(r.Values["base"])) {
			t.Errorf("%v has lat and lon but is not on the map (%q)", r.Values["base"], m.Members)
		}
	}
	// The timeline draws a base from its first to its last event.
	tb.do(chromedp.Click(chromedp.CSS(c + ` [role="tab"][data-view="timeline"]`)))
	tb.wait("the timeline", `document.querySelectorAll("`+c+` .timeline-svg .mark").length > 0`)
	dated := 0
	for _, r := range second.Data.Rows {
		if displayed(r.Values["first"]) != "" {
			dated++
		}
	}
	if n := eval[int](tb, `document.querySelectorAll("`+c+` .timeline-svg .mark .mark-label").length`); n != dated {
		t.Errorf("the timeline labels %d marks for %d dated bases", n, dated)
	}
	// The graph links each base to its country and actors.
	tb.do(chromedp.Click(chromedp.CSS(c + ` [role="tab"][data-view="graph"]`)))
	tb.wait("the graph", `document.querySelector("`+c+` .graph-canvas")?.dataset.ready === "true"`)
	for _, r := range second.Data.Rows {
		id := jsString("e:" + fmt.Sprint(r.Values["base"]))
		if !eval[bool](tb, `document.querySelector("`+c+` .graph-canvas").__cy.getElementById(`+id+`).degree() > 0`) {
			t.Errorf("%v is not linked in the graph", r.Values["base"])
		}
	}
	tb.shot("bases-per-base", c, 20, 0.99)
}
