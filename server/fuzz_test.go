package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/internal/testenv"
)

// Limits of the server fuzzers. Bodies are capped because every posted
// article is extracted (about 0.2 ms a sentence, more under the fuzzer's
// instrumentation); a few kilobytes hold every format's structure.
const (
	maxFuzzBody  = 4 << 10
	maxFuzzParam = 1 << 10
	// maxErrorBytes bounds the "error" text of an error envelope: a
	// message says what was wrong, it does not echo the request back.
	maxErrorBytes = 4 << 10
	fuzzToken     = "fuzz-token"
	// fuzzArticles is how many test articles the shared store holds:
	// enough for every query to have rows, few enough to answer fast.
	fuzzArticles = 8
)

// fuzzServer is one read-only-in-practice server over a small in-memory
// store, built once per fuzzing process: the extract, query and ask
// fuzzers never write.
var fuzzServer = sync.OnceValues(func() (*Server, error) {
	ctx := context.Background()
	s, err := graph.Open(ctx, "memory")
	if err != nil {
		return nil, err
	}
	p, err := pipeline()
	if err != nil {
		return nil, err
	}
	files, err := testenv.ArticlePaths()
	if err != nil || len(files) < fuzzArticles {
		return nil, errors.Join(err, errors.New("testdata/articles not found"))
	}
	sum := (&ingest.Ingester{Store: s, Pipeline: p}).Ingest(ctx, files[:fuzzArticles], ingest.Options{Workers: 1})
	if sum.Failed > 0 {
		return nil, sum.Errors[0]
	}
	return newServer(s, fuzzOptions()), nil
})

func fuzzOptions() Options {
	p, _ := pipeline()
	return Options{
		Token: fuzzToken, Pipeline: p, MaxBodyBytes: maxFuzzBody,
		QueryTimeout: 5 * time.Second,
		Now:          func() time.Time { return time.Date(2025, 9, 10, 0, 0, 0, 0, time.UTC) },
	}
}

func sharedFuzzServer(t *testing.T) *Server {
	t.Helper()
	s, err := fuzzServer()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// serve sends one request straight to the handler, as a local client
// with the token would: a loopback Host, no Origin, the bearer token (so
// the fuzzers reach the handlers, whichever routes need it).
func serve(h http.Handler, method string, u *url.URL, body []byte, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, "/", bytes.NewReader(body))
	r.URL = u
	r.RequestURI = u.RequestURI()
	r.Host = "localhost"
	r.Header.Set("Authorization", "Bearer "+fuzzToken)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// envelope is either answer envelope.
type envelope struct {
	Status    string          `json:"status"`
	ErrorType string          `json:"errorType"`
	Error     string          `json:"error"`
	Data      json.RawMessage `json:"data"`
}

// checkAnswer checks what every answer to a client's input must be: never
// a 500 (bad input is the client's error, and nothing here can fail on
// the server's side), a JSON envelope matching its status, and an error
// message of bounded size. It returns the envelope (zero for non-JSON
// answers such as CSV, exports and redirects).
func checkAnswer(t *testing.T, w *httptest.ResponseRecorder) envelope {
	t.Helper()
	if w.Code == http.StatusInternalServerError {
		t.Fatalf("500 for a client's input: %.500s", w.Body.Bytes())
	}
	if w.Code >= 300 && w.Code < 400 {
		if w.Header().Get("Location") == "" {
			t.Fatalf("redirect %d without a Location", w.Code)
		}
		return envelope{}
	}
	ct := w.Header().Get("Content-Type")
	if w.Code == http.StatusOK && ct != "application/json" {
		return envelope{}
	}
	if ct != "application/json" {
		t.Fatalf("status %d with Content-Type %q: %.300s", w.Code, ct, w.Body.Bytes())
	}
	var e envelope
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil {
		t.Fatalf("status %d: body is not a JSON envelope: %v: %.300s", w.Code, err, w.Body.Bytes())
	}
	switch {
	case w.Code == http.StatusOK:
		if e.Status != "success" || len(e.Data) == 0 {
			t.Fatalf("200 with envelope status %q, data %.100s", e.Status, e.Data)
		}
	case e.Status != "error" || e.Error == "":
		t.Fatalf("status %d with envelope %+v", w.Code, e)
	case statusOf[e.ErrorType] != w.Code:
		t.Fatalf("status %d with errorType %q (which is %d)", w.Code, e.ErrorType, statusOf[e.ErrorType])
	case len(e.Error) > maxErrorBytes:
		t.Fatalf("error message of %d bytes: %.200s...", len(e.Error), e.Error)
	}
	return e
}

// FuzzExtractBody posts arbitrary bodies (with an arbitrary Content-Type
// and ?format=) to /api/v1/extract: the answer is 200 with one record per
// article, or a 4xx error, never a 500.
func FuzzExtractBody(f *testing.F) {
	for _, s := range []struct{ ct, format, body string }{
		{"text/plain", "", "Troops leave base\n\nUS forces left Ain al-Asad Air Base in Iraq on Sunday, officials said."},
		{"text/html", "", "<html><head><title>Drills</title></head><body><article><p>NATO held an exercise in Estonia.</p></article></body></html>"},
		{"application/x-ndjson", "jsonl", `{"title":"A","body":"France withdrew troops from Niger.","url":"https://example.org/a"}` + "\n" + `{"title":"B"}`},
		{"application/rss+xml", "", `<rss version="2.0"><channel><title>F</title><item><title>Base closed</title><description>The base at Agadez closed on Monday.</description><link>https://example.org/b</link></item></channel></rss>`},
		{"", "nosuch", "x"},
		{"application/octet-stream", "", "\x00\x01binary\xff"},
	} {
		f.Add(s.ct, s.format, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, contentType, format string, body []byte) {
		if len(body) > maxFuzzBody || len(contentType)+len(format) > maxFuzzParam {
			t.Skip()
		}
		srv := sharedFuzzServer(t)
		u := &url.URL{Path: "/api/v1/extract", RawQuery: url.Values{"format": {format}}.Encode()}
		w := serve(srv, http.MethodPost, u, body, "Content-Type", contentType)
		e := checkAnswer(t, w)
		if w.Code != http.StatusOK {
			return
		}
		var d struct {
			Records []struct {
				Events []struct {
					Evidence string `json:"evidence"`
				} `json:"events"`
			} `json:"records"`
		}
		if err := json.Unmarshal(e.Data, &d); err != nil || len(d.Records) == 0 {
			t.Fatalf("200 without records (%v): %.300s", err, e.Data)
		}
	})
}

// FuzzArticlesBody posts arbitrary bodies to
// /api/v1/articles, each into an empty store: the answer is a 4xx error or
// a 200 counting every article as stored; posting the same body again
// then changes nothing (unless two of its articles share an ID, when the
// second replaced the first).
func FuzzArticlesBody(f *testing.F) {
	for _, s := range []string{
		"Troops leave base\n\nUS forces left Ain al-Asad Air Base in Iraq on Sunday, officials said.",
		`{"title":"A","body":"France withdrew troops from Niger.","url":"https://example.org/a"}` + "\n" + `{"title":"A2","body":"Chad closed the base.","url":"https://example.org/a2"}`,
		`<html><head><title>Drills</title><link rel="canonical" href="javascript:alert(1)"></head><body><p>NATO held an exercise in Estonia.</p></body></html>`,
		"",
	} {
		f.Add([]byte(s))
	}
	opts := fuzzOptions()
	f.Fuzz(func(t *testing.T, body []byte) {
		if len(body) > maxFuzzBody {
			t.Skip()
		}
		s, err := graph.Open(context.Background(), "memory")
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		srv := newServer(s, opts)
		u := &url.URL{Path: "/api/v1/articles"}
		first := stored1(t, serve(srv, http.MethodPost, u, body))
		if first == nil {
			return
		}
		ids := map[string]bool{}
		for _, a := range first.Articles {
			if a.Error != "" || a.Unchanged {
				t.Fatalf("article %+v in an empty store: failed or unchanged", a)
			}
			ids[a.ID] = true
		}
		if first.Stored != len(first.Articles) {
			t.Fatalf("%d of %d articles stored", first.Stored, len(first.Articles))
		}
		again := stored1(t, serve(srv, http.MethodPost, u, body))
		if again == nil {
			t.Fatal("the same body failed the second time")
		}
		if len(ids) == len(first.Articles) && again.Unchanged != len(again.Articles) {
			t.Fatalf("posting the same articles again changed %d of %d", len(again.Articles)-again.Unchanged, len(again.Articles))
		}
	})
}

// storeAnswer is the data of a POST /api/v1/articles answer.
type storeAnswer struct {
	Articles  []stored `json:"articles"`
	Stored    int      `json:"stored"`
	Unchanged int      `json:"unchanged"`
	Failed    int      `json:"failed"`
}

// stored1 checks an articles answer and returns its data, nil for an error.
func stored1(t *testing.T, w *httptest.ResponseRecorder) *storeAnswer {
	t.Helper()
	e := checkAnswer(t, w)
	if w.Code != http.StatusOK {
		return nil
	}
	var a storeAnswer
	if err := json.Unmarshal(e.Data, &a); err != nil {
		t.Fatalf("articles answer: %v: %.300s", err, e.Data)
	}
	if a.Failed != 0 || a.Stored+a.Unchanged != len(a.Articles) || len(a.Articles) == 0 {
		t.Fatalf("articles answer does not add up: %+v", a)
	}
	return &a
}

// FuzzQueryParams sends GET requests with an arbitrary path under /api/v1/
// and arbitrary URL parameters: named queries, ask, the export and the
// catalogue. Every answer passes checkAnswer: no parameter makes a 500.
func FuzzQueryParams(f *testing.F) {
	for _, s := range []struct{ path, query string }{
		{"queries/bases", "event=withdrawal&include-negated&format=csv"},
		{"queries/events", "type=attack&from=2024-01&to=2025-12-31&limit=2"},
		{"queries/entity", "name=Iraq&type=Country&timeout=1ns"},
		{"queries/timeline", "base=Ain+al-Asad&format=xml"},
		{"queries/nosuch", "x=1&x=2"},
		{"ask", "q=which+bases+did+the+US+leave+since+June&format=json"},
		{"export", "format=graphml&query=countries&event=attack"},
		{"queries", ""},
	} {
		f.Add(s.path, s.query)
	}
	f.Fuzz(func(t *testing.T, path, query string) {
		if len(path)+len(query) > maxFuzzParam {
			t.Skip()
		}
		srv := sharedFuzzServer(t)
		if strings.HasPrefix(path, "export") && !strings.Contains(query, "query=") {
			// A whole-graph export per exec would be most of the run;
			// the export's own tests cover it.
			t.Skip()
		}
		checkAnswer(t, serve(srv, http.MethodGet, &url.URL{Path: "/api/v1/" + path, RawQuery: query}, nil))
	})
}

// FuzzAsk asks arbitrary questions through GET /api/v1/ask. An answer is
// a 4xx error or a 200 whose plan names a request path; that path, asked
// directly, answers the same rows.
func FuzzAsk(f *testing.F) {
	for _, q := range []string{
		"which bases are linked to withdrawal events",
		"Which bases did the US leave since June 2025?",
		"what happened at Ain al-Asad between 1 May and August 24, 2025",
		"attacks in Iraq this year",
		"who operates Tower 22",
		"please tell me everything",
	} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if len(q) > maxFuzzParam {
			t.Skip()
		}
		srv := sharedFuzzServer(t)
		w := serve(srv, http.MethodGet, &url.URL{Path: "/api/v1/ask", RawQuery: url.Values{"q": {q}}.Encode()}, nil)
		e := checkAnswer(t, w)
		if w.Code != http.StatusOK {
			return
		}
		var ans struct {
			Path   string          `json:"path"`
			Result json.RawMessage `json:"result"`
		}
		if err := json.Unmarshal(e.Data, &ans); err != nil || !strings.HasPrefix(ans.Path, "/api/v1/queries/") {
			t.Fatalf("answer without a request path (%v): %.300s", err, e.Data)
		}
		u, err := url.Parse(ans.Path)
		if err != nil {
			t.Fatalf("plan path %q: %v", ans.Path, err)
		}
		direct := serve(srv, http.MethodGet, u, nil)
		d := checkAnswer(t, direct)
		if direct.Code != http.StatusOK {
			t.Fatalf("the plan's path %s answers %d: %s", ans.Path, direct.Code, d.Error)
		}
		if !jsonEqual(d.Data, ans.Result) {
			t.Fatalf("%q and its plan's path %s answer differently:\n%.500s\n%.500s", q, ans.Path, ans.Result, d.Data)
		}
	})
}

func jsonEqual(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	xs, _ := json.Marshal(x)
	ys, _ := json.Marshal(y)
	return bytes.Equal(xs, ys)
}

// TestFuzzersReachHandlers checks that the fuzzers' requests get through
// whatever guards the routes have (token, Host, Origin): a fuzzer that
// only ever meets a 401 would pass while testing nothing.
func TestFuzzersReachHandlers(t *testing.T) {
	srv := sharedFuzzServer(t)
	article := []byte("Troops leave base\n\nUS forces left Ain al-Asad Air Base in Iraq on Sunday, officials said.")
	for _, c := range []struct {
		method, path, query string
		body                []byte
	}{
		{http.MethodPost, "/api/v1/extract", "", article},
		{http.MethodGet, "/api/v1/queries/bases", "event=withdrawal", nil},
		{http.MethodGet, "/api/v1/ask", url.Values{"q": {"which bases are linked to withdrawal events"}}.Encode(), nil},
		{http.MethodGet, "/api/v1/export", "format=csv&query=bases", nil},
	} {
		w := serve(srv, c.method, &url.URL{Path: c.path, RawQuery: c.query}, c.body)
		if checkAnswer(t, w); w.Code != http.StatusOK {
			t.Errorf("%s %s?%s: %d %s", c.method, c.path, c.query, w.Code, w.Body.Bytes())
		}
	}
	s, err := graph.Open(context.Background(), "memory")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if a := stored1(t, serve(newServer(s, fuzzOptions()), http.MethodPost, &url.URL{Path: "/api/v1/articles"}, article)); a == nil || a.Stored != 1 {
		t.Errorf("posting an article: %+v", a)
	}
}

// TestErrorMessagesBounded sends parameters that error messages quote: a
// 4 KiB ?format= on /extract came back as a 4 KiB error (FuzzExtractBody,
// testdata/fuzz/FuzzExtractBody/384f344139ad76ee), and invalid UTF-8
// quoted with %q grows fourfold.
func TestErrorMessagesBounded(t *testing.T) {
	srv := sharedFuzzServer(t)
	long := strings.Repeat("\xa5\x91", 2048)
	for _, c := range []struct {
		method, path, query string
		body                []byte
	}{
		{http.MethodPost, "/api/v1/extract", url.Values{"format": {long}}.Encode(), []byte("x")},
		{http.MethodGet, "/api/v1/queries/bases", url.Values{"format": {long}}.Encode(), nil},
		{http.MethodGet, "/api/v1/queries/bases", url.Values{"limit": {long}}.Encode(), nil},
		{http.MethodGet, "/api/v1/queries/" + long, "", nil},
		{http.MethodGet, "/api/v1/ask", url.Values{"q": {long}}.Encode(), nil},
		{http.MethodGet, "/api/v1/export", url.Values{"format": {long}}.Encode(), nil},
	} {
		w := serve(srv, c.method, &url.URL{Path: c.path, RawQuery: c.query}, c.body)
		if e := checkAnswer(t, w); w.Code < 400 || len(e.Error) > maxMessageBytes+64 {
			t.Errorf("%s %.40s: %d with a %d-byte error, want a 4xx of at most %d", c.method, c.path, w.Code, len(e.Error), maxMessageBytes+64)
		}
	}
}
