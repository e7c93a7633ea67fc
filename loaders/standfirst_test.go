package loaders

import (
	"strings"
	"testing"
)

// TestHTMLStandfirst checks when a page's description becomes the lede:
// only when the page shows it outside the text readability keeps (a
// header standfirst), never for metadata written for search engines or a
// shortened copy of the first paragraph.
func TestHTMLStandfirst(t *testing.T) {
	const body = `<article><p>Engineers from the border guard finished laying a second fence line along the river crossing on Tuesday, the interior ministry said in a short statement.</p>
<p>The work took four months and involved more than two hundred labourers from nearby villages, officials added.</p>
<p>Farmers on both banks said the new fence blocked paths their cattle had used for decades, and asked for gates at three points.</p></article>`
	page := func(description, header string) string {
		return `<!doctype html><html lang="en"><head><title>Second fence finished at the river crossing</title>
<meta property="og:title" content="Second fence finished at the river crossing">
<meta property="og:site_name" content="Valley Courier">
<meta property="og:description" content="` + description + `">
<meta property="article:published_time" content="2025-06-04T10:00:00Z"></head>
<body><header class="story-header"><h1>Second fence finished at the river crossing</h1>` + header + `</header>
<main>` + body + `</main><footer>Valley Courier, all rights reserved</footer></body></html>`
	}
	const standfirst = "Villagers fear the barrier will cut off grazing land used by herders on both sides of the river."
	for _, tc := range []struct {
		name, description, header, lede string
	}{
		{"standfirst shown in the header", standfirst, `<p class="standfirst">` + standfirst + `</p>`, standfirst},
		{"description only in the metadata", standfirst, "", ""},
		{"shortened copy of the first paragraph", "Engineers from the border guard finished laying a second fence line along the river...", "", ""},
		{"keyword list", "fence | border | river | cattle | villages | ministry | statement | farmers", `<p>fence | border | river | cattle | villages | ministry | statement | farmers</p>`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			arts, err := Parse("page.html", []byte(page(tc.description, tc.header)), HTMLFormat)
			if err != nil {
				t.Fatal(err)
			}
			a := arts[0]
			if a.Lede != tc.lede {
				t.Errorf("lede %q, want %q", a.Lede, tc.lede)
			}
			if strings.Count(a.Lede+"\n\n"+a.Body, "grazing land") > 1 {
				t.Errorf("the standfirst is in both lede and body")
			}
			if !strings.Contains(a.Body, "second fence line") {
				t.Errorf("body lost its first paragraph: %q", a.Body)
			}
		})
	}
}
