package report

import (
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/gongkai/gongkai/checks"
	"github.com/gongkai/gongkai/internal/xlsxtest"
)

// writeAndOpen writes r to a temporary workbook and opens it again.
func writeAndOpen(t *testing.T, r *Report) (*excelize.File, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "list.xlsx")
	if err := WriteXLSX(path, r); err != nil {
		t.Fatalf("WriteXLSX: %v", err)
	}
	return xlsxtest.Open(t, path), path
}

func TestWriteXLSX(t *testing.T) {
	r := sampleReport()
	f, path := writeAndOpen(t, r)

	if got, want := f.GetSheetList(), []string{SheetList, SheetSummary, SheetResolved}; !reflect.DeepEqual(got, want) {
		t.Errorf("sheets = %v, want %v", got, want)
	}
	if f.GetActiveSheetIndex() != 0 {
		t.Errorf("active sheet = %d, want 0", f.GetActiveSheetIndex())
	}

	rows, err := f.GetRows(SheetList)
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := []string{"序号", "状态", "问题类别", "指标", "问题描述", "问题页面", "失效链接", "页面标题", "所属栏目",
		"证据", "依据", "整改建议", "整改状态", "责任科室", "备注", "发现日期", "规则编号", "指纹", "校验码"}
	if !reflect.DeepEqual(rows[0], wantHeader) {
		t.Fatalf("header = %q\nwant     %q", rows[0], wantHeader)
	}
	if len(rows) != 1+len(r.Findings) {
		t.Fatalf("%d rows, want %d", len(rows), 1+len(r.Findings))
	}
	h := rows[0]
	// URL cells break after / ? & = (breakableURL) for print; compared
	// here without the breaks, which TestURLCellsWrap checks.
	col := func(row int, name string) string { return unbreakURL(rows[row][slices.Index(h, name)]) }
	// Row 1 (first finding), in the given order.
	for name, want := range map[string]string{
		"序号": "1", "状态": "新增", "问题类别": "单项否决", "指标": "泄露手机号", "规则编号": "pii-mobile",
		"问题页面": urlPII, "所属栏目": "通知公告", "发现日期": "2026-01-15", "整改状态": "未整改",
		"页面标题": "关于2025年低保对象的公示 <名单> & 附件",
	} {
		if got := col(1, name); got != want {
			t.Errorf("row 2 %s = %q, want %q", name, got, want)
		}
	}
	if got := col(2, "状态"); got != "持续" {
		t.Errorf("row 3 状态 = %q, want 持续", got)
	}
	if got := col(2, "问题类别"); got != "扣分" {
		t.Errorf("row 3 问题类别 = %q", got)
	}
	if got := col(3, "问题类别"); got != "合规建议" {
		t.Errorf("row 4 问题类别 = %q", got)
	}
	if got := col(5, "指标"); got != "custom-rule" {
		t.Errorf("a rule outside the catalogue shows %q, want its id", got)
	}
	if got := col(5, "规则编号"); got != "custom-rule" {
		t.Errorf("规则编号 = %q", got)
	}
	wantEv := "HTTP 404\n引用页面：\nhttp://www.example.gov.cn/a.html\nhttp://www.example.gov.cn/b.html"
	if got := col(2, "证据"); got != wantEv {
		t.Errorf("link evidence = %q, want %q", got, wantEv)
	}

	// The page URL is a real hyperlink; a javascript: URL is not.
	ok, target, err := f.GetCellHyperLink(SheetList, xlsxtest.Cell(t, h, HeaderURL, 2))
	if err != nil || !ok || target != urlPII {
		t.Errorf("hyperlink = %v %q %v, want %q", ok, target, err, urlPII)
	}
	// A link row shows first the page holding the link (the page to edit),
	// then the dead link in its own column.
	ok, target, _ = f.GetCellHyperLink(SheetList, xlsxtest.Cell(t, h, HeaderURL, 3))
	if got := col(2, HeaderURL); !ok || got != "http://www.example.gov.cn/a.html" || target != got {
		t.Errorf("link row 问题页面 = %q, hyperlink %v %q; want the first page holding the link", got, ok, target)
	}
	if got := col(2, HeaderLink); got != urlSpace {
		t.Errorf("link row 失效链接 = %q, want %q", got, urlSpace)
	}
	if got := col(1, HeaderLink); got != "" {
		t.Errorf("a row that is not about a link has 失效链接 %q", got)
	}
	if ok, _, _ := f.GetCellHyperLink(SheetList, xlsxtest.Cell(t, h, HeaderURL, 6)); ok {
		t.Error("javascript: URL became a hyperlink")
	}
	if got := col(5, HeaderURL); got != urlScript {
		t.Errorf("plain URL text = %q", got)
	}

	// 整改状态 drop-down over the whole data range.
	dvs, err := f.GetDataValidations(SheetList)
	if err != nil {
		t.Fatal(err)
	}
	rc := xlsxtest.Cell(t, h, HeaderRectify, 2)
	wantSqref := rc + ":" + strings.TrimSuffix(rc, "2") + strconv.Itoa(1+len(r.Findings))
	if len(dvs) != 1 {
		t.Fatalf("%d data validations, want 1", len(dvs))
	}
	dv := dvs[0]
	if dv.Type != "list" || dv.Sqref != wantSqref || dv.Formula1 != `"未整改,整改中,已整改,不予整改"` || dv.ShowDropDown {
		t.Errorf("data validation = type %q sqref %q formula %q showDropDown %v; want list %s",
			dv.Type, dv.Sqref, dv.Formula1, dv.ShowDropDown, wantSqref)
	}

	panes, err := f.GetPanes(SheetList)
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 || panes.TopLeftCell != "A2" {
		t.Errorf("panes = %+v, want the top row frozen", panes)
	}
	sheetXML := xlsxtest.Part(t, path, "xl/worksheets/sheet1.xml")
	colMins := regexp.MustCompile(`<col min="(\d+)"`).FindAllStringSubmatch(sheetXML, -1)
	for i, m := range colMins {
		if m[1] != strconv.Itoa(i+1) {
			t.Fatalf("<col> elements out of order: %v", colMins)
		}
	}
	if !strings.Contains(sheetXML, `<autoFilter ref="$A$1:$S$6"`) {
		t.Error("no autofilter over A1:S6 in sheet1.xml")
	}

	// Values from pages that look like formulas stay strings.
	for _, c := range []struct {
		row        int
		name, want string
	}{
		{row: 4, name: "问题描述", want: injectCmd},
		{row: 4, name: "页面标题", want: injectPlus},
		{row: 4, name: "证据", want: injectAt},
		{row: 5, name: "问题描述", want: injectPlus},
		{row: 6, name: "问题描述", want: injectMinus},
	} {
		cell := xlsxtest.Cell(t, h, c.name, c.row)
		formula, err := f.GetCellFormula(SheetList, cell)
		if err != nil || formula != "" {
			t.Errorf("%s has formula %q (%v)", cell, formula, err)
		}
		typ, err := f.GetCellType(SheetList, cell)
		if err != nil || typ != excelize.CellTypeInlineString {
			t.Errorf("%s has type %v, want an inline string", cell, typ)
		}
		if v, _ := f.GetCellValue(SheetList, cell); v != c.want {
			t.Errorf("%s = %q, want %q", cell, v, c.want)
		}
	}

	// The 40,000-character evidence is cut to Excel's limit with a note.
	long := col(4, "证据")
	if n := utf16Len(long); n > maxCellChars || n < maxCellChars-10 {
		t.Errorf("truncated evidence has %d UTF-16 units, want ≤ %d and close to it", n, maxCellChars)
	}
	if !strings.HasSuffix(long, truncNote) {
		t.Errorf("truncated evidence does not end with %s", truncNote)
	}

	// Severity cells are coloured by category.
	fills := map[string]string{}
	for row, sev := range map[int]string{2: "veto", 3: "deduct", 4: "advice"} {
		id, err := f.GetCellStyle(SheetList, xlsxtest.Cell(t, h, "问题类别", row))
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Fill.Color) == 0 {
			t.Errorf("%s cell has no fill", sev)
			continue
		}
		fills[sev] = st.Fill.Color[0]
	}
	if fills["veto"] == fills["deduct"] || fills["deduct"] == fills["advice"] || fills["veto"] == fills["advice"] {
		t.Errorf("severity fills are not distinct: %v", fills)
	}

	// Widths follow the content, within bounds.
	for _, name := range []string{"序号", "问题描述", "证据", "备注"} {
		c := strings.TrimRight(xlsxtest.Cell(t, h, name, 1), "1")
		w, err := f.GetColWidth(SheetList, c)
		if err != nil {
			t.Fatal(err)
		}
		if w < minColWidth || w > maxColWidth {
			t.Errorf("column %s width %v out of [%d, %d]", name, w, minColWidth, maxColWidth)
		}
	}
	wSeq, _ := f.GetColWidth(SheetList, strings.TrimRight(xlsxtest.Cell(t, h, "序号", 1), "1"))
	wEv, _ := f.GetColWidth(SheetList, strings.TrimRight(xlsxtest.Cell(t, h, "证据", 1), "1"))
	// 证据 is long: at its cap for printing (it wraps).
	if wEv != float64(printWidth[colEvidence]) || wSeq >= wEv {
		t.Errorf("widths 序号 %v, 证据 %v: want 证据 at its print width %d", wSeq, wEv, printWidth[colEvidence])
	}

	checkSummary(t, f, r)

	if xlsxtest.Part(t, path, "xl/charts/chart1.xml") == "" {
		t.Error("no chart in the workbook")
	}

	res, err := f.GetRows(SheetResolved)
	if err != nil {
		t.Fatal(err)
	}
	wantRes := []string{"序号", "问题类别", "指标", "问题描述", "问题页面", "失效链接", "页面标题", "所属栏目", "证据", "依据", "整改建议",
		"整改状态", "责任科室", "备注", "规则编号", "指纹"}
	if len(res) != 3 || !reflect.DeepEqual(res[0], wantRes) || res[1][2] != "错链断链" || res[1][14] != "link-broken" {
		t.Errorf("已解决 = %q", res)
	}
	for i, fd := range r.Resolved { // the second link goes through the bulk path
		cell := "E" + strconv.Itoa(i+2)
		ok, target, err := f.GetCellHyperLink(SheetResolved, cell)
		if err != nil || !ok || target != fd.URL {
			t.Errorf("已解决 %s hyperlink = %v %q %v, want %q", cell, ok, target, err, fd.URL)
		}
	}

	// Printing: landscape, one page wide, header row repeated.
	layout, err := f.GetPageLayout(SheetList)
	if err != nil {
		t.Fatal(err)
	}
	if layout.Orientation == nil || *layout.Orientation != "landscape" || layout.FitToWidth == nil || *layout.FitToWidth != 1 {
		t.Errorf("page layout = %+v", layout)
	}
	titles := false
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" && dn.Scope == SheetList && dn.RefersTo == "'整改清单'!$1:$1" {
			titles = true
		}
	}
	if !titles {
		t.Errorf("no print titles in %+v", f.GetDefinedName())
	}
	// Only 序号 to 备注 are printed; 发现日期, 规则编号 and 指纹 are not.
	area := ""
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Area" && dn.Scope == SheetList {
			area = dn.RefersTo
		}
	}
	if want := "'整改清单'!$A$1:$O$6"; area != want {
		t.Errorf("print area = %q, want %q (序号 to 备注)", area, want)
	}
}

// checkSummary reads the counts back from the 汇总 sheet.
func checkSummary(t *testing.T, f *excelize.File, r *Report) {
	t.Helper()
	rows, err := f.GetRows(SheetSummary)
	if err != nil {
		t.Fatal(err)
	}
	kv := map[string]string{}
	cats := map[string]string{}
	rules := map[string][]string{}
	section := ""
	for _, row := range rows {
		if len(row) == 0 {
			continue
		}
		switch {
		case row[0] == "问题类别" || row[0] == "指标":
			section = row[0]
			continue
		case len(row) < 2:
			continue
		}
		switch section {
		case "":
			kv[row[0]] = row[1]
		case "问题类别":
			cats[row[0]] = row[1]
		case "指标":
			rules[row[0]] = row[1:]
		}
	}
	if r.Complete {
		if kv["扫描状态"] != "完成" {
			t.Errorf("扫描状态 = %q", kv["扫描状态"])
		}
	} else if kv["扫描状态"] != "未完成（扫描中断）："+r.StopReason {
		t.Errorf("扫描状态 = %q", kv["扫描状态"])
	}
	if kv["网站"] != r.Site || kv["检查日期"] != r.AsOf || kv["页面数"] != strconv.Itoa(r.Pages) {
		t.Errorf("title rows = %v", kv)
	}
	want := map[checks.Severity]int{}
	for _, fd := range r.Findings {
		want[fd.Severity]++
	}
	for _, s := range []checks.Severity{checks.Veto, checks.Deduct, checks.Advice} {
		if cats[s.Chinese()] != strconv.Itoa(want[s]) {
			t.Errorf("%s count = %q, want %d", s.Chinese(), cats[s.Chinese()], want[s])
		}
	}
	if cats["合计"] != strconv.Itoa(len(r.Findings)) {
		t.Errorf("合计 = %q", cats["合计"])
	}
	byRule := map[string]int{}
	for _, fd := range r.Findings {
		byRule[fd.Rule]++
	}
	for _, m := range r.Rules {
		got := rules[m.ID]
		if len(got) < 3 || got[0] != m.Name || got[1] != m.Severity.Chinese() || got[2] != strconv.Itoa(byRule[m.ID]) {
			t.Errorf("rule row %s = %q, want %s %s %d", m.ID, got, m.Name, m.Severity.Chinese(), byRule[m.ID])
		}
	}
	for _, m := range r.Rules {
		got := rules[m.ID]
		if len(got) < 5 || got[3] != strconv.FormatFloat(r.Score.Deductions[m.ID], 'f', -1, 64) || got[4] != pointsLabel(m) {
			t.Errorf("rule row %s = %q, want deduction %v and label %q", m.ID, got, r.Score.Deductions[m.ID], pointsLabel(m))
		}
	}
	for id, n := range byRule {
		if got := rules[id]; len(got) < 3 || got[2] != strconv.Itoa(n) {
			t.Errorf("rule row %s = %q, want count %d", id, got, n)
		}
	}
}

func TestWriteXLSXEmpty(t *testing.T) {
	for _, tc := range []struct {
		name      string
		rules     []checks.Meta
		wantChart bool
	}{
		{name: "no rules", rules: nil, wantChart: false},
		{name: "rules, no findings", rules: sampleRules(), wantChart: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := emptyReport()
			r.Rules = tc.rules
			f, path := writeAndOpen(t, r)
			if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{SheetList, SheetSummary}) {
				t.Errorf("sheets = %v", got)
			}
			rows, err := f.GetRows(SheetList)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 1 || len(rows[0]) != 18 || rows[0][1] != "问题类别" {
				t.Errorf("rows = %q, want only the header without 状态", rows)
			}
			if !strings.Contains(xlsxtest.Part(t, path, "xl/worksheets/sheet1.xml"), `<autoFilter ref="$A$1:$R$1"`) {
				t.Error("no autofilter on the header")
			}
			checkSummary(t, f, r)
			if got := xlsxtest.Part(t, path, "xl/charts/chart1.xml") != ""; got != tc.wantChart {
				t.Errorf("chart present = %v, want %v", got, tc.wantChart)
			}
		})
	}
}

func TestWriteXLSXFailure(t *testing.T) {
	dir := t.TempDir()
	if err := WriteXLSX(filepath.Join(dir, "missing", "list.xlsx"), sampleReport()); err == nil {
		t.Error("writing into a missing directory succeeded")
	}
	// The target is a directory: the rename fails after the workbook was
	// written, and the temporary file must go.
	target := filepath.Join(dir, "list.xlsx")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := WriteXLSX(target, sampleReport()); err == nil {
		t.Error("writing over a directory succeeded")
	}
	assertDir(t, dir, "list.xlsx")
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	errBoom := io.ErrClosedPipe
	err := writeFileAtomic(path, func(w io.Writer) error {
		_, _ = io.WriteString(w, strings.Repeat("partial", 100000))
		return errBoom
	})
	if err == nil || !strings.Contains(err.Error(), errBoom.Error()) {
		t.Errorf("error = %v, want it to wrap %v", err, errBoom)
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("a failed write changed the file to %.20q", b)
	}
	assertDir(t, dir, "out.txt")

	if err := writeFileAtomic(path, func(w io.Writer) error {
		_, err := io.WriteString(w, "new")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("file = %q, want new", b)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("mode = %v (%v), want 0644", fi.Mode(), err)
	}
	assertDir(t, dir, "out.txt")

	// A workbook replaces an existing file only on success.
	xlsx := filepath.Join(dir, "list.xlsx")
	if err := os.WriteFile(xlsx, []byte("previous"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteXLSX(xlsx, sampleReport()); err != nil {
		t.Fatal(err)
	}
	xlsxtest.Open(t, xlsx) // the replaced workbook opens
	assertDir(t, dir, "list.xlsx", "out.txt")
}

// assertDir fails unless dir holds exactly the names (no temporary files).
func assertDir(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if !reflect.DeepEqual(got, names) {
		t.Errorf("directory holds %q, want %q", got, names)
	}
}

func TestClampCell(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		cut  bool
	}{
		{name: "short", in: "证据", cut: false},
		{name: "at limit ascii", in: strings.Repeat("a", maxCellChars), cut: false},
		{name: "at limit cjk", in: strings.Repeat("证", maxCellChars), cut: false},
		{name: "over ascii", in: strings.Repeat("a", maxCellChars+1), cut: true},
		{name: "over astral", in: strings.Repeat("😀", maxCellChars/2+1), cut: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := clampCell(tc.in)
			if (got != tc.in) != tc.cut {
				t.Fatalf("cut = %v, want %v", got != tc.in, tc.cut)
			}
			if n := utf16Len(got); n > maxCellChars {
				t.Errorf("%d UTF-16 units", n)
			}
			if tc.cut && !strings.HasSuffix(got, truncNote) {
				t.Error("no truncation note")
			}
		})
	}
}

func TestDisplayWidth(t *testing.T) {
	for in, want := range map[string]int{
		"":                 0,
		"abc":              3,
		"错链断链":             8,
		"link-broken 错链断链": 20,
		"短\n更长一行":          8,
		"ＡＢ":               4, // full-width forms
	} {
		if got := displayWidth(in); got != want {
			t.Errorf("displayWidth(%q) = %d, want %d", in, got, want)
		}
	}
}

// TestWriteXLSXHyperlinkLimit checks that URLs past Excel's per-sheet limit
// are written as plain text instead of failing. The package parts are read
// directly: reopening 65,531 rows with excelize would take seconds.
func TestWriteXLSXHyperlinkLimit(t *testing.T) {
	r := &Report{AsOf: "2026-01-15", Rules: sampleRules()}
	r.Findings = make([]checks.Finding, maxHyperlinks+1)
	for i := range r.Findings {
		r.Findings[i] = checks.Finding{Rule: "link-broken", Severity: checks.Deduct,
			URL: "http://www.example.gov.cn/p" + strconv.Itoa(i) + ".html"}
	}
	path := filepath.Join(t.TempDir(), "many.xlsx")
	if err := WriteXLSX(path, r); err != nil {
		t.Fatal(err)
	}
	sheet := xlsxtest.Part(t, path, "xl/worksheets/sheet1.xml")
	rels := xlsxtest.Part(t, path, "xl/worksheets/_rels/sheet1.xml.rels")
	if n := strings.Count(sheet, "<hyperlink "); n != maxHyperlinks {
		t.Errorf("%d hyperlinks, want %d", n, maxHyperlinks)
	}
	if n := strings.Count(rels, "<Relationship "); n != maxHyperlinks {
		t.Errorf("%d relationships, want %d", n, maxHyperlinks)
	}
	last := "E" + strconv.Itoa(maxHyperlinks+1) // 问题页面 of the last linked row
	wantLast := `<hyperlink ref="` + last + `" xmlns:r="` + relNS + `" r:id="rId` + strconv.Itoa(maxHyperlinks) + `"/>`
	if !strings.Contains(sheet, wantLast) {
		t.Errorf("no %s", wantLast)
	}
	wantRel := `Id="rId` + strconv.Itoa(maxHyperlinks) + `" Type="` + relTypeLink + `" Target="` + r.Findings[maxHyperlinks-1].URL + `"`
	if !strings.Contains(rels, wantRel) {
		t.Errorf("no relationship %s", wantRel)
	}
	over := "E" + strconv.Itoa(maxHyperlinks+2)
	if strings.Contains(sheet, `<hyperlink ref="`+over+`"`) {
		t.Errorf("%s is a hyperlink beyond the limit", over)
	}
	// The plain URL keeps the text but not the blue underlined link style.
	cellStyle := func(cell, url string) string {
		// A linked URL is a formula cell with its text cached (see
		// TestURLCellsWrap), a plain one a text cell.
		shown := regexp.QuoteMeta(breakableURL(url))
		m := regexp.MustCompile(`<c r="` + cell + `" s="(\d+)" t="(?:inlineStr"><is><t>` + shown + `</t>|str"><f>[^<]*</f><v>` + shown + `</v>)`).FindStringSubmatch(sheet)
		if m == nil {
			t.Fatalf("no cell %s with %s", cell, url)
		}
		return m[1]
	}
	if cellStyle(over, r.Findings[maxHyperlinks].URL) == cellStyle(last, r.Findings[maxHyperlinks-1].URL) {
		t.Errorf("%s has the link style", over)
	}
}

func BenchmarkWriteXLSX(b *testing.B) {
	r := sampleReport()
	base := r.Findings[:3]
	r.Findings = make([]checks.Finding, 20000)
	for i := range r.Findings {
		r.Findings[i] = base[i%len(base)]
		r.Findings[i].URL = "http://www.example.gov.cn/xxgk/202503/t20250303_" + strconv.Itoa(i) + ".html"
	}
	path := filepath.Join(b.TempDir(), "bench.xlsx")
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteXLSX(path, r); err != nil {
			b.Fatal(err)
		}
	}
}

// The office's cells carried by the caller are written where their
// fingerprint is: in the list, in 已解决 (baseline-resolved and gone rows)
// and in 未复查; a cell starting with = + - @ stays text.
func TestWriteXLSXOfficeCells(t *testing.T) {
	r := sampleReport()
	r.Gone = []checks.Finding{{Rule: "meta-tags", Severity: checks.Advice, URL: "http://www.example.gov.cn/gone.html", Fingerprint: "fp-g"}}
	r.Unchecked = []checks.Finding{{Rule: "meta-tags", Severity: checks.Advice, URL: "http://www.example.gov.cn/u.html", Fingerprint: "fp-u"}}
	r.Office = map[string]OfficeCells{
		"fp-2":  {Rectify: "整改中", Dept: "信息中心", Note: injectCmd},
		"fp-00": {Rectify: "已整改", Dept: "办公室", Note: injectPlus},
		"fp-g":  {Rectify: "不予整改", Dept: injectAt, Note: injectMinus},
		"fp-u":  {Rectify: "整改中", Note: "待复查"},
	}
	f, _ := writeAndOpen(t, r)
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{SheetList, SheetSummary, SheetResolved, SheetUnchecked}) {
		t.Errorf("sheets = %v", got)
	}
	for _, c := range []struct {
		sheet string
		row   int
		want  []string // 整改状态, 责任科室, 备注
	}{
		{SheetList, 2, []string{"未整改", "", ""}},
		{SheetList, 3, []string{"整改中", "信息中心", injectCmd}},
		{SheetResolved, 2, []string{"", "", ""}},
		{SheetResolved, 3, []string{"已整改", "办公室", injectPlus}},
		{SheetResolved, 4, []string{"不予整改", injectAt, injectMinus}},
		{SheetUnchecked, 2, []string{"整改中", "", "待复查"}},
	} {
		rows, err := f.GetRows(c.sheet)
		if err != nil {
			t.Fatal(err)
		}
		for k, h := range []string{HeaderRectify, HeaderDept, HeaderNote} {
			cell := xlsxtest.Cell(t, rows[0], h, c.row)
			v, _ := f.GetCellValue(c.sheet, cell)
			if v != c.want[k] {
				t.Errorf("%s!%s = %q, want %q", c.sheet, cell, v, c.want[k])
			}
			if formula, _ := f.GetCellFormula(c.sheet, cell); formula != "" {
				t.Errorf("%s!%s has formula %q", c.sheet, cell, formula)
			}
			if typ, _ := f.GetCellType(c.sheet, cell); v != "" && typ != excelize.CellTypeInlineString {
				t.Errorf("%s!%s has type %v, want an inline string", c.sheet, cell, typ)
			}
		}
	}
}

// TestURLCellsWrap: a URL cell shows the URL with a zero-width space after
// each / ? & = so that a printed cell can wrap it (TestDemoWorkbookPrints
// measures the print); the hyperlink, the 校验码 and what verify and a
// re-scan read back are the URL itself.
func TestURLCellsWrap(t *testing.T) {
	r := sampleReport()
	long := "http://www.example.gov.cn/xxgk/zcwj/szfwj/202503/t20250303_123456.html?id=7&from=list"
	r.Findings[0].URL = long
	f, path := writeAndOpen(t, r)
	rows, err := f.GetRows(SheetList)
	if err != nil {
		t.Fatal(err)
	}
	h := rows[0]
	want := "http://www." + "example.gov.cn/\u200bxxgk/\u200bzcwj/\u200bszfwj/\u200b202503/\u200bt20250303_123456.html?\u200bid=\u200b7&\u200bfrom=\u200blist"
	if got := rows[1][slices.Index(h, HeaderURL)]; got != want {
		t.Errorf("问题页面 cell = %q, want %q", got, want)
	}
	if got := rows[2][slices.Index(h, HeaderLink)]; !strings.Contains(got, "/\u200bfiles/\u200b") {
		t.Errorf("失效链接 cell = %q, want breaks after /", got)
	}
	// A formula cell, so that LibreOffice wraps it (a text cell with a
	// hyperlink becomes one unbreakable field there).
	if fm, err := f.GetCellFormula(SheetList, xlsxtest.Cell(t, h, HeaderURL, 2)); err != nil || fm != textFormula(want) {
		t.Errorf("问题页面 formula = %q %v, want %q", fm, err, textFormula(want))
	}
	if ok, target, err := f.GetCellHyperLink(SheetList, xlsxtest.Cell(t, h, HeaderURL, 2)); err != nil || !ok || target != long {
		t.Errorf("hyperlink = %v %q %v, want %q", ok, target, err, long)
	}
	l, err := ReadList(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := l.Rows[0].URL; got != long {
		t.Errorf("read back 问题页面 %q, want %q", got, long)
	}
	for _, row := range l.Rows {
		if row.Edited(l) {
			t.Errorf("row %d reads as edited: the 校验码 must cover the URL, not the breaks", row.Row)
		}
		if strings.Contains(row.URL, "\u200b") || strings.Contains(row.Page, "\u200b") {
			t.Errorf("row %d reads back a break: %q %q", row.Row, row.URL, row.Page)
		}
	}
	prev, err := ReadPrevious(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(prev) == 0 || prev[0].Finding.URL != long {
		t.Errorf("ReadPrevious URL = %+v, want %q", prev, long)
	}
}

// TestTextFormula: Excel refuses string constants over 255 characters, so a
// long cell text is joined from pieces; quotes are doubled.
func TestTextFormula(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", `""`},
		{`http://x.gov.cn/a?q="b"`, `"http://x.gov.cn/a?q=""b"""`},
		{strings.Repeat("a", 121), `"` + strings.Repeat("a", 120) + `"&"a"`},
	} {
		if got := textFormula(tc.in); got != tc.want {
			t.Errorf("textFormula(%.20q) = %.60q, want %.60q", tc.in, got, tc.want)
		}
	}
	long := strings.Repeat("𠀀长", 300) // UTF-16: 3 units per pair
	for _, piece := range strings.Split(textFormula(long), `"&"`) {
		if n := len(utf16.Encode([]rune(strings.Trim(piece, `"`)))); n > 255 {
			t.Errorf("a piece of %d UTF-16 units", n)
		}
	}
}
