package loaders

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"codeberg.org/readeck/go-readability/v2/render"
	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"

	"github.com/newsgraph/newsgraph"
)

// Names of the feed formats.
const (
	RSSFormat  = "rss"
	AtomFormat = "atom"
)

// summaryWords is the length under which a feed item's text is taken for
// a summary of the article rather than the article: with Options.Follow
// its link is fetched and read as a page.
const summaryWords = 150

func init() {
	Register(Format{
		Name:       RSSFormat,
		Doc:        "RSS feed (0.9x, 1.0, 2.0): each item an article",
		Priority:   30,
		Sniff:      func(_ string, head []byte) bool { return feedRoot(head) == RSSFormat },
		Extensions: []string{".rss", ".xml", ".rdf"},
		Parse:      parseFeed,
	})
	Register(Format{
		Name:       AtomFormat,
		Doc:        "Atom feed: each entry an article",
		Priority:   31,
		Sniff:      func(_ string, head []byte) bool { return feedRoot(head) == AtomFormat },
		Extensions: []string{".atom"},
		Parse:      parseFeed,
	})
}

// feedRoot names the feed format whose root element opens head, or "".
func feedRoot(head []byte) string {
	h := skipProlog(head)
	for bytes.HasPrefix(h, []byte("<!")) { // <!DOCTYPE rss ...>
		i := bytes.IndexByte(h, '>')
		if i < 0 {
			return ""
		}
		h = skipProlog(h[i+1:])
	}
	h = bytes.ToLower(h)
	switch {
	case bytes.HasPrefix(h, []byte("<rss")), bytes.HasPrefix(h, []byte("<rdf:rdf")):
		return RSSFormat
	case bytes.HasPrefix(h, []byte("<feed")):
		return AtomFormat
	}
	return ""
}

// parseFeed reads an RSS or Atom feed, whichever it is (the two formats
// share it, so a forced --format rss still reads an Atom file). Each item
// becomes an article whose body is the item's content, or its description,
// as text. The publisher is the feed's title unless the item's domain is in
// the publisher table. Items without text are returned with an empty body:
// Read follows their links when asked to, and drops them otherwise with an
// error naming the item.
func parseFeed(in Input) ([]newsgraph.Article, error) {
	if err := checkXMLText(in.Source, in.Data); err != nil {
		return nil, err
	}
	switch gofeed.DetectFeedType(bytes.NewReader(in.Data)) {
	case gofeed.FeedTypeRSS, gofeed.FeedTypeAtom:
	default:
		return nil, fmt.Errorf("not an RSS or Atom feed: %s", xmlProblem(in.Data))
	}
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(in.Data))
	if err != nil {
		return nil, fmt.Errorf("invalid feed: %w", err)
	}
	if len(feed.Items) == 0 {
		return nil, errors.New("the feed has no items")
	}
	base, _ := url.Parse(first(in.URL, feed.Link))
	publisher := htmlToText(feed.Title)
	lang := languageCode(feed.Language)
	var arts []newsgraph.Article
	for _, it := range feed.Items {
		if it == nil {
			continue
		}
		a := newsgraph.Article{
			Title:    cleanLine(htmlToText(it.Title)),
			URL:      firstURL(base, it.Link, first(it.Links...), it.GUID),
			Body:     htmlToText(first(it.Content, it.Description)),
			Language: lang,
			Tags:     it.Categories,
		}
		if _, known := LookupPublisher(a.URL); !known {
			a.Publisher = publisher
		}
		switch {
		case it.PublishedParsed != nil:
			a.Published = *it.PublishedParsed
		case it.UpdatedParsed != nil:
			a.Published = *it.UpdatedParsed
		}
		if it.Image != nil {
			a.Image = firstURL(base, it.Image.URL)
		}
		arts = append(arts, a)
	}
	return arts, nil
}

// htmlToText renders an HTML fragment (a feed item's content) as text with
// one blank line between blocks, the same way page bodies are rendered.
func htmlToText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return paragraphs(s)
	}
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return paragraphs(s)
	}
	return paragraphs(render.InnerText(doc))
}

// checkXMLText requires valid UTF-8 unless the XML declaration names
// another encoding, which the feed parser then decodes.
func checkXMLText(source string, data []byte) error {
	if enc := xmlEncoding(data); enc != "" && enc != "utf-8" && enc != "utf8" {
		return nil
	}
	return checkUTF8(source, data)
}

// xmlEncoding returns the encoding named by the XML declaration, lowercased.
func xmlEncoding(data []byte) string {
	d := bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !bytes.HasPrefix(d, []byte("<?xml")) {
		return ""
	}
	end := bytes.Index(d, []byte("?>"))
	if end < 0 {
		return ""
	}
	decl := string(d[:end])
	i := strings.Index(decl, "encoding=")
	if i < 0 || len(decl) < i+10 {
		return ""
	}
	v := decl[i+9:]
	q := v[0]
	if q != '"' && q != '\'' {
		return ""
	}
	v, _, _ = strings.Cut(v[1:], string(q))
	return strings.ToLower(strings.TrimSpace(v))
}

// xmlProblem explains why data is not a feed: its first XML syntax error,
// or the root element it has instead of rss, rdf:RDF or feed.
func xmlProblem(data []byte) string {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = charset.NewReaderLabel
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return "no XML element found"
		}
		if err != nil {
			return "not XML: " + err.Error()
		}
		if se, ok := tok.(xml.StartElement); ok {
			name := se.Name.Local
			return fmt.Sprintf("the root element is <%s>, not <rss>, <rdf:RDF> or <feed>", name)
		}
	}
}
