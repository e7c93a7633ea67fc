package export

import (
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/jsonld"
	"github.com/cayleygraph/quad/nquads"
)

// maxImportErrorText bounds the text of a parser's error: Cayley's N-Quads
// reader quotes the whole offending line, however long.
const maxImportErrorText = 256

// readJSONLD parses a JSON-LD document. json-gold panics on some malformed
// documents (`{"":5}`: a term that is not a string), which must fail the
// import, not crash the command.
func readJSONLD(r io.Reader) (rd quad.ReadCloser, err error) {
	defer func() {
		if p := recover(); p != nil {
			rd, err = nil, fmt.Errorf("malformed JSON-LD document: %v", p)
		}
	}()
	return jsonld.NewReader(r), nil
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
