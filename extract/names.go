package extract

import (
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/newsgraph/newsgraph/extract/gazetteer"
)

// This file holds entity-recognition rules that read a name in its
// context: a name split by an editor's bracket, a base described by its
// region, an organisation's short form, a US state that shares a
// country's name.

// reEditorBracket is an editor's insertion in square brackets inside a
// quotation or a name: "the Operational Desert Platform of [Mali's northern
// region of] Gao".
var reEditorBracket = mustPrefilter(`\s\[[^\[\]]{1,80}\]`)

// findAcrossBrackets runs the gazetteer over a sentence, and again with
// the editor's bracketed insertions cut out, so a name the bracket splits
// is found. A match across a cut replaces what it overlaps; its offsets are
// the sentence's, so it spans the bracket.
func findAcrossBrackets(g *gazetteer.Gazetteer, text string) []gazetteer.Match {
	found := g.Find(text)
	cuts := reEditorBracket.FindAllStringIndex(text, -1)
	if cuts == nil {
		return found
	}
	var b strings.Builder
	type cut struct{ at, removed int } // position in the cut text, bytes removed there
	var marks []cut
	prev, removed := 0, 0
	for _, c := range cuts {
		b.WriteString(text[prev:c[0]])
		removed += c[1] - c[0]
		marks = append(marks, cut{at: b.Len(), removed: removed})
		prev = c[1]
	}
	b.WriteString(text[prev:])
	// orig maps an offset in the cut text back to the sentence; an end
	// offset at a cut stays before the bracket, a start moves after it.
	orig := func(p int, isEnd bool) int {
		shift := 0
		for _, m := range marks {
			if m.at < p || !isEnd && m.at == p {
				shift = m.removed
			}
		}
		return p + shift
	}
	for _, m := range g.Find(b.String()) {
		s, e := orig(m.Start, false), orig(m.End, true)
		if e-s == m.End-m.Start {
			continue // no cut inside: the plain run found it
		}
		found = slices.DeleteFunc(found, func(f gazetteer.Match) bool { return f.Start < e && s < f.End })
		found = append(found, gazetteer.Match{Start: s, End: e, Entry: m.Entry, Role: m.Role})
	}
	slices.SortFunc(found, func(a, b gazetteer.Match) int { return a.Start - b.Start })
	return found
}

// regionNamed returns the region a base description is named by ("the
// Suffolk airbase", "the Crimean naval base"), or nil when the name is not
// a region's: a region, province or sea holds many places.
func regionNamed(name string, g *gazetteer.Gazetteer) *gazetteer.Entry {
	if len(g.Lookup(name, gazetteer.Base)) > 0 {
		return nil
	}
	for _, e := range g.Lookup(name, gazetteer.Place) {
		switch e.Kind {
		case "region", "province", "sea":
			return e
		}
	}
	return nil
}

// onlyCapital reports whether every country a name matches, it matches as
// that country's capital: "Stanley" in "Camp Stanley" names a camp.
func onlyCapital(name string, g *gazetteer.Gazetteer) bool {
	es := g.Lookup(name, "")
	if len(es) == 0 {
		return false
	}
	for _, e := range es {
		if e.Type != gazetteer.Country || gazetteer.Fold(e.Capital) != gazetteer.Fold(name) {
			return false
		}
	}
	return true
}

// maxRegionKm bounds how far from a region's centre a base it describes
// may lie.
const maxRegionKm = 400

// regionBase resolves a base described by its region to the base the
// article names in that region: the nearest mention before the
// description, else the nearest after it. It returns false when the
// article names none, and then the description names no base.
func (an *analysis) regionBase(at int, region *gazetteer.Entry) (mention, bool) {
	var best mention
	found, bestDist := false, 0
	for _, ms := range an.mentions {
		for _, m := range ms {
			if m.Type != gazetteer.Base || m.Entry == nil || m.Entry.Country != region.Country {
				continue
			}
			if region.HasGeo && m.Entry.HasGeo && km(region.Lat, region.Lon, m.Entry.Lat, m.Entry.Lon) > maxRegionKm {
				continue
			}
			d := at - m.End
			if d < 0 {
				d = 1<<40 + m.Start - at // after the description: only when nothing comes before
			}
			if !found || d < bestDist {
				best, bestDist, found = m, d, true
			}
		}
	}
	return best, found
}

// km is the great-circle distance between two points.
func km(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371
	rad := math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Sqrt(a))
}

// regionDescription is a base described by its region, waiting until the
// whole article's bases are known.
type regionDescription struct {
	sent   int
	at     mention
	region *gazetteer.Entry
}

// resolveRegionDescriptions turns each description by region into a
// mention of the base the article names there, or drops it.
func (an *analysis) resolveRegionDescriptions(pending []regionDescription) {
	for _, p := range pending {
		b, ok := an.regionBase(p.at.Start, p.region)
		if !ok {
			continue
		}
		m := p.at
		m.Name, m.Entry, m.Country, m.Role = b.Name, b.Entry, b.Country, gazetteer.RoleAlias
		if slices.ContainsFunc(an.mentions[p.sent], func(o mention) bool {
			return o.Start < m.End && m.Start < o.End && o.Type != gazetteer.Place
		}) {
			continue
		}
		// The region's own mention inside the description gives way.
		an.mentions[p.sent] = slices.DeleteFunc(an.mentions[p.sent], func(o mention) bool { return o.Start < m.End && m.Start < o.End })
		an.mentions[p.sent] = append(an.mentions[p.sent], m)
		slices.SortFunc(an.mentions[p.sent], func(a, b mention) int { return a.Start - b.Start })
	}
}

// shortFormOrgs merges an organisation a name pattern found under a short
// form ("Marine Corps") into the gazetteer organisation the article names
// in full ("US Marine Corps"), when exactly one such organisation's name or
// alias ends with it.
func (an *analysis) shortFormOrgs() {
	known := map[*gazetteer.Entry]bool{}
	for _, ms := range an.mentions {
		for _, m := range ms {
			if m.Type == gazetteer.Organisation && m.Entry != nil && m.Entry.Source != "pattern" && !m.Entry.IsOutlet() {
				known[m.Entry] = true
			}
		}
	}
	if len(known) == 0 {
		return
	}
	for i, ms := range an.mentions {
		for k := range ms {
			m := &ms[k]
			if m.Type != gazetteer.Organisation || m.Entry == nil || m.Entry.Source != "pattern" {
				continue
			}
			short := " " + gazetteer.Fold(m.Name)
			var full *gazetteer.Entry
			n := 0
			for e := range known {
				for _, form := range append([]string{e.Name}, e.Aliases...) {
					if strings.HasSuffix(" "+gazetteer.Fold(form), short) {
						if full != e {
							n++
						}
						full = e
						break
					}
				}
			}
			if n == 1 {
				m.Name, m.Entry, m.Country, m.Role = full.Name, full, full.Country, gazetteer.RoleAlias
			}
		}
		an.mentions[i] = ms
	}
}

// reStateAfterPlace is a place name and a comma before a country's name:
// "Albany, Georgia" names a US state when Albany is a US place.
var reStateAfterPlace = regexp.MustCompile(`(\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,2}),\s*$`)

// isHomonymState reports whether Georgia follows a place of another
// country and a comma ("Albany, Georgia", "Athens, Georgia"): it names the
// US state, not the country.
func isHomonymState(g *gazetteer.Gazetteer, text string, m gazetteer.Match) bool {
	if m.Entry.Type != gazetteer.Country || m.Entry.Code != "GE" || m.Role != gazetteer.RoleName {
		return false
	}
	loc := reStateAfterPlace.FindStringSubmatch(text[:m.Start])
	if loc == nil {
		return false
	}
	places := g.Lookup(loc[1], gazetteer.Place)
	return len(places) > 0 && !slices.ContainsFunc(places, func(e *gazetteer.Entry) bool { return e.Country == m.Entry.Code })
}

// ownerInName returns the country an organisation's name starts with
// ("U.S. Marine Corps", "British Army"), or the organisation a base's name
// holds ("the headquarters of Russia's Black Sea Fleet"): the text names it too,
// though it plays no role of its own in the clause, so the mention is
// marked as an apposition. Offsets are the sentence's.
func (an *analysis) ownerInName(text string, m gazetteer.Match) (mention, bool) {
	if m.Entry.Type == gazetteer.Base {
		// "the headquarters of Russia's Black Sea Fleet" names the fleet.
		// The whole surface is the base's alias, so the longest shorter
		// run of its words that names an organisation is looked up.
		surface := text[m.Start:m.End]
		words := strings.Fields(surface)
		for n := len(words) - 1; n >= 2; n-- { // an acronym inside ("MSS" in "MSS Euphrates") is no name
			for i := 0; i+n <= len(words); i++ {
				run := strings.TrimSuffix(strings.TrimSuffix(strings.Join(words[i:i+n], " "), "'s"), "’s")
				for _, e := range an.p.gaz.Lookup(run, gazetteer.Organisation) {
					// Only a body the base belongs to ("of ... Fleet"): an
					// operator's prefix ("U.S. Army Garrison Humphreys")
					// is part of a proper name.
					if k := strings.Index(surface, run); k >= 0 && !e.IsOutlet() && strings.Contains(surface[:k], "of ") {
						return mention{Start: m.Start + k, End: m.Start + k + len(run), Type: gazetteer.Organisation, Name: e.Name,
							Entry: e, Role: gazetteer.RoleAlias, Country: e.Country, Apposition: true}, true
					}
				}
			}
		}
		return mention{}, false
	}
	if m.Entry.Type != gazetteer.Organisation || m.Entry.Country == "" {
		return mention{}, false
	}
	first := firstWord(text[m.Start:m.End])
	if first == text[m.Start:m.End] {
		return mention{}, false
	}
	for _, cm := range an.p.gaz.Find(first) {
		if cm.Start == 0 && cm.End == len(first) && cm.Entry.Type == gazetteer.Country && cm.Entry.Code == m.Entry.Country {
			return mention{Start: m.Start, End: m.Start + len(first), Type: gazetteer.Country, Name: cm.Entry.Name,
				Entry: cm.Entry, Role: cm.Role, Country: cm.Entry.Code, Apposition: true}, true
		}
	}
	return mention{}, false
}

// ministryFields are the words that tell a state's ministries apart.
var ministryFields = []string{"Defen", "Foreign", "Interior"}

// knownMinistry returns the gazetteer's ministry of a country for the
// field a pattern-made name carries ("Romanian Ministry of Defence" is the
// Romanian Ministry of National Defence), or nil.
func (an *analysis) knownMinistry(country, name string) *gazetteer.Entry {
	if country == "" || !strings.Contains(name, "Ministry") {
		return nil
	}
	field := ""
	for _, f := range ministryFields {
		if strings.Contains(name, f) {
			field = f
		}
	}
	if field == "" {
		return nil
	}
	var best *gazetteer.Entry
	for _, e := range an.p.gaz.Entries() {
		if e.Type == gazetteer.Organisation && e.Kind == "ministry" && e.Country == country && strings.Contains(e.Name, "Ministry") &&
			strings.Contains(e.Name, field) && (best == nil || len(e.Name) < len(best.Name)) {
			best = e
		}
	}
	return best
}

// reMinistryHere is a ministry named by where the outlet reports from:
// "the defense ministry here said" in a Seoul agency's copy.
var reMinistryHere = mustPrefilter(`\b[Tt]he\s+((?i:defen[cs]e|foreign|interior|national defen[cs]e|foreign affairs))\s+[Mm]inistry\s+here\b`)

// ministriesHere finds ministries named by "here": the ministry of the
// country the publisher is based in. Offsets of the mentions are the
// document's.
func (an *analysis) ministriesHere(sent int, text string, ms []mention) []mention {
	home := an.publisher.Country
	if home == "" {
		return nil
	}
	s := an.doc.Sentences[sent]
	var out []mention
	for _, loc := range reMinistryHere.FindAllStringSubmatchIndex(text, -1) {
		start, end := s.Start+loc[2], s.Start+loc[1]-len(" here")
		if slices.ContainsFunc(ms, func(m mention) bool { return m.Start < end && start < m.End }) {
			continue
		}
		field := strings.ToLower(text[loc[2]:loc[3]])
		name := "Ministry of " + map[string]string{"foreign": "Foreign Affairs", "foreign affairs": "Foreign Affairs", "interior": "Interior"}[field]
		if strings.HasPrefix(field, "defen") || strings.HasPrefix(field, "national") {
			name = "Ministry of Defence"
		}
		e := an.knownMinistry(home, name)
		if e == nil {
			c := an.p.gaz.CountryByCode(home)
			if c == nil {
				continue
			}
			e = &gazetteer.Entry{Type: gazetteer.Organisation, Name: countryAdjective(c) + " " + name, Kind: "ministry", Country: home, Source: "pattern"}
		}
		out = append(out, mention{Start: start, End: end, Sentence: sent, Type: gazetteer.Organisation, Name: e.Name, Entry: e, Country: home, Role: gazetteer.RoleAlias})
	}
	return out
}

// countryAdjective is the adjective ministries are named with.
func countryAdjective(c *gazetteer.Entry) string {
	if len(c.Demonyms) > 0 {
		return c.Demonyms[0]
	}
	return c.Name
}
