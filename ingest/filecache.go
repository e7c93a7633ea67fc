package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/newsgraph/newsgraph/schema"
)

// fileCache remembers, for each local file an ingest read completely, its
// size and modification time and the articles it held. A later ingest
// with the same extractor skips a file whose size and time are unchanged
// once the store confirms it still holds those articles in those
// versions: parsing every file to hash it is what a re-ingest of an
// unchanged folder costs otherwise. Like make and rsync it trusts the
// modification time; --force reads everything.
type fileCache struct {
	path    string
	mu      sync.Mutex
	entries map[string]fileEntry
}

type fileEntry struct {
	Size      int64           `json:"size"`
	ModTime   int64           `json:"mtime_ns"`
	Extractor string          `json:"extractor"`
	Articles  []cachedArticle `json:"articles"`
}

type cachedArticle struct {
	ID   string `json:"id"`
	Hash string `json:"hash"`
}

// fileStamp is what a file looked like before it was read.
type fileStamp struct {
	size, mtime int64
}

func loadFileCache(path string) (*fileCache, error) {
	c := &fileCache{path: path, entries: map[string]fileEntry{}}
	if path == "" {
		return c, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("file cache %s: %w", path, err)
	}
	if err := json.Unmarshal(data, &c.entries); err != nil {
		// A damaged cache costs a full read, nothing else.
		c.entries = map[string]fileEntry{}
		return c, fmt.Errorf("file cache %s: %w (starting afresh)", path, err)
	}
	return c, nil
}

// stamp returns the size and time of a local regular file; ok is false
// for standard input, URLs, globs and anything else.
func stamp(source string) (string, fileStamp, bool) {
	if source == "-" || strings.Contains(source, "://") {
		return "", fileStamp{}, false
	}
	abs, err := filepath.Abs(source)
	if err != nil {
		return "", fileStamp{}, false
	}
	fi, err := os.Stat(abs)
	if err != nil || !fi.Mode().IsRegular() {
		return "", fileStamp{}, false
	}
	return abs, fileStamp{size: fi.Size(), mtime: fi.ModTime().UnixNano()}, true
}

// unchanged reports the articles of a file that can be skipped: the file
// has its recorded size and time, and the store holds each recorded
// article with its recorded hash and the current extractor.
func (c *fileCache) unchanged(ctx context.Context, in *Ingester, abs string, st fileStamp, extractor string) ([]cachedArticle, bool) {
	c.mu.Lock()
	e, ok := c.entries[abs]
	c.mu.Unlock()
	if !ok || e.Size != st.size || e.ModTime != st.mtime || e.Extractor != extractor || len(e.Articles) == 0 {
		return nil, false
	}
	for _, a := range e.Articles {
		v, err := in.storedVersion(ctx, schema.ArticleIRI(a.ID))
		if err != nil || !v.is(a.Hash, extractor) {
			return nil, false
		}
	}
	return e.Articles, true
}

func (c *fileCache) record(abs string, st fileStamp, extractor string, arts []cachedArticle) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(arts) == 0 {
		delete(c.entries, abs)
		return
	}
	c.entries[abs] = fileEntry{Size: st.size, ModTime: st.mtime, Extractor: extractor, Articles: arts}
}

func (c *fileCache) forget(abs string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, abs)
}

// save writes the cache atomically (a temporary file renamed over it).
func (c *fileCache) save() error {
	if c.path == "" {
		return nil
	}
	c.mu.Lock()
	data, err := json.Marshal(c.entries)
	c.mu.Unlock()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(c.path), 0o755); err != nil {
		return fmt.Errorf("file cache %s: %w", c.path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(c.path), ".files-*.json")
	if err != nil {
		return fmt.Errorf("file cache %s: %w", c.path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("file cache %s: %w", c.path, err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("file cache %s: %w", c.path, err)
	}
	if err := os.Rename(tmp.Name(), c.path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("file cache %s: %w", c.path, err)
	}
	return nil
}
