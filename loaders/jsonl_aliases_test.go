package loaders

import (
	"testing"
	"time"
)

// TestJSONLFieldAliases reads lines shaped as other scrapers and news APIs
// export them: NewsAPI's nested source and publishedAt, news-please's
// maintext and date_publish, trafilatura-like text and date.
func TestJSONLFieldAliases(t *testing.T) {
	for _, tc := range []struct {
		name, line                       string
		url, title, publisher, published string
		bodyStart, lede                  string
	}{
		{
			name: "newsapi",
			line: `{"source":{"id":"x","name":"Wire One"},"title":"T1","description":"A short summary.","url":"https://a.example/1","publishedAt":"2023-10-31T18:20:00Z","content":"The body of the first article."}`,
			url:  "https://a.example/1", title: "T1", publisher: "Wire One", published: "2023-10-31T18:20:00Z",
			bodyStart: "The body of the first", lede: "A short summary.",
		},
		{
			name: "news-please",
			line: `{"url":"https://a.example/2","title":"T2","maintext":"The body of the second article.","date_publish":"2025-08-29 10:00:00","source_domain":"a.example"}`,
			url:  "https://a.example/2", title: "T2", published: "2025-08-29T10:00:00Z", bodyStart: "The body of the second",
		},
		{
			name: "text and date",
			line: `{"link":"https://a.example/3","headline":"T3","text":"The body of the third article.","date":"2025-03-03","publisher":"Harbour News"}`,
			url:  "https://a.example/3", title: "T3", publisher: "Harbour News", published: "2025-03-03T00:00:00Z", bodyStart: "The body of the third",
		},
		{
			name: "own names win",
			line: `{"url":"https://a.example/4","title":"T4","body":"Own body.","text":"Other body.","published":"2025-01-02T03:04:05+02:00","date":"2020-01-01","publisher":{"name":"Object Publisher"}}`,
			url:  "https://a.example/4", title: "T4", publisher: "Object Publisher", published: "2025-01-02T03:04:05+02:00", bodyStart: "Own body.",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := parseJSONLine([]byte(tc.line))
			if err != nil {
				t.Fatal(err)
			}
			got := []string{a.URL, a.Title, a.Publisher, a.Published.Format(time.RFC3339), a.Lede}
			want := []string{tc.url, tc.title, tc.publisher, tc.published, tc.lede}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("field %d = %q, want %q", i, got[i], want[i])
				}
			}
			if len(a.Body) < len(tc.bodyStart) || a.Body[:len(tc.bodyStart)] != tc.bodyStart {
				t.Errorf("body %q, want it to start with %q", a.Body, tc.bodyStart)
			}
		})
	}
}
