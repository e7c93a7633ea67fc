package graph

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"
	"sync"

	"github.com/cayleygraph/cayley/graph"
	csql "github.com/cayleygraph/cayley/graph/sql"
)

// A PostgreSQL write is one transaction: Cayley's ApplyDeltas writes the
// quads in it and the side indexes are written in it after them, and it
// commits once, so a View (a REPEATABLE READ snapshot) sees an article
// with its index entries or neither, and a crash between the two cannot
// part them.
//
// Cayley's SQL quad store begins and commits its own transaction on a
// *sql.DB it opens from a driver name and an address. So, as for reads
// (pgSnapshotDriver), each write hands it a database/sql driver of our own,
// pgWriteDriver: the address names the open transaction in pgWrites, every
// statement Cayley prepares or runs goes to that transaction, and Cayley's
// Begin and Commit are no-ops (its Rollback marks the write failed).
//
// The quad store is opened for one write and closed after it: Cayley
// caches the store's quad and node counts, and a count read inside a
// transaction that is then rolled back would outlive it (the value cache
// maps content hashes to values and cannot go wrong). Opening one costs
// no round trip.
const pgWriteDriver = "newsgraph-postgres-write"

// pgWrites is the registry of open write transactions, by the address
// Cayley is given.
var pgWrites = struct {
	sync.Mutex
	next uint64
	open map[string]*pgWrite
}{open: map[string]*pgWrite{}}

func init() {
	sql.Register(pgWriteDriver, pgWriteConnector{})
	registerPGFlavour(pgWriteDriver)
}

// pgWrite is one write transaction, shared by the connections Cayley opens
// for it. One goroutine writes at a time.
type pgWrite struct {
	ctx context.Context
	tx  *sql.Tx
	// rolledBack is set when Cayley rolled back its part: the write must
	// not commit.
	rolledBack bool
}

// errCayleyRolledBack reports a write whose Cayley part rolled back
// without returning an error.
var errCayleyRolledBack = errors.New("postgres write: Cayley rolled its transaction back")

// pgWriteTx runs fn in one new transaction of pool: qs is a Cayley quad
// store whose writes and reads go to the transaction, and tx is the
// transaction itself for statements of ours. The transaction commits when
// fn returns nil and rolls back otherwise (and when ctx ends).
func pgWriteTx(ctx context.Context, pool *sql.DB, fn func(qs graph.QuadStore, tx *sql.Tx) error) (err error) {
	tx, err := pool.BeginTx(ctx, nil)
	if err != nil {
		return deadlineCause(ctx, fmt.Errorf("begin write transaction: %w", err))
	}
	w := &pgWrite{ctx: ctx, tx: tx}
	pgWrites.Lock()
	pgWrites.next++
	addr := strconv.FormatUint(pgWrites.next, 10)
	pgWrites.open[addr] = w
	pgWrites.Unlock()
	defer func() {
		pgWrites.Lock()
		delete(pgWrites.open, addr)
		pgWrites.Unlock()
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	qs, err := csql.New(pgWriteDriver, addr, graph.Options{})
	if err != nil {
		return deadlineCause(ctx, fmt.Errorf("open write transaction: %w", err))
	}
	err = fn(qs, tx)
	qs.Close()
	if err == nil && w.rolledBack {
		err = errCayleyRolledBack
	}
	if err != nil {
		return deadlineCause(ctx, err)
	}
	if err := tx.Commit(); err != nil {
		return deadlineCause(ctx, fmt.Errorf("commit: %w", err))
	}
	return nil
}

// applyPG writes deltas and the side indexes' changes in one transaction.
// The caller holds writeMu and the writers' lock (lockWriters), so no
// other writer, here or in another process, runs between the reads the
// write was computed from and its commit.
func (s *Store) applyPG(ctx context.Context, deltas []graph.Delta, opts graph.IgnoreOpts, plan sidePlan) error {
	return pgWriteTx(ctx, s.pg, func(qs graph.QuadStore, tx *sql.Tx) error {
		if len(deltas) > 0 {
			if err := qs.ApplyDeltas(deltas, opts); err != nil {
				return err
			}
		}
		if plan.empty() {
			return nil
		}
		if err := plan.run(ctx, pgSide{q: tx}); err != nil {
			return fmt.Errorf("side indexes: %w", err)
		}
		return nil
	})
}

// pgWriteConnector is the database/sql driver: Open's name is a write's
// address.
type pgWriteConnector struct{}

func (pgWriteConnector) Open(name string) (driver.Conn, error) {
	pgWrites.Lock()
	w := pgWrites.open[name]
	pgWrites.Unlock()
	if w == nil {
		return nil, fmt.Errorf("write transaction %s has ended", name)
	}
	return &pgWriteConn{w: w}, nil
}

// pgWriteConn is one of Cayley's connections to a write transaction.
type pgWriteConn struct {
	w *pgWrite
}

var (
	_ driver.QueryerContext     = (*pgWriteConn)(nil)
	_ driver.ExecerContext      = (*pgWriteConn)(nil)
	_ driver.ConnPrepareContext = (*pgWriteConn)(nil)
	_ driver.NamedValueChecker  = (*pgWriteConn)(nil)
)

func (c *pgWriteConn) Close() error { return nil }

// Begin joins the write's transaction: Cayley's Commit is a no-op (the
// write commits once, after the side indexes), its Rollback dooms it.
func (c *pgWriteConn) Begin() (driver.Tx, error) { return pgJoinedTx{c.w}, nil }

// CheckNamedValue passes Cayley's arguments through unconverted: the
// transaction's own driver (lib/pq) converts them as it would have.
func (c *pgWriteConn) CheckNamedValue(*driver.NamedValue) error { return nil }

func (c *pgWriteConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(c.w.ctx, query)
}

func (c *pgWriteConn) PrepareContext(_ context.Context, query string) (driver.Stmt, error) {
	st, err := c.w.tx.PrepareContext(c.w.ctx, query)
	if err != nil {
		return nil, err
	}
	return &pgWriteStmt{w: c.w, st: st}, nil
}

func (c *pgWriteConn) ExecContext(_ context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.w.tx.ExecContext(c.w.ctx, query, namedValues(args)...)
}

// QueryContext reads in the transaction, rows whole (one statement at a
// time per connection).
func (c *pgWriteConn) QueryContext(_ context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	rows, err := c.w.tx.QueryContext(c.w.ctx, query, namedValues(args)...)
	if err != nil {
		return nil, err
	}
	return readRows(rows)
}

func namedValues(args []driver.NamedValue) []any {
	vals := make([]any, len(args))
	for i, a := range args {
		vals[i] = a.Value
	}
	return vals
}

// pgJoinedTx is Cayley's transaction inside the write's.
type pgJoinedTx struct{ w *pgWrite }

func (pgJoinedTx) Commit() error     { return nil }
func (t pgJoinedTx) Rollback() error { t.w.rolledBack = true; return nil }

// pgWriteStmt is a statement Cayley prepared, prepared in the write's
// transaction.
type pgWriteStmt struct {
	w  *pgWrite
	st *sql.Stmt
}

var (
	_ driver.StmtExecContext  = (*pgWriteStmt)(nil)
	_ driver.StmtQueryContext = (*pgWriteStmt)(nil)
)

func (s *pgWriteStmt) Close() error  { return s.st.Close() }
func (s *pgWriteStmt) NumInput() int { return -1 }

func (s *pgWriteStmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.st.ExecContext(s.w.ctx, values(args)...)
}

func (s *pgWriteStmt) ExecContext(_ context.Context, args []driver.NamedValue) (driver.Result, error) {
	return s.st.ExecContext(s.w.ctx, namedValues(args)...)
}

func (s *pgWriteStmt) Query(args []driver.Value) (driver.Rows, error) {
	rows, err := s.st.QueryContext(s.w.ctx, values(args)...)
	if err != nil {
		return nil, err
	}
	return readRows(rows)
}

func (s *pgWriteStmt) QueryContext(_ context.Context, args []driver.NamedValue) (driver.Rows, error) {
	rows, err := s.st.QueryContext(s.w.ctx, namedValues(args)...)
	if err != nil {
		return nil, err
	}
	return readRows(rows)
}

func values(args []driver.Value) []any {
	vals := make([]any, len(args))
	for i, a := range args {
		vals[i] = a
	}
	return vals
}
