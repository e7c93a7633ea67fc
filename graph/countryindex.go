package graph

// The country index answers "which countries host bases linked to events
// of a type" without reading the events: per host country and selection
// (event type or any, status filter, negated filter) it keeps how many
// articles report a matching event at a base in the country, and which
// bases; per country and event type, the reporting articles newest first.
//
// An article's contributions are (base, event type, status, negated)
// tuples read from its own graph. The base's country comes from
// schema:containedInPlace, which the gazetteer's shared graph states
// once (or the article's graph, for an entity no gazetteer entry knows):
// the index remembers each base's country when a graph first states it.
// Each article's record keeps the tuples with the country they were
// counted under, so replacing or deleting the article takes back exactly
// what it added. A tuple whose base has no country yet waits in
// countryPendingBucket until one is stated (a rebuild may index an
// article before the gazetteer's graph).

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/schema"
)

// CountryIndex is the country index's Indexer name (see IndexKept).
const CountryIndex = "countries/1"

const (
	countryOfBucket      = "cty-of"      // base IRI -> country IRI
	countryRecordBucket  = "cty-article" // article IRI -> countryRecord (JSON)
	countryPendingBucket = "cty-pending" // base \x00 article -> 1
	countryCountBucket   = "cty-n"       // selection \x00 country -> articles (uint64)
	countryBaseBucket    = "cty-base"    // selection \x00 country \x00 base -> articles (uint64)
	countrySourceBucket  = "cty-src"     // country \x00 type \x00 inverted published \x00 url \x00 article -> status mask (uint16)
)

// countryStatuses are the event statuses the source keys' masks hold,
// each asserted and negated: bit 2*i for asserted, 2*i+1 for negated.
var countryStatuses = []string{"", "completed", "ongoing", "planned", "historical", "hypothetical"}

type countryIndexer struct{}

func (countryIndexer) Name() string { return CountryIndex }
func (countryIndexer) Buckets() []string {
	return []string{countryOfBucket, countryRecordBucket, countryPendingBucket, countryCountBucket, countryBaseBucket, countrySourceBucket}
}

// countryTuple is one contribution of an article: an event of a type and
// status, negated or not, at a base, counted under a country ("" while
// the base has none).
type countryTuple struct {
	Base    string `json:"b"`
	Type    string `json:"t"`
	Status  string `json:"s,omitempty"`
	Negated bool   `json:"n,omitempty"`
	Country string `json:"c,omitempty"`
}

// countryRecord is what an article contributed.
type countryRecord struct {
	Published string         `json:"p,omitempty"`
	URL       string         `json:"u,omitempty"`
	Tuples    []countryTuple `json:"x"`
}

// CountrySelection names the filters of a countries answer as the index
// keeps them: event type ("" any), status filter ("" is current) and
// negated filter ("" is false).
func CountrySelection(event, status, negated string) string {
	if status == "" {
		status = "current"
	}
	if negated == "" {
		negated = "false"
	}
	return event + "|" + status + "|" + negated
}

// selections lists the selections a tuple answers.
func (t countryTuple) selections() []string {
	statuses := []string{"any"}
	if t.Status == "" || t.Status == "completed" || t.Status == "ongoing" {
		statuses = append(statuses, "current")
	}
	if t.Status != "" {
		statuses = append(statuses, t.Status)
	}
	neg := "false"
	if t.Negated {
		neg = "true"
	}
	var out []string
	for _, typ := range []string{t.Type, ""} {
		for _, st := range statuses {
			for _, n := range []string{neg, "any"} {
				out = append(out, typ+"|"+st+"|"+n)
			}
		}
	}
	return out
}

// statusBit is the tuple's bit in a source key's mask.
func (t countryTuple) statusBit() uint16 {
	i := slices.Index(countryStatuses, t.Status)
	if i < 0 {
		// An unknown status answers "any" only: the last bits.
		i = len(countryStatuses)
	}
	b := uint16(1) << (2 * i)
	if t.Negated {
		b <<= 1
	}
	return b
}

// CountryStatusMask is the mask of source keys a status and negated
// filter accept.
func CountryStatusMask(status, negated string) uint16 {
	var m uint16
	for i := 0; i <= len(countryStatuses); i++ {
		st := "\x01unknown"
		if i < len(countryStatuses) {
			st = countryStatuses[i]
		}
		ok := false
		switch status {
		case "any":
			ok = true
		case "", "current":
			ok = st == "" || st == "completed" || st == "ongoing"
		default:
			ok = st == status
		}
		if !ok {
			continue
		}
		if negated != "true" {
			m |= 1 << (2 * i)
		}
		if negated == "true" || negated == "any" {
			m |= 1 << (2*i + 1)
		}
	}
	return m
}

// invert turns a string into one that sorts in the opposite order.
func invert(s string) string {
	b := make([]byte, len(s)+1)
	for i := 0; i < len(s); i++ {
		b[i] = 0xff - s[i]
	}
	b[len(s)] = 0xff
	return string(b)
}

func uvalue(v []byte) int64 {
	if len(v) != 8 {
		return 0
	}
	return int64(binary.BigEndian.Uint64(v))
}

func uencode(n int64) []byte {
	if n <= 0 {
		return nil
	}
	return binary.BigEndian.AppendUint64(nil, uint64(n))
}

// countryBatch is what one IndexChanges call changes, written at the end.
type countryBatch struct {
	counts  map[string]int64  // countryCountBucket deltas
	bases   map[string]int64  // countryBaseBucket deltas
	sources map[string]uint16 // countrySourceBucket values (0 deletes)
	pending map[string]bool   // countryPendingBucket (false deletes)
	records map[string][]byte // countryRecordBucket (nil deletes)
}

func newCountryBatch() *countryBatch {
	return &countryBatch{counts: map[string]int64{}, bases: map[string]int64{}, sources: map[string]uint16{},
		pending: map[string]bool{}, records: map[string][]byte{}}
}

// add counts (sign 1) or takes back (sign -1) an article's record.
func (b *countryBatch) add(article string, rec countryRecord, sign int64) {
	counted := map[string]bool{}
	masks := map[string]uint16{}
	for _, t := range rec.Tuples {
		if t.Country == "" {
			b.pending[t.Base+"\x00"+article] = sign > 0
			continue
		}
		for _, sel := range t.selections() {
			if k := sel + "\x00" + t.Country; !counted[k] {
				counted[k] = true
				b.counts[k] += sign
			}
			if k := sel + "\x00" + t.Country + "\x00" + t.Base; !counted[k] {
				counted[k] = true
				b.bases[k] += sign
			}
		}
		masks[t.Country+"\x00"+t.Type+"\x00"+invert(rec.Published)+"\x00"+rec.URL+"\x00"+article] |= t.statusBit()
	}
	for k, m := range masks {
		if sign < 0 {
			if _, set := b.sources[k]; !set {
				b.sources[k] = 0
			}
			continue
		}
		b.sources[k] = m
	}
}

// write applies the batch.
func (b *countryBatch) write(ctx context.Context, w SideWriter) error {
	for _, d := range []struct {
		bucket string
		deltas map[string]int64
	}{{countryCountBucket, b.counts}, {countryBaseBucket, b.bases}} {
		for _, k := range sortedKeys(d.deltas) {
			if d.deltas[k] == 0 {
				continue
			}
			v, err := w.SideGet(ctx, d.bucket, []byte(k))
			if err != nil {
				return err
			}
			if err := w.SidePut(ctx, d.bucket, []byte(k), uencode(uvalue(v)+d.deltas[k])); err != nil {
				return err
			}
		}
	}
	for _, k := range sortedKeys(b.sources) {
		var v []byte
		if m := b.sources[k]; m != 0 {
			v = binary.BigEndian.AppendUint16(nil, m)
		}
		if err := w.SidePut(ctx, countrySourceBucket, []byte(k), v); err != nil {
			return err
		}
	}
	for _, k := range sortedKeys(b.pending) {
		var v []byte
		if b.pending[k] {
			v = []byte{1}
		}
		if err := w.SidePut(ctx, countryPendingBucket, []byte(k), v); err != nil {
			return err
		}
	}
	for _, k := range sortedKeys(b.records) {
		if err := w.SidePut(ctx, countryRecordBucket, []byte(k), b.records[k]); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func isArticleLabel(l quad.Value) bool {
	iri, ok := l.(quad.IRI)
	return ok && strings.HasPrefix(string(iri), schema.IDBase+"article/")
}

func (countryIndexer) IndexChanges(ctx context.Context, w SideWriter, changes []GraphChange) error {
	// Countries first: an article's base may be placed by a graph of the
	// same write (the gazetteer's, or the article's own).
	placed := map[string]string{}
	var newlyPlaced []string
	for _, ch := range changes {
		if IsSummaryGraph(ch.Label) {
			continue
		}
		for _, q := range ch.New {
			if q.Predicate != schema.ContainedInPlace {
				continue
			}
			node, ok := isEntityIRI(q.Subject)
			c, isIRI := q.Object.(quad.IRI)
			if !ok || !isIRI {
				continue
			}
			if _, done := placed[string(node)]; done {
				continue
			}
			v, err := w.SideGet(ctx, countryOfBucket, []byte(node))
			if err != nil {
				return err
			}
			if v != nil {
				placed[string(node)] = string(v)
				continue
			}
			placed[string(node)] = string(c)
			newlyPlaced = append(newlyPlaced, string(node))
			if err := w.SidePut(ctx, countryOfBucket, []byte(node), []byte(c)); err != nil {
				return err
			}
		}
	}
	countryOf := func(base string) (string, error) {
		if c, ok := placed[base]; ok {
			return c, nil
		}
		v, err := w.SideGet(ctx, countryOfBucket, []byte(base))
		if err != nil {
			return "", err
		}
		placed[base] = string(v)
		return string(v), nil
	}
	b := newCountryBatch()
	for _, ch := range changes {
		if !isArticleLabel(ch.Label) {
			continue
		}
		article := string(ch.Label.(quad.IRI))
		old, err := readCountryRecord(ctx, w, article)
		if err != nil {
			return err
		}
		if old != nil {
			b.add(article, *old, -1)
		}
		rec, err := countryRecordOf(ch.Label, ch.New, countryOf)
		if err != nil {
			return err
		}
		if len(rec.Tuples) == 0 {
			if old != nil {
				b.records[article] = nil
			}
			continue
		}
		b.add(article, rec, 1)
		v, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		b.records[article] = v
	}
	if err := b.write(ctx, w); err != nil {
		return err
	}
	return placePending(ctx, w, newlyPlaced, countryOf)
}

// placePending counts the waiting tuples of bases that just got a country.
func placePending(ctx context.Context, w SideWriter, bases []string, countryOf func(string) (string, error)) error {
	slices.Sort(bases)
	articles := map[string]bool{}
	for _, base := range bases {
		err := w.SideScan(ctx, countryPendingBucket, []byte(base+"\x00"), nil, func(k, _ []byte) bool {
			articles[string(k[len(base)+1:])] = true
			return true
		})
		if err != nil {
			return err
		}
	}
	if len(articles) == 0 {
		return nil
	}
	b := newCountryBatch()
	for _, article := range sortedKeys(articles) {
		old, err := readCountryRecord(ctx, w, article)
		if err != nil {
			return err
		}
		if old == nil {
			continue
		}
		b.add(article, *old, -1)
		rec := *old
		rec.Tuples = slices.Clone(rec.Tuples)
		for i, t := range rec.Tuples {
			if t.Country == "" {
				if rec.Tuples[i].Country, err = countryOf(t.Base); err != nil {
					return err
				}
			}
		}
		b.add(article, rec, 1)
		v, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		b.records[article] = v
	}
	return b.write(ctx, w)
}

func readCountryRecord(ctx context.Context, r SideReader, article string) (*countryRecord, error) {
	v, err := r.SideGet(ctx, countryRecordBucket, []byte(article))
	if err != nil || v == nil {
		return nil, err
	}
	var rec countryRecord
	if err := json.Unmarshal(v, &rec); err != nil {
		return nil, fmt.Errorf("country index record of %s: %w", article, err)
	}
	return &rec, nil
}

// countryRecordOf reads an article graph's contributions: each event's
// type, status and negation, at each of its bases.
func countryRecordOf(label quad.Value, qs []quad.Quad, countryOf func(string) (string, error)) (countryRecord, error) {
	type event struct {
		typ, status string
		negated     bool
		bases       []string
	}
	events := map[string]*event{}
	ev := func(s quad.Value) *event {
		k := quad.StringOf(s)
		e := events[k]
		if e == nil {
			e = &event{}
			events[k] = e
		}
		return e
	}
	var rec countryRecord
	for _, q := range qs {
		switch q.Predicate {
		case schema.EventType:
			if t, ok := q.Object.(quad.IRI); ok {
				ev(q.Subject).typ = strings.TrimPrefix(string(t), schema.NS+"event/")
			}
		case schema.Status:
			ev(q.Subject).status = stringOf(q.Object)
		case schema.Negated:
			if b, ok := q.Object.(quad.Bool); ok {
				ev(q.Subject).negated = bool(b)
			}
		case schema.AtBase:
			if b, ok := q.Object.(quad.IRI); ok {
				e := ev(q.Subject)
				e.bases = append(e.bases, string(b))
			}
		case schema.DatePublished:
			if q.Subject == label {
				rec.Published = stringOf(q.Object)
			}
		case schema.URL:
			if q.Subject == label {
				rec.URL = stringOf(q.Object)
			}
		}
	}
	seen := map[countryTuple]bool{}
	for _, e := range events {
		if e.typ == "" {
			continue
		}
		for _, base := range e.bases {
			c, err := countryOf(base)
			if err != nil {
				return rec, err
			}
			t := countryTuple{Base: base, Type: e.typ, Status: e.status, Negated: e.negated, Country: c}
			if !seen[t] {
				seen[t] = true
				rec.Tuples = append(rec.Tuples, t)
			}
		}
	}
	slices.SortFunc(rec.Tuples, func(a, b countryTuple) int {
		return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
	})
	return rec, nil
}

func stringOf(v quad.Value) string {
	switch v := v.(type) {
	case quad.String:
		return string(v)
	case quad.TypedString:
		return string(v.Value)
	case nil:
		return ""
	}
	return quad.StringOf(v)
}

// CountryCount is a country and how many articles report a matching
// event at its bases.
type CountryCount struct {
	Country  quad.IRI
	Articles int64
}

// CountryCounts lists the countries of a selection (CountrySelection)
// with their article counts, in key order; ok is false when the store
// does not keep the country index.
func (s *Store) CountryCounts(ctx context.Context, sel string) (out []CountryCount, ok bool, err error) {
	if ok, err = s.IndexKept(ctx, CountryIndex); err != nil || !ok {
		return nil, false, err
	}
	err = s.SideScan(ctx, countryCountBucket, []byte(sel+"\x00"), nil, func(k, v []byte) bool {
		if n := uvalue(v); n > 0 {
			out = append(out, CountryCount{Country: quad.IRI(k[len(sel)+1:]), Articles: n})
		}
		return true
	})
	return out, err == nil, err
}

// CountryArticles is the article count of one country in a selection.
func (s *Store) CountryArticles(ctx context.Context, sel string, country quad.IRI) (int64, error) {
	v, err := s.SideGet(ctx, countryCountBucket, []byte(sel+"\x00"+string(country)))
	return uvalue(v), err
}

// CountryBases lists the bases of a country that a selection's events
// happened at.
func (s *Store) CountryBases(ctx context.Context, sel string, country quad.IRI) ([]quad.IRI, error) {
	prefix := sel + "\x00" + string(country) + "\x00"
	var out []quad.IRI
	err := s.SideScan(ctx, countryBaseBucket, []byte(prefix), nil, func(k, v []byte) bool {
		if uvalue(v) > 0 {
			out = append(out, quad.IRI(k[len(prefix):]))
		}
		return true
	})
	return out, err
}

// CountrySource is an article that reports an event in a country.
type CountrySource struct {
	Article   quad.IRI
	Published string
	URL       string
}

// CountrySources lists the n newest articles (then by URL and article)
// that report an event of type typ at a base in country, of a status and
// negation mask accepts (CountryStatusMask).
func (s *Store) CountrySources(ctx context.Context, country quad.IRI, typ string, mask uint16, n int) ([]CountrySource, error) {
	prefix := string(country) + "\x00" + typ + "\x00"
	var out []CountrySource
	var ferr error
	err := s.SideScan(ctx, countrySourceBucket, []byte(prefix), nil, func(k, v []byte) bool {
		if len(v) != 2 || binary.BigEndian.Uint16(v)&mask == 0 {
			return true
		}
		parts := strings.SplitN(string(k[len(prefix):]), "\x00", 3)
		if len(parts) != 3 {
			ferr = fmt.Errorf("country index: bad source key %q", k)
			return false
		}
		pub := []byte(parts[0])
		for i := range pub {
			pub[i] = 0xff - pub[i]
		}
		out = append(out, CountrySource{Article: quad.IRI(parts[2]), Published: string(pub[:max(0, len(pub)-1)]), URL: parts[1]})
		return len(out) < n
	})
	if err == nil {
		err = ferr
	}
	return out, err
}
