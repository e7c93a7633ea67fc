package server

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lib/pq"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/internal/pgtest"
	"github.com/newsgraph/newsgraph/internal/testenv"
)

// filledStore opens dsn and ingests the test articles into it.
func filledStore(t *testing.T, dsn string) *graph.Store {
	t.Helper()
	ctx := context.Background()
	s, err := graph.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	p, err := pipeline()
	if err != nil {
		t.Fatal(err)
	}
	if sum := (&ingest.Ingester{Store: s, Pipeline: p}).Ingest(ctx, testenv.Articles(t), ingest.Options{Workers: 2}); sum.Stored == 0 || sum.Failed > 0 {
		t.Fatalf("ingest into %s: %+v", dsn, sum)
	}
	return s
}

// TestDeadlineClassification feeds classify the shapes a deadline takes
// on its way up from each backend.
func TestDeadlineClassification(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"wrapped", fmt.Errorf("query bases: %w", context.DeadlineExceeded), kindTimeout},
		// Cayley's SQL layer: fmt.Errorf("sql query failed: %v\nquery: %v", err, qu).
		{"cayley sql text", fmt.Errorf("query bases: %w", fmt.Errorf("sql query failed: %v\nquery: %v", context.DeadlineExceeded, "SELECT 1")), kindTimeout},
		{"postgres cancelled statement", fmt.Errorf("read: %w", &pq.Error{Code: "57014", Message: "canceling statement due to statement timeout"}), kindTimeout},
		{"client gone", fmt.Errorf("query: %w", context.Canceled), kindCanceled},
		{"other postgres error", fmt.Errorf("read: %w", &pq.Error{Code: "42P01", Message: "relation does not exist"}), kindInternal},
		{"other error", fmt.Errorf("sql query failed: %v", "connection reset"), kindInternal},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, _ := classify(tc.err); got != tc.want {
				t.Errorf("classify(%v) = %s, want %s", tc.err, got, tc.want)
			}
		})
	}
}

// TestPostgresTimeoutIs503 makes PostgreSQL queries run past their
// deadline for certain: another connection holds an exclusive lock on
// Cayley's tables, so every read waits in PostgreSQL until the request's
// time is up and lib/pq cancels it. Every kind of read must answer 503
// with the timeout envelope (Cayley re-wraps the error as text, which was
// answered 500), and /healthz must not wait for the lock.
func TestPostgresTimeoutIs503(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	s := filledStore(t, dsn)
	_, ts := testServer(t, s, Options{QueryTimeout: 10 * time.Second})
	// Before the lock, the query answers.
	dataOf(t, do(t, "GET", ts.URL+"/api/v1/queries/bases?event=withdrawal", nil))

	locker, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer locker.Close()
	tx, err := locker.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`LOCK TABLE quads, nodes IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	for _, req := range []struct{ method, path, body string }{
		{"GET", "/api/v1/queries/bases?event=withdrawal&timeout=300ms", ""},
		{"GET", "/api/v1/queries/stats?timeout=300ms", ""},
		{"GET", "/api/v1/ask?timeout=300ms&q=" + "which+bases+are+linked+to+withdrawal+events", ""},
		{"POST", "/api/v1/query/gizmo?timeout=300ms", `g.V().Limit(5).All()`},
		{"GET", "/api/v1/export?timeout=300ms&query=bases&event=withdrawal&format=csv", ""},
	} {
		t.Run(req.path, func(t *testing.T) {
			wantError(t, do(t, req.method, ts.URL+req.path, strings.NewReader(req.body)), http.StatusServiceUnavailable, kindTimeout)
		})
	}
	if r := do(t, "GET", ts.URL+"/healthz", nil); r.status != http.StatusOK {
		t.Errorf("healthz %d while the tables are locked: %s", r.status, r.body)
	}
	tx.Rollback()
	dataOf(t, do(t, "GET", ts.URL+"/api/v1/queries/bases?event=withdrawal", nil))
}

// dumpArticle is an article in the dump format the loaders read, in this
// test's own words.
func dumpArticle(url, title, body string) string {
	return fmt.Sprintf("date 2025-03-10 %s\n\n%s\n\nExample Wire\n\n%s\n\n2025-03-10T08:00+0000\n\nworld\n", url, title, body)
}

// TestNoLockConvoy runs a runaway Gizmo query that reads the store for
// its whole time budget, and meanwhile posts articles and polls /healthz
// and a named query. Before, the query held a process-wide read lock, the
// first write queued behind it and every request queued behind the write
// (/healthz took 8.5 s). Now the posts land while the runaway query is
// still running, named queries answer meanwhile, and /healthz's p99 stays
// under 100 ms.
func TestNoLockConvoy(t *testing.T) {
	for _, backend := range []string{"bolt", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			dsn := "bolt:" + filepath.Join(t.TempDir(), "g.db")
			if backend == "postgres" {
				dsn = pgtest.NewDatabase(t)
			}
			s := filledStore(t, dsn)
			srv, ts := testServer(t, s, Options{Token: "tok", QueryTimeout: 10 * time.Second, MaxConcurrentQueries: 2})
			article := func(i int) string {
				return dumpArticle(fmt.Sprintf("https://example.org/convoy/%d", i), fmt.Sprintf("Convoy check %d", i),
					"Italian soldiers withdrew from Camp Singara in Iraq on Tuesday, a spokesman told reporters in Rome.")
			}
			// A do-nothing server in the same process, polled in turn with
			// /healthz: it shares the CPU and the machine's load with it at
			// each moment, but no store and no lock.
			control := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) }))
			defer control.Close()
			// The runaway query reads the store, then spins for the rest
			// of its budget inside its snapshot (the old read lock): a
			// loop that reads without pause would add garbage-collection
			// pauses of its own to what this test measures.
			runaway := make(chan response, 1)
			go func() {
				runaway <- do(t, "POST", ts.URL+"/api/v1/query/gizmo", strings.NewReader(`var n = g.V().Limit(20).toArray().length; while (n > 0) {}`))
			}()
			for len(srv.querySlots) == 0 {
				time.Sleep(5 * time.Millisecond)
			}
			// Let the query get going inside its snapshot.
			time.Sleep(200 * time.Millisecond)

			// At least minChecks health checks, all while the runaway
			// query runs (it has 10 s).
			const minChecks = 200
			stop := make(chan struct{})
			checks := make(chan healthChecks, 1)
			go func() { checks <- pollHealth(ts.URL, control.URL, minChecks, stop) }()

			const posts = 3
			for i := range posts {
				d := dataOf(t, do(t, "POST", ts.URL+"/api/v1/articles", strings.NewReader(article(i)), "Authorization", "Bearer tok"))
				if d["stored"].(float64) != 1 {
					t.Fatalf("post %d stored nothing: %v", i, d)
				}
				dataOf(t, do(t, "GET", ts.URL+"/api/v1/queries/bases?event=withdrawal", nil))
			}
			select {
			case r := <-runaway:
				t.Fatalf("the runaway query ended (%d) before the writes were done: they did not overlap it", r.status)
			default:
			}
			close(stop)
			during := <-checks
			select {
			case r := <-runaway:
				t.Fatalf("the runaway query ended (%d) before the health checks were done: they did not overlap it", r.status)
			default:
			}
			wantError(t, <-runaway, http.StatusServiceUnavailable, kindTimeout)

			if during.failed > 0 {
				t.Errorf("%d health checks failed", during.failed)
			}
			got, bound := p99(during.health), convoyBound(p99(during.control))
			t.Logf("%s: /healthz p99 %v (max %v) over %d checks during the runaway query and %d posts; a do-nothing handler polled in turn: p99 %v; bound %v",
				backend, got, slices.Max(during.health), len(during.health), posts, p99(during.control), bound)
			if got >= bound {
				t.Errorf("/healthz p99 %v during a runaway query and writes, want < %v", got, bound)
			}
		})
	}
}

// convoyBound is the /healthz p99 TestNoLockConvoy accepts: the issue's
// 100 ms, or, when the machine is so loaded that a do-nothing handler in
// the same process, polled at the same moments, already has a p99 near
// that, twice that plus 50 ms. A convoy behind a lock shows as seconds
// (the runaway query's budget), far above either.
func convoyBound(controlP99 time.Duration) time.Duration {
	return max(100*time.Millisecond, 2*controlP99+50*time.Millisecond)
}

// healthChecks are the latencies of /healthz and of a control handler,
// polled in turn.
type healthChecks struct {
	health, control []time.Duration
	failed          int
}

// pollHealth asks for /healthz and the control URL, in turn, every 10 ms
// until stop is closed and at least n checks of each are done.
func pollHealth(base, control string, n int, stop <-chan struct{}) healthChecks {
	var hc healthChecks
	// A client of its own, as a monitor has: its kept-alive connections
	// are not taken by the test's other requests to the server.
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	get := func(u string) (time.Duration, bool) {
		start := time.Now()
		resp, err := client.Get(u)
		if err != nil {
			return time.Since(start), false
		}
		resp.Body.Close()
		return time.Since(start), resp.StatusCode == http.StatusOK
	}
	for {
		select {
		case <-stop:
			if len(hc.health) >= n {
				return hc
			}
		default:
		}
		// Each goes first in turn: the first request after the pause
		// pays for waking the process's threads, which on a loaded
		// machine costs tens of milliseconds.
		health := func() {
			took, ok := get(base + "/healthz")
			hc.health = append(hc.health, took)
			if !ok {
				hc.failed++
			}
		}
		ctl := func() {
			took, _ := get(control)
			hc.control = append(hc.control, took)
		}
		if len(hc.health)%2 == 0 {
			health()
			ctl()
		} else {
			ctl()
			health()
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// p99 is the 99th percentile of ds.
func p99(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[(len(s)*99+99)/100-1]
}

// TestWritesProgressUnderReadLoad posts articles one after another while
// two runaway Gizmo queries hold their snapshots for their whole budget
// and two readers run named queries without pause. Every post must land
// while the runaway queries still run (before, each write queued behind
// them: 45 of 200 posts landed in 65 s).
func TestWritesProgressUnderReadLoad(t *testing.T) {
	s := filledStore(t, "bolt:"+filepath.Join(t.TempDir(), "g.db"))
	srv, ts := testServer(t, s, Options{Token: "tok", QueryTimeout: 15 * time.Second, MaxConcurrentQueries: 4})
	runaway := make(chan response, 2)
	for range 2 {
		go func() {
			runaway <- do(t, "POST", ts.URL+"/api/v1/query/gizmo", strings.NewReader(`for (var i = 0; ; i++) { g.V().Limit(20).toArray(); }`))
		}()
	}
	for len(srv.querySlots) < 2 {
		time.Sleep(5 * time.Millisecond)
	}
	stop := make(chan struct{})
	var reads atomic.Int64
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := http.Get(ts.URL + "/api/v1/queries/bases?event=withdrawal&timeout=5s")
				if err == nil {
					resp.Body.Close()
					reads.Add(1)
				}
			}
		}()
	}
	const posts = 12
	for i := range posts {
		art := dumpArticle(fmt.Sprintf("https://example.org/load/%d", i), fmt.Sprintf("Load check %d", i),
			"Spanish troops deployed to Camp Adazi in Latvia on Thursday for a NATO exercise, the defence ministry said.")
		d := dataOf(t, do(t, "POST", ts.URL+"/api/v1/articles", strings.NewReader(art), "Authorization", "Bearer tok"))
		if d["stored"].(float64) != 1 {
			t.Fatalf("post %d stored nothing: %v", i, d)
		}
	}
	select {
	case r := <-runaway:
		t.Fatalf("a runaway query ended (%d) before the %d posts landed: the writes waited for it", r.status, posts)
	default:
	}
	readsDuringWrites := reads.Load()
	close(stop)
	wg.Wait()
	for range 2 {
		wantError(t, <-runaway, http.StatusServiceUnavailable, kindTimeout)
	}
	if readsDuringWrites < posts {
		t.Fatalf("only %d named queries ran while %d posts landed: the load did not overlap the writes", readsDuringWrites, posts)
	}
	t.Logf("%d posts landed while 2 runaway queries ran and %d named queries answered", posts, readsDuringWrites)
}
