package report

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/checks"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// Inputs of the sample report that tests look for in the outputs.
const (
	injectCmd   = "=cmd|' /C calc'!A0"
	injectPlus  = "+1"
	injectMinus = "-2+3"
	injectAt    = "@SUM(A1:A2)"
	urlPII      = "http://www.example.gov.cn/xxgk/tzgg/202503/t20250303_1.html"
	urlSpace    = "http://www.example.gov.cn/files/附件 1.pdf"
	urlScript   = "javascript:alert(1)"
)

// sampleRules is a small catalogue; interp-missing has no finding, and the
// sample has a finding of a rule that is not in it.
func sampleRules() []checks.Meta {
	return []checks.Meta{
		{ID: "pii-mobile", Name: "泄露手机号", Severity: checks.Veto},
		{ID: "link-broken", Name: "错链断链", Severity: checks.Deduct, Description: "检查链接能否打开。"},
		{ID: "column-stale", Name: "栏目不更新", Severity: checks.Deduct},
		{ID: "interp-missing", Name: "未配发解读", Severity: checks.Deduct},
		{ID: "meta-tags", Name: "网页元数据缺失", Severity: checks.Advice},
	}
}

// sampleReport has findings of all three severities, CJK text, formula-like
// values from pages, an over-long evidence, referrers and baseline statuses.
func sampleReport() *Report {
	cst := time.FixedZone("CST", 8*3600)
	return &Report{
		Tool:       "gongkai",
		Version:    "0.1.0",
		Site:       "http://www.example.gov.cn/",
		AsOf:       "2026-01-15",
		StartedAt:  time.Date(2026, 1, 15, 9, 30, 0, 0, cst),
		FinishedAt: time.Date(2026, 1, 15, 9, 42, 5, 0, cst),
		Pages:      123,
		Complete:   true,
		Score: Score{
			Total:      86.5,
			Veto:       []string{"pii-mobile"},
			Deductions: map[string]float64{"link-broken": 1, "column-stale": 5},
		},
		Findings: []checks.Finding{
			{
				Rule: "pii-mobile", Severity: checks.Veto, URL: urlPII,
				Title: "关于2025年低保对象的公示 <名单> & 附件", Column: "通知公告",
				Message:  "页面公开了未打码的手机号",
				Evidence: "联系人：张三 138****5678", Basis: "《个人信息保护法》第二十五条",
				Advice: "删除或打码后重新发布", Fingerprint: "fp-1", Status: "new",
			},
			{
				Rule: "link-broken", Severity: checks.Deduct, URL: urlSpace,
				Title: "", Column: "政策文件", Message: "附件链接无法访问（404）",
				Evidence: "HTTP 404", Basis: "《政府网站发展指引》", Advice: "修复或删除链接",
				Referrers:   []string{"http://www.example.gov.cn/a.html", "http://www.example.gov.cn/b.html"},
				Fingerprint: "fp-2", Status: "persisting",
			},
			{
				Rule: "meta-tags", Severity: checks.Advice, URL: "http://www.example.gov.cn/",
				Title: injectPlus, Column: "首页", Message: injectCmd,
				Evidence: injectAt, Fingerprint: "fp-3", Status: "persisting",
			},
			{
				Rule: "column-stale", Severity: checks.Deduct, URL: "http://www.example.gov.cn/zwdt/",
				Title: "工作动态", Column: "工作动态", Message: injectPlus,
				Evidence: strings.Repeat("证", 40000), Fingerprint: "fp-4", Status: "new",
			},
			{
				Rule: "custom-rule", Severity: checks.Advice, URL: urlScript,
				Title: "脚本", Column: "互动交流", Message: injectMinus,
				Evidence: "a|b", Fingerprint: "fp-5", Status: "new",
			},
		},
		Resolved: []checks.Finding{
			{
				Rule: "link-broken", Severity: checks.Deduct, URL: "http://www.example.gov.cn/old.html",
				Title: "旧页面", Column: "政策文件", Message: "链接已修复", Fingerprint: "fp-0",
			},
			{
				Rule: "pii-mobile", Severity: checks.Veto, URL: "http://www.example.gov.cn/old2.html",
				Title: "旧公示", Column: "通知公告", Message: "手机号已打码", Fingerprint: "fp-00",
			},
		},
		Rules: sampleRules(),
	}
}

// emptyReport is an interrupted scan that found nothing.
func emptyReport() *Report {
	return &Report{
		Tool:       "gongkai",
		Version:    "0.1.0",
		Site:       "http://www.example.gov.cn/",
		AsOf:       "2026-01-15",
		Complete:   false,
		StopReason: "达到时间上限",
	}
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the output (run with -update if the change is intended)\n--- got ---\n%s\n--- want ---\n%s",
			path, got, want)
	}
}
