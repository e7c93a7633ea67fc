package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	cayleyclient "github.com/cayleygraph/cayley/client"
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph"
)

// builtStore is a bolt store holding testdata/articles, built once with
// the real binary; each test works on a copy.
var builtStore = sync.OnceValues(func() (string, error) {
	// Inside the binary's folder, which TestMain removes at the end.
	dir, err := os.MkdirTemp(filepath.Dir(binary), "store")
	if err != nil {
		return "", err
	}
	articles, err := filepath.Abs("../../testdata/articles")
	if err != nil {
		return "", err
	}
	db := filepath.Join(dir, "graph.db")
	cmd := exec.Command(binary, "--store", "bolt:"+db, "ingest", "-q", articles)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("ingest: %v\n%s", err, out)
	}
	return db, nil
})

// storeCopy returns a bolt DSN for a fresh copy of the test store.
func storeCopy(t *testing.T) string {
	t.Helper()
	src, err := builtStore()
	if err != nil {
		t.Fatal(err)
	}
	// A bolt store is a folder (Cayley keeps its file inside).
	dst := filepath.Join(t.TempDir(), "graph.db")
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return "bolt:" + dst
}

// served is a running `newsgraph serve`.
type served struct {
	url    string
	cmd    *exec.Cmd
	mu     sync.Mutex
	stderr bytes.Buffer
	exited chan struct{}
	err    error
}

func (s *served) log() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stderr.String()
}

var listening = regexp.MustCompile(`on (http://127\.0\.0\.1:\d+)`)

// serve starts the real binary on a free loopback port (--addr :0) and
// waits for the line that names the address.
func serve(t *testing.T, store string, args ...string) *served {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"--store", store, "serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), "NEWSGRAPH_TOKEN=")
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &served{cmd: cmd, exited: make(chan struct{})}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pipe)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			s.mu.Lock()
			s.stderr.WriteString(line + "\n")
			s.mu.Unlock()
			if m := listening.FindStringSubmatch(line); m != nil {
				select {
				case addr <- m[1]:
				default:
				}
			}
		}
		s.err = cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-s.exited:
			return
		default:
		}
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.exited:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			<-s.exited
		}
	})
	select {
	case s.url = <-addr:
	case <-s.exited:
		t.Fatalf("serve exited before listening: %v\n%s", s.err, s.log())
	case <-time.After(60 * time.Second):
		t.Fatalf("serve did not report its address\n%s", s.log())
	}
	return s
}

type httpResult struct {
	status int
	header http.Header
	body   []byte
}

func (r httpResult) data(t *testing.T) map[string]any {
	t.Helper()
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	var env struct {
		Status string         `json:"status"`
		Data   map[string]any `json:"data"`
	}
	if err := json.Unmarshal(r.body, &env); err != nil || env.Status != "success" {
		t.Fatalf("envelope: %v %s", err, r.body)
	}
	return env.Data
}

func (r httpResult) wantError(t *testing.T, status int, errorType string) {
	t.Helper()
	var env map[string]any
	if err := json.Unmarshal(r.body, &env); err != nil {
		t.Fatalf("error body is not JSON: %s", r.body)
	}
	if r.status != status || env["status"] != "error" || env["errorType"] != errorType {
		t.Fatalf("got %d %v, want %d %s", r.status, env, status, errorType)
	}
}

func call(t *testing.T, method, u string, body io.Reader, header ...string) httpResult {
	t.Helper()
	req, err := http.NewRequest(method, u, body)
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
	return httpResult{resp.StatusCode, resp.Header, b}
}

func rowValues(d map[string]any) []map[string]any {
	var out []map[string]any
	for _, r := range d["rows"].([]any) {
		out = append(out, r.(map[string]any)["values"].(map[string]any))
	}
	return out
}

// TestServe checks each endpoint of the real server: answers, errors and
// limits.
func TestServe(t *testing.T) {
	s := serve(t, storeCopy(t), "--token", "e2e-token", "--result-limit", "7", "--max-body", "65536", "--query-timeout", "5s")
	u := s.url

	h := call(t, "GET", u+"/healthz", nil)
	if h.status != 200 || !strings.Contains(string(h.body), `"store":"bolt"`) {
		t.Fatalf("healthz %d %s", h.status, h.body)
	}

	cat := call(t, "GET", u+"/api/v1/queries", nil).data(t)
	if n := len(cat["queries"].([]any)); n < 10 {
		t.Errorf("catalogue has %d queries", n)
	}

	d := call(t, "GET", u+"/api/v1/queries/bases?event=withdrawal&operator=US", nil).data(t)
	bases := map[string]bool{}
	for _, v := range rowValues(d) {
		bases[v["base"].(string)] = true
		// One row per base: how many withdrawals name it, by whom.
		if n, _ := v["events"].(float64); n < 1 || v["actors"] == "" {
			t.Errorf("row %v", v)
		}
	}
	if !bases["Ain al-Asad Air Base"] {
		t.Errorf("bases %v", bases)
	}
	if rows := d["rows"].([]any); len(rows) > 7 {
		t.Errorf("%d rows over the result limit 7", len(rows))
	}

	d = call(t, "GET", u+"/api/v1/queries/timeline?entity=al+asad&format=json", nil).data(t)
	if len(d["rows"].([]any)) == 0 || !strings.Contains(fmt.Sprint(d["notes"]), "Ain al-Asad Air Base") {
		t.Errorf("timeline of 'al asad': %v", d["notes"])
	}

	d = call(t, "GET", u+"/api/v1/ask?"+url.Values{"q": {"who reported on Al Udeid?"}}.Encode(), nil).data(t)
	if d["command"] != "newsgraph query sources --entity 'Al Udeid Air Base'" || len(d["result"].(map[string]any)["rows"].([]any)) != 2 {
		t.Errorf("ask: %v", d)
	}

	call(t, "GET", u+"/api/v1/queries/nosuch", nil).wantError(t, 404, "not_found")
	call(t, "GET", u+"/api/v1/queries/bases?event=picnic", nil).wantError(t, 400, "bad_data")
	call(t, "GET", u+"/api/v1/ask?q=sing+me+a+song", nil).wantError(t, 400, "bad_data")
	// Page paths belong to the notebook page, which answers 404 itself.
	if r := call(t, "GET", u+"/nowhere", nil); r.status != 404 {
		t.Errorf("GET /nowhere: %d", r.status)
	}
	call(t, "GET", u+"/api/v1/nowhere", nil).wantError(t, 404, "not_found")
	if r := call(t, "GET", u+"/", nil); r.status != 200 || !strings.Contains(string(r.body), "<html") {
		t.Errorf("GET / does not serve the notebook page: %d", r.status)
	}
	call(t, "PUT", u+"/api/v1/queries", nil).wantError(t, 405, "method_not_allowed")

	// Raw queries never exceed the server's result limit.
	d = call(t, "POST", u+"/api/v1/query/gizmo?limit=1000", strings.NewReader(`g.V().has("<https://schema.org/name>").all()`)).data(t)
	if n := len(d["results"].([]any)); n != 7 || d["truncated"] != true {
		t.Errorf("gizmo: %d results, truncated %v; limit 7", n, d["truncated"])
	}
	call(t, "POST", u+"/api/v1/query/gizmo", strings.NewReader("g.V(")).wantError(t, 400, "bad_data")

	article, err := os.ReadFile(filepath.Join(absTestdata(t), "028_iran-missiles-al-udeid.txt"))
	if err != nil {
		t.Fatal(err)
	}
	// Extraction and exports are costly: on a server with a token they
	// need it too.
	auth := []string{"Authorization", "Bearer e2e-token"}
	call(t, "POST", u+"/api/v1/extract", bytes.NewReader(article)).wantError(t, 401, "unauthorized")
	d = call(t, "POST", u+"/api/v1/extract", bytes.NewReader(article), auth...).data(t)
	if recs := d["records"].([]any); len(recs) != 1 || len(recs[0].(map[string]any)["events"].([]any)) == 0 {
		t.Errorf("extract: %v", d)
	}
	call(t, "POST", u+"/api/v1/extract", bytes.NewReader(bytes.Repeat(article, 64)), auth...).wantError(t, 413, "too_large")

	// Ingest: the token is required; a new article becomes queryable.
	fresh := bytes.Replace(article, []byte("https://www.aljazeera.com/news/2025/6/24/"), []byte("https://example.org/copy/"), 1)
	if bytes.Equal(fresh, article) {
		t.Fatal("the test article's URL changed; update the test")
	}
	call(t, "POST", u+"/api/v1/articles", bytes.NewReader(fresh)).wantError(t, 401, "unauthorized")
	call(t, "POST", u+"/api/v1/articles", bytes.NewReader(fresh), "Authorization", "Bearer nope").wantError(t, 401, "unauthorized")
	d = call(t, "POST", u+"/api/v1/articles", bytes.NewReader(fresh), "Authorization", "Bearer e2e-token").data(t)
	if d["stored"].(float64) != 1 {
		t.Fatalf("ingest: %v", d)
	}
	d = call(t, "GET", u+"/api/v1/queries/sources?entity=al+udeid", nil).data(t)
	found := false
	for _, r := range d["rows"].([]any) {
		for _, src := range r.(map[string]any)["sources"].([]any) {
			found = found || strings.HasPrefix(src.(map[string]any)["url"].(string), "https://example.org/copy/")
		}
	}
	if !found {
		t.Errorf("the posted article is not among the sources: %v", d["rows"])
	}

	// Exports.
	call(t, "GET", u+"/api/v1/export?format=nquads", nil).wantError(t, 401, "unauthorized")
	nq := call(t, "GET", u+"/api/v1/export?format=nquads", nil, auth...)
	if nq.status != 200 || nq.header.Get("Content-Type") != "application/n-quads" || !bytes.Contains(nq.body, []byte("https://example.org/copy/")) {
		t.Errorf("nquads export %d %q", nq.status, nq.header.Get("Content-Type"))
	}
	for _, f := range []string{"jsonld", "csv", "graphml"} {
		if r := call(t, "GET", u+"/api/v1/export?format="+f, nil, auth...); r.status != 200 || len(r.body) < 1000 {
			t.Errorf("%s export: %d, %d bytes", f, r.status, len(r.body))
		}
	}
	csv := call(t, "GET", u+"/api/v1/export?format=csv&query=bases&event=attack", nil, auth...)
	if !strings.HasPrefix(string(csv.body), "base,country,") {
		t.Errorf("query csv: %s", csv.body)
	}
	call(t, "GET", u+"/api/v1/export?format=docx", nil, auth...).wantError(t, 400, "bad_data")

	var doc map[string]any
	if err := json.Unmarshal(call(t, "GET", u+"/api/openapi.json", nil).body, &doc); err != nil || doc["openapi"] == nil {
		t.Errorf("openapi: %v", err)
	}
	m := string(call(t, "GET", u+"/metrics", nil).body)
	if !strings.Contains(m, `newsgraph_articles_ingested_total{result="stored"} 1`) || !strings.Contains(m, "newsgraph_http_requests_total") {
		t.Errorf("metrics:\n%s", m)
	}
	if page := call(t, "GET", u+"/", nil); page.status != 200 || !strings.Contains(string(page.body), "<html") {
		t.Errorf("page at /: %d", page.status)
	}

	// Access log: one JSON line per request, with the route.
	logged := false
	for _, l := range strings.Split(s.log(), "\n") {
		var e map[string]any
		if json.Unmarshal([]byte(l), &e) == nil && e["msg"] == "request" && e["route"] == "GET /api/v1/queries/{name}" {
			logged = true
		}
	}
	if !logged {
		t.Errorf("no access log line for the query route:\n%s", s.log())
	}
}

// TestServeCayleyClient reads the whole graph with Cayley's own Go client
// package, through the API v2 read route.
func TestServeCayleyClient(t *testing.T) {
	s := serve(t, storeCopy(t))
	qr, err := cayleyclient.New(s.url).QuadReader()
	if err != nil {
		t.Fatal(err)
	}
	defer qr.Close()
	quads, err := quad.ReadAll(qr)
	if err != nil {
		t.Fatal(err)
	}
	// The summaries the writer keeps are the store's, not the graph's:
	// exports leave them out.
	quads = slices.DeleteFunc(quads, func(q quad.Quad) bool { return graph.IsSummaryGraph(q.Label) })
	nq := call(t, "GET", s.url+"/api/v1/export?format=nquads", nil)
	want := bytes.Count(nq.body, []byte("\n"))
	if len(quads) != want || want == 0 {
		t.Fatalf("Cayley's client read %d quads, the export has %d", len(quads), want)
	}
	labelled := 0
	names := map[string]bool{}
	for _, q := range quads {
		if q.Label != nil {
			labelled++
		}
		if quad.StringOf(q.Predicate) == "<https://schema.org/name>" {
			names[quad.NativeOf(q.Object).(string)] = true
		}
	}
	if labelled != len(quads) {
		t.Errorf("%d of %d quads lost their named graph", len(quads)-labelled, len(quads))
	}
	if !names["Ain al-Asad Air Base"] {
		t.Error("Ain al-Asad Air Base not read")
	}
	// Cayley's client writes go to /api/v2/write, which is read-only here.
	qw, err := cayleyclient.New(s.url).QuadWriter()
	if err != nil {
		t.Fatal(err)
	}
	// The client buffers: the refusal comes back when it flushes on Close.
	if _, err := qw.WriteQuads([]quad.Quad{quad.MakeIRI("a", "b", "c", "")}); err != nil {
		t.Fatal(err)
	}
	if err := qw.Close(); err == nil || !strings.Contains(err.Error(), "403") {
		t.Errorf("write through Cayley's client: %v, want a 403", err)
	}
}

// metricValue reads one sample of /metrics.
func metricValue(t *testing.T, base, name string) string {
	t.Helper()
	for _, l := range strings.Split(string(call(t, "GET", base+"/metrics", nil).body), "\n") {
		if v, ok := strings.CutPrefix(l, name+" "); ok {
			return v
		}
	}
	return ""
}

// waitMetric polls /metrics until a sample has a value (no timing in the
// verdict: the bound only stops a broken server from hanging the test).
func waitMetric(t *testing.T, base, name, value string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for metricValue(t, base, name) != value {
		if time.Now().After(deadline) {
			t.Fatalf("%s never became %s", name, value)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestServeGizmoLoop runs while(true){} in Gizmo: it ends as a timeout,
// other requests answer meanwhile, and the loop really stops.
func TestServeGizmoLoop(t *testing.T) {
	s := serve(t, storeCopy(t), "--query-timeout", "2s")
	done := make(chan httpResult, 1)
	go func() {
		done <- call(t, "POST", s.url+"/api/v1/query/gizmo", strings.NewReader("while(true){}"))
	}()
	waitMetric(t, s.url, "newsgraph_raw_queries_running", "1")
	// While the loop runs, the server answers everything else.
	if h := call(t, "GET", s.url+"/healthz", nil); h.status != 200 {
		t.Errorf("healthz %d during the loop", h.status)
	}
	if d := call(t, "GET", s.url+"/api/v1/queries/countries?event=attack", nil).data(t); len(d["rows"].([]any)) == 0 {
		t.Error("no rows during the loop")
	}
	call(t, "POST", s.url+"/api/v1/query/gizmo", strings.NewReader(`g.V("<https://schema.org/NewsArticle>").all()`)).data(t)
	select {
	case r := <-done:
		r.wantError(t, 503, "timeout")
	case <-s.exited:
		t.Fatalf("server died:\n%s", s.log())
	}
	// The interrupted VM lets go: nothing is left running.
	waitMetric(t, s.url, "newsgraph_raw_queries_running", "0")
	// The v2 route runs through the same runner.
	r := call(t, "POST", s.url+"/api/v2/query?lang=gizmo&timeout=100ms", strings.NewReader("for(;;){}"))
	if r.status != 503 || !strings.Contains(string(r.body), `"error"`) {
		t.Errorf("v2 loop: %d %s", r.status, r.body)
	}
}

// TestServeShutdown sends SIGTERM while a request is in flight: the request
// still gets its answer, and the server exits cleanly.
func TestServeShutdown(t *testing.T) {
	s := serve(t, storeCopy(t), "--query-timeout", "2s")
	done := make(chan httpResult, 1)
	go func() {
		done <- call(t, "POST", s.url+"/api/v1/query/gizmo", strings.NewReader("while(true){}"))
	}()
	waitMetric(t, s.url, "newsgraph_raw_queries_running", "1")
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	r := <-done
	r.wantError(t, 503, "timeout")
	<-s.exited
	if s.err != nil {
		t.Fatalf("exit: %v\n%s", s.err, s.log())
	}
	if log := s.log(); !strings.Contains(log, "shutting down") || !strings.Contains(log, "newsgraph: stopped") {
		t.Errorf("log:\n%s", log)
	}
	// New connections are refused once it has stopped.
	if _, err := http.Get(s.url + "/healthz"); err == nil {
		t.Error("the server still answers after shutdown")
	}
}

// TestServeAddressInUse: a taken port is an error of the command itself.
func TestServeAddressInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	r := ng(t, t.TempDir(), nil, "--store", "memory", "serve", "--addr", ln.Addr().String())
	if r.code != 1 || !strings.Contains(r.stderr, "address already in use") || !strings.HasPrefix(r.stderr, "newsgraph: ") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestAskCommand(t *testing.T) {
	store := storeCopy(t)
	env := []string{"NEWSGRAPH_STORE=" + store}
	r := ng(t, t.TempDir(), env, "ask", "which bases are linked to withdrawal events?", "--format", "json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var ans struct {
		Query   string            `json:"query"`
		Args    map[string]string `json:"args"`
		Command string            `json:"command"`
		Result  struct {
			Rows []struct {
				Values map[string]any `json:"values"`
			} `json:"rows"`
		} `json:"result"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &ans); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if ans.Query != "bases" || ans.Args["event"] != "withdrawal" || len(ans.Result.Rows) == 0 {
		t.Errorf("answer %+v", ans)
	}
	r = ng(t, t.TempDir(), env, "ask", "--format", "table", "what", "happened", "at", "al", "asad?")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "query: newsgraph query timeline --entity 'al asad'\n") || !strings.Contains(r.stdout, "DATE") {
		t.Errorf("table answer: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = ng(t, t.TempDir(), env, "ask", "make me a sandwich")
	if r.code != 1 || !strings.Contains(r.stderr, "which bases did Russia leave in 2024?") {
		t.Errorf("no-match: exit %d\n%s", r.code, r.stderr)
	}
	// A recognised word the query cannot apply is refused, not dropped.
	r = ng(t, t.TempDir(), env, "ask", "which countries host bases in Iraq?")
	if r.code != 1 || !strings.Contains(r.stderr, `"Iraq" (country)`) || r.stdout != "" {
		t.Errorf("refusal: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = ng(t, t.TempDir(), env, "ask", "--format", "table", "did the U.S. leave Ain al-Asad?")
	if r.code != 0 || !strings.Contains(r.stdout, "\nanswer: yes (") {
		t.Errorf("yes/no: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := ng(t, t.TempDir(), env, "ask", "--list"); r.code != 0 || strings.Count(r.stdout, "\n") < 10 {
		t.Errorf("--list: %d\n%s", r.code, r.stdout)
	}
}

// TestExportImportCommands round-trips the graph through the export and
// import commands in both graph formats.
func TestExportImportCommands(t *testing.T) {
	store := storeCopy(t)
	dir := t.TempDir()
	orig := ng(t, dir, nil, "--store", store, "export")
	if orig.code != 0 || strings.Count(orig.stdout, "\n") < 500 {
		t.Fatalf("export: %d %s", orig.code, orig.stderr)
	}
	for _, f := range []string{"nquads", "jsonld"} {
		file := filepath.Join(dir, "graph."+map[string]string{"nquads": "nq", "jsonld": "jsonld"}[f])
		if r := ng(t, dir, nil, "--store", store, "export", "--format", f, "-o", file); r.code != 0 {
			t.Fatalf("export %s: %s", f, r.stderr)
		}
		copyStore := "bolt:" + filepath.Join(dir, f+".db")
		if r := ng(t, dir, nil, "--store", copyStore, "import", file); r.code != 0 {
			t.Fatalf("import %s: %s", f, r.stderr)
		}
		again := ng(t, dir, nil, "--store", copyStore, "export")
		if again.stdout != orig.stdout {
			t.Errorf("%s round trip changed the graph: %d bytes, want %d", f, len(again.stdout), len(orig.stdout))
		}
	}
	if r := ng(t, dir, nil, "--store", store, "export", "--format", "graphml"); r.code != 0 || !strings.Contains(r.stdout, "<graphml") {
		t.Errorf("graphml export: %d", r.code)
	}
	if r := ng(t, dir, nil, "--store", store, "export", "--format", "geojson"); r.code != 0 || !strings.HasPrefix(r.stdout, `{"type":"FeatureCollection"`) || !strings.Contains(r.stdout, `"kind":"base"`) {
		t.Errorf("geojson export: %d %.200s", r.code, r.stdout)
	}
	r := ng(t, dir, nil, "--store", store, "export", "--format", "csv", "--query", "bases", "--arg", "event=withdrawal")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "base,country,") {
		t.Errorf("query csv: %d %s", r.code, r.stderr)
	}
	if r := ng(t, dir, nil, "--store", store, "export", "--format", "xlsx"); r.code != 2 {
		t.Errorf("unknown format: exit %d", r.code)
	}
	if r := ng(t, dir, nil, "--store", store, "query", "search", "--name", "camp", "--format", "csv"); r.code != 0 || !strings.HasPrefix(r.stdout, "entity,type,") {
		t.Errorf("query --format csv: %d %s", r.code, r.stdout)
	}
}
