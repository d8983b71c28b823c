package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/checks"
	"github.com/gongkai/gongkai/report"
)

// writeReport writes a minimal JSON report of site with the given findings.
func writeReport(t *testing.T, path, site string, rules ...string) {
	t.Helper()
	rep := &report.Report{Tool: "gongkai", Schema: report.SchemaVersion, Site: site, AsOf: "2025-11-25", Complete: true}
	for _, r := range rules {
		rep.Findings = append(rep.Findings, checks.Finding{Rule: r, Severity: checks.Deduct, URL: site + "x", Message: "问题", Fingerprint: r})
	}
	if err := report.WriteJSONFile(path, nil, rep); err != nil {
		t.Fatal(err)
	}
}

// TestDiffRefusesWhatItCannotCompare: reports of two different sites (it
// used to say "18 new, 22 resolved") and JSON that is not a report (it used
// to diff as empty) are exit 2 with one sentence, as scan --baseline does.
func TestDiffRefusesWhatItCannotCompare(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.json")
	writeReport(t, a, "http://www.a.gov.cn/", "link-broken", "meta-tags")
	sameSite := filepath.Join(dir, "a2.json")
	writeReport(t, sameSite, "http://WWW.A.gov.cn/", "link-broken")
	other := filepath.Join(dir, "b.json")
	writeReport(t, other, "http://www.b.gov.cn/", "link-broken")
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(s), 0o644)
		return p
	}
	tests := []struct {
		name      string
		old, new  string
		code      int
		wantInErr string
	}{
		{"same site", a, sameSite, exitOK, ""},
		{"two sites", a, other, exitUsage, "只能比较同一网站的两次扫描"},
		{"tool only", a, write("t.json", `{"tool":"gongkai"}`), exitUsage, "不是gongkai的JSON报告"},
		{"no findings key", a, write("n.json", `{"tool":"gongkai","schema":1,"site":"http://www.a.gov.cn/","as_of":"2025-11-25"}`), exitUsage, "不是gongkai的JSON报告"},
		{"rules --json", write("r.json", `[{"id":"link-broken"}]`), a, exitUsage, "不是gongkai的JSON报告"},
		{"other tool", a, write("o.json", `{"tool":"linkinator","findings":[]}`), exitUsage, "不是gongkai的JSON报告"},
		{"missing", a, filepath.Join(dir, "none.json"), exitUsage, "文件不存在"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, stderr, code := execute(t, "diff", tc.old, tc.new)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stdout %q stderr %q", code, tc.code, out, stderr)
			}
			if tc.code != exitOK && (!strings.Contains(stderr, tc.wantInErr) || out != "") {
				t.Errorf("stderr %q, stdout %q; want %q and no diff", stderr, out, tc.wantInErr)
			}
		})
	}
}
