package syntax

import (
	"path/filepath"
	"testing"

	"github.com/newsgraph/newsgraph/internal/testenv"
)

// TestOracleReachesGold follows zero-cost transitions on every projective
// dev sentence: the dynamic oracle must rebuild the gold tree, and every
// configuration on the way must have a zero-cost transition.
func TestOracleReachesGold(t *testing.T) {
	sents, err := ReadCoNLLUFile(filepath.Join(testenv.UDDir(t), "dev.conllu"))
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, s := range sents {
		if !projective(s.Words) {
			continue
		}
		n := len(s.Words)
		gold := make([]int, n+1)
		for i, w := range s.Words {
			gold[i] = w.Head - 1
			if w.Head == 0 {
				gold[i] = n
			}
		}
		p := &parser{labels: []string{"dep", "root"}, root: 1}
		c := newConfig(n)
		for !c.terminal() {
			move := -1
			for m := 0; m < 3; m++ {
				class := []int{shiftClass, 1, 1 + len(p.labels)}[m]
				if c.b == c.n && m == 1 {
					class = 1 + p.root
				}
				if p.valid(c, class) && cost(c, m, gold) == 0 {
					move = class
					break
				}
			}
			if move < 0 {
				t.Fatalf("%s: no zero-cost transition with stack %v, buffer at %d", s.ID, c.stack, c.b)
			}
			p.apply(c, move)
		}
		for i := 0; i < n; i++ {
			if c.heads[i] != gold[i] {
				t.Fatalf("%s: word %d got head %d, gold %d", s.ID, i+1, c.heads[i], gold[i])
			}
		}
		checked++
	}
	if checked < 1000 {
		t.Fatalf("only %d projective sentences checked", checked)
	}
}
