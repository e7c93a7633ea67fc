package gen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"html"
	"net/url"
	"strings"
	"time"
)

// bylines are the invented reporters the pages credit. The byline is page
// furniture (the loader drops it), so it only has to look real.
var bylines = []struct{ name, role string }{
	{"Amira Haddad", "Middle East correspondent"},
	{"Tom Kowalski", "Defence editor"},
	{"Lucía Ferrer", "Security correspondent"},
	{"Daniel Osei", "Africa correspondent"},
	{"Hannah Lindqvist", "Europe editor"},
	{"Kenji Mori", "Asia-Pacific correspondent"},
	{"Sara Benali", "Diplomatic correspondent"},
	{"Mark Ellison", "Staff reporter"},
	{"Priya Raman", "Foreign affairs reporter"},
	{"Oleksandr Hrytsenko", "Staff writer"},
}

// navSections are the menu links of the site header.
var navSections = []string{"World", "Politics", "Defence", "Business", "Science", "Sport", "Opinion", "Video"}

// relatedTeasers are the headlines of the "Related" box: page furniture
// pointing at other stories, never text of this one.
var relatedTeasers = []string{
	"Analysis: what the latest troop moves mean for the region",
	"Explainer: who keeps forces where, and why",
	"Timeline: a decade of foreign bases in the news",
	"Opinion: the quiet arithmetic of overseas garrisons",
	"Satellite images show construction at remote airstrip",
	"Defence budgets rise across the region for third year",
}

// pageTemplate is the page layout of a publisher: every page of one site
// shares it, as on the real web, and sites differ in where the standfirst
// sits and what wraps the story.
type pageTemplate struct {
	// standfirstInBody puts the standfirst at the top of the story's body
	// container; otherwise it stands between the headline block and the
	// body, a direct child of <article>. It is never inside the headline
	// block: readability keeps the body container and the paragraphs
	// beside it, so a standfirst nested one level down would be lost, and
	// the page would read back without its lede.
	standfirstInBody bool
	// mainWrapper wraps the article in <main> (else a plain content div).
	mainWrapper bool
	// bodyClass is the class of the body text's container.
	bodyClass string
}

var pageTemplates = []pageTemplate{
	{standfirstInBody: false, mainWrapper: true, bodyClass: "article-body"},
	{standfirstInBody: true, mainWrapper: true, bodyClass: "story-content"},
	{standfirstInBody: true, mainWrapper: false, bodyClass: "entry-content"},
}

// stablePick returns a stable choice among n for key, so a site or an article
// gets the same furniture on every run without drawing from the article's
// random stream (which would change the text of every article).
func stablePick(key string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(key))
	return int(h.Sum32() % uint32(n))
}

type ldThing struct {
	Type string    `json:"@type"`
	Name string    `json:"name"`
	URL  string    `json:"url,omitempty"`
	Logo *ldObject `json:"logo,omitempty"`
}

type ldObject struct {
	Type string `json:"@type"`
	URL  string `json:"url"`
}

type ldNewsArticle struct {
	Context          string    `json:"@context"`
	Type             string    `json:"@type"`
	Headline         string    `json:"headline"`
	Description      string    `json:"description"`
	DatePublished    string    `json:"datePublished"`
	DateModified     string    `json:"dateModified"`
	Author           []ldThing `json:"author"`
	Publisher        ldThing   `json:"publisher"`
	Image            []string  `json:"image"`
	MainEntityOfPage string    `json:"mainEntityOfPage"`
	ArticleSection   string    `json:"articleSection"`
	Keywords         []string  `json:"keywords"`
	InLanguage       string    `json:"inLanguage"`
}

// HTML renders a as a publisher's web page: head metadata (title,
// OpenGraph, article:published_time, JSON-LD NewsArticle), the site's
// header and menu, the story with headline, byline, time, standfirst,
// picture and body, a related-stories box and the footer. Read back by the
// HTML loader it gives the title, publisher, time and text of the dump
// rendering of a.
func HTML(a Article) []byte {
	esc := html.EscapeString
	tpl := pageTemplates[stablePick(a.Domain, len(pageTemplates))]
	by := bylines[stablePick(a.URL, len(bylines))]
	// The section is the first tag as the dump gives it; only the label
	// on the page is capitalised.
	section := "world"
	if len(a.Tags) > 0 && a.Tags[0] != "" {
		section = a.Tags[0]
	}
	label := strings.ToUpper(section[:1]) + section[1:]
	home := "https://www." + a.Domain + "/"
	// UTC, as the dump stamps it: the extractor anchors "on Tuesday" and
	// "last month" on the publisher's calendar date, so a local offset
	// would move some events' dates and the two renderings would disagree.
	stamp := a.Published.UTC().Format(time.RFC3339)
	modified := a.Published.UTC().Add(time.Duration(5+a.Index%115) * time.Minute).Format(time.RFC3339)
	shown := a.Published.UTC().Format("Mon 2 Jan 2006 15.04 MST")

	ld := ldNewsArticle{
		Context: "https://schema.org", Type: "NewsArticle",
		Headline: a.Title, Description: a.Lede,
		DatePublished: stamp, DateModified: modified,
		Author:           []ldThing{{Type: "Person", Name: by.name}},
		Publisher:        ldThing{Type: "Organization", Name: a.Publisher, URL: home, Logo: &ldObject{Type: "ImageObject", URL: "https://cdn." + a.Domain + "/static/logo.png"}},
		Image:            []string{a.Image},
		MainEntityOfPage: a.URL,
		ArticleSection:   section,
		Keywords:         a.Keywords,
		InLanguage:       "en",
	}
	var ldb bytes.Buffer
	enc := json.NewEncoder(&ldb)
	enc.SetIndent("", "  ")
	// HTML escaping stays on: a "</script>" in a headline cannot end the
	// block early.
	_ = enc.Encode(ld) // cannot fail: strings only

	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n")
	w("<meta charset=\"utf-8\">\n")
	w("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	w("<title>%s | %s</title>\n", esc(a.Title), esc(a.Publisher))
	w("<link rel=\"canonical\" href=\"%s\">\n", esc(a.URL))
	w("<meta name=\"description\" content=\"%s\">\n", esc(a.Lede))
	w("<meta name=\"keywords\" content=\"%s\">\n", esc(strings.Join(a.Keywords, ", ")))
	w("<meta property=\"og:type\" content=\"article\">\n")
	w("<meta property=\"og:title\" content=\"%s\">\n", esc(a.Title))
	w("<meta property=\"og:site_name\" content=\"%s\">\n", esc(a.Publisher))
	w("<meta property=\"og:url\" content=\"%s\">\n", esc(a.URL))
	w("<meta property=\"og:image\" content=\"%s\">\n", esc(a.Image))
	w("<meta property=\"og:locale\" content=\"en_GB\">\n")
	w("<meta property=\"article:published_time\" content=\"%s\">\n", stamp)
	w("<meta property=\"article:modified_time\" content=\"%s\">\n", modified)
	w("<meta property=\"article:section\" content=\"%s\">\n", esc(section))
	for _, t := range a.Tags {
		w("<meta property=\"article:tag\" content=\"%s\">\n", esc(t))
	}
	w("<meta name=\"twitter:card\" content=\"summary_large_image\">\n")
	w("<link rel=\"stylesheet\" href=\"https://cdn.%s/static/site.css\">\n", esc(a.Domain))
	w("<script type=\"application/ld+json\">\n%s</script>\n", ldb.String())
	w("</head>\n<body class=\"article-page\">\n")

	// Site header and menu.
	w("<div class=\"cookie-banner\">We use cookies to improve your experience. <button>Accept</button></div>\n")
	w("<header class=\"site-header\">\n")
	w("  <a class=\"logo\" href=\"%s\">%s</a>\n", esc(home), esc(a.Publisher))
	w("  <nav class=\"main-menu\" aria-label=\"Sections\"><ul>\n    <li><a href=\"/\">Home</a></li>")
	for _, s := range navSections {
		w("<li><a href=\"/%s\">%s</a></li>", strings.ToLower(s), s)
	}
	w("\n  </ul></nav>\n")
	w("  <a class=\"subscribe-button\" href=\"/subscribe\">Subscribe</a>\n")
	w("</header>\n")

	if tpl.mainWrapper {
		w("<main id=\"content\">\n")
	} else {
		w("<div id=\"content\" class=\"site-content\">\n")
	}
	w("<article class=\"story\">\n")
	w("  <div class=\"story-header\">\n")
	w("    <a class=\"section-label\" href=\"/%s\">%s</a>\n", esc(url.PathEscape(section)), esc(label))
	w("    <h1 class=\"headline\">%s</h1>\n", esc(a.Title))
	w("  </div>\n")
	standfirst := fmt.Sprintf("<p class=\"standfirst\">%s</p>\n", esc(a.Lede))
	if !tpl.standfirstInBody {
		w("  %s", standfirst)
	}
	w("  <div class=\"story-meta\">\n")
	w("    <p class=\"byline\">By <a rel=\"author\" href=\"/profile/%s\">%s</a>, %s</p>\n", esc(url.PathEscape(strings.ToLower(strings.ReplaceAll(by.name, " ", "-")))), esc(by.name), esc(by.role))
	w("    <div class=\"dateline\"><time datetime=\"%s\">%s</time></div>\n", stamp, shown)
	w("    <div class=\"share-tools\"><a href=\"#\">Share on Facebook</a> <a href=\"#\">Share on X</a> <a href=\"#\">Email</a></div>\n")
	w("  </div>\n")
	w("  <div class=\"%s\">\n", tpl.bodyClass)
	if tpl.standfirstInBody {
		w("    %s", standfirst)
	}
	w("    <figure class=\"lead-image\">\n")
	w("      <img src=\"%s\" alt=\"%s\" width=\"1200\" height=\"675\">\n", esc(a.Image), esc(a.Title))
	w("      <figcaption>A file picture accompanying the report. Photograph: %s</figcaption>\n", esc(a.Publisher))
	w("    </figure>\n")
	for _, p := range a.Paragraphs {
		w("    <p>%s</p>\n", esc(p))
	}
	w("  </div>\n")
	w("</article>\n")

	// Related stories: the dump's related link and two teasers.
	w("<aside class=\"related-stories\">\n  <h2>Related</h2>\n  <ul>\n")
	w("    <li><a href=\"%s\">%s</a></li>\n", esc(a.Related), esc(relatedTeasers[stablePick(a.Related, len(relatedTeasers))]))
	for k := 1; k <= 2; k++ {
		t := relatedTeasers[(a.Index+k)%len(relatedTeasers)]
		w("    <li><a href=\"/%s/%s\">%s</a></li>\n", esc(url.PathEscape(section)), slugOf(t), esc(t))
	}
	w("  </ul>\n</aside>\n")
	if tpl.mainWrapper {
		w("</main>\n")
	} else {
		w("</div>\n")
	}

	// Footer: newsletter box, contact and copyright.
	w("<footer class=\"site-footer\">\n")
	w("  <div class=\"newsletter-signup\">\n    <h3>Get the morning briefing</h3>\n")
	w("    <form action=\"/newsletter\" method=\"post\"><input type=\"email\" name=\"email\" placeholder=\"Your email address\"><button type=\"submit\">Sign up</button></form>\n  </div>\n")
	w("  <ul class=\"footer-links\"><li><a href=\"/about\">About us</a></li><li><a href=\"/contact\">Contact</a></li><li><a href=\"/privacy\">Privacy policy</a></li><li><a href=\"/terms\">Terms of use</a></li></ul>\n")
	w("  <p class=\"contact\">Newsdesk: <a href=\"mailto:newsdesk@%s\">newsdesk@%s</a></p>\n", esc(a.Domain), esc(a.Domain))
	w("  <p class=\"copyright\">&copy; %d %s. All rights reserved.</p>\n", a.Published.Year(), esc(a.Publisher))
	w("</footer>\n</body>\n</html>\n")
	return []byte(b.String())
}
