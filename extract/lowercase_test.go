package extract

import (
	"strings"
	"testing"
)

func TestLowerKeepOffsets(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"US Troops LEFT", "us troops left"},
		{"Ürümqi ÇAĞ", "ürümqi çağ"},
		{"İncirlik", "İncirlik"},           // "i̇" is a byte longer
		{"\u212a-9 unit", "\u212a-9 unit"}, // the Kelvin sign's "k" is two bytes shorter
		{"A\xffB\x8d", "a\xffb\x8d"},       // invalid bytes stay, not U+FFFD
		{"ΑΘΗΝΑ Київ", "αθηνα київ"},       // two-byte letters lowercase in place
		{"Ⱥ base", "Ⱥ base"},               // two bytes, its lowercase three
		{"DefenCe \x8dleft", "defence \x8dleft"},
	} {
		got := lowerKeepOffsets(c.in)
		if got != c.want {
			t.Errorf("lowerKeepOffsets(%q) = %q, want %q", c.in, got, c.want)
		}
		if len(got) != len(c.in) {
			t.Errorf("lowerKeepOffsets(%q): %d bytes, want %d", c.in, len(got), len(c.in))
		}
		if strings.ToLower(c.in) == c.in && got != c.in {
			t.Errorf("lowerKeepOffsets(%q) changed lowercase text", c.in)
		}
	}
}
