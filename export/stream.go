package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/schema"
)

// streamNQuads writes the whole graph as sorted, de-duplicated N-Quads,
// the quads graph.Store.Export writes with their literals in canonical
// form (canonicalQuad), without holding the graph in memory: it lists the distinct subjects, sorts them, and writes
// each subject's quads in turn. Sorting lines by their subject first is
// sorting the lines: a subject's N-Quads form ends with ">" (an IRI) or is
// followed by a space, so no subject's form is a prefix that reorders
// them. Memory is the subject list plus one subject's quads; eight
// parallel exports of a 2,000-article graph needed 7 GB when each sorted
// all its lines.
//
// It reads inside one View, so the export is one version of the graph; w
// should be fast (a file, a buffered pipe), not a slow client.
func streamNQuads(ctx context.Context, w io.Writer, s *graph.Store) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var lines []string
	err := eachSubject(ctx, s, func(qs []quad.Quad, _ []string) error {
		// Canonical literals can sort differently from Cayley's spelling.
		lines = lines[:0]
		for _, q := range qs {
			lines = append(lines, canonicalQuad(q).NQuad())
		}
		slices.Sort(lines)
		lines = slices.Compact(lines)
		for _, l := range lines {
			bw.WriteString(l)
			bw.WriteByte('\n')
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("export nquads: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write nquads: %w", err)
	}
	return nil
}

// directory is what a streamed csv or graphml export needs to know about
// nodes other than the one it writes: their names and the articles'
// URLs, each the first value in N-Quads order (what model.str reads). It
// is read in the same scan that lists the subjects, and is a few strings
// per entity, not the graph.
type directory struct {
	names map[string]string
	urls  map[string]string
}

func (d *directory) name(k string) string { return d.names[k] }
func (d *directory) url(k string) string  { return d.urls[k] }

// firstValue keeps, per subject, the value of the quad whose N-Quads line
// sorts first: the value a node built from sorted lines reads first.
type firstValue map[string]struct{ line, value string }

func (f firstValue) see(q quad.Quad) {
	k := quad.StringOf(q.Subject)
	line := q.NQuad()
	if cur, ok := f[k]; ok && cur.line <= line {
		return
	}
	f[k] = struct{ line, value string }{line, valueString(q.Object)}
}

func (f firstValue) values() map[string]string {
	out := make(map[string]string, len(f))
	for k, v := range f {
		out[k] = v.value
	}
	return out
}

// subjectRef is one distinct subject: its N-Quads form (the sort key) and
// its value.
type subjectRef struct {
	key string
	v   quad.Value
}

// scanSubjects lists the distinct subjects of a snapshot, sorted by their
// N-Quads form, and with withDirectory also the directory, in one scan
// of the quads.
func scanSubjects(ctx context.Context, snap *graph.Store, withDirectory bool) ([]subjectRef, *directory, error) {
	qs := snap.QuadStore()
	subjects := map[string]quad.Value{}
	names, urls := firstValue{}, firstValue{}
	it := qs.QuadsAllIterator().Iterate()
	defer it.Close()
	for it.Next(ctx) {
		q, err := qs.Quad(it.Result())
		if err != nil {
			return nil, nil, err
		}
		// The summaries are derived state, no part of an export.
		if graph.IsSummaryGraph(q.Label) {
			continue
		}
		if k := q.Subject.String(); subjects[k] == nil {
			subjects[k] = q.Subject
		}
		if withDirectory {
			switch q.Predicate {
			case schema.Name:
				names.see(q)
			case schema.URL:
				urls.see(q)
			}
		}
	}
	if err := it.Err(); err != nil {
		return nil, nil, err
	}
	refs := make([]subjectRef, 0, len(subjects))
	for k, v := range subjects {
		refs = append(refs, subjectRef{k, v})
	}
	slices.SortFunc(refs, func(a, b subjectRef) int { return strings.Compare(a.key, b.key) })
	var dir *directory
	if withDirectory {
		dir = &directory{names: names.values(), urls: urls.values()}
	}
	return refs, dir, nil
}

// eachSubject calls fn with each subject's quads and their N-Quads lines,
// sorted by line and de-duplicated, subjects in the order of their lines.
// It reads inside one View, so the whole walk sees one version of the
// graph.
func eachSubject(ctx context.Context, s *graph.Store, fn func(qs []quad.Quad, lines []string) error) error {
	return s.View(ctx, func(snap *graph.Store) error {
		subjects, _, err := scanSubjects(ctx, snap, false)
		if err != nil {
			return err
		}
		return walkSubjects(ctx, snap, subjects, fn)
	})
}

// walkSubjects calls fn with each listed subject's quads and their
// N-Quads lines, sorted by line and de-duplicated, holding one subject's
// quads at a time.
func walkSubjects(ctx context.Context, snap *graph.Store, subjects []subjectRef, fn func(qs []quad.Quad, lines []string) error) error {
	qs := snap.QuadStore()
	type line struct {
		text string
		q    quad.Quad
	}
	var ls []line
	var quads []quad.Quad
	var texts []string
	for _, sub := range subjects {
		if err := ctx.Err(); err != nil {
			return err
		}
		ref, err := qs.ValueOf(sub.v)
		if err != nil {
			return err
		}
		if ref == nil {
			continue
		}
		ls = ls[:0]
		sit := qs.QuadIterator(quad.Subject, ref).Iterate()
		for sit.Next(ctx) {
			q, err := qs.Quad(sit.Result())
			if err != nil {
				sit.Close()
				return err
			}
			if !graph.IsSummaryGraph(q.Label) {
				ls = append(ls, line{q.NQuad(), q})
			}
		}
		err = sit.Err()
		sit.Close()
		if err != nil {
			return err
		}
		slices.SortFunc(ls, func(a, b line) int { return strings.Compare(a.text, b.text) })
		ls = slices.CompactFunc(ls, func(a, b line) bool { return a.text == b.text })
		quads, texts = quads[:0], texts[:0]
		for _, l := range ls {
			quads = append(quads, l.q)
			texts = append(texts, l.text)
		}
		if err := fn(quads, texts); err != nil {
			return err
		}
	}
	return nil
}

// nodeOf is the node of one subject's sorted quads.
func nodeOf(qs []quad.Quad) *node {
	if len(qs) == 0 {
		return nil
	}
	n := newNode(qs[0].Subject)
	for _, q := range qs {
		n.add(q)
	}
	return n
}

// streamCSV writes the graph CSV row by row as it walks the subjects of
// one snapshot: memory is the subject list, the directory and one
// subject's quads, where building the model held every node's
// properties (8 parallel exports of 2,000 articles passed 2.6 GB).
func streamCSV(ctx context.Context, w io.Writer, s *graph.Store) error {
	cw := newSafeWriter(csv.NewWriter(w))
	err := s.View(ctx, func(snap *graph.Store) error {
		subjects, dir, err := scanSubjects(ctx, snap, true)
		if err != nil {
			return err
		}
		if err := cw.Write(csvColumns); err != nil {
			return err
		}
		return walkSubjects(ctx, snap, subjects, func(qs []quad.Quad, _ []string) error {
			n := nodeOf(qs)
			if n == nil {
				return nil
			}
			row := csvRow(dir, n)
			if row == nil {
				return nil
			}
			return cw.Write(row)
		})
	})
	if err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// streamGraphML writes the GraphML in two walks over the subjects of one
// snapshot, nodes then edges. Between them it keeps no set of the nodes
// shown: a node is shown when it is a subject (the sorted subject list,
// searched) with an article, event or entity IRI (what kind reads), and
// an edge is drawn only to a shown node.
func streamGraphML(ctx context.Context, w io.Writer, s *graph.Store) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	err := s.View(ctx, func(snap *graph.Store) error {
		subjects, dir, err := scanSubjects(ctx, snap, true)
		if err != nil {
			return err
		}
		shown := func(key string) bool {
			if !shownIRI(key) {
				return false
			}
			_, ok := slices.BinarySearchFunc(subjects, key, func(r subjectRef, k string) int { return strings.Compare(r.key, k) })
			return ok
		}
		writeGraphMLHead(bw)
		err = walkSubjects(ctx, snap, subjects, func(qs []quad.Quad, _ []string) error {
			if n := nodeOf(qs); n != nil {
				writeGraphMLNode(bw, dir, n)
			}
			return nil
		})
		if err != nil {
			return err
		}
		e := 0
		err = walkSubjects(ctx, snap, subjects, func(qs []quad.Quad, _ []string) error {
			if n := nodeOf(qs); n != nil && shown(quad.StringOf(n.iri)) {
				e = writeGraphMLEdges(bw, n, shown, e)
			}
			return nil
		})
		if err != nil {
			return err
		}
		writeGraphMLTail(bw)
		return nil
	})
	if err != nil {
		return fmt.Errorf("export graphml: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write graphml: %w", err)
	}
	return nil
}

// shownIRI reports whether a value's N-Quads form is an IRI of the kinds
// kind names (article, event, entity): only an IRI's form starts with "<".
func shownIRI(key string) bool {
	if !strings.HasSuffix(key, ">") {
		return false
	}
	for _, p := range []string{"article/", "event/", "entity/"} {
		if strings.HasPrefix(key, "<"+schema.IDBase+p) {
			return true
		}
	}
	return false
}
