package syntax

import (
	"context"
	"math/rand/v2"
	"sort"
	"strings"
	"unicode"
)

// parser is a greedy arc-hybrid transition parser (Kuhlmann et al. 2011)
// scored by an averaged perceptron and trained with Goldberg & Nivre's
// (2013) dynamic oracle. The root sits at the end of the buffer and may
// take a dependent only when the stack holds one word, so every parse has
// exactly one root.
//
// Classes: 0 is SHIFT, 1..L are LEFT-label (s0 <- b0), L+1..2L are
// RIGHT-label (s1 -> s0).
type parser struct {
	labels []string // label number -> UD deprel
	root   int      // label number of "root"
	// verb is the UPOS class number of VERB (from the tagger's tag set),
	// for counting verbs between two words.
	verb  int
	model *weights
}

const shiftClass = 0

func (p *parser) nClasses() int { return 1 + 2*len(p.labels) }

// config is a parser configuration over n words; word n is the root.
type config struct {
	n      int
	stack  []int
	b      int // buffer front; the buffer is b..n
	heads  []int
	labels []int
	// two leftmost and two rightmost dependents, and counts and label
	// sets of left and right dependents, per word (root included).
	l1, l2, r1, r2 []int
	nl, nr         []int
	sl, sr         []uint64
}

func newConfig(n int) *config {
	c := &config{n: n, stack: make([]int, 0, n), heads: make([]int, n+1), labels: make([]int, n+1),
		l1: make([]int, n+1), l2: make([]int, n+1), r1: make([]int, n+1), r2: make([]int, n+1),
		nl: make([]int, n+1), nr: make([]int, n+1), sl: make([]uint64, n+1), sr: make([]uint64, n+1)}
	for i := range c.heads {
		c.heads[i], c.labels[i] = -1, -1
		c.l1[i], c.l2[i], c.r1[i], c.r2[i] = -1, -1, -1, -1
	}
	return c
}

func (c *config) terminal() bool { return len(c.stack) == 0 && c.b == c.n }

func (c *config) stackAt(k int) int {
	if k < len(c.stack) {
		return c.stack[len(c.stack)-1-k]
	}
	return -1
}

func (c *config) addArc(h, d, label int) {
	c.heads[d], c.labels[d] = h, label
	if d < h {
		c.nl[h]++
		c.sl[h] |= 1 << (uint(label) % 64)
		switch {
		case c.l1[h] < 0 || d < c.l1[h]:
			c.l2[h], c.l1[h] = c.l1[h], d
		case c.l2[h] < 0 || d < c.l2[h]:
			c.l2[h] = d
		}
	} else {
		c.nr[h]++
		c.sr[h] |= 1 << (uint(label) % 64)
		switch {
		case d > c.r1[h]:
			c.r2[h], c.r1[h] = c.r1[h], d
		case d > c.r2[h]:
			c.r2[h] = d
		}
	}
}

// valid reports whether class can apply in c.
func (p *parser) valid(c *config, class int) bool {
	L := len(p.labels)
	switch {
	case class == shiftClass:
		return c.b < c.n
	case class <= L:
		if len(c.stack) == 0 {
			return false
		}
		if c.b == c.n {
			return len(c.stack) == 1 && class-1 == p.root
		}
		return class-1 != p.root
	default:
		return len(c.stack) >= 2 && class-1-L != p.root
	}
}

func (p *parser) apply(c *config, class int) {
	L := len(p.labels)
	switch {
	case class == shiftClass:
		c.stack = append(c.stack, c.b)
		c.b++
	case class <= L:
		s0 := c.stack[len(c.stack)-1]
		c.stack = c.stack[:len(c.stack)-1]
		c.addArc(c.b, s0, class-1)
	default:
		s0 := c.stack[len(c.stack)-1]
		s1 := c.stack[len(c.stack)-2]
		c.stack = c.stack[:len(c.stack)-1]
		c.addArc(s1, s0, class-1-L)
	}
}

// cost is the number of gold arcs a transition makes unreachable (the
// arc-hybrid dynamic oracle); gold heads use n for the root.
func cost(c *config, move int, gold []int) int {
	const (
		shift = iota
		left
		right
	)
	inBuffer := func(x int) bool { return x >= c.b && x <= c.n }
	depsIn := func(h, from, to int) int { // gold dependents of h in words from..to-1
		k := 0
		for d := from; d < to; d++ {
			if gold[d] == h {
				k++
			}
		}
		return k
	}
	s0 := c.stackAt(0)
	switch move {
	case shift:
		k := 0
		for _, d := range c.stack {
			if gold[d] == c.b {
				k++
			}
			if d != s0 && gold[c.b] == d {
				k++
			}
		}
		return k
	case left:
		k := depsIn(s0, c.b, c.n)
		if g := gold[s0]; g != c.b && (g == c.stackAt(1) || (inBuffer(g) && g != c.b)) {
			k++
		}
		return k
	default:
		k := depsIn(s0, c.b, c.n)
		if inBuffer(gold[s0]) {
			k++
		}
		return k
	}
}

// Parser feature templates: each constant names the atoms it combines.
const (
	pfS0w uint64 = iota + 1
	pfS0t
	pfS0wt
	pfB0w
	pfB0t
	pfB0wt
	pfB1w
	pfB1t
	pfB1wt
	pfB2w
	pfB2t
	pfB2wt
	pfS1w
	pfS1t
	pfS1wt
	pfS2w
	pfS2t
	pfB3t
	pfS0wtB0wt
	pfS0wtB0w
	pfS0wB0wt
	pfS0wtB0t
	pfS0tB0wt
	pfS0wB0w
	pfS0tB0t
	pfB0tB1t
	pfS1wtS0wt
	pfS1wtS0w
	pfS1wS0wt
	pfS1wtS0t
	pfS1tS0wt
	pfS1wS0w
	pfS1tS0t
	pfB0tB1tB2t
	pfS0tB0tB1t
	pfS1tS0tB0t
	pfS0tS0l1tB0t
	pfS0tS0r1tB0t
	pfS0tB0tB0l1t
	pfS1tS1l1tS0t
	pfS1tS1r1tS0t
	pfS1tS0tS0r1t
	pfS1tS0tS0l1t
	pfS2tS1tS0t
	pfS0wB0tB1t
	pfS1tS0wB0t
	pfS1tS0tB0w
	pfS0wD
	pfS0tD
	pfB0wD
	pfB0tD
	pfS0wB0wD
	pfS0tB0tD
	pfS1tS0tD
	pfS1wS0wD
	pfS0wVr
	pfS0tVr
	pfS0wVl
	pfS0tVl
	pfS1wVr
	pfS1tVr
	pfS1wVl
	pfS1tVl
	pfB0wVl
	pfB0tVl
	pfS0l1w
	pfS0l1t
	pfS0l1l
	pfS0r1w
	pfS0r1t
	pfS0r1l
	pfS1l1w
	pfS1l1t
	pfS1l1l
	pfS1r1w
	pfS1r1t
	pfS1r1l
	pfB0l1w
	pfB0l1t
	pfB0l1l
	pfS0l2w
	pfS0l2t
	pfS0l2l
	pfS0r2w
	pfS0r2t
	pfS0r2l
	pfS1r2t
	pfS1r2l
	pfB0l2w
	pfB0l2t
	pfB0l2l
	pfS0tS0l1tS0l2t
	pfS0tS0r1tS0r2t
	pfS1tS1r1tS1r2t
	pfB0tB0l1tB0l2t
	pfS0wS0l1lS0l2l
	pfS0wS0r1lS0r2l
	pfS1wS1r1lS1r2l
	pfB0wB0l1lB0l2l
	pfS0wSr
	pfS0tSr
	pfS0wSl
	pfS0tSl
	pfS1wSr
	pfS1tSr
	pfS1wSl
	pfS1tSl
	pfB0wSl
	pfB0tSl
	pfS0tS0r1lB0t
	pfS0tS0l1lB0t
	pfS1tS1r1lS0t
	pfS0x
	pfB0x
	pfB1x
	pfS1x
	pfS0xB0x
	pfS1xS0x
	pfS0xB0xB1x
	pfS1xS0xB0x
	pfS0wxB0x
	pfS0xB0wx
	pfS1xS0wx
	pfB0xB1xB2x
	pfS0tB0tPunct
	pfS1tS0tPunct
	pfS0tB0tVerb
	pfS0sufB0t
	pfS0tB0suf
	pfS1sufS0t
	pfB0prevT
	pfS0nextT
	pfS0tS0nextTB0t
	pfS0tB0prevTB0t
	pfS0nextWB0t
	pfS0tB0prevW
)

// sentFeats holds per-word atoms for parser features: word hash and tag
// hash, index n being the root.
type sentFeats struct {
	w, t, wt, x, wx, suf []uint64
	// punct[i] and verbs[i] count punctuation and verbs before word i,
	// for what lies between two candidates.
	punct, verbs []int
}

func newSentFeats(forms []string, upos, xpos []int, verb int) *sentFeats {
	n := len(forms)
	f := &sentFeats{w: make([]uint64, n+1), t: make([]uint64, n+1), wt: make([]uint64, n+1), x: make([]uint64, n+1), wx: make([]uint64, n+1),
		suf: make([]uint64, n+1), punct: make([]int, n+2), verbs: make([]int, n+2)}
	for i, form := range forms {
		f.suf[i] = hashString(suffix(strings.ToLower(form), 3))
		f.punct[i+1], f.verbs[i+1] = f.punct[i], f.verbs[i]
		if isPunct(form) {
			f.punct[i+1]++
		}
		if upos[i] == verb {
			f.verbs[i+1]++
		}
		f.w[i] = hashString(normWord(form))
		f.t[i] = uint64(upos[i]) + 1
		f.wt[i] = mix(f.w[i], f.t[i])
		f.x[i] = uint64(xpos[i]) + 0x1000
		f.wx[i] = mix(f.w[i], f.x[i])
	}
	const root = 0x524f4f54
	f.w[n], f.t[n], f.x[n] = root, root, root
	f.wt[n] = mix(f.w[n], f.t[n])
	f.wx[n] = mix(f.w[n], f.x[n])
	f.suf[n] = root
	f.punct[n+1], f.verbs[n+1] = f.punct[n], f.verbs[n]
	return f
}

// between counts what arr counts strictly between words a < b, capped.
func between(arr []int, a, b int) uint64 {
	if a < 0 || b < 0 {
		return hashNone
	}
	if a > b {
		a, b = b, a
	}
	return uint64(min(arr[b]-arr[a+1], 3))
}

func isPunct(form string) bool {
	for _, r := range form {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return form != ""
}

func dist(a, b int) uint64 {
	if a < 0 || b < 0 {
		return 0
	}
	d := b - a
	if d < 0 {
		d = -d
	}
	switch {
	case d < 5:
		return uint64(d)
	case d < 10:
		return 5
	}
	return 6
}

// features appends the feature keys of configuration c.
func (sf *sentFeats) features(dst []uint64, c *config) []uint64 {
	W := func(i int) uint64 {
		if i < 0 {
			return hashNone
		}
		return sf.w[i]
	}
	T := func(i int) uint64 {
		if i < 0 {
			return hashNone
		}
		return sf.t[i]
	}
	WT := func(i int) uint64 {
		if i < 0 {
			return hashNone
		}
		return sf.wt[i]
	}
	X := func(i int) uint64 {
		if i < 0 {
			return hashNone
		}
		return sf.x[i]
	}
	WX := func(i int) uint64 {
		if i < 0 {
			return hashNone
		}
		return sf.wx[i]
	}
	SUF := func(i int) uint64 {
		if i < 0 {
			return hashNone
		}
		return sf.suf[i]
	}
	Lb := func(i int) uint64 {
		if i < 0 || c.labels[i] < 0 {
			return hashNone
		}
		return uint64(c.labels[i]) + 1
	}
	child := func(arr []int, i int) int {
		if i < 0 {
			return -1
		}
		return arr[i]
	}
	cnt := func(arr []int, i int) uint64 {
		if i < 0 {
			return hashNone
		}
		return uint64(arr[i])
	}
	set := func(arr []uint64, i int) uint64 {
		if i < 0 {
			return hashNone
		}
		return arr[i]
	}
	s0, s1, s2 := c.stackAt(0), c.stackAt(1), c.stackAt(2)
	b0 := c.b
	b1, b2, b3 := -1, -1, -1
	if b0+1 <= c.n {
		b1 = b0 + 1
	}
	if b0+2 <= c.n {
		b2 = b0 + 2
	}
	if b0+3 <= c.n {
		b3 = b0 + 3
	}
	s0l1, s0l2, s0r1, s0r2 := child(c.l1, s0), child(c.l2, s0), child(c.r1, s0), child(c.r2, s0)
	s1l1, s1r1, s1r2 := child(c.l1, s1), child(c.r1, s1), child(c.r2, s1)
	b0l1, b0l2 := child(c.l1, b0), child(c.l2, b0)
	d := dist(s0, b0)
	d2 := dist(s1, s0)
	// The words right after s0 and right before b0, which the stack
	// and buffer positions skip when s0 and b0 are not adjacent.
	s0next, b0prev := -1, -1
	if s0 >= 0 && s0+1 < b0 {
		s0next, b0prev = s0+1, b0-1
	}
	return append(dst,
		feat1(pfS0w, W(s0)), feat1(pfS0t, T(s0)), feat1(pfS0wt, WT(s0)),
		feat1(pfB0w, W(b0)), feat1(pfB0t, T(b0)), feat1(pfB0wt, WT(b0)),
		feat1(pfB1w, W(b1)), feat1(pfB1t, T(b1)), feat1(pfB1wt, WT(b1)),
		feat1(pfB2w, W(b2)), feat1(pfB2t, T(b2)), feat1(pfB2wt, WT(b2)),
		feat1(pfS1w, W(s1)), feat1(pfS1t, T(s1)), feat1(pfS1wt, WT(s1)),
		feat1(pfS2w, W(s2)), feat1(pfS2t, T(s2)), feat1(pfB3t, T(b3)),
		feat2(pfS0wtB0wt, WT(s0), WT(b0)), feat2(pfS0wtB0w, WT(s0), W(b0)),
		feat2(pfS0wB0wt, W(s0), WT(b0)), feat2(pfS0wtB0t, WT(s0), T(b0)),
		feat2(pfS0tB0wt, T(s0), WT(b0)), feat2(pfS0wB0w, W(s0), W(b0)),
		feat2(pfS0tB0t, T(s0), T(b0)), feat2(pfB0tB1t, T(b0), T(b1)),
		feat2(pfS1wtS0wt, WT(s1), WT(s0)), feat2(pfS1wtS0w, WT(s1), W(s0)),
		feat2(pfS1wS0wt, W(s1), WT(s0)), feat2(pfS1wtS0t, WT(s1), T(s0)),
		feat2(pfS1tS0wt, T(s1), WT(s0)), feat2(pfS1wS0w, W(s1), W(s0)),
		feat2(pfS1tS0t, T(s1), T(s0)),
		feat3(pfB0tB1tB2t, T(b0), T(b1), T(b2)), feat3(pfS0tB0tB1t, T(s0), T(b0), T(b1)),
		feat3(pfS1tS0tB0t, T(s1), T(s0), T(b0)), feat3(pfS0tS0l1tB0t, T(s0), T(s0l1), T(b0)),
		feat3(pfS0tS0r1tB0t, T(s0), T(s0r1), T(b0)), feat3(pfS0tB0tB0l1t, T(s0), T(b0), T(b0l1)),
		feat3(pfS1tS1l1tS0t, T(s1), T(s1l1), T(s0)), feat3(pfS1tS1r1tS0t, T(s1), T(s1r1), T(s0)),
		feat3(pfS1tS0tS0r1t, T(s1), T(s0), T(s0r1)), feat3(pfS1tS0tS0l1t, T(s1), T(s0), T(s0l1)),
		feat3(pfS2tS1tS0t, T(s2), T(s1), T(s0)), feat3(pfS0wB0tB1t, W(s0), T(b0), T(b1)),
		feat3(pfS1tS0wB0t, T(s1), W(s0), T(b0)), feat3(pfS1tS0tB0w, T(s1), T(s0), W(b0)),
		feat2(pfS0wD, W(s0), d), feat2(pfS0tD, T(s0), d), feat2(pfB0wD, W(b0), d), feat2(pfB0tD, T(b0), d),
		feat3(pfS0wB0wD, W(s0), W(b0), d), feat3(pfS0tB0tD, T(s0), T(b0), d),
		feat3(pfS1tS0tD, T(s1), T(s0), d2), feat3(pfS1wS0wD, W(s1), W(s0), d2),
		feat2(pfS0wVr, W(s0), cnt(c.nr, s0)), feat2(pfS0tVr, T(s0), cnt(c.nr, s0)),
		feat2(pfS0wVl, W(s0), cnt(c.nl, s0)), feat2(pfS0tVl, T(s0), cnt(c.nl, s0)),
		feat2(pfS1wVr, W(s1), cnt(c.nr, s1)), feat2(pfS1tVr, T(s1), cnt(c.nr, s1)),
		feat2(pfS1wVl, W(s1), cnt(c.nl, s1)), feat2(pfS1tVl, T(s1), cnt(c.nl, s1)),
		feat2(pfB0wVl, W(b0), cnt(c.nl, b0)), feat2(pfB0tVl, T(b0), cnt(c.nl, b0)),
		feat1(pfS0l1w, W(s0l1)), feat1(pfS0l1t, T(s0l1)), feat1(pfS0l1l, Lb(s0l1)),
		feat1(pfS0r1w, W(s0r1)), feat1(pfS0r1t, T(s0r1)), feat1(pfS0r1l, Lb(s0r1)),
		feat1(pfS1l1w, W(s1l1)), feat1(pfS1l1t, T(s1l1)), feat1(pfS1l1l, Lb(s1l1)),
		feat1(pfS1r1w, W(s1r1)), feat1(pfS1r1t, T(s1r1)), feat1(pfS1r1l, Lb(s1r1)),
		feat1(pfB0l1w, W(b0l1)), feat1(pfB0l1t, T(b0l1)), feat1(pfB0l1l, Lb(b0l1)),
		feat1(pfS0l2w, W(s0l2)), feat1(pfS0l2t, T(s0l2)), feat1(pfS0l2l, Lb(s0l2)),
		feat1(pfS0r2w, W(s0r2)), feat1(pfS0r2t, T(s0r2)), feat1(pfS0r2l, Lb(s0r2)),
		feat1(pfS1r2t, T(s1r2)), feat1(pfS1r2l, Lb(s1r2)),
		feat1(pfB0l2w, W(b0l2)), feat1(pfB0l2t, T(b0l2)), feat1(pfB0l2l, Lb(b0l2)),
		feat3(pfS0tS0l1tS0l2t, T(s0), T(s0l1), T(s0l2)), feat3(pfS0tS0r1tS0r2t, T(s0), T(s0r1), T(s0r2)),
		feat3(pfS1tS1r1tS1r2t, T(s1), T(s1r1), T(s1r2)), feat3(pfB0tB0l1tB0l2t, T(b0), T(b0l1), T(b0l2)),
		feat3(pfS0wS0l1lS0l2l, W(s0), Lb(s0l1), Lb(s0l2)), feat3(pfS0wS0r1lS0r2l, W(s0), Lb(s0r1), Lb(s0r2)),
		feat3(pfS1wS1r1lS1r2l, W(s1), Lb(s1r1), Lb(s1r2)), feat3(pfB0wB0l1lB0l2l, W(b0), Lb(b0l1), Lb(b0l2)),
		feat2(pfS0wSr, W(s0), set(c.sr, s0)), feat2(pfS0tSr, T(s0), set(c.sr, s0)),
		feat2(pfS0wSl, W(s0), set(c.sl, s0)), feat2(pfS0tSl, T(s0), set(c.sl, s0)),
		feat2(pfS1wSr, W(s1), set(c.sr, s1)), feat2(pfS1tSr, T(s1), set(c.sr, s1)),
		feat2(pfS1wSl, W(s1), set(c.sl, s1)), feat2(pfS1tSl, T(s1), set(c.sl, s1)),
		feat2(pfB0wSl, W(b0), set(c.sl, b0)), feat2(pfB0tSl, T(b0), set(c.sl, b0)),
		feat3(pfS0tS0r1lB0t, T(s0), Lb(s0r1), T(b0)), feat3(pfS0tS0l1lB0t, T(s0), Lb(s0l1), T(b0)),
		feat3(pfS1tS1r1lS0t, T(s1), Lb(s1r1), T(s0)),
		feat1(pfS0x, X(s0)), feat1(pfB0x, X(b0)), feat1(pfB1x, X(b1)), feat1(pfS1x, X(s1)),
		feat2(pfS0xB0x, X(s0), X(b0)), feat2(pfS1xS0x, X(s1), X(s0)),
		feat3(pfS0xB0xB1x, X(s0), X(b0), X(b1)), feat3(pfS1xS0xB0x, X(s1), X(s0), X(b0)),
		feat2(pfS0wxB0x, WX(s0), X(b0)), feat2(pfS0xB0wx, X(s0), WX(b0)), feat2(pfS1xS0wx, X(s1), WX(s0)),
		feat3(pfB0xB1xB2x, X(b0), X(b1), X(b2)),
		feat3(pfS0tB0tPunct, T(s0), T(b0), between(sf.punct, s0, b0)),
		feat3(pfS1tS0tPunct, T(s1), T(s0), between(sf.punct, s1, s0)),
		feat3(pfS0tB0tVerb, T(s0), T(b0), between(sf.verbs, s0, b0)),
		feat2(pfS0sufB0t, SUF(s0), T(b0)), feat2(pfS0tB0suf, T(s0), SUF(b0)), feat2(pfS1sufS0t, SUF(s1), T(s0)),
		feat1(pfB0prevT, T(b0prev)), feat1(pfS0nextT, T(s0next)),
		feat3(pfS0tS0nextTB0t, T(s0), T(s0next), T(b0)), feat3(pfS0tB0prevTB0t, T(s0), T(b0prev), T(b0)),
		feat2(pfS0nextWB0t, W(s0next), T(b0)), feat2(pfS0tB0prevW, T(s0), W(b0prev)),
	)
}

// parse returns each word's head (0 = root, words from 1) and label.
func (p *parser) parse(forms []string, upos, xpos []int) (heads []int, labels []string) {
	n := len(forms)
	c := newConfig(n)
	sf := newSentFeats(forms, upos, xpos, p.verb)
	scores := make([]float32, p.nClasses())
	feats := make([]uint64, 0, 160)
	spans := make([]span, 0, 160)
	valid := func(class int) bool { return p.valid(c, class) }
	for !c.terminal() {
		feats = sf.features(feats[:0], c)
		clear(scores)
		spans = p.model.score(feats, scores, spans)
		p.apply(c, argmax(scores, valid))
	}
	heads = make([]int, n)
	labels = make([]string, n)
	for i := 0; i < n; i++ {
		h := c.heads[i]
		if h == n {
			heads[i] = 0
		} else {
			heads[i] = h + 1
		}
		labels[i] = p.labels[c.labels[i]]
	}
	return heads, labels
}

// parseExample is a training sentence with predicted tags.
type parseExample struct {
	forms      []string
	upos, xpos []int
	gold       []int // gold head index, n for the root
	labels     []int
}

// trainParser trains the parser on sents (non-projective trees
// projectivised),
// exploring with the dynamic oracle from the second epoch on: with
// probability explore it follows its own prediction, so it learns to
// recover from its mistakes.
func trainParser(ctx context.Context, sents []Sentence, upos, xpos [][]int, verb, epochs int, seed uint64, onEpoch func(epoch int, p *parser)) (*parser, error) {
	labelSet := map[string]bool{}
	for _, s := range sents {
		for _, w := range s.Words {
			labelSet[w.Deprel] = true
		}
	}
	var labels []string
	for l := range labelSet {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	labelIndex := map[string]int{}
	for i, l := range labels {
		labelIndex[l] = i
	}
	ps := &parser{labels: labels, root: labelIndex["root"], verb: verb}
	var examples []parseExample
	for si, s := range sents {
		words := s.Words
		if !projective(words) {
			if words = projectivize(words); words == nil {
				continue
			}
		}
		s := Sentence{ID: s.ID, Words: words}
		n := len(s.Words)
		ex := parseExample{forms: make([]string, n), upos: upos[si], xpos: xpos[si], gold: make([]int, n+1), labels: make([]int, n+1)}
		for i, w := range s.Words {
			ex.forms[i] = w.Form
			if w.Head == 0 {
				ex.gold[i] = n
			} else {
				ex.gold[i] = w.Head - 1
			}
			ex.labels[i] = labelIndex[w.Deprel]
		}
		ex.gold[n], ex.labels[n] = -1, -1
		examples = append(examples, ex)
	}
	const explore = 0.9
	L := len(labels)
	pc := newPerceptron(ps.nClasses())
	rng := rand.New(rand.NewPCG(seed, seed^0x706172736572))
	scores := make([]float32, ps.nClasses())
	costs := make([]int, ps.nClasses())
	feats := make([]uint64, 0, 128)
	for epoch := 1; epoch <= epochs; epoch++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for _, ex := range examples {
			c := newConfig(len(ex.forms))
			sf := newSentFeats(ex.forms, ex.upos, ex.xpos, ps.verb)
			for !c.terminal() {
				feats = sf.features(feats[:0], c)
				pc.score(feats, scores)
				best := -1
				// A transition's cost depends on its move, not its label:
				// three oracle calls per step, not one per class.
				moveCost := [3]int{-1, -1, -1}
				for class := range costs {
					costs[class] = -1
					if !ps.valid(c, class) {
						continue
					}
					move := 0
					switch {
					case class == shiftClass:
					case class <= L:
						move = 1
					default:
						move = 2
					}
					if moveCost[move] < 0 {
						moveCost[move] = cost(c, move, ex.gold)
					}
					k := moveCost[move]
					if move != 0 {
						s0 := c.stackAt(0)
						head := c.b
						if move == 2 {
							head = c.stackAt(1)
						}
						label := (class - 1) % L
						if ex.gold[s0] == head && label != ex.labels[s0] {
							k++
						}
					}
					costs[class] = k
					if best < 0 || k < best {
						best = k
					}
				}
				guess, truth := -1, -1
				for class, k := range costs {
					if k < 0 {
						continue
					}
					if guess < 0 || scores[class] > scores[guess] {
						guess = class
					}
					if k == best && (truth < 0 || scores[class] > scores[truth]) {
						truth = class
					}
				}
				if costs[guess] != best {
					pc.update(feats, truth, guess)
				}
				pc.tick()
				next := truth
				if epoch > 1 && rng.Float64() < explore {
					next = guess
				}
				ps.apply(c, next)
			}
		}
		rng.Shuffle(len(examples), func(i, j int) { examples[i], examples[j] = examples[j], examples[i] })
		if onEpoch != nil {
			ps.model = pc.average(0)
			onEpoch(epoch, ps)
		}
	}
	ps.model = pc.average(0)
	return ps, nil
}
