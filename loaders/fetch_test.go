package loaders

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// traffic counts what a test server sent: requests and body bytes.
type traffic struct {
	requests atomic.Int64
	bytes    atomic.Int64
	mu       sync.Mutex
	headers  []http.Header
}

type countingWriter struct {
	http.ResponseWriter
	n *atomic.Int64
}

func (w countingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w countingWriter) Write(p []byte) (int, error) {
	n, err := w.ResponseWriter.Write(p)
	w.n.Add(int64(n))
	return n, err
}

// serve starts a loopback server that counts its traffic.
func serve(t testing.TB, h http.Handler) (*httptest.Server, *traffic) {
	t.Helper()
	tr := &traffic{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tr.requests.Add(1)
		tr.mu.Lock()
		tr.headers = append(tr.headers, r.Header.Clone())
		tr.mu.Unlock()
		h.ServeHTTP(countingWriter{w, &tr.bytes}, r)
	}))
	t.Cleanup(srv.Close)
	return srv, tr
}

func (tr *traffic) lastHeader() http.Header {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return tr.headers[len(tr.headers)-1]
}

// document is a page a test server serves with validators; http.ServeContent
// answers conditional requests with 304.
type document struct {
	mu       sync.Mutex
	data     []byte
	etag     string
	modified time.Time
	ctype    string
}

func (d *document) set(data []byte, etag string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.data, d.etag = data, etag
	d.modified = d.modified.Add(time.Hour)
}

func (d *document) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	d.mu.Lock()
	data, etag, mod := d.data, d.etag, d.modified
	d.mu.Unlock()
	if d.ctype != "" {
		w.Header().Set("Content-Type", d.ctype)
	}
	if etag != "" {
		w.Header().Set("ETag", etag)
	}
	http.ServeContent(w, r, "", mod, bytes.NewReader(data))
}

// TestConditionalFetch: the first request downloads the feed; the next
// run, with the validators saved in the cache file, gets 304 and
// downloads nothing; a change is downloaded again.
func TestConditionalFetch(t *testing.T) {
	ctx := context.Background()
	feed := readTestdata(t, "sameformat/gazette.rss")
	doc := &document{data: feed, etag: `"v1"`, modified: time.Date(2025, 4, 2, 14, 10, 0, 0, time.UTC), ctype: "application/rss+xml"}
	srv, tr := serve(t, doc)
	url := srv.URL + "/feed.xml"
	cache := filepath.Join(t.TempDir(), "state", "http-cache.json")

	c := NewHTTPClient(HTTPOptions{CachePath: cache})
	arts, err := Read(ctx, url, Options{HTTP: c})
	if err != nil || len(arts) != 2 {
		t.Fatalf("first read: %v, %d articles", err, len(arts))
	}
	if arts[0].Source != url || arts[0].Format != RSSFormat {
		t.Errorf("source %q format %q", arts[0].Source, arts[0].Format)
	}
	if n, b := tr.requests.Load(), tr.bytes.Load(); n != 1 || b != int64(len(feed)) {
		t.Fatalf("first read: %d requests, %d bytes; want 1, %d", n, b, len(feed))
	}
	ua := tr.lastHeader().Get("User-Agent")
	if !regexp.MustCompile(`^newsgraph/\S+ \(\+https://github\.com/newsgraph/newsgraph\)$`).MatchString(ua) {
		t.Errorf("User-Agent %q", ua)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}

	// A new run: a new client reading the same cache file.
	c = NewHTTPClient(HTTPOptions{CachePath: cache})
	arts, err = Read(ctx, url, Options{HTTP: c})
	if !errors.Is(err, ErrNotModified) || len(arts) != 0 {
		t.Fatalf("second read: %v, %d articles", err, len(arts))
	}
	var se *SourceError
	if !errors.As(err, &se) || se.Source != url {
		t.Errorf("%v does not name the URL", err)
	}
	if n, b := tr.requests.Load(), tr.bytes.Load(); n != 2 || b != int64(len(feed)) {
		t.Fatalf("second read: %d requests, %d bytes; want 2, %d (nothing new downloaded)", n, b, len(feed))
	}
	if h := tr.lastHeader(); h.Get("If-None-Match") != `"v1"` || h.Get("If-Modified-Since") == "" {
		t.Errorf("conditional headers: %v", h)
	}

	// The feed changes: downloaded again.
	changed := bytes.Replace(feed, []byte("two more ships"), []byte("three more ships"), 1)
	doc.set(changed, `"v2"`)
	arts, err = Read(ctx, url, Options{HTTP: c})
	if err != nil || len(arts) != 2 || !strings.Contains(arts[0].Body, "three more ships") {
		t.Fatalf("changed: %v %d", err, len(arts))
	}
	if b := tr.bytes.Load(); b != int64(len(feed)+len(changed)) {
		t.Errorf("changed: %d bytes", b)
	}
	// Refetch ignores validators.
	rc := NewHTTPClient(HTTPOptions{CachePath: cache, Refetch: true})
	if _, err := Read(ctx, url, Options{HTTP: rc}); err != nil {
		t.Errorf("refetch: %v", err)
	}
	if h := tr.lastHeader(); h.Get("If-None-Match") != "" {
		t.Errorf("refetch sent validators: %v", h)
	}
}

// TestValidatorsNeedGoodContent: a download that could not be read leaves
// no validators, so the next run downloads it again; Forget does the same
// for content the ingester could not store.
func TestValidatorsNeedGoodContent(t *testing.T) {
	ctx := context.Background()
	doc := &document{data: []byte("<rss><channel><title>x</title></channel></rss>"), etag: `"bad"`}
	srv, tr := serve(t, doc)
	c := NewHTTPClient(HTTPOptions{})
	if _, err := Read(ctx, srv.URL, Options{HTTP: c}); err == nil {
		t.Fatal("an empty feed was accepted")
	}
	if _, err := Read(ctx, srv.URL, Options{HTTP: c}); errors.Is(err, ErrNotModified) || tr.lastHeader().Get("If-None-Match") != "" {
		t.Errorf("a failed download was trusted: %v", err)
	}
	doc.set(readTestdata(t, "sameformat/gazette.atom"), `"good"`)
	if _, err := Read(ctx, srv.URL, Options{HTTP: c}); err != nil {
		t.Fatal(err)
	}
	c.Forget(srv.URL)
	if _, err := Read(ctx, srv.URL, Options{HTTP: c}); err != nil || tr.lastHeader().Get("If-None-Match") != "" {
		t.Errorf("after Forget: %v, %v", err, tr.lastHeader())
	}
	// A corrupt cache file is an empty cache, not a failure.
	path := filepath.Join(t.TempDir(), "cache.json")
	os.WriteFile(path, []byte("{not json"), 0o644)
	c = NewHTTPClient(HTTPOptions{CachePath: path, Logger: slog.New(slog.DiscardHandler)})
	if _, err := Read(ctx, srv.URL, Options{HTTP: c}); err != nil {
		t.Fatal(err)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); !bytes.Contains(data, []byte(`\"good\"`)) {
		t.Errorf("cache not rewritten: %s", data)
	}
}

// TestFetchErrors: each way a URL can fail is a SourceError naming the URL
// with a one-line reason.
func TestFetchErrors(t *testing.T) {
	ctx := context.Background()
	block := make(chan struct{})
	t.Cleanup(func() { close(block) })
	mux := http.NewServeMux()
	mux.HandleFunc("/500", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "boom", http.StatusInternalServerError)
	})
	mux.HandleFunc("/silent", func(w http.ResponseWriter, r *http.Request) {
		select { // never answers
		case <-r.Context().Done():
		case <-block:
		}
	})
	mux.HandleFunc("/redirect/", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Path, "/redirect/%d", &n)
		if n == 0 {
			w.Write(readTestdata(t, "sameformat/gazette.rss"))
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/redirect/%d", n-1), http.StatusFound)
	})
	mux.HandleFunc("/announced-huge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(200<<20))
		w.WriteHeader(http.StatusOK)
		w.Write([]byte("<html>"))
	})
	mux.HandleFunc("/streamed-huge", func(w http.ResponseWriter, r *http.Request) {
		for range 64 {
			w.Write(bytes.Repeat([]byte("<p>filler</p>"), 100))
			http.NewResponseController(w).Flush()
		}
	})
	srv, tr := serve(t, mux)
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL + "/gone"
	dead.Close()

	c := NewHTTPClient(HTTPOptions{Timeout: 300 * time.Millisecond, MaxBytes: 32 << 10})
	for _, tc := range []struct {
		url  string
		is   error
		msg  string
		code int
	}{
		{url: srv.URL + "/500", msg: "server answered HTTP 500 Internal Server Error", code: 500},
		{url: srv.URL + "/missing", msg: "HTTP 404 Not Found", code: 404},
		{url: srv.URL + "/silent", msg: "no answer within 300ms"},
		{url: deadURL, msg: "unreachable: "},
		{url: srv.URL + "/redirect/6", msg: "stopped after 5 redirects"},
		{url: srv.URL + "/announced-huge", is: ErrTooLarge, msg: "200.0 MiB announced, limit 32.0 KiB"},
		{url: srv.URL + "/streamed-huge", is: ErrTooLarge, msg: "more than 32.0 KiB"},
	} {
		start := time.Now()
		arts, err := Read(ctx, tc.url, Options{HTTP: c})
		if err == nil {
			t.Errorf("%s: no error, %d articles", tc.url, len(arts))
			continue
		}
		var se *SourceError
		if !errors.As(err, &se) || se.Source != tc.url {
			t.Errorf("%s: %v does not name the URL", tc.url, err)
		}
		if !strings.Contains(err.Error(), tc.msg) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: %q, want %q on one line", tc.url, err, tc.msg)
		}
		if strings.Count(err.Error(), tc.url) != 1 {
			t.Errorf("%s: URL repeated in %q", tc.url, err)
		}
		if tc.is != nil && !errors.Is(err, tc.is) {
			t.Errorf("%s: %v does not wrap %v", tc.url, err, tc.is)
		}
		var he *HTTPStatusError
		if tc.code != 0 && (!errors.As(err, &he) || he.Code != tc.code) {
			t.Errorf("%s: %v is not HTTP %d", tc.url, err, tc.code)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: took %v", tc.url, d)
		}
	}
	// Five redirects are followed.
	before := tr.requests.Load()
	if arts, err := Read(ctx, srv.URL+"/redirect/5", Options{HTTP: c}); err != nil || len(arts) != 2 {
		t.Errorf("5 redirects: %v", err)
	}
	if n := tr.requests.Load() - before; n != 6 {
		t.Errorf("5 redirects took %d requests", n)
	}
	// A canceled context stops a fetch and says so.
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := c.Fetch(canceled, srv.URL+"/silent"); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: %v", err)
	}
	if _, err := c.Fetch(ctx, "ftp://example.org/x"); err == nil || !strings.Contains(err.Error(), "want http") {
		t.Errorf("ftp: %v", err)
	}
}

// TestFollow: feed items that carry only a summary are read from their
// pages when Follow is set; a page that cannot be read is an error naming
// its link and the other items still load.
func TestFollow(t *testing.T) {
	ctx := context.Background()
	page := &document{data: readTestdata(t, "sameformat/rota-drill.html"), etag: `"p1"`}
	mux := http.NewServeMux()
	mux.Handle("/world/rota", page)
	mux.HandleFunc("/world/broken", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusBadGateway)
	})
	srv, tr := serve(t, mux)
	feed := &document{etag: `"f1"`, data: []byte(`<?xml version="1.0"?>
<rss version="2.0"><channel><title>Gazette Headlines</title><link>` + srv.URL + `/</link>
<item><title>Sailors finish drill</title><link>` + srv.URL + `/world/rota</link><pubDate>Fri, 14 Mar 2025 08:30:00 +0000</pubDate>
<description>Crews practised guarding the port for two weeks.</description></item>
<item><title>A story whose page is down</title><link>` + srv.URL + `/world/broken</link><description>A one-line teaser.</description></item>
<item><title>A full story in the feed</title><link>` + srv.URL + `/world/full</link><description>` +
		strings.Repeat("This item carries its whole text in the feed, so its page is never fetched. ", 12) + `</description></item>
</channel></rss>`)}
	mux.Handle("/feed", feed)

	// Without Follow: the summaries are the bodies.
	arts, err := Read(ctx, srv.URL+"/feed", Options{})
	if err != nil || len(arts) != 3 || arts[0].Body != "Crews practised guarding the port for two weeks." {
		t.Fatalf("no follow: %v %+v", err, arts)
	}
	c := NewHTTPClient(HTTPOptions{})
	arts, err = Read(ctx, srv.URL+"/feed", Options{HTTP: c, Follow: true})
	if len(arts) != 2 {
		t.Fatalf("follow: %d articles, %v", len(arts), err)
	}
	a := arts[0]
	if a.Format != HTMLFormat || a.Source != srv.URL+"/world/rota" || !strings.Contains(a.Body, "make room for two more ships") ||
		a.Title != "Spanish and American sailors finish harbour drill at Rota" || a.Publisher != "The Harbour Gazette" ||
		a.URL != "https://www.harbourgazette.example/world/2025/03/14/rota-harbour-drill" {
		t.Errorf("followed article: %+v", a)
	}
	if arts[1].Title != "A full story in the feed" || arts[1].Format != RSSFormat {
		t.Errorf("full item: %+v", arts[1])
	}
	errs := SplitErrors(err)
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), srv.URL+"/world/broken: ") || !strings.Contains(errs[0].Error(), "502") {
		t.Errorf("errors %v", errs)
	}
	// The feed changes but the followed page does not: the page answers
	// 304 and its item is reported as not modified, not as failed.
	feed.set(bytes.Replace(feed.data, []byte("whole text"), []byte("entire text"), 1), `"f2"`)
	bytesBefore := tr.bytes.Load()
	arts, err = Read(ctx, srv.URL+"/feed", Options{HTTP: c, Follow: true})
	if len(arts) != 1 {
		t.Fatalf("second follow: %d articles, %v", len(arts), err)
	}
	var notModified, failed int
	for _, e := range SplitErrors(err) {
		if errors.Is(e, ErrNotModified) {
			notModified++
			if !strings.HasPrefix(e.Error(), srv.URL+"/world/rota: ") {
				t.Errorf("not-modified error names %q", e)
			}
		} else {
			failed++
		}
	}
	if notModified != 1 || failed != 1 {
		t.Errorf("second follow: %d not modified, %d failed: %v", notModified, failed, err)
	}
	if got := tr.bytes.Load() - bytesBefore; got >= int64(len(page.data)) {
		t.Errorf("the unchanged page was downloaded again (%d bytes)", got)
	}
}
