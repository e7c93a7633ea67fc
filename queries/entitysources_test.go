package queries

import (
	"slices"
	"testing"
)

// TestInsertNewest checks the list setLabelSources cuts its reads at:
// the MaxListedSources newest dates seen, newest first, repeats kept.
func TestInsertNewest(t *testing.T) {
	many := func(d string, n int) []string { return slices.Repeat([]string{d}, n) }
	tests := []struct {
		name  string
		dates []string
		date  string
		want  []string
	}{
		{"empty", nil, "2025-01-02", []string{"2025-01-02"}},
		{"newest first", []string{"2025-03", "2025-01"}, "2025-02", []string{"2025-03", "2025-02", "2025-01"}},
		{"repeat kept", []string{"2025-03", "2025-01"}, "2025-03", []string{"2025-03", "2025-03", "2025-01"}},
		{"full, older dropped", many("2025-05", MaxListedSources), "2025-04", many("2025-05", MaxListedSources)},
		{"full, newer pushes out the oldest", append(many("2025-05", MaxListedSources-1), "2025-01"), "2025-06",
			append([]string{"2025-06"}, many("2025-05", MaxListedSources-1)...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := insertNewest(slices.Clone(tt.dates), tt.date); !slices.Equal(got, tt.want) {
				t.Errorf("insertNewest(%v, %q) = %v, want %v", tt.dates, tt.date, got, tt.want)
			}
		})
	}
}
