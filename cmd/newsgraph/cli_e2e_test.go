package main

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestCLIUsageErrors runs the real binary with command lines that are the
// user's mistake: each exits 2 with a message naming what is wrong (the
// flag, the query), and none opens the store, so none creates it.
func TestCLIUsageErrors(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "never.db")
	for _, tc := range []struct {
		args []string
		want string // in standard error
	}{
		{[]string{"query", "nosuch"}, `unknown query "nosuch"`},
		{[]string{"query", "nosuch", "--event", "attack"}, `unknown query "nosuch"`},
		{[]string{"query"}, "query needs a query name"},
		{[]string{"nosuchcommand"}, "unknown command"},
		{[]string{"query", "bases", "--from", "2025-13-45"}, `"--from" flag`},
		{[]string{"query", "events", "--to", "2025-02-30"}, `"--to" flag`},
		{[]string{"query", "sources", "--event", "attack", "--from", "last week"}, `"--from" flag`},
		{[]string{"query", "path", "--from-entity", "Iraq", "--to-entity", "Qatar", "--max-depth", "9"}, `"--max-depth" flag: 9 is out of range (1 to 6)`},
		{[]string{"query", "path", "--from-entity", "Iraq", "--to-entity", "Qatar", "--max-depth", "0"}, `"--max-depth" flag`},
		{[]string{"query", "path", "--from-entity", "Iraq", "--to-entity", "Qatar", "--max-depth", "four"}, `"--max-depth" flag`},
		{[]string{"query", "path", "--to-entity", "Qatar"}, "needs --from-entity"},
		{[]string{"query", "related", "--entity", "Iraq", "--limit", "-1"}, `"--limit" flag`},
		{[]string{"query", "bases", "--event", "picnic"}, `"--event" flag`},
		{[]string{"query", "bases", "--status", "maybe"}, `"--status" flag`},
		{[]string{"query", "bases", "--negated", "sometimes"}, `"--negated" flag`},
		{[]string{"query", "bases", "--format", "yaml"}, "--format"},
		{[]string{"query", "bases", "--nosuchflag"}, "unknown flag"},
		{[]string{"ask", ""}, "ask needs a question"},
		{[]string{"ask", "  ", " "}, "ask needs a question"},
		{[]string{"ask"}, "ask needs a question"},
		{[]string{"stats", "extra"}, "unknown command"},
		{[]string{"export", "--format", "pdf"}, "pdf"},
		{[]string{"import", "--input-format", "xml", "graph.xml"}, "--input-format"},
		{[]string{"ingest", "--input-format", "nosuch", "x.txt"}, "--input-format"},
		{[]string{"ingest", "--workers", "-3", "x.txt"}, "--workers -3"},
		{[]string{"extract", "--input-format", "nosuch", "x.txt"}, "--input-format"},
		{[]string{"serve", "--result-limit", "-1"}, "--result-limit -1"},
		{[]string{"serve", "--query-timeout", "-2s"}, "--query-timeout -2s"},
		{[]string{"serve", "--addr", "nonsense"}, `--addr "nonsense"`},
		{[]string{"serve", "--addr", "127.0.0.1:99999"}, `--addr "127.0.0.1:99999"`},
		{[]string{"help", "nosuch"}, `help: no command "nosuch"`},
		{[]string{"help", "completion", "nosuch"}, `no command "nosuch"`},
		{[]string{"ingest", "--progress-every", "-1s", "x.txt"}, "--progress-every -1s"},
	} {
		r := ng(t, dir, nil, append([]string{"--store", "bolt:" + db}, tc.args...)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%q: exit %d, want %d with %q\nstdout: %sstderr: %s", tc.args, r.code, exitUsage, tc.want, r.stdout, r.stderr)
		}
		if _, err := os.Stat(db); err == nil {
			t.Fatalf("%q created the store", tc.args)
		}
	}
}

// TestDeprecatedFlags checks that the former spellings of renamed flags
// still give the new flags' answers, hidden from --help and with a
// warning that names the new flag.
func TestDeprecatedFlags(t *testing.T) {
	store := storeCopy(t)
	rows := func(args ...string) (int, string) {
		t.Helper()
		r := ng(t, t.TempDir(), nil, append([]string{"--store", store, "query"}, append(args, "--format", "json")...)...)
		if r.code != 0 {
			t.Fatalf("%q: exit %d\n%s", args, r.code, r.stderr)
		}
		var res struct {
			Rows []json.RawMessage `json:"rows"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
			t.Fatalf("%q: %v\n%s", args, err, r.stdout)
		}
		return len(res.Rows), r.stderr
	}
	for _, tc := range []struct {
		old, cur []string
		warning  string
	}{
		{[]string{"events", "--type", "attack"}, []string{"events", "--event", "attack"}, "--type is deprecated; use --event"},
		{[]string{"bases", "--include-negated"}, []string{"bases", "--negated", "any"}, "--include-negated is deprecated; use --negated any"},
		{[]string{"countries", "--include-negated=false"}, []string{"countries", "--negated", "false"}, "--include-negated is deprecated"},
		{[]string{"path", "--from", "Al Udeid", "--to", "Camp Lemonnier"}, []string{"path", "--from-entity", "Al Udeid", "--to-entity", "Camp Lemonnier"}, "--from is deprecated; use --from-entity"},
		{[]string{"entity", "--name", "Camp Lemonnier"}, []string{"entity", "--entity", "Camp Lemonnier"}, "--name is deprecated; use --entity"},
	} {
		nOld, errOld := rows(tc.old...)
		nCur, errCur := rows(tc.cur...)
		if nCur == 0 || nOld != nCur {
			t.Errorf("%q: %d rows, %q: %d", tc.old, nOld, tc.cur, nCur)
		}
		if !strings.Contains(errOld, tc.warning) {
			t.Errorf("%q: no warning %q in\n%s", tc.old, tc.warning, errOld)
		}
		if strings.Contains(errCur, "deprecated") {
			t.Errorf("%q warns:\n%s", tc.cur, errCur)
		}
	}
	help := ng(t, t.TempDir(), nil, "query", "bases", "--help")
	if strings.Contains(help.stdout, "include-negated") || !strings.Contains(help.stdout, "--negated") {
		t.Errorf("bases --help:\n%s", help.stdout)
	}
	// Numbers and dates are typed as such in --help.
	help = ng(t, t.TempDir(), nil, "query", "path", "--help")
	if !strings.Contains(help.stdout, "--max-depth int") || !strings.Contains(help.stdout, "(default 4)") {
		t.Errorf("path --help:\n%s", help.stdout)
	}
	help = ng(t, t.TempDir(), nil, "query", "timeline", "--help")
	if !strings.Contains(help.stdout, "--from date") {
		t.Errorf("timeline --help:\n%s", help.stdout)
	}
	// ingest reads --format as the old name of --input-format.
	dir := t.TempDir()
	art := filepath.Join(dir, "note.txt")
	if err := os.WriteFile(art, []byte("A short note\n\nNothing happened at any base today.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := ng(t, dir, nil, "--store", "bolt:"+filepath.Join(dir, "g.db"), "ingest", "-q", "--format", "text", art)
	if r.code != 0 || !strings.Contains(r.stderr, "--format is deprecated; use --input-format") {
		t.Errorf("ingest --format: exit %d\n%s", r.code, r.stderr)
	}
}

// TestInterrupt sends SIGINT to a command at work: it stops and exits 130,
// as a shell reports an interrupted program. SIGTERM keeps the command's
// own status (TestServeShutdown: a stopped server exits 0).
func TestInterrupt(t *testing.T) {
	t.Run("serve", func(t *testing.T) {
		s := serve(t, storeCopy(t))
		if err := s.cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
		select {
		case <-s.exited:
		case <-time.After(60 * time.Second):
			t.Fatalf("serve did not stop on SIGINT\n%s", s.log())
		}
		if code := exitCode(t, s.err); code != exitInterrupted {
			t.Errorf("serve after SIGINT: exit %d, want %d\n%s", code, exitInterrupted, s.log())
		}
	})
	t.Run("ingest", func(t *testing.T) {
		// A page that never comes: ingest waits on it until interrupted.
		asked := make(chan struct{}, 1)
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case asked <- struct{}{}:
			default:
			}
			<-r.Context().Done()
		}))
		defer ts.Close()
		dir := t.TempDir()
		cmd := exec.Command(binary, "--store", "bolt:"+filepath.Join(dir, "g.db"), "ingest", "--http-cache", "none", ts.URL+"/slow.html")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		select {
		case <-asked:
		case <-time.After(60 * time.Second):
			cmd.Process.Kill()
			t.Fatal("ingest never fetched the page")
		}
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if code := exitCode(t, err); code != exitInterrupted || !strings.Contains(stderr.String(), "interrupted") {
				t.Errorf("ingest after SIGINT: exit %d, want %d\n%s", code, exitInterrupted, stderr.String())
			}
		case <-time.After(30 * time.Second):
			cmd.Process.Signal(syscall.SIGKILL)
			t.Fatalf("ingest did not stop on SIGINT\n%s", stderr.String())
		}
	})
}

func exitCode(t *testing.T, err error) int {
	t.Helper()
	if err == nil {
		return 0
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatal(err)
	}
	return ee.ExitCode()
}

// TestCompletion asks the binary for completions as the shell scripts of
// 'newsgraph completion' do: query names, event types, statuses, output
// formats, and entity names from the store; a missing store completes no
// names, without an error and without being created.
func TestCompletion(t *testing.T) {
	store := storeCopy(t)
	complete := func(store string, args ...string) []string {
		t.Helper()
		r := ng(t, t.TempDir(), nil, append([]string{"--store", store, "__complete"}, args...)...)
		if r.code != 0 {
			t.Fatalf("__complete %q: exit %d\n%s", args, r.code, r.stderr)
		}
		// The last line is cobra's directive (":4").
		lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
		var out []string
		for _, l := range lines[:len(lines)-1] {
			name, _, _ := strings.Cut(l, "\t")
			out = append(out, name)
		}
		return out
	}
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"query", ""}, []string{"bases", "events", "path", "timeline"}},
		{[]string{"query", "bases", "--event", ""}, []string{"withdrawal", "attack", "handover"}},
		{[]string{"query", "events", "--status", ""}, []string{"current", "any", "planned", "historical"}},
		{[]string{"query", "events", "--negated", ""}, []string{"false", "true", "any"}},
		{[]string{"query", "bases", "--format", ""}, []string{"table", "json", "csv"}},
		{[]string{"export", "--format", ""}, []string{"nquads", "jsonld", "csv", "graphml", "geojson"}},
		{[]string{"ingest", "--input-format", ""}, []string{"dump", "html", "jsonl"}},
		{[]string{"query", "timeline", "--entity", "Vic"}, []string{"Victory Base"}},
		{[]string{"query", "path", "--to-entity", "Al"}, []string{"Al Udeid Air Base"}},
	} {
		got := complete(store, tc.args...)
		for _, w := range tc.want {
			if !slices.Contains(got, w) {
				t.Errorf("complete %q: %q lacks %q", tc.args, got, w)
			}
		}
	}
	missing := filepath.Join(t.TempDir(), "typo", "graph.db")
	if got := complete("bolt:"+missing, "query", "timeline", "--entity", "Vic"); len(got) != 0 {
		t.Errorf("completion on a missing store: %q", got)
	}
	if _, err := os.Stat(filepath.Dir(missing)); err == nil {
		t.Errorf("completion created %s", filepath.Dir(missing))
	}
	for _, sh := range []string{"bash", "zsh", "fish", "powershell"} {
		r := ng(t, t.TempDir(), nil, "completion", sh)
		if r.code != 0 || !strings.Contains(r.stdout, "newsgraph") {
			t.Errorf("completion %s: exit %d\n%.300s", sh, r.code, r.stderr)
		}
	}
}

// TestHelpTopics checks help on commands that exist still prints their
// help and succeeds.
func TestHelpTopics(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"help"}, "Available Commands"},
		{[]string{"help", "export"}, "geojson"},
		{[]string{"help", "query", "entity"}, "--entity"},
	} {
		r := ng(t, t.TempDir(), nil, tc.args...)
		if r.code != 0 || !strings.Contains(r.stdout, tc.want) {
			t.Errorf("%q: exit %d, want 0 with %q\nstdout: %sstderr: %s", tc.args, r.code, tc.want, r.stdout, r.stderr)
		}
	}
}

// TestIngestProgress ingests the test articles through the real binary
// with a progress line for every step (standard error is a pipe, so lines
// rather than a bar) and checks the lines count articles and megabytes
// and tell the time left.
func TestIngestProgress(t *testing.T) {
	dir := t.TempDir()
	r := ng(t, dir, nil, "--store", "bolt:"+filepath.Join(dir, "p.db"), "ingest", "--progress-every", "1ns", absTestdata(t))
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	files, err := os.ReadDir(absTestdata(t))
	if err != nil {
		t.Fatal(err)
	}
	line := regexp.MustCompile(`^newsgraph: progress (\d+)/(\d+) sources, (\d+) articles, ([\d.]+)/([\d.]+) MB, [\d.]+ articles/s(, about \S+ left)?$`)
	var lines, withLeft, lastArticles int
	for _, l := range strings.Split(r.stderr, "\n") {
		if !strings.HasPrefix(l, "newsgraph: progress") {
			continue
		}
		m := line.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("progress line not in the expected form: %q", l)
		}
		lines++
		if m[6] != "" {
			withLeft++
		}
		if m[2] != strconv.Itoa(len(files)) {
			t.Errorf("%q: %s sources in all, want %d", l, m[2], len(files))
		}
		n, _ := strconv.Atoi(m[3])
		if n < lastArticles || n > len(files) {
			t.Errorf("%q: %d articles after %d, of %d", l, n, lastArticles, len(files))
		}
		lastArticles = n
		done, _ := strconv.ParseFloat(m[4], 64)
		total, _ := strconv.ParseFloat(m[5], 64)
		if total <= 0 || done > total {
			t.Errorf("%q: %v of %v MB", l, done, total)
		}
	}
	if lines == 0 || withLeft == 0 || lastArticles == 0 {
		t.Errorf("%d progress lines, %d with the time left, %d articles at the last:\n%s", lines, withLeft, lastArticles, r.stderr)
	}
}
