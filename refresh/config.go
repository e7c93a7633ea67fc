package refresh

import (
	"bytes"
	"fmt"
	"os"
	"time"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
)

// Config is the refresh configuration file:
//
//	store: bolt:newsgraph.db      # optional; --store wins
//	every: 15m                    # default interval of sources
//	sources:
//	  - name: local
//	    location: ./articles
//	    every: 5m
//	  - name: example-feed
//	    location: https://example.org/feed.xml
//	    cron: "*/30 * * * *"
//	    follow: true
//	    prune: false
type Config struct {
	Store   string   `yaml:"store,omitempty"`
	Every   string   `yaml:"every,omitempty"`
	Sources []Source `yaml:"sources"`
}

// LoadConfig reads and checks a configuration file.
func LoadConfig(path string) (Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("config %s: %w", path, err)
	}
	// YAML is Unicode text. The parser would quote each invalid byte as
	// U+FFFD, three bytes, so a binary file came back as an error three
	// times its size.
	if !utf8.Valid(data) {
		return Config{}, fmt.Errorf("config %s: not UTF-8 text (invalid byte at offset %d)", path, invalidAt(data))
	}
	var c Config
	if err := yaml.NewDecoder(bytes.NewReader(data), yaml.DisallowUnknownField()).Decode(&c); err != nil {
		return Config{}, fmt.Errorf("config %s: %w", path, err)
	}
	if err := c.Check(); err != nil {
		return Config{}, fmt.Errorf("config %s: %w", path, err)
	}
	return c, nil
}

// invalidAt is the offset of the first byte of data that is not UTF-8.
func invalidAt(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// DefaultEvery is the interval of sources with no schedule.
func (c Config) DefaultEvery() (time.Duration, error) {
	if c.Every == "" {
		return 15 * time.Minute, nil
	}
	d, err := time.ParseDuration(c.Every)
	if err != nil {
		return 0, fmt.Errorf("every %q: %w", c.Every, err)
	}
	return d, nil
}

// Check validates every source's location and schedule, and that names
// are unique.
func (c Config) Check() error {
	def, err := c.DefaultEvery()
	if err != nil {
		return err
	}
	names := map[string]bool{}
	for i, s := range c.Sources {
		if s.Location == "" {
			return fmt.Errorf("source %d: location is required", i+1)
		}
		if names[s.name()] {
			return fmt.Errorf("source %q is listed twice", s.name())
		}
		names[s.name()] = true
		if _, err := s.schedule(def); err != nil {
			return err
		}
	}
	return nil
}
