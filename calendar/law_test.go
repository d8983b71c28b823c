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

// Obligations of issue #18 bind from their text's date, or later where the
// text gave time (基层政务公开标准目录: 2020年底前).
func TestRequirementOnDatedObligations(t *testing.T) {
	for _, tt := range []struct {
		obligation, day string
		want            bool
	}{
		{"gk-platform-layout", "2018-07-27", false}, {"gk-platform-layout", "2019-12-19", false}, {"gk-platform-layout", "2019-12-20", true},
		{"grassroots-catalogue", "2020-06-30", false}, {"grassroots-catalogue", "2020-12-31", false}, {"grassroots-catalogue", "2021-01-01", true},
		{"enforcement-disclosure", "2018-07-27", false}, {"enforcement-disclosure", "2019-01-03", true},
	} {
		d, _ := ParseDate(tt.day)
		if _, ok := RequirementOn(tt.obligation, d); ok != tt.want {
			t.Errorf("%s on %s binds = %v, want %v", tt.obligation, tt.day, ok, tt.want)
		}
	}
	// The 2021 年报 format governs reports due after it was issued: the
	// 2021 report (due 2022-03-31), not the 2020 one (due 2021-03-31).
	if _, _, ok := YearlyDue("annual-report-format", 2020); ok {
		t.Error("2020 report judged by the 2021 format")
	}
	if r, _, ok := YearlyDue("annual-report-format", 2021); !ok || r.Ref != "国办公开办函〔2021〕30号" {
		t.Errorf("2021 report: %q %v", r.Ref, ok)
	}
}
