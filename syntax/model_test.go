package syntax

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// tinyTreebank is a few sentences of our own in CoNLL-U.
const tinyTreebank = `# sent_id = 1
1	Troops	troop	NOUN	NNS	_	2	nsubj	_	_
2	left	leave	VERB	VBD	_	0	root	_	_
3	the	the	DET	DT	_	4	det	_	_
4	base	base	NOUN	NN	_	2	obj	_	_
5	.	.	PUNCT	.	_	2	punct	_	_

# sent_id = 2
1	The	the	DET	DT	_	2	det	_	_
2	army	army	NOUN	NN	_	3	nsubj	_	_
3	closed	close	VERB	VBD	_	0	root	_	_
4-5	its	_	_	_	_	_	_	_	_
4	it	it	PRON	PRP	_	6	nmod:poss	_	_
5	s	s	PART	POS	_	4	case	_	_
6	camp	camp	NOUN	NN	_	3	obj	_	_
6.1	x	x	X	X	_	_	_	_	_
7	on	on	ADP	IN	_	8	case	_	_
8	Friday	Friday	PROPN	NNP	_	3	obl	_	_
9	.	.	PUNCT	.	_	3	punct	_	_
`

func TestReadCoNLLUSkipsRangesAndEmptyNodes(t *testing.T) {
	sents, err := ReadCoNLLU(strings.NewReader(tinyTreebank))
	if err != nil {
		t.Fatal(err)
	}
	if len(sents) != 2 || len(sents[1].Words) != 9 || sents[1].Words[3].Form != "it" || sents[1].Words[7].Head != 3 {
		t.Fatalf("read %+v", sents)
	}
	if _, err := ReadCoNLLU(strings.NewReader("1\tA\ta\tX\n")); err == nil {
		t.Error("4 columns read without error")
	}
	if _, err := ReadCoNLLU(strings.NewReader("2\tA\ta\tX\tX\t_\t0\troot\t_\t_\n")); err == nil {
		t.Error("ID out of sequence read without error")
	}
}

func FuzzReadCoNLLU(f *testing.F) {
	f.Add(tinyTreebank)
	f.Fuzz(func(t *testing.T, s string) {
		sents, err := ReadCoNLLU(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, sent := range sents {
			if len(sent.Words) == 0 {
				t.Fatal("empty sentence returned")
			}
		}
	})
}

// TestModelRoundTrip trains on the tiny treebank, writes the model and
// reads it back: the decoded model must parse like the trained one.
func TestModelRoundTrip(t *testing.T) {
	sents, ut, xt, tg, upos, xpos := tinyTagged(t)
	ps, err := trainParser(context.Background(), sents, upos, xpos, verbClass(ut), 5, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := &Model{tagger: tg, parser: ps}
	dir := t.TempDir()
	path, err := m.writeFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	back, err := LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sc := m.Evaluate(sents)
	if sc.UAS < 100 || sc.UPOS < 100 {
		t.Errorf("trained model does not fit its own 2 training sentences: %s", sc)
	}
	for _, s := range sents {
		a1, x1, h1, l1 := m.analyse(forms(s))
		a2, x2, h2, l2 := back.analyse(forms(s))
		if !reflect.DeepEqual(a1, a2) || !reflect.DeepEqual(x1, x2) || !reflect.DeepEqual(h1, h2) || !reflect.DeepEqual(l1, l2) {
			t.Errorf("decoded model differs on %v: %v %v %v %v vs %v %v %v %v", forms(s), a1, x1, h1, l1, a2, x2, h2, l2)
		}
	}
	// Training is deterministic: a second run writes the same bytes.
	ps2, err := trainParser(context.Background(), sents, upos, xpos, verbClass(ut), 5, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	m2 := &Model{tagger: trainTagger(sents, ut, xt, 5, 1, nil), parser: ps2}
	path2, err := m2.writeFile(filepath.Join(dir, "again"))
	if err != nil {
		t.Fatal(err)
	}
	b1, _ := os.ReadFile(path)
	b2, _ := os.ReadFile(path2)
	if !bytes.Equal(b1, b2) {
		t.Error("two training runs with one seed wrote different models")
	}
	// A corrupt or foreign file is an error, not a panic.
	for _, bad := range [][]byte{nil, []byte("not gzip"), b1[:len(b1)/2]} {
		if _, err := decodeModel(bytes.NewReader(bad), gzipSize(bad)); err == nil {
			t.Errorf("decoding %d bad bytes gave no error", len(bad))
		}
	}
}

func TestProjectivize(t *testing.T) {
	// Heads are 1-based, 0 for the root; a crossing arc's dependent moves
	// up to its head's head until nothing crosses.
	tests := []struct {
		heads, want []int
	}{
		{[]int{2, 0, 2}, []int{2, 0, 2}},                   // already projective
		{[]int{2, 4, 4, 0, 2}, []int{2, 4, 4, 0, 4}},       // 5's head 2 lifted to 4
		{[]int{2, 3, 0, 3, 1, 3}, []int{2, 3, 0, 3, 3, 3}}, // 5's head 1 lifted twice
	}
	for _, tt := range tests {
		words := make([]Word, len(tt.heads))
		for i, h := range tt.heads {
			words[i] = Word{Form: "w", Head: h}
		}
		got := projectivize(words)
		var heads []int
		for _, w := range got {
			heads = append(heads, w.Head)
		}
		if !reflect.DeepEqual(heads, tt.want) || !projective(got) {
			t.Errorf("projectivize(%v) = %v, want %v", tt.heads, heads, tt.want)
		}
		if words[len(words)-1].Head != tt.heads[len(tt.heads)-1] {
			t.Error("projectivize changed its input")
		}
	}
}

// tinyTagged reads the tiny treebank and tags it with a tagger trained on
// it: what the parser tests train on.
func tinyTagged(t *testing.T) (sents []Sentence, ut, xt []string, tg *tagger, upos, xpos [][]int) {
	t.Helper()
	sents, err := ReadCoNLLU(strings.NewReader(tinyTreebank))
	if err != nil {
		t.Fatal(err)
	}
	ut, xt = tagSet(sents, uposOf), tagSet(sents, xposOf)
	tg = trainTagger(sents, ut, xt, 5, 1, nil)
	for _, s := range sents {
		u, x := tg.tag(forms(s))
		upos, xpos = append(upos, u), append(xpos, x)
	}
	return sents, ut, xt, tg, upos, xpos
}
