package loaders

import (
	_ "embed"
	"net/url"
	"strings"
	"sync"
)

// publishersTSV is the table of news domains: domain, display name, country.
//
//go:embed data/publishers.tsv
var publishersTSV string

// Publisher is a news publisher known by its web domain.
type Publisher struct {
	Domain  string
	Name    string
	Country string // ISO 3166-1 alpha-2
}

// publisherRows reads the table in file order.
var publisherRows = sync.OnceValue(func() []Publisher {
	var out []Publisher
	for _, line := range strings.Split(publishersTSV, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 3 {
			continue
		}
		out = append(out, Publisher{Domain: strings.ToLower(cols[0]), Name: cols[1], Country: cols[2]})
	}
	return out
})

// publisherTable indexes the table by domain.
var publisherTable = sync.OnceValue(func() map[string]Publisher {
	out := map[string]Publisher{}
	for _, p := range publisherRows() {
		out[p.Domain] = p
	}
	return out
})

// LookupPublisher finds the publisher of a URL or host name. A domain matches
// the host itself or any subdomain of it, at a dot boundary, so
// theafricareport.com never matches rt.com.
func LookupPublisher(rawURL string) (Publisher, bool) {
	host := hostOf(rawURL)
	table := publisherTable()
	for host != "" {
		if p, ok := table[host]; ok {
			return p, true
		}
		_, rest, found := strings.Cut(host, ".")
		if !found {
			break
		}
		host = rest
	}
	return Publisher{}, false
}

// publisherNames indexes the table by folded display name. Some names have
// several domains (aljazeera.com and aljazeera.net); the first line of the
// table wins, so that the answer, which keys graph nodes, is the same on
// every run (a map's iteration order is not).
var publisherNames = sync.OnceValue(func() map[string]Publisher {
	out := map[string]Publisher{}
	for _, p := range publisherRows() {
		key := strings.ToLower(strings.TrimSpace(p.Name))
		if _, dup := out[key]; !dup {
			out[key] = p
		}
	}
	return out
})

// LookupPublisherByName finds a publisher by its display name (case-folded).
func LookupPublisherByName(name string) (Publisher, bool) {
	p, ok := publisherNames()[strings.ToLower(strings.TrimSpace(name))]
	return p, ok
}

// DomainOf returns the host of a URL without a leading "www.".
func DomainOf(rawURL string) string {
	return hostOf(rawURL)
}

func hostOf(raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	if !strings.Contains(raw, "://") {
		raw = "http://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}
