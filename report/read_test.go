package report

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// editList opens a written list, applies edit and saves it, as an office
// working in Excel would.
func editList(t *testing.T, path string, edit func(f *excelize.File)) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	edit(f)
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()
}

func TestReadList(t *testing.T) {
	r := sampleReport() // with baseline statuses: the 状态 column is there
	_, path := writeAndOpen(t, r)
	editList(t, path, func(f *excelize.File) {
		_ = f.SetCellStr(SheetList, "N2", " 已整改 ") // 整改状态, with stray spaces
		_ = f.SetCellStr(SheetList, "O2", "信息中心")
		_ = f.SetCellStr(SheetList, "P3", "已联系技术公司")
		_ = f.SetCellStr(SheetList, "S1", "整改时限") // the office's own column, after the last
		_ = f.SetCellStr(SheetList, "S2", "2026-02-01")
	})
	l, err := ReadList(path)
	if err != nil {
		t.Fatal(err)
	}
	if l.Site != r.Site || l.AsOf != r.AsOf || !l.HasFingerprint || !l.HasCheck {
		t.Errorf("list = site %q as-of %q fingerprint %v check %v", l.Site, l.AsOf, l.HasFingerprint, l.HasCheck)
	}
	for _, row := range l.Rows {
		if row.Edited(l) {
			t.Errorf("row %d reads as edited; only the office's columns were", row.Row)
		}
	}
	if len(l.Rows) != len(r.Findings) {
		t.Fatalf("%d rows, want %d", len(l.Rows), len(r.Findings))
	}
	first := l.Rows[0]
	if first.Row != 2 || first.Rule != r.Findings[0].Rule || first.URL != r.Findings[0].URL ||
		first.Rectify != "已整改" || first.Dept != "信息中心" || first.Fingerprint != r.Findings[0].Fingerprint {
		t.Errorf("row 2 = %+v", first)
	}
	if l.Rows[1].Note != "已联系技术公司" || l.Rows[1].Rectify != "未整改" {
		t.Errorf("row 3 = %+v", l.Rows[1])
	}
	// A URL that is not a web address stays as written, for verify to say
	// it cannot re-check it.
	for i, f := range r.Findings {
		if got := l.Rows[i].URL; got != f.URL && !(isWebURL(f.URL) && strings.Contains(got, "%")) {
			t.Errorf("row %d URL = %q, want %q", i+2, got, f.URL)
		}
	}
}

func TestReadListRefusesEdits(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(f *excelize.File)
		want string
	}{
		{"rule emptied", func(f *excelize.File) { _ = f.SetCellStr(SheetList, "D3", "") }, "row 3: the 指标 cell is empty"},
		{"status typed", func(f *excelize.File) { _ = f.SetCellStr(SheetList, "N4", "完成") }, "row 4: 整改状态 N4 is “完成”"},
		{"url lost", func(f *excelize.File) {
			_ = f.SetCellStr(SheetList, "F2", "")
			_ = f.SetCellHyperLink(SheetList, "F2", "", "None")
		}, "row 2: the 问题页面 cell F2 is empty"},
		{"column deleted", func(f *excelize.File) { _ = f.RemoveCol(SheetList, "J") }, "no column “证据”"},
		{"columns swapped", func(f *excelize.File) {
			_ = f.SetCellStr(SheetList, "O1", HeaderNote)
			_ = f.SetCellStr(SheetList, "P1", HeaderDept)
		}, "“责任科室” is in column P, where gongkai put it in column O"},
		{"sheet renamed", func(f *excelize.File) { _ = f.SetSheetName(SheetList, "清单") }, "no sheet “整改清单”"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, path := writeAndOpen(t, sampleReport())
			editList(t, path, tc.edit)
			_, err := ReadList(path)
			var le *ListError
			if !errors.As(err, &le) || !strings.Contains(le.Msg, tc.want) || !strings.Contains(le.Msg, filepath.Base(path)) {
				t.Errorf("err = %v, want a ListError naming the file and %q", err, tc.want)
			}
		})
	}
}

// A list written before the 指纹 column is still read; its rows have no
// fingerprint.
func TestReadListWithoutFingerprint(t *testing.T) {
	_, path := writeAndOpen(t, sampleReport())
	editList(t, path, func(f *excelize.File) {
		_ = f.RemoveCol(SheetList, "R")
		_ = f.RemoveCol(SheetList, "Q")
	})
	l, err := ReadList(path)
	if err != nil {
		t.Fatal(err)
	}
	if l.HasFingerprint || l.Rows[0].Fingerprint != "" || l.Rows[0].Rule == "" {
		t.Errorf("list = %v, row = %+v", l.HasFingerprint, l.Rows[0])
	}
}

// A row whose 问题页面, 指标, 问题描述 or 证据 was changed reads as edited;
// its 校验码 column is hidden.
func TestReadListEdited(t *testing.T) {
	for _, tc := range []struct {
		name string
		cell string // in row 3, link-broken
		val  string
	}{
		{"URL", "F3", "http://www.example.gov.cn/other.html"},
		{"rule", "D3", "meta-tags 网页元数据缺失"},
		{"message", "E3", "已修复"},
		{"dead link", "G3", "http://www.example.gov.cn/ok.html"},
		{"evidence", "J3", "HTTP 404\n引用页面：\nhttp://www.example.gov.cn/c.html"},
		{"fingerprint", "Q3", "fp-9"},
		{"check", "R3", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, path := writeAndOpen(t, sampleReport())
			if v, err := f.GetColVisible(SheetList, "R"); err != nil || v {
				t.Errorf("the 校验码 column is visible (%v)", err)
			}
			editList(t, path, func(f *excelize.File) { _ = f.SetCellStr(SheetList, tc.cell, tc.val) })
			l, err := ReadList(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, row := range l.Rows {
				if got, want := row.Edited(l), row.Row == 3; got != want {
					t.Errorf("row %d edited = %v, want %v", row.Row, got, want)
				}
			}
		})
	}
	// A list without the column cannot tell.
	_, path := writeAndOpen(t, sampleReport())
	editList(t, path, func(f *excelize.File) {
		_ = f.RemoveCol(SheetList, "R")
		_ = f.SetCellStr(SheetList, "F3", "http://www.example.gov.cn/other.html")
	})
	l, err := ReadList(path)
	if err != nil {
		t.Fatal(err)
	}
	if l.HasCheck || l.Rows[1].Edited(l) {
		t.Errorf("without 校验码: HasCheck %v, edited %v", l.HasCheck, l.Rows[1].Edited(l))
	}
}

// Writing the verdicts back keeps the office's cells, the drop-down, the
// hyperlinks and the summary chart, and a second write reuses the columns.
func TestWriteVerified(t *testing.T) {
	r := sampleReport()
	_, path := writeAndOpen(t, r)
	editList(t, path, func(f *excelize.File) { _ = f.SetCellStr(SheetList, "O2", "备注：已处理") })
	l, err := ReadList(path)
	if err != nil {
		t.Fatal(err)
	}
	var vs []Verdict
	for i, row := range l.Rows {
		res := VerdictOpen
		if i == 0 {
			res = VerdictFake
		}
		vs = append(vs, Verdict{Row: row.Row, Result: res, Notes: "=HYPERLINK(\"x\")"})
	}
	out := filepath.Join(t.TempDir(), "verified.xlsx")
	if err := WriteVerified(l, out, "2026-02-01", vs); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(SheetList)
	h := rows[0]
	if got := strings.Join(h[len(h)-3:], ","); got != "复核结果,复核日期,复核说明" {
		t.Fatalf("header ends %q", got)
	}
	if rows[1][len(h)-3] != VerdictFake || rows[1][len(h)-2] != "2026-02-01" || rows[1][14] != "备注：已处理" {
		t.Errorf("row 2 = %q", rows[1])
	}
	if formula, _ := f.GetCellFormula(SheetList, "S2"); formula != "" {
		t.Errorf("notes became a formula: %q", formula)
	}
	if dv, _ := f.GetDataValidations(SheetList); len(dv) == 0 {
		t.Error("the 整改状态 drop-down was lost")
	}
	if ok, link, _ := f.GetCellHyperLink(SheetList, "F2"); !ok || link != r.Findings[0].URL {
		t.Errorf("hyperlink F2 = %v %q", ok, link)
	}
	if zipPart(t, out, "xl/charts/chart1.xml") == "" {
		t.Error("the summary chart was lost")
	}

	// Again, over the verified list: the same three columns are rewritten.
	l2, err := ReadList(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteVerified(l2, out, "2026-03-01", vs[:1]); err != nil {
		t.Fatal(err)
	}
	g, _ := excelize.OpenFile(out)
	defer g.Close()
	rows2, _ := g.GetRows(SheetList)
	if len(rows2[0]) != len(h) || rows2[1][len(h)-2] != "2026-03-01" {
		t.Errorf("second write: header %q, row 2 %q", rows2[0], rows2[1])
	}
}

// A link row is read back with the dead link as its URL (what verify
// re-checks) and the page holding it as its Page; a list written before
// the 失效链接 column is still read.
func TestReadListLinkRows(t *testing.T) {
	r := sampleReport()
	_, path := writeAndOpen(t, r)
	l, err := ReadList(path)
	if err != nil {
		t.Fatal(err)
	}
	link := l.Rows[1] // the link-broken finding
	if link.URL != r.Findings[1].URL || link.Page != r.Findings[1].Referrers[0] {
		t.Errorf("link row = URL %q page %q; want %q on %q", link.URL, link.Page, r.Findings[1].URL, r.Findings[1].Referrers[0])
	}
	editList(t, path, func(f *excelize.File) { _ = f.RemoveCol(SheetList, "G") }) // an older list
	if l, err = ReadList(path); err != nil || len(l.Rows) != len(r.Findings) {
		t.Fatalf("a list without 失效链接: %v", err)
	}
}
