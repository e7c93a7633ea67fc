package graph

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
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
	// pending are the batched statements' rows not yet sent, in the order
	// of their statements' first rows (see pgBatch).
	pending []*pgBatch
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
	defer s.pgVac.wrote(ctx, s.pg, len(deltas))
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
	if b := newPGBatch(query); b != nil {
		return &pgBatchStmt{w: c.w, query: query, b: b}, nil
	}
	st, err := c.w.tx.PrepareContext(c.w.ctx, query)
	if err != nil {
		return nil, err
	}
	return &pgWriteStmt{w: c.w, st: st}, nil
}

func (c *pgWriteConn) ExecContext(_ context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if err := c.w.flush(); err != nil {
		return nil, err
	}
	return c.w.tx.ExecContext(c.w.ctx, query, namedValues(args)...)
}

// QueryContext reads in the transaction, rows whole (one statement at a
// time per connection).
func (c *pgWriteConn) QueryContext(_ context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if err := c.w.flush(); err != nil {
		return nil, err
	}
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

// pgJoinedTx is Cayley's transaction inside the write's. Its Commit
// sends the rows still batched, so that an error in them fails Cayley's
// ApplyDeltas.
type pgJoinedTx struct{ w *pgWrite }

func (t pgJoinedTx) Commit() error { return t.w.flush() }

func (t pgJoinedTx) Rollback() error {
	t.w.rolledBack = true
	t.w.pending = nil
	return nil
}

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
	if err := s.w.flush(); err != nil {
		return nil, err
	}
	return s.st.ExecContext(s.w.ctx, values(args)...)
}

func (s *pgWriteStmt) ExecContext(_ context.Context, args []driver.NamedValue) (driver.Result, error) {
	if err := s.w.flush(); err != nil {
		return nil, err
	}
	return s.st.ExecContext(s.w.ctx, namedValues(args)...)
}

func (s *pgWriteStmt) Query(args []driver.Value) (driver.Rows, error) {
	if err := s.w.flush(); err != nil {
		return nil, err
	}
	rows, err := s.st.QueryContext(s.w.ctx, values(args)...)
	if err != nil {
		return nil, err
	}
	return readRows(rows)
}

func (s *pgWriteStmt) QueryContext(_ context.Context, args []driver.NamedValue) (driver.Rows, error) {
	if err := s.w.flush(); err != nil {
		return nil, err
	}
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

// Cayley writes one row per statement, a round trip each (CAYLEY.md trap
// 8): at 10k articles millions of them. The statements whose results it
// does not read (it inserts nodes and quads and adjusts node reference
// counts without looking at the rows affected) are batched instead: their
// rows wait in a pgBatch and go as one multi-row statement of up to
// pgBatchRows rows, before any other statement runs and at Cayley's
// Commit, in the order of the statements' first rows, so that the
// transaction sees the same statements in the same order, grouped. A
// delete, whose rows affected Cayley reads, runs at once.
const pgBatchRows = 1000

// pgUpdateRefs is Cayley's statement that adjusts a node's reference
// count, and pgUpdateRefsBatch its batched form.
const (
	pgUpdateRefs      = `UPDATE nodes SET refs = refs + $1 WHERE hash = $2;`
	pgUpdateRefsBatch = `UPDATE nodes SET refs = nodes.refs + v.inc FROM (VALUES %s) AS v(inc, hash) WHERE nodes.hash = v.hash`
)

// pgBatch is the rows waiting for one batched statement: head, then each
// row's values list with its placeholders renumbered, joined, then tail.
type pgBatch struct {
	head, tail string
	// row is a row's values list, split at its placeholders $1..$n (in
	// order), so that row i's are $(i*n+1)...
	row  []string
	args []any
}

// placeholder matches a statement's placeholders.
var placeholder = regexp.MustCompile(`\$[0-9]+`)

// newPGBatch returns the batch of a statement that can be batched, or
// nil: Cayley's node and quad inserts (INSERT ... VALUES (...) ...) and
// its reference count update.
func newPGBatch(query string) *pgBatch {
	var head, vals, tail string
	switch {
	case query == pgUpdateRefs:
		head, tail, _ = strings.Cut(pgUpdateRefsBatch, "%s")
		vals = "$1::bigint, $2::bytea"
	case strings.HasPrefix(query, "INSERT INTO nodes(") || strings.HasPrefix(query, "INSERT INTO quads("):
		i := strings.Index(query, " VALUES (")
		if i < 0 {
			return nil
		}
		start := i + len(" VALUES (")
		j, depth := start, 1
		for ; j < len(query) && depth > 0; j++ {
			switch query[j] {
			case '(':
				depth++
			case ')':
				depth--
			}
		}
		if depth > 0 {
			return nil
		}
		// The values list's parentheses (now()) go through unchanged.
		head, vals, tail = query[:i]+" VALUES ", query[start:j-1], query[j:]
	default:
		return nil
	}
	n := 0
	for _, m := range placeholder.FindAllString(vals, -1) {
		if m != "$"+strconv.Itoa(n+1) {
			return nil // not $1..$n in order
		}
		n++
	}
	return &pgBatch{head: head, tail: strings.TrimSuffix(tail, ";"), row: placeholder.Split(vals, -1)}
}

// n is the number of placeholders of a row.
func (b *pgBatch) n() int { return len(b.row) - 1 }

// add queues a row, and sends the batch when it is full.
func (w *pgWrite) add(b *pgBatch, args []any) error {
	if len(args) != b.n() {
		return fmt.Errorf("postgres write: %d arguments for %d placeholders", len(args), b.n())
	}
	if len(b.args) == 0 {
		w.pending = append(w.pending, b)
	}
	b.args = append(b.args, args...)
	if len(b.args) >= pgBatchRows*b.n() {
		return w.flush()
	}
	return nil
}

// flush sends the rows of every batch, in order.
func (w *pgWrite) flush() error {
	for len(w.pending) > 0 {
		b := w.pending[0]
		w.pending = w.pending[1:]
		q, args := b.statement(), b.args
		b.args = nil
		if _, err := w.tx.ExecContext(w.ctx, q, args...); err != nil {
			w.pending = nil
			return err
		}
	}
	return nil
}

// statement is the statement that sends the batch's rows.
func (b *pgBatch) statement() string {
	var q strings.Builder
	q.WriteString(b.head)
	for r := range len(b.args) / b.n() {
		if r > 0 {
			q.WriteString(", ")
		}
		q.WriteByte('(')
		for i, part := range b.row {
			if i > 0 {
				q.WriteString("$" + strconv.Itoa(r*b.n()+i))
			}
			q.WriteString(part)
		}
		q.WriteByte(')')
	}
	q.WriteString(b.tail)
	return q.String()
}

// pgBatchStmt is a statement Cayley prepared whose rows are batched.
type pgBatchStmt struct {
	w     *pgWrite
	query string
	b     *pgBatch
}

var _ driver.StmtExecContext = (*pgBatchStmt)(nil)

// Close leaves the rows queued: Cayley closes its insert statements
// before it commits.
func (s *pgBatchStmt) Close() error  { return nil }
func (s *pgBatchStmt) NumInput() int { return -1 }

// Exec queues the row; its result has no rows affected (Cayley reads
// none of these statements').
func (s *pgBatchStmt) Exec(args []driver.Value) (driver.Result, error) {
	return driver.ResultNoRows, s.w.add(s.b, values(args))
}

func (s *pgBatchStmt) ExecContext(_ context.Context, args []driver.NamedValue) (driver.Result, error) {
	return driver.ResultNoRows, s.w.add(s.b, namedValues(args))
}

func (s *pgBatchStmt) Query([]driver.Value) (driver.Rows, error) {
	return nil, fmt.Errorf("postgres write: %s returns no rows", s.query)
}

// A server with autovacuum off (as on the machine the figures in
// docs/performance.md come from) never vacuums nor analyzes Cayley's
// tables, and Cayley's writes leave many dead rows: every write that
// references an existing node rewrites its row (its reference count).
// After a 10k-article ingest the nodes table held 433k dead rows beside
// 391k live ones, no index-only scan of quads skipped the heap, and the
// planner had no statistics: the headline answer's one statement read
// 2,534 buffers and took 120 ms p50 at load 22, 45 ms after VACUUM
// ANALYZE. So on such a server the writer vacuums and analyzes the tables
// itself, each time it has written as many quads as half the quads table
// held at the last vacuum (and at least pgVacuumMin): the cost, which
// grows with the tables, stays a fixed share of the writing.
const pgVacuumMin = 50_000

// pgVacuum is the writer's account of what it wrote since it last
// vacuumed. The zero value is ready; it is guarded by writeMu.
type pgVacuum struct {
	checked, off bool  // whether the server's autovacuum is off is known, and is
	dirty, next  int64 // quads written since the last vacuum, and the number that triggers one
}

// wrote counts n quads written and vacuums when they are due. A failure
// is logged, not returned: the write itself is done.
func (v *pgVacuum) wrote(ctx context.Context, pool *sql.DB, n int) {
	if !v.checked {
		var setting string
		if err := pool.QueryRowContext(ctx, `SHOW autovacuum`).Scan(&setting); err != nil {
			return
		}
		v.checked, v.off, v.next = true, setting == "off", pgVacuumMin
	}
	if !v.off {
		return
	}
	if v.dirty += int64(n); v.dirty < v.next {
		return
	}
	// VACUUM runs outside any transaction, on a connection of its own.
	if _, err := pool.ExecContext(ctx, `VACUUM (ANALYZE) quads, nodes, newsgraph_side`); err != nil {
		slog.Warn("postgres: vacuum after writes failed", "err", err)
		return
	}
	var quads int64
	if err := pool.QueryRowContext(ctx, `SELECT reltuples::bigint FROM pg_class WHERE relname = 'quads'`).Scan(&quads); err != nil {
		quads = 0
	}
	v.dirty, v.next = 0, max(pgVacuumMin, quads/2)
}
