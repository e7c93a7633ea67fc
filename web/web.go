// Package web owns newsgraph's notebook page: the built page (dist/, made
// from the sources in src/ by scripts/build-web and committed, so the Go
// build needs no Node) embedded in the binary and served by Handler with
// caching headers, and the small store of saved notebooks behind
// NotebookHandler (GET, PUT and DELETE /api/v1/notebooks[/{name}], one JSON
// file per notebook in a folder).
//
// The page talks to the server only through the public HTTP API of package
// server (named queries, questions, raw Gizmo and GraphQL queries) and the
// notebook routes; it fetches nothing from anywhere else, and its Content
// Security Policy forbids it to.
package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"regexp"
	"strings"
	"sync"
	"time"
)

//go:embed all:dist
var dist embed.FS

// contentSecurityPolicy allows the page nothing but its own origin: no CDN,
// no tile server, no fonts from elsewhere. Inline styles are allowed for
// the editor and the graph, which set them from script.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"

// hashedName matches the file names the bundler gives content-hashed
// assets (main-4FJ2K3QX.js), which never change and may be cached forever.
var hashedName = regexp.MustCompile(`-[A-Z0-9]{8}\.[a-z0-9]+$`)

// asset is one embedded file, ready to serve.
type asset struct {
	body      []byte
	gz        []byte // gzip-compressed body, nil when not worth it
	etag      string // strong validator of body
	ctype     string
	immutable bool
}

var assets = sync.OnceValues(func() (map[string]*asset, error) { return loadAssets(dist) })

// loadAssets reads every file of the embedded dist folder.
func loadAssets(fsys fs.FS) (map[string]*asset, error) {
	out := map[string]*asset{}
	err := fs.WalkDir(fsys, "dist", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		a := &asset{
			body:      body,
			etag:      `"` + hex.EncodeToString(sum[:12]) + `"`,
			ctype:     mime.TypeByExtension(path.Ext(p)),
			immutable: hashedName.MatchString(p),
		}
		if a.ctype == "" {
			a.ctype = http.DetectContentType(body)
		}
		if compressible(a.ctype) && len(body) > 512 {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			_, _ = zw.Write(body)
			_ = zw.Close()
			if buf.Len() < len(body)*9/10 {
				a.gz = buf.Bytes()
			}
		}
		out["/"+strings.TrimPrefix(p, "dist/")] = a
		return nil
	})
	return out, err
}

func compressible(ctype string) bool {
	for _, p := range []string{"text/", "application/javascript", "application/json", "image/svg+xml"} {
		if strings.HasPrefix(ctype, p) {
			return true
		}
	}
	return false
}

// Handler serves the notebook page at / and its assets under /assets/.
// Every answer carries a strong ETag; the page itself must be revalidated
// (Cache-Control: no-cache), while content-hashed assets are immutable for
// a year. Clients that accept gzip get the compressed copy.
func Handler() http.Handler {
	return http.HandlerFunc(serveAsset)
}

func serveAsset(w http.ResponseWriter, r *http.Request) {
	m, err := assets()
	if err != nil {
		writeError(w, http.StatusInternalServerError, "internal", "the notebook page could not be loaded: "+err.Error())
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", r.Method+" "+r.URL.Path+": the page is read with GET")
		return
	}
	p := r.URL.Path
	if p == "/" {
		p = "/index.html"
	}
	a, ok := m[p]
	if !ok {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			writeError(w, http.StatusNotFound, "not_found", r.URL.Path+" (see /api/openapi.json)")
			return
		}
		http.Error(w, "404 page not found: the notebook is at /", http.StatusNotFound)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Vary", "Accept-Encoding")
	if a.immutable {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	if strings.HasPrefix(a.ctype, "text/html") {
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("Referrer-Policy", "no-referrer")
	}
	body, etag := a.body, a.etag
	if a.gz != nil && acceptsGzip(r) {
		body = a.gz
		etag = strings.TrimSuffix(a.etag, `"`) + `-gz"`
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("ETag", etag)
	// ServeContent answers If-None-Match with 304, HEAD and ranges.
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// acceptsGzip reads Accept-Encoding, honouring an explicit gzip;q=0.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}

// errorBody is the JSON error envelope every newsgraph endpoint answers
// with (package server uses the same shape).
type errorBody struct {
	Status    string `json:"status"`
	ErrorType string `json:"errorType"`
	Error     string `json:"error"`
}

// success is the envelope of a successful answer, as package server's.
type success struct {
	Status string `json:"status"`
	Data   any    `json:"data"`
}

func writeData(w http.ResponseWriter, status int, data any) {
	writeJSON(w, status, success{Status: "success", Data: data})
}

func writeError(w http.ResponseWriter, status int, kind, msg string) {
	writeJSON(w, status, errorBody{Status: "error", ErrorType: kind, Error: msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}
