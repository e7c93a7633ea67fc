package extract

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph"
)

// reChainedDate is a date told relative to the story's last dated day, not
// to the publication: "was completed the previous day", "two days later".
var reChainedDate = regexp.MustCompile(`(?i)\b(?:(the previous day|the day before|a day earlier|the next day|the following day|a day later)|(a|one|two|three|four|five|six|\d+) (days?|weeks?) (later|earlier))\b`)

// chainDates resolves chained dates against the last day a sentence of the
// same or the previous paragraph gave: "The United States on Thursday
// confirmed ..." then "the departure was completed the previous day" is
// the Wednesday.
func (an *analysis) chainDates() {
	anchor, anchorPara := time.Time{}, -10
	for i, s := range an.doc.Sentences {
		text := an.doc.Text[s.Start:s.End]
		if !anchor.IsZero() && s.Paragraph-anchorPara <= 1 {
			for _, loc := range reChainedDate.FindAllStringSubmatchIndex(text, -1) {
				if d, ok := chainedValue(text, loc, anchor); ok {
					an.dates[i] = append(an.dates[i], DateMention{Start: s.Start + loc[0], End: s.Start + loc[1], Value: d.Format("2006-01-02"), Relative: true})
				}
			}
		}
		for _, d := range an.dates[i] {
			if t, err := time.Parse("2006-01-02", d.Value); err == nil {
				anchor, anchorPara = t, s.Paragraph
			}
		}
	}
}

// chainedValue is the day a chained date match names, counted from anchor.
func chainedValue(text string, loc []int, anchor time.Time) (time.Time, bool) {
	if loc[2] >= 0 {
		switch strings.ToLower(text[loc[2]:loc[3]]) {
		case "the previous day", "the day before", "a day earlier":
			return anchor.AddDate(0, 0, -1), true
		default:
			return anchor.AddDate(0, 0, 1), true
		}
	}
	nword := strings.ToLower(text[loc[4]:loc[5]])
	n, ok := smallNumbers[nword]
	if !ok {
		v, err := strconv.Atoi(nword)
		if err != nil || v > 60 {
			return time.Time{}, false
		}
		n = v
	}
	if strings.HasPrefix(strings.ToLower(text[loc[6]:loc[7]]), "week") {
		n *= 7
	}
	if strings.EqualFold(text[loc[8]:loc[9]], "earlier") {
		n = -n
	}
	return anchor.AddDate(0, 0, n), true
}

// yieldReportDates: an event dated only by the report that tells it ("The
// United States on Thursday confirmed its forces have departed al-Tanf")
// takes the date of another report of it that dates the event itself
// ("the departure was completed the previous day"), within a week before:
// the report's day bounds the event, it does not date it.
func (an *analysis) yieldReportDates(events []newsgraph.Event) {
	for i := range events {
		ev := &events[i]
		if !an.reportDated[ownSubjectKey(*ev)] || ev.Date == "" {
			continue
		}
		reported, err := time.Parse("2006-01-02", ev.Date)
		if err != nil {
			continue
		}
		for _, o := range events {
			if an.reportDated[ownSubjectKey(o)] || o.Type != ev.Type || o.Negated != ev.Negated || !overlap(o.Bases, ev.Bases) {
				continue
			}
			own, err := time.Parse("2006-01-02", o.Date)
			if err != nil || own.After(reported) || reported.Sub(own) > 7*24*time.Hour {
				continue
			}
			ev.Date = o.Date
			break
		}
	}
}
