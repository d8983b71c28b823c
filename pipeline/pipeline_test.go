package pipeline

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/checks"
	"github.com/gongkai/gongkai/config"
	"github.com/gongkai/gongkai/report"
)

func TestFailOnLevels(t *testing.T) {
	fs := []checks.Finding{{Severity: checks.Deduct, Status: "persisting"}, {Severity: checks.Advice, Status: "persisting"}}
	for level, want := range map[string]bool{"": false, "veto": false, "deduct": true, "advice": true, "new": false} {
		if got := FailOnMet(level, fs); got != want {
			t.Errorf("FailOnMet(%q) = %v, want %v", level, got, want)
		}
	}
	fs = append(fs, checks.Finding{Severity: checks.Veto, Status: "new"})
	for _, level := range []string{"veto", "new"} {
		if !FailOnMet(level, fs) {
			t.Errorf("FailOnMet(%q) not met with a new veto finding", level)
		}
	}
}

func TestApplyWaivers(t *testing.T) {
	fs := []checks.Finding{
		{Rule: "link-broken", URL: "http://x/a/1.html"},
		{Rule: "link-broken", URL: "http://x/b/2.html"},
		{Rule: "pii-mobile", URL: "http://x/a/3.html"},
	}
	asOf := time.Date(2025, 11, 25, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name   string
		ws     []config.Waiver
		kept   string
		waived int
	}{
		{name: "none", kept: "1,2,3"},
		{name: "rule and URL", ws: []config.Waiver{{Rule: "link-broken", URL: "/a/", Expires: "2025-12-31"}}, kept: "2,3", waived: 1},
		{name: "whole rule", ws: []config.Waiver{{Rule: "link-broken", Expires: "2025-11-25"}}, kept: "3", waived: 2},
		{name: "expired the day before", ws: []config.Waiver{{Rule: "link-broken", Expires: "2025-11-24"}}, kept: "1,2,3"},
	} {
		got, n := ApplyWaivers(fs, tc.ws, asOf)
		var kept []string
		for _, f := range got {
			kept = append(kept, f.URL[len(f.URL)-6:len(f.URL)-5])
		}
		if strings.Join(kept, ",") != tc.kept || n != tc.waived {
			t.Errorf("%s: kept %v, waived %d; want %s, %d", tc.name, kept, n, tc.kept, tc.waived)
		}
	}
}

func TestApplyBaseline(t *testing.T) {
	base := &report.Report{Findings: []checks.Finding{{Fingerprint: "a"}, {Fingerprint: "gone"}}}
	for _, complete := range []bool{true, false} {
		rep := &report.Report{Findings: []checks.Finding{{Fingerprint: "a"}, {Fingerprint: "b"}}}
		ApplyBaseline(rep, base, complete)
		got := fmt.Sprintf("%s %s resolved=%d", rep.Findings[0].Status, rep.Findings[1].Status, len(rep.Resolved))
		want := "persisting new resolved=0"
		if complete {
			want = "persisting new resolved=1"
		}
		if got != want {
			t.Errorf("complete=%v: %s, want %s", complete, got, want)
		}
	}
}

func TestRank(t *testing.T) {
	site := func(name string, total float64, veto ...string) report.BatchSite {
		return report.BatchSite{Name: name, Report: &report.Report{Score: report.Score{Total: total, Veto: veto}}}
	}
	b := &report.BatchSummary{Sites: []report.BatchSite{
		site("丙", 95, "homepage-stale"), site("乙", 80), {Name: "失败"}, site("甲", 80), site("丁", 55), site("戊", 99, "pii-id-number"),
	}}
	Rank(b)
	var got []string
	for _, s := range b.Ranked {
		got = append(got, fmt.Sprintf("%d %s %s", s.Rank, s.Name, s.Conclusion))
	}
	want := []string{"1 乙 合格", "1 甲 合格", "3 丁 不合格（低于60分）", "4 戊 不合格（单项否决）", "5 丙 不合格（单项否决）"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("ranking:\n got  %q\n want %q", got, want)
	}
}
