package loaders

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/newsgraph/newsgraph"
)

// JSONLFormat is the name of the JSON Lines format.
const JSONLFormat = "jsonl"

func init() {
	Register(Format{
		Name:       JSONLFormat,
		Doc:        "JSON Lines, as scrapers export: one article per line with url, title, publisher, published, body (tags, language optional)",
		Priority:   40,
		Sniff:      sniffJSONL,
		Extensions: []string{".jsonl", ".ndjson", ".jsonlines"},
		Parse:      parseJSONL,
	})
}

// jsonArticle is one line of a JSON Lines export. Only title and body are
// required; unknown fields (scrapers add their own) are ignored.
type jsonArticle struct {
	URL       string   `json:"url"`
	Title     string   `json:"title"`
	Publisher string   `json:"-"` // a string or an object with a name: see fillAliases
	Published string   `json:"published"`
	Lede      string   `json:"lede"`
	Body      string   `json:"body"`
	Tags      []string `json:"tags"`
	Keywords  []string `json:"keywords"`
	Language  string   `json:"language"`
	Image     string   `json:"image"`
}

// fieldAliases are the names other scrapers and news APIs give the fields
// of jsonArticle (and the publisher's own, which may be an object) (news-please, trafilatura, NewsAPI, schema.org-shaped
// exports), tried in order when the field's own name is absent.
var fieldAliases = []struct {
	field   func(*jsonArticle) *string
	aliases []string
}{
	{func(j *jsonArticle) *string { return &j.URL }, []string{"link", "canonical_url", "article_url", "source_url", "href"}},
	{func(j *jsonArticle) *string { return &j.Title }, []string{"headline", "name"}},
	{func(j *jsonArticle) *string { return &j.Publisher }, []string{"publisher", "source", "source_name", "site_name", "sitename", "outlet", "site"}},
	{func(j *jsonArticle) *string { return &j.Published }, []string{"date", "date_publish", "date_published", "datePublished", "published_at", "publishedAt", "publish_date", "pubDate", "pub_date", "time"}},
	{func(j *jsonArticle) *string { return &j.Body }, []string{"text", "content", "maintext", "articleBody", "article", "full_text"}},
	{func(j *jsonArticle) *string { return &j.Lede }, []string{"description", "summary", "standfirst"}},
	{func(j *jsonArticle) *string { return &j.Language }, []string{"lang", "inLanguage"}},
	{func(j *jsonArticle) *string { return &j.Image }, []string{"urlToImage", "image_url", "top_image"}},
}

// fillAliases fills the fields a line leaves empty from their other names.
// A value may be a string or an object with a "name" (NewsAPI's
// {"source": {"name": "Reuters"}}).
func fillAliases(line []byte, j *jsonArticle) {
	var raw map[string]json.RawMessage
	if json.Unmarshal(line, &raw) != nil {
		return // reported by the typed decode already
	}
	for _, fa := range fieldAliases {
		dst := fa.field(j)
		for _, name := range fa.aliases {
			if *dst != "" {
				break
			}
			if v, ok := raw[name]; ok {
				*dst = nameOf(v)
			}
		}
	}
}

// nameOf reads a JSON string, or the "name" of a JSON object; anything
// else reads as empty.
func nameOf(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	var o struct {
		Name string `json:"name"`
	}
	if json.Unmarshal(v, &o) == nil {
		return o.Name
	}
	return ""
}

// sniffJSONL recognises a first non-blank line that opens a JSON object,
// with at least one of the first few complete lines being a valid one, so
// that a file whose first record is broken is still read as JSON Lines
// (and its bad line reported) rather than as text.
func sniffJSONL(_ string, head []byte) bool {
	lines := bytes.Split(bytes.TrimPrefix(head, []byte("\uFEFF")), []byte("\n"))
	seen, valid := 0, false
	for i, l := range lines {
		l = bytes.TrimSpace(l)
		if len(l) == 0 {
			continue
		}
		if seen == 0 && l[0] != '{' {
			return false
		}
		complete := i < len(lines)-1
		if complete && l[0] == '{' && json.Valid(l) {
			valid = true
		}
		if !complete && seen == 0 {
			// One long line that the head cuts short.
			valid = bytes.HasPrefix(l, []byte(`{"`))
		}
		if seen++; seen == 5 {
			break
		}
	}
	return valid
}

// parseJSONL reads one article per line. A bad line (not JSON, not an
// object, no title or body, an unreadable date) is an error naming its
// line number, and the good lines are still returned: see the package
// doc on partial results.
func parseJSONL(in Input) ([]newsgraph.Article, error) {
	data := bytes.TrimPrefix(in.Data, []byte("\uFEFF"))
	errs := recordErrors{source: in.Source}
	var arts []newsgraph.Article
	for n, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		a, err := parseJSONLine(line)
		if err != nil {
			errs.add(n+1, err)
			continue
		}
		arts = append(arts, a)
	}
	if len(arts) == 0 && len(errs.errs) == 0 {
		return nil, ErrEmpty
	}
	return arts, errs.err()
}

func parseJSONLine(line []byte) (newsgraph.Article, error) {
	if err := checkUTF8("", line); err != nil {
		return newsgraph.Article{}, errors.Unwrap(err)
	}
	var j jsonArticle
	if err := json.Unmarshal(line, &j); err != nil {
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) {
			if ute.Field == "" {
				return newsgraph.Article{}, fmt.Errorf("want a JSON object, found %s", ute.Value)
			}
			return newsgraph.Article{}, fmt.Errorf("field %q: want %s, found %s", ute.Field, ute.Type, ute.Value)
		}
		return newsgraph.Article{}, fmt.Errorf("not JSON: %w", err)
	}
	fillAliases(line, &j)
	a := newsgraph.Article{
		URL:       strings.TrimSpace(j.URL),
		Title:     j.Title,
		Publisher: j.Publisher,
		Lede:      paragraphs(j.Lede),
		Body:      paragraphs(j.Body),
		Tags:      j.Tags,
		Keywords:  j.Keywords,
		Language:  languageCode(j.Language),
		Image:     strings.TrimSpace(j.Image),
	}
	if j.Published != "" {
		t, ok := parseDate(j.Published)
		if !ok {
			return newsgraph.Article{}, fmt.Errorf("published %q: not a date", j.Published)
		}
		a.Published = t
	}
	if a.URL != "" && !isAbsHTTP(a.URL) {
		return newsgraph.Article{}, fmt.Errorf("url %q: want an absolute http(s) URL", a.URL)
	}
	if strings.TrimSpace(a.Title) == "" {
		return newsgraph.Article{}, errors.New("no title")
	}
	if a.Body == "" {
		return newsgraph.Article{}, ErrNoBody
	}
	return a, nil
}
