package export

import (
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/jsonld"
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

// shortErrors shortens the errors of a quad reader to maxImportErrorText,
// keeping them unwrappable; io.EOF passes through untouched.
type shortErrors struct{ quad.ReadCloser }

func (r shortErrors) ReadQuad() (quad.Quad, error) {
	q, err := r.ReadCloser.ReadQuad()
	if err != nil && !errors.Is(err, io.EOF) {
		err = &shortError{err}
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
