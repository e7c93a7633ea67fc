package loaders

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"
)

// Defaults for fetching http(s) sources.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultMaxRedirects = 5
	// ProjectURL is named in the User-Agent so that a site operator who
	// sees newsgraph in their logs can find out what it is.
	ProjectURL = "https://github.com/newsgraph/newsgraph"
)

// DefaultUserAgent names the program, its version and where to read about
// it: "newsgraph/VERSION (+https://github.com/newsgraph/newsgraph)".
func DefaultUserAgent() string {
	version := "dev"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		version = strings.TrimPrefix(bi.Main.Version, "v")
	}
	return "newsgraph/" + version + " (+" + ProjectURL + ")"
}

// HTTPOptions configure how http(s) sources are fetched. The zero value is
// usable: 30 s timeout, DefaultMaxBytes, 5 redirects, DefaultUserAgent, no
// validator file.
type HTTPOptions struct {
	// Timeout bounds one whole request, body included, so a server that
	// never answers, or answers a byte a minute, fails instead of hanging
	// a worker.
	Timeout time.Duration
	// MaxBytes bounds a response body; a larger one is refused, without
	// reading it when the server announces its length.
	MaxBytes int64
	// MaxRedirects bounds the redirects followed for one request.
	MaxRedirects int
	UserAgent    string
	// CachePath is the JSON file where the ETag and Last-Modified
	// validators of fetched URLs persist between runs, so that an
	// unchanged page is not downloaded again. Empty keeps them in memory
	// for the client's lifetime only.
	CachePath string
	// Refetch ignores the stored validators and downloads everything; the
	// new validators are still recorded.
	Refetch bool
	// Transport replaces the default transport (tests, proxies).
	Transport http.RoundTripper
	// Logger receives warnings about the validator file; nil means
	// slog.Default().
	Logger *slog.Logger
}

// HTTPClient fetches http(s) sources with conditional requests. It is safe
// for concurrent use; share one across a batch so that all its fetches
// share the validator cache, and call Save when the batch is done.
type HTTPClient struct {
	opts   HTTPOptions
	client *http.Client
	log    *slog.Logger

	mu    sync.Mutex
	cache map[string]validators
	dirty bool
}

// validators are what a server said about a URL's content, sent back on
// the next request so the server can answer 304 Not Modified.
type validators struct {
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	Fetched      time.Time `json:"fetched"`
}

// cacheFile is the on-disk form of the validator cache.
type cacheFile struct {
	Comment string                `json:"comment"`
	URLs    map[string]validators `json:"urls"`
}

// NewHTTPClient makes a client and loads the validator file if there is
// one. A missing file is an empty cache; an unreadable or corrupt one is
// logged and replaced on Save, since losing validators only costs a
// download.
func NewHTTPClient(opts HTTPOptions) *HTTPClient {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.MaxRedirects <= 0 {
		opts.MaxRedirects = DefaultMaxRedirects
	}
	if opts.UserAgent == "" {
		opts.UserAgent = DefaultUserAgent()
	}
	c := &HTTPClient{opts: opts, log: opts.Logger, cache: map[string]validators{}}
	if c.log == nil {
		c.log = slog.Default()
	}
	transport := opts.Transport
	if transport == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.ResponseHeaderTimeout = opts.Timeout
		transport = t
	}
	c.client = &http.Client{
		Transport: transport,
		Timeout:   opts.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > opts.MaxRedirects {
				return fmt.Errorf("stopped after %d redirects", opts.MaxRedirects)
			}
			return nil
		},
	}
	if opts.CachePath != "" {
		data, err := os.ReadFile(opts.CachePath)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			c.log.Warn("HTTP validator cache unreadable; starting empty", "path", opts.CachePath, "err", err)
		default:
			var f cacheFile
			if err := json.Unmarshal(data, &f); err != nil {
				c.log.Warn("HTTP validator cache corrupt; starting empty", "path", opts.CachePath, "err", err)
			} else if f.URLs != nil {
				c.cache = f.URLs
			}
		}
	}
	return c
}

// Fetched is one downloaded document.
type Fetched struct {
	// Requested is the URL asked for, the key of its validators.
	Requested string
	// URL is where the document was found, after redirects.
	URL         string
	ContentType string
	Data        []byte
	validators  validators
}

// HTTPStatusError is a response whose status is not a success.
type HTTPStatusError struct {
	Code   int
	Status string
}

func (e *HTTPStatusError) Error() string { return "server answered HTTP " + e.Status }

// Fetch downloads rawURL. When validators from an earlier fetch are known
// (and Refetch is off) the request is conditional, and a 304 answer gives
// an error wrapping ErrNotModified with nothing downloaded. Every error is
// a *SourceError naming the URL. The new validators are recorded only by
// Commit, once the caller has used the content.
func (c *HTTPClient) Fetch(ctx context.Context, rawURL string) (*Fetched, error) {
	fail := func(err error) (*Fetched, error) { return nil, &SourceError{Source: rawURL, Err: err} }
	u, err := url.Parse(rawURL)
	if err != nil {
		return fail(fmt.Errorf("bad URL: %w", err))
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return fail(errors.New("bad URL: want http:// or https:// and a host"))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return fail(fmt.Errorf("bad URL: %w", err))
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	req.Header.Set("Accept", "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/xml;q=0.9, application/x-ndjson;q=0.8, text/plain;q=0.8, */*;q=0.5")
	sent := false
	if v, ok := c.validatorsFor(rawURL); ok && !c.opts.Refetch {
		if v.ETag != "" {
			req.Header.Set("If-None-Match", v.ETag)
			sent = true
		}
		if v.LastModified != "" {
			req.Header.Set("If-Modified-Since", v.LastModified)
			sent = true
		}
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return fail(c.describe(ctx, err))
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified && sent:
		return fail(ErrNotModified)
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return fail(&HTTPStatusError{Code: resp.StatusCode, Status: resp.Status})
	}
	if resp.ContentLength > c.opts.MaxBytes {
		return fail(fmt.Errorf("%w: %s announced, limit %s", ErrTooLarge, sizeString(resp.ContentLength), sizeString(c.opts.MaxBytes)))
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, c.opts.MaxBytes+1))
	if err != nil {
		return fail(fmt.Errorf("read body: %w", c.describe(ctx, err)))
	}
	if int64(len(data)) > c.opts.MaxBytes {
		return fail(fmt.Errorf("%w: more than %s", ErrTooLarge, sizeString(c.opts.MaxBytes)))
	}
	return &Fetched{
		Requested:   rawURL,
		URL:         resp.Request.URL.String(),
		ContentType: resp.Header.Get("Content-Type"),
		Data:        data,
		validators: validators{
			ETag:         resp.Header.Get("ETag"),
			LastModified: resp.Header.Get("Last-Modified"),
			Fetched:      time.Now().UTC().Truncate(time.Second),
		},
	}, nil
}

// describe turns a transport error into a one-line reason: the URL is
// already named by the SourceError, so *url.Error's copy of it is dropped.
func (c *HTTPClient) describe(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return fmt.Errorf("no answer within %s: %w", c.opts.Timeout, err)
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Op == "dial" {
		return fmt.Errorf("unreachable: %w", err)
	}
	var de *net.DNSError
	if errors.As(err, &de) {
		return fmt.Errorf("unreachable: %w", err)
	}
	return err
}

func (c *HTTPClient) validatorsFor(rawURL string) (validators, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.cache[rawURL]
	return v, ok
}

// Commit records the validators of a fetched document, once its content
// has been read without error; a document that failed is fetched in full
// next time.
func (c *HTTPClient) Commit(f *Fetched) {
	if f == nil || f.validators.ETag == "" && f.validators.LastModified == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cache[f.Requested] = f.validators
	c.dirty = true
}

// Forget drops the validators of a URL, so that it is downloaded in full
// next time: the ingester calls it when an article from the URL could not
// be stored.
func (c *HTTPClient) Forget(rawURL string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.cache[rawURL]; ok {
		delete(c.cache, rawURL)
		c.dirty = true
	}
}

// Save writes the validators to CachePath if they changed. The file is
// replaced atomically, so a crash leaves the old cache or the new one.
func (c *HTTPClient) Save() error {
	if c.opts.CachePath == "" {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.dirty {
		return nil
	}
	data, err := json.MarshalIndent(cacheFile{
		Comment: "HTTP validators (ETag, Last-Modified) of the URLs newsgraph ingested; deleting this file only costs downloads",
		URLs:    c.cache,
	}, "", "  ")
	if err != nil {
		return fmt.Errorf("save HTTP cache %s: %w", c.opts.CachePath, err)
	}
	dir := filepath.Dir(c.opts.CachePath)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("save HTTP cache %s: %w", c.opts.CachePath, err)
	}
	tmp, err := os.CreateTemp(dir, filepath.Base(c.opts.CachePath)+".*.tmp")
	if err != nil {
		return fmt.Errorf("save HTTP cache %s: %w", c.opts.CachePath, err)
	}
	_, werr := tmp.Write(append(data, '\n'))
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("save HTTP cache %s: %w", c.opts.CachePath, err)
	}
	if err := os.Rename(tmp.Name(), c.opts.CachePath); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("save HTTP cache %s: %w", c.opts.CachePath, err)
	}
	c.dirty = false
	return nil
}

// sizeString prints a byte count for people: "200.0 MiB".
func sizeString(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// isURL reports whether a source names an http(s) URL.
func isURL(source string) bool {
	return strings.HasPrefix(source, "http://") || strings.HasPrefix(source, "https://")
}
