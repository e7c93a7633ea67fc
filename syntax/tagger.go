package syntax

import (
	"math/rand/v2"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tagger is a greedy left-to-right averaged-perceptron tagger in the
// style of Collins (2002) as popularised by Honnibal: word, affixes, shape,
// the two previous predicted tags and neighbouring words, plus a tag
// dictionary for frequent words that always take one tag. It runs two
// layers: UPOS, then Penn Treebank XPOS, which also sees the predicted
// UPOS of the words around it (so it looks right as well as left). The
// parser reads both; XPOS tells it VBN from VBD and TO from IN.
type tagger struct {
	upos, xpos tagLayer
}

// tagLayer is one tagging pass.
type tagLayer struct {
	tags    []string          // class number -> tag
	tagdict map[string]uint16 // frequent unambiguous form -> class
	model   *weights
}

// Tagger feature templates.
const (
	tfBias uint64 = iota + 1
	tfWord
	tfLower
	tfPre1
	tfPre2
	tfPre3
	tfSuf1
	tfSuf2
	tfSuf3
	tfShape
	tfPrev1
	tfPrev2
	tfPrev12
	tfPrev1Word
	tfPrevWord1
	tfPrevWord2
	tfNextWord1
	tfNextWord2
	tfPrevSuf
	tfNextSuf
	tfNextShape
	tfPrevShape
	tfFirst
	tfPrevWordWord
	tfWordNextWord
	tfSuf4
	tfPrev1NextWord
	tfWordNextSuf
	tfNext2Suf
	tfPrev1Suf
	tfNextPre1
	txU0
	txU1
	txU2
	txUm1
	txUm2
	txU0W
	txU0U1
	txUm1U0U1
	txU0Suf
)

// tagContext holds per-token hashes computed once per sentence.
type tagContext struct {
	lower, word, shape, pre1, pre2, pre3, suf1, suf2, suf3, suf4 []uint64
	first                                                        []bool
}

const (
	hashStart = 0x5354415254 // sentence padding before the first word
	hashEnd   = 0x454e44     // padding after the last word
	hashNone  = 0x4e4f4e45   // no tag / no token
)

func newTagContext(forms []string) *tagContext {
	n := len(forms)
	c := &tagContext{
		lower: make([]uint64, n), word: make([]uint64, n), shape: make([]uint64, n),
		pre1: make([]uint64, n), pre2: make([]uint64, n), pre3: make([]uint64, n),
		suf1: make([]uint64, n), suf2: make([]uint64, n), suf3: make([]uint64, n), suf4: make([]uint64, n),
		first: make([]bool, n),
	}
	for i, f := range forms {
		lw := normWord(f)
		c.word[i] = hashString(f)
		c.lower[i] = hashString(lw)
		c.shape[i] = hashString(wordShape(f))
		c.pre1[i] = hashString(prefix(lw, 1))
		c.pre2[i] = hashString(prefix(lw, 2))
		c.pre3[i] = hashString(prefix(lw, 3))
		c.suf1[i] = hashString(suffix(lw, 1))
		c.suf2[i] = hashString(suffix(lw, 2))
		c.suf3[i] = hashString(suffix(lw, 3))
		c.suf4[i] = hashString(suffix(lw, 4))
		c.first[i] = i == 0
	}
	return c
}

// normWord lowercases a form and folds numbers to classes, so "1,500" and
// "2.5" share weights.
func normWord(f string) string {
	digits, others := 0, 0
	for _, r := range f {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ',' || r == '.' || r == '-' || r == '/' || r == ':':
		default:
			others++
		}
	}
	if digits > 0 && others == 0 {
		if len(f) == 4 && digits == 4 {
			return "!YEAR"
		}
		return "!DIGITS"
	}
	return strings.ToLower(f)
}

// wordShape maps letters to X/x and digits to d, collapsing runs beyond
// two: "McCain" -> "XxXxx"... "Xxxx" style, bounded in length.
func wordShape(f string) string {
	var b strings.Builder
	var last rune
	run := 0
	for _, r := range f {
		var c rune
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLower(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		default:
			c = r
		}
		if c == last {
			run++
			if run >= 2 {
				continue
			}
		} else {
			run = 0
		}
		last = c
		b.WriteRune(c)
	}
	return b.String()
}

func prefix(s string, n int) string {
	i := 0
	for k := range s {
		if i == n {
			return s[:k]
		}
		i++
	}
	return s
}

func suffix(s string, n int) string {
	end := len(s)
	for i := 0; i < n && end > 0; i++ {
		_, size := utf8.DecodeLastRuneInString(s[:end])
		end -= size
	}
	return s[end:]
}

func (c *tagContext) at(h []uint64, i int) uint64 {
	if i < 0 {
		return hashStart
	}
	if i >= len(h) {
		return hashEnd
	}
	return h[i]
}

// features appends token i's feature keys given the previous two tags.
func (c *tagContext) features(dst []uint64, i int, prev1, prev2 uint64) []uint64 {
	w := c.lower[i]
	first := uint64(0)
	if c.first[i] {
		first = 1
	}
	return append(dst,
		feat1(tfBias, 0),
		feat1(tfWord, c.word[i]),
		feat1(tfLower, w),
		feat1(tfPre1, c.pre1[i]),
		feat1(tfPre2, c.pre2[i]),
		feat1(tfPre3, c.pre3[i]),
		feat1(tfSuf1, c.suf1[i]),
		feat1(tfSuf2, c.suf2[i]),
		feat1(tfSuf3, c.suf3[i]),
		feat1(tfShape, c.shape[i]),
		feat1(tfPrev1, prev1),
		feat1(tfPrev2, prev2),
		feat2(tfPrev12, prev1, prev2),
		feat2(tfPrev1Word, prev1, w),
		feat1(tfPrevWord1, c.at(c.lower, i-1)),
		feat1(tfPrevWord2, c.at(c.lower, i-2)),
		feat1(tfNextWord1, c.at(c.lower, i+1)),
		feat1(tfNextWord2, c.at(c.lower, i+2)),
		feat1(tfPrevSuf, c.at(c.suf3, i-1)),
		feat1(tfNextSuf, c.at(c.suf3, i+1)),
		feat1(tfNextShape, c.at(c.shape, i+1)),
		feat1(tfPrevShape, c.at(c.shape, i-1)),
		feat2(tfFirst, first, c.shape[i]),
		feat2(tfPrevWordWord, c.at(c.lower, i-1), w),
		feat2(tfWordNextWord, w, c.at(c.lower, i+1)),
		feat1(tfSuf4, c.suf4[i]),
		feat2(tfPrev1NextWord, prev1, c.at(c.lower, i+1)),
		feat2(tfWordNextSuf, w, c.at(c.suf3, i+1)),
		feat1(tfNext2Suf, c.at(c.suf3, i+2)),
		feat2(tfPrev1Suf, prev1, c.suf3[i]),
		feat1(tfNextPre1, c.at(c.pre1, i+1)),
	)
}

func tagHash(class int) uint64 {
	if class < 0 {
		return hashNone
	}
	return uint64(class) + 1
}

// uposFeatures appends the XPOS layer's features seeing predicted UPOS.
func (c *tagContext) uposFeatures(dst []uint64, i int, upos []int) []uint64 {
	u := func(k int) uint64 {
		if k < 0 {
			return hashStart
		}
		if k >= len(upos) {
			return hashEnd
		}
		return tagHash(upos[k])
	}
	return append(dst,
		feat1(txU0, u(i)), feat1(txU1, u(i+1)), feat1(txU2, u(i+2)),
		feat1(txUm1, u(i-1)), feat1(txUm2, u(i-2)),
		feat2(txU0W, u(i), c.lower[i]), feat2(txU0U1, u(i), u(i+1)),
		feat3(txUm1U0U1, u(i-1), u(i), u(i+1)), feat2(txU0Suf, u(i), c.suf3[i]),
	)
}

// run tags forms with one layer; upos, when set, is the UPOS the XPOS
// layer sees.
func (l *tagLayer) run(c *tagContext, forms []string, upos []int) []int {
	out := make([]int, len(forms))
	scores := make([]float32, len(l.tags))
	feats := make([]uint64, 0, 48)
	spans := make([]span, 0, 48)
	p1, p2 := -1, -1
	for i, f := range forms {
		class, ok := l.tagdict[f]
		if ok {
			out[i] = int(class)
		} else {
			feats = c.features(feats[:0], i, tagHash(p1), tagHash(p2))
			if upos != nil {
				feats = c.uposFeatures(feats, i, upos)
			}
			clear(scores)
			spans = l.model.score(feats, scores, spans)
			out[i] = argmax(scores, nil)
		}
		p2, p1 = p1, out[i]
	}
	return out
}

// tag predicts UPOS and XPOS classes for every form.
func (t *tagger) tag(forms []string) (upos, xpos []int) {
	c := newTagContext(forms)
	upos = t.upos.run(c, forms, nil)
	xpos = t.xpos.run(c, forms, upos)
	return upos, xpos
}

// names maps class numbers to tag strings.
func (l *tagLayer) names(classes []int) []string {
	out := make([]string, len(classes))
	for i, c := range classes {
		out[i] = l.tags[c]
	}
	return out
}

// tagSet lists the tags column picks from the words of sents, sorted.
func tagSet(sents []Sentence, column func(Word) string) []string {
	seen := map[string]bool{}
	var tags []string
	for _, s := range sents {
		for _, w := range s.Words {
			if tg := column(w); !seen[tg] {
				seen[tg] = true
				tags = append(tags, tg)
			}
		}
	}
	sort.Strings(tags)
	return tags
}

func uposOf(w Word) string { return w.UPOS }
func xposOf(w Word) string { return w.XPOS }

// trainTagger trains both layers on sents for the given epochs, shuffling
// with a fixed seed so runs are reproducible. uposTags and xposTags fix
// the class numbering. onEpoch, when set, is called with the averaged
// UPOS layer after each of its epochs.
func trainTagger(sents []Sentence, uposTags, xposTags []string, epochs int, seed uint64, onEpoch func(epoch int, l *tagLayer)) *tagger {
	t := &tagger{}
	t.upos = trainLayer(sents, uposTags, uposOf, nil, epochs, seed, onEpoch)
	// The XPOS layer learns from the UPOS layer's own predictions, as it
	// will see them at run time.
	predicted := make([][]int, len(sents))
	for i, s := range sents {
		f := forms(s)
		predicted[i] = t.upos.run(newTagContext(f), f, nil)
	}
	t.xpos = trainLayer(sents, xposTags, xposOf, predicted, epochs, seed+1, nil)
	return t
}

// trainLayer trains one tagging layer.
func trainLayer(sents []Sentence, tags []string, column func(Word) string, upos [][]int, epochs int, seed uint64, onEpoch func(epoch int, l *tagLayer)) tagLayer {
	tagIndex := indexOf(tags)
	l := tagLayer{tags: tags, tagdict: buildTagDict(sents, tagIndex, column)}
	p := newPerceptron(len(tags))
	order := make([]int, len(sents))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x746167676572))
	scores := make([]float32, len(tags))
	feats := make([]uint64, 0, 48)
	for epoch := 1; epoch <= epochs; epoch++ {
		for _, si := range order {
			s := sents[si]
			c := newTagContext(forms(s))
			p1, p2 := -1, -1
			for i, w := range s.Words {
				gold := tagIndex[column(w)]
				var guess int
				if class, ok := l.tagdict[w.Form]; ok {
					guess = int(class)
				} else {
					feats = c.features(feats[:0], i, tagHash(p1), tagHash(p2))
					if upos != nil {
						feats = c.uposFeatures(feats, i, upos[si])
					}
					p.score(feats, scores)
					guess = argmax(scores, nil)
					p.update(feats, gold, guess)
					p.tick()
				}
				p2, p1 = p1, guess
			}
		}
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		if onEpoch != nil {
			l.model = p.average(0)
			onEpoch(epoch, &l)
		}
	}
	l.model = p.average(0)
	return l
}

// buildTagDict lists forms seen at least 20 times with one tag at least
// 97% of the time: tagging them by lookup is faster and as accurate.
func buildTagDict(sents []Sentence, tagIndex map[string]int, column func(Word) string) map[string]uint16 {
	counts := map[string]map[int]int{}
	for _, s := range sents {
		for _, w := range s.Words {
			m := counts[w.Form]
			if m == nil {
				m = map[int]int{}
				counts[w.Form] = m
			}
			m[tagIndex[column(w)]]++
		}
	}
	dict := map[string]uint16{}
	for form, m := range counts {
		total, best, bestN := 0, 0, 0
		for tag, n := range m {
			total += n
			if n > bestN || (n == bestN && tag < best) {
				best, bestN = tag, n
			}
		}
		if total >= 20 && float64(bestN)/float64(total) >= 0.97 {
			dict[form] = uint16(best)
		}
	}
	return dict
}
