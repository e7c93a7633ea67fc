package queries

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/extract/gazetteer"
)

// How a question is read: its names, event words, negation and time,
// and the role each name plays.

// reading is a question as the recognisers read it.
type reading struct {
	// core is the question without its time frame; shape is core with
	// each recognised name replaced by its token "@i".
	core, shape string
	ments       []*nameMention
	events      []*eventMention
	negation    string
	negUsed     bool
	tf          timeFrame
	timeUsed    bool
	// timeHeld: the form took the time frame and could not use all of it;
	// it must not go to the query's event dates instead.
	timeHeld bool
	stray    []string
}

type nameMention struct {
	Recognised
	// start and end are the name's offsets in core.
	start, end int
	tok        string
	// at is where the token stands in shape.
	at   int
	used bool
}

type eventMention struct {
	typ, text string
	at        int
	used      bool
}

var reNegation = regexp.MustCompile(`(?i)\b(?:denied|deny|denies|denying|denials?|negated|not|never|rejected|refuted|dismissed|false(?:ly)?)\b|n't\b`)

func (a *Asker) read(question string, now time.Time) *reading {
	q := strings.Join(strings.Fields(question), " ")
	q = strings.TrimRight(q, "?!. ")
	q = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(q, "please "), "Please "))
	rd := &reading{}
	rd.core, rd.tf = splitTimeFrame(q, now)
	var b strings.Builder
	last := 0
	for i, m := range a.names(rd.core) {
		m.tok = "@" + strconv.Itoa(i)
		b.WriteString(rd.core[last:m.start])
		m.at = b.Len()
		b.WriteString(m.tok)
		last = m.end
		rd.ments = append(rd.ments, m)
	}
	b.WriteString(rd.core[last:])
	rd.shape = b.String()
	for _, w := range extract.EventWords(rd.shape) {
		rd.events = append(rd.events, &eventMention{typ: w.Type, text: rd.shape[w.Start:w.End], at: w.Start})
	}
	if m := reNegation.FindString(rd.shape); m != "" {
		rd.negation = m
	}
	rd.stray = strayDates(rd.shape, now)
	return rd
}

// names finds the names in a question: the gazetteer's entries and, in
// between, runs of capitalised words it does not know ("Adji Kossei"), kind
// "name", which go to the query as written rather than being dropped.
func (a *Asker) names(core string) []*nameMention {
	var out []*nameMention
	taken := make([]bool, len(core)+1)
	if a.gaz != nil {
		for _, m := range a.gaz.Find(core) {
			out = append(out, &nameMention{Recognised: Recognised{Text: core[m.Start:m.End], Kind: kindOf(m.Entry), Value: m.Entry.Name}, start: m.Start, end: m.End})
			for i := m.Start; i < m.End; i++ {
				taken[i] = true
			}
		}
	}
	for _, loc := range reCapitalRun.FindAllStringIndex(core, -1) {
		start, end := loc[0], loc[1]
		if start == 0 {
			// The question's first word is capitalised anyway.
			sp := strings.IndexByte(core[:end], ' ')
			if sp < 0 {
				continue
			}
			start = sp + 1
		}
		text := strings.TrimRight(core[start:end], ".")
		text = strings.TrimSuffix(strings.TrimSuffix(text, "'s"), "’s")
		end = start + len(text)
		if start >= end || slices.Contains(taken[start:end], true) || genericRun(text) {
			continue
		}
		out = append(out, &nameMention{Recognised: Recognised{Text: text, Kind: "name", Value: text}, start: start, end: end})
	}
	slices.SortFunc(out, func(a, b *nameMention) int { return a.start - b.start })
	return out
}

var reCapitalRun = regexp.MustCompile(`\b[A-Z][\p{L}\d'’.\-]*(?: (?:(?:al|el|de|du|la|of|the|bin|ibn) )*[A-Z0-9][\p{L}\d'’.\-]*)*`)

// genericRun reports a capitalised run of common words only ("Air Base",
// "I"), which names nothing.
func genericRun(text string) bool {
	for _, w := range strings.Fields(strings.ToLower(text)) {
		switch w {
		case "i", "base", "bases", "air", "naval", "camp", "camps", "forces", "troops", "military", "army", "navy", "station", "airbase", "airbases", "who", "which", "what", "where", "when", "did", "does", "has", "have", "was", "were", "is", "are", "list", "show", "find", "tell":
			continue
		}
		return false
	}
	return true
}

func kindOf(e *gazetteer.Entry) string {
	switch {
	case e.IsOutlet():
		return "publisher"
	case e.Type == gazetteer.Country:
		return "country"
	case e.Type == gazetteer.Base:
		return "base"
	case e.Type == gazetteer.Place:
		return "place"
	}
	return "organisation"
}

// reset forgets what a form that did not fit marked as used.
func (rd *reading) reset() {
	for _, m := range rd.ments {
		m.used = false
	}
	for _, e := range rd.events {
		e.used = false
	}
	rd.negUsed, rd.timeUsed, rd.timeHeld = false, false, false
}

// recognised lists what the question named, in order.
func (rd *reading) recognised() []Recognised {
	var out []Recognised
	for _, m := range rd.ments {
		out = append(out, m.Recognised)
	}
	for _, e := range rd.events {
		out = append(out, Recognised{Text: e.text, Kind: "event", Value: e.typ})
	}
	if rd.negation != "" {
		out = append(out, Recognised{Text: rd.negation, Kind: "negation", Value: "true"})
	}
	for _, t := range rd.tf.text {
		out = append(out, Recognised{Text: t, Kind: "time", Value: strings.Trim(rd.tf.from+".."+rd.tf.to, ".")})
	}
	for _, s := range rd.stray {
		out = append(out, Recognised{Text: s, Kind: "time"})
	}
	return out
}

// unused lists what the plan does not apply.
func (rd *reading) unused() []Recognised {
	var out []Recognised
	for _, m := range rd.ments {
		if !m.used {
			out = append(out, m.Recognised)
		}
	}
	for _, e := range rd.events {
		if !e.used {
			out = append(out, Recognised{Text: e.text, Kind: "event", Value: e.typ})
		}
	}
	if rd.negation != "" && !rd.negUsed {
		out = append(out, Recognised{Text: rd.negation, Kind: "negation", Value: "true"})
	}
	if !rd.tf.empty() && !rd.timeUsed {
		out = append(out, Recognised{Text: strings.Join(rd.tf.text, " "), Kind: "time", Value: strings.Trim(rd.tf.from+".."+rd.tf.to, ".")})
	}
	for _, s := range rd.stray {
		// A date inside the question (not a trailing time frame) has no
		// filter to go to.
		out = append(out, Recognised{Text: s, Kind: "time"})
	}
	return out
}

// applyTime puts the time frame into the query's date filters.
func (rd *reading) applyTime(m Module, args Args) {
	if rd.tf.empty() || rd.timeUsed || rd.timeHeld {
		return
	}
	if rd.tf.lastRefresh {
		if hasParam(m, filterIngestedSince) && rd.tf.from == "" && rd.tf.to == "" {
			args[filterIngestedSince] = LastRefresh
			rd.timeUsed = true
		}
		return
	}
	if hasParam(m, "from") && hasParam(m, "to") {
		setIf(args, "from", rd.tf.from)
		setIf(args, "to", rd.tf.to)
		rd.timeUsed = true
	}
}

// event is the type of the question's event words, marking them used; a
// second type is left unused, so the question is refused rather than
// answered for one of them.
func (rd *reading) event() string {
	if len(rd.events) == 0 {
		return ""
	}
	t := rd.events[0].typ
	for _, e := range rd.events {
		if e.typ == t {
			e.used = true
		}
	}
	return t
}

// negated is "true" when the question has a negation word.
func (rd *reading) negated() string {
	if rd.negation == "" {
		return ""
	}
	rd.negUsed = true
	return "true"
}

var reToken = regexp.MustCompile(`@\d+`)

// slot turns a stretch of shape back into text for a query that takes a
// name as typed: a lone token is its canonical name; otherwise the words
// as written.
func (rd *reading) slot(s string) string {
	s = strings.TrimSpace(s)
	if m := rd.token(s); m != nil {
		m.used = true
		return m.Value
	}
	// Names inside a longer phrase stay unused: the query looks the
	// phrase up as one name, which filters on none of them.
	s = reToken.ReplaceAllStringFunc(s, func(tok string) string {
		if m := rd.token(tok); m != nil {
			return m.Text
		}
		return tok
	})
	return cleanEntity(s)
}

// token returns the mention a slot is, ignoring a leading "the".
func (rd *reading) token(s string) *nameMention {
	s = strings.TrimSpace(s)
	for _, p := range []string{"the ", "The "} {
		s = strings.TrimPrefix(s, p)
	}
	for _, m := range rd.ments {
		if m.tok == s {
			return m
		}
	}
	return nil
}

// Roles a name plays in an event question.
const (
	roleActor    = "actor"
	roleBase     = "base"
	roleCountry  = "country"
	roleHost     = "host-country"
	roleOperator = "operator"
)

var (
	reOperatorAfter = regexp.MustCompile(`^(?:'s|’s)?(?: (?:military|air|naval|army))? (?:bases?|airbases?|facilities|installations|outposts)\b`)
	reActorAfter    = regexp.MustCompile(`^(?:'s|’s)? (?:forces|troops|soldiers|military|army|navy|marines|personnel|peacekeepers|contingent|mission)\b`)
	reOperatedBy    = regexp.MustCompile(`\b(?:operated|run|used|manned|held|controlled|owned) by $`)
	reBasesIn       = regexp.MustCompile(`\b(?:bases?|airbases?|facilities|installations) (?:in|inside|within|across) (?:the )?$`)
	reByBefore      = regexp.MustCompile(`\bby (?:the )?$`)
	reInBefore      = regexp.MustCompile(`\b(?:in|inside|within|across) (?:the )?$`)
	reAtBefore      = regexp.MustCompile(`\b(?:at|from|to|on|into|of|over|near|around|toward|towards) (?:the )?$`)
)

// role says what a name is to the question's event, from the words around
// it: "by X" acted, "bases in X" hosts, "X's bases" and "bases operated by
// X" operate, "at/from/to X" is where (a base, or the country), and
// otherwise a name before the event word acted (a base there is the
// passive subject: "was Victory Base handed over") and one after it is
// where.
func (rd *reading) role(m *nameMention) string {
	before, after := rd.shape[:m.at], rd.shape[m.at+len(m.tok):]
	place := func() string {
		// A name the gazetteer does not know is looked up as a base, by
		// any name or alias, fuzzily.
		if m.Kind == "base" || m.Kind == "name" {
			return roleBase
		}
		return roleCountry
	}
	switch {
	case reOperatorAfter.MatchString(after), reOperatedBy.MatchString(before):
		return roleOperator
	case reActorAfter.MatchString(after), reByBefore.MatchString(before):
		return roleActor
	case reBasesIn.MatchString(before) && m.Kind != "base":
		return roleHost
	case reInBefore.MatchString(before), reAtBefore.MatchString(before):
		return place()
	}
	evAt := -1
	if len(rd.events) > 0 {
		evAt = rd.events[0].at
	}
	if evAt >= 0 && m.at > evAt {
		return place()
	}
	if m.Kind == "base" {
		return roleBase
	}
	return roleActor
}

// roleArgs puts every name into the argument its role maps to (want maps
// roles to parameter names; a role missing there is left unused, and a
// second name for the same argument too).
func (rd *reading) roleArgs(args Args, want map[string]string) {
	for _, m := range rd.ments {
		if m.Kind == "publisher" {
			continue
		}
		p, ok := want[rd.role(m)]
		if !ok || args[p] != "" {
			continue
		}
		args[p] = m.Value
		m.used = true
	}
}

// The argument each role becomes in each query.
var (
	eventsRoles    = map[string]string{roleActor: "actor", roleBase: "base", roleCountry: "country", roleHost: filterHostCountry, roleOperator: filterOperator}
	basesRoles     = map[string]string{roleActor: "actor", roleCountry: "country", roleHost: "country", roleOperator: "operator"}
	countriesRoles = map[string]string{roleOperator: "operator", roleActor: "operator"}
)
