package export

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph"
)

// streamNQuads writes the whole graph as sorted, de-duplicated N-Quads,
// byte for byte what graph.Store.Export writes, without holding the
// graph in memory: it lists the distinct subjects, sorts them, and writes
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
	err := s.View(ctx, func(snap *graph.Store) error {
		qs := snap.QuadStore()
		subjects := map[string]quad.Value{}
		it := qs.QuadsAllIterator().Iterate()
		for it.Next(ctx) {
			q, err := qs.Quad(it.Result())
			if err != nil {
				it.Close()
				return err
			}
			if k := q.Subject.String(); subjects[k] == nil {
				subjects[k] = q.Subject
			}
		}
		err := it.Err()
		it.Close()
		if err != nil {
			return err
		}
		keys := make([]string, 0, len(subjects))
		for k := range subjects {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var lines []string
		for _, k := range keys {
			if err := ctx.Err(); err != nil {
				return err
			}
			ref, err := qs.ValueOf(subjects[k])
			if err != nil {
				return err
			}
			if ref == nil {
				continue
			}
			lines = lines[:0]
			sit := qs.QuadIterator(quad.Subject, ref).Iterate()
			for sit.Next(ctx) {
				q, err := qs.Quad(sit.Result())
				if err != nil {
					sit.Close()
					return err
				}
				lines = append(lines, q.NQuad())
			}
			err = sit.Err()
			sit.Close()
			if err != nil {
				return err
			}
			slices.Sort(lines)
			for _, l := range slices.Compact(lines) {
				bw.WriteString(l)
				bw.WriteByte('\n')
			}
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
