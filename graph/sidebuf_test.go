package graph

import (
	"context"
	"slices"
	"testing"
)

// TestBufferedSideScan checks that a scan through a bulk write's buffer
// sees the buffer over the store: buffered keys added, replaced and
// deleted, in key order, from a start key, and stopping when told.
func TestBufferedSideScan(t *testing.T) {
	ctx := context.Background()
	base := newMemSide()
	for _, k := range []string{"a1", "a3", "a5", "b1"} {
		if err := base.SidePut(ctx, "x", []byte(k), []byte("stored-"+k)); err != nil {
			t.Fatal(err)
		}
	}
	buf := newSideBuffer(1 << 20)
	w := buf.writer(base)
	puts := []struct{ key, val string }{
		{"a2", "new-a2"}, {"a3", "new-a3"}, {"a5", ""}, {"a6", "new-a6"}, {"c1", "new-c1"},
	}
	for _, p := range puts {
		if err := w.SidePut(ctx, "x", []byte(p.key), []byte(p.val)); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name         string
		prefix, from string
		stopAfter    int
		want         []string
	}{
		{"all of a", "a", "", 0, []string{"a1=stored-a1", "a2=new-a2", "a3=new-a3", "a6=new-a6"}},
		{"from a3", "a", "a3", 0, []string{"a3=new-a3", "a6=new-a6"}},
		{"from a4", "a", "a4", 0, []string{"a6=new-a6"}},
		{"stop after two", "a", "", 2, []string{"a1=stored-a1", "a2=new-a2"}},
		{"stored only", "b", "", 0, []string{"b1=stored-b1"}},
		{"buffered only", "c", "", 0, []string{"c1=new-c1"}},
		{"whole bucket", "", "", 0, []string{"a1=stored-a1", "a2=new-a2", "a3=new-a3", "a6=new-a6", "b1=stored-b1", "c1=new-c1"}},
		{"nothing", "d", "", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			err := w.SideScan(ctx, "x", []byte(tt.prefix), []byte(tt.from), func(k, v []byte) bool {
				got = append(got, string(k)+"="+string(v))
				return tt.stopAfter == 0 || len(got) < tt.stopAfter
			})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("scan %q from %q = %v, want %v", tt.prefix, tt.from, got, tt.want)
			}
		})
	}
	if v, _ := w.SideGet(ctx, "x", []byte("a5")); v != nil {
		t.Fatalf("a deleted key reads %q", v)
	}
	if v, _ := w.SideGet(ctx, "x", []byte("a1")); string(v) != "stored-a1" {
		t.Fatalf("a stored key reads %q", v)
	}
}

// TestSideBufferRollback checks that a failed batch leaves the buffer as
// the last committed one left it, and that a flush empties it only once
// its transaction commits.
func TestSideBufferRollback(t *testing.T) {
	ctx := context.Background()
	base := newMemSide()
	buf := newSideBuffer(1 << 20)
	w := buf.writer(base)
	put := func(k, v string) {
		if err := w.SidePut(ctx, "x", []byte(k), []byte(v)); err != nil {
			t.Fatal(err)
		}
	}
	put("k1", "one")
	put("k2", "two")
	buf.committed()
	committedBytes := buf.size()
	put("k1", "changed")
	put("k2", "")
	put("k3", "three")
	buf.rolledBack()
	for k, want := range map[string]string{"k1": "one", "k2": "two", "k3": ""} {
		v, err := w.SideGet(ctx, "x", []byte(k))
		if err != nil {
			t.Fatal(err)
		}
		if string(v) != want {
			t.Fatalf("after a rollback %s = %q, want %q", k, v, want)
		}
	}
	if buf.size() != committedBytes {
		t.Fatalf("after a rollback the buffer counts %d bytes, want %d", buf.size(), committedBytes)
	}
}
