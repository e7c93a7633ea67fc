package loaders

import "strings"

// The dump loader tries a few unanchored expressions on every block of a
// page, prose paragraphs included, and the regexp engine steps through
// each block position by position. The checks below are necessary
// conditions that plain string scans decide far more cheaply; a block
// that fails one cannot match, so the expression is run only on blocks
// that pass, and what is loaded does not change (prefilter_test.go checks
// each against its expression).

// boilerplateNeedles are words of which every match of boilerplate
// contains one, ASCII-lowercased.
var boilerplateNeedles = []string{
	"all rights reserved", "cookie", "sign", "subscribe to", "privacy policy", "terms ",
	"javascript", "your browser", "download", "follow us on", "click here", "reproduction",
	"©", "(c)", "copyright",
}

// mayBeBoilerplate is false only where boilerplate cannot match b.
func mayBeBoilerplate(b string) bool { return containsFolded(b, boilerplateNeedles) }

// isBoilerplate is boilerplate.MatchString(b).
func isBoilerplate(b string) bool { return mayBeBoilerplate(b) && boilerplate.MatchString(b) }

// containsFolded reports whether s may contain one of needles (lowercase)
// as a case-insensitive expression reads it. Lowercasing maps every ASCII
// letter and the Kelvin sign onto the needles' letters; the long s, which
// (?i) also takes for an s, keeps its own lowercase, so a text with one
// is always passed on to the engine.
func containsFolded(s string, needles []string) bool {
	if strings.Contains(s, "\u017f") {
		return true
	}
	lower := strings.ToLower(s)
	for _, n := range needles {
		if strings.Contains(lower, n) {
			return true
		}
	}
	return false
}

// hasPhoneNumber is phoneRe.MatchString(s) (`\+?\d[\d ()-]{8,}\d`): a
// run of digits, spaces, brackets and hyphens whose first and last digit
// are at least nine bytes apart. The optional plus changes no answer.
func hasPhoneNumber(s string) bool {
	first := -1 // the first digit of the current run
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			if first < 0 {
				first = i
			} else if i-first >= 9 {
				return true
			}
		case c == ' ' || c == '(' || c == ')' || c == '-':
		default:
			first = -1
		}
	}
	return false
}
