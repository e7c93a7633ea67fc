package schema

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/newsgraph/newsgraph"
)

// Namespace is the UUIDv5 namespace of every newsgraph ID. It is fixed
// forever: changing it would give every node a new identity.
var Namespace = uuid.MustParse("5d1b7c52-8f3e-5a0b-9a77-0f2a6c1e4b90")

// ArticleID is the stable ID of an article: from its canonical URL, or
// from its content hash when it has no URL.
func ArticleID(a newsgraph.Article) string {
	if u := CanonicalURL(a.URL); u != "" {
		return uuid.NewSHA1(Namespace, []byte("article:"+u)).String()
	}
	return uuid.NewSHA1(Namespace, []byte("article-hash:"+a.Hash)).String()
}

// CanonicalURL normalises a URL so trivially different spellings of the
// same page share an ID: lowercase scheme and host, no "www.", no fragment,
// no tracking parameters, no trailing slash.
func CanonicalURL(raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	u.Scheme = "https"
	u.Host = strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	u.Fragment = ""
	q := u.Query()
	for k := range q {
		if strings.HasPrefix(k, "utm_") || k == "fbclid" || k == "gclid" {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	u.Path = strings.TrimSuffix(u.Path, "/")
	return u.String()
}

// EntityID is the stable ID of an entity of a type from its canonical key
// (a country's ISO code, a base's canonical name, ...). Keys are compared
// case-insensitively, so the same base is one node across articles.
func EntityID(typ, key string) string {
	k := strings.ToLower(strings.Join(strings.Fields(key), " "))
	return uuid.NewSHA1(Namespace, []byte(strings.ToLower(typ)+":"+k)).String()
}

// EventID is the stable ID of an event reported by an article: the same
// article yields the same event IDs on every run.
func EventID(articleID, eventType string, sentence int, ordinal int) string {
	return uuid.NewSHA1(Namespace, []byte("event:"+articleID+":"+eventType+":"+strconv.Itoa(sentence)+":"+strconv.Itoa(ordinal))).String()
}
