package calendar

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// Year is one year's official data in NateScarlet/holiday-cn format, extended
// with the notices that set it. Days may include dates of the neighbouring
// years (a 元旦 make-up day on 12-29 of the previous year sits in the next
// year's file); each day applies to its own date, not to Year.
type Year struct {
	Year    int      `json:"year"`
	Papers  []string `json:"papers"`
	Notices []Notice `json:"notices,omitempty"`
	Days    []Day    `json:"days"`
}

// Notice identifies a State Council document that set days off or make-up
// working days, so findings can cite it.
type Notice struct {
	Title  string `json:"title"`
	Number string `json:"number"` // e.g. 国办发明电〔2024〕12号; empty when unconfirmed
}

// String renders the notice for a citation: 《title》（number）.
func (n Notice) String() string {
	if n.Number == "" {
		return "《" + n.Title + "》"
	}
	return "《" + n.Title + "》（" + n.Number + "）"
}

// Day is one dated entry of a notice: an official day off (IsOffDay) or a
// weekend day made a working day (调休上班, !IsOffDay).
type Day struct {
	Name     string `json:"name"`
	Date     string `json:"date"` // YYYY-MM-DD
	IsOffDay bool   `json:"isOffDay"`
}

// rawYear mirrors Year with pointers so a missing field is an error rather
// than a silent zero: a day without isOffDay would otherwise become a
// make-up working day.
type rawYear struct {
	Year    *int     `json:"year"`
	Papers  []string `json:"papers"`
	Notices []Notice `json:"notices"`
	Days    []struct {
		Name     string  `json:"name"`
		Date     *string `json:"date"`
		IsOffDay *bool   `json:"isOffDay"`
	} `json:"days"`
}

// Years outside this range are rejected: they are typos, and the calendar
// allocates a per-day table over the covered span.
const (
	minYear = 1949
	maxYear = 2200
)

// Load parses holiday data in holiday-cn JSON format: a single year object or
// an array of them. Unknown fields ($schema, $id) are ignored. Every year is
// validated; the error names the year, the day and the problem.
func Load(r io.Reader) ([]Year, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	data = bytes.TrimLeft(data, " \t\r\n\ufeff")
	if len(data) == 0 {
		return nil, errors.New("empty: want a holiday-cn JSON object {\"year\":…,\"days\":[…]} or an array of them")
	}
	var raws []rawYear
	if data[0] == '[' {
		err = json.Unmarshal(data, &raws)
	} else {
		var one rawYear
		err = json.Unmarshal(data, &one)
		raws = []rawYear{one}
	}
	if err != nil {
		return nil, jsonError(err)
	}
	years := make([]Year, 0, len(raws))
	for i, raw := range raws {
		y, err := raw.year(i)
		if err != nil {
			return nil, err
		}
		years = append(years, y)
	}
	return years, nil
}

// LoadFile is Load on a file; errors name the file.
func LoadFile(path string) ([]Year, error) {
	f, err := os.Open(path)
	if err != nil {
		// The system's "open …: no such file or directory" is not for
		// the user.
		problem := "cannot be opened"
		if errors.Is(err, os.ErrNotExist) {
			problem = "does not exist"
		}
		return nil, fmt.Errorf("calendar file %s %s; check the path", path, problem)
	}
	defer f.Close()
	years, err := Load(f)
	if err != nil {
		return nil, fmt.Errorf("calendar file %s: %w", path, err)
	}
	return years, nil
}

func jsonError(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Errorf("invalid JSON at byte %d (a missing comma, quote or bracket?)", se.Offset)
	case errors.As(err, &te):
		return fmt.Errorf("field %q: want %s, got JSON %s", te.Field, te.Type, te.Value)
	}
	// io.ErrUnexpectedEOF and the like: Go's text stays out.
	return errors.New("invalid JSON: the file ends before the data does")
}

func (raw rawYear) year(index int) (Year, error) {
	if raw.Year == nil {
		return Year{}, fmt.Errorf("entry %d: missing \"year\"", index)
	}
	y := Year{Year: *raw.Year, Papers: raw.Papers, Notices: raw.Notices}
	for i, d := range raw.Days {
		if d.Date == nil {
			return Year{}, fmt.Errorf("year %d: days[%d]: missing \"date\"", y.Year, i)
		}
		if d.IsOffDay == nil {
			return Year{}, fmt.Errorf("year %d: day %s: missing \"isOffDay\" (true = day off, false = make-up working day)", y.Year, *d.Date)
		}
		y.Days = append(y.Days, Day{Name: d.Name, Date: *d.Date, IsOffDay: *d.IsOffDay})
	}
	return y, validate(y)
}

// validate checks one year's data; New calls it too, for years built in code.
func validate(y Year) error {
	if y.Year < minYear || y.Year > maxYear {
		return fmt.Errorf("year %d: out of range %d–%d", y.Year, minYear, maxYear)
	}
	seen := make(map[string]bool, len(y.Days))
	for i, d := range y.Days {
		t, err := parseISODate(d.Date)
		if err != nil {
			return fmt.Errorf("year %d: days[%d]: %v", y.Year, i, err)
		}
		// Notices reach at most into the neighbouring years (12-29 make-up
		// days for 元旦); anything further is a wrong "year" or a typo.
		if t.Year() < y.Year-1 || t.Year() > y.Year+1 {
			return fmt.Errorf("year %d: day %s is not in or next to %d", y.Year, d.Date, y.Year)
		}
		if off, dup := seen[d.Date]; dup && off != d.IsOffDay {
			return fmt.Errorf("year %d: day %s listed both as day off and as working day", y.Year, d.Date)
		}
		seen[d.Date] = d.IsOffDay
	}
	return nil
}

// parseISODate parses a strict YYYY-MM-DD (round-trip checked, so 2025-9-1
// and 2025-02-30 fail) as a UTC calendar date.
func parseISODate(s string) (time.Time, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil || t.Format(dateLayout) != s {
		return time.Time{}, fmt.Errorf("bad date %q: expected YYYY-MM-DD", s)
	}
	return t, nil
}
