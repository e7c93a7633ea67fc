package extract

import (
	"regexp"
	"strings"

	"github.com/newsgraph/newsgraph/syntax"
)

// A date without a year or direction ("on Wednesday", "on June 12") points
// back or forward by the tense of the verb it modifies. The word-window
// rules of recognise guess that verb from the words nearby, and a "will"
// of a neighbouring clause or a long place name between verb and date
// misleads them: "patrolling will begin shortly, Army sources said on
// Wednesday" is last Wednesday; "The boat arrived at the naval base on
// Garden Island on Tuesday, ..., and will be worked on" is last Tuesday.
// In a sentence that holds an event, the tree names the verb.

// retenseDates re-resolves the direction-free dates of sentence si by the
// tense of the verb each one modifies in the tree, where the tree is sure
// of it. It runs once per sentence, and only parses a sentence holding
// such a date.
func (an *analysis) retenseDates(si int) {
	if an.retensed[si] || an.art.Published.IsZero() {
		return
	}
	an.retensed[si] = true
	sent := an.doc.Sentences[si]
	text := an.doc.Text[sent.Start:sent.End]
	type pair struct{ past, future string }
	var byTense map[[2]int]pair
	for k, d := range an.dates[si] {
		if !d.Relative {
			continue
		}
		if byTense == nil {
			byTense = map[[2]int]pair{}
			future := an.datesOf(si, Future)
			for _, p := range an.datesOf(si, Past) {
				for _, f := range future {
					if f.Start == p.Start && f.End == p.End && f.Value != p.Value {
						byTense[[2]int{p.Start, p.End}] = pair{p.Value, f.Value}
					}
				}
			}
			if len(byTense) == 0 {
				return
			}
		}
		s, e := d.Start-sent.Start, d.End-sent.Start
		alt, ok := byTense[[2]int{s, e}]
		if !ok || d.Value != alt.past && d.Value != alt.future {
			continue // fixed by its own words ("next Friday"), or re-dated by the story
		}
		if reDirectedBefore.MatchString(lowerKeepOffsets(text[max(0, s-12):s])) {
			continue // "by Sept. 15", "since March": the word before says which way
		}
		if d.Value == alt.past && !futureCue(text) {
			continue // treeTense finds a future only by these words: the parse could not move it
		}
		t := an.sentenceTree(si)
		if t == nil {
			return
		}
		tok := t.HeadOf(syntax.Span{Start: s, End: e})
		if tok < 0 {
			continue
		}
		switch treeTense(t, tok) {
		case tensePast:
			an.dates[si][k].Value = alt.past
		case tenseFuture:
			an.dates[si][k].Value = alt.future
		}
	}
}

// reDirectedBefore: a preposition that fixes a date's direction itself.
var reDirectedBefore = regexp.MustCompile(`\b(?:by|until|till|before|since|deadline of)\s+$`)

// treeVerdict is what the tree says of a verb's time: past, future or
// nothing sure (a present, a bare infinitive, "would").
type treeVerdict int

const (
	tenseUnsure treeVerdict = iota
	tensePast
	tenseFuture
)

// treeTense is the tense of the verb that token i modifies: up through
// the nouns it attaches to ("on Tuesday" read as a modifier of "Garden
// Island") and the participles and conjuncts that share a governor's
// tense ("featuring ...", "left ... and handed over"), to the first verb
// with a tense of its own.
func treeTense(t *syntax.Tree, i int) treeVerdict {
	for range 12 {
		h := t.Tokens[i].Head
		if h < 0 {
			return tenseUnsure
		}
		v := t.Tokens[h]
		if v.UPOS != "VERB" {
			i = h
			continue
		}
		toMark, presentBe, pastAux, perfect, subject := false, false, false, false, false
		for _, c := range t.Children(h) {
			ct := t.Tokens[c]
			switch ct.Deprel {
			case "nsubj", "expl":
				subject = true
			case "aux", "aux:pass", "cop":
				switch ct.Lower {
				case "will", "shall", "'ll", "’ll", "wo":
					return tenseFuture
				case "would", "could", "might", "may", "should", "must", "can":
					return tenseUnsure
				case "is", "are", "am", "'re", "’re", "'s", "’s":
					presentBe = true
				case "has", "have", "had", "'ve", "’ve", "'d", "’d":
					perfect = true
				}
				if ct.XPOS == "VBD" {
					pastAux = true
				}
			case "mark":
				toMark = toMark || ct.Lower == "to"
			}
		}
		switch {
		case toMark && presentBe:
			return tenseFuture // "the drills are to include ... on Wednesday"
		case toMark:
			return tenseUnsure // "agreed to hold talks on Friday": either way
		case pastAux || v.XPOS == "VBD" || v.XPOS == "VBN" && (perfect || subject):
			return tensePast // a participle with a subject of its own is a past tense the tagger misread
		case presentBe || perfect || subject:
			return tenseUnsure
		case v.XPOS == "VBN" && v.Deprel == "acl":
			if reScheduled.MatchString(v.Lower) {
				return tenseUnsure // "a vote expected on Friday"
			}
			return tensePast // "an agreement signed on Feb. 8", "troops deployed on Friday"
		case v.XPOS == "VBG" || v.XPOS == "VBN" || v.Deprel == "conj":
			if v.Deprel == "acl:relcl" {
				return tenseUnsure // a relative clause has a time of its own
			}
			i = h // a participle or conjunct: its governor's tense
			continue
		}
		return tenseUnsure
	}
	return tenseUnsure
}

// clauseHead is the verb whose clause token i stands in: i itself, or the
// first verb up the tree from it.
func clauseHead(t *syntax.Tree, i int) int {
	for range 12 {
		if i < 0 || t.Tokens[i].UPOS == "VERB" {
			return i
		}
		i = t.Tokens[i].Head
	}
	return -1
}

// dateOfOtherConjunct reports a date the tree attaches to a clause
// coordinated with the trigger's that has a subject of its own: in "US
// Marines have left Camp Blaz, and joint drills will start there on
// Wednesday" the day is the drills', not the departure's. A date on a
// clause that governs the trigger's, or on the trigger's own, is not
// another conjunct's; where the tree is unsure, the date stays.
func (an *analysis) dateOfOtherConjunct(si int, lower string, h triggerHit, s, e int) bool {
	lo, hi := min(h.end, s), max(h.start, e)
	if lo >= hi || !reConjunction.MatchString(lower[lo:hi]) {
		return false // nothing between them could start another clause
	}
	t := an.sentenceTree(si)
	if t == nil {
		return false
	}
	p := clauseHead(t, t.HeadOf(syntax.Span{Start: h.start, End: h.end}))
	v := clauseHead(t, t.HeadOf(syntax.Span{Start: s, End: e}))
	if p < 0 || v < 0 || p == v || t.Dominates(v, p) {
		return false
	}
	subjects := t.ChildrenWith(v, "nsubj", "nsubj:pass", "expl")
	if len(subjects) == 0 {
		return false
	}
	switch t.Tokens[v].Deprel {
	case "conj":
		return true
	case "ccomp", "parataxis":
		// The parser at times labels ", and drills will start" a complement
		// of the first verb; the coordinator hung on the clause or on its
		// subject shows it is a conjunct all the same.
		return len(t.ChildrenWith(v, "cc")) > 0 || len(t.ChildrenWith(subjects[0], "cc")) > 0
	}
	return false
}

// reConjunction: a coordinator that may join a clause with a subject of
// its own.
var reConjunction = regexp.MustCompile(`\s(?:and|but|or|yet)\s`)

// futureCue reports whether a sentence holds a token treeTense reads as
// future: a future auxiliary, or "to" beside a present "be" ("are to
// include"). Without one the tree can only confirm a past reading or leave
// it, so the sentence need not be parsed (parsing is the costly step).
func futureCue(sentence string) bool {
	to, presentBe := false, false
	for _, tok := range syntax.Tokenize(sentence) {
		switch strings.ToLower(tok.Form) {
		case "will", "shall", "'ll", "’ll", "wo":
			return true
		case "to":
			to = true
		case "is", "are", "am", "'re", "’re", "'s", "’s":
			presentBe = true
		}
	}
	return to && presentBe
}
