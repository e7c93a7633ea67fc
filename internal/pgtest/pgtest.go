// Package pgtest gives tests a PostgreSQL database of their own. Cayley's
// SQL backend uses fixed table names, so every test that stores into
// PostgreSQL creates a database with a random name from the server URL in
// NEWSGRAPH_TEST_POSTGRES and drops it when the test ends.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	_ "github.com/lib/pq" // PostgreSQL driver, also used by Cayley's backend
)

// EnvURL names the server URL variable that .ci/run sets.
const EnvURL = "NEWSGRAPH_TEST_POSTGRES"

// EnvRequire, when set, turns a missing server URL into a failure: CI sets
// it so the PostgreSQL tests can never be skipped there.
const EnvRequire = "NEWSGRAPH_REQUIRE_POSTGRES"

// URL returns the server URL, skipping the test when none is configured
// outside CI and failing it inside CI.
func URL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(EnvURL)
	if u == "" {
		if os.Getenv(EnvRequire) != "" {
			t.Fatalf("%s is not set but %s is: PostgreSQL tests must run", EnvURL, EnvRequire)
		}
		t.Skipf("%s not set; run the tests through .ci/run to include PostgreSQL", EnvURL)
	}
	return u
}

// NewDatabase creates a fresh database and returns its URL; it is dropped
// at the end of the test.
func NewDatabase(t testing.TB) string {
	t.Helper()
	server := URL(t)
	admin, err := sql.Open("postgres", server)
	if err != nil {
		t.Fatalf("postgres %s: %v", server, err)
	}
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	name := "newsgraph_test_" + hex.EncodeToString(b)
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name); err != nil {
		admin.Close()
		t.Fatalf("create database %s on %s: %v", name, server, err)
	}
	t.Cleanup(func() {
		_, _ = admin.ExecContext(context.Background(), `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
		admin.Close()
	})
	u, err := url.Parse(server)
	if err != nil {
		t.Fatalf("bad %s %q: %v", EnvURL, server, err)
	}
	u.Path = "/" + name
	return u.String()
}
