package graph

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strconv"
)

// A cell's stored tallies (bucketCell's values) are binary, so that a
// write that touches a cell merges its change into the stored bytes in
// one pass, without building maps of every publisher, date and actor the
// cell ever counted: a much-reported base's cells count thousands, and
// decoding and re-encoding them as JSON was most of the summaries' cost.
//
// Layout: for each tally of the cellState (asserted, negated, all), a
// varint of events, a varint of articles, then its publishers, dates and
// actors, each as a uvarint number of entries and the entries in
// ascending byte order of their keys, each a uvarint key length, the key
// and a varint count. Entries of count zero are left out, so the bytes
// are a function of the tallies alone (a rebuild writes the same).

// countList is one tally map in the stored encoding.
type countList struct {
	n   int
	raw []byte // n entries
}

// tallyView is a stored tally, its maps left encoded.
type tallyView struct {
	events, articles int64
	lists            [3]countList // publishers, dates, actors
	raw              []byte       // the whole tally
}

// cellView is a stored cellState.
type cellView [3]tallyView

// tallyMaps are a tally's maps, in the encoding's order.
func tallyMaps(t *tally) [3]map[string]int64 {
	return [3]map[string]int64{t.Publishers, t.Dates, t.Actors}
}

// parseCellView reads a stored cell (nil: an empty one). The view's
// lists alias b.
func parseCellView(b []byte) (cellView, error) {
	var v cellView
	if len(b) == 0 {
		return v, nil
	}
	errTrunc := fmt.Errorf("truncated summary cell")
	for i := range v {
		t := &v[i]
		whole := b
		var k int
		if t.events, k = binary.Varint(b); k <= 0 {
			return v, errTrunc
		}
		b = b[k:]
		if t.articles, k = binary.Varint(b); k <= 0 {
			return v, errTrunc
		}
		b = b[k:]
		for j := range t.lists {
			n, k := binary.Uvarint(b)
			if k <= 0 || n > uint64(len(b)) {
				return v, errTrunc
			}
			b = b[k:]
			start := b
			for range n {
				if _, _, b, k = nextEntry(b); k < 0 {
					return v, errTrunc
				}
			}
			t.lists[j] = countList{n: int(n), raw: start[:len(start)-len(b)]}
		}
		t.raw = whole[:len(whole)-len(b)]
	}
	if len(b) != 0 {
		return v, fmt.Errorf("summary cell: %d bytes past its end", len(b))
	}
	return v, nil
}

// nextEntry reads one entry of a countList; k is negative when b is
// truncated.
func nextEntry(b []byte) (key []byte, n int64, rest []byte, k int) {
	l, k := binary.Uvarint(b)
	if k <= 0 || uint64(len(b)-k) < l {
		return nil, 0, nil, -1
	}
	key = b[k : k+int(l)]
	b = b[k+int(l):]
	n, k = binary.Varint(b)
	if k <= 0 {
		return nil, 0, nil, -1
	}
	return key, n, b[k:], 0
}

// each calls fn with each entry of l, in key order.
func (l countList) each(fn func(key []byte, n int64)) {
	b := l.raw
	for range l.n {
		key, n, rest, _ := nextEntry(b)
		fn(key, n)
		b = rest
	}
}

// appendEntry appends one entry of a countList.
func appendEntry(dst []byte, key []byte, n int64) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(key)))
	dst = append(dst, key...)
	return binary.AppendVarint(dst, n)
}

// mergeCell encodes the cell v plus d (nil: v as it is), or returns nil
// when the sum is empty. scratch is reused between calls.
func mergeCell(v *cellView, d *cellState, scratch *[]byte) []byte {
	var out []byte
	nonEmpty := false
	for i := range v {
		t := &v[i]
		var dt tally
		if d != nil {
			dt = d[i]
		}
		events, articles := t.events+dt.Events, t.articles+dt.Articles
		if events != 0 || articles != 0 {
			nonEmpty = true
		}
		out = binary.AppendVarint(out, events)
		out = binary.AppendVarint(out, articles)
		for j, m := range tallyMaps(&dt) {
			var n int
			*scratch, n = mergeList((*scratch)[:0], t.lists[j], m)
			if n > 0 {
				nonEmpty = true
			}
			out = binary.AppendUvarint(out, uint64(n))
			out = append(out, *scratch...)
		}
	}
	if !nonEmpty {
		return nil
	}
	return out
}

// mergeList appends the entries of l plus the counts of m, in key order
// and without zeros, and returns how many it appended.
func mergeList(dst []byte, l countList, m map[string]int64) ([]byte, int) {
	// A change touches a few keys of a list: sorted on the stack.
	var buf [16]string
	keys := buf[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	n := 0
	b := l.raw
	for range l.n {
		key, c, rest, _ := nextEntry(b)
		b = rest
		for len(keys) > 0 && keys[0] < string(key) {
			if c := m[keys[0]]; c != 0 {
				dst = appendEntry(dst, []byte(keys[0]), c)
				n++
			}
			keys = keys[1:]
		}
		if len(keys) > 0 && keys[0] == string(key) {
			c += m[keys[0]]
			keys = keys[1:]
		}
		if c != 0 {
			dst = appendEntry(dst, key, c)
			n++
		}
	}
	for _, k := range keys {
		if c := m[k]; c != 0 {
			dst = appendEntry(dst, []byte(k), c)
			n++
		}
	}
	return dst, n
}

// sameRowOf reports whether two cells have the same row for a negation
// choice without making the rows: they do when the choice's tally and
// the count of negated events are the same.
func sameRowOf(a, b *cellView, neg int) bool {
	return a[1].events == b[1].events && bytes.Equal(a[neg].raw, b[neg].raw)
}

// rowOfView is rowOf of a stored cell: the row of its tallies for one
// negation choice, or false when the choice has no events there.
func rowOfView(base string, v *cellView, neg int) (BaseSummary, bool) {
	t := &v[neg]
	if t.events == 0 {
		return BaseSummary{}, false
	}
	row := BaseSummary{Base: base, Events: t.events, Articles: t.articles, Publishers: int64(t.lists[0].n), Negated: v[1].events}
	if dates := t.lists[1]; dates.n > 0 {
		var first, last []byte
		dates.each(func(key []byte, _ int64) {
			if first == nil {
				first = key
			}
			last = key
		})
		row.First, row.Last = string(first), string(last)
	}
	// The most events first, then by actor: a selection of the first
	// MaxRowActors, without sorting every actor.
	type actor struct {
		key []byte
		n   int64
	}
	var top []actor
	before := func(a, b actor) bool { return a.n > b.n || a.n == b.n && bytes.Compare(a.key, b.key) < 0 }
	t.lists[2].each(func(key []byte, n int64) {
		a := actor{key, n}
		if len(top) == MaxRowActors && !before(a, top[len(top)-1]) {
			return
		}
		i := len(top)
		for i > 0 && before(a, top[i-1]) {
			i--
		}
		if len(top) < MaxRowActors {
			top = append(top, actor{})
		}
		copy(top[i+1:], top[i:len(top)-1])
		top[i] = a
	})
	for _, a := range top {
		row.Actors = append(row.Actors, ActorCount{string(a.key), a.n})
	}
	return row, true
}

// rowJSON is json.Marshal of a row, byte for byte, without reflection:
// the writer encodes a row every time a cell's counts change. Rows whose
// text or coordinates need more than the plain form (escapes, exponents)
// go through json.Marshal.
func rowJSON(r BaseRow) []byte {
	b := make([]byte, 0, 128+len(r.Base)+len(r.Name)+len(r.Country)+len(r.Actors)*48)
	ok := true
	// key starts a field: a separator (none at the start of an object), then
	// the quoted name and a colon.
	key := func(name string) {
		if c := b[len(b)-1]; c != '{' {
			b = append(b, ',')
		}
		b = append(append(append(b, '"'), name...), '"', ':')
	}
	str := func(name, s string) {
		key(name)
		for i := range len(s) {
			if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
				ok = false
			}
		}
		b = append(append(append(b, '"'), s...), '"')
	}
	num := func(name string, n int64) {
		key(name)
		b = strconv.AppendInt(b, n, 10)
	}
	float := func(name string, f float64) {
		if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) || math.IsNaN(f) {
			ok = false
			return
		}
		key(name)
		b = strconv.AppendFloat(b, f, 'f', -1, 64)
	}
	b = append(b, '{')
	str("b", r.Base)
	num("e", r.Events)
	num("a", r.Articles)
	num("p", r.Publishers)
	if r.First != "" {
		str("f", r.First)
	}
	if r.Last != "" {
		str("l", r.Last)
	}
	if len(r.Actors) > 0 {
		key("x")
		b = append(b, '[')
		for i, a := range r.Actors {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '{')
			str("a", a.Actor)
			num("n", a.Events)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if r.Negated != 0 {
		num("n", r.Negated)
	}
	if r.Name != "" {
		str("nm", r.Name)
	}
	if r.Country != "" {
		str("c", r.Country)
	}
	if r.Lat != nil {
		float("la", *r.Lat)
	}
	if r.Lon != nil {
		float("lo", *r.Lon)
	}
	if !ok {
		return mustJSONBytes(r)
	}
	return append(b, '}')
}
