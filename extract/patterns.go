package extract

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/extract/gazetteer"
)

// Base name patterns find installations no gazetteer holds: "Camp X",
// "Fort X", "X Air Base", "Forward Operating Base X", and coordinations
// such as "X and Y bases".
const (
	nameWord = `(?:\p{Lu}[\p{L}\p{M}'’]*(?:-\p{L}[\p{L}\p{M}'’]*)*|\d{1,4})`
	particle = `(?:al|el|ad|ash|as|ar|an|at|az|bin|ibn|de|del|dela|della|da|dos|das|do|la|le|du|des|di|von|van|der|upon)`
	baseName = nameWord + `(?:(?:\s+|-)(?:` + particle + `(?:\s+|-))?` + nameWord + `){0,3}`
)

var (
	baseSuffixes      = `Air Force Base|Air Base|Airbase|Air Station|Naval Air Station|Naval Base|Naval Station|Naval Facility|Airfield|Air Field|Military Base|Military Camp|Army Base|Army Airfield|Garrison|Barracks|Kaserne|Base|air force base|air base|airbase|naval base|naval station|naval facility|military base|military camp|army base|garrison|airfield|camp|base`
	reBaseSuffix      = mustPrefilter(`(` + baseName + `)\s+(` + baseSuffixes + `)\b`)
	baseTitles        = `Forward Operating Base|Contingency Operating Base|Joint Base|Naval Support Activity|Naval Support Facility|Naval Air Station|Naval Station|Marine Corps Air Station|Marine Corps Base|Combat Outpost|Patrol Base|Mission Support Site|Air Base|Base|Camp|Fort|FOB|RAF|RAAF Base|Firebase`
	rePrefixBase      = mustPrefilter(`\b(` + baseTitles + `)\s+(` + baseName + `)`)
	reBasePlural      = mustPrefilter(`(` + baseName + `(?:\s*,\s*` + baseName + `)*\s*,?\s+(?:and|&)\s+` + baseName + `)\s+(air bases|airbases|naval bases|military bases|bases|camps)\b`)
	reStartsWithDigit = regexp.MustCompile(`^\d`)
	// reUnitAfter is a unit's head noun after what looks like a base.
	reUnitAfter = regexp.MustCompile(`^\s+(?:Group|Wing|Squadron|Flight|Command)\b`)
	// reKitAfterTitle is aircraft or crews after "RAF X", "Camp X".
	reKitAfterTitle = regexp.MustCompile(`^\s+(?:jets?|fighters?|aircraft|planes?|crews?|pilots?|squadrons?|bombers?|helicopters?|tankers?|drones?)\b`)
	reConjSplit     = regexp.MustCompile(`\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)`)
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

// serviceNoun are the last words of armed services and units, which say
// whose base it is rather than name it.
var serviceNoun = map[string]bool{
	"Corps": true, "Army": true, "Navy": true, "Force": true, "Forces": true, "Guard": true, "Division": true,
	"Brigade": true, "Command": true, "Regiment": true, "Battalion": true, "Ministry": true, "Marines": true,
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
	case "camps", "camp", "military camp":
		return "Camp"
	}
	return s
}

// patternBase is a base found by a pattern; Name is its canonical name.
type patternBase struct {
	Start, End int
	Name       string
	Entry      *gazetteer.Entry
	// Ambiguous: "Camp X", "Fort X" and "X camp" also name stadiums,
	// towns and summer camps.
	Ambiguous bool
	// Region is set for a description by region ("the Suffolk airbase",
	// "the Crimean naval base"): a region holds many places, so this is
	// a base the article names elsewhere, not a base called after it.
	Region *gazetteer.Entry
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
		if name == "" || suffix == "base" && (strings.HasSuffix(name, "'s") || strings.HasSuffix(name, "’s")) {
			return // "Trump's base": a possessor's supporters, not a name
		}
		if f := strings.Fields(name); serviceNoun[f[len(f)-1]] {
			return // "the Marine Corps base": whose base, not its name
		}
		if r := regionNamed(name, g); r != nil && !suffixFirst {
			out = append(out, patternBase{Start: start, End: end, Name: name + " " + suffixForm(suffix), Region: r})
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
		if e := g.LookupSpelling(name); e != nil && !suffixFirst {
			// "Saki airfield", "Redzikovo base": a known base spelt
			// another way.
			out = append(out, patternBase{Start: start, End: end, Name: e.Name, Entry: e})
			return
		}
		if !suffixFirst {
			full = name + " " + suffixForm(suffix)
		}
		ambiguous := suffix == "Camp" || suffix == "Fort" || suffix == "Base" || suffix == "camp" || suffix == "base" || suffix == "Garrison" || suffix == "garrison" || suffix == "Barracks"
		out = append(out, patternBase{Start: start, End: end, Name: full, Ambiguous: ambiguous})
	}
	// Titled names first ("Forward Operating Base Falcon"), so the
	// suffix pattern cannot read "Forward Operating Base" as "Operating Base".
	for _, m := range rePrefixBase.FindAllStringSubmatchIndex(text, -1) {
		title := text[m[2]:m[3]]
		name := text[m[4]:m[5]]
		if isCountryish(name, g) && !onlyCapital(name, g) || leadingNoise[strings.ToLower(firstWord(name))] {
			continue // "Camp Stanley" is a camp although Stanley is a capital
		}
		if title == "Base" || title == "Air Base" {
			// "Base 101", "Air Base 201": a title before a number only.
			if !reStartsWithDigit.MatchString(name) {
				continue
			}
		}
		if reKitAfterTitle.MatchString(text[m[1]:]) {
			continue // "four RAF Typhoon jets": aircraft, not a station
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
		if reUnitAfter.MatchString(text[m[1]:]) {
			continue // "the 86th Air Base Wing", "821st Space Base Group": a unit
		}
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
		possessive := strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s") || strings.HasSuffix(w, "'") || strings.HasSuffix(w, "’")
		owner := strings.TrimRight(strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s"), "'’")
		if leadingNoise[strings.ToLower(w)] || leadingNoise[lw] || isCountryish(w, g) || possessive && (isCountryish(owner, g) || len(g.Lookup(owner, "")) > 0 || leadingNoise[strings.ToLower(owner)] || serviceNoun[owner]) {
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
	if parts := strings.Split(w, "-"); len(parts) > 1 {
		// "UK-US", "US-Iraqi": a compound of countries.
		all := true
		for _, p := range parts {
			all = all && p != "" && isCountryish(p, g)
		}
		if all {
			return true
		}
	}
	for _, e := range g.Lookup(w, "") {
		if e.Type == gazetteer.Country || e.Type == gazetteer.Organisation {
			return true
		}
	}
	return false
}

// Organisation name patterns find bodies no gazetteer holds: a
// capitalised name ending in an institutional head noun ("Joint
// Multinational Readiness Center", "45th Armoured Brigade", "Kurdistan
// Region Counter-Terrorism Directorate", "Ministry of National Defence",
// "US Embassy in Ankara"), and a country's ministries written in lowercase
// ("Iraq's defence ministry").
const (
	orgWord   = `(?:\p{Lu}[\p{L}\p{M}'’.]*(?:-\p{L}[\p{L}\p{M}'’]*)*|\d+(?:st|nd|rd|th)|[IVX]+)`
	orgHeads  = `Ministry|Directorate|Command|Center|Centre|Agency|Bureau|Authority|Council|Forces|Army|Navy|Corps|Brigade|Brigades|Division|Battalion|Regiment|Staff|Guard|Office|Embassy|Legion|Fleet|Wing|Squadron|Committee|Department|Headquarters|Police|Service|Task Force|Air Force|Gendarmerie|Militia|Front|Movement|Framework|Mission|University|Group`
	orgPhrase = orgWord + `(?:[\s-]+(?:(?:of|for|and|the|on|de)\s+)?` + orgWord + `){0,6}`
)

// personTitle are the first words of a post's title ("Chief of Army
// Staff", "Secretary of the Navy"), which names a person, not a body.
var personTitle = map[string]bool{
	"Chief": true, "Head": true, "Commander": true, "Minister": true, "Secretary": true, "Director": true,
	"Chairman": true, "Chair": true, "President": true, "Governor": true, "Deputy": true, "Vice": true,
}

// documentNoun are words that, after an organisation's head noun, make
// the phrase name a document or a day ("Status of Forces Agreement",
// "Armed Forces Day") rather than a body.
var documentNoun = map[string]bool{
	"Agreement": true, "Agreements": true, "Treaty": true, "Act": true, "Accord": true, "Accords": true, "Pact": true,
	"Convention": true, "Law": true, "Bill": true, "Deal": true, "Memorandum": true, "Protocol": true, "Charter": true,
	"Resolution": true, "Declaration": true, "Doctrine": true, "Day": true,
}

var (
	// reOrgModifier is a compound that describes who leads or backs a
	// body without being part of its name: "Kurdish-led", "Iran-backed".
	reOrgModifier  = regexp.MustCompile(`^\p{Lu}[\p{L}.]*-(?:led|backed|based|allied|aligned|run|funded|trained|supported|dominated)$`)
	reOrgHead      = regexp.MustCompile(`(` + orgPhrase + `)`)
	reOrgEndsHead  = mustPrefilter(`(?:^|\s)(?:` + orgHeads + `)$`)
	reOrgOfTail    = regexp.MustCompile(`^(?:Ministry|Department|Office|Directorate|Council|Committee|University) of(?: the)? ` + orgWord + `(?:\s+(?:and\s+)?` + orgWord + `){0,4}$`)
	reOrgEmbassyIn = regexp.MustCompile(`\bEmbassy in ` + orgWord + `(?:\s+` + orgWord + `)?`)
	reOfHead       = regexp.MustCompile(`\b(?:Ministry|Department|Office|University) of\b`)
	reOrdinal      = regexp.MustCompile(`^\d+(?:st|nd|rd|th)$`)
	reSaintName    = regexp.MustCompile(`(?:^|\s)(?:St\.?|Saint)\s+\p{Lu}\p{L}+$`)
	reOrgSplit     = mustPrefilter(`(?:'s|’s)\s+|\s+and\s+`)
	rePossessive   = regexp.MustCompile(`^(?:'s|’s)\s+$`)
	reOrgInPlace   = regexp.MustCompile(`\bin (` + orgWord + `(?:\s+` + orgWord + `)?)$`)
	reMinistryLC   = regexp.MustCompile(`^(?:'s|’s)?\s+((?i:defen[cs]e|foreign|interior|foreign affairs|national defen[cs]e))\s+[Mm]inistry\b`)
	// "the US Embassy in Baghdad", "the Chinese embassy in Manila": an
	// embassy is named by its state and the capital it sits in.
	reEmbassyLC = regexp.MustCompile(`^(?:'s|’s)?\s+[Ee]mbassy(?:\s+in\s+(\p{Lu}[\p{L}\p{M}'’-]*(?:\s+\p{Lu}[\p{L}\p{M}'’-]*)?))?`)
)

// embassyOwner is how English news names a state in its embassies' names.
func embassyOwner(c *gazetteer.Entry) string {
	switch c.Code {
	case "US", "UK", "GB":
		if c.Code == "GB" {
			return "UK"
		}
		return c.Code
	}
	if len(c.Demonyms) > 0 {
		return c.Demonyms[0]
	}
	return c.Name
}

// orgNoise are words that start a capitalised run without being part of
// an organisation's name.
var orgNoise = map[string]bool{
	"the": true, "a": true, "an": true, "this": true, "that": true, "its": true, "their": true,
	"his": true, "her": true, "our": true, "both": true, "each": true, "but": true, "however": true,
	"meanwhile": true, "also": true, "when": true, "while": true, "after": true, "before": true,
	"said": true, "and": true, "or": true, "in": true, "on": true, "at": true, "by": true, "from": true,
	"with": true, "for": true, "of": true, "to": true, "as": true, "under": true, "since": true,
}

// isTitleCase reports a headline written in title case: nearly every word
// of four letters or more starts with a capital.
func isTitleCase(text string) bool {
	long, capital := 0, 0
	for w := range strings.FieldsSeq(text) {
		w = strings.Trim(w, "\"'“”‘’()[],.:;!?")
		if utf8.RuneCountInString(w) < 4 {
			continue
		}
		long++
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			capital++
		}
	}
	return long >= 4 && capital*10 >= long*9
}

// headKind maps an organisation's head noun to its kind.
func headKind(head string) string {
	switch head {
	case "Ministry", "Department", "Office", "Embassy":
		return "ministry"
	case "Command", "Staff", "Headquarters", "Center", "Centre":
		return "command"
	case "Agency", "Directorate", "Service", "Police", "Gendarmerie":
		return "agency"
	case "Council", "Committee":
		return "government"
	case "Militia", "Front", "Movement", "Framework":
		return "armed group"
	case "Mission":
		return "international organisation"
	case "University":
		return "university"
	}
	return "armed forces"
}

// patternOrg is an organisation found by a pattern.
type patternOrg struct {
	Start, End int
	Name       string
	Kind       string
	Country    string // ISO code, when a country or demonym names it
}

func findPatternOrgs(text string, g *gazetteer.Gazetteer, known []gazetteer.Match) []patternOrg {
	if isTitleCase(text) {
		// In a headline written in title case every word is capitalised,
		// so a capitalised run ending in a head noun ("Committed to
		// Ending Military Mission") names nothing.
		return nil
	}
	var out []patternOrg
	var spans [][2]int
	for _, m := range findAllIndex(reOrgHead, orgHeadStarts, text) {
		// "X's Y" names Y (X owns it); "X and Y" may be two bodies.
		end := m[1]
		for end > m[0] && text[end-1] == '.' {
			end-- // a sentence's full stop, not part of the name
		}
		start := m[0]
		for _, part := range reOrgSplit.FindAllStringIndex(text[m[0]:end], -1) {
			left := text[start : m[0]+part[0]]
			if strings.Contains(text[m[0]+part[0]:m[0]+part[1]], "and") && !reOrgEndsHead.MatchString(left) {
				continue // "Disaster Risk Reduction and Management Council" is one body
			}
			if reSaintName.MatchString(left) {
				continue // "St George's University": a saint's name, not an owner
			}
			spans = append(spans, [2]int{start, m[0] + part[0]})
			start = m[0] + part[1]
		}
		spans = append(spans, [2]int{start, end})
	}
	for _, m := range spans {
		start, end := m[0], m[1]
		phrase := text[start:end]
		// Extend "Ministry of X" and "Embassy in X" tails the run missed.
		words := strings.Fields(phrase)
		for len(words) > 0 && (orgNoise[strings.ToLower(words[0])] || reOrgModifier.MatchString(words[0]) ||
			len(words) > 1 && strings.HasSuffix(words[0], "ing") && (words[1] == "the" || words[1] == "of")) {
			// "the", "Kurdish-led", and a sentence's first verb: "Citing
			// the Department of ...".
			start += strings.Index(text[start:], words[0]) + len(words[0])
			for start < end && text[start] == ' ' {
				start++
			}
			words = words[1:]
		}
		phrase = text[start:end]
		if len(words) < 2 {
			continue
		}
		// Cut the run at its last head noun, or accept a "Ministry of X" tail.
		cut := -1
		for i := len(words); i >= 2; i-- {
			cand := strings.Join(words[:i], " ")
			if reOrgEndsHead.MatchString(cand) {
				cut = i
				break
			}
		}
		name := ""
		if cut > 0 {
			name = strings.Join(words[:cut], " ")
		}
		if cut > 0 && cut < len(words) && documentNoun[strings.Trim(words[cut], ",;:()")] {
			continue // "Status of Forces Agreement": a document, not a body
		}
		for i := len(words); i >= 3; i-- {
			cand := strings.Join(words[:i], " ")
			if k := reOfHead.FindStringIndex(cand); k != nil {
				// The tail from the head noun: "Department of National
				// Defense" in "a statement from the Department of National Defense".
				tail := cand[k[0]:]
				if reOrgOfTail.MatchString(tail) && len(cand) > len(name) {
					name = cand
					// "the Department of Defense and Niger's army": a
					// country after "and" starts another party.
					if a := strings.Index(name, " and "); a > k[0] {
						next := firstWord(name[a+len(" and "):])
						if isCountryish(next, g) || len(g.Lookup(next, gazetteer.Place)) > 0 {
							name = name[:a]
						}
					}
				}
				break
			}
		}
		if e := reOrgEmbassyIn.FindStringIndex(phrase); e != nil && e[0] > 0 {
			if cand := strings.TrimSpace(phrase[:e[1]]); len(cand) > len(name) {
				name = cand
			}
		}
		if name == "" || !strings.HasPrefix(phrase, name) {
			continue
		}
		end = start + len(name)
		// The whole name must not be a country, a place or a known entry.
		if len(g.Lookup(name, "")) > 0 {
			continue
		}
		nw := strings.Fields(name)
		if len(nw) > 2 && nw[1] == "of" && personTitle[nw[0]] {
			continue // "Chief of Army Staff": a person's title
		}
		if nw[len(nw)-1] == "Group" && !reOrdinal.MatchString(nw[0]) {
			continue // "Sony Group" is a company; "821st Space Base Group" a unit
		}
		head := nw[len(nw)-1]
		if len(nw) >= 2 && nw[len(nw)-2]+" "+head == "Task Force" || nw[len(nw)-2]+" "+head == "Air Force" {
			head = "Forces"
		}
		for _, w := range []string{"Ministry", "Embassy", "Department", "Office", "Directorate", "Council", "Committee"} {
			if slices.Contains(nw, w) {
				head = w
			}
		}
		if len(nw) == 2 && head == "Guard" && slices.ContainsFunc(g.Lookup(nw[0], gazetteer.Place), func(e *gazetteer.Entry) bool {
			return e.Country == "US" && e.Kind == "province"
		}) {
			name = nw[0] + " National Guard" // headline style: "Texas Guard brigade"
		}
		po := patternOrg{Start: start, End: end, Name: name, Kind: headKind(head)}
		// A country or demonym at the start names the state it serves.
		for _, k := range known {
			possessor := k.End <= start && rePossessive.MatchString(text[k.End:start])
			if (k.Start == start || possessor) && k.Entry.Type == gazetteer.Country {
				po.Country = k.Entry.Code
			}
			if k.Start >= start && k.End <= end && k.Entry.Type == gazetteer.Place && po.Country == "" {
				po.Country = k.Entry.Country
			}
		}
		if po.Country == "" {
			if cs := reOrgInPlace.FindStringSubmatch(name); cs != nil {
				for _, e := range g.Lookup(cs[1], "") {
					if e.Country != "" {
						po.Country = e.Country
						break
					}
				}
			}
		}
		out = append(out, po)
	}
	// "Iraq's defence ministry", "the Turkish foreign ministry".
	for _, k := range known {
		if k.Entry.Type != gazetteer.Country {
			continue
		}
		if mm := reEmbassyLC.FindStringSubmatchIndex(text[k.End:]); mm != nil {
			name := embassyOwner(k.Entry) + " Embassy"
			if mm[2] >= 0 {
				city := text[k.End+mm[2] : k.End+mm[3]]
				if slices.ContainsFunc(g.Lookup(city, ""), func(e *gazetteer.Entry) bool {
					return e.Type == gazetteer.Place || e.Type == gazetteer.Country
				}) {
					name += " in " + city
				} else {
					// Not a place we know: the name stops at "embassy".
					mm[1] = strings.Index(lowerKeepOffsets(text[k.End:]), "mbassy") + len("mbassy")
				}
			}
			out = slices.DeleteFunc(out, func(o patternOrg) bool { return o.Start < k.End+mm[1] && k.Start < o.End })
			out = append(out, patternOrg{Start: k.Start, End: k.End + mm[1], Name: name, Kind: "ministry", Country: k.Entry.Code})
			continue
		}
		if mm := reMinistryLC.FindStringSubmatchIndex(text[k.End:]); mm != nil {
			what := strings.ToLower(text[k.End+mm[2] : k.End+mm[3]])
			field := map[string]string{"defence": "Defence", "defense": "Defence", "national defence": "National Defence", "national defense": "National Defence", "foreign": "Foreign Affairs", "foreign affairs": "Foreign Affairs", "interior": "Interior"}[what]
			adj := k.Entry.Name
			if len(k.Entry.Demonyms) > 0 {
				adj = k.Entry.Demonyms[0]
			}
			// "Romania's Defense Ministry": the capitalised run the head
			// pattern read as "Defense Ministry" is this ministry.
			out = slices.DeleteFunc(out, func(o patternOrg) bool { return o.Start < k.End+mm[1] && k.Start < o.End })
			out = append(out, patternOrg{Start: k.Start, End: k.End + mm[1], Name: adj + " Ministry of " + field, Kind: "ministry", Country: k.Entry.Code})
		}
	}
	return out
}
