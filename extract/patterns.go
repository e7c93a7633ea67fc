package extract

import (
	"regexp"
	"strings"

	"github.com/newsgraph/newsgraph/extract/gazetteer"
)

// Base name patterns find installations no gazetteer holds: "Camp X",
// "Fort X", "X Air Base", "Forward Operating Base X", and coordinations
// such as "X and Y bases".
const (
	nameWord = `(?:\p{Lu}[\p{L}\p{M}'’]*(?:-\p{L}[\p{L}\p{M}'’]*)*|\d{1,4})`
	particle = `(?:al|el|ad|ash|as|ar|an|at|az|bin|ibn|de|del|la|le|du|des|di|von|van|der|on|upon)`
	baseName = nameWord + `(?:(?:\s+|-)(?:` + particle + `(?:\s+|-))?` + nameWord + `){0,3}`
)

var (
	baseSuffixes      = `Air Force Base|Air Base|Airbase|Air Station|Naval Air Station|Naval Base|Naval Station|Naval Facility|Airfield|Air Field|Military Base|Army Base|Army Airfield|Garrison|Barracks|Kaserne|Base|air force base|air base|airbase|naval base|naval station|military base|army base|garrison|airfield`
	reBaseSuffix      = regexp.MustCompile(`(` + baseName + `)\s+(` + baseSuffixes + `)\b`)
	baseTitles        = `Forward Operating Base|Contingency Operating Base|Joint Base|Naval Support Activity|Naval Support Facility|Naval Air Station|Naval Station|Marine Corps Air Station|Marine Corps Base|Combat Outpost|Patrol Base|Mission Support Site|Air Base|Base|Camp|Fort|FOB|RAF|RAAF Base|Firebase`
	rePrefixBase      = regexp.MustCompile(`\b(` + baseTitles + `)\s+(` + baseName + `)`)
	reBasePlural      = regexp.MustCompile(`(` + baseName + `(?:\s*,\s*` + baseName + `)*\s*,?\s+(?:and|&)\s+` + baseName + `)\s+(air bases|airbases|naval bases|military bases|bases|camps)\b`)
	reStartsWithDigit = regexp.MustCompile(`^\d`)
	reConjSplit       = regexp.MustCompile(`\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)`)
)

// leadingNoise are capitalised words that start a phrase without being
// part of a base's name.
var leadingNoise = map[string]bool{
	"the": true, "a": true, "an": true, "this": true, "that": true, "these": true, "those": true,
	"its": true, "their": true, "his": true, "her": true, "our": true, "both": true, "each": true,
	"another": true, "new": true, "former": true, "main": true, "key": true, "military": true,
	"largest": true, "major": true, "at": true, "from": true, "in": true, "to": true, "near": true,
	"and": true, "or": true, "of": true, "on": true, "by": true, "with": true, "into": true,
	"when": true, "while": true, "after": true, "before": true, "some": true, "several": true,
	"two": true, "three": true, "four": true, "five": true, "one": true, "nearby": true, "secret": true,
	"strategic": true, "remote": true, "sprawling": true, "vast": true, "small": true, "large": true,
	"naval": true, "air": true, "army": true, "marine": true, "joint": true, "allied": true,
	"forward": true, "foreign": true, "permanent": true, "temporary": true, "rotational": true,
	"northern": true, "southern": true, "eastern": true, "western": true, "central": true,
	"north": true, "south": true, "east": true, "west": true,
	"but": true, "however": true, "meanwhile": true, "also": true, "only": true, "last": true,
	"first": true, "second": true, "third": true, "said": true, "says": true,
}

// suffixForm gives the canonical name ending for a matched suffix.
func suffixForm(s string) string {
	switch strings.ToLower(s) {
	case "air base", "airbase", "air bases", "airbases":
		return "Air Base"
	case "air force base":
		return "Air Force Base"
	case "naval base", "naval bases":
		return "Naval Base"
	case "naval station":
		return "Naval Station"
	case "military base", "military bases", "base", "bases":
		return "Base"
	case "army base":
		return "Army Base"
	case "airfield", "air field":
		return "Airfield"
	case "garrison":
		return "Garrison"
	case "camps":
		return "Camp"
	}
	return s
}

// patternBase is a base found by a pattern; Name is its canonical name.
type patternBase struct {
	Start, End int
	Name       string
	Entry      *gazetteer.Entry
}

// findPatternBases applies the base name patterns to one sentence.
func findPatternBases(text string, g *gazetteer.Gazetteer) []patternBase {
	var out []patternBase
	resolve := func(start, end int, name, suffix string, suffixFirst bool) {
		for _, o := range out {
			if start < o.End && o.Start < end {
				return // an earlier, more specific pattern has this text
			}
		}
		name, start = trimNoise(text, name, start, g)
		if name == "" {
			return
		}
		full := name + " " + suffix
		if suffixFirst {
			full = suffix + " " + name
		}
		// A pattern match that a gazetteer knows under another form takes
		// the gazetteer's canonical entry.
		for _, cand := range []string{full, name + " " + suffixForm(suffix), name + " Air Base", name + " Base", name} {
			if es := g.Lookup(cand, gazetteer.Base); len(es) > 0 {
				out = append(out, patternBase{Start: start, End: end, Name: es[0].Name, Entry: es[0]})
				return
			}
		}
		if !suffixFirst {
			full = name + " " + suffixForm(suffix)
		}
		out = append(out, patternBase{Start: start, End: end, Name: full})
	}
	// Titled names first ("Forward Operating Base Falcon"), so the
	// suffix pattern cannot read "Forward Operating Base" as "Operating Base".
	for _, m := range rePrefixBase.FindAllStringSubmatchIndex(text, -1) {
		title := text[m[2]:m[3]]
		name := text[m[4]:m[5]]
		if isCountryish(name, g) || leadingNoise[strings.ToLower(firstWord(name))] {
			continue
		}
		if title == "Base" || title == "Air Base" {
			// "Base 101", "Air Base 201": a title before a number only.
			if !reStartsWithDigit.MatchString(name) {
				continue
			}
		}
		resolve(m[2], m[1], name, title, true)
	}
	for _, m := range reBasePlural.FindAllStringSubmatchIndex(text, -1) {
		list := text[m[2]:m[3]]
		suffix := strings.TrimSuffix(text[m[4]:m[5]], "s")
		pos := m[2]
		for _, part := range reConjSplit.Split(list, -1) {
			i := strings.Index(text[pos:], part)
			if i < 0 || part == "" {
				continue
			}
			resolve(pos+i, pos+i+len(part), part, suffix, false)
			pos += i + len(part)
		}
	}
	for _, m := range reBaseSuffix.FindAllStringSubmatchIndex(text, -1) {
		resolve(m[2], m[1], text[m[2]:m[3]], text[m[4]:m[5]], false)
	}
	return out
}

// trimNoise drops leading words that are not part of a name (articles,
// adjectives, country names and demonyms) and returns what is left with its
// new start offset.
func trimNoise(text, name string, start int, g *gazetteer.Gazetteer) (string, int) {
	for name != "" {
		w := firstWord(name)
		lw := strings.ToLower(strings.TrimRight(w, "'’s"))
		if leadingNoise[strings.ToLower(w)] || leadingNoise[lw] || isCountryish(w, g) || strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s") {
			rest := strings.TrimLeft(name[len(w):], " -")
			start += len(name) - len(rest)
			name = rest
			continue
		}
		break
	}
	if name == "" || isCountryish(name, g) {
		return "", start
	}
	if _, isMonth := monthIndex[strings.ToLower(name)]; isMonth {
		return "", start
	}
	return name, start
}

func firstWord(s string) string {
	if i := strings.IndexAny(s, " "); i >= 0 {
		return s[:i]
	}
	return s
}

// isCountryish reports whether a word names a country, demonym or
// organisation: such words start phrases like "a US base" or "a NATO base"
// without naming the base. Places stay: "Gao Air Base" is a name.
func isCountryish(w string, g *gazetteer.Gazetteer) bool {
	for _, e := range g.Lookup(w, "") {
		if e.Type == gazetteer.Country || e.Type == gazetteer.Organisation {
			return true
		}
	}
	return false
}
