package calendar

import (
	"errors"
	"testing"
	"time"
)

// FuzzAddWorkdays holds the defining properties of AddWorkdays against
// WorkdaysBetween, IsWorkday and a day-by-day reference count, for any start
// day in (and a little beyond) the covered range.
func FuzzAddWorkdays(f *testing.F) {
	for _, seed := range []struct {
		day int32
		n   uint16
	}{
		{0, 0}, {0, 1}, {6500, 3}, {6482, 20}, {4400, 1}, {6939, 1}, {6939, 400}, {-1, 1}, {2000, 250}, {6812, 9},
	} {
		f.Add(seed.day, seed.n)
	}
	c := Default()
	first := time.Date(2008, 1, 1, 0, 0, 0, 0, Location)
	f.Fuzz(func(t *testing.T, day int32, n16 uint16) {
		// Days -30..7000 from 2008-01-01 reach both ends of 2008–2026.
		d := first.AddDate(0, 0, int(day%7030)-30)
		n := int(n16 % 400)
		got, err := c.AddWorkdays(d, n)
		if d.Year() < 2008 || d.Year() > 2026 {
			if !errors.Is(err, ErrYearNotCovered) {
				t.Fatalf("AddWorkdays(%s, %d) outside coverage: err = %v", FormatDate(d), n, err)
			}
			return
		}
		// Reference: step one day at a time.
		want, counted := d, 0
		for counted < n {
			want = want.AddDate(0, 0, 1)
			ok, err := c.IsWorkday(want)
			if err != nil {
				if !errors.Is(err, ErrYearNotCovered) {
					t.Fatalf("reference: %v", err)
				}
				break
			}
			if ok {
				counted++
			}
		}
		if counted < n { // the count runs into 2027
			if !errors.Is(err, ErrYearNotCovered) {
				t.Fatalf("AddWorkdays(%s, %d) = %s, %v; want ErrYearNotCovered", FormatDate(d), n, FormatDate(got), err)
			}
			return
		}
		if err != nil {
			t.Fatalf("AddWorkdays(%s, %d): %v", FormatDate(d), n, err)
		}
		if !got.Equal(want) {
			t.Fatalf("AddWorkdays(%s, %d) = %s, reference %s", FormatDate(d), n, FormatDate(got), FormatDate(want))
		}
		between, err := c.WorkdaysBetween(d, got)
		if err != nil || between != n {
			t.Fatalf("WorkdaysBetween(%s, AddWorkdays(…, %d) = %s) = %d, %v", FormatDate(d), n, FormatDate(got), between, err)
		}
		if back, _ := c.WorkdaysBetween(got, d); back != -n {
			t.Fatalf("WorkdaysBetween reversed = %d, want %d", back, -n)
		}
		if n > 0 {
			if ok, err := c.IsWorkday(got); err != nil || !ok {
				t.Fatalf("AddWorkdays(%s, %d) = %s is not a working day", FormatDate(d), n, FormatDate(got))
			}
		}
	})
}
