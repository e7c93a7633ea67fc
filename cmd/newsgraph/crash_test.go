package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/newsgraph/newsgraph/export"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/gen"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/schema"
)

// crashArticles is the corpus size of the crash test: large enough that
// an ingest into bolt is still writing when its first progress line
// appears (after five seconds), small enough for a test.
const crashArticles = 2000

var summaryLine = regexp.MustCompile(`(\d+) articles read: (\d+) stored, (\d+) unchanged, (\d+) failed`)

// ingestUntilProgress starts an ingest and kills it with SIGKILL as soon
// as it reports progress, that is while it is writing. It reports whether
// the process was killed (false: it finished first).
func ingestUntilProgress(t *testing.T, dir, store, corpus string) bool {
	t.Helper()
	cmd := exec.Command(binary, "--store", store, "ingest", corpus)
	cmd.Dir = dir
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if strings.Contains(sc.Text(), "progress") && !killed {
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			killed = true
		}
	}
	err = cmd.Wait()
	if killed {
		ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
		if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
			t.Fatalf("ingest was not killed by SIGKILL: %v", err)
		}
	}
	return killed
}

// TestCrashDuringIngest kills an ingest into bolt with SIGKILL while it
// writes, twice, runs it again to completion, and checks that the graph
// equals the graph of an uninterrupted ingest (compared as N-Quads
// exports): the writer replaces a batch of articles in one transaction
// (on bolt, additions then removals), so a crash loses whole batches, or
// leaves a replacement's additions without its removals, which the next
// run detects (two content hashes) and writes again. The side indexes,
// which a bulk ingest writes at its end, are rebuilt by the next ingest.
func TestCrashDuringIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests a few thousand articles")
	}
	ctx := context.Background()
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	if _, err := gen.Write(ctx, corpus, gen.Options{Articles: crashArticles, Seed: 11}); err != nil {
		t.Fatal(err)
	}

	// The uninterrupted run, in memory through the same ingest code.
	p, err := extract.New(extract.Config{})
	if err != nil {
		t.Fatal(err)
	}
	ref, err := graph.Open(ctx, "memory")
	if err != nil {
		t.Fatal(err)
	}
	defer ref.Close()
	sum := (&ingest.Ingester{Store: ref, Pipeline: p}).Ingest(ctx, []string{corpus}, ingest.Options{})
	if sum.Failed > 0 || sum.Stored != crashArticles {
		t.Fatalf("reference ingest: %+v", sum)
	}
	var want bytes.Buffer
	if err := export.Graph(ctx, &want, ref, export.NQuads); err != nil {
		t.Fatal(err)
	}

	store := "bolt:" + filepath.Join(dir, "crash.db")
	kills := 0
	for range 2 {
		if ingestUntilProgress(t, dir, store, corpus) {
			kills++
		}
	}
	if kills == 0 {
		t.Skip("every ingest finished before its first progress line: no crash to test on this machine")
	}
	r := ng(t, dir, nil, "--store", store, "ingest", corpus)
	if r.code != 0 {
		t.Fatalf("ingest after the crash: exit %d\n%s", r.code, r.stderr)
	}
	m := summaryLine.FindStringSubmatch(r.stderr)
	if m == nil {
		t.Fatalf("no summary in %q", r.stderr)
	}
	stored, _ := strconv.Atoi(m[2])
	unchanged, _ := strconv.Atoi(m[3])
	t.Logf("after %d kills: %s stored, %s unchanged", kills, m[2], m[3])
	if stored+unchanged != crashArticles || unchanged == 0 {
		t.Errorf("final run stored %d and kept %d unchanged of %d: the killed runs stored nothing?", stored, unchanged, crashArticles)
	}
	// A killed ingest left its bulk write's pending marker: the next one
	// rebuilt the side indexes first, and they match the graph.
	if !strings.Contains(r.stderr, "rebuilding the side indexes") {
		t.Errorf("the ingest after a crash did not rebuild the side indexes:\n%s", r.stderr)
	}
	if c := ng(t, dir, nil, "--store", store, "summaries", "check", "--format", "json"); c.code != 0 {
		t.Errorf("summaries check after the crashes: exit %d\n%s%s", c.code, c.stdout, c.stderr)
	}
	got := ng(t, dir, nil, "--store", store, "export")
	if got.code != 0 {
		t.Fatalf("export: %s", got.stderr)
	}
	// Each article records when it was first stored: the two runs
	// differ there by construction.
	if withoutIngestTimes(got.stdout) != withoutIngestTimes(want.String()) {
		gl, wl := strings.Split(withoutIngestTimes(got.stdout), "\n"), strings.Split(withoutIngestTimes(want.String()), "\n")
		diff := 0
		for i := 0; i < min(len(gl), len(wl)); i++ {
			if gl[i] != wl[i] {
				diff = i
				break
			}
		}
		t.Fatalf("graph after crashes differs from an uninterrupted run: %d vs %d lines; first difference at line %d:\n%s\nvs\n%s",
			len(gl), len(wl), diff+1, line(gl, diff), line(wl, diff))
	}
}

// withoutIngestTimes drops the first-ingest time quads from an N-Quads
// export.
func withoutIngestTimes(nq string) string {
	lines := strings.Split(nq, "\n")
	lines = slices.DeleteFunc(lines, func(l string) bool { return strings.Contains(l, string(schema.FirstIngested)) })
	return strings.Join(lines, "\n")
}

func line(ls []string, i int) string {
	if i < len(ls) {
		return ls[i]
	}
	return fmt.Sprintf("(end after %d lines)", len(ls))
}
