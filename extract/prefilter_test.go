package extract

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/testenv"
	"github.com/newsgraph/newsgraph/loaders"
)

// prefilteredExprs are the expressions extraction runs with a prefilter.
func prefilteredExprs() map[string]*prefiltered {
	m := map[string]*prefiltered{
		"reISODate": reISODate, "reDayMonth": reDayMonth, "reMonthDay": reMonthDay, "reMonthYear": reMonthYear,
		"reMonthAlone": reMonthAlone, "reWeekday": reWeekday, "reYear": reYear, "reMonthRelYear": reMonthRelYear,
		"reRelative": reRelative, "reMilitary": reMilitary, "reFuture": reFuture, "reBaseSuffix": reBaseSuffix,
		"rePrefixBase": rePrefixBase, "reBasePlural": reBasePlural, "reMilitaryContext": reMilitaryContext,
		"reYearEdge": reYearEdge, "reAnaphoricNoun": reAnaphoricNoun, "reClaim": reClaim,
		"reChainedDate": reChainedDate, "reCaptionCredit": reCaptionCredit,
		"reMinistryHere": reMinistryHere, "reEditorBracket": reEditorBracket, "reFacility": reFacility,
		"reNotAFacility": reNotAFacility, "rePlanned": rePlanned, "reModalInTrigger": reModalInTrigger,
		"reNavalWords": reNavalWords, "rePortOf": rePortOf, "reForcesAt": reForcesAt,
		"reBareCoalition": reBareCoalition, "reBlamedOn": reBlamedOn, "reDayPhrase": reDayPhrase,
		"reBaseInPlace": reBaseInPlace, "reNegation": reNegation, "reBaseNoun": reBaseNoun, "reTreeCue": reTreeCue,
		"reSovereignty": reSovereignty, "rePersonTitle": rePersonTitle, "rePastVerbBefore": rePastVerbBefore,
		"reScheduled": reScheduled, "reDeadline": reDeadline, "reCapitalAsPlace": reCapitalAsPlace,
		"reOrgEndsHead": reOrgEndsHead, "reOrgSplit": reOrgSplit,
	}
	for i, t := range triggers {
		m[fmt.Sprintf("trigger %d (%s)", i, t.typ)] = t.re
	}
	return m
}

// checkPrefilter fails when a prefilter would skip a text its expression
// matches: the needles must be a necessary condition.
func checkPrefilter(t *testing.T, text string) {
	t.Helper()
	lower := strings.ToLower(text)
	grams := newTextGrams(lower)
	for name, p := range prefilteredExprs() {
		for _, s := range []string{text, lower} {
			if !p.mayMatch(s) && p.re.MatchString(s) {
				t.Fatalf("%s: the prefilter skips %q, which the expression matches (needles %v)", name, s, p.needles)
			}
		}
		if !p.mayMatchLower(lower, grams) && p.re.MatchString(lower) {
			t.Fatalf("%s: the byte-pair prefilter skips %q, which the expression matches (needles %v)", name, lower, p.needles)
		}
	}
}

// prefilterEdges are short texts at the edges of case folding and of the
// expressions' needles.
var prefilterEdges = []string{
	"", "On Sunday", "on sunday", "LAST MONTH", "Last Month", "in early JANUARY", "by late September 2025",
	"troops", "TROOPS", "the Kelvin sign: K, the long s: ſ, last weeK", "laſt week", "2025-08-24",
	"Camp Victory", "Ain al-Asad Air Base", "Ain al-Asad and Victory bases", "FOB Falcon", "Joint Base Balad",
	"withdrew", "pull-outs", "handed the keys over to", "war games", "live-fire drills", "will", "next",
}

// prefilterTexts are the edge cases plus every sentence of the test
// articles and the seed.
func prefilterTexts(t *testing.T) []string {
	texts := slices.Clone(prefilterEdges)
	files := testenv.Articles(t)
	if seed := os.Getenv("NEWSGRAPH_SEED_DIR"); seed != "" {
		more, _ := filepath.Glob(filepath.Join(seed, "*.txt"))
		files = append(files, more...)
	}
	if len(files) < 5 {
		t.Fatalf("want test articles, found %d", len(files))
	}
	for _, f := range files {
		arts, err := loaders.Read(context.Background(), f, loaders.Options{})
		if err != nil {
			continue
		}
		for _, a := range arts {
			d := Segment(a.Title, a.Lede, a.Body)
			for i := range d.Sentences {
				texts = append(texts, d.SentenceText(i))
			}
		}
	}
	return texts
}

func TestPrefilterIsNecessary(t *testing.T) {
	exprs := prefilteredExprs()
	derived := 0
	for _, p := range exprs {
		if !p.always {
			derived++
		}
	}
	// A refactoring that loses the needles would silently remove the
	// speed-up; most expressions have some.
	if derived < len(exprs)*3/4 {
		t.Errorf("needles derived for %d of %d expressions", derived, len(exprs))
	}
	for _, text := range prefilterTexts(t) {
		checkPrefilter(t, text)
		// Every window of a sentence too, so matches at the edges count.
		for i := 0; i < len(text); i += 7 {
			checkPrefilter(t, text[i:min(len(text), i+40)])
		}
	}
}

// FuzzPrefilter starts from the short edge cases only: every exec runs
// every expression, and the articles' 400 sentences as seeds made a 20 s
// run spend a quarter of its time on them. TestPrefilterIsNecessary covers
// the sentences. Each exec runs up to three matches of 46 expressions
// (about 1 ms of CPU for 60 bytes), so inputs are capped at 128 bytes:
// the needles are short, and TestPrefilterIsNecessary checks 40-byte
// windows the same way.
func FuzzPrefilter(f *testing.F) {
	for _, s := range prefilterEdges {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 128 {
			t.Skip()
		}
		checkPrefilter(t, s)
	})
}

func TestPrefilterNeedles(t *testing.T) {
	for _, c := range []struct {
		expr string
		want []string
	}{
		{`\bwithdr[ae]w(?:s|n)?\b`, []string{"withdraw", "withdrew"}},
		{`\b(?:last|next) (?:week|month)\b`, []string{"last week", "last month", "next week", "next month"}},
		{`(?i)\byesterday\b`, []string{"yesterday"}},
		{`\bhand(?:s|ed)? (?:\S+ ){1,7}?to\b`, []string{"hand ", "hands ", "handed "}},
		{`\d+ days`, []string{" days"}},
		{`.*`, nil},
		{`a|.*`, nil},
	} {
		p := mustPrefilter(c.expr)
		var got []string
		for _, n := range p.needles {
			got = append(got, n.s)
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") || p.always != (c.want == nil) {
			t.Errorf("%s: needles %q (always %v), want %q", c.expr, got, p.always, c.want)
		}
	}
}
