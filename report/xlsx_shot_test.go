package report

import (
	"slices"
	"testing"
)

// TestWorkbookScreenshotColumn: with screenshots, 整改清单 has 截图 after
// 证据, each row a HYPERLINK to its image by a relative path; the list
// still reads back (verify, carry). Without, the column is absent.
func TestWorkbookScreenshotColumn(t *testing.T) {
	r := sampleReport()
	f, path := writeAndOpen(t, r)
	header, err := f.GetRows(SheetList)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(header[0], HeaderShot) {
		t.Fatalf("截图 column without screenshots: %v", header[0])
	}

	r = sampleReport()
	r.Screenshots = map[string]string{}
	for _, f := range r.Findings {
		r.Screenshots[f.Fingerprint] = "shots/p-" + f.Fingerprint[:4] + ".png"
	}
	f, path = writeAndOpen(t, r)
	rows, err := f.GetRows(SheetList)
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], HeaderShot)
	if col < 1 || rows[0][col-1] != HeaderEvidence {
		t.Fatalf("截图 should follow 证据: %v", rows[0])
	}
	for i, fd := range r.Findings {
		want := r.Screenshots[fd.Fingerprint]
		if got := rows[i+1][col]; got != want {
			t.Errorf("row %d 截图 = %q, want %q", i+2, got, want)
		}
		cell := string(rune('A'+col)) + itoa(i+2)
		formula, err := f.GetCellFormula(SheetList, cell)
		if err != nil || formula != `HYPERLINK("`+want+`","`+want+`")` {
			t.Errorf("%s formula = %q (%v), want a HYPERLINK to %s", cell, formula, err, want)
		}
	}
	l, err := ReadList(path)
	if err != nil {
		t.Fatalf("a list with 截图 does not read back: %v", err)
	}
	if len(l.Rows) != len(r.Findings) || l.Rows[0].Evidence != r.Findings[0].Evidence {
		t.Errorf("read back %d rows, first evidence %q", len(l.Rows), l.Rows[0].Evidence)
	}
	prev, err := ReadPrevious(path)
	if err != nil || len(prev) < len(r.Findings) {
		t.Errorf("ReadPrevious: %d rows, %v", len(prev), err)
	}
}

func itoa(n int) string {
	s := ""
	for n > 0 {
		s = string(rune('0'+n%10)) + s
		n /= 10
	}
	return s
}
