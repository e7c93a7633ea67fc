package refresh

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// maxConfigInput bounds a fuzzed configuration; real ones are a few lines.
const maxConfigInput = 4 << 10

// maxConfigError bounds a configuration error beyond the lines it quotes:
// the YAML parser shows the lines up to the offending one (context the
// file's author wants) and a caret under the column, indented with as
// many spaces, so an error may be up to twice as long as the file, but
// no longer.
const maxConfigError = 1 << 10

// FuzzConfig loads arbitrary YAML as the refresh configuration. A file
// either fails with an error naming it, of bounded size, or loads into a
// configuration whose every source has a location, a unique name and a
// schedule that fires: one due within five years of now.
func FuzzConfig(f *testing.F) {
	for _, s := range []string{
		"every: 10m\nsources:\n  - name: a\n    location: ./articles\n  - location: https://example.org/feed.xml\n    cron: \"*/30 * * * *\"\n    follow: true\n",
		"store: bolt:x.db\nsources:\n  - location: x\n    every: 1h\n    prune: true\n",
		"sources:\n  - location: x\n    cron: \"0 6 1 1 *\"\n",
		"sources: [{location: a, every: 90s}, {location: b, name: a2}]\n",
		"sources:\n  - location: x\n    colour: red\n",
	} {
		f.Add([]byte(s))
	}
	path := filepath.Join(f.TempDir(), "refresh.yaml")
	now := time.Date(2025, 8, 25, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxConfigInput {
			t.Skip()
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := LoadConfig(path)
		if err != nil {
			msg := err.Error()
			if !strings.Contains(msg, path) {
				t.Fatalf("error %q does not name the file", msg)
			}
			if len(msg) > maxConfigError+len(path)+2*len(data) {
				t.Fatalf("error of %d bytes for a %d-byte file: %.300s...", len(msg), len(data), msg)
			}
			return
		}
		def, err := c.DefaultEvery()
		if err != nil {
			t.Fatalf("loaded, but its default interval fails: %v", err)
		}
		names := map[string]bool{}
		for _, s := range c.Sources {
			if s.Location == "" || names[s.name()] {
				t.Fatalf("source %+v: no location, or a name used twice", s)
			}
			names[s.name()] = true
			sch, err := s.schedule(def)
			if err != nil {
				t.Fatalf("loaded, but source %q has no schedule: %v", s.name(), err)
			}
			if next := sch.Next(now); !next.After(now) {
				t.Fatalf("source %q (cron %q, every %q) never runs: next run %v", s.name(), s.Cron, s.Every, next)
			}
		}
	})
}

// TestConfigSchedules checks schedules at the edge of valid: a cron
// expression no date matches was accepted, and the scheduler then ran its
// source back to back (found by FuzzConfig).
func TestConfigSchedules(t *testing.T) {
	path := filepath.Join(t.TempDir(), "refresh.yaml")
	for _, c := range []struct {
		cron    string
		wantErr string
	}{
		{"0 0 30 2 *", "matches no date"},
		{"0 0 31 4,6,9,11 *", "matches no date"},
		{"0 0 29 2 *", ""}, // every leap year
		{"0 0 31 * *", ""},
		{"*/5 * * * *", ""},
		{"0 0 32 * *", "cron"},
	} {
		yaml := "sources:\n  - location: x\n    cron: \"" + c.cron + "\"\n"
		if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := LoadConfig(path)
		switch {
		case c.wantErr == "" && err != nil:
			t.Errorf("cron %q: %v", c.cron, err)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("cron %q: err = %v, want one saying %q", c.cron, err, c.wantErr)
		}
	}
}

// TestConfigNotUTF8 checks that a file that is not text fails with a
// short error: the YAML parser quoted each invalid byte as U+FFFD, so 645
// bytes of 0xA5 gave a 2 KB error (FuzzConfig,
// testdata/fuzz/FuzzConfig/566868465c6c1dd3).
func TestConfigNotUTF8(t *testing.T) {
	path := filepath.Join(t.TempDir(), "refresh.yaml")
	for _, c := range []struct {
		data string
		want string
	}{
		{strings.Repeat("\xa5", 645), "offset 0"},
		{"sources:\n  - location: caf\xe9\n", "offset 26"},
		{"sources:\n  - location: café\n", ""},
	} {
		if err := os.WriteFile(path, []byte(c.data), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := LoadConfig(path)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%.20q: %v", c.data, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), "not UTF-8") || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%.20q: err = %v, want one saying not UTF-8 at %s", c.data, err, c.want)
		case err != nil && len(err.Error()) > len(path)+100:
			t.Errorf("%.20q: error of %d bytes", c.data, len(err.Error()))
		}
	}
}
