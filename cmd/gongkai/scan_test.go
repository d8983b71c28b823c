package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/checks"
	"github.com/gongkai/gongkai/demo"
	"github.com/gongkai/gongkai/internal/xlsxtest"
	"github.com/gongkai/gongkai/report"
)

var update = flag.Bool("update", false, "rewrite golden files")

// execute runs the CLI in-process and returns stdout, stderr and the exit code.
func execute(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	// Scans keep snapshots in the user cache: keep them out of the real one.
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	return runCLI(context.Background(), args...)
}

// runCLI runs the CLI in-process under ctx (a worker runs until it is
// cancelled) and returns stdout, stderr and the exit code.
func runCLI(ctx context.Context, args ...string) (string, string, int) {
	var out, errb bytes.Buffer
	root := newRootCmd()
	root.SetArgs(args)
	root.SetOut(&out)
	root.SetErr(&errb)
	err := root.ExecuteContext(ctx)
	if err != nil {
		errb.WriteString("gongkai: " + err.Error() + "\n")
	}
	return out.String(), errb.String(), exitCode(err)
}

// TestScanDemoEndToEnd is what a newcomer does: scan the demo site, open the
// workbook and the JSON.
func TestScanDemoEndToEnd(t *testing.T) {
	dir := t.TempDir()
	xlsx := filepath.Join(dir, "demo.xlsx")
	_, stderr, code := execute(t, "scan", "--demo", "--quiet", "--as-of", "2025-11-24",
		"--xlsx", xlsx, "--json", filepath.Join(dir, "demo.json"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}

	var rep report.Report
	data, err := os.ReadFile(filepath.Join(dir, "demo.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Tool != "gongkai" || rep.AsOf != "2025-11-24" || !rep.Complete || rep.Pages < 19 {
		t.Errorf("report header = %+v", rep)
	}
	// The demo's findings are pinned in a golden file: every planted defect
	// must be found, and nothing else may appear (a new finding on the demo
	// is either a new planted defect or a false positive).
	var got []string
	for _, f := range rep.Findings {
		u, err := url.Parse(f.URL)
		if err != nil {
			t.Fatal(err)
		}
		where := u.Path
		if !strings.HasPrefix(f.URL, rep.Site) {
			where = u.Host + u.Path // off-site target
		}
		got = append(got, f.Rule+" "+string(f.Severity)+" "+where)
	}
	sort.Strings(got)
	golden := filepath.Join("testdata", "demo-findings.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(strings.Join(got, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wantData, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Split(strings.TrimSpace(string(wantData)), "\n")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("demo findings differ from %s (run with -update after checking):\n got:\n  %s\n want:\n  %s",
			golden, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	for _, f := range rep.Findings {
		if strings.Contains(f.URL, "/admin/") {
			t.Errorf("robots-disallowed /admin/ reported: %+v", f)
		}
	}

	f := xlsxtest.Open(t, xlsx)
	sheets := f.GetSheetList()
	if len(sheets) < 2 || sheets[0] != "整改清单" || sheets[1] != "汇总" {
		t.Fatalf("sheets = %v", sheets)
	}
	header, err := f.GetRows("整改清单")
	if err != nil || len(header) != len(rep.Findings)+1 {
		t.Fatalf("rows = %d (%v), want %d", len(header), err, len(rep.Findings)+1)
	}
	wantHeader := "序号 问题类别 指标 问题描述 问题页面 失效链接 页面标题 所属栏目 证据 依据 整改建议 整改状态 责任科室 备注 发现日期 规则编号 指纹 校验码"
	if got := strings.Join(header[0], " "); got != wantHeader {
		t.Errorf("header = %s", got)
	}
	if ok, link, _ := f.GetCellHyperLink("整改清单", "E2"); !ok || !strings.HasPrefix(link, "http://127.0.0.1:") && !strings.HasPrefix(link, "http://") {
		t.Errorf("E2 hyperlink = %v %q", ok, link)
	}
	dvs, err := f.GetDataValidations("整改清单")
	if err != nil || len(dvs) == 0 || !strings.Contains(dvs[0].Formula1, "未整改") {
		t.Errorf("drop-down = %+v, %v", dvs, err)
	}
}

func TestScanExitCodes(t *testing.T) {
	dir := t.TempDir()
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusBadGateway)
	}))
	defer broken.Close()
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no URL", []string{"scan"}, exitUsage, "needs the site's URL"},
		{"unknown flag", []string{"scan", "--rat", "1", "http://x.gov.cn/"}, exitUsage, "did you mean --rate?"},
		{"bad as-of", []string{"scan", "--demo", "--as-of", "2025/11/24"}, exitUsage, "YYYY-MM-DD"},
		{"bad timeout", []string{"scan", "--demo", "--timeout", "soon"}, exitUsage, "--timeout"},
		{"bad fail-on", []string{"scan", "--demo", "--fail-on", "severe"}, exitUsage, "--fail-on"},
		{"malformed URL", []string{"scan", "--quiet", "ht!tp://"}, exitUsage, "not a web address"},
		{"missing output dir", []string{"scan", "--demo", "--quiet", "--xlsx", filepath.Join(dir, "nope", "x.xlsx")}, exitUsage, "does not exist"},
		{"host answers only errors", []string{"scan", "--quiet", "--xlsx", filepath.Join(dir, "b.xlsx"), broken.URL + "/"}, exitFailed, "502"},
		{"fail-on met", []string{"scan", "--demo", "--quiet", "--xlsx", filepath.Join(dir, "d.xlsx"), "--fail-on", "deduct"}, exitFailOn, "fail-on"},
		{"nothing to resume", []string{"scan", "--demo", "--resume"}, exitUsage, "no interrupted scan"},
		{"baseline from a newer gongkai", []string{"scan", "--demo", "--quiet", "--baseline", filepath.Join("testdata", "future-schema.json")}, exitUsage, "请升级gongkai"},
		{"baseline of another site", []string{"scan", "--demo", "--quiet", "--baseline", filepath.Join("testdata", "other-site.json")}, exitUsage, "只能比较同一网站的两次扫描"},
		{"malformed --resolve", []string{"scan", "--demo", "--quiet", "--resolve", "www.example.gov.cn:127.0.0.1"}, exitUsage, "--resolve \"www.example.gov.cn:127.0.0.1\" is not HOST:PORT:ADDRESS"},
		{"malformed --resolve (crawl)", []string{"crawl", "http://www.example.gov.cn/", "-o", filepath.Join(dir, "x.snap"), "--resolve", "x"}, exitUsage, "--resolve \"x\""},
		{"malformed --resolve (batch)", []string{"batch", filepath.Join(dir, "none.csv"), "--resolve", "x:80:nohost"}, exitUsage, "--resolve \"x:80:nohost\""},
		{"bad --exclude", []string{"scan", "--demo", "--quiet", "--exclude", "a(b"}, exitUsage, "--exclude \"a(b\" is not a regular expression"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := execute(t, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.msg) {
				t.Errorf("exit %d, stderr %q; want %d containing %q", code, stderr, tt.code, tt.msg)
			}
			if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic") {
				t.Errorf("stack trace on stderr: %s", stderr)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "b.xlsx")); err == nil {
		t.Error("a workbook was written for a site that could not be fetched")
	}
}

func TestRulesCommand(t *testing.T) {
	out, _, code := execute(t, "rules", "--json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var metas []checks.Meta
	if err := json.Unmarshal([]byte(out), &metas); err != nil {
		t.Fatal(err)
	}
	if len(metas) != len(checks.Registry()) || metas[0].ID == "" {
		t.Errorf("rules --json = %+v", metas)
	}
	out, _, _ = execute(t, "rules")
	for _, id := range []string{"link-broken", "footer-identity", "meta-tags"} {
		if !strings.Contains(out, id) {
			t.Errorf("rules output lacks %s", id)
		}
	}
}

func TestCrawlCheckAndDiffCommands(t *testing.T) {
	dir := t.TempDir()
	snap := filepath.Join(dir, "demo.snap")
	// crawl needs a URL: serve the demo site ourselves.
	srv := httptest.NewServer(demo.Handler(demo.Site()))
	defer srv.Close()
	if _, stderr, code := execute(t, "crawl", srv.URL+"/", "-o", snap, "--rate", "0", "--quiet"); code != 0 {
		t.Fatalf("crawl: exit %d: %s", code, stderr)
	}
	a := filepath.Join(dir, "a.json")
	if _, stderr, code := execute(t, "check", snap, "--quiet", "--as-of", "2025-11-25", "--json", a, "--xlsx", filepath.Join(dir, "a.xlsx")); code != 0 {
		t.Fatalf("check: exit %d: %s", code, stderr)
	}
	// A later scan where one problem is gone and one is new.
	var rep report.Report
	data, _ := os.ReadFile(a)
	json.Unmarshal(data, &rep)
	if len(rep.Findings) < 2 {
		t.Fatalf("check found %d findings", len(rep.Findings))
	}
	rep.Findings = append(rep.Findings[1:], checks.Finding{Rule: "link-broken", Severity: checks.Deduct, URL: srv.URL + "/new.pdf", Message: "附件无法正常访问", Fingerprint: "ffffffffffffffff"})
	b := filepath.Join(dir, "b.json")
	if err := report.WriteJSONFile(b, nil, &rep); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := execute(t, "diff", a, b, "--xlsx", filepath.Join(dir, "diff.xlsx"))
	if code != 0 {
		t.Fatalf("diff: exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "1 new") || !strings.Contains(out, "1 resolved") || !strings.Contains(out, "新增") || !strings.Contains(out, "已解决") {
		t.Errorf("diff output:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "diff.xlsx")); err != nil {
		t.Errorf("diff workbook: %v", err)
	}
	if _, _, code := execute(t, "diff", a); code != exitUsage {
		t.Errorf("diff with one file: exit %d", code)
	}
	if _, _, code := execute(t, "check", filepath.Join(dir, "missing.snap")); code != exitUsage {
		t.Errorf("check of a missing file: exit %d", code)
	}
}

func TestScanRecordsHistory(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	if _, stderr, code := execute(t, "scan", "--demo", "--quiet", "--xlsx", filepath.Join(dir, "d.xlsx"), "--db", db); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if st, err := os.Stat(db); err != nil || st.Size() == 0 {
		t.Fatalf("history database not written: %v", err)
	}
	if _, stderr, code := execute(t, "scan", "--demo", "--quiet", "--xlsx", filepath.Join(dir, "e.xlsx"), "--db", "-"); code != 0 || strings.Contains(stderr, "warning") {
		t.Errorf("--db -: exit %d: %s", code, stderr)
	}
}
