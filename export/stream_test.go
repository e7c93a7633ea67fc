package export

import (
	"bytes"
	"context"
	"testing"
)

// TestStreamedModelMatchesSorted: csv and graphml built subject by subject
// are byte-identical to the same formats built from all quads sorted in
// memory, the way they were built before streaming.
func TestStreamedModelMatchesSorted(t *testing.T) {
	ctx := context.Background()
	s := store(t)
	qs, err := s.AllQuads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		format string
		write  func(*bytes.Buffer, *model) error
	}{
		{CSV, func(b *bytes.Buffer, m *model) error { return writeCSV(b, m) }},
		{GraphML, func(b *bytes.Buffer, m *model) error { return writeGraphML(b, m) }},
	} {
		var want, got bytes.Buffer
		if err := c.write(&want, newModel(qs)); err != nil {
			t.Fatal(err)
		}
		if err := Graph(ctx, &got, s, c.format); err != nil {
			t.Fatal(err)
		}
		if want.Len() < 1000 || !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%s: streamed export (%d bytes) differs from the in-memory one (%d bytes)", c.format, got.Len(), want.Len())
		}
	}
}
