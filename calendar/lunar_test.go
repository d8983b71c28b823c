package calendar

import (
	"testing"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"
)

// lunarErrors are the only days where lunar-go v1.4.6 is wrong. Both are
// 上班 Sundays/Saturdays in 国办发明电〔2012〕33号 (and in holiday-cn's
// 2013.json) that lunar-go lacks; the generator adds them.
var lunarErrors = map[string]bool{
	"2013-04-07": true,
	"2013-10-12": true,
}

// lunarWorkday is lunar-go's answer. A day lunar-go lists is a working day
// only when marked IsWork (调休上班); a listed day that is not IsWork is off
// even on a weekday, and an unlisted day falls back to Mon–Fri.
func lunarWorkday(d time.Time) bool {
	h := HolidayUtil.GetHolidayByYmd(d.Year(), int(d.Month()), d.Day())
	if h != nil {
		return h.IsWork()
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// TestAgainstLunarGo checks every day of 2008–2026 against lunar-go.
func TestAgainstLunarGo(t *testing.T) {
	c := Default()
	var mismatched []string
	lunarCount := 0
	first := time.Date(2008, 1, 1, 0, 0, 0, 0, Location)
	for d := first; d.Year() <= 2026; d = d.AddDate(0, 0, 1) {
		got, err := c.IsWorkday(d)
		if err != nil {
			t.Fatalf("%s: %v", FormatDate(d), err)
		}
		want := lunarWorkday(d)
		if d.After(first) && want {
			lunarCount++
		}
		if got == want {
			continue
		}
		s := FormatDate(d)
		mismatched = append(mismatched, s)
		if !lunarErrors[s] {
			t.Errorf("%s: IsWorkday = %v, lunar-go says %v", s, got, want)
		} else if !got {
			t.Errorf("%s: known lunar-go error, but IsWorkday = false; the notice says 上班", s)
		}
	}
	if len(mismatched) != len(lunarErrors) {
		t.Errorf("disagreements with lunar-go: %v, want exactly %v", mismatched, lunarErrors)
	}
	// The prefix counts must agree with a plain day-by-day count.
	n, err := c.WorkdaysBetween(first, time.Date(2026, 12, 31, 0, 0, 0, 0, Location))
	if err != nil || n != lunarCount+len(lunarErrors) {
		t.Errorf("WorkdaysBetween(2008-01-01, 2026-12-31) = %d, %v; lunar-go count %d + %d corrections",
			n, err, lunarCount, len(lunarErrors))
	}
}

// TestCoverageMatchesLunarGo: lunar-go has no 2027 data either, and has data
// for every embedded year.
func TestCoverageMatchesLunarGo(t *testing.T) {
	for y := 2008; y <= 2027; y++ {
		has := HolidayUtil.GetHolidaysByYear(y).Len() > 0
		if Default().Covered(y) != has {
			t.Errorf("%d: covered %v, lunar-go has data %v", y, Default().Covered(y), has)
		}
	}
}
