package extract

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph"
)

// reChainedDate is a date told relative to the story's last dated day, not
// to the publication: "was completed the previous day", "two days later".
var reChainedDate = mustPrefilter(`(?i)\b(?:(the previous day|the day before|a day earlier|the next day|the following day|a day later)|(a|one|two|three|four|five|six|\d+) (days?|weeks?) (later|earlier))\b`)

// chainDates resolves chained dates against the last day a sentence of the
// same or the previous paragraph gave: "Berlin said on Tuesday that ..."
// then "the last plane had taken off the day before" is the
// Monday.
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

// yieldReportDates: an event dated only by the report that tells it
// ("Berlin said on Tuesday that its last soldiers had left Niamey") takes
// the date of another report of it that dates the event itself ("the last
// plane had taken off the day before"), within a week before:
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

var (
	// Days named from the speaker's point of view.
	reDeictic = regexp.MustCompile(`(?i)^(?:today|tonight|yesterday|this (?:morning|afternoon|evening))$`)
	// A past reporting verb outside the quote: the speech was earlier than
	// the page, so its "today" is not the publication day.
	rePastReport = regexp.MustCompile(`(?i)\b(?:said|told|wrote|stated|added|posted|declared|announced)\b`)
)

// unquoteDeictic drops "today" and "this morning" spoken inside a quotation
// that a past reporting verb reports ("... originating from Iran today," an
// official told Fox News): the day is the speech's, which the page does not
// give, so the event takes its date from the narration instead.
func (an *analysis) unquoteDeictic() {
	for i, s := range an.doc.Sentences {
		text := an.doc.Text[s.Start:s.End]
		kept := an.dates[i][:0]
		for _, d := range an.dates[i] {
			at := d.Start - s.Start
			// dateQuotedToday has already given the lead's day to a
			// quotation's "today" where the lead names one.
			redated := !an.art.Published.IsZero() && d.Value != an.art.Published.Format("2006-01-02")
			if d.Relative && !redated && reDeictic.MatchString(an.doc.Text[d.Start:d.End]) && insideQuote(text, at) && rePastReport.MatchString(outsideQuotes(text)) {
				continue
			}
			kept = append(kept, d)
		}
		an.dates[i] = kept
	}
}

// insideQuote reports whether byte offset pos of a sentence is inside a
// quotation: an unclosed opening mark before it, or a closing mark after it
// with no opening one before (a quote begun in an earlier sentence).
func insideQuote(text string, pos int) bool {
	before := text[:pos]
	if strings.Count(before, "\"")%2 == 1 || strings.LastIndex(before, "“") > strings.LastIndex(before, "”") {
		return true
	}
	if strings.Contains(before, "“") || strings.Contains(before, "\"") {
		return false
	}
	return strings.Contains(text[pos:], "”")
}

// outsideQuotes is the sentence without its quoted stretches; a sentence
// that closes a quote it did not open starts inside it.
func outsideQuotes(text string) string {
	var b strings.Builder
	firstClose, firstOpen := strings.Index(text, "”"), strings.IndexAny(text, "“\"")
	in := firstClose >= 0 && (firstOpen < 0 || firstClose < firstOpen)
	for _, r := range text {
		switch {
		case r == '“' || r == '"' && !in:
			in = true
		case r == '”' || r == '"' && in:
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// reDayPhrase is a day as the text gives it, whether or not the page's date
// lets it be resolved: "On January 17", "Two weeks later", "on Tuesday".
var reDayPhrase = mustPrefilter(`(?i)\b(?:(?:` + monthNames + `)\.? \d{1,2}\b|\d{1,2} (?:` + monthNames + `)\b|(?:on|last|this) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|(?:a|one|two|three|four|five|six|\d+) (?:days?|weeks?) (?:later|earlier)|the (?:previous|next|following) day)`)

// dayPhrase is the first day phrase of a stretch that does not date a
// report ("sources confirmed on Tuesday"), lowercased, or "".
func dayPhrase(stretch string) string {
	for _, loc := range reDayPhrase.FindAllStringIndex(stretch, -1) {
		if reReportingDate.MatchString(stretch[:loc[0]]) {
			continue
		}
		return strings.ToLower(stretch[loc[0]:loc[1]])
	}
	return ""
}

// mergeReports joins reports of the same event across sentences (same type
// and polarity, compatible actors, bases and dates: sameEvent), except two
// attacks each told with a day of its own that differs: "On April 9 they
// hit a fuel depot in Jizan" and "Three weeks later drones struck a
// refinery" are two attacks even where the page's missing year leaves
// both undated.
func (an *analysis) mergeReports(evs []newsgraph.Event) []newsgraph.Event {
	var out []newsgraph.Event
	for _, ev := range evs {
		j := slices.IndexFunc(out, func(o newsgraph.Event) bool { return sameEvent(o, ev) && !an.distinctDays(o, ev) })
		if j < 0 {
			out = append(out, ev)
			continue
		}
		keep := combine(out[j], ev)
		if d := an.dayText[ownSubjectKey(keep)]; d == "" {
			// the merged report carries whichever day either report gave
			for _, k := range []string{ownSubjectKey(out[j]), ownSubjectKey(ev)} {
				if an.dayText[k] != "" {
					an.dayText[ownSubjectKey(keep)] = an.dayText[k]
				}
			}
		}
		out[j] = keep
	}
	return out
}

func (an *analysis) distinctDays(a, b newsgraph.Event) bool {
	da, db := an.dayText[ownSubjectKey(a)], an.dayText[ownSubjectKey(b)]
	return a.Type == newsgraph.EventAttack && da != "" && db != "" && da != db
}

// episodeDate is the date an undated event inherits from an earlier event
// o of its story. A sentence between the two that tells another day of the
// same month ("arrived on Friday. They were joined by six more, arriving
// Saturday and Sunday. While deployed there ...") may have moved the story
// on, so the event could be either day's: it gets the month both share.
// Days of other months are background, not a later step of the story.
func (an *analysis) episodeDate(o, ev newsgraph.Event) string {
	if len(o.Date) != len("2006-01-02") {
		return o.Date
	}
	for si := o.Sentence + 1; si < ev.Sentence; si++ {
		for _, d := range an.dates[si] {
			if d.Value != o.Date && strings.HasPrefix(d.Value, o.Date[:7]) {
				return o.Date[:7]
			}
		}
	}
	return o.Date
}
