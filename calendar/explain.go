package calendar

import (
	"fmt"
	"sort"
	"time"
)

// maxWeekendRuns is how many weekends Explain lists one by one before it
// only counts them: a 20-working-day span has four, a year has fifty.
const maxWeekendRuns = 4

// Explain describes the dates after from up to and including to (in either
// order) for a human reader, one short line each: the official days off and
// weekends skipped, the make-up working days counted, and the notices behind
// them. It fails like WorkdaysBetween on dates without data.
func (c *Calendar) Explain(from, to time.Time) ([]string, error) {
	if _, err := c.WorkdaysBetween(from, to); err != nil {
		return nil, err
	}
	i, _ := c.index(from)
	j, _ := c.index(to)
	if j < i {
		i, j = j, i
	}
	type run struct {
		kind        DayKind
		name        string
		first, last DayInfo
		days        int
	}
	var skipped []run // official days off and weekends, in date order
	var makeups []DayInfo
	weekendRuns, weekendDays := 0, 0
	years := map[int]bool{}
	for k := i + 1; k <= j; k++ {
		d := c.info(k)
		years[d.Date.Year()] = true
		if d.Source != 0 {
			years[d.Source] = true
		}
		switch d.Kind {
		case MakeupWorkday:
			makeups = append(makeups, d)
			continue
		case Weekend:
			weekendDays++
		case OffDay:
		default:
			continue
		}
		if n := len(skipped); n > 0 && skipped[n-1].kind == d.Kind && skipped[n-1].name == d.Name &&
			skipped[n-1].last.Date.AddDate(0, 0, 1).Equal(d.Date) {
			skipped[n-1].last = d
			skipped[n-1].days++
			continue
		}
		skipped = append(skipped, run{kind: d.Kind, name: d.Name, first: d, last: d, days: 1})
		if d.Kind == Weekend {
			weekendRuns++
		}
	}

	var lines []string
	var firstWeekend, lastWeekend time.Time
	for _, r := range skipped {
		switch {
		case r.kind == OffDay && r.days == 1:
			lines = append(lines, fmt.Sprintf("skipped %s: %s, official day off", span(r.first, r.last), r.name))
		case r.kind == OffDay:
			lines = append(lines, fmt.Sprintf("skipped %s: %s, official days off", span(r.first, r.last), r.name))
		case weekendRuns <= maxWeekendRuns:
			lines = append(lines, fmt.Sprintf("skipped %s: weekend (周末)", span(r.first, r.last)))
		default:
			if firstWeekend.IsZero() {
				firstWeekend = r.first.Date
			}
			lastWeekend = r.last.Date
		}
	}
	if !firstWeekend.IsZero() {
		lines = append(lines, fmt.Sprintf("skipped %d weekend days (周末) from %s to %s",
			weekendDays, FormatDate(firstWeekend), FormatDate(lastWeekend)))
	}
	if len(skipped) == 0 {
		lines = append(lines, "no official days off or weekends in between")
	}
	for _, d := range makeups {
		what := "make-up working day (调休上班)"
		if d.Name != "" {
			what = d.Name + " " + what
		}
		lines = append(lines, fmt.Sprintf("counted %s (%s): %s", FormatDate(d.Date), d.Date.Weekday().String()[:3], what))
	}
	ys := make([]int, 0, len(years))
	for y := range years {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	for _, y := range ys {
		ns := c.Notice(y)
		if len(ns) == 0 {
			if c.covered[y] {
				lines = append(lines, fmt.Sprintf("basis for %d: supplied holiday data (no notice recorded)", y))
			}
			continue
		}
		for _, n := range ns {
			lines = append(lines, fmt.Sprintf("basis for %d: %s", y, n))
		}
	}
	return lines, nil
}

func span(first, last DayInfo) string {
	if first.Date.Equal(last.Date) {
		return fmt.Sprintf("%s (%s)", FormatDate(first.Date), first.Date.Weekday().String()[:3])
	}
	return FormatDate(first.Date) + " to " + FormatDate(last.Date)
}
