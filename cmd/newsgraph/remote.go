package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/export"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/queries"
	"github.com/newsgraph/newsgraph/server"
)

// remote is a running `newsgraph serve` that holds the store a read
// command was asked to read. bolt and leveldb admit no reader from another
// process beside a writer, so the command asks the server instead, with
// the same query names and parameters as the HTTP API.
type remote struct {
	base   string
	client *http.Client
	token  string
	// warn reports what the user should know of an answer.
	warn func(error)
}

// reader is what the read commands ask of a store: the store itself,
// opened read-only, or the running server that holds it.
type reader interface {
	query(ctx context.Context, name string, args queries.Args) (*queries.Result, error)
	stats(ctx context.Context) (queries.Stats, error)
	export(ctx context.Context, w io.Writer, format, queryName string, args queries.Args) error
	// where names the store, or the server, the answers come from.
	where() string
}

// withReader runs fn with a reader of the store: the server that holds it
// when one has advertised itself and answers, the store itself (opened
// read-only, which never creates one: graph.ErrStoreNotFound) otherwise,
// or when that server stopped before it took the request, since it has
// released the store then, or is about to. fn may run twice (the server,
// then the store): it must not have written anything when the server
// took no request.
func (a *app) withReader(ctx context.Context, fn func(reader) error) error {
	if u := graph.AdvertisedServer(a.store); u != "" {
		r := &remote{base: strings.TrimSuffix(u, "/"), client: &http.Client{}, token: os.Getenv(EnvToken), warn: a.reportWarning}
		err := r.healthy(ctx)
		if err == nil {
			a.log.Debug("reading through the server that holds the store", "url", r.base)
			err = fn(r)
			if !errors.Is(err, errServerGone) || ctx.Err() != nil {
				return err
			}
		}
		a.log.Debug("the server advertised for the store does not answer: reading the store", "url", u, "err", err)
	}
	s, err := graph.OpenReadOnly(ctx, a.store)
	if errors.Is(err, graph.ErrStoreBusy) {
		return fmt.Errorf("%w; a running 'newsgraph serve' on this store would answer read commands", err)
	}
	if err != nil {
		return err
	}
	defer s.Close()
	return fn(localReader{s})
}

// localReader reads the store itself.
type localReader struct{ s *graph.Store }

func (l localReader) query(ctx context.Context, name string, args queries.Args) (*queries.Result, error) {
	return queries.Run(ctx, l.s, name, args)
}

func (l localReader) stats(ctx context.Context) (queries.Stats, error) {
	return queries.GraphStats(ctx, l.s)
}

func (l localReader) export(ctx context.Context, w io.Writer, format, queryName string, args queries.Args) error {
	if queryName == "" {
		return export.Graph(ctx, w, l.s, format)
	}
	res, err := queries.Run(ctx, l.s, queryName, args)
	if err != nil {
		return err
	}
	return export.Result(ctx, w, l.s, res, format)
}

func (l localReader) where() string { return l.s.Backend() }

// errServerGone marks a request the advertised server never took: it
// stopped between the check and the request.
var errServerGone = errors.New("the server did not take the request")

// healthy checks, within two seconds, that the server answers.
func (r *remote) healthy(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	resp, err := r.get(ctx, "/healthz", nil)
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}

// get sends a GET and turns an error answer into an error carrying the
// server's message.
func (r *remote) get(ctx context.Context, path string, params url.Values) (*http.Response, error) {
	u := r.base + path
	if len(params) > 0 {
		u += "?" + params.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	if r.token != "" {
		req.Header.Set("Authorization", "Bearer "+r.token)
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("server %s: %w: %w", r.base, errServerGone, err)
	}
	if resp.StatusCode != http.StatusOK {
		defer resp.Body.Close()
		var e struct {
			Error string `json:"error"`
		}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		if json.Unmarshal(body, &e) != nil || e.Error == "" {
			e.Error = strings.TrimSpace(string(body))
		}
		err := fmt.Errorf("server %s: %s: %s", r.base, resp.Status, e.Error)
		if resp.StatusCode == http.StatusBadRequest || resp.StatusCode == http.StatusNotFound {
			// The user's parameters, as a local run would report them.
			err = fmt.Errorf("%w: %w", queries.ErrBadArgument, err)
		}
		return nil, err
	}
	return resp, nil
}

// data decodes the data of the server's success envelope into v. Numbers
// stay json.Number, so they print as the server wrote them.
func (r *remote) data(ctx context.Context, path string, params url.Values, v any) error {
	resp, err := r.get(ctx, path, params)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	dec := json.NewDecoder(resp.Body)
	dec.UseNumber()
	env := struct {
		Data any `json:"data"`
	}{Data: v}
	if err := dec.Decode(&env); err != nil {
		return fmt.Errorf("server %s%s: %w", r.base, path, err)
	}
	return nil
}

func argValues(args queries.Args) url.Values {
	v := url.Values{}
	for k, val := range args {
		v.Set(k, val)
	}
	return v
}

// query runs a named query on the server.
func (r *remote) query(ctx context.Context, name string, args queries.Args) (*queries.Result, error) {
	res := &queries.Result{}
	if err := r.data(ctx, "/api/v1/queries/"+url.PathEscape(name), argValues(args), res); err != nil {
		return nil, err
	}
	if res.Truncated && r.warn != nil {
		r.warn(fmt.Errorf("the server at %s cut the answer to %d rows (its --result-limit)", r.base, len(res.Rows)))
	}
	return res, nil
}

func (r *remote) where() string { return "the server at " + r.base }

// stats rebuilds the stats command's figures from the server's stats
// query, whose rows are (what, type, count).
func (r *remote) stats(ctx context.Context) (queries.Stats, error) {
	st := queries.Stats{Entities: map[string]int64{}, Events: map[string]int64{}}
	res, err := r.query(ctx, "stats", nil)
	if err != nil {
		return st, err
	}
	for _, row := range res.Rows {
		what, _ := row.Values["what"].(string)
		typ, _ := row.Values["type"].(string)
		n, err := toInt64(row.Values["count"])
		if err != nil {
			return st, fmt.Errorf("server %s: stats row %v: %w", r.base, row.Values, err)
		}
		switch what {
		case "articles":
			st.Articles = n
		case "entities":
			st.Entities[typ] = n
		case "events":
			st.Events[typ] = n
		case "quads":
			st.Quads = n
		case "nodes":
			st.Nodes = n
		}
	}
	return st, nil
}

func toInt64(v any) (int64, error) {
	if n, ok := v.(json.Number); ok {
		return n.Int64()
	}
	return 0, fmt.Errorf("count %v is not a number", v)
}

// export copies the server's export (of the graph, or of a query's
// answer) to w.
func (r *remote) export(ctx context.Context, w io.Writer, format, queryName string, args queries.Args) error {
	params := argValues(args)
	params.Set("format", format)
	if queryName != "" {
		params.Set("query", queryName)
	}
	resp, err := r.get(ctx, "/api/v1/export", params)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(w, resp.Body); err != nil {
		return fmt.Errorf("server %s: export: %w", r.base, err)
	}
	return nil
}

// serveReads lets other processes' read commands in while this write
// command (ingest, refresh) holds a bolt or leveldb store, which admits no
// other process meanwhile: a read-only HTTP server (no token: it takes no
// writes) on a free loopback port, advertised in the store's folder like
// `newsgraph serve`. Call stop before closing the store. Failing to start
// it costs only that: readers then get the store-busy error.
func (a *app) serveReads(s *graph.Store, p *extract.Pipeline) (stop func()) {
	if b := graph.BackendOf(a.store); b != "bolt" && b != "leveldb" {
		return func() {}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		a.log.Debug("no read server beside the writer", "err", err)
		return func() {}
	}
	srv := &http.Server{
		Handler:           server.New(s, server.Options{Pipeline: p, Logger: slog.New(slog.DiscardHandler)}),
		ReadHeaderTimeout: 10 * time.Second,
	}
	go srv.Serve(ln)
	remove, err := graph.Advertise(a.store, "http://"+ln.Addr().String())
	if err != nil {
		a.log.Debug("no read server beside the writer", "err", err)
		srv.Close()
		return func() {}
	}
	a.log.Debug("answering read commands of other processes", "url", "http://"+ln.Addr().String())
	return func() {
		remove()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			srv.Close()
		}
	}
}
