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
		Doc:  "events filtered by type, base, country, actor and date, newest first: one row per event however many articles tell it, with its corroboration, each report's evidence, and disputed when some reports deny what others assert (drill down with reports --event-id)",
		Params: append([]Param{
			{Name: "event", Kind: "string", Enum: eventEnum, Doc: "event type (empty: any)", Aliases: []Alias{{Name: "type"}}},
			{Name: "base", Kind: "string", Doc: "a base the event involves (name or alias)"},
			{Name: "country", Kind: "string", Doc: "country where the event happens (name or alias)"},
			{Name: "actor", Kind: "string", Doc: "who carried it out (name or alias)"},
			{Name: "from", Kind: "date", Doc: "events on or after this date"},
			{Name: "to", Kind: "date", Doc: "events on or before this date"},
			negatedParam("false: events some report asserts; true: events some report denies; any: both (an event asserted and denied answers false and true, marked disputed)"),
			{Name: "status", Kind: "string", Default: "current", Enum: statusEnum, Doc: "current: reports that tell the event as done or under way; any: every status, background, plans and hypotheticals included; or one status"},
		}, eventFilterParams(true)...),
		Run:   runEvents,
		Pages: true,
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
	// group is the node of the event this report tells (see
	// schema.EventGroupIRI).
	group quad.IRI
	// article is the article that reports it (nil: none).
	article quad.Value
}

func articleOf(row schema.EventRow) quad.Value {
	if row.Article == "" {
		return nil
	}
	return quad.IRI(row.Article)
}

// event reads one reported event (reportFacts) with its evidence and
// source.
func (r *reader) event(ctx context.Context, node quad.Value) (*eventInfo, error) {
	ev, err := r.reportFacts(ctx, node)
	if err != nil {
		return nil, err
	}
	return ev, r.eventSource(ctx, ev)
}

// eventIndex is the events index of the reader's store, nil when the
// store does not keep it; looked up once per reader.
func (r *reader) eventIndex(ctx context.Context) (*eventIndex, error) {
	if r.evIx == nil {
		ix, err := openEventIndex(ctx, r.store)
		if err != nil {
			return nil, err
		}
		if ix == nil {
			ix = &eventIndex{}
		}
		r.evIx = ix
	}
	if r.evIx.s == nil {
		return nil, nil
	}
	return r.evIx, nil
}

// withoutIndex makes the reader read the graph alone, as on a store
// without the events index (the tests compare both paths).
func (r *reader) withoutIndex() *reader {
	r.evIx = &eventIndex{}
	return r
}

// reportFacts is an event's facts without the evidence and the source,
// which a query reads for the rows it shows only (eventSource): the
// event's row in the events index (one key) when the store keeps it, else
// its dozen quads.
func (r *reader) reportFacts(ctx context.Context, node quad.Value) (*eventInfo, error) {
	ix, err := r.eventIndex(ctx)
	if err != nil {
		return nil, err
	}
	if ix != nil {
		row, ok, err := ix.row(ctx, node)
		if err != nil {
			return nil, err
		}
		if ok {
			return r.eventFromRow(ctx, node, row)
		}
	}
	p, err := r.describe(ctx, node)
	if err != nil {
		return nil, err
	}
	row := schema.EventRow{Date: p.str(schema.EventDate), Status: p.str(schema.Status)}
	if t, ok := p.first(schema.EventType).(quad.IRI); ok {
		row.Type = strings.TrimPrefix(string(t), schema.NS+"event/")
	}
	if b, ok := p.first(schema.Negated).(quad.Bool); ok {
		row.Negated = bool(b)
	}
	iri := func(v quad.Value) string { s, _ := v.(quad.IRI); return string(s) }
	row.Actor, row.Country, row.Article = iri(p.first(schema.Actor)), iri(p.first(schema.InCountry)), iri(p.first(schema.ReportedIn))
	for _, b := range p[schema.AtBase] {
		row.Bases = append(row.Bases, iri(b))
	}
	for _, pl := range p[schema.AtPlace] {
		row.Places = append(row.Places, iri(pl))
	}
	return r.eventFromRow(ctx, node, row)
}

// eventFromRow resolves a row's entities to their names and its article
// to its source.
func (r *reader) eventFromRow(ctx context.Context, node quad.Value, row schema.EventRow) (*eventInfo, error) {
	ev := &eventInfo{node: node, article: articleOf(row), typ: row.Type, date: row.Date, negated: row.Negated, status: row.Status,
		group: row.Group()}
	name := func(iri string) (string, error) {
		if iri == "" {
			return "", nil
		}
		return r.str(ctx, quad.IRI(iri), schema.Name)
	}
	var err error
	if ev.actor, err = name(row.Actor); err != nil {
		return nil, err
	}
	if ev.country, err = name(row.Country); err != nil {
		return nil, err
	}
	for _, b := range row.Bases {
		n, err := name(b)
		if err != nil {
			return nil, err
		}
		ev.bases = append(ev.bases, n)
	}
	for _, pl := range row.Places {
		n, err := name(pl)
		if err != nil {
			return nil, err
		}
		ev.places = append(ev.places, n)
	}
	slices.Sort(ev.bases)
	return ev, nil
}

// eventSource reads an event's evidence and its article's source.
func (r *reader) eventSource(ctx context.Context, ev *eventInfo) error {
	var err error
	if ev.evidence, err = r.str(ctx, ev.node, schema.Evidence); err != nil {
		return err
	}
	if ev.article != nil {
		if ev.source, err = r.source(ctx, ev.article); err != nil {
			return err
		}
		ev.source.Evidence = ev.evidence
	}
	return nil
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
	if src, ok, err := r.indexedSource(ctx, article); err != nil || ok {
		return src, err
	}
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

// runEvents answers one row per event told (see eventgroups.go), newest
// first, one page at a time: through the facet index when the store has it
// and the question allows (eventindex.go), else by reading every event of
// the asked types.
func runEvents(ctx context.Context, s *graph.Store, args Args) (*Result, error) {
	return newReader(s).events(ctx, args)
}

// events answers the events query, through the events index when the
// store keeps it, else by the scan path (the tests compare the two).
func (r *reader) events(ctx context.Context, args Args) (*Result, error) {
	ix, err := r.eventIndex(ctx)
	if err != nil {
		return nil, err
	}
	filter := func(param string) (map[string]bool, error) {
		return entityNames(ctx, r, args[param], true)
	}
	// The name sets are read on first use: the fast path applies the
	// entity filters through its keys and needs them only for a second
	// entity filter, and reading every name of a much-reported country
	// was a third of the query's time.
	// The filters the fast path has no keys for (host country, operator,
	// publication and ingestion dates) are answered by the scan.
	shared, err := parseEventFilter(ctx, r, args, true)
	if err != nil {
		return nil, err
	}
	scan := ix == nil || shared.given()
	var baseF, countryF, actorF map[string]bool
	var filterErr error
	loaded := false
	keep := func(ev *eventInfo) bool {
		if shared.needsSource() && ev.source.Article == "" {
			// The scan reads a report's facts without its article;
			// the publication and ingestion filters need it.
			if filterErr = r.eventSource(ctx, ev); filterErr != nil {
				return false
			}
		}
		if !shared.keep(ev) {
			return false
		}
		if !loaded {
			loaded = true
			for _, f := range []struct {
				param string
				dst   *map[string]bool
			}{{"base", &baseF}, {"country", &countryF}, {"actor", &actorF}} {
				if *f.dst, filterErr = filter(f.param); filterErr != nil {
					return false
				}
			}
		}
		return filterErr == nil &&
			(baseF == nil || slices.ContainsFunc(ev.bases, func(b string) bool { return baseF[strings.ToLower(b)] })) &&
			(countryF == nil || countryF[strings.ToLower(ev.country)]) &&
			(actorF == nil || actorF[strings.ToLower(ev.actor)])
	}
	res := &Result{Columns: eventColumns}
	offset, limit := PageArgs(args)
	var plan *eventPlan
	if !scan {
		if plan, err = r.planEvents(ctx, args, keep); err != nil {
			return nil, err
		}
	}
	var page []*eventGroup
	if plan != nil {
		if page, res.Total, err = r.pageEvents(ctx, ix, plan, offset, limit); err != nil {
			return nil, err
		}
	} else {
		groups, err := r.scanEvents(ctx, args, keep)
		if err != nil {
			return nil, err
		}
		res.Total = len(groups)
		page = groups[min(offset, len(groups)):min(offset+limit, len(groups))]
	}
	if filterErr != nil {
		return nil, filterErr
	}
	if res.Rows, err = r.groupRows(ctx, page); err != nil {
		return nil, err
	}
	return res, nil
}

// scanEvents reads every event of the asked types and groups them: the
// answer of the fast path, for stores and questions it cannot serve.
func (r *reader) scanEvents(ctx context.Context, args Args, keep func(*eventInfo) bool) ([]*eventGroup, error) {
	types := newsgraph.EventTypes
	if t := args["event"]; t != "" {
		types = []string{t}
	}
	var reports []*eventInfo
	for _, t := range types {
		nodes, err := r.subjects(ctx, schema.EventType, schema.EventTypeIRI(t))
		if err != nil {
			return nil, err
		}
		for _, n := range nodes {
			ev, err := r.reportFacts(ctx, n)
			if err != nil {
				return nil, err
			}
			if ev.typ != t || !statusMatches(ev.status, args["status"]) || !keep(ev) {
				continue
			}
			reports = append(reports, ev)
		}
	}
	groups := slices.DeleteFunc(groupReports(reports), func(g *eventGroup) bool {
		return !g.matches(args["negated"]) || !inRange(g.date(), args["from"], args["to"])
	})
	slices.SortFunc(groups, compareGroups)
	return groups, nil
}
