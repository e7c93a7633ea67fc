package syntax

import "fmt"

// Scores are accuracies on a treebank with gold tokenisation and
// predicted tags, punctuation included (the CoNLL 2018 way).
type Scores struct {
	Sentences, Words int
	UPOS, UAS, LAS   float64 // percentages
}

func (s Scores) String() string {
	return fmt.Sprintf("sentences %d, words %d: UPOS %.2f%%, UAS %.2f%%, LAS %.2f%%", s.Sentences, s.Words, s.UPOS, s.UAS, s.LAS)
}

// Evaluate tags and parses the gold-tokenised sentences and scores the
// result against their gold annotation.
func (m *Model) Evaluate(sents []Sentence) Scores {
	var sc Scores
	var upos, uas, las int
	for _, s := range sents {
		forms := make([]string, len(s.Words))
		for i, w := range s.Words {
			forms[i] = w.Form
		}
		tags, _, heads, labels := m.analyse(forms)
		for i, w := range s.Words {
			sc.Words++
			if tags[i] == w.UPOS {
				upos++
			}
			if heads[i] == w.Head {
				uas++
				if labels[i] == w.Deprel {
					las++
				}
			}
		}
		sc.Sentences++
	}
	if sc.Words > 0 {
		n := float64(sc.Words)
		sc.UPOS, sc.UAS, sc.LAS = 100*float64(upos)/n, 100*float64(uas)/n, 100*float64(las)/n
	}
	return sc
}

// analyse tags and parses gold-tokenised forms.
func (m *Model) analyse(forms []string) (upos, xpos []string, heads []int, labels []string) {
	if len(forms) == 0 {
		return nil, nil, nil, nil
	}
	u, x := m.tagger.tag(forms)
	heads, labels = m.parser.parse(forms, u, x)
	return m.tagger.upos.names(u), m.tagger.xpos.names(x), heads, labels
}
