package calendar

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"sync"
	"time"
)

// Location is Asia/Shanghai as a fixed UTC+8 zone. China has had no daylight
// saving since 1991, so a fixed zone is exact for every covered year and needs
// no tzdata on the host.
var Location = time.FixedZone("CST", 8*3600)

const (
	dateLayout    = "2006-01-02"
	secondsPerDay = 86400
	cstOffset     = 8 * 3600
)

// ErrYearNotCovered reports a date in a year for which the calendar has no
// official data. Callers must not fall back to Mon–Fri: that silently turns
// on-time disclosures into late ones. Use errors.As with *NotCoveredError to
// get the year.
var ErrYearNotCovered = errors.New("no official holiday data for the year")

// NotCoveredError is the ErrYearNotCovered for a given year.
type NotCoveredError struct{ Year int }

func (e *NotCoveredError) Error() string {
	return fmt.Sprintf("no official holiday data for %d: add it with --calendar FILE (holiday-cn JSON format) or 'calendar: FILE' in the site profile", e.Year)
}

// Unwrap makes errors.Is(err, ErrYearNotCovered) true.
func (e *NotCoveredError) Unwrap() error { return ErrYearNotCovered }

// DayKind classifies a calendar date.
type DayKind uint8

// Day kinds. OffDay and MakeupWorkday come from the notices and override the
// weekday; Weekday and Weekend apply to dates no notice mentions.
const (
	Weekday       DayKind = iota // Monday–Friday, working
	Weekend                      // Saturday or Sunday, rest
	OffDay                       // official day off (法定节假日 or 调休放假)
	MakeupWorkday                // working day set by a notice (调休上班)
	uncovered     DayKind = 0xFF
)

// Working reports whether days of this kind are working days.
func (k DayKind) Working() bool { return k == Weekday || k == MakeupWorkday }

// DayInfo describes one date of the calendar.
type DayInfo struct {
	Date   time.Time // midnight in Location
	Kind   DayKind
	Name   string // holiday name for OffDay and MakeupWorkday
	Source int    // year of the notice data that set an OffDay/MakeupWorkday
}

// Workday reports whether the date is an official working day.
func (d DayInfo) Workday() bool { return d.Kind.Working() }

type entry struct {
	name   string
	off    bool
	source int
}

// Calendar is the official working-day calendar over a set of covered years.
// It is immutable after construction and safe for concurrent use.
//
// Every method takes any time.Time and uses its Asia/Shanghai calendar date.
// A date in a year without data gives a *NotCoveredError, never a guess.
type Calendar struct {
	src     []Year          // inputs in order, for With/Merge/Notice
	covered map[int]bool    // years with at least one day of data
	entries map[int64]entry // by day number, later inputs win
	start   int64           // day number of Jan 1 of the first covered year
	kinds   []DayKind       // per day from start; uncovered for gap years
	cum     []int32         // cum[i] = working days in [start, start+i)
	unc     []int32         // unc[i] = uncovered days in [start, start+i)
	nth     []int32         // nth[k] = index of the (k+1)-th working day
}

//go:embed data/*.json
var embedded embed.FS

// EmbeddedYears returns the official data shipped with gongkai.
func EmbeddedYears() ([]Year, error) {
	files, err := fs.Glob(embedded, "data/*.json")
	if err != nil {
		return nil, err
	}
	var all []Year
	for _, name := range files {
		f, err := embedded.Open(name)
		if err != nil {
			return nil, err
		}
		years, err := Load(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("embedded %s: %w", name, err)
		}
		all = append(all, years...)
	}
	return all, nil
}

var defaultCalendar = sync.OnceValue(func() *Calendar {
	years, err := EmbeddedYears()
	if err == nil {
		var c *Calendar
		if c, err = New(years...); err == nil {
			return c
		}
	}
	// The embedded files are tested; reaching this is a build defect.
	panic("calendar: embedded data: " + err.Error())
})

// Default returns the calendar of the embedded official data (2008–2026).
func Default() *Calendar { return defaultCalendar() }

// New builds a calendar from years of data. Later years override earlier ones
// day by day, so local or corrected data goes last. A year is covered when
// some input for it has at least one day; an input with empty days (holiday-cn
// publishes such placeholders before the notice) covers nothing.
func New(years ...Year) (*Calendar, error) {
	c := &Calendar{
		src:     append([]Year(nil), years...),
		covered: map[int]bool{},
		entries: map[int64]entry{},
	}
	for _, y := range years {
		if err := validate(y); err != nil {
			return nil, err
		}
		if len(y.Days) > 0 {
			c.covered[y.Year] = true
		}
		for _, d := range y.Days {
			t, _ := parseISODate(d.Date) // validated above
			c.entries[unixDay(t)] = entry{name: d.Name, off: d.IsOffDay, source: y.Year}
		}
	}
	if len(c.covered) == 0 {
		return c, nil
	}
	first, last := maxYear, minYear
	for y := range c.covered {
		first, last = min(first, y), max(last, y)
	}
	c.start = unixDay(time.Date(first, 1, 1, 0, 0, 0, 0, time.UTC))
	end := unixDay(time.Date(last+1, 1, 1, 0, 0, 0, 0, time.UTC))
	n := int(end - c.start)
	c.kinds = make([]DayKind, n)
	c.cum = make([]int32, n+1)
	c.unc = make([]int32, n+1)
	c.nth = make([]int32, 0, n*3/4)
	year, next := first, unixDay(time.Date(first+1, 1, 1, 0, 0, 0, 0, time.UTC))
	for i := range n {
		dn := c.start + int64(i)
		if dn == next {
			year++
			next = unixDay(time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC))
		}
		k := uncovered
		if c.covered[year] {
			k = Weekday
			if e, ok := c.entries[dn]; ok {
				k = MakeupWorkday
				if e.off {
					k = OffDay
				}
			} else if wd := weekday(dn); wd == time.Saturday || wd == time.Sunday {
				k = Weekend
			}
		}
		c.kinds[i] = k
		c.cum[i+1], c.unc[i+1] = c.cum[i], c.unc[i]
		switch {
		case k == uncovered:
			c.unc[i+1]++
		case k.Working():
			c.cum[i+1]++
			c.nth = append(c.nth, int32(i))
		}
	}
	return c, nil
}

// With returns a new calendar with extra data added: new years become
// covered and extra days override or add to existing ones (local ethnic
// holidays, next year's notice). c is unchanged.
func (c *Calendar) With(extra ...Year) (*Calendar, error) {
	return New(append(append([]Year(nil), c.src...), extra...)...)
}

// Merge returns a calendar of a's data overridden by b's.
func Merge(a, b *Calendar) (*Calendar, error) { return a.With(b.src...) }

// Years returns the covered years in ascending order.
func (c *Calendar) Years() []int {
	ys := make([]int, 0, len(c.covered))
	for y := range c.covered {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	return ys
}

// Covered reports whether the calendar has official data for year.
func (c *Calendar) Covered(year int) bool { return c.covered[year] }

// Notice returns the notices that set year's days (for citations such as
// "工作日，依据国办发明电〔2024〕12号"), nil when there are none.
func (c *Calendar) Notice(year int) []Notice {
	var ns []Notice
	seen := map[Notice]bool{}
	for _, y := range c.src {
		if y.Year != year {
			continue
		}
		for _, n := range y.Notices {
			if !seen[n] {
				seen[n] = true
				ns = append(ns, n)
			}
		}
	}
	return ns
}

// index returns t's day index, or a *NotCoveredError. It avoids t.In and
// Date: adding the fixed +8h offset to Unix seconds gives the Shanghai day.
func (c *Calendar) index(t time.Time) (int, error) {
	s := t.Unix() + cstOffset
	dn := s / secondsPerDay
	if s%secondsPerDay < 0 {
		dn--
	}
	i := dn - c.start
	if i < 0 || i >= int64(len(c.kinds)) || c.kinds[i] == uncovered {
		return 0, &NotCoveredError{Year: t.In(Location).Year()}
	}
	return int(i), nil
}

func (c *Calendar) date(i int) time.Time {
	return time.Unix((c.start+int64(i))*secondsPerDay-cstOffset, 0).In(Location)
}

// firstGapAfter names the first uncovered year after index i, for errors.
func (c *Calendar) firstGapAfter(i int) error {
	y := c.date(i).Year() + 1
	for c.covered[y] {
		y++
	}
	return &NotCoveredError{Year: y}
}

// Day describes t's date: kind, holiday name and the notice year behind it.
func (c *Calendar) Day(t time.Time) (DayInfo, error) {
	i, err := c.index(t)
	if err != nil {
		return DayInfo{}, err
	}
	return c.info(i), nil
}

func (c *Calendar) info(i int) DayInfo {
	d := DayInfo{Date: c.date(i), Kind: c.kinds[i]}
	if e, ok := c.entries[c.start+int64(i)]; ok {
		d.Name, d.Source = e.name, e.source
	}
	return d
}

// IsWorkday reports whether t's date is an official working day: Mon–Fri
// unless a notice made it a day off, or a weekend day made a working day.
func (c *Calendar) IsWorkday(t time.Time) (bool, error) {
	i, err := c.index(t)
	if err != nil {
		return false, err
	}
	return c.kinds[i].Working(), nil
}

// AddWorkdays returns the n-th working day strictly after t's date (the
// start day is not counted, 民法典第二百零一条), at midnight in Location.
// n = 0 returns t's date. It errors if n < 0 or if the count reaches a year
// without data.
func (c *Calendar) AddWorkdays(t time.Time, n int) (time.Time, error) {
	i, err := c.index(t)
	if err != nil {
		return time.Time{}, err
	}
	j, err := c.addWorkdays(i, n)
	if err != nil {
		return time.Time{}, err
	}
	return c.date(j), nil
}

// addWorkdays is O(1): the k-th working day overall is nth[k], and t's date
// has cum[i+1] working days up to and including it.
func (c *Calendar) addWorkdays(i, n int) (int, error) {
	if n < 0 {
		return 0, fmt.Errorf("working-day count %d is negative", n)
	}
	if n == 0 {
		return i, nil
	}
	// Compare before adding so a huge n cannot overflow the index.
	if n > len(c.nth)-int(c.cum[i+1]) {
		return 0, c.firstGapAfter(i)
	}
	k := int(c.cum[i+1]) + n - 1
	j := int(c.nth[k])
	if c.unc[j] != c.unc[i] { // the count crossed a year without data
		return 0, c.firstGapAfter(i)
	}
	return j, nil
}

// WorkdaysBetween counts the working days after from's date up to and
// including to's date. If to is before from the result is negative:
// -WorkdaysBetween(to, from). Both dates and every year between them must be
// covered.
func (c *Calendar) WorkdaysBetween(from, to time.Time) (int, error) {
	i, err := c.index(from)
	if err != nil {
		return 0, err
	}
	j, err := c.index(to)
	if err != nil {
		return 0, err
	}
	if lo, hi := min(i, j), max(i, j); c.unc[hi] != c.unc[lo] {
		return 0, c.firstGapAfter(lo)
	}
	return int(c.cum[j+1] - c.cum[i+1]), nil
}

// AddCalendarDays returns t's date plus n calendar days; if that is a rest
// day (official day off, or a weekend not made a working day) the deadline
// moves to the next working day, per 民法典第二百零三条 (weekends counted as
// 休假日, as is common practice).
func (c *Calendar) AddCalendarDays(t time.Time, n int) (time.Time, error) {
	i, err := c.index(t)
	if err != nil {
		return time.Time{}, err
	}
	if n < 0 {
		return time.Time{}, fmt.Errorf("calendar-day count %d is negative", n)
	}
	if n >= len(c.kinds)-i { // past the last covered year
		if n > 1000*366 { // too far to name the year without overflow
			return time.Time{}, c.firstGapAfter(i)
		}
		return time.Time{}, &NotCoveredError{Year: c.date(i).AddDate(0, 0, n).Year()}
	}
	j := i + n
	if c.kinds[j] == uncovered {
		return time.Time{}, &NotCoveredError{Year: c.date(j).Year()}
	}
	if !c.kinds[j].Working() {
		if j, err = c.addWorkdays(j, 1); err != nil {
			return time.Time{}, err
		}
	}
	return c.date(j), nil
}

// unixDay returns the day number (days since 1970-01-01) of a UTC midnight.
func unixDay(t time.Time) int64 {
	s := t.Unix()
	d := s / secondsPerDay
	if s%secondsPerDay < 0 {
		d--
	}
	return d
}

// weekday of a day number; 1970-01-01 was a Thursday.
func weekday(dn int64) time.Weekday {
	return time.Weekday(((dn+4)%7 + 7) % 7)
}

// ParseDate parses a strict YYYY-MM-DD as a date in Location.
func ParseDate(s string) (time.Time, error) {
	t, err := parseISODate(s)
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, Location), nil
}

// FormatDate formats t's Shanghai date as YYYY-MM-DD.
func FormatDate(t time.Time) string { return t.In(Location).Format(dateLayout) }

// Package-level functions use the embedded official calendar (Default).

// IsWorkday is Default().IsWorkday.
func IsWorkday(t time.Time) (bool, error) { return Default().IsWorkday(t) }

// AddWorkdays is Default().AddWorkdays.
func AddWorkdays(t time.Time, n int) (time.Time, error) { return Default().AddWorkdays(t, n) }

// WorkdaysBetween is Default().WorkdaysBetween.
func WorkdaysBetween(from, to time.Time) (int, error) { return Default().WorkdaysBetween(from, to) }

// AddCalendarDays is Default().AddCalendarDays.
func AddCalendarDays(t time.Time, n int) (time.Time, error) { return Default().AddCalendarDays(t, n) }

// Notices is Default().Notice.
func Notices(year int) []Notice { return Default().Notice(year) }
