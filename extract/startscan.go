package extract

import (
	"regexp"
	"regexp/syntax"
	"unicode"
	"unicode/utf8"
)

// startScan finds what a regular expression finds, trying the engine only
// at the positions where a match can start. The engine's own unanchored
// search steps through every position of the text with the whole program;
// most extraction patterns start with one of a few words, so the first two
// bytes of a match, read from the expression's syntax tree, rule out all
// but a few positions. At each remaining one an anchored copy of the
// expression runs with the rune before it in front ("(?s:.)"), so that \b
// and the other assertions see the same context as in the whole text.
// Matches come out as the engine's leftmost-first search gives them: the
// first position where the anchored copy matches is the leftmost match
// start, and its match is the one the engine prefers there.
type startScan struct {
	first *regexp.Regexp // the expression anchored at the text's start
	after *regexp.Regexp // the rune before, then the expression, anchored
	set   startSet
	// maxLen bounds the bytes of a match, or is -1 when matches may be of
	// any length. The engine's backtracker clears a bit per instruction
	// and byte of its input on every call, so running the anchored copy on
	// the whole rest of a sentence at each candidate cost more than the
	// search it replaced; a bounded expression gets only the bytes a match
	// can span.
	maxLen int
	// wordStart is set when every match begins with \b: a match can then
	// start at a word character only where no word character comes
	// before, which rules out the positions inside words.
	wordStart bool
}

// startSet over-approximates how the strings of a language begin.
type startSet struct {
	empty bool         // the empty string is in the language
	one   [4]uint64    // bytes that are, alone, a string of the language
	two   [1024]uint64 // byte pairs that begin a longer string
}

func (s *startSet) addOne(b byte)      { s.one[b>>6] |= 1 << (b & 63) }
func (s *startSet) hasOne(b byte) bool { return s.one[b>>6]&(1<<(b&63)) != 0 }
func (s *startSet) addTwo(a, b byte) {
	k := uint(a)<<8 | uint(b)
	s.two[k>>6] |= 1 << (k & 63)
}
func (s *startSet) hasTwo(a, b byte) bool {
	k := uint(a)<<8 | uint(b)
	return s.two[k>>6]&(1<<(k&63)) != 0
}

func (s *startSet) union(o *startSet) {
	s.empty = s.empty || o.empty
	for i := range s.one {
		s.one[i] |= o.one[i]
	}
	for i := range s.two {
		s.two[i] |= o.two[i]
	}
}

// firstBytes are the bytes a non-empty string of the language may begin
// with. The pairs that begin with byte a are the 256 bits of words
// 4a to 4a+3 of two.
func (s *startSet) firstBytes() [4]uint64 {
	f := s.one
	for a := range 256 {
		if s.two[4*a]|s.two[4*a+1]|s.two[4*a+2]|s.two[4*a+3] != 0 {
			f[a>>6] |= 1 << (a & 63)
		}
	}
	return f
}

// concat makes s the start set of its language followed by o's.
func (s *startSet) concat(o *startSet) {
	of := o.firstBytes()
	one := s.one
	if !o.empty {
		s.one = [4]uint64{}
	}
	if s.empty {
		// o's strings on their own.
		for i := range s.one {
			s.one[i] |= o.one[i]
		}
		for i := range s.two {
			s.two[i] |= o.two[i]
		}
	}
	// A one-byte string of s, then the first byte of one of o's.
	for a := range 256 {
		if one[a>>6]&(1<<(a&63)) != 0 {
			for w := range 4 {
				s.two[4*a+w] |= of[w]
			}
		}
	}
	s.empty = s.empty && o.empty
}

// addRune adds the one-rune string r. The engine reads an invalid byte as
// utf8.RuneError, so that rune stands for any byte from 0x80 on as well.
func (s *startSet) addRune(r rune) {
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	if n == 1 {
		s.addOne(buf[0])
	} else {
		s.addTwo(buf[0], buf[1])
	}
	if r == utf8.RuneError {
		for b := 0x80; b < 0x100; b++ {
			s.addOne(byte(b))
		}
	}
}

// addRange adds every rune of [lo, hi]; runes whose encodings share their
// first two bytes are added once.
func (s *startSet) addRange(lo, hi rune) {
	if lo <= utf8.RuneError && utf8.RuneError <= hi {
		s.addRune(utf8.RuneError)
	}
	for r := lo; r <= hi && r <= unicode.MaxRune; {
		s.addRune(r)
		switch {
		case r < 0x800:
			r++
		case r < 0x10000:
			r = r | 0x3f + 1 // the third byte varies in a block of 64
		default:
			r = r | 0xfff + 1 // the third and fourth in a block of 4096
		}
	}
}

// starts computes the start set of re's language; ok is false for an
// operator it does not know, when the caller must fall back to the engine.
func starts(re *syntax.Regexp) (startSet, bool) {
	var s startSet
	switch re.Op {
	case syntax.OpNoMatch:
		return s, true
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		s.empty = true
		return s, true
	case syntax.OpLiteral:
		s.empty = true
		for _, r := range re.Rune {
			var c startSet
			c.addRune(r)
			if re.Flags&syntax.FoldCase != 0 {
				for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
					c.addRune(f)
				}
			}
			s.concat(&c)
		}
		return s, true
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			s.addRange(re.Rune[i], re.Rune[i+1])
		}
		return s, true
	case syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		s.addRange(0, unicode.MaxRune)
		return s, true
	case syntax.OpCapture:
		return starts(re.Sub[0])
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		sub, ok := starts(re.Sub[0])
		if !ok {
			return s, false
		}
		if re.Op == syntax.OpRepeat && re.Max == 0 {
			s.empty = true
			return s, true
		}
		s = sub
		if re.Op != syntax.OpQuest && !(re.Op == syntax.OpRepeat && re.Max == 1) {
			// Two or more repetitions: a one-byte string, then another.
			rest := sub
			rest.empty = true
			one := startSet{one: sub.one}
			one.concat(&rest)
			s.union(&one)
		}
		s.empty = sub.empty || re.Op == syntax.OpStar || re.Op == syntax.OpQuest || re.Op == syntax.OpRepeat && re.Min == 0
		return s, true
	case syntax.OpConcat:
		s.empty = true
		for _, sub := range re.Sub {
			c, ok := starts(sub)
			if !ok {
				return s, false
			}
			s.concat(&c)
		}
		return s, true
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			c, ok := starts(sub)
			if !ok {
				return s, false
			}
			s.union(&c)
		}
		return s, true
	}
	return s, false
}

// newStartScan prepares expr for start scanning, or returns nil where it
// cannot help: an expression that matches the empty string may match
// anywhere.
func newStartScan(expr string) *startScan {
	tree, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil
	}
	set, ok := starts(tree)
	if !ok || set.empty {
		return nil
	}
	return &startScan{
		first:     regexp.MustCompile(`^(?:` + expr + `)`),
		after:     regexp.MustCompile(`^(?s:.)(?:` + expr + `)`),
		set:       set,
		maxLen:    maxMatchLen(tree),
		wordStart: beginsWithBoundary(tree),
	}
}

// beginsWithBoundary reports whether every match of re begins with a \b.
func beginsWithBoundary(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpWordBoundary:
		return true
	case syntax.OpCapture, syntax.OpConcat:
		return len(re.Sub) > 0 && beginsWithBoundary(re.Sub[0])
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			if !beginsWithBoundary(sub) {
				return false
			}
		}
		return true
	}
	return false
}

// isWordByte reports an ASCII word character, as \b reads them; a byte
// of a multibyte rune is none.
func isWordByte(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '_'
}

// maxMatchLen bounds the length in bytes of re's matches, counting every
// rune as utf8.UTFMax bytes, or returns -1 when there is no bound.
func maxMatchLen(re *syntax.Regexp) int {
	switch re.Op {
	case syntax.OpNoMatch, syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText,
		syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return 0
	case syntax.OpLiteral:
		return len(re.Rune) * utf8.UTFMax
	case syntax.OpCharClass, syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		return utf8.UTFMax
	case syntax.OpCapture, syntax.OpQuest:
		return maxMatchLen(re.Sub[0])
	case syntax.OpRepeat:
		sub := maxMatchLen(re.Sub[0])
		if re.Max < 0 || sub < 0 {
			return -1
		}
		return re.Max * sub
	case syntax.OpConcat, syntax.OpAlternate:
		n := 0
		for _, sub := range re.Sub {
			m := maxMatchLen(sub)
			if m < 0 {
				return -1
			}
			if re.Op == syntax.OpConcat {
				n += m
			} else {
				n = max(n, m)
			}
		}
		return n
	}
	return -1 // star, plus, and any operator not listed
}

// mayStart reports whether a match may start at s[i:].
func (sc *startScan) mayStart(s string, i int) bool {
	if sc.wordStart && i > 0 && isWordByte(s[i]) && isWordByte(s[i-1]) {
		return false // no \b between two word characters
	}
	return sc.set.hasOne(s[i]) || i+1 < len(s) && sc.set.hasTwo(s[i], s[i+1])
}

// matchAt returns the match starting at i, with submatches when sub is
// set, or nil.
func (sc *startScan) matchAt(s string, i int, sub bool) []int {
	re, base := sc.first, 0
	if i > 0 {
		_, w := utf8.DecodeLastRuneInString(s[:i]) // as the engine reads the rune before
		re, base = sc.after, i-w
	}
	end := len(s)
	if sc.maxLen >= 0 {
		// The longest match, and the rune after it that \b and $ read.
		end = min(end, i+sc.maxLen+utf8.UTFMax)
	}
	var loc []int
	if sub {
		loc = re.FindStringSubmatchIndex(s[base:end])
	} else {
		loc = re.FindStringIndex(s[base:end])
	}
	if loc == nil {
		return nil
	}
	for k := range loc {
		if loc[k] >= 0 {
			loc[k] += base
		}
	}
	loc[0] = i
	return loc
}

// next returns the leftmost match starting at or after pos, or nil.
func (sc *startScan) next(s string, pos int, sub bool) []int {
	for i := pos; i < len(s); {
		if sc.mayStart(s, i) {
			if m := sc.matchAt(s, i, sub); m != nil {
				return m
			}
		}
		if s[i] < utf8.RuneSelf {
			i++
		} else {
			_, w := utf8.DecodeRuneInString(s[i:])
			i += w
		}
	}
	return nil
}

// findAll is FindAllStringIndex (FindAllStringSubmatchIndex with sub).
// No match is empty, so each search goes on from the last match's end.
func (sc *startScan) findAll(s string, n int, sub bool) [][]int {
	var out [][]int
	for pos := 0; n < 0 || len(out) < n; {
		m := sc.next(s, pos, sub)
		if m == nil {
			break
		}
		out = append(out, m)
		pos = m[1]
	}
	return out
}

// findAllIndex is re.FindAllStringIndex(s, -1), through sc when there is
// one (sc is newStartScan(re.String())).
func findAllIndex(re *regexp.Regexp, sc *startScan, s string) [][]int {
	if sc == nil {
		return re.FindAllStringIndex(s, -1)
	}
	return sc.findAll(s, -1, false)
}

// Expressions run over every sentence without a prefilter, scanned for
// their starts: clause boundaries (a comma, a semicolon, a space before
// a few words) and capitalised organisation names.
var (
	clauseStarts  = newStartScan(reClause.String())
	orgHeadStarts = newStartScan(reOrgHead.String())
)
