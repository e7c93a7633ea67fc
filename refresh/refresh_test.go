package refresh_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/queries"
	"github.com/newsgraph/newsgraph/refresh"
)

func newRefresher(t testing.TB) (*refresh.Refresher, *graph.Store) {
	t.Helper()
	p, err := extract.New(extract.Config{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := graph.Open(context.Background(), "bolt:"+filepath.Join(t.TempDir(), "g.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return &refresh.Refresher{Ingester: &ingest.Ingester{Store: s, Pipeline: p}}, s
}

// dump writes a small article in the scraped-dump format.
func dump(dir, name, url, body string) error {
	text := fmt.Sprintf("date 2025-03-10 %s\n\nTroop movements reported\n\nExample Wire\n\n%s\n\n2025-03-10T08:00+0000\n\nworld\n", url, body)
	return os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644)
}

func articles(t testing.TB, s *graph.Store) int64 {
	st, err := queries.GraphStats(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	return st.Articles
}

func TestFolderRuns(t *testing.T) {
	ctx := context.Background()
	r, s := newRefresher(t)
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(dump(dir, "a.txt", "https://example.org/a", "US troops left Ain al-Asad Air Base in Iraq on Sunday, officials said in a statement to reporters."))
	must(dump(dir, "b.txt", "https://example.org/b", "French forces handed over the Adji Kossei base in Chad to the Chadian army on Friday, the ministry said."))
	must(dump(dir, "c.txt", "https://example.org/c", "Polish and American soldiers began a joint exercise near Poznan on Monday, the army said in a statement."))
	src := refresh.Source{Name: "folder", Location: dir}

	run1, err := r.RunOnce(ctx, []refresh.Source{src})
	must(err)
	if got := run1.Sources[0]; got.New != 3 || got.Changed != 0 || got.Unchanged != 0 || got.Failed != 0 {
		t.Fatalf("first run: %+v", got)
	}

	// Edit one, add one, delete one.
	must(dump(dir, "a.txt", "https://example.org/a", "US troops left Ain al-Asad Air Base in Iraq on Monday, officials said in an updated statement to reporters."))
	must(dump(dir, "d.txt", "https://example.org/d", "Russia moved warships out of Tartus naval base in Syria last week, satellite images showed analysts."))
	must(os.Remove(filepath.Join(dir, "c.txt")))
	run2, err := r.RunOnce(ctx, []refresh.Source{src})
	must(err)
	got := run2.Sources[0]
	if got.New != 1 || got.Changed != 1 || got.Unchanged != 1 || got.Pruned != 0 {
		t.Fatalf("second run: %+v", got)
	}
	if n := articles(t, s); n != 4 {
		t.Fatalf("without prune the vanished article stays: %d articles, want 4", n)
	}

	// A third run with nothing changed writes nothing.
	run3, err := r.RunOnce(ctx, []refresh.Source{src})
	must(err)
	if got := run3.Sources[0]; got.Unchanged != 3 || got.Added != 0 || got.Removed != 0 {
		t.Fatalf("unchanged run rewrote articles: %+v", got)
	}

	// With prune, the deleted article goes.
	src.Prune = true
	run4, err := r.RunOnce(ctx, []refresh.Source{src})
	must(err)
	if got := run4.Sources[0]; got.Pruned != 1 {
		t.Fatalf("prune run: %+v", got)
	}
	if n := articles(t, s); n != 3 {
		t.Fatalf("after prune: %d articles, want 3", n)
	}

	runs, err := refresh.Runs(ctx, s, 0)
	must(err)
	if len(runs) != 4 || runs[0].ID != run4.ID || runs[3].ID != run1.ID {
		t.Fatalf("run records: got %d, newest %v", len(runs), runs)
	}
	if runs[2].Sources[0].New != 1 || runs[2].Sources[0].Changed != 1 {
		t.Fatalf("stored counts differ from the run: %+v", runs[2].Sources[0])
	}
	// Run records are not articles.
	if n := articles(t, s); n != 3 {
		t.Fatalf("run records counted as articles: %d", n)
	}
}

const rssTemplate = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example Defence Wire</title><link>https://wire.example.org/</link><description>d</description>%s</channel></rss>`

const rssItem = `<item><title>%s</title><link>https://wire.example.org/%s</link><pubDate>Mon, 10 Mar 2025 08:00:00 GMT</pubDate><description>%s</description></item>`

func TestFeedFailsOnceThenRecovers(t *testing.T) {
	ctx := context.Background()
	r, s := newRefresher(t)
	var (
		mu       sync.Mutex
		items    = []string{fmt.Sprintf(rssItem, "Troops leave base", "one", "US troops withdrew from Victory Base in Iraq on Sunday, the coalition said in a statement to reporters.")}
		failNext atomic.Bool
		requests atomic.Int32
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		requests.Add(1)
		if failNext.Swap(false) {
			http.Error(w, "boom", http.StatusInternalServerError)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, rssTemplate, strings.Join(items, ""))
	}))
	defer srv.Close()
	src := refresh.Source{Name: "feed", Location: srv.URL + "/feed.xml"}

	run1, err := r.RunOnce(ctx, []refresh.Source{src})
	if err != nil || run1.Status != "ok" || run1.Sources[0].New != 1 {
		t.Fatalf("first run: %+v %v", run1, err)
	}
	failNext.Store(true)
	run2, err := r.RunOnce(ctx, []refresh.Source{src})
	if err != nil {
		t.Fatal(err)
	}
	if run2.Status != "failed" || run2.Sources[0].Failed == 0 || len(run2.Sources[0].Errors) == 0 || !strings.Contains(run2.Sources[0].Errors[0], "500") {
		t.Fatalf("failing run: %+v", run2)
	}
	if n := articles(t, s); n != 1 {
		t.Fatalf("a failing run lost articles: %d", n)
	}
	mu.Lock()
	items = append(items, fmt.Sprintf(rssItem, "Base handed over", "two", "French forces handed over the Adji Kossei base in Chad to the Chadian army on Friday, officials said."))
	mu.Unlock()
	run3, err := r.RunOnce(ctx, []refresh.Source{src})
	if err != nil || run3.Status != "ok" || run3.Sources[0].New != 1 || run3.Sources[0].Unchanged != 1 {
		t.Fatalf("recovered run: %+v %v", run3.Sources, err)
	}
	runs, _ := refresh.Runs(ctx, s, 0)
	if len(runs) != 3 || runs[1].Status != "failed" || len(runs[1].Sources[0].Errors) == 0 {
		t.Fatalf("recorded runs: %+v", runs)
	}
}

func TestNoDoubleRuns(t *testing.T) {
	ctx := context.Background()
	r, _ := newRefresher(t)
	// A source that answers only when released keeps the first run busy.
	release := make(chan struct{})
	arrived := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		arrived <- struct{}{}
		<-release
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, rssTemplate, fmt.Sprintf(rssItem, "t", "x", "US troops withdrew from Victory Base in Iraq on Sunday, the coalition said in a statement to reporters."))
	}))
	defer srv.Close()
	src := refresh.Source{Name: "slow", Location: srv.URL}
	first := make(chan refresh.Run)
	go func() {
		run, _ := r.RunOnce(ctx, []refresh.Source{src})
		first <- run
	}()
	<-arrived
	second, err := r.RunOnce(ctx, []refresh.Source{src})
	if err != nil {
		t.Fatal(err)
	}
	if sr := second.Sources[0]; len(sr.Errors) != 1 || sr.Errors[0] != refresh.ErrBusy.Error() || sr.Seen != 0 {
		t.Fatalf("a second run while the first is going: %+v", sr)
	}
	close(release)
	if run := <-first; run.Status != "ok" || run.Sources[0].New != 1 {
		t.Fatalf("first run: %+v", run)
	}
}

func TestSchedulerRunsOnInterval(t *testing.T) {
	r, _ := newRefresher(t)
	dir := t.TempDir()
	if err := dump(dir, "a.txt", "https://example.org/a", "US troops left Ain al-Asad Air Base in Iraq on Sunday, officials said in a statement to reporters."); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	var runs []refresh.Run
	sch := &refresh.Scheduler{Refresher: r, Sources: []refresh.Source{{Location: dir, Every: "1s"}}, OnRun: func(run refresh.Run) {
		mu.Lock()
		defer mu.Unlock()
		runs = append(runs, run)
		if len(runs) == 2 {
			cancel()
		}
	}}
	done := make(chan error)
	go func() { done <- sch.Run(ctx) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(60 * time.Second):
		cancel()
		t.Fatal("scheduler did not run twice within a minute")
	}
	if runs[0].Sources[0].New != 1 || runs[1].Sources[0].Unchanged != 1 {
		t.Fatalf("runs: %+v", runs)
	}
}

func TestConfig(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	os.WriteFile(good, []byte("every: 10m\nsources:\n  - name: a\n    location: ./articles\n  - location: https://example.org/feed.xml\n    cron: \"*/30 * * * *\"\n    follow: true\n"), 0o644)
	c, err := refresh.LoadConfig(good)
	if err != nil || len(c.Sources) != 2 || !c.Sources[1].Follow {
		t.Fatalf("good config: %+v %v", c, err)
	}
	for name, body := range map[string]string{
		"badcron.yaml":  "sources:\n  - location: x\n    cron: \"every tuesday\"\n",
		"dup.yaml":      "sources:\n  - location: x\n  - location: x\n",
		"unknown.yaml":  "sources:\n  - location: x\n    colour: red\n",
		"noloc.yaml":    "sources:\n  - name: a\n",
		"shortint.yaml": "sources:\n  - location: x\n    every: 1ms\n",
	} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o644)
		if _, err := refresh.LoadConfig(p); err == nil || !strings.Contains(err.Error(), p) {
			t.Errorf("%s: err = %v, want an error naming the file", name, err)
		}
	}
}
