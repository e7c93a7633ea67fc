package extract

import (
	"regexp"
	"slices"
	"strings"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract/gazetteer"
)

// Arguments an event's own clause leaves to the rest of the article: a
// town that stands for the base the article names, an unnamed base the
// next sentences name.

// reUnnamedBase is a base the clause describes without naming: "Djibouti's
// main naval base", "an American air base", "the Army's Bavarian
// garrison".
var reUnnamedBase = regexp.MustCompile(`\b(?:a|an|the|its|their|\p{L}+(?:'s|’s|s'|s’))\s+(?:[\p{L}.-]+\s+){0,3}?(?:base|airbase|air base|naval base|airfield|garrison|installation|outpost)\b`)

var (
	reArrivalVerb = regexp.MustCompile(`\barriv(?:e|es|ed|ing|al)\b`)
	reArrivedAt   = regexp.MustCompile(`\b(?:landed|touched down|arrived|were flown|flew)\s+(?:in\s+|at\s+|to\s+)(?:the\s+)?$`)
)

// siteTypes are the event types that happen at a base (an attack names its
// target; a town struck is not the base near it).
var siteTypes = map[string]bool{
	newsgraph.EventWithdrawal: true, newsgraph.EventDeployment: true, newsgraph.EventRelocation: true,
	newsgraph.EventHandover: true, newsgraph.EventClosure: true, newsgraph.EventEstablishment: true,
}

// placesAsBases: "the last Dutch soldiers have now left Bagram", where
// the article names Bagram Airfield elsewhere: a town in the clause of an
// event at a base stands for the base of that name the article names. A
// town a relocation or withdrawal goes to is its destination, not the
// base it happens at.
func (an *analysis) placesAsBases(ev *newsgraph.Event, si int, lower string, cs, ce int) {
	if !siteTypes[ev.Type] || len(ev.Bases) > 0 {
		return
	}
	sent := an.doc.Sentences[si]
	destination := map[string]bool{}
	for _, m := range an.mentions[si] {
		s := m.Start - sent.Start
		if m.Type == gazetteer.Place && s >= cs && s <= ce && reDestination.MatchString(lower[max(0, s-12):s]) {
			destination[m.Name] = true
		}
	}
	var keep []string
	for _, p := range ev.Places {
		if destination[p] && (ev.Type == newsgraph.EventRelocation || ev.Type == newsgraph.EventWithdrawal) {
			keep = append(keep, p)
			continue
		}
		if b := an.articleBaseNamedAfter(p); b != "" {
			if !slices.Contains(ev.Bases, b) {
				ev.Bases = append(ev.Bases, b)
			}
			continue
		}
		keep = append(keep, p)
	}
	ev.Places = keep
}

// articleBaseNamedAfter is the one base the article names whose name or
// alias holds the place's name as whole words, or "".
func (an *analysis) articleBaseNamedAfter(place string) string {
	pf := " " + gazetteer.Fold(place) + " "
	found := ""
	for _, ms := range an.mentions {
		for _, m := range ms {
			if m.Type != gazetteer.Base || m.Name == found {
				continue
			}
			names := []string{m.Name, an.doc.Text[m.Start:m.End]}
			if m.Entry != nil {
				names = append(names, m.Entry.Aliases...)
			}
			if !slices.ContainsFunc(names, func(n string) bool { return strings.Contains(" "+gazetteer.Fold(n)+" ", pf) }) {
				continue
			}
			if found != "" {
				return "" // two bases by that town: the text does not say which
			}
			found = m.Name
		}
	}
	return found
}

// forwardBase: "Rockets hit an air base in western Iraq late on Sunday"
// followed by "... landed inside Ain al-Asad": a base the
// clause describes without a name is the first base the next sentences of
// the passage name, when it lies in the event's country.
func (an *analysis) forwardBase(si int, lower string, cs, ce int, countries []string, typ string) string {
	span := lower[cs:ce]
	if typ == newsgraph.EventAttack {
		span = lower[:ce] // "an airfield ... shook with explosions that no attack had caused"
	}
	arrival := typ == newsgraph.EventDeployment && reArrivalVerb.MatchString(span)
	if !reUnnamedBase.MatchString(span) && !arrival {
		return ""
	}
	para := an.doc.Sentences[si].Paragraph
	for sj := si + 1; sj < len(an.doc.Sentences) && sj <= si+3; sj++ {
		s := an.doc.Sentences[sj]
		if s.Paragraph > para+2 || an.captionParagraph(s.Paragraph) {
			break
		}
		for _, m := range an.mentions[sj] {
			if m.Type != gazetteer.Base {
				continue
			}
			if arrival && !reUnnamedBase.MatchString(span) && !reArrivedAt.MatchString(strings.ToLower(an.doc.Text[max(s.Start, m.Start-30):m.Start])) {
				return "" // only "landed at Al Dhafra" continues "jets arrived in the UAE"
			}
			if c := an.baseCountryOf(m); len(countries) > 0 && c != "" && !slices.Contains(countries, c) {
				return ""
			}
			return m.Name
		}
	}
	return ""
}

// baseCountryOf is the country a base mention lies in, where known.
func (an *analysis) baseCountryOf(m mention) string {
	if m.Entry != nil && m.Entry.Country != "" {
		return m.Entry.Country
	}
	if m.Country != "" {
		return m.Country
	}
	return an.baseCountry[m.Name]
}

// clauseCountries are the countries the clause [start, end) names
// (offsets into the document).
func (an *analysis) clauseCountries(si, start, end int) []string {
	var out []string
	for _, m := range an.mentions[si] {
		// "a Russian air base": a demonym names the operator, not where it is.
		// "blasts that Moscow said were ...": a state that speaks is no place.
		if m.Type == gazetteer.Country && m.Role != gazetteer.RoleDemonym && m.Start >= start && m.End <= end &&
			!reSpeakerAfter.MatchString(strings.TrimSpace(an.doc.Text[m.End:min(len(an.doc.Text), m.End+40)])) {
			out = append(out, m.Country)
		}
	}
	return out
}

// soleOperator is the one state that operates every one of the bases, host
// or not, or "".
func (an *analysis) soleOperator(bases []string) string {
	found := ""
	for _, b := range bases {
		e := an.baseEntry(b)
		if e == nil || len(e.Operators) != 1 || an.p.gaz.CountryByCode(e.Operators[0]) == nil {
			return ""
		}
		if found != "" && found != e.Operators[0] {
			return ""
		}
		found = e.Operators[0]
	}
	return found
}

// operatorActs are the event types that, at a base, nobody but its
// operator carries out unnamed: "a squadron of tankers landed at Ramstein",
// "the shutting of the naval station", "the new camp will be named after",
// "the crews went home after a rotation at Camp Lemonnier".
var operatorActs = map[string]bool{
	newsgraph.EventDeployment: true, newsgraph.EventEstablishment: true, newsgraph.EventClosure: true, newsgraph.EventHandover: true,
	newsgraph.EventWithdrawal: true,
}

// reIrregulars: fighters who may leave a base they do not operate.
var reIrregulars = regexp.MustCompile(`\b(?:militants|rebels|insurgents|jihadists|gunmen|attackers|militias?)\b`)

// reSeizure: forces taking a base over are not its operator ("rebels said
// they had taken control of the base").
var reSeizure = regexp.MustCompile(`\b(?:take|takes|taken|took|taking|assum\w*|occup\w*|re-?occup\w*|into|seiz\w*|captur\w*)\b`)

// operatorActors gives an event at a base that names no actor, once the
// article's reports of it are merged, the base's operator: its one foreign
// operator, or the one state operating a home base.
func (an *analysis) operatorActors(events []newsgraph.Event) {
	for i := range events {
		ev := &events[i]
		if ev.Actor != "" || len(ev.Bases) == 0 || !operatorActs[ev.Type] || reSeizure.MatchString(strings.ToLower(ev.Trigger)) {
			continue
		}
		if ev.Type == newsgraph.EventWithdrawal && reIrregulars.MatchString(strings.ToLower(ev.Evidence)) {
			continue // "militants withdrew from the base": not its operator
		}
		code := an.foreignOperatorNear(ev.Bases, an.doc.Sentences[ev.Sentence].Paragraph)
		if code == "" {
			code = an.soleOperator(ev.Bases)
		}
		if code != "" {
			ev.Actor, ev.ActorCountryCode = an.countryName(code), code
		}
	}
}

// soleSentenceBase: "Kyiv hit a fuel depot overnight, in a drone raid
// that also set a bomber on fire at Engels Air Base": an attack whose
// clause names no base hit the one base its sentence names after it,
// unless that base is where it came from.
func (an *analysis) soleSentenceBase(si int, lower string, trigStart int) string {
	sent := an.doc.Sentences[si]
	found := ""
	for _, m := range an.mentions[si] {
		if m.Type != gazetteer.Base || m.Name == found {
			continue
		}
		if m.Start-sent.Start < trigStart {
			return "" // a base before the attack belongs to what the sentence first tells
		}
		if reOriginBefore.MatchString(lower[max(0, m.Start-sent.Start-30) : m.Start-sent.Start]) {
			continue
		}
		if found != "" {
			return ""
		}
		found = m.Name
	}
	return found
}

var reOriginBefore = regexp.MustCompile(`\b(?:from|out of|based at|based in|stationed at|took off from)\s+(?:the\s+)?(?:\S+\s+){0,2}$`)
