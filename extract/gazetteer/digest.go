package gazetteer

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"hash"
	"io"
	"io/fs"
	"path/filepath"
)

// sources are this package's Go files: its matching rules (case rules,
// word boundaries, longest match) shape every extraction as much as its
// data does. Test files come along with the pattern and are left out of
// the digest.
//
//go:embed *.go
var sources embed.FS

// RuleSources returns the package's Go sources, for the extractor's
// identity.
func RuleSources() fs.FS { return sources }

// contentDigest hashes the gazetteer files in load order: each one's kind
// and base name (a file's name says what it holds, and a later entry
// replaces an earlier one) and the SHA-256 of its bytes. Paths are left out
// so the digest is the same on every machine; sizes are not enough, since
// an edit that keeps the size changes what is matched.
type contentDigest struct {
	all hash.Hash
}

func newContentDigest() *contentDigest { return &contentDigest{all: sha256.New()} }

// file returns a reader that hashes what is read through it; the file's
// entry joins the digest when done is called, after the last read.
func (d *contentDigest) file(kind, name string, r io.Reader) (io.Reader, func()) {
	h := sha256.New()
	tee := io.TeeReader(r, h)
	return tee, func() {
		// Drain what the parser left unread so the digest covers the
		// whole file.
		_, _ = io.Copy(io.Discard, tee)
		io.WriteString(d.all, kind+":"+filepath.Base(name)+"\x00")
		d.all.Write(h.Sum(nil))
	}
}

// sum is the digest in hex, "sha256:" first.
func (d *contentDigest) sum() string { return "sha256:" + hex.EncodeToString(d.all.Sum(nil)) }
