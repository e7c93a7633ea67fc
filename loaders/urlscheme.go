package loaders

import (
	"net/url"
	"strings"
)

// webURL reports whether s is an absolute http or https URL with a host:
// the only article and image links stored. A scraped page or a feed may
// carry "javascript:", "data:" or "file:" links, and the notebook page
// renders article URLs as links.
func webURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return false
	}
	scheme := strings.ToLower(u.Scheme)
	return scheme == "http" || scheme == "https"
}

// keepWebURL returns s when it is a web URL (webURL) and "" otherwise, so
// every loader's articles keep only links that are safe to follow.
func keepWebURL(s string) string {
	s = strings.TrimSpace(s)
	if !webURL(s) {
		return ""
	}
	return s
}
