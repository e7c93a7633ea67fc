package gazetteer

import (
	"strings"
	"testing"
)

// TestLookupSpelling checks that transliterations of a base's name meet,
// and that words which are no base's name do not.
func TestLookupSpelling(t *testing.T) {
	g := load(t)
	for _, tc := range []struct{ name, want string }{
		{"Sakki", "Saky Air Base"},
		{"Saki", ""},  // an alias spells it so: exact lookups find it
		{"Price", ""}, // "Price Barracks" is one base at Price, not every one
		{"Redzikowa", "Aegis Ashore Redzikowo"},
		{"Khmeymim", "Khmeimim Air Base"},
		{"Khmeimeem", ""}, // a vowel inside differs: too far
		{"Central", ""},
		{"Main", ""},
		{"Sakhalin", ""},
		{"Air Base", ""},
	} {
		got := ""
		if e := g.LookupSpelling(tc.name); e != nil {
			got = e.Name
		}
		if got != tc.want {
			t.Errorf("LookupSpelling(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// FuzzSkeleton checks that folding any spelling gives plain lowercase
// letters with no final vowel, and never panics.
func FuzzSkeleton(f *testing.F) {
	for _, s := range []string{"Redzikowo", "Saky Air Base", "Khmeimim", "Ğeçitkale", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := skeleton(s)
		for _, r := range k {
			if r < 'a' || r > 'z' {
				t.Fatalf("skeleton(%q) = %q: not plain lowercase letters", s, k)
			}
		}
		if k != "" && strings.ContainsRune("aeiou", rune(k[len(k)-1])) {
			t.Fatalf("skeleton(%q) = %q ends in a vowel", s, k)
		}
	})
}
