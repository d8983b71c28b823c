package calendar

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func date(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Every expected value was counted by hand from the notice text; the start
// day is never counted.
var addWorkdaysCases = []struct {
	from string
	n    int
	want string
	why  string
}{
	// Pinned by the brief / rules.md CAL-1 table.
	{"2025-09-30", 3, "2025-10-11", "10-01..10-08 off; 10-09, 10-10, then Sat 10-11 is 上班"},
	{"2025-01-24", 3, "2025-02-05", "Sun 01-26 上班, Mon 01-27, 01-28..02-04 off, Wed 02-05"},
	{"2026-02-13", 1, "2026-02-14", "Sat 02-14 is 上班"},
	{"2026-02-14", 1, "2026-02-24", "02-15..02-23 off (9 days)"},
	{"2024-09-27", 3, "2024-10-08", "Sat 09-28 rest, Sun 09-29 上班, Mon 09-30, 10-01..10-07 off, Tue 10-08"},
	{"2025-07-01", 20, "2025-07-29", "no holiday: four full weeks"},
	{"2025-09-26", 3, "2025-09-30", "Sat 09-27 rest, Sun 09-28 上班, 09-29, 09-30"},
	{"2025-09-26", 20, "2025-10-30", "09-28..09-30 (3), 10-09..10-11 (6), 10-13..10-30 (14 more)"},
	{"2025-04-30", 3, "2025-05-08", "05-01..05-05 off; 05-06, 05-07, 05-08"},
	{"2026-09-18", 20, "2026-10-22", "Sun 09-20 上班, 中秋 09-25..27, 国庆 10-01..07, Sat 10-10 上班"},
	{"2025-09-26", 0, "2025-09-26", "n = 0 is the start date itself"},

	// One holiday crossing per year, 2008–2026.
	{"2008-09-26", 3, "2008-10-06", "2008: Sat 09-27 and Sun 09-28 上班, 09-29..10-05 off, Mon 10-06"},
	{"2009-09-30", 2, "2009-10-10", "2009: 10-01..10-08 off, Fri 10-09, Sat 10-10 上班"},
	{"2010-02-12", 3, "2010-02-22", "2010: 02-13..02-19 off, Sat 02-20 and Sun 02-21 上班, Mon 02-22"},
	{"2011-09-30", 2, "2011-10-09", "2011: 10-01..10-07 off, Sat 10-08 and Sun 10-09 上班"},
	{"2012-01-20", 2, "2012-01-29", "2012: Sat 01-21 上班, 01-22..01-28 off, Sun 01-29 上班"},
	{"2013-04-03", 1, "2013-04-07", "2013: 04-04..04-06 off, Sun 04-07 上班 (missing in lunar-go)"},
	{"2013-10-11", 1, "2013-10-12", "2013: Sat 10-12 上班 (missing in lunar-go)"},
	{"2014-01-30", 2, "2014-02-08", "2014: 01-31..02-06 off, Fri 02-07, Sat 02-08 上班"},
	{"2015-09-02", 2, "2015-09-07", "2015: 抗战胜利70周年 09-03..09-05 off, Sun 09-06 上班, Mon 09-07"},
	{"2016-06-08", 1, "2016-06-12", "2016: 端午 06-09..06-11 off, Sun 06-12 上班"},
	{"2017-09-29", 2, "2017-10-09", "2017: Sat 09-30 上班, 10-01..10-08 off, Mon 10-09"},
	{"2018-04-04", 1, "2018-04-08", "2018: 清明 04-05..04-07 off, Sun 04-08 上班"},
	{"2019-04-30", 1, "2019-05-05", "2019: adjusted 劳动节 05-01..05-04 off, Sun 05-05 上班 (国办发明电〔2019〕3号)"},
	{"2020-01-23", 1, "2020-02-03", "2020: 春节 extended to 02-02 (国办发明电〔2020〕1号), so Sat 02-01 is no longer 上班"},
	{"2021-09-17", 2, "2021-09-22", "2021: Sat 09-18 上班, 中秋 09-19..09-21 off, Wed 09-22"},
	{"2022-04-01", 2, "2022-04-06", "2022: Sat 04-02 上班, 清明 04-03..04-05 off, Wed 04-06"},
	{"2023-09-28", 2, "2023-10-08", "2023: 09-29..10-06 off, Sat 10-07 and Sun 10-08 上班"},
	{"2024-02-08", 2, "2024-02-18", "2024: 除夕 Fri 02-09 is a working day, 02-10..02-17 off, Sun 02-18 上班"},
	{"2026-09-30", 2, "2026-10-09", "2026: 10-01..10-07 off, Thu 10-08 is a working day, Fri 10-09"},

	// Cross-year make-up days sit in the next year's file but apply to their own date.
	{"2011-12-30", 1, "2011-12-31", "Sat 2011-12-31 上班 for 元旦 2012"},
	{"2018-12-28", 2, "2019-01-02", "Sat 2018-12-29 上班, 12-30..01-01 off, Wed 01-02"},
	{"2024-12-27", 2, "2024-12-31", "no 2024-12-28 make-up day: 元旦 2025 is one day, 不调休"},
}

func TestAddWorkdays(t *testing.T) {
	for _, tc := range addWorkdaysCases {
		got, err := AddWorkdays(date(t, tc.from), tc.n)
		if err != nil {
			t.Errorf("AddWorkdays(%s, %d): %v", tc.from, tc.n, err)
			continue
		}
		if s := FormatDate(got); s != tc.want {
			t.Errorf("AddWorkdays(%s, %d) = %s, want %s (%s)", tc.from, tc.n, s, tc.want, tc.why)
		}
		if got.Location() != Location || got.Hour() != 0 {
			t.Errorf("AddWorkdays(%s, %d) = %v, want midnight in Location", tc.from, tc.n, got)
		}
		if between, err := WorkdaysBetween(date(t, tc.from), got); err != nil || between != tc.n {
			t.Errorf("WorkdaysBetween(%s, %s) = %d, %v, want %d", tc.from, tc.want, between, err, tc.n)
		}
	}
}

func TestEveryYearHasACase(t *testing.T) {
	seen := map[int]bool{}
	for _, tc := range addWorkdaysCases {
		seen[date(t, tc.from).Year()] = true
	}
	for y := 2008; y <= 2026; y++ {
		if !seen[y] {
			t.Errorf("no AddWorkdays case in %d", y)
		}
	}
}

func TestWorkdaysBetween(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		want     int
	}{
		{"2025-03-03", "2025-03-10", 5}, // Tue–Fri, (Sat, Sun), Mon
		{"2025-03-10", "2025-03-03", -5},
		{"2025-03-03", "2025-03-03", 0},
		{"2025-09-30", "2025-10-11", 3},
		{"2025-10-01", "2025-10-08", 0},
	} {
		got, err := WorkdaysBetween(date(t, tc.from), date(t, tc.to))
		if err != nil || got != tc.want {
			t.Errorf("WorkdaysBetween(%s, %s) = %d, %v, want %d", tc.from, tc.to, got, err, tc.want)
		}
	}
}

func TestIsWorkday(t *testing.T) {
	for _, tc := range []struct {
		day  string
		want bool
	}{
		{"2026-10-08", true},  // 2026 国庆 ends 10-07
		{"2025-10-08", false}, // 2025 国庆+中秋 runs to 10-08
		{"2025-10-11", true},  // Saturday 上班
		{"2025-10-12", false}, // ordinary Sunday
		{"2025-10-13", true},  // ordinary Monday
		{"2018-12-29", true},  // Saturday 上班 from the 2019 notice
		{"2020-02-01", false}, // was 上班, extended off by 国办发明电〔2020〕1号
		{"2024-06-08", false}, // Saturday lunar-go lists as 端午: rest either way
		{"2012-05-02", true},  // Wednesday lunar-go marks 调休: working either way
	} {
		got, err := IsWorkday(date(t, tc.day))
		if err != nil || got != tc.want {
			t.Errorf("IsWorkday(%s) = %v, %v, want %v", tc.day, got, err, tc.want)
		}
	}
}

func TestShanghaiDate(t *testing.T) {
	// 16:30 UTC on 09-30 is 00:30 on 10-01 in Shanghai: a day off.
	late := time.Date(2025, 9, 30, 16, 30, 0, 0, time.UTC)
	if ok, err := IsWorkday(late); err != nil || ok {
		t.Errorf("IsWorkday(%v) = %v, %v, want false (Shanghai 2025-10-01)", late, ok, err)
	}
	if d, _ := AddWorkdays(late, 0); FormatDate(d) != "2025-10-01" {
		t.Errorf("AddWorkdays(%v, 0) = %s, want 2025-10-01", late, FormatDate(d))
	}
	early := time.Date(2025, 9, 30, 15, 59, 59, 0, time.UTC)
	if ok, err := IsWorkday(early); err != nil || !ok {
		t.Errorf("IsWorkday(%v) = %v, %v, want true (Shanghai 2025-09-30)", early, ok, err)
	}
	ny := time.Date(2025, 9, 30, 20, 0, 0, 0, time.FixedZone("EDT", -4*3600))
	if ok, err := IsWorkday(ny); err != nil || ok {
		t.Errorf("IsWorkday(%v) = %v, %v, want false (Shanghai 2025-10-01)", ny, ok, err)
	}
}

func TestAddCalendarDays(t *testing.T) {
	for _, tc := range []struct {
		from string
		n    int
		want string
	}{
		{"2025-03-01", 6, "2025-03-07"},  // Friday: unchanged
		{"2025-03-03", 5, "2025-03-10"},  // Saturday 03-08 moves to Monday
		{"2025-09-18", 10, "2025-09-28"}, // Sunday 上班: unchanged
		{"2025-09-20", 11, "2025-10-09"}, // 10-01 off → first working day after 国庆
		{"2025-01-11", 20, "2025-02-05"}, // 01-31 春节 off
		{"2025-03-03", 0, "2025-03-03"},
	} {
		got, err := AddCalendarDays(date(t, tc.from), tc.n)
		if err != nil || FormatDate(got) != tc.want {
			t.Errorf("AddCalendarDays(%s, %d) = %s, %v, want %s", tc.from, tc.n, FormatDate(got), err, tc.want)
		}
	}
	if _, err := AddCalendarDays(date(t, "2026-12-20"), 20); !errors.Is(err, ErrYearNotCovered) {
		t.Errorf("AddCalendarDays into 2027: err = %v, want ErrYearNotCovered", err)
	}
	if _, err := AddCalendarDays(date(t, "2026-12-20"), -1); err == nil {
		t.Error("AddCalendarDays(n = -1): want error")
	}
}

const want2027 = "no official holiday data for 2027: add it with --calendar FILE (holiday-cn JSON format) or 'calendar: FILE' in the site profile"

func TestFailClosed(t *testing.T) {
	check := func(name string, err error, year int) {
		t.Helper()
		if !errors.Is(err, ErrYearNotCovered) {
			t.Fatalf("%s: err = %v, want ErrYearNotCovered", name, err)
		}
		var nc *NotCoveredError
		if !errors.As(err, &nc) || nc.Year != year {
			t.Fatalf("%s: err = %v, want year %d", name, err, year)
		}
		if !strings.Contains(err.Error(), fmt.Sprint(year)) || !strings.Contains(err.Error(), "--calendar FILE") {
			t.Fatalf("%s: message %q does not say the year and how to add it", name, err)
		}
	}
	_, err := IsWorkday(date(t, "2027-01-04"))
	check("IsWorkday(2027-01-04)", err, 2027)
	if err.Error() != want2027 {
		t.Errorf("message = %q, want %q", err, want2027)
	}
	_, err = AddWorkdays(date(t, "2027-01-04"), 1)
	check("AddWorkdays(2027-01-04)", err, 2027)
	_, err = AddWorkdays(date(t, "2026-12-30"), 3) // 12-31, then 2027
	check("AddWorkdays(2026-12-30, 3)", err, 2027)
	if d, err := AddWorkdays(date(t, "2026-12-30"), 1); err != nil || FormatDate(d) != "2026-12-31" {
		t.Errorf("AddWorkdays(2026-12-30, 1) = %s, %v", FormatDate(d), err)
	}
	_, err = WorkdaysBetween(date(t, "2026-12-01"), date(t, "2027-01-10"))
	check("WorkdaysBetween into 2027", err, 2027)
	_, err = IsWorkday(date(t, "2007-12-29")) // has a 上班 entry in 2008.json, but 2007 is not covered
	check("IsWorkday(2007-12-29)", err, 2007)
	_, err = AddWorkdays(date(t, "2025-01-01"), 1<<40)
	check("AddWorkdays(huge n)", err, 2027)
	_, err = AddWorkdays(date(t, "2025-01-01"), math.MaxInt)
	check("AddWorkdays(MaxInt)", err, 2027)
	_, err = AddCalendarDays(date(t, "2025-01-01"), math.MaxInt)
	check("AddCalendarDays(MaxInt)", err, 2027)
	_, err = AddCalendarDays(date(t, "2025-01-01"), 3000)
	check("AddCalendarDays(3000)", err, 2033)

	if _, err := AddWorkdays(date(t, "2025-01-01"), -1); err == nil || errors.Is(err, ErrYearNotCovered) {
		t.Errorf("AddWorkdays(n = -1): err = %v, want a plain error", err)
	}
}

func TestNotices(t *testing.T) {
	numbers := map[int]string{
		2008: "", // could not be confirmed; left empty rather than invented
		2009: "国办发明电〔2008〕42号", 2010: "国办发明电〔2009〕27号", 2011: "国办发明电〔2010〕40号",
		2012: "国办发明电〔2011〕45号", 2013: "国办发明电〔2012〕33号", 2014: "国办发明电〔2013〕28号",
		2015: "国办发明电〔2014〕28号", 2016: "国办发明电〔2015〕18号", 2017: "国办发明电〔2016〕17号",
		2018: "国办发明电〔2017〕12号", 2019: "国办发明电〔2018〕15号", 2020: "国办发明电〔2019〕16号",
		2021: "国办发明电〔2020〕27号", 2022: "国办发明电〔2021〕11号", 2023: "国办发明电〔2022〕16号",
		2024: "国办发明电〔2023〕7号", 2025: "国办发明电〔2024〕12号", 2026: "国办发明电〔2025〕7号",
	}
	for y := 2008; y <= 2026; y++ {
		ns := Notices(y)
		if len(ns) == 0 {
			t.Errorf("%d: no notice", y)
			continue
		}
		if want := fmt.Sprintf("国务院办公厅关于%d年部分节假日安排的通知", y); ns[0].Title != want {
			t.Errorf("%d: title %q, want %q", y, ns[0].Title, want)
		}
		if ns[0].Number != numbers[y] {
			t.Errorf("%d: number %q, want %q", y, ns[0].Number, numbers[y])
		}
	}
	extra := map[int]string{2015: "国发明电〔2015〕1号", 2019: "国办发明电〔2019〕3号", 2020: "国办发明电〔2020〕1号"}
	for y, num := range extra {
		if ns := Notices(y); len(ns) != 2 || ns[1].Number != num {
			t.Errorf("%d: notices %v, want a second one %s", y, ns, num)
		}
	}
	if got := Notices(2025)[0].String(); got != "《国务院办公厅关于2025年部分节假日安排的通知》（国办发明电〔2024〕12号）" {
		t.Errorf("Notice.String() = %q", got)
	}
	if Notices(2027) != nil {
		t.Error("Notices(2027) should be nil")
	}
}

func TestEmbeddedFiles(t *testing.T) {
	files, err := filepath.Glob("data/*.json")
	if err != nil || len(files) != 19 {
		t.Fatalf("data files: %v, %v", files, err)
	}
	for _, f := range files {
		years, err := LoadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if len(years) != 1 || fmt.Sprintf("data/%d.json", years[0].Year) != filepath.ToSlash(f) {
			t.Errorf("%s: holds %+v, want one object for its own year", f, years)
			continue
		}
		y := years[0]
		if len(y.Days) == 0 || len(y.Notices) == 0 {
			t.Errorf("%s: no days or no notices", f)
		}
		for i := 1; i < len(y.Days); i++ {
			if y.Days[i-1].Date >= y.Days[i].Date {
				t.Errorf("%s: days not sorted at %s", f, y.Days[i].Date)
			}
		}
	}
	if got := Default().Years(); len(got) != 19 || got[0] != 2008 || got[18] != 2026 {
		t.Errorf("Years() = %v", got)
	}
}

func TestLoad(t *testing.T) {
	one := `{"$schema":"x","year":2027,"papers":[],"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]}`
	years, err := Load(strings.NewReader("\ufeff  " + one))
	if err != nil || len(years) != 1 || years[0].Year != 2027 || len(years[0].Days) != 1 {
		t.Fatalf("Load(object) = %+v, %v", years, err)
	}
	years, err = Load(strings.NewReader("[" + one + `,{"year":2028,"papers":[],"days":[]}]`))
	if err != nil || len(years) != 2 {
		t.Fatalf("Load(array) = %+v, %v", years, err)
	}
	for _, tc := range []struct{ in, want string }{
		{``, "empty"},
		{`{"year":2027,"days":[}`, "invalid JSON"},
		{`{"year":"2027","days":[]}`, `field "year"`},
		{`{"days":[]}`, `missing "year"`},
		{`{"year":2027,"days":[{"name":"元旦","date":"2027-13-01","isOffDay":true}]}`, `bad date "2027-13-01": expected YYYY-MM-DD`},
		{`{"year":2027,"days":[{"name":"元旦","date":"2027-1-1","isOffDay":true}]}`, `bad date "2027-1-1"`},
		{`{"year":2027,"days":[{"name":"元旦","date":"2027-01-01"}]}`, `day 2027-01-01: missing "isOffDay"`},
		{`{"year":2027,"days":[{"name":"元旦","isOffDay":true}]}`, `missing "date"`},
		{`{"year":2027,"days":[{"name":"元旦","date":"2030-01-01","isOffDay":true}]}`, "not in or next to 2027"},
		{`{"year":27,"days":[]}`, "out of range"},
		{`{"year":2027,"days":[{"name":"a","date":"2027-01-01","isOffDay":true},{"name":"a","date":"2027-01-01","isOffDay":false}]}`, "both"},
	} {
		_, err := Load(strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Load(%s): err = %v, want it to mention %q", tc.in, err, tc.want)
		}
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"year":2027,"days":[{"date":"2027-01-01"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadFile(bad)
	if err == nil || !strings.Contains(err.Error(), bad) || !strings.Contains(err.Error(), "isOffDay") {
		t.Errorf("LoadFile(bad) err = %v, want file name and problem", err)
	}
	missing := filepath.Join(dir, "missing.json")
	if _, err := LoadFile(missing); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("LoadFile(missing) err = %v, want the file name", err)
	}
}

// year2027 is made-up test data shaped like a notice (not the real 2027 one).
var year2027 = Year{Year: 2027, Notices: []Notice{{Title: "test notice 2027"}}, Days: []Day{
	{Name: "元旦", Date: "2027-01-01", IsOffDay: true},
	{Name: "元旦", Date: "2026-12-26", IsOffDay: false}, // cross-year 上班 (Saturday)
}}

func TestWith(t *testing.T) {
	base := Default()
	// A placeholder with empty days covers nothing.
	c, err := base.With(Year{Year: 2027})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.IsWorkday(date(t, "2027-01-04")); !errors.Is(err, ErrYearNotCovered) {
		t.Errorf("placeholder 2027: err = %v, want ErrYearNotCovered", err)
	}

	c, err = base.With(year2027)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := c.AddWorkdays(date(t, "2026-12-30"), 3); err != nil || FormatDate(got) != "2027-01-05" {
		t.Errorf("with 2027: AddWorkdays(2026-12-30, 3) = %s, %v, want 2027-01-05", FormatDate(got), err)
	}
	// The 2027 file's make-up day applies to 2026-12-26 by its date.
	if ok, _ := c.IsWorkday(date(t, "2026-12-26")); !ok {
		t.Error("with 2027: 2026-12-26 should be a make-up working day")
	}
	if ok, _ := base.IsWorkday(date(t, "2026-12-26")); ok {
		t.Error("base calendar changed by With")
	}
	if ns := c.Notice(2027); len(ns) != 1 || ns[0].Title != "test notice 2027" {
		t.Errorf("Notice(2027) = %v", ns)
	}

	// A local holiday (放假办法第四条) adds a day off to a covered year...
	local := Year{Year: 2025, Days: []Day{{Name: "火把节", Date: "2025-07-24", IsOffDay: true}}}
	c, err = base.With(local)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := c.AddWorkdays(date(t, "2025-07-23"), 1); FormatDate(got) != "2025-07-25" {
		t.Errorf("with 火把节: next working day after 07-23 = %s, want 2025-07-25", FormatDate(got))
	}
	if got, _ := base.AddWorkdays(date(t, "2025-07-23"), 1); FormatDate(got) != "2025-07-24" {
		t.Errorf("base: next working day after 07-23 = %s, want 2025-07-24", FormatDate(got))
	}
	if ns := c.Notice(2025); len(ns) != 1 {
		t.Errorf("local data without notices changed Notice(2025): %v", ns)
	}
	// ...and overrides a national day.
	c, _ = base.With(Year{Year: 2025, Days: []Day{{Name: "test", Date: "2025-10-08", IsOffDay: false}}})
	if ok, _ := c.IsWorkday(date(t, "2025-10-08")); !ok {
		t.Error("override of 2025-10-08 to a working day ignored")
	}

	m, err := Merge(base, mustNew(t, year2027))
	if err != nil || !m.Covered(2027) || !m.Covered(2008) {
		t.Errorf("Merge: %v, covered 2027 %v", err, m.Covered(2027))
	}
	if _, err := base.With(Year{Year: 2025, Days: []Day{{Date: "2025-02-30", IsOffDay: true}}}); err == nil {
		t.Error("With accepted 2025-02-30")
	}
}

func mustNew(t *testing.T, ys ...Year) *Calendar {
	t.Helper()
	c, err := New(ys...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestGapYear(t *testing.T) {
	all, err := EmbeddedYears()
	if err != nil {
		t.Fatal(err)
	}
	var ys []Year
	for _, y := range all {
		if y.Year == 2024 || y.Year == 2026 {
			ys = append(ys, y)
		}
	}
	c := mustNew(t, ys...) // 2025 missing
	if _, err := c.WorkdaysBetween(date(t, "2024-12-01"), date(t, "2026-01-10")); !errors.Is(err, ErrYearNotCovered) || !strings.Contains(err.Error(), "2025") {
		t.Errorf("WorkdaysBetween across 2025 gap: %v", err)
	}
	if _, err := c.AddWorkdays(date(t, "2024-12-30"), 5); !errors.Is(err, ErrYearNotCovered) || !strings.Contains(err.Error(), "2025") {
		t.Errorf("AddWorkdays across 2025 gap: %v", err)
	}
	if got, err := c.AddWorkdays(date(t, "2026-09-18"), 20); err != nil || FormatDate(got) != "2026-10-22" {
		t.Errorf("AddWorkdays in 2026 after a gap = %s, %v", FormatDate(got), err)
	}
	empty := mustNew(t)
	if _, err := empty.IsWorkday(date(t, "2025-01-02")); !errors.Is(err, ErrYearNotCovered) {
		t.Errorf("empty calendar: %v", err)
	}
}

func TestExplain(t *testing.T) {
	lines, err := Default().Explain(date(t, "2025-09-30"), date(t, "2025-10-11"))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(lines, "\n")
	for _, want := range []string{
		"skipped 2025-10-01 to 2025-10-08: 国庆节、中秋节, official days off",
		"counted 2025-10-11 (Sat): 国庆节、中秋节 make-up working day (调休上班)",
		"国办发明电〔2024〕12号",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("Explain(2025-09-30, 2025-10-11) lacks %q:\n%s", want, text)
		}
	}
	lines, _ = Default().Explain(date(t, "2025-03-03"), date(t, "2025-03-10"))
	if text := strings.Join(lines, "\n"); !strings.Contains(text, "skipped 2025-03-08 to 2025-03-09: weekend (周末)") {
		t.Errorf("Explain(2025-03-03, 2025-03-10):\n%s", text)
	}
	lines, _ = Default().Explain(date(t, "2025-01-01"), date(t, "2025-12-31"))
	if text := strings.Join(lines, "\n"); !strings.Contains(text, "weekend days (周末) from") {
		t.Errorf("a year of weekends should be summarised:\n%s", text)
	}
	lines, _ = Default().Explain(date(t, "2025-03-03"), date(t, "2025-03-05"))
	if text := strings.Join(lines, "\n"); !strings.Contains(text, "no official days off or weekends") {
		t.Errorf("Explain(2025-03-03, 2025-03-05):\n%s", text)
	}
	if _, err := Default().Explain(date(t, "2026-12-01"), date(t, "2027-01-05")); !errors.Is(err, ErrYearNotCovered) {
		t.Errorf("Explain into 2027: %v", err)
	}
}

func TestDay(t *testing.T) {
	d, err := Default().Day(date(t, "2018-12-29"))
	if err != nil || d.Kind != MakeupWorkday || d.Name != "元旦" || d.Source != 2019 || !d.Workday() {
		t.Errorf("Day(2018-12-29) = %+v, %v; want 元旦 make-up day from the 2019 notice", d, err)
	}
	d, _ = Default().Day(date(t, "2025-03-08"))
	if d.Kind != Weekend || d.Workday() {
		t.Errorf("Day(2025-03-08) = %+v", d)
	}
}

func TestParseDate(t *testing.T) {
	for _, bad := range []string{"2025-9-30", "2025/09/30", "20250930", "2025-02-29", "", "2025-09-30T00:00"} {
		if _, err := ParseDate(bad); err == nil || !strings.Contains(err.Error(), "YYYY-MM-DD") {
			t.Errorf("ParseDate(%q) err = %v", bad, err)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	c := Default()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 500 {
				d := time.Date(2010+g, 1, 1, 0, 0, 0, 0, Location).AddDate(0, 0, i)
				r, err := c.AddWorkdays(d, 20)
				if err != nil {
					t.Error(err)
					return
				}
				if n, _ := c.WorkdaysBetween(d, r); n != 20 {
					t.Errorf("WorkdaysBetween(%v, %v) = %d", d, r, n)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func BenchmarkAddWorkdays(b *testing.B) {
	d := date(b, "2025-09-26")
	c := Default()
	for b.Loop() {
		if _, err := c.AddWorkdays(d, 20); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWorkdaysBetween(b *testing.B) {
	from, to := date(b, "2025-09-26"), date(b, "2025-10-30")
	c := Default()
	for b.Loop() {
		if _, err := c.WorkdaysBetween(from, to); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkIsWorkday(b *testing.B) {
	d := date(b, "2025-10-11")
	c := Default()
	for b.Loop() {
		if _, err := c.IsWorkday(d); err != nil {
			b.Fatal(err)
		}
	}
}
