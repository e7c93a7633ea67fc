package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/pgtest"
)

// tornBases are the two bases each test article moves between: revision
// r of article i reports a withdrawal from tornBases[(i+r)%2].
var tornBases = [2]string{"Ain al-Asad Air Base", "Erbil Air Base"}

// writeRevision writes revision rev of n articles into dir, in this
// test's own words: the title names the revision, the body the base.
func writeRevision(t *testing.T, dir string, n, rev int) {
	t.Helper()
	for i := range n {
		base := tornBases[(i+rev)%2]
		text := fmt.Sprintf("date 2025-03-10 https://example.org/torn/%d\n\nGarrison dispatch %d revision %d\n\nExample Wire\n\n"+
			"American soldiers withdrew from %s in Iraq on Sunday, the coalition said in a short statement to reporters.\n\n"+
			"2025-03-10T08:00+0000\n\nworld\n", i, i, rev, base)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%03d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

var tornTitle = regexp.MustCompile(`^Garrison dispatch (\d+) revision (\d+)$`)

// tornCheck checks one answer of events?event=withdrawal (one row per
// event, each article that tells it among its sources) against the
// articles' revisions: each article is cited exactly once, by the row of
// the base its cited revision names (a title from one version beside the
// event of another is a torn answer). It returns the revisions seen, by
// article, and the problems found.
func tornCheck(body []byte, n int) (revs map[int]int, problems []string) {
	var env struct {
		Data struct {
			Rows []struct {
				Values  map[string]any `json:"values"`
				Sources []struct {
					URL      string `json:"url"`
					Title    string `json:"title"`
					Evidence string `json:"evidence"`
				} `json:"sources"`
			} `json:"rows"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, []string{fmt.Sprintf("answer is not JSON: %v", err)}
	}
	revs = map[int]int{}
	for _, row := range env.Data.Rows {
		base, _ := row.Values["bases"].(string)
		for _, src := range row.Sources {
			if !strings.HasPrefix(src.URL, "https://example.org/torn/") {
				continue
			}
			m := tornTitle.FindStringSubmatch(src.Title)
			if m == nil {
				problems = append(problems, fmt.Sprintf("%s: title %q", src.URL, src.Title))
				continue
			}
			i, _ := strconv.Atoi(m[1])
			rev, _ := strconv.Atoi(m[2])
			if want := tornBases[(i+rev)%2]; base != want {
				problems = append(problems, fmt.Sprintf("article %d: title of revision %d (base %s) under the row of %s", i, rev, want, base))
			}
			if !strings.Contains(src.Evidence, base) {
				problems = append(problems, fmt.Sprintf("article %d: evidence %q under the row of %s", i, src.Evidence, base))
			}
			if _, dup := revs[i]; dup {
				problems = append(problems, fmt.Sprintf("article %d cited twice", i))
			}
			revs[i] = rev
		}
	}
	if len(revs) != n {
		problems = append(problems, fmt.Sprintf("%d of the %d articles cited (the total jumped)", len(revs), n))
	}
	return revs, problems
}

// TestServeRefreshNoTornAnswersPostgres runs the real server on
// PostgreSQL and, in other processes, `newsgraph refresh --once` over a
// folder whose articles all change between runs (title and base
// together), while a reader asks for the bases of withdrawals without
// pause. Every answer must show each article whole in one version: a
// named query reads in one REPEATABLE READ transaction (before, 5 of 36
// answers mixed versions).
func TestServeRefreshNoTornAnswersPostgres(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	work := t.TempDir()
	dir := filepath.Join(work, "articles")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	const n, revisions = 40, 4
	writeRevision(t, dir, n, 0)
	if r := ng(t, work, nil, "--store", dsn, "refresh", "--once", "--source", dir); r.code != 0 {
		t.Fatalf("first refresh: %d %s", r.code, r.stderr)
	}
	s := serve(t, dsn)
	if _, problems := tornCheck(call(t, "GET", s.url+"/api/v1/queries/events?event=withdrawal&limit=1000", nil).body, n); len(problems) > 0 {
		t.Fatalf("before any concurrent write: %v", problems)
	}

	var (
		writing                     atomic.Bool
		answers, duringWrites, torn atomic.Int64
		mu                          sync.Mutex
		firstProblems               []string
		states                      = map[string]bool{}
		stop                        = make(chan struct{})
		wg                          sync.WaitGroup
	)
	client := &http.Client{Timeout: 60 * time.Second}
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
				during := writing.Load()
				resp, err := client.Get(s.url + "/api/v1/queries/events?event=withdrawal&limit=1000")
				if err != nil {
					t.Error(err)
					return
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusOK {
					t.Errorf("bases: %d %v %s", resp.StatusCode, err, body)
					return
				}
				revs, problems := tornCheck(body, n)
				answers.Add(1)
				if during && writing.Load() {
					duringWrites.Add(1)
				}
				mu.Lock()
				states[fmt.Sprint(revs)] = true
				if len(problems) > 0 {
					torn.Add(1)
					if firstProblems == nil {
						firstProblems = problems
					}
				}
				mu.Unlock()
			}
		}()
	}
	for rev := 1; rev <= revisions; rev++ {
		writeRevision(t, dir, n, rev)
		writing.Store(true)
		r := ng(t, work, nil, "--store", dsn, "refresh", "--once", "--source", dir)
		writing.Store(false)
		if r.code != 0 {
			t.Fatalf("refresh of revision %d: %d %s", rev, r.code, r.stderr)
		}
	}
	close(stop)
	wg.Wait()

	revs, problems := tornCheck(call(t, "GET", s.url+"/api/v1/queries/events?event=withdrawal&limit=1000", nil).body, n)
	if len(problems) > 0 {
		t.Fatalf("after the last refresh: %v", problems)
	}
	for i, rev := range revs {
		if rev != revisions {
			t.Fatalf("article %d is at revision %d after the last refresh, want %d", i, rev, revisions)
		}
	}
	t.Logf("%d answers, %d of them while a refresh process wrote; %d distinct states of the graph seen; %d torn", answers.Load(), duringWrites.Load(), len(states), torn.Load())
	if torn.Load() > 0 {
		t.Fatalf("%d of %d answers were torn; the first: %v", torn.Load(), answers.Load(), firstProblems)
	}
	if duringWrites.Load() == 0 || len(states) < 2 {
		t.Fatalf("the reads did not overlap the writes (%d answers during writes, %d states seen): the test proved nothing", duringWrites.Load(), len(states))
	}
}
