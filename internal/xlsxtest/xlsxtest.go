// Package xlsxtest reads back, in tests, the workbooks gongkai writes: open
// one for the length of a test, or read one part of its zip package. Each
// helper fails the test itself on a workbook it cannot read.
package xlsxtest

import (
	"archive/zip"
	"io"
	"testing"

	"github.com/xuri/excelize/v2"
)

// Open opens the workbook at path until the test ends.
func Open(t testing.TB, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("open the workbook %s: %v", path, err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f
}

// Cell is the name of the cell in row of the column whose header (the
// sheet's first row) is name.
func Cell(t testing.TB, header []string, name string, row int) string {
	t.Helper()
	for i, h := range header {
		if h == name {
			cell, err := excelize.CoordinatesToCellName(i+1, row)
			if err != nil {
				t.Fatal(err)
			}
			return cell
		}
	}
	t.Fatalf("no column %s in %q", name, header)
	return ""
}

// Part is the content of one part of the workbook's zip package (such as
// xl/worksheets/sheet1.xml), "" if there is none.
func Part(t testing.TB, path, name string) string {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	for _, zf := range z.File {
		if zf.Name != name {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		b, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	return ""
}
