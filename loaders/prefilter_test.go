package loaders

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/testenv"
)

// prefilterEdges sit at the edges of case folding, of the needles and of
// the phone number's length.
var prefilterEdges = []string{
	"", "©", "© 2025 Example Media", "(C) Example", "COPYRIGHT 2024", "All Rights Reserved.",
	"We use COOKIES to improve your experience. By continuing you agree.", "cooKie policy: accept",
	"Sign up for our newsletter", "SIGNING UP TO the daily alerts", "Subscribe To Our channel",
	"Privacy Policy", "Terms of Service", "terms and conditions", "Enable JavaScript", "JavaScript is disabled",
	"Upgrade your browser", "Your browser doesn't support video", "Download our app", "Follow us on X",
	"Click here", "Reproduction in whole or in part is prohibited", "ſubſcribe to our list", "Ƙ",
	"Call +1 (202) 555-0100", "12345678", "1234567890", "123456789", "1 2 3 4 5", "1-2-3-4-5",
	"(555) 010-0199", "in 2019 and 2020", "2019-2020-2021", "1234567890x", "x 1234 5678 9", "١٢٣٤٥٦٧٨٩٠١٢",
	"press@example.com", "a@b", "the talks (1991 - 1994)", "1999 - 2004 - 2010",
}

// prefilterTexts are the edge cases, and every block and line of the
// test articles and of the loaders' dump test files, with windows of them
// so that matches at the edges of a text count.
func prefilterTexts(t *testing.T) []string {
	t.Helper()
	files := testenv.Articles(t)
	more, err := filepath.Glob(filepath.Join("testdata", "dump", "*"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, more...)
	texts := append([]string(nil), prefilterEdges...)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s := string(data)
		pieces := append(splitBlocks(s), strings.Split(s, "\n")...)
		for _, p := range pieces {
			texts = append(texts, p)
			for i := 0; i < len(p); i += 5 {
				texts = append(texts, p[i:min(len(p), i+30)])
			}
		}
	}
	if len(texts) < 1000 {
		t.Fatalf("want test texts, found %d", len(texts))
	}
	return texts
}

func TestLoaderPrefilters(t *testing.T) {
	for _, s := range prefilterTexts(t) {
		if boilerplate.MatchString(s) && !mayBeBoilerplate(s) {
			t.Errorf("the boilerplate prefilter skips %q, which the expression matches", s)
		}
		if got, want := hasPhoneNumber(s), phoneRe.MatchString(s); got != want {
			t.Errorf("hasPhoneNumber(%q) = %v, phoneRe matches: %v", s, got, want)
		}
		if got, want := stripFootnotes(s), strings.TrimSpace(footnote.ReplaceAllString(s, "$1")); got != want {
			t.Errorf("stripFootnotes(%q) = %q, the expression gives %q", s, got, want)
		}
	}
}

// The prefilter must also rule texts out, or it saves nothing.
func TestLoaderPrefiltersRuleOut(t *testing.T) {
	for _, c := range []struct {
		text        string
		boilerplate bool
		phone       bool
	}{
		{"Troops left the base on Tuesday, officials said.", false, false},
		{"© 2025 Example Media", true, false},
		{"Call +1 (202) 555-0100 for details", false, true},
		{"The 2019 agreement ran until 2024.", false, false},
	} {
		if got := mayBeBoilerplate(c.text); got != c.boilerplate {
			t.Errorf("mayBeBoilerplate(%q) = %v, want %v", c.text, got, c.boilerplate)
		}
		if got := hasPhoneNumber(c.text); got != c.phone {
			t.Errorf("hasPhoneNumber(%q) = %v, want %v", c.text, got, c.phone)
		}
	}
}

func TestWordCountUpTo(t *testing.T) {
	for _, s := range append(prefilterEdges, "", "  ", "one", " one  two\tthree\n", "a\u00a0b\u2003c", "x\xffy z") {
		all := len(strings.Fields(s))
		if got := wordCount(s); got != all {
			t.Errorf("wordCount(%q) = %d, want %d", s, got, all)
		}
		for _, limit := range []int{0, 1, 2, 5, 60} {
			if got, want := wordCountUpTo(s, limit), min(all, limit); got != want {
				t.Errorf("wordCountUpTo(%q, %d) = %d, want %d", s, limit, got, want)
			}
		}
	}
}
