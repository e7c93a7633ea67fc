package syntax

import (
	"sort"
	"strconv"
	"strings"
)

// Token is one token of a parsed sentence.
type Token struct {
	// Index is the token's position in Tree.Tokens.
	Index int
	Form  string
	// Lower is the form lowercased (no lemmatisation beyond that).
	Lower string
	// UPOS is the predicted universal part of speech ("NOUN", "VERB", ...).
	UPOS string
	// XPOS is the predicted Penn Treebank tag ("VBN", "VBG", "NNP", ...).
	XPOS string
	// Head is the index of the token's syntactic head, -1 for the root.
	Head int
	// Deprel is the UD relation to the head, with subtype ("nsubj:pass",
	// "obl:tmod"); "root" for the root.
	Deprel string
	// Start and End are the token's byte span in the parsed sentence.
	Start, End int
}

// Span returns the token's byte span.
func (t Token) Span() Span { return Span{t.Start, t.End} }

// Tree is a dependency tree over one sentence.
type Tree struct {
	// Text is the sentence the byte spans refer to.
	Text     string
	Tokens   []Token
	children [][]int
}

// Parse tokenises, tags and parses one English sentence.
func (m *Model) Parse(sentence string) *Tree {
	toks := Tokenize(sentence)
	forms := make([]string, len(toks))
	for i, t := range toks {
		forms[i] = t.Form
	}
	return m.build(sentence, toks, forms)
}

// ParseTokens tags and parses an already tokenised sentence (gold
// tokenisation, as for evaluation); the tree's Text is the forms joined
// by single spaces and the spans refer to it.
func (m *Model) ParseTokens(forms []string) *Tree {
	toks := make([]Token, len(forms))
	var b strings.Builder
	for i, f := range forms {
		if i > 0 {
			b.WriteByte(' ')
		}
		toks[i] = Token{Index: i, Form: f, Start: b.Len(), End: b.Len() + len(f)}
		b.WriteString(f)
	}
	return m.build(b.String(), toks, forms)
}

func (m *Model) build(text string, toks []Token, forms []string) *Tree {
	t := &Tree{Text: text, Tokens: toks, children: make([][]int, len(toks))}
	if len(toks) == 0 {
		return t
	}
	tags, xtags, heads, labels := m.analyse(forms)
	for i := range t.Tokens {
		tok := &t.Tokens[i]
		tok.Lower = strings.ToLower(tok.Form)
		tok.UPOS = tags[i]
		tok.XPOS = xtags[i]
		tok.Head = heads[i] - 1
		tok.Deprel = labels[i]
		if tok.Head >= 0 {
			t.children[tok.Head] = append(t.children[tok.Head], i)
		}
	}
	return t
}

// Root returns the index of the root token, -1 for an empty tree.
func (t *Tree) Root() int {
	for i, tok := range t.Tokens {
		if tok.Head < 0 {
			return i
		}
	}
	return -1
}

// Children returns the dependents of token i in sentence order.
func (t *Tree) Children(i int) []int {
	if i < 0 || i >= len(t.children) {
		return nil
	}
	return t.children[i]
}

// ChildrenWith returns the dependents of token i whose relation is one of
// deprels; a relation without subtype ("obl") also matches its subtypes
// ("obl:tmod").
func (t *Tree) ChildrenWith(i int, deprels ...string) []int {
	var out []int
	for _, c := range t.Children(i) {
		if relIn(t.Tokens[c].Deprel, deprels) {
			out = append(out, c)
		}
	}
	return out
}

// relIn reports whether rel is one of rels, a bare relation matching its
// subtypes.
func relIn(rel string, rels []string) bool {
	base, _, _ := strings.Cut(rel, ":")
	for _, r := range rels {
		if r == rel || r == base {
			return true
		}
	}
	return false
}

// Subtree returns token i and everything it dominates, in sentence order.
func (t *Tree) Subtree(i int) []int {
	if i < 0 || i >= len(t.Tokens) {
		return nil
	}
	var out []int
	var walk func(int)
	walk = func(k int) {
		out = append(out, k)
		for _, c := range t.children[k] {
			walk(c)
		}
	}
	walk(i)
	sort.Ints(out)
	return out
}

// SubtreeSpan returns the byte span from the first to the last token of
// token i's subtree.
func (t *Tree) SubtreeSpan(i int) Span {
	sub := t.Subtree(i)
	if len(sub) == 0 {
		return Span{}
	}
	return Span{t.Tokens[sub[0]].Start, t.Tokens[sub[len(sub)-1]].End}
}

// TokenAt returns the index of the token covering byte offset off, or -1.
func (t *Tree) TokenAt(off int) int {
	for i, tok := range t.Tokens {
		if off >= tok.Start && off < tok.End {
			return i
		}
	}
	return -1
}

// TokensIn returns the tokens overlapping the byte span sp, in order.
func (t *Tree) TokensIn(sp Span) []int {
	var out []int
	for i, tok := range t.Tokens {
		if tok.Start < sp.End && tok.End > sp.Start {
			out = append(out, i)
		}
	}
	return out
}

// HeadOf returns the token of span sp that is highest in the tree (the
// head of a multi-token mention such as "Camp Arena"), or -1.
func (t *Tree) HeadOf(sp Span) int {
	toks := t.TokensIn(sp)
	best, bestDepth := -1, 0
	for _, i := range toks {
		d := t.depth(i)
		if best < 0 || d < bestDepth {
			best, bestDepth = i, d
		}
	}
	return best
}

// depth is the number of arcs from token i up to the root.
func (t *Tree) depth(i int) int {
	d := 0
	for k := t.Tokens[i].Head; k >= 0 && d <= len(t.Tokens); k = t.Tokens[k].Head {
		d++
	}
	return d
}

// Dominates reports whether token a is an ancestor of token b (or b).
func (t *Tree) Dominates(a, b int) bool {
	for k, steps := b, 0; k >= 0 && steps <= len(t.Tokens); k, steps = t.Tokens[k].Head, steps+1 {
		if k == a {
			return true
		}
	}
	return false
}

// String renders the tree in CoNLL-U-like lines (ID, form, UPOS, head,
// deprel), for debugging and golden files.
func (t *Tree) String() string {
	var b strings.Builder
	for i, tok := range t.Tokens {
		b.WriteString(strconv.Itoa(i + 1))
		b.WriteByte('\t')
		b.WriteString(tok.Form)
		b.WriteByte('\t')
		b.WriteString(tok.UPOS)
		b.WriteByte('\t')
		b.WriteString(strconv.Itoa(tok.Head + 1))
		b.WriteByte('\t')
		b.WriteString(tok.Deprel)
		b.WriteByte('\n')
	}
	return b.String()
}
