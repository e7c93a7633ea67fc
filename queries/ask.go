package queries

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/extract/gazetteer"
	"github.com/newsgraph/newsgraph/graph"
)

// Questions in plain English become named queries. A question is read
// with the extractor's own recognisers: the gazetteer finds countries
// (demonyms too: "Russian bases" are Russia's), bases, organisations and
// publishers; the trigger lexicons find event words ("left", "pull out":
// withdrawal); negation words mark denials; the date resolver reads time
// phrases. The form of the question (which words it starts with, where
// each name stands) chooses the query, and every recognised thing must
// become one of its filters: a question naming something the chosen
// query cannot apply is refused with the word named, never answered as if
// the word were absent. The answer shows the query it ran.

// ErrNoTemplate means no question form matched; the error is a
// *NoMatchError listing the questions that can be answered.
var ErrNoTemplate = errors.New("no question form matches")

// ErrRefused means a question names something the query its form
// becomes cannot apply; the error is a *RefusalError.
var ErrRefused = errors.New("the question names something its query cannot filter on")

// NoMatchError is returned for a question no form matches.
type NoMatchError struct {
	Question string
	// Examples are questions of every form Ask understands.
	Examples []string
}

func (e *NoMatchError) Error() string {
	return fmt.Sprintf("%v %q; questions I can answer look like: %s", ErrNoTemplate, e.Question, strings.Join(e.Examples, " | "))
}

func (e *NoMatchError) Unwrap() error { return ErrNoTemplate }

// RefusalError names what a question recognised and could not apply.
type RefusalError struct {
	Question string
	// Form is the question form that matched, and Query the query it
	// would have run without the words.
	Form, Query string
	Unused      []Recognised
}

func (e *RefusalError) Error() string {
	var words []string
	for _, u := range e.Unused {
		w := fmt.Sprintf("%q (%s", u.Text, u.Kind)
		if u.Value != "" && !strings.EqualFold(u.Value, u.Text) {
			w += " " + u.Value
		}
		words = append(words, w+")")
	}
	return fmt.Sprintf("I cannot answer %q as asked: %s would not be applied by the %s query of the form %q, and I will not answer as if %s",
		e.Question, strings.Join(words, ", "), e.Query, e.Form, map[bool]string{true: "it were absent", false: "they were absent"}[len(words) == 1])
}

// Unwrap makes a refusal both ErrRefused and ErrNoTemplate: no form takes
// the question as asked.
func (e *RefusalError) Unwrap() []error { return []error{ErrRefused, ErrNoTemplate} }

// Recognised is one thing a question names.
type Recognised struct {
	// Text is as written in the question.
	Text string `json:"text"`
	// Kind is country, base, organisation, place, publisher, event,
	// negation or time.
	Kind string `json:"kind"`
	// Value is what it means: a canonical name, an event type, a date.
	Value string `json:"value,omitempty"`
}

// Plan is what a question became.
type Plan struct {
	Question string `json:"question"`
	// Template is the form of question that matched.
	Template string `json:"template"`
	Query    string `json:"query"`
	// Args are the arguments the question gave (defaults left out).
	Args Args `json:"args"`
	// Command is the same query as a command line, and Path as an HTTP
	// request path.
	Command string `json:"command"`
	Path    string `json:"path"`
	// Recognised is everything the question named; each is in Args.
	Recognised []Recognised `json:"recognised,omitempty"`
	// YesNo marks a yes/no question: its answer has a Verdict.
	YesNo bool `json:"yes_no,omitempty"`
}

// Verdicts of a yes/no question.
const (
	VerdictYes      = "yes"
	VerdictNo       = "no"
	VerdictDisputed = "disputed"
	VerdictUnknown  = "unknown"
)

// Answer is a plan and its result.
type Answer struct {
	Plan
	// Verdict answers a yes/no question from the rows: yes when reports
	// assert it, no when they only deny it, disputed when some assert and
	// others deny, unknown when nothing reports it.
	Verdict string  `json:"verdict,omitempty"`
	Result  *Result `json:"result"`
}

// Asker answers questions. It holds the gazetteer, which takes seconds to
// load: build one per process and share it.
type Asker struct {
	gaz *gazetteer.Gazetteer
}

// NewAsker returns an Asker reading questions with g (the extraction
// pipeline's: extract.Pipeline.Gazetteer).
func NewAsker(g *gazetteer.Gazetteer) *Asker { return &Asker{gaz: g} }

// Ask interprets a question and runs the query it becomes. now anchors
// relative dates ("this year", "since June"). On a query error the answer
// still carries the plan, so callers can show what was asked.
func (a *Asker) Ask(ctx context.Context, s *graph.Store, question string, now time.Time) (*Answer, error) {
	p, err := a.Interpret(question, now)
	if err != nil {
		return nil, err
	}
	res, err := Run(ctx, s, p.Query, p.Args)
	if err != nil {
		return &Answer{Plan: p}, err
	}
	return Conclude(p, res), nil
}

// Conclude joins a plan and its result, with the verdict of a yes/no
// question.
func Conclude(p Plan, res *Result) *Answer {
	ans := &Answer{Plan: p, Result: res}
	if !p.YesNo || res == nil {
		return ans
	}
	var asserted, denied bool
	for _, r := range res.Rows {
		if neg, _ := r.Values["negated"].(bool); neg {
			denied = true
		} else {
			asserted = true
		}
	}
	switch {
	case asserted && denied:
		ans.Verdict = VerdictDisputed
	case asserted:
		ans.Verdict = VerdictYes
	case denied:
		ans.Verdict = VerdictNo
	default:
		ans.Verdict = VerdictUnknown
	}
	return ans
}

// Questions lists an example of every question form Ask understands.
func Questions() []string {
	out := make([]string, 0, len(forms))
	for _, f := range forms {
		out = append(out, f.example)
	}
	return out
}

// Interpret turns a question into a plan without running it.
func (a *Asker) Interpret(question string, now time.Time) (Plan, error) {
	rd := a.read(question, now)
	for _, f := range forms {
		if !f.re.MatchString(rd.shape) {
			continue
		}
		rd.reset()
		query, args, ok := f.build(rd, f.re.FindStringSubmatch(rd.shape))
		if !ok {
			continue
		}
		mod, found := Lookup(query)
		if !found {
			return Plan{}, fmt.Errorf("question form %q names unknown query %q", f.form, query)
		}
		rd.applyTime(mod, args)
		for k, v := range args {
			if v == "" {
				delete(args, k)
			}
		}
		if unused := rd.unused(); len(unused) > 0 {
			return Plan{}, &RefusalError{Question: question, Form: f.form, Query: query, Unused: unused}
		}
		return Plan{Question: question, Template: f.form, Query: query, Args: args,
			Command: commandLine(query, args), Path: requestPath(query, args),
			Recognised: rd.recognised(), YesNo: f.yesNo}, nil
	}
	return Plan{}, &NoMatchError{Question: question, Examples: Questions()}
}

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

// form is one form of question.
type form struct {
	re      *regexp.Regexp
	form    string // how the form reads, with placeholders
	example string
	yesNo   bool
	// build turns the reading into a query and arguments; false means the
	// question does not fit after all, and later forms are tried.
	build func(rd *reading, m []string) (string, Args, bool)
}

// evAt says whether shape has an event word at byte i (after optional
// auxiliaries), for forms that start with the event.
func (rd *reading) eventAt(i int) bool {
	return slices.ContainsFunc(rd.events, func(e *eventMention) bool { return e.at == i })
}

func eventsPlan(rd *reading) Args {
	a := Args{}
	setIf(a, "event", rd.event())
	rd.roleArgs(a, eventsRoles)
	setIf(a, "negated", rd.negated())
	return a
}

var forms = []form{
	{
		form:    "did X EVENT B? (did France leave Chad, was Victory Base handed over)",
		example: "did the United States leave Ain al-Asad?",
		yesNo:   true,
		re:      regexp.MustCompile(`(?i)^(?:did|has|have|had|does|do|is|was|were|will)\b`),
		build: func(rd *reading, _ []string) (string, Args, bool) {
			if len(rd.events) == 0 {
				return "", nil, false
			}
			a := eventsPlan(rd)
			// Both the reports that assert it and those that deny it
			// make the verdict.
			a["negated"] = "any"
			rd.negUsed = rd.negation != ""
			return "events", a, true
		},
	},
	{
		form:    "which countries host X's bases / X forces (that were EVENT)?",
		example: "which countries host US bases?",
		re:      regexp.MustCompile(`(?i)^(?:which|what) countries (?:host|hosts|have|has|had|hosted|with)\b`),
		build: func(rd *reading, _ []string) (string, Args, bool) {
			a := Args{}
			setIf(a, "event", rd.event())
			rd.roleArgs(a, countriesRoles)
			if rd.negation != "" {
				setIf(a, "negated", rd.negated())
			}
			return "countries", a, true
		},
	},
	{
		form:    "where are X's bases? / where are X forces?",
		example: "where are Russian bases?",
		re:      regexp.MustCompile(`(?i)^where (?:are|is|were|was|does|do|did|has|have)\b.*\b(?P<what>bases?|forces|troops|soldiers|military)\b`),
		build: func(rd *reading, m []string) (string, Args, bool) {
			if len(rd.events) > 0 {
				return "", nil, false
			}
			a := Args{}
			if strings.HasPrefix(strings.ToLower(m[1]), "base") {
				rd.roleArgs(a, map[string]string{roleOperator: "operator", roleActor: "operator", roleHost: "country", roleCountry: "country"})
				a["negated"], a["status"] = "any", "any"
				return "bases", a, a["operator"] != ""
			}
			rd.roleArgs(a, countriesRoles)
			return "countries", a, a["operator"] != ""
		},
	},
	{
		form:    "where did X EVENT (from/to)?",
		example: "where did the United States withdraw from?",
		re:      regexp.MustCompile(`(?i)^where (?:did|has|have|had|was|were|is|are|do|does)\b`),
		build: func(rd *reading, _ []string) (string, Args, bool) {
			if len(rd.events) == 0 {
				return "", nil, false
			}
			return "events", eventsPlan(rd), true
		},
	},
	{
		form:    "which bases did X EVENT (in T)? / which bases in C were EVENT? / which X bases were EVENT?",
		example: "which bases did Russia leave in 2024?",
		re:      regexp.MustCompile(`(?i)^(?:which|what|list|show)(?: the| all| of the)?(?: @\d+(?:'s|’s)?)?(?: military| air| naval)? (?:bases|airbases|base)\b`),
		build: func(rd *reading, _ []string) (string, Args, bool) {
			a := Args{}
			if len(rd.events) == 0 {
				rd.roleArgs(a, map[string]string{roleOperator: "operator"})
				if a["operator"] != "" {
					return "bases", a, true
				}
				// "which bases are in Iraq": a listing, not an event question.
				a = Args{"type": "Base"}
				rd.roleArgs(a, map[string]string{roleCountry: "country", roleHost: "country"})
				return "search", a, true
			}
			setIf(a, "event", rd.event())
			rd.roleArgs(a, basesRoles)
			setIf(a, "negated", rd.negated())
			return "bases", a, true
		},
	},
	{
		form:    "who EVENT B / bases in C (in T)? (who attacked Al Udeid, who withdrew from Niger)",
		example: "who attacked bases in Syria?",
		re:      regexp.MustCompile(`(?i)^who (?:has |have |had |was |were )?(?:then |first |last |recently )?`),
		build: func(rd *reading, m []string) (string, Args, bool) {
			if !rd.eventAt(len(m[0])) {
				return "", nil, false
			}
			return "events", eventsPlan(rd), true
		},
	},
	{
		form:    "who reported X / EVENT (at X)? / which publishers covered E?",
		example: "who reported the Al Udeid attack?",
		re:      regexp.MustCompile(`(?i)^(?:who|which publishers|what publishers|which outlets|which media|what sources|which sources)(?: have| has)? (?:reported|covered|wrote|written|report|cover|published)(?: on| about| the news of| news of)?(?: the)? (?P<x>.+)$`),
		build: func(rd *reading, m []string) (string, Args, bool) {
			a := Args{}
			setIf(a, "event", rd.event())
			if a["event"] != "" {
				setIf(a, "negated", rd.negated())
				// The event's place or actor: the one entity sources takes.
				for _, nm := range rd.ments {
					if nm.Kind != "publisher" {
						a["entity"] = nm.Value
						nm.used = true
						break
					}
				}
				return "sources", a, true
			}
			a["entity"] = rd.slot(m[1])
			return "sources", a, true
		},
	},
	{
		form:    "what is new / what changed (this week / since T / since the last refresh)?",
		example: "what changed this week?",
		re:      regexp.MustCompile(`(?i)^(?:what(?:'s| is| was| has| have)?(?: been)? (?:new|changed|added|updated|come in|arrived)|(?:any|anything) new|(?:what|which) (?:events|articles|reports|news) (?:are|is|were|was) new|news)\b`),
		build: func(rd *reading, _ []string) (string, Args, bool) {
			a := Args{}
			switch {
			case rd.tf.lastRefresh || rd.tf.empty():
				a[filterIngestedSince] = LastRefresh
				rd.timeUsed = true
			case rd.tf.from != "" && rd.tf.to == "":
				a[filterIngestedSince] = rd.tf.from
				rd.timeUsed = true
			default:
				// "new last month" has an end ingested-since cannot take.
				rd.timeHeld = true
			}
			setIf(a, "event", rd.event())
			rd.roleArgs(a, eventsRoles)
			setIf(a, "negated", rd.negated())
			return "events", a, true
		},
	},
	{
		form:    "what happened at B / in C (since T)?",
		example: "what happened at Ain al-Asad since June 2025?",
		re:      regexp.MustCompile(`(?i)^what(?:'s| has| have)? happen(?:ed|s|ing)? (?:at|to|in|around|near|with|on) (?P<x>.+)$`),
		build: func(rd *reading, m []string) (string, Args, bool) {
			a := Args{"entity": rd.slot(m[1])}
			setIf(a, "event", rd.event())
			setIf(a, "negated", rd.negated())
			return "timeline", a, true
		},
	},
	{
		form:    "timeline of X",
		example: "timeline of Victory Base",
		re:      regexp.MustCompile(`(?i)^(?:(?:show|give)(?: me)? )?(?:the )?(?:timeline|history|chronology) (?:of|for) (?P<x>.+)$`),
		build: func(rd *reading, m []string) (string, Args, bool) {
			return "timeline", Args{"entity": rd.slot(m[1])}, true
		},
	},
	{
		form:    "how is X connected to Y?",
		example: "how is Ain al-Asad connected to Erbil?",
		re: regexp.MustCompile(`(?i)^(?:how (?:is|are|was|were) (?P<x1>.+?) (?:connected|linked|related) (?:to|with) (?P<y1>.+)` +
			`|how (?:are|were) (?P<x2>.+?) and (?P<y2>.+?) (?:connected|linked|related)` +
			`|(?:what is the )?(?:path|connection|link) (?:from|between) (?P<x3>.+?) (?:to|and) (?P<y3>.+))$`),
		build: func(rd *reading, m []string) (string, Args, bool) {
			x, y := m[1]+m[3]+m[5], m[2]+m[4]+m[6]
			return "path", Args{"from-entity": rd.slot(x), "to-entity": rd.slot(y)}, true
		},
	},
	{
		form:    "what is related to X? / who is mentioned with X?",
		example: "who is mentioned with Iraq?",
		re: regexp.MustCompile(`(?i)^(?:(?:what|who|which entities)(?: else)? (?:is|are|gets|get) (?:related|connected|linked) to (?P<x1>.+)` +
			`|(?:what|who|which entities)(?: else)? (?:is|are) (?:mentioned|named|cited) (?:with|alongside|together with|next to) (?P<x2>.+)` +
			`|(?:related|co-?mentions?) (?:to|of|for|with) (?P<x3>.+))$`),
		build: func(rd *reading, m []string) (string, Args, bool) {
			return "related", Args{"entity": rd.slot(m[1] + m[2] + m[3])}, true
		},
	},
	{
		form:    "EVENTs in C / by X / at B / which EVENTs were denied?",
		example: "which withdrawals were denied?",
		re:      regexp.MustCompile(`(?i)^(?:(?:which|what|list|show|all|any)(?: the| all| of the)? )?(?:@\d+(?:'s|’s)? )?(?:(?:recent|new|past|reported|denied|negated|rejected) )?(?P<ev>\S)`),
		build: func(rd *reading, m []string) (string, Args, bool) {
			at := len(m[0]) - len(m[1])
			if !rd.eventAt(at) && !strings.HasPrefix(strings.ToLower(rd.shape[at:]), "event") {
				return "", nil, false
			}
			return "events", eventsPlan(rd), true
		},
	},
	{
		form:    "what is in the graph? / how many articles are there?",
		example: "how many articles are in the graph?",
		re:      regexp.MustCompile(`(?i)^(?:stats|statistics|summary|what(?:'s| is) in the (?:graph|store|database)|what does the graph (?:hold|contain)|how many (?:articles|events|entities|bases|quads)\b.*)$`),
		build: func(*reading, []string) (string, Args, bool) {
			return "stats", Args{}, true
		},
	},
	{
		form:    "tell me about X / who is X / where is X",
		example: "tell me about Camp Lemonnier",
		re:      regexp.MustCompile(`(?i)^(?:tell me about|describe|profile of|who (?:is|are|was)|what (?:is|are|was)|where (?:is|are|was)|info(?:rmation)? (?:on|about)) (?P<x>.+)$`),
		build: func(rd *reading, m []string) (string, Args, bool) {
			if len(rd.events) > 0 {
				return "", nil, false
			}
			return "entity", Args{"name": rd.slot(m[1])}, true
		},
	},
	{
		form:    "find X / search for X (bases|countries|places|organisations|publishers) (in C)",
		example: "find bases called camp",
		re:      regexp.MustCompile(`(?i)^(?:find|search(?: for)?|look up|lookup)(?: (?P<type>bases?|countr(?:y|ies)|places?|organi[sz]ations?|publishers?))?(?: (?:called|named|like|matching))? ?(?P<x>.*)$`),
		build: func(rd *reading, m []string) (string, Args, bool) {
			a := Args{}
			x := m[2]
			if loc := reInTail.FindStringSubmatchIndex(x); loc != nil {
				a["country"] = rd.slot(x[loc[2]:loc[3]])
				x = x[:loc[0]]
			}
			setIf(a, "name", rd.slot(x))
			setIf(a, "type", typeWord(m[1]))
			if len(a) == 0 {
				return "", nil, false
			}
			return "search", a, true
		},
	},
}

var reInTail = regexp.MustCompile(`(?i)\s*\bin (.+)$`)

// cleanEntity trims what surrounds an entity name in a question.
func cleanEntity(s string) string {
	s = strings.TrimSpace(s)
	s = strings.Trim(s, `"'“”‘’`)
	for _, p := range []string{"the ", "The "} {
		s = strings.TrimPrefix(s, p)
	}
	return strings.TrimSpace(s)
}

func setIf(a Args, k, v string) {
	if v != "" {
		a[k] = v
	}
}

func typeWord(w string) string {
	w = strings.ToLower(w)
	switch {
	case w == "":
		return ""
	case strings.HasPrefix(w, "base"):
		return "Base"
	case strings.HasPrefix(w, "countr"):
		return "Country"
	case strings.HasPrefix(w, "place"):
		return "Place"
	case strings.HasPrefix(w, "organi"):
		return "Organisation"
	case strings.HasPrefix(w, "publisher"):
		return "Publisher"
	}
	return ""
}

func hasParam(m Module, name string) bool {
	return slices.ContainsFunc(m.Params, func(p Param) bool { return p.Name == name })
}

// commandLine renders a plan as the equivalent newsgraph command.
func commandLine(query string, args Args) string {
	var b strings.Builder
	b.WriteString("newsgraph query " + query)
	for _, k := range sortedArgKeys(args) {
		b.WriteString(" --" + k + " " + shellQuote(args[k]))
	}
	return b.String()
}

// requestPath renders a plan as the equivalent HTTP request path.
func requestPath(query string, args Args) string {
	v := url.Values{}
	for k, val := range args {
		v.Set(k, val)
	}
	p := "/api/v1/queries/" + query
	if len(v) > 0 {
		p += "?" + v.Encode()
	}
	return p
}

func sortedArgKeys(args Args) []string {
	keys := make([]string, 0, len(args))
	for k := range args {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n'\"\\$`!*?[](){}<>|&;#~") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
