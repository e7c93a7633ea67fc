package graph

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/internal/pgtest"
)

// quadCountIndexer indexes the number of quads of every article graph,
// keyed by the graph's label: the simplest index whose value follows
// every add, replace and delete.
type quadCountIndexer struct{}

const quadCountBucket = "test_quadcount"

func (quadCountIndexer) Name() string      { return "test-quadcount-1" }
func (quadCountIndexer) Buckets() []string { return []string{quadCountBucket} }

func (quadCountIndexer) IndexChanges(ctx context.Context, w SideWriter, changes []GraphChange) error {
	for _, ch := range changes {
		key := []byte(ch.Label.(quad.IRI))
		var val []byte
		if len(ch.New) > 0 {
			val = []byte(strconv.Itoa(len(ch.New)))
		}
		if err := w.SidePut(ctx, quadCountBucket, key, val); err != nil {
			return err
		}
	}
	return nil
}

func sideTestStores(t *testing.T) map[string]string {
	dir := t.TempDir()
	stores := map[string]string{
		"memory":  "memory",
		"bolt":    "bolt:" + filepath.Join(dir, "s.bolt"),
		"leveldb": "leveldb:" + filepath.Join(dir, "s.leveldb"),
	}
	if pgtest.URL(t) != "" {
		stores["postgres"] = pgtest.NewDatabase(t)
	}
	return stores
}

// TestSideIndexFollowsWrites applies random replacements and deletions
// through every write path and compares the index with the graphs after
// each; then a raw load marks it stale and a rebuild makes it whole.
func TestSideIndexFollowsWrites(t *testing.T) {
	ctx := context.Background()
	for name, dsn := range sideTestStores(t) {
		t.Run(name, func(t *testing.T) {
			s, err := Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			s.indexers = []Indexer{quadCountIndexer{}}
			rng := rand.New(rand.NewPCG(1, 2))
			want := map[string]int{}
			label := func(i int) quad.IRI { return quad.IRI(fmt.Sprintf("https://example.test/g/%d", i)) }
			graphOf := func(l quad.IRI, n int) []quad.Quad {
				out := make([]quad.Quad, n)
				for i := range out {
					out[i] = quad.Make(quad.IRI(fmt.Sprintf("https://example.test/s/%d", i)), quad.IRI("https://example.test/p"), quad.String(fmt.Sprint(rng.IntN(3))), l)
				}
				return uniqueQuads(out)
			}
			for step := range 40 {
				switch step % 3 {
				case 0:
					l := label(rng.IntN(6))
					qs := graphOf(l, rng.IntN(5))
					if _, err := s.ReplaceArticle(ctx, l, qs); err != nil {
						t.Fatal(err)
					}
					want[string(l)] = len(qs)
				case 1:
					var arts []ArticleGraph
					for range 3 {
						l := label(rng.IntN(6))
						qs := graphOf(l, 1+rng.IntN(5))
						arts = append(arts, ArticleGraph{Label: l, Quads: qs})
						want[string(l)] = len(qs)
					}
					if _, err := s.ReplaceArticles(ctx, arts); err != nil {
						t.Fatal(err)
					}
				case 2:
					l := label(rng.IntN(6))
					if _, err := s.DeleteArticle(ctx, l); err != nil {
						t.Fatal(err)
					}
					want[string(l)] = 0
				}
				checkQuadCounts(t, s, want)
			}
			var nq bytes.Buffer
			extra := quad.Make(quad.IRI("https://example.test/s/x"), quad.IRI("https://example.test/p"), quad.String("x"), label(9))
			nq.WriteString(extra.NQuad() + "\n")
			if _, err := s.LoadRaw(ctx, &nq, 0); err != nil {
				t.Fatal(err)
			}
			if kept, err := s.IndexKept(ctx, quadCountIndexer{}.Name()); err != nil || kept {
				t.Fatalf("after a raw load the index is kept=%v (err %v), want stale", kept, err)
			}
			if _, err := s.RebuildIndexes(ctx); err != nil {
				t.Fatal(err)
			}
			want[string(label(9))] = 1
			if kept, err := s.IndexKept(ctx, quadCountIndexer{}.Name()); err != nil || !kept {
				t.Fatalf("after a rebuild the index is kept=%v (err %v)", kept, err)
			}
			checkQuadCounts(t, s, want)
		})
	}
}

func checkQuadCounts(t *testing.T, s *Store, want map[string]int) {
	t.Helper()
	ctx := context.Background()
	got := map[string]int{}
	err := s.SideScan(ctx, quadCountBucket, []byte("https://example.test/g/"), nil, func(k, v []byte) bool {
		n, _ := strconv.Atoi(string(v))
		got[string(k)] = n
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	for l, n := range want {
		if got[l] != n {
			t.Fatalf("index of %s = %d, want %d (index %v)", l, got[l], n, got)
		}
	}
	for l := range got {
		if want[l] == 0 {
			t.Fatalf("index holds %s, which has no quads", l)
		}
	}
	// A scan from a key in the middle starts there.
	var first []byte
	err = s.SideScan(ctx, quadCountBucket, []byte("https://example.test/g/"), []byte("https://example.test/g/3"), func(k, _ []byte) bool {
		first = bytes.Clone(k)
		return false
	})
	if err != nil {
		t.Fatal(err)
	}
	if first != nil && string(first) < "https://example.test/g/3" {
		t.Fatalf("scan from g/3 started at %s", first)
	}
}

// quadCountIndexerV2 is quadCountIndexer under its next layout's name.
type quadCountIndexerV2 struct{ quadCountIndexer }

func (quadCountIndexerV2) Name() string { return "test-quadcount-2" }

// TestIndexesOutdated checks that an index whose marker names an older
// layout is reported, and that a rebuild makes it kept and drops the old
// marker; an index marked stale by a raw load is not reported.
func TestIndexesOutdated(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, "bolt:"+filepath.Join(t.TempDir(), "s.bolt"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.indexers = []Indexer{quadCountIndexer{}}
	l := quad.IRI("https://example.test/g/1")
	if _, err := s.ReplaceArticle(ctx, l, []quad.Quad{quad.Make(quad.IRI("https://example.test/s"), quad.IRI("https://example.test/p"), quad.String("o"), l)}); err != nil {
		t.Fatal(err)
	}
	if out, err := s.IndexesOutdated(ctx); err != nil || len(out) != 0 {
		t.Fatalf("current index reported outdated: %v, %v", out, err)
	}
	s.indexers = []Indexer{quadCountIndexerV2{}}
	out, err := s.IndexesOutdated(ctx)
	if err != nil || len(out) != 1 || out[0] != "test-quadcount-1 -> test-quadcount-2" {
		t.Fatalf("after a layout change: %v, %v", out, err)
	}
	if _, err := s.RebuildIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	if out, err := s.IndexesOutdated(ctx); err != nil || len(out) != 0 {
		t.Fatalf("after a rebuild: %v, %v", out, err)
	}
	if kept, err := s.IndexKept(ctx, "test-quadcount-2"); err != nil || !kept {
		t.Fatalf("after a rebuild kept=%v, %v", kept, err)
	}
	if v, err := s.SideGet(ctx, sideMetaBucket, []byte("test-quadcount-1")); err != nil || v != nil {
		t.Fatalf("the old marker is left: %q, %v", v, err)
	}
	if _, err := s.LoadRaw(ctx, bytes.NewReader(nil), 0); err != nil {
		t.Fatal(err)
	}
	if out, err := s.IndexesOutdated(ctx); err != nil || len(out) != 0 {
		t.Fatalf("a stale index reported outdated: %v, %v", out, err)
	}
}
