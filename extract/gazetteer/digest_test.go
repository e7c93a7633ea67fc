package gazetteer

import (
	"os"
	"path/filepath"
	"testing"
)

// TestDigestFollowsContent: the digest is the same for the same files in
// any folder and changes with one byte of a user file, size kept.
func TestDigestFollowsContent(t *testing.T) {
	const entry = "Camp Quillon\tNE\tQuillon base\tUS\tarmy base\t14.1\t8.2\n"
	write := func(dir, data string) string {
		t.Helper()
		path := filepath.Join(dir, "bases-local.tsv")
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	builtin := load(t).Digest
	a := load(t, write(t.TempDir(), entry)).Digest
	b := load(t, write(t.TempDir(), entry)).Digest
	edited := "Camp Quillox\tNE\tQuillox base\tUS\tarmy base\t14.1\t8.2\n"
	if len(edited) != len(entry) {
		t.Fatal("the edit must keep the size")
	}
	c := load(t, write(t.TempDir(), edited)).Digest
	for _, tt := range []struct {
		name string
		same bool
		x, y string
	}{
		{"same file in two folders", true, a, b},
		{"a user file added", false, builtin, a},
		{"one byte changed, size kept", false, a, c},
		{"built-in lists loaded twice", true, builtin, load(t).Digest},
	} {
		if (tt.x == tt.y) != tt.same {
			t.Errorf("%s: %s vs %s, want same=%v", tt.name, tt.x, tt.y, tt.same)
		}
	}
}
