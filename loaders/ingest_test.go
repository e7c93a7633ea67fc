package loaders_test

// These tests drive the loaders through the ingester and the command line,
// where their errors and outcomes become the user's: summary counts, one
// line per failure on standard error, exit statuses, and a graph left as it
// was by every bad input.

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/loaders"
)

func newIngester(t testing.TB) *ingest.Ingester {
	t.Helper()
	p, err := extract.New(extract.Config{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := graph.Open(context.Background(), "memory")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return &ingest.Ingester{Store: s, Pipeline: p}
}

func export(t testing.TB, s *graph.Store) string {
	t.Helper()
	var buf bytes.Buffer
	if err := s.Export(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// feedServer serves the test feed with an ETag (http.ServeContent answers
// conditional requests) and counts requests and body bytes.
type feedServer struct {
	*httptest.Server
	requests, bytes atomic.Int64
}

func newFeedServer(t testing.TB, feed []byte) *feedServer {
	fs := &feedServer{}
	fs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fs.requests.Add(1)
		w.Header().Set("ETag", `"gazette-1"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		cw := &countWriter{ResponseWriter: w}
		http.ServeContent(cw, r, "", time.Date(2025, 4, 2, 14, 10, 0, 0, time.UTC), bytes.NewReader(feed))
		fs.bytes.Add(cw.n)
	}))
	t.Cleanup(fs.Close)
	return fs
}

type countWriter struct {
	http.ResponseWriter
	n int64
}

func (w *countWriter) Write(p []byte) (int, error) {
	n, err := w.ResponseWriter.Write(p)
	w.n += int64(n)
	return n, err
}

// TestIngestFeedByURL: a feed served on loopback is ingested by URL;
// ingesting it again with no change downloads nothing and stores nothing.
func TestIngestFeedByURL(t *testing.T) {
	ctx := context.Background()
	feed := mustRead(t, "testdata/sameformat/gazette.rss")
	srv := newFeedServer(t, feed)
	in := newIngester(t)
	opts := ingest.Options{HTTPCache: filepath.Join(t.TempDir(), "g.db.http-cache.json")}

	first := in.Ingest(ctx, []string{srv.URL + "/rss"}, opts)
	if first.Failed != 0 || first.Stored != 2 || first.Articles != 2 {
		t.Fatalf("first ingest: %+v %v", first, first.Errors)
	}
	if srv.requests.Load() != 1 || srv.bytes.Load() != int64(len(feed)) {
		t.Fatalf("first ingest: %d requests, %d bytes", srv.requests.Load(), srv.bytes.Load())
	}
	before := export(t, in.Store)
	if !strings.Contains(before, "Naval Station Rota") {
		t.Errorf("the feed's articles are not in the graph")
	}

	second := in.Ingest(ctx, []string{srv.URL + "/rss"}, opts)
	if second.Failed != 0 || second.Stored != 0 || second.Unchanged != 1 || second.Added != 0 || second.Removed != 0 {
		t.Fatalf("second ingest: %+v %v", second, second.Errors)
	}
	if n, b := srv.requests.Load(), srv.bytes.Load(); n != 2 || b != int64(len(feed)) {
		t.Fatalf("second ingest: %d requests, %d bytes; want 2 requests and nothing new downloaded", n, b)
	}
	if export(t, in.Store) != before {
		t.Errorf("the graph changed")
	}
	// --force downloads again.
	opts.Force = true
	forced := in.Ingest(ctx, []string{srv.URL + "/rss"}, opts)
	if forced.Failed != 0 || forced.Articles != 2 || srv.bytes.Load() != 2*int64(len(feed)) {
		t.Errorf("forced: %+v, %d bytes", forced, srv.bytes.Load())
	}
}

// badInputs writes one file for each kind of bad input into dir, and
// returns the sources to ingest (files and URLs) with the reason each must
// report.
func badInputs(t testing.TB, dir string, srvURL, deadURL string) map[string]string {
	t.Helper()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	page := mustRead(t, "testdata/sameformat/rota-drill.html")
	huge := filepath.Join(dir, "huge.html")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(200 << 20)
	f.Close()
	out := map[string]string{
		write("empty.txt", nil): "empty file",
		write("photo.jpg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01")): "binary content",
		// The stored article again, cut half way: it must not replace the
		// good copy.
		write("rota-cut.html", page[:len(page)*2/3]):                "truncated HTML",
		write("feed.rss", mustRead(t, "testdata/feed/not-xml.rss")): "not an RSS or Atom feed",
		// The stored article as a JSON line that is not JSON.
		write("export.jsonl", []byte("{\"url\": \"https://www.harbourgazette.example/world/2025/03/14/rota-harbour-drill\", \"title\": \"Broken\n")): "not JSON",
		huge: "file too large",
		write("latin1.txt", []byte("A title\n\nThe caf\xe9 on the corner serves breakfast until noon every day of the week.")): "invalid UTF-8",
		write("sections.html", mustRead(t, "testdata/html/no-article.html")):                                                   "no article body found",
		deadURL:           "unreachable",
		srvURL + "/500":   "server answered HTTP 500",
		srvURL + "/never": "no answer within",
	}
	return out
}

func badServer(t testing.TB) (string, string) {
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/500":
			http.Error(w, "internal error", http.StatusInternalServerError)
		case "/never":
			select {
			case <-r.Context().Done():
			case <-block:
			}
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(func() { close(block); srv.Close() })
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL + "/gone"
	dead.Close()
	return srv.URL, deadURL
}

// TestIngestBadInputs: every bad input is one failure with a one-line
// reason naming its source, and the graph stored before is unchanged,
// including the good copy of an article whose bad copy came later.
func TestIngestBadInputs(t *testing.T) {
	ctx := context.Background()
	in := newIngester(t)
	good := in.Ingest(ctx, []string{"testdata/sameformat"}, ingest.Options{})
	// Each article is read five times, once per format; the first copy
	// stores it, the others find it unchanged or rewrite its metadata.
	if good.Failed != 0 || good.Articles != 10 || good.Stored < 2 {
		t.Fatalf("good ingest: %+v %v", good, good.Errors)
	}
	before := export(t, in.Store)

	srvURL, deadURL := badServer(t)
	bad := badInputs(t, t.TempDir(), srvURL, deadURL)
	var args []string
	for src := range bad {
		args = append(args, src)
	}
	var mu sync.Mutex
	var reported []error
	sum := in.Ingest(ctx, args, ingest.Options{
		HTTP:    loaders.NewHTTPClient(loaders.HTTPOptions{Timeout: 500 * time.Millisecond}),
		OnError: func(err error) { mu.Lock(); reported = append(reported, err); mu.Unlock() },
	})
	if sum.Failed != len(bad) || sum.Stored != 0 || sum.Added != 0 || sum.Removed != 0 {
		t.Errorf("summary %+v, want %d failures and nothing stored", sum, len(bad))
	}
	if len(reported) != len(bad) {
		t.Errorf("%d errors reported, want %d", len(reported), len(bad))
	}
	for _, err := range reported {
		var se *loaders.SourceError
		if !errors.As(err, &se) {
			t.Errorf("%v is not a SourceError", err)
			continue
		}
		want, ok := bad[se.Source]
		if !ok {
			t.Errorf("%v names an unknown source", err)
			continue
		}
		if msg := err.Error(); !strings.HasPrefix(msg, se.Source+":") || !strings.Contains(msg, want) || strings.Contains(msg, "\n") {
			t.Errorf("%q: want one line starting with the source and saying %q", msg, want)
		}
		delete(bad, se.Source)
	}
	if len(bad) > 0 {
		t.Errorf("not reported: %v", bad)
	}
	if after := export(t, in.Store); after != before {
		t.Errorf("bad input changed the graph")
	}
}

// TestCommandLine runs the real binary: exit status 0 when everything
// loaded, 1 with one "newsgraph: SOURCE: reason" line per failure (and the
// stored graph untouched), 2 for bad usage.
func TestCommandLine(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "newsgraph")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/newsgraph").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	store := "bolt:" + filepath.Join(dir, "g.db")
	ng := func(args ...string) (string, string, int) {
		t.Helper()
		cmd := exec.Command(bin, append([]string{"--store", store}, args...)...)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return out.String(), errb.String(), ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return out.String(), errb.String(), 0
	}
	sameformat, _ := filepath.Abs("testdata/sameformat")
	_, stderr, code := ng("ingest", sameformat)
	if code != 0 {
		t.Fatalf("good ingest: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "10 articles read: ") || !strings.Contains(stderr, " 0 failed") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("good ingest: want only the summary line, got:\n%s", stderr)
	}
	before, _, _ := ng("export")

	srvURL, deadURL := badServer(t)
	bad := badInputs(t, t.TempDir(), srvURL, deadURL)
	delete(bad, srvURL+"/never") // the binary's timeout is 30 s
	args := []string{"ingest"}
	for src := range bad {
		args = append(args, src)
	}
	_, stderr, code = ng(args...)
	if code != 1 {
		t.Errorf("bad ingest: exit %d, want 1\n%s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	for src, reason := range bad {
		n := 0
		for _, l := range lines {
			// "SOURCE: reason", or "SOURCE:LINE: reason" for a record.
			if strings.HasPrefix(l, "newsgraph: "+src+":") {
				n++
				if !strings.Contains(l, reason) {
					t.Errorf("%q does not say %q", l, reason)
				}
			}
		}
		if n != 1 {
			t.Errorf("%s: %d error lines, want 1", src, n)
		}
	}
	if len(lines) != len(bad)+1 || !strings.Contains(lines[len(lines)-1], "0 stored") {
		t.Errorf("want %d error lines and the summary:\n%s", len(bad), stderr)
	}
	if strings.Contains(stderr, "goroutine") || strings.Contains(stderr, "panic") {
		t.Errorf("stack trace on standard error:\n%s", stderr)
	}
	if after, _, _ := ng("export"); after != before {
		t.Errorf("bad input changed the stored graph")
	}
	// A mix of good and bad still stores the good and exits 1.
	if _, stderr, code := ng("ingest", sameformat, filepath.Join(sameformat, "missing.html")); code != 1 {
		t.Errorf("missing file: exit %d\n%s", code, stderr)
	}
	for _, args := range [][]string{{"ingest"}, {"ingest", "--workers", "many", sameformat}, {"ingest", "--no-such-flag", sameformat}, {"ingest", "--format", "docx", sameformat}} {
		if _, stderr, code := ng(args...); code != 2 || !strings.HasPrefix(stderr, "newsgraph: ") {
			t.Errorf("%v: exit %d, want 2\n%s", args, code, stderr)
		}
	}
	// The validators of fetched URLs live beside the bolt store.
	if _, err := os.Stat(filepath.Join(dir, ".g.db.http.json")); err == nil {
		t.Errorf("a cache file was written although no URL was fetched successfully")
	}
}
