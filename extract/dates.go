package extract

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DateMention is a date expression found in text and resolved against the
// article's publication date.
type DateMention struct {
	Start, End int
	// Value is as precise as the text allows: YYYY-MM-DD, YYYY-MM or YYYY.
	Value string
	// Relative is true when the value depended on the publication date.
	Relative bool
}

// Tense tells the resolver which way an underspecified date points: "on
// Sunday" in a report of what happened is the Sunday before publication, in
// a statement of what will happen the Sunday after.
type Tense int

// Tenses.
const (
	Past Tense = iota
	Future
)

const monthNames = `January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec`

var (
	reISODate   = mustPrefilter(`\b(\d{4})-(\d{2})-(\d{2})\b`)
	reDayMonth  = mustPrefilter(`\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(` + monthNames + `)\.?(?:,?\s+(\d{4}))?\b`)
	reMonthDay  = mustPrefilter(`\b(` + monthNames + `)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4})\b)?`)
	reMonthYear = mustPrefilter(`\b(` + monthNames + `)\.?,?\s+(\d{4})\b`)
	// A bare month needs a preposition or modifier before it, so the modal
	// verb "may" and names such as "June" the person are not dates.
	reMonthAlone   = mustPrefilter(`(?i:\b(in|by|since|until|till|from|during|early|mid|late|last|next|this|before|after|end of|start of|beginning of|through)\b)[\s-]+(?:(?i:early|mid|late)[\s-]+)?(` + monthNames + `)\b`)
	reWeekday      = mustPrefilter(`\b(?:(last|this|next|on|since|by|until|late|early)\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b`)
	reYear         = mustPrefilter(`(?i:\b(in|since|by|until|during|from|before|after|early|mid|late|end of|throughout|half of|quarter of|summer of|spring of|autumn of|fall of|winter of)\b)[\s-]+((?:19|20)\d{2})\b`)
	reMonthRelYear = mustPrefilter(`\b(` + monthNames + `)\.?,?\s+(last|this|next)\s+year\b`)
	// "by the end of 2024", "at the start of next year": the year's last or
	// first month is as precise as the text gets.
	reYearEdge = mustPrefilter(`(?i)\b(end|start|beginning|close) of (?:(?:the|this) year|(?:this|next|last) year|((?:19|20)\d{2}))\b`)
	reRelative = mustPrefilter(`(?i)\b(yesterday|today|tonight|tomorrow|this (?:morning|afternoon|evening)|last night|(?:earlier |later )?this (?:week|month|year)|last (?:week|month|year)|next (?:week|month|year)|(?:a|one|two|three|four|five|six|\d+) (?:days?|weeks?|months?|years?) ago)\b`)
)

var monthIndex = map[string]time.Month{}

func init() {
	for i, m := range []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"} {
		monthIndex[m] = time.Month(i + 1)
		monthIndex[m[:3]] = time.Month(i + 1)
	}
	monthIndex["sept"] = time.September
}

var weekdayIndex = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

var smallNumbers = map[string]int{"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}

// FindDates returns the date expressions in text, resolved against pub.
// Overlapping expressions keep the longest.
func FindDates(text string, pub time.Time, tense Tense) []DateMention {
	var found []DateMention
	add := func(start, end int, value string, relative bool) {
		// Without a publication date a relative date has no anchor.
		if value != "" && !(relative && pub.IsZero()) {
			found = append(found, DateMention{Start: start, End: end, Value: value, Relative: relative})
		}
	}
	for _, m := range reISODate.FindAllStringSubmatchIndex(text, -1) {
		y, _ := strconv.Atoi(text[m[2]:m[3]])
		mo, _ := strconv.Atoi(text[m[4]:m[5]])
		d, _ := strconv.Atoi(text[m[6]:m[7]])
		add(m[0], m[1], dayValue(y, time.Month(mo), d), false)
	}
	for _, m := range reDayMonth.FindAllStringSubmatchIndex(text, -1) {
		d, _ := strconv.Atoi(text[m[2]:m[3]])
		mo := monthIndex[strings.ToLower(text[m[4]:m[5]])]
		if m[6] >= 0 {
			y, _ := strconv.Atoi(text[m[6]:m[7]])
			add(m[0], m[1], dayValue(y, mo, d), false)
		} else {
			add(m[0], m[1], dayValue(yearFor(pub, mo, d, tense), mo, d), true)
		}
	}
	for _, m := range reMonthDay.FindAllStringSubmatchIndex(text, -1) {
		mo := monthIndex[strings.ToLower(text[m[2]:m[3]])]
		d, _ := strconv.Atoi(text[m[4]:m[5]])
		if m[6] >= 0 {
			y, _ := strconv.Atoi(text[m[6]:m[7]])
			add(m[0], m[1], dayValue(y, mo, d), false)
		} else {
			add(m[0], m[1], dayValue(yearFor(pub, mo, d, tense), mo, d), true)
		}
	}
	for _, m := range reMonthYear.FindAllStringSubmatchIndex(text, -1) {
		mo := monthIndex[strings.ToLower(text[m[2]:m[3]])]
		y, _ := strconv.Atoi(text[m[4]:m[5]])
		add(m[0], m[1], fmt.Sprintf("%04d-%02d", y, mo), false)
	}
	for _, m := range reMonthRelYear.FindAllStringSubmatchIndex(text, -1) {
		mo := monthIndex[strings.ToLower(text[m[2]:m[3]])]
		y := pub.Year() + map[string]int{"last": -1, "this": 0, "next": 1}[text[m[4]:m[5]]]
		add(m[0], m[1], fmt.Sprintf("%04d-%02d", y, mo), true)
	}
	for _, m := range reMonthAlone.FindAllStringSubmatchIndex(text, -1) {
		prep := strings.ToLower(text[m[2]:m[3]])
		mo := monthIndex[strings.ToLower(text[m[4]:m[5]])]
		t := tense
		switch prep {
		case "by", "until", "till", "next":
			t = Future
		case "since", "last":
			t = Past
		}
		y := yearFor(pub, mo, 0, t)
		if prep == "this" {
			y = pub.Year()
		}
		add(m[4], m[5], fmt.Sprintf("%04d-%02d", y, mo), true)
	}
	for _, m := range reWeekday.FindAllStringSubmatchIndex(text, -1) {
		mod := ""
		if m[2] >= 0 {
			mod = strings.ToLower(text[m[2]:m[3]])
		}
		wd := weekdayIndex[strings.ToLower(text[m[4]:m[5]])]
		t := tense
		switch mod {
		case "next", "by", "until":
			t = Future
		case "last", "since":
			t = Past
		}
		add(m[0], m[1], weekdayDate(pub, wd, t).Format("2006-01-02"), true)
	}
	for _, m := range reYear.FindAllStringSubmatchIndex(text, -1) {
		add(m[4], m[5], text[m[4]:m[5]], false)
	}
	edges := [][]int(nil)
	if strings.Contains(text, "nd of") || strings.Contains(text, "rt of") || strings.Contains(text, "ng of") || strings.Contains(text, "se of") {
		edges = reYearEdge.FindAllStringSubmatchIndex(text, -1) // "end of", "start of", "beginning of", "close of"
	}
	for _, m := range edges {
		month := time.December
		if edge := strings.ToLower(text[m[2]:m[3]]); edge == "start" || edge == "beginning" {
			month = time.January
		}
		if m[4] >= 0 {
			y, _ := strconv.Atoi(text[m[4]:m[5]])
			add(m[0], m[1], fmt.Sprintf("%04d-%02d", y, month), false)
			continue
		}
		y := pub.Year()
		phrase := strings.ToLower(text[m[0]:m[1]])
		if strings.HasSuffix(phrase, "next year") {
			y++
		} else if strings.HasSuffix(phrase, "last year") {
			y--
		}
		add(m[0], m[1], fmt.Sprintf("%04d-%02d", y, month), true)
	}
	for _, m := range reRelative.FindAllStringSubmatchIndex(text, -1) {
		add(m[0], m[1], relativeValue(strings.ToLower(text[m[2]:m[3]]), pub), true)
	}
	return joinRanges(text, longestFirst(found))
}

// reDayPair joins two days told together: "Saturday and Sunday", "on
// June 5 or 6".
var reDayPair = regexp.MustCompile(`^\s*(?:and|or)\s*$`)

// joinRanges makes one mention of two days of a month told together,
// dated to the month: the text gives no single day ("arriving Saturday and
// Sunday"). A span told from one day to another ("will run from May 5 to
// May 23") keeps its first day, when the event begins; days of different
// months stay two days.
func joinRanges(text string, ms []DateMention) []DateMention {
	dayOnly := func(v string) bool { return len(v) == len("2006-01-02") }
	out := ms[:0]
	for _, m := range ms {
		if n := len(out); n > 0 {
			a := &out[n-1]
			if dayOnly(a.Value) && dayOnly(m.Value) && a.Value != m.Value && a.Value[:7] == m.Value[:7] && reDayPair.MatchString(text[a.End:m.Start]) {
				a.End, a.Value, a.Relative = m.End, a.Value[:7], a.Relative || m.Relative
				continue
			}
		}
		out = append(out, m)
	}
	return out
}

func longestFirst(found []DateMention) []DateMention {
	slices.SortStableFunc(found, func(a, b DateMention) int {
		if la, lb := a.End-a.Start, b.End-b.Start; la != lb {
			return lb - la
		}
		return a.Start - b.Start
	})
	var out []DateMention
	for _, f := range found {
		overlap := false
		for _, o := range out {
			if f.Start < o.End && o.Start < f.End {
				overlap = true
				break
			}
		}
		if !overlap {
			out = append(out, f)
		}
	}
	slices.SortFunc(out, func(a, b DateMention) int { return a.Start - b.Start })
	return out
}

func dayValue(y int, m time.Month, d int) string {
	if m < 1 || m > 12 || d < 1 || d > 31 || y < 1000 || y > 9999 {
		return ""
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Month() != m {
		return "" // 31 February and the like
	}
	return t.Format("2006-01-02")
}

// yearFor picks the year of a month (and day, when d > 0) given without one:
// the latest such date not after publication when reporting the past, the
// earliest not before it when stating plans.
func yearFor(pub time.Time, m time.Month, d int, tense Tense) int {
	if pub.IsZero() {
		return time.Now().Year()
	}
	y := pub.Year()
	if d == 0 {
		d = 1
		if tense == Past {
			// Compare months only: "in August" in an August article is this August.
			if m > pub.Month() {
				return y - 1
			}
			return y
		}
		if m < pub.Month() {
			return y + 1
		}
		return y
	}
	cand := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	day := time.Date(pub.Year(), pub.Month(), pub.Day(), 0, 0, 0, 0, time.UTC)
	if tense == Past && cand.After(day) {
		return y - 1
	}
	if tense == Future && cand.Before(day) {
		return y + 1
	}
	return y
}

// weekdayDate resolves a weekday: the most recent such day before
// publication (or the day itself) for the past, the next one for the future.
func weekdayDate(pub time.Time, wd time.Weekday, tense Tense) time.Time {
	day := time.Date(pub.Year(), pub.Month(), pub.Day(), 0, 0, 0, 0, time.UTC)
	if tense == Future {
		diff := (int(wd) - int(day.Weekday()) + 7) % 7
		if diff == 0 {
			diff = 7
		}
		return day.AddDate(0, 0, diff)
	}
	diff := (int(day.Weekday()) - int(wd) + 7) % 7
	return day.AddDate(0, 0, -diff)
}

func relativeValue(s string, pub time.Time) string {
	day := time.Date(pub.Year(), pub.Month(), pub.Day(), 0, 0, 0, 0, time.UTC)
	month := func(t time.Time) string { return t.Format("2006-01") }
	year := func(t time.Time) string { return t.Format("2006") }
	s = strings.TrimPrefix(strings.TrimPrefix(s, "earlier "), "later ")
	switch s {
	case "yesterday":
		return day.AddDate(0, 0, -1).Format("2006-01-02")
	case "today", "tonight", "this morning", "this afternoon", "this evening":
		return day.Format("2006-01-02")
	case "last night":
		return day.AddDate(0, 0, -1).Format("2006-01-02")
	case "tomorrow":
		return day.AddDate(0, 0, 1).Format("2006-01-02")
	case "this week", "last week", "next week":
		// A week is not a date; the month it falls in is as precise as it gets.
		off := map[string]int{"this week": 0, "last week": -7, "next week": 7}[s]
		return month(day.AddDate(0, 0, off))
	case "this month":
		return month(day)
	case "last month":
		return month(time.Date(day.Year(), day.Month()-1, 1, 0, 0, 0, 0, time.UTC))
	case "next month":
		return month(time.Date(day.Year(), day.Month()+1, 1, 0, 0, 0, 0, time.UTC))
	case "this year":
		return year(day)
	case "last year":
		return year(day.AddDate(-1, 0, 0))
	case "next year":
		return year(day.AddDate(1, 0, 0))
	}
	if f := strings.Fields(s); len(f) == 3 && f[2] == "ago" {
		n, err := strconv.Atoi(f[0])
		if err != nil {
			n = smallNumbers[f[0]]
		}
		switch strings.TrimSuffix(f[1], "s") {
		case "day":
			return day.AddDate(0, 0, -n).Format("2006-01-02")
		case "week":
			return month(day.AddDate(0, 0, -7*n))
		case "month":
			return month(time.Date(day.Year(), day.Month()-time.Month(n), 1, 0, 0, 0, 0, time.UTC))
		case "year":
			return year(day.AddDate(-n, 0, 0))
		}
	}
	return ""
}
