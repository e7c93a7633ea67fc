// Package extract owns turning an Article into an Extraction: sentence
// segmentation, entity recognition (gazetteers and name patterns), date
// resolution against the publication date, and event detection with
// argument linking inside the clause, negation and status.
//
// Extraction is deterministic and offline. Anything that can fail (a bad
// user gazetteer) fails in New; Extract itself never fails.
package extract

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract/gazetteer"
	"github.com/newsgraph/newsgraph/loaders"
	"github.com/newsgraph/newsgraph/schema"
	"github.com/newsgraph/newsgraph/syntax"
)

// Pipeline extracts entities and events from articles. It is safe for
// concurrent use.
type Pipeline struct {
	gaz   *gazetteer.Gazetteer
	extra []Component // Config.Components, for Identity
	// syn parses the sentences that hold a trigger candidate.
	syn *syntax.Model
}

// Config configures a Pipeline.
type Config struct {
	// Gazetteers are user gazetteer files or folders added to the built-in
	// lists.
	Gazetteers []string
	// Components are further parts the extraction loads whose data shapes
	// its output (model weights read at run time); their digests join
	// Identity.
	Components []Component
}

// New loads the gazetteers and builds a pipeline.
func New(cfg Config) (*Pipeline, error) {
	g, err := gazetteer.Load(cfg.Gazetteers...)
	if err != nil {
		return nil, err
	}
	for _, c := range cfg.Components {
		if c.Name == "" || c.Digest == "" {
			return nil, fmt.Errorf("extract: component %+v needs a name and a digest", c)
		}
	}
	syn, err := syntax.Load()
	if err != nil {
		return nil, err
	}
	return &Pipeline{gaz: g, extra: slices.Clone(cfg.Components), syn: syn}, nil
}

// Gazetteer returns the loaded gazetteer.
func (p *Pipeline) Gazetteer() *gazetteer.Gazetteer { return p.gaz }

// mention is one recognised entity occurrence; Start and End are offsets
// into Document.Text.
type mention struct {
	Start, End int
	Sentence   int
	Type       string
	Name       string // canonical
	Entry      *gazetteer.Entry
	Role       gazetteer.Role
	// Country is the ISO code the entity belongs to (a country's own code).
	Country string
	// Apposition marks a restatement in brackets right after a mention of
	// the same entity ("Islamic State (ISIS)"), or a country inside an
	// organisation's name ("U.S." in "U.S. Marine Corps"): it names the
	// entity but plays no role of its own in the clause.
	Apposition bool
}

func (m mention) key() string {
	return m.Type + "\x00" + m.Name
}

// analysis is the per-article working state.
type analysis struct {
	p        *Pipeline
	ctx      context.Context // ExtractContext's; the loops stop when it ends
	art      newsgraph.Article
	doc      *Document
	mentions [][]mention // by sentence
	dates    [][]DateMention
	// baseCountry holds countries inferred for bases no gazetteer holds.
	baseCountry map[string]string
	focus       string // most mentioned country code
	// dominant is the focus when the article is clearly about it: named
	// at least three times and twice as often as any other country.
	dominant string
	// military marks sentences about armed forces (militaryContext).
	military      []bool
	militaryCount int
	// militarySentences counts sentences with armed-forces vocabulary
	// (-1 until counted), for telling "Camp X" bases from summer camps.
	militarySentences int
	publisher         loaders.Publisher
	// ownSubject marks events (by ownSubjectKey) whose clause has an
	// unnamed subject of its own.
	ownSubject map[string]bool
	// anaphoric marks events (by ownSubjectKey) told by a back-reference
	// ("the withdrawal") that only merging can complete.
	anaphoric map[string]bool
	// seen holds the event types reported so far, for back-references
	// ("the treaty") in sentences that are not about armed forces.
	seen map[string]bool
	// reportDated marks events (by ownSubjectKey) dated by the report that
	// tells them ("Berlin said on Tuesday that its soldiers had left"),
	// not by a date of their own; dateFromReport is eventDate's last say.
	reportDated map[string]bool
	// trees are the parses of sentences holding a trigger, by index.
	trees map[int]*syntax.Tree
	// retensed marks the sentences whose dates the tree has re-resolved.
	retensed map[int]bool
	// dayText holds the day phrase an attack's clause gives ("on january
	// 17", "two weeks later"), resolvable or not, to tell attacks apart.
	dayText        map[string]string
	dateFromReport bool
	// clauseSpansMemo keeps each sentence's clauses, by its lowercase text.
	clauseSpansMemo map[string][][2]int
	// captions memoises captionParagraph, by paragraph.
	captions map[int]bool
	// sentenceDates memoises FindDates over a whole sentence, by sentence
	// and tense: recognition reads a sentence's dates in one tense and
	// sometimes the other, and retenseDates reads both again.
	sentenceDates map[[2]int][]DateMention
}

// datesOf is FindDates over sentence si in the given tense. The slice is
// shared: callers must not change its elements.
func (an *analysis) datesOf(si int, tense Tense) []DateMention {
	key := [2]int{si, int(tense)}
	if ds, ok := an.sentenceDates[key]; ok {
		return ds
	}
	if an.sentenceDates == nil {
		an.sentenceDates = map[[2]int][]DateMention{}
	}
	s := an.doc.Sentences[si]
	ds := FindDates(an.doc.Text[s.Start:s.End], an.art.Published, tense)
	an.sentenceDates[key] = ds
	return ds
}

// Extract runs the pipeline over one article (ExtractContext without an
// end).
func (p *Pipeline) Extract(a newsgraph.Article) newsgraph.Extraction {
	x, _ := p.ExtractContext(context.Background(), a) // never ends, so never fails
	return x
}

func (an *analysis) recognise() {
	doc := an.doc
	an.mentions = make([][]mention, len(doc.Sentences))
	an.dates = make([][]DateMention, len(doc.Sentences))
	counts := map[string]int{}
	var regional []regionDescription
	for i, s := range doc.Sentences {
		if an.stopped() != nil {
			return // ExtractContext reports it
		}
		text := doc.Text[s.Start:s.End]
		var ms []mention
		found := findAcrossBrackets(an.p.gaz, text)
		for _, m := range found {
			if an.isOwnPublisher(m.Entry) || isHomonymState(an.p.gaz, text, m) ||
				m.Entry.Type == gazetteer.Organisation && strings.HasSuffix(text[:m.Start], "Operation ") {
				continue // "Operation Fatah's Blessing" names an operation
			}
			if (m.Entry.Type == gazetteer.Place || m.Entry.Type == gazetteer.Country) && m.Role != gazetteer.RoleDemonym &&
				rePersonTitle.MatchString(text[max(0, m.Start-30):m.Start]) && reNameAfter.MatchString(text[m.End:]) {
				continue // "Cabinet Secretary Aden Duale", "Acting Secretary Chad Wolf": a person
			}
			if m.Role == gazetteer.RoleCapital && (reCapitalAsPlace.MatchString(text[max(0, m.Start-40):m.Start]) || reCapitalAsName.MatchString(text[m.End:])) {
				// "a summit in Madrid" names the city; "Madrid said" the state.
				ms = append(ms, mention{
					Start: s.Start + m.Start, End: s.Start + m.End, Sentence: i,
					Type: gazetteer.Place, Name: m.Entry.Capital, Country: m.Entry.Code,
				})
				continue
			}
			if m.Entry.IsOutlet() {
				m.Entry = an.homeOutlet(m.Entry, text[m.Start:m.End]) // "CNA" on a Taiwanese page
			}
			ms = append(ms, mention{
				Start: s.Start + m.Start, End: s.Start + m.End, Sentence: i,
				Type: m.Entry.Type, Name: m.Entry.Name, Entry: m.Entry, Role: m.Role, Country: m.Entry.Country,
			})
			if c, ok := an.ownerInName(text, m); ok {
				c.Start, c.End, c.Sentence = s.Start+c.Start, s.Start+c.End, i
				ms = append(ms, c)
			}
		}
		for _, pb := range findPatternBases(text, an.p.gaz) {
			if pb.Region != nil {
				regional = append(regional, regionDescription{sent: i, region: pb.Region,
					at: mention{Start: s.Start + pb.Start, End: s.Start + pb.End, Sentence: i, Type: gazetteer.Base}})
				continue
			}
			if pb.Entry == nil && (len(an.p.gaz.Lookup(pb.Name, gazetteer.Place)) > 0 || pb.Ambiguous && !an.militaryNear(i)) {
				// "Fort Worth" is a city; "Camp Nou" a stadium and "Camp
				// Mystic" a summer camp unless the text is about forces.
				continue
			}
			start, end := s.Start+pb.Start, s.Start+pb.End
			// Gazetteer base matches inside the pattern span win; other
			// overlapping matches (a place inside "Gao Air Base") give way.
			keep := true
			ms = slices.DeleteFunc(ms, func(m mention) bool {
				if m.Start < end && start < m.End {
					if m.Type == gazetteer.Base {
						keep = false
						return false
					}
					return true
				}
				return false
			})
			if !keep {
				continue
			}
			m := mention{Start: start, End: end, Sentence: i, Type: gazetteer.Base, Name: pb.Name, Entry: pb.Entry}
			if pb.Entry != nil {
				m.Country = pb.Entry.Country
			}
			ms = append(ms, m)
		}
		for _, po := range findPatternOrgs(text, an.p.gaz, found) {
			start, end := s.Start+po.Start, s.Start+po.End
			blocked := false
			for _, m := range ms {
				if m.Start < end && start < m.End && (m.Type == gazetteer.Base || m.Type == gazetteer.Organisation && m.End-m.Start >= end-start) {
					blocked = true
				}
			}
			if blocked {
				continue
			}
			// The pattern's longer name replaces organisations and places
			// inside it; a country at its start stays a country mention.
			ms = slices.DeleteFunc(ms, func(m mention) bool {
				return m.Start >= start && m.End <= end && (m.Type == gazetteer.Organisation || m.Type == gazetteer.Place)
			})
			entry := &gazetteer.Entry{Type: gazetteer.Organisation, Name: po.Name, Kind: po.Kind, Country: po.Country, Source: "pattern"}
			if known := an.knownMinistry(po.Country, po.Name); known != nil {
				entry = known // "Romania's Defense Ministry" is the ministry the gazetteer holds
			}
			ms = append(ms, mention{Start: start, End: end, Sentence: i, Type: gazetteer.Organisation, Name: entry.Name, Entry: entry, Country: po.Country})
		}
		ms = append(ms, an.ministriesHere(i, text, ms)...)
		ms = append(ms, an.basesByPlace(i, text, ms)...)
		if i == 0 || doc.Sentences[i-1].Paragraph != s.Paragraph {
			// "PITUFFIK SPACE BASE, Greenland —", "BAGHDAD (Reuters) -":
			// where the copy was filed and by whom, not what it is about.
			if m := reCapsDateline.FindStringIndex(text); m != nil {
				ms = slices.DeleteFunc(ms, func(x mention) bool { return x.Start < s.Start+m[1] })
			}
		}
		slices.SortFunc(ms, func(a, b mention) int { return a.Start - b.Start })
		for k := 1; k < len(ms); k++ {
			if ms[k].Start < ms[k-1].End {
				continue
			}
			gap := strings.TrimSpace(doc.Text[ms[k-1].End:ms[k].Start])
			if ms[k].key() == ms[k-1].key() && (gap == "(" || gap == "," || gap == "/") {
				ms[k].Apposition = true
			}
		}
		an.mentions[i] = ms
		tense := sentenceTense(text)
		dateline := 0
		if i > 0 && doc.Sentences[i-1].Paragraph != s.Paragraph || i == 0 {
			if m := reDateline.FindStringIndex(text); m != nil {
				dateline = m[1] // "BUCHAREST, Oct 29 -" dates the report
			}
		}
		// The tense that resolves "on Sunday" is its own clause's: "arrived
		// on Sunday, with the rest expected next month" is last Sunday.
		lower := lowerKeepOffsets(text)
		other := Past
		if tense == Past {
			other = Future
		}
		// The dates read in the other tense are wanted only for a relative
		// date whose clause has that tense, which few sentences hold.
		var alt []DateMention
		altDone := false
		for _, d := range an.datesOf(i, tense) {
			if d.Start < dateline {
				continue
			}
			if d.Relative {
				cs, ce := clauseOf(an.clauseSpans(lower), d.Start)
				ct := sentenceTense(lower[cs:ce])
				if w := lower[max(0, d.Start-60):d.Start]; rePastVerbBefore.MatchString(w) && !reFuture.MatchString(w) && !reScheduled.MatchString(w) {
					ct = Past // "began on Monday ... and will run until May"
				}
				if w := lower[max(0, d.Start-30):d.Start]; reDeadline.MatchString(w) && !strings.Contains(w, "had ") {
					ct = Future // "ordered to leave by Sept. 15"
				}
				if ct != tense {
					if !altDone {
						alt, altDone = an.datesOf(i, other), true
					}
					for _, a := range alt {
						if a.Start == d.Start && a.End == d.End {
							d.Value = a.Value
						}
					}
				}
			}
			d.Start += s.Start
			d.End += s.Start
			an.dates[i] = append(an.dates[i], d)
		}
		for _, m := range ms {
			if m.Type == gazetteer.Country {
				counts[m.Country]++
			}
		}
	}
	an.dateQuotedToday()
	an.unquoteDeictic()
	an.chainDates()
	an.resolveRegionDescriptions(regional)
	an.shortFormOrgs()
	an.defineAcronyms()
	an.bareCoalition()
	best := 0
	for code, n := range counts {
		if n > best || n == best && code < an.focus {
			an.focus, best = code, n
		}
	}
	// The dominant country counts where things happen, not who acts: a
	// country after a locative preposition, a place's or a base's country.
	places := map[string]int{}
	for i, ms := range an.mentions {
		s := doc.Sentences[i]
		for _, m := range ms {
			switch {
			case m.Country == "":
			case m.Type == gazetteer.Place || m.Type == gazetteer.Base:
				places[m.Country]++
			case m.Type == gazetteer.Country && m.Role != gazetteer.RoleDemonym &&
				reLocativePlace.MatchString(doc.Text[max(s.Start, m.Start-40):m.Start]):
				places[m.Country]++
			}
		}
	}
	top, first, second := "", 0, 0
	for code, n := range places {
		if n > first || n == first && code < top {
			top, first = code, n
		}
	}
	for code, n := range places {
		if code != top && n > second {
			second = n
		}
	}
	if first >= 3 && first >= 2*second {
		an.dominant = top
	}
	// Bases from patterns take the country the sentence places them in.
	for i := range an.mentions {
		for j, m := range an.mentions[i] {
			if m.Type != gazetteer.Base || m.Country != "" {
				continue
			}
			if c := an.baseCountry[m.Name]; c != "" {
				an.mentions[i][j].Country = c
				continue
			}
			if c := an.locateBase(i, m); c != "" {
				an.baseCountry[m.Name] = c
				an.mentions[i][j].Country = c
			}
		}
	}
}

// bareCoalition resolves "the coalition", "the international coalition"
// and "coalition forces" in a story about Iraq or Syria to the coalition
// against the Islamic State, as readers there understand it, unless the
// story names another coalition.
func (an *analysis) bareCoalition() {
	var entry *gazetteer.Entry
	for _, e := range an.p.gaz.Lookup("Global Coalition to Defeat ISIS", gazetteer.Organisation) {
		entry = e
	}
	if entry == nil {
		return
	}
	levant := false
	for _, ms := range an.mentions {
		for _, m := range ms {
			if m.Type == gazetteer.Organisation && m.Entry != nil && m.Entry.Kind == "coalition" && m.Entry != entry {
				return // "the Saudi-led coalition" is another one
			}
			levant = levant || m.Country == "IQ" || m.Country == "SY" || m.Name == "Islamic State"
		}
	}
	if !levant {
		return
	}
	for i, s := range an.doc.Sentences {
		text := an.doc.Text[s.Start:s.End]
		for _, loc := range reBareCoalition.FindAllStringSubmatchIndex(text, -1) {
			g := 2 // "the (international) coalition", else "(coalition) forces"
			if loc[g] < 0 {
				g = 4
			}
			start, end := s.Start+loc[g], s.Start+loc[g+1]
			if slices.ContainsFunc(an.mentions[i], func(m mention) bool { return m.Start < end && start < m.End }) ||
				rePoliticalCoalition.MatchString(an.doc.Text[end:min(len(an.doc.Text), end+20)]) {
				continue
			}
			an.mentions[i] = append(an.mentions[i], mention{Start: start, End: end, Sentence: i, Type: gazetteer.Organisation,
				Name: entry.Name, Entry: entry, Role: gazetteer.RoleAlias})
		}
		slices.SortFunc(an.mentions[i], func(a, b mention) int { return a.Start - b.Start })
	}
}

var (
	reBareCoalition = mustPrefilter(`\b(?:[Tt]he\s+((?:international\s+)?coalition)\b|(coalition)\s+(?:forces|troops|aircraft|air defen[cs]es|bases?|officials|spokes(?:man|woman|person))\b)`)
	// "the coalition government", "the coalition's parties": politics.
	rePoliticalCoalition = regexp.MustCompile(`^(?:'s|’s)?\s+(?:government|governments|parties|party|cabinet|talks|politics|list|bloc|leaders?|partners|agreement|deal|members)\b`)
)

// defineAcronyms applies the article's own definitions of acronyms: in
// "a spokesman for the People's Armed Police (PAP)" the bracket defines
// PAP for the rest of the article, whatever else the gazetteer knows by
// that name (the Polish Press Agency). A market index named after a newspaper ("the
// Nikkei 225", "Nikkei futures") is not the newspaper.
func (an *analysis) defineAcronyms() {
	defined := map[string]mention{}
	for i, ms := range an.mentions {
		for k := range ms {
			m := &ms[k]
			surface := an.doc.Text[m.Start:m.End]
			if def, ok := defined[surface]; ok && m.key() != def.key() {
				m.Type, m.Name, m.Entry, m.Role, m.Country = def.Type, def.Name, def.Entry, gazetteer.RoleAlias, def.Country
			}
			if k > 0 && m.Type == gazetteer.Organisation && isAcronym(surface) && ms[k-1].End <= m.Start &&
				strings.TrimSpace(an.doc.Text[ms[k-1].End:m.Start]) == "(" && strings.HasPrefix(an.doc.Text[m.End:], ")") &&
				ms[k-1].key() != m.key() && (ms[k-1].Type == gazetteer.Organisation || ms[k-1].Type == gazetteer.Base) &&
				initialsMatch(ms[k-1].Name, surface) {
				p := ms[k-1]
				defined[surface] = p
				m.Type, m.Name, m.Entry, m.Role, m.Country, m.Apposition = p.Type, p.Name, p.Entry, gazetteer.RoleAlias, p.Country, true
			}
		}
		an.mentions[i] = slices.DeleteFunc(ms, func(m mention) bool {
			return m.Entry != nil && m.Entry.IsOutlet() && reMarketIndex.MatchString(an.doc.Text[m.End:min(len(an.doc.Text), m.End+30)])
		})
	}
}

var reMarketIndex = regexp.MustCompile(`^\s+(?:\d{2,4}\b|(?:stock |share )?(?:index|average|futures|stocks?|shares?)\b|(?:plung|fall|fell|ris|rose|gain|drop|slid|tumbl|soar|clos|jump|sank|sink|rall|slump|climb|rebound|surg)\w*\s+(?:\d|nearly|almost|more|over|to|by|sharply|steeply))`)

func isAcronym(s string) bool {
	n := 0
	for _, r := range s {
		if r >= 'a' && r <= 'z' {
			return false
		}
		if r >= 'A' && r <= 'Z' {
			n++
		}
	}
	return n >= 2
}

// initialsMatch reports whether an acronym's letters are, in order, the
// initials of a name's words ("PAP" in "People's Armed Police").
func initialsMatch(name, acr string) bool {
	var initials []byte
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '-' }) {
		if w[0] >= 'A' && w[0] <= 'Z' {
			initials = append(initials, w[0])
		}
	}
	letters := strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r
		}
		return -1
	}, acr)
	j := 0
	for i := 0; i < len(initials) && j < len(letters); i++ {
		if initials[i] == letters[j] {
			j++
		}
	}
	return j == len(letters) && letters != "" && letters[0] == initials[0]
}

// militaryNear reports armed-forces vocabulary in sentence i or a
// neighbouring sentence of the same paragraph, or an article about armed
// forces (three such sentences or more).
func (an *analysis) militaryNear(i int) bool {
	if an.militarySentences < 0 {
		an.militarySentences = 0
		for k := range an.doc.Sentences {
			if reMilitaryContext.MatchString(strings.ToLower(an.doc.SentenceText(k))) {
				an.militarySentences++
			}
		}
	}
	if an.militarySentences >= 3 {
		return true
	}
	for k := max(0, i-1); k <= min(len(an.doc.Sentences)-1, i+1); k++ {
		if an.doc.Sentences[k].Paragraph != an.doc.Sentences[i].Paragraph {
			continue
		}
		if reMilitaryContext.MatchString(strings.ToLower(an.doc.SentenceText(k))) {
			return true
		}
	}
	return false
}

// locateBase infers the host country of a base no gazetteer holds: the
// country the text places it in ("Camp X in Niger", "Camp X, Niger", a
// place near it), not the country of the forces using it ("U.S. F-35 jets
// landed at X air base"). It looks in the sentence, then in the sentences
// around it, then at the country the article is about, and only then takes
// the nearest country named however.
func (an *analysis) locateBase(sent int, base mention) string {
	if c := an.nearestHost(sent, base, hostPlaced); c != "" {
		return c
	}
	if c := an.nearestHost(sent, base, hostNamed); c != "" {
		return c
	}
	for d := 1; d <= 2; d++ {
		for _, k := range []int{sent - d, sent + d} {
			if k < 0 || k >= len(an.mentions) || an.doc.Sentences[k].Paragraph != an.doc.Sentences[sent].Paragraph && d > 1 {
				continue
			}
			if c := an.nearestHost(k, base, hostPlaced); c != "" {
				return c
			}
		}
	}
	for _, k := range []int{sent - 1, sent + 1} {
		if k >= 0 && k < len(an.mentions) && an.doc.Sentences[k].Paragraph == an.doc.Sentences[sent].Paragraph {
			if c := an.nearestHost(k, base, hostNamed); c != "" {
				return c
			}
		}
	}
	if an.dominant != "" {
		return an.dominant
	}
	return an.nearestHost(sent, base, hostAny)
}

// How strictly nearestHost reads a country as a base's location.
const (
	hostPlaced = iota // a place, or a country after a locative preposition
	hostNamed         // also a country that is no modifier of forces or kit
	hostAny
)

// reKitAfter is a model or unit name after a country: "U.S. F-35 jets",
// "British Typhoons".
var reKitAfter = regexp.MustCompile(`^(?:'s|’s)?\s+(?:[A-Z]+-?\d[\w-]*|[A-Z][a-z]+s|Air Force|Army|Navy|Marine Corps|Marines|Space Force|Coast Guard|Special Forces|Central Command|European Command|Africa Command)\b|^-(?:led|made|built|backed|supplied|operated)\b`)

func (an *analysis) nearestHost(sent int, base mention, level int) string {
	best, bestDist := "", 1<<30
	st := an.doc.Sentences[sent].Start
	for _, m := range an.mentions[sent] {
		if m.Type != gazetteer.Country && m.Type != gazetteer.Place || m.Country == "" || m.Role == gazetteer.RoleDemonym {
			continue
		}
		if m.Type == gazetteer.Country && level < hostAny {
			after := an.doc.Text[m.End:min(len(an.doc.Text), m.End+40)]
			if an.modifierUse(m) || reKitAfter.MatchString(after) || reAgentBy.MatchString(an.doc.Text[max(st, m.Start-20):m.Start]) {
				continue // "delivered by the United States": who acted, not where
			}
			if level == hostPlaced && !reLocativePlace.MatchString(an.doc.Text[max(st, m.Start-40):m.Start]) &&
				!(m.Start > base.End && strings.TrimSpace(an.doc.Text[base.End:m.Start]) == ",") {
				continue
			}
		}
		dist := m.Start - base.End
		if dist < 0 || m.Sentence != base.Sentence {
			dist = 4 * abs(base.Start-m.End) // prefer what follows: "X in Niger"
		}
		if dist < bestDist {
			best, bestDist = m.Country, dist
		}
	}
	return best
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// isOwnPublisher reports whether an organisation entry is the article's own
// publisher, which the record carries in article.publisher instead.
func (an *analysis) isOwnPublisher(e *gazetteer.Entry) bool {
	if e.Type != gazetteer.Organisation || !e.IsOutlet() {
		return false
	}
	names := []string{an.art.Publisher, an.publisher.Name}
	for _, n := range names {
		if n == "" {
			continue
		}
		fn := gazetteer.Fold(n)
		if gazetteer.Fold(e.Name) == fn || strings.HasPrefix(fn, gazetteer.Fold(e.Name)+" ") || strings.HasPrefix(gazetteer.Fold(e.Name), fn+" ") {
			return true
		}
		for _, al := range e.Aliases {
			if gazetteer.Fold(al) == fn {
				return true
			}
		}
	}
	return false
}

// countryName returns the canonical name of an ISO code.
func (an *analysis) countryName(code string) string {
	if e := an.p.gaz.CountryByCode(code); e != nil {
		return e.Name
	}
	return code
}

// isCountryName reports whether name is the gazetteer's name of the
// country with this code.
func (an *analysis) isCountryName(code, name string) bool {
	e := an.p.gaz.CountryByCode(code)
	return code != "" && e != nil && e.Name == name
}

func (an *analysis) record(events []newsgraph.Event) newsgraph.Extraction {
	a := an.art
	rec := newsgraph.ArticleRecord{
		ID: schema.ArticleID(a), URL: a.URL, Title: a.Title, Publisher: a.Publisher,
		PublisherDomain: a.PublisherDomain, Language: a.Language, Tags: a.Tags, Hash: a.Hash,
	}
	if rec.PublisherDomain == "" {
		rec.PublisherDomain = an.publisher.Domain
	}
	if an.publisher.Country != "" {
		rec.PublisherCountry = an.countryName(an.publisher.Country)
	}
	if !a.Published.IsZero() {
		// In the publisher's own zone: its date part is the day the
		// publisher printed, which is what analysts filter on.
		rec.Published = a.Published.Format(time.RFC3339)
	}
	if rec.Language == "" {
		rec.Language = "en"
	}
	x := newsgraph.Extraction{Article: rec, Entities: []newsgraph.Entity{}, Events: events}
	if x.Events == nil {
		x.Events = []newsgraph.Event{}
	}
	for i := range x.Events {
		ev := &x.Events[i]
		ev.GazetteerCountry = an.isCountryName(ev.CountryCode, ev.Country)
		ev.GazetteerActor = an.isCountryName(ev.ActorCountryCode, ev.Actor)
	}
	if a.Publisher != "" {
		// Keyed by the domain the publisher table gives, else the URL's:
		// edition.cnn.com and cnn.com are one publisher, and a cited
		// outlet with a known domain is the same node (see entity).
		key := cmp.Or(an.publisher.Domain, a.PublisherDomain, a.Publisher)
		pub := newsgraph.Entity{
			ID: schema.EntityID(newsgraph.TypePublisher, key), Type: newsgraph.TypePublisher,
			Name: a.Publisher, Mentions: []string{}, Country: rec.PublisherCountry, CountryCode: an.publisher.Country,
		}
		if a.PublisherDomain != "" {
			pub.Aliases = []string{a.PublisherDomain}
		}
		x.Entities = append(x.Entities, pub)
	}
	byKey := map[string]int{}
	for _, ms := range an.mentions {
		for _, m := range ms {
			surface := an.doc.Text[m.Start:m.End]
			k := m.key()
			i, ok := byKey[k]
			if !ok {
				i = len(x.Entities)
				byKey[k] = i
				x.Entities = append(x.Entities, an.entity(m))
			}
			e := &x.Entities[i]
			if !slices.Contains(e.Mentions, surface) {
				e.Mentions = append(e.Mentions, surface)
			}
			if !slices.Contains(e.Sentences, m.Sentence) {
				e.Sentences = append(e.Sentences, m.Sentence)
			}
		}
	}
	an.addCredited(&x, byKey)
	for i := range x.Entities {
		e := &x.Entities[i]
		e.GazetteerCountry = an.isCountryName(e.CountryCode, e.Country)
	}
	// Dates that events carry are entities too, so a timeline can start
	// from a date node.
	for _, ev := range x.Events {
		if ev.Date == "" {
			continue
		}
		k := newsgraph.TypeDate + "\x00" + ev.Date
		if _, ok := byKey[k]; ok {
			continue
		}
		byKey[k] = len(x.Entities)
		x.Entities = append(x.Entities, newsgraph.Entity{
			ID: schema.EntityID(newsgraph.TypeDate, ev.Date), Type: newsgraph.TypeDate, Name: ev.Date, Mentions: []string{},
		})
	}
	return x
}

// outlet finds an organisation in the table of news publishers, by its
// name or one of its aliases.
func (an *analysis) outlet(m mention) (loaders.Publisher, bool) {
	names := []string{m.Name}
	if m.Entry != nil {
		names = append(names, m.Entry.Aliases...)
	}
	for _, n := range names {
		if p, ok := loaders.LookupPublisherByName(n); ok {
			return p, true
		}
	}
	return loaders.Publisher{}, false
}

func (an *analysis) entity(m mention) newsgraph.Entity {
	e := newsgraph.Entity{Type: m.Type, Name: m.Name}
	switch m.Type {
	case gazetteer.Country:
		e.Code = m.Country
		e.ID = schema.EntityID(newsgraph.TypeCountry, m.Country)
	case gazetteer.Place:
		e.Country, e.CountryCode = an.countryName(m.Country), m.Country
		e.ID = schema.EntityID(newsgraph.TypePlace, m.Name+"|"+m.Country)
	default:
		if m.Country != "" {
			e.Country, e.CountryCode = an.countryName(m.Country), m.Country
		}
		e.ID = schema.EntityID(m.Type, m.Name)
		if m.Type == gazetteer.Organisation {
			if p, ok := an.outlet(m); ok {
				// A cited outlet ("Kurdistan24 reported") is the node of
				// the publisher of Kurdistan24's own articles.
				e.ID = schema.EntityID(newsgraph.TypePublisher, p.Domain)
			}
		}
	}
	if en := m.Entry; en != nil {
		// A mention may name an entry under another name or place it in
		// another country (an outlet by its home edition): only the
		// entry's own form is the gazetteer's to state.
		own := en.Country
		if en.Type == gazetteer.Country {
			own = en.Code
		}
		e.Gazetteer = m.Type == en.Type && m.Name == en.Name && m.Country == own
		e.Aliases = slices.Clone(en.Aliases)
		e.Kind = en.Kind
		if len(en.Operators) > 0 {
			for _, op := range en.Operators {
				if c := an.p.gaz.CountryByCode(op); c != nil {
					e.Operators = append(e.Operators, c.Name)
				} else {
					e.Operators = append(e.Operators, op)
				}
			}
		}
		if en.HasGeo {
			lat, lon := en.Lat, en.Lon
			e.Lat, e.Lon = &lat, &lon
		}
	}
	return e
}

// GazetteerEntities are the entities of every gazetteer entry as an
// article naming the entry by its own name records them (see
// newsgraph.Entity.Gazetteer): what the gazetteer knows, for moving those
// facts out of the article graphs of a store written before they were
// stored once.
func (p *Pipeline) GazetteerEntities() []newsgraph.Entity {
	an := &analysis{p: p}
	var out []newsgraph.Entity
	for _, en := range p.gaz.Entries() {
		m := mention{Type: en.Type, Name: en.Name, Entry: en, Country: en.Country}
		if en.Type == gazetteer.Country {
			m.Country = en.Code
		}
		out = append(out, an.entity(m))
	}
	return out
}

var (
	// "the naval facility in Tartus", "the bases in Faya-Largeau ... and
	// Abéché": a base named by the place it is in.
	reBaseInPlace = mustPrefilter(`(?i)\b((?:air|naval|military|army)\s+)?(base|bases|airbase|airbases|airfield|airfields|air field|facility|facilities|garrison|garrisons|camp|camps|outpost|outposts|installation|installations|(?:logistics|supply|support) point)\s+(?:in|at|near|outside|on)\s+(?:the\s+)?(?:(?:northern|southern|eastern|western|central|north-?eastern|north-?western|south-?eastern|south-?western|\p{Lu}\S*)\s+){0,2}(?:(?:town|city|port|village|province|region|district)\s+of\s+)?$`)
	// reMilitaryContext is armed-forces vocabulary other than the word
	// "base" itself, which businesses and sports teams have too.
	reMilitaryContext = mustPrefilter(`\b(?:troops?|forces|soldiers|military|army|navy|naval|marines?|air force|peacekeep\w*|garrison|warships?|jets|drones?|missiles?|defen[cs]e|coalition|deployment|withdrawal|militar\w+)\b`)
	// An all-caps dateline: the filing place, an optional region or
	// country, an optional date and agency in brackets, then a dash.
	reCapsDateline   = regexp.MustCompile(`^\p{Lu}[\p{Lu}\p{N}'’.-]+(?:\s+[\p{Lu}\p{N}'’.-]+)*(?:,\s*\p{Lu}[\p{L}.]*(?:\s+\p{Lu}[\p{L}.]*){0,2})?(?:,\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})(?:,?\s+\d{4})?)?\s*(?:\([\p{L} .&-]+\)\s*)?(?:-|—|–|--)\s+`)
	reDateline       = regexp.MustCompile(`^[\p{Lu}][\p{Lu} .'’-]+(?:,\s*[\p{L} .]+)?,\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})(?:,?\s+\d{4})?\s*(?:-|—|–|\(\w+\)\s*-?)\s*`)
	reCapitalAsPlace = mustPrefilter(`(?i)\b(?:in|at|to|from|into|near|outside|around|across|via|visit(?:ed|ing|s)?)\s+(?:the\s+)?(?:capital,?\s+)?$`)
	reLocativePlace  = regexp.MustCompile(`(?i)\b(?:in|into|inside|across|throughout|from|to)\s+(?:the\s+)?(?:\S+ern\s+)?$`)
	// "NATO's Madrid summit", "the Minsk agreements": a city naming a
	// meeting or a treaty, not its state.
	reCapitalAsName  = regexp.MustCompile(`^\s+(?:summit|talks|conference|meeting|format|process|declaration|accords?|agreements?|protocol|memorandum|communiqu[eé])\b`)
	rePersonTitle    = mustPrefilter(`\b(?:Secretary|Minister|President|Premier|Chancellor|General|Gen\.|Colonel|Col\.|Admiral|Adm\.|Commander|[Ss]pokes(?:man|woman|person)|Ambassador|Governor|Gov\.|Mayor|Senator|Sen\.|Rep\.|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Lt\.?|Capt\.?|Maj\.?|Sgt\.?|Prince|King|Queen|Sheikh|Chief|Director|Envoy)\s+$`)
	reNameAfter      = regexp.MustCompile(`^\s+\p{Lu}\p{Ll}`)
	rePastVerbBefore = mustPrefilter(`\b(?:\w+ed|began|left|went|came|took|struck|hit|met|held|said|told|sent|flew|fought|won|lost|made|broke|drove|withdrew|overran|shot|stood)\s+(?:\S+\s+){0,5}?(?:(?:on|last|early|late)\s+)?$`)
	reScheduled      = mustPrefilter(`\b(?:scheduled|expected|planned|slated|poised|supposed|intended|set|due)\b`)
	reDeadline       = mustPrefilter(`\b(?:by|before|deadline of)\s+$`)
	rePortOf         = mustPrefilter(`(?i)\b(?:port|harbou?r)\s+(?:city\s+)?of\s+$`)
	reNavalWords     = mustPrefilter(`\b(?:warships?|navy|naval|fleet|frigates?|submarines?|destroyers?|corvettes?)\b`)
	reForcesAt       = mustPrefilter(`(?i)\b(?:contingent|garrison|battlegroup|battle group|troops|forces|soldiers|presence|personnel)\s+at\s+$`)
	reBaseListAnd    = regexp.MustCompile(`(?i)^(?:\s+in\s+the\s+\S+)?\s*(?:,|and|, and)\s+$`)
)

// basesByPlace finds bases named by the place they are in. A gazetteer
// base in that place is preferred ("the base in Erbil" is Erbil Air Base);
// otherwise the base is named after the place.
func (an *analysis) basesByPlace(si int, text string, ms []mention) []mention {
	s := an.doc.Sentences[si]
	var out []mention
	plural := false
	prevEnd := -1
	kind := ""
	for _, m := range ms {
		if m.Type != gazetteer.Place {
			continue
		}
		rs, re := m.Start-s.Start, m.End-s.Start
		before := text[max(0, rs-80):rs]
		matched := false
		if m.Entry == nil || m.Entry.Kind != "city" && m.Entry.Kind != "island" && m.Entry.Kind != "town" {
			// Provinces, regions and seas hold many installations.
			plural = false
			continue
		}
		if mm := reBaseInPlace.FindStringSubmatchIndex(before); mm != nil && an.baseNounIsGeneric(before[:mm[0]]) && reMilitaryContext.MatchString(strings.ToLower(text)) {
			matched = true
			sub := func(i int) string {
				if mm[2*i] < 0 {
					return ""
				}
				return before[mm[2*i]:mm[2*i+1]]
			}
			mm := []string{"", sub(1), sub(2)}
			noun := strings.ToLower(mm[2])
			plural = strings.HasSuffix(noun, "s") && noun != "camps" || noun == "facilities" || noun == "camps"
			kind = strings.ToLower(strings.TrimSpace(mm[1]))
			if noun == "airbase" || noun == "airbases" || strings.HasPrefix(noun, "airfield") || noun == "air field" {
				kind = "air"
			}
			if kind == "" && (strings.HasPrefix(noun, "garrison") || strings.HasPrefix(noun, "camp")) {
				kind = "army"
			}
		} else if plural && prevEnd >= 0 && reBaseListAnd.MatchString(text[prevEnd:rs]) {
			matched = true
		} else if rePortOf.MatchString(before) && reNavalWords.MatchString(strings.ToLower(text)) || reForcesAt.MatchString(before) {
			// "warships left the port of Tartus", "its contingent at
			// Tapa": the installation there, when the gazetteer has one.
			k := "naval"
			if reForcesAt.MatchString(before) {
				k = ""
			}
			if _, e := an.baseAt(m, k); e != nil && kindFits(k, e.Kind) {
				matched, kind, plural = true, k, false
			}
		}
		if !matched {
			plural = false
			continue
		}
		prevEnd = re
		name, entry := an.baseAt(m, kind)
		if entry == nil && slices.ContainsFunc(ms, func(o mention) bool { return o.Type == gazetteer.Base }) {
			// "Incirlik ... the base near Adana": the sentence already
			// names the base; do not invent a second one.
			continue
		}
		bm := mention{Start: m.Start, End: m.End, Sentence: si, Type: gazetteer.Base, Name: name, Entry: entry, Country: m.Country}
		if entry != nil {
			bm.Country = entry.Country
		}
		out = append(out, bm)
	}
	return out
}

// baseNounIsGeneric reports whether the words before "base in X" make
// it a description ("the", "its", "a French", "two U.S.") rather than the
// tail of a name ("the Hmeimim base in Latakia").
func (an *analysis) baseNounIsGeneric(before string) bool {
	words := strings.Fields(before)
	if len(words) == 0 {
		return true
	}
	last := strings.Trim(words[len(words)-1], ",;:\"'’")
	if last == "" || strings.ToLower(last[:1]) == last[:1] || orgNoise[strings.ToLower(last)] {
		return true // a determiner or an adjective, also at a sentence's start
	}
	for _, e := range an.p.gaz.Lookup(strings.TrimSuffix(strings.TrimSuffix(last, "'s"), "’s"), "") {
		if e.Type == gazetteer.Country || e.Type == gazetteer.Organisation {
			return true // "a French base in", "a NATO base in"
		}
	}
	return false
}

// kindFits reports whether a gazetteer base kind suits the noun the text
// used ("air" for "air base", "" for "base", "garrison", "camp").
func kindFits(noun, kind string) bool {
	switch noun {
	case "air":
		return kind == "air base" || kind == "airfield"
	case "naval":
		return kind == "naval base" || kind == "support base"
	case "army", "military":
		return kind == "army base" || kind == "garrison" || kind == "training area"
	}
	return true
}

// baseAt returns the gazetteer base in a place, or a name for it.
func (an *analysis) baseAt(place mention, kind string) (string, *gazetteer.Entry) {
	pf := gazetteer.Fold(place.Name)
	var best *gazetteer.Entry
	// "the air base in X" is X's air base, "the garrison in X" its army
	// post; otherwise the shortest name wins.
	better := func(e *gazetteer.Entry) bool {
		if best == nil {
			return true
		}
		if a, b := kindFits(kind, e.Kind), kindFits(kind, best.Kind); a != b {
			return a
		}
		return len(e.Name) < len(best.Name)
	}
	for _, e := range an.p.gaz.Entries() {
		if e.Type != gazetteer.Base || e.Country != place.Country {
			continue
		}
		names := append([]string{e.Name}, e.Aliases...)
		for _, n := range names {
			if strings.Contains(" "+gazetteer.Fold(n)+" ", " "+pf+" ") {
				if better(e) {
					best = e
				}
				break
			}
		}
	}
	if best != nil {
		return best.Name, best
	}
	switch kind {
	case "air":
		return place.Name + " Air Base", nil
	case "naval":
		return place.Name + " Naval Base", nil
	}
	return place.Name + " Base", nil
}
