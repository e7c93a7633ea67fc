package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"

	"github.com/newsgraph/newsgraph/export"
	"github.com/newsgraph/newsgraph/loaders"
	"github.com/newsgraph/newsgraph/queries"
)

// Error kinds: the errorType of the JSON error envelope. Every error a
// handler returns is classified once, here, into one of them, and each
// kind has one HTTP status (statusOf).
const (
	kindBadData          = "bad_data"
	kindUnauthorized     = "unauthorized"
	kindForbidden        = "forbidden"
	kindNotFound         = "not_found"
	kindMethodNotAllowed = "method_not_allowed"
	kindTooLarge         = "too_large"
	kindRequestTimeout   = "request_timeout"
	kindTimeout          = "timeout"
	kindUnavailable      = "unavailable"
	kindCanceled         = "canceled"
	kindInternal         = "internal"
)

// statusOf is the one table from error kind to HTTP status.
var statusOf = map[string]int{
	kindBadData:          http.StatusBadRequest,
	kindUnauthorized:     http.StatusUnauthorized,
	kindForbidden:        http.StatusForbidden,
	kindNotFound:         http.StatusNotFound,
	kindMethodNotAllowed: http.StatusMethodNotAllowed,
	kindTooLarge:         http.StatusRequestEntityTooLarge,
	// The client took too long to send its request.
	kindRequestTimeout: http.StatusRequestTimeout,
	// A query ran past its time limit: the server gave up on it, as
	// Prometheus answers a query timeout.
	kindTimeout: http.StatusServiceUnavailable,
	// Too many queries already running; retry later.
	kindUnavailable: http.StatusServiceUnavailable,
	// The client went away; nobody reads this status, the log does.
	kindCanceled: 499,
	kindInternal: http.StatusInternalServerError,
}

// Sentinel errors of this package.
var (
	errUnauthorized  = errors.New("missing or wrong bearer token")
	errReadOnly      = errors.New("this server is read-only: start it with --token (or NEWSGRAPH_TOKEN) to allow writes")
	errBusy          = errors.New("too many queries are running; retry shortly")
	errNotFound      = errors.New("no such endpoint")
	errMethod        = errors.New("method not allowed")
	errUnknownLang   = errors.New("unknown query language")
	errBadParam      = errors.New("bad parameter")
	errQueryTimedOut = errors.New("query timed out")
)

// apiError carries a kind and a message for the user, and may carry data
// (the question templates when a question matched none).
type apiError struct {
	kind string
	msg  string
	data any
	err  error
}

func (e *apiError) Error() string { return e.msg }
func (e *apiError) Unwrap() error { return e.err }

// badParam is a 400 naming the parameter.
func badParam(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errBadParam, fmt.Sprintf(format, args...))
}

// classify maps an error to its kind and the message users see. Errors of
// unknown kind are internal: their detail goes to the log, the user sees
// "internal error".
func classify(err error) (kind, msg string) {
	var ae *apiError
	var mbe *http.MaxBytesError
	var ne net.Error
	switch {
	case errors.As(err, &ae):
		return ae.kind, ae.msg
	case errors.As(err, &mbe):
		return kindTooLarge, fmt.Sprintf("request body is larger than %d bytes", mbe.Limit)
	case errors.Is(err, errUnauthorized):
		return kindUnauthorized, err.Error()
	case errors.Is(err, errReadOnly):
		return kindForbidden, err.Error()
	case errors.Is(err, errNotFound), errors.Is(err, errUnknownLang),
		errors.Is(err, queries.ErrUnknownQuery), errors.Is(err, queries.ErrNoEntity):
		return kindNotFound, err.Error()
	case errors.Is(err, errMethod):
		return kindMethodNotAllowed, err.Error()
	case errors.Is(err, errBadParam), errors.Is(err, queries.ErrBadArgument), errors.Is(err, queries.ErrNoTemplate),
		errors.Is(err, export.ErrUnknownFormat):
		return kindBadData, err.Error()
	case errors.Is(err, loaders.ErrTooLarge):
		return kindTooLarge, err.Error()
	case errors.Is(err, loaders.ErrEmpty), errors.Is(err, loaders.ErrBinary), errors.Is(err, loaders.ErrNoBody),
		errors.Is(err, loaders.ErrUnsupportedFormat), errors.Is(err, loaders.ErrInvalidUTF8), isSourceError(err):
		return kindBadData, err.Error()
	case errors.Is(err, errBusy):
		return kindUnavailable, err.Error()
	case errors.Is(err, errQueryTimedOut), errors.Is(err, context.DeadlineExceeded):
		return kindTimeout, "query timed out: it ran past the server's time limit; narrow it or raise timeout (up to the server's limit)"
	case errors.Is(err, context.Canceled):
		return kindCanceled, "request canceled"
	case errors.As(err, &ne) && ne.Timeout():
		// Reading the request body timed out: the client was too slow.
		return kindRequestTimeout, "timed out reading the request"
	}
	return kindInternal, "internal error"
}

func isSourceError(err error) bool {
	var se *loaders.SourceError
	return errors.As(err, &se)
}

// maxMessageBytes bounds an error message: messages quote what the user
// sent (a parameter, a query name), and a 480 KB parameter must not come
// back as a 480 KB error.
const maxMessageBytes = 1024

// capMessage cuts msg to maxMessageBytes on a character boundary.
func capMessage(msg string) string {
	if len(msg) <= maxMessageBytes {
		return msg
	}
	n := maxMessageBytes
	for n > 0 && msg[n]&0xC0 == 0x80 {
		n--
	}
	return fmt.Sprintf("%s… (error message cut: %d bytes)", msg[:n], len(msg))
}

// errorBody is Prometheus' error envelope.
type errorBody struct {
	Status    string `json:"status"`
	ErrorType string `json:"errorType"`
	Error     string `json:"error"`
	Data      any    `json:"data,omitempty"`
}

// writeError answers with the JSON error envelope and the kind's status,
// and logs internal errors with their detail.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	kind, msg := classify(err)
	msg = capMessage(msg)
	status := statusOf[kind]
	if kind == kindInternal {
		s.log.ErrorContext(r.Context(), "internal error", slog.String("path", r.URL.Path), slog.Any("err", err))
	}
	if kind == kindUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="newsgraph"`)
	}
	if kind == kindUnavailable {
		w.Header().Set("Retry-After", "1")
	}
	var data any
	var ae *apiError
	if errors.As(err, &ae) {
		data = ae.data
	}
	var nm *queries.NoMatchError
	if errors.As(err, &nm) {
		data = map[string]any{"examples": nm.Examples}
	}
	if rw, ok := w.(*recorder); ok {
		rw.errKind = kind
	}
	writeJSON(w, status, errorBody{Status: "error", ErrorType: kind, Error: msg, Data: data})
}

// writeJSON writes v as JSON with a status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// success is the envelope of a successful answer.
type success struct {
	Status string `json:"status"`
	Data   any    `json:"data"`
}

func writeData(w http.ResponseWriter, v any) {
	writeJSON(w, http.StatusOK, success{Status: "success", Data: v})
}
