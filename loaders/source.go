package loaders

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/newsgraph/newsgraph"
)

// DefaultMaxBytes bounds how much of one source is read; an article larger
// than this is refused rather than exhausting memory.
const DefaultMaxBytes = 64 << 20

// Options tune how sources are read.
type Options struct {
	// Format forces a format by name; empty means detect from the content.
	Format string
	// MaxBytes bounds one file's or standard input's size; zero means
	// DefaultMaxBytes. URLs are bounded by the HTTPClient's MaxBytes.
	MaxBytes int64
	// Stdin is read for the source "-".
	Stdin io.Reader
	// Follow fetches the page of each feed item that carries only a short
	// summary (or no text) and reads the item from the page, as HTML.
	// Without it such items keep their summary, and items with no text at
	// all are reported.
	Follow bool
	// HTTP fetches URL sources and followed links. Nil means a client with
	// default HTTPOptions and no validator file, so every fetch downloads;
	// share one client across a batch to skip unchanged pages.
	HTTP *HTTPClient
}

// Expand turns command-line arguments into a sorted, de-duplicated list of
// sources: folders are walked recursively (hidden files and folders are
// skipped), globs are expanded (a wildcard skips hidden files, as in a
// shell), "-" (standard input) and http(s) URLs stay as they are. Arguments that
// name nothing are returned as errors; the rest still expand.
func Expand(ctx context.Context, args []string) ([]string, []error) {
	var out []string
	var errs []error
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, arg := range args {
		if err := ctx.Err(); err != nil {
			return out, append(errs, err)
		}
		if arg == "-" || strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://") {
			add(arg)
			continue
		}
		paths := []string{arg}
		if strings.ContainsAny(arg, "*?[") {
			matches, err := filepath.Glob(arg)
			if err != nil {
				errs = append(errs, &SourceError{Source: arg, Err: fmt.Errorf("bad glob: %w", err)})
				continue
			}
			// As in a shell, a wildcard does not match hidden files
			// unless the pattern itself starts with a dot.
			if !strings.HasPrefix(filepath.Base(arg), ".") {
				matches = slices.DeleteFunc(matches, func(m string) bool { return strings.HasPrefix(filepath.Base(m), ".") })
			}
			if len(matches) == 0 {
				errs = append(errs, &SourceError{Source: arg, Err: errors.New("glob matches no file")})
				continue
			}
			paths = matches
		}
		for _, p := range paths {
			info, err := os.Stat(p)
			if err != nil {
				errs = append(errs, &SourceError{Source: p, Err: unwrapPathError(err)})
				continue
			}
			if !info.IsDir() {
				add(p)
				continue
			}
			var files []string
			err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
				if err != nil {
					errs = append(errs, &SourceError{Source: path, Err: unwrapPathError(err)})
					return nil
				}
				name := d.Name()
				if path != p && strings.HasPrefix(name, ".") {
					if d.IsDir() {
						return filepath.SkipDir
					}
					return nil
				}
				switch {
				case d.Type().IsRegular():
					files = append(files, path)
				case d.IsDir():
				default:
					// A link to a file is read like the file; anything
					// else is skipped with a word (ErrSkipped).
					if follow, err := specialEntry(path, d); err != nil {
						errs = append(errs, &SourceError{Source: path, Err: err})
					} else if follow {
						files = append(files, path)
					}
				}
				return nil
			})
			if err != nil {
				errs = append(errs, &SourceError{Source: p, Err: err})
			}
			slices.Sort(files)
			for _, f := range files {
				add(f)
			}
		}
	}
	return out, errs
}

// Read loads the articles of one source: a file path, "-" for standard
// input, or an http(s) URL. Every error is a *SourceError naming the source
// (or the followed link), or a join of them when only some records were
// bad; see the package doc on partial results. A URL whose server answers
// 304 Not Modified gives an error wrapping ErrNotModified and no articles.
func Read(ctx context.Context, source string, opts Options) ([]newsgraph.Article, error) {
	if err := ctx.Err(); err != nil {
		return nil, &SourceError{Source: source, Err: err}
	}
	limit := opts.MaxBytes
	if limit <= 0 {
		limit = DefaultMaxBytes
	}
	client := opts.HTTP
	if client == nil && (opts.Follow || isURL(source)) {
		client = NewHTTPClient(HTTPOptions{MaxBytes: limit})
	}
	in := Input{Source: source}
	var fetched *Fetched
	switch {
	case source == "-":
		if opts.Stdin == nil {
			return nil, &SourceError{Source: "-", Err: errors.New("standard input not available")}
		}
		data, err := readLimited(opts.Stdin, limit)
		if err != nil {
			return nil, &SourceError{Source: source, Err: err}
		}
		in.Data = data
	case isURL(source):
		f, err := client.Fetch(ctx, source)
		if err != nil {
			return nil, err
		}
		fetched = f
		in = Input{Source: source, Data: f.Data, URL: f.URL, ContentType: f.ContentType}
	default:
		data, err := readFile(source, limit)
		if err != nil {
			return nil, &SourceError{Source: source, Err: err}
		}
		in.Data = data
	}
	f, arts, err := parseRaw(in, opts.Format)
	if opts.Follow && (f.Name == RSSFormat || f.Name == AtomFormat) {
		var ferr error
		arts, ferr = follow(ctx, client, arts)
		err = errors.Join(err, ferr)
	}
	arts, err = finishAll(in.Source, f, arts, err)
	if fetched != nil && onlyNotModified(err) {
		client.Commit(fetched)
	}
	return arts, err
}

// readFile reads a file, refusing one larger than limit before reading it.
func readFile(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() && info.Size() > limit {
		return nil, fmt.Errorf("%w: %s, limit %s", ErrTooLarge, sizeString(info.Size()), sizeString(limit))
	}
	data, err := readLimited(f, limit)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	return data, nil
}

// readLimited reads at most limit bytes and fails if there is more.
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: more than %s", ErrTooLarge, sizeString(limit))
	}
	return data, nil
}

// follow replaces each feed item that carries only a summary by the
// article read from its link, keeping the item's metadata where the page
// has none. A link that cannot be fetched or read drops its item with an
// error naming the link (ErrNotModified for a page unchanged since it was
// last read), so a summary never replaces a full article stored before.
func follow(ctx context.Context, c *HTTPClient, arts []newsgraph.Article) ([]newsgraph.Article, error) {
	var out []newsgraph.Article
	var errs []error
	for _, a := range arts {
		if a.URL == "" || wordCount(a.Body) >= summaryWords {
			out = append(out, a)
			continue
		}
		page, err := readPage(ctx, c, a.URL)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		page.Title = first(page.Title, a.Title)
		page.Publisher = first(page.Publisher, a.Publisher)
		page.Language = first(page.Language, a.Language)
		page.Image = first(page.Image, a.Image)
		page.Tags = append(page.Tags, a.Tags...)
		if page.Published.IsZero() {
			page.Published = a.Published
		}
		out = append(out, page)
	}
	return out, errors.Join(errs...)
}

// readPage fetches one followed link and reads it as an HTML page; its
// validators are recorded as soon as the page has been read.
func readPage(ctx context.Context, c *HTTPClient, link string) (newsgraph.Article, error) {
	f, err := c.Fetch(ctx, link)
	if err != nil {
		return newsgraph.Article{}, err
	}
	_, arts, err := parseRaw(Input{Source: link, Data: f.Data, URL: f.URL, ContentType: f.ContentType}, HTMLFormat)
	if err != nil {
		return newsgraph.Article{}, err
	}
	c.Commit(f)
	a := arts[0]
	a.Source, a.Format = link, HTMLFormat
	return a, nil
}

// onlyNotModified reports whether err is nil or holds nothing but
// not-modified outcomes, the case in which a fetched source's validators
// may be kept.
func onlyNotModified(err error) bool {
	for _, e := range SplitErrors(err) {
		if !errors.Is(e, ErrNotModified) {
			return false
		}
	}
	return true
}

// unwrapPathError drops the *fs.PathError wrapper, whose message repeats the
// path the SourceError already names.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}
