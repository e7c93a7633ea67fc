package loaders

import (
	"bytes"
	"errors"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph"
)

// Names of the formats registered in this file.
const (
	DumpFormat = "dump"
	TextFormat = "text"
)

func init() {
	Register(Format{
		Name:     DumpFormat,
		Doc:      "scraped page dump: a 'date YYYY-MM-DD URL' header line, then blank-line separated blocks",
		Priority: 10,
		Sniff: func(_ string, head []byte) bool {
			return dumpHeader.Match(bytes.TrimLeft(head, " \t\r\n\uFEFF"))
		},
		Parse: parseDump,
	})
	Register(Format{
		Name:     TextFormat,
		Doc:      "plain text: the first line is the title, the rest the body (the fallback)",
		Priority: 100,
		// No sniffer: text is what is left when nothing else matched.
		Extensions: []string{".txt", ".text"},
		Parse:      parseText,
	})
}

var (
	dumpHeader = regexp.MustCompile(`^date\s+(\d{4}-\d{2}-\d{2})\s+(\S+)`)
	isoStamp   = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$`)
	urlLine    = regexp.MustCompile(`^(https?://|www\.)\S+$`)
	imageURL   = regexp.MustCompile(`(?i)(\.(jpe?g|png|gif|webp|avif|svg)(\?\S*)?$|/img/|/images?/)`)
	langLine   = regexp.MustCompile(`^[a-z]{2}([_-][A-Za-z]{2})?$`)
	emailRe    = regexp.MustCompile(`[\w.+-]+@[\w-]+\.[\w.]+`)
	phoneRe    = regexp.MustCompile(`\+?\d[\d ()-]{8,}\d`)
	numericRe  = regexp.MustCompile(`^[\d\s.,:;/x×-]*(true|false)?[\d\s]*$`)
	blankLine  = regexp.MustCompile(`\n[ \t]*\n`)

	// Lines a page template puts around the article that are not its
	// publisher: bylines, datelines of the page, reading times and the
	// labels of buttons.
	bylineRe   = regexp.MustCompile(`(?i)^(?:by|from|written by|reporting by|posted by|edited by|photo(?:graph)?s?(?: by)?|image(?: credit)?|source|credit|author)\b`)
	pageDateRe = regexp.MustCompile(`(?i)^(?:(?:published|updated|posted|last updated|modified)(?: on| at)?:?\s.*\d.*|(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s.*\d{4}.*|\d{1,2}(?:st|nd|rd|th)?\s(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?,?\s\d{4}.*|(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s\d{1,2}(?:st|nd|rd|th)?,?\s\d{4}.*|\d+ (?:min(?:ute)?s?|hours?|days?)(?: read| ago)?)$`)
	uiLabelRe  = regexp.MustCompile(`(?i)^(?:share(?: this| on .*)?|print|email|e-mail|comments?(?: \(\d+\))?|advertisement|advert|sponsored|listen(?: to this article)?|menu|home|search|subscribe|sign in|log in|login|register|follow|follow us|save|copy link|close|skip to (?:main )?content|loading\S*|breaking news|live|watch|video|audio|gallery|photos?|next|previous|back to top|more|toggle navigation)$`)
	// A credit line that does not start like a byline: "Staff writer,
	// with CNA", "Reporting by our correspondent and agencies".
	creditWords = regexp.MustCompile(`(?i)(?:^with\s|\b(?:staff|writers?|reporters?|correspondents?|agencies|wires?|news desk)\b)`)
	boilerplate = regexp.MustCompile(`(?i)\b(?:all rights reserved|cookies?\b.*\b(?:consent|agree|accept|use|policy|settings)|(?:sign|signing) up (?:for|to)\b.*\b(?:newsletter|updates|alerts)|subscribe to (?:our|the)\b|privacy policy|terms (?:of|and) (?:use|service|conditions)|enable javascript|javascript (?:is )?(?:disabled|required)|(?:update|upgrade) your browser|your browser (?:does not|doesn't) support|download (?:our|the) app|follow us on|click here|reproduction (?:of|in)\b.*\bprohibited)\b|^(?:©|\(c\)|copyright\b)`)
	// A heading after which a page lists other articles; the prose that
	// follows it is their teasers, not this article.
	moreHeading = regexp.MustCompile(`(?i)^(?:related(?: articles| stories| news| content| coverage| posts| topics)?|read (?:more|also|next)|more (?:from|on|in|stories|news)\b.*|most (?:read|popular|viewed)|(?:you|we think you) (?:may|might) (?:also )?(?:like|be interested in)|recommended(?: for you| stories| articles)?|trending(?: now| stories)?|popular(?: stories| now)?|latest(?: news| stories| articles)?|top stories|editor'?s picks|also read|see also|further reading|in other news|what to read next|comments|leave a (?:comment|reply))\s*:?$`)
)

// knownLanguages are the bare ISO 639-1 codes accepted as a language line;
// other two-letter lines (such as the tag "us") are section tags.
var knownLanguages = map[string]bool{
	"en": true, "fr": true, "de": true, "es": true, "ar": true, "ru": true, "zh": true, "ja": true,
	"ko": true, "tr": true, "fa": true, "it": true, "pt": true, "uk": true, "pl": true, "nl": true,
}

// parseDump reads the scraped page dump format. Blocks may be missing or
// reordered; each is classified by its shape rather than its position, with
// position used only to tell the title and the publisher line apart from
// prose.
func parseDump(in Input) ([]newsgraph.Article, error) {
	source := in.Source
	if err := checkUTF8(source, in.Data); err != nil {
		return nil, err
	}
	text := strings.ReplaceAll(string(in.Data), "\r\n", "\n")
	text = strings.TrimPrefix(strings.TrimLeft(text, " \t\n"), "\uFEFF")
	lines := strings.SplitN(text, "\n", 2)
	m := dumpHeader.FindStringSubmatch(strings.TrimSpace(lines[0]))
	if m == nil {
		return nil, &SourceError{Source: source, Line: 1, Err: errors.New("missing 'date YYYY-MM-DD URL' header")}
	}
	var a newsgraph.Article
	a.URL = m[2]
	if d, err := time.Parse("2006-01-02", m[1]); err == nil {
		a.Published = d
	}
	rest := ""
	if len(lines) > 1 {
		rest = lines[1]
	}
	blocks := splitBlocks(rest)

	counts := map[string]int{}
	for _, b := range blocks {
		counts[b]++
	}
	var (
		prose        []string
		sawTimestamp bool
		sawProse     bool
		pastBody     bool     // a "Related articles" heading ended the body
		candidates   []string // short capitalised lines before the prose
	)
	for _, b := range blocks {
		isProse := looksLikeProse(b) // asked up to four times below
		switch {
		case moreHeading.MatchString(b):
			// Teasers of other articles follow; a heading above the
			// article (a sidebar scraped first) ends nothing.
			pastBody = pastBody || sawProse
		case isBoilerplate(b) && wordCountUpTo(b, 60) < 60:
			// Copyright lines, cookie and newsletter notices.
		case a.Title != "" && !isProse && (bylineRe.MatchString(b) || isCreditLine(b)):
			// Below the headline, the byline (a headline may start
			// "From ..."): not the story, but the outlets it credits are
			// the article's.
			a.Credits = append(a.Credits, b)
		case uiLabelRe.MatchString(b),
			a.Title != "" && !isProse && pageDateRe.MatchString(b):
			// Button labels, and the page's own date lines.
		case isoStamp.MatchString(b):
			if !sawTimestamp {
				if t, ok := parseTimestamp(b); ok {
					a.Published = t
				}
			}
			sawTimestamp = true
		case urlLine.MatchString(b):
			if a.Image == "" && imageURL.MatchString(b) {
				a.Image = b
			}
		case strings.IndexByte(b, '@') >= 0 && emailRe.MatchString(b) || hasPhoneNumber(b) && !isProse:
			// Publisher boilerplate: contact lines, addresses, phone numbers.
		case numericRe.MatchString(b):
			// Image sizes, years, counters.
		case langLine.MatchString(b) && (strings.ContainsAny(b, "_-") || knownLanguages[b]):
			a.Language = strings.ToLower(b[:2])
		case a.Title == "" && !isTag(b) && !namesSite(b, a.URL):
			// A lowercase section tag placed above the headline is not
			// the headline.
			a.Title = b
		case b == a.Title:
			// The title repeated by the page template.
		case isProse:
			if !pastBody {
				prose = append(prose, b)
			}
			sawProse = true
		case sawProse && !pastBody && isShortSentence(b):
			// "He declined to comment." between paragraphs of the body.
			prose = append(prose, b)
		case isTag(b):
			a.Tags = append(a.Tags, b)
		case isKeywordList(b):
			for _, k := range strings.Split(b, ",") {
				if k = strings.TrimSpace(k); k != "" {
					a.Keywords = append(a.Keywords, k)
				}
			}
		case !sawProse && isNameLine(b):
			candidates = append(candidates, b)
		case sawProse && isNameLine(b) && counts[b] > 1:
			// A repeated name line after the body is template furniture.
		default:
			// Short lines after the body (section names, captions): not prose.
		}
	}
	a.Publisher = choosePublisher(candidates, counts, a.URL)
	a.Credits = append(a.Credits, otherCandidates(candidates, a.Publisher)...)
	if len(prose) == 0 {
		return nil, &SourceError{Source: source, Err: ErrNoBody}
	}
	a.Lede = prose[0]
	a.Body = strings.Join(prose[1:], "\n\n")
	if a.Body == "" {
		a.Body, a.Lede = a.Lede, ""
	}
	return []newsgraph.Article{a}, nil
}

// parseText reads plain text: the first non-empty line is the title. A
// page dump saved without its date line (an undated page) is plain text
// too, but keeps the dump's layout below the title: the publisher line and
// the byline come before the first paragraph of prose, and are read as
// such rather than as the story.
func parseText(in Input) ([]newsgraph.Article, error) {
	source := in.Source
	if err := checkUTF8(source, in.Data); err != nil {
		return nil, err
	}
	text := strings.ReplaceAll(string(in.Data), "\r\n", "\n")
	text = strings.TrimSpace(strings.TrimPrefix(text, "\uFEFF"))
	title, body, _ := strings.Cut(text, "\n")
	blocks := splitBlocks(body)
	a := newsgraph.Article{Title: strings.TrimSpace(title), URL: in.URL}
	blocks = readPageHead(&a, blocks)
	a.Body = strings.Join(blocks, "\n\n")
	if strings.TrimSpace(a.Body) == "" {
		return nil, &SourceError{Source: source, Err: ErrNoBody}
	}
	return []newsgraph.Article{a}, nil
}

// maxHeadBlocks bounds the blocks above the first paragraph that can be a
// page's head (headline, publisher, byline, kicker); a text whose prose
// starts later is not laid out as a page.
const maxHeadBlocks = 5

// readPageHead reads the publisher line and the bylines among the blocks
// before a text's first paragraph of prose, and returns the blocks without
// the publisher line and the bylines. Blocks are left alone when no
// paragraph of prose follows the head: then there is no page layout to read.
func readPageHead(a *newsgraph.Article, blocks []string) []string {
	first := slices.IndexFunc(blocks, looksLikeProse)
	if first <= 0 || first > maxHeadBlocks {
		return blocks
	}
	var candidates, credits []string
	drop := map[int]bool{}
	for i, b := range blocks[:first] {
		switch {
		case bylineRe.MatchString(b) || isCreditLine(b):
			credits = append(credits, b)
			drop[i] = true
		case uiLabelRe.MatchString(b) || isBoilerplate(b):
		case isNameLine(b) && b != a.Title:
			candidates = append(candidates, b)
		}
	}
	counts := map[string]int{}
	for _, b := range blocks {
		counts[b]++
	}
	a.Publisher = choosePublisher(candidates, counts, a.URL)
	a.Credits = append(credits, otherCandidates(candidates, a.Publisher)...)
	out := blocks[:0:0]
	for i, b := range blocks {
		if !drop[i] && !(i < first && b == a.Publisher) {
			out = append(out, b)
		}
	}
	return out
}

// otherCandidates returns the name lines above the body that were not
// chosen as the publisher: author names, section labels and credit lines
// such as "Staff writer, with CNA".
func otherCandidates(candidates []string, publisher string) []string {
	var out []string
	for _, c := range candidates {
		if c != publisher {
			out = append(out, c)
		}
	}
	return out
}

// splitBlocks splits text on blank lines and joins each block's lines.
func splitBlocks(s string) []string {
	var out []string
	for _, raw := range blankLine.Split(s, -1) {
		b := strings.Join(strings.Fields(raw), " ")
		if b != "" {
			out = append(out, b)
		}
	}
	return out
}

var timestampLayouts = []string{
	"2006-01-02T15:04Z0700", "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04Z07:00", "2006-01-02T15:04:05.999999999Z07:00", "2006-01-02 15:04:05Z07:00",
	"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04",
}

func parseTimestamp(s string) (time.Time, bool) {
	for _, layout := range timestampLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true // in the zone it was written in
		}
	}
	return time.Time{}, false
}

// looksLikeProse reports whether a block reads as running text: enough words
// and sentence punctuation.
func looksLikeProse(b string) bool {
	n := wordCountUpTo(b, 25)
	if n < 8 {
		return false
	}
	// The curly quote apart: a set of ASCII bytes is scanned far faster.
	return n >= 25 || strings.ContainsAny(b, ".!?\"") || strings.Contains(b, "”")
}

// isShortSentence reports a short block that is still a sentence: a few
// words, a capital or a quote first, sentence punctuation last.
func isShortSentence(b string) bool {
	if n := wordCountUpTo(b, 8); n < 4 || n >= 8 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(b)
	last, _ := utf8.DecodeLastRuneInString(b)
	return (unicode.IsUpper(first) || strings.ContainsRune("\"“‘'", first)) &&
		strings.ContainsRune(".!?\"”’", last) && strings.ToUpper(b) != b
}

// isCreditLine reports a short line that credits the copy's writers or
// the agencies it comes from.
func isCreditLine(b string) bool {
	return wordCountUpTo(b, 9) <= 8 && !strings.ContainsAny(b, ".!?") && creditWords.MatchString(b)
}

// isTag reports a section tag line: a few lowercase words.
func isTag(b string) bool {
	if n := wordCountUpTo(b, 5); n == 0 || n > 4 || strings.ContainsAny(b, ",.;:!?") {
		return false
	}
	return strings.ToLower(b) == b
}

// isKeywordList reports a comma-separated list of short lowercase phrases.
func isKeywordList(b string) bool {
	if !strings.Contains(b, ",") || strings.HasSuffix(b, ".") {
		return false
	}
	for _, k := range strings.Split(b, ",") {
		k = strings.TrimSpace(k)
		if k == "" || len(strings.Fields(k)) > 6 {
			return false
		}
	}
	return true
}

// isNameLine reports a short capitalised line without sentence punctuation,
// the shape of a publisher name.
func isNameLine(b string) bool {
	if n := wordCountUpTo(b, 7); n == 0 || n > 6 || len(b) > 60 {
		return false
	}
	if strings.ContainsAny(b, ".!?:;") && !strings.Contains(b, ".com") {
		return false
	}
	c := b[0]
	return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// choosePublisher picks the publisher line among the short capitalised
// lines above the body. Templates differ in what they put there (section
// names, author names, the site's name), so the line that names the site
// wins: the name the domain table gives the URL's domain, else a line whose
// letters spell the domain ("The Defense Post" on thedefensepost.com),
// else a line the page repeats (site names recur in its furniture), else
// the first line.
func choosePublisher(candidates []string, counts map[string]int, rawURL string) string {
	if len(candidates) == 0 {
		return ""
	}
	if p, ok := LookupPublisher(rawURL); ok {
		for _, c := range candidates {
			if strings.EqualFold(c, p.Name) {
				return c
			}
		}
	}
	for _, c := range candidates {
		if spellsDomain(c, rawURL) {
			return c
		}
	}
	for _, c := range candidates {
		if counts[c] > 1 {
			return c
		}
	}
	return candidates[0]
}

// namesSite reports whether a line is the name of the site the URL is on:
// the name the domain table gives it, or the domain spelled out. Some
// templates print it above the headline.
func namesSite(line, rawURL string) bool {
	if p, ok := LookupPublisher(rawURL); ok && strings.EqualFold(line, p.Name) {
		return true
	}
	return spellsDomain(line, rawURL)
}

// spellsDomain reports whether a line's letters begin the URL's domain
// ("The Defense Post" on thedefensepost.com, "Kurdistan24" on
// kurdistan24.net).
func spellsDomain(line, rawURL string) bool {
	host, l := letters(DomainOf(rawURL)), letters(line)
	if len(l) < 3 || host == "" || len(strings.Fields(line)) > 6 {
		return false
	}
	return strings.HasPrefix(host, l) || strings.HasPrefix(host, strings.TrimPrefix(l, "the"))
}

// letters keeps the lowercase letters and digits of s.
func letters(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
