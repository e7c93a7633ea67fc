package graph_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/graph/graphtest"
	"github.com/newsgraph/newsgraph/internal/pgtest"
)

func mustOpen(t testing.TB, dsn string) *graph.Store {
	t.Helper()
	s, err := graph.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestMemory(t *testing.T) {
	graphtest.Run(t, func(t testing.TB) *graph.Store { return mustOpen(t, "memory") })
}

func TestBolt(t *testing.T) {
	graphtest.Run(t, func(t testing.TB) *graph.Store {
		return mustOpen(t, "bolt:"+filepath.Join(t.TempDir(), "g.db"))
	})
}

func TestLevelDB(t *testing.T) {
	graphtest.Run(t, func(t testing.TB) *graph.Store {
		return mustOpen(t, "leveldb:"+filepath.Join(t.TempDir(), "g"))
	})
}

func TestPostgres(t *testing.T) {
	graphtest.Run(t, func(t testing.TB) *graph.Store { return mustOpen(t, pgtest.NewDatabase(t)) })
}

func TestBoltReopen(t *testing.T) {
	path := "bolt:" + filepath.Join(t.TempDir(), "g.db")
	s := mustOpen(t, path)
	st, err := s.Stats(context.Background())
	if err != nil || st.Quads != 0 {
		t.Fatalf("new store: %+v, %v", st, err)
	}
	s.Close()
	s2 := mustOpen(t, path)
	if _, err := s2.Stats(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestOpenErrors(t *testing.T) {
	for _, dsn := range []string{"nosuch:x", "bolt:", "postgres://127.0.0.1:1/none?sslmode=disable&connect_timeout=2"} {
		if _, err := graph.Open(context.Background(), dsn); err == nil {
			t.Errorf("Open(%q) succeeded, want an error", dsn)
		}
	}
}
