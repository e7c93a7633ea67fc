package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// lowerKeepOffsets lowercases s without changing its length, so offsets
// found in the result index s itself. strings.ToLower does not keep them:
// "İ" (2 bytes) becomes "i̇" (3), "K" (the Kelvin sign, 3 bytes) becomes
// "k" (1), and every invalid byte becomes U+FFFD (3). Such runes and bytes
// are kept as they are.
func lowerKeepOffsets(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if l := unicode.ToLower(r); r != utf8.RuneError && utf8.RuneLen(l) == size {
			b.WriteRune(l)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
