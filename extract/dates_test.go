package extract

import (
	"testing"
	"time"
)

func TestFindDates(t *testing.T) {
	// Monday 25 August 2025, the seed article's publication date.
	pub := time.Date(2025, 8, 25, 15, 11, 0, 0, time.UTC)
	tests := []struct {
		text  string
		tense Tense
		want  []string
	}{
		{"Kurdistan24 reported on Sunday that troops left.", Past, []string{"2025-08-24"}},
		{"The talks will resume on Sunday.", Future, []string{"2025-08-31"}},
		{"The mission ends by September.", Past, []string{"2025-09"}},
		{"In September, the United States announced a deal.", Past, []string{"2024-09"}},
		{"Troops will leave in September.", Future, []string{"2025-09"}},
		{"It ends by late September 2025.", Future, []string{"2025-09"}},
		{"The base closed on 3 March 2024.", Past, []string{"2024-03-03"}},
		{"The base closed on March 3, 2024.", Past, []string{"2024-03-03"}},
		{"The base closed on Aug. 12.", Past, []string{"2025-08-12"}},
		{"Forces arrived on 2025-07-01.", Past, []string{"2025-07-01"}},
		{"The drill was held yesterday.", Past, []string{"2025-08-24"}},
		{"The pullout began last month.", Past, []string{"2025-07"}},
		{"It will be completed next year.", Future, []string{"2026"}},
		{"The base opened in 2019.", Past, []string{"2019"}},
		{"Earlier this year, the army left.", Past, []string{"2025"}},
		{"Two weeks ago troops moved.", Past, []string{"2025-08"}},
		{"They may leave soon and 2,000 troops stay.", Past, nil},
		{"Officials said May was a busy month.", Past, nil},
		{"The forces left in May.", Past, []string{"2025-05"}},
		{"On 31 February nothing happened.", Past, nil},
		{"Troops left last night.", Past, []string{"2025-08-24"}},
		{"The drills began this morning.", Past, []string{"2025-08-25"}},
		{"It happened on the 3rd of March.", Past, []string{"2025-03-03"}},
		{"Troops rotated in the first half of 2024.", Past, []string{"2024"}},
		{"The mission is to hand over security by the end of 2024.", Future, []string{"2024-12"}},
		{"Work will finish by the end of the year.", Future, []string{"2025-12"}},
		{"Talks resume at the start of next year.", Future, []string{"2026-01"}},
		{"Troops left by the close of 2020.", Past, []string{"2020-12"}},
		// Two days told together give their month; a span keeps its ends.
		{"More jets arrived Saturday and Sunday.", Past, []string{"2025-08"}},
		{"The convoy may cross on Friday or Saturday.", Future, []string{"2025-08"}},
		{"Troops arrived on July 31 and August 1.", Past, []string{"2025-07-31", "2025-08-01"}},
		{"The drills ran from May 5 to May 23.", Past, []string{"2025-05-05", "2025-05-23"}},
		{"The base closed on Monday and troops left on Tuesday.", Past, []string{"2025-08-25", "2025-08-19"}},
	}
	for _, tt := range tests {
		got := FindDates(tt.text, pub, tt.tense)
		var vals []string
		for _, d := range got {
			vals = append(vals, d.Value)
			if d.Start < 0 || d.End > len(tt.text) || d.Start >= d.End {
				t.Errorf("%q: bad span %d-%d", tt.text, d.Start, d.End)
			}
		}
		if len(vals) != len(tt.want) {
			t.Errorf("%q: got %v, want %v", tt.text, vals, tt.want)
			continue
		}
		for i := range vals {
			if vals[i] != tt.want[i] {
				t.Errorf("%q: got %v, want %v", tt.text, vals, tt.want)
			}
		}
	}
}

func TestWeekdayOnPublicationDay(t *testing.T) {
	pub := time.Date(2025, 8, 25, 0, 0, 0, 0, time.UTC) // a Monday
	got := FindDates("The strike happened on Monday.", pub, Past)
	if len(got) != 1 || got[0].Value != "2025-08-25" {
		t.Fatalf("got %+v, want the publication day", got)
	}
}

func FuzzFindDates(f *testing.F) {
	for _, s := range []string{"on Sunday", "by late September 2025", "3 March 2024", "in 2019", "two weeks ago", "Aug. 12"} {
		f.Add(s)
	}
	pub := time.Date(2025, 8, 25, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		for _, tense := range []Tense{Past, Future} {
			for _, d := range FindDates(s, pub, tense) {
				if d.Start < 0 || d.End > len(s) || d.Start > d.End {
					t.Fatalf("span %d-%d out of %d", d.Start, d.End, len(s))
				}
				if !isPartial(d.Value) {
					t.Fatalf("value %q is not YYYY, YYYY-MM or YYYY-MM-DD", d.Value)
				}
			}
		}
	})
}

func isPartial(v string) bool {
	for _, layout := range []string{"2006", "2006-01", "2006-01-02"} {
		if _, err := time.Parse(layout, v); err == nil {
			return true
		}
	}
	return false
}
