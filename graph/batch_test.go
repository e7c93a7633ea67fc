package graph_test

import (
	"path/filepath"
	"testing"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/graph/graphtest"
	"github.com/newsgraph/newsgraph/internal/pgtest"
)

func TestBatchMemory(t *testing.T) {
	graphtest.RunBatch(t, func(t testing.TB) *graph.Store { return mustOpen(t, "memory") })
}

func TestBatchBolt(t *testing.T) {
	graphtest.RunBatch(t, func(t testing.TB) *graph.Store {
		return mustOpen(t, "bolt:"+filepath.Join(t.TempDir(), "g.db"))
	})
}

func TestBatchLevelDB(t *testing.T) {
	graphtest.RunBatch(t, func(t testing.TB) *graph.Store {
		return mustOpen(t, "leveldb:"+filepath.Join(t.TempDir(), "g"))
	})
}

func TestBatchPostgres(t *testing.T) {
	graphtest.RunBatch(t, func(t testing.TB) *graph.Store { return mustOpen(t, pgtest.NewDatabase(t)) })
}
