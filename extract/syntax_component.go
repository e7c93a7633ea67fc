package extract

import "github.com/newsgraph/newsgraph/syntax"

// The parser's weights decide which arguments an event gets, so they are
// part of the extractor's identity.
func init() {
	registerComponent(func() Component {
		return Component{Name: "syntax-weights", Digest: syntax.WeightsDigest()}
	})
}
