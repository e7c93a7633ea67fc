package queries

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/internal/pgtest"
	"github.com/newsgraph/newsgraph/schema"
)

// TestBasesSummariesMatchScan checks that the rows read from the
// summaries are the rows a scan of every event gives, for every filter
// the summaries answer, sorted the same way.
func TestBasesSummariesMatchScan(t *testing.T) {
	ctx := context.Background()
	s := store(t)
	for _, args := range []Args{
		{},
		{"event": "withdrawal"},
		{"event": "attack", "country": "Iraq"},
		{"negated": "true"},
		{"negated": "any", "status": "any"},
		{"status": "historical"},
		{"status": "planned", "negated": "any"},
		{"operator": "US", "sort": "name"},
		{"event": "deployment", "sort": "last"},
		{"sort": "articles"},
	} {
		t.Run(fmt.Sprint(args), func(t *testing.T) {
			full := Args{"status": "current", "negated": "false", "sort": "events"}
			for k, v := range args {
				full[k] = v
			}
			var fast, slow []Row
			err := s.View(ctx, func(snap *graph.Store) error {
				r := newReader(snap)
				sums, ok, err := snap.BaseSummaries(ctx, full["event"], full["status"], full["negated"])
				if err != nil || !ok {
					return fmt.Errorf("summaries: %v %w", ok, err)
				}
				var rows []baseRow
				for _, b := range sums {
					rows = append(rows, summaryRow(b))
				}
				if fast, err = shownBases(ctx, snap, r, rows, full); err != nil {
					return err
				}
				scanned, err := scanBases(ctx, r, full)
				if err != nil {
					return err
				}
				slow, err = shownBases(ctx, snap, r, scanned, full)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(fast) == 0 && len(args) < 2 {
				t.Fatalf("no rows for %v", args)
			}
			if fmt.Sprint(fast) != fmt.Sprint(slow) {
				t.Errorf("from the summaries:\n%v\nfrom a scan:\n%v", fast, slow)
			}
		})
	}
}

// TestBasesPagesMatchScan checks that the pages the module reads from the
// summaries' sorted rows (one short scan and the total's key) are the
// pages of a scan of every event, in every order, at several offsets, on
// every backend (an import of the test store), and again after deletes
// and a re-import of some articles.
func TestBasesPagesMatchScan(t *testing.T) {
	ctx := context.Background()
	var nq bytes.Buffer
	if err := store(t).Export(ctx, &nq); err != nil {
		t.Fatal(err)
	}
	for _, dsn := range []string{"memory", "bolt:" + filepath.Join(t.TempDir(), "b"), "leveldb:" + filepath.Join(t.TempDir(), "l"), "postgres"} {
		t.Run(strings.SplitN(dsn, ":", 2)[0], func(t *testing.T) {
			if dsn == "postgres" {
				dsn = pgtest.NewDatabase(t)
			}
			s, err := graph.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if _, err := s.Import(ctx, bytes.NewReader(nq.Bytes())); err != nil {
				t.Fatal(err)
			}
			checkBasesPages(t, s, "import")
			var articles []quad.Value
			if err := s.View(ctx, func(snap *graph.Store) error {
				articles, err = snap.Subjects(ctx, schema.Type, schema.ClassNewsArticle)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			for _, a := range articles[:len(articles)/3] {
				if _, err := s.DeleteArticle(ctx, a.(quad.IRI)); err != nil {
					t.Fatal(err)
				}
			}
			checkBasesPages(t, s, "deletes")
			if _, err := s.Import(ctx, bytes.NewReader(nq.Bytes())); err != nil {
				t.Fatal(err)
			}
			checkBasesPages(t, s, "re-import")
		})
	}
}

func checkBasesPages(t *testing.T, s *graph.Store, step string) {
	t.Helper()
	ctx := context.Background()
	for _, args := range []Args{
		{},
		{"event": "withdrawal"},
		{"negated": "any", "status": "any", "limit": "2"},
		{"sort": "name", "limit": "3", "offset": "1"},
		{"sort": "last", "negated": "true"},
		{"sort": "articles", "status": "any", "limit": "1", "offset": "2"},
		{"event": "deployment", "sort": "name"},
	} {
		full := Args{"status": "current", "negated": "false", "sort": "events"}
		for k, v := range args {
			full[k] = v
		}
		fast, err := Run(ctx, s, "bases", args)
		if err != nil {
			t.Fatal(err)
		}
		if len(fast.Notes) != 0 {
			t.Fatalf("%s, %v: notes %v: the summaries did not answer", step, args, fast.Notes)
		}
		var slow []Row
		total := 0
		err = s.View(ctx, func(snap *graph.Store) error {
			r := newReader(snap)
			scanned, err := scanBases(ctx, r, full)
			if err != nil {
				return err
			}
			if err := sortBases(ctx, r, scanned, full["sort"]); err != nil {
				return err
			}
			total = len(scanned)
			offset, limit := PageArgs(full)
			slow, err = showBases(ctx, snap, scanned[min(offset, total):min(offset+limit, total)])
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if total == 0 && len(args) < 2 {
			t.Fatalf("%s: no rows for %v", step, args)
		}
		if fast.Total != total || fmt.Sprint(fast.Rows) != fmt.Sprint(slow) {
			t.Errorf("%s, %v: from the summaries (total %d):\n%v\nfrom a scan (total %d):\n%v", step, args, fast.Total, fast.Rows, total, slow)
		}
	}
}

func shownBases(ctx context.Context, s *graph.Store, r *reader, rows []baseRow, args Args) ([]Row, error) {
	rows, err := filterBases(ctx, r, rows, args)
	if err != nil {
		return nil, err
	}
	if err := sortBases(ctx, r, rows, args["sort"]); err != nil {
		return nil, err
	}
	return showBases(ctx, s, rows)
}

// TestBasesWithoutSummaries checks that a store without summaries answers
// by a scan, says so, and answers from them after a rebuild.
func TestBasesWithoutSummaries(t *testing.T) {
	ctx := context.Background()
	var nq bytes.Buffer
	if err := store(t).Export(ctx, &nq); err != nil {
		t.Fatal(err)
	}
	s, err := graph.Open(ctx, "memory")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.LoadRaw(ctx, &nq, 0); err != nil {
		t.Fatal(err)
	}
	before, err := Run(ctx, s, "bases", Args{"event": "withdrawal"})
	if err != nil {
		t.Fatal(err)
	}
	if len(before.Notes) == 0 || before.Total == 0 {
		t.Fatalf("without summaries: %d rows, notes %v; want rows and a note", before.Total, before.Notes)
	}
	if _, err := s.RebuildSummaries(ctx); err != nil {
		t.Fatal(err)
	}
	after, err := Run(ctx, s, "bases", Args{"event": "withdrawal"})
	if err != nil {
		t.Fatal(err)
	}
	if len(after.Notes) != 0 || fmt.Sprint(after.Rows) != fmt.Sprint(before.Rows) {
		t.Errorf("after a rebuild: notes %v, rows\n%v\nwant\n%v", after.Notes, after.Rows, before.Rows)
	}
}

// TestStatsFromSummaries checks that the counters the writer keeps equal
// a count by scanning.
func TestStatsFromSummaries(t *testing.T) {
	ctx := context.Background()
	var fast, slow Stats
	err := store(t).View(ctx, func(snap *graph.Store) error {
		var err error
		if fast, err = graphStats(ctx, snap); err != nil {
			return err
		}
		slow, err = scanStats(ctx, snap)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !fast.Summarised || fast.Articles == 0 {
		t.Fatalf("stats did not read the summaries: %+v", fast)
	}
	if fmt.Sprint(fast.Articles, fast.Entities, fast.Events) != fmt.Sprint(slow.Articles, slow.Entities, slow.Events) {
		t.Errorf("from the summaries %d %v %v; by scanning %d %v %v", fast.Articles, fast.Entities, fast.Events, slow.Articles, slow.Entities, slow.Events)
	}
}
