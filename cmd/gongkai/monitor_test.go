package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/gongkai/gongkai/internal/testkit"
	"github.com/gongkai/gongkai/internal/xlsxtest"
	"github.com/gongkai/gongkai/report"
)

// The fixture's planted defects and the changes an office makes.
const (
	banner  = "/images/banner.jpg" // missing image: fixed by uploading it
	xlsFile = "/files/guide.xls"   // missing attachment: left as it is
	noSrc   = "/news/a2.html"      // article without ContentSource: left as it is
	oldPage = "/news/old.html"     // a new dead link the change adds
)

// fixed is the fixture with the banner uploaded and a new dead link added.
func fixedAndBroken(t *testing.T) map[string][]byte {
	return map[string][]byte{
		"images/banner.jpg": []byte("\xff\xd8\xff\xe0 jpeg"),
		"index.html": fixturePage(t, "index.html", "<!--EXTRA-LINK-->",
			`<li><a href="/news/old.html">往期工作动态</a></li>`),
	}
}

func scanFixture(t *testing.T, srv *fixtureServer, dir, name string, extra ...string) (string, int) {
	t.Helper()
	args := append([]string{"scan", srv.URL, "--quiet", "--rate", "0", "--as-of", "2025-11-25",
		"--xlsx", filepath.Join(dir, name+".xlsx"), "--json", filepath.Join(dir, name+".json")}, extra...)
	_, stderr, code := execute(t, args...)
	return stderr, code
}

// The end-to-end test: scan a fixture site, change it (fix one
// defect, add one), re-scan with the baseline: exactly one new and one
// resolved; --fail-on new fails on it, and only on it.
func TestBaselineOneNewOneResolved(t *testing.T) {
	srv := serveFixture(t, nil)
	dir := t.TempDir()
	if stderr, code := scanFixture(t, srv, dir, "before"); code != 0 {
		t.Fatalf("first scan: exit %d: %s", code, stderr)
	}
	before := testkit.ReadJSON[report.Report](t, filepath.Join(dir, "before.json"))

	// Unchanged site, baseline given: nothing new, nothing resolved, exit 0.
	if stderr, code := scanFixture(t, srv, dir, "same", "--baseline", filepath.Join(dir, "before.json"), "--fail-on", "new"); code != 0 {
		t.Fatalf("re-scan of the unchanged site: exit %d, want 0: %s", code, stderr)
	}
	same := testkit.ReadJSON[report.Report](t, filepath.Join(dir, "same.json"))
	for _, f := range same.Findings {
		if f.Status != "persisting" {
			t.Errorf("unchanged site: %s %s is %q, want persisting", f.Rule, f.URL, f.Status)
		}
	}
	if len(same.Resolved) != 0 || len(same.Findings) != len(before.Findings) {
		t.Errorf("unchanged site: %d findings (was %d), %d resolved", len(same.Findings), len(before.Findings), len(same.Resolved))
	}

	srv.change(fixedAndBroken(t))
	stderr, code := scanFixture(t, srv, dir, "after", "--baseline", filepath.Join(dir, "before.json"), "--fail-on", "new")
	if code != exitFailOn {
		t.Fatalf("re-scan with a new defect: exit %d, want %d: %s", code, exitFailOn, stderr)
	}
	after := testkit.ReadJSON[report.Report](t, filepath.Join(dir, "after.json"))
	var news []string
	for _, f := range after.Findings {
		switch f.Status {
		case "new":
			news = append(news, f.Rule+" "+strings.TrimPrefix(f.URL, srv.URL))
		case "persisting":
		default:
			t.Errorf("%s %s has status %q", f.Rule, f.URL, f.Status)
		}
	}
	if want := []string{"link-broken " + oldPage}; !slices.Equal(news, want) {
		t.Errorf("new = %q, want %q", news, want)
	}
	var resolved []string
	for _, f := range after.Resolved {
		resolved = append(resolved, f.Rule+" "+strings.TrimPrefix(f.URL, srv.URL))
	}
	if want := []string{"link-broken " + banner}; !slices.Equal(resolved, want) {
		t.Errorf("resolved = %q, want %q", resolved, want)
	}

	// The workbook shows the same: 状态 新增/持续 and one row on 已解决.
	f := xlsxtest.Open(t, filepath.Join(dir, "after.xlsx"))
	rows, _ := f.GetRows(report.SheetList)
	st := slices.Index(rows[0], report.HeaderStatus)
	if st < 0 {
		t.Fatalf("no 状态 column: %q", rows[0])
	}
	count := map[string]int{}
	for _, r := range rows[1:] {
		count[r[st]]++
	}
	if count["新增"] != 1 || count["持续"] != len(after.Findings)-1 {
		t.Errorf("状态 counts = %v", count)
	}
	res, _ := f.GetRows(report.SheetResolved)
	if len(res) != 2 {
		t.Errorf("已解决 has %d rows, want header + 1", len(res))
	}
}

// setCells edits the 整改清单 as an office would, by header name.
func setCells(t *testing.T, path string, edits map[string]map[string]string) {
	t.Helper()
	f := xlsxtest.Open(t, path)
	rows, err := f.GetRows(report.SheetList)
	if err != nil {
		t.Fatal(err)
	}
	h := rows[0]
	urlCol, linkCol := slices.Index(h, report.HeaderURL), slices.Index(h, report.HeaderLink)
	for i, r := range rows[1:] {
		u := cellURL(r[urlCol])
		if linkCol < len(r) && r[linkCol] != "" {
			u = cellURL(r[linkCol]) // a link row: the dead link names it
		}
		for suffix, cells := range edits {
			if !strings.HasSuffix(u, suffix) {
				continue
			}
			for name, v := range cells {
				col := slices.Index(h, name)
				if col < 0 {
					t.Fatalf("no column %s", name)
				}
				cell, _ := excelize.CoordinatesToCellName(col+1, i+2)
				if err := f.SetCellStr(report.SheetList, cell, v); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()
}

// rowsByURL reads the verified list: column name → value, per URL suffix.
func rowsByURL(t *testing.T, path, base string) (map[string]map[string]string, []string) {
	t.Helper()
	f := xlsxtest.Open(t, path)
	rows, err := f.GetRows(report.SheetList)
	if err != nil {
		t.Fatal(err)
	}
	h := rows[0]
	out := map[string]map[string]string{}
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, name := range h {
			if i < len(r) {
				m[name] = r[i]
			}
		}
		u := cellURL(m[report.HeaderURL])
		if m[report.HeaderLink] != "" {
			u = cellURL(m[report.HeaderLink]) // a link row: the dead link names it
		}
		out[strings.TrimPrefix(u, base)] = m
	}
	return out, h
}

// The end-to-end test: verify on an edited workbook flags a 虚假整改
// row, confirms a real fix, keeps the office's edits, and is honest about
// site-level rows it cannot judge from a few pages.
func TestVerifyEditedWorkbook(t *testing.T) {
	srv := serveFixture(t, nil)
	dir := t.TempDir()
	if stderr, code := scanFixture(t, srv, dir, "list"); code != 0 {
		t.Fatalf("scan: exit %d: %s", code, stderr)
	}
	list := filepath.Join(dir, "list.xlsx")
	setCells(t, list, map[string]map[string]string{
		banner:  {report.HeaderRectify: "已整改", report.HeaderDept: "信息中心", report.HeaderNote: "已重新上传图片"},
		noSrc:   {report.HeaderRectify: "已整改", report.HeaderDept: "办公室", report.HeaderNote: "模板已改"},
		xlsFile: {report.HeaderRectify: "整改中", report.HeaderNote: "等待业务科室提供文件"},
	})
	srv.change(fixedAndBroken(t))

	stdout, stderr, code := execute(t, "verify", list, "--rate", "0", "--as-of", "2025-12-01")
	if code != 0 {
		t.Fatalf("verify: exit %d: %s%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "1 虚假整改") || !strings.Contains(stderr, "wrote "+list) {
		t.Errorf("summary = %q", stderr)
	}
	rows, header := rowsByURL(t, list, srv.URL)
	for _, h := range report.VerifyHeaders {
		if n := strings.Count(strings.Join(header, "|")+"|", h+"|"); n != 1 {
			t.Errorf("header %s appears %d times: %q", h, n, header)
		}
	}
	for url, want := range map[string]map[string]string{
		banner:  {report.HeaderVerdict: report.VerdictFixed, report.HeaderRectify: "已整改", report.HeaderDept: "信息中心", report.HeaderNote: "已重新上传图片"},
		noSrc:   {report.HeaderVerdict: report.VerdictFake, report.HeaderRectify: "已整改", report.HeaderDept: "办公室", report.HeaderNote: "模板已改"},
		xlsFile: {report.HeaderVerdict: report.VerdictOpen, report.HeaderRectify: "整改中", report.HeaderNote: "等待业务科室提供文件"},
	} {
		got := rows[url]
		if got == nil {
			t.Fatalf("no row for %s in %v", url, rows)
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s %s = %q, want %q (说明: %s)", url, k, got[k], v, got[report.HeaderVerifyNotes])
			}
		}
		if got[report.HeaderVerifiedOn] != "2025-12-01" {
			t.Errorf("%s 复核日期 = %q", url, got[report.HeaderVerifiedOn])
		}
	}
	if !strings.Contains(rows[noSrc][report.HeaderVerifyNotes], "ContentSource") {
		t.Errorf("虚假整改 row explains nothing: %q", rows[noSrc][report.HeaderVerifyNotes])
	}
	// Site-level gaps (年报, 预算 … missing) cannot be judged from a few
	// pages: never 已整改, always with the reason.
	for url, r := range rows {
		if strings.HasSuffix(r[report.HeaderRuleID], "-missing") {
			if !strings.HasPrefix(r[report.HeaderVerdict], report.VerdictUnknown+"（") {
				t.Errorf("%s %s: %q, want 无法复核（…）", url, r[report.HeaderRuleID], r[report.HeaderVerdict])
			}
		}
	}

	// Verifying again (after the office fixed the article) updates the same
	// columns instead of adding new ones.
	srv.change(map[string][]byte{
		"images/banner.jpg": []byte("\xff\xd8\xff\xe0 jpeg"),
		"news/a2.html": fixturePage(t, "news/a2.html", `<meta name="ColumnName"`,
			`<meta name="ContentSource" content="监测县人民政府办公室"><meta name="ColumnName"`),
	})
	out2 := filepath.Join(dir, "复核.xlsx")
	if _, stderr, code := execute(t, "verify", list, "-o", out2, "--rate", "0", "--quiet"); code != 0 {
		t.Fatalf("second verify: exit %d: %s", code, stderr)
	}
	rows2, header2 := rowsByURL(t, out2, srv.URL)
	if len(header2) != len(header) {
		t.Errorf("second verify changed the header: %q → %q", header, header2)
	}
	if got := rows2[noSrc][report.HeaderVerdict]; got != report.VerdictFixed {
		t.Errorf("fixed article: %q, want 已整改 (%s)", got, rows2[noSrc][report.HeaderVerifyNotes])
	}
}

// Bad input: a workbook not made by gongkai, or with its columns moved, is
// one sentence naming the file and the column, exit 2, nothing overwritten.
func TestVerifyBadWorkbook(t *testing.T) {
	dir := t.TempDir()
	r := &report.Report{Tool: "gongkai", Site: "http://127.0.0.1:1/", AsOf: "2025-11-25", Findings: nil}
	good := filepath.Join(dir, "good.xlsx")
	if err := report.WriteXLSX(good, r); err != nil {
		t.Fatal(err)
	}

	moved := filepath.Join(dir, "moved.xlsx")
	f := xlsxtest.Open(t, good)
	// Swap 问题描述 (D) and 问题页面 (E), as a user dragging columns would.
	_ = f.SetCellStr(report.SheetList, "D1", report.HeaderURL)
	_ = f.SetCellStr(report.SheetList, "E1", report.HeaderMessage)
	if err := f.SaveAs(moved); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()

	other := filepath.Join(dir, "other.xlsx")
	g := excelize.NewFile()
	_ = g.SetCellStr("Sheet1", "A1", "名称")
	if err := g.SaveAs(other); err != nil {
		t.Fatal(err)
	}
	_ = g.Close()

	csv := filepath.Join(dir, "list.csv")
	_ = os.WriteFile(csv, []byte("序号,问题类别\n1,扣分\n"), 0o644)

	for _, tc := range []struct {
		path string
		want []string
	}{
		{moved, []string{"moved.xlsx", "reordered", "column E"}},
		{other, []string{"other.xlsx", "no sheet “整改清单”", "not written by gongkai"}},
		{csv, []string{"list.csv", "cannot be opened as an .xlsx workbook"}},
		{filepath.Join(dir, "absent.xlsx"), []string{"absent.xlsx", "no such file"}},
	} {
		before, _ := os.ReadFile(tc.path)
		_, stderr, code := execute(t, "verify", tc.path, "--rate", "0")
		if code != exitUsage {
			t.Errorf("%s: exit %d, want 2: %s", tc.path, code, stderr)
		}
		for _, w := range tc.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%s: message %q lacks %q", tc.path, stderr, w)
			}
		}
		if strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%s: more than one line: %q", tc.path, stderr)
		}
		after, _ := os.ReadFile(tc.path)
		if !bytes.Equal(before, after) {
			t.Errorf("%s was modified", tc.path)
		}
	}
}

// batch then history, through the command line: exit codes and outputs.
func TestBatchAndHistoryCommands(t *testing.T) {
	srv := serveFixture(t, nil)
	deadURL := testkit.ClosedURL()
	dir := t.TempDir()
	db := filepath.Join(dir, "history.db")
	out := filepath.Join(dir, "out")
	csv := filepath.Join(dir, "sites.csv")
	_ = os.WriteFile(csv, []byte("名称,URL,单位\n监测县,"+srv.URL+"/,监测县政府办\n停用县,"+deadURL+"/,停用县政府办\n"), 0o644)

	_, stderr, code := execute(t, "batch", csv, "--out", out, "--db", db, "--rate", "0", "--as-of", "2025-11-25")
	if code != 0 {
		t.Fatalf("batch: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"1 scanned", "1 failed", "月度通报-2025-11.xlsx", "停用县: failed"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("batch stderr lacks %q:\n%s", want, stderr)
		}
	}

	stdout, stderr, code := execute(t, "history", srv.URL, "--db", db)
	if code != 0 {
		t.Fatalf("history: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"2025-11", "得分", "link-broken 错链断链", "meta-tags 网页元数据缺失"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("history lacks %q:\n%s", want, stdout)
		}
	}
	stdout, _, code = execute(t, "history", srv.URL, "--db", db, "--json")
	var months []map[string]any
	if code != 0 || json.Unmarshal([]byte(stdout), &months) != nil || len(months) != 1 || months[0]["month"] != "2025-11" {
		t.Errorf("history --json: exit %d: %s", code, stdout)
	}
	_, stderr, code = execute(t, "history", "www.unknown.gov.cn", "--db", db)
	if code != exitUsage || !strings.Contains(stderr, "sites recorded: 127.0.0.1:") {
		t.Errorf("unknown site: exit %d: %s", code, stderr)
	}

	// Nothing scannable at all: exit 3, the summary still lists why.
	onlyDead := filepath.Join(dir, "dead.csv")
	_ = os.WriteFile(onlyDead, []byte("名称,URL,单位\n停用县,"+deadURL+"/,停用县政府办\n"), 0o644)
	if _, stderr, code := execute(t, "batch", onlyDead, "--out", filepath.Join(dir, "dead"), "--db", "-", "--rate", "0", "--quiet"); code != exitFailed {
		t.Errorf("all sites down: exit %d, want 3: %s", code, stderr)
	}
	// A bad line: exit 2 before anything is scanned.
	bad := filepath.Join(dir, "bad.csv")
	_ = os.WriteFile(bad, []byte("名称,URL,单位\n监测县,"+srv.URL+"/,监测县政府办\n监测县二,"+srv.URL+"/news/,监测县政府办\n"), 0o644)
	if _, stderr, code := execute(t, "batch", bad, "--out", filepath.Join(dir, "bad"), "--db", "-"); code != exitUsage || !strings.Contains(stderr, "line 3") {
		t.Errorf("duplicate site: exit %d: %s", code, stderr)
	}
}

// cellURL is the URL a 问题页面 or 失效链接 cell shows, without the
// zero-width spaces that let it wrap in print.
func cellURL(cell string) string { return strings.ReplaceAll(cell, "\u200b", "") }
