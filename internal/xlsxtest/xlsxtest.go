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
