package extract

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph"
)

// bigArticle repeats a few made-up paragraphs about troop movements until
// the body is at least size bytes.
func bigArticle(size int) newsgraph.Article {
	paras := []string{
		"The defence ministry said on Monday that %d soldiers would leave Camp Lemonnier in Djibouti by the end of the year.",
		"Officials in Baghdad confirmed that coalition forces handed over Ain al-Asad Air Base to the Iraqi army after talks that lasted %d days.",
		"A drone attack on a base near Erbil wounded %d contractors, according to a statement from the regional government.",
		"Germany plans to deploy %d more troops to Lithuania as part of an exercise with NATO allies next spring.",
	}
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, paras[i%len(paras)], i+2)
		b.WriteString("\n\n")
	}
	return newsgraph.Article{Title: "Troops move across the region", Body: b.String(), Published: time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC)}
}

func TestExtractContextMatchesExtract(t *testing.T) {
	p, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	a := bigArticle(4 << 10)
	got, err := p.ExtractContext(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	want := p.Extract(a)
	if len(got.Events) == 0 || len(got.Events) != len(want.Events) || len(got.Entities) != len(want.Entities) {
		t.Errorf("ExtractContext found %d events and %d entities, Extract %d and %d", len(got.Events), len(got.Entities), len(want.Events), len(want.Entities))
	}
}

// TestExtractContextStops cancels the extraction of a large article part
// way through: it must end within a second of the cancel, with the
// context's error.
func TestExtractContextStops(t *testing.T) {
	p, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	a := bigArticle(MaxArticleBytes)
	for _, after := range []time.Duration{0, 50 * time.Millisecond, 300 * time.Millisecond} {
		t.Run(after.String(), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			var canceled time.Time
			stop := time.AfterFunc(after, func() { canceled = time.Now(); cancel() })
			defer stop.Stop()
			_, err := p.ExtractContext(ctx, a)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled (did the extraction finish before the cancel?)", err)
			}
			if late := time.Since(canceled); late > time.Second {
				t.Errorf("extraction went on %v after the cancel", late)
			}
		})
	}
}
