package export

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/schema"
)

// The JSON-LD export is written by hand, one named graph at a time, in
// the shape json-gold's compaction gave before (one object per named
// graph, {"@id": G, "@graph": [node objects]}, IRIs shortened by the
// prefixes of ldContext), but without json-gold on the way out: json-gold
// needs the whole dataset in memory (eight parallel exports of the
// 2,000-article corpus would hold eight copies), and its document loader
// fetches any @context given as a URL. The context here is inline, so a
// reader needs no network either.

// ldPrefixes are the terms of ldContext, longest IRI first, so the most
// specific prefix wins where one IRI starts another.
var ldPrefixes = func() []struct{ term, iri string } {
	var out []struct{ term, iri string }
	for t, v := range ldContext {
		out = append(out, struct{ term, iri string }{t, v})
	}
	slices.SortFunc(out, func(a, b struct{ term, iri string }) int {
		if c := len(b.iri) - len(a.iri); c != 0 {
			return c
		}
		return strings.Compare(a.term, b.term)
	})
	return out
}()

// compactIRI spells iri with a prefix of ldContext where JSON-LD expands
// the result back to iri: a suffix starting with "//" would be read as an
// absolute IRI of the scheme named like the prefix.
func compactIRI(iri string) string {
	for _, p := range ldPrefixes {
		if suf, ok := strings.CutPrefix(iri, p.iri); ok && !strings.HasPrefix(suf, "//") {
			return p.term + ":" + suf
		}
	}
	return iri
}

// expandIRI is what a JSON-LD processor reads s as under ldContext: a
// term followed by ":" is that term's IRI, except before "//".
func expandIRI(s string) string {
	pre, suf, ok := strings.Cut(s, ":")
	if !ok || pre == "" || strings.HasPrefix(suf, "//") {
		return s
	}
	if iri, ok := ldContext[pre]; ok {
		return iri + suf
	}
	return s
}

// ldWriter writes a JSON-LD document as it goes: the context, then named
// graphs and default-graph nodes, each handed to it whole.
type ldWriter struct {
	bw *bufio.Writer
	// items counts what is written into the top-level @graph, for commas.
	items int
	buf   []byte
}

func newLDWriter(w io.Writer) *ldWriter {
	return &ldWriter{bw: bufio.NewWriterSize(w, 64<<10)}
}

func (l *ldWriter) begin() error {
	ctx, err := json.Marshal(ldContext)
	if err != nil {
		return err
	}
	l.bw.WriteString(`{"@context":`)
	l.bw.Write(ctx)
	l.bw.WriteString(`,"@graph":[`)
	return nil
}

func (l *ldWriter) end() error {
	l.bw.WriteString("\n]}\n")
	return l.bw.Flush()
}

func (l *ldWriter) item() {
	if l.items > 0 {
		l.bw.WriteByte(',')
	}
	l.items++
	l.bw.WriteByte('\n')
}

// graph writes one named graph. qs are its quads, sorted by their N-Quads
// form and de-duplicated, so each subject's quads are adjacent.
func (l *ldWriter) graph(label quad.Value, qs []quad.Quad) {
	if len(qs) == 0 {
		return
	}
	l.item()
	compact := ldSafe(label)
	l.bw.WriteByte('{')
	if !compact {
		// An IRI the prefixes would misread (one whose scheme is named
		// like a prefix: "schema:x") is written whole under no context;
		// the graph's nodes inherit it.
		l.bw.WriteString(`"@context":null,`)
	}
	l.bw.WriteString(`"@id":`)
	l.writeString(l.id(label, compact))
	l.bw.WriteString(`,"@graph":[`)
	for i, n := range subjects(qs) {
		if i > 0 {
			l.bw.WriteByte(',')
		}
		l.node(n, compact)
	}
	l.bw.WriteString("]}")
}

// defaultNode writes the default-graph quads of one subject as a node
// object of the top-level @graph.
func (l *ldWriter) defaultNode(qs []quad.Quad) {
	if len(qs) == 0 {
		return
	}
	l.item()
	l.node(qs, true)
}

// subjects splits sorted quads into runs of one subject.
func subjects(qs []quad.Quad) [][]quad.Quad {
	var out [][]quad.Quad
	start := 0
	for i := 1; i <= len(qs); i++ {
		if i == len(qs) || qs[i].Subject.String() != qs[start].Subject.String() {
			out = append(out, qs[start:i])
			start = i
		}
	}
	return out
}

// node writes one subject's quads as a node object: "@id", "@type" for
// rdf:type IRIs (as JSON-LD's fromRdf does), then one key per predicate
// in the order of the quads. compact says the enclosing context is
// ldContext; a node holding an IRI the prefixes would misread resets it.
func (l *ldWriter) node(qs []quad.Quad, compact bool) {
	if compact {
		for _, q := range qs {
			if !ldSafe(q.Subject) || !ldSafe(q.Predicate) || !ldSafe(q.Object) {
				compact = false
				break
			}
		}
		if !compact {
			l.bw.WriteString(`{"@context":null,"@id":`)
		} else {
			l.bw.WriteString(`{"@id":`)
		}
	} else {
		l.bw.WriteString(`{"@id":`)
	}
	l.writeString(l.id(qs[0].Subject, compact))
	var types []quad.Quad
	type prop struct {
		key  string
		vals []quad.Value
	}
	var props []prop
	at := map[string]int{}
	for _, q := range qs {
		if q.Predicate == schema.Type {
			if _, ok := q.Object.(quad.IRI); ok {
				types = append(types, q)
				continue
			}
			if _, ok := q.Object.(quad.BNode); ok {
				types = append(types, q)
				continue
			}
		}
		k := l.id(q.Predicate, compact)
		i, ok := at[k]
		if !ok {
			i = len(props)
			at[k] = i
			props = append(props, prop{key: k})
		}
		props[i].vals = append(props[i].vals, q.Object)
	}
	if len(types) > 0 {
		l.bw.WriteString(`,"@type":`)
		if len(types) > 1 {
			l.bw.WriteByte('[')
		}
		for i, q := range types {
			if i > 0 {
				l.bw.WriteByte(',')
			}
			l.writeString(l.id(q.Object, compact))
		}
		if len(types) > 1 {
			l.bw.WriteByte(']')
		}
	}
	for _, p := range props {
		l.bw.WriteByte(',')
		l.writeString(p.key)
		l.bw.WriteByte(':')
		if len(p.vals) > 1 {
			l.bw.WriteByte('[')
		}
		for i, v := range p.vals {
			if i > 0 {
				l.bw.WriteByte(',')
			}
			l.value(v, compact)
		}
		if len(p.vals) > 1 {
			l.bw.WriteByte(']')
		}
	}
	l.bw.WriteByte('}')
}

// value writes an object: an IRI or blank node as {"@id": ...}, a plain
// string as itself, a language string as {"@value", "@language"}, and
// every other literal as {"@value", "@type"} with its datatype in full
// and its value in canonical form (canonicalLiteral), as JSON-LD's fromRdf
// does without native types.
func (l *ldWriter) value(v quad.Value, compact bool) {
	switch v := v.(type) {
	case quad.IRI, quad.BNode:
		l.bw.WriteString(`{"@id":`)
		l.writeString(l.id(v, compact))
		l.bw.WriteByte('}')
	case quad.String:
		l.writeString(string(v))
	case quad.LangString:
		l.bw.WriteString(`{"@value":`)
		l.writeString(string(v.Value))
		l.bw.WriteString(`,"@language":`)
		l.writeString(v.Lang)
		l.bw.WriteByte('}')
	default:
		t, ok := canonicalLiteral(v).(quad.TypedString)
		if !ok {
			// What Cayley's JSON-LD writer did with a value it has no
			// term for: its string form as a plain literal.
			l.writeString(v.String())
			return
		}
		l.bw.WriteString(`{"@value":`)
		l.writeString(string(t.Value))
		l.bw.WriteString(`,"@type":`)
		l.writeString(l.id(t.Type, compact))
		l.bw.WriteByte('}')
	}
}

// id spells an IRI or blank node as JSON-LD reads it back.
func (l *ldWriter) id(v quad.Value, compact bool) string {
	switch v := v.(type) {
	case quad.IRI:
		if compact {
			return compactIRI(string(v))
		}
		return string(v)
	case quad.BNode:
		return v.String()
	}
	return quad.StringOf(v)
}

// ldSafe reports whether ldContext reads v's IRIs back as they are: false
// for an IRI written in full that a prefix would expand (its scheme is
// named like a prefix), including a literal's datatype.
func ldSafe(v quad.Value) bool {
	var iri string
	switch v := v.(type) {
	case quad.IRI:
		iri = string(v)
	case quad.BNode, quad.String, quad.LangString, nil:
		return true
	default:
		t, ok := canonicalLiteral(v).(quad.TypedString)
		if !ok {
			return true
		}
		iri = string(t.Type)
	}
	return expandIRI(compactIRI(iri)) == iri
}

// writeString writes s as a JSON string. HTML characters stay as they are
// (the file is not embedded in a page); invalid UTF-8 becomes U+FFFD, as
// encoding/json writes it.
func (l *ldWriter) writeString(s string) {
	var err error
	l.buf, err = appendJSONString(l.buf[:0], s)
	if err != nil {
		// json.Marshal of a string cannot fail.
		panic(err)
	}
	l.bw.Write(l.buf)
}

func appendJSONString(dst []byte, s string) ([]byte, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return dst, err
	}
	return append(dst, b...), nil
}

// writeJSONLD writes quads held in memory (a query's articles) as
// JSON-LD, in the same shape as the streamed whole-graph export.
func writeJSONLD(w io.Writer, qs []quad.Quad) error {
	type line struct {
		label, text string
		q           quad.Quad
	}
	ls := make([]line, len(qs))
	for i, q := range qs {
		ls[i] = line{quad.StringOf(q.Label), q.NQuad(), q}
	}
	slices.SortFunc(ls, func(a, b line) int {
		if c := strings.Compare(a.label, b.label); c != 0 {
			return c
		}
		return strings.Compare(a.text, b.text)
	})
	ls = slices.CompactFunc(ls, func(a, b line) bool { return a.text == b.text })
	lw := newLDWriter(w)
	if err := lw.begin(); err != nil {
		return fmt.Errorf("write jsonld: %w", err)
	}
	for start := 0; start < len(ls); {
		end := start + 1
		for end < len(ls) && ls[end].label == ls[start].label {
			end++
		}
		group := make([]quad.Quad, 0, end-start)
		for _, l := range ls[start:end] {
			group = append(group, l.q)
		}
		if ls[start].q.Label == nil {
			for _, n := range subjects(group) {
				lw.defaultNode(n)
			}
		} else {
			lw.graph(ls[start].q.Label, group)
		}
		start = end
	}
	if err := lw.end(); err != nil {
		return fmt.Errorf("write jsonld: %w", err)
	}
	return nil
}

// streamJSONLD writes the whole graph as JSON-LD from one snapshot, one
// named graph (an article) at a time: one scan lists the graph names and
// the subjects of default-graph quads, then each graph's quads are read
// by the label index, sorted and written. Memory is those lists and one
// article's quads, where Cayley's writer held every quad and json-gold's
// copy of them.
func streamJSONLD(ctx context.Context, w io.Writer, s *graph.Store) error {
	lw := newLDWriter(w)
	err := s.View(ctx, func(snap *graph.Store) error {
		labels, defaults, err := scanLabels(ctx, snap)
		if err != nil {
			return err
		}
		if err := lw.begin(); err != nil {
			return err
		}
		// Default-graph quads first (a graph newsgraph writes has none; an
		// import may), subject by subject.
		err = walkSubjects(ctx, snap, defaults, func(qs []quad.Quad, _ []string) error {
			var own []quad.Quad
			for _, q := range qs {
				if q.Label == nil {
					own = append(own, q)
				}
			}
			lw.defaultNode(own)
			return nil
		})
		if err != nil {
			return err
		}
		for _, label := range labels {
			if err := ctx.Err(); err != nil {
				return err
			}
			qs, err := graphQuads(ctx, snap, label.v)
			if err != nil {
				return err
			}
			lw.graph(label.v, qs)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("export jsonld: %w", err)
	}
	if err := lw.end(); err != nil {
		return fmt.Errorf("write jsonld: %w", err)
	}
	return nil
}

// scanLabels lists, in one scan of a snapshot, the distinct graph names
// and the distinct subjects of quads in the default graph, each sorted by
// N-Quads form.
func scanLabels(ctx context.Context, snap *graph.Store) (labels, defaults []subjectRef, err error) {
	qs := snap.QuadStore()
	seenLabels, seenDefaults := map[string]quad.Value{}, map[string]quad.Value{}
	it := qs.QuadsAllIterator().Iterate()
	defer it.Close()
	for it.Next(ctx) {
		q, err := qs.Quad(it.Result())
		if err != nil {
			return nil, nil, err
		}
		if q.Label == nil {
			if k := q.Subject.String(); seenDefaults[k] == nil {
				seenDefaults[k] = q.Subject
			}
			continue
		}
		if graph.IsSummaryGraph(q.Label) {
			continue // derived state, no part of an export
		}
		if k := q.Label.String(); seenLabels[k] == nil {
			seenLabels[k] = q.Label
		}
	}
	if err := it.Err(); err != nil {
		return nil, nil, err
	}
	return sortedRefs(seenLabels), sortedRefs(seenDefaults), nil
}

func sortedRefs(m map[string]quad.Value) []subjectRef {
	refs := make([]subjectRef, 0, len(m))
	for k, v := range m {
		refs = append(refs, subjectRef{k, v})
	}
	slices.SortFunc(refs, func(a, b subjectRef) int { return strings.Compare(a.key, b.key) })
	return refs
}

// graphQuads reads one named graph's quads from the label index, sorted
// by their N-Quads form and de-duplicated.
func graphQuads(ctx context.Context, snap *graph.Store, label quad.Value) ([]quad.Quad, error) {
	qs := snap.QuadStore()
	ref, err := qs.ValueOf(label)
	if err != nil || ref == nil {
		return nil, err
	}
	type line struct {
		text string
		q    quad.Quad
	}
	var ls []line
	want := label.String()
	it := qs.QuadIterator(quad.Label, ref).Iterate()
	defer it.Close()
	for it.Next(ctx) {
		q, err := qs.Quad(it.Result())
		if err != nil {
			return nil, err
		}
		if q.Label == nil || q.Label.String() != want {
			continue
		}
		ls = append(ls, line{q.NQuad(), q})
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(ls, func(a, b line) int { return strings.Compare(a.text, b.text) })
	ls = slices.CompactFunc(ls, func(a, b line) bool { return a.text == b.text })
	out := make([]quad.Quad, len(ls))
	for i, l := range ls {
		out[i] = l.q
	}
	return out, nil
}
