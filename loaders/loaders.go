// Package loaders owns reading articles: it turns sources (files, folders,
// globs, standard input) in the formats it knows (scraped page dumps, plain
// text) into newsgraph.Article values, and reports every source it could not
// read as a SourceError naming the source and the reason.
//
// Formats are kept in a registry filled inside this package; each format has
// a sniffer that recognises its content and a parser.
package loaders

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph"
)

// Sentinel errors callers may branch on.
var (
	ErrEmpty             = errors.New("empty file")
	ErrBinary            = errors.New("binary content, not an article")
	ErrNoBody            = errors.New("no article body found")
	ErrUnsupportedFormat = errors.New("unsupported format")
	ErrTooLarge          = errors.New("file too large")
)

// SourceError is a failure to read one source.
type SourceError struct {
	Source string
	Line   int
	Err    error
}

func (e *SourceError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.Source, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Source, e.Err)
}

func (e *SourceError) Unwrap() error { return e.Err }

// Format is one registered article format.
type Format struct {
	// Name is the key users pass to --format.
	Name string
	// Doc is a one-line description.
	Doc string
	// Sniff reports whether content (the first KiB or so) looks like this
	// format. Formats are tried in priority order (lower first).
	Sniff    func(name string, head []byte) bool
	Priority int
	// Parse reads every article in data. source names data in errors.
	Parse func(source string, data []byte) ([]newsgraph.Article, error)
}

// registry is the format registry, filled by this package's init functions.
var registry = struct {
	sync.RWMutex
	formats map[string]Format
}{formats: map[string]Format{}}

// Register adds a format; a duplicate name is a programming error.
func Register(f Format) {
	registry.Lock()
	defer registry.Unlock()
	if _, dup := registry.formats[f.Name]; dup {
		panic("loaders: format registered twice: " + f.Name)
	}
	registry.formats[f.Name] = f
}

// Formats lists the registered formats in sniffing order.
func Formats() []Format {
	registry.RLock()
	defer registry.RUnlock()
	out := make([]Format, 0, len(registry.formats))
	for _, f := range registry.formats {
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b Format) int {
		if a.Priority != b.Priority {
			return a.Priority - b.Priority
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out
}

// LookupFormat returns the format registered under name.
func LookupFormat(name string) (Format, bool) {
	registry.RLock()
	defer registry.RUnlock()
	f, ok := registry.formats[name]
	return f, ok
}

// Parse reads the articles in data, detecting the format from the content
// unless format is set. Every error is a *SourceError naming source.
func Parse(source string, data []byte, format string) ([]newsgraph.Article, error) {
	if err := checkText(data); err != nil {
		return nil, &SourceError{Source: source, Err: err}
	}
	var f Format
	if format != "" {
		var ok bool
		if f, ok = LookupFormat(format); !ok {
			return nil, &SourceError{Source: source, Err: fmt.Errorf("%w %q", ErrUnsupportedFormat, format)}
		}
	} else {
		f = detect(source, data)
	}
	arts, err := f.Parse(source, data)
	if err != nil {
		var se *SourceError
		if errors.As(err, &se) {
			return nil, err
		}
		return nil, &SourceError{Source: source, Err: err}
	}
	for i := range arts {
		arts[i].Source = source
		arts[i].Format = f.Name
		finish(&arts[i])
	}
	return arts, nil
}

func detect(source string, data []byte) Format {
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	for _, f := range Formats() {
		if f.Sniff != nil && f.Sniff(source, head) {
			return f
		}
	}
	f, _ := LookupFormat("text")
	return f
}

// checkText rejects content that cannot be an article before any parser
// sees it: empty files and binary data.
func checkText(data []byte) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return ErrEmpty
	}
	head := data
	if len(head) > 8192 {
		head = head[:8192]
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return ErrBinary
	}
	// Text in a legacy charset is still mostly valid UTF-8 (ASCII); binary
	// data is not. Allow a few stray bytes.
	bad := 0
	for len(head) > 0 {
		r, size := utf8.DecodeRune(head)
		if r == utf8.RuneError && size == 1 {
			bad++
		} else if r < 0x20 && r != '\n' && r != '\r' && r != '\t' && r != '\f' {
			bad++
		}
		head = head[size:]
	}
	if bad > 16 {
		return ErrBinary
	}
	return nil
}

// finish fills the derived fields of an article: publisher from the URL's
// domain when the page named none, the content hash, and cleaned text.
func finish(a *newsgraph.Article) {
	a.Title = cleanLine(a.Title)
	a.Lede = strings.TrimSpace(a.Lede)
	a.Body = stripFootnotes(strings.TrimSpace(strings.ToValidUTF8(a.Body, "\uFFFD")))
	a.Lede = stripFootnotes(a.Lede)
	a.Tags = uniq(a.Tags)
	a.Keywords = uniq(a.Keywords)
	if a.PublisherDomain == "" {
		a.PublisherDomain = DomainOf(a.URL)
	}
	if a.Publisher == "" {
		if p, ok := LookupPublisher(a.URL); ok {
			a.Publisher = p.Name
		} else if a.PublisherDomain != "" {
			a.Publisher = a.PublisherDomain
		}
	}
	a.Hash = ContentHash(*a)
}

// ContentHash is the SHA-256 over the fields that extraction reads, so two
// copies of the same article in different formats hash alike.
func ContentHash(a newsgraph.Article) string {
	h := sha256.New()
	for _, s := range []string{a.URL, a.Title, a.Publisher, a.Published.UTC().Format("2006-01-02T15:04:05Z"), a.Lede, a.Body} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

func cleanLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// footnote matches a publisher's asterisk note glued to the end of a
// paragraph ("...the official.*a terrorist group banned in Russia"): it is
// boilerplate, and its words must not become facts of the article.
var footnote = regexp.MustCompile(`(?m)([.!?"”’])\s*\*[^*\n]{3,200}$|^\*[^*\n]{3,200}$`)

func stripFootnotes(s string) string {
	return strings.TrimSpace(footnote.ReplaceAllString(s, "$1"))
}

func uniq(xs []string) []string {
	var out []string
	for _, x := range xs {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
