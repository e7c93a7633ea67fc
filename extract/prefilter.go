package extract

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode/utf8"
)

// prefiltered is a regular expression with a literal prefilter: a set of
// strings of which every match must contain at least one, derived from the
// expression's syntax tree. A text that contains none of them cannot match,
// so the expression is not run on it. Most sentences lack the words a date
// or trigger pattern needs, and strings.Contains is far cheaper than the
// regexp engine, so this speeds extraction without changing a result (the
// needles are a necessary condition by construction; prefilter_test.go
// checks it against the expressions on real and generated text, and the
// golden records must not change).
type prefiltered struct {
	re *regexp.Regexp
	// needles are lowercase when fold is set for them: they are then
	// looked for in the lowercased text.
	needles []needle
	// always is set when no needle set could be derived.
	always bool
	// anyFold records that some needle needs the lowercased text.
	anyFold bool
	// scan, when set, runs the expression only where a match can start
	// (startscan.go).
	scan *startScan
}

type needle struct {
	s    string
	fold bool
}

// mustPrefilter compiles expr and derives its needles.
func mustPrefilter(expr string) *prefiltered {
	p := &prefiltered{re: regexp.MustCompile(expr), scan: newStartScan(expr)}
	tree, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		p.always = true
		return p
	}
	set, ok := required(tree.Simplify())
	if !ok {
		p.always = true
		return p
	}
	for _, n := range set {
		p.needles = append(p.needles, n)
		p.anyFold = p.anyFold || n.fold
	}
	return p
}

// mayMatch reports whether s contains a needle, that is whether the
// expression may match s. Case-folded needles are looked for in the ASCII
// lowercase of s; a text with other letters is always scanned, since
// Unicode folding ("K" for the Kelvin sign) is more than lowercasing.
func (p *prefiltered) mayMatch(s string) bool {
	if p.always {
		return true
	}
	var lower string
	if p.anyFold {
		for i := 0; i < len(s); i++ {
			if s[i] >= utf8.RuneSelf {
				return true
			}
		}
		lower = strings.ToLower(s)
	}
	// With many needles, the text's byte pairs rule most of them out
	// before a scan of the text.
	many := len(p.needles) >= manyNeedles
	var grams, lowerGrams textGrams // on the stack: this runs per sentence and expression
	var have, lowerHave bool
	for _, n := range p.needles {
		text, g, h := s, &grams, &have
		if n.fold {
			text, g, h = lower, &lowerGrams, &lowerHave
		}
		if many && !*h {
			g.collect(text)
			*h = true
		}
		if (!*h || g.mayContain(n.s)) && strings.Contains(text, n.s) {
			return true
		}
	}
	return false
}

// manyNeedles is the number of needles from which mayMatch collects the
// text's byte pairs first.
const manyNeedles = 6

// textGrams is a set of the byte pairs of a text, hashed into 4096 bits:
// a needle with a pair the text lacks cannot occur in it, which spares most
// strings.Contains scans when many expressions run over one sentence.
type textGrams struct{ bits [64]uint64 }

func gramHash(a, b byte) uint { return (uint(a)*131 + uint(b)) & 4095 }

// newTextGrams collects the byte pairs of s.
func newTextGrams(s string) *textGrams {
	g := &textGrams{}
	g.collect(s)
	return g
}

// collect adds the byte pairs of s.
func (g *textGrams) collect(s string) {
	for i := 0; i+1 < len(s); i++ {
		h := gramHash(s[i], s[i+1])
		g.bits[h>>6] |= 1 << (h & 63)
	}
}

// mayContain is false only when n cannot be a substring of the text.
func (g *textGrams) mayContain(n string) bool {
	for i := 0; i+1 < len(n); i++ {
		h := gramHash(n[i], n[i+1])
		if g.bits[h>>6]&(1<<(h&63)) == 0 {
			return false
		}
	}
	return true
}

// mayMatchLower is mayMatch for a text that is already lowercase, with the
// text's byte pairs at hand.
func (p *prefiltered) mayMatchLower(lower string, g *textGrams) bool {
	if p.always {
		return true
	}
	if p.anyFold {
		for i := 0; i < len(lower); i++ {
			if lower[i] >= utf8.RuneSelf {
				return true
			}
		}
	}
	for _, n := range p.needles {
		if g.mayContain(n.s) && strings.Contains(lower, n.s) {
			return true
		}
	}
	return false
}

// FindAllStringIndexLower runs over a lowercase text whose byte pairs g
// holds; it finds what FindAllStringIndex finds.
func (p *prefiltered) FindAllStringIndexLower(lower string, g *textGrams, n int) [][]int {
	if !p.mayMatchLower(lower, g) {
		return nil
	}
	if p.scan != nil {
		return p.scan.findAll(lower, n, false)
	}
	return p.re.FindAllStringIndex(lower, n)
}

// The methods extraction uses, each skipping the engine when no needle
// occurs, and running it only where a match can start when it can tell.

func (p *prefiltered) MatchString(s string) bool {
	if !p.mayMatch(s) {
		return false
	}
	if p.scan != nil {
		return p.scan.next(s, 0, false) != nil
	}
	return p.re.MatchString(s)
}

func (p *prefiltered) FindStringIndex(s string) []int {
	if !p.mayMatch(s) {
		return nil
	}
	if p.scan != nil {
		return p.scan.next(s, 0, false)
	}
	return p.re.FindStringIndex(s)
}

func (p *prefiltered) FindAllStringSubmatchIndex(s string, n int) [][]int {
	if !p.mayMatch(s) {
		return nil
	}
	if p.scan != nil {
		return p.scan.findAll(s, n, true)
	}
	return p.re.FindAllStringSubmatchIndex(s, n)
}

// Limits of the needle derivation: a set larger than maxSet, or a cross
// product that would be, is given up (a weaker needle set is then chosen,
// or none).
const maxSet = 64

// exact returns the finite set of strings re matches, when it is small.
// Zero-width assertions match "". fold marks strings that came from
// case-insensitive literals (lowercased).
func exact(re *syntax.Regexp) ([]needle, bool) {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return []needle{{}}, true
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			for _, r := range re.Rune {
				if r >= utf8.RuneSelf {
					return nil, false
				}
			}
			return []needle{{s: strings.ToLower(string(re.Rune)), fold: true}}, true
		}
		return []needle{{s: string(re.Rune)}}, true
	case syntax.OpCharClass:
		var out []needle
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], re.Rune[i+1]
			if hi-lo >= 8 || len(out)+int(hi-lo)+1 > 8 {
				return nil, false
			}
			for r := lo; r <= hi; r++ {
				out = append(out, needle{s: string(r)})
			}
		}
		return out, len(out) > 0
	case syntax.OpCapture:
		return exact(re.Sub[0])
	case syntax.OpQuest:
		sub, ok := exact(re.Sub[0])
		if !ok || len(sub)+1 > maxSet {
			return nil, false
		}
		return append([]needle{{}}, sub...), true
	case syntax.OpAlternate:
		var out []needle
		for _, sub := range re.Sub {
			s, ok := exact(sub)
			if !ok || len(out)+len(s) > maxSet {
				return nil, false
			}
			out = append(out, s...)
		}
		return out, true
	case syntax.OpConcat:
		out := []needle{{}}
		for _, sub := range re.Sub {
			s, ok := exact(sub)
			if !ok {
				return nil, false
			}
			if out = cross(out, s); out == nil {
				return nil, false
			}
		}
		return out, true
	}
	return nil, false
}

// cross is the concatenation of every a with every b, or nil when it
// would hold more than maxSet strings.
func cross(a, b []needle) []needle {
	if len(a)*len(b) > maxSet {
		return nil
	}
	out := make([]needle, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			n := needle{s: x.s + y.s, fold: x.fold || y.fold}
			if n.fold {
				// A mixed needle is looked for in the lowercased text, so
				// its exact part is lowercased too: still a necessary
				// condition.
				n.s = strings.ToLower(n.s)
			}
			out = append(out, n)
		}
	}
	return out
}

// required returns a set of non-empty strings one of which every match of
// re contains, when one can be found.
func required(re *syntax.Regexp) ([]needle, bool) {
	if set, ok := exact(re); ok {
		if slices.ContainsFunc(set, func(n needle) bool { return n.s == "" }) {
			return nil, false
		}
		return dedupe(set), true
	}
	switch re.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0])
		}
	case syntax.OpAlternate:
		var out []needle
		for _, sub := range re.Sub {
			s, ok := required(sub)
			if !ok {
				return nil, false
			}
			out = append(out, s...)
		}
		return dedupe(out), true
	case syntax.OpConcat:
		// Candidates: each run of adjacent parts with exact sets (their
		// cross product) and each part's own required set. The best is
		// the one whose shortest needle is longest.
		var cands [][]needle
		run := []needle{{}}
		closeRun := func() {
			if !slices.ContainsFunc(run, func(n needle) bool { return n.s == "" }) {
				cands = append(cands, run)
			}
			run = []needle{{}}
		}
		for _, sub := range re.Sub {
			if s, ok := exact(sub); ok {
				if next := cross(run, s); next != nil {
					run = next
					continue
				}
				closeRun()
				run = s
				continue
			}
			closeRun()
			if s, ok := required(sub); ok {
				cands = append(cands, s)
			}
		}
		closeRun()
		var best []needle
		bestLen := 0
		for _, c := range cands {
			if l := shortest(c); l > bestLen || l == bestLen && len(c) < len(best) {
				best, bestLen = c, l
			}
		}
		if best != nil {
			return dedupe(best), true
		}
	}
	return nil, false
}

func shortest(set []needle) int {
	n := -1
	for _, x := range set {
		if l := len(x.s); n < 0 || l < n {
			n = l
		}
	}
	return max(n, 0)
}

// dedupe drops repeated needles and needles that contain another one (the
// shorter is found whenever the longer is).
func dedupe(set []needle) []needle {
	var out []needle
	for _, n := range set {
		redundant := false
		for _, m := range set {
			if m != n && m.fold == n.fold && strings.Contains(n.s, m.s) && (len(m.s) < len(n.s)) {
				redundant = true
				break
			}
		}
		if !redundant && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

func (p *prefiltered) FindStringSubmatchIndex(s string) []int {
	if !p.mayMatch(s) {
		return nil
	}
	if p.scan != nil {
		return p.scan.next(s, 0, true)
	}
	return p.re.FindStringSubmatchIndex(s)
}

func (p *prefiltered) FindAllStringIndex(s string, n int) [][]int {
	if !p.mayMatch(s) {
		return nil
	}
	if p.scan != nil {
		return p.scan.findAll(s, n, false)
	}
	return p.re.FindAllStringIndex(s, n)
}

// ReplaceAllString returns s itself where the expression cannot match.
func (p *prefiltered) ReplaceAllString(s, repl string) string {
	if !p.mayMatch(s) {
		return s
	}
	return p.re.ReplaceAllString(s, repl)
}
