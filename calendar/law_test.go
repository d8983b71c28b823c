package calendar

import (
	"strings"
	"testing"
)

func TestLawDataParses(t *testing.T) {
	if _, err := parseLaw(lawJSON); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{
		`{"texts":[{"id":"a","from":"2008-13-01"}]}`,
		`{"texts":[],"requirements":[{"obligation":"x","text":"nope"}]}`,
		`{"texts":[{"id":"a","from":"2008-05-01"}],"requirements":[{"obligation":"x","text":"a","due":"02-30"}]}`,
	} {
		if _, err := parseLaw([]byte(bad)); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}

func TestYearlyDue(t *testing.T) {
	tests := []struct {
		obligation string
		year       int
		due, ref   string // "" = no requirement
	}{
		{"annual-report-department", 2007, "", ""}, // the 2008 条例 took effect 2008-05-01: nothing was due 2008-03-31
		{"annual-report-department", 2008, "2009-03-31", "2008年条例第三十一条"},
		{"annual-report-department", 2017, "2018-03-31", "2008年条例第三十一条"},
		// Due 2019-03-31, before the revision took effect on 2019-05-15.
		{"annual-report-department", 2018, "2019-03-31", "2008年条例第三十一条"},
		{"annual-report-department", 2019, "2020-01-31", "2019年修订的条例第四十九条"},
		{"annual-report-government", 2018, "2019-03-31", "2008年条例第三十一条"},
		{"annual-report-government", 2024, "2025-03-31", "2019年修订的条例第四十九条"},
	}
	for _, tt := range tests {
		r, due, ok := YearlyDue(tt.obligation, tt.year)
		if tt.due == "" {
			if ok {
				t.Errorf("%s %d: due %s, want none", tt.obligation, tt.year, FormatDate(due))
			}
			continue
		}
		if !ok || FormatDate(due) != tt.due || r.Ref != tt.ref {
			t.Errorf("%s %d = %s %q (ok %v), want %s %q", tt.obligation, tt.year, FormatDate(due), r.Ref, ok, tt.due, tt.ref)
		}
	}
}

func TestRequirementOn(t *testing.T) {
	for _, tt := range []struct{ day, text string }{
		{"2008-04-30", ""}, {"2008-05-01", "ogi-2008"}, {"2019-05-14", "ogi-2008"}, {"2019-05-15", "ogi-2019"}, {"2026-01-01", "ogi-2019"},
	} {
		d, _ := ParseDate(tt.day)
		r, ok := RequirementOn("guide", d)
		if ok != (tt.text != "") || r.TextID != tt.text {
			t.Errorf("guide on %s = %q, want %q", tt.day, r.TextID, tt.text)
		}
		if ok && !strings.Contains(r.Basis, "指南") {
			t.Errorf("guide basis %q", r.Basis)
		}
	}
}
