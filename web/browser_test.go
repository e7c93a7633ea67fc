package web_test

// Browser tests: the notebook page in real headless Chromium, driven with
// chromedp, over the real HTTP API (server.New) on a memory store built
// from testdata/articles. They read what a person would see (tables,
// graphs, maps, errors) and compare it with what the API answers.
//
// Chromium is found at /usr/bin/chromium (NEWSGRAPH_CHROMIUM overrides);
// scripts/test installs Debian's package when it is missing. Without it the
// tests fail; a developer can skip them with NEWSGRAPH_SKIP_BROWSER=1, which
// CI (CI=true) ignores. Screenshots go to the folder -screenshots names, or
// NEWSGRAPH_SCREENSHOTS, or a temporary folder; each is checked not blank.

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/server"
	"github.com/newsgraph/newsgraph/web"
)

var screenshotDir = flag.String("screenshots", os.Getenv("NEWSGRAPH_SCREENSHOTS"), "folder for the browser tests' screenshots (default: a temporary folder)")

const exampleQuestion = "which bases are linked to withdrawal events?"

// listedExample is one of the questions a refused question lists
// (queries.Questions).
const listedExample = "which bases did Russia leave in 2024?"

// The store and the browser are shared by the tests: building the store
// takes a second, starting Chromium a little more.
var (
	storeOnce sync.Once
	store     *graph.Store
	pipeline  *extract.Pipeline
	storeErr  error

	browserOnce   sync.Once
	browserCtx    context.Context
	browserCancel context.CancelFunc
	browserErr    error
	shotDir       string
)

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if browserCancel != nil {
		browserCancel()
	}
	os.Exit(code)
}

func testStore(t *testing.T) *graph.Store {
	t.Helper()
	storeOnce.Do(func() {
		ctx := context.Background()
		pipeline, storeErr = extract.New(extract.Config{})
		if storeErr != nil {
			return
		}
		store, storeErr = graph.Open(ctx, "memory")
		if storeErr != nil {
			return
		}
		in := &ingest.Ingester{Store: store, Pipeline: pipeline}
		sum := in.Ingest(ctx, []string{filepath.Join("..", "testdata", "articles")}, ingest.Options{})
		if sum.Failed > 0 || sum.Stored < 40 {
			storeErr = fmt.Errorf("ingest of testdata/articles: %+v", sum)
		}
	})
	if storeErr != nil {
		t.Fatal(storeErr)
	}
	return store
}

// site is the newsgraph server with the notebook page and the notebook
// store mounted as serve mounts them.
type site struct {
	*httptest.Server
	notebooks string
}

func newSite(t *testing.T, opts server.Options) *site {
	t.Helper()
	s := testStore(t)
	opts.Web = web.Handler()
	opts.Pipeline = pipeline
	api := server.New(s, opts)
	dir := t.TempDir()
	nb := web.NotebookHandler(dir)
	mux := http.NewServeMux()
	for _, p := range web.NotebookPatterns {
		mux.Handle(p, nb)
	}
	mux.Handle("/", api)
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return &site{Server: ts, notebooks: dir}
}

// apiGet reads an API answer's data.
func (s *site) apiGet(t *testing.T, path string, into any) {
	t.Helper()
	resp, err := http.Get(s.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var env struct {
		Status string          `json:"status"`
		Data   json.RawMessage `json:"data"`
		Error  string          `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	if env.Status != "success" {
		t.Fatalf("GET %s: %s %s", path, resp.Status, env.Error)
	}
	if err := json.Unmarshal(env.Data, into); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

type apiResult struct {
	Columns []string `json:"columns"`
	Rows    []struct {
		Values  map[string]any `json:"values"`
		Sources []struct {
			URL      string `json:"url"`
			Evidence string `json:"evidence"`
		} `json:"sources"`
		Corroboration int `json:"corroboration"`
	} `json:"rows"`
}

func chromiumPath() string {
	if p := os.Getenv("NEWSGRAPH_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

func startBrowser(t *testing.T) context.Context {
	t.Helper()
	browserOnce.Do(func() {
		path := chromiumPath()
		if _, err := os.Stat(path); err != nil {
			browserErr = fmt.Errorf("Chromium not found at %s (scripts/test installs it: apt-get install -y chromium; NEWSGRAPH_CHROMIUM names another): %w", path, err)
			return
		}
		dataDir, err := os.MkdirTemp("", "newsgraph-chromium-")
		if err != nil {
			browserErr = err
			return
		}
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(path),
			chromedp.Headless,
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.NoFirstRun,
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.UserDataDir(dataDir),
			chromedp.WindowSize(1366, 900),
		)
		allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancelCtx := chromedp.NewContext(allocCtx)
		browserCtx = ctx
		browserCancel = func() {
			cancelCtx()
			cancelAlloc()
			os.RemoveAll(dataDir)
		}
		// The first action starts the browser.
		browserErr = chromedp.Do(ctx, chromedp.Navigate("about:blank"))
		shotDir = *screenshotDir
		if shotDir == "" {
			shotDir, _ = os.MkdirTemp("", "newsgraph-screenshots-")
		}
		_ = os.MkdirAll(shotDir, 0o755)
	})
	if browserErr != nil {
		if os.Getenv("NEWSGRAPH_SKIP_BROWSER") == "1" && os.Getenv("CI") == "" {
			t.Skip("NEWSGRAPH_SKIP_BROWSER=1: ", browserErr)
		}
		t.Fatal(browserErr)
	}
	return browserCtx
}

// tab is one page in a browser context of its own (its own storage), with
// the page's uncaught exceptions, console errors and requests recorded.
type tab struct {
	t    *testing.T
	ctx  context.Context
	site *site

	mu         sync.Mutex
	exceptions []string
	requests   []string
}

func openTab(t *testing.T, s *site, width, height int64) *tab {
	t.Helper()
	parent := startBrowser(t)
	tb := &tab{t: t, site: s}
	ctx, cancel := chromedp.NewContext(parent, chromedp.WithNewBrowserContext(), chromedp.WithListener(tb.listen))
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancel()
	})
	tb.ctx = ctx
	tb.do(chromedp.EmulateViewport(width, height))
	// Every dialog (confirm before New, before Delete) is accepted.
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range dialogs {
			if err != nil {
				return
			}
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	t.Cleanup(tb.checkClean)
	return tb
}

func (tb *tab) listen(ev any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		tb.exceptions = append(tb.exceptions, msg)
	case *runtime.EventConsoleAPICalled:
		if ev.Type == "error" {
			var parts []string
			for _, a := range ev.Args {
				parts = append(parts, string(a.Value)+a.Description)
			}
			tb.exceptions = append(tb.exceptions, "console.error: "+strings.Join(parts, " "))
		}
	case *network.EventRequestWillBeSent:
		tb.requests = append(tb.requests, ev.Request.URL)
	}
}

// checkClean fails the test on an uncaught exception in the page, and on
// any request that left the server: the page must work offline.
func (tb *tab) checkClean() {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, e := range tb.exceptions {
		tb.t.Errorf("the page threw: %s", e)
	}
	for _, u := range tb.requests {
		if !strings.HasPrefix(u, tb.site.URL+"/") && !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, "blob:") && u != "about:blank" {
			tb.t.Errorf("the page requested %s, outside the newsgraph server", u)
		}
	}
}

func (tb *tab) do(steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, steps...); err != nil {
		tb.fail("browser: %v", err)
	}
}

// fail saves a screenshot of the page and stops the test.
func (tb *tab) fail(format string, args ...any) {
	tb.t.Helper()
	if buf, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(100)); err == nil && shotDir != "" {
		p := filepath.Join(shotDir, "FAILED-"+strings.ReplaceAll(tb.t.Name(), "/", "-")+".png")
		if os.WriteFile(p, buf, 0o644) == nil {
			tb.t.Logf("screenshot of the failure: %s", p)
		}
	}
	tb.t.Fatalf(format, args...)
}

// eval runs JavaScript in the page and decodes its value.
func eval[T any](tb *tab, js string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.fail("evaluating %s: %v", js, err)
	}
	return v
}

// wait polls a JavaScript condition until it is true.
func (tb *tab) wait(what, js string) {
	tb.t.Helper()
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[chromedp.Void](js, chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(45*time.Second)))
	if err != nil {
		tb.fail("waiting for %s (%s): %v", what, js, err)
	}
}

// open loads the page with an empty storage, so the first-run notebook
// opens, and waits until every cell has finished running.
func (tb *tab) open(path string) {
	tb.t.Helper()
	tb.do(chromedp.Navigate(tb.site.URL + path))
	tb.wait("the notebook", `document.querySelectorAll(".cell").length > 0`)
	tb.waitIdle()
}

func (tb *tab) waitIdle() {
	tb.t.Helper()
	tb.wait("every cell to finish", `document.querySelectorAll(".cell.running").length === 0 &&
		[...document.querySelectorAll(".cell:not(.kind-note)")].every(c => c.querySelector(".cell-output").children.length > 0)`)
}

// shiftEnter presses Shift+Enter as a keyboard does: one key down carrying
// the text "\r", which the page may cancel (a cell runs and nothing is
// typed), then a key up.
func (tb *tab) shiftEnter() {
	tb.t.Helper()
	for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeKeyDown, input.DispatchKeyEventTypeKeyUp} {
		p := input.DispatchKeyEventParams{Type: typ, Modifiers: 8, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13}
		if typ == input.DispatchKeyEventTypeKeyDown {
			p.Text, p.UnmodifiedText = "\r", "\r"
		}
		if _, err := chromedp.Call(tb.ctx, input.DispatchKeyEvent, p); err != nil {
			tb.fail("Shift+Enter: %v", err)
		}
	}
}

// cell is a CSS selector of the i-th cell (1-based).
func cell(i int) string { return fmt.Sprintf(".cell:nth-child(%d)", i) }

// shot saves a screenshot (of the page, or of one element) and checks that
// it shows something: many colours, none covering almost everything.
func (tb *tab) shot(name, selector string, minColours int, maxDominant float64) string {
	tb.t.Helper()
	var buf []byte
	var err error
	switch selector {
	case "":
		// From the top, so the sticky bar is where a person sees it.
		tb.do(chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
		buf, err = chromedp.Run(tb.ctx, chromedp.FullScreenshot(100))
	case "viewport":
		buf, err = chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
	default:
		buf, err = chromedp.Run(tb.ctx, chromedp.Screenshot(chromedp.CSS(selector)))
	}
	if err != nil {
		tb.fail("screenshot %s: %v", name, err)
	}
	p := filepath.Join(shotDir, name+".png")
	if err := os.WriteFile(p, buf, 0o644); err != nil {
		tb.t.Fatal(err)
	}
	colours, dominant := colourStats(tb.t, buf)
	tb.t.Logf("screenshot %s: %d colours, the commonest covers %.0f%%", p, colours, 100*dominant)
	if colours < minColours || dominant > maxDominant {
		tb.fail("screenshot %s looks blank: %d distinct colours (want %d), the commonest covers %.1f%% (at most %.1f%%)", p, colours, minColours, 100*dominant, 100*maxDominant)
	}
	return p
}

func colourStats(t *testing.T, buf []byte) (int, float64) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(buf))
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	counts := map[uint32]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			counts[(r>>11)<<10|(g>>11)<<5|bl>>11]++ // 5 bits a channel
		}
	}
	most := 0
	for _, n := range counts {
		most = max(most, n)
	}
	return len(counts), float64(most) / float64(b.Dx()*b.Dy())
}

// ---- Tests ----

// TestNotebookFirstRun opens the page on a fresh browser: the first-run
// notebook opens on the headline question's answer (the bases linked to
// withdrawal events) with the rows the API gives, draws the attacks on a
// timeline and the Gizmo cell as a graph; nothing is fetched from outside
// the server.
func TestNotebookFirstRun(t *testing.T) {
	s := newSite(t, server.Options{})
	tb := openTab(t, s, 1366, 900)
	tb.open("/")

	if got := eval[int](tb, `document.querySelectorAll(".cell").length`); got != 4 {
		t.Errorf("first-run notebook has %d cells, want 4 (the question, a note and two examples)", got)
	}
	// Not the store's counts: no cell runs the stats query.
	if n := eval[int](tb, `[...document.querySelectorAll(".query-select")].filter(s => s.value === "stats").length`); n != 0 {
		t.Errorf("%d cells show the stats query on the first page", n)
	}

	// The example question: the table's rows are the API's rows.
	if q := eval[string](tb, `document.querySelector(".cell:nth-child(1) input.question").value`); q != exampleQuestion {
		t.Errorf("the first cell asks %q, want %q", q, exampleQuestion)
	}
	var ans struct {
		Query  string    `json:"query"`
		Result apiResult `json:"result"`
	}
	s.apiGet(t, "/api/v1/ask?q="+url.QueryEscape(exampleQuestion), &ans)
	if len(ans.Result.Rows) == 0 {
		t.Fatal("the API answers the example question with no rows")
	}
	// Whatever columns the query answers are shown (the bases query may
	// answer one row per event or one per base).
	type shown struct {
		Values   map[string]string
		Sources  string
		Links    []string
		Evidence []string
	}
	rows := eval[[]shown](tb, `[...document.querySelectorAll(".cell:nth-child(1) .result-table tbody tr[data-row]")].map(tr => {
		const cols = [...tr.closest("table").querySelectorAll("thead th")].map(th => th.querySelector("button.sort")?.dataset.col ?? "");
		const src = tr.querySelector(".sources-cell");
		return {
			Values: Object.fromEntries(cols.map((c, i) => [c, tr.children[i].textContent])),
			Sources: src?.querySelector("summary")?.textContent ?? "",
			Links: [...(src?.querySelectorAll("a") ?? [])].map(a => a.href),
			Evidence: [...(src?.querySelectorAll(".evidence") ?? [])].map(e => e.textContent),
		};
	})`)
	if len(rows) != len(ans.Result.Rows) {
		t.Fatalf("table shows %d rows, the API answers %d", len(rows), len(ans.Result.Rows))
	}
	for i, r := range ans.Result.Rows {
		got := rows[i]
		for _, col := range ans.Result.Columns {
			if col == "sources" {
				continue
			}
			if want := displayed(r.Values[col]); got.Values[col] != want {
				t.Errorf("row %d %s: %q, the API %q", i, col, got.Values[col], want)
			}
		}
		if len(r.Sources) == 0 {
			continue
		}
		wantSources := fmt.Sprintf("%d article", r.Corroboration)
		if !strings.HasPrefix(got.Sources, wantSources) {
			t.Errorf("row %d: sources %q, want %q…", i, got.Sources, wantSources)
		}
		for j, src := range r.Sources {
			if j >= len(got.Links) || got.Links[j] != src.URL {
				t.Errorf("row %d source %d: link %v, want %s", i, j, got.Links, src.URL)
			}
			if src.Evidence != "" && !slices.Contains(got.Evidence, src.Evidence) {
				t.Errorf("row %d: evidence %q not shown (shown: %q)", i, src.Evidence, got.Evidence)
			}
		}
	}
	if plan := eval[string](tb, `document.querySelector(".cell:nth-child(1) .plan code")?.textContent ?? ""`); !strings.Contains(plan, "query bases") {
		t.Errorf("the question's plan shows %q, want the bases query", plan)
	}

	// Attacks on the timeline: one mark per dated row.
	var attacks apiResult
	s.apiGet(t, "/api/v1/queries/events?type=attack", &attacks)
	dated := 0
	for _, r := range attacks.Rows {
		if d, _ := r.Values["date"].(string); d != "" {
			dated++
		}
	}
	if got := eval[int](tb, `document.querySelectorAll(".cell:nth-child(3) .timeline-svg .mark").length`); got != dated || dated == 0 {
		t.Errorf("timeline shows %d marks, the API has %d dated attacks", got, dated)
	}

	// The Gizmo cell drawn as a graph, its IRIs labelled with their names.
	tb.wait("the Gizmo graph", `document.querySelector(".cell:nth-child(4) .graph-canvas")?.dataset.ready === "true"`)
	tb.wait("graph labels from the graph", `document.querySelector(".cell:nth-child(4) .graph-canvas").__cy.nodes().some(n => n.data("label") === "Ain al-Asad Air Base")`)

	tb.shot("first-run-laptop", "", 40, 0.95)
	tb.shot("first-run-graph", cell(4)+" .graph-canvas", 8, 0.99)
	noOverflow(tb)

	// A wide screen uses the width and still scrolls only vertically.
	tb.do(chromedp.EmulateViewport(1920, 1080))
	tb.shot("first-run-wide", "", 40, 0.95)
	noOverflow(tb)
}

func noOverflow(tb *tab) {
	tb.t.Helper()
	if w := eval[[]int](tb, `[document.documentElement.scrollWidth, window.innerWidth]`); w[0] > w[1] {
		tb.t.Errorf("the page is %dpx wide in a %dpx window", w[0], w[1])
	}
}

// TestGraphExpandAndEdgeSources switches the example question's result to
// the graph, clicks a node where it is drawn and sees its neighbours
// loaded, then clicks an edge and sees its sources.
func TestGraphExpandAndEdgeSources(t *testing.T) {
	s := newSite(t, server.Options{})
	tb := openTab(t, s, 1366, 900)
	tb.open("/")
	c := cell(1)
	tb.do(chromedp.Click(chromedp.CSS(c + ` [role="tab"][data-view="graph"]`)))
	tb.wait("the graph", `document.querySelector("`+c+` .graph-canvas")?.dataset.ready === "true"`)
	before := eval[int](tb, `document.querySelector("`+c+` .graph-canvas").__cy.nodes().length`)

	// Click the base where cytoscape drew it.
	const node = "e:Ain al-Asad Air Base"
	// Scroll first and let a frame pass: cytoscape reads the container's
	// place on the page when the page scrolls.
	eval[chromedp.Void](tb, `new Promise(r => {
		document.querySelector("`+c+` .graph-canvas").scrollIntoView({block: "center"});
		requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 50)));
	})`)
	xy := eval[[]float64](tb, `(() => {
		const canvas = document.querySelector("`+c+` .graph-canvas");
		const cy = canvas.__cy, n = cy.getElementById(`+jsString(node)+`);
		const p = n.renderedPosition(), r = canvas.getBoundingClientRect();
		return [r.left + p.x, r.top + p.y];
	})()`)
	tb.do(chromedp.MouseClickXY(xy[0], xy[1]))
	tb.wait("the node's neighbours", `document.querySelector("`+c+` .graph-canvas").__cy.getElementById(`+jsString(node)+`).data("expanded") === true`)
	after := eval[int](tb, `document.querySelector("`+c+` .graph-canvas").__cy.nodes().length`)
	if after <= before {
		t.Errorf("clicking %s: %d nodes before, %d after; want neighbours added", node, before, after)
	}
	var related apiResult
	s.apiGet(t, "/api/v1/queries/related?entity="+url.QueryEscape("Ain al-Asad Air Base")+"&limit=12", &related)
	for _, r := range related.Rows {
		id := "e:" + fmt.Sprint(r.Values["entity"])
		if !eval[bool](tb, `document.querySelector("`+c+` .graph-canvas").__cy.getElementById(`+jsString(id)+`).nonempty()`) {
			t.Errorf("neighbour %s from the related query is not in the graph", id)
		}
	}
	if got := eval[string](tb, `document.querySelector("`+c+` .graph-detail h4")?.textContent ?? ""`); got != "Ain al-Asad Air Base" {
		t.Errorf("the panel shows %q after the click, want the node", got)
	}
	tb.shot("graph-expanded", c+" .graph-view", 8, 0.99)
	// What a person sees: the question, its graph and the panel.
	tb.do(chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, document.querySelector("` + c + `").getBoundingClientRect().top + window.scrollY - 60)`))
	tb.shot("graph-notebook", "viewport", 40, 0.9)

	// Click an edge that carries sources: the headline's rows are one per
	// base, without sources, so it is an edge the expansion added (the
	// articles that mention both entities).
	xy = eval[[]float64](tb, `(() => {
		const canvas = document.querySelector("`+c+` .graph-canvas"), cy = canvas.__cy;
		const e = cy.getElementById(`+jsString(node)+`).connectedEdges().filter(e => e.data("sources").length > 0)[0];
		cy.fit(e.connectedNodes(), 150);
		return new Promise(res => requestAnimationFrame(() => requestAnimationFrame(() => {
			const m = e.renderedMidpoint(), r = canvas.getBoundingClientRect();
			res([r.left + m.x, r.top + m.y]);
		})));
	})()`)
	tb.do(chromedp.MouseClickXY(xy[0], xy[1]))
	tb.wait("the edge's sources", `document.querySelectorAll("`+c+` .graph-detail .sources li").length > 0`)
	link := eval[string](tb, `document.querySelector("`+c+` .graph-detail .sources a").href`)
	if !strings.Contains(link, "ain-al-asad") && !strings.Contains(link, "al-asad") {
		found := false
		for _, r := range related.Rows {
			for _, src := range r.Sources {
				found = found || src.URL == link
			}
		}
		if !found {
			t.Errorf("the edge's source link %s is not an article about Ain al-Asad", link)
		}
	}
}

// displayed is how the table writes an API value: booleans as yes and
// no, nothing for null.
func displayed(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case bool:
		if v {
			return "yes"
		}
		return "no"
	}
	return fmt.Sprint(v)
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestEntityProfile clicks an entity in the table: its profile opens in a
// new cell below, with the API's aliases and events; the map shows it.
func TestEntityProfile(t *testing.T) {
	s := newSite(t, server.Options{})
	tb := openTab(t, s, 1366, 900)
	tb.open("/")
	const name = "Ain al-Asad Air Base"
	tb.do(chromedp.Click(chromedp.CSS(cell(1) + ` .result-table button.entity[data-entity="` + name + `"]`)))
	tb.wait("the profile", `document.querySelector(".cell:nth-child(2) .profile h3")?.textContent.startsWith(`+jsString(name)+`)`)
	if n := eval[int](tb, `document.querySelectorAll(".cell").length`); n != 5 {
		t.Errorf("%d cells after opening a profile, want 5", n)
	}
	if q := eval[string](tb, `document.querySelector(".cell:nth-child(2) .query-select").value`); q != "entity" {
		t.Errorf("the profile cell runs %q, want the entity query", q)
	}
	var prof apiResult
	s.apiGet(t, "/api/v1/queries/entity?name="+url.QueryEscape(name), &prof)
	aliases, events := map[string]bool{}, 0
	for _, r := range prof.Rows {
		switch r.Values["field"] {
		case "alias":
			aliases[fmt.Sprint(r.Values["value"])] = true
		case "event":
			events++
		}
	}
	if got := eval[int](tb, `document.querySelectorAll(".cell:nth-child(2) .profile-events > li").length`); got != events || events == 0 {
		t.Errorf("profile lists %d events, the API %d", got, events)
	}
	if got := eval[int](tb, `document.querySelectorAll(".cell:nth-child(2) .profile .aliases li").length`); got != len(aliases) {
		t.Errorf("profile lists %d aliases, the API %d", got, len(aliases))
	}
	if got := eval[string](tb, `document.querySelector(".cell:nth-child(2) .profile .facts").textContent`); !strings.Contains(got, "Iraq") {
		t.Errorf("profile facts %q do not name Iraq", got)
	}
	tb.shot("entity-profile", cell(2), 20, 0.99)

	// The example question's bases on the map.
	tb.do(chromedp.Click(chromedp.CSS(cell(1) + ` [role="tab"][data-view="map"]`)))
	tb.wait("the map", `document.querySelector(".cell:nth-child(1) .map-holder")?.dataset.ready === "true"`)
	if !eval[bool](tb, `[...document.querySelectorAll(".cell:nth-child(1) .marker")].some(m => m.dataset.members.split("\n").includes(`+jsString(name)+`))`) {
		t.Errorf("%s is not on the map", name)
	}
	if n := eval[int](tb, `document.querySelectorAll(".cell:nth-child(1) .map-svg path.land").length`); n < 150 {
		t.Errorf("the map draws %d countries, want the world", n)
	}
	tb.shot("map", cell(1)+" .map-svg", 8, 0.99)
	// A marker, reached with the keyboard, shows its panel.
	tb.do(chromedp.Focus(chromedp.CSS(cell(1)+` .marker[data-name="Air Base 201"]`)), chromedp.KeyEvent(kb.Enter))
	tb.wait("the marker's panel", `document.querySelector(".cell:nth-child(1) .map-detail h4")?.textContent.startsWith("Air Base 201")`)
}

// TestSaveReopenDownloadUpload saves a notebook on the server, starts a new
// one, reopens the saved one from the list, downloads it as JSON and
// uploads a changed copy.
func TestSaveReopenDownloadUpload(t *testing.T) {
	s := newSite(t, server.Options{})
	tb := openTab(t, s, 1366, 900)
	tb.open("/")

	// Rename, add a question, save as "withdrawals".
	tb.do(chromedp.Focus(chromedp.CSS("input.title")), chromedp.Evaluate[chromedp.Void](`document.querySelector("input.title").select()`),
		chromedp.KeyEvent("Withdrawals seen from Iraq"))
	tb.do(chromedp.Click(chromedp.CSS(`.add-bar button[data-add="ask"]`)))
	tb.wait("the new cell", `document.querySelectorAll(".cell").length === 5`)
	tb.do(chromedp.SendKeys(chromedp.CSS(cell(5)+" input.question"), "who reported on Ain al-Asad?"))
	tb.do(chromedp.Click(chromedp.CSS(`[data-action="save"]`)))
	tb.wait("the save dialog", `document.querySelector(".save-dialog").open`)
	tb.do(chromedp.Evaluate[chromedp.Void](`document.querySelector("#save-name").select()`), chromedp.KeyEvent("withdrawals"),
		chromedp.Click(chromedp.CSS(`.save-form button[type="submit"]`)))
	tb.wait("the save", `document.querySelector(".save-state").textContent === "saved as withdrawals"`)
	if h := eval[string](tb, `location.hash`); h != "#notebook=withdrawals" {
		t.Errorf("address after saving: %q", h)
	}
	data, err := os.ReadFile(filepath.Join(s.notebooks, "withdrawals.json"))
	if err != nil {
		t.Fatalf("the notebook file: %v", err)
	}
	var saved struct {
		Version int    `json:"version"`
		Title   string `json:"title"`
		Cells   []struct {
			Kind  string            `json:"kind"`
			Text  string            `json:"text"`
			Query string            `json:"query"`
			Param map[string]string `json:"params"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(data, &saved); err != nil {
		t.Fatalf("the saved notebook: %v\n%s", err, data)
	}
	if saved.Title != "Withdrawals seen from Iraq" || len(saved.Cells) != 5 || saved.Cells[4].Text != "who reported on Ain al-Asad?" || saved.Cells[2].Param["event"] != "attack" {
		t.Errorf("saved notebook: %s", data)
	}

	// Its address opens it in another browser.
	other := openTab(t, s, 1366, 900)
	other.open("/#notebook=withdrawals")
	if got := eval[string](other, `document.querySelector("input.title").value + " / " + document.querySelectorAll(".cell").length`); got != "Withdrawals seen from Iraq / 5" {
		t.Errorf("the saved notebook's address opens %q", got)
	}

	// New notebook, then reopen the saved one from the list.
	tb.do(chromedp.Click(chromedp.CSS(`[data-action="new"]`)))
	tb.wait("the new notebook", `document.querySelectorAll(".cell").length === 1 && document.querySelector("input.title").value === "Untitled notebook"`)
	tb.do(chromedp.Click(chromedp.CSS(`[data-action="open"]`)))
	tb.wait("the list of notebooks", `!!document.querySelector('.open-dialog [data-open="withdrawals"]')`)
	tb.shot("open-dialog", ".open-dialog", 8, 0.99)
	tb.do(chromedp.Click(chromedp.CSS(`.open-dialog [data-open="withdrawals"]`)))
	tb.wait("the reopened notebook", `document.querySelectorAll(".cell").length === 5 && document.querySelector("input.title").value === "Withdrawals seen from Iraq"`)
	tb.waitIdle()
	if got := eval[string](tb, `document.querySelector(".cell:nth-child(5) input.question").value`); got != "who reported on Ain al-Asad?" {
		t.Errorf("reopened question %q", got)
	}
	if n := eval[int](tb, `document.querySelectorAll(".cell:nth-child(5) .result-table tbody tr").length`); n == 0 {
		t.Error("the reopened notebook's question has no rows: reopening should run the cells")
	}

	// Download the notebook as JSON.
	dl := t.TempDir()
	bctx := chromedp.FromContext(tb.ctx).BrowserContextID
	if _, err := chromedp.CallBrowser(tb.ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, BrowserContextID: bctx, DownloadPath: dl,
	}); err != nil {
		t.Fatal(err)
	}
	tb.do(chromedp.Click(chromedp.CSS(`[data-action="download"]`)))
	file := filepath.Join(dl, "withdrawals-seen-from-iraq.json")
	var downloaded []byte
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if downloaded, err = os.ReadFile(file); err == nil && json.Valid(downloaded) {
			break
		}
	}
	if !json.Valid(downloaded) {
		entries, _ := os.ReadDir(dl)
		t.Fatalf("no downloaded notebook at %s (folder holds %v)", file, entries)
	}
	var doc map[string]any
	_ = json.Unmarshal(downloaded, &doc)
	if doc["title"] != "Withdrawals seen from Iraq" || len(doc["cells"].([]any)) != 5 {
		t.Errorf("downloaded notebook: %s", downloaded)
	}
	// A cell's result as CSV: the example question's rows.
	tb.do(chromedp.Click(chromedp.CSS(cell(1) + " .download-csv")))
	csvFile := filepath.Join(dl, "withdrawals-seen-from-iraq-cell1.csv")
	var csv []byte
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if csv, err = os.ReadFile(csvFile); err == nil && len(csv) > 0 {
			break
		}
	}
	if !bytes.HasPrefix(csv, []byte("base,")) || !bytes.Contains(csv, []byte("Ain al-Asad Air Base")) {
		t.Errorf("downloaded CSV %s: %.300s", csvFile, csv)
	}

	// Upload a changed copy: it replaces the notebook, unsaved.
	doc["title"] = "Uploaded copy"
	doc["cells"] = doc["cells"].([]any)[1:3]
	changed, _ := json.Marshal(doc)
	up := filepath.Join(t.TempDir(), "copy.json")
	if err := os.WriteFile(up, changed, 0o644); err != nil {
		t.Fatal(err)
	}
	tb.do(chromedp.SetUploadFiles(chromedp.CSS(`input[type="file"]`), []string{up}))
	tb.wait("the uploaded notebook", `document.querySelector("input.title").value === "Uploaded copy" && document.querySelectorAll(".cell").length === 2`)
	tb.waitIdle()
	if st := eval[string](tb, `document.querySelector(".save-state").textContent`); st != "not saved" {
		t.Errorf("after an upload the notebook says %q, want not saved", st)
	}

	// Delete from the list.
	tb.do(chromedp.Click(chromedp.CSS(`[data-action="open"]`)))
	tb.wait("the list", `!!document.querySelector('.open-dialog [data-delete="withdrawals"]')`)
	tb.do(chromedp.Click(chromedp.CSS(`.open-dialog [data-delete="withdrawals"]`)))
	tb.wait("the deletion", `document.querySelector("#status").textContent === "Deleted withdrawals."`)
	if _, err := os.Stat(filepath.Join(s.notebooks, "withdrawals.json")); !os.IsNotExist(err) {
		t.Errorf("the notebook file is still there after Delete: %v", err)
	}
}

// TestErrorsInCells: a broken Gizmo query, a question nobody understands,
// a query that runs out of time and a server that has gone all show their
// error inside the cell.
func TestErrorsInCells(t *testing.T) {
	s := newSite(t, server.Options{QueryTimeout: time.Second})
	tb := openTab(t, s, 1366, 900)
	tb.open("/")

	addGizmo := func(text string) string {
		tb.do(chromedp.Click(chromedp.CSS(`.add-bar button[data-add="gizmo"]`)))
		n := eval[int](tb, `document.querySelectorAll(".cell").length`)
		c := cell(n)
		tb.wait("the editor", `document.querySelector("`+c+` .editor")?.dataset.ready === "true"`)
		tb.do(chromedp.Click(chromedp.CSS(c+" .cm-content")), chromedp.SendKeys(chromedp.CSS(c+" .cm-content"), text))
		tb.shiftEnter()
		if got := eval[string](tb, `document.querySelector("`+c+` .cm-content").innerText`); strings.TrimSpace(got) != strings.TrimSpace(text) && !strings.HasPrefix(got, strings.TrimSuffix(text, ";")) {
			t.Errorf("the editor holds %q after typing %q and Shift+Enter", got, text)
		}
		tb.wait("the cell to finish", `!document.querySelector("`+c+`").classList.contains("running") && document.querySelector("`+c+` .cell-output").children.length > 0`)
		return c
	}

	// A Gizmo syntax error (the editor closes the bracket: g.V().Out(;)).
	c := addGizmo(`g.V().Out(;`)
	msg := eval[string](tb, `document.querySelector("`+c+` .cell-error")?.textContent ?? "no error box: " + document.querySelector("`+c+` .cell-output").textContent`)
	if !strings.Contains(msg, "The server could not run this") || !strings.Contains(msg, "gizmo") || !strings.Contains(msg, "SyntaxError") {
		t.Errorf("broken Gizmo query shows %q", msg)
	}
	if kind := eval[string](tb, `document.querySelector("`+c+` .cell-error").dataset.errorKind`); kind != "bad_data" {
		t.Errorf("error kind %q, want bad_data", kind)
	}
	tb.shot("gizmo-error", c, 10, 0.99)

	// A query that never ends is stopped by the server's time limit.
	c = addGizmo(`while (true) {}`)
	msg = eval[string](tb, `document.querySelector("`+c+` .cell-error")?.textContent ?? ""`)
	if !strings.Contains(msg, "ran out of time") {
		t.Errorf("endless Gizmo query shows %q", msg)
	}

	// A question no template matches lists the questions that work, and
	// choosing one asks it.
	tb.do(chromedp.Click(chromedp.CSS(`.add-bar button[data-add="ask"]`)))
	n := eval[int](tb, `document.querySelectorAll(".cell").length`)
	c = cell(n)
	tb.do(chromedp.SendKeys(chromedp.CSS(c+" input.question"), "purple elephants sing loudly\r"))
	tb.wait("the error", `!!document.querySelector("`+c+` .cell-error .examples button")`)
	tb.do(chromedp.Evaluate[chromedp.Void](`[...document.querySelectorAll("` + c + ` .cell-error .examples button")].find(b => b.textContent === ` + jsString(listedExample) + `).click()`))
	tb.wait("the example's answer", `document.querySelectorAll("`+c+` .result-table tbody tr").length > 0`)

	// The server goes away: the next run says so in the cell.
	s.Close()
	tb.do(chromedp.Click(chromedp.CSS(cell(1) + " button.run")))
	tb.wait("the network error", `document.querySelector(".cell:nth-child(1) .cell-error")?.dataset.errorKind === "network"`)
	if msg := eval[string](tb, `document.querySelector(".cell:nth-child(1) .cell-error").textContent`); !strings.Contains(msg, "did not answer") {
		t.Errorf("server gone: the cell shows %q", msg)
	}
	tb.shot("server-gone", cell(1), 10, 0.99)
}

// TestKeyboardOnly adds, fills, runs, sorts and moves a cell with the
// keyboard alone.
func TestKeyboardOnly(t *testing.T) {
	s := newSite(t, server.Options{})
	tb := openTab(t, s, 1280, 800)
	tb.open("/")
	tb.do(chromedp.Focus(chromedp.CSS(`.add-bar button[data-add="ask"]`)), chromedp.KeyEvent(kb.Enter))
	tb.wait("the new cell's question field to have the focus", `document.activeElement?.matches(".cell:nth-child(5) input.question")`)
	tb.do(chromedp.KeyEvent("which attacks happened in Syria?"))
	tb.shiftEnter()
	tb.wait("the answer", `document.querySelectorAll(".cell:nth-child(5) .result-table tbody tr").length > 0`)

	// Sort by date from the keyboard.
	tb.do(chromedp.Focus(chromedp.CSS(cell(5)+` button.sort[data-col="date"]`)), chromedp.KeyEvent(kb.Enter))
	tb.wait("the sorted column", `document.querySelector(".cell:nth-child(5) th[aria-sort='ascending'] button.sort")?.dataset.col === "date"`)
	dates := eval[[]string](tb, `(() => {
		const cols = [...document.querySelectorAll(".cell:nth-child(5) thead button.sort")].map(b => b.dataset.col);
		return [...document.querySelectorAll(".cell:nth-child(5) tbody tr")].map(tr => tr.children[cols.indexOf("date")].textContent).filter(Boolean);
	})()`)
	if !slices.IsSorted(dates) {
		t.Errorf("dates after sorting: %v", dates)
	}
	// Arrow keys move between the view tabs.
	tb.do(chromedp.Focus(chromedp.CSS(cell(5)+` [role="tab"][data-view="table"]`)), chromedp.KeyEvent(kb.ArrowRight))
	tb.wait("the graph tab", `document.activeElement?.dataset.view === "graph" && document.activeElement.getAttribute("aria-selected") === "true"`)

	// Alt+Up moves the cell above the one before it, keeping the focus.
	tb.do(chromedp.Focus(chromedp.CSS(cell(5)+" input.question")), chromedp.KeyEvent(kb.ArrowUp, chromedp.KeyModifiers(chromedp.ModifierAlt)))
	tb.wait("the moved cell", `document.querySelector(".cell:nth-child(4) input.question")?.value === "which attacks happened in Syria?"`)
	if !eval[bool](tb, `document.activeElement?.matches(".cell:nth-child(4) input.question")`) {
		t.Error("the focus did not move with the cell")
	}
	tb.shot("keyboard-laptop", "", 40, 0.95)
	noOverflow(tb)
}

// TestGraphQLCellAndDelete writes a GraphQL query in the editor (which
// highlights it), runs it, sees the API's results as rows, and deletes the
// cell.
func TestGraphQLCellAndDelete(t *testing.T) {
	s := newSite(t, server.Options{})
	tb := openTab(t, s, 1366, 900)
	tb.open("/")
	const query = `{ bases(<https://w3id.org/newsgraph/ns#linkedToEvent>: <https://w3id.org/newsgraph/ns#event/withdrawal>) { id name: <https://schema.org/name> } }`
	tb.do(chromedp.Click(chromedp.CSS(`.add-bar button[data-add="graphql"]`)))
	c := cell(5)
	tb.wait("the editor", `document.querySelector("`+c+` .editor")?.dataset.ready === "true"`)
	tb.do(chromedp.Click(chromedp.CSS(c+" .cm-content")), chromedp.SendKeys(chromedp.CSS(c+" .cm-content"), query))
	if got := eval[string](tb, `document.querySelector("`+c+` .cm-content").innerText`); got != query {
		t.Errorf("the editor holds %q, want %q", got, query)
	}
	if n := eval[int](tb, `document.querySelectorAll("`+c+` .cm-line span[class]").length`); n < 5 {
		t.Errorf("the GraphQL query has %d highlighted tokens", n)
	}
	tb.shiftEnter()
	tb.wait("the rows", `document.querySelectorAll("`+c+` .result-table tbody tr").length > 0`)

	resp, err := http.Post(s.URL+"/api/v1/query/graphql", "text/plain", strings.NewReader(query))
	if err != nil {
		t.Fatal(err)
	}
	var ans struct {
		Data struct {
			Results []struct {
				Bases []map[string]any `json:"bases"`
			} `json:"results"`
		} `json:"data"`
	}
	err = json.NewDecoder(resp.Body).Decode(&ans)
	resp.Body.Close()
	if err != nil || len(ans.Data.Results) != 1 {
		t.Fatalf("the API's GraphQL answer: %v %+v", err, ans)
	}
	var names []string
	for _, b := range ans.Data.Results[0].Bases {
		names = append(names, fmt.Sprint(b["name"]))
	}
	shown := eval[[]string](tb, `(() => {
		const cols = [...document.querySelectorAll("`+c+` thead button.sort")].map(b => b.dataset.col);
		return [...document.querySelectorAll("`+c+` tbody tr")].map(tr => tr.children[cols.indexOf("name")].textContent);
	})()`)
	if !slices.Equal(shown, names) {
		t.Errorf("GraphQL rows show %q, the API answers %q", shown, names)
	}

	// Delete it: the notebook is back to four cells and the focus stays in it.
	tb.do(chromedp.Click(chromedp.CSS(c + ` button[aria-label="Delete this cell"]`)))
	tb.wait("the deletion", `document.querySelectorAll(".cell").length === 4`)
	if !eval[bool](tb, `document.activeElement?.closest(".cell") !== null`) {
		t.Error("the focus left the notebook after deleting a cell")
	}
}
