package extract

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func identityOf(t *testing.T, cfg Config) string {
	t.Helper()
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return p.Identity()
}

// TestIdentity: pipelines built the same way have the same identity, on
// any run and from any folder; a changed gazetteer byte or component
// digest changes it.
func TestIdentity(t *testing.T) {
	const entry = "Camp Quillon\tNE\tQuillon base\tUS\tarmy base\t14.1\t8.2\n"
	userFile := func(data string) string {
		t.Helper()
		path := filepath.Join(t.TempDir(), "bases-local.tsv")
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	base := identityOf(t, Config{})
	withUser := identityOf(t, Config{Gazetteers: []string{userFile(entry)}})
	for _, tt := range []struct {
		name string
		cfg  Config
		want string // "" means: differs from withUser
	}{
		{"same user file in another folder", Config{Gazetteers: []string{userFile(entry)}}, withUser},
		{"one byte of the user file changed", Config{Gazetteers: []string{userFile(strings.Replace(entry, "Quillon", "Quillox", 2))}}, ""},
		{"a component added", Config{Gazetteers: []string{userFile(entry)}, Components: []Component{{"weights", "sha256:aa"}}}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := identityOf(t, tt.cfg)
			if tt.want != "" && got != tt.want {
				t.Errorf("identity %q, want %q", got, tt.want)
			}
			if tt.want == "" && got == withUser {
				t.Errorf("identity unchanged: %q", got)
			}
		})
	}
	if base == withUser {
		t.Errorf("a user gazetteer left the identity at %q", base)
	}
	if !strings.HasPrefix(base, "newsgraph-extract/") || identityOf(t, Config{}) != base {
		t.Errorf("identity %q: not stable or not named", base)
	}
	a := identityOf(t, Config{Components: []Component{{"weights", "sha256:aa"}, {"lexicon", "1"}}})
	b := identityOf(t, Config{Components: []Component{{"lexicon", "1"}, {"weights", "sha256:aa"}}})
	c := identityOf(t, Config{Components: []Component{{"lexicon", "1"}, {"weights", "sha256:ab"}}})
	if a != b || a == c {
		t.Errorf("components: %q, reordered %q, new weights %q; want the first two equal and the third not", a, b, c)
	}
	if _, err := New(Config{Components: []Component{{Name: "weights"}}}); err == nil {
		t.Error("a component without a digest was accepted")
	}
}

// TestRegisteredComponentJoinsIdentity: a built-in component (compiled-in
// model weights) changes every pipeline's identity.
func TestRegisteredComponentJoinsIdentity(t *testing.T) {
	before := identityOf(t, Config{})
	saved := builtinComponents
	t.Cleanup(func() { builtinComponents = saved })
	registerComponent(func() Component { return Component{"syntax weights", "sha256:0123"} })
	after := identityOf(t, Config{})
	if before == after || !strings.Contains(after, "syntax_weights/") {
		t.Errorf("identity %q after registering, %q before", after, before)
	}
}

func TestHashGoSources(t *testing.T) {
	const code = "package x\n\n// Rule says why.\nfunc f() int { return 1 }\n"
	digest := func(files map[string]string) string {
		fsys := fstest.MapFS{}
		for name, src := range files {
			fsys[name] = &fstest.MapFile{Data: []byte(src)}
		}
		h := sha256.New()
		if err := hashGoSources(h, "x", fsys); err != nil {
			t.Fatal(err)
		}
		return string(h.Sum(nil))
	}
	orig := digest(map[string]string{"a.go": code})
	for _, tt := range []struct {
		name  string
		files map[string]string
		same  bool
	}{
		{"comment reworded", map[string]string{"a.go": strings.Replace(code, "says why", "explains", 1)}, true},
		{"layout changed", map[string]string{"a.go": "package x\n// Rule says why.\nfunc f() int {\n\treturn 1\n}\n"}, true},
		{"test file added", map[string]string{"a.go": code, "a_test.go": "package x\nvar y = 2\n"}, true},
		{"constant changed", map[string]string{"a.go": strings.Replace(code, "return 1", "return 2", 1)}, false},
		{"file added", map[string]string{"a.go": code, "b.go": "package x\nvar y = 2\n"}, false},
		{"file renamed", map[string]string{"b.go": code}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := digest(tt.files); (got == orig) != tt.same {
				t.Errorf("same digest = %v, want %v", got == orig, tt.same)
			}
		})
	}
}

// TestIdentityCoversSubpackages: every package under extract/ holds rules
// or data the extraction runs on, so each must be hashed into the
// identity; a new one fails here until it is added to ruleSourceSets.
func TestIdentityCoversSubpackages(t *testing.T) {
	hashed := map[string]bool{}
	for _, set := range ruleSourceSets() {
		hashed[set.pkg] = true
	}
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() || path == "." {
			return err
		}
		if d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		code, _ := filepath.Glob(filepath.Join(path, "*.go"))
		for _, f := range code {
			if !strings.HasSuffix(f, "_test.go") && !hashed["extract/"+filepath.ToSlash(path)] {
				t.Errorf("extract/%s holds extraction code the identity does not hash", path)
				break
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
