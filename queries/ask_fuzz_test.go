package queries

import (
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

// FuzzInterpret turns arbitrary questions into plans. A question either
// matches no form (a *NoMatchError carrying it and the examples), is
// refused naming what it could not apply (a *RefusalError), or
// becomes a plan naming a registered query, with only that query's
// parameters, none empty, and a request path and command line that carry
// exactly those arguments. The same question always gives the same plan.
func FuzzInterpret(f *testing.F) {
	for _, q := range append(Questions(),
		"Which bases did the US leave since June 2025?",
		"attacks at Tower 22 between 1 May and August 24, 2025",
		"what happened in Iraq last month",
		"please who operates Ain al-Asad?!",
		"bases in O'Brien's country before 2025-13",
		"did Iraq deny the US withdrawal from Victory Base?",
		"which Russian bases in Syria were attacked by Turkey since 2020",
		"where is the French base in Djibouti",
		"who reported the Reuters story on Al Udeid",
		"what is new at Camp Lemonnier this month",
	) {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if len(q) > 1<<10 {
			t.Skip()
		}
		p, err := testAsker(t).Interpret(q, now)
		if err != nil {
			var nm *NoMatchError
			var rf *RefusalError
			if errors.As(err, &rf) && rf.Question == q && len(rf.Unused) > 0 {
				return
			}
			if !errors.As(err, &nm) || nm.Question != q || len(nm.Examples) == 0 || !errors.Is(err, ErrNoTemplate) {
				t.Fatalf("error %v (%T) is not a NoMatchError for the question", err, err)
			}
			return
		}
		m, ok := Lookup(p.Query)
		if !ok {
			t.Fatalf("plan names unknown query %q", p.Query)
		}
		for k, v := range p.Args {
			if !hasParam(m, k) || v == "" {
				t.Fatalf("plan %s: argument %s=%q is not a parameter, or empty", p.Query, k, v)
			}
		}
		checkNothingDropped(t, p)
		u, err := url.Parse(p.Path)
		if err != nil || u.Path != "/api/v1/queries/"+p.Query {
			t.Fatalf("plan path %q (%v)", p.Path, err)
		}
		got := Args{}
		for k, vs := range u.Query() {
			got[k] = vs[0]
		}
		if len(got) != len(p.Args) || len(p.Args) > 0 && !reflect.DeepEqual(got, p.Args) {
			t.Fatalf("path %q carries %v, the plan %v", p.Path, got, p.Args)
		}
		if !strings.HasPrefix(p.Command, "newsgraph query "+p.Query) || strings.ContainsAny(p.Command, "\n\r") && !strings.Contains(p.Command, "'") {
			t.Fatalf("command %q", p.Command)
		}
		if again, err := testAsker(t).Interpret(q, now); err != nil || !reflect.DeepEqual(again, p) {
			t.Fatalf("a second interpretation differs: %+v, %v", again, err)
		}
	})
}
