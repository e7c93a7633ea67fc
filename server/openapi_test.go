package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/newsgraph/newsgraph/graph"
)

// fullServer is a server with every optional route mounted (refresh,
// its status, notebooks, the web page), so its document lists them all.
func fullServer(t *testing.T) *Server {
	t.Helper()
	s, err := graph.Open(context.Background(), "memory")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	p, err := pipeline()
	if err != nil {
		t.Fatal(err)
	}
	hook := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	return newServer(s, Options{Pipeline: p, Refresh: hook, RefreshStatus: hook, Notebooks: hook, Web: hook, Version: "v-test"})
}

// TestOpenAPIValidates loads the served document with kin-openapi, a
// maintained OpenAPI 3 validator, and checks it validates, examples and
// defaults included.
func TestOpenAPIValidates(t *testing.T) {
	bare, err := graph.Open(context.Background(), "memory")
	if err != nil {
		t.Fatal(err)
	}
	defer bare.Close()
	p, err := pipeline()
	if err != nil {
		t.Fatal(err)
	}
	for name, srv := range map[string]*Server{"every route": fullServer(t), "no hooks": newServer(bare, Options{Pipeline: p})} {
		t.Run(name, func(t *testing.T) {
			doc, err := openapi3.NewLoader().LoadFromData(srv.openapi)
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			if err := doc.Validate(context.Background(), openapi3.EnableSchemaDefaultsValidation(), openapi3.EnableExamplesValidation()); err != nil {
				t.Fatalf("the OpenAPI document does not validate: %v", err)
			}
		})
	}
}

// TestOpenAPIListsEveryRoute compares the document with the mux: every
// operation it lists is routed (not to the catch-all), and every route
// the server registered appears in it.
func TestOpenAPIListsEveryRoute(t *testing.T) {
	srv := fullServer(t)
	doc, err := openapi3.NewLoader().LoadFromData(srv.openapi)
	if err != nil {
		t.Fatal(err)
	}
	param := regexp.MustCompile(`\{[^}]+\}`)
	covered := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			req := httptest.NewRequest(method, param.ReplaceAllString(path, "x"), nil)
			_, pattern := srv.mux.Handler(req)
			if pattern == "" || slices.Contains(catchAll, pattern) || pattern == "GET /" {
				t.Errorf("the document lists %s %s, which the server does not route (pattern %q)", method, path, pattern)
				continue
			}
			covered[pattern] = true
		}
	}
	for _, p := range srv.mux.patterns {
		if slices.Contains(catchAll, p) || p == "GET /" || p == "GET /{$}" {
			continue // the web page and the JSON 404s, not API routes
		}
		if !covered[p] {
			t.Errorf("the server routes %q, which the document does not list", p)
		}
	}
	if len(covered) < 20 {
		t.Errorf("only %d routes covered: the comparison compares little", len(covered))
	}
	for _, want := range []string{"POST /api/v1/refresh", "GET /api/v1/notebooks/{name}", "PUT /api/v1/notebooks/{name}"} {
		if !covered[want] {
			t.Errorf("%s not covered", want)
		}
	}
}
