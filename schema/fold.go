package schema

import (
	"strings"
	"unicode"
)

// FoldName normalises a name for comparison: lower case, common Latin
// diacritics removed, punctuation and hyphens turned into spaces, spaces
// collapsed. "Ain al-Asad" and "AIN AL ASAD" fold to the same string, and
// "Kościuszko" matches "Kosciuszko". The name index's keys
// (graph.NameIndex) and the name keys of older stores (NameKey) are
// folded names, so changing this function changes the keys: the name
// index's version must then change too (a rebuild), and older stores be
// re-ingested with --force.
func FoldName(s string) string {
	var b strings.Builder
	space := true
	for _, r := range strings.ToLower(s) {
		if d, ok := diacritics[r]; ok {
			r = d
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			space = false
			continue
		}
		if r == '\'' || r == '’' || r == '.' {
			// "Da'esh" = "Daesh", "U.S." = "US".
			continue
		}
		if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSpace(b.String())
}

var diacritics = map[rune]rune{
	'á': 'a', 'à': 'a', 'â': 'a', 'ä': 'a', 'ã': 'a', 'å': 'a', 'ą': 'a', 'ā': 'a',
	'ç': 'c', 'ć': 'c', 'č': 'c',
	'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e', 'ę': 'e', 'ē': 'e', 'ě': 'e',
	'í': 'i', 'ì': 'i', 'î': 'i', 'ï': 'i', 'ı': 'i', 'ī': 'i',
	'ł': 'l', 'ñ': 'n', 'ń': 'n', 'ň': 'n',
	'ó': 'o', 'ò': 'o', 'ô': 'o', 'ö': 'o', 'õ': 'o', 'ø': 'o', 'ō': 'o',
	'ś': 's', 'š': 's', 'ş': 's', 'ß': 's',
	'ú': 'u', 'ù': 'u', 'û': 'u', 'ü': 'u', 'ū': 'u', 'ů': 'u',
	'ý': 'y', 'ÿ': 'y', 'ź': 'z', 'ż': 'z', 'ž': 'z', 'ğ': 'g', 'ř': 'r', 'đ': 'd',
}
