package extract

import (
	"math/rand/v2"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"
)

// scannedExprs are the expressions extraction runs through a startScan.
func scannedExprs() map[string]*regexp.Regexp {
	m := map[string]*regexp.Regexp{"reClause": reClause, "reOrgHead": reOrgHead}
	for name, p := range prefilteredExprs() {
		m[name] = p.re
	}
	return m
}

// checkScan fails when a start scan finds other matches than the engine.
func checkScan(t *testing.T, name string, re *regexp.Regexp, sc *startScan, text string) {
	t.Helper()
	if got, want := sc.findAll(text, -1, false), re.FindAllStringIndex(text, -1); !slices.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("%s on %q: start scan finds %v, the engine %v", name, text, got, want)
	}
	if got, want := sc.findAll(text, -1, true), re.FindAllStringSubmatchIndex(text, -1); !slices.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("%s on %q: start scan submatches %v, the engine %v", name, text, got, want)
	}
	if got, want := sc.findAll(text, 1, false), re.FindAllStringIndex(text, 1); !slices.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("%s on %q: first match %v, the engine %v", name, text, got, want)
	}
}

// scanTexts are the sentences of the test articles and the seed, in their
// case and lowercased, and variants that put the expressions' edges at
// unusual places: invalid UTF-8, multibyte letters and punctuation right
// before a word, words glued together.
func scanTexts(t *testing.T) []string {
	base := prefilterTexts(t)
	r := rand.New(rand.NewPCG(13, 1))
	glue := []string{"\xff", "\xe2\x80", "é", "—", "’", "-", "_", "7", ";", ": ", ", ", " ", "\n", "ſ", "K"}
	var out []string
	for _, s := range base {
		out = append(out, s, strings.ToLower(s))
		if s == "" {
			continue
		}
		var b strings.Builder
		for _, w := range strings.Fields(strings.ToLower(s)) {
			b.WriteString(w)
			b.WriteString(glue[r.IntN(len(glue))])
		}
		out = append(out, b.String())
		// A sentence cut at a random byte, possibly inside a rune.
		k := r.IntN(len(s))
		out = append(out, s[k:], s[:k]+"\x80"+s[k:])
	}
	return out
}

func TestStartScanFindsWhatTheEngineFinds(t *testing.T) {
	texts := scanTexts(t)
	scanned := 0
	for name, re := range scannedExprs() {
		sc := newStartScan(re.String())
		if sc == nil {
			continue
		}
		scanned++
		for _, text := range texts {
			checkScan(t, name, re, sc, text)
		}
	}
	if clauseStarts == nil || orgHeadStarts == nil {
		t.Error("reClause and reOrgHead have no start scan")
	}
	if scanned < 20 {
		t.Errorf("only %d expressions have a start scan", scanned)
	}
	t.Logf("%d expressions checked on %d texts", scanned, len(texts))
}

// TestStartScanEdges checks small expressions at the edges of the start
// sets: case folding, repetition, classes with multibyte and invalid
// runes, assertions at the start, and alternatives that prefer a shorter
// match.
func TestStartScanEdges(t *testing.T) {
	exprs := []string{
		`\bcat\b`, `(?i)kelvin`, `(?i)\bſun`, `a*b`, `(?:ab){2,3}c`, `[é-ü]+x`, `[^a-z]b`, `\S+ly\b`,
		`(?:\bx|y)z`, `a|ab|abc`, `\Bing\b`, `^the`, `(?m)^the`, `.\d`, `(?s).\d`, `$x|x`, `\p{L}{2}`,
		`(a)(b)?c`, `(?:x*)+y`, `-(?:led|backed)\b`, `;|:\s|,\s+and\b`, `(?i)\bkelvin`, `\b(?:ab|\d+|é)`,
		`\b(?:cat|-x)`, `(\bcat|\b_c)`,
	}
	texts := []string{
		"", "cat", "a cat sat", "concatenate cats", "KELVIN kelvin \u212aelvin", "ſun SUN sun", "aaab b ab",
		"ababc abababc ababababc", "ée üx ÿx é\xffx", "1b ab Bb", "quickly slowly fly", "xz yz xyz", "ring bing thing",
		"the thethe\nthe", "a1 \n1 é1", "x x", "héllo wörld", "abc ac ab", "yyy xxy", "Iran-backed, US-led",
		"a; b: c, and d,  and e", "\xff\xfe", "\xc3", "é\x80", "cat\xffcat",
		"xcat _cat 9cat écat \xffcat -cat a-x", "xkelvin é\u212aelvin akelvin", "12ab ab12 éé xé _c",
	}
	for _, e := range exprs {
		re := regexp.MustCompile(e)
		sc := newStartScan(e)
		if sc == nil {
			continue // matches the empty string: the engine runs as before
		}
		for _, text := range texts {
			checkScan(t, e, re, sc, text)
		}
	}
}

func TestMaxMatchLen(t *testing.T) {
	for _, c := range []struct {
		expr string
		want int
	}{
		{`cat`, 12},
		{`\bcat\b`, 12},
		{`a|abc`, 12},
		{`(?:ab){2,3}c?`, 28},
		{`[é-ü]x`, 8},
		{`a*b`, -1},
		{`\S+ly`, -1},
		{`(?:\S+ ){0,4}?to`, -1},
		{`x{2,}`, -1},
		{`^the$`, 12},
	} {
		tree, err := syntax.Parse(c.expr, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		if got := maxMatchLen(tree); got != c.want {
			t.Errorf("maxMatchLen(%s) = %d, want %d", c.expr, got, c.want)
		}
	}
}

// TestStartScanWindow checks bounded expressions where the bytes after
// the longest match decide it: a word boundary, the end of the text, a
// longer alternative the engine prefers.
func TestStartScanWindow(t *testing.T) {
	exprs := []string{`\bcat\b`, `cat$`, `(?m)cat$`, `\bcat\B`, `ca|cat\b`, `c(?:a|at)s?\b`, `[é-ü]\b`}
	texts := []string{
		"cat", "cats", "cat.", "a cat", "cat\n", "cat é", "caté", "cat\xff", "cat\xe2\x80\x94", "concat cat",
		"cats cat", "éé üü", "ü", "xü", "ca", "cas cats",
	}
	for _, e := range exprs {
		re := regexp.MustCompile(e)
		sc := newStartScan(e)
		if sc == nil || sc.maxLen < 0 {
			t.Fatalf("%s: want a bounded start scan", e)
		}
		for _, text := range texts {
			checkScan(t, e, re, sc, text)
		}
	}
}

func TestBeginsWithBoundary(t *testing.T) {
	for _, c := range []struct {
		expr string
		want bool
	}{
		{`\bcat\b`, true},
		{`\b(?:ab|cd)`, true},
		{`(?i)\b(?:yesterday|today)`, true},
		{`\bx|\by`, true},
		{`(?:\bx|y)z`, false},
		{`\Bing`, false},
		{`cat\b`, false},
		{`(?:\b)?x`, false},
	} {
		tree, err := syntax.Parse(c.expr, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		if got := beginsWithBoundary(tree); got != c.want {
			t.Errorf("beginsWithBoundary(%s) = %v, want %v", c.expr, got, c.want)
		}
	}
}
