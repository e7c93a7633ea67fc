package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

// Limits of the notebook store; NotebookStore's fields override them.
const (
	// DefaultMaxNotebookBytes bounds one notebook's JSON.
	DefaultMaxNotebookBytes = 1 << 20
	// DefaultMaxNotebooks bounds how many notebooks a folder holds.
	DefaultMaxNotebooks = 1000
)

// NotebookPatterns are the routes NotebookStore answers, as http.ServeMux
// patterns, for a server that mounts it on its own mux.
var NotebookPatterns = []string{
	"GET /api/v1/notebooks",
	"GET /api/v1/notebooks/{name}",
	"PUT /api/v1/notebooks/{name}",
	"DELETE /api/v1/notebooks/{name}",
}

// notebookName is what a notebook may be called: it is also its file name
// (NAME.json), so it has no slashes, does not start with a dot and is short.
var notebookName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$`)

// NotebookStore keeps notebooks as JSON files in a folder:
//
//	GET    /api/v1/notebooks         the list: name, title, cells, modified, size
//	GET    /api/v1/notebooks/{name}  one notebook
//	PUT    /api/v1/notebooks/{name}  save (create or replace) one notebook
//	DELETE /api/v1/notebooks/{name}  delete one
//
// Answers use the server's envelopes ({"status":"success","data":...} and
// {"status":"error","errorType":...,"error":...}). A notebook is a JSON
// object with a "cells" array; the store checks that much and the limits,
// not the cells, which belong to the page. Files are replaced atomically
// (written beside and renamed), so a reader never sees half a notebook.
// With no folder configured every route answers 501 and says how to turn
// saving on.
type NotebookStore struct {
	// Dir is the folder; it is created on the first save. Empty turns the
	// store off.
	Dir string
	// MaxBytes bounds one notebook (DefaultMaxNotebookBytes when zero).
	MaxBytes int64
	// MaxNotebooks bounds how many the folder may hold (DefaultMaxNotebooks
	// when zero); replacing one is always allowed.
	MaxNotebooks int
	// Logger receives failures of the file system; nil discards.
	Logger *slog.Logger

	mu   sync.Mutex // serialises writes and deletes
	once sync.Once
	mux  *http.ServeMux
}

// NotebookHandler returns the notebook store for dir (see NotebookStore).
func NotebookHandler(dir string) http.Handler {
	return &NotebookStore{Dir: dir}
}

// NotebookInfo describes a saved notebook in the list.
type NotebookInfo struct {
	Name     string    `json:"name"`
	Title    string    `json:"title"`
	Cells    int       `json:"cells"`
	Modified time.Time `json:"modified"`
	Size     int64     `json:"size"`
}

// notebookDoc is the part of a notebook the store reads.
type notebookDoc struct {
	Title string            `json:"title"`
	Cells []json.RawMessage `json:"cells"`
}

func (s *NotebookStore) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.once.Do(func() {
		s.mux = http.NewServeMux()
		s.mux.HandleFunc(NotebookPatterns[0], s.list)
		s.mux.HandleFunc(NotebookPatterns[1], s.get)
		s.mux.HandleFunc(NotebookPatterns[2], s.put)
		s.mux.HandleFunc(NotebookPatterns[3], s.delete)
	})
	if _, pattern := s.mux.Handler(r); pattern == "" {
		if strings.HasPrefix(r.URL.Path, "/api/v1/notebooks/") || r.URL.Path == "/api/v1/notebooks" {
			w.Header().Set("Allow", "GET, PUT, DELETE")
			writeError(w, http.StatusMethodNotAllowed, "method_not_allowed",
				fmt.Sprintf("%s %s: notebooks are listed and read with GET, saved with PUT and deleted with DELETE", r.Method, r.URL.Path))
			return
		}
		writeError(w, http.StatusNotFound, "not_found", r.URL.Path)
		return
	}
	if s.Dir == "" {
		writeError(w, http.StatusNotImplemented, "not_enabled",
			"saving notebooks on the server is off: start newsgraph serve with --notebooks DIR (notebooks can still be downloaded as JSON)")
		return
	}
	s.mux.ServeHTTP(w, r)
}

func (s *NotebookStore) maxBytes() int64 {
	if s.MaxBytes > 0 {
		return s.MaxBytes
	}
	return DefaultMaxNotebookBytes
}

func (s *NotebookStore) maxNotebooks() int {
	if s.MaxNotebooks > 0 {
		return s.MaxNotebooks
	}
	return DefaultMaxNotebooks
}

func (s *NotebookStore) logf(r *http.Request, msg string, err error) {
	if s.Logger != nil {
		s.Logger.ErrorContext(r.Context(), msg, slog.String("dir", s.Dir), slog.Any("err", err))
	}
}

// name reads and checks the {name} of the path.
func (s *NotebookStore) name(w http.ResponseWriter, r *http.Request) (string, bool) {
	name := r.PathValue("name")
	if !notebookName.MatchString(name) {
		writeError(w, http.StatusBadRequest, "bad_data",
			fmt.Sprintf("notebook name %q: use 1 to 80 letters, digits, '.', '_' or '-', starting with a letter or digit", name))
		return "", false
	}
	return name, true
}

func (s *NotebookStore) path(name string) string { return filepath.Join(s.Dir, name+".json") }

func (s *NotebookStore) list(w http.ResponseWriter, r *http.Request) {
	entries, err := os.ReadDir(s.Dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		s.logf(r, "list notebooks", err)
		writeError(w, http.StatusInternalServerError, "internal", "the notebook folder could not be read")
		return
	}
	out := []NotebookInfo{}
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".json")
		if !ok || !e.Type().IsRegular() || !notebookName.MatchString(name) {
			continue
		}
		info := NotebookInfo{Name: name}
		if fi, err := e.Info(); err == nil {
			info.Modified, info.Size = fi.ModTime().UTC(), fi.Size()
		}
		if data, err := readLimited(s.path(name), s.maxBytes()); err == nil {
			var doc notebookDoc
			if json.Unmarshal(data, &doc) == nil {
				info.Title, info.Cells = doc.Title, len(doc.Cells)
			}
		}
		out = append(out, info)
	}
	// Most recently saved first.
	slices.SortStableFunc(out, func(a, b NotebookInfo) int { return b.Modified.Compare(a.Modified) })
	writeData(w, http.StatusOK, map[string]any{"notebooks": out})
}

func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes", path, limit)
	}
	return data, nil
}

func (s *NotebookStore) get(w http.ResponseWriter, r *http.Request) {
	name, ok := s.name(w, r)
	if !ok {
		return
	}
	data, err := readLimited(s.path(name), s.maxBytes())
	if errors.Is(err, fs.ErrNotExist) {
		writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("no notebook named %q", name))
		return
	}
	if err != nil {
		s.logf(r, "read notebook", err)
		writeError(w, http.StatusInternalServerError, "internal", fmt.Sprintf("notebook %q could not be read", name))
		return
	}
	if !json.Valid(data) {
		writeError(w, http.StatusInternalServerError, "internal", fmt.Sprintf("notebook %q is not valid JSON on disk", name))
		return
	}
	var modified time.Time
	if fi, err := os.Stat(s.path(name)); err == nil {
		modified = fi.ModTime().UTC()
	}
	writeData(w, http.StatusOK, map[string]any{"name": name, "modified": modified, "notebook": json.RawMessage(data)})
}

func (s *NotebookStore) put(w http.ResponseWriter, r *http.Request) {
	name, ok := s.name(w, r)
	if !ok {
		return
	}
	limit := s.maxBytes()
	data, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeError(w, http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("a notebook may be at most %d bytes", min(limit, mbe.Limit)))
			return
		}
		writeError(w, http.StatusBadRequest, "bad_data", "reading the notebook: "+err.Error())
		return
	}
	if int64(len(data)) > limit {
		writeError(w, http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("a notebook may be at most %d bytes", limit))
		return
	}
	var doc notebookDoc
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		writeError(w, http.StatusBadRequest, "bad_data", "the notebook is not a JSON object with a cells list: "+err.Error())
		return
	}
	if dec.More() || doc.Cells == nil {
		writeError(w, http.StatusBadRequest, "bad_data", `the notebook must be one JSON object with a "cells" list`)
		return
	}
	// Compact it: the file holds exactly the JSON that was sent, minus
	// insignificant space.
	var buf bytes.Buffer
	if err := json.Compact(&buf, data); err != nil {
		writeError(w, http.StatusBadRequest, "bad_data", "the notebook is not valid JSON: "+err.Error())
		return
	}
	buf.WriteByte('\n')

	s.mu.Lock()
	defer s.mu.Unlock()
	status := http.StatusOK
	if _, err := os.Stat(s.path(name)); errors.Is(err, fs.ErrNotExist) {
		status = http.StatusCreated
		if n := s.count(); n >= s.maxNotebooks() {
			writeError(w, http.StatusInsufficientStorage, "too_large",
				fmt.Sprintf("the notebook folder holds %d notebooks, the most it may: delete one first", n))
			return
		}
	}
	if err := writeAtomic(s.Dir, s.path(name), buf.Bytes()); err != nil {
		s.logf(r, "save notebook", err)
		writeError(w, http.StatusInternalServerError, "internal", fmt.Sprintf("notebook %q could not be saved", name))
		return
	}
	info := NotebookInfo{Name: name, Title: doc.Title, Cells: len(doc.Cells), Size: int64(buf.Len())}
	if fi, err := os.Stat(s.path(name)); err == nil {
		info.Modified = fi.ModTime().UTC()
	}
	writeData(w, status, info)
}

// count is how many notebooks the folder holds.
func (s *NotebookStore) count() int {
	entries, _ := os.ReadDir(s.Dir)
	n := 0
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".json") && e.Type().IsRegular() {
			n++
		}
	}
	return n
}

// writeAtomic writes data to a temporary file in dir and renames it over
// path, so the file is either the old notebook or the new one.
func writeAtomic(dir, path string, data []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".notebook-*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
	}
	return err
}

func (s *NotebookStore) delete(w http.ResponseWriter, r *http.Request) {
	name, ok := s.name(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	err := os.Remove(s.path(name))
	if errors.Is(err, fs.ErrNotExist) {
		writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("no notebook named %q", name))
		return
	}
	if err != nil {
		s.logf(r, "delete notebook", err)
		writeError(w, http.StatusInternalServerError, "internal", fmt.Sprintf("notebook %q could not be deleted", name))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
