package report

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/checks"
	"github.com/gongkai/gongkai/internal/xlsxtest"
)

func TestSummaryMailboxFigures(t *testing.T) {
	r := &Report{Tool: "gongkai", Site: "http://x.gov.cn/", AsOf: "2025-11-25", Complete: true,
		Mailboxes: []Mailbox{{Name: "县长信箱", Letters: 12, LastYear: 8, Answered: 10, Overdue: 2, MedianReplyDays: 5, MaxReplyDays: -1}}}
	path := filepath.Join(t.TempDir(), "m.xlsx")
	if err := WriteXLSX(path, r); err != nil {
		t.Fatal(err)
	}
	f := xlsxtest.Open(t, path)
	rows, err := f.GetRows(SheetSummary)
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, row := range rows {
		if len(row) >= 7 && row[0] == "县长信箱" {
			found = true
			if strings.Join(row[1:7], ",") != "12,8,10,2,5,无数据" {
				t.Errorf("mailbox row = %v", row)
			}
		}
	}
	if !found {
		t.Errorf("no mailbox row on %s: %v", SheetSummary, rows)
	}
}

func TestPointsLabel(t *testing.T) {
	tests := []struct {
		m    checks.Meta
		want string
	}{
		{checks.Meta{Severity: checks.Deduct, Points: 0.1, PointsBasis: "P"}, "每处0.1分（部分确认[P]）"},
		{checks.Meta{Severity: checks.Deduct, Points: 2, PointsBasis: "I"}, "每处2分（推定[I]）"},
		{checks.Meta{Severity: checks.Deduct, Points: 3, PointsBasis: "profile"}, "每处3分（按站点配置）"},
		{checks.Meta{Severity: checks.Veto}, "单项否决，不计分"},
		{checks.Meta{Severity: checks.Deduct}, "无公开分值，不计分"},
	}
	for _, tt := range tests {
		if got := pointsLabel(tt.m); got != tt.want {
			t.Errorf("pointsLabel(%+v) = %q, want %q", tt.m, got, tt.want)
		}
	}
}
