package export

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"
	"github.com/piprate/json-gold/ld"
)

// maxImportErrorText bounds the text of a parser's error: Cayley's N-Quads
// reader quotes the whole offending line, however long.
const maxImportErrorText = 256

// readJSONLD parses a JSON-LD document into quads. json-gold panics on
// some malformed documents (`{"":5}`: a term that is not a string), which
// must fail the import, not crash the command. Cayley's reader is not used:
// it gives json-gold its default document loader, which fetches any
// @context named by a URL over the network (a file being imported could
// make newsgraph request any address); here every remote document is
// refused. newsgraph's own exports carry their context inline.
func readJSONLD(r io.Reader) (rd quad.ReadCloser, err error) {
	defer func() {
		if p := recover(); p != nil {
			rd, err = nil, fmt.Errorf("malformed JSON-LD document: %v", p)
		}
	}()
	var doc any
	if err := json.NewDecoder(r).Decode(&doc); err != nil {
		return nil, &shortError{fmt.Errorf("malformed JSON-LD document: %w", err)}
	}
	opts := ld.NewJsonLdOptions("")
	loader := &noRemoteDocuments{}
	opts.DocumentLoader = loader
	data, err := ld.NewJsonLdProcessor().ToRDF(doc, opts)
	if err != nil && loader.refused != "" {
		// json-gold keeps only the text of the loader's error.
		return nil, &shortError{fmt.Errorf("read JSON-LD: %w: %s", ErrRemoteContext, loader.refused)}
	}
	if err != nil {
		return nil, &shortError{fmt.Errorf("read JSON-LD: %w", err)}
	}
	ds, ok := data.(*ld.RDFDataset)
	if !ok {
		return nil, fmt.Errorf("read JSON-LD: unexpected result %T", data)
	}
	return &ldReader{graphs: ds.Graphs}, nil
}

// ErrRemoteContext is returned when a JSON-LD document being imported
// names a remote document (a @context by URL): imports never fetch.
var ErrRemoteContext = errors.New("remote JSON-LD documents are not loaded")

// noRemoteDocuments is a json-gold document loader that loads nothing
// and remembers the first URL it was asked for.
type noRemoteDocuments struct{ refused string }

func (l *noRemoteDocuments) LoadDocument(u string) (*ld.RemoteDocument, error) {
	if l.refused == "" {
		l.refused = u
	}
	return nil, fmt.Errorf("%w: %s", ErrRemoteContext, u)
}

// ldReader yields the quads of a JSON-LD dataset, graph by graph, as
// Cayley's JSON-LD reader does (the same values for the same terms).
type ldReader struct {
	graphs map[string][]*ld.Quad
	names  []string
	name   int
	n      int
}

func (r *ldReader) ReadQuad() (quad.Quad, error) {
	if r.names == nil {
		r.names = make([]string, 0, len(r.graphs))
		for g := range r.graphs {
			r.names = append(r.names, g)
		}
		slices.Sort(r.names)
	}
	for r.name < len(r.names) && r.n >= len(r.graphs[r.names[r.name]]) {
		r.name++
		r.n = 0
	}
	if r.name >= len(r.names) {
		return quad.Quad{}, io.EOF
	}
	name := r.names[r.name]
	cur := r.graphs[name][r.n]
	r.n++
	var label quad.Value
	if name != "@default" {
		label = quad.IRI(name)
	}
	return quad.Quad{
		Subject:   ldValue(cur.Subject),
		Predicate: ldValue(cur.Predicate),
		Object:    ldValue(cur.Object),
		Label:     label,
	}, nil
}

func (r *ldReader) Close() error {
	r.graphs = nil
	return nil
}

// xsdString is the datatype a plain string literal carries in JSON-LD.
const xsdString = "http://www.w3.org/2001/XMLSchema#string"

// ldValue turns a json-gold term into a quad value the way Cayley's
// JSON-LD reader does: typed literals are parsed to native values where
// quad knows their type. It panics on a nil term (json-gold leaves one
// for some malformed input), which guardedReader recovers.
func ldValue(t ld.Node) quad.Value {
	switch t := t.(type) {
	case *ld.IRI:
		return quad.IRI(t.Value)
	case *ld.BlankNode:
		return quad.BNode(t.Attribute)
	case *ld.Literal:
		switch {
		case t.Language != "":
			return quad.LangString{Value: quad.String(t.Value), Lang: t.Language}
		case t.Datatype != "" && t.Datatype != xsdString:
			ts := quad.TypedString{Value: quad.String(t.Value), Type: quad.IRI(t.Datatype)}
			if v, err := ts.ParseValue(); err == nil {
				return v
			}
			return ts
		}
		return quad.String(t.Value)
	}
	panic(fmt.Errorf("unexpected term type: %T", t))
}

// guardedReader makes a quad reader's failures errors of bounded size:
// its errors are shortened to maxImportErrorText (and stay unwrappable;
// io.EOF passes through untouched), and its panics are recovered. Cayley's
// JSON-LD reader panics on a term json-gold left empty ("unexpected term
// type: <nil>").
type guardedReader struct {
	quad.ReadCloser
	// nquadsOnly refuses quads N-Quads cannot write back: JSON-LD takes
	// IRIs with spaces, control characters and invalid UTF-8, and a graph
	// holding one exports N-Quads that cannot be imported again, or that
	// import as other quads.
	nquadsOnly bool
}

func (r guardedReader) ReadQuad() (q quad.Quad, err error) {
	defer func() {
		if p := recover(); p != nil {
			q, err = quad.Quad{}, &shortError{fmt.Errorf("malformed document: %v", p)}
		}
	}()
	q, err = r.ReadCloser.ReadQuad()
	if err != nil && !errors.Is(err, io.EOF) {
		return q, &shortError{err}
	}
	if err == nil && r.nquadsOnly {
		line := q.NQuad()
		back, perr := nquads.Parse(line)
		if perr != nil {
			return quad.Quad{}, &shortError{fmt.Errorf("not representable in N-Quads: %w", perr)}
		}
		if back.NQuad() != line {
			// An IRI with a space splits into other terms.
			return quad.Quad{}, &shortError{fmt.Errorf("not representable in N-Quads: %s reads back as %s", line, back.NQuad())}
		}
	}
	return q, err
}

type shortError struct{ err error }

func (e *shortError) Unwrap() error { return e.err }

func (e *shortError) Error() string {
	msg := e.err.Error()
	if len(msg) <= maxImportErrorText {
		return msg
	}
	cut := maxImportErrorText
	for cut > 0 && !utf8.RuneStart(msg[cut]) {
		cut--
	}
	return fmt.Sprintf("%s... (%d bytes more)", msg[:cut], len(msg)-cut)
}
