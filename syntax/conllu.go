package syntax

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// Word is one syntactic word of a CoNLL-U sentence.
type Word struct {
	Form   string
	UPOS   string
	XPOS   string
	Head   int // 0 is the root; words count from 1
	Deprel string
}

// Sentence is one CoNLL-U sentence; multiword-token ranges and empty nodes
// are left out, so Words[i] has ID i+1.
type Sentence struct {
	ID    string
	Words []Word
}

// ReadCoNLLUFile reads every sentence of a CoNLL-U file.
func ReadCoNLLUFile(path string) ([]Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("conllu: %w", err)
	}
	defer f.Close()
	sents, err := ReadCoNLLU(f)
	if err != nil {
		return nil, fmt.Errorf("conllu %s: %w", path, err)
	}
	return sents, nil
}

// ReadCoNLLU reads CoNLL-U sentences, skipping multiword-token ranges
// ("3-4") and empty nodes ("5.1"), whose IDs are not word IDs.
func ReadCoNLLU(r io.Reader) ([]Sentence, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var out []Sentence
	var cur Sentence
	line := 0
	flush := func() {
		if len(cur.Words) > 0 {
			out = append(out, cur)
		}
		cur = Sentence{}
	}
	for sc.Scan() {
		line++
		text := sc.Text()
		if text == "" {
			flush()
			continue
		}
		if strings.HasPrefix(text, "#") {
			if id, ok := strings.CutPrefix(text, "# sent_id = "); ok {
				cur.ID = id
			}
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) != 10 {
			return nil, fmt.Errorf("line %d: %d columns, want 10", line, len(cols))
		}
		if strings.ContainsAny(cols[0], "-.") {
			continue
		}
		id, err := strconv.Atoi(cols[0])
		if err != nil || id != len(cur.Words)+1 {
			return nil, fmt.Errorf("line %d: word ID %q out of sequence", line, cols[0])
		}
		head, err := strconv.Atoi(cols[6])
		if err != nil {
			return nil, fmt.Errorf("line %d: head %q: %w", line, cols[6], err)
		}
		cur.Words = append(cur.Words, Word{Form: cols[1], UPOS: cols[3], XPOS: cols[4], Head: head, Deprel: cols[7]})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	flush()
	return out, nil
}

// projective reports whether the gold tree has no crossing arcs.
func projective(words []Word) bool {
	for i, w := range words {
		d := i + 1
		lo, hi := min(d, w.Head), max(d, w.Head)
		for j, v := range words {
			e := j + 1
			if e > lo && e < hi && (v.Head < lo || v.Head > hi) {
				return false
			}
		}
	}
	return true
}

// projectivize returns the words with non-projective arcs lifted: the
// dependent of the shortest crossing arc moves up to its head's head until
// no arc crosses (Nivre & Nilsson 2005, without their label encoding), so
// the parser also learns from the few non-projective training trees. It
// returns nil when that would need a second root.
func projectivize(words []Word) []Word {
	out := make([]Word, len(words))
	copy(out, words)
	for steps := 0; steps <= 2*len(out); steps++ {
		best, bestLen := -1, 0
		for i, w := range out {
			if w.Head == 0 || arcProjective(out, i) {
				continue
			}
			d := i + 1
			if l := max(d, w.Head) - min(d, w.Head); best < 0 || l < bestLen {
				best, bestLen = i, l
			}
		}
		if best < 0 {
			return out
		}
		up := out[out[best].Head-1].Head
		if up == 0 {
			return nil
		}
		out[best].Head = up
	}
	return nil
}

// arcProjective reports whether every word strictly between word i
// (0-based) and its head is dominated by that head.
func arcProjective(words []Word, i int) bool {
	d, h := i+1, words[i].Head
	for e := min(d, h) + 1; e < max(d, h); e++ {
		k := e
		for steps := 0; k != 0 && k != h && steps <= len(words); steps++ {
			k = words[k-1].Head
		}
		if k != h {
			return false
		}
	}
	return true
}
