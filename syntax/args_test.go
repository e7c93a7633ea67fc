package syntax

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// describe renders a predicate's arguments compactly by head word:
// subj, pat(ient), obj, obl (case:head), time (span text), neg, modal,
// plan, hyp, conj; roles with nothing are left out.
func describe(t *Tree, a Args) map[string]string {
	out := map[string]string{}
	heads := func(args []Argument, withCase bool) string {
		var parts []string
		for _, x := range args {
			s := t.Tokens[x.Head].Form
			if withCase {
				s = x.Case + ":" + s
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, ",")
	}
	set := func(k, v string) {
		if v != "" {
			out[k] = v
		}
	}
	set("subj", heads(a.Subjects, false))
	set("pat", heads(a.Patients, false))
	set("obj", heads(a.Objects, false))
	set("obl", heads(a.Obliques, true))
	var times []string
	for _, x := range a.Times {
		times = append(times, t.Text[x.Span.Start:x.Span.End])
	}
	set("time", strings.Join(times, ","))
	set("neg", a.NegationCue)
	set("modal", a.Modal)
	set("plan", a.PlanCue)
	set("hyp", a.HypotheticalCue)
	var conj []string
	for _, c := range a.Conjoined {
		conj = append(conj, t.Tokens[c].Form)
	}
	set("conj", strings.Join(conj, ","))
	return out
}

// predicate finds the token with the given form; "form#2" is its second
// occurrence.
func predicate(t *Tree, spec string) int {
	form, nth := spec, 1
	if f, n, ok := strings.Cut(spec, "#"); ok {
		form = f
		fmt.Sscan(n, &nth)
	}
	for i, tok := range t.Tokens {
		if tok.Form == form {
			nth--
			if nth == 0 {
				return i
			}
		}
	}
	return -1
}

// The sentences are our own. Each case lists every non-empty role. A
// case the embedded parser gets wrong says how in parserError: the test
// then checks the error is still there (and fails once a retrained model
// fixes it, so the note is removed) instead of bending the expectation.
var argumentCases = []struct {
	sentence, pred string
	want           map[string]string
	parserError    string
}{
	{"The UK attacked Syria.", "attacked",
		map[string]string{"subj": "UK", "obj": "Syria"}, ""},
	{"The jets were not sent to Cyprus.", "sent",
		map[string]string{"pat": "jets", "obl": "to:Cyprus", "neg": "not"}, ""},
	{"Italian troops left Camp Arena in Herat and Camp Dwyer on Friday.", "left",
		map[string]string{"subj": "troops", "obj": "Camp,Camp", "time": "Friday"}, "Camp Dwyer is made a conjunct of Herat"},
	{"Officials said reports that Russian troops had arrived at Niamey airport were false.", "arrived",
		map[string]string{"subj": "troops", "obl": "at:airport", "neg": "false"}, "\"reports\" is tagged VERB and made a ccomp of said"},
	{"The base, which US forces left in 2021, was handed to the Afghan army on Friday.", "left",
		map[string]string{"subj": "forces", "obj": "base", "time": "2021"}, ""},
	{"The base, which US forces left in 2021, was handed to the Afghan army on Friday.", "handed",
		map[string]string{"pat": "base", "obl": "to:army", "time": "Friday"}, "\"on Friday\" is attached to army"},
	{"The base was attacked by Houthi rebels.", "attacked",
		map[string]string{"subj": "rebels", "pat": "base"}, ""},
	{"The ministry denied that its soldiers had left the airport.", "left",
		map[string]string{"subj": "soldiers", "obj": "airport", "neg": "denied"}, ""},
	{"The soldiers did not leave the town.", "leave",
		map[string]string{"subj": "soldiers", "obj": "town", "neg": "not"}, ""},
	{"The marines never reached the port.", "reached",
		map[string]string{"subj": "marines", "obj": "port", "neg": "never"}, ""},
	{"There was no withdrawal.", "withdrawal",
		map[string]string{"neg": "no"}, ""},
	{"The troops will leave the base next month.", "leave",
		map[string]string{"subj": "troops", "obj": "base", "time": "next month", "modal": "will", "plan": "will"}, ""},
	{"France plans to close its base in Chad.", "close",
		map[string]string{"subj": "France", "obj": "base", "plan": "plans"}, "\"France plans\" is read as a noun phrase, \"close\" its acl, \"in Chad\" attached to close"},
	{"The rebels failed to capture the airport.", "capture",
		map[string]string{"subj": "rebels", "obj": "airport", "neg": "failed"}, ""},
	{"If the army withdraws from the town, the rebels will return.", "withdraws",
		map[string]string{"subj": "army", "obl": "from:town", "hyp": "if"}, ""},
	{"The troops packed their equipment and left the camp on Monday.", "left",
		map[string]string{"subj": "troops", "obj": "camp", "time": "Monday"}, ""},
	{"The troops packed their equipment and left the camp on Monday.", "packed",
		map[string]string{"subj": "troops", "obj": "equipment", "conj": "left"}, ""},
	{"Germany deployed two frigates and a submarine to the Baltic Sea.", "deployed",
		map[string]string{"subj": "Germany", "obj": "frigates,submarine", "obl": "to:Sea"}, "\"to the Baltic Sea\" is attached to submarine"},
	{"American forces moved out of the base in March.", "moved",
		map[string]string{"subj": "forces", "obl": "out of:base", "time": "March"}, "\"forces\" is made the root, \"moved\" its acl"},
	{"Russia's deployment of mercenaries to Mali worried the region.", "deployment",
		map[string]string{"subj": "Russia", "obj": "mercenaries", "obl": "to:Mali"}, "\"to Mali\" is attached to mercenaries"},
	{"They signed a 2024 agreement with Greece.", "agreement",
		map[string]string{"time": "2024", "obl": "with:Greece"}, ""},
	{"Britain agreed to withdraw its troops by June.", "withdraw",
		map[string]string{"subj": "Britain", "obj": "troops", "time": "June", "plan": "agreed"}, ""},
	{"The depot, which was handed over to local police this morning, stood empty.", "handed",
		map[string]string{"pat": "depot", "obl": "to:police", "time": "this morning"}, "\"empty\" is attached to handed as an obl"},
	{"The US withdrawal from Niger ended in August.", "withdrawal",
		map[string]string{"subj": "US", "obl": "from:Niger"}, ""},
	{"Troops have begun leaving the region.", "leaving",
		map[string]string{"subj": "Troops", "obj": "region"}, ""},
	{"Officials ordered the soldiers to leave the town.", "leave",
		map[string]string{"subj": "soldiers", "obj": "town", "plan": "ordered"}, ""},
	{"The attack by Iran on the base was condemned.", "attack",
		map[string]string{"subj": "Iran", "obl": "on:base"}, ""},
	{"Troops are expected to arrive in Estonia next week.", "arrive",
		map[string]string{"subj": "Troops", "obl": "in:Estonia", "time": "next week", "plan": "expected"}, ""},
	{"The navy may close the port.", "close",
		map[string]string{"subj": "navy", "obj": "port", "modal": "may"}, ""},
	{"Soldiers stationed at the base left on Friday.", "stationed",
		map[string]string{"pat": "Soldiers", "obl": "at:base"}, "\"stationed\" is made the root, \"left\" an acl of base"},
}

func TestArguments(t *testing.T) {
	m := loadModel(t)
	for _, tt := range argumentCases {
		tree := m.Parse(tt.sentence)
		p := predicate(tree, tt.pred)
		if p < 0 {
			t.Errorf("%q: no token %q", tt.sentence, tt.pred)
			continue
		}
		got := describe(tree, tree.Arguments(p))
		switch ok := reflect.DeepEqual(got, tt.want); {
		case ok && tt.parserError != "":
			t.Errorf("%q, predicate %q: now read right; remove the parserError note %q", tt.sentence, tt.pred, tt.parserError)
		case !ok && tt.parserError != "":
			t.Logf("%q, predicate %q: known parser error (%s): got %v", tt.sentence, tt.pred, tt.parserError, got)
		case !ok:
			t.Errorf("%q, predicate %q:\n got  %v\n want %v\ntree:\n%s", tt.sentence, tt.pred, got, tt.want, tree)
		}
	}
}
