package queries

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/schema"
)

func init() {
	Register(Module{
		Name: "entity",
		Doc:  "one entity's profile: type, aliases, country, coordinates and every fact about it, each with its sources",
		Params: []Param{
			{Name: "entity", Kind: "string", Required: true, Doc: "the entity (any name or alias, any case)", Aliases: []Alias{{Name: "name"}}},
			{Name: "type", Kind: "string", Enum: entityTypeEnum, Doc: "only consider entities of this type"},
		},
		Run:   runEntity,
		Pages: true,
	})
}

// profileFields orders the rows of a profile and names the predicates.
var profileFields = []struct {
	pred  quad.IRI
	field string
}{
	{schema.Type, "type"},
	{schema.Name, "name"},
	{schema.AlternateName, "alias"},
	{schema.ContainedInPlace, "country"},
	{schema.Latitude, "coordinates"},
	{schema.Kind, "kind"},
	{schema.CountryCode, "code"},
	{schema.Operator, "operator"},
	{schema.Domain, "domain"},
}

// runEntity lists what the graph says about one entity. Each row is one
// fact, and its sources are the articles (named graphs) that state it: a
// base's country is as well supported as the number of articles that
// placed it there. Events the entity takes part in follow, merged across
// articles like the events query does.
func runEntity(ctx context.Context, s *graph.Store, args Args) (*Result, error) {
	r := newReader(s)
	m, err := r.resolveOne(ctx, "entity", args["entity"], typesParam(args["type"]))
	if err != nil {
		return nil, err
	}
	sts, err := r.statements(ctx, m.node)
	if err != nil {
		return nil, err
	}
	res := &Result{Columns: []string{"entity", "field", "value", "role", "date", "negated", "articles", "sources"}}
	res.Notes = append(res.Notes, fmt.Sprintf("%q is %s (%s), matched by %q", args["entity"], m.name, m.typ, m.via))
	// The entity index knows the publication date of every article that
	// mentions the entity: the facts' sources are mostly those.
	published := map[string]string{}
	if indexed, err := entityIndexed(ctx, s, m.node); err != nil {
		return nil, err
	} else if indexed {
		err := graph.EntityArticles(ctx, s, m.node.(quad.IRI), func(a graph.EntityArticle) bool {
			published[nodeKey(a.Article)] = a.Published
			return true
		})
		if err != nil {
			return nil, err
		}
	}
	fact := func(field, value string, labels []quad.Value) error {
		row := Row{Values: map[string]any{"entity": m.name, "field": field, "value": value, "role": "", "date": "", "negated": false}}
		if err := r.setLabelSources(ctx, &row, labels, published); err != nil {
			return err
		}
		res.Rows = append(res.Rows, row)
		return nil
	}
	// The store's order of a node's quads is its own (PostgreSQL's is any):
	// rows of one field are listed by value.
	slices.SortStableFunc(sts, func(a, b statement) int {
		return strings.Compare(valueString(a.object), valueString(b.object))
	})
	var lat, lon *statement
	for i := range sts {
		switch sts[i].pred {
		case schema.Latitude:
			lat = &sts[i]
		case schema.Longitude:
			lon = &sts[i]
		}
	}
	for _, pf := range profileFields {
		for _, st := range sts {
			if st.pred != pf.pred {
				continue
			}
			var value string
			switch pf.pred {
			case schema.Type:
				iri, _ := st.object.(quad.IRI)
				value = schema.EntityTypeOf(iri)
			case schema.ContainedInPlace:
				if value, err = r.nameOf(ctx, st.object); err != nil {
					return nil, err
				}
			case schema.Latitude:
				if lon == nil {
					continue
				}
				value = valueString(lat.object) + ", " + valueString(lon.object)
				st.labels = unionLabels(lat.labels, lon.labels)
			default:
				value = valueString(st.object)
			}
			if value == "" {
				continue
			}
			if err := fact(pf.field, value, st.labels); err != nil {
				return nil, err
			}
		}
	}
	reps, err := r.entityReports(ctx, s, m.node)
	if err != nil {
		return nil, err
	}
	evRows := eventFacts(m, reps)
	// The facts come first, then the events: only the page's event rows
	// read their sources.
	offset, limit := PageArgs(args)
	res.Total = len(res.Rows) + len(evRows)
	res.Rows = res.Rows[min(offset, len(res.Rows)):min(offset+limit, len(res.Rows))]
	lo := max(offset-(res.Total-len(evRows)), 0)
	for _, er := range evRows[min(lo, len(evRows)):min(lo+limit-len(res.Rows), len(evRows))] {
		if err := r.setReportSources(ctx, &er.Row, er.reports); err != nil {
			return nil, err
		}
		res.Rows = append(res.Rows, er.Row)
	}
	return res, nil
}

// reportRow is an answer row merged from event reports, with the first
// report of each article: the sources it lists, read for the page only.
type reportRow struct {
	Row
	reports []roleReport
}

// eventFacts lists the events an entity takes part in as profile rows,
// one per summary, their reports in event order (entityReports).
func eventFacts(m entityMatch, reps []roleReport) []reportRow {
	rows := map[string]*reportRow{}
	var order []string
	for _, rep := range reps {
		ev := rep.ev
		k := ev.summary()
		row, ok := rows[k]
		if !ok {
			row = &reportRow{Row: Row{Values: map[string]any{"entity": m.name, "field": "event", "value": k, "role": "", "date": ev.date, "negated": ev.negated}}}
			rows[k] = row
			order = append(order, k)
		}
		row.Values["role"] = joinSet(row.Values["role"].(string), rep.roles...)
		if ev.article != nil && !slices.ContainsFunc(row.reports, func(o roleReport) bool { return nodeKey(o.ev.article) == nodeKey(ev.article) }) {
			row.reports = append(row.reports, rep)
		}
	}
	// Sorted by date and summary, read out of the rows once: a hot
	// entity has thousands of rows.
	type keyed struct {
		date, value string
		row         *reportRow
	}
	ks := make([]keyed, 0, len(order))
	for _, k := range order {
		ks = append(ks, keyed{date: str(rows[k].Values["date"]), value: k, row: rows[k]})
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		return cmp.Or(strings.Compare(a.date, b.date), strings.Compare(a.value, b.value))
	})
	out := make([]reportRow, 0, len(ks))
	for _, k := range ks {
		out = append(out, *k.row)
	}
	return out
}

// roleReport is one event report an entity takes part in, with its roles
// and, from the entity index, its article's publication date.
type roleReport struct {
	ev        *eventInfo
	roles     []string
	published string
	indexed   bool
}

// entityIndexed reports whether the store keeps the entity index, which
// the per-entity queries then read instead of the graph.
func entityIndexed(ctx context.Context, s *graph.Store, node quad.Value) (bool, error) {
	if _, ok := node.(quad.IRI); !ok {
		return false, nil
	}
	return s.IndexKept(ctx, graph.EntityIndexName)
}

// entityReports returns the event reports node takes part in, ordered by
// event node (so that the report a merged row keeps of each article does
// not depend on the store's order): from the entity index when the
// store keeps it, else from the graph.
func (r *reader) entityReports(ctx context.Context, s *graph.Store, node quad.Value) ([]roleReport, error) {
	indexed, err := entityIndexed(ctx, s, node)
	if err != nil {
		return nil, err
	}
	var out []roleReport
	if indexed {
		var reps []graph.EntityReport
		err := graph.EntityReports(ctx, s, node.(quad.IRI), func(rep graph.EntityReport) bool {
			reps = append(reps, rep)
			return true
		})
		if err != nil {
			return nil, err
		}
		for _, rep := range reps {
			ev, err := r.eventFromRow(ctx, rep.Event, rep.Row)
			if err != nil {
				return nil, err
			}
			out = append(out, roleReport{ev: ev, roles: rep.Roles, published: rep.Published, indexed: true})
		}
	} else {
		nodes, roles, err := r.eventsOf(ctx, node)
		if err != nil {
			return nil, err
		}
		for _, n := range nodes {
			ev, err := r.reportFacts(ctx, n)
			if err != nil {
				return nil, err
			}
			out = append(out, roleReport{ev: ev, roles: roles[nodeKey(n)]})
		}
	}
	slices.SortFunc(out, func(a, b roleReport) int { return strings.Compare(nodeKey(a.ev.node), nodeKey(b.ev.node)) })
	return out, nil
}

// setLabelSources puts the articles among labels on a row as its sources
// (setSources of sourcesOf). An article whose date the entity index gave
// (published) is looked up in the store only if it is among the newest
// listed: a hot entity's type is stated by thousands of articles, and
// each lookup is an index read.
func (r *reader) setLabelSources(ctx context.Context, row *Row, labels []quad.Value, published map[string]string) error {
	var dated []datedArticle
	type knownArticle struct {
		node      quad.Value
		published string
	}
	var known []knownArticle // articles dated by the index, not yet looked up
	seen := map[string]bool{}
	for _, l := range labels {
		if !isArticle(l) || seen[nodeKey(l)] {
			continue
		}
		seen[nodeKey(l)] = true
		if p, ok := published[nodeKey(l)]; ok {
			known = append(known, knownArticle{node: l, published: p})
			continue
		}
		ref, err := r.ref(l)
		if err != nil {
			return err
		}
		if ref == nil {
			// Not in the store: sourcesOf would list it without facts.
			return r.setStoreSources(ctx, row, labels)
		}
		p, err := r.published(ctx, ref)
		if err != nil {
			return err
		}
		dated = append(dated, datedArticle{ref: ref, published: p})
	}
	// newestSources reads the MaxListedSources newest and every article
	// dated the same as the last of them: only those need a reference.
	slices.SortStableFunc(known, func(a, b knownArticle) int { return strings.Compare(b.published, a.published) })
	newest := make([]string, 0, len(dated))
	for _, d := range dated {
		newest = append(newest, d.published)
	}
	slices.SortFunc(newest, func(a, b string) int { return strings.Compare(b, a) })
	if len(newest) > MaxListedSources {
		newest = newest[:MaxListedSources]
	}
	unread := 0 // known articles older than every listed one
	for i, k := range known {
		p := k.published
		// MaxListedSources newer articles are in hand: this one and the
		// rest of known (older still) are counted, not listed.
		if len(newest) >= MaxListedSources && p < newest[len(newest)-1] {
			unread = len(known) - i
			break
		}
		ref, err := r.ref(k.node)
		if err != nil {
			return err
		}
		if ref == nil {
			return r.setStoreSources(ctx, row, labels)
		}
		dated = append(dated, datedArticle{ref: ref, published: p})
		newest = insertNewest(newest, p)
	}
	count := len(dated) + unread
	if err := r.setNewestSources(ctx, row, dated); err != nil {
		return err
	}
	row.Corroboration = count
	row.Values["articles"] = count
	return nil
}

// setStoreSources is setSources of sourcesOf(labels).
func (r *reader) setStoreSources(ctx context.Context, row *Row, labels []quad.Value) error {
	srcs, err := r.sourcesOf(ctx, labels)
	if err != nil {
		return err
	}
	setSources(row, srcs)
	return nil
}

// insertNewest adds date to dates (newest first), keeping at most
// MaxListedSources of them.
func insertNewest(dates []string, date string) []string {
	i, _ := slices.BinarySearchFunc(dates, date, func(a, b string) int { return strings.Compare(b, a) })
	dates = slices.Insert(dates, i, date)
	return dates[:min(len(dates), MaxListedSources)]
}

func unionLabels(a, b []quad.Value) []quad.Value {
	out := slices.Clone(a)
	seen := make(map[string]bool, len(a))
	for _, l := range a {
		seen[quad.StringOf(l)] = true
	}
	for _, l := range b {
		if k := quad.StringOf(l); !seen[k] {
			seen[k] = true
			out = append(out, l)
		}
	}
	return out
}
