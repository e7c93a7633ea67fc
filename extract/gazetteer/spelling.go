package gazetteer

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Spelling-tolerant lookup of bases. News transliterates the same place
// several ways (Redzikowo, Redzikow, Redzikovo; Saky, Saki; Hmeimim,
// Khmeimim), so a base a name pattern finds is also looked up by the
// skeleton of its distinctive words, where those spellings meet.

// minSkeleton is the shortest skeleton looked up, and minLetters the
// fewest letters of the name it comes from: shorter ones collide.
const (
	minSkeleton = 3
	minLetters  = 4
)

// spellingKey is the key of a name in the skeleton index, or "" when the
// name is too short to be told apart that way.
func spellingKey(name string) string {
	c := core(name)
	n, lower := 0, false
	for _, r := range c {
		if unicode.IsLetter(r) {
			n++
			lower = lower || unicode.IsLower(r)
		}
	}
	k := skeleton(c)
	if n < minLetters || len(k) < minSkeleton || !lower {
		// An acronym ("BDSC", "JBER") is matched as written or not at all.
		return ""
	}
	return k
}

// installationWords are the words of a base's name that say what it is
// rather than which one it is.
var installationWords = map[string]bool{
	"air": true, "base": true, "airbase": true, "naval": true, "navy": true, "station": true, "airfield": true,
	"field": true, "military": true, "army": true, "force": true, "facility": true, "camp": true, "garrison": true,
	"barracks": true, "port": true, "support": true, "site": true, "training": true, "area": true, "range": true,
	"airport": true, "radar": true, "activity": true, "fort": true, "raf": true, "joint": true, "marine": true,
	"corps": true, "kaserne": true, "fliegerhorst": true, "international": true, "the": true, "of": true,
}

// skeleton folds a spelling to what its transliterations share: letters
// without diacritics, kh as h, w as v, y as i, doubled letters once, and no
// final vowel.
func skeleton(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(strings.ToLower(s)) {
		if r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		}
	}
	k := strings.NewReplacer("kh", "h", "w", "v", "y", "i", "ou", "u", "ph", "f", "q", "k").Replace(b.String())
	var out []byte
	for i := 0; i < len(k); i++ {
		if i > 0 && k[i] == k[i-1] {
			continue
		}
		out = append(out, k[i])
	}
	return strings.TrimRight(string(out), "aeiou")
}

// core keeps the words of a name that tell one installation from another.
func core(name string) string {
	var kept []string
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return unicode.IsSpace(r) || r == '-' }) {
		if !installationWords[strings.ToLower(w)] {
			kept = append(kept, w)
		}
	}
	if len(kept) == 0 || len(kept) > 2 {
		return ""
	}
	return strings.Join(kept, " ")
}

// indexSpellings builds the skeleton index of the bases, and the set of
// their distinctive words as written.
func (g *Gazetteer) indexSpellings() {
	g.bySkeleton = map[string][]*Entry{}
	g.cores = map[string]bool{}
	for _, e := range g.entries {
		if e.Type != Base {
			continue
		}
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			g.cores[Fold(core(n))] = true
			k := spellingKey(n)
			if k == "" || len(g.bySkeleton[k]) > 0 && g.bySkeleton[k][len(g.bySkeleton[k])-1] == e {
				continue
			}
			g.bySkeleton[k] = append(g.bySkeleton[k], e)
		}
	}
}

// LookupSpelling returns the base a name spells another way ("Saki
// airfield" for Saky Air Base), or nil when no base or more than one
// shares the skeleton of the name's distinctive words, or when the name is
// spelt as some base's own.
func (g *Gazetteer) LookupSpelling(name string) *Entry {
	k := spellingKey(name)
	if k == "" || g.cores[Fold(core(name))] {
		// A name some base has as written is that base's or another
		// installation's at the same place ("Price Barracks" is not
		// "Forward Operating Base Price"): only a respelling is looked up.
		return nil
	}
	if es := g.bySkeleton[k]; len(es) == 1 {
		return es[0]
	}
	return nil
}
