package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/server"
	"github.com/newsgraph/newsgraph/web"
)

// TestSourceLinksOnlyHTTP stores an article whose URL is a javascript:
// link (as a graph written before the loaders checked schemes would hold),
// asks about it in the page, and checks the source is shown as text, not
// as a link, while an https source stays a link.
func TestSourceLinksOnlyHTTP(t *testing.T) {
	testStore(t) // builds the shared pipeline
	ctx := context.Background()
	s, err := graph.Open(ctx, "memory")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	in := &ingest.Ingester{Store: s, Pipeline: pipeline}
	published := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	for _, a := range []newsgraph.Article{
		{URL: "javascript:alert(document.domain)", Title: "Scripted headline", Publisher: "Example Wire", Published: published,
			Body: "US troops withdrew from Ain al-Asad Air Base in Iraq on Sunday, officials said."},
		{URL: "https://news.example/withdrawal", Title: "Plain headline", Publisher: "Example Post", Published: published,
			Body: "American forces withdrew from Ain al-Asad Air Base in Iraq on Sunday, the ministry said."},
	} {
		if _, err := in.Article(ctx, a, false); err != nil {
			t.Fatal(err)
		}
	}
	api := server.New(s, server.Options{Web: web.Handler(), Pipeline: pipeline})
	mux := http.NewServeMux()
	mux.Handle("/", api)
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)

	tb := openTab(t, &site{Server: ts}, 1366, 900)
	tb.open("/")
	tb.do(chromedp.Click(chromedp.CSS(`.add-bar button[data-add="ask"]`)))
	n := eval[int](tb, `document.querySelectorAll(".cell").length`)
	c := cell(n)
	tb.do(chromedp.SendKeys(chromedp.CSS(c+" input.question"), "who reported on Ain al-Asad?\r"))
	tb.wait("both sources", `[...document.querySelectorAll("`+c+` .source-link")].length >= 2`)
	if got := eval[int](tb, `[...document.querySelectorAll("a[href]")].filter(a => !/^(https?:|\/|#|blob:)/i.test(a.getAttribute("href"))).length`); got != 0 {
		t.Errorf("%d links with a scheme other than http(s)", got)
	}
	if got := eval[string](tb, `[...document.querySelectorAll("`+c+` span.source-link")].map(e => e.textContent).join("|")`); got != "Scripted headline" {
		t.Errorf("sources shown as text: %q, want the javascript: one", got)
	}
	if got := eval[string](tb, `[...document.querySelectorAll("`+c+` a.source-link")].map(e => e.href).join("|")`); got != "https://news.example/withdrawal" {
		t.Errorf("sources shown as links: %q", got)
	}
}
