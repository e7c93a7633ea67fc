package syntax

import (
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want string // forms joined by |
	}{
		{"The UK attacked Syria.", "The|UK|attacked|Syria|."},
		{"U.S. forces left on Sept. 5, 2021.", "U.S.|forces|left|on|Sept.|5|,|2021|."},
		{"Gen. Smith said the troops won't stay.", "Gen.|Smith|said|the|troops|wo|n't|stay|."},
		{"Russia's army and the forces' bases.", "Russia|'s|army|and|the|forces|'|bases|."},
		{"They’re leaving, he said: “We’ll go.”", "They|’re|leaving|,|he|said|:|“|We|’ll|go|.|”"},
		{"About 1,000 troops and 2.5 tonnes.", "About|1,000|troops|and|2.5|tonnes|."},
		{"Bashar al-Asad's long-range missiles", "Bashar|al-Asad|'s|long-range|missiles"},
		{"(Reuters) - Troops withdrew...", "(|Reuters|)|-|Troops|withdrew|..."},
		{"It cost $5 million, or 10%.", "It|cost|$|5|million|,|or|10|%|."},
		{"They left at 10:30 a.m. on Friday", "They|left|at|10:30|a.m.|on|Friday"},
		{"troops—and tanks--moved", "troops|—|and|tanks|--|moved"},
		{"Is it over?! No.", "Is|it|over|?|!|No|."},
		{"in the '90s", "in|the|'90s"},
		{"I'd say we've done it, didn't we", "I|'d|say|we|'ve|done|it|,|did|n't|we"},
		{"", ""},
		{"  spaced   out  ", "spaced|out"},
	}
	for _, tt := range tests {
		toks := Tokenize(tt.in)
		var forms []string
		for _, tok := range toks {
			forms = append(forms, tok.Form)
			if tt.in[tok.Start:tok.End] != tok.Form {
				t.Errorf("%q: token %q has span %d-%d = %q", tt.in, tok.Form, tok.Start, tok.End, tt.in[tok.Start:tok.End])
			}
		}
		if got := strings.Join(forms, "|"); got != tt.want {
			t.Errorf("Tokenize(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"The U.S. left.", "“Don’t,” he said.", "1,000--2.5...", "'90s' n't ’s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prev := 0
		for i, tok := range Tokenize(s) {
			if tok.Index != i || tok.Start < prev || tok.End <= tok.Start || tok.End > len(s) || s[tok.Start:tok.End] != tok.Form {
				t.Fatalf("bad token %d %+v in %q", i, tok, s)
			}
			if strings.TrimSpace(tok.Form) != tok.Form {
				t.Fatalf("token %q has spaces", tok.Form)
			}
			prev = tok.End
		}
	})
}
