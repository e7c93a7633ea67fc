package server

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// What needs the token, and what is checked before any handler runs:
//
//   - State changes (POST /api/v1/articles, POST /api/v1/refresh, PUT and
//     DELETE /api/v1/notebooks/{name}) need the token; a server without one
//     is read-only and answers them 403.
//   - Costly routes (POST /api/v1/extract and GET /api/v1/export, which
//     may cost CPU-seconds or the whole graph) need the token when one is
//     configured; a read-only server serves them to anyone, within their
//     concurrency caps.
//   - Every request must name an allowed Host: loopback names and
//     addresses, plus Options.AllowedHosts. A page on a foreign site that
//     rebinds its own name to 127.0.0.1 (DNS rebinding) sends its own name
//     as Host and is refused.
//   - State-changing and costly requests sent by a browser from another
//     origin (its Origin header, or Sec-Fetch-Site when it sends no Origin)
//     are refused, so a page elsewhere cannot make the user's browser post
//     text/plain bodies to /extract or /query/gizmo.

var (
	errForeignHost   = errors.New("host not allowed")
	errForeignOrigin = errors.New("cross-site request refused")
)

// bearerToken reads an Authorization header's bearer token; the scheme is
// case-insensitive (RFC 9110, section 11.1).
func bearerToken(header string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	return strings.TrimSpace(token), true
}

// hasToken reports whether r carries the configured token.
func (s *Server) hasToken(r *http.Request) bool {
	got, ok := bearerToken(r.Header.Get("Authorization"))
	return ok && s.opts.Token != "" && subtle.ConstantTimeCompare([]byte(got), []byte(s.opts.Token)) == 1
}

// requireToken lets a state change through only with the configured
// bearer token; with none configured the server is read-only (403).
func (s *Server) requireToken(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.opts.Token == "" {
			s.writeError(w, r, errReadOnly)
			return
		}
		if !s.hasToken(r) {
			s.writeError(w, r, errUnauthorized)
			return
		}
		next(w, r)
	}
}

// costly guards a route whose work a request can make large: it needs the
// token when one is configured.
func (s *Server) costly(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.opts.Token != "" && !s.hasToken(r) {
			s.writeError(w, r, errUnauthorized)
			return
		}
		next(w, r)
	}
}

// costlyReads are the GET routes the Origin check covers besides every
// state-changing method.
var costlyReads = []string{"/api/v1/export", "/api/v2/query", "/api/v2/read"}

// guard refuses foreign Host names and cross-site state-changing or costly
// requests before routing.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.allowedHost(r.Host) {
			s.writeError(w, r, &apiError{kind: kindForbidden, err: errForeignHost,
				msg: fmt.Sprintf("%v: %s (start newsgraph serve with --allow-host %s to serve it)", errForeignHost, quoteCapped(hostOnly(r.Host)), quoteCapped(hostOnly(r.Host)))})
			return
		}
		safe := r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodOptions
		if (!safe || slices.Contains(costlyReads, r.URL.Path)) && crossSite(r) {
			s.writeError(w, r, &apiError{kind: kindForbidden, err: errForeignOrigin,
				msg: fmt.Sprintf("%v: %s %s from another site", errForeignOrigin, r.Method, r.URL.Path)})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// hostOnly drops the port from a Host header.
func hostOnly(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return strings.Trim(hostport, "[]")
}

// allowedHost reports whether a Host header names this server: a loopback
// name or address, or one of Options.AllowedHosts ("*" allows every name,
// for a server behind a proxy that checks them). An empty Host (HTTP/1.0)
// is allowed: browsers always send one.
func (s *Server) allowedHost(hostport string) bool {
	if hostport == "" {
		return true
	}
	h := strings.ToLower(strings.TrimSuffix(hostOnly(hostport), "."))
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	if ip := net.ParseIP(h); ip != nil && ip.IsLoopback() {
		return true
	}
	for _, a := range s.opts.AllowedHosts {
		if a == "*" || strings.EqualFold(strings.TrimSuffix(a, "."), h) {
			return true
		}
	}
	return false
}

// crossSite reports whether a browser sent r from a page of another
// origin. Clients that are not browsers (curl, scripts) send neither
// header and pass.
func crossSite(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		site := r.Header.Get("Sec-Fetch-Site")
		return site == "cross-site" || site == "same-site"
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return true // "null" (a sandboxed frame, a file) or garbage
	}
	return !strings.EqualFold(u.Host, r.Host)
}

// slots is a semaphore for one kind of costly work; a request that finds
// it full is answered 503 with Retry-After rather than queued.
type slots chan struct{}

func (c slots) tryAcquire() bool {
	select {
	case c <- struct{}{}:
		return true
	default:
		return false
	}
}

func (c slots) release() { <-c }

// limited runs next only while one of c's slots is free.
func (s *Server) limited(c slots, what string, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !c.tryAcquire() {
			s.writeError(w, r, &apiError{kind: kindUnavailable, err: errBusy,
				msg: fmt.Sprintf("too many %s are running (at most %d at once); retry shortly", what, cap(c))})
			return
		}
		defer c.release()
		next(w, r)
	}
}

// maxQuoted bounds how much of a user's input an error message repeats.
const maxQuoted = 200

// quoteCapped quotes user input for an error message, cut to maxQuoted
// bytes: a 480 KB question must not come back as a 2.4 MB error.
func quoteCapped(s string) string {
	if len(s) <= maxQuoted {
		return fmt.Sprintf("%q", s)
	}
	n := maxQuoted
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return fmt.Sprintf("%q… (%d bytes)", s[:n], len(s))
}
