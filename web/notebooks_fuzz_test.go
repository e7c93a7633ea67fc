package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

// maxNotebookInput bounds a fuzzed notebook; the store's own limit is
// tested by the notebook tests.
const maxNotebookInput = 4 << 10

// FuzzNotebook saves an arbitrary body under an arbitrary name. The store
// answers a JSON envelope and never a 500. A save that fails leaves no
// notebook behind; one that succeeds reads back as the body compacted,
// with the title and cell count the body has, and deletes cleanly.
func FuzzNotebook(f *testing.F) {
	for _, s := range []struct{ name, body string }{
		{"bases", `{"title":"Bases","cells":[{"kind":"question","text":"which bases are linked to withdrawal events"}]}`},
		{"empty.v2", `{"cells":[]}`},
		{"x", `{"title":"A \u00e9 <b>","cells":[1,"two",{"three":[3]},null], "extra": {"kept": true}}`},
		{"no-cells", `{"title":"T"}`},
		{"trailing", `{"cells":[]} {"cells":[]}`},
		{".hidden", `{"cells":[]}`},
		{"y", `[1,2]`},
	} {
		f.Add(s.name, []byte(s.body))
	}
	// The store syncs every save; on tmpfs that costs nothing.
	dir := f.TempDir()
	if shm, err := os.MkdirTemp("/dev/shm", "newsgraph-notebooks-"); err == nil {
		dir = shm
		f.Cleanup(func() { os.RemoveAll(shm) })
	}
	s := &NotebookStore{Dir: dir, MaxBytes: maxNotebookInput}
	f.Fuzz(func(t *testing.T, name string, body []byte) {
		if len(body) > maxNotebookInput || len(name) > 100 {
			t.Skip()
		}
		path := "/api/v1/notebooks/" + name
		if name == "" || name == "." || name == ".." || strings.Contains(name, "/") {
			t.Skip() // not one path segment: another route, or a redirect
		}
		put := notebookCall(t, s, http.MethodPut, path, body)
		get := notebookCall(t, s, http.MethodGet, path, nil)
		if put.Code != http.StatusCreated && put.Code != http.StatusOK {
			if get.Code == http.StatusOK {
				t.Fatalf("a refused save (%d) left a notebook: %s", put.Code, get.Body.Bytes())
			}
			return
		}
		var saved struct {
			Data NotebookInfo `json:"data"`
		}
		var doc notebookDoc
		if err := json.Unmarshal(put.Body.Bytes(), &saved); err != nil || json.Unmarshal(body, &doc) != nil {
			t.Fatalf("saved %q, but the answer %s or the body does not decode", name, put.Body.Bytes())
		}
		if saved.Data.Name != name || saved.Data.Title != doc.Title || saved.Data.Cells != len(doc.Cells) {
			t.Fatalf("saved %+v, want name %q title %q and %d cells", saved.Data, name, doc.Title, len(doc.Cells))
		}
		var read struct {
			Data struct {
				Notebook json.RawMessage `json:"notebook"`
			} `json:"data"`
		}
		var want bytes.Buffer
		if get.Code != http.StatusOK || json.Unmarshal(get.Body.Bytes(), &read) != nil || json.Compact(&want, body) != nil {
			t.Fatalf("saved %q, read back %d: %s", name, get.Code, get.Body.Bytes())
		}
		if !bytes.Equal(read.Data.Notebook, want.Bytes()) {
			t.Fatalf("saved %s, read back %s", want.Bytes(), read.Data.Notebook)
		}
		if del := notebookCall(t, s, http.MethodDelete, path, nil); del.Code != http.StatusNoContent {
			t.Fatalf("delete %q: %d %s", name, del.Code, del.Body.Bytes())
		}
		if gone := notebookCall(t, s, http.MethodGet, path, nil); gone.Code != http.StatusNotFound {
			t.Fatalf("deleted %q, still read: %d", name, gone.Code)
		}
	})
}

// notebookCall sends one request and checks the envelope every answer has.
func notebookCall(t *testing.T, s *NotebookStore, method, path string, body []byte) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, "/", bytes.NewReader(body))
	r.URL.Path = path
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	if w.Code == http.StatusInternalServerError {
		t.Fatalf("%s %s: 500: %s", method, path, w.Body.Bytes())
	}
	if w.Code == http.StatusNoContent {
		return w
	}
	var e struct {
		Status string `json:"status"`
		Error  string `json:"error"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || (e.Status == "error") != (w.Code >= 400) {
		t.Fatalf("%s %s: %d with body %.300s", method, path, w.Code, w.Body.Bytes())
	}
	if len(e.Error) > 1<<10 {
		t.Fatalf("%s %s: error message of %d bytes", method, path, len(e.Error))
	}
	return w
}
