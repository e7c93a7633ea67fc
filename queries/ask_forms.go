package queries

import (
	"regexp"
	"slices"
	"strings"
)

// The forms of question Ask understands, most specific first.

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

// eventAt says whether shape has an event word at byte i (after optional
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
			return "entity", Args{"entity": rd.slot(m[1])}, true
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
