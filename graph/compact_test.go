package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/cayleygraph/quad"
)

// compactStore writes a bolt store with replaced and deleted articles (so
// it has free pages) and the test side index, and returns its folder and
// export.
func compactStore(t *testing.T) (path string, export []byte, counts map[string]int) {
	t.Helper()
	ctx := context.Background()
	path = filepath.Join(t.TempDir(), "s.bolt")
	s, err := Open(ctx, "bolt:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.indexers = []Indexer{quadCountIndexer{}}
	rng := rand.New(rand.NewPCG(3, 4))
	counts = map[string]int{}
	label := func(i int) quad.IRI { return quad.IRI(fmt.Sprintf("https://example.test/g/%d", i)) }
	for round := range 3 {
		var arts []ArticleGraph
		for i := range 150 {
			l := label(i)
			var qs []quad.Quad
			for j := range 5 + rng.IntN(40) {
				qs = append(qs, quad.Make(quad.IRI(fmt.Sprintf("https://example.test/s/%d/%d", i, j)),
					quad.IRI("https://example.test/p"), quad.String(fmt.Sprint(rng.IntN(50), round)), l))
			}
			arts = append(arts, ArticleGraph{Label: l, Quads: qs})
			counts[string(l)] = len(qs)
		}
		if _, err := s.ReplaceArticles(ctx, arts); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 150; i += 3 {
		if _, err := s.DeleteArticle(ctx, label(i)); err != nil {
			t.Fatal(err)
		}
		counts[string(label(i))] = 0
	}
	var buf bytes.Buffer
	if err := s.Export(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	return path, buf.Bytes(), counts
}

// TestCompactBolt compacts a store in transactions of every size, from
// one per key to one in all, and checks the copy holds the same graph and
// side index in a smaller file, and takes writes.
func TestCompactBolt(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name    string
		txBytes int
	}{
		{"one transaction", compactTxBytes},
		{"many transactions", 4 << 10},
		{"a transaction per key", 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			path, want, counts := compactStore(t)
			before, err := BoltSpace(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			res, err := compactBolt(ctx, path, c.txBytes)
			if err != nil {
				t.Fatal(err)
			}
			after, err := BoltSpace(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			if res.Before != before.Bytes || res.After != after.Bytes || after.Bytes >= before.Bytes {
				t.Errorf("compaction %+v: file %d -> %d bytes, want smaller", res, before.Bytes, after.Bytes)
			}
			keys := func(sp Space) (n int) {
				for _, b := range sp.Buckets {
					n += b.Keys
				}
				return n
			}
			if keys(before) != keys(after) || res.Keys < keys(before) {
				t.Errorf("keys %d before, %d after, %d copied", keys(before), keys(after), res.Keys)
			}
			if _, err := os.Stat(boltFile(path) + ".compact"); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the copy's temporary file is left: %v", err)
			}
			s, err := Open(ctx, "bolt:"+path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			s.indexers = []Indexer{quadCountIndexer{}}
			var got bytes.Buffer
			if err := s.Export(ctx, &got); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Fatalf("the compacted store exports %d bytes, the original %d", got.Len(), len(want))
			}
			checkQuadCounts(t, s, counts)
			l := quad.IRI("https://example.test/g/0")
			qs := []quad.Quad{quad.Make(quad.IRI("https://example.test/s/new"), quad.IRI("https://example.test/p"), quad.String("new"), l)}
			if _, err := s.ReplaceArticle(ctx, l, qs); err != nil {
				t.Fatal(err)
			}
			counts[string(l)] = 1
			checkQuadCounts(t, s, counts)
			if back, err := s.ArticleQuads(ctx, l); err != nil || len(back) != 1 {
				t.Fatalf("article written after the compaction reads back %v (%v)", back, err)
			}
		})
	}
}

// TestCompactBoltLeavesStoreWhole checks that a compaction that cannot
// finish leaves the store byte for byte as it was: interrupted, or with
// the store held by a writer; and that a partial copy left by a crash
// does not get in the way.
func TestCompactBoltLeavesStoreWhole(t *testing.T) {
	path, _, _ := compactStore(t)
	file := boltFile(path)
	orig, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, c := range []struct {
		name    string
		ctx     context.Context
		hold    bool
		wantErr error
	}{
		{"interrupted", cancelled, false, context.Canceled},
		{"held by a writer", context.Background(), true, ErrStoreBusy},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.hold {
				s, err := Open(context.Background(), "bolt:"+path)
				if err != nil {
					t.Fatal(err)
				}
				defer s.Close()
			}
			if _, err := compactBolt(c.ctx, path, 1); !errors.Is(err, c.wantErr) {
				t.Fatalf("compaction: %v, want %v", err, c.wantErr)
			}
			now, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(now, orig) {
				t.Fatal("the store changed")
			}
			if _, err := os.Stat(file + ".compact"); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the copy's temporary file is left: %v", err)
			}
		})
	}
	// A crash mid-copy leaves a partial file beside the store.
	if err := os.WriteFile(file+".compact", []byte("partial"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := CompactBolt(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(file + ".compact"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the partial copy is left: %v", err)
	}
}

// TestWriterFillsAppendOnlyBuckets checks that the writer fills the pages
// of the buckets it only appends to (fillAppendOnly), even when articles
// are replaced and deleted: with bolt's default they end half empty.
func TestWriterFillsAppendOnlyBuckets(t *testing.T) {
	path, _, _ := compactStore(t)
	sp, err := BoltSpace(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range sp.Buckets {
		if b.Name == "log (quads and nodes)" {
			if b.Bytes < 16*int64(sp.PageSize) || b.Fill() < 0.65 {
				t.Fatalf("the quad log takes %d bytes, %.0f%% full; want 65%% or more (bolt alone: 50%%)", b.Bytes, 100*b.Fill())
			}
			return
		}
	}
	t.Fatalf("no quad log among %+v", sp.Buckets)
}
