package queries

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

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
