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
	// MaxBytes bounds one source's size; zero means DefaultMaxBytes.
	MaxBytes int64
	// Stdin is read for the source "-".
	Stdin io.Reader
}

// Expand turns command-line arguments into a sorted, de-duplicated list of
// sources: folders are walked recursively (hidden files and folders are
// skipped), globs are expanded, "-" stays standard input. Arguments that
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
				if d.Type().IsRegular() {
					files = append(files, path)
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

// Read loads the articles of one source (a file path or "-").
func Read(ctx context.Context, source string, opts Options) ([]newsgraph.Article, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	limit := opts.MaxBytes
	if limit <= 0 {
		limit = DefaultMaxBytes
	}
	var r io.Reader
	switch {
	case source == "-":
		if opts.Stdin == nil {
			return nil, &SourceError{Source: "-", Err: errors.New("standard input not available")}
		}
		r = opts.Stdin
	case strings.HasPrefix(source, "http://") || strings.HasPrefix(source, "https://"):
		return nil, &SourceError{Source: source, Err: fmt.Errorf("%w: URLs are not supported yet", ErrUnsupportedFormat)}
	default:
		f, err := os.Open(source)
		if err != nil {
			return nil, &SourceError{Source: source, Err: unwrapPathError(err)}
		}
		defer f.Close()
		if info, err := f.Stat(); err == nil && info.Size() > limit {
			return nil, &SourceError{Source: source, Err: fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, info.Size(), limit)}
		}
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, &SourceError{Source: source, Err: err}
	}
	if int64(len(data)) > limit {
		return nil, &SourceError{Source: source, Err: fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)}
	}
	return Parse(source, data, opts.Format)
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
