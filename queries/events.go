package queries

import (
	"context"
	"slices"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/schema"
)

func init() {
	eventEnum := append([]string{""}, newsgraph.EventTypes...)
	Register(Module{
		Name: "events",
		Doc:  "events filtered by type, base, country, actor and date, with their sources",
		Params: []Param{
			{Name: "event", Kind: "string", Enum: eventEnum, Doc: "event type (empty: any)", Aliases: []Alias{{Name: "type"}}},
			{Name: "base", Kind: "string", Doc: "a base the event involves (name or alias)"},
			{Name: "country", Kind: "string", Doc: "country where the event happens (name or alias)"},
			{Name: "actor", Kind: "string", Doc: "who carried it out (name or alias)"},
			{Name: "from", Kind: "date", Doc: "events on or after this date"},
			{Name: "to", Kind: "date", Doc: "events on or before this date"},
			negatedParam("false: only asserted events; true: only negated ones; any: both"),
			{Name: "status", Kind: "string", Default: "current", Enum: statusEnum, Doc: "current: events told as done or under way; any: every status, background, plans and hypotheticals included; or one status"},
		},
		Run: runEvents,
	})
}

// eventInfo is an event node read back from the store.
type eventInfo struct {
	node     quad.Value
	typ      string
	date     string
	negated  bool
	status   string
	actor    string
	country  string
	bases    []string
	places   []string
	evidence string
	source   Source
}

func (r *reader) event(ctx context.Context, node quad.Value) (*eventInfo, error) {
	p, err := r.describe(ctx, node)
	if err != nil {
		return nil, err
	}
	ev := &eventInfo{node: node, date: p.str(schema.EventDate), status: p.str(schema.Status), evidence: p.str(schema.Evidence)}
	if t, ok := p.first(schema.EventType).(quad.IRI); ok {
		ev.typ = strings.TrimPrefix(string(t), schema.NS+"event/")
	}
	if b, ok := p.first(schema.Negated).(quad.Bool); ok {
		ev.negated = bool(b)
	}
	name := func(v quad.Value) (string, error) {
		if v == nil {
			return "", nil
		}
		return r.str(ctx, v, schema.Name)
	}
	if ev.actor, err = name(p.first(schema.Actor)); err != nil {
		return nil, err
	}
	if ev.country, err = name(p.first(schema.InCountry)); err != nil {
		return nil, err
	}
	for _, b := range p[schema.AtBase] {
		n, err := name(b)
		if err != nil {
			return nil, err
		}
		ev.bases = append(ev.bases, n)
	}
	for _, pl := range p[schema.AtPlace] {
		n, err := name(pl)
		if err != nil {
			return nil, err
		}
		ev.places = append(ev.places, n)
	}
	slices.Sort(ev.bases)
	if art := p.first(schema.ReportedIn); art != nil {
		ev.source, err = r.source(ctx, art)
		if err != nil {
			return nil, err
		}
		ev.source.Evidence = ev.evidence
	}
	return ev, nil
}

func (r *reader) source(ctx context.Context, article quad.Value) (Source, error) {
	// An article reports several events: its source is read once.
	key := quad.StringOf(article)
	if src, ok := r.sources[key]; ok {
		return src, nil
	}
	src, err := r.readSource(ctx, article)
	if err != nil {
		return Source{}, err
	}
	r.sources[key] = src
	return src, nil
}

func (r *reader) readSource(ctx context.Context, article quad.Value) (Source, error) {
	// Five facts out of an article node's dozens (mentions, keywords,
	// hashes), each read through the (subject, predicate) index.
	var src Source
	for _, f := range []struct {
		pred quad.IRI
		dst  *string
	}{
		{schema.Identifier, &src.Article}, {schema.URL, &src.URL},
		{schema.Headline, &src.Title}, {schema.DatePublished, &src.Published},
	} {
		v, err := r.str(ctx, article, f.pred)
		if err != nil {
			return Source{}, err
		}
		*f.dst = v
	}
	pub, err := r.first(ctx, article, schema.PublisherP)
	if err != nil {
		return Source{}, err
	}
	if pub != nil {
		if src.Publisher, err = r.str(ctx, pub, schema.Name); err != nil {
			return Source{}, err
		}
	}
	return src, nil
}

// inRange reports whether a partial date falls in [from, to]; partial
// dates compare by prefix, so "2025-08" is within from=2025-08-24.
// statusEnum are the values of the status filter of bases, events and
// countries.
var statusEnum = []string{"current", "any", newsgraph.StatusCompleted, newsgraph.StatusOngoing,
	newsgraph.StatusPlanned, newsgraph.StatusHistorical, newsgraph.StatusHypothetical}

// statusMatches applies the status filter. "current" (the default, also
// for an empty filter) keeps what the text tells as done or under way, so
// background told in passing, plans and hypotheticals do not answer a
// question about what happened as if they were facts of the day.
func statusMatches(status, filter string) bool {
	switch filter {
	case "any":
		return true
	case "", "current":
		return status == "" || status == newsgraph.StatusCompleted || status == newsgraph.StatusOngoing
	}
	return status == filter
}

func inRange(date, from, to string) bool {
	if from == "" && to == "" {
		return true
	}
	if date == "" {
		return false
	}
	if from != "" && date < from && !strings.HasPrefix(from, date) {
		return false
	}
	if to != "" && date > to && !strings.HasPrefix(date, to) {
		return false
	}
	return true
}

// resolveEntities finds the entity nodes text names: its exact spelling
// (or a case variant) as a name or alias through the object index first,
// and otherwise the best fuzzy matches (see matchEntities), so "al asad"
// finds Ain al-Asad Air Base.
func (r *reader) resolveEntities(ctx context.Context, text string) ([]quad.Value, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, nil
	}
	var out []quad.Value
	seen := map[string]bool{}
	for _, form := range spellings(text) {
		for _, pred := range []quad.IRI{schema.Name, schema.AlternateName} {
			nodes, err := r.subjects(ctx, pred, quad.String(form))
			if err != nil {
				return nil, err
			}
			for _, n := range nodes {
				if k := quad.StringOf(n); !seen[k] && isEntity(n) {
					seen[k] = true
					out = append(out, n)
				}
			}
		}
	}
	if len(out) > 0 {
		return out, nil
	}
	ms, err := r.bestEntities(ctx, text, nil)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		out = append(out, m.node)
	}
	return out, nil
}

// spellings are case variants of a user's entity argument.
func spellings(s string) []string {
	out := []string{s}
	add := func(v string) {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	add(strings.ToUpper(s))
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		if w == "al" || w == "el" || w == "of" || w == "the" {
			continue
		}
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	add(strings.Join(words, " "))
	return out
}

// names returns every name and alias of the given nodes, folded.
func (r *reader) names(ctx context.Context, nodes []quad.Value) (map[string]bool, error) {
	out := map[string]bool{}
	for _, n := range nodes {
		vs, err := r.all(ctx, n, schema.Name)
		if err != nil {
			return nil, err
		}
		for _, v := range vs {
			out[strings.ToLower(valueString(v))] = true
		}
	}
	return out, nil
}

// negatedParam is the one parameter that chooses between asserted and
// negated events, with the same name and values in every query; bases and
// countries once took a bool include-negated, still read as negated=any.
func negatedParam(doc string) Param {
	return Param{Name: "negated", Kind: "string", Default: "false", Enum: []string{"false", "true", "any"}, Doc: doc,
		Aliases: []Alias{{Name: "include-negated", Kind: "bool", Values: map[string]string{"true": "any", "": "any", "false": "false"}}}}
}

// negatedMatches applies the negated parameter: false (or empty) keeps
// asserted events, true negated ones, any both.
func negatedMatches(negated bool, want string) bool {
	switch want {
	case "true":
		return negated
	case "any":
		return true
	}
	return !negated
}

func addSource(row *Row, src Source) {
	if !slices.ContainsFunc(row.Sources, func(s Source) bool { return s.Article == src.Article }) {
		row.Sources = append(row.Sources, src)
		slices.SortFunc(row.Sources, func(a, b Source) int { return strings.Compare(a.URL, b.URL) })
	}
	row.Corroboration = len(row.Sources)
	row.Values["articles"] = row.Corroboration
}

func runEvents(ctx context.Context, s *graph.Store, args Args) (*Result, error) {
	r := newReader(s)
	types := newsgraph.EventTypes
	if t := args["event"]; t != "" {
		types = []string{t}
	}
	filter := func(param string) (map[string]bool, error) {
		v := args[param]
		if v == "" {
			return nil, nil
		}
		nodes, err := r.resolveEntities(ctx, v)
		if err != nil {
			return nil, err
		}
		names, err := r.names(ctx, nodes)
		if err != nil {
			return nil, err
		}
		names[strings.ToLower(v)] = true
		return names, nil
	}
	baseF, err := filter("base")
	if err != nil {
		return nil, err
	}
	countryF, err := filter("country")
	if err != nil {
		return nil, err
	}
	actorF, err := filter("actor")
	if err != nil {
		return nil, err
	}
	type key struct {
		typ, date, actor, country, bases string
		negated                          bool
	}
	rows := map[key]*Row{}
	var order []key
	for _, t := range types {
		nodes, err := r.subjects(ctx, schema.EventType, schema.EventTypeIRI(t))
		if err != nil {
			return nil, err
		}
		for _, n := range nodes {
			ev, err := r.event(ctx, n)
			if err != nil {
				return nil, err
			}
			if !negatedMatches(ev.negated, args["negated"]) {
				continue
			}
			if !inRange(ev.date, args["from"], args["to"]) || !statusMatches(ev.status, args["status"]) {
				continue
			}
			if baseF != nil && !slices.ContainsFunc(ev.bases, func(b string) bool { return baseF[strings.ToLower(b)] }) {
				continue
			}
			if countryF != nil && !countryF[strings.ToLower(ev.country)] {
				continue
			}
			if actorF != nil && !actorF[strings.ToLower(ev.actor)] {
				continue
			}
			k := key{typ: t, date: ev.date, actor: ev.actor, country: ev.country, bases: strings.Join(ev.bases, "; "), negated: ev.negated}
			row, ok := rows[k]
			if !ok {
				row = &Row{Values: map[string]any{
					"event": t, "date": ev.date, "actor": ev.actor, "country": ev.country,
					"bases": strings.Join(ev.bases, "; "), "places": strings.Join(ev.places, "; "),
					"negated": ev.negated, "status": ev.status,
				}}
				rows[k] = row
				order = append(order, k)
			}
			addSource(row, ev.source)
		}
	}
	res := &Result{Columns: []string{"event", "date", "actor", "country", "bases", "places", "negated", "status", "articles", "sources"}}
	for _, k := range order {
		res.Rows = append(res.Rows, *rows[k])
	}
	sortRows(res.Rows, "date", "event", "actor", "bases")
	return res, nil
}
