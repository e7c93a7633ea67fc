package queries

import (
	"context"
	"slices"
	"strings"
)

// setReportSources puts the sources of a merged row's reports (one per
// article) on it, as setSources of all their sources would: each report
// counts, and the MaxListedSources newest are listed. When the entity
// index dated every report, only the newest (and those published at the
// same moment as the last of them) read their evidence and source: a
// hot entity's rows merge the reports of hundreds of articles.
func (r *reader) setReportSources(ctx context.Context, row *Row, reps []roleReport) error {
	pick := reps
	if len(reps) > MaxListedSources && !slices.ContainsFunc(reps, func(rep roleReport) bool { return !rep.indexed }) {
		pick = slices.Clone(reps)
		slices.SortStableFunc(pick, func(a, b roleReport) int { return strings.Compare(b.published, a.published) })
		cut := MaxListedSources
		for cut < len(pick) && pick[cut].published == pick[cut-1].published {
			cut++
		}
		pick = pick[:cut]
	}
	srcs := make([]Source, 0, len(pick))
	for _, rep := range pick {
		if err := r.eventSource(ctx, rep.ev); err != nil {
			return err
		}
		srcs = append(srcs, rep.ev.source)
	}
	sortSources(srcs)
	setSources(row, srcs)
	row.Corroboration = len(reps)
	row.Values["articles"] = len(reps)
	return nil
}
