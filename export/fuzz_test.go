package export

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/graph"
)

// maxImportInput bounds a fuzzed import: parsing is linear, and a few
// kilobytes hold every construct of both formats.
const maxImportInput = 4 << 10

// maxImportError bounds an import error's message: it names the quad and
// the parser's reason, and must not echo a whole document back.
const maxImportError = 1 << 10

// nquadsSeeds are a few short N-Quads documents: IRIs, a blank node, plain,
// language-tagged and typed literals, a default and a named graph, a
// comment, and a broken line.
var nquadsSeeds = []string{
	"<https://w3id.org/newsgraph/id/a> <https://schema.org/name> \"Camp One\" <https://w3id.org/newsgraph/id/art1> .\n",
	"# comment\n<https://w3id.org/newsgraph/id/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/newsgraph/ns#MilitaryBase> .\n" +
		"_:b1 <https://schema.org/name> \"Base\"@en .\n",
	"<x> <y> \"2025-08-24\"^^<http://www.w3.org/2001/XMLSchema#date> <g> .\n<x> <y> \"a \\\"quoted\\\" \\u00e9 word\" .\n",
	"<x> <y> .\n",
}

// jsonldSeeds are a few short JSON-LD documents: a node with a context, a
// named graph, a value object with a language and a type, a list, and
// something that is JSON but not JSON-LD.
var jsonldSeeds = []string{
	`{"@context":{"name":"https://schema.org/name"},"@id":"https://w3id.org/newsgraph/id/a","name":"Camp One"}`,
	`{"@id":"https://w3id.org/newsgraph/id/art1","@graph":[{"@id":"_:b1","@type":"https://w3id.org/newsgraph/ns#MilitaryBase","https://schema.org/name":[{"@value":"Base","@language":"en"}]}]}`,
	`[{"@id":"x","https://schema.org/startDate":{"@value":"2025-08-24","@type":"http://www.w3.org/2001/XMLSchema#date"},"https://schema.org/about":{"@list":[{"@id":"y"},"z"]}}]`,
	`{"@context": 5}`,
}

func FuzzImportNQuads(f *testing.F) {
	fuzzImport(f, NQuads, nquadsSeeds)
}

func FuzzImportJSONLD(f *testing.F) {
	fuzzImport(f, JSONLD, jsonldSeeds)
}

// fuzzImport imports arbitrary input into an empty store. An import either
// fails with a short message, storing nothing, or succeeds; then the
// store's N-Quads export imported into another empty store exports the
// same bytes, and no more distinct quads are stored than were read.
func fuzzImport(f *testing.F, format string, seeds []string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxImportInput {
			t.Skip()
		}
		s := openMemory(t)
		n, err := Import(ctx, s, bytes.NewReader(data), format)
		if err != nil {
			if msg := err.Error(); len(msg) > maxImportError {
				t.Fatalf("import error of %d bytes: %.200s...", len(msg), msg)
			}
			if got := exportString(t, s); got != "" {
				t.Fatalf("a failed import stored quads:\n%s", got)
			}
			return
		}
		first := exportString(t, s)
		if lines := strings.Count(first, "\n"); lines > n {
			t.Fatalf("import read %d quads but the store holds %d", n, lines)
		}
		again := openMemory(t)
		if _, err := Import(ctx, again, strings.NewReader(first), NQuads); err != nil {
			t.Fatalf("re-importing the export: %v\n%s", err, first)
		}
		if second := exportString(t, again); second != first {
			t.Fatalf("export, import, export differs:\n%s\n---\n%s", first, second)
		}
	})
}

func openMemory(t *testing.T) *graph.Store {
	t.Helper()
	s, err := graph.Open(context.Background(), "memory")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func exportString(t *testing.T, s *graph.Store) string {
	t.Helper()
	var b bytes.Buffer
	if err := Graph(context.Background(), &b, s, NQuads); err != nil {
		t.Fatalf("export: %v", err)
	}
	return b.String()
}

// TestImportBadInput checks inputs the import fuzzers found: json-gold
// panicked on a term that is not a string, Cayley's JSON-LD reader on a
// term json-gold left empty; JSON-LD took IRIs with a control character
// or a space that the N-Quads export could not give back; and Cayley's
// N-Quads reader
// quoted a whole broken line in its error.
func TestImportBadInput(t *testing.T) {
	for _, c := range []struct {
		name, format, data, want string
	}{
		{"jsonld-number-term", JSONLD, `{"":5}`, "malformed JSON-LD"},
		{"jsonld-number-context-term", JSONLD, `{"@context":{"a":5},"a":1}`, ""},
		{"jsonld-empty-term", JSONLD, `[{"":"","e":{"@valu:":"2025-08-24","@type":"http://www.w3.org/2001/XMLSchema#date"},"https://schema.org/about":{"@list":[{"@id":"y"},"z"]}}]`, "malformed document"},
		{"jsonld-control-in-iri", JSONLD, "{\"@graph\":[{\"\":\"\",\"@type\":\"ttps://w3id.org/ne\x7fsgraph/ns#Milit\xb1ryBase\",\"https://schema.org/name\":\"Base\"}]}", "not representable in N-Quads"},
		{"jsonld-space-in-iri", JSONLD, "{\"@graph\":[{\"\":\"\",\"@type\":\"htt\xe1//w3id.org/ns Mil\x89taryBase\",\"https://schema.org/name\":\"Base\"}]}", "reads back as"},
		{"nquads-long-line", NQuads, "\xad\xad" + strings.Repeat("\x14", 6000), "failed to parse"},
		{"nquads-long-iri", NQuads, "<" + strings.Repeat("é", 3000) + "> <p> .\n", ""},
		{"nquads-second-line", NQuads, "<a> <b> <c> .\n<a> <b> .\n", "quad 2"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := openMemory(t)
			_, err := Import(context.Background(), s, strings.NewReader(c.data), c.format)
			if err == nil {
				t.Fatal("imported, want an error")
			}
			if !strings.Contains(err.Error(), c.want) || len(err.Error()) > maxImportError {
				t.Fatalf("error %.300q (%d bytes), want one saying %q in at most %d bytes", err, len(err.Error()), c.want, maxImportError)
			}
			if got := exportString(t, s); got != "" {
				t.Fatalf("a failed import stored:\n%s", got)
			}
		})
	}
}
