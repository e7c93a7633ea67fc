package graph

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"

	"github.com/cayleygraph/cayley/graph"
	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/cayley/graph/sql/postgres"
)

// A PostgreSQL read snapshot is one REPEATABLE READ, READ ONLY transaction
// for the whole request. Cayley's SQL quad store reads through a *sql.DB
// it opens itself from a driver name and an address, so the snapshot is
// handed to it as a database/sql driver of our own (pgSnapshotDriver),
// registered with Cayley as a SQL flavour identical to its postgres one:
// the "address" names an open transaction in pgSnapshots, and every
// connection Cayley opens on it runs its queries in that transaction.
//
// Cayley keeps a cursor open while it issues further queries (an iterator
// over quads, then a value look-up per quad), and PostgreSQL runs one
// statement at a time per connection, so each query's rows are read whole
// before the next runs. A request's reads are one goroutine's anyway.
const pgSnapshotDriver = "newsgraph-postgres-snapshot"

// pgSnapshots is the registry of open snapshot transactions, by the
// address Cayley is given.
var pgSnapshots = struct {
	sync.Mutex
	next uint64
	open map[string]*pgSnapshot
}{open: map[string]*pgSnapshot{}}

func init() {
	sql.Register(pgSnapshotDriver, pgSnapshotConnector{})
	registerPGFlavour(pgSnapshotDriver)
}

// registerPGFlavour registers driver, a database/sql driver of ours, with
// Cayley as a SQL flavour identical to its postgres one.
func registerPGFlavour(driver string) {
	csql.Register(driver, csql.Registration{
		Driver:             driver,
		HashType:           `BYTEA`,
		BytesType:          `BYTEA`,
		HorizonType:        `BIGSERIAL`,
		TimeType:           `timestamp with time zone`,
		QueryDialect:       postgres.QueryDialect,
		ConditionalIndexes: true,
		FillFactor:         true,
		Error:              postgres.ConvError,
		Estimated: func(table string) string {
			return "SELECT reltuples::BIGINT AS estimate FROM pg_class WHERE relname='" + table + "';"
		},
		RunTx: postgres.RunTxPostgres,
	})
}

// pgSnapshot is one read transaction shared by the connections Cayley
// opens for it.
type pgSnapshot struct {
	ctx context.Context
	mu  sync.Mutex
	tx  *sql.Tx
}

// pgSnapshotQuadStore begins a read-only REPEATABLE READ transaction on
// pool and returns a Cayley quad store reading in it, and the function
// that ends both. The transaction ends with ctx too (database/sql rolls it
// back), after which every read fails with ctx's error.
func pgSnapshotQuadStore(ctx context.Context, pool *sql.DB) (graph.QuadStore, *pgSnapshot, func(), error) {
	tx, err := pool.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return nil, nil, nil, deadlineCause(ctx, fmt.Errorf("begin read transaction: %w", err))
	}
	snap := &pgSnapshot{ctx: ctx, tx: tx}
	pgSnapshots.Lock()
	pgSnapshots.next++
	addr := strconv.FormatUint(pgSnapshots.next, 10)
	pgSnapshots.open[addr] = snap
	pgSnapshots.Unlock()
	end := func() {
		pgSnapshots.Lock()
		delete(pgSnapshots.open, addr)
		pgSnapshots.Unlock()
		_ = tx.Rollback()
	}
	qs, err := csql.New(pgSnapshotDriver, addr, graph.Options{})
	if err != nil {
		end()
		return nil, nil, nil, deadlineCause(ctx, fmt.Errorf("open read snapshot: %w", err))
	}
	return qs, snap, func() { qs.Close(); end() }, nil
}

// deadlineCause makes err match ctx's error with errors.Is when ctx has
// ended: PostgreSQL reports a cancelled statement in its own words, and
// Cayley's SQL layer keeps only the text of its errors.
func deadlineCause(ctx context.Context, err error) error {
	if err == nil || ctx.Err() == nil || errors.Is(err, ctx.Err()) {
		return err
	}
	return fmt.Errorf("%w: %w", ctx.Err(), err)
}

// pgSnapshotConnector is the database/sql driver: Open's name is a
// snapshot's address.
type pgSnapshotConnector struct{}

func (pgSnapshotConnector) Open(name string) (driver.Conn, error) {
	pgSnapshots.Lock()
	snap := pgSnapshots.open[name]
	pgSnapshots.Unlock()
	if snap == nil {
		return nil, fmt.Errorf("read snapshot %s has ended", name)
	}
	return &pgSnapshotConn{snap: snap}, nil
}

// pgSnapshotConn is one of Cayley's connections to a snapshot.
type pgSnapshotConn struct {
	snap *pgSnapshot
}

var (
	_ driver.QueryerContext = (*pgSnapshotConn)(nil)
	_ driver.ExecerContext  = (*pgSnapshotConn)(nil)
)

func (c *pgSnapshotConn) Prepare(string) (driver.Stmt, error) { return nil, errSnapshotWrite }
func (c *pgSnapshotConn) Close() error                        { return nil }
func (c *pgSnapshotConn) Begin() (driver.Tx, error)           { return nil, errSnapshotWrite }

func (c *pgSnapshotConn) ExecContext(context.Context, string, []driver.NamedValue) (driver.Result, error) {
	return nil, errSnapshotWrite
}

// QueryContext runs a query in the snapshot's transaction and reads its
// rows whole.
func (c *pgSnapshotConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	vals := make([]any, len(args))
	for i, a := range args {
		vals[i] = a.Value
	}
	c.snap.mu.Lock()
	defer c.snap.mu.Unlock()
	rows, err := c.snap.tx.QueryContext(ctx, query, vals...)
	if err != nil {
		return nil, deadlineCause(c.snap.ctx, err)
	}
	out, err := readRows(rows)
	return out, deadlineCause(c.snap.ctx, err)
}

// readRows reads rows whole and closes them.
func readRows(rows *sql.Rows) (driver.Rows, error) {
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	out := &bufferedRows{cols: cols}
	for rows.Next() {
		row := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range row {
			ptrs[i] = &row[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		vals := make([]driver.Value, len(cols))
		for i, v := range row {
			if b, ok := v.([]byte); ok {
				v = append([]byte(nil), b...)
			}
			vals[i] = v
		}
		out.rows = append(out.rows, vals)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// bufferedRows are a query's rows, read whole.
type bufferedRows struct {
	cols []string
	rows [][]driver.Value
}

func (r *bufferedRows) Columns() []string { return r.cols }
func (r *bufferedRows) Close() error      { r.rows = nil; return nil }

func (r *bufferedRows) Next(dest []driver.Value) error {
	if len(r.rows) == 0 {
		return io.EOF
	}
	copy(dest, r.rows[0])
	r.rows = r.rows[1:]
	return nil
}
