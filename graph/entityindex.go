package graph

// The entity index answers the per-entity queries (entity, timeline,
// sources, related) without reading every report and every article of the
// entity from the graph: a much-reported base is the object of thousands
// of quads, and walking them, one index read per quad and several per
// article, was most of those queries' time.
//
// Nine buckets, each a function of the article graphs alone (entTypes and
// entNames: of every graph):
//
//   - entReports: per entity, one key per event report it takes part in
//     (as actor, base, place or country), keyed entity, event; the value
//     is the report's index row (schema.EventRow), its roles and its
//     article's publication date, so a timeline is one prefix scan.
//   - entArticles: per entity, one key per article that mentions it or
//     that it published, newest first (inverted publication date, then
//     the article); the value says how (mention, publisher) and names the
//     article's publisher, so sources is one prefix scan and related
//     probes one key per candidate article.
//   - entCounts: per entity, how many articles mention it.
//   - entPairs: per pair of entities mentioned in the same articles, how
//     many articles mention both, with the other entity's type, so
//     related reads one key per co-mentioned entity instead of every
//     mention of every article. Dates are left out: related never lists
//     them and nobody looks one up.
//   - entSources: per article, what answers list of it as a source
//     (entitysource.go).
//   - entPubArticles, entPubCounts: entArticles by publisher, and their
//     counts (entitypublisher.go).
//   - entTypes, entNames: per entity and type or name, how many graphs
//     state it (entitytype.go, entityname.go).
//
// Keys hold entity, event and article IDs as 16 bytes when they are the
// UUIDs newsgraph mints (see idKey), which keeps the index small.

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/google/uuid"

	"github.com/newsgraph/newsgraph/schema"
)

// EntityIndexName names the entity index and its layout.
const EntityIndexName = "entity-2"

const (
	entReports  = "ent_reports"
	entArticles = "ent_articles"
	entCounts   = "ent_counts"
	entPairs    = "ent_pairs"
)

// How an article involves an entity (EntityArticle.How).
const (
	ArticleMentions  = 1
	ArticlePublishes = 2
)

// entityIndexer keeps the entity index.
type entityIndexer struct{}

func (entityIndexer) Name() string { return EntityIndexName }

func (entityIndexer) Buckets() []string {
	return []string{entReports, entArticles, entCounts, entPairs, entSources, entPubArticles, entPubCounts, entTypes, entNames}
}

var (
	entEntityPrefix  = schema.IDBase + "entity/"
	entEventPrefix   = schema.IDBase + "event/"
	entArticlePrefix = schema.IDBase + "article/"
)

// idKey encodes a node IRI for a key: 'u' and the 16 bytes of its UUID
// when it is prefix+UUID, else 's', the IRI and a zero byte. Either form
// ends where it starts the next field, so keys of one entity share a
// prefix no other entity's keys start with.
func idKey(b []byte, iri, prefix string) []byte {
	if tail, ok := strings.CutPrefix(iri, prefix); ok {
		if u, ok := canonicalUUID(tail); ok {
			b = append(b, 'u')
			return append(b, u[:]...)
		}
	}
	b = append(b, 's')
	b = append(b, iri...)
	return append(b, 0)
}

// canonicalUUID decodes s when it is a UUID as uuid.UUID.String writes
// it (lowercase hex, dashes at 8, 13, 18 and 23), the only form that
// decodes back to itself. The writer calls it for every entity of every
// article, so it does not allocate.
func canonicalUUID(s string) (u uuid.UUID, ok bool) {
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return u, false
	}
	nib := func(c byte) (byte, bool) {
		switch {
		case '0' <= c && c <= '9':
			return c - '0', true
		case 'a' <= c && c <= 'f':
			return c - 'a' + 10, true
		}
		return 0, false
	}
	j := 0
	for i := 0; i < 36; i += 2 {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			i--
			continue
		}
		hi, ok1 := nib(s[i])
		lo, ok2 := nib(s[i+1])
		if !ok1 || !ok2 {
			return u, false
		}
		u[j] = hi<<4 | lo
		j++
	}
	return u, true
}

// readID decodes idKey's encoding at the start of b, and returns the rest.
func readID(b []byte, prefix string) (string, []byte, error) {
	if len(b) == 0 {
		return "", nil, fmt.Errorf("entity index: truncated id")
	}
	switch b[0] {
	case 'u':
		if len(b) < 17 {
			return "", nil, fmt.Errorf("entity index: truncated id")
		}
		u, _ := uuid.FromBytes(b[1:17])
		return prefix + u.String(), b[17:], nil
	case 's':
		i := bytes.IndexByte(b[1:], 0)
		if i < 0 {
			return "", nil, fmt.Errorf("entity index: truncated id")
		}
		return string(b[1 : 1+i]), b[2+i:], nil
	}
	return "", nil, fmt.Errorf("entity index: bad id marker %q", b[0])
}

// invDate encodes a timestamp so that later ones sort first: each byte
// inverted (ASCII becomes 0x80-0xff), then 0xff, which sorts a date after
// the longer timestamps it prefixes ("2025" after "2025-08-24").
func invDate(b []byte, date string) []byte {
	for i := 0; i < len(date); i++ {
		b = append(b, 0xff-date[i])
	}
	return append(b, 0xff)
}

func readInvDate(b []byte) (string, []byte, error) {
	i := bytes.IndexByte(b, 0xff)
	if i < 0 {
		return "", nil, fmt.Errorf("entity index: truncated date")
	}
	out := make([]byte, i)
	for j := range out {
		out[j] = 0xff - b[j]
	}
	return string(out), b[i+1:], nil
}

func putString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func readString(b []byte) (string, []byte, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 || uint64(len(b)-k) < n {
		return "", nil, fmt.Errorf("entity index: truncated string")
	}
	return string(b[k : k+int(n)]), b[k+int(n):], nil
}

// putIDs writes a count and that many entity ids.
func putIDs(b []byte, iris []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(iris)))
	for _, iri := range iris {
		b = idKey(b, iri, entEntityPrefix)
	}
	return b
}

func readIDs(b []byte) ([]string, []byte, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return nil, nil, fmt.Errorf("entity index: truncated ids")
	}
	b = b[k:]
	var out []string
	for range n {
		var id string
		var err error
		if id, b, err = readID(b, entEntityPrefix); err != nil {
			return nil, nil, err
		}
		out = append(out, id)
	}
	return out, b, nil
}

// optID writes an entity id that may be absent (a leading 0 or 1).
func optID(b []byte, iri string) []byte {
	if iri == "" {
		return append(b, 0)
	}
	return idKey(append(b, 1), iri, entEntityPrefix)
}

func readOptID(b []byte) (string, []byte, error) {
	if len(b) == 0 {
		return "", nil, fmt.Errorf("entity index: truncated id")
	}
	if b[0] == 0 {
		return "", b[1:], nil
	}
	return readID(b[1:], entEntityPrefix)
}

// Role bits of a report (EntityReport.Roles), in the order the graph
// path lists them.
var reportRoles = []struct {
	pred quad.IRI
	name string
}{{schema.Actor, "actor"}, {schema.AtBase, "base"}, {schema.AtPlace, "place"}, {schema.InCountry, "country"}}

// EntityReport is one event report an entity takes part in.
type EntityReport struct {
	Event     quad.IRI
	Row       schema.EventRow
	Published string   // the publication date of the report's article
	Roles     []string // actor, base, place, country: the entity's roles
}

func encodeReport(row schema.EventRow, published string, roles byte) []byte {
	b := []byte{roles}
	neg := byte(0)
	if row.Negated {
		neg = 1
	}
	b = append(b, neg)
	b = putString(b, row.Type)
	b = putString(b, row.Date)
	b = putString(b, row.Status)
	b = optID(b, row.Actor)
	b = optID(b, row.Country)
	b = putIDs(b, row.Bases)
	b = putIDs(b, row.Places)
	if row.Article == "" {
		b = append(b, 0)
	} else {
		b = idKey(append(b, 1), row.Article, entArticlePrefix)
	}
	return putString(b, published)
}

func decodeReport(key, val []byte) (EntityReport, error) {
	var rep EntityReport
	_, rest, err := readID(key, entEntityPrefix)
	if err != nil {
		return rep, err
	}
	ev, _, err := readID(rest, entEventPrefix)
	if err != nil {
		return rep, err
	}
	rep.Event = quad.IRI(ev)
	if len(val) < 2 {
		return rep, fmt.Errorf("entity index: truncated report")
	}
	for i, r := range reportRoles {
		if val[0]&(1<<i) != 0 {
			rep.Roles = append(rep.Roles, r.name)
		}
	}
	row := &rep.Row
	row.Negated = val[1] == 1
	b := val[2:]
	if row.Type, b, err = readString(b); err != nil {
		return rep, err
	}
	if row.Date, b, err = readString(b); err != nil {
		return rep, err
	}
	if row.Status, b, err = readString(b); err != nil {
		return rep, err
	}
	if row.Actor, b, err = readOptID(b); err != nil {
		return rep, err
	}
	if row.Country, b, err = readOptID(b); err != nil {
		return rep, err
	}
	if row.Bases, b, err = readIDs(b); err != nil {
		return rep, err
	}
	if row.Places, b, err = readIDs(b); err != nil {
		return rep, err
	}
	if len(b) == 0 {
		return rep, fmt.Errorf("entity index: truncated report")
	}
	if b[0] == 1 {
		if row.Article, b, err = readID(b[1:], entArticlePrefix); err != nil {
			return rep, err
		}
	} else {
		b = b[1:]
	}
	rep.Published, _, err = readString(b)
	return rep, err
}

// EntityArticle is one article that mentions an entity or that the
// entity published.
type EntityArticle struct {
	Article   quad.IRI
	Published string
	How       int      // ArticleMentions and/or ArticlePublishes
	Publisher quad.IRI // the article's publisher ("" if none)
}

func articleKey(entity, published, article string) []byte {
	b := idKey(nil, entity, entEntityPrefix)
	b = invDate(b, published)
	return idKey(b, article, entArticlePrefix)
}

func decodeArticle(key, val []byte) (EntityArticle, error) {
	var a EntityArticle
	_, rest, err := readID(key, entEntityPrefix)
	if err != nil {
		return a, err
	}
	if a.Published, rest, err = readInvDate(rest); err != nil {
		return a, err
	}
	art, _, err := readID(rest, entArticlePrefix)
	if err != nil {
		return a, err
	}
	a.Article = quad.IRI(art)
	if len(val) == 0 {
		return a, fmt.Errorf("entity index: empty article entry")
	}
	a.How = int(val[0])
	pub, _, err := readOptID(val[1:])
	a.Publisher = quad.IRI(pub)
	return a, err
}

// Entity types in pair values.
var pairTypes = []string{"", "Base", "Country", "Place", "Organisation", "Publisher", "Date"}

func pairTypeCode(typ string) byte {
	if i := slices.Index(pairTypes, typ); i > 0 {
		return byte(i)
	}
	return 0
}

// articleFacts is what one article graph contributes to the index: its
// own entries, and sign times its counts, which it adds to a batch's
// (counts of many articles' entities and pairs share keys).
type articleFacts struct {
	reports  map[string][]byte // entReports key -> value
	articles map[string][]byte // entArticles key -> value
	batch    *entityCounts
	sign     int // 1, or -1 for an article's old graph
}

type pairDelta struct {
	n   int
	typ byte
}

// entityCounts are a batch's changes of entCounts and entPairs. About
// 250 pairs an article make the pairs most of the index's work: entities
// are numbered in the batch, so that a pair is a number, and the keys of
// the pairs are written only for those whose count changes.
type entityCounts struct {
	ids    map[string]uint32 // id key -> number
	keys   []string          // number -> id key
	counts map[uint32]int
	pairs  map[uint64]*pairDelta // first<<32 | second
}

func newEntityCounts() *entityCounts {
	return &entityCounts{ids: map[string]uint32{}, counts: map[uint32]int{}, pairs: map[uint64]*pairDelta{}}
}

// id numbers an entity's id key.
func (c *entityCounts) id(key []byte) uint32 {
	if n, ok := c.ids[string(key)]; ok {
		return n
	}
	n := uint32(len(c.keys))
	c.ids[string(key)] = n
	c.keys = append(c.keys, string(key))
	return n
}

// countChange is the change of one count key.
type countChange struct {
	key string
	d   pairDelta
}

// changes lists the changed counts and pairs in key order. An id key
// ends where the next field starts, so the order of two ids' keys is
// that of the first's, then of the second's.
func (c *entityCounts) changes() (counts, pairs []countChange) {
	order := make([]uint32, len(c.keys))
	for i := range order {
		order[i] = uint32(i)
	}
	slices.SortFunc(order, func(a, b uint32) int { return strings.Compare(c.keys[a], c.keys[b]) })
	rank := make([]uint32, len(c.keys))
	for r, id := range order {
		rank[id] = uint32(r)
	}
	for _, id := range order {
		if n := c.counts[id]; n != 0 {
			counts = append(counts, countChange{c.keys[id], pairDelta{n: n}})
		}
	}
	type ranked struct {
		r uint64
		d *pairDelta
	}
	var changed []ranked
	for k, d := range c.pairs {
		if d.n != 0 {
			changed = append(changed, ranked{uint64(rank[k>>32])<<32 | uint64(rank[uint32(k)]), d})
		}
	}
	slices.SortFunc(changed, func(a, b ranked) int { return cmp.Compare(a.r, b.r) })
	for _, p := range changed {
		pairs = append(pairs, countChange{c.keys[order[p.r>>32]] + c.keys[order[uint32(p.r)]], *p.d})
	}
	return counts, pairs
}

// factsOf derives an article graph's index entries from its quads,
// adding sign times its counts and pairs to batch's.
func factsOf(qs []quad.Quad, sign int, batch *entityCounts) articleFacts {
	f := articleFacts{reports: map[string][]byte{}, articles: map[string][]byte{}, batch: batch, sign: sign}
	if len(qs) == 0 {
		return f
	}
	iri := func(v quad.Value) string { s, _ := v.(quad.IRI); return string(s) }
	published := map[string]string{}
	publisher := map[string]string{}
	entType := map[string]string{}
	type evFacts struct {
		row   *schema.EventRow
		roles byte
		ents  []string
		facts map[quad.IRI][]quad.Value
	}
	events := map[string]*evFacts{}
	evOf := func(s string) *evFacts {
		e, ok := events[s]
		if !ok {
			e = &evFacts{facts: map[quad.IRI][]quad.Value{}}
			events[s] = e
		}
		return e
	}
	mentions := map[string][]string{} // article -> mentioned entities
	var mentionOrder []string
	for _, q := range qs {
		s := iri(q.Subject)
		switch q.Predicate {
		case schema.DatePublished:
			if _, ok := published[s]; !ok {
				published[s] = entText(q.Object)
			}
		case schema.PublisherP:
			if _, ok := publisher[s]; !ok {
				publisher[s] = iri(q.Object)
			}
		case schema.Mentions:
			if _, ok := mentions[s]; !ok {
				mentionOrder = append(mentionOrder, s)
			}
			mentions[s] = append(mentions[s], iri(q.Object))
		case schema.Type:
			if t := schema.EntityTypeOf(quad.IRI(iri(q.Object))); t != "" && strings.HasPrefix(s, entEntityPrefix) {
				if _, ok := entType[s]; !ok {
					entType[s] = t
				}
			}
		}
		if !strings.HasPrefix(s, entEventPrefix) {
			continue
		}
		pred, _ := q.Predicate.(quad.IRI)
		e := evOf(s)
		e.facts[pred] = append(e.facts[pred], q.Object)
		for i, r := range reportRoles {
			if q.Predicate == r.pred {
				o := iri(q.Object)
				e.roles |= 1 << i
				if o != "" && !slices.Contains(e.ents, o) {
					e.ents = append(e.ents, o)
				}
			}
		}
	}
	for evIRI, e := range events {
		if len(e.ents) == 0 {
			continue
		}
		row := e.row
		if row == nil {
			row = rowFromFacts(e.facts)
		}
		pub := published[row.Article]
		for _, ent := range e.ents {
			var roles byte
			for i, r := range reportRoles {
				if slices.ContainsFunc(e.facts[r.pred], func(v quad.Value) bool { return iri(v) == ent }) {
					roles |= 1 << i
				}
			}
			k := idKey(idKey(nil, ent, entEntityPrefix), evIRI, entEventPrefix)
			f.reports[string(k)] = encodeReport(*row, pub, roles)
		}
	}
	// Articles: the ones that mention an entity and the one it published.
	add := func(ent, art string, how byte) {
		k := string(articleKey(ent, published[art], art))
		v, ok := f.articles[k]
		if !ok {
			v = optID([]byte{0}, publisher[art])
		}
		v[0] |= how
		f.articles[k] = v
	}
	var kept []uint64 // the entities of one article's pairs
	var types []byte
	for _, art := range mentionOrder {
		ents := slices.Compact(slices.Sorted(slices.Values(mentions[art])))
		kept, types = kept[:0], types[:0]
		for _, e := range ents {
			add(e, art, ArticleMentions)
			id := f.batch.id(idKey(nil, e, entEntityPrefix))
			f.batch.counts[id] += f.sign
			// Pairs of the entities related may list: not dates.
			if strings.HasPrefix(e, entEntityPrefix) && entType[e] != "Date" {
				kept = append(kept, uint64(id))
				types = append(types, pairTypeCode(entType[e]))
			}
		}
		for i, a := range kept {
			for j, b := range kept {
				if i == j {
					continue
				}
				d := f.batch.pairs[a<<32|b]
				if d == nil {
					d = &pairDelta{}
					f.batch.pairs[a<<32|b] = d
				}
				d.n += f.sign
				if f.sign > 0 && types[j] != 0 {
					d.typ = types[j]
				}
			}
		}
	}
	for art, pub := range publisher {
		if pub != "" {
			add(pub, art, ArticlePublishes)
		}
	}
	return f
}

// rowFromFacts builds an event's index row from its facts, for a graph
// written before the rows (the graph path's reportFacts does the same).
func rowFromFacts(facts map[quad.IRI][]quad.Value) *schema.EventRow {
	first := func(p quad.IRI) quad.Value {
		if vs := facts[p]; len(vs) > 0 {
			return vs[0]
		}
		return nil
	}
	iri := func(v quad.Value) string { s, _ := v.(quad.IRI); return string(s) }
	row := &schema.EventRow{Date: entText(first(schema.EventDate)), Status: entText(first(schema.Status))}
	if t, ok := first(schema.EventType).(quad.IRI); ok {
		row.Type = strings.TrimPrefix(string(t), schema.NS+"event/")
	}
	if b, ok := first(schema.Negated).(quad.Bool); ok {
		row.Negated = bool(b)
	}
	row.Actor, row.Country, row.Article = iri(first(schema.Actor)), iri(first(schema.InCountry)), iri(first(schema.ReportedIn))
	for _, b := range facts[schema.AtBase] {
		row.Bases = append(row.Bases, iri(b))
	}
	for _, p := range facts[schema.AtPlace] {
		row.Places = append(row.Places, iri(p))
	}
	return row
}

// entText is a literal's text, as the queries read it.
func entText(v quad.Value) string {
	switch v := v.(type) {
	case quad.String:
		return string(v)
	case quad.IRI:
		return string(v)
	case nil:
		return ""
	}
	return fmt.Sprint(v.Native())
}

// keyChange is one key's value before and after a batch.
type keyChange struct {
	old, new []byte
}

func (entityIndexer) IndexChanges(ctx context.Context, w SideWriter, changes []GraphChange) error {
	if err := indexSources(ctx, w, changes); err != nil {
		return err
	}
	if err := indexTypes(ctx, w, changes); err != nil {
		return err
	}
	if err := indexNames(ctx, w, changes); err != nil {
		return err
	}
	keys := map[string]map[string]*keyChange{entReports: {}, entArticles: {}}
	batch := newEntityCounts()
	// An article's entries are keyed by its own ids: a key's stored value
	// is what the first change of the batch that touches it had as Old.
	note := func(bucket string, kv map[string][]byte, old bool) {
		m := keys[bucket]
		for k, v := range kv {
			c, ok := m[k]
			if !ok {
				c = &keyChange{}
				if old {
					c.old = v
				}
				m[k] = c
			}
			if old {
				c.new = nil
			} else {
				c.new = v
			}
		}
	}
	for _, ch := range changes {
		if l, ok := ch.Label.(quad.IRI); !ok || !strings.HasPrefix(string(l), entArticlePrefix) {
			continue
		}
		for i, qs := range [][]quad.Quad{ch.Old, ch.New} {
			sign := 1
			if i == 0 {
				sign = -1
			}
			f := factsOf(qs, sign, batch)
			note(entReports, f.reports, i == 0)
			note(entArticles, f.articles, i == 0)
		}
	}
	if err := indexPublisherArticles(ctx, w, keys[entArticles]); err != nil {
		return err
	}
	for _, bucket := range []string{entReports, entArticles} {
		for _, k := range slices.Sorted(maps.Keys(keys[bucket])) {
			c := keys[bucket][k]
			if bytes.Equal(c.old, c.new) {
				continue
			}
			if err := w.SidePut(ctx, bucket, []byte(k), c.new); err != nil {
				return err
			}
		}
	}
	counts, pairs := batch.changes()
	for _, c := range counts {
		if err := addCount(ctx, w, entCounts, []byte(c.key), c.d.n, 0); err != nil {
			return err
		}
	}
	for _, c := range pairs {
		if err := addCount(ctx, w, entPairs, []byte(c.key), c.d.n, c.d.typ); err != nil {
			return err
		}
	}
	return nil
}

// addCounts adds each nonzero delta of counts to its key's count in
// bucket, in key order.
func addCounts(ctx context.Context, w SideWriter, bucket string, counts map[string]int) error {
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		if counts[k] == 0 {
			continue
		}
		if err := addCount(ctx, w, bucket, []byte(k), counts[k], 0); err != nil {
			return err
		}
	}
	return nil
}

// addCount adds delta to a count key (a uvarint, then for pairs a type
// byte); a count that falls to zero deletes the key.
func addCount(ctx context.Context, w SideWriter, bucket string, key []byte, delta int, typ byte) error {
	v, err := w.SideGet(ctx, bucket, key)
	if err != nil {
		return err
	}
	n, typOld := decodeCount(v)
	if typ == 0 {
		typ = typOld
	}
	n += delta
	if n < 0 {
		return fmt.Errorf("entity index: count of %s key %x falls below zero", bucket, key)
	}
	if n == 0 {
		return w.SidePut(ctx, bucket, key, nil)
	}
	out := binary.AppendUvarint(nil, uint64(n))
	if bucket == entPairs {
		out = append(out, typ)
	}
	return w.SidePut(ctx, bucket, key, out)
}

func decodeCount(v []byte) (int, byte) {
	n, k := binary.Uvarint(v)
	if k <= 0 {
		return 0, 0
	}
	var typ byte
	if len(v) > k {
		typ = v[k]
	}
	return int(n), typ
}

// EntityReports calls fn with each event report entity takes part in,
// in event order, until fn returns false.
func EntityReports(ctx context.Context, r SideReader, entity quad.IRI, fn func(EntityReport) bool) error {
	var derr error
	err := r.SideScan(ctx, entReports, idKey(nil, string(entity), entEntityPrefix), nil, func(k, v []byte) bool {
		rep, err := decodeReport(k, v)
		if err != nil {
			derr = err
			return false
		}
		return fn(rep)
	})
	if err != nil {
		return err
	}
	return derr
}

// EntityArticles calls fn with each article that mentions entity or that
// it published, newest first (then by article id), until fn returns
// false.
func EntityArticles(ctx context.Context, r SideReader, entity quad.IRI, fn func(EntityArticle) bool) error {
	var derr error
	err := r.SideScan(ctx, entArticles, idKey(nil, string(entity), entEntityPrefix), nil, func(k, v []byte) bool {
		a, err := decodeArticle(k, v)
		if err != nil {
			derr = err
			return false
		}
		return fn(a)
	})
	if err != nil {
		return err
	}
	return derr
}

// EntityArticleHow says how an article involves an entity (0: not at
// all), given the article's publication date: one key read.
func EntityArticleHow(ctx context.Context, r SideReader, entity quad.IRI, published string, article quad.IRI) (int, error) {
	v, err := r.SideGet(ctx, entArticles, articleKey(string(entity), published, string(article)))
	if err != nil || len(v) == 0 {
		return 0, err
	}
	return int(v[0]), nil
}

// EntityMentionCount is how many articles mention entity.
func EntityMentionCount(ctx context.Context, r SideReader, entity quad.IRI) (int, error) {
	v, err := r.SideGet(ctx, entCounts, idKey(nil, string(entity), entEntityPrefix))
	n, _ := decodeCount(v)
	return n, err
}

// EntityPair is an entity mentioned with another, in Articles articles.
// Type is its type as the articles state it ("" when they state none).
type EntityPair struct {
	Other    quad.IRI
	Articles int
	Type     string
}

// EntityPairs calls fn with each entity (dates aside) mentioned in the
// same articles as entity, in key order, until fn returns false.
func EntityPairs(ctx context.Context, r SideReader, entity quad.IRI, fn func(EntityPair) bool) error {
	var derr error
	err := r.SideScan(ctx, entPairs, idKey(nil, string(entity), entEntityPrefix), nil, func(k, v []byte) bool {
		_, rest, err := readID(k, entEntityPrefix)
		if err == nil {
			var other string
			if other, _, err = readID(rest, entEntityPrefix); err == nil {
				n, typ := decodeCount(v)
				t := ""
				if int(typ) < len(pairTypes) {
					t = pairTypes[typ]
				}
				return fn(EntityPair{Other: quad.IRI(other), Articles: n, Type: t})
			}
		}
		derr = err
		return false
	})
	if err != nil {
		return err
	}
	return derr
}
