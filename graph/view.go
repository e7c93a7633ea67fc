package graph

import (
	"context"
	"fmt"
)

// PostgreSQL connections for read snapshots: each View holds one for its
// duration. At most maxOpenSnapshots are open (PostgreSQL allows 100
// clients by default, shared with the writers); a View beyond that waits
// for one until its context ends. maxIdleSnapshots stay open between
// requests.
const (
	maxOpenSnapshots = 32
	maxIdleSnapshots = 4
)

// View runs fn on a read-only snapshot of the store: every read fn makes
// through snap (its methods, and its QuadStore for Cayley's path API and
// query languages) answers from one version of the graph, so an article
// replaced meanwhile is seen whole in its old version, never half of each.
//
//   - bolt and leveldb: one read transaction of the KV database. It starts
//     without waiting for writers, and writers do not wait for it.
//   - PostgreSQL: one read-only REPEATABLE READ transaction, which also
//     holds against writers in other processes (newsgraph refresh beside
//     newsgraph serve); it ends when ctx does.
//   - memory: Cayley's memstore has no transactions, so fn runs under a
//     read lock that writes wait for (and reads wait behind a waiting
//     write).
//
// snap is valid only until fn returns, and only in one goroutine at a
// time. Writing through it fails. View on a snapshot runs fn on the same
// snapshot. When fn fails after ctx has ended, the error matches ctx's
// error (errors.Is), whatever words the backend used for it.
func (s *Store) View(ctx context.Context, fn func(snap *Store) error) error {
	if s.snapshot {
		return fn(s)
	}
	s.views.Add(1)
	defer s.views.Done()
	snap := &Store{backend: s.backend, snapshot: true}
	switch {
	case s.kv != nil:
		qs, tx, err := kvSnapshot(ctx, s.kv.KV, s.opts)
		if err != nil {
			return fmt.Errorf("%s read snapshot: %w", s.backend, err)
		}
		defer qs.Close()
		snap.qs, snap.kvTx = qs, tx
	case s.pg != nil:
		qs, pgSnap, end, err := pgSnapshotQuadStore(ctx, s.pg)
		if err != nil {
			return err
		}
		defer end()
		snap.qs, snap.pgSnap = qs, pgSnap
	default:
		s.memMu.RLock()
		defer s.memMu.RUnlock()
		snap.qs, snap.mem = s.qs, s.mem
	}
	return deadlineCause(ctx, fn(snap))
}
