package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/pgtest"
	"github.com/newsgraph/newsgraph/schema"
)

func writeDump(t *testing.T, dir, name, url, body string) {
	t.Helper()
	text := fmt.Sprintf("date 2025-03-10 %s\n\nTroop movements reported\n\nExample Wire\n\n%s\n\n2025-03-10T08:00+0000\n\nworld\n", url, body)
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

type refreshStatus struct {
	Runs []struct {
		ID      string `json:"id"`
		Status  string `json:"status"`
		Sources []struct {
			Source    string   `json:"source"`
			Seen      int      `json:"seen"`
			New       int      `json:"new"`
			Changed   int      `json:"changed"`
			Unchanged int      `json:"unchanged"`
			Failed    int      `json:"failed"`
			Added     int      `json:"quads_added"`
			Removed   int      `json:"quads_removed"`
			Errors    []string `json:"errors"`
		} `json:"sources"`
	} `json:"runs"`
}

func getRefresh(t *testing.T, base string) refreshStatus {
	t.Helper()
	r := call(t, "GET", base+"/api/v1/refresh?limit=100", nil)
	var env struct {
		Data refreshStatus `json:"data"`
	}
	if r.status != 200 || json.Unmarshal(r.body, &env) != nil {
		t.Fatalf("GET /api/v1/refresh: %d %s", r.status, r.body)
	}
	return env.Data
}

// waitRun polls the run records until one for source satisfies ok.
func waitRun(t *testing.T, s *served, source string, what string, ok func(seen, neu, changed, unchanged, failed, added int, errs []string) bool) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		for _, run := range getRefresh(t, s.url).Runs {
			for _, sr := range run.Sources {
				if sr.Source == source && ok(sr.Seen, sr.New, sr.Changed, sr.Unchanged, sr.Failed, sr.Added, sr.Errors) {
					return
				}
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("no run of %s where %s:\n%+v\n%s", source, what, getRefresh(t, s.url), s.log())
}

func eventsJSON(t *testing.T, base string) string {
	t.Helper()
	r := call(t, "GET", base+"/api/v1/queries/events?negated=any", nil)
	if r.status != 200 {
		t.Fatalf("events: %d %s", r.status, r.body)
	}
	return string(r.body)
}

// TestServeRefresh runs the real server with a short interval against a
// folder and a feed served on loopback, changes both between runs, makes
// the feed fail once, and checks the answers and the run records.
func TestServeRefresh(t *testing.T) {
	dir := t.TempDir()
	writeDump(t, dir, "a.txt", "https://example.org/a", "US troops withdrew from Ain al-Asad Air Base in Iraq on Sunday, officials said in a statement to reporters.")
	writeDump(t, dir, "b.txt", "https://example.org/b", "French forces handed over the Adji Kossei base in Chad to the Chadian army on Friday, the ministry said.")
	writeDump(t, dir, "c.txt", "https://example.org/c", "Russian forces withdrew from Tartus naval base in Syria on Monday, satellite images showed, analysts said.")

	var (
		mu       sync.Mutex
		items    = []string{fmt.Sprintf(rssItemTmpl, "one", "US troops withdrew from Victory Base in Iraq on Sunday, the coalition said in a statement to reporters.")}
		failNext atomic.Bool
	)
	feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if failNext.Swap(false) {
			http.Error(w, "temporarily broken", http.StatusInternalServerError)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, rssTmpl, strings.Join(items, ""))
	}))
	defer feed.Close()
	feedURL := feed.URL + "/feed.xml"

	store := "bolt:" + filepath.Join(t.TempDir(), "g.db")
	s := serve(t, store, "--source", dir, "--source", feedURL, "--refresh", "2s", "--token", "tok")

	waitRun(t, s, dir, "3 new", func(_, n, _, _, f, _ int, _ []string) bool { return n == 3 && f == 0 })
	waitRun(t, s, feedURL, "1 new", func(_, n, _, _, f, _ int, _ []string) bool { return n == 1 && f == 0 })
	ev := eventsJSON(t, s.url)
	for _, want := range []string{"Ain al-Asad Air Base", "Tartus", "Victory Base"} {
		if !strings.Contains(ev, want) {
			t.Fatalf("first runs: events lack %q:\n%s", want, ev)
		}
	}
	// A later run of the unchanged folder writes nothing.
	waitRun(t, s, dir, "3 unchanged and no writes", func(_, n, c, u, _, added int, _ []string) bool {
		return u == 3 && n == 0 && c == 0 && added == 0
	})

	// Change the folder: edit a, delete c, add d. Make the feed fail once,
	// then grow.
	writeDump(t, dir, "a.txt", "https://example.org/a", "US troops withdrew from Erbil Air Base in Iraq on Monday, officials said in an updated statement to reporters.")
	os.Remove(filepath.Join(dir, "c.txt"))
	writeDump(t, dir, "d.txt", "https://example.org/d", "German soldiers deployed to Rukla in Lithuania on Tuesday for a NATO exercise, the army said in a statement.")
	failNext.Store(true)
	mu.Lock()
	items = append(items, fmt.Sprintf(rssItemTmpl, "two", "British troops deployed to Tapa Army Base in Estonia on Wednesday, the ministry said in a statement."))
	mu.Unlock()

	waitRun(t, s, dir, "1 new, 1 changed, 1 unchanged", func(_, n, c, u, f, _ int, _ []string) bool {
		return n == 1 && c == 1 && u == 1 && f == 0
	})
	waitRun(t, s, feedURL, "a failure with its error", func(_, _, _, _, f, _ int, errs []string) bool {
		return f > 0 && len(errs) > 0 && strings.Contains(strings.Join(errs, " "), "500")
	})
	if v := metricValue(t, s.url, `newsgraph_refresh_errors_total{source="`+feedURL+`"}`); v == "" || v == "0" {
		t.Errorf("the feed's failure is not in /metrics: %q", v)
	}
	waitRun(t, s, feedURL, "recovery after the failure", func(_, n, _, u, f, _ int, _ []string) bool { return n == 1 && u == 1 && f == 0 })

	ev = eventsJSON(t, s.url)
	if !strings.Contains(ev, "Erbil Air Base") || strings.Contains(ev, "Ain al-Asad Air Base") {
		t.Errorf("the edited article's old version survives or its new one is missing:\n%s", ev)
	}
	if !strings.Contains(ev, "Tartus") {
		t.Errorf("without prune, the deleted article's facts must stay:\n%s", ev)
	}
	if !strings.Contains(ev, "Tapa Army Base") || !strings.Contains(ev, "Rukla") {
		t.Errorf("new articles missing:\n%s", ev)
	}

	// A run can be triggered over HTTP, with the token.
	if r := call(t, "POST", s.url+"/api/v1/refresh", nil); r.status != 401 && r.status != 403 {
		t.Errorf("trigger without a token: %d", r.status)
	}
	before := len(getRefresh(t, s.url).Runs)
	r := call(t, "POST", s.url+"/api/v1/refresh?source="+dir, nil, "Authorization", "Bearer tok")
	if r.status != 202 && r.status != 409 {
		t.Fatalf("trigger: %d %s", r.status, r.body)
	}
	deadline := time.Now().Add(30 * time.Second)
	for len(getRefresh(t, s.url).Runs) <= before && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if len(getRefresh(t, s.url).Runs) <= before {
		t.Errorf("no run recorded after the trigger")
	}

	// SIGTERM ends the server cleanly, scheduler first.
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(60 * time.Second):
		t.Fatalf("serve did not stop on SIGTERM\n%s", s.log())
	}
	if s.err != nil {
		t.Fatalf("serve exited with %v\n%s", s.err, s.log())
	}
}

const rssTmpl = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example Defence Wire</title><link>https://wire.example.org/</link><description>d</description>%s</channel></rss>`

const rssItemTmpl = `<item><title>Report %[1]s</title><link>https://wire.example.org/%[1]s</link><pubDate>Mon, 10 Mar 2025 08:00:00 GMT</pubDate><description>%[2]s</description></item>`

// articleLines keeps the N-Quads of article graphs, dropping run records,
// whose IDs and times differ between runs.
func articleLines(nq string) string {
	var keep []string
	for _, l := range strings.Split(nq, "\n") {
		// Refresh runs and first-ingest times differ between runs.
		if strings.Contains(l, "/id/refresh/") || strings.Contains(l, string(schema.FirstIngested)) {
			continue
		}
		keep = append(keep, l)
	}
	return strings.Join(keep, "\n")
}

// TestRefreshKilledConverges kills a refresh run half-way with SIGKILL and
// checks that the next run leaves the same graph as an uninterrupted run,
// on bolt and on PostgreSQL.
func TestRefreshKilledConverges(t *testing.T) {
	t.Run("bolt", func(t *testing.T) {
		work := t.TempDir()
		testRefreshKilledConverges(t, work, 600, "bolt:"+filepath.Join(work, "killed.db"), "bolt:"+filepath.Join(work, "clean.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		// Fewer articles: PostgreSQL writes a few thousand quads a second.
		testRefreshKilledConverges(t, t.TempDir(), 150, pgtest.NewDatabase(t), pgtest.NewDatabase(t))
	})
}

func testRefreshKilledConverges(t *testing.T, work string, articles int, killed, clean string) {
	corpus := filepath.Join(work, "corpus")
	if r := ng(t, work, nil, "gen", "--articles", fmt.Sprint(articles), "--seed", "7", "--out", corpus); r.code != 0 {
		t.Fatalf("gen: %s", r.stderr)
	}

	cmd := exec.Command(binary, "--store", killed, "-v", "refresh", "--once", "--source", corpus)
	pipe, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill once a few articles have been written: the verbose log names
	// each stored article.
	sc := bufio.NewScanner(pipe)
	seen := 0
	for sc.Scan() {
		if strings.Contains(sc.Text(), "stored=true") {
			seen++
		}
		if seen >= 20 {
			break
		}
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if seen < 20 {
		t.Fatalf("the run ended before it could be killed half-way (%d articles logged)", seen)
	}

	if r := ng(t, work, nil, "--store", killed, "refresh", "--once", "--source", corpus); r.code != 0 {
		t.Fatalf("refresh after kill: %d %s", r.code, r.stderr)
	}
	if r := ng(t, work, nil, "--store", clean, "refresh", "--once", "--source", corpus); r.code != 0 {
		t.Fatalf("clean refresh: %s", r.stderr)
	}
	a := ng(t, work, nil, "--store", killed, "export")
	b := ng(t, work, nil, "--store", clean, "export")
	if a.code != 0 || b.code != 0 {
		t.Fatalf("export: %s %s", a.stderr, b.stderr)
	}
	if articleLines(a.stdout) != articleLines(b.stdout) {
		t.Fatalf("the killed-and-rerun graph differs from an uninterrupted run (%d vs %d bytes)", len(a.stdout), len(b.stdout))
	}
}
