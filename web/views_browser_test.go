package web_test

// Browser tests of what the first page shows and of each view's geometry:
// paging and drill-downs of the headline answer, a base's page, the
// timeline's legend and labels, the graph's labels and fit, and the map's
// clusters, projection, pan, zoom and layers. Each saves a screenshot as an
// artifact and asserts on the page as drawn at that moment (sizes,
// positions, overlaps, text nodes), so that the bugs these views had fail
// here: a stray "null" under the timeline, labels too small or on top of
// each other, markers off the map or hiding each other's labels, actor
// countries shaded as places.

import (
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/newsgraph/newsgraph/server"
)

// overlapJS defines overlaps(boxes): the pairs of DOMRects that overlap
// by more than a pixel each way, as "i/j" strings.
const overlapJS = `const overlaps = (boxes) => {
	const out = [];
	for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
		const a = boxes[i], b = boxes[j];
		if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) out.push(i + "/" + j);
	}
	return out;
};`

type pagedResult struct {
	apiResult
	Total      int  `json:"total"`
	Offset     int  `json:"offset"`
	Limit      int  `json:"limit"`
	NextOffset *int `json:"next_offset"`
}

// shownRows reads a cell's table: the columns of its header and the text
// of each data row's cells under them.
func shownRows(tb *tab, c string) (cols []string, rows [][]string) {
	tb.t.Helper()
	v := eval[struct {
		Cols []string
		Rows [][]string
	}](tb, `(() => {
		const table = document.querySelector("`+c+` .result-table");
		if (!table) return {Cols: [], Rows: []};
		const cols = [...table.querySelectorAll("thead th")].map(th => th.querySelector("button.sort")?.dataset.col ?? "");
		const rows = [...table.querySelectorAll("tbody tr[data-row]")].map(tr => [...tr.children].map(td => td.textContent));
		return {Cols: cols, Rows: rows};
	})()`)
	return v.Cols, v.Rows
}

// TestFirstPagePagesAndDrillsDown: on a server whose pages hold 4 rows,
// the first page's question shows "1-4 of N" of the API's total, pages
// forward and back with the API's rows, and a base row opens that base's
// events (paged too), an event its articles and evidence, and the base's
// page.
func TestFirstPagePagesAndDrillsDown(t *testing.T) {
	const pageSize = 4
	s := newSite(t, server.Options{ResultLimit: pageSize})
	tb := openTab(t, s, 1366, 900)
	tb.open("/")
	c := cell(1)
	if q := eval[string](tb, `document.querySelector("`+c+` input.question")?.value ?? ""`); q != exampleQuestion {
		t.Fatalf("the first cell asks %q, want the headline question %q", q, exampleQuestion)
	}

	var all pagedResult
	s.apiGet(t, "/api/v1/queries/bases?event=withdrawal", &all)
	if all.Total <= pageSize {
		t.Fatalf("the API has %d bases linked to withdrawals; the test needs more than a page of %d", all.Total, pageSize)
	}
	checkPage := func(offset int) {
		t.Helper()
		var want pagedResult
		s.apiGet(t, fmt.Sprintf("/api/v1/queries/bases?event=withdrawal&offset=%d", offset), &want)
		label := fmt.Sprintf("%d-%d of %d", offset+1, offset+len(want.Rows), want.Total)
		tb.wait("the page "+label, `document.querySelector("`+c+` .row-count")?.textContent === `+jsString(label))
		cols, rows := shownRows(tb, c)
		if len(rows) != len(want.Rows) {
			t.Fatalf("page %s shows %d rows, the API %d", label, len(rows), len(want.Rows))
		}
		// Whatever columns come back are shown, in the API's order.
		var apiCols []string
		for _, col := range want.Columns {
			if col != "sources" {
				apiCols = append(apiCols, col)
			}
		}
		if !slices.Equal(cols[:len(apiCols)], apiCols) {
			t.Errorf("page %s: columns %q, the API's %q", label, cols, apiCols)
		}
		for i, r := range want.Rows {
			for j, col := range apiCols {
				if got, wantText := rows[i][j], displayed(r.Values[col]); got != wantText {
					t.Errorf("page %s row %d %s: %q, the API %q", label, i, col, got, wantText)
				}
			}
		}
		prevDisabled := eval[bool](tb, `document.querySelector("`+c+` .pager [data-page=previous]").disabled`)
		nextDisabled := eval[bool](tb, `document.querySelector("`+c+` .pager [data-page=next]").disabled`)
		if prevDisabled != (offset == 0) || nextDisabled != (want.NextOffset == nil) {
			t.Errorf("page %s: previous disabled %v, next disabled %v; API next_offset %v", label, prevDisabled, nextDisabled, want.NextOffset)
		}
	}
	checkPage(0)
	tb.shot("first-page", "viewport", 40, 0.9)
	tb.do(chromedp.Click(chromedp.CSS(c + ` .pager [data-page="next"]`)))
	checkPage(pageSize)
	if plan := eval[string](tb, `document.querySelector("`+c+` .plan code")?.textContent ?? ""`); !strings.Contains(plan, "query bases") {
		t.Errorf("the second page lost the question's plan: %q", plan)
	}
	tb.do(chromedp.Click(chromedp.CSS(c + ` .pager [data-page="previous"]`)))
	checkPage(0)

	// Drill down into the first row's base: its events, paged as the API
	// pages events?base=NAME.
	base := fmt.Sprint(all.Rows[0].Values["base"])
	var events pagedResult
	s.apiGet(t, "/api/v1/queries/events?base="+url.QueryEscape(base), &events)
	if len(events.Rows) == 0 {
		t.Fatalf("the API has no events at %s", base)
	}
	tb.do(chromedp.Click(chromedp.CSS(c + ` button.drill-toggle[data-row="0"]`)))
	drill := c + ` tr.drill-row[data-drill='0']`
	label := fmt.Sprintf("Events 1-%d of %d", len(events.Rows), events.Total)
	tb.wait("the base's events", `document.querySelector("`+drill+` .row-count")?.textContent === `+jsString(label))
	if got := eval[string](tb, `document.querySelector("`+c+` button.drill-toggle[data-row='0']").getAttribute("aria-expanded")`); got != "true" {
		t.Errorf("the drill-down button says aria-expanded=%s", got)
	}
	lines := eval[[]string](tb, `[...document.querySelectorAll("`+drill+` .drill-events > li")].map(li => li.querySelector("summary")?.textContent ?? li.textContent)`)
	if len(lines) != len(events.Rows) {
		t.Fatalf("the drill-down lists %d events, the API %d", len(lines), len(events.Rows))
	}
	for i, r := range events.Rows {
		if d := fmt.Sprint(r.Values["date"]); d != "" && !strings.HasPrefix(lines[i], d) {
			t.Errorf("event %d: %q does not start with its date %s", i, lines[i], d)
		}
		if ev := fmt.Sprint(r.Values["event"]); !strings.Contains(lines[i], ev) {
			t.Errorf("event %d: %q does not say %s", i, lines[i], ev)
		}
	}
	if events.NextOffset != nil {
		tb.do(chromedp.Click(chromedp.CSS(drill + ` .pager [data-page="next"]`)))
		var next pagedResult
		s.apiGet(t, fmt.Sprintf("/api/v1/queries/events?base=%s&offset=%d", url.QueryEscape(base), *events.NextOffset), &next)
		label := fmt.Sprintf("Events %d-%d of %d", *events.NextOffset+1, *events.NextOffset+len(next.Rows), next.Total)
		tb.wait("the next page of events", `document.querySelector("`+drill+` .row-count")?.textContent === `+jsString(label))
		tb.do(chromedp.Click(chromedp.CSS(drill + ` .pager [data-page="previous"]`)))
		tb.wait("the first page of events", `document.querySelector("`+drill+` .drill-events") && document.querySelector("`+drill+` .row-count")?.textContent.startsWith("Events 1-")`)
	}
	// An event opens its articles and evidence sentences.
	tb.do(chromedp.Click(chromedp.CSS(drill + ` .drill-events > li:first-child summary`)))
	links := eval[[]string](tb, `[...document.querySelectorAll("`+drill+` .drill-events > li:first-child .sources a")].map(a => a.href)`)
	evidence := eval[[]string](tb, `[...document.querySelectorAll("`+drill+` .drill-events > li:first-child .evidence")].map(e => e.textContent)`)
	for _, src := range events.Rows[0].Sources {
		if !slices.Contains(links, src.URL) {
			t.Errorf("the first event's articles %q lack %s", links, src.URL)
		}
		if src.Evidence != "" && !slices.Contains(evidence, src.Evidence) {
			t.Errorf("the first event's evidence %q lacks %q", evidence, src.Evidence)
		}
	}
	tb.shot("drill-down", drill, 10, 0.99)

	// The base's page opens in a new cell below.
	tb.do(chromedp.Click(chromedp.CSS(drill + ` button.open-base`)))
	tb.wait("the base's page", `document.querySelector(".cell:nth-child(2) .base-page")?.dataset.base === `+jsString(base))
}

// TestBasePage opens Ain al-Asad's page from the headline answer and
// compares it with the API: who deployed, withdrew or handed over, with
// dates and sources (timeline), its events, aliases and coordinates
// (entity), and its publishers (sources).
func TestBasePage(t *testing.T) {
	s := newSite(t, server.Options{})
	tb := openTab(t, s, 1366, 900)
	tb.open("/")
	const name = "Ain al-Asad Air Base"
	row := eval[int](tb, `[...document.querySelectorAll(".cell:nth-child(1) tbody tr[data-row]")].findIndex(tr => tr.querySelector('button.entity[data-entity="`+name+`"]'))`)
	if row < 0 {
		t.Fatalf("%s is not in the headline answer", name)
	}
	tb.do(chromedp.Click(chromedp.CSS(fmt.Sprintf(`%s tr[data-row]:nth-child(%d) button.drill-toggle`, cell(1), row+1))))
	tb.wait("the drill-down", `document.querySelectorAll(".cell:nth-child(1) tr.drill-row .drill-events > li").length > 0`)
	// The first page as a person sees it, a base opened in place: the
	// README's picture (web/notebook.png).
	if got := eval[float64](tb, `(window.scrollTo(0, 0), document.querySelector(".cell:nth-child(1) .result-table").getBoundingClientRect().top)`); got > 300 {
		t.Errorf("the headline answer's table starts %.0fpx down the first page, want it in the first screen", got)
	}
	tb.shot("notebook", "viewport", 40, 0.9)
	tb.do(chromedp.Click(chromedp.CSS(cell(1) + ` tr.drill-row button.open-base`)))
	c := cell(2)
	tb.wait("the base's page", `document.querySelectorAll("`+c+` .presence-table tbody tr").length > 0 && !!document.querySelector("`+c+` .publisher-list") && !!document.querySelector("`+c+` .base-page .drill-events")`)

	// Presence over time: the timeline's deployments, withdrawals,
	// handovers... in date order, with who and the sources.
	var timeline apiResult
	s.apiGet(t, "/api/v1/queries/timeline?negated=any&limit=500&entity="+url.QueryEscape(name), &timeline)
	presence := map[string]bool{"establishment": true, "deployment": true, "relocation": true, "handover": true, "withdrawal": true, "closure": true}
	type step struct{ Date, Who, Event string }
	var want []step
	for _, r := range timeline.Rows {
		if presence[fmt.Sprint(r.Values["event"])] {
			want = append(want, step{fmt.Sprint(r.Values["date"]), fmt.Sprint(r.Values["actor"]), fmt.Sprint(r.Values["event"])})
		}
	}
	sort.SliceStable(want, func(i, j int) bool { return want[i].Date < want[j].Date })
	if len(want) < 2 {
		t.Fatalf("the API's timeline of %s has %d presence events; the test needs two", name, len(want))
	}
	got := eval[[]step](tb, `[...document.querySelectorAll("`+c+` .presence-table tbody tr")].map(tr => ({Date: tr.children[0].textContent, Who: tr.children[1].textContent, Event: tr.dataset.event}))`)
	if len(got) != len(want) {
		t.Fatalf("presence over time shows %d rows %v, the API %d %v", len(got), got, len(want), want)
	}
	for i := range want {
		if got[i].Date != want[i].Date || got[i].Event != want[i].Event || (want[i].Who != "" && got[i].Who != want[i].Who) {
			t.Errorf("presence row %d: %+v, the API %+v", i, got[i], want[i])
		}
	}
	if n := eval[int](tb, `[...document.querySelectorAll("`+c+` .presence-table tbody tr")].filter(tr => tr.querySelector(".sources a")).length`); n != len(want) {
		t.Errorf("%d of %d presence rows link their sources", n, len(want))
	}

	// Aliases and coordinates, from the entity query.
	var prof apiResult
	s.apiGet(t, "/api/v1/queries/entity?limit=1000&name="+url.QueryEscape(name), &prof)
	aliases, coords := map[string]bool{}, ""
	for _, r := range prof.Rows {
		switch r.Values["field"] {
		case "alias":
			aliases[fmt.Sprint(r.Values["value"])] = true
		case "coordinates":
			coords = fmt.Sprint(r.Values["value"])
		}
	}
	if n := eval[int](tb, `document.querySelectorAll("`+c+` .profile .aliases li").length`); n != len(aliases) || n == 0 {
		t.Errorf("the page lists %d aliases, the API %d", n, len(aliases))
	}
	if facts := eval[string](tb, `document.querySelector("`+c+` .profile .facts").textContent`); coords == "" || !strings.Contains(facts, coords) {
		t.Errorf("the page's facts %q do not give the coordinates %q", facts, coords)
	}

	// Its events and publishers.
	var events pagedResult
	s.apiGet(t, "/api/v1/queries/events?limit=10&base="+url.QueryEscape(name), &events)
	if n := eval[int](tb, `document.querySelectorAll("`+c+` .base-page .drill-events > li").length`); n != len(events.Rows) {
		t.Errorf("the page lists %d events, the API %d", n, len(events.Rows))
	}
	var pubs apiResult
	s.apiGet(t, "/api/v1/queries/sources?negated=any&limit=500&entity="+url.QueryEscape(name), &pubs)
	var wantPubs []string
	for _, r := range pubs.Rows {
		wantPubs = append(wantPubs, fmt.Sprint(r.Values["publisher"]))
	}
	if got := eval[[]string](tb, `[...document.querySelectorAll("`+c+` .publisher-list > li")].map(li => li.dataset.publisher)`); !slices.Equal(got, wantPubs) || len(wantPubs) == 0 {
		t.Errorf("the page's publishers %q, the API's %q", got, wantPubs)
	}
	tb.shot("base-page", c, 20, 0.99)
}

// TestTimelineLegendAndLabels: the attacks' timeline has a legend entry
// per lane, a label beside every mark, no two labels or a label and
// another mark on top of each other, and no "null" text anywhere.
func TestTimelineLegendAndLabels(t *testing.T) {
	s := newSite(t, server.Options{})
	tb := openTab(t, s, 1366, 900)
	tb.open("/")
	c := cell(3)
	tb.wait("the timeline", `document.querySelectorAll("`+c+` .timeline-svg .mark").length > 0`)
	tb.do(chromedp.ScrollIntoView(chromedp.CSS(c + " .timeline-svg")))
	shot := tb.shot("timeline", c+" .timeline-view", 10, 0.99)

	nulls := eval[[]string](tb, `(() => {
		const out = [], w = document.createTreeWalker(document.querySelector("`+c+`"), NodeFilter.SHOW_TEXT);
		while (w.nextNode()) if (/^\s*(null|undefined)\s*$/.test(w.currentNode.data)) out.push(w.currentNode.parentNode.className || w.currentNode.parentNode.nodeName);
		return out;
	})()`)
	if len(nulls) > 0 {
		t.Errorf("the timeline cell shows the text null/undefined under %q (%s)", nulls, shot)
	}
	lanes := eval[[]string](tb, `[...document.querySelectorAll("`+c+` .timeline-svg .lane-label")].map(e => e.textContent)`)
	legend := eval[[]string](tb, `[...document.querySelectorAll("`+c+` .timeline-legend li[data-lane]")].map(e => e.dataset.lane)`)
	if len(lanes) == 0 || len(legend) != len(lanes) {
		t.Errorf("legend %q for lanes %q", legend, lanes)
	}
	for _, l := range lanes {
		if !slices.ContainsFunc(legend, func(x string) bool { return strings.HasPrefix(x, strings.TrimSuffix(l, "…")) }) {
			t.Errorf("lane %q has no legend entry (%q)", l, legend)
		}
	}
	geom := eval[struct {
		Marks, Labelled int
		Empty           []int
		Overlaps        []string
		MarkHits        []string
		Outside         []string
	}](tb, `(() => {`+overlapJS+`
		const marks = [...document.querySelectorAll("`+c+` .timeline-svg .mark")];
		const svg = document.querySelector("`+c+` .timeline-svg").getBoundingClientRect();
		const labels = marks.map(m => m.querySelector(".mark-label"));
		const boxes = labels.filter(Boolean).map(l => l.getBoundingClientRect());
		const shapes = marks.map(m => m.querySelector("circle, rect").getBoundingClientRect());
		const hits = [];
		labels.forEach((l, i) => { if (!l) return; const b = l.getBoundingClientRect();
			shapes.forEach((s, j) => { if (i !== j && b.left < s.right - 1 && s.left < b.right - 1 && b.top < s.bottom - 1 && s.top < b.bottom - 1) hits.push(l.textContent + " on mark " + j); }); });
		return {
			Marks: marks.length, Labelled: boxes.length,
			Empty: labels.map((l, i) => l && l.textContent.trim() ? -1 : i).filter(i => i >= 0),
			Overlaps: overlaps(boxes).map(p => p.split("/").map(i => labels[+i].textContent).join(" / ")),
			MarkHits: hits,
			Outside: boxes.filter(b => b.left < svg.left || b.right > svg.right + 1).map((b, i) => labels[i].textContent),
		};
	})()`)
	if geom.Labelled != geom.Marks || len(geom.Empty) > 0 {
		t.Errorf("%d of %d marks have a label; empty: %v", geom.Labelled, geom.Marks, geom.Empty)
	}
	if len(geom.Overlaps) > 0 || len(geom.MarkHits) > 0 || len(geom.Outside) > 0 {
		t.Errorf("timeline labels overlap each other %q, cover marks %q, leave the chart %q (%s)", geom.Overlaps, geom.MarkHits, geom.Outside, shot)
	}
}

// graphGeometry reads a graph's labels and nodes as drawn: the rendered
// font size of every label shown, how many entities keep their label,
// the labels that overlap, the nodes outside the canvas.
type graphGeometry struct {
	Nodes, Labelled            int
	Entities, EntitiesLabelled int
	MinFont                    float64
	Overlaps                   []string
	Outside                    []string
}

func readGraph(tb *tab, c string) graphGeometry {
	tb.t.Helper()
	return eval[graphGeometry](tb, `(() => {`+overlapJS+`
		const canvas = document.querySelector("`+c+` .graph-canvas"), cy = canvas.__cy;
		const w = canvas.clientWidth, h = canvas.clientHeight, z = cy.zoom();
		const shown = cy.nodes().filter(n => !n.hasClass("nolabel") && n.data("label"));
		const entities = cy.nodes().filter(n => n.data("type") !== "Event");
		const boxes = shown.map(n => { const b = n.renderedBoundingBox({includeNodes: false, includeEdges: false, includeLabels: true});
			return {left: b.x1, right: b.x2, top: b.y1, bottom: b.y2}; });
		return {
			Nodes: cy.nodes().length, Labelled: shown.length,
			Entities: entities.length, EntitiesLabelled: entities.filter(n => !n.hasClass("nolabel")).length,
			MinFont: Math.min(...shown.map(n => n.numericStyle("font-size") * z)),
			Overlaps: overlaps(boxes).map(p => p.split("/").map(i => shown[+i].data("label")).join(" / ")),
			Outside: cy.nodes().filter(n => { const p = n.renderedPosition(); return p.x < 0 || p.y < 0 || p.x > w || p.y > h; }).map(n => n.id()),
		};
	})()`)
}

func checkGraph(t *testing.T, when string, g graphGeometry) {
	t.Helper()
	if g.MinFont < 11 {
		t.Errorf("%s: a label is drawn at %.1fpx, want at least 11", when, g.MinFont)
	}
	if len(g.Overlaps) > 0 {
		t.Errorf("%s: labels overlap: %q", when, g.Overlaps)
	}
	if len(g.Outside) > 0 {
		t.Errorf("%s: nodes off the canvas: %q", when, g.Outside)
	}
	if 2*g.EntitiesLabelled < g.Entities {
		t.Errorf("%s: %d of %d entities labelled, want at least half (%d of %d nodes)", when, g.EntitiesLabelled, g.Entities, g.Labelled, g.Nodes)
	}
}

// TestGraphLabelsAndFit: the headline answer as a graph has readable,
// separate labels at the zoom it opens at; after each of two expansions
// the whole graph is fitted in the canvas and the labels still hold.
func TestGraphLabelsAndFit(t *testing.T) {
	s := newSite(t, server.Options{})
	tb := openTab(t, s, 1366, 900)
	tb.open("/")
	c := cell(1)
	tb.do(chromedp.Click(chromedp.CSS(c + ` [role="tab"][data-view="graph"]`)))
	tb.wait("the graph", `document.querySelector("`+c+` .graph-canvas")?.dataset.ready === "true"`)
	tb.do(chromedp.ScrollIntoView(chromedp.CSS(c + " .graph-canvas")))
	checkGraph(t, "as opened", readGraph(tb, c))
	tb.shot("graph-opened", c+" .graph-canvas", 8, 0.99)

	for _, name := range []string{"Ain al-Asad Air Base", "Iraq"} {
		id := jsString("e:" + name)
		before := eval[int](tb, `document.querySelector("`+c+` .graph-canvas").__cy.nodes().length`)
		// The panel's Load neighbours button, as the keyboard reaches it.
		tb.do(chromedp.Evaluate[chromedp.Void](`(() => { const sel = document.querySelector("` + c + ` .node-select"); sel.value = ` + id + `; sel.dispatchEvent(new Event("change")); })()`))
		tb.wait("the panel", `!!document.querySelector("`+c+` .graph-detail button.expand")`)
		tb.do(chromedp.Click(chromedp.CSS(c + ` .graph-detail button.expand`)))
		tb.wait(name+"'s neighbours", `document.querySelector("`+c+` .graph-canvas").__cy.getElementById(`+id+`).data("expanded") === true`)
		g := readGraph(tb, c)
		if g.Nodes <= before {
			t.Errorf("expanding %s: %d nodes before, %d after", name, before, g.Nodes)
		}
		checkGraph(t, "after expanding "+name, g)
		tb.shot("graph-expanded-"+strings.ReplaceAll(strings.ToLower(name), " ", "-"), c+" .graph-canvas", 8, 0.99)
	}
}

// mapGeometry is the map as drawn: markers, their labels, what overlaps.
type mapGeometry struct {
	Markers       int
	Members       []string
	Outside       []string
	LabelOverlaps []string
	LabelOnMarker []string
	Unlabelled    []string
	ViewBox       []float64
}

func readMap(tb *tab, c string) mapGeometry {
	tb.t.Helper()
	return eval[mapGeometry](tb, `(() => {`+overlapJS+`
		const svg = document.querySelector("`+c+` .map-svg"), r = svg.getBoundingClientRect();
		const markers = [...svg.querySelectorAll(".marker")];
		const shape = (m) => m.querySelector("rect, circle").getBoundingClientRect();
		const labels = markers.map(m => m.querySelector(".marker-label"));
		const boxes = labels.filter(Boolean).map(l => l.getBoundingClientRect());
		const onMarker = [];
		labels.forEach((l, i) => { if (!l) return; const b = l.getBoundingClientRect();
			markers.forEach((m, j) => { const s = shape(m); if (i !== j && b.left < s.right - 1 && s.left < b.right - 1 && b.top < s.bottom - 1 && s.top < b.bottom - 1) onMarker.push(l.textContent + " on " + m.dataset.members.split("\n")[0]); }); });
		const named = labels.filter(Boolean);
		return {
			Markers: markers.length,
			Members: markers.flatMap(m => m.dataset.members.split("\n")),
			Outside: markers.filter(m => { const s = shape(m), x = (s.left + s.right) / 2, y = (s.top + s.bottom) / 2; return x < r.left || x > r.right || y < r.top || y > r.bottom; }).map(m => m.dataset.members),
			LabelOverlaps: overlaps(boxes).map(p => p.split("/").map(i => named[+i].textContent).join(" / ")),
			LabelOnMarker: onMarker,
			Unlabelled: markers.filter((m, i) => !labels[i]).map(m => m.dataset.members),
			ViewBox: svg.getAttribute("viewBox").split(" ").map(Number),
		};
	})()`)
}

// checkMap fails on markers outside the map and labels on top of labels
// or markers; all says every marker must have its label (a far, lone
// marker on a crowded map may give its label up to its tooltip).
func checkMap(t *testing.T, when string, m mapGeometry, all bool) {
	t.Helper()
	if m.Markers == 0 {
		t.Errorf("%s: no marker on the map", when)
	}
	if len(m.Outside) > 0 {
		t.Errorf("%s: markers outside the map: %q", when, m.Outside)
	}
	if !all {
		m.Unlabelled = nil
	}
	if len(m.LabelOverlaps) > 0 || len(m.LabelOnMarker) > 0 || len(m.Unlabelled) > 0 {
		t.Errorf("%s: labels overlap %q, labels on other markers %q, markers without a label %q", when, m.LabelOverlaps, m.LabelOnMarker, m.Unlabelled)
	}
}

// TestMapClustersProjectionPanZoomLayers: the headline answer's bases are
// drawn inside their countries (the projection of their known
// coordinates lands in the right outline), within the map, with labels
// that overlap neither each other nor other markers; the host countries
// are shaded and the actors' are not; the map zooms and pans; and the
// events of every type have a layer per type that hides its markers.
func TestMapClustersProjectionPanZoomLayers(t *testing.T) {
	s := newSite(t, server.Options{})
	tb := openTab(t, s, 1366, 900)
	tb.open("/")
	c := cell(1)
	tb.do(chromedp.Click(chromedp.CSS(c + ` [role="tab"][data-view="map"]`)))
	tb.wait("the map", `document.querySelector("`+c+` .map-holder")?.dataset.ready === "true"`)
	tb.do(chromedp.ScrollIntoView(chromedp.CSS(c + " .map-svg")))
	first := readMap(tb, c)
	checkMap(t, "as opened", first, true)
	tb.shot("map-opened", c+" .map-view", 10, 0.99)

	// Every base of the answer is on the map, in its host country.
	var ans struct {
		Result apiResult `json:"result"`
	}
	s.apiGet(t, "/api/v1/ask?q="+url.QueryEscape(exampleQuestion), &ans)
	hosts, actors := map[string]string{}, map[string]bool{}
	for _, r := range ans.Result.Rows {
		hosts[fmt.Sprint(r.Values["base"])] = displayed(r.Values["country"])
		// actor on a row per event, actors ("A; B") on a row per base.
		for _, col := range []string{"actor", "actors"} {
			for _, a := range strings.Split(displayed(r.Values[col]), "; ") {
				if a != "" {
					actors[a] = true
				}
			}
		}
	}
	for base, country := range hosts {
		var prof apiResult
		s.apiGet(t, "/api/v1/queries/entity?limit=1000&name="+url.QueryEscape(base), &prof)
		hasCoords := false
		for _, r := range prof.Rows {
			hasCoords = hasCoords || r.Values["field"] == "coordinates"
		}
		if !hasCoords {
			continue
		}
		if !slices.Contains(first.Members, base) {
			t.Errorf("%s has coordinates but is not on the map (%q)", base, first.Members)
		}
		inside := eval[string](tb, `(() => {
			const svg = document.querySelector("`+c+` .map-svg");
			const p = svg.__points.find(p => p.name === `+jsString(base)+`);
			if (!p) return "not projected";
			const outline = [...svg.querySelectorAll("path.land")].find(e => e.dataset.country === `+jsString(country)+`);
			if (!outline) return "no outline";
			// The 1:110m outlines cut corners off coasts: within half a degree
			// (1.5 map units) of the outline counts as inside.
			const near = [[0, 0], [1.5, 0], [-1.5, 0], [0, 1.5], [0, -1.5], [1, 1], [1, -1], [-1, 1], [-1, -1]];
			return near.some(([dx, dy]) => outline.isPointInFill(new DOMPoint(p.x + dx, p.y + dy))) ? "inside" : "outside, at " + p.lon + ", " + p.lat;
		})()`)
		if inside != "inside" && inside != "no outline" {
			t.Errorf("%s is drawn %s %s", base, inside, country)
		}
	}
	shaded := eval[[]string](tb, `[...document.querySelectorAll("`+c+` .map-svg path.land.hit")].map(p => p.dataset.country)`)
	for _, country := range hosts {
		if country != "" && !slices.Contains(shaded, country) && eval[bool](tb, `!![...document.querySelectorAll("`+c+` .map-svg path.land")].find(e => e.dataset.country === `+jsString(country)+`)`) {
			t.Errorf("the host country %s is not shaded (%q)", country, shaded)
		}
	}
	for actor := range actors {
		isHost := false
		for _, h := range hosts {
			isHost = isHost || h == actor
		}
		if !isHost && (slices.Contains(shaded, actor) || slices.Contains(shaded, "United States of America") && actor == "United States") {
			t.Errorf("the actor %s is shaded as if it were a place (%q)", actor, shaded)
		}
		if !isHost && slices.Contains(first.Members, actor) {
			t.Errorf("the actor %s has a marker", actor)
		}
	}

	// Zoom in (button, then wheel) and pan (drag): the view changes, the
	// labels still hold.
	tb.do(chromedp.Click(chromedp.CSS(c + ` [data-map="zoom-in"]`)))
	zoomed := readMap(tb, c)
	if !(zoomed.ViewBox[2] < first.ViewBox[2]*0.8) {
		t.Errorf("zoom in: view %v, before %v", zoomed.ViewBox, first.ViewBox)
	}
	checkMap(t, "zoomed in", zoomed, true)
	tb.do(chromedp.Evaluate[chromedp.Void](`(() => { const svg = document.querySelector("` + c + ` .map-svg"), r = svg.getBoundingClientRect();
		svg.dispatchEvent(new WheelEvent("wheel", {deltaY: 200, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, bubbles: true, cancelable: true})); })()`))
	out := readMap(tb, c)
	if !(out.ViewBox[2] > zoomed.ViewBox[2]) {
		t.Errorf("wheel zoom out: view %v, before %v", out.ViewBox, zoomed.ViewBox)
	}
	xy := eval[[]float64](tb, `(() => { const r = document.querySelector("`+c+` .map-svg").getBoundingClientRect(); return [r.left + 30, r.top + r.height - 30]; })()`)
	tb.do(chromedp.MouseEvent("mousePressed", xy[0], xy[1], chromedp.ButtonLeft),
		chromedp.MouseEvent("mouseMoved", xy[0]+60, xy[1]-10, chromedp.ButtonLeft),
		chromedp.MouseEvent("mouseMoved", xy[0]+120, xy[1]-20, chromedp.ButtonLeft),
		chromedp.MouseEvent("mouseReleased", xy[0]+120, xy[1]-20, chromedp.ButtonLeft))
	panned := readMap(tb, c)
	if !(panned.ViewBox[0] < out.ViewBox[0]-1) || panned.ViewBox[2] != out.ViewBox[2] {
		t.Errorf("dragging right: view %v, before %v", panned.ViewBox, out.ViewBox)
	}
	tb.do(chromedp.Click(chromedp.CSS(c + ` [data-map="world"]`)))
	world := readMap(tb, c)
	checkMap(t, "the whole world", world, true)
	tb.shot("map-world", c+" .map-view", 10, 0.99)

	// Layers: the events query with every event type.
	tb.do(chromedp.Click(chromedp.CSS(`.add-bar button[data-add="query"]`)))
	q := cell(5)
	tb.wait("the query form", `!!document.querySelector("`+q+` .query-select option[value=events]")`)
	tb.do(chromedp.SetValue(chromedp.CSS(q+" .query-select"), "events"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("`+q+` .query-select").dispatchEvent(new Event("change"))`))
	tb.do(chromedp.Click(chromedp.CSS(q + " button.run")))
	tb.wait("the events", `document.querySelectorAll("`+q+` .result-table tbody tr[data-row]").length > 0`)
	tb.do(chromedp.Click(chromedp.CSS(q + ` [role="tab"][data-view="map"]`)))
	tb.wait("the map of events", `document.querySelector("`+q+` .map-holder")?.dataset.ready === "true"`)
	var events apiResult
	s.apiGet(t, "/api/v1/queries/events", &events)
	types := map[string]map[string]bool{} // base, place or country -> its event types
	for _, r := range events.Rows {
		for _, col := range []string{"bases", "places", "country"} {
			for _, name := range strings.Split(displayed(r.Values[col]), "; ") {
				if name == "" {
					continue
				}
				if types[name] == nil {
					types[name] = map[string]bool{}
				}
				types[name][displayed(r.Values["event"])] = true
			}
		}
	}
	layers := eval[[]string](tb, `[...document.querySelectorAll("`+q+` .map-layers input[data-layer]")].map(i => i.dataset.layer)`)
	var wantLayers []string
	for _, ts := range types {
		for ty := range ts {
			if !slices.Contains(wantLayers, ty) {
				wantLayers = append(wantLayers, ty)
			}
		}
	}
	sort.Strings(wantLayers)
	if !slices.Equal(layers, wantLayers) {
		t.Errorf("map layers %q, the rows' event types %q", layers, wantLayers)
	}
	all := readMap(tb, q)
	checkMap(t, "every layer", all, false)
	const off = "withdrawal"
	tb.do(chromedp.Click(chromedp.CSS(q + ` .map-layers input[data-layer="` + off + `"]`)))
	some := readMap(tb, q)
	checkMap(t, "without "+off, some, false)
	for _, name := range all.Members {
		only := len(types[name]) == 1 && types[name][off]
		if on := slices.Contains(some.Members, name); on == only {
			t.Errorf("with the %s layer off, %s is shown: %v (its event types: %v)", off, name, on, types[name])
		}
	}
	tb.shot("map-layers", q+" .map-view", 10, 0.99)
}
