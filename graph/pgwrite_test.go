package graph

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/internal/pgtest"
)

// failingIndexer is the test indexer that, while fail is set, writes its
// entries and then fails: the write fails after its quads and side rows
// went in.
type failingIndexer struct {
	quadCountIndexer
	fail *atomic.Bool
}

var errInjected = errors.New("injected index failure")

func (f failingIndexer) IndexChanges(ctx context.Context, w SideWriter, changes []GraphChange) error {
	if err := f.quadCountIndexer.IndexChanges(ctx, w, changes); err != nil {
		return err
	}
	if f.fail.Load() {
		return errInjected
	}
	return nil
}

func testLabel(i int) quad.IRI { return quad.IRI(fmt.Sprintf("https://example.test/g/%d", i)) }

// testGraph is a graph of n quads under label l, its objects tagged.
func testGraph(l quad.IRI, n int, tag string) []quad.Quad {
	out := make([]quad.Quad, n)
	for i := range out {
		out[i] = quad.Make(quad.IRI(fmt.Sprintf("https://example.test/s/%d", i)), quad.IRI("https://example.test/p"), quad.String(tag), l)
	}
	return out
}

// TestFailedWriteLeavesNothing fails writes after their quads and side
// rows are written and checks that the store holds what it held before,
// quads, summaries and side rows; then writes again, which must land
// whole (the writer's caches survived the rollback correctly).
func TestFailedWriteLeavesNothing(t *testing.T) {
	ctx := context.Background()
	writes := []struct {
		name  string
		write func(s *Store) error
	}{
		{"new article", func(s *Store) error {
			_, err := s.ReplaceArticle(ctx, testLabel(2), testGraph(testLabel(2), 3, "new"))
			return err
		}},
		{"replacement", func(s *Store) error {
			_, err := s.ReplaceArticle(ctx, testLabel(1), testGraph(testLabel(1), 2, "changed"))
			return err
		}},
		{"deletion", func(s *Store) error {
			_, err := s.DeleteArticle(ctx, testLabel(1))
			return err
		}},
		{"batch", func(s *Store) error {
			_, err := s.ReplaceArticles(ctx, []ArticleGraph{
				{Label: testLabel(1), Quads: testGraph(testLabel(1), 5, "batch")},
				{Label: testLabel(3), Quads: testGraph(testLabel(3), 1, "batch")},
			})
			return err
		}},
	}
	stores := sideTestStores(t)
	// The memory store has no transactions: a write that fails midway
	// keeps what it wrote there.
	delete(stores, "memory")
	for name, dsn := range stores {
		t.Run(name, func(t *testing.T) {
			s, err := Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			var fail atomic.Bool
			s.indexers = []Indexer{failingIndexer{fail: &fail}}
			if _, err := s.ReplaceArticle(ctx, testLabel(1), testGraph(testLabel(1), 4, "first")); err != nil {
				t.Fatal(err)
			}
			want := map[string]int{string(testLabel(1)): 4}
			for _, w := range writes {
				before := storeState(t, s)
				fail.Store(true)
				if err := w.write(s); !errors.Is(err, errInjected) {
					t.Fatalf("%s: error %v, want the injected one", w.name, err)
				}
				fail.Store(false)
				if after := storeState(t, s); after != before {
					t.Fatalf("%s: a failed write changed the store:\nbefore %s\nafter  %s", w.name, before, after)
				}
				checkQuadCounts(t, s, want)
			}
			// The same writes succeed afterwards, and the index follows.
			for _, w := range writes {
				if err := w.write(s); err != nil {
					t.Fatalf("%s after the failures: %v", w.name, err)
				}
			}
			want = map[string]int{string(testLabel(1)): 5, string(testLabel(2)): 3, string(testLabel(3)): 1}
			checkQuadCounts(t, s, want)
			checkIndexMatchesQuads(t, s, 4)
		})
	}
}

// storeState is every quad (the summaries' too), the stats and the test
// index of the store, as text.
func storeState(t *testing.T, s *Store) string {
	t.Helper()
	ctx := context.Background()
	var lines []string
	err := s.View(ctx, func(snap *Store) error {
		it := snap.qs.QuadsAllIterator().Iterate()
		defer it.Close()
		for it.Next(ctx) {
			q, err := snap.qs.Quad(it.Result())
			if err != nil {
				return err
			}
			lines = append(lines, q.NQuad())
		}
		if err := it.Err(); err != nil {
			return err
		}
		st, err := snap.Stats(ctx)
		if err != nil {
			return err
		}
		lines = append(lines, fmt.Sprintf("stats %+v", st))
		return snap.SideScan(ctx, quadCountBucket, nil, nil, func(k, v []byte) bool {
			lines = append(lines, "side "+string(k)+"="+string(v))
			return true
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(lines)
	return fmt.Sprint(lines)
}

// checkIndexMatchesQuads checks, in one View, that the test index holds
// each graph's quad count, graphs 0..n-1.
func checkIndexMatchesQuads(t *testing.T, s *Store, n int) {
	t.Helper()
	if err := s.View(context.Background(), func(snap *Store) error { return indexMatchesQuads(snap, n) }); err != nil {
		t.Fatal(err)
	}
}

func indexMatchesQuads(snap *Store, n int) error {
	ctx := context.Background()
	for i := range n {
		l := testLabel(i)
		qs, err := snap.ArticleQuads(ctx, l)
		if err != nil {
			return err
		}
		v, err := snap.SideGet(ctx, quadCountBucket, []byte(l))
		if err != nil {
			return err
		}
		got := 0
		if v != nil {
			if got, err = strconv.Atoi(string(v)); err != nil {
				return fmt.Errorf("index of %s: %w", l, err)
			}
		}
		if got != len(qs) {
			return fmt.Errorf("%s has %d quads in the snapshot, its index says %d", l, len(qs), got)
		}
	}
	return nil
}

// TestReadersSeeQuadsWithTheirIndex loops a reader that checks, in one
// View, the test index against the quads while writers replace and
// delete articles: the index entries of a write must show with its quads.
// On PostgreSQL two writers on separate connection pools (two processes'
// worth) write the same graphs, through the writers' lock.
func TestReadersSeeQuadsWithTheirIndex(t *testing.T) {
	ctx := context.Background()
	const graphs = 4
	for name, dsn := range sideTestStores(t) {
		t.Run(name, func(t *testing.T) {
			s, err := Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			s.indexers = []Indexer{quadCountIndexer{}}
			writers := []*Store{s}
			if name == "postgres" {
				other, err := Open(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				defer other.Close()
				other.indexers = []Indexer{quadCountIndexer{}}
				writers = append(writers, other)
			}
			var wg sync.WaitGroup
			done := make(chan struct{})
			for wi, w := range writers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					rng := rand.New(rand.NewPCG(uint64(wi), 7))
					for step := range 60 {
						l := testLabel(rng.IntN(graphs))
						var err error
						if step%5 == 4 {
							_, err = w.DeleteArticle(ctx, l)
						} else {
							_, err = w.ReplaceArticle(ctx, l, testGraph(l, 1+rng.IntN(6), fmt.Sprint(wi, step)))
						}
						if err != nil {
							t.Error(err)
							return
						}
					}
				}()
			}
			go func() { wg.Wait(); close(done) }()
			checks := 0
			for running := true; running; checks++ {
				select {
				case <-done:
					running = false
				default:
				}
				if err := s.View(ctx, func(snap *Store) error { return indexMatchesQuads(snap, graphs) }); err != nil {
					<-done
					t.Fatalf("check %d: %v", checks, err)
				}
			}
			if checks < 2 {
				t.Fatalf("the reader ran %d times", checks)
			}
		})
	}
}

// TestSideScanPages compares scans of a bucket of many keys, under
// prefixes next to each other and keys with 0xff bytes, with the keys
// they must return, on every backend: PostgreSQL reads them in pages of
// growing size bounded by the prefix's end.
func TestSideScanPages(t *testing.T) {
	ctx := context.Background()
	const bucket = "test_pages"
	var keys []string
	// No '/' or '\': hidalgo's leveldb escapes them in keys, which
	// changes their order there.
	for _, p := range []string{"a.", "a0", "b.", "b.\xff", "b\xff", "\xff\xff"} {
		for i := range 300 {
			keys = append(keys, fmt.Sprintf("%s%04d", p, i))
		}
	}
	keys = append(keys, "b", "b.", "\xff")
	slices.Sort(keys)
	keys = slices.Compact(keys)
	scans := []struct {
		name         string
		prefix, from string
		stop         int // keys fn takes before it returns false (0: all)
	}{
		{"all", "", "", 0},
		{"prefix", "a.", "", 0},
		{"prefix with a longer neighbour", "b.", "", 0},
		{"0xff prefix", "b.\xff", "", 0},
		{"only 0xff", "\xff", "", 0},
		{"from in the middle", "b.", "b.0150", 0},
		{"from before the prefix", "b.", "a", 0},
		{"from past the prefix", "a.", "b", 0},
		{"first page", "a", "", 20},
		{"stops after pages", "", "a0", 1000},
		{"no key", "c", "", 0},
	}
	for name, dsn := range sideTestStores(t) {
		t.Run(name, func(t *testing.T) {
			s, err := Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			err = s.sideWrite(ctx, func(w SideWriter) error {
				for i, k := range keys {
					if err := w.SidePut(ctx, bucket, []byte(k), []byte(strconv.Itoa(i))); err != nil {
						return err
					}
				}
				return w.SidePut(ctx, "test_pages_after", []byte("a.0000"), []byte("x"))
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, sc := range scans {
				var want []string
				for _, k := range keys {
					if strings.HasPrefix(k, sc.prefix) && k >= sc.from && (sc.stop == 0 || len(want) < sc.stop) {
						want = append(want, k)
					}
				}
				var got []string
				err := s.SideScan(ctx, bucket, []byte(sc.prefix), []byte(sc.from), func(k, v []byte) bool {
					if string(v) != strconv.Itoa(slices.Index(keys, string(k))) {
						t.Errorf("%s: key %q has value %q", sc.name, k, v)
					}
					got = append(got, string(k))
					return sc.stop == 0 || len(got) < sc.stop
				})
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s: %d keys %q..., want %d", sc.name, len(got), got[:min(len(got), 3)], len(want))
				}
			}
		})
	}
}

// TestPGBatchStatements checks which of Cayley's write statements are
// batched, and the statement a batch of two rows sends.
func TestPGBatchStatements(t *testing.T) {
	tests := []struct {
		query string
		want  string // "" for a statement that is not batched
	}{
		{
			`INSERT INTO nodes(refs, hash, value_string, iri) VALUES ($1, $2, $3, $4) ON CONFLICT (hash) DO UPDATE SET refs = nodes.refs + EXCLUDED.refs;`,
			`INSERT INTO nodes(refs, hash, value_string, iri) VALUES ($1, $2, $3, $4), ($5, $6, $7, $8) ON CONFLICT (hash) DO UPDATE SET refs = nodes.refs + EXCLUDED.refs`,
		},
		{
			`INSERT INTO quads(subject_hash, predicate_hash, object_hash, label_hash, ts) VALUES ($1, $2, $3, $4, now()) ON CONFLICT  DO NOTHING;`,
			`INSERT INTO quads(subject_hash, predicate_hash, object_hash, label_hash, ts) VALUES ($1, $2, $3, $4, now()), ($5, $6, $7, $8, now()) ON CONFLICT  DO NOTHING`,
		},
		{
			pgUpdateRefs,
			`UPDATE nodes SET refs = nodes.refs + v.inc FROM (VALUES ($1::bigint, $2::bytea), ($3::bigint, $4::bytea)) AS v(inc, hash) WHERE nodes.hash = v.hash`,
		},
		{`DELETE FROM quads WHERE subject_hash=$1 and predicate_hash=$2 and object_hash=$3 and label_hash=$4;`, ""},
		{`DELETE FROM nodes WHERE refs <= 0;`, ""},
		{`INSERT INTO quads(subject_hash) VALUES ($2, $1)`, ""},
		{`INSERT INTO quads(subject_hash) VALUES ($1`, ""},
	}
	for _, tt := range tests {
		b := newPGBatch(tt.query)
		if b == nil {
			if tt.want != "" {
				t.Errorf("%s: not batched", tt.query)
			}
			continue
		}
		if tt.want == "" {
			t.Errorf("%s: batched", tt.query)
			continue
		}
		for range 2 {
			b.args = append(b.args, make([]any, b.n())...)
		}
		if got := b.statement(); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.query, got, tt.want)
		}
	}
}

// TestPGVacuumAfterWrites checks that a writer whose server does not
// vacuum analyzes the tables once it has written its due: pg_class's
// row estimate of quads, -1 on a table never vacuumed nor analyzed,
// becomes the number of rows.
func TestPGVacuumAfterWrites(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	estimate := func() int64 {
		var n int64
		if err := s.pg.QueryRowContext(ctx, `SELECT reltuples::bigint FROM pg_class WHERE relname = 'quads'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	s.pgVac = pgVacuum{checked: true, off: true, next: 8}
	if _, err := s.ReplaceArticle(ctx, testLabel(0), testGraph(testLabel(0), 3, "a")); err != nil {
		t.Fatal(err)
	}
	if n := estimate(); n > 0 {
		t.Fatalf("after 3 quads of 8 the estimate is %d: vacuumed too early", n)
	}
	if _, err := s.ReplaceArticle(ctx, testLabel(1), testGraph(testLabel(1), 6, "b")); err != nil {
		t.Fatal(err)
	}
	if n := estimate(); n < 9 {
		t.Fatalf("after 9 quads of 8 the estimate is %d, want the table's rows (9 and the summaries')", n)
	}
	if s.pgVac.dirty != 0 || s.pgVac.next != pgVacuumMin {
		t.Fatalf("after the vacuum: %+v", s.pgVac)
	}
}
