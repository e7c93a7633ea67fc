package web_test

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/web"
)

func get(t *testing.T, h http.Handler, path string, header ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, resp *http.Response) string {
	t.Helper()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// assetPaths reads the script and style sheet index.html points at.
func assetPaths(t *testing.T, h http.Handler) []string {
	t.Helper()
	html := body(t, get(t, h, "/"))
	m := regexp.MustCompile(`(?:src|href)="(/assets/[^"]+)"`).FindAllStringSubmatch(html, -1)
	if len(m) < 2 {
		t.Fatalf("index.html names %d assets, want the script and the style sheet:\n%s", len(m), html)
	}
	var out []string
	for _, x := range m {
		out = append(out, x[1])
	}
	return out
}

func TestHandlerServesThePage(t *testing.T) {
	h := web.Handler()
	resp := get(t, h, "/")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /: %s %s", resp.Status, resp.Header.Get("Content-Type"))
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("GET / Cache-Control %q, want no-cache (the page names the hashed assets)", cc)
	}
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "connect-src 'self'") {
		t.Errorf("Content-Security-Policy %q does not keep the page to its own origin", csp)
	}
	etag := resp.Header.Get("ETag")
	if !regexp.MustCompile(`^"[0-9a-f]{24}"$`).MatchString(etag) {
		t.Fatalf("ETag %q", etag)
	}
	if resp := get(t, h, "/", "If-None-Match", etag); resp.StatusCode != http.StatusNotModified {
		t.Errorf("GET / with If-None-Match: %s, want 304", resp.Status)
	}

	for _, p := range assetPaths(t, h) {
		resp := get(t, h, p)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %s", p, resp.Status)
			continue
		}
		if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age=31536000") {
			t.Errorf("GET %s Cache-Control %q, want immutable for a hashed name", p, cc)
		}
		want := map[string]string{".js": "text/javascript", ".css": "text/css"}[filepath.Ext(p)]
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, want) {
			t.Errorf("GET %s Content-Type %q, want %s", p, ct, want)
		}
		plain := body(t, resp)
		gz := get(t, h, p, "Accept-Encoding", "gzip, br")
		if gz.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("GET %s with Accept-Encoding gzip: Content-Encoding %q", p, gz.Header.Get("Content-Encoding"))
			continue
		}
		if gz.Header.Get("ETag") == resp.Header.Get("ETag") {
			t.Errorf("GET %s: the gzip copy has the ETag of the plain one", p)
		}
		zr, err := gzip.NewReader(gz.Body)
		if err != nil {
			t.Fatal(err)
		}
		unzipped, _ := io.ReadAll(zr)
		if string(unzipped) != plain {
			t.Errorf("GET %s: the gzip copy differs from the file", p)
		}
		if get(t, h, p, "Accept-Encoding", "gzip;q=0").Header.Get("Content-Encoding") != "" {
			t.Errorf("GET %s: gzip sent to a client that refused it", p)
		}
	}

	if resp := get(t, h, "/assets/nothing-ABCDEFGH.js"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("missing asset: %s", resp.Status)
	}
	resp = get(t, h, "/api/v1/nothing")
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(body(t, resp), `"status":"error"`) {
		t.Errorf("unknown API path: %s, want a JSON 404", resp.Status)
	}
	req := httptest.NewRequest(http.MethodPost, "/", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /: %d, want 405", rec.Code)
	}
	if resp := get(t, h, "/licenses.txt"); resp.StatusCode != http.StatusOK || !strings.Contains(body(t, resp), "cytoscape") {
		t.Errorf("/licenses.txt: %s, want the third-party licences", resp.Status)
	}
}

// TestBuiltPageIsCurrent fails when web/dist was not rebuilt after a change
// to web/src: the page Go embeds must be the page the sources make. The
// build records a digest of the sources it built from.
func TestBuiltPageIsCurrent(t *testing.T) {
	stamp, err := os.ReadFile(filepath.Join("dist", "sources.sha256"))
	if err != nil {
		t.Fatalf("dist/sources.sha256 is missing: run scripts/build-web (%v)", err)
	}
	want := strings.TrimSpace(string(stamp))
	got, err := sourcesDigest()
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("web/src changed since web/dist was built (sources %s, built from %s): run scripts/build-web and commit web/dist", got, want)
	}
}

type notebookAPI struct {
	t *testing.T
	h http.Handler
}

func (a notebookAPI) do(method, path, payload string) (int, map[string]any) {
	a.t.Helper()
	var r io.Reader
	if payload != "" {
		r = strings.NewReader(payload)
	}
	req := httptest.NewRequest(method, path, r)
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	var out map[string]any
	if rec.Body.Len() > 0 {
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			a.t.Fatalf("%s %s: not JSON: %s", method, path, rec.Body)
		}
	}
	return rec.Code, out
}

func TestNotebookStore(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "notebooks") // created on the first save
	api := notebookAPI{t, &web.NotebookStore{Dir: dir, MaxBytes: 2000, MaxNotebooks: 2}}

	code, out := api.do("GET", "/api/v1/notebooks", "")
	if code != 200 || fmt.Sprint(out["data"]) != "map[notebooks:[]]" {
		t.Fatalf("empty list: %d %v", code, out)
	}
	doc := `{"version":1,"title":"Withdrawals","cells":[{"kind":"ask","text":"which bases are linked to withdrawal events?"}]}`
	if code, out := api.do("PUT", "/api/v1/notebooks/withdrawals", doc); code != 201 {
		t.Fatalf("create: %d %v", code, out)
	}
	if code, _ := api.do("PUT", "/api/v1/notebooks/withdrawals", doc); code != 200 {
		t.Errorf("replace: %d, want 200", code)
	}
	code, out = api.do("GET", "/api/v1/notebooks/withdrawals", "")
	if code != 200 {
		t.Fatalf("get: %d %v", code, out)
	}
	var want any
	_ = json.Unmarshal([]byte(doc), &want)
	if got := out["data"].(map[string]any)["notebook"]; !reflect.DeepEqual(got, want) {
		t.Errorf("get answers %v, want what was saved: %s", got, doc)
	}
	code, out = api.do("GET", "/api/v1/notebooks", "")
	list := out["data"].(map[string]any)["notebooks"].([]any)
	if code != 200 || len(list) != 1 || list[0].(map[string]any)["title"] != "Withdrawals" || list[0].(map[string]any)["cells"] != 1.0 {
		t.Errorf("list: %d %v", code, out)
	}

	for _, c := range []struct {
		method, path, body string
		status             int
		kind               string
	}{
		{"PUT", "/api/v1/notebooks/..x", doc, 400, "bad_data"},
		{"PUT", "/api/v1/notebooks/.hidden", doc, 400, "bad_data"},
		{"PUT", "/api/v1/notebooks/a%2Fb", doc, 400, "bad_data"},
		{"PUT", "/api/v1/notebooks/" + strings.Repeat("x", 81), doc, 400, "bad_data"},
		{"PUT", "/api/v1/notebooks/bad", `{"title":"no cells"}`, 400, "bad_data"},
		{"PUT", "/api/v1/notebooks/bad", `[1,2]`, 400, "bad_data"},
		{"PUT", "/api/v1/notebooks/bad", `{"cells":[]} {"cells":[]}`, 400, "bad_data"},
		{"PUT", "/api/v1/notebooks/big", `{"cells":["` + strings.Repeat("x", 2000) + `"]}`, 413, "too_large"},
		{"GET", "/api/v1/notebooks/missing", "", 404, "not_found"},
		{"DELETE", "/api/v1/notebooks/missing", "", 404, "not_found"},
		{"POST", "/api/v1/notebooks/withdrawals", doc, 405, "method_not_allowed"},
	} {
		code, out := api.do(c.method, c.path, c.body)
		if code != c.status || out["errorType"] != c.kind || out["status"] != "error" || out["error"] == "" {
			t.Errorf("%s %s: %d %v, want %d %s", c.method, c.path, code, out, c.status, c.kind)
		}
	}
	// A path that climbs out of the folder never reaches it.
	if code, _ := api.do("PUT", "/api/v1/notebooks/..", doc); code < 400 {
		t.Errorf("PUT /api/v1/notebooks/..: %d", code)
	}
	if _, err := os.Stat(filepath.Join(dir, "big.json")); !os.IsNotExist(err) {
		t.Errorf("a refused notebook was written: %v", err)
	}

	// The folder holds at most MaxNotebooks.
	if code, _ := api.do("PUT", "/api/v1/notebooks/second", doc); code != 201 {
		t.Errorf("second notebook: %d", code)
	}
	if code, out := api.do("PUT", "/api/v1/notebooks/third", doc); code != http.StatusInsufficientStorage {
		t.Errorf("third notebook over the limit: %d %v", code, out)
	}

	if code, _ := api.do("DELETE", "/api/v1/notebooks/withdrawals", ""); code != 204 {
		t.Errorf("delete: %d", code)
	}
	if code, _ := api.do("GET", "/api/v1/notebooks/withdrawals", ""); code != 404 {
		t.Errorf("get after delete: %d", code)
	}
	// Nothing but notebooks is left in the folder: no temporary files.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "second.json" {
		t.Errorf("folder holds %v", entries)
	}
}

func TestNotebookStoreOff(t *testing.T) {
	api := notebookAPI{t, web.NotebookHandler("")}
	for _, m := range []string{"GET /api/v1/notebooks", "GET /api/v1/notebooks/x", "PUT /api/v1/notebooks/x", "DELETE /api/v1/notebooks/x"} {
		method, path, _ := strings.Cut(m, " ")
		code, out := api.do(method, path, `{"cells":[]}`)
		if code != http.StatusNotImplemented || out["errorType"] != "not_enabled" || !strings.Contains(fmt.Sprint(out["error"]), "--notebooks") {
			t.Errorf("%s with no folder: %d %v", m, code, out)
		}
	}
}

// TestNotebookRoutesMount checks that NotebookPatterns mount on a mux that
// also serves the page at "GET /", as package server does.
func TestNotebookRoutesMount(t *testing.T) {
	mux := http.NewServeMux()
	nb := web.NotebookHandler(t.TempDir())
	for _, p := range web.NotebookPatterns {
		mux.Handle(p, nb)
	}
	mux.Handle("GET /", web.Handler())
	api := notebookAPI{t, mux}
	if code, _ := api.do("PUT", "/api/v1/notebooks/n1", `{"cells":[]}`); code != 201 {
		t.Errorf("PUT through the mux: %d", code)
	}
	if code, out := api.do("GET", "/api/v1/notebooks", ""); code != 200 || !bytes.Contains([]byte(fmt.Sprint(out)), []byte("n1")) {
		t.Errorf("list through the mux: %d %v", code, out)
	}
	if resp := get(t, mux, "/"); resp.StatusCode != 200 {
		t.Errorf("page through the mux: %s", resp.Status)
	}
}

// sourcesDigest hashes web/src as build.mjs does: every file but
// node_modules, in path order, as "path\x00content\x00".
func sourcesDigest() (string, error) {
	var files []string
	err := filepath.WalkDir("src", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "node_modules" {
			return filepath.SkipDir
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel("src", p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	slices.Sort(files)
	h := sha256.New()
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join("src", filepath.FromSlash(f)))
		if err != nil {
			return "", err
		}
		h.Write([]byte(f + "\x00"))
		h.Write(data)
		h.Write([]byte("\x00"))
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
