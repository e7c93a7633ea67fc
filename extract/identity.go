package extract

import (
	"cmp"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"go/scanner"
	"go/token"
	"hash"
	"io"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"github.com/newsgraph/newsgraph/extract/gazetteer"
)

// ruleSources are this package's Go files: the extraction rules. Test
// files come along with the pattern and are left out of the digest.
//
//go:embed *.go
var ruleSources embed.FS

// Component is a part of the extraction whose data shapes its output
// beside the rules and the gazetteer: a model's weights, say. Its Digest
// must change whenever that data does and only then, the same on every
// machine (a hash of the bytes, not a path or a time).
type Component struct {
	Name   string
	Digest string
}

// builtinComponents are the components compiled into the extractor,
// registered from init functions in this package by the code that loads
// them (a package with embedded model weights gets a file here calling
// registerComponent with its weights' digest), so their digests join
// every pipeline's Identity. It is written only during initialisation.
var builtinComponents []func() Component

// registerComponent adds a built-in component; call it from an init
// function.
func registerComponent(digest func() Component) {
	builtinComponents = append(builtinComponents, digest)
}

// sourceSet is one package's embedded Go sources.
type sourceSet struct {
	pkg string
	fs  fs.FS
}

// ruleSourceSets are the packages whose code is the extraction rules: this
// one and every package under it (a test checks none is left out).
func ruleSourceSets() []sourceSet {
	return []sourceSet{{"extract", ruleSources}, {"extract/gazetteer", gazetteer.RuleSources()}}
}

// rulesDigest is the digest of the rule sources, computed once.
var rulesDigest = sync.OnceValue(func() string {
	h := sha256.New()
	for _, src := range ruleSourceSets() {
		if err := hashGoSources(h, src.pkg, src.fs); err != nil {
			// The sources are embedded: reading them cannot fail at run
			// time, and an identity that hides an error would be wrong.
			panic(fmt.Sprintf("extractor identity: %v", err))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
})

// hashGoSources writes the tokens of every non-test Go file of fsys to h,
// files in name order. Comments and layout are not tokens, so rewording a
// comment or running gofmt keeps the identity and stored articles stay
// current; any change to the code changes it.
func hashGoSources(h hash.Hash, pkg string, fsys fs.FS) error {
	names, err := fs.Glob(fsys, "*.go")
	if err != nil {
		return fmt.Errorf("%s sources: %w", pkg, err)
	}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return fmt.Errorf("%s/%s: %w", pkg, name, err)
		}
		io.WriteString(h, pkg+"/"+name+"\x00")
		var s scanner.Scanner
		fset := token.NewFileSet()
		var scanErr error
		s.Init(fset.AddFile(name, -1, len(src)), src, func(pos token.Position, msg string) {
			scanErr = fmt.Errorf("%s/%s: %s: %s", pkg, name, pos, msg)
		}, 0)
		// A semicolon right before a closing brace or parenthesis can be
		// left out, so "{ return 1 }" and the same block over three lines
		// hash alike; every other one is kept, the line-end ones
		// included, as they can change what the code means.
		pendingSemicolon := false
		for {
			_, tok, lit := s.Scan()
			if pendingSemicolon && tok != token.RBRACE && tok != token.RPAREN {
				io.WriteString(h, ";\x00")
			}
			pendingSemicolon = tok == token.SEMICOLON
			if tok == token.EOF {
				break
			}
			if !pendingSemicolon {
				io.WriteString(h, tok.String()+" "+lit+"\x00")
			}
		}
		if scanErr != nil {
			return scanErr
		}
	}
	return nil
}

// components returns every component of p in name order: the built-in
// ones and those of its Config.
func (p *Pipeline) components() []Component {
	var cs []Component
	for _, c := range builtinComponents {
		cs = append(cs, c())
	}
	cs = append(cs, p.extra...)
	slices.SortStableFunc(cs, func(a, b Component) int { return cmp.Compare(a.Name, b.Name) })
	return cs
}

// Identity names what produces p's extractions: a digest of the rule
// sources (this package and its gazetteer package), of the gazetteer
// files' contents (built-in and user) and of each component's data. It is
// recorded with every stored article, so an article stored by a
// different extractor is re-extracted on the next ingest. Two pipelines
// built from the same sources, files and components have the same
// identity on any machine.
func (p *Pipeline) Identity() string {
	// A 64-bit fingerprint of each digest keeps the identity short and
	// readable part by part; any change to a digest changes its print.
	short := func(d string) string {
		sum := sha256.Sum256([]byte(d))
		return hex.EncodeToString(sum[:8])
	}
	parts := []string{"newsgraph-extract/" + short(rulesDigest()), "gazetteer/" + short(p.gaz.Digest)}
	for _, c := range p.components() {
		parts = append(parts, strings.ReplaceAll(c.Name, " ", "_")+"/"+short(c.Digest))
	}
	return strings.Join(parts, " ")
}
