package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/export"
	"github.com/newsgraph/newsgraph/graph"
)

// TestParallelExports runs eight whole-graph exports of each format at
// once through the HTTP server on a bolt store (each in its own snapshot,
// streamed to its own spool file) and checks every answer is complete:
// N-Quads as graph.Store.Export writes them, CSV and GraphML as
// export.Graph writes them alone, and JSON-LD importing back to the same
// N-Quads. Memory is measured on the 2,000-article corpus (docs/http.md),
// not here: a test process's RSS holds too much else to assert on.
func TestParallelExports(t *testing.T) {
	ctx := context.Background()
	s := filledStore(t, "bolt:"+filepath.Join(t.TempDir(), "g.db"))
	const parallel = 8
	_, ts := testServer(t, s, Options{Token: "t", MaxConcurrentExports: parallel})
	var nq bytes.Buffer
	if err := s.Export(ctx, &nq); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{export.NQuads, export.JSONLD, export.CSV, export.GraphML, export.GeoJSON} {
		t.Run(format, func(t *testing.T) {
			// JSON-LD is compared as the quads it imports to; every other
			// format with what the export package writes.
			want := nq.Bytes()
			if format != export.JSONLD {
				var b bytes.Buffer
				if err := export.Graph(ctx, &b, s, format); err != nil {
					t.Fatal(err)
				}
				want = b.Bytes()
			}
			bodies := make([][]byte, parallel)
			errs := make([]string, parallel)
			var wg sync.WaitGroup
			for i := range parallel {
				wg.Go(func() {
					// Not do(): t.Fatal belongs to the test's goroutine.
					bodies[i], errs[i] = getExport(ts.URL+"/api/v1/export?format="+format, "t")
				})
			}
			wg.Wait()
			for i, e := range errs {
				if e != "" {
					t.Fatalf("export %d: %s", i, e)
				}
				if i > 0 && !bytes.Equal(bodies[i], bodies[0]) {
					t.Errorf("export %d (%d bytes) differs from export 0 (%d bytes)", i, len(bodies[i]), len(bodies[0]))
				}
			}
			got := bodies[0]
			if format == export.JSONLD {
				fresh, err := graph.Open(ctx, "memory")
				if err != nil {
					t.Fatal(err)
				}
				defer fresh.Close()
				if _, err := export.Import(ctx, fresh, bytes.NewReader(got), export.JSONLD); err != nil {
					t.Fatal(err)
				}
				var back bytes.Buffer
				if err := fresh.Export(ctx, &back); err != nil {
					t.Fatal(err)
				}
				got = back.Bytes()
			}
			if len(want) < 10000 || !bytes.Equal(got, want) {
				t.Errorf("%s: %d bytes (as N-Quads for jsonld), want %d bytes", format, len(got), len(want))
			}
		})
	}
}

// getExport fetches an export, returning its body or what went wrong.
func getExport(url, token string) ([]byte, string) {
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		return nil, err.Error()
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err.Error()
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err.Error()
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Sprintf("%d %s", resp.StatusCode, b)
	}
	return b, ""
}

// TestExportOutlivesWriteTimeout: a whole-graph export that takes longer
// to write than the server's WriteTimeout (here 1 ms, where serve has 10
// minutes and a loaded machine needed more for eight parallel exports) is
// still sent whole: the handler lifts the deadline while it writes the
// spool and sets one by size for sending it.
func TestExportOutlivesWriteTimeout(t *testing.T) {
	s := sharedStore(t)
	srv, _ := testServer(t, s, Options{})
	ts := httptest.NewUnstartedServer(srv)
	ts.Config.WriteTimeout = time.Millisecond
	ts.Start()
	t.Cleanup(ts.Close)
	var want bytes.Buffer
	if err := export.Graph(context.Background(), &want, s, export.NQuads); err != nil {
		t.Fatal(err)
	}
	body, msg := getExport(ts.URL+"/api/v1/export?format=nquads", "")
	if msg != "" || !bytes.Equal(body, want.Bytes()) {
		t.Fatalf("export under a 1 ms write timeout: %s, %d bytes of %d", msg, len(body), want.Len())
	}
	if d := sendTime(100 << 20); d < 10*time.Minute || d > 20*time.Minute {
		t.Errorf("send time of 100 MiB: %v", d)
	}
}
