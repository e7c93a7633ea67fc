package ingest_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/internal/pgtest"
	"github.com/newsgraph/newsgraph/internal/testenv"
	"github.com/newsgraph/newsgraph/schema"
)

func newIngester(t testing.TB, dsn string) *ingest.Ingester {
	t.Helper()
	p, err := extract.New(extract.Config{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := graph.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	// One clock for every ingester, so graphs written at different times
	// compare equal (each article records when it was first stored).
	return &ingest.Ingester{Store: s, Pipeline: p, Now: func() time.Time { return time.Date(2025, 9, 1, 8, 0, 0, 0, time.UTC) }}
}

func export(t testing.TB, s *graph.Store) string {
	var buf bytes.Buffer
	if err := s.Export(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// copyArticles copies the first n test articles into a fresh folder.
func copyArticles(t testing.TB, n int) string {
	t.Helper()
	files := testenv.Articles(t)
	if len(files) < n {
		t.Fatalf("want %d test articles, have %d", n, len(files))
	}
	dir := t.TempDir()
	for _, f := range files[:n] {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func testReingest(t *testing.T, dsn func(t testing.TB) string) {
	ctx := context.Background()
	t.Run("first-ingest time survives a replacement", func(t *testing.T) {
		in := newIngester(t, dsn(t))
		dir := copyArticles(t, 1)
		ingestedLine := func() string {
			t.Helper()
			var lines []string
			for _, l := range strings.Split(export(t, in.Store), "\n") {
				if strings.Contains(l, string(schema.FirstIngested)) {
					lines = append(lines, l)
				}
			}
			if len(lines) != 1 {
				t.Fatalf("%d first-ingest quads for one article: %q", len(lines), lines)
			}
			return lines[0]
		}
		in.Ingest(ctx, []string{dir}, ingest.Options{})
		first := ingestedLine()
		if !strings.Contains(first, "2025-09-01T08:00:00") {
			t.Errorf("first-ingest quad %s does not hold the ingest clock's time", first)
		}
		in.Now = func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }
		if sum := in.Ingest(ctx, []string{dir}, ingest.Options{Force: true}); sum.Failed != 0 || sum.Articles != 1 {
			t.Fatalf("forced re-ingest: %+v", sum)
		}
		if again := ingestedLine(); again != first {
			t.Errorf("replacement changed the first-ingest time: %s, was %s", again, first)
		}
	})
	t.Run("idempotent", func(t *testing.T) {
		in := newIngester(t, dsn(t))
		dir := copyArticles(t, 8)
		first := in.Ingest(ctx, []string{dir}, ingest.Options{})
		if first.Failed != 0 || first.Stored != 8 {
			t.Fatalf("first ingest: %+v %v", first, first.Errors)
		}
		before := export(t, in.Store)
		second := in.Ingest(ctx, []string{dir}, ingest.Options{})
		if second.Unchanged != 8 || second.Added != 0 || second.Removed != 0 {
			t.Fatalf("second ingest: %+v", second)
		}
		forced := in.Ingest(ctx, []string{dir}, ingest.Options{Force: true})
		if forced.Added != 0 || forced.Removed != 0 {
			t.Fatalf("forced re-extraction changed quads: %+v", forced)
		}
		if after := export(t, in.Store); after != before {
			t.Fatalf("re-ingest changed the graph")
		}
	})
	t.Run("changed article leaves nothing of the old version", func(t *testing.T) {
		in := newIngester(t, dsn(t))
		dir := copyArticles(t, 3)
		if s := in.Ingest(ctx, []string{dir}, ingest.Options{}); s.Failed != 0 {
			t.Fatalf("%+v", s.Errors)
		}
		files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		data, _ := os.ReadFile(files[0])
		old := string(data)
		// Replace the last body paragraph with a new sentence.
		blocks := strings.Split(strings.TrimSpace(old), "\n\n")
		longest := 0
		for i, b := range blocks {
			if len(b) > len(blocks[longest]) {
				longest = i
			}
		}
		removed := blocks[longest]
		blocks[longest] = "Officials said the garrison at Camp Placeholder in Niger was closed on Friday."
		if err := os.WriteFile(files[0], []byte(strings.Join(blocks, "\n\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		sum := in.Ingest(ctx, []string{dir}, ingest.Options{})
		if sum.Stored != 1 || sum.Unchanged != 2 || sum.Removed == 0 {
			t.Fatalf("after edit: %+v", sum)
		}
		nq := export(t, in.Store)
		firstSentence := strings.SplitN(removed, ". ", 2)[0]
		if strings.Contains(nq, firstSentence) {
			t.Errorf("old text %q survives in the graph", firstSentence)
		}
		if !strings.Contains(nq, "Camp Placeholder") {
			t.Errorf("new version's base is missing")
		}
		// The graph equals a fresh ingest of the edited folder.
		fresh := newIngester(t, dsn(t))
		fresh.Ingest(ctx, []string{dir}, ingest.Options{})
		if got := export(t, fresh.Store); got != nq {
			os.WriteFile("/tmp/replaced.nq", []byte(nq), 0o644)
			os.WriteFile("/tmp/fresh.nq", []byte(got), 0o644)
			t.Errorf("replacing differs from ingesting the new version afresh")
		}
	})
	t.Run("bad files fail alone", func(t *testing.T) {
		in := newIngester(t, dsn(t))
		dir := copyArticles(t, 2)
		os.WriteFile(filepath.Join(dir, "empty.txt"), nil, 0o644)
		os.WriteFile(filepath.Join(dir, "binary.txt"), []byte{0x89, 'P', 'N', 'G', 0, 0, 1, 2, 0xff, 0xfe}, 0o644)
		os.WriteFile(filepath.Join(dir, "nobody.txt"), []byte("date 2025-01-01 https://example.org/x\n\nA title\n\nSome Publisher\n"), 0o644)
		sum := in.Ingest(ctx, []string{dir}, ingest.Options{})
		if sum.Stored != 2 || sum.Failed != 3 {
			t.Fatalf("got %+v, want 2 stored and 3 failed", sum)
		}
		for _, err := range sum.Errors {
			msg := err.Error()
			if strings.Contains(msg, "\n") || !strings.Contains(msg, dir) {
				t.Errorf("error %q should be one line naming the file", msg)
			}
		}
	})
}

func TestReingestMemory(t *testing.T) {
	testReingest(t, func(testing.TB) string { return "memory" })
}

func TestReingestBolt(t *testing.T) {
	testReingest(t, func(t testing.TB) string { return "bolt:" + filepath.Join(t.TempDir(), "g.db") })
}

func TestReingestPostgres(t *testing.T) {
	testReingest(t, func(t testing.TB) string { return pgtest.NewDatabase(t) })
}
