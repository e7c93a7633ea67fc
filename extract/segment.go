package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentence is one sentence of a Document, with byte offsets into Text.
type Sentence struct {
	Index      int
	Start, End int
	Paragraph  int
	// Section is "title", "lede" or "body".
	Section string
}

// Document is the text extraction reads: title, lede and body joined by
// blank lines, split into sentences. Every offset refers to Text.
type Document struct {
	Text      string
	Sentences []Sentence
}

// abbreviations end in a period without ending a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "gen": true, "lt": true,
	"col": true, "maj": true, "sgt": true, "capt": true, "cpt": true, "adm": true, "cmdr": true,
	"sen": true, "rep": true, "gov": true, "pres": true, "st": true, "no": true, "nos": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "inc": true, "corp": true,
	"co": true, "ltd": true, "vs": true, "etc": true, "approx": true, "est": true, "brig": true,
	"u.s": true, "u.k": true, "u.n": true, "e.g": true, "i.e": true, "a.m": true, "p.m": true,
	"ret": true, "jr": true, "sr": true, "ft": true, "mt": true, "pvt": true, "cpl": true,
}

// Segment splits an article's parts into a Document.
func Segment(title, lede, body string) *Document {
	d := &Document{}
	var sb strings.Builder
	para := 0
	addPara := func(section, p string) {
		p = strings.TrimSpace(p)
		if p == "" {
			return
		}
		if sb.Len() > 0 {
			sb.WriteString("\n\n")
		}
		base := sb.Len()
		sb.WriteString(p)
		for _, s := range splitSentences(p) {
			d.Sentences = append(d.Sentences, Sentence{
				Index: len(d.Sentences), Start: base + s[0], End: base + s[1],
				Paragraph: para, Section: section,
			})
		}
		para++
	}
	if titleIsLede(title) {
		addPara("lede", title)
	} else {
		addPara("title", title)
	}
	addPara("lede", lede)
	for _, p := range strings.Split(body, "\n\n") {
		addPara("body", p)
	}
	d.Text = sb.String()
	return d
}

// titleIsLede reports whether a title slot holds a lede rather than a
// headline: scraped pages without a headline put their first paragraph
// there, and that paragraph tells the news in whole sentences, which a
// headline's clipped grammar ("Germany Pulls Last Troops From Mali")
// does not. A lede ends in sentence punctuation and runs to a dozen words.
func titleIsLede(title string) bool {
	t := strings.TrimRightFunc(title, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("\"'”’)", r) })
	if !strings.HasSuffix(t, ".") && !strings.HasSuffix(t, "!") {
		return false
	}
	return len(strings.Fields(t)) >= 12
}

// SentenceText returns the text of sentence i.
func (d *Document) SentenceText(i int) string {
	s := d.Sentences[i]
	return d.Text[s.Start:s.End]
}

// splitSentences returns [start, end) byte ranges of the sentences of one
// paragraph. A sentence ends at . ! or ? (with any closing quotes or
// brackets) followed by space and an uppercase letter, digit or opening
// quote, unless the word before the period is a known abbreviation or an
// initial.
func splitSentences(p string) [][2]int {
	var out [][2]int
	start := 0
	for i := 0; i < len(p); {
		r, size := utf8.DecodeRuneInString(p[i:])
		if r != '.' && r != '!' && r != '?' {
			i += size
			continue
		}
		end := i + size
		for end < len(p) {
			r2, s2 := utf8.DecodeRuneInString(p[end:])
			if strings.ContainsRune("\"'”’)]*", r2) {
				end += s2
				continue
			}
			break
		}
		if end >= len(p) {
			break
		}
		next, _ := utf8.DecodeRuneInString(p[end:])
		if !unicode.IsSpace(next) {
			i = end
			continue
		}
		j := end
		for j < len(p) {
			r3, s3 := utf8.DecodeRuneInString(p[j:])
			if !unicode.IsSpace(r3) {
				break
			}
			j += s3
		}
		if j >= len(p) {
			break
		}
		first, _ := utf8.DecodeRuneInString(p[j:])
		if !(unicode.IsUpper(first) || unicode.IsDigit(first) || strings.ContainsRune("\"“‘'(", first)) {
			i = end
			continue
		}
		if r == '.' && isAbbreviation(p[start:i]) {
			i = end
			continue
		}
		out = append(out, [2]int{start, end})
		start = j
		i = j
	}
	if strings.TrimSpace(p[start:]) != "" {
		out = append(out, [2]int{start, len(strings.TrimRightFunc(p, unicode.IsSpace))})
	}
	return out
}

// isAbbreviation reports whether the text before a period ends in an
// abbreviation or a single-letter initial.
func isAbbreviation(before string) bool {
	k := len(before)
	for k > 0 {
		r, size := utf8.DecodeLastRuneInString(before[:k])
		if unicode.IsLetter(r) || r == '.' {
			k -= size
			continue
		}
		break
	}
	word := before[k:]
	if word == "" {
		return false
	}
	if utf8.RuneCountInString(word) == 1 && unicode.IsUpper([]rune(word)[0]) {
		return true
	}
	return abbreviations[strings.ToLower(word)]
}
