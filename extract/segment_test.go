package extract

import (
	"strings"
	"testing"
)

func TestSegment(t *testing.T) {
	tests := []struct {
		body string
		want []string
	}{
		{"U.S. troops left. Iraqi forces took over.", []string{"U.S. troops left.", "Iraqi forces took over."}},
		{"Gen. Smith spoke on Aug. 12 in Baghdad. He left.", []string{"Gen. Smith spoke on Aug. 12 in Baghdad.", "He left."}},
		{`He said "we are leaving." Then he left.`, []string{`He said "we are leaving."`, "Then he left."}},
		{"Troops left the U.S. base in Erbil. Nobody stayed.", []string{"Troops left the U.S. base in Erbil.", "Nobody stayed."}},
		{"The figure was 3.5 percent. It rose.", []string{"The figure was 3.5 percent.", "It rose."}},
		{"One.\n\nTwo paragraphs.", []string{"One.", "Two paragraphs."}},
		{"no terminal punctuation", []string{"no terminal punctuation"}},
	}
	for _, tt := range tests {
		d := Segment("", "", tt.body)
		var got []string
		for i := range d.Sentences {
			got = append(got, d.SentenceText(i))
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Segment(%q):\n got %q\nwant %q", tt.body, got, tt.want)
		}
	}
}

func TestSegmentSections(t *testing.T) {
	d := Segment("A title", "The lede. Second.", "Body one.\n\nBody two.")
	want := []string{"title", "lede", "lede", "body", "body"}
	if len(d.Sentences) != len(want) {
		t.Fatalf("got %d sentences, want %d", len(d.Sentences), len(want))
	}
	for i, s := range d.Sentences {
		if s.Section != want[i] {
			t.Errorf("sentence %d section %q, want %q", i, s.Section, want[i])
		}
		if d.Text[s.Start:s.End] != d.SentenceText(i) || s.Start < 0 || s.End > len(d.Text) {
			t.Errorf("sentence %d span broken", i)
		}
	}
}

func FuzzSegment(f *testing.F) {
	for _, s := range []string{"U.S. troops left. Iraqi forces took over.", "A.\n\nB. C?", `"Quote." Next`, "…", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		d := Segment("", "", body)
		prev := 0
		for i, s := range d.Sentences {
			if s.Start < prev || s.End < s.Start || s.End > len(d.Text) {
				t.Fatalf("sentence %d span %d-%d (prev end %d, len %d)", i, s.Start, s.End, prev, len(d.Text))
			}
			prev = s.End
		}
	})
}

// TestTitleIsLede: a scraped page without a headline puts its first
// paragraph in the title slot; that lede is read as text, a headline is not.
func TestTitleIsLede(t *testing.T) {
	tests := []struct {
		title string
		want  bool
	}{
		{"Navy Closes Its Last Pacific Air Station", false},
		{"Troops to leave the island by spring, minister says", false},
		{"The last Dutch marines left the island on Tuesday, ending a deployment that began nine years ago.", true},
		{"Engineers have opened a new radar station on the coast, the first of its kind in the region.", true},
		{"Subscribe", false},
		{"Order now.", false},
	}
	for _, tt := range tests {
		if got := titleIsLede(tt.title); got != tt.want {
			t.Errorf("titleIsLede(%q) = %v, want %v", tt.title, got, tt.want)
		}
	}
	d := Segment("The last Dutch marines left the island on Tuesday, ending a deployment that began nine years ago.", "", "Body.")
	if d.Sentences[0].Section != "lede" {
		t.Errorf("a lede in the title slot is section %q, want lede", d.Sentences[0].Section)
	}
}
