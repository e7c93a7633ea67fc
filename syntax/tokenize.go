package syntax

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a byte range [Start, End) of the sentence a token came from.
type Span struct {
	Start, End int
}

// Tokenize splits a raw English sentence into tokens the way UD English
// EWT does: punctuation and quotes (straight and curly) apart, clitics
// split off ("don't" -> "do" "n't", "Russia's" -> "Russia" "'s"), while
// abbreviations ("U.S.", "Gen.", "Sept."), numbers ("1,000", "2.5"),
// times ("10:30") and hyphenated words ("al-Asad", "long-range") stay
// whole. (EWT itself splits hyphens; news names read better whole and the
// tagger's affix features cope.) Each token records its byte span in
// sentence, so callers can map byte spans of their own to tokens.
func Tokenize(sentence string) []Token {
	var out []Token
	i := 0
	for i < len(sentence) {
		r, size := utf8.DecodeRuneInString(sentence[i:])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		j := i
		for j < len(sentence) {
			r, size := utf8.DecodeRuneInString(sentence[j:])
			if unicode.IsSpace(r) {
				break
			}
			j += size
		}
		for _, sp := range splitChunk(sentence, i, j, nil) {
			out = append(out, Token{Index: len(out), Form: sentence[sp.Start:sp.End], Start: sp.Start, End: sp.End})
		}
		i = j
	}
	return out
}

// openers split off the front of a chunk; closers off its end.
const (
	openers = "\"'“‘«‹([{`$£€¥#¿¡—–"
	closers = "\"'”’»›)]},;:!?%…—–"
)

// inner characters split a chunk wherever they appear, except a comma,
// colon or period between digits and an apostrophe inside a word.
const inner = ",;!?\"“”()[]{}—–…"

// splitChunk tokenises sentence[start:end], a run without spaces.
func splitChunk(s string, start, end int, out []Span) []Span {
	if start >= end {
		return out
	}
	chunk := s[start:end]
	if strings.Contains(chunk, "://") || (strings.Contains(chunk, "@") && strings.Contains(chunk, ".") && !strings.HasSuffix(chunk, ".")) {
		return append(out, Span{start, end})
	}
	// "--" is a dash.
	if k := strings.Index(chunk, "--"); k >= 0 && len(chunk) > 2 {
		out = splitChunk(s, start, start+k, out)
		d := start + k
		for d < end && s[d] == '-' {
			d++
		}
		out = append(out, Span{start + k, d})
		return splitChunk(s, d, end, out)
	}
	// Punctuation inside the chunk ("Friday,said", "troops—and").
	for k, r := range chunk {
		if !strings.ContainsRune(inner, r) || k == 0 {
			continue
		}
		size := utf8.RuneLen(r)
		if k+size >= len(chunk) {
			break
		}
		if r == ',' && isDigitBefore(chunk, k) && isDigitAt(chunk, k+1) {
			continue
		}
		out = splitChunk(s, start, start+k, out)
		out = append(out, Span{start + k, start + k + size})
		return splitChunk(s, start+k+size, end, out)
	}
	// Leading openers.
	if r, size := utf8.DecodeRuneInString(chunk); strings.ContainsRune(openers, r) && len(chunk) > size {
		if !(r == '\'' && isElidedYear(chunk)) {
			out = append(out, Span{start, start + size})
			return splitChunk(s, start+size, end, out)
		}
	}
	// Trailing closers and periods, peeled from the end.
	var tail []Span
	e := end
	for e > start {
		word := s[start:e]
		r, size := utf8.DecodeLastRuneInString(word)
		if strings.HasSuffix(word, "...") && len(word) > 3 {
			tail = append(tail, Span{e - 3, e})
			e -= 3
			continue
		}
		if r == '.' && len(word) > 1 {
			if isAbbreviation(word) {
				break
			}
			tail = append(tail, Span{e - 1, e})
			e--
			continue
		}
		if (r == '\'' || r == '’') && len(word) > size {
			// "forces'" possessive or a closing quote: a token either way.
			tail = append(tail, Span{e - size, e})
			e -= size
			continue
		}
		if strings.ContainsRune(closers, r) && len(word) > size {
			tail = append(tail, Span{e - size, e})
			e -= size
			continue
		}
		break
	}
	out = splitClitic(s, start, e, out)
	for k := len(tail) - 1; k >= 0; k-- {
		out = append(out, tail[k])
	}
	return out
}

// clitics split off a word's end, longest first; both apostrophes.
var clitics = []string{"n't", "n’t", "'ll", "’ll", "'re", "’re", "'ve", "’ve", "'s", "’s", "'d", "’d", "'m", "’m"}

func splitClitic(s string, start, end int, out []Span) []Span {
	word := s[start:end]
	lower := strings.ToLower(word)
	for _, c := range clitics {
		if strings.HasSuffix(lower, c) && len(word) > len(c) {
			k := end - len(c)
			if c[0] == 'n' && !isLetterBefore(word, len(word)-len(c)) {
				continue
			}
			return append(out, Span{start, k}, Span{k, end})
		}
	}
	return append(out, Span{start, end})
}

func isDigitBefore(s string, k int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:k])
	return k > 0 && unicode.IsDigit(r)
}

func isDigitAt(s string, k int) bool {
	r, _ := utf8.DecodeRuneInString(s[k:])
	return k < len(s) && unicode.IsDigit(r)
}

func isLetterBefore(s string, k int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:k])
	return k > 0 && unicode.IsLetter(r)
}

// isElidedYear recognises "'90s" and "'03", where the apostrophe belongs
// to the word.
func isElidedYear(chunk string) bool {
	return len(chunk) >= 3 && chunk[1] >= '0' && chunk[1] <= '9' && chunk[2] >= '0' && chunk[2] <= '9'
}

// abbreviations keep their final period ("Gen.", "Sept.").
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "gen": true, "gens": true,
	"lt": true, "col": true, "maj": true, "capt": true, "sgt": true, "cpl": true, "pvt": true,
	"adm": true, "cmdr": true, "brig": true, "rep": true, "sen": true, "gov": true, "pres": true,
	"st": true, "jr": true, "sr": true, "inc": true, "ltd": true, "corp": true, "co": true,
	"jan": true, "feb": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "mon": true, "tue": true,
	"tues": true, "wed": true, "thu": true, "thurs": true, "fri": true, "vs": true, "etc": true,
	"approx": true, "rev": true, "hon": true, "mt": true, "ft": true, "dept": true, "est": true, "govt": true,
}

// isAbbreviation reports whether word, ending in a period, keeps it: a
// known abbreviation, an initial ("J."), or dotted letters ("U.S.", "a.m.").
func isAbbreviation(word string) bool {
	stem := word[:len(word)-1]
	if abbreviations[strings.ToLower(stem)] {
		return true
	}
	if utf8.RuneCountInString(stem) == 1 {
		r, _ := utf8.DecodeRuneInString(stem)
		return unicode.IsUpper(r)
	}
	// Dotted letters: letter (period letter)* with at least one period.
	if !strings.Contains(stem, ".") {
		return false
	}
	for k, part := range strings.Split(stem, ".") {
		if utf8.RuneCountInString(part) != 1 && !(k > 0 && part == "") {
			return false
		}
		for _, r := range part {
			if !unicode.IsLetter(r) {
				return false
			}
		}
	}
	return true
}
