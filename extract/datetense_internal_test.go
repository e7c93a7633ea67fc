package extract

import (
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/syntax"
)

// TestTreeTense: the verdict on the verb a day word modifies, and no
// verdict where the tree cannot tell which way the day points.
func TestTreeTense(t *testing.T) {
	m, err := syntax.Load()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		sentence, day string
		want          treeVerdict
	}{
		{"Army officers said on Wednesday that the patrols will begin soon.", "Wednesday", tensePast},
		{"The convoy will cross the border on Wednesday.", "Wednesday", tenseFuture},
		{"The ship was towed to the port on Monday.", "Monday", tensePast},
		{"The exercises are to begin on Monday.", "Monday", tenseFuture},
		{"Both armies have pulled back from the ridge since Monday.", "Monday", tensePast},
		{"The two sides agreed to meet again on Monday.", "Monday", tenseUnsure},
		{"He said the troops would go home on Monday.", "Monday", tenseUnsure},
		{"The frigate leaves port on Monday.", "Monday", tenseUnsure},
	}
	for _, c := range cases {
		tr := m.Parse(c.sentence)
		at := strings.Index(c.sentence, c.day)
		tok := tr.HeadOf(syntax.Span{Start: at, End: at + len(c.day)})
		if tok < 0 {
			t.Fatalf("%q: no token for %q", c.sentence, c.day)
		}
		if got := treeTense(tr, tok); got != c.want {
			t.Errorf("%q: %q is %v, want %v", c.sentence, c.day, got, c.want)
		}
	}
}
