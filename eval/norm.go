package eval

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold normalises a name for comparison exactly as the reference scorer
// (shared/realdev/score.py, norm) does, so both count the same matches:
// compatibility decomposition with the combining marks dropped, lower
// case, apostrophes removed, every other run of characters outside a-z and
// 0-9 turned into one space, and a leading "the" dropped. "U.S." folds to
// "u s", not "us": gold files list both spellings.
func Fold(s string) string {
	var sb strings.Builder
	space := false
	for _, r := range norm.NFKD.String(s) {
		if norm.NFKD.PropertiesString(string(r)).CCC() != 0 {
			continue
		}
		r = unicode.ToLower(r)
		switch {
		case r == '\'' || r == '\u2019':
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if space && sb.Len() > 0 {
				sb.WriteByte(' ')
			}
			space = false
			sb.WriteRune(r)
		default:
			space = true
		}
	}
	return strings.TrimPrefix(sb.String(), "the ")
}
