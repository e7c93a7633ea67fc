package loaders

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"mime"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"

	"github.com/newsgraph/newsgraph"
)

// HTMLFormat is the name of the saved web page format.
const HTMLFormat = "html"

// maxHTMLElements bounds the pages handed to the readability extractor,
// whose scoring is super-linear in the element count: a news page has a few
// thousand elements, and a page with more is refused rather than allowed to
// pin a worker for minutes.
const maxHTMLElements = 60000

// minBodyWords is the least text that counts as an article body; a page
// with less (a section front, a login wall, an error page) has no article.
const minBodyWords = 20

func init() {
	Register(Format{
		Name:       HTMLFormat,
		Doc:        "HTML page: schema.org JSON-LD, OpenGraph and meta tags for metadata, readability for the body",
		Priority:   20,
		Sniff:      sniffHTML,
		Extensions: []string{".html", ".htm", ".xhtml", ".shtml"},
		Parse:      parseHTML,
	})
}

// htmlStarts are the ways an HTML page or a saved fragment of one begins.
var htmlStarts = [][]byte{
	[]byte("<!doctype html"), []byte("<html"), []byte("<head"), []byte("<body"), []byte("<meta"),
	[]byte("<title"), []byte("<article"), []byte("<main"), []byte("<link"), []byte("<script"),
	[]byte("<div"), []byte("<section"), []byte("<h1"), []byte("<p>"), []byte("<p "),
}

// sniffHTML recognises markup whose first element is an HTML one, after an
// optional byte order mark, XML declaration and comments. Feeds also start
// with '<' but their first element is rss, feed or rdf:RDF.
func sniffHTML(_ string, head []byte) bool {
	h := bytes.ToLower(skipProlog(head))
	for _, p := range htmlStarts {
		if bytes.HasPrefix(h, p) {
			return true
		}
	}
	return false
}

// skipProlog drops what may precede the first element of a markup
// document: a byte order mark, whitespace, an XML declaration, processing
// instructions and comments.
func skipProlog(b []byte) []byte {
	b = bytes.TrimPrefix(b, []byte("\uFEFF"))
	for {
		b = bytes.TrimLeft(b, " \t\r\n\f")
		var end []byte
		switch {
		case bytes.HasPrefix(b, []byte("<?")):
			end = []byte("?>")
		case bytes.HasPrefix(b, []byte("<!--")):
			end = []byte("-->")
		default:
			return b
		}
		i := bytes.Index(b, end)
		if i < 0 {
			return nil
		}
		b = b[i+len(end):]
	}
}

// parseHTML reads one article from a web page. Metadata comes from, in
// order of trust, schema.org JSON-LD, OpenGraph and standard meta tags;
// the body from the readability extractor, falling back on the JSON-LD
// articleBody.
func parseHTML(in Input) ([]newsgraph.Article, error) {
	text, err := decodeHTML(in.Data, in.ContentType)
	if err != nil {
		return nil, err
	}
	if reason := truncatedHTML(text); reason != "" {
		return nil, fmt.Errorf("truncated HTML: %s", reason)
	}
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("parse HTML: %w", err)
	}
	meta := collectMeta(doc)
	ld := jsonLD(meta.jsonLD)

	base, _ := url.Parse(in.URL)
	if in.URL == "" {
		base = nil
	}
	var a newsgraph.Article
	a.URL = firstURL(base, meta.canonical, meta.get("og:url"), ld.url, in.URL)
	if base == nil && a.URL != "" {
		base, _ = url.Parse(a.URL)
	}
	a.Publisher = first(ld.publisher, meta.get("og:site_name"))
	for _, s := range []string{ld.published, meta.get("article:published_time"), meta.get("og:article:published_time"),
		meta.get("datepublished"), meta.get("pubdate"), meta.get("publishdate"), meta.get("date"),
		meta.get("dc.date"), meta.get("dcterms.date"), meta.get("dc.date.issued"), meta.get("parsely-pub-date")} {
		if t, ok := parseDate(s); ok {
			a.Published = t
			break
		}
	}
	a.Language = languageCode(first(ld.language, meta.lang, meta.get("og:locale"), meta.get("content-language")))
	a.Image = firstURL(base, ld.image, meta.get("og:image"))
	a.Tags = append(append(ld.sections, meta.all("article:section")...), meta.all("article:tag")...)
	a.Keywords = append(ld.keywords, splitList(first(meta.get("keywords"), meta.get("news_keywords")))...)

	visible := visibleText(doc)
	dropFurniture(doc)
	p := readability.NewParser()
	p.DisableJSONLD = true // read above, with @graph and @id support
	p.MaxElemsToParse = maxHTMLElements
	ra, err := p.ParseAndMutate(doc, base)
	if err != nil {
		return nil, fmt.Errorf("extract article: %w", err)
	}
	a.Title = cleanLine(first(ld.headline, meta.get("og:title"), meta.get("twitter:title"), ra.Title(), meta.title))
	var body string
	if ra.Node != nil {
		body = paragraphs(render.InnerText(ra.Node))
		body = dropLeadingBlocks(body, a.Title, cleanLine(ra.Byline()))
	}
	if !hasProse(body) {
		body = paragraphs(ld.body)
	}
	if !hasProse(body) {
		return nil, ErrNoBody
	}
	a.Body = body
	a.Lede = standfirst(visible, body, ld.description, meta.get("og:description"), meta.get("description"), meta.get("twitter:description"))
	return []newsgraph.Article{a}, nil
}

// standfirst returns the page's summary as the article's lede when the
// page shows it and the extracted body lacks it. Readability keeps the
// article's main column, and many templates put the standfirst above it,
// in the header beside the headline, where it is lost; the same text is
// the page's description (JSON-LD, og:description). A description only
// in the metadata (written for search engines), one that is the body's
// opening cut short ("..."), or a list of keywords is not a lede.
func standfirst(visible, body string, descriptions ...string) string {
	d := cleanLine(first(descriptions...))
	if d == "" || !looksLikeProse(d+".") || strings.Contains(d, "|") {
		return ""
	}
	// The first 60 characters are enough to recognise the text, and to
	// find a truncated copy.
	k := foldSpace(strings.TrimRight(d, " .…"))
	if len(k) > 60 {
		k = k[:60]
	}
	if strings.Contains(foldSpace(body), k) || !strings.Contains(visible, k) {
		return ""
	}
	return d
}

// foldSpace lowercases s and collapses its white space.
func foldSpace(s string) string {
	return strings.ToLower(cleanLine(s))
}

// visibleText is the text a reader sees on the page (scripts, styles,
// templates and the head left out), folded by foldSpace.
func visibleText(doc *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "noscript", "template", "head":
				return
			}
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return foldSpace(b.String())
}

// decodeHTML turns the page into UTF-8 text. A charset declared by a byte
// order mark, the server's Content-Type or a <meta> tag is honoured; a page
// that declares none must be valid UTF-8, because guessing a legacy charset
// (as browsers do) silently garbles names, the very thing extraction reads.
func decodeHTML(data []byte, contentType string) (string, error) {
	enc, name, certain := charset.DetermineEncoding(data, contentType)
	if !certain {
		enc, name = nil, ""
		if label := metaCharset(data); label != "" {
			if enc, name = charset.Lookup(label); enc == nil {
				return "", fmt.Errorf("unknown charset %q", label)
			}
		}
	}
	if enc == nil || name == "utf-8" {
		data = bytes.TrimPrefix(data, []byte("\uFEFF"))
		if !utf8.Valid(data) {
			i := invalidUTF8At(data)
			return "", fmt.Errorf("%w: byte 0x%02x at offset %d and no other charset declared", ErrInvalidUTF8, data[i], i)
		}
		return string(data), nil
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return "", fmt.Errorf("decode %s: %w", name, err)
	}
	return string(out), nil
}

// invalidUTF8At returns the offset of the first invalid UTF-8 byte.
func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return 0
}

// metaCharset finds the charset a page declares in its first 1024 bytes
// with <meta charset> or <meta http-equiv="Content-Type">, the window the
// HTML standard gives for it.
func metaCharset(data []byte) string {
	if len(data) > 1024 {
		data = data[:1024]
	}
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) != "meta" {
				continue
			}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				switch string(k) {
				case "charset":
					return strings.TrimSpace(string(v))
				case "content":
					if _, params, err := mime.ParseMediaType(string(v)); err == nil && params["charset"] != "" {
						return params["charset"]
					}
				}
			}
		}
	}
}

// truncatedHTML reports why a page looks cut short (a download that
// stopped half way), or "" when it looks whole. A cut page would replace a
// good stored copy with half an article, so it is refused.
func truncatedHTML(text string) string {
	t := strings.TrimRightFunc(text, unicode.IsSpace)
	if strings.LastIndexByte(t, '<') > strings.LastIndexByte(t, '>') {
		return "the page ends inside a tag"
	}
	lower := strings.ToLower(t)
	if strings.Contains(lower, "<html") && !strings.Contains(lower, "</html>") && !strings.Contains(lower, "</body>") {
		return "the page ends before </body> and </html>"
	}
	return ""
}

// hasProse reports whether text can be an article body: enough words, and
// at least one paragraph of running text rather than a list of links.
func hasProse(text string) bool {
	if wordCount(text) < minBodyWords {
		return false
	}
	for _, b := range strings.Split(text, "\n\n") {
		if looksLikeProse(b) {
			return true
		}
	}
	return false
}

// furnitureWords are the words of class names and ids that mark what a
// page template puts around the article text: bylines, datelines, share
// buttons, newsletter boxes.
var furnitureWords = map[string]bool{
	"byline": true, "bylines": true, "author": true, "authors": true, "dateline": true, "timestamp": true,
	"share": true, "sharing": true, "social": true, "newsletter": true, "promo": true, "advert": true,
	"advertisement": true, "ad": true, "ads": true, "cookie": true, "cookies": true, "related": true,
	"recirculation": true, "comments": true, "subscribe": true, "paywall": true,
}

// dropFurniture removes from the page what readability would otherwise
// glue onto the first paragraph: the <address> of the author, a <time>
// that stands on its own (not one inside a sentence), captions, and
// elements whose class or id names them furniture ("article__byline",
// "share-tools"). Without this a Guardian-style page reads "... played no
// part Dan Sabbagh Defence editor Fri 12 Jan 2024 13.26 GMT Four RAF ...".
func dropFurniture(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode && isFurniture(c) {
			n.RemoveChild(c)
		} else {
			dropFurniture(c)
		}
		c = next
	}
}

func isFurniture(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Address, atom.Figcaption:
		return true
	case atom.Time:
		if p := n.Parent; p != nil {
			switch p.DataAtom {
			case atom.P, atom.Li, atom.Td, atom.Blockquote, atom.Span, atom.A, atom.Em, atom.Strong, atom.B, atom.I:
				return false
			}
		}
		return true
	case atom.Html, atom.Head, atom.Body, atom.Main, atom.Article:
		return false
	}
	if attr(n, "rel") == "author" || attr(n, "itemprop") == "author" {
		return true
	}
	for _, name := range []string{attr(n, "class"), attr(n, "id")} {
		for _, tok := range strings.Fields(strings.ToLower(name)) {
			for _, w := range strings.FieldsFunc(tok, func(r rune) bool { return r == '-' || r == '_' }) {
				if furnitureWords[w] {
					// A container holding the article itself may carry
					// such a class too ("post-body author-view"): only
					// small elements are furniture.
					return len(textOf(n)) < 400
				}
			}
		}
	}
	return false
}

// dropLeadingBlocks removes the headline and byline that the extractor
// may keep at the top of the body; they are metadata, not body text.
func dropLeadingBlocks(body string, drop ...string) string {
	for {
		head, rest, _ := strings.Cut(body, "\n\n")
		if head == "" || !containsFold(drop, head) {
			return body
		}
		body = rest
	}
}

func containsFold(xs []string, s string) bool {
	for _, x := range xs {
		if x != "" && strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// pageMeta is what the page's head says about it.
type pageMeta struct {
	metas     map[string][]string // key: property, name or itemprop, lowercased
	canonical string
	lang      string
	title     string
	jsonLD    []string
}

func (m pageMeta) get(key string) string {
	for _, v := range m.metas[key] {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

func (m pageMeta) all(key string) []string { return m.metas[key] }

// collectMeta walks the document once for meta tags, the canonical link,
// the language, the title and the JSON-LD blocks.
func collectMeta(doc *html.Node) pageMeta {
	m := pageMeta{metas: map[string][]string{}}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				m.lang = attr(n, "lang")
			case atom.Meta:
				key := strings.ToLower(first(attr(n, "property"), attr(n, "name"), attr(n, "itemprop"), attr(n, "http-equiv")))
				if key != "" {
					m.metas[key] = append(m.metas[key], attr(n, "content"))
				}
			case atom.Link:
				if m.canonical == "" && hasToken(attr(n, "rel"), "canonical") {
					m.canonical = attr(n, "href")
				}
			case atom.Title:
				if m.title == "" {
					m.title = textOf(n)
				}
			case atom.Script:
				if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") {
					m.jsonLD = append(m.jsonLD, textOf(n))
				}
				return
			case atom.Svg, atom.Style, atom.Template:
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return m
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(strings.ToLower(list)) {
		if f == tok {
			return true
		}
	}
	return false
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// first returns the first non-blank string.
func first(xs ...string) string {
	for _, x := range xs {
		if x = strings.TrimSpace(x); x != "" {
			return x
		}
	}
	return ""
}

// firstURL returns the first candidate that is, or resolves against base
// to, an absolute http(s) URL. A relative link in a page saved without its
// address cannot be resolved and is skipped.
func firstURL(base *url.URL, candidates ...string) string {
	for _, c := range candidates {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		u, err := url.Parse(c)
		if err != nil {
			continue
		}
		if base != nil {
			u = base.ResolveReference(u)
		}
		if s := u.String(); isAbsHTTP(s) {
			return s
		}
	}
	return ""
}

// isAbsHTTP reports whether s is an absolute http(s) URL with a host.
func isAbsHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

var langCode = regexp.MustCompile(`^[A-Za-z]{2,3}\b`)

// languageCode reduces a language tag ("en-GB", "fr_FR") to its primary
// subtag.
func languageCode(tag string) string {
	return strings.ToLower(langCode.FindString(strings.TrimSpace(tag)))
}

// splitList splits a comma-separated keyword list.
func splitList(s string) []string {
	var out []string
	for _, k := range strings.Split(s, ",") {
		if k = strings.TrimSpace(k); k != "" {
			out = append(out, k)
		}
	}
	return out
}

// ldArticle is the part of a schema.org article that newsgraph reads.
type ldArticle struct {
	headline, published, publisher, body, url, language, image, description string
	keywords, sections                                                      []string
}

// articleTypes are the schema.org types whose node describes the article.
var articleTypes = map[string]bool{
	"Article": true, "NewsArticle": true, "ReportageNewsArticle": true, "AnalysisNewsArticle": true,
	"BackgroundNewsArticle": true, "OpinionNewsArticle": true, "ReviewNewsArticle": true, "BlogPosting": true,
}

// maxLDDepth bounds the walk through nested JSON-LD nodes.
const maxLDDepth = 16

// jsonLD finds the article node in the page's JSON-LD blocks: a top-level
// object, an element of a top-level array, a member of @graph or a nested
// node (a WebPage's mainEntity). References ({"@id": ...}) to other nodes,
// as @graph uses for the publisher, are followed. Blocks that are not valid
// JSON are skipped: metadata is a bonus, the body is what matters.
func jsonLD(blocks []string) ldArticle {
	var nodes []map[string]any
	ids := map[string]map[string]any{}
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if depth > maxLDDepth {
			return
		}
		switch v := v.(type) {
		case []any:
			for _, x := range v {
				walk(x, depth+1)
			}
		case map[string]any:
			if id, ok := v["@id"].(string); ok && len(v) > 1 {
				if _, dup := ids[id]; !dup {
					ids[id] = v
				}
			}
			if isArticleType(v["@type"]) {
				nodes = append(nodes, v)
			}
			// Sorted keys keep the walk, and so the chosen node,
			// deterministic.
			for _, k := range slices.Sorted(maps.Keys(v)) {
				if k != "@context" {
					walk(v[k], depth+1)
				}
			}
		}
	}
	for _, b := range blocks {
		var v any
		if err := json.Unmarshal([]byte(b), &v); err != nil {
			// Pages often put raw newlines inside JSON strings.
			if json.Unmarshal(escapeControlInStrings([]byte(b)), &v) != nil {
				continue
			}
		}
		walk(v, 0)
	}
	if len(nodes) == 0 {
		return ldArticle{}
	}
	// Prefer the node that says the most; the first one on a tie.
	best := nodes[0]
	for _, n := range nodes[1:] {
		if ldScore(n) > ldScore(best) {
			best = n
		}
	}
	resolve := func(v any) any {
		if m, ok := v.(map[string]any); ok {
			if id, ok := m["@id"].(string); ok && len(m) == 1 {
				if full, ok := ids[id]; ok {
					return full
				}
			}
		}
		return v
	}
	a := ldArticle{
		headline:    first(ldText(best["headline"]), ldText(best["name"])),
		published:   ldText(best["datePublished"]),
		publisher:   ldName(resolve(ldFirst(best["publisher"]))),
		body:        ldText(best["articleBody"]),
		description: ldText(best["description"]),
		url:         first(ldLink(best["url"]), ldLink(resolve(best["mainEntityOfPage"]))),
		language:    ldText(best["inLanguage"]),
		image:       ldLink(resolve(ldFirst(best["image"]))),
		sections:    ldList(best["articleSection"]),
		keywords:    ldList(best["keywords"]),
	}
	return a
}

func ldScore(n map[string]any) int {
	s := 0
	for _, k := range []string{"headline", "datePublished", "publisher", "articleBody", "url"} {
		if n[k] != nil {
			s++
		}
	}
	return s
}

func isArticleType(t any) bool {
	switch t := t.(type) {
	case string:
		if i := strings.LastIndexAny(t, "/:#"); i >= 0 {
			t = t[i+1:]
		}
		return articleTypes[t]
	case []any:
		for _, x := range t {
			if isArticleType(x) {
				return true
			}
		}
	}
	return false
}

func ldFirst(v any) any {
	if l, ok := v.([]any); ok && len(l) > 0 {
		return l[0]
	}
	return v
}

// ldText is the text of a JSON-LD value: a string, a {"@value"} object or
// the first of a list.
func ldText(v any) string {
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v)
	case map[string]any:
		return ldText(v["@value"])
	case []any:
		for _, x := range v {
			if s := ldText(x); s != "" {
				return s
			}
		}
	}
	return ""
}

// ldName is the name of a JSON-LD node (an Organization), or the value
// itself when it is a plain string.
func ldName(v any) string {
	if m, ok := v.(map[string]any); ok {
		return ldText(m["name"])
	}
	return ldText(v)
}

// ldLink is a URL given as a string, an {"@id"} reference or a node with
// a url.
func ldLink(v any) string {
	switch v := ldFirst(v).(type) {
	case string:
		return strings.TrimSpace(v)
	case map[string]any:
		return first(ldText(v["url"]), ldText(v["@id"]))
	}
	return ""
}

// ldList reads a list given as a JSON array or a comma-separated string.
func ldList(v any) []string {
	switch v := v.(type) {
	case string:
		return splitList(v)
	case []any:
		var out []string
		for _, x := range v {
			if s := ldText(x); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// escapeControlInStrings escapes raw control characters inside JSON string
// literals, which browsers' JSON-LD consumers tolerate and encoding/json
// rightly rejects.
func escapeControlInStrings(b []byte) []byte {
	var out bytes.Buffer
	inString, escaped := false, false
	for _, c := range b {
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case inString && c < 0x20:
			fmt.Fprintf(&out, `\u%04x`, c)
			continue
		}
		out.WriteByte(c)
	}
	return out.Bytes()
}
