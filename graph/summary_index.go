package graph

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/schema"
)

// SummaryIndex names the summaries' side index and its layout version
// (Indexer.Name): IndexKept(SummaryIndex) says whether a store keeps them.
const SummaryIndex = "summaries/3"

// The summaries' buckets.
const (
	// bucketCell holds each cell's tallies (a cellState in the binary
	// encoding of summary_cell.go), keyed by cellBytes: a base's cells
	// share a prefix.
	bucketCell = "sum.cell"
	// bucketRow holds the headline rows of every filter combination
	// under four sort keys each (rowKey), so that the first page of an
	// order is the start of a prefix: the row itself (BaseRow as JSON)
	// under its key by events, and under the other orders' keys that key
	// (a quarter of the bytes four copies took).
	bucketRow = "sum.row"
	// bucketTotal holds, per filter combination, how many bases have a
	// row (a decimal number).
	bucketTotal = "sum.total"
	// bucketFact tallies the facts the rows show about bases (name, host
	// country, coordinates): subject, fact and value, with how many
	// graphs state it.
	bucketFact = "sum.fact"
	// bucketRef tallies, per entity type and node, the graphs that type
	// the node: `stats` counts an entity while its tally is positive.
	bucketRef = "sum.ref"
	// bucketCount holds the counters `stats` reads, under countsKey.
	bucketCount = "sum.count"
)

var countsKey = []byte("counts")

// summaryIndexer keeps the summaries (see summary.go).
type summaryIndexer struct{}

func (summaryIndexer) Name() string { return SummaryIndex }

func (summaryIndexer) Buckets() []string {
	return []string{bucketCell, bucketRow, bucketTotal, bucketFact, bucketRef, bucketCount}
}

// The facts a row shows about its base, by the letter that names each in
// bucketFact's keys.
var factPreds = []struct {
	letter string
	pred   quad.IRI
}{{"n", schema.Name}, {"c", schema.ContainedInPlace}, {"la", schema.Latitude}, {"lo", schema.Longitude}}

// baseFacts are a base's facts as a row shows them: the first value of
// each fact (in key order) that some graph states.
type baseFacts struct {
	Name     string
	Country  string // the host country's node
	Lat, Lon *float64
}

// BaseRow is a finished row of the headline answer: the base's tallies
// and the facts shown about it. The host country is its node, named by
// the reader (a country's name is no fact of the base).
type BaseRow struct {
	BaseSummary
	Name    string   `json:"nm,omitempty"`
	Country string   `json:"c,omitempty"`
	Lat     *float64 `json:"la,omitempty"`
	Lon     *float64 `json:"lo,omitempty"`
}

// encodeFact encodes a fact's value in a key: its kind, then its text.
func encodeFact(v quad.Value) string {
	switch v := v.(type) {
	case quad.IRI:
		return "i" + string(v)
	case quad.String:
		return "s" + string(v)
	case quad.Float:
		return "f" + strconv.FormatFloat(float64(v), 'g', -1, 64)
	}
	return "s" + valueText(v)
}

// factsFrom reads baseFacts from a subject's tallies (fact letter and
// encoded value to count), keys in ascending order.
func factsFrom(tallies map[string]int64) baseFacts {
	var f baseFacts
	for _, k := range slices.Sorted(maps.Keys(tallies)) {
		if tallies[k] <= 0 {
			continue
		}
		letter, enc, _ := strings.Cut(k, "\x00")
		if enc == "" {
			continue
		}
		kind, text := enc[0], enc[1:]
		switch letter {
		case "n":
			if f.Name == "" {
				f.Name = text
			}
		case "c":
			if f.Country == "" && kind == 'i' {
				f.Country = text
			}
		case "la", "lo":
			x, err := strconv.ParseFloat(text, 64)
			if kind != 'f' || err != nil {
				continue
			}
			if letter == "la" && f.Lat == nil {
				f.Lat = &x
			} else if letter == "lo" && f.Lon == nil {
				f.Lon = &x
			}
		}
	}
	return f
}

// factDeltas adds sign times the base facts a graph states to d (subject
// to fact letter and encoded value to count). An article's graph states
// facts of the bases it names that no gazetteer entry states; a shared
// graph (a gazetteer) states those of every entity it knows.
func factDeltas(d map[string]map[string]int64, label quad.Value, quads []quad.Quad, sign int64) {
	if len(quads) == 0 || label == nil || IsSummaryGraph(label) {
		return
	}
	article := false
	bases := map[string]bool{}
	for _, q := range quads {
		p, _ := q.Predicate.(quad.IRI)
		switch {
		case p == schema.Type && q.Object == schema.ClassNewsArticle && quad.StringOf(q.Subject) == quad.StringOf(label):
			article = true
		case p == schema.Type && q.Object == schema.ClassOf(newsgraph.TypeBase):
			bases[nodeKey(q.Subject)] = true
		case p == schema.AtBase:
			bases[nodeKey(q.Object)] = true
		}
	}
	for _, q := range quads {
		p, _ := q.Predicate.(quad.IRI)
		subj := nodeKey(q.Subject)
		if article && !bases[subj] {
			continue
		}
		for _, fp := range factPreds {
			if p != fp.pred {
				continue
			}
			m := d[subj]
			if m == nil {
				m = map[string]int64{}
				d[subj] = m
			}
			k := fp.letter + "\x00" + encodeFact(q.Object)
			m[k] += sign
			if m[k] == 0 {
				delete(m, k)
			}
		}
	}
}

// cellBytes is a cell's key in bucketCell: base, then type and status.
func cellBytes(k cellKey) []byte {
	return []byte(k.base + "\x00" + k.typ + "\x00" + k.status)
}

func parseCell(key []byte) (cellKey, bool) {
	parts := strings.Split(string(key), "\x00")
	if len(parts) != 3 {
		return cellKey{}, false
	}
	return cellKey{parts[0], parts[1], parts[2]}, true
}

// comboBytes names a filter combination (type, status, negation choice)
// in bucketRow's and bucketTotal's keys.
func comboBytes(typ, status, neg string) string {
	return typ + "\x00" + status + "\x00" + neg + "\x00"
}

// The orders of the rows, by the letter that starts their sort keys.
const (
	sortEvents   = "e"
	sortArticles = "a"
	sortLast     = "l"
	sortName     = "n"
)

var sortLetters = []string{sortEvents, sortArticles, sortLast, sortName}

// appendInverted appends n so that larger numbers sort first: 16 hex
// digits of MaxInt64-n.
func appendInverted(b []byte, n int64) []byte {
	const hex = "0123456789abcdef"
	u := uint64(math.MaxInt64 - n)
	for shift := 60; shift >= 0; shift -= 4 {
		b = append(b, hex[u>>shift&0xf])
	}
	return b
}

// appendInvertedText appends s so that later strings sort first, a
// string before its prefixes (0xff ends it, above every inverted byte but
// NUL's).
func appendInvertedText(b []byte, s string) []byte {
	for i := range len(s) {
		b = append(b, 0xff-s[i])
	}
	return append(b, 0xff)
}

// rowKey is a row's key in one order; every order ends with the base's
// IRI, the answer's tie-break.
func rowKey(combo, order string, r BaseRow) []byte {
	b := make([]byte, 0, len(combo)+len(order)+33+len(r.Last)+len(r.Name)+len(entityPrefix)+len(r.Base))
	b = append(append(b, combo...), order...)
	switch order {
	case sortEvents:
		b = appendInverted(appendInverted(b, r.Events), r.Articles)
	case sortArticles:
		b = appendInverted(appendInverted(b, r.Articles), r.Events)
	case sortLast:
		b = appendInverted(appendInvertedText(b, r.Last), r.Events)
	case sortName:
		b = append(append(b, strings.ToLower(r.Name)...), 0)
	}
	if rest, ok := strings.CutPrefix(r.Base, compactPrefix); ok {
		return append(append(b, entityPrefix...), rest...)
	}
	return append(b, r.Base...)
}

// finishedRow is a cell's row for one negation choice with its base's
// facts, or false when the choice has no events there.
func finishedRow(k cellKey, v *cellView, neg int, f baseFacts) (BaseRow, bool) {
	row, ok := rowOfView(k.base, v, neg)
	if !ok {
		return BaseRow{}, false
	}
	return BaseRow{BaseSummary: row, Name: f.Name, Country: f.Country, Lat: f.Lat, Lon: f.Lon}, true
}

// sameRow compares two rows by value (the coordinates are pointers).
func sameRow(a, b BaseRow) bool {
	return a.Base == b.Base && a.Events == b.Events && a.Articles == b.Articles && a.Publishers == b.Publishers &&
		a.First == b.First && a.Last == b.Last && a.Negated == b.Negated && slices.Equal(a.Actors, b.Actors) &&
		sameFacts(baseFacts{a.Name, a.Country, a.Lat, a.Lon}, baseFacts{b.Name, b.Country, b.Lat, b.Lon})
}

// summaryWrite is one IndexChanges call's view of the summaries: reads
// go to the store (w), the writes it makes are applied at once.
type summaryWrite struct {
	w      SideWriter
	facts  map[string]baseFacts // of bases whose facts this write leaves alone
	totals map[string]int64     // change of each combination's total
}

func (sw *summaryWrite) factsOf(ctx context.Context, subject string) (baseFacts, error) {
	if f, ok := sw.facts[subject]; ok {
		return f, nil
	}
	tallies, err := sw.tallies(ctx, subject)
	if err != nil {
		return baseFacts{}, err
	}
	f := factsFrom(tallies)
	sw.facts[subject] = f
	return f, nil
}

// tallies reads a subject's fact tallies.
func (sw *summaryWrite) tallies(ctx context.Context, subject string) (map[string]int64, error) {
	prefix := []byte(subject + "\x00")
	out := map[string]int64{}
	var perr error
	err := sw.w.SideScan(ctx, bucketFact, prefix, nil, func(k, v []byte) bool {
		n, err := strconv.ParseInt(string(v), 10, 64)
		if err != nil {
			perr = fmt.Errorf("fact tally %q: %w", k, err)
			return false
		}
		out[string(k[len(prefix):])] = n
		return true
	})
	if err == nil {
		err = perr
	}
	return out, err
}

// rows rewrites a cell's rows as the cell goes from before to after and
// its base's facts from fb to fa. A row that stays the same is not
// written, and of one that changes only the sort keys that change are.
func (sw *summaryWrite) rows(ctx context.Context, k cellKey, before, after *cellView, fb, fa baseFacts) error {
	facts := sameFacts(fb, fa)
	for i, neg := range negChoices {
		if facts && sameRowOf(before, after, i) {
			continue
		}
		rb, okb := finishedRow(k, before, i, fb)
		ra, oka := finishedRow(k, after, i, fa)
		if okb && oka && sameRow(rb, ra) || !okb && !oka {
			continue
		}
		combo := comboBytes(k.typ, k.status, neg)
		var mainB, mainA, va []byte
		if okb {
			mainB = rowKey(combo, sortEvents, rb)
		}
		if oka {
			mainA = rowKey(combo, sortEvents, ra)
			va = rowJSON(ra)
		}
		for _, order := range sortLetters {
			var kb, ka []byte
			if okb {
				kb = mainB
				if order != sortEvents {
					kb = rowKey(combo, order, rb)
				}
			}
			if oka {
				ka = mainA
				if order != sortEvents {
					ka = rowKey(combo, order, ra)
				}
			}
			sameKey := okb && oka && bytes.Equal(kb, ka)
			if okb && !sameKey {
				if err := sw.w.SidePut(ctx, bucketRow, kb, nil); err != nil {
					return err
				}
			}
			// The row by events holds the row, which changed; the
			// others hold its key.
			if oka && (!sameKey || order == sortEvents || !bytes.Equal(mainB, mainA)) {
				v := va
				if order != sortEvents {
					v = mainA
				}
				if err := sw.w.SidePut(ctx, bucketRow, ka, v); err != nil {
					return err
				}
			}
		}
		switch {
		case okb && !oka:
			sw.totals[combo]--
		case oka && !okb:
			sw.totals[combo]++
		}
	}
	return nil
}

func mustJSONBytes(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // plain structs and maps of strings always encode
	}
	return b
}

// getInt reads a decimal number (zero when absent).
func getInt(ctx context.Context, r SideReader, bucket string, key []byte) (int64, error) {
	v, err := r.SideGet(ctx, bucket, key)
	if err != nil || v == nil {
		return 0, err
	}
	n, err := strconv.ParseInt(string(v), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("side index %s key %q: %w", bucket, key, err)
	}
	return n, nil
}

// putInt writes a decimal number; zero deletes the key.
func putInt(ctx context.Context, w SideWriter, bucket string, key []byte, n int64) error {
	if n == 0 {
		return w.SidePut(ctx, bucket, key, nil)
	}
	return w.SidePut(ctx, bucket, key, []byte(strconv.FormatInt(n, 10)))
}

// IndexChanges applies the net change of the graphs' contributions and
// base facts to the stored cells, rows, totals, tallies and counters.
func (summaryIndexer) IndexChanges(ctx context.Context, w SideWriter, changes []GraphChange) error {
	diff := newContribution()
	fd := map[string]map[string]int64{}
	for _, ch := range changes {
		if IsSummaryGraph(ch.Label) {
			continue
		}
		diff.addGraph(ch.Label, ch.Old, -1)
		diff.addGraph(ch.Label, ch.New, 1)
		factDeltas(fd, ch.Label, ch.Old, -1)
		factDeltas(fd, ch.Label, ch.New, 1)
	}
	diff.prune()
	sw := &summaryWrite{w: w, facts: map[string]baseFacts{}, totals: map[string]int64{}}

	// Facts: the tallies change, and where a base's shown facts change
	// every row of it is rewritten.
	type factChange struct{ before, after baseFacts }
	factChanges := map[string]factChange{}
	for _, subj := range slices.Sorted(maps.Keys(fd)) {
		d := fd[subj]
		if len(d) == 0 {
			continue
		}
		tallies, err := sw.tallies(ctx, subj)
		if err != nil {
			return err
		}
		before := factsFrom(tallies)
		for k, n := range d {
			tallies[k] += n
			if err := putInt(ctx, w, bucketFact, []byte(subj+"\x00"+k), tallies[k]); err != nil {
				return err
			}
		}
		after := factsFrom(tallies)
		if !sameFacts(before, after) {
			factChanges[compactIRI(subj)] = factChange{before, after}
		} else {
			sw.facts[subj] = after
		}
	}

	// Cells the graphs' change touches: each is read once, its change
	// merged into the stored bytes, and its rows rewritten where they
	// change.
	var scratch []byte
	for _, k := range slices.SortedFunc(maps.Keys(diff.cells), compareCells) {
		key := cellBytes(k)
		raw, err := w.SideGet(ctx, bucketCell, key)
		if err != nil {
			return err
		}
		// A value read is the store's until the next write.
		before, err := parseCellView(bytes.Clone(raw))
		if err != nil {
			return fmt.Errorf("summary cell %q: %w", key, err)
		}
		val := mergeCell(&before, diff.cells[k], &scratch)
		after, err := parseCellView(val)
		if err != nil {
			return fmt.Errorf("summary cell %q: %w", key, err)
		}
		var fb, fa baseFacts
		if fc, ok := factChanges[k.base]; ok {
			fb, fa = fc.before, fc.after
		} else {
			if fb, err = sw.factsOf(ctx, expandIRI(k.base)); err != nil {
				return err
			}
			fa = fb
		}
		if err := sw.rows(ctx, k, &before, &after, fb, fa); err != nil {
			return err
		}
		if err := w.SidePut(ctx, bucketCell, key, val); err != nil {
			return err
		}
	}
	// The other cells of bases whose facts changed.
	for _, base := range slices.Sorted(maps.Keys(factChanges)) {
		fc := factChanges[base]
		type cell struct {
			k cellKey
			v cellView
		}
		var cells []cell
		var derr error
		err := w.SideScan(ctx, bucketCell, []byte(base+"\x00"), nil, func(key, val []byte) bool {
			k, ok := parseCell(key)
			if !ok || diff.cells[k] != nil {
				return true
			}
			v, err := parseCellView(bytes.Clone(val))
			if err != nil {
				derr = fmt.Errorf("summary cell %q: %w", key, err)
				return false
			}
			cells = append(cells, cell{k, v})
			return true
		})
		if err == nil {
			err = derr
		}
		if err != nil {
			return err
		}
		for _, c := range cells {
			if err := sw.rows(ctx, c.k, &c.v, &c.v, fc.before, fc.after); err != nil {
				return err
			}
		}
	}
	for _, combo := range slices.Sorted(maps.Keys(sw.totals)) {
		if sw.totals[combo] == 0 {
			continue
		}
		n, err := getInt(ctx, w, bucketTotal, []byte(combo))
		if err != nil {
			return err
		}
		if err := putInt(ctx, w, bucketTotal, []byte(combo), n+sw.totals[combo]); err != nil {
			return err
		}
	}
	return writeCounts(ctx, w, diff)
}

// sameFacts compares two facts by value (the coordinates are pointers).
func sameFacts(a, b baseFacts) bool {
	eq := func(x, y *float64) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	return a.Name == b.Name && a.Country == b.Country && eq(a.Lat, b.Lat) && eq(a.Lon, b.Lon)
}

// compareCells orders cells as their keys (cellBytes) sort.
func compareCells(a, b cellKey) int {
	return cmp.Or(strings.Compare(a.base, b.base), strings.Compare(a.typ, b.typ), strings.Compare(a.status, b.status))
}

// writeCounts applies the change of the counters and of the entity
// tallies, counting an entity when its tally crosses zero.
func writeCounts(ctx context.Context, w SideWriter, diff *contribution) error {
	before, err := readCounts(ctx, w)
	if err != nil {
		return err
	}
	counts := SummaryCounts{Articles: before.Articles + diff.articles, Entities: maps.Clone(before.Entities), Events: maps.Clone(before.Events)}
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
	refs := slices.SortedFunc(maps.Keys(diff.refs), func(a, b refKey) int {
		return strings.Compare(a.typ+"\x00"+nodeKey(a.node), b.typ+"\x00"+nodeKey(b.node))
	})
	for _, k := range refs {
		key := []byte(k.typ + "\x00" + nodeKey(k.node))
		n0, err := getInt(ctx, w, bucketRef, key)
		if err != nil {
			return err
		}
		n1 := n0 + diff.refs[k]
		if err := putInt(ctx, w, bucketRef, key, max(n1, 0)); err != nil {
			return err
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
	old, cur := mustJSONBytes(before), mustJSONBytes(counts)
	if bytes.Equal(old, cur) {
		return nil
	}
	if counts.Articles == 0 && len(counts.Entities) == 0 && len(counts.Events) == 0 {
		return w.SidePut(ctx, bucketCount, countsKey, nil)
	}
	return w.SidePut(ctx, bucketCount, countsKey, cur)
}

// readCounts reads the stored counters (zero when there are none).
func readCounts(ctx context.Context, r SideReader) (SummaryCounts, error) {
	var c SummaryCounts
	v, err := r.SideGet(ctx, bucketCount, countsKey)
	if err != nil || v == nil {
		return c, err
	}
	if err := json.Unmarshal(v, &c); err != nil {
		return c, fmt.Errorf("summary counts: %w", err)
	}
	return c, nil
}
