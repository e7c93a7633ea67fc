package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph"
)

// TestReadFallsBackWhenServerStops plays the race of a writer that ends
// between a read command's check of its server and the request: the
// server answers the health check, then releases the store and drops the
// query unanswered. The command reads the store itself instead of failing.
func TestReadFallsBackWhenServerStops(t *testing.T) {
	ctx := context.Background()
	dsn := "bolt:" + filepath.Join(t.TempDir(), "g.db")
	held, err := graph.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	label := quad.IRI("https://example.org/article/1")
	if _, err := held.ReplaceArticle(ctx, label, []quad.Quad{quad.MakeIRI("https://example.org/s", "https://example.org/p", "https://example.org/o", string(label))}); err != nil {
		t.Fatal(err)
	}
	var release sync.Once
	var dropped atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" {
			w.WriteHeader(http.StatusOK)
			return
		}
		release.Do(func() { held.Close() })
		dropped.Add(1)
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	}))
	defer srv.Close()
	remove, err := graph.Advertise(dsn, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer remove()

	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"--store", dsn, "stats", "--format", "json"}, strings.NewReader(""), &stdout, &stderr)
	if code != 0 {
		t.Fatalf("stats: exit %d\n%s", code, stderr.String())
	}
	if dropped.Load() == 0 {
		t.Fatal("the command never asked the advertised server: the race was not played")
	}
	var st struct {
		Quads int64 `json:"quads"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &st); err != nil || st.Quads != 1 {
		t.Fatalf("stats from the store after the server went: %q, %v; want 1 quad", stdout.String(), err)
	}
}
