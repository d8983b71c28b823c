package carry

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gongkai/gongkai/checks"
	"github.com/gongkai/gongkai/internal/xlsxtest"
	"github.com/gongkai/gongkai/report"
	"github.com/xuri/excelize/v2"
)

func finding(fp string) checks.Finding {
	return checks.Finding{Rule: "link-broken", Severity: checks.Deduct, URL: "http://www.example.gov.cn/" + fp, Fingerprint: fp}
}

// previous writes the workbook a scan will replace.
func previous(t *testing.T, dir string, r *report.Report) string {
	t.Helper()
	path := filepath.Join(dir, "list.xlsx")
	if err := report.WriteXLSX(path, r); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestPrepare(t *testing.T) {
	Now = func() time.Time { return time.Date(2026, 1, 15, 9, 30, 0, 0, time.UTC) }
	t.Cleanup(func() { Now = time.Now })
	old := &report.Report{Tool: "gongkai", AsOf: "2026-01-01", Complete: true,
		Findings: []checks.Finding{finding("a"), finding("b"), finding("c")},
		Gone:     []checks.Finding{finding("r1"), finding("r2")},
		Office: map[string]report.OfficeCells{
			"a":  {Rectify: "整改中", Dept: "信息中心"},
			"b":  {Note: "已联系"},
			"r1": {Rectify: "已整改", Note: "上月已修复"},
			// r2: nobody typed anything; c: untouched
		},
	}
	for _, tc := range []struct {
		name      string
		complete  bool
		wantGone  []string // fingerprints in Gone (complete) or Unchecked
		wantSheet string
	}{
		{name: "complete", complete: true, wantGone: []string{"b", "c", "r1"}, wantSheet: report.SheetResolved},
		{name: "incomplete", complete: false, wantGone: []string{"b", "c", "r1"}, wantSheet: report.SheetUnchecked},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := previous(t, dir, old)
			cur := &report.Report{Tool: "gongkai", AsOf: "2026-01-15", Complete: tc.complete, Findings: []checks.Finding{finding("a"), finding("d")}}
			res, err := Prepare(path, cur)
			if err != nil {
				t.Fatal(err)
			}
			if cur.Office["a"] != (report.OfficeCells{Rectify: "整改中", Dept: "信息中心"}) || cur.Office["r1"].Note != "上月已修复" || cur.Office["b"].Note != "已联系" {
				t.Errorf("office = %+v", cur.Office)
			}
			gone := cur.Gone
			if !tc.complete {
				gone = cur.Unchecked
				if len(cur.Gone) > 0 {
					t.Errorf("an incomplete scan claimed %d rows resolved", len(cur.Gone))
				}
			}
			var fps []string
			for _, f := range gone {
				fps = append(fps, f.Fingerprint)
			}
			if len(fps) != len(tc.wantGone) || fps[0] != "b" || fps[1] != "c" || fps[2] != "r1" {
				t.Errorf("gone = %v, want %v (r2 untyped in 已解决 is dropped)", fps, tc.wantGone)
			}
			if gone[0].Rule != "link-broken" || gone[0].Severity != checks.Deduct || gone[0].URL != "http://www.example.gov.cn/b" {
				t.Errorf("gone row rebuilt as %+v", gone[0])
			}
			wantBackup := filepath.Join(dir, "list.bak-20260115-093000.xlsx")
			if res.Backup != wantBackup || res.GoneSheet != tc.wantSheet || res.Carried != 4 || res.Gone != 3 {
				t.Errorf("result = %+v", res)
			}
			if _, err := os.Stat(wantBackup); err != nil {
				t.Error(err)
			}
			// A second backup in the same second gets its own name.
			res2, err := Prepare(path, &report.Report{Complete: true})
			if err != nil || res2.Backup != filepath.Join(dir, "list.bak-20260115-093000-2.xlsx") {
				t.Errorf("second backup = %+v, %v", res2, err)
			}
		})
	}
}

func TestPrepareNothingToReplace(t *testing.T) {
	res, err := Prepare(filepath.Join(t.TempDir(), "new.xlsx"), &report.Report{})
	if err != nil || res.Backup != "" {
		t.Errorf("res = %+v, %v", res, err)
	}
	if w, i := res.Notes(); len(w)+len(i) != 0 {
		t.Errorf("notes for a new workbook: %v %v", w, i)
	}
}

// A workbook open in an office suite (its lock file beside it) is read as
// saved, kept, and warned about.
func TestPrepareOpenWorkbook(t *testing.T) {
	dir := t.TempDir()
	path := previous(t, dir, &report.Report{Tool: "gongkai", Complete: true, Findings: []checks.Finding{finding("a")}})
	if err := os.WriteFile(filepath.Join(dir, "~$list.xlsx"), []byte("lock"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Prepare(path, &report.Report{Complete: true, Findings: []checks.Finding{finding("a")}})
	if err != nil || !res.Open || res.Backup == "" {
		t.Fatalf("res = %+v, %v", res, err)
	}
	if w, _ := res.Notes(); len(w) != 1 {
		t.Errorf("warnings = %q", w)
	}
}

// No backup can be made (a read-only directory): the caller must not
// replace the workbook.
func TestPrepareNoBackup(t *testing.T) {
	if os.Getuid() == 0 {
		t.Skip("root writes into read-only directories")
	}
	dir := t.TempDir()
	path := previous(t, dir, &report.Report{Tool: "gongkai", Complete: true})
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(dir, 0o755) })
	if _, err := Prepare(path, &report.Report{}); err == nil {
		t.Error("no error without a backup")
	}
}

// --xlsx through a symlink: the file the link leads to is read and kept as
// the backup, and the link stays a link; the backup holds the old content
// once the new workbook is written through the link.
func TestPrepareThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	old := &report.Report{Tool: "gongkai", AsOf: "2026-01-01", Complete: true, Findings: []checks.Finding{finding("a")},
		Office: map[string]report.OfficeCells{"a": {Note: "已联系"}}}
	target := previous(t, dir, old)
	link := filepath.Join(dir, "latest.xlsx")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	cur := &report.Report{Tool: "gongkai", AsOf: "2026-01-15", Complete: true, Findings: []checks.Finding{finding("b")}}
	res, err := Prepare(link, cur)
	if err != nil {
		t.Fatal(err)
	}
	if cur.Office["a"].Note != "已联系" || res.Backup == "" || filepath.Dir(res.Backup) != dir || filepath.Base(res.Backup) == "latest.xlsx" {
		t.Fatalf("res = %+v, office = %+v", res, cur.Office)
	}
	if err := report.WriteXLSX(link, cur); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v", err)
	}
	if fi, err := os.Lstat(res.Backup); err != nil || fi.Mode()&os.ModeSymlink != 0 {
		t.Errorf("the backup is a link (%v): it would show the new workbook", err)
	}
	prev, err := report.ReadPrevious(res.Backup)
	if err != nil || len(prev) != 1 || prev[0].Finding.Fingerprint != "a" {
		t.Fatalf("backup: %v %+v", err, prev)
	}
	// A device holds no workbook: nothing is read or kept.
	if res, err := Prepare(os.DevNull, cur); err != nil || res.Backup != "" {
		t.Errorf("device: %+v %v", res, err)
	}
}

// A workbook only gongkai wrote, nobody typed in and nobody saved, is
// replaced without a backup; once an office suite saved it (LastModifiedBy
// set), it is kept.
func TestPrepareNoBackupOfUntouched(t *testing.T) {
	dir := t.TempDir()
	r := &report.Report{Tool: "gongkai", AsOf: "2026-01-01", Complete: true, Findings: []checks.Finding{finding("a")}}
	path := previous(t, dir, r)
	res, err := Prepare(path, &report.Report{Tool: "gongkai", AsOf: "2026-01-15", Complete: true})
	if err != nil || res.Backup != "" {
		t.Fatalf("untouched workbook backed up: %+v %v", res, err)
	}
	f := xlsxtest.Open(t, path)
	_ = f.SetDocProps(&excelize.DocProperties{LastModifiedBy: "张三"})
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()
	res, err = Prepare(path, &report.Report{Tool: "gongkai", AsOf: "2026-01-15", Complete: true})
	if err != nil || res.Backup == "" {
		t.Errorf("a workbook saved by a person was not kept: %+v %v", res, err)
	}
}
