package syntax

import (
	"strings"
)

// How an argument was reached from the predicate, in Argument.Via.
const (
	ViaDirect     = "direct"     // a dependent of the predicate
	ViaConjunct   = "conjunct"   // a conjunct of such a dependent ("X and Y")
	ViaShared     = "shared"     // the subject of a predicate the trigger is conjoined with
	ViaController = "controller" // the controller of an xcomp/purpose/participle clause
	ViaRelative   = "relative"   // the antecedent of a relative clause
	ViaGovernor   = "governor"   // a time of the governing clause, when the trigger's has none
)

// Argument is a phrase that fills a role of a predicate.
type Argument struct {
	// Head is the token index of the phrase's head word.
	Head int
	// Span is the phrase's byte span: the head's subtree without its
	// leading preposition and punctuation and without relative clauses.
	Span Span
	// Rel is the relation that linked it, e.g. "nsubj", "obl", "nmod:poss".
	Rel string
	// Case is the preposition of an oblique, lowercased ("from", "out of").
	Case string
	// Via says how the argument was reached (ViaDirect, ViaConjunct, ...).
	Via string
}

// Args are the arguments of one predicate (a trigger verb or noun) read
// from the tree.
type Args struct {
	Predicate int
	// Subjects are the agents: nsubj, or the "by" phrase of a passive; for
	// a nominal predicate its possessor, a "by" phrase, or a proper-noun
	// compound or adjective ("US withdrawal", "American troops' exit").
	Subjects []Argument
	// Patients are the subjects of a passive (nsubj:pass): "the jets" in
	// "The jets were not sent".
	Patients []Argument
	// Objects are direct objects, and the "of" phrase of a nominal
	// predicate ("withdrawal of troops").
	Objects []Argument
	// Obliques are the other prepositional phrases of the predicate, with
	// their Case ("from Syria", "at Niamey airport", "out of the base").
	Obliques []Argument
	// Times are temporal modifiers of the predicate's clause: obl:unmarked
	// and nmod:unmarked time words (EWT's former obl:tmod), obliques headed by a date word ("on Friday", "in 2021"),
	// and for a nominal predicate a year modifier ("a 2024 agreement").
	Times []Argument
	// Conjoined are predicates coordinated with this one ("left ... and
	// handed ..."), which share its subject.
	Conjoined []int
	// Passive is set when the predicate has a passive subject or auxiliary.
	Passive bool
	// Negated is set when the tree negates the predicate: not/never/n't on
	// it, "no" on a nominal predicate, or a governor that denies or
	// falsifies it ("denied that ...", "reports that ... were false",
	// "failed to"). NegationCue is the word that did it, lowercased.
	Negated     bool
	NegationCue string
	// Modal is a modal auxiliary of the predicate, lowercased ("will",
	// "could"), if any.
	Modal string
	// Planned is set for a future or intended event: "will", "shall",
	// "would", "going to", or a governing "plan(s) to", "intend",
	// "expected to", "agreed to", "decided to", "set to", "plans for".
	Planned bool
	PlanCue string
	// Hypothetical is set when an "if" or "unless" clause contains the
	// predicate (on its clause or an ancestor's).
	Hypothetical    bool
	HypotheticalCue string
}

// Arguments reads the arguments of the predicate at token index pred.
// It reads only the tree, so the parser's errors are its errors.
func (t *Tree) Arguments(pred int) Args {
	a := Args{Predicate: pred}
	if pred < 0 || pred >= len(t.Tokens) {
		return a
	}
	nominal := isNominal(t.Tokens[pred].UPOS)
	for _, c := range t.Children(pred) {
		tok := t.Tokens[c]
		switch rel := tok.Deprel; {
		case rel == "nsubj:pass" || rel == "csubj:pass":
			a.Passive = true
			a.Patients = t.addWithConjuncts(a.Patients, c, rel, "", ViaDirect)
		case rel == "aux:pass":
			a.Passive = true
		case rel == "nsubj" || rel == "csubj" || rel == "nsubj:outer":
			a.Subjects = t.addWithConjuncts(a.Subjects, c, rel, "", ViaDirect)
		case rel == "obj" || rel == "iobj":
			a.Objects = t.addWithConjuncts(a.Objects, c, rel, "", ViaDirect)
		case rel == "obl:tmod" || rel == "nmod:tmod" ||
			relIn(rel, []string{"obl:npmod", "obl:unmarked", "nmod:unmarked", "nmod:npmod"}) && t.isTimeWord(c):
			a.Times = t.addWithConjuncts(a.Times, c, rel, t.caseOf(c), ViaDirect)
		case rel == "nmod:poss":
			switch {
			case t.isTimeWord(c):
				a.Times = t.addWithConjuncts(a.Times, c, rel, "", ViaDirect)
			case nominal:
				a.Subjects = t.addWithConjuncts(a.Subjects, c, rel, "", ViaDirect)
			}
		case relIn(rel, []string{"obl", "nmod"}) || rel == "advmod" && t.isTimeWord(c):
			cs := t.caseOf(c)
			switch {
			case t.isTimeWord(c) || rel == "advmod":
				a.Times = t.addWithConjuncts(a.Times, c, rel, cs, ViaDirect)
			case cs == "by" && (rel == "obl:agent" || nominal || t.isPassive(pred)):
				a.Subjects = t.addWithConjuncts(a.Subjects, c, rel, cs, ViaDirect)
			case nominal && cs == "of":
				a.Objects = t.addWithConjuncts(a.Objects, c, rel, cs, ViaDirect)
			default:
				a.Obliques = t.addWithConjuncts(a.Obliques, c, rel, cs, ViaDirect)
			}
		case (rel == "compound" || rel == "amod" || rel == "nummod") && nominal:
			switch {
			case isYear(tok.Form):
				a.Times = append(a.Times, t.arg(c, rel, "", ViaDirect))
			case rel != "nummod" && (tok.UPOS == "PROPN" || tok.UPOS == "ADJ" && startsUpper(tok.Form)):
				a.Subjects = t.addWithConjuncts(a.Subjects, c, rel, "", ViaDirect)
			}
		case rel == "conj" && !nominal && isVerbal(tok.UPOS):
			a.Conjoined = append(a.Conjoined, c)
		}
	}
	if !a.Passive {
		a.Passive = t.isPassive(pred)
	}
	t.readInherited(&a, pred)
	t.readNegation(&a, pred)
	t.readModality(&a, pred)
	return a
}

// readInherited fills a subject (or object) the predicate's own clause
// lacks from the structure above it: the shared subject of conjoined
// predicates, the controller of an xcomp, purpose or participle clause,
// and the antecedent of a relative clause.
func (t *Tree) readInherited(a *Args, pred int) {
	tok := t.Tokens[pred]
	head := tok.Head
	if head < 0 {
		return
	}
	switch rel := tok.Deprel; {
	case rel == "conj":
		// "Troops packed up and left": the first conjunct's subject.
		if !isVerbal(t.Tokens[head].UPOS) {
			return
		}
		needSubject := len(a.Subjects) == 0 && len(a.Patients) == 0
		if !needSubject && len(a.Times) > 0 {
			return
		}
		ha := t.Arguments(head)
		if needSubject {
			for _, s := range ha.Subjects {
				s.Via = ViaShared
				a.Subjects = append(a.Subjects, s)
			}
			if a.Passive {
				for _, s := range ha.Patients {
					s.Via = ViaShared
					a.Patients = append(a.Patients, s)
				}
			}
		}
		if len(a.Times) == 0 {
			inheritTimes(a, ha)
		}
	case rel == "xcomp" || rel == "advcl" && t.hasMark(pred, "to", "in order to"):
		if len(a.Subjects) > 0 {
			return
		}
		// Object control ("ordered the troops to withdraw") when the
		// governor has an object and the trigger is its xcomp; else the
		// governor's subject ("agreed to withdraw", "left to ...").
		ha := t.Arguments(head)
		if rel == "xcomp" && len(ha.Objects) > 0 {
			for _, o := range ha.Objects {
				o.Via, o.Rel = ViaController, "obj"
				a.Subjects = append(a.Subjects, o)
			}
		} else {
			ctrl := ha.Subjects
			if len(ctrl) == 0 {
				// Raising from a passive: "Troops are expected to arrive".
				ctrl = ha.Patients
			}
			for _, s := range ctrl {
				s.Via, s.Rel = ViaController, "nsubj"
				a.Subjects = append(a.Subjects, s)
			}
		}
		if len(a.Times) == 0 {
			inheritTimes(a, ha)
		}
	case rel == "acl:relcl":
		t.readRelative(a, pred, head)
	case (rel == "acl" || rel == "advcl") && (tok.XPOS == "VBG" || tok.XPOS == "VBN"):
		// Participle clauses: "forces leaving Syria" (active), "troops
		// stationed at the base" (passive). For advcl the controller is
		// the governing clause's subject.
		ctrl := []Argument{t.arg(head, "acl", "", ViaController)}
		if rel == "advcl" {
			ctrl = nil
			for _, s := range t.Arguments(head).Subjects {
				s.Via = ViaController
				ctrl = append(ctrl, s)
			}
		}
		if tok.XPOS == "VBG" {
			if len(a.Subjects) == 0 {
				a.Subjects = append(a.Subjects, ctrl...)
			}
		} else if len(a.Patients) == 0 && len(a.Subjects) == 0 {
			a.Passive = true
			a.Patients = append(a.Patients, ctrl...)
		}
	}
}

// readRelative places the antecedent of a relative clause in the role of
// its relative pronoun ("the base, which US forces left" -> object), or,
// for a reduced relative ("the base US forces left"), in the role the
// clause lacks.
func (t *Tree) readRelative(a *Args, pred, antecedent int) {
	ant := t.arg(antecedent, "acl:relcl", "", ViaRelative)
	for _, c := range t.Children(pred) {
		if !isRelativePronoun(t.Tokens[c].Lower) {
			continue
		}
		switch rel := t.Tokens[c].Deprel; {
		case rel == "nsubj":
			a.Subjects = replaceArg(a.Subjects, c, ant)
			return
		case rel == "nsubj:pass":
			a.Patients = replaceArg(a.Patients, c, ant)
			return
		case rel == "obj":
			a.Objects = replaceArg(a.Objects, c, ant)
			return
		case strings.HasPrefix(rel, "obl"):
			ant.Case = t.caseOf(c)
			a.Obliques = replaceArg(a.Obliques, c, ant)
			return
		}
	}
	switch {
	case a.Passive && len(a.Patients) == 0:
		a.Patients = append(a.Patients, ant)
	case len(a.Subjects) == 0:
		a.Subjects = append(a.Subjects, ant)
	case len(a.Objects) == 0:
		a.Objects = append(a.Objects, ant)
	}
}

// replaceArg swaps the relative pronoun for its antecedent.
func replaceArg(args []Argument, pronoun int, ant Argument) []Argument {
	for i, x := range args {
		if x.Head == pronoun {
			ant.Rel = x.Rel
			args[i] = ant
			return args
		}
	}
	return append(args, ant)
}

// inheritTimes gives a predicate without a time of its own the times of
// the clause it depends on (ha, that clause's arguments).
func inheritTimes(a *Args, ha Args) {
	for _, tm := range ha.Times {
		tm.Via = ViaGovernor
		a.Times = append(a.Times, tm)
	}
}

// negationWords negate the predicate they modify.
var negationWords = map[string]bool{"not": true, "n't": true, "n’t": true, "never": true, "no": true, "nor": true}

// denyWords negate what their clausal complement reports; falseWords
// negate the report they are predicated of.
var (
	denyWords = map[string]bool{
		"deny": true, "denies": true, "denied": true, "denying": true, "denial": true, "denials": true,
		"refute": true, "refuted": true, "refutes": true, "dismissed": true, "rejected": true,
		"fail": true, "fails": true, "failed": true, "failing": true, "refuse": true, "refused": true, "refuses": true,
	}
	falseWords = map[string]bool{
		"false": true, "untrue": true, "baseless": true, "unfounded": true, "fake": true, "groundless": true,
		"incorrect": true, "wrong": true, "inaccurate": true, "fabricated": true, "lies": true, "lie": true,
	}
)

// readNegation looks for a negation cue on the predicate, its auxiliaries
// or copula, and then up the tree for a denying or falsifying governor.
func (t *Tree) readNegation(a *Args, pred int) {
	if cue := t.negationOn(pred); cue != "" {
		a.Negated, a.NegationCue = true, cue
		return
	}
	// Walk up through clausal links: xcomp inherits a negated governor
	// ("did not agree to withdraw"); ccomp/acl/csubj of a denying word
	// ("denied that troops had left", "denials of a withdrawal"); a
	// report that is the subject of "false".
	k := pred
	for steps := 0; steps < 8; steps++ {
		tok := t.Tokens[k]
		h := tok.Head
		if h < 0 {
			return
		}
		gov := t.Tokens[h]
		switch rel := tok.Deprel; {
		case rel == "xcomp" || rel == "conj" && k == pred:
			if rel == "xcomp" && denyWords[gov.Lower] {
				a.Negated, a.NegationCue = true, gov.Lower
				return
			}
			if cue := t.negationOn(h); cue != "" && rel == "xcomp" {
				a.Negated, a.NegationCue = true, cue
				return
			}
		case relIn(rel, []string{"ccomp", "acl", "csubj", "nmod", "obj", "advcl"}):
			if denyWords[gov.Lower] {
				a.Negated, a.NegationCue = true, gov.Lower
				return
			}
			// The report governing the clause is the subject of a
			// falsifying predicate: "reports that X had arrived were false".
			if relIn(gov.Deprel, []string{"nsubj", "nsubj:pass"}) && gov.Head >= 0 && falseWords[t.Tokens[gov.Head].Lower] {
				a.Negated, a.NegationCue = true, t.Tokens[gov.Head].Lower
				return
			}
			if falseWords[gov.Lower] && rel == "csubj" {
				a.Negated, a.NegationCue = true, gov.Lower
				return
			}
			if rel == "advcl" || rel == "obj" || rel == "nmod" {
				return
			}
		default:
			return
		}
		k = h
	}
}

// negationOn returns the negation cue attached to token i or to its
// auxiliaries and copula, or "".
func (t *Tree) negationOn(i int) string {
	for _, c := range t.Children(i) {
		tok := t.Tokens[c]
		switch {
		case tok.Deprel == "advmod" && negationWords[tok.Lower] && tok.Lower != "no":
			return tok.Lower
		case tok.Deprel == "det" && tok.Lower == "no" && isNominal(t.Tokens[i].UPOS):
			return "no"
		case relIn(tok.Deprel, []string{"aux", "cop"}):
			for _, g := range t.Children(c) {
				if t.Tokens[g].Deprel == "advmod" && negationWords[t.Tokens[g].Lower] {
					return t.Tokens[g].Lower
				}
			}
		}
	}
	return ""
}

var (
	plannedModals = map[string]bool{"will": true, "'ll": true, "’ll": true, "shall": true, "would": true, "wo": true}
	modals        = map[string]bool{"will": true, "'ll": true, "’ll": true, "shall": true, "would": true, "wo": true, "'d": true, "could": true, "can": true, "ca": true, "may": true, "might": true, "should": true, "must": true}
	// planWords make their xcomp (or object, or "for" noun) a plan.
	planWords = map[string]bool{
		"plan": true, "plans": true, "planned": true, "planning": true, "intend": true, "intends": true, "intended": true,
		"intention": true, "expect": true, "expects": true, "expected": true, "agree": true, "agrees": true, "agreed": true,
		"decide": true, "decides": true, "decided": true, "decision": true, "set": true, "going": true, "prepare": true,
		"prepares": true, "prepared": true, "preparing": true, "aim": true, "aims": true, "want": true, "wants": true,
		"seek": true, "seeks": true, "sought": true, "propose": true, "proposed": true, "proposal": true,
		"order": true, "ordered": true, "vowed": true, "vow": true, "pledged": true, "promised": true,
		"scheduled": true, "due": true, "considering": true, "consider": true, "ready": true,
	}
	hypotheticalMarks = map[string]bool{"if": true, "unless": true, "whether": true}
)

// HypotheticalMark reports whether a lowercased token is a subordinator
// that makes the clause it marks hypothetical (Args.Hypothetical), so a
// caller can tell from the tokens alone that no parse would find one.
func HypotheticalMark(lower string) bool { return hypotheticalMarks[lower] }

// readModality finds modal auxiliaries, governing plan words and a
// conditional clause around the predicate.
func (t *Tree) readModality(a *Args, pred int) {
	for _, c := range t.Children(pred) {
		tok := t.Tokens[c]
		if tok.Deprel == "aux" && modals[tok.Lower] {
			a.Modal = tok.Lower
			if plannedModals[tok.Lower] {
				a.Planned, a.PlanCue = true, tok.Lower
			}
		}
	}
	// Up the tree: plan words governing the predicate through xcomp,
	// obj or nmod ("plans to withdraw", "announced the withdrawal",
	// "plans for a withdrawal"), and "if"/"unless" on any clause above.
	k := pred
	for steps := 0; steps < 10 && k >= 0; steps++ {
		for _, c := range t.Children(k) {
			tok := t.Tokens[c]
			if tok.Deprel == "mark" && hypotheticalMarks[tok.Lower] && !a.Hypothetical {
				a.Hypothetical, a.HypotheticalCue = true, tok.Lower
			}
		}
		tok := t.Tokens[k]
		h := tok.Head
		if h < 0 {
			break
		}
		gov := t.Tokens[h]
		// A plan word takes the plan as its xcomp ("plans to close"), a
		// noun plan word also as acl or nmod ("the plan to close", "plans
		// for a withdrawal"), a verb as obj ("considering a deployment");
		// a that-clause reports rather than plans ("announced that ...").
		if !a.Planned && planWords[gov.Lower] && (tok.Deprel == "xcomp" ||
			isNominal(gov.UPOS) && relIn(tok.Deprel, []string{"acl", "nmod"}) ||
			!isNominal(gov.UPOS) && tok.Deprel == "obj") {
			a.Planned, a.PlanCue = true, gov.Lower
		}
		if !relIn(tok.Deprel, []string{"xcomp", "conj", "ccomp", "advcl", "acl", "obj", "nmod", "csubj"}) {
			break
		}
		k = h
	}
}

// addWithConjuncts appends the argument headed by c and its conjuncts.
func (t *Tree) addWithConjuncts(args []Argument, c int, rel, cs, via string) []Argument {
	args = append(args, t.arg(c, rel, cs, via))
	for _, cj := range t.conjuncts(c) {
		args = append(args, t.arg(cj, rel, cs, ViaConjunct))
	}
	return args
}

// conjuncts returns the conjuncts of token i ("Camp Arena ... and Camp
// Dwyer"), following chains of conj.
func (t *Tree) conjuncts(i int) []int {
	var out []int
	for _, c := range t.ChildrenWith(i, "conj") {
		out = append(out, c)
		out = append(out, t.conjuncts(c)...)
	}
	return out
}

// arg builds an Argument for the phrase headed by i: its subtree without
// leading case markers and punctuation and without relative clauses,
// appositions or conjuncts (those are arguments of their own).
func (t *Tree) arg(i int, rel, cs, via string) Argument {
	keep := []int{i}
	var walk func(int)
	walk = func(k int) {
		for _, c := range t.Children(k) {
			if k == i && relIn(t.Tokens[c].Deprel, []string{"case", "acl:relcl", "conj", "cc", "appos", "punct", "mark"}) {
				continue
			}
			keep = append(keep, c)
			walk(c)
		}
	}
	walk(i)
	lo, hi := t.Tokens[i].Start, t.Tokens[i].End
	for _, k := range keep {
		lo, hi = min(lo, t.Tokens[k].Start), max(hi, t.Tokens[k].End)
	}
	return Argument{Head: i, Span: Span{lo, hi}, Rel: rel, Case: cs, Via: via}
}

// caseOf returns the case marker(s) of token i, lowercased and joined
// ("out of"), or "".
func (t *Tree) caseOf(i int) string {
	var parts []string
	for _, c := range t.Children(i) {
		if c > i {
			break
		}
		if t.Tokens[c].Deprel == "case" {
			parts = append(parts, t.Tokens[c].Lower)
			for _, f := range t.ChildrenWith(c, "fixed") {
				parts = append(parts, t.Tokens[f].Lower)
			}
		}
	}
	return strings.Join(parts, " ")
}

func (t *Tree) hasMark(i int, marks ...string) bool {
	for _, c := range t.ChildrenWith(i, "mark") {
		for _, m := range marks {
			if t.Tokens[c].Lower == m {
				return true
			}
		}
	}
	return false
}

func (t *Tree) isPassive(i int) bool {
	return len(t.ChildrenWith(i, "nsubj:pass", "aux:pass", "csubj:pass")) > 0
}

// timeWords head temporal phrases.
var timeWords = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
	"jan.": true, "feb.": true, "mar.": true, "apr.": true, "jun.": true, "jul.": true, "aug.": true,
	"sep.": true, "sept.": true, "oct.": true, "nov.": true, "dec.": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"today": true, "yesterday": true, "tomorrow": true, "tonight": true, "morning": true, "afternoon": true,
	"evening": true, "night": true, "day": true, "days": true, "week": true, "weeks": true, "weekend": true,
	"month": true, "months": true, "year": true, "years": true, "decade": true, "spring": true, "summer": true,
	"autumn": true, "fall": true, "winter": true, "date": true, "now": true, "earlier": true, "later": true,
	"recently": true, "previously": true, "ago": true,
}

// isTimeWord reports whether token i heads a temporal phrase: a month,
// weekday, relative day, date unit or a year or date number.
func (t *Tree) isTimeWord(i int) bool {
	tok := t.Tokens[i]
	if tok.Lower == "may" && tok.UPOS == "AUX" {
		return false
	}
	if tok.Lower == "fall" && tok.UPOS == "VERB" {
		return false
	}
	return timeWords[tok.Lower] || isYear(tok.Form)
}

// isYear recognises 1900-2099 and "2020s".
func isYear(s string) bool {
	s = strings.TrimSuffix(s, "s")
	if len(s) != 4 || !(strings.HasPrefix(s, "19") || strings.HasPrefix(s, "20")) {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func isNominal(upos string) bool { return upos == "NOUN" || upos == "PROPN" }

func isVerbal(upos string) bool { return upos == "VERB" || upos == "AUX" || upos == "ADJ" }

func isRelativePronoun(lower string) bool {
	switch lower {
	case "which", "that", "who", "whom", "where", "when":
		return true
	}
	return false
}

func startsUpper(s string) bool {
	return s != "" && strings.ToUpper(s[:1]) == s[:1] && strings.ToLower(s[:1]) != s[:1]
}
