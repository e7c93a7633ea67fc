package server

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
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
			runaway := make(chan response, 1)
			go func() {
				runaway <- do(t, "POST", ts.URL+"/api/v1/query/gizmo", strings.NewReader(`for (var i = 0; ; i++) { g.V().Limit(20).toArray(); }`))
			}()
			for len(srv.querySlots) == 0 {
				time.Sleep(5 * time.Millisecond)
			}
			// Let the query get going inside its snapshot.
			time.Sleep(200 * time.Millisecond)

			// At least minChecks health checks, all while the runaway
			// query runs (it has 10 s).
			const minChecks = 100
			var healthz []time.Duration
			var healthBad atomic.Int32
			stop := make(chan struct{})
			var wg sync.WaitGroup
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						if len(healthz) >= minChecks {
							return
						}
					default:
					}
					start := time.Now()
					resp, err := http.Get(ts.URL + "/healthz")
					if err != nil || resp.StatusCode != http.StatusOK {
						healthBad.Add(1)
					}
					if resp != nil {
						resp.Body.Close()
					}
					healthz = append(healthz, time.Since(start))
					time.Sleep(10 * time.Millisecond)
				}
			}()

			const posts = 3
			for i := range posts {
				art := dumpArticle(fmt.Sprintf("https://example.org/convoy/%d", i), fmt.Sprintf("Convoy check %d", i),
					"Italian soldiers withdrew from Camp Singara in Iraq on Tuesday, a spokesman told reporters in Rome.")
				d := dataOf(t, do(t, "POST", ts.URL+"/api/v1/articles", strings.NewReader(art), "Authorization", "Bearer tok"))
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
			wg.Wait()
			select {
			case r := <-runaway:
				t.Fatalf("the runaway query ended (%d) before the health checks were done: they did not overlap it", r.status)
			default:
			}
			wantError(t, <-runaway, http.StatusServiceUnavailable, kindTimeout)

			if healthBad.Load() > 0 {
				t.Errorf("%d health checks failed", healthBad.Load())
			}
			slices.Sort(healthz)
			p99 := healthz[(len(healthz)*99+99)/100-1]
			t.Logf("%s: %d health checks during the runaway query and %d posts: p50 %v, p99 %v, max %v", backend, len(healthz), posts, healthz[len(healthz)/2], p99, healthz[len(healthz)-1])
			if p99 >= 100*time.Millisecond {
				t.Errorf("/healthz p99 %v during a runaway query and writes, want < 100ms", p99)
			}
		})
	}
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
