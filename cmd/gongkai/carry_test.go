package main

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/gongkai/gongkai/demo"
	"github.com/gongkai/gongkai/internal/xlsxtest"
	"github.com/gongkai/gongkai/report"
)

// officeEdit types into the default workbook as an office would.
func officeEdit(t *testing.T, path string, edit func(f *excelize.File, cell func(header string, row int) string)) {
	t.Helper()
	f := xlsxtest.Open(t, path)
	rows, err := f.GetRows(report.SheetList)
	if err != nil || len(rows) < 3 {
		t.Fatalf("list rows: %d (%v)", len(rows), err)
	}
	edit(f, func(header string, row int) string { return xlsxtest.Cell(t, rows[0], header, row) })
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()
}

// byFingerprint reads a sheet's 整改状态, 责任科室 and 备注 by fingerprint.
func byFingerprint(t *testing.T, path, sheet string) map[string][3]string {
	t.Helper()
	f := xlsxtest.Open(t, path)
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	get := func(r []string, h string) string {
		if k, ok := col[h]; ok && k < len(r) {
			return r[k]
		}
		return ""
	}
	out := map[string][3]string{}
	for _, r := range rows[1:] {
		out[get(r, report.HeaderFingerprint)] = [3]string{get(r, report.HeaderRectify), get(r, report.HeaderDept), get(r, report.HeaderNote)}
	}
	return out
}

func backups(t *testing.T, dir string) []string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, "*.bak-*.xlsx"))
	return m
}

// Scan, type 整改状态/责任科室/备注 into the default workbook, scan again —
// also with --json - --quiet: every typed cell is in the new workbook, and
// the replaced one is kept as a dated backup.
func TestRescanKeepsOfficeEdits(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	// The demo site on one port for every scan: fingerprints include it.
	srv := httptest.NewServer(demo.Handler(demo.Site()))
	t.Cleanup(srv.Close)
	scanDemo := func(extra ...string) string {
		t.Helper()
		args := append([]string{"scan", srv.URL + "/", "--rate", "0", "--as-of", "2025-11-24", "--db", "-"}, extra...)
		_, stderr, code := execute(t, args...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		return stderr
	}
	scanDemo("--quiet")
	lists, _ := filepath.Glob(filepath.Join(dir, "*-整改清单-2025-11-24.xlsx"))
	if len(lists) != 1 {
		t.Fatalf("default workbooks: %v", lists)
	}
	list := lists[0]
	var fp2, fp3 string
	officeEdit(t, list, func(f *excelize.File, cell func(string, int) string) {
		fp2, _ = f.GetCellValue(report.SheetList, cell(report.HeaderFingerprint, 2))
		fp3, _ = f.GetCellValue(report.SheetList, cell(report.HeaderFingerprint, 3))
		_ = f.SetCellStr(report.SheetList, cell(report.HeaderRectify, 2), "整改中")
		_ = f.SetCellStr(report.SheetList, cell(report.HeaderDept, 2), "信息中心")
		_ = f.SetCellStr(report.SheetList, cell(report.HeaderNote, 3), "=已联系技术公司，月底前完成")
	})

	stderr := scanDemo("--json", "-", "--quiet")
	if stderr != "" {
		t.Errorf("--quiet printed %q", stderr)
	}
	got := byFingerprint(t, list, report.SheetList)
	if got[fp2] != [3]string{"整改中", "信息中心", ""} || got[fp3] != [3]string{"未整改", "", "=已联系技术公司，月底前完成"} {
		t.Errorf("after the re-scan: row of %s = %q, row of %s = %q", fp2, got[fp2], fp3, got[fp3])
	}
	if b := backups(t, dir); len(b) != 1 || byFingerprint(t, b[0], report.SheetList)[fp2][1] != "信息中心" {
		t.Errorf("backups = %v, want the replaced workbook", b)
	}

	// Without --quiet the office is told, and a row whose finding is gone
	// moves to 已解决 with its cells.
	officeEdit(t, list, func(f *excelize.File, cell func(string, int) string) {
		_ = f.SetCellStr(report.SheetList, cell(report.HeaderFingerprint, 3), "0123456789abcdef")
	})
	stderr = scanDemo()
	if !strings.Contains(stderr, "carried 整改状态, 责任科室 and 备注") || !strings.Contains(stderr, ".bak-") {
		t.Errorf("stderr does not say the edits were carried and where the backup is:\n%s", stderr)
	}
	if res := byFingerprint(t, list, report.SheetResolved); res["0123456789abcdef"][2] != "=已联系技术公司，月底前完成" {
		t.Errorf("已解决 = %q, want the gone row with its 备注", res)
	}
	if got := byFingerprint(t, list, report.SheetList); got[fp2][1] != "信息中心" {
		t.Errorf("the second re-scan lost 责任科室: %q", got[fp2])
	}
}

// A file at the workbook's path that is not a workbook gongkai can read is
// kept as a backup, and the scan says so even with --quiet.
func TestRescanKeepsUnreadableWorkbook(t *testing.T) {
	dir := t.TempDir()
	xlsx := filepath.Join(dir, "list.xlsx")
	if err := os.WriteFile(xlsx, []byte("整改台账，不是 xlsx"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := execute(t, "scan", "--demo", "--as-of", "2025-11-24", "--db", "-", "--quiet", "--xlsx", xlsx)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b := backups(t, dir)
	if len(b) != 1 {
		t.Fatalf("backups = %v", b)
	}
	if data, _ := os.ReadFile(b[0]); string(data) != "整改台账，不是 xlsx" {
		t.Errorf("backup = %q", data)
	}
	if !strings.Contains(stderr, "could not be read") || !strings.Contains(stderr, b[0]) {
		t.Errorf("stderr does not name the unreadable workbook and its backup:\n%s", stderr)
	}
}
