package syntax

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
)

// sources are the package's Go files: the tokeniser, the feature templates
// and the argument reader decide what the extractor reads from a sentence
// as much as the weights do.
//
//go:embed *.go
var sources embed.FS

// RuleSources returns the package's Go sources, for the extractor's
// identity.
func RuleSources() fs.FS { return sources }

// WeightsDigest is the SHA-256 of the embedded model file: the extractor's
// identity includes it, so retrained weights make stored articles stale.
func WeightsDigest() string {
	sum := sha256.Sum256(embeddedModel)
	return hex.EncodeToString(sum[:])
}
