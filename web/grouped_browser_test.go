package web_test

// The bases query is becoming one row per base (base, country, lat, lon,
// events, articles, publishers, first, last, actors, negated) instead of
// one row per event. This test puts that shape in front of the real
// server — computed from the real per-event rows, paged the same way — and
// checks that the first page shows it, pages it, drills into a base and
// draws it on the map, the timeline and the graph.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
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

// perBase groups per-event bases rows into one row per base, in the order
// of their event counts, and cuts the page [offset, offset+limit).
func perBase(t *testing.T, api http.Handler, rows []queries.Row, args queries.Args, offset, limit int) queries.Result {
	t.Helper()
	type acc struct {
		row      queries.Row
		events   int
		articles map[string]bool
		pubs     map[string]bool
		actors   []string
		negated  int
	}
	byBase := map[string]*acc{}
	var order []string
	for _, r := range rows {
		name := fmt.Sprint(r.Values["base"])
		a := byBase[name]
		if a == nil {
			a = &acc{row: queries.Row{Values: map[string]any{"base": name, "country": r.Values["country"]}}, articles: map[string]bool{}, pubs: map[string]bool{}}
			byBase[name] = a
			order = append(order, name)
		}
		a.events++
		a.row.Sources = append(a.row.Sources, r.Sources...)
		for _, s := range r.Sources {
			a.articles[s.URL] = true
			a.pubs[s.Publisher] = true
		}
		if actor := fmt.Sprint(r.Values["actor"]); actor != "" && !slices.Contains(a.actors, actor) {
			a.actors = append(a.actors, actor)
		}
		if r.Values["negated"] == true {
			a.negated++
		}
		if d, _ := r.Values["date"].(string); d != "" {
			if first, _ := a.row.Values["first"].(string); first == "" || d < first {
				a.row.Values["first"] = d
			}
			if last, _ := a.row.Values["last"].(string); d > last {
				a.row.Values["last"] = d
			}
		}
	}
	var out []queries.Row
	for _, name := range order {
		a := byBase[name]
		v := a.row.Values
		v["events"], v["articles"], v["publishers"], v["negated"] = a.events, len(a.articles), len(a.pubs), a.negated
		v["actors"] = strings.Join(a.actors, "; ")
		for _, k := range []string{"first", "last"} {
			if _, ok := v[k]; !ok {
				v[k] = ""
			}
		}
		// lat and lon from the base's profile, as the grouped query will
		// carry them.
		var prof envelope[queries.Result]
		getJSON(t, api, "/api/v1/queries/entity?limit=1000&name="+url.QueryEscape(name), &prof)
		for _, r := range prof.Data.Rows {
			if r.Values["field"] == "coordinates" {
				parts := strings.Split(fmt.Sprint(r.Values["value"]), ",")
				lat, _ := strconv.ParseFloat(strings.TrimSpace(parts[0]), 64)
				lon, _ := strconv.ParseFloat(strings.TrimSpace(parts[1]), 64)
				v["lat"], v["lon"] = lat, lon
			}
		}
		a.row.Corroboration = len(a.articles)
		out = append(out, a.row)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Values["events"].(int) > out[j].Values["events"].(int) })
	res := queries.Result{Query: "bases", Args: args, Columns: append(slices.Clone(perBaseColumns), "sources"), Total: len(out), Offset: offset, Limit: limit}
	end := min(offset+limit, len(out))
	if offset < end {
		res.Rows = out[offset:end]
	}
	if end < len(out) {
		res.NextOffset = end
	}
	return res
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

// perBaseSite serves the real API, except that the bases query (asked by
// name or through a question) answers one row per base.
func perBaseSite(t *testing.T, pageSize int) *site {
	t.Helper()
	s := testStore(t)
	api := server.New(s, server.Options{Web: web.Handler(), Pipeline: pipeline})
	page := func(q url.Values) (int, int) {
		offset, _ := strconv.Atoi(q.Get("offset"))
		limit, err := strconv.Atoi(q.Get("limit"))
		if err != nil || limit <= 0 || limit > pageSize { // the server's result limit
			limit = pageSize
		}
		return offset, limit
	}
	allRows := func(args map[string]string) ([]queries.Row, queries.Args) {
		q := url.Values{}
		for k, v := range args {
			if k != "offset" && k != "limit" && v != "" {
				q.Set(k, v)
			}
		}
		q.Set("limit", "10000")
		var res envelope[queries.Result]
		getJSON(t, api, "/api/v1/queries/bases?"+q.Encode(), &res)
		return res.Data.Rows, res.Data.Args
	}
	write := func(w http.ResponseWriter, data any) {
		var buf bytes.Buffer
		if err := json.NewEncoder(&buf).Encode(map[string]any{"status": "success", "data": data}); err != nil {
			t.Error(err)
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(buf.Bytes())
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/queries/bases", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		args := map[string]string{}
		for k := range q {
			args[k] = q.Get(k)
		}
		rows, a := allRows(args)
		offset, limit := page(q)
		write(w, perBase(t, api, rows, a, offset, limit))
	})
	mux.HandleFunc("GET /api/v1/ask", func(w http.ResponseWriter, r *http.Request) {
		var ans envelope[map[string]any]
		getJSON(t, api, r.URL.RequestURI(), &ans)
		if ans.Data["query"] == "bases" {
			args := map[string]string{}
			for k, v := range ans.Data["args"].(map[string]any) {
				args[k] = fmt.Sprint(v)
			}
			rows, a := allRows(args)
			offset, limit := page(url.Values{})
			ans.Data["result"] = perBase(t, api, rows, a, offset, limit)
		}
		write(w, ans.Data)
	})
	mux.Handle("/", api)
	ts := httptest.NewServer(mux)
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
