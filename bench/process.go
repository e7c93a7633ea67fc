package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// CayleyPackage is the import path of Cayley's command, built from the
// version go.mod pins (the `tool` line keeps its dependencies in go.sum,
// so it builds offline from the module cache).
const CayleyPackage = "github.com/cayleygraph/cayley/cmd/cayley"

// BuildCayley builds Cayley's command into dir with `go build`, run in
// the current directory, which must be inside newsgraph's module so that
// the version is go.mod's. It returns the binary's path.
func BuildCayley(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "cayley")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, CayleyPackage)
	// Without cgo: Cayley's sqlite driver would compile SQLite in C, for
	// minutes, and the bench loads no sqlite store.
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("bench: build %s (run inside newsgraph's module, or pass --cayley): %w\n%s", CayleyPackage, err, out)
	}
	return bin, nil
}

// childUsage is what a child process cost: its own wall, CPU and memory.
type childUsage struct {
	wall, cpu time.Duration
	// peakAnon is the highest RssAnon sampled every 50 ms; hwm is the
	// last VmHWM read before the process ended.
	peakAnon, hwm int64
}

func (u childUsage) phase() Phase {
	return Phase{Duration: u.wall, CPU: u.cpu, PeakAnon: u.peakAnon, PeakRSS: u.hwm}
}

// runChild runs cmd to its end while sampling its memory from /proc.
func runChild(cmd *exec.Cmd) (childUsage, error) {
	var u childUsage
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return u, fmt.Errorf("start %s: %w", cmd.Path, err)
	}
	done := make(chan struct{})
	sampled := make(chan [2]int64, 1)
	go sampleProcess(cmd.Process.Pid, done, sampled)
	err := cmd.Wait()
	u.wall = time.Since(start)
	close(done)
	mem := <-sampled
	u.peakAnon, u.hwm = mem[0], mem[1]
	if ps := cmd.ProcessState; ps != nil {
		u.cpu = ps.UserTime() + ps.SystemTime()
	}
	return u, err
}

// sampleProcess sends the highest RssAnon and VmHWM of a process seen
// until done is closed.
func sampleProcess(pid int, done <-chan struct{}, out chan<- [2]int64) {
	status := filepath.Join("/proc", strconv.Itoa(pid), "status")
	var anon, hwm int64
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		anon = max(anon, statusKBOf(status, "RssAnon:"))
		hwm = max(hwm, statusKBOf(status, "VmHWM:"))
		select {
		case <-done:
			out <- [2]int64{anon, hwm}
			return
		case <-t.C:
		}
	}
}

// cayleyLoad has Cayley's own `cayley load` write the N-Quads file nq
// into a fresh store of the backend (init and load in one command, as a
// user would run it), and reports what the process cost.
func cayleyLoad(ctx context.Context, bin, backend, dbPath, nq string) (Phase, error) {
	var args []string
	switch backend {
	case StoreBolt, StoreLevelDB:
		if err := os.MkdirAll(dbPath, 0o755); err != nil {
			return Phase{}, fmt.Errorf("cayley load: %w", err)
		}
		args = []string{"load", "--init", "--db", backend, "--dbpath", dbPath, "-i", nq}
	case StorePostgres:
		args = []string{"load", "--init", "--db", "postgres", "--dbpath", dbPath, "-i", nq}
	default:
		return Phase{}, fmt.Errorf("cayley load: no Cayley command for store %q", backend)
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	var stderr strings.Builder
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	u, err := runChild(cmd)
	if err != nil {
		return u.phase(), fmt.Errorf("cayley %s: %w: %s", strings.Join(args, " "), err, tail(stderr.String(), 500))
	}
	return u.phase(), nil
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// statusKBOf reads one "Key: N kB" line of a /proc status file, in bytes
// (0 when absent or the process is gone).
func statusKBOf(path, key string) int64 {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(data)) {
		if v, ok := strings.CutPrefix(line, key); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}

// dirSize is the disk space the files under path take (allocated
// blocks, so sparse and preallocated files count what they occupy).
func dirSize(path string) int64 {
	var n int64
	_ = filepath.WalkDir(path, func(_ string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if fi, err := d.Info(); err == nil {
			n += allocated(fi)
		}
		return nil
	})
	return n
}

// serveChild is a running `newsgraph serve`.
type serveChild struct {
	cmd  *exec.Cmd
	base string
	done chan struct{}
	err  error
}

// startServe starts `newsgraph --store dsn serve` on a free loopback
// port and waits until it says where it listens.
func startServe(ctx context.Context, bin, dsn string) (*serveChild, error) {
	cmd := exec.CommandContext(ctx, bin, "--store", dsn, "serve", "--addr", "127.0.0.1:0")
	cmd.Stdout = io.Discard
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("serve: start %s: %w", bin, err)
	}
	s := &serveChild{cmd: cmd, done: make(chan struct{})}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		var last []string
		for sc.Scan() {
			line := sc.Text()
			// "newsgraph: serving the bolt store on http://127.0.0.1:N, ..."
			if _, rest, ok := strings.Cut(line, " store on http://"); ok {
				a, _, _ := strings.Cut(rest, ",")
				select {
				case addr <- a:
				default:
				}
			}
			if last = append(last, line); len(last) > 5 {
				last = last[1:]
			}
		}
		s.err = cmd.Wait()
		if s.err != nil {
			s.err = fmt.Errorf("serve: %w: %s", s.err, strings.Join(last, "\n"))
		}
		close(s.done)
	}()
	select {
	case a := <-addr:
		s.base = "http://" + a
		return s, nil
	case <-s.done:
		return nil, orErr(s.err, errors.New("serve: ended before listening"))
	case <-time.After(2 * time.Minute):
		s.stop()
		return nil, errors.New("serve: not listening after 2 minutes")
	}
}

func orErr(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}

// memory reads the server's RssAnon and VmHWM now.
func (s *serveChild) memory() (anon, hwm int64) {
	status := filepath.Join("/proc", strconv.Itoa(s.cmd.Process.Pid), "status")
	return statusKBOf(status, "RssAnon:"), statusKBOf(status, "VmHWM:")
}

// stop ends the server as Ctrl-C would and waits for it.
func (s *serveChild) stop() {
	_ = s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
}

// allocated is the disk space a file occupies.
func allocated(fi os.FileInfo) int64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return st.Blocks * 512
	}
	return fi.Size()
}
