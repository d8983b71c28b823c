package report

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/gongkai/gongkai/internal/xlsxtest"
)

// listSample is the report of testdata/list-before-rule-id.xlsx, a list
// written before the 规则编号 column (指标 "id 名称", 发现日期 before 整改状态).
func listSample() *Report {
	r := sampleReport()
	r.Findings[3].Evidence = "最近更新：2025-01-02"
	return r
}

// listLayouts are the 整改清单 layouts verify and carry read: the current one
// and the one written before the 规则编号 column. Each gives a fresh file.
var listLayouts = []struct {
	name  string
	write func(t *testing.T) string
}{
	{"current", func(t *testing.T) string { _, path := writeAndOpen(t, listSample()); return path }},
	{"before 规则编号", func(t *testing.T) string {
		data, err := os.ReadFile("testdata/list-before-rule-id.xlsx")
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "list.xlsx")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}},
}

// at is the cell of the column headed h in row of 整改清单.
func at(f *excelize.File, h string, row int) string {
	rows, _ := f.GetRows(SheetList)
	for i, name := range rows[0] {
		if name == h {
			cell, _ := excelize.CoordinatesToCellName(i+1, row)
			return cell
		}
	}
	panic("no column " + h)
}

// colLetter is the column letter of the column headed h.
func colLetter(f *excelize.File, h string) string {
	c := at(f, h, 1)
	return strings.TrimSuffix(c, "1")
}

// afterLast is the cell of row just after the last header.
func afterLast(f *excelize.File, row int) string {
	rows, _ := f.GetRows(SheetList)
	cell, _ := excelize.CoordinatesToCellName(len(rows[0])+1, row)
	return cell
}

// editList opens a written list, applies edit and saves it, as an office
// working in Excel would.
func editList(t *testing.T, path string, edit func(f *excelize.File)) {
	t.Helper()
	f := xlsxtest.Open(t, path)
	edit(f)
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()
}

func TestReadList(t *testing.T) {
	for _, layout := range listLayouts {
		t.Run(layout.name, func(t *testing.T) { testReadList(t, layout.write(t)) })
	}
}

func testReadList(t *testing.T, path string) {
	r := listSample() // with baseline statuses: the 状态 column is there
	editList(t, path, func(f *excelize.File) {
		_ = f.SetCellStr(SheetList, at(f, HeaderRectify, 2), " 已整改 ") // with stray spaces
		_ = f.SetCellStr(SheetList, at(f, HeaderDept, 2), "信息中心")
		_ = f.SetCellStr(SheetList, at(f, HeaderNote, 3), "已联系技术公司")
		own := afterLast(f, 1)
		_ = f.SetCellStr(SheetList, own, "整改时限") // the office's own column, after the last
		_ = f.SetCellStr(SheetList, strings.TrimSuffix(own, "1")+"2", "2026-02-01")
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
	for i, row := range l.Rows {
		if row.Rule != r.Findings[i].Rule {
			t.Errorf("row %d rule = %q, want %q", row.Row, row.Rule, r.Findings[i].Rule)
		}
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
	// carry reads the same rows, rule IDs included.
	prev, err := ReadPrevious(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range prev[:len(r.Findings)] {
		if p.Finding.Rule != r.Findings[i].Rule || p.Finding.Fingerprint != r.Findings[i].Fingerprint {
			t.Errorf("ReadPrevious row %d = rule %q fp %q", p.Row, p.Finding.Rule, p.Finding.Fingerprint)
		}
	}
}

func TestReadListRefusesEdits(t *testing.T) {
	for _, layout := range listLayouts {
		ruleHeader, ruleWant := HeaderRuleID, "the 规则编号 cell is empty"
		if layout.name != "current" {
			ruleHeader, ruleWant = HeaderRule, "the 指标 cell is empty"
		}
		for _, tc := range []struct {
			name string
			edit func(f *excelize.File)
			want func(f *excelize.File) string
		}{
			{"rule emptied", func(f *excelize.File) { _ = f.SetCellStr(SheetList, at(f, ruleHeader, 3), "") },
				func(*excelize.File) string { return "row 3: " + ruleWant }},
			{"status typed", func(f *excelize.File) { _ = f.SetCellStr(SheetList, at(f, HeaderRectify, 4), "完成") },
				func(f *excelize.File) string {
					return "row 4: 整改状态 " + at(f, HeaderRectify, 4) + " is “完成”"
				}},
			{"url lost", func(f *excelize.File) {
				_ = f.SetCellStr(SheetList, "F2", "")
				_ = f.SetCellHyperLink(SheetList, "F2", "", "None")
			}, func(*excelize.File) string { return "row 2: the 问题页面 cell F2 is empty" }},
			{"column deleted", func(f *excelize.File) { _ = f.RemoveCol(SheetList, "J") },
				func(*excelize.File) string { return "no column “证据”" }},
			{"columns swapped", func(f *excelize.File) {
				dept, note := at(f, HeaderDept, 1), at(f, HeaderNote, 1)
				_ = f.SetCellStr(SheetList, dept, HeaderNote)
				_ = f.SetCellStr(SheetList, note, HeaderDept)
			}, func(f *excelize.File) string {
				// Swapped: 备注's letter now heads 责任科室.
				return "“责任科室” is in column " + colLetter(f, HeaderDept) + ", where gongkai put it in column " + colLetter(f, HeaderNote)
			}},
			{"sheet renamed", func(f *excelize.File) { _ = f.SetSheetName(SheetList, "清单") },
				func(*excelize.File) string { return "no sheet “整改清单”" }},
		} {
			t.Run(layout.name+"/"+tc.name, func(t *testing.T) {
				path := layout.write(t)
				var want string
				editList(t, path, func(f *excelize.File) {
					tc.edit(f)
					want = tc.want(f)
				})
				_, err := ReadList(path)
				var le *ListError
				if !errors.As(err, &le) || !strings.Contains(le.Msg, want) || !strings.Contains(le.Msg, filepath.Base(path)) {
					t.Errorf("err = %v, want a ListError naming the file and %q", err, want)
				}
			})
		}
	}
}

// A list written before the 指纹 column is still read; its rows have no
// fingerprint.
func TestReadListWithoutFingerprint(t *testing.T) {
	path := listLayouts[1].write(t)
	editList(t, path, func(f *excelize.File) {
		_ = f.RemoveCol(SheetList, colLetter(f, HeaderCheck))
		_ = f.RemoveCol(SheetList, colLetter(f, HeaderFingerprint))
	})
	l, err := ReadList(path)
	if err != nil {
		t.Fatal(err)
	}
	if l.HasFingerprint || l.Rows[0].Fingerprint != "" || l.Rows[0].Rule != "pii-mobile" {
		t.Errorf("list = %v, row = %+v", l.HasFingerprint, l.Rows[0])
	}
}

// A row whose 问题页面, rule, 问题描述 or 证据 was changed reads as edited;
// its 校验码 column is hidden. The rule is the 规则编号 cell (the 指标 cell in
// a list written before it).
func TestReadListEdited(t *testing.T) {
	for _, layout := range listLayouts {
		ruleHeader, ruleVal := HeaderRuleID, "meta-tags"
		if layout.name != "current" {
			ruleHeader, ruleVal = HeaderRule, "meta-tags 网页元数据缺失"
		}
		for _, tc := range []struct {
			name   string
			header string // the cell in row 3, link-broken
			val    string
		}{
			{"URL", HeaderURL, "http://www.example.gov.cn/other.html"},
			{"rule", ruleHeader, ruleVal},
			{"message", HeaderMessage, "已修复"},
			{"dead link", HeaderLink, "http://www.example.gov.cn/ok.html"},
			{"evidence", HeaderEvidence, "HTTP 404\n引用页面：\nhttp://www.example.gov.cn/c.html"},
			{"fingerprint", HeaderFingerprint, "fp-9"},
			{"check", HeaderCheck, ""},
		} {
			t.Run(layout.name+"/"+tc.name, func(t *testing.T) {
				path := layout.write(t)
				editList(t, path, func(f *excelize.File) {
					if v, err := f.GetColVisible(SheetList, colLetter(f, HeaderCheck)); err != nil || v {
						t.Errorf("the 校验码 column is visible (%v)", err)
					}
					_ = f.SetCellStr(SheetList, at(f, tc.header, 3), tc.val)
				})
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
	}
	// The 指标 cell is the 名称, for people: renaming it is no edit of
	// what verify checks.
	path := listLayouts[0].write(t)
	editList(t, path, func(f *excelize.File) { _ = f.SetCellStr(SheetList, at(f, HeaderRule, 3), "断链") })
	if l, err := ReadList(path); err != nil || l.Rows[1].Edited(l) || l.Rows[1].Rule != "link-broken" {
		t.Errorf("after editing 指标: %v", err)
	}
	// A list without the column cannot tell.
	path = listLayouts[1].write(t)
	editList(t, path, func(f *excelize.File) {
		_ = f.RemoveCol(SheetList, colLetter(f, HeaderCheck))
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
	f := xlsxtest.Open(t, out)
	rows, _ := f.GetRows(SheetList)
	h := rows[0]
	if got := strings.Join(h[len(h)-3:], ","); got != "复核结果,复核日期,复核说明" {
		t.Fatalf("header ends %q", got)
	}
	if rows[1][len(h)-3] != VerdictFake || rows[1][len(h)-2] != "2026-02-01" || rows[1][14] != "备注：已处理" {
		t.Errorf("row 2 = %q", rows[1])
	}
	notes, _ := excelize.CoordinatesToCellName(len(h), 2)
	if formula, _ := f.GetCellFormula(SheetList, notes); formula != "" {
		t.Errorf("notes became a formula: %q", formula)
	}
	if dv, _ := f.GetDataValidations(SheetList); len(dv) == 0 {
		t.Error("the 整改状态 drop-down was lost")
	}
	if ok, link, _ := f.GetCellHyperLink(SheetList, "F2"); !ok || link != r.Findings[0].URL {
		t.Errorf("hyperlink F2 = %v %q", ok, link)
	}
	if xlsxtest.Part(t, out, "xl/charts/chart1.xml") == "" {
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
	g := xlsxtest.Open(t, out)
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
	editList(t, path, func(f *excelize.File) { _ = f.RemoveCol(SheetList, "G") })
	if l, err = ReadList(path); err != nil || len(l.Rows) != len(r.Findings) {
		t.Fatalf("a list without 失效链接: %v", err)
	}
	path = listLayouts[1].write(t) // an older list still
	editList(t, path, func(f *excelize.File) { _ = f.RemoveCol(SheetList, "G") })
	if l, err = ReadList(path); err != nil || len(l.Rows) != len(r.Findings) || l.Rows[1].Rule != "link-broken" {
		t.Fatalf("an older list without 失效链接: %v", err)
	}
}
