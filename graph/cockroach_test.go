package graph_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/internal/pgtest"
)

// No CockroachDB server can be installed on the machines this project is
// built on, so these tests stop at the server: the backend is linked in,
// the URL schemes select it, and a server that is not there is reported
// naming the URL. TestCockroachDriverReachesServer goes one step further
// on PostgreSQL, which speaks the same protocol.

func TestCockroachRegistered(t *testing.T) {
	if !cgraph.IsRegistered("cockroach") {
		t.Fatalf("Cayley's cockroach backend is not linked in; registered: %v", cgraph.QuadStores())
	}
}

// closedPort returns a loopback address on which nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestCockroachNoServer(t *testing.T) {
	addr := closedPort(t)
	for _, scheme := range []string{"cockroach", "cockroachdb"} {
		t.Run(scheme, func(t *testing.T) {
			dsn := fmt.Sprintf("%s://root:s3cret@%s/defaultdb?sslmode=disable&connect_timeout=2", scheme, addr)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			for _, open := range []func(context.Context, string) (*graph.Store, error){graph.Open, graph.OpenReadOnly} {
				s, err := open(ctx, dsn)
				if err == nil {
					s.Close()
					t.Fatalf("open %s succeeded with nothing listening", dsn)
				}
				if errors.Is(err, graph.ErrBadStore) {
					t.Fatalf("open %s: %v: the scheme was not recognised", dsn, err)
				}
				msg := err.Error()
				want := scheme + "://root:xxxxx@" + addr + "/defaultdb"
				if !strings.HasPrefix(msg, "cockroach ") || !strings.Contains(msg, want) {
					t.Errorf("error %q: want it to start with the backend and name the URL %s", msg, want)
				}
				if strings.Contains(msg, "s3cret") {
					t.Errorf("error %q shows the password", msg)
				}
				// The driver's own words stay wrapped underneath.
				if errors.Unwrap(err) == nil {
					t.Errorf("error %q wraps nothing", msg)
				}
			}
		})
	}
}

func TestCockroachBadURL(t *testing.T) {
	for _, dsn := range []string{"cockroach://", "cockroachdb://"} {
		if s, err := graph.Open(context.Background(), dsn); !errors.Is(err, graph.ErrBadStore) {
			if s != nil {
				s.Close()
			}
			t.Errorf("Open(%q): %v, want ErrBadStore", dsn, err)
		}
	}
}

// TestCockroachDriverReachesServer points a cockroach:// URL at the
// PostgreSQL test server: pgx connects, the store checks for its tables,
// and Cayley's CockroachDB schema (column families, FAMILY fhash ...) is then refused by
// PostgreSQL, an error that must name the store URL. This is as far as the
// route can be tested without CockroachDB itself.
func TestCockroachDriverReachesServer(t *testing.T) {
	pg, err := url.Parse(pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	pg.Scheme = "cockroach"
	dsn := pg.String()
	s, err := graph.OpenReadOnly(context.Background(), dsn)
	if !errors.Is(err, graph.ErrStoreNotFound) {
		if s != nil {
			s.Close()
		}
		t.Fatalf("read-only open of an empty database over pgx: %v, want ErrStoreNotFound", err)
	}
	s, err = graph.Open(context.Background(), dsn)
	if err == nil {
		s.Close()
		t.Fatal("Cayley's CockroachDB schema was accepted by PostgreSQL; this test no longer shows where the route stops")
	}
	// PostgreSQL reads "FAMILY fhash (hash)" as a column of type fhash.
	if !strings.Contains(err.Error(), "init cockroach store cockroach://") || !strings.Contains(err.Error(), "fhash") {
		t.Fatalf("error %q: want the init error of the cockroach store naming its URL and the column family PostgreSQL refuses", err)
	}
}
