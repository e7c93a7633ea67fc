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

	"github.com/newsgraph/newsgraph/graph"
)

// Questions in plain English become named queries through templates:
// regular expressions over the question, no model and no network. A
// question is first stripped of a trailing time frame ("since June", "this
// year", "before 2025-09", "in 2024"), which becomes the from and to
// arguments, and the rest is matched against the templates in order, most
// specific first. The answer always shows the named query and arguments the
// question became, so users learn the precise form.

// ErrNoTemplate means no question template matched; the error is a
// *NoMatchError listing the questions that can be answered.
var ErrNoTemplate = errors.New("no question template matches")

// NoMatchError is returned for a question no template matches.
type NoMatchError struct {
	Question string
	// Examples are questions of every form Ask understands.
	Examples []string
}

func (e *NoMatchError) Error() string {
	return fmt.Sprintf("%v %q; questions I can answer look like: %s", ErrNoTemplate, e.Question, strings.Join(e.Examples, " | "))
}

func (e *NoMatchError) Unwrap() error { return ErrNoTemplate }

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
}

// Answer is a plan and its result.
type Answer struct {
	Plan
	Result *Result `json:"result"`
}

// Ask interprets a question and runs the query it becomes. now anchors
// relative dates ("this year", "since June"). On a query error the answer
// still carries the plan, so callers can show what was asked.
func Ask(ctx context.Context, s *graph.Store, question string, now time.Time) (*Answer, error) {
	p, err := Interpret(question, now)
	if err != nil {
		return nil, err
	}
	ans := &Answer{Plan: p}
	res, err := Run(ctx, s, p.Query, p.Args)
	if err != nil {
		return ans, err
	}
	ans.Result = res
	return ans, nil
}

// Questions lists an example of every question form Ask understands.
func Questions() []string {
	out := make([]string, 0, len(templates))
	for _, t := range templates {
		out = append(out, t.example)
	}
	return out
}

// template is one form of question.
type template struct {
	re      *regexp.Regexp
	form    string // how the form reads, with placeholders
	example string
	// build turns the named groups into a query and arguments; false means
	// the question does not fit after all, and later templates are tried.
	build func(g map[string]string) (string, Args, bool)
}

// eventWords are the words that name each event type in questions.
var eventWords = []struct{ typ, re string }{
	{"withdrawal", `withdraw(?:als?|n|ing|s)?|withdrew|pull(?:ed|ing|s)? ?-?outs?|pull(?:ed|ing)? out|exit(?:ed|s)?|left|leav(?:e|es|ing)|departures?`},
	{"deployment", `deploy(?:ed|ing|s|ments?)?|stationed|sen[dt] troops`},
	{"relocation", `relocat(?:e|ed|es|ing|ions?)|moved?|moves`},
	{"handover", `hand ?-?overs?|hand(?:ed|ing|s)? (?:\w+ )?over|transfer(?:red|s)?`},
	{"closure", `clos(?:e|ed|es|ing|ures?)|shut(?: down)?`},
	{"attack", `attack(?:ed|ing|s)?|struck|strikes?|shelled|targeted|hit`},
	{"agreement", `agreements?|agreed|deals?|pacts?|treat(?:y|ies)|signed`},
	{"establishment", `establish(?:ed|es|ing|ments?)?|opened|opening|opens|built`},
	{"exercise", `exercises?|drills?|war ?games?|manoeuvres?|maneuvers?`},
}

var eventWordRes = func() []*regexp.Regexp {
	out := make([]*regexp.Regexp, len(eventWords))
	for i, w := range eventWords {
		out[i] = regexp.MustCompile(`(?i)\b(?:` + w.re + `)\b`)
	}
	return out
}()

// evAlt matches any event word, for use inside templates.
var evAlt = func() string {
	var alts []string
	for _, w := range eventWords {
		alts = append(alts, w.re)
	}
	return `(?:` + strings.Join(alts, "|") + `)`
}()

// eventIn finds the event type a phrase names, if any.
func eventIn(phrase string) string {
	best, at := "", -1
	for i, re := range eventWordRes {
		if loc := re.FindStringIndex(phrase); loc != nil && (at < 0 || loc[0] < at) {
			best, at = eventWords[i].typ, loc[0]
		}
	}
	return best
}

// cleanEntity trims what surrounds an entity name in a question.
func cleanEntity(s string) string {
	s = strings.TrimSpace(s)
	s = strings.Trim(s, `"'“”‘’`)
	for _, p := range []string{"the ", "The "} {
		s = strings.TrimPrefix(s, p)
	}
	return strings.TrimSpace(s)
}

// restFilters reads the trailing filters of a list question: "in X"
// (country), "by X" (actor), "at X" (base), "operated by X" (operator),
// "denied"/"negated".
var (
	reOperatedBy = regexp.MustCompile(`(?i)\b(?:operated|run|used|manned) by (.+?)(?:\s+(?:in|at)\s|$)`)
	reBy         = regexp.MustCompile(`(?i)\bby (.+?)(?:\s+(?:in|at)\s|$)`)
	reIn         = regexp.MustCompile(`(?i)\bin (.+?)(?:\s+(?:by|at)\s|$)`)
	reAt         = regexp.MustCompile(`(?i)\b(?:at|from|of) (.+?)(?:\s+(?:by|in)\s|$)`)
	reDenied     = regexp.MustCompile(`(?i)\b(?:denied|negated|dismissed|not happen|rejected)\b`)
	reEventAt    = regexp.MustCompile(`(?i)\b(?:from|at|in|of|on|to|by)\s+(.+)$`)
	reInTail     = regexp.MustCompile(`(?i)\s*\bin (.+)$`)
)

func capture(re *regexp.Regexp, s string) string {
	if m := re.FindStringSubmatch(s); m != nil {
		return cleanEntity(m[1])
	}
	return ""
}

func setIf(a Args, k, v string) {
	if v != "" {
		a[k] = v
	}
}

var templates = []template{
	{
		form:    "which countries host bases that were EVENT?",
		example: "which countries host bases that were attacked this year?",
		re:      regexp.MustCompile(`(?i)^(?:which|what) countries (?:host|have|had|hosted|with) (?:military )?bases\b(?P<rest>.*)$`),
		build: func(g map[string]string) (string, Args, bool) {
			a := Args{}
			setIf(a, "event", eventIn(g["rest"]))
			setIf(a, "operator", capture(reOperatedBy, g["rest"]))
			return "countries", a, true
		},
	},
	{
		form:    "which bases are linked to EVENT events (in COUNTRY) (operated by X)?",
		example: "which bases are linked to withdrawal events?",
		re:      regexp.MustCompile(`(?i)^(?:which|what|list|show)(?: the| all)?(?: military)? bases\b(?P<rest>.*)$`),
		build: func(g map[string]string) (string, Args, bool) {
			rest := g["rest"]
			a := Args{}
			op := capture(reOperatedBy, rest)
			setIf(a, "operator", op)
			if op != "" {
				rest = reOperatedBy.ReplaceAllString(rest, " ")
			}
			ev := eventIn(rest)
			country := capture(reIn, rest)
			if ev == "" && op == "" {
				// "which bases are in Iraq": a listing, not an event question.
				a := Args{"type": "Base"}
				setIf(a, "country", country)
				return "search", a, true
			}
			setIf(a, "event", ev)
			setIf(a, "country", country)
			if reDenied.MatchString(rest) {
				a["negated"] = "true"
			}
			return "bases", a, true
		},
	},
	{
		form:    "where did COUNTRY EVENT (from)?",
		example: "where did the United States withdraw from?",
		re:      regexp.MustCompile(`(?i)^where (?:did|has|have|had|was|were|is|are|do|does) (?P<x>.+?) (?P<ev>` + evAlt + `)\b.*$`),
		build: func(g map[string]string) (string, Args, bool) {
			return "events", Args{"event": eventIn(g["ev"]), "actor": cleanEntity(g["x"])}, true
		},
	},
	{
		form:    "who EVENT X? (who attacked Al Udeid, who withdrew from Niger)",
		example: "who attacked Al Udeid?",
		re:      regexp.MustCompile(`(?i)^who (?P<ev>` + evAlt + `)(?: (?:from|to|at|in|of|on))? (?P<x>.+)$`),
		build: func(g map[string]string) (string, Args, bool) {
			return "timeline", Args{"entity": cleanEntity(g["x"]), "event": eventIn(g["ev"])}, true
		},
	},
	{
		form:    "who reported on X? / which publishers reported EVENT (at X)?",
		example: "who reported on Ain al-Asad?",
		re:      regexp.MustCompile(`(?i)^(?:who|which publishers|what publishers|which outlets|which media|what sources|which sources)(?: have| has)? (?:reported|covered|wrote|written|report|cover|published)(?: on| about| the news of| news of)?(?: the)? (?P<x>.+)$`),
		build: func(g map[string]string) (string, Args, bool) {
			x := g["x"]
			a := Args{}
			if ev := eventIn(x); ev != "" {
				a["event"] = ev
				// "the withdrawal from Ain al-Asad": an event at an entity.
				if loc := reEventAt.FindStringSubmatch(x); loc != nil {
					a["entity"] = cleanEntity(loc[1])
				}
				if reDenied.MatchString(x) {
					a["negated"] = "true"
				}
				return "sources", a, true
			}
			a["entity"] = cleanEntity(x)
			return "sources", a, true
		},
	},
	{
		form:    "what happened at X (since DATE) (before DATE)?",
		example: "what happened at Ain al-Asad since June 2025?",
		re:      regexp.MustCompile(`(?i)^what(?:'s| has| have)? happen(?:ed|s|ing)? (?:at|to|in|around|near|with|on) (?P<x>.+)$`),
		build: func(g map[string]string) (string, Args, bool) {
			return "timeline", Args{"entity": cleanEntity(g["x"])}, true
		},
	},
	{
		form:    "timeline of X",
		example: "timeline of Victory Base",
		re:      regexp.MustCompile(`(?i)^(?:(?:show|give)(?: me)? )?(?:the )?(?:timeline|history|chronology) (?:of|for) (?P<x>.+)$`),
		build: func(g map[string]string) (string, Args, bool) {
			return "timeline", Args{"entity": cleanEntity(g["x"])}, true
		},
	},
	{
		form:    "how is X connected to Y?",
		example: "how is Ain al-Asad connected to Erbil?",
		re: regexp.MustCompile(`(?i)^(?:how (?:is|are|was|were) (?P<x1>.+?) (?:connected|linked|related) (?:to|with) (?P<y1>.+)` +
			`|how (?:are|were) (?P<x2>.+?) and (?P<y2>.+?) (?:connected|linked|related)` +
			`|(?:what is the )?(?:path|connection|link) (?:from|between) (?P<x3>.+?) (?:to|and) (?P<y3>.+))$`),
		build: func(g map[string]string) (string, Args, bool) {
			x, y := g["x1"]+g["x2"]+g["x3"], g["y1"]+g["y2"]+g["y3"]
			return "path", Args{"from-entity": cleanEntity(x), "to-entity": cleanEntity(y)}, true
		},
	},
	{
		form:    "what is related to X? / who is mentioned with X?",
		example: "who is mentioned with Iraq?",
		re: regexp.MustCompile(`(?i)^(?:(?:what|who|which entities)(?: else)? (?:is|are|gets|get) (?:related|connected|linked) to (?P<x1>.+)` +
			`|(?:what|who|which entities)(?: else)? (?:is|are) (?:mentioned|named|cited) (?:with|alongside|together with|next to) (?P<x2>.+)` +
			`|(?:related|co-?mentions?) (?:to|of|for|with) (?P<x3>.+))$`),
		build: func(g map[string]string) (string, Args, bool) {
			return "related", Args{"entity": cleanEntity(g["x1"] + g["x2"] + g["x3"])}, true
		},
	},
	{
		form:    "EVENTs in COUNTRY / EVENTs by X / EVENTs at BASE / which EVENTs were denied?",
		example: "which attacks happened in Syria?",
		re:      regexp.MustCompile(`(?i)^(?:(?:which|what|list|show|all)(?: the| all| of the)? )?(?P<ev>` + evAlt + `|events?)\b(?P<rest>.*)$`),
		build: func(g map[string]string) (string, Args, bool) {
			a := Args{}
			setIf(a, "event", eventIn(g["ev"]))
			rest := g["rest"]
			setIf(a, "country", capture(reIn, rest))
			setIf(a, "actor", capture(reBy, rest))
			setIf(a, "base", capture(reAt, rest))
			if reDenied.MatchString(rest) {
				a["negated"] = "true"
			}
			return "events", a, true
		},
	},
	{
		form:    "what is in the graph? / how many articles are there?",
		example: "how many articles are in the graph?",
		re:      regexp.MustCompile(`(?i)^(?:stats|statistics|summary|what(?:'s| is) in the (?:graph|store|database)|what does the graph (?:hold|contain)|how many (?:articles|events|entities|bases|quads)\b.*)$`),
		build: func(map[string]string) (string, Args, bool) {
			return "stats", Args{}, true
		},
	},
	{
		form:    "tell me about X / who is X / where is X",
		example: "tell me about Camp Lemonnier",
		re:      regexp.MustCompile(`(?i)^(?:tell me about|describe|profile of|who (?:is|are|was)|what (?:is|are|was)|where (?:is|are|was)|info(?:rmation)? (?:on|about)) (?P<x>.+)$`),
		build: func(g map[string]string) (string, Args, bool) {
			x := cleanEntity(g["x"])
			return "entity", Args{"entity": x}, true
		},
	},
	{
		form:    "find X / search for X (bases|countries|places|organisations|publishers) (in COUNTRY)",
		example: "find bases called camp",
		re:      regexp.MustCompile(`(?i)^(?:find|search(?: for)?|look up|lookup)(?: (?P<type>bases?|countr(?:y|ies)|places?|organi[sz]ations?|publishers?))?(?: (?:called|named|like|matching))? ?(?P<x>.*)$`),
		build: func(g map[string]string) (string, Args, bool) {
			a := Args{}
			x := g["x"]
			if m := reInTail.FindStringSubmatchIndex(x); m != nil {
				a["country"] = cleanEntity(x[m[2]:m[3]])
				x = x[:m[0]]
			}
			setIf(a, "name", cleanEntity(x))
			setIf(a, "type", typeWord(g["type"]))
			if len(a) == 0 {
				return "", nil, false
			}
			return "search", a, true
		},
	},
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

// Interpret turns a question into a plan without running it.
func Interpret(question string, now time.Time) (Plan, error) {
	q := strings.Join(strings.Fields(question), " ")
	q = strings.TrimRight(q, "?!. ")
	q = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(q, "please "), "Please "))
	core, from, to := splitTimeFrame(q, now)
	for _, t := range templates {
		m := t.re.FindStringSubmatch(core)
		if m == nil {
			continue
		}
		g := map[string]string{}
		for i, name := range t.re.SubexpNames() {
			if name != "" {
				g[name] = strings.TrimSpace(m[i])
			}
		}
		query, args, ok := t.build(g)
		if !ok {
			continue
		}
		mod, found := Lookup(query)
		if !found {
			return Plan{}, fmt.Errorf("question template %q names unknown query %q", t.form, query)
		}
		if hasParam(mod, "from") && hasParam(mod, "to") {
			setIf(args, "from", from)
			setIf(args, "to", to)
		} else if from != "" || to != "" {
			// The time frame has nowhere to go: keep it in the entity
			// rather than silently dropping it.
			continue
		}
		for k, v := range args {
			if v == "" {
				delete(args, k)
			}
		}
		return Plan{Question: question, Template: t.form, Query: query, Args: args,
			Command: commandLine(query, args), Path: requestPath(query, args)}, nil
	}
	return Plan{}, &NoMatchError{Question: question, Examples: Questions()}
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

// Time frames.

const monthNames = `jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?`

// dateExpr matches the dates a question may use: ISO dates, "June",
// "June 2025", "24 August 2025", "August 24, 2025".
const dateExpr = `(?:\d{4}-\d{2}-\d{2}|\d{4}-\d{2}|\d{4}|\d{1,2} (?:` + monthNames + `)(?:,? \d{4})?|(?:` + monthNames + `)(?: \d{1,2}(?:st|nd|rd|th)?)?(?:,? \d{4})?)`

var (
	reSince   = regexp.MustCompile(`(?i)\s*,?\s*\b(?:since|after|from|starting(?: in)?) (` + dateExpr + `)$`)
	reBefore  = regexp.MustCompile(`(?i)\s*,?\s*\b(before|until|till|up to|by) (` + dateExpr + `)$`)
	reBetween = regexp.MustCompile(`(?i)\s*,?\s*\bbetween (` + dateExpr + `) and (` + dateExpr + `)$`)
	reInDate  = regexp.MustCompile(`(?i)\s*,?\s*\b(?:in|during|on) (` + dateExpr + `)$`)
	reRel     = regexp.MustCompile(`(?i)\s*,?\s*\b(?:(?:in|during) )?(this|last|past) (year|month)$`)
	reDay     = regexp.MustCompile(`(?i)^(\d{1,2}) (` + monthNames + `)(?:,? (\d{4}))?$`)
	reMonth   = regexp.MustCompile(`(?i)^(` + monthNames + `)(?: (\d{1,2})(?:st|nd|rd|th)?)?(?:,? (\d{4}))?$`)
)

// splitTimeFrame strips trailing time expressions from q and returns the
// rest with the from and to dates they mean (partial dates: YYYY, YYYY-MM
// or YYYY-MM-DD, as the queries take them).
func splitTimeFrame(q string, now time.Time) (core, from, to string) {
	core = q
	for range 3 {
		switch {
		case reBetween.MatchString(core):
			m := reBetween.FindStringSubmatch(core)
			from, _ = parseDate(m[1], now)
			to, _ = parseDate(m[2], now)
			core = core[:len(core)-len(m[0])]
		case reSince.MatchString(core):
			m := reSince.FindStringSubmatch(core)
			from, _ = parseDate(m[1], now)
			core = core[:len(core)-len(m[0])]
		case reBefore.MatchString(core):
			m := reBefore.FindStringSubmatch(core)
			d, _ := parseDate(m[2], now)
			if strings.EqualFold(m[1], "before") {
				d = dayBefore(d)
			}
			to = d
			core = core[:len(core)-len(m[0])]
		case reRel.MatchString(core):
			m := reRel.FindStringSubmatch(core)
			y, mo := now.Year(), int(now.Month())
			last := !strings.EqualFold(m[1], "this")
			if strings.EqualFold(m[2], "year") {
				if last {
					y--
					from, to = strconv.Itoa(y), strconv.Itoa(y)
				} else {
					from = strconv.Itoa(y)
				}
			} else {
				if last {
					t := time.Date(y, time.Month(mo)-1, 1, 0, 0, 0, 0, time.UTC)
					from, to = t.Format("2006-01"), t.Format("2006-01")
				} else {
					from = fmt.Sprintf("%04d-%02d", y, mo)
				}
			}
			core = core[:len(core)-len(m[0])]
		case reInDate.MatchString(core):
			m := reInDate.FindStringSubmatch(core)
			d, _ := parseDate(m[1], now)
			from, to = d, d
			core = core[:len(core)-len(m[0])]
		default:
			return strings.TrimSpace(core), from, to
		}
	}
	return strings.TrimSpace(core), from, to
}

// parseDate reads one date expression as a partial date. A month without a
// year is the most recent such month up to now.
func parseDate(s string, now time.Time) (string, bool) {
	s = strings.TrimSpace(s)
	if isPartialDate(s) {
		return s, true
	}
	var day, month, year int
	if m := reDay.FindStringSubmatch(s); m != nil {
		day, _ = strconv.Atoi(m[1])
		month = monthNumber(m[2])
		year, _ = strconv.Atoi(m[3])
	} else if m := reMonth.FindStringSubmatch(s); m != nil {
		month = monthNumber(m[1])
		day, _ = strconv.Atoi(m[2])
		year, _ = strconv.Atoi(m[3])
	} else {
		return "", false
	}
	if year == 0 {
		year = now.Year()
		if month > int(now.Month()) {
			year--
		}
	}
	if day > 0 {
		return fmt.Sprintf("%04d-%02d-%02d", year, month, day), true
	}
	return fmt.Sprintf("%04d-%02d", year, month), true
}

func monthNumber(s string) int {
	s = strings.ToLower(s)
	for i, p := range []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"} {
		if strings.HasPrefix(s, p) {
			return i + 1
		}
	}
	return 0
}

// dayBefore is the last day before a partial date begins: "before 2025-09"
// means up to 2025-08-31.
func dayBefore(d string) string {
	var t time.Time
	var err error
	switch len(d) {
	case 4:
		t, err = time.Parse("2006", d)
	case 7:
		t, err = time.Parse("2006-01", d)
	case 10:
		t, err = time.Parse("2006-01-02", d)
	default:
		return d
	}
	if err != nil {
		return d
	}
	return t.AddDate(0, 0, -1).Format("2006-01-02")
}
