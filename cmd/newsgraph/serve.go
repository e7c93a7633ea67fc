package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/refresh"
	"github.com/newsgraph/newsgraph/server"
	"github.com/newsgraph/newsgraph/web"
)

// EnvToken names the environment variable that holds the write token, so
// it need not appear in the process list.
const EnvToken = "NEWSGRAPH_TOKEN"

// serveFlags are serve's options.
type serveFlags struct {
	addr            string
	token           string
	queryTimeout    time.Duration
	resultLimit     int
	maxBody         int64
	maxQueries      int
	maxExtractions  int
	maxExports      int
	maxArticle      int
	maxOutput       int
	allowHosts      []string
	shutdownTimeout time.Duration
	memoryLimit     int64
	refresh         refreshFlags
	notebooks       string
}

func newServeCmd(a *app) *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the graph over HTTP: named queries, questions, raw Cayley queries, ingest and exports",
		Long: `Serve the graph over HTTP (see docs/http.md and GET /api/openapi.json).

The server is read-only unless a write token is set with --token or the
` + EnvToken + ` environment variable: then POST /api/v1/articles needs
"Authorization: Bearer TOKEN", and so do saving notebooks, POST /api/v1/extract
and exports. Only loopback Host names are served unless --allow-host names
others (a guard against DNS rebinding). Raw queries (Gizmo, GraphQL, MQL) run within
--query-timeout and --result-limit, which no request can exceed. Access logs go
to standard error as JSON lines. On SIGTERM or Ctrl-C the server stops
accepting connections, finishes the requests in flight (up to
--shutdown-timeout), and then closes the store.`,
		Example: `  newsgraph serve
  newsgraph serve --source ./articles --source https://example.org/feed.xml --refresh 15m
  NEWSGRAPH_TOKEN=secret newsgraph --store bolt:news.db serve --addr 0.0.0.0:8080`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := nonNegative(cmd, "query-timeout", "result-limit", "max-body", "max-queries", "max-extractions",
				"max-exports", "max-article", "max-output", "shutdown-timeout"); err != nil {
				return err
			}
			if err := checkListenAddr(f.addr); err != nil {
				return err
			}
			if f.token == "" {
				f.token = os.Getenv(EnvToken)
			}
			setMemoryLimit(f.memoryLimit, cmd.Flags().Changed("memory-limit"), os.Getenv("GOMEMLIMIT") != "")
			return a.serve(cmd.Context(), f)
		},
	}
	cmd.Flags().StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on (port 0 picks a free port)")
	cmd.Flags().StringVar(&f.token, "token", "", "bearer token that allows writes (default $"+EnvToken+"; none: read-only)")
	cmd.Flags().DurationVar(&f.queryTimeout, "query-timeout", server.DefaultQueryTimeout, "time limit of every query")
	cmd.Flags().IntVar(&f.resultLimit, "result-limit", server.DefaultResultLimit, "most rows or results one query returns")
	cmd.Flags().Int64Var(&f.maxBody, "max-body", server.DefaultMaxBodyBytes, "largest request body in bytes")
	cmd.Flags().IntVar(&f.maxQueries, "max-queries", server.DefaultMaxConcurrent, "raw queries allowed to run at once")
	cmd.Flags().IntVar(&f.maxExtractions, "max-extractions", server.DefaultMaxExtractions, "extract requests allowed to run at once")
	cmd.Flags().IntVar(&f.maxExports, "max-exports", server.DefaultMaxExports, "exports allowed to run at once")
	cmd.Flags().IntVar(&f.maxArticle, "max-article", server.DefaultMaxArticleBytes, "largest posted article text in bytes (413 beyond)")
	cmd.Flags().IntVar(&f.maxOutput, "max-output", server.DefaultMaxOutputBytes, "most bytes of results one raw query returns")
	cmd.Flags().StringArrayVar(&f.allowHosts, "allow-host", nil, "a Host name to serve besides loopback names (\"*\": any); repeatable")
	cmd.Flags().DurationVar(&f.shutdownTimeout, "shutdown-timeout", 30*time.Second, "how long shutdown waits for requests in flight")
	cmd.Flags().Int64Var(&f.memoryLimit, "memory-limit", DefaultServeMemoryLimitMiB, "soft limit of the Go heap in MiB, above which the garbage collector works harder (0: none; default $GOMEMLIMIT when set)")
	f.refresh.add(cmd)
	cmd.Flags().StringVar(&f.notebooks, "notebooks", "", "folder where the notebook page at / saves notebooks (none: saving on the server is off)")
	return cmd
}

// checkListenAddr refuses an --addr that is no HOST:PORT as bad usage,
// before the store is opened: the listener's own error ("missing port in
// address") would exit 1 and not name the flag. An address that is well
// formed but cannot be had (a port in use, a host not of this machine)
// stays a failure of the command.
func checkListenAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err == nil {
		_, err = net.LookupPort("tcp", port)
	}
	if err != nil {
		return usagef("--addr %q: want HOST:PORT, e.g. 127.0.0.1:8080 or :0 (%v)", addr, err)
	}
	return nil
}

// DefaultServeMemoryLimitMiB is serve's soft heap limit. Exports and
// queries make garbage faster than their live data grows: with Go's
// default pacing the heap doubles its live size before a collection, and
// eight parallel whole-graph exports of the 2,000-article corpus peaked
// near 1 GiB of RSS although each holds little. The limit makes the
// collector run (and return memory) before that; it is soft, so a
// request that needs more still gets it, at some CPU cost. bolt's mapped
// store file is outside it.
const DefaultServeMemoryLimitMiB = 512

// setMemoryLimit applies serve's --memory-limit: given on the command
// line it wins, else GOMEMLIMIT (which the runtime has applied) does, else
// the default applies. 0 means no limit.
func setMemoryLimit(mib int64, explicit, fromEnv bool) {
	if fromEnv && !explicit {
		return
	}
	if mib <= 0 {
		debug.SetMemoryLimit(math.MaxInt64)
		return
	}
	debug.SetMemoryLimit(mib << 20)
}

// serve runs the HTTP server until ctx ends.
func (a *app) serve(ctx context.Context, f serveFlags) error {
	// Listen first, so "address already in use" is an error of this
	// command, reported before anything slower is set up, and not of a
	// goroutine.
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", f.addr, err)
	}
	defer ln.Close() // a no-op once Serve has taken it
	p, err := a.pipeline()
	if err != nil {
		return err
	}
	s, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	// Closed last, after the HTTP server has finished its requests, so no
	// request reads a closed store.
	defer s.Close()
	logger := slog.New(slog.NewJSONHandler(a.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	sources, every, err := f.refresh.resolve()
	if err != nil {
		return err
	}
	// The scheduler has a context of its own, cancelled before the HTTP
	// server shuts down: a run stops between two articles, is recorded,
	// and only then do requests drain and the store close.
	refreshCtx, stopRefresh := context.WithCancel(context.WithoutCancel(ctx))
	defer stopRefresh()
	refresher := &refresh.Refresher{Ingester: &ingest.Ingester{Store: s, Pipeline: p}, HTTPCache: httpCachePath(a.store), Log: logger}
	svc := refresh.NewService(refreshCtx, refresher, sources)
	h := server.New(s, server.Options{
		Web:                      web.Handler(),
		Notebooks:                web.NotebookHandler(f.notebooks),
		Refresh:                  svc.TriggerHandler(),
		RefreshStatus:            svc.StatusHandler(),
		Collectors:               svc.Collectors(),
		Token:                    f.token,
		Pipeline:                 p,
		QueryTimeout:             f.queryTimeout,
		ResultLimit:              f.resultLimit,
		MaxBodyBytes:             f.maxBody,
		MaxConcurrentQueries:     f.maxQueries,
		MaxConcurrentExtractions: f.maxExtractions,
		MaxConcurrentExports:     f.maxExports,
		MaxArticleBytes:          f.maxArticle,
		MaxOutputBytes:           f.maxOutput,
		AllowedHosts:             f.allowHosts,
		Logger:                   logger,
	})
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		// Bodies are bounded by --max-body; a minute is ample to send them,
		// and a client slower than that gets a 408.
		ReadTimeout: time.Minute,
		// Long enough for the slowest query plus writing a whole-graph
		// export; queries themselves are bounded by --query-timeout.
		WriteTimeout: max(10*time.Minute, 2*f.queryTimeout),
		IdleTimeout:  2 * time.Minute,
		ErrorLog:     slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
		BaseContext:  func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	// Other processes' read commands cannot open a bolt or leveldb store
	// this process holds: tell them where to ask instead.
	if remove, err := graph.Advertise(a.store, "http://"+advertAddr(ln.Addr())); err != nil {
		a.reportWarning(err)
	} else {
		defer remove()
	}
	mode := "read-only (no token)"
	if f.token != "" {
		mode = "writes need the bearer token"
	}
	fmt.Fprintf(a.stderr, "newsgraph: serving the %s store on http://%s, %s\n", s.Backend(), ln.Addr(), mode)

	var schedDone chan struct{}
	if len(sources) > 0 {
		schedDone = make(chan struct{})
		sch := &refresh.Scheduler{Refresher: refresher, Sources: sources, Default: every, OnRun: svc.Observe}
		go func() {
			defer close(schedDone)
			if err := sch.Run(refreshCtx); err != nil {
				logger.Error("refresh scheduler", "err", err)
			}
		}()
		fmt.Fprintf(a.stderr, "newsgraph: refreshing %d source(s), every %v unless scheduled otherwise\n", len(sources), every)
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	// Shutdown order: stop the refresh scheduler (its run ends between two
	// articles and is recorded), then stop accepting, let requests in
	// flight finish, then (deferred) close the store.
	fmt.Fprintln(a.stderr, "newsgraph: shutting down, finishing requests in flight")
	stopRefresh()
	if schedDone != nil {
		<-schedDone
	}
	svc.Wait()
	sctx, cancel := context.WithTimeout(context.Background(), f.shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	fmt.Fprintln(a.stderr, "newsgraph: stopped")
	return nil
}

// advertAddr is the address other processes of this machine reach a
// listener on: a wildcard address is answered on loopback too.
func advertAddr(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return addr.String()
	}
	ip := net.IPv4(127, 0, 0, 1)
	if tcp.IP.To4() == nil {
		ip = net.IPv6loopback
	}
	return net.JoinHostPort(ip.String(), strconv.Itoa(tcp.Port))
}
