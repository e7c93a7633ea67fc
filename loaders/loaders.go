// Package loaders owns reading articles: it turns sources (files, folders,
// globs, standard input and http(s) URLs) in the formats it knows (scraped
// page dumps, HTML pages, RSS and Atom feeds, JSON Lines, plain text) into
// newsgraph.Article values, and reports every source it could not read as a
// SourceError naming the source and the reason.
//
// Formats are kept in a registry filled inside this package; each format has
// a sniffer that recognises its content and a parser. Detection looks at the
// content first and falls back on the file name's extension, so a page saved
// as "story.txt" is still read as HTML.
//
// # Partial results
//
// A source may hold many articles (a feed, a JSON Lines export). When some
// of its records are bad, Parse and Read return the good articles together
// with an error that joins one *SourceError per bad record (see SplitErrors);
// callers store the articles and report each error. When the whole source is
// bad, no articles are returned.
package loaders

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/schema"
)

// Sentinel errors callers may branch on.
var (
	ErrEmpty             = errors.New("empty file")
	ErrBinary            = errors.New("binary content, not an article")
	ErrNoBody            = errors.New("no article body found")
	ErrUnsupportedFormat = errors.New("unsupported format")
	ErrTooLarge          = errors.New("file too large")
	ErrInvalidUTF8       = errors.New("invalid UTF-8")
	// ErrSkipped reports a folder entry that is not read: a named pipe, a
	// socket, a device, a link to a folder or a broken link. It is worth a
	// word, not a failure.
	ErrSkipped = errors.New("skipped")
	// ErrNotModified reports a URL whose server answered 304 Not Modified
	// to a conditional request: its articles were stored by an earlier run
	// and nothing was downloaded. It is an outcome, not a failure.
	ErrNotModified = errors.New("not modified since the last fetch")
)

// SourceError is a failure to read one source, or one record (Line) of it.
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

// SplitErrors flattens an error returned by Parse or Read into its
// *SourceErrors: one per bad record when the source was partly bad,
// otherwise the error itself. It returns nil for a nil error.
func SplitErrors(err error) []error {
	if err == nil {
		return nil
	}
	if _, ok := err.(*SourceError); ok {
		return []error{err}
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, SplitErrors(e)...)
		}
		return out
	}
	return []error{err}
}

// maxRecordErrors bounds how many bad records of one source are reported
// one by one; a file of a million broken lines gets a summary instead of a
// million lines on standard error.
const maxRecordErrors = 20

// recordErrors collects the per-record errors of one source.
type recordErrors struct {
	source string
	errs   []error
	more   int
}

func (r *recordErrors) add(line int, err error) {
	if len(r.errs) >= maxRecordErrors {
		r.more++
		return
	}
	r.errs = append(r.errs, &SourceError{Source: r.source, Line: line, Err: err})
}

// err joins the collected errors; nil when there are none.
func (r *recordErrors) err() error {
	errs := r.errs
	if r.more > 0 {
		errs = append(slices.Clip(errs), &SourceError{Source: r.source, Err: fmt.Errorf("%d more bad records not shown", r.more)})
	}
	return errors.Join(errs...)
}

// Input is one source's content as a parser sees it.
type Input struct {
	// Source names the content in errors and becomes Article.Source.
	Source string
	Data   []byte
	// URL is where the content was downloaded from, if it was: relative
	// links resolve against it, and it is the article URL of a page that
	// names no canonical URL of its own.
	URL string
	// ContentType is the media type a server declared, with its charset.
	ContentType string
}

// Format is one registered article format.
type Format struct {
	// Name is the key users pass to --format.
	Name string
	// Doc is a one-line description.
	Doc string
	// Sniff reports whether content (the first 4 KiB) looks like this
	// format. Formats are tried in priority order (lower first).
	Sniff    func(name string, head []byte) bool
	Priority int
	// Extensions are file name endings (".html") that suggest this format
	// when no sniffer recognises the content.
	Extensions []string
	// Parse reads every article in the input. It does no I/O, so it can be
	// fuzzed and run twice with the same result.
	Parse func(in Input) ([]newsgraph.Article, error)
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
// unless format is set. Every error is a *SourceError naming source, or a
// join of them (see the package doc on partial results).
func Parse(source string, data []byte, format string) ([]newsgraph.Article, error) {
	return ParseInput(Input{Source: source, Data: data}, format)
}

// ParseInput is Parse for content that comes with a URL or a declared
// content type.
func ParseInput(in Input, format string) ([]newsgraph.Article, error) {
	f, arts, err := parseRaw(in, format)
	return finishAll(in.Source, f, arts, err)
}

// finishAll finishes each parsed article, naming its source and format,
// and turns an article left without a body (a feed item with only a title
// and a link) into an error naming it.
func finishAll(source string, f Format, arts []newsgraph.Article, err error) ([]newsgraph.Article, error) {
	errs := recordErrors{source: source}
	out := arts[:0]
	for i, a := range arts {
		if a.Source == "" {
			a.Source = source
		}
		if a.Format == "" {
			a.Format = f.Name
		}
		finish(&a)
		if a.Body == "" {
			if f.Name == RSSFormat || f.Name == AtomFormat {
				errs.add(0, fmt.Errorf("item %d %q: %w (the item has no text; --follow fetches its page)", i+1, a.Title, ErrNoBody))
			} else {
				errs.add(0, ErrNoBody)
			}
			continue
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		out = nil
	}
	return out, asSourceErrors(source, errors.Join(err, errs.err()))
}

// parseRaw runs the format's parser without finishing the articles, so a
// caller that merges them (following feed links) can still fill gaps.
func parseRaw(in Input, format string) (Format, []newsgraph.Article, error) {
	in.Data = utf16ToUTF8(in.Data)
	if err := checkContent(in.Data); err != nil {
		return Format{}, nil, &SourceError{Source: in.Source, Err: err}
	}
	var f Format
	if format != "" {
		var ok bool
		if f, ok = LookupFormat(format); !ok {
			return Format{}, nil, &SourceError{Source: in.Source, Err: fmt.Errorf("%w %q", ErrUnsupportedFormat, format)}
		}
	} else {
		f = detect(in.Source, in.Data)
	}
	arts, err := f.Parse(in)
	return f, arts, asSourceErrors(in.Source, err)
}

// asSourceErrors makes sure every error a parser returns is a *SourceError
// naming the source, keeping joined per-record errors apart.
func asSourceErrors(source string, err error) error {
	if err == nil {
		return nil
	}
	var out []error
	for _, e := range SplitErrors(err) {
		if _, ok := e.(*SourceError); !ok {
			e = &SourceError{Source: source, Err: e}
		}
		out = append(out, e)
	}
	if len(out) == 1 {
		return out[0]
	}
	return errors.Join(out...)
}

// detect picks the format of data: the first sniffer (in priority order)
// that recognises the content, then a format claiming the file's
// extension, then plain text.
func detect(source string, data []byte) Format {
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	formats := Formats()
	for _, f := range formats {
		if f.Sniff != nil && f.Sniff(source, head) {
			return f
		}
	}
	ext := strings.ToLower(filepath.Ext(source))
	if ext != "" {
		for _, f := range formats {
			if slices.Contains(f.Extensions, ext) {
				return f
			}
		}
	}
	f, _ := LookupFormat(TextFormat)
	return f
}

// utf16ToUTF8 converts text that starts with a UTF-16 byte order mark (as
// some Windows tools save it) to UTF-8; anything else is returned as is.
func utf16ToUTF8(data []byte) []byte {
	if !bytes.HasPrefix(data, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return data
	}
	out, err := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
	if err != nil {
		return data
	}
	return out
}

// checkContent rejects content that cannot be an article before any parser
// sees it: empty files and binary data (images, archives, executables).
// Whether the text is valid UTF-8 is each parser's business, since HTML and
// XML may declare another charset.
func checkContent(data []byte) error {
	if len(bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\uFEFF")))) == 0 {
		return ErrEmpty
	}
	if ct, _, _ := strings.Cut(http.DetectContentType(data), ";"); !strings.HasPrefix(ct, "text/") && !asciiMagic[ct] {
		return fmt.Errorf("%w (%s)", ErrBinary, ct)
	}
	head := data
	if len(head) > 8192 {
		head = head[:8192]
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return fmt.Errorf("%w (NUL bytes)", ErrBinary)
	}
	controls := 0
	for _, c := range head {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			controls++
		}
	}
	if controls > len(head)/50 {
		return fmt.Errorf("%w (control characters)", ErrBinary)
	}
	return nil
}

// asciiMagic are sniffed types whose signature is plain letters ("BM",
// "OTTO", "wOFF"), so an article may well start with them ("BMW recalls
// ..."); the real files are caught by their NUL bytes instead.
var asciiMagic = map[string]bool{
	"image/bmp": true, "font/otf": true, "font/collection": true, "font/woff": true, "font/woff2": true,
	"application/postscript": true,
}

// checkUTF8 reports the first invalid UTF-8 sequence in data with its line,
// for the formats that have no way to declare another charset.
func checkUTF8(source string, data []byte) error {
	if utf8.Valid(data) {
		return nil
	}
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return &SourceError{Source: source, Line: line,
				Err: fmt.Errorf("%w: byte 0x%02x at column %d (save the file as UTF-8)", ErrInvalidUTF8, data[i], col)}
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return nil
}

// finish fills the derived fields of an article: publisher from the URL's
// domain when the source named none, the content hash, and cleaned text.
func finish(a *newsgraph.Article) {
	a.Title = cleanLine(a.Title)
	// Only http(s) links are kept, whatever the format: a scraped dump's
	// "javascript:" URL must never reach the graph or the page's links.
	a.URL = keepWebURL(a.URL)
	a.Image = keepWebURL(a.Image)
	a.Publisher = cleanLine(a.Publisher)
	a.Lede = strings.TrimSpace(a.Lede)
	a.Body = stripFootnotes(strings.TrimSpace(strings.ToValidUTF8(a.Body, "\uFFFD")))
	a.Lede = stripFootnotes(a.Lede)
	if a.Body == "" {
		// Footnote stripping can empty a one-paragraph body; the lede is
		// then the body, as the dump format already does.
		a.Body, a.Lede = a.Lede, ""
	}
	a.Tags = uniq(a.Tags)
	a.Keywords = uniq(a.Keywords)
	// Published keeps the zone the source gave it: the publisher's own
	// calendar date is the anchor of "on Tuesday" and "last month" (an
	// article stamped 01:00 in Riyadh is dated the day before in UTC).
	// The content hash uses the instant in UTC, so the same article read
	// from a feed and from a page hashes alike.
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
	// The same derivation the graph uses, so an article's ID is known
	// before it is stored (and equal across formats).
	a.ID = schema.ArticleID(*a)
}

// ContentHash is the SHA-256 over the fields that extraction reads, so two
// copies of the same article in different formats hash alike.
func ContentHash(a newsgraph.Article) string {
	h := sha256.New()
	// Lede and body are hashed as one text: formats differ in whether they
	// set the lede apart, and extraction reads them joined anyway.
	text := strings.Join(strings.Fields(a.Lede+" "+a.Body), " ")
	for _, s := range []string{a.URL, a.Title, a.Publisher, a.Published.UTC().Format("2006-01-02T15:04:05Z"), text} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	// Credits are hashed only when present, so the hash of an article
	// without them is the one it had before they were read.
	for _, c := range a.Credits {
		h.Write([]byte(c))
		h.Write([]byte{1})
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
	if strings.IndexByte(s, '*') < 0 {
		return strings.TrimSpace(s) // every footnote has its asterisk
	}
	return strings.TrimSpace(footnote.ReplaceAllString(s, "$1"))
}

func uniq(xs []string) []string {
	var out []string
	for _, x := range xs {
		x = cleanLine(x)
		if x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// paragraphs normalises article text: paragraphs separated by one blank
// line, whitespace inside a paragraph collapsed to single spaces. Every
// format's body goes through it so that the same article compares equal
// whatever it was read from.
func paragraphs(s string) string {
	return strings.Join(splitBlocks(strings.ReplaceAll(s, "\r\n", "\n")), "\n\n")
}

// wordCount counts the words of s.
func wordCount(s string) int { return wordCountUpTo(s, -1) }

// wordCountUpTo counts the words of s as strings.Fields splits them, up to
// limit (none when negative). The dump loader asks of every block, long
// paragraphs included, whether it has a few words or many; counting
// without building the word list, and stopping at the limit, spares an
// allocation and most of the scan.
func wordCountUpTo(s string, limit int) int {
	n := 0
	for range strings.FieldsSeq(s) {
		if n == limit {
			break
		}
		n++
	}
	return n
}

// dateLayouts are the timestamp shapes found in pages, feeds and exports,
// tried in order after the dump's own layouts.
var dateLayouts = []string{
	time.RFC3339Nano, time.RFC3339, time.RFC1123Z, time.RFC1123, time.RFC850, time.RFC822Z, time.RFC822,
	"Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST", "2 Jan 2006 15:04:05 -0700",
	"2006-01-02T15:04:05.999999999", "2006-01-02", "2006/01/02", "January 2, 2006", "2 January 2006",
}

// parseDate reads a timestamp in any of the layouts above, in the zone it
// was written in. A time without a zone is taken as UTC.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}, false
	}
	if t, ok := parseTimestamp(s); ok {
		return t, true
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
