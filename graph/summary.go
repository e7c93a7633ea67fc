package graph

// Summaries are what the headline answer (bases linked to events) and
// `stats` read, so that their cost does not grow with the corpus. They
// live as quads in a named graph of their own (SummaryGraph), are a pure
// function of the other graphs' quads, and are maintained by the writer:
// every method that changes a graph (ReplaceArticle(s), DeleteArticle,
// Import, ImportQuads) knows each changed graph's quads before and after,
// computes the net change of the graphs' contributions, and writes the
// summary quads that change in the same deltas, so one transaction holds
// both and no reader sees one without the other.
//
// A graph's contribution is additive: the summaries of the store are the
// sum of the contributions of its graphs. Counts of distinct things that
// are not additive across graphs (publishers, dates, entities) are kept as
// tallies (how many graphs or events name each), so a delete leaves them
// exact.

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"net/url"
	"slices"
	"strings"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/schema"
)

// SummaryGraph is the label of the summaries' named graph, and the prefix
// (with a slash) of the graphs they are spread over: Cayley's KV stores
// read every quad of a graph's label index to add or remove one quad of
// it, so one graph of all the summaries made each write's cost grow with
// them (pprof: kv.decodeIndex under hasPrimitive, 5.8 times main's CPU for
// an ingest of 2k articles). A base's cells share a graph; entity counts
// are spread over 256 graphs. None is an article: exports leave them out,
// imports drop them and recompute them.
const SummaryGraph = quad.IRI(schema.IDBase + "summary")

// IsSummaryGraph reports whether label is one of the summaries' graphs.
func IsSummaryGraph(label quad.Value) bool {
	iri, ok := label.(quad.IRI)
	return ok && (iri == SummaryGraph || strings.HasPrefix(string(iri), string(SummaryGraph)+"/"))
}

// baseGraph is the graph of a base's cells.
func baseGraph(base string) quad.IRI {
	return quad.IRI(string(SummaryGraph) + "/base/" + url.PathEscape(base))
}

// refGraph spreads the entity tallies over 256 graphs by the last two
// characters of the entity's IRI (a UUID's hex digits).
func refGraph(node quad.Value) quad.IRI {
	k := nodeKey(node)
	if len(k) > 2 {
		k = k[len(k)-2:]
	}
	return quad.IRI(string(SummaryGraph) + "/refs/" + url.PathEscape(k))
}

// summaryVersion names the layout of the summary quads; a store whose
// marker names another version has no usable summaries.
const summaryVersion = "3"

// staleMarker replaces the version in the marker of a store whose
// summaries a raw load left behind.
const staleMarker = "stale"

var (
	summaryMeta    = quad.IRI(schema.IDBase + "summary/meta")
	summaryCounts  = quad.IRI(schema.IDBase + "summary/counts")
	predVersion    = quad.IRI(schema.NS + "summaryVersion")
	predState      = quad.IRI(schema.NS + "summaryState")
	predRow        = quad.IRI(schema.NS + "summaryRow")
	predCounts     = quad.IRI(schema.NS + "summaryCounts")
	predRefsPrefix = schema.NS + "summaryRefs/"
)

// Cell dimensions that stand for "every value" or a group of values: the
// headline answer's filters, each answered by a cell of its own so that
// distinct counts stay exact (an article counted once in "any status"
// even when it reports two statuses).
const (
	anyValue      = "*"
	currentStatus = "current"
)

// Negation choices of a cell's tallies, as the negated filter names them.
var negChoices = [3]string{"false", "true", "any"}

// cellKey is one summary cell: a base, an event type (or anyValue) and a
// status (a status, currentStatus or anyValue).
type cellKey struct {
	base, typ, status string
}

// tally sums what a cell's events say.
type tally struct {
	Events   int64 `json:"e,omitempty"`
	Articles int64 `json:"a,omitempty"`
	// Publishers counts, per publisher IRI, the articles it published.
	Publishers map[string]int64 `json:"p,omitempty"`
	// Dates counts events per date, for the first and last date.
	Dates map[string]int64 `json:"d,omitempty"`
	// Actors counts events per actor IRI.
	Actors map[string]int64 `json:"x,omitempty"`
}

// cellState is a cell's tallies of asserted, negated and all events.
type cellState [3]tally

// empty reports whether every tally is zero: a difference of two states
// may change a tally's publishers or dates and not its event count.
func (c *cellState) empty() bool {
	for _, t := range c {
		if t.Events != 0 || t.Articles != 0 || t.Publishers != nil || t.Dates != nil || t.Actors != nil {
			return false
		}
	}
	return true
}

func addCounts(dst *map[string]int64, src map[string]int64, sign int64) {
	for k, v := range src {
		if *dst == nil {
			*dst = map[string]int64{}
		}
		(*dst)[k] += sign * v
		if (*dst)[k] == 0 {
			delete(*dst, k)
		}
	}
	if len(*dst) == 0 {
		*dst = nil
	}
}

func (t *tally) add(o tally, sign int64) {
	t.Events += sign * o.Events
	t.Articles += sign * o.Articles
	addCounts(&t.Publishers, o.Publishers, sign)
	addCounts(&t.Dates, o.Dates, sign)
	addCounts(&t.Actors, o.Actors, sign)
}

// refKey is a typed node: entities are counted by type.
type refKey struct {
	node quad.Value
	typ  string
}

// contribution is what one graph, or a sum of graphs, adds to the
// summaries.
type contribution struct {
	cells    map[cellKey]*cellState
	articles int64
	events   map[string]int64
	// refs counts, per typed entity node, the graphs that type it.
	refs map[refKey]int64
}

func newContribution() *contribution {
	return &contribution{cells: map[cellKey]*cellState{}, events: map[string]int64{}, refs: map[refKey]int64{}}
}

func (c *contribution) add(o *contribution, sign int64) {
	for k, st := range o.cells {
		cur := c.cells[k]
		if cur == nil {
			cur = &cellState{}
			c.cells[k] = cur
		}
		for i := range cur {
			cur[i].add(st[i], sign)
		}
		if cur.empty() {
			delete(c.cells, k)
		}
	}
	c.articles += sign * o.articles
	for k, v := range o.events {
		c.events[k] += sign * v
		if c.events[k] == 0 {
			delete(c.events, k)
		}
	}
	for k, v := range o.refs {
		c.refs[k] += sign * v
		if c.refs[k] == 0 {
			delete(c.refs, k)
		}
	}
}

// statusCells are the status dimensions an event of status s counts in.
func statusCells(s string) []string {
	out := []string{anyValue}
	if s == "" || s == newsgraph.StatusCompleted || s == newsgraph.StatusOngoing {
		out = append(out, currentStatus)
	}
	if s != "" && s != anyValue && s != currentStatus {
		out = append(out, s)
	}
	return out
}

// contributionOf is what the quads of one named graph add to the
// summaries. It reads nothing else: a graph's contribution is a pure
// function of its quads.
func contributionOf(label quad.Value, quads []quad.Quad) *contribution {
	c := newContribution()
	if label == nil || IsSummaryGraph(label) {
		return c
	}
	type event struct {
		typ, status, date string
		negated           bool
		bases, actors     []string
	}
	events := map[string]*event{}
	ev := func(node quad.Value) *event {
		k := quad.StringOf(node)
		e := events[k]
		if e == nil {
			e = &event{}
			events[k] = e
		}
		return e
	}
	var publishers []string
	isArticle := false
	for _, q := range quads {
		p, _ := q.Predicate.(quad.IRI)
		switch p {
		case schema.Type:
			cls, _ := q.Object.(quad.IRI)
			if cls == schema.ClassNewsArticle && quad.StringOf(q.Subject) == quad.StringOf(label) {
				isArticle = true
			}
			if t := schema.EntityTypeOf(cls); t != "" {
				c.refs[refKey{q.Subject, t}] = 1
			}
		case schema.PublisherP:
			if quad.StringOf(q.Subject) == quad.StringOf(label) {
				publishers = append(publishers, compactIRI(nodeKey(q.Object)))
			}
		case schema.EventType:
			if t, ok := q.Object.(quad.IRI); ok {
				ev(q.Subject).typ = strings.TrimPrefix(string(t), schema.NS+"event/")
			}
		case schema.Status:
			ev(q.Subject).status = valueText(q.Object)
		case schema.EventDate:
			ev(q.Subject).date = valueText(q.Object)
		case schema.Negated:
			if b, ok := q.Object.(quad.Bool); ok {
				ev(q.Subject).negated = bool(b)
			}
		case schema.AtBase:
			e := ev(q.Subject)
			e.bases = append(e.bases, compactIRI(nodeKey(q.Object)))
		case schema.Actor:
			e := ev(q.Subject)
			e.actors = append(e.actors, compactIRI(nodeKey(q.Object)))
		}
	}
	if isArticle {
		c.articles = 1
	}
	// Per cell, the events of this graph; the graph is one article, so
	// a cell it has events in counts it once.
	touched := map[cellKey]*[3]bool{}
	for _, e := range events {
		if e.typ == "" {
			continue // nodes with a status or date that are not events
		}
		c.events[e.typ]++
		slices.Sort(e.bases)
		e.bases = slices.Compact(e.bases)
		for _, b := range e.bases {
			for _, typ := range []string{e.typ, anyValue} {
				for _, st := range statusCells(e.status) {
					k := cellKey{b, typ, st}
					cs := c.cells[k]
					if cs == nil {
						cs = &cellState{}
						c.cells[k] = cs
						touched[k] = &[3]bool{}
					}
					for _, i := range []int{negIndex(e.negated), 2} {
						t := &cs[i]
						t.Events++
						touched[k][i] = true
						if e.date != "" {
							addCounts(&t.Dates, map[string]int64{e.date: 1}, 1)
						}
						for _, a := range e.actors {
							addCounts(&t.Actors, map[string]int64{a: 1}, 1)
						}
					}
				}
			}
		}
	}
	for k, seen := range touched {
		for i, yes := range seen {
			if !yes {
				continue
			}
			t := &c.cells[k][i]
			t.Articles = 1
			for _, p := range publishers {
				addCounts(&t.Publishers, map[string]int64{p: 1}, 1)
			}
		}
	}
	return c
}

// nodeKey names a node in the summaries: an IRI as itself, without the
// angle brackets of its N-Quads form.
func nodeKey(v quad.Value) string {
	if iri, ok := v.(quad.IRI); ok {
		return string(iri)
	}
	return quad.StringOf(v)
}

// entityPrefix starts the IRI of every entity newsgraph mints; the
// summaries write it as compactPrefix, which no IRI starts with: the
// summaries' literals are mostly entity IRIs, and this makes them 40%
// smaller.
const (
	entityPrefix  = schema.IDBase + "entity/"
	compactPrefix = "~"
)

func compactIRI(s string) string {
	if rest, ok := strings.CutPrefix(s, entityPrefix); ok {
		return compactPrefix + rest
	}
	return s
}

func expandIRI(s string) string {
	if rest, ok := strings.CutPrefix(s, compactPrefix); ok {
		return entityPrefix + rest
	}
	return s
}

func negIndex(negated bool) int {
	if negated {
		return 1
	}
	return 0
}

func valueText(v quad.Value) string {
	if v == nil {
		return ""
	}
	if s, ok := v.(quad.String); ok {
		return string(s)
	}
	return fmt.Sprint(v.Native())
}

// BaseSummary is one row of the headline answer: a base's events of one
// type (or every type), status and negation.
type BaseSummary struct {
	Base       string       `json:"b"`
	Events     int64        `json:"e"`
	Articles   int64        `json:"a"`
	Publishers int64        `json:"p"`
	First      string       `json:"f,omitempty"`
	Last       string       `json:"l,omitempty"`
	Actors     []ActorCount `json:"x,omitempty"`
	Negated    int64        `json:"n,omitempty"`
}

// ActorCount is an actor (its node IRI) and its number of events.
type ActorCount struct {
	Actor  string `json:"a"`
	Events int64  `json:"n"`
}

// MaxRowActors is how many actors a row names, most events first.
const MaxRowActors = 5

// rowOf is the row of a cell's tallies for one negation choice, or false
// when the choice has no events there.
func rowOf(base string, st *cellState, neg int) (BaseSummary, bool) {
	t := st[neg]
	if t.Events == 0 {
		return BaseSummary{}, false
	}
	row := BaseSummary{Base: base, Events: t.Events, Articles: t.Articles, Publishers: int64(len(t.Publishers)), Negated: st[1].Events}
	if len(t.Dates) > 0 {
		dates := slices.Sorted(maps.Keys(t.Dates))
		row.First, row.Last = dates[0], dates[len(dates)-1]
	}
	for a, n := range t.Actors {
		row.Actors = append(row.Actors, ActorCount{a, n})
	}
	slices.SortFunc(row.Actors, func(a, b ActorCount) int {
		if a.Events != b.Events {
			return cmp.Compare(b.Events, a.Events)
		}
		return strings.Compare(a.Actor, b.Actor)
	})
	if len(row.Actors) > MaxRowActors {
		row.Actors = row.Actors[:MaxRowActors]
	}
	return row, true
}

// comboNode holds the rows of every base for one filter combination.
func comboNode(typ, status, neg string) quad.IRI {
	return quad.IRI(schema.IDBase + "summary/bases/" + typ + "/" + status + "/" + neg)
}

func cellNode(k cellKey) quad.IRI {
	return quad.IRI(schema.IDBase + "summary/cell/" + k.typ + "/" + k.status + "/" + url.PathEscape(k.base))
}

func refPred(typ string) quad.IRI { return quad.IRI(predRefsPrefix + typ) }

func sq(s quad.Value, p quad.IRI, o quad.Value) quad.Quad {
	return quad.Quad{Subject: s, Predicate: p, Object: o, Label: SummaryGraph}
}

func sqIn(label quad.IRI, s quad.Value, p quad.IRI, o quad.Value) quad.Quad {
	return quad.Quad{Subject: s, Predicate: p, Object: o, Label: label}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // plain structs and maps of strings always encode
	}
	return string(b)
}

// cellQuads are the quads that hold a cell: its state, and a row per
// negation choice with events.
func cellQuads(k cellKey, st *cellState) []quad.Quad {
	if st == nil || st.empty() {
		return nil
	}
	g := baseGraph(k.base)
	out := []quad.Quad{sqIn(g, cellNode(k), predState, quad.String(mustJSON(st)))}
	for i, neg := range negChoices {
		if row, ok := rowOf(k.base, st, i); ok {
			out = append(out, sqIn(g, comboNode(k.typ, k.status, neg), predRow, quad.String(mustJSON(row))))
		}
	}
	return out
}

// SummaryCounts are the counters `stats` reads.
type SummaryCounts struct {
	Articles int64            `json:"articles"`
	Entities map[string]int64 `json:"entities,omitempty"`
	Events   map[string]int64 `json:"events,omitempty"`
	// SummaryQuads is how many quads the summaries take, this one's
	// included: Stats leaves them out of the store's size.
	SummaryQuads int64 `json:"summary_quads"`
}

func countsQuad(c SummaryCounts) quad.Quad {
	return sq(summaryCounts, predCounts, quad.String(mustJSON(c)))
}

func markerQuad() quad.Quad { return sq(summaryMeta, predVersion, quad.String(summaryVersion)) }

// summaryQuads is the whole summary graph of a store whose graphs sum to
// c: what a rebuild writes and a check compares with.
func summaryQuads(c *contribution) []quad.Quad {
	out := []quad.Quad{markerQuad()}
	counts := SummaryCounts{Articles: c.articles, Entities: map[string]int64{}, Events: maps.Clone(c.events)}
	for k, n := range c.refs {
		if n > 0 {
			counts.Entities[k.typ]++
			out = append(out, sqIn(refGraph(k.node), k.node, refPred(k.typ), quad.Int(n)))
		}
	}
	for k, st := range c.cells {
		out = append(out, cellQuads(k, st)...)
	}
	counts.SummaryQuads = int64(len(out)) + 1
	return append(out, countsQuad(counts))
}

// summariesKept reports whether the store keeps summaries: its marker
// names this version. A store with no typed node at all is empty, and its
// summaries start with the first write (init is then true).
func (s *Store) summariesKept(ctx context.Context) (kept, init bool, err error) {
	v, err := s.Value(ctx, summaryMeta, predVersion)
	if err != nil {
		return false, false, fmt.Errorf("read summary marker: %w", err)
	}
	if v != nil {
		return valueText(v) == summaryVersion, false, nil
	}
	empty, err := s.empty(ctx)
	if err != nil {
		return false, false, fmt.Errorf("read summary marker: %w", err)
	}
	return empty, empty, nil
}

// empty reports whether the store holds no quad.
func (s *Store) empty(ctx context.Context) (bool, error) {
	switch {
	case s.pg != nil:
		// Cayley's SQL ValueOf hashes a value without looking it up.
		var any bool
		err := s.pg.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM quads)`).Scan(&any)
		return !any, err
	case s.backend == "memstore" || s.kv != nil:
		// Every graph newsgraph writes types a node.
		ref, err := s.qs.ValueOf(schema.Type)
		return ref == nil, err
	}
	st, err := s.qs.Stats(ctx, false)
	return st.Quads.Value == 0, err
}

// summaryDeltas returns the deltas that carry the summaries from the
// graphs' old quads to their new ones, to be applied with the graphs' own
// deltas. On a store that keeps no summaries (written before they
// existed, or by a raw load) it returns nothing and warns once: queries
// then say so and scan, and `newsgraph summaries rebuild` makes them.
// The caller holds writeMu.
func (s *Store) summaryDeltas(ctx context.Context, changes []GraphChange) ([]graph.Delta, error) {
	kept, init, err := s.summariesKept(ctx)
	if err != nil {
		return nil, err
	}
	if !kept {
		s.warnNoSummaries.Do(func() {
			slog.Warn("this store keeps no summaries: bases and stats scan the graph until `newsgraph summaries rebuild` makes them", "store", s.backend)
		})
		return nil, nil
	}
	diff := newContribution()
	for _, ch := range changes {
		diff.add(contributionOf(ch.Label, ch.Old), -1)
		diff.add(contributionOf(ch.Label, ch.New), 1)
	}
	var removes, adds []quad.Quad
	if init {
		adds = append(adds, markerQuad())
	}
	// Cells: each touched cell's stored state plus the change.
	for k, d := range diff.cells {
		before, err := s.cellState(ctx, k)
		if err != nil {
			return nil, err
		}
		after := &cellState{}
		for i := range after {
			after[i].add(before[i], 1)
			after[i].add(d[i], 1)
		}
		r, a := quadsDiff(cellQuads(k, before), cellQuads(k, after))
		removes, adds = append(removes, r...), append(adds, a...)
	}
	// Counters, with entities counted when their tally crosses zero.
	countsBefore, _, err := s.storedCounts(ctx)
	if err != nil {
		return nil, err
	}
	counts := SummaryCounts{Articles: countsBefore.Articles + diff.articles, Entities: maps.Clone(countsBefore.Entities), Events: maps.Clone(countsBefore.Events)}
	if counts.Entities == nil {
		counts.Entities = map[string]int64{}
	}
	if counts.Events == nil {
		counts.Events = map[string]int64{}
	}
	for t, n := range diff.events {
		counts.Events[t] += n
		if counts.Events[t] == 0 {
			delete(counts.Events, t)
		}
	}
	for k, d := range diff.refs {
		pred := refPred(k.typ)
		v, err := s.Value(ctx, k.node, pred)
		if err != nil {
			return nil, fmt.Errorf("read summary of %s: %w", k.node, err)
		}
		n0, _ := v.(quad.Int)
		n1 := int64(n0) + d
		if n0 > 0 {
			removes = append(removes, sqIn(refGraph(k.node), k.node, pred, n0))
		}
		if n1 > 0 {
			adds = append(adds, sqIn(refGraph(k.node), k.node, pred, quad.Int(n1)))
		}
		switch {
		case n0 <= 0 && n1 > 0:
			counts.Entities[k.typ]++
		case n0 > 0 && n1 <= 0:
			counts.Entities[k.typ]--
			if counts.Entities[k.typ] == 0 {
				delete(counts.Entities, k.typ)
			}
		}
	}
	counts.SummaryQuads = countsBefore.SummaryQuads + int64(len(adds)-len(removes))
	if init {
		counts.SummaryQuads++ // the counts quad itself
	}
	oldQ, newQ := countsQuad(countsBefore), countsQuad(counts)
	if init || oldQ != newQ {
		if !init {
			removes = append(removes, oldQ)
		}
		adds = append(adds, newQ)
	}
	deltas := make([]graph.Delta, 0, len(removes)+len(adds))
	for _, q := range adds {
		deltas = append(deltas, graph.Delta{Quad: q, Action: graph.Add})
	}
	for _, q := range removes {
		deltas = append(deltas, graph.Delta{Quad: q, Action: graph.Delete})
	}
	return deltas, nil
}

// quadsDiff returns what to remove and add to turn before into after,
// leaving out the quads both hold (a delete and an add of one quad in one
// ApplyDeltas loses it; CAYLEY.md trap 3).
func quadsDiff(before, after []quad.Quad) (removes, adds []quad.Quad) {
	in := func(qs []quad.Quad) map[quad.Quad]bool {
		m := make(map[quad.Quad]bool, len(qs))
		for _, q := range qs {
			m[q] = true
		}
		return m
	}
	b, a := in(before), in(after)
	for _, q := range before {
		if !a[q] {
			removes = append(removes, q)
		}
	}
	for _, q := range after {
		if !b[q] {
			adds = append(adds, q)
		}
	}
	return removes, adds
}

// cellState reads a cell's stored tallies (zero when it has none).
func (s *Store) cellState(ctx context.Context, k cellKey) (*cellState, error) {
	st := &cellState{}
	v, err := s.Value(ctx, cellNode(k), predState)
	if err != nil || v == nil {
		return st, err
	}
	if err := json.Unmarshal([]byte(valueText(v)), st); err != nil {
		return nil, fmt.Errorf("summary cell %s: %w", cellNode(k), err)
	}
	return st, nil
}

// SummaryCounts reads the counters `stats` shows; ok is false when the
// store keeps no summaries.
func (s *Store) SummaryCounts(ctx context.Context) (c SummaryCounts, ok bool, err error) {
	if ok, err = s.HasSummaries(ctx); err != nil || !ok {
		return c, ok, err
	}
	c, _, err = s.storedCounts(ctx)
	return c, true, err
}

// storedCounts reads the stored counters, whether or not the store keeps
// summaries now.
func (s *Store) storedCounts(ctx context.Context) (c SummaryCounts, found bool, err error) {
	v, err := s.Value(ctx, summaryCounts, predCounts)
	if err != nil || v == nil {
		return c, false, err
	}
	if err := json.Unmarshal([]byte(valueText(v)), &c); err != nil {
		return c, false, fmt.Errorf("summary counts: %w", err)
	}
	return c, true, nil
}

// HasSummaries reports whether the store keeps summaries that readers
// can answer from.
func (s *Store) HasSummaries(ctx context.Context) (bool, error) {
	v, err := s.Value(ctx, summaryMeta, predVersion)
	if err != nil {
		return false, err
	}
	return v != nil && valueText(v) == summaryVersion, nil
}

// BaseSummaries reads the rows of every base with events of type typ
// ("" for any type) whose status matches status (a status, "current" or
// "" for current, "any") and negation neg ("false" or "", "true", "any").
// The rows are in no particular order; ok is false when the store keeps
// no summaries. Its cost grows with the number of bases, not of articles.
func (s *Store) BaseSummaries(ctx context.Context, typ, status, neg string) (rows []BaseSummary, ok bool, err error) {
	if ok, err = s.HasSummaries(ctx); err != nil || !ok {
		return nil, ok, err
	}
	if typ == "" {
		typ = anyValue
	}
	switch status {
	case "", currentStatus:
		status = currentStatus
	case "any":
		status = anyValue
	}
	if neg == "" {
		neg = "false"
	}
	combo := comboNode(typ, status, neg)
	var lits []string
	if s.pgSnap != nil {
		// One query, not one SELECT per row (CAYLEY.md trap 8).
		if lits, err = s.pgObjects(ctx, combo, predRow); err != nil {
			return nil, true, fmt.Errorf("summary rows of %s: %w", combo, err)
		}
	} else {
		err = s.objects(ctx, combo, predRow, func(v quad.Value) bool {
			lits = append(lits, valueText(v))
			return true
		})
		if err != nil {
			return nil, true, fmt.Errorf("summary rows of %s: %w", combo, err)
		}
	}
	rows, err = decodeRows(combo, lits)
	return rows, true, err
}

// withImportSummaries prepares an import's additions: quads of the
// summary graph are dropped (summaries are recomputed, never imported),
// and the summary deltas of the graphs the import extends are added.
// The caller holds writeMu.
func (s *Store) withImportSummaries(ctx context.Context, deltas []graph.Delta) ([]graph.Delta, []GraphChange, error) {
	out := deltas[:0:0]
	added := map[string][]quad.Quad{}
	var labels []quad.Value
	for _, d := range deltas {
		if IsSummaryGraph(d.Quad.Label) {
			continue
		}
		out = append(out, d)
		if d.Quad.Label == nil {
			continue
		}
		k := quad.StringOf(d.Quad.Label)
		if _, ok := added[k]; !ok {
			labels = append(labels, d.Quad.Label)
		}
		added[k] = append(added[k], d.Quad)
	}
	changes := make([]GraphChange, 0, len(labels))
	for _, label := range labels {
		iri, ok := label.(quad.IRI)
		var old []quad.Quad
		if ok {
			var err error
			if old, err = s.ArticleQuads(ctx, iri); err != nil {
				return nil, nil, err
			}
		}
		changes = append(changes, GraphChange{Label: label, Old: old, New: uniqueQuads(append(slices.Clone(old), added[quad.StringOf(label)]...))})
	}
	sum, err := s.summaryDeltas(ctx, changes)
	if err != nil {
		return nil, nil, err
	}
	return append(out, sum...), changes, nil
}

// dropSummaryMarker marks the summaries stale: the store no longer keeps
// them, until a rebuild. The marker is replaced, not removed, so that the
// summary quads' count stays right. The caller holds writeMu.
func (s *Store) dropSummaryMarker(ctx context.Context) error {
	v, err := s.Value(ctx, summaryMeta, predVersion)
	if err != nil || v == nil || valueText(v) == staleMarker {
		return err
	}
	return s.apply(ctx, []graph.Delta{
		{Quad: sq(summaryMeta, predVersion, quad.String(staleMarker)), Action: graph.Add},
		{Quad: sq(summaryMeta, predVersion, v), Action: graph.Delete},
	}, nil)
}
