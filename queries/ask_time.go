package queries

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/extract"
)

// Time frames of questions: a trailing phrase ("since June", "this
// week", "in 2024", "since the last refresh") is cut from the question
// and becomes the dates of the query. A date left anywhere else in the
// question is found with the extractor's date resolver and refused, never
// ignored.

// timeFrame is what a question's time phrases mean.
type timeFrame struct {
	from, to string
	// lastRefresh: "since the last refresh".
	lastRefresh bool
	// text is the phrases as written, for the plan and refusals.
	text []string
}

func (t timeFrame) empty() bool { return t.from == "" && t.to == "" && !t.lastRefresh }

const monthNames = `jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?`

// dateExpr matches the dates a question may use: ISO dates, "June",
// "June 2025", "24 August 2025", "August 24, 2025".
const dateExpr = `(?:\d{4}-\d{2}-\d{2}|\d{4}-\d{2}|\d{4}|\d{1,2} (?:` + monthNames + `)(?:,? \d{4})?|(?:` + monthNames + `)(?: \d{1,2}(?:st|nd|rd|th)?)?(?:,? \d{4})?)`

var (
	reSince       = regexp.MustCompile(`(?i)\s*,?\s*\b(?:since|after|from|starting(?: in)?) (` + dateExpr + `)$`)
	reBefore      = regexp.MustCompile(`(?i)\s*,?\s*\b(before|until|till|up to|by) (` + dateExpr + `)$`)
	reBetween     = regexp.MustCompile(`(?i)\s*,?\s*\bbetween (` + dateExpr + `) and (` + dateExpr + `)$`)
	reInDate      = regexp.MustCompile(`(?i)\s*,?\s*\b(?:in|during|on) (` + dateExpr + `)$`)
	reRel         = regexp.MustCompile(`(?i)\s*,?\s*\b(?:(?:in|during|over) )?(?:the )?(this|last|past) (year|month|week)$`)
	reToday       = regexp.MustCompile(`(?i)\s*,?\s*\b(today|yesterday)$`)
	reLastRefresh = regexp.MustCompile(`(?i)\s*,?\s*\bsince (?:the )?(?:last|latest|previous) (?:refresh|update|run)(?: run)?$`)
	reDay         = regexp.MustCompile(`(?i)^(\d{1,2}) (` + monthNames + `)(?:,? (\d{4}))?$`)
	reMonth       = regexp.MustCompile(`(?i)^(` + monthNames + `)(?: (\d{1,2})(?:st|nd|rd|th)?)?(?:,? (\d{4}))?$`)
)

// splitTimeFrame strips trailing time phrases from q and returns the rest
// with what they mean (partial dates: YYYY, YYYY-MM or YYYY-MM-DD, as the
// queries take them).
func splitTimeFrame(q string, now time.Time) (string, timeFrame) {
	core := q
	var tf timeFrame
	cut := func(m string) {
		tf.text = append(tf.text, strings.Trim(m, " ,"))
		core = core[:len(core)-len(m)]
	}
	for range 3 {
		switch {
		case reLastRefresh.MatchString(core):
			tf.lastRefresh = true
			cut(reLastRefresh.FindString(core))
		case reBetween.MatchString(core):
			m := reBetween.FindStringSubmatch(core)
			tf.from, _ = parseDate(m[1], now)
			tf.to, _ = parseDate(m[2], now)
			cut(m[0])
		case reSince.MatchString(core):
			m := reSince.FindStringSubmatch(core)
			tf.from, _ = parseDate(m[1], now)
			cut(m[0])
		case reBefore.MatchString(core):
			m := reBefore.FindStringSubmatch(core)
			d, _ := parseDate(m[2], now)
			if strings.EqualFold(m[1], "before") {
				d = dayBefore(d)
			}
			tf.to = d
			cut(m[0])
		case reRel.MatchString(core):
			m := reRel.FindStringSubmatch(core)
			tf.from, tf.to = relativePeriod(strings.ToLower(m[1]), strings.ToLower(m[2]), now)
			cut(m[0])
		case reToday.MatchString(core):
			m := reToday.FindStringSubmatch(core)
			d := now
			if strings.EqualFold(m[1], "yesterday") {
				d = now.AddDate(0, 0, -1)
			}
			tf.from = d.Format("2006-01-02")
			cut(m[0])
		case reInDate.MatchString(core):
			m := reInDate.FindStringSubmatch(core)
			d, _ := parseDate(m[1], now)
			tf.from, tf.to = d, d
			cut(m[0])
		default:
			return strings.TrimSpace(core), tf
		}
	}
	return strings.TrimSpace(core), tf
}

// relativePeriod is "this week", "last month", "past year" as dates: this
// one runs from its start (to now); last and past are the whole previous
// one (a week starts on Monday).
func relativePeriod(which, unit string, now time.Time) (from, to string) {
	last := which != "this"
	switch unit {
	case "year":
		if last {
			y := strconv.Itoa(now.Year() - 1)
			return y, y
		}
		return strconv.Itoa(now.Year()), ""
	case "month":
		if last {
			m := time.Date(now.Year(), now.Month()-1, 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
			return m, m
		}
		return now.Format("2006-01"), ""
	}
	monday := now.AddDate(0, 0, -((int(now.Weekday()) + 6) % 7))
	if last {
		prev := monday.AddDate(0, 0, -7)
		return prev.Format("2006-01-02"), monday.AddDate(0, 0, -1).Format("2006-01-02")
	}
	return monday.Format("2006-01-02"), ""
}

// strayDates finds dates the extractor's resolver reads in what is left of
// a question once its time frame is cut: they have nowhere to go.
func strayDates(core string, now time.Time) []string {
	var out []string
	for _, m := range extract.FindDates(core, now, extract.Past) {
		out = append(out, core[m.Start:m.End])
	}
	return out
}

// parseDate reads one date expression as a partial date, through the
// extractor's date resolver (a month without a year is the most recent
// such month up to now), and the question forms it does not read.
func parseDate(s string, now time.Time) (string, bool) {
	s = strings.TrimSpace(s)
	if isPartialDate(s) {
		return s, true
	}
	if ms := extract.FindDates(s, now, extract.Past); len(ms) == 1 && ms[0].Start == 0 && ms[0].End == len(s) && IsDate(ms[0].Value) {
		return ms[0].Value, true
	}
	var day, month, year int
	if m := reDay.FindStringSubmatch(s); m != nil {
		day, _ = strconv.Atoi(m[1])
		month = monthNumber(m[2])
		year, _ = strconv.Atoi(m[3])
	} else if m := reMonth.FindStringSubmatch(s); m != nil {
		month = monthNumber(m[1])
		day, _ = strconv.Atoi(m[2])
		year, _ = strconv.Atoi(m[3])
	} else {
		return "", false
	}
	if year == 0 {
		year = now.Year()
		if month > int(now.Month()) {
			year--
		}
	}
	if day > 0 {
		return fmt.Sprintf("%04d-%02d-%02d", year, month, day), true
	}
	return fmt.Sprintf("%04d-%02d", year, month), true
}

func monthNumber(s string) int {
	s = strings.ToLower(s)
	for i, p := range []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"} {
		if strings.HasPrefix(s, p) {
			return i + 1
		}
	}
	return 0
}

// dayBefore is the last day before a partial date begins: "before 2025-09"
// means up to 2025-08-31.
func dayBefore(d string) string {
	var t time.Time
	var err error
	switch len(d) {
	case 4:
		t, err = time.Parse("2006", d)
	case 7:
		t, err = time.Parse("2006-01", d)
	case 10:
		t, err = time.Parse("2006-01-02", d)
	default:
		return d
	}
	if err != nil {
		return d
	}
	return t.AddDate(0, 0, -1).Format("2006-01-02")
}
