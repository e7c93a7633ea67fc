package extract

import (
	"slices"
	"strings"
)

// EventWord is one event trigger found in a short text such as a
// question; Start and End are byte offsets into that text.
type EventWord struct {
	Type       string
	Start, End int
}

// EventWords finds the words of the event trigger lexicons in text, with
// the event type each names, without the context checks an article's
// sentence needs ("left" needs a base after it in prose; in "which bases
// did Russia leave?" the base is the question's object). Overlapping
// finds keep the longest, so a question names an event with the same
// words, and the same types, as the extractor reads in articles.
func EventWords(text string) []EventWord {
	lower := strings.ToLower(text)
	var found []EventWord
	for _, t := range triggers {
		for _, loc := range t.re.FindAllStringSubmatchIndex(lower, -1) {
			found = append(found, EventWord{Type: t.typ, Start: loc[0], End: loc[1]})
		}
	}
	slices.SortStableFunc(found, func(a, b EventWord) int {
		if la, lb := a.End-a.Start, b.End-b.Start; la != lb {
			return lb - la
		}
		return a.Start - b.Start
	})
	var out []EventWord
	for _, w := range found {
		if !slices.ContainsFunc(out, func(o EventWord) bool { return w.Start < o.End && o.Start < w.End }) {
			out = append(out, w)
		}
	}
	slices.SortFunc(out, func(a, b EventWord) int { return a.Start - b.Start })
	return out
}
