package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/export"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/internal/testenv"
	"github.com/newsgraph/newsgraph/queries"
)

var pipeline = sync.OnceValues(func() (*extract.Pipeline, error) { return extract.New(extract.Config{}) })

// shared is one read-only store for the tests that do not write.
var shared struct {
	once sync.Once
	s    *graph.Store
}

func sharedStore(t *testing.T) *graph.Store {
	shared.once.Do(func() {
		ctx := context.Background()
		s, err := graph.Open(ctx, "memory")
		if err != nil {
			t.Fatal(err)
		}
		p, err := pipeline()
		if err != nil {
			t.Fatal(err)
		}
		files := testenv.Articles(t)
		(&ingest.Ingester{Store: s, Pipeline: p}).Ingest(ctx, files, ingest.Options{Workers: 2})
		shared.s = s
	})
	if shared.s == nil {
		t.Fatal("shared store not built")
	}
	return shared.s
}

func testServer(t *testing.T, s *graph.Store, opts Options) (*Server, *httptest.Server) {
	t.Helper()
	if opts.Pipeline == nil {
		p, err := pipeline()
		if err != nil {
			t.Fatal(err)
		}
		opts.Pipeline = p
	}
	if opts.Now == nil {
		opts.Now = func() time.Time { return time.Date(2025, 9, 10, 0, 0, 0, 0, time.UTC) }
	}
	srv := newServer(s, opts)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, r.body)
	}
	return m
}

func do(t *testing.T, method, url string, body io.Reader, header ...string) response {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, b}
}

// wantError checks the error envelope.
func wantError(t *testing.T, r response, status int, errorType string) map[string]any {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	m := r.json(t)
	if m["status"] != "error" || m["errorType"] != errorType || m["error"] == "" {
		t.Fatalf("envelope %v, want errorType %s", m, errorType)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("error Content-Type %q", ct)
	}
	return m
}

func dataOf(t *testing.T, r response) map[string]any {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	m := r.json(t)
	if m["status"] != "success" {
		t.Fatalf("envelope %v", m)
	}
	d, _ := m["data"].(map[string]any)
	return d
}

func rows(d map[string]any) []map[string]any {
	var out []map[string]any
	rs, _ := d["rows"].([]any)
	for _, r := range rs {
		out = append(out, r.(map[string]any))
	}
	return out
}

func TestCatalogue(t *testing.T) {
	_, ts := testServer(t, sharedStore(t), Options{})
	d := dataOf(t, do(t, "GET", ts.URL+"/api/v1/queries", nil))
	qs := d["queries"].([]any)
	names := map[string]bool{}
	for _, q := range qs {
		m := q.(map[string]any)
		names[m["name"].(string)] = true
		if _, ok := m["params"].([]any); !ok || m["doc"] == "" || m["path"] != "/api/v1/queries/"+m["name"].(string) {
			t.Errorf("catalogue entry %v", m)
		}
	}
	for _, m := range queries.Modules() {
		if !names[m.Name] {
			t.Errorf("module %s missing from the catalogue", m.Name)
		}
	}
	if len(d["questions"].([]any)) == 0 {
		t.Error("no example questions")
	}
}

func TestNamedQueries(t *testing.T) {
	_, ts := testServer(t, sharedStore(t), Options{ResultLimit: 3})
	t.Run("rows with sources", func(t *testing.T) {
		d := dataOf(t, do(t, "GET", ts.URL+"/api/v1/queries/events?event=withdrawal", nil))
		rs := rows(d)
		if len(rs) == 0 || len(rs) > 3 || d["truncated"] != true {
			t.Fatalf("%d rows, truncated %v (limit 3)", len(rs), d["truncated"])
		}
		for _, r := range rs {
			if r["values"].(map[string]any)["event"] != "withdrawal" || len(r["sources"].([]any)) == 0 || r["corroboration"].(float64) < 1 {
				t.Errorf("row %v", r)
			}
		}
	})
	t.Run("same parameter names as the flags", func(t *testing.T) {
		d := dataOf(t, do(t, "GET", ts.URL+"/api/v1/queries/timeline?entity=al+asad&negated=false", nil))
		if args := d["args"].(map[string]any); args["entity"] != "al asad" || args["negated"] != "false" {
			t.Errorf("args %v", args)
		}
	})
	t.Run("bool without value", func(t *testing.T) {
		d := dataOf(t, do(t, "GET", ts.URL+"/api/v1/queries/timeline?entity=al+asad&mentions", nil))
		if d["args"].(map[string]any)["mentions"] != "true" {
			t.Errorf("args %v", d["args"])
		}
	})
	t.Run("former name", func(t *testing.T) {
		// include-negated was a bool of bases; it is read as negated=any.
		d := dataOf(t, do(t, "GET", ts.URL+"/api/v1/queries/bases?include-negated", nil))
		if d["args"].(map[string]any)["negated"] != "any" {
			t.Errorf("args %v", d["args"])
		}
	})
	t.Run("csv", func(t *testing.T) {
		r := do(t, "GET", ts.URL+"/api/v1/queries/bases?event=withdrawal&format=csv", nil)
		if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/csv") || !strings.HasPrefix(string(r.body), "base,country,") {
			t.Errorf("csv: %d %q\n%s", r.status, r.header.Get("Content-Type"), r.body)
		}
		if n := strings.Count(strings.TrimSpace(string(r.body)), "\n"); n != 3 {
			t.Errorf("csv has %d rows, want the limit 3", n)
		}
	})
	for _, tc := range []struct {
		path, errorType string
		status          int
	}{
		{"/api/v1/queries/bases?event=picnic", kindBadData, 400},
		{"/api/v1/queries/bases?nosuch=1", kindBadData, 400},
		{"/api/v1/queries/bases?event=attack&event=withdrawal", kindBadData, 400},
		{"/api/v1/queries/bases?from=June", kindBadData, 400},
		{"/api/v1/queries/bases?format=xml", kindBadData, 400},
		{"/api/v1/queries/bases?timeout=soon", kindBadData, 400},
		{"/api/v1/queries/timeline", kindBadData, 400},
		{"/api/v1/queries/entity?entity=air+base", kindBadData, 400},
		{"/api/v1/queries/nosuch", kindNotFound, 404},
		{"/api/v1/queries/timeline?entity=Atlantis", kindNotFound, 404},
	} {
		t.Run(tc.path, func(t *testing.T) {
			wantError(t, do(t, "GET", ts.URL+tc.path, nil), tc.status, tc.errorType)
		})
	}
}

func TestAsk(t *testing.T) {
	_, ts := testServer(t, sharedStore(t), Options{})
	d := dataOf(t, do(t, "GET", ts.URL+"/api/v1/ask?q=which+countries+host+bases+that+were+attacked+this+year%3F", nil))
	if d["query"] != "countries" || d["command"] != "newsgraph query countries --event attack --from 2025" {
		t.Errorf("plan %v", d)
	}
	res := d["result"].(map[string]any)
	found := false
	for _, r := range rows(res) {
		found = found || r["values"].(map[string]any)["country"] == "Qatar"
	}
	if !found {
		t.Errorf("Qatar (Al Udeid, June 2025) missing: %v", res["rows"])
	}
	m := wantError(t, do(t, "GET", ts.URL+"/api/v1/ask?q=please+make+me+a+sandwich", nil), 400, kindBadData)
	if ex := m["data"].(map[string]any)["examples"].([]any); len(ex) != len(queries.Questions()) {
		t.Errorf("no-match answer lists %d examples", len(ex))
	}
	wantError(t, do(t, "GET", ts.URL+"/api/v1/ask", nil), 400, kindBadData)
	// A country the countries query cannot filter on is refused, by name.
	m = wantError(t, do(t, "GET", ts.URL+"/api/v1/ask?q=which+countries+host+bases+in+Iraq%3F", nil), 400, kindBadData)
	if unused := m["data"].(map[string]any)["unused"].([]any); len(unused) != 1 || unused[0].(map[string]any)["text"] != "Iraq" {
		t.Errorf("refusal data %v", m["data"])
	}
	d = dataOf(t, do(t, "GET", ts.URL+"/api/v1/ask?q=did+the+United+States+leave+Ain+al-Asad%3F", nil))
	if d["yes_no"] != true || d["verdict"] != "yes" || d["query"] != "events" {
		t.Errorf("yes/no answer: verdict %v, query %v, args %v", d["verdict"], d["query"], d["args"])
	}
	m = wantError(t, do(t, "GET", ts.URL+"/api/v1/ask?q=timeline+of+Atlantis", nil), 404, kindNotFound)
	if plan := m["data"].(map[string]any)["plan"].(map[string]any); plan["query"] != "timeline" {
		t.Errorf("a failed question should show its plan: %v", m)
	}
}

func TestRawQueries(t *testing.T) {
	_, ts := testServer(t, sharedStore(t), Options{ResultLimit: 5})
	post := func(path, body string) response { return do(t, "POST", ts.URL+path, strings.NewReader(body)) }
	t.Run("gizmo within the result limit", func(t *testing.T) {
		d := dataOf(t, post("/api/v1/query/gizmo", `g.V().has("<https://schema.org/name>").out("<https://schema.org/name>").all()`))
		if n := len(d["results"].([]any)); n != 5 || d["truncated"] != true || d["limit"].(float64) != 5 {
			t.Errorf("%d results, truncated %v, limit %v; want the server's limit 5", n, d["truncated"], d["limit"])
		}
		d = dataOf(t, post("/api/v1/query/gizmo?limit=500", `g.V().has("<https://schema.org/name>").all()`))
		if n := len(d["results"].([]any)); n != 5 {
			t.Errorf("?limit=500 gave %d results; the server's limit is 5", n)
		}
		d = dataOf(t, post("/api/v1/query/gizmo?limit=2", `g.V("<https://w3id.org/newsgraph/ns#event/withdrawal>").in("<https://w3id.org/newsgraph/ns#linkedToEvent>").out("<https://schema.org/name>").all()`))
		if n := len(d["results"].([]any)); n != 2 {
			t.Errorf("?limit=2 gave %d results", n)
		}
	})
	t.Run("graphql lists are capped", func(t *testing.T) {
		d := dataOf(t, post("/api/v1/query/graphql", `{ nodes(<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>: <https://w3id.org/newsgraph/ns#MilitaryBase>) { id name: <https://schema.org/name> } }`))
		res := d["results"].([]any)
		nodes := res[0].(map[string]any)["nodes"].([]any)
		if len(nodes) != 5 || d["truncated"] != true {
			t.Errorf("graphql: %d nodes, truncated %v", len(nodes), d["truncated"])
		}
	})
	t.Run("mql", func(t *testing.T) {
		d := dataOf(t, post("/api/v1/query/mql", `[{"id": null, "<https://schema.org/name>": "Victory Base"}]`))
		if res := d["results"].([]any); len(res) != 1 || !strings.Contains(res[0].(map[string]any)["id"].(string), "/entity/") {
			t.Errorf("mql: %v", d)
		}
	})
	for _, tc := range []struct {
		path, body, errorType string
		status                int
	}{
		{"/api/v1/query/gizmo", "g.V(.bad", kindBadData, 400},
		{"/api/v1/query/gizmo", "   ", kindBadData, 400},
		{"/api/v1/query/graphql", "{ nodes(", kindBadData, 400},
		{"/api/v1/query/mql", "not json", kindBadData, 400},
		{"/api/v1/query/gizmo?limit=0", "g.V().all()", kindBadData, 400},
		{"/api/v1/query/sparql", "SELECT *", kindNotFound, 404},
		{"/api/v1/query/gizmo", strings.Repeat("x", maxQueryBytes+1), kindTooLarge, 413},
	} {
		t.Run(tc.path+" "+tc.body[:min(len(tc.body), 10)], func(t *testing.T) {
			wantError(t, post(tc.path, tc.body), tc.status, tc.errorType)
		})
	}
}

// TestGizmoTimeout runs an endless Gizmo loop: it must come back as a
// timeout, other requests must answer meanwhile, and the interrupted query
// must give its slot back.
func TestGizmoTimeout(t *testing.T) {
	srv, ts := testServer(t, sharedStore(t), Options{QueryTimeout: 500 * time.Millisecond, MaxConcurrentQueries: 1})
	done := make(chan response, 1)
	go func() {
		done <- do(t, "POST", ts.URL+"/api/v1/query/gizmo", strings.NewReader("while(true){}"))
	}()
	// Wait until the loop holds the only query slot.
	for len(srv.querySlots) == 0 {
		select {
		case r := <-done:
			t.Fatalf("the loop ended at once: %d %s", r.status, r.body)
		case <-time.After(5 * time.Millisecond):
		}
	}
	// Named queries and health still answer.
	dataOf(t, do(t, "GET", ts.URL+"/api/v1/queries/bases?event=attack", nil))
	if r := do(t, "GET", ts.URL+"/healthz", nil); r.status != 200 {
		t.Errorf("healthz %d while a query loops", r.status)
	}
	wantError(t, <-done, http.StatusServiceUnavailable, kindTimeout)
	// The interrupted VM gives the slot back.
	deadline := time.Now().Add(10 * time.Second)
	for len(srv.querySlots) > 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if len(srv.querySlots) > 0 {
		t.Fatal("the timed-out Gizmo query never stopped")
	}
	dataOf(t, do(t, "POST", ts.URL+"/api/v1/query/gizmo", strings.NewReader(`g.V("<https://schema.org/NewsArticle>").all()`)))
	// A request may ask for a shorter limit than the server's.
	wantError(t, do(t, "POST", ts.URL+"/api/v1/query/gizmo?timeout=50ms", strings.NewReader("while(true){}")), 503, kindTimeout)
}

// TestBusy fills the raw query slots: one more query is turned away with
// 503 and Retry-After rather than queued.
func TestBusy(t *testing.T) {
	srv, ts := testServer(t, sharedStore(t), Options{MaxConcurrentQueries: 2})
	srv.querySlots <- struct{}{}
	srv.querySlots <- struct{}{}
	busy := do(t, "POST", ts.URL+"/api/v1/query/gizmo", strings.NewReader("g.V().all()"))
	wantError(t, busy, 503, kindUnavailable)
	if busy.header.Get("Retry-After") == "" {
		t.Error("no Retry-After on 503")
	}
	<-srv.querySlots
	dataOf(t, do(t, "POST", ts.URL+"/api/v1/query/gizmo", strings.NewReader(`g.V("<https://schema.org/NewsArticle>").all()`)))
}

func TestExtract(t *testing.T) {
	_, ts := testServer(t, sharedStore(t), Options{MaxBodyBytes: 64 << 10})
	body, err := os.ReadFile("../testdata/articles/001_us-leaves-ain-al-asad.txt")
	if err != nil {
		t.Fatal(err)
	}
	before := do(t, "GET", ts.URL+"/api/v1/export", nil).body
	d := dataOf(t, do(t, "POST", ts.URL+"/api/v1/extract", bytes.NewReader(body)))
	recs := d["records"].([]any)
	if len(recs) != 1 {
		t.Fatalf("%d records", len(recs))
	}
	rec := recs[0].(map[string]any)
	art := rec["article"].(map[string]any)
	if art["publisher"] != "Stars and Stripes" || len(rec["entities"].([]any)) == 0 || len(rec["events"].([]any)) == 0 {
		t.Errorf("record %v", rec)
	}
	if after := do(t, "GET", ts.URL+"/api/v1/export", nil).body; !bytes.Equal(before, after) {
		t.Error("extract changed the graph")
	}
	wantError(t, do(t, "POST", ts.URL+"/api/v1/extract", strings.NewReader("")), 400, kindBadData)
	wantError(t, do(t, "POST", ts.URL+"/api/v1/extract", bytes.NewReader([]byte("\x00\x01\x02binary\xff\xfe"))), 400, kindBadData)
	wantError(t, do(t, "POST", ts.URL+"/api/v1/extract?format=nosuch", bytes.NewReader(body)), 400, kindBadData)
	wantError(t, do(t, "POST", ts.URL+"/api/v1/extract", bytes.NewReader(bytes.Repeat(body, 64))), 413, kindTooLarge)
}

func TestArticlesNeedToken(t *testing.T) {
	body, err := os.ReadFile("../testdata/articles/001_us-leaves-ain-al-asad.txt")
	if err != nil {
		t.Fatal(err)
	}
	_, ro := testServer(t, sharedStore(t), Options{})
	wantError(t, do(t, "POST", ro.URL+"/api/v1/articles", bytes.NewReader(body), "Authorization", "Bearer anything"), 403, kindForbidden)

	// A store without article 001, so the post has something to write.
	s, err := graph.Open(context.Background(), "memory")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, ts := testServer(t, s, Options{Token: "s3cret"})
	r := do(t, "POST", ts.URL+"/api/v1/articles", bytes.NewReader(body))
	wantError(t, r, 401, kindUnauthorized)
	if r.header.Get("WWW-Authenticate") == "" {
		t.Error("401 without WWW-Authenticate")
	}
	wantError(t, do(t, "POST", ts.URL+"/api/v1/articles", bytes.NewReader(body), "Authorization", "Bearer wrong"), 401, kindUnauthorized)
	d := dataOf(t, do(t, "POST", ts.URL+"/api/v1/articles", bytes.NewReader(body), "Authorization", "Bearer s3cret"))
	if d["stored"].(float64) != 1 {
		t.Fatalf("stored %v", d)
	}
	d = dataOf(t, do(t, "GET", ts.URL+"/api/v1/queries/timeline?entity=ain+al-asad", nil))
	if len(rows(d)) == 0 {
		t.Error("the posted article is not in the graph")
	}
	// Posting it again changes nothing.
	d = dataOf(t, do(t, "POST", ts.URL+"/api/v1/articles", bytes.NewReader(body), "Authorization", "Bearer s3cret"))
	if d["unchanged"].(float64) != 1 {
		t.Errorf("re-post %v", d)
	}
}

// TestConcurrentReadsAndWrites posts articles while queries of every kind
// run, and checks every answer. It uses bolt, the default store: Cayley's
// memstore marks every whole-graph iterator in a shared field, so two such
// reads race inside Cayley there. (boltdb itself trips -race's checkptr,
// so this test runs without the race detector.)
func TestConcurrentReadsAndWrites(t *testing.T) {
	s, err := graph.Open(context.Background(), "bolt:"+filepath.Join(t.TempDir(), "g.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Enough raw-query slots for every reader at once: this test is about
	// reads racing writes, not about the concurrency limit.
	_, ts := testServer(t, s, Options{Token: "t", MaxConcurrentQueries: 16, MaxConcurrentExports: 16})
	files := testenv.Articles(t)
	var wg sync.WaitGroup
	errs := make(chan string, 100)
	for i, f := range files[:8] {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(2)
		go func() {
			defer wg.Done()
			if r := do(t, "POST", ts.URL+"/api/v1/articles", bytes.NewReader(body), "Authorization", "Bearer t"); r.status != 200 {
				errs <- fmt.Sprintf("post %s: %d %s", f, r.status, r.body)
			}
		}()
		go func() {
			defer wg.Done()
			for _, p := range []string{"/api/v1/queries/bases", "/api/v1/queries/stats", "/api/v2/read?format=nquads", "/api/v1/export?format=csv"} {
				// Exports need the token on a server that has one.
				if r := do(t, "GET", ts.URL+p, nil, "Authorization", "Bearer t"); r.status != 200 {
					errs <- fmt.Sprintf("%s: %d %s", p, r.status, r.body)
				}
			}
			q := []string{`g.V().all()`, `{ nodes { id } }`, `[{"id": null}]`}[i%3]
			lang := []string{"gizmo", "graphql", "mql"}[i%3]
			if r := do(t, "POST", ts.URL+"/api/v1/query/"+lang, strings.NewReader(q)); r.status != 200 {
				errs <- fmt.Sprintf("%s: %d %s", lang, r.status, r.body)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	d := dataOf(t, do(t, "GET", ts.URL+"/api/v1/queries/stats", nil))
	if v := rows(d)[0]["values"].(map[string]any); v["what"] != "articles" || v["count"].(float64) != 8 {
		t.Errorf("after 8 posts: %v", v)
	}
}

func TestExport(t *testing.T) {
	s := sharedStore(t)
	_, ts := testServer(t, s, Options{})
	var want bytes.Buffer
	if err := export.Graph(context.Background(), &want, s, export.NQuads); err != nil {
		t.Fatal(err)
	}
	r := do(t, "GET", ts.URL+"/api/v1/export?format=nquads", nil)
	if r.status != 200 || !bytes.Equal(r.body, want.Bytes()) || r.header.Get("Content-Type") != "application/n-quads" {
		t.Errorf("nquads export: %d %q, %d bytes of %d", r.status, r.header.Get("Content-Type"), len(r.body), want.Len())
	}
	for format, ct := range map[string]string{"jsonld": "application/ld+json", "csv": "text/csv; charset=utf-8", "graphml": "application/graphml+xml", "geojson": "application/geo+json"} {
		r := do(t, "GET", ts.URL+"/api/v1/export?format="+format, nil)
		if r.status != 200 || r.header.Get("Content-Type") != ct || len(r.body) < 1000 ||
			!strings.Contains(r.header.Get("Content-Disposition"), "newsgraph.") {
			t.Errorf("%s export: %d %q %q, %d bytes", format, r.status, r.header.Get("Content-Type"), r.header.Get("Content-Disposition"), len(r.body))
		}
	}
	r = do(t, "GET", ts.URL+"/api/v1/export?format=csv&query=bases&event=withdrawal", nil)
	if r.status != 200 || !strings.HasPrefix(string(r.body), "base,") {
		t.Errorf("query export: %d %s", r.status, r.body)
	}
	wantError(t, do(t, "GET", ts.URL+"/api/v1/export?format=xlsx", nil), 400, kindBadData)
	wantError(t, do(t, "GET", ts.URL+"/api/v1/export?format=csv&query=nosuch", nil), 404, kindNotFound)
	wantError(t, do(t, "GET", ts.URL+"/api/v1/export?format=csv&query=bases&event=picnic", nil), 400, kindBadData)
}

func TestCayleyV2(t *testing.T) {
	_, ts := testServer(t, sharedStore(t), Options{ResultLimit: 4})
	var formats []map[string]any
	r := do(t, "GET", ts.URL+"/api/v2/formats", nil)
	if err := json.Unmarshal(r.body, &formats); err != nil || len(formats) == 0 {
		t.Fatalf("formats: %v %s", err, r.body)
	}
	r = do(t, "GET", ts.URL+"/api/v2/read?format=nquads", nil)
	if r.status != 200 || !strings.Contains(string(r.body), "<https://schema.org/NewsArticle>") {
		t.Errorf("read: %d", r.status)
	}
	r = do(t, "POST", ts.URL+"/api/v2/query?lang=gizmo", strings.NewReader(`g.V().has("<https://schema.org/name>").all()`))
	var res struct {
		Result []any  `json:"result"`
		Error  string `json:"error"`
	}
	if err := json.Unmarshal(r.body, &res); err != nil || r.status != 200 || len(res.Result) != 4 {
		t.Errorf("v2 query: %d %s", r.status, r.body)
	}
	r = do(t, "GET", ts.URL+"/api/v2/query?lang=gizmo&qu="+strings.ReplaceAll(`g.V("<https://schema.org/NewsArticle>").all()`, "#", "%23"), nil)
	if r.status != 200 || !strings.Contains(string(r.body), `"result"`) {
		t.Errorf("v2 GET query: %d %s", r.status, r.body)
	}
	for _, tc := range []struct {
		method, path, body string
		status             int
	}{
		{"GET", "/api/v2/query?qu=g.V()", "", 400},
		{"POST", "/api/v2/query?lang=cobol", "x", 400},
		{"POST", "/api/v2/query?lang=gizmo&timeout=20ms", "while(true){}", 503},
		{"POST", "/api/v2/write", "<a> <b> <c> .", 403},
		{"POST", "/api/v2/delete", "<a> <b> <c> .", 403},
	} {
		r := do(t, tc.method, ts.URL+tc.path, strings.NewReader(tc.body))
		if r.status != tc.status || !strings.Contains(string(r.body), `"error"`) {
			t.Errorf("%s %s: %d %s, want %d with Cayley's error shape", tc.method, tc.path, r.status, r.body, tc.status)
		}
	}
}

func TestOperational(t *testing.T) {
	var logs bytes.Buffer
	var mu sync.Mutex
	logger := slog.New(slog.NewJSONHandler(lockedWriter{&logs, &mu}, nil))
	_, ts := testServer(t, sharedStore(t), Options{Logger: logger, Version: "v-test"})

	h := do(t, "GET", ts.URL+"/healthz", nil).json(t)
	if h["status"] != "ok" || h["store"] != "memstore" || h["version"] != "v-test" || h["read_only"] != true {
		t.Errorf("healthz %v", h)
	}
	page := do(t, "GET", ts.URL+"/", nil)
	if page.status != 200 || !strings.Contains(page.header.Get("Content-Type"), "text/html") || !strings.Contains(string(page.body), "/api/v1/queries") {
		t.Errorf("placeholder page: %d %q", page.status, page.header.Get("Content-Type"))
	}
	wantError(t, do(t, "GET", ts.URL+"/no/such/page", nil), 404, kindNotFound)
	wantError(t, do(t, "GET", ts.URL+"/api/v9/nothing", nil), 404, kindNotFound)
	r := do(t, "DELETE", ts.URL+"/api/v1/queries", nil)
	wantError(t, r, 405, kindMethodNotAllowed)
	if r.header.Get("Allow") != "GET" {
		t.Errorf("Allow %q", r.header.Get("Allow"))
	}
	wantError(t, do(t, "GET", ts.URL+"/api/v1/query/gizmo", nil), 405, kindMethodNotAllowed)
	wantError(t, do(t, "POST", ts.URL+"/api/v1/refresh", nil), 404, kindNotFound)

	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(do(t, "GET", ts.URL+"/api/openapi.json", nil).body, &doc); err != nil || !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi: %v %q", err, doc.OpenAPI)
	}
	for _, p := range []string{"/api/v1/queries", "/api/v1/ask", "/api/v1/query/{lang}", "/api/v1/extract", "/api/v1/articles",
		"/api/v1/export", "/api/v2/read", "/api/v2/formats", "/api/v2/query", "/healthz", "/metrics", "/api/openapi.json"} {
		if doc.Paths[p] == nil {
			t.Errorf("openapi lacks %s", p)
		}
	}
	for _, m := range queries.Modules() {
		if doc.Paths["/api/v1/queries/"+m.Name]["get"] == nil {
			t.Errorf("openapi lacks query %s", m.Name)
		}
	}

	metrics := string(do(t, "GET", ts.URL+"/metrics", nil).body)
	for _, want := range []string{`newsgraph_http_requests_total{code="200",method="GET",route="GET /healthz"} 1`,
		`newsgraph_http_requests_total{code="405",method="DELETE",route="unmatched"} 1`, "go_goroutines", "process_"} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %q", want)
		}
	}

	mu.Lock()
	defer mu.Unlock()
	var line map[string]any
	for _, l := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		if strings.Contains(l, `"/healthz"`) {
			if err := json.Unmarshal([]byte(l), &line); err != nil {
				t.Fatal(err)
			}
		}
	}
	if line["msg"] != "request" || line["status"].(float64) != 200 || line["route"] != "GET /healthz" || line["method"] != "GET" {
		t.Errorf("access log line %v\n%s", line, logs.String())
	}
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestHooks(t *testing.T) {
	refreshed := false
	_, ts := testServer(t, sharedStore(t), Options{
		Token: "tok",
		Refresh: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			refreshed = true
			writeData(w, map[string]any{"runs": 0})
		}),
		Web: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte("notebook " + r.URL.Path))
		}),
	})
	wantError(t, do(t, "POST", ts.URL+"/api/v1/refresh", nil), 401, kindUnauthorized)
	if refreshed {
		t.Fatal("refresh ran without the token")
	}
	dataOf(t, do(t, "POST", ts.URL+"/api/v1/refresh", nil, "Authorization", "Bearer tok"))
	if !refreshed {
		t.Error("refresh hook not called")
	}
	for _, p := range []string{"/", "/app.js"} {
		if r := do(t, "GET", ts.URL+p, nil); string(r.body) != "notebook "+p {
			t.Errorf("GET %s: %q", p, r.body)
		}
	}
	// The API keeps its JSON errors under the web hook.
	wantError(t, do(t, "GET", ts.URL+"/api/v1/nothing", nil), 404, kindNotFound)
}

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		err  error
		kind string
	}{
		{queries.ErrUnknownQuery, kindNotFound},
		{errors.Join(errors.New("x"), queries.ErrBadArgument), kindBadData},
		{context.DeadlineExceeded, kindTimeout},
		{&http.MaxBytesError{Limit: 1}, kindTooLarge},
		{errReadOnly, kindForbidden},
		{errors.New("disk on fire"), kindInternal},
	} {
		if kind, msg := classify(tc.err); kind != tc.kind || msg == "" {
			t.Errorf("classify(%v) = %s %q, want %s", tc.err, kind, msg, tc.kind)
		}
		if _, ok := statusOf[tc.kind]; !ok {
			t.Errorf("kind %s has no status", tc.kind)
		}
	}
	if _, msg := classify(errors.New("disk on fire")); strings.Contains(msg, "disk") {
		t.Error("internal detail leaks to the user")
	}
}
