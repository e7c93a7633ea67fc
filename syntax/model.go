package syntax

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
)

// ModelFile is the trained model's file name under syntax/model, the
// directory Train writes to and the binary embeds.
const ModelFile = "en_ewt.bin.gz"

//go:embed model/en_ewt.bin.gz
var embeddedModel []byte

// modelMagic starts every model file; bump the digit when the format or
// the feature templates change, so a stale model fails to load instead of
// parsing badly.
const modelMagic = "newsgraph-syntax-3\n"

// Model is a trained tagger and parser. It is safe for concurrent use:
// parsing only reads it.
type Model struct {
	tagger *tagger
	parser *parser
}

// Load decodes the model embedded in the binary. It costs tens of
// milliseconds, so callers load once and keep the *Model.
func Load() (*Model, error) {
	m, err := decodeModel(bytes.NewReader(embeddedModel), gzipSize(embeddedModel))
	if err != nil {
		return nil, fmt.Errorf("syntax: embedded model %s: %w", ModelFile, err)
	}
	return m, nil
}

// LoadFile decodes a model file written by Train, for evaluating a model
// before it is embedded.
func LoadFile(path string) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("syntax: %w", err)
	}
	defer f.Close()
	m, err := decodeModel(bufio.NewReader(f), 0)
	if err != nil {
		return nil, fmt.Errorf("syntax: model %s: %w", path, err)
	}
	return m, nil
}

// writeFile writes m gzipped to dir/ModelFile.
func (m *Model) writeFile(dir string) (string, error) {
	path := filepath.Join(dir, ModelFile)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("syntax: %w", err)
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return "", err
	}
	bw := bufio.NewWriter(zw)
	m.encode(bw)
	if err := bw.Flush(); err != nil {
		return "", err
	}
	if err := zw.Close(); err != nil {
		return "", err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return "", fmt.Errorf("syntax: %w", err)
	}
	return path, nil
}

type encoder struct {
	w   *bufio.Writer
	tmp [binary.MaxVarintLen64]byte
}

func (e *encoder) uvarint(x uint64) {
	n := binary.PutUvarint(e.tmp[:], x)
	e.w.Write(e.tmp[:n])
}

func (e *encoder) str(s string) {
	e.uvarint(uint64(len(s)))
	e.w.WriteString(s)
}

func (e *encoder) strs(ss []string) {
	e.uvarint(uint64(len(ss)))
	for _, s := range ss {
		e.str(s)
	}
}

// weights are written sorted by key, so the same training run gives the
// same bytes. Each weight is a float32 rounded to float16-like precision
// by quantising to int16 against the model's largest weight.
func (e *encoder) weights(m *weights) {
	var maxAbs float32
	for _, cw := range m.pool {
		maxAbs = max(maxAbs, float32(math.Abs(float64(cw.w))))
	}
	scale := maxAbs / math.MaxInt16
	if scale == 0 {
		scale = 1
	}
	nf, _ := m.size()
	e.uvarint(uint64(m.nClasses))
	e.uvarint(uint64(math.Float32bits(scale)))
	e.uvarint(uint64(nf))
	var prev uint64
	m.each(func(k uint64, cws []classWeight) {
		e.uvarint(k - prev)
		prev = k
		e.uvarint(uint64(len(cws)))
		for _, cw := range cws {
			e.uvarint(uint64(cw.class))
			q := int64(math.Round(float64(cw.w / scale)))
			e.uvarint(uint64(q<<1) ^ uint64(q>>63)) // zigzag: small magnitudes, few bytes
		}
	})
}

func (m *Model) encode(w *bufio.Writer) {
	e := &encoder{w: w}
	w.WriteString(modelMagic)
	e.layer(&m.tagger.upos)
	e.layer(&m.tagger.xpos)
	e.strs(m.parser.labels)
	e.uvarint(uint64(m.parser.root))
	e.weights(m.parser.model)
}

func (e *encoder) layer(l *tagLayer) {
	e.strs(l.tags)
	forms := make([]string, 0, len(l.tagdict))
	for f := range l.tagdict {
		forms = append(forms, f)
	}
	sort.Strings(forms)
	e.uvarint(uint64(len(forms)))
	for _, f := range forms {
		e.str(f)
		e.uvarint(uint64(l.tagdict[f]))
	}
	e.weights(l.model)
}

// decoder reads the decompressed model from memory: slicing varints out
// of a byte slice is several times faster than reading them byte by byte.
type decoder struct {
	buf []byte
	err error
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	x, n := binary.Uvarint(d.buf)
	if n <= 0 {
		d.err = io.ErrUnexpectedEOF
		return 0
	}
	d.buf = d.buf[n:]
	return x
}

// count reads a length and rejects absurd ones from a corrupt file.
func (d *decoder) count(limit uint64) int {
	n := d.uvarint()
	if n > limit && d.err == nil {
		d.err = fmt.Errorf("length %d over limit %d", n, limit)
	}
	if d.err != nil {
		return 0
	}
	return int(n)
}

func (d *decoder) str() string {
	n := d.count(1 << 16)
	if d.err != nil {
		return ""
	}
	if n > len(d.buf) {
		d.err = io.ErrUnexpectedEOF
		return ""
	}
	str := string(d.buf[:n])
	d.buf = d.buf[n:]
	return str
}

func (d *decoder) strs() []string {
	n := d.count(1 << 12)
	out := make([]string, n)
	for i := range out {
		out[i] = d.str()
	}
	return out
}

func (d *decoder) weights() *weights {
	nClasses := d.count(1 << 12)
	scale := math.Float32frombits(uint32(d.uvarint()))
	n := d.count(1 << 24)
	if d.err != nil {
		return newWeights(max(nClasses, 1), 0, 0)
	}
	// Most features vote for few classes; the pool grows if not.
	m := newWeights(nClasses, n, 4*n)
	var key uint64
	cws := make([]classWeight, 0, nClasses)
	for i := 0; i < n && d.err == nil; i++ {
		key += d.uvarint()
		k := d.count(uint64(nClasses))
		cws = cws[:0]
		for j := 0; j < k; j++ {
			class := d.uvarint()
			z := d.uvarint()
			q := int64(z>>1) ^ -int64(z&1)
			if class >= uint64(nClasses) && d.err == nil {
				d.err = fmt.Errorf("class %d of %d", class, nClasses)
			}
			cws = append(cws, classWeight{class: uint16(class), w: float32(q) * scale})
		}
		if i > 0 && key <= m.keys[len(m.keys)-1] && d.err == nil {
			d.err = fmt.Errorf("feature keys out of order")
		}
		m.add(key, cws)
	}
	return m
}

func (d *decoder) layer() tagLayer {
	l := tagLayer{tags: d.strs(), tagdict: map[string]uint16{}}
	nd := d.count(1 << 20)
	for i := 0; i < nd && d.err == nil; i++ {
		f := d.str()
		c := d.uvarint()
		if c >= uint64(len(l.tags)) && d.err == nil {
			d.err = fmt.Errorf("tag dictionary class %d of %d", c, len(l.tags))
		}
		l.tagdict[f] = uint16(c)
	}
	l.model = d.weights()
	return l
}

// gzipSize reads the uncompressed size from a gzip stream's trailer, a
// hint for sizing the buffer (0 when absent).
func gzipSize(gz []byte) int {
	if len(gz) < 18 {
		return 0
	}
	return int(binary.LittleEndian.Uint32(gz[len(gz)-4:]))
}

// decodeModel decompresses and decodes a model; sizeHint, when known,
// spares the buffer's regrowth.
func decodeModel(r io.Reader, sizeHint int) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	var raw bytes.Buffer
	raw.Grow(min(sizeHint, 1<<30) + bytes.MinRead)
	if _, err := raw.ReadFrom(zr); err != nil {
		return nil, err
	}
	buf := raw.Bytes()
	if !bytes.HasPrefix(buf, []byte(modelMagic)) {
		return nil, errors.New("not a model file of this version (retrain with newsgraph train-syntax)")
	}
	d := &decoder{buf: buf[len(modelMagic):]}
	t := &tagger{upos: d.layer(), xpos: d.layer()}
	p := &parser{labels: d.strs(), verb: verbClass(t.upos.tags)}
	p.root = int(d.uvarint())
	p.model = d.weights()
	if d.err != nil {
		return nil, d.err
	}
	if t.upos.model.nClasses != len(t.upos.tags) || t.xpos.model.nClasses != len(t.xpos.tags) ||
		p.model.nClasses != p.nClasses() || p.root >= len(p.labels) || len(t.upos.tags) == 0 {
		return nil, errors.New("inconsistent class counts")
	}
	return &Model{tagger: t, parser: p}, nil
}
