package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/graph"
)

// busyMessage is what a write command says when another process holds the
// store.
const busyMessage = "store is in use by another process (serve/refresh?)"

// TestReadsBesideServe runs read commands of the real binary while `serve`
// holds the bolt store: they answer (through the server, which advertises
// itself in the store's folder) with what the same commands answered from
// the store itself before the server started, all at once, while a write
// command fails with a clear message. Once the server stops, the commands
// read the store directly again.
func TestReadsBesideServe(t *testing.T) {
	store := storeCopy(t)
	dir := t.TempDir()
	reads := map[string][]string{
		"stats":        {"stats", "--format", "json"},
		"stats table":  {"stats", "--format", "table"},
		"bases":        {"query", "bases", "--event", "withdrawal", "--format", "json"},
		"entity":       {"query", "entity", "--entity", "Ain al-Asad Air Base", "--format", "json"},
		"csv":          {"query", "search", "--name", "camp", "--format", "csv"},
		"ask":          {"ask", "which bases are linked to withdrawal events?", "--format", "json"},
		"export":       {"export", "--format", "nquads"},
		"export query": {"export", "--format", "csv", "--query", "bases", "--arg", "event=withdrawal"},
	}
	direct := map[string]result{}
	for name, args := range reads {
		r := ng(t, dir, nil, append([]string{"--store", store}, args...)...)
		if r.code != 0 || r.stdout == "" {
			t.Fatalf("%s on the store itself: exit %d, %d bytes\n%s", name, r.code, len(r.stdout), r.stderr)
		}
		direct[name] = r
	}
	var st struct {
		Articles int64 `json:"articles"`
		Quads    int64 `json:"quads"`
	}
	if err := json.Unmarshal([]byte(direct["stats"].stdout), &st); err != nil || st.Articles == 0 || st.Quads == 0 {
		t.Fatalf("stats of the test store: %+v, %v", st, err)
	}

	s := serve(t, store)
	advert := filepath.Join(strings.TrimPrefix(store, "bolt:"), "newsgraph-server.json")
	if data, err := os.ReadFile(advert); err != nil || !strings.Contains(string(data), s.url) {
		t.Fatalf("serve did not advertise %s in %s: %q, %v", s.url, advert, data, err)
	}

	var wg sync.WaitGroup
	var mu sync.Mutex
	beside := map[string]result{}
	for name, args := range reads {
		wg.Go(func() {
			r := ng(t, dir, nil, append([]string{"--store", store}, args...)...)
			mu.Lock()
			beside[name] = r
			mu.Unlock()
		})
	}
	wg.Wait()
	for name, r := range beside {
		if r.code != 0 {
			t.Errorf("%s beside serve: exit %d\n%s", name, r.code, r.stderr)
			continue
		}
		want := direct[name].stdout
		got := r.stdout
		if name == "stats table" {
			// The first line names where the figures came from.
			want, got = dropFirstLine(want), dropFirstLine(got)
			if !strings.Contains(r.stdout, "read through the server at "+s.url) {
				t.Errorf("stats table beside serve does not say it read through the server:\n%s", r.stdout)
			}
		}
		if got != want {
			t.Errorf("%s beside serve differs from the store's own answer:\n got %.600s\nwant %.600s", name, got, want)
		}
	}
	var a, b any
	if json.Unmarshal([]byte(beside["bases"].stdout), &a) != nil || json.Unmarshal([]byte(direct["bases"].stdout), &b) != nil || !reflect.DeepEqual(a, b) {
		t.Errorf("bases beside serve is not the same JSON as from the store")
	}

	// A write command cannot go through: it says who holds the store.
	w := ng(t, dir, nil, "--store", store, "ingest", "-q", filepath.Join(absTestdata(t), "001_us-leaves-ain-al-asad.txt"))
	if w.code != 1 || !strings.Contains(w.stderr, busyMessage) || !strings.Contains(w.stderr, strings.TrimPrefix(store, "bolt:")) {
		t.Errorf("ingest beside serve: exit %d, stderr %q; want exit 1 naming the store and saying %q", w.code, w.stderr, busyMessage)
	}

	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	<-s.exited
	if _, err := os.Stat(advert); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the advertisement outlived the server: %v", err)
	}
	if r := ng(t, dir, nil, "--store", store, "stats", "--format", "json"); r.code != 0 || r.stdout != direct["stats"].stdout {
		t.Errorf("stats after serve stopped: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func dropFirstLine(s string) string {
	_, rest, _ := strings.Cut(s, "\n")
	return rest
}

// TestStaleAdvert: a server killed without its clean-up leaves its
// advertisement; read commands find that nothing answers there and read
// the store itself.
func TestStaleAdvert(t *testing.T) {
	store := storeCopy(t)
	s := serve(t, store)
	if err := s.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-s.exited
	advert := filepath.Join(strings.TrimPrefix(store, "bolt:"), "newsgraph-server.json")
	if _, err := os.Stat(advert); err != nil {
		t.Fatalf("a killed server left no advertisement to test with: %v", err)
	}
	r := ng(t, t.TempDir(), nil, "--store", store, "stats", "--format", "table")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "store") || strings.Contains(r.stdout, "through the server") {
		t.Errorf("stats with a stale advertisement: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestReadsBesideRefresh: a long-running refresh holds the store too; it
// answers read commands of other processes the way serve does.
func TestReadsBesideRefresh(t *testing.T) {
	store := storeCopy(t)
	dir := t.TempDir()
	direct := ng(t, dir, nil, "--store", store, "stats", "--format", "json")
	if direct.code != 0 {
		t.Fatalf("stats: exit %d\n%s", direct.code, direct.stderr)
	}
	refresher := exec.Command(binary, "--store", store, "refresh", "--source", t.TempDir(), "--refresh", "1h", "--format", "json")
	refresher.Dir = dir
	if err := refresher.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		refresher.Process.Signal(syscall.SIGTERM)
		refresher.Wait()
	})
	// Wait for the refresh to hold the store: a read then goes through it.
	deadline := time.Now().Add(60 * time.Second)
	for {
		r := ng(t, dir, nil, "--store", store, "stats", "--format", "table")
		if r.code == 0 && strings.Contains(r.stdout, "read through the server at http://127.0.0.1:") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("stats beside refresh never went through it: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		time.Sleep(200 * time.Millisecond)
	}
	// The refresh records its run in the graph: the counts of articles,
	// entities and events are those of the store, the quads a few more.
	type counts struct {
		Articles int64            `json:"articles"`
		Entities map[string]int64 `json:"entities"`
		Events   map[string]int64 `json:"events"`
		Quads    int64            `json:"quads"`
	}
	var want, got counts
	if err := json.Unmarshal([]byte(direct.stdout), &want); err != nil {
		t.Fatal(err)
	}
	r := ng(t, dir, nil, "--store", store, "stats", "--format", "json")
	if err := json.Unmarshal([]byte(r.stdout), &got); r.code != 0 || err != nil {
		t.Fatalf("stats beside refresh: exit %d, %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	if got.Articles != want.Articles || !reflect.DeepEqual(got.Entities, want.Entities) || !reflect.DeepEqual(got.Events, want.Events) || got.Quads <= want.Quads {
		t.Errorf("stats beside refresh: %+v; want %+v with the quads of a run record more", got, want)
	}
	w := ng(t, dir, nil, "--store", store, "import", "-", "--format", "nquads")
	if w.code != 1 || !strings.Contains(w.stderr, busyMessage) {
		t.Errorf("import beside refresh: exit %d, stderr %q", w.code, w.stderr)
	}
}

// TestReadBesideSilentWriter: a process that holds the store and answers
// nothing (here this test process) leaves read commands a clear error,
// after a short wait rather than for ever.
func TestReadBesideSilentWriter(t *testing.T) {
	store := storeCopy(t)
	held, err := graph.Open(context.Background(), store)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	start := time.Now()
	r := ng(t, t.TempDir(), nil, "--store", store, "query", "bases", "--event", "withdrawal")
	if r.code != 1 || !strings.Contains(r.stderr, busyMessage) || !strings.Contains(r.stderr, strings.TrimPrefix(store, "bolt:")) {
		t.Errorf("query beside a silent writer: exit %d, stderr %q", r.code, r.stderr)
	}
	if took := time.Since(start); took > 30*time.Second {
		t.Errorf("the read command waited %v", took)
	}
}

// TestReadCommandsNeverCreate (issue 15): read commands on a store that
// does not exist fail, naming the path, and leave nothing behind; a write
// command creates the store as before.
func TestReadCommandsNeverCreate(t *testing.T) {
	dir := t.TempDir()
	for _, backend := range []string{"bolt", "leveldb"} {
		missing := filepath.Join(dir, backend, "nonexistent", "dir", "x.db")
		store := backend + ":" + missing
		for _, args := range [][]string{
			{"stats"},
			{"query", "bases", "--event", "withdrawal"},
			{"query", "entity", "--entity", "Ain al-Asad"},
			{"query", "stats"},
			{"ask", "which bases are linked to withdrawal events?"},
			{"export", "--format", "nquads"},
			{"export", "--format", "csv", "-o", filepath.Join(dir, "out.csv")},
			{"refresh", "--status"},
		} {
			r := ng(t, dir, nil, append([]string{"--store", store}, args...)...)
			if r.code == 0 || !strings.Contains(r.stderr, missing) || !strings.Contains(r.stderr, "no store there") {
				t.Errorf("%s %v: exit %d, stderr %q; want a failure naming %s", backend, args, r.code, r.stderr, missing)
			}
			if r.stdout != "" {
				t.Errorf("%s %v printed %q", backend, args, r.stdout)
			}
			if _, err := os.Stat(filepath.Join(dir, backend)); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("%s %v created something on the way to %s (stat: %v)", backend, args, missing, err)
			}
			if _, err := os.Stat(filepath.Join(dir, "out.csv")); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("%s %v left an output file for a store that is not there (stat: %v)", backend, args, err)
			}
		}
	}
	// A write command creates the store where it is told, folders
	// included, and reads then find it.
	store := "bolt:" + filepath.Join(dir, "new", "dir", "x.db")
	if r := ng(t, dir, nil, "--store", store, "ingest", "-q", filepath.Join(absTestdata(t), "001_us-leaves-ain-al-asad.txt")); r.code != 0 {
		t.Fatalf("ingest into a new store: exit %d\n%s", r.code, r.stderr)
	}
	if st := stats(t, dir, []string{"NEWSGRAPH_STORE=" + store}); st["articles"] != float64(1) {
		t.Errorf("stats after the first ingest: %v", st)
	}
}

// TestReadsBesideServeLevelDB: leveldb admits one process at a time,
// reader or writer; beside serve a read command goes through the server
// as on bolt.
func TestReadsBesideServeLevelDB(t *testing.T) {
	dir := t.TempDir()
	store := "leveldb:" + filepath.Join(dir, "g.ldb")
	if r := ng(t, dir, nil, "--store", store, "ingest", "-q", filepath.Join(absTestdata(t), "001_us-leaves-ain-al-asad.txt")); r.code != 0 {
		t.Fatalf("ingest: exit %d\n%s", r.code, r.stderr)
	}
	direct := ng(t, dir, nil, "--store", store, "query", "bases", "--event", "withdrawal", "--format", "json")
	if direct.code != 0 || !strings.Contains(direct.stdout, "Ain al-Asad") {
		t.Fatalf("bases from the store: exit %d\n%s%s", direct.code, direct.stdout, direct.stderr)
	}
	serve(t, store)
	r := ng(t, dir, nil, "--store", store, "query", "bases", "--event", "withdrawal", "--format", "json")
	if r.code != 0 || r.stdout != direct.stdout {
		t.Errorf("bases beside serve: exit %d\n%s%s\nwant\n%s", r.code, r.stdout, r.stderr, direct.stdout)
	}
	w := ng(t, dir, nil, "--store", store, "ingest", "-q", filepath.Join(absTestdata(t), "002_iraq-denies-victory-base-exit.txt"))
	if w.code != 1 || !strings.Contains(w.stderr, busyMessage) {
		t.Errorf("ingest beside serve: exit %d, stderr %q", w.code, w.stderr)
	}
}
