package xlsxtest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// recorder stands in for a test to see whether a helper fails it.
type recorder struct {
	testing.TB
	failed bool
}

type stop struct{}

func (r *recorder) Helper()               {}
func (r *recorder) Fatal(...any)          { r.failed = true; panic(stop{}) }
func (r *recorder) Fatalf(string, ...any) { r.failed = true; panic(stop{}) }

func fails(t *testing.T, f func(tb testing.TB)) (failed bool) {
	r := &recorder{TB: t}
	defer func() {
		if v := recover(); v != nil {
			if _, ok := v.(stop); !ok {
				panic(v)
			}
		}
		failed = r.failed
	}()
	f(r)
	return false
}

// A written workbook opens and its parts read back; a file that is no
// workbook fails the test, in Open and in Part.
func TestOpenAndPart(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "w.xlsx")
	w := excelize.NewFile()
	_ = w.SetCellStr("Sheet1", "A1", "整改清单")
	if err := w.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	if v, _ := Open(t, path).GetCellValue("Sheet1", "A1"); v != "整改清单" {
		t.Errorf("A1 = %q", v)
	}
	if p := Part(t, path, "xl/workbook.xml"); !strings.Contains(p, "Sheet1") {
		t.Errorf("xl/workbook.xml = %q, want the sheet named", p)
	}
	if p := Part(t, path, "xl/none.xml"); p != "" {
		t.Errorf("a part that is not there = %q, want \"\"", p)
	}
	header := []string{"序号", "问题页面", "整改状态"}
	if c := Cell(t, header, "整改状态", 4); c != "C4" {
		t.Errorf("Cell(整改状态, 4) = %s, want C4", c)
	}
	if !fails(t, func(tb testing.TB) { Cell(tb, header, "备注", 2) }) {
		t.Error("Cell of a column that is not there did not fail the test")
	}
	bad := filepath.Join(dir, "bad.xlsx")
	if err := os.WriteFile(bad, []byte("not a zip"), 0o644); err != nil {
		t.Fatal(err)
	}
	if !fails(t, func(tb testing.TB) { Open(tb, bad) }) {
		t.Error("Open of a file that is no workbook did not fail the test")
	}
	if !fails(t, func(tb testing.TB) { Part(tb, bad, "xl/workbook.xml") }) {
		t.Error("Part of a file that is no workbook did not fail the test")
	}
}
