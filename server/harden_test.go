package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/graph"
)

// longText is made-up article text of at least size bytes.
func longText(size int) string {
	paras := []string{
		"The defence ministry said on Monday that %d soldiers would leave Camp Lemonnier in Djibouti by the end of the year.",
		"Officials in Baghdad confirmed that coalition forces handed over Ain al-Asad Air Base to the Iraqi army after %d days of talks.",
		"A drone attack on a base near Erbil wounded %d contractors, according to the regional government.",
		"Germany plans to deploy %d more troops to Lithuania for an exercise with NATO allies next spring.",
	}
	var b strings.Builder
	b.WriteString("Troops move across the region\n\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, paras[i%len(paras)], i+2)
		b.WriteString("\n\n")
	}
	return b.String()
}

// TestExtractSizeCap: an 8 MiB article is refused with 413 before any
// extraction, and an article under the cap is extracted.
func TestExtractSizeCap(t *testing.T) {
	_, ts := testServer(t, sharedStore(t), Options{})
	big := longText(8 << 20)
	start := time.Now()
	r := do(t, "POST", ts.URL+"/api/v1/extract", strings.NewReader(big[:8<<20-1]))
	m := wantError(t, r, 413, kindTooLarge)
	// Reading and parsing 8 MiB takes a second or two on an idle machine
	// (extracting it would take minutes); the bound is loose for busy CI.
	if took := time.Since(start); took > time.Minute {
		t.Errorf("the refusal took %v", took)
	}
	if msg := m["error"].(string); !strings.Contains(msg, "bytes of text") || len(msg) > 1000 {
		t.Errorf("413 message %q", msg)
	}
	d := dataOf(t, do(t, "POST", ts.URL+"/api/v1/extract", strings.NewReader(longText(8<<10))))
	if len(d["records"].([]any)) != 1 {
		t.Errorf("small article: %v", d)
	}
}

// TestExtractStopsWhenClientLeaves posts an article that takes many
// seconds to extract, hangs up once its extraction has started, and checks
// that the server's one extraction slot is free again within a second:
// the extraction stopped.
func TestExtractStopsWhenClientLeaves(t *testing.T) {
	srv, ts := testServer(t, sharedStore(t), Options{MaxConcurrentExtractions: 1, MaxArticleBytes: 8 << 20})
	started := make(chan struct{})
	var once sync.Once
	srv.extracting = func() { once.Do(func() { close(started) }) }
	big := longText(4 << 20)
	ctx, cancel := context.WithCancel(context.Background())
	sent := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, "POST", ts.URL+"/api/v1/extract", strings.NewReader(big))
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		sent <- err
	}()
	select {
	case <-started:
	case <-time.After(2 * time.Minute):
		t.Fatal("the big extraction never started")
	}
	small := longText(2 << 10)
	busy := do(t, "POST", ts.URL+"/api/v1/extract", strings.NewReader(small))
	wantError(t, busy, 503, kindUnavailable)
	if busy.header.Get("Retry-After") == "" {
		t.Error("503 without Retry-After")
	}
	time.Sleep(300 * time.Millisecond) // into the extraction, which takes ten seconds or more
	cancel()
	if err := <-sent; err == nil {
		t.Fatal("the big extraction finished before the client left; make it bigger")
	}
	left := time.Now()
	for len(srv.extractSlots) > 0 {
		if time.Since(left) > time.Second {
			t.Fatal("the extraction still held its slot a second after the client left")
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Logf("slot free %v after the client left", time.Since(left))
	dataOf(t, do(t, "POST", ts.URL+"/api/v1/extract", strings.NewReader(small)))
}

// notebookSpy stands for the notebook store: it counts the requests that
// reach it.
type notebookSpy struct{ hits atomic.Int32 }

func (n *notebookSpy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n.hits.Add(1)
	w.WriteHeader(http.StatusNoContent)
}

// TestStateChangesNeedToken: notebooks PUT and DELETE, articles, extract
// and exports, with and without the token, on a read-only server and on
// one with a token; the bearer scheme in any case.
func TestStateChangesNeedToken(t *testing.T) {
	article := longText(2 << 10)
	cases := []struct {
		method, path, body string
		// wantRO and wantNoTok are the statuses on a read-only server and
		// on a token server without the token; with it, every request
		// reaches its handler.
		wantRO, wantNoTok int
	}{
		{"PUT", "/api/v1/notebooks/n1", `{"cells":[]}`, 403, 401},
		{"DELETE", "/api/v1/notebooks/n1", "", 403, 401},
		{"GET", "/api/v1/notebooks", "", 204, 204},
		{"POST", "/api/v1/articles", article, 403, 401},
		{"POST", "/api/v1/extract", article, 200, 401},
		{"GET", "/api/v1/export?format=csv", "", 200, 401},
	}
	for _, token := range []string{"", "s3cret"} {
		spy := &notebookSpy{}
		_, ts := testServer(t, sharedStore(t), Options{Token: token, Notebooks: spy})
		for _, c := range cases {
			want := c.wantRO
			if token != "" {
				want = c.wantNoTok
			}
			before := spy.hits.Load()
			r := do(t, c.method, ts.URL+c.path, strings.NewReader(c.body))
			if r.status != want {
				t.Errorf("token %q: %s %s: status %d, want %d: %s", token, c.method, c.path, r.status, want, r.body)
			}
			if want >= 400 && spy.hits.Load() != before {
				t.Errorf("token %q: %s %s reached the notebook store", token, c.method, c.path)
			}
			if token == "" || c.path == "/api/v1/articles" {
				continue
			}
			for _, scheme := range []string{"Bearer", "bearer", "BEARER"} {
				r := do(t, c.method, ts.URL+c.path, strings.NewReader(c.body), "Authorization", scheme+" "+token)
				if r.status >= 400 {
					t.Errorf("%s %s with %q: status %d: %s", c.method, c.path, scheme, r.status, r.body)
				}
			}
		}
	}
}

// TestHostAllowList: loopback names are served, a foreign Host is refused
// (DNS rebinding), and --allow-host adds names.
func TestHostAllowList(t *testing.T) {
	cases := []struct {
		allowed []string
		host    string
		want    int
	}{
		{nil, "localhost:8080", 200},
		{nil, "LOCALHOST", 200},
		{nil, "127.0.0.1:8080", 200},
		{nil, "[::1]:8080", 200},
		{nil, "app.localhost", 200},
		{nil, "attacker.example:8080", 403},
		{nil, "127.0.0.1.attacker.example", 403},
		{nil, "10.0.0.5:8080", 403},
		{[]string{"news.internal"}, "news.internal:8080", 200},
		{[]string{"news.internal"}, "other.internal", 403},
		{[]string{"*"}, "anything.example", 200},
	}
	for _, c := range cases {
		_, ts := testServer(t, sharedStore(t), Options{AllowedHosts: c.allowed})
		req, _ := http.NewRequest("GET", ts.URL+"/healthz", nil)
		req.Host = c.host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("allowed %v, Host %q: status %d, want %d", c.allowed, c.host, resp.StatusCode, c.want)
		}
	}
}

// TestCrossSiteRefused: a page on another site cannot make a browser post
// text/plain to /extract or /query/gizmo (or export the graph); the page
// of the server itself, and clients that are not browsers, can.
func TestCrossSiteRefused(t *testing.T) {
	_, ts := testServer(t, sharedStore(t), Options{})
	gizmo := `g.V("<https://schema.org/NewsArticle>").all()`
	article := longText(2 << 10)
	same := ts.URL // http://127.0.0.1:PORT
	cases := []struct {
		method, path, body string
		header             []string
		want               int
	}{
		{"POST", "/api/v1/query/gizmo", gizmo, []string{"Origin", "https://attacker.example", "Content-Type", "text/plain"}, 403},
		{"POST", "/api/v1/extract", article, []string{"Origin", "https://attacker.example", "Content-Type", "text/plain"}, 403},
		{"POST", "/api/v1/extract", article, []string{"Origin", "null"}, 403},
		{"POST", "/api/v1/extract", article, []string{"Sec-Fetch-Site", "cross-site"}, 403},
		{"GET", "/api/v1/export?format=csv", "", []string{"Origin", "https://attacker.example"}, 403},
		{"POST", "/api/v1/query/gizmo", gizmo, []string{"Origin", same, "Sec-Fetch-Site", "same-origin"}, 200},
		{"POST", "/api/v1/extract", article, []string{"Origin", same}, 200},
		{"POST", "/api/v1/query/gizmo", gizmo, nil, 200},
		// A plain read from another site is harmless: CORS keeps the
		// answer from the other page.
		{"GET", "/api/v1/queries", "", []string{"Origin", "https://attacker.example"}, 200},
	}
	for _, c := range cases {
		r := do(t, c.method, ts.URL+c.path, strings.NewReader(c.body), c.header...)
		if r.status != c.want {
			t.Errorf("%s %s %v: status %d, want %d: %.200s", c.method, c.path, c.header, r.status, c.want, r.body)
		}
		if c.want == 403 {
			wantError(t, r, 403, kindForbidden)
		}
	}
}

// TestErrorsDoNotEchoInput: a huge question or parameter comes back cut.
func TestErrorsDoNotEchoInput(t *testing.T) {
	_, ts := testServer(t, sharedStore(t), Options{})
	huge := strings.Repeat("which bases zzz ", 30000) // 480 KB
	for _, path := range []string{
		"/api/v1/ask?q=" + huge, // too long a question: 400
		"/api/v1/queries/bases?event=" + huge,
		"/api/v1/queries/" + strings.Repeat("x", 100000),
		"/api/v1/queries/bases?limit=" + huge,
	} {
		r := do(t, "GET", ts.URL+strings.ReplaceAll(path, " ", "+"), nil)
		if r.status < 400 {
			t.Errorf("%.40s…: status %d", path, r.status)
		}
		if len(r.body) > 4096 {
			t.Errorf("%.40s…: the error is %d bytes: %.300s", path, len(r.body), r.body)
		}
	}
}

// TestRawQueryBudgets: a Gizmo script's output is cut by bytes, not only
// by count, and a script that builds a huge array is stopped by the
// memory budget long before its time limit.
func TestRawQueryBudgets(t *testing.T) {
	_, ts := testServer(t, sharedStore(t), Options{MaxOutputBytes: 4000, QueryMemoryBytes: 64 << 20, QueryTimeout: time.Minute})
	r := do(t, "POST", ts.URL+"/api/v1/query/gizmo", strings.NewReader(`for (var i = 0; i < 100; i++) { g.emit("x".repeat(1000)) }`))
	d := dataOf(t, r)
	if n := len(d["results"].([]any)); n == 0 || n > 4 || d["truncated"] != true {
		t.Errorf("%d results, truncated %v; want at most 4 KB of them and truncated", n, d["truncated"])
	}
	if len(r.body) > 8000 {
		t.Errorf("answer of %d bytes", len(r.body))
	}
	// One value larger than the whole budget.
	d = dataOf(t, do(t, "POST", ts.URL+"/api/v1/query/gizmo", strings.NewReader(`g.emit("y".repeat(100000))`)))
	if len(d["results"].([]any)) != 0 || d["truncated"] != true {
		t.Errorf("a 100 KB value: %v results, truncated %v", len(d["results"].([]any)), d["truncated"])
	}

	start := time.Now()
	r = do(t, "POST", ts.URL+"/api/v1/query/gizmo", strings.NewReader(`var a = []; while (true) { a.push("z".repeat(1 << 20) + a.length) }`))
	m := wantError(t, r, 400, kindBadData)
	if !strings.Contains(m["error"].(string), "memory") {
		t.Errorf("error %q does not mention memory", m["error"])
	}
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("the memory loop ran %v", took)
	}
}

// TestStoredAndExportedSafely posts articles whose URL is a javascript:
// link and whose text starts with spreadsheet formulas: the URL is not
// stored, and every CSV answer neutralises the formulas.
func TestStoredAndExportedSafely(t *testing.T) {
	s, err := graph.Open(context.Background(), "memory")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, ts := testServer(t, s, Options{Token: "t"})
	// The dump format takes its URL from the header line as it is.
	dump := "date 2025-03-02 javascript:alert(document.cookie)\n\n" +
		"=HYPERLINK(\"https://evil.example\",\"click\")\n\n" +
		"-2+3 US troops withdrew from Ain al-Asad Air Base in Iraq on Monday, officials said.\n\n" +
		"@SUM(A1) Germany deployed more troops to Lithuania on Tuesday, the ministry said.\n"
	d := dataOf(t, do(t, "POST", ts.URL+"/api/v1/articles?format=dump", strings.NewReader(dump), "Authorization", "Bearer t"))
	if d["stored"].(float64) != 1 {
		t.Fatalf("stored: %v", d)
	}
	if u := d["articles"].([]any)[0].(map[string]any)["url"]; u != "" {
		t.Errorf("stored URL %q", u)
	}
	jsonl := `{"url":"https://news.example/ok","title":"+Troops leave","published":"2025-03-03T10:00:00Z","body":"US forces withdrew from Camp Lemonnier in Djibouti on Monday, the ministry said."}`
	dataOf(t, do(t, "POST", ts.URL+"/api/v1/articles?format=jsonl", strings.NewReader(jsonl), "Authorization", "Bearer t"))
	nq := do(t, "GET", ts.URL+"/api/v1/export?format=nquads", nil, "Authorization", "Bearer t")
	if nq.status != 200 || strings.Contains(strings.ToLower(string(nq.body)), "javascript:") || !strings.Contains(string(nq.body), "https://news.example/ok") {
		t.Errorf("nquads export (status %d) keeps the javascript: URL or lost the https one", nq.status)
	}
	for _, path := range []string{
		"/api/v1/export?format=csv",
		"/api/v1/queries/timeline?entity=Ain+al-Asad&format=csv",
		"/api/v1/queries/bases?event=withdrawal&format=csv",
	} {
		r := do(t, "GET", ts.URL+path, nil, "Authorization", "Bearer t")
		if r.status != 200 {
			t.Fatalf("%s: %d %s", path, r.status, r.body)
		}
		recs, err := csv.NewReader(bytes.NewReader(r.body)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		formulas := 0
		for _, rec := range recs {
			for _, cell := range rec {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					if _, err := strconv.ParseFloat(cell, 64); err != nil {
						t.Errorf("%s: cell %q would run as a formula", path, cell)
					}
				}
				if strings.HasPrefix(cell, "'=") || strings.HasPrefix(cell, "'-2+3") || strings.HasPrefix(cell, "'@") || strings.HasPrefix(cell, "'+") {
					formulas++
				}
			}
		}
		if formulas == 0 && path == "/api/v1/export?format=csv" {
			t.Errorf("%s: no neutralised cell; did the test article stop reaching the CSV?\n%s", path, r.body)
		}
	}
}
