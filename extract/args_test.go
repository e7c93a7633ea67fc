package extract

import "testing"

// TestScopeCueTokensAreNecessary checks the condition under which
// applyTree skips the parse: wherever the parse of a sentence of the test
// articles or the seed denies a predicate with a cue applyTree accepts, or
// makes it hypothetical, scopeCueTokens must have seen the cue.
func TestScopeCueTokensAreNecessary(t *testing.T) {
	p, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	if p.syn == nil {
		t.Skip("no syntax model in this build")
	}
	cued := 0
	for _, s := range prefilterTexts(t) {
		tree := p.syn.Parse(s)
		for pred := range tree.Tokens {
			args := tree.Arguments(pred)
			if !(args.Negated && reTreeDenial.MatchString(args.NegationCue) || args.Hypothetical) {
				continue
			}
			cued++
			if !scopeCueTokens(s) {
				t.Fatalf("%q: the parse finds a cue (negation %q, hypothetical %q) the tokens do not show", s, args.NegationCue, args.HypotheticalCue)
			}
		}
	}
	if cued == 0 {
		t.Error("no sentence has a cue: the test checks nothing")
	}
	t.Logf("%d predicates with a cue", cued)
}
