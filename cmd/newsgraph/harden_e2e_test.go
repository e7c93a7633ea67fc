package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/internal/pgtest"
)

// TestRefreshRecordsEndTime: a run's record, as printed and as stored,
// carries each source's real end time, not the zero time.
func TestRefreshRecordsEndTime(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "articles")
	if err := os.Mkdir(src, 0o755); err != nil {
		t.Fatal(err)
	}
	writeDump(t, src, "a.txt", "https://news.example/a", "US troops withdrew from Ain al-Asad Air Base in Iraq on Sunday.")
	store := "bolt:" + filepath.Join(dir, "g.db")
	type runs []struct {
		Started time.Time `json:"started"`
		Ended   time.Time `json:"ended"`
		Sources []struct {
			Source  string    `json:"source"`
			Started time.Time `json:"started"`
			Ended   time.Time `json:"ended"`
		} `json:"sources"`
	}
	once := ng(t, dir, nil, "--store", store, "refresh", "--once", "--source", src, "--format", "json")
	status := ng(t, dir, nil, "--store", store, "refresh", "--status", "--format", "json")
	for name, r := range map[string]result{"refresh --once": once, "refresh --status": status} {
		if r.code != 0 {
			t.Fatalf("%s: exit %d: %s", name, r.code, r.stderr)
		}
		var got runs
		if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
			// One run may print as an object.
			var one struct {
				Runs runs `json:"runs"`
			}
			if err2 := json.Unmarshal([]byte(r.stdout), &one); err2 != nil || len(one.Runs) == 0 {
				t.Fatalf("%s: not a list of runs: %v\n%s", name, err, r.stdout)
			}
			got = one.Runs
		}
		if len(got) == 0 || len(got[0].Sources) == 0 {
			t.Fatalf("%s: no run or no source: %s", name, r.stdout)
		}
		for _, sr := range got[0].Sources {
			if sr.Ended.IsZero() || sr.Ended.Before(sr.Started) {
				t.Errorf("%s: source %s started %v, ended %v", name, sr.Source, sr.Started, sr.Ended)
			}
		}
		if got[0].Ended.IsZero() {
			t.Errorf("%s: the run has no end time", name)
		}
	}
}

// TestFolderSpecialEntries: in a folder, a link to a file is read, and a
// named pipe, a link to a folder and a broken link are skipped with a
// warning that names them; none makes the command fail or hang.
func TestFolderSpecialEntries(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "articles")
	elsewhere := filepath.Join(dir, "elsewhere")
	for _, d := range []string{src, elsewhere} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeDump(t, src, "a.txt", "https://news.example/a", "US troops withdrew from Ain al-Asad Air Base in Iraq on Sunday.")
	writeDump(t, elsewhere, "b.txt", "https://news.example/b", "German troops deployed to Lithuania on Monday for an exercise.")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Symlink(filepath.Join(elsewhere, "b.txt"), filepath.Join(src, "linked.txt")))
	must(os.Symlink(elsewhere, filepath.Join(src, "folder-link")))
	must(os.Symlink(filepath.Join(dir, "nothing.txt"), filepath.Join(src, "broken.txt")))
	must(syscall.Mkfifo(filepath.Join(src, "pipe.txt"), 0o644))

	for _, args := range [][]string{
		{"--store", "memory", "ingest", src},
		{"extract", src},
	} {
		done := make(chan result, 1)
		go func() { done <- ng(t, dir, nil, args...) }()
		var r result
		select {
		case r = <-done:
		case <-time.After(60 * time.Second):
			t.Fatalf("%v hangs (reading the pipe?)", args)
		}
		if r.code != 0 {
			t.Errorf("%v: exit %d: %s", args, r.code, r.stderr)
		}
		for _, want := range []string{"pipe.txt: skipped: a named pipe", "folder-link: skipped: a symbolic link to a folder", "broken.txt: skipped: a broken symbolic link"} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("%v: stderr lacks %q:\n%s", args, want, r.stderr)
			}
		}
		if args[len(args)-2] == "extract" {
			if n := strings.Count(r.stdout, `"article"`); n != 2 {
				t.Errorf("extract printed %d records, want 2 (the file and the link to a file):\n%.500s", n, r.stdout)
			}
		} else if !strings.Contains(r.stderr, "2 articles read: 2 stored") {
			t.Errorf("ingest did not store the file and the linked file:\n%s", r.stderr)
		}
	}
}

// TestLargeArticleWarning: a local article over the size the server
// accepts is announced on the command line, and still extracted.
func TestLargeArticleWarning(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("A long report on troop movements\n\n")
	for i := 0; b.Len() <= extract.MaxArticleBytes; i++ {
		fmt.Fprintf(&b, "Paragraph %d says that %d soldiers moved between two bases on a day of the week.\n\n", i, i+3)
	}
	must := os.WriteFile(filepath.Join(dir, "long.txt"), []byte(b.String()), 0o644)
	if must != nil {
		t.Fatal(must)
	}
	for _, args := range [][]string{{"extract", "long.txt"}, {"--store", "memory", "ingest", "long.txt"}} {
		r := ng(t, dir, nil, args...)
		if r.code != 0 {
			t.Fatalf("%v: exit %d: %s", args, r.code, r.stderr)
		}
		if !strings.Contains(r.stderr, "warning:") || !strings.Contains(r.stderr, "bytes of text") {
			t.Errorf("%v: no size warning:\n%s", args, r.stderr)
		}
	}
}

// TestPostgresNoSpuriousLog: opening an existing PostgreSQL store logs
// nothing about tables that cannot be created.
func TestPostgresNoSpuriousLog(t *testing.T) {
	db := pgtest.NewDatabase(t)
	dir := t.TempDir()
	first := ng(t, dir, nil, "--store", db, "ingest", "-q", filepath.Join(absTestdata(t), "001_us-leaves-ain-al-asad.txt"))
	if first.code != 0 {
		t.Fatalf("ingest: exit %d: %s", first.code, first.stderr)
	}
	for range 2 {
		r := ng(t, dir, nil, "--store", db, "query", "stats")
		if r.code != 0 {
			t.Fatalf("query: exit %d: %s", r.code, r.stderr)
		}
		if strings.Contains(r.stderr, "Cannot create") || strings.Contains(r.stderr, "ERROR") {
			t.Errorf("query on an existing store logged:\n%s", r.stderr)
		}
	}
}

// TestServeHostAndToken runs the real server with a token: a foreign Host
// is refused unless --allow-host names it, notebooks and extraction need
// the token (any case of "bearer"), and a cross-site post is refused.
func TestServeHostAndToken(t *testing.T) {
	s := serve(t, storeCopy(t), "--token", "tok", "--allow-host", "news.internal", "--notebooks", t.TempDir())
	hosted := func(host string) int {
		req, _ := http.NewRequest("GET", s.url+"/healthz", nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for host, want := range map[string]int{"localhost": 200, "news.internal:8080": 200, "rebind.attacker.example": 403} {
		if got := hosted(host); got != want {
			t.Errorf("Host %s: %d, want %d", host, got, want)
		}
	}
	nb := `{"title":"t","cells":[]}`
	call(t, "PUT", s.url+"/api/v1/notebooks/n", strings.NewReader(nb)).wantError(t, 401, "unauthorized")
	if r := call(t, "PUT", s.url+"/api/v1/notebooks/n", strings.NewReader(nb), "Authorization", "bearer tok"); r.status != 201 {
		t.Errorf("PUT with the token: %d %s", r.status, r.body)
	}
	call(t, "DELETE", s.url+"/api/v1/notebooks/n", nil).wantError(t, 401, "unauthorized")
	if r := call(t, "DELETE", s.url+"/api/v1/notebooks/n", nil, "Authorization", "BEARER tok"); r.status != 204 {
		t.Errorf("DELETE with the token: %d %s", r.status, r.body)
	}
	article := "Troops leave\n\nUS troops withdrew from Ain al-Asad Air Base in Iraq on Sunday, officials said.\n"
	call(t, "POST", s.url+"/api/v1/extract", strings.NewReader(article)).wantError(t, 401, "unauthorized")
	call(t, "POST", s.url+"/api/v1/extract", strings.NewReader(article), "Authorization", "Bearer tok", "Origin", "https://attacker.example").wantError(t, 403, "forbidden")
	if r := call(t, "POST", s.url+"/api/v1/extract", strings.NewReader(article), "Authorization", "Bearer tok", "Origin", s.url); r.status != 200 {
		t.Errorf("extract with the token from the page's origin: %d %s", r.status, r.body)
	}
	call(t, "POST", s.url+"/api/v1/query/gizmo", strings.NewReader("g.V().all()"), "Content-Type", "text/plain", "Origin", "https://attacker.example").wantError(t, 403, "forbidden")

	// A read-only server refuses notebook writes outright.
	ro := serve(t, storeCopy(t), "--notebooks", t.TempDir())
	call(t, "PUT", ro.url+"/api/v1/notebooks/n", strings.NewReader(nb), "Authorization", "Bearer tok").wantError(t, 403, "forbidden")
}
