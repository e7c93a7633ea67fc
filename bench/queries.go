package bench

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/queries"
)

// QuerySpec is one named query with representative arguments.
type QuerySpec struct {
	Label string
	Name  string
	Args  queries.Args
}

// QuerySpecs chooses arguments for every registered module from e. A
// module this list does not know runs with its defaults, or is left out
// if it has required parameters.
func QuerySpecs(e Entities) []QuerySpec {
	hot, typical, host := e.HotBase, e.TypicalBase, e.HostCountry
	known := map[string][]QuerySpec{
		"bases": {
			{Label: "bases --event withdrawal", Args: queries.Args{"event": "withdrawal"}},
			{Label: "bases (any event)", Args: queries.Args{}},
		},
		"events": {
			{Label: "events --event attack --country " + host, Args: queries.Args{"event": "attack", "country": host}},
			{Label: "events --event withdrawal --from 2025-01-01", Args: queries.Args{"event": "withdrawal", "from": "2025-01-01"}},
		},
		"countries": {{Label: "countries --event withdrawal", Args: queries.Args{"event": "withdrawal"}}},
		"entity": {
			{Label: "entity --entity <hot base>", Args: queries.Args{"entity": hot}},
			{Label: "entity --entity <typical base>", Args: queries.Args{"entity": typical}},
		},
		"path":    {{Label: "path --from-entity <hot base> --to-entity <typical base>", Args: queries.Args{"from-entity": hot, "to-entity": typical}}},
		"related": {{Label: "related --entity <typical base>", Args: queries.Args{"entity": typical}}, {Label: "related --entity <hot base>", Args: queries.Args{"entity": hot}}},
		"search":  {{Label: "search --name " + firstWord(typical), Args: queries.Args{"name": firstWord(typical)}}},
		"sources": {{Label: "sources --entity <typical base>", Args: queries.Args{"entity": typical}}, {Label: "sources --entity <hot base>", Args: queries.Args{"entity": hot}}},
		"stats":   {{Label: "stats", Args: queries.Args{}}},
		"timeline": {
			{Label: "timeline --entity <typical base>", Args: queries.Args{"entity": typical}},
			{Label: "timeline --entity <hot base>", Args: queries.Args{"entity": hot}},
		},
	}
	var out []QuerySpec
	for _, m := range queries.Modules() {
		specs, ok := known[m.Name]
		if !ok {
			if slices.ContainsFunc(m.Params, func(p queries.Param) bool { return p.Required }) {
				continue
			}
			specs = []QuerySpec{{Label: m.Name, Args: queries.Args{}}}
		}
		for _, sp := range specs {
			sp.Name = m.Name
			out = append(out, sp)
		}
	}
	return out
}

func firstWord(s string) string {
	w, _, _ := strings.Cut(s, " ")
	return w
}

func measureQueries(ctx context.Context, opts Options, s *graph.Store, backend string, res *Result) ([]Query, Phase) {
	var out []Query
	m := startPhase(opts, "queries-"+backend)
	for _, sp := range QuerySpecs(Entities{HotBase: res.HotBase, TypicalBase: res.TypicalBase, HostCountry: res.HostCountry}) {
		if opts.QueryFilter != nil && !opts.QueryFilter.MatchString(sp.Label) {
			continue
		}
		if ctx.Err() != nil {
			break
		}
		q := Query{Label: sp.Label, Name: sp.Name, Args: sp.Args}
		var times []time.Duration
		began := time.Now()
		for run := 0; ; run++ {
			start := time.Now()
			r, err := queries.Run(ctx, s, sp.Name, sp.Args)
			d := time.Since(start)
			if err != nil {
				q.Err = err.Error()
				break
			}
			q.Rows = len(r.Rows)
			if run == 0 {
				// The first run warms caches and is not counted, unless
				// the query is so slow that it is measured only once.
				if d > opts.SlowQuery {
					times = append(times, d)
					break
				}
				continue
			}
			times = append(times, d)
			// Slow queries are measured fewer times: at least three
			// timed runs, then at most about 20 s per query.
			if len(times) >= opts.QueryRuns || len(times) >= 3 && time.Since(began) > 20*time.Second {
				break
			}
		}
		if len(times) > 0 {
			slices.Sort(times)
			q.P50 = percentile(times, 50)
			q.P95 = percentile(times, 95)
			q.Runs = len(times)
		}
		opts.Log.Info("query", "store", backend, "query", sp.Label, "p50", q.P50, "rows", q.Rows, "err", q.Err)
		out = append(out, q)
	}
	return out, m.stop()
}

// percentile is the nearest-rank percentile of sorted durations.
func percentile(sorted []time.Duration, p int) time.Duration {
	k := (p*len(sorted) + 99) / 100
	return sorted[max(0, min(k, len(sorted))-1)]
}
