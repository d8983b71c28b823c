package report

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/gongkai/gongkai/checks"
)

// Columns verify adds after the list's own columns (and rewrites when the
// list is verified again).
const (
	HeaderVerdict     = "复核结果"
	HeaderVerifiedOn  = "复核日期"
	HeaderVerifyNotes = "复核说明"
)

// VerifyHeaders are the columns verify writes, in order.
var VerifyHeaders = []string{HeaderVerdict, HeaderVerifiedOn, HeaderVerifyNotes}

// List is a 整改清单 read back from a workbook gongkai wrote, with the
// office's edits (整改状态, 责任科室, 备注).
type List struct {
	Path string
	// Site is the start URL from the 汇总 sheet ("" when that sheet is gone).
	Site string
	// AsOf is the 检查日期 of the scan that made the list, if known.
	AsOf string
	// Header is the header row as found.
	Header []string
	// HasFingerprint is false for a list written before the 指纹 column.
	HasFingerprint bool
	// HasCheck is false for a list written before the 校验码 column.
	HasCheck bool
	Rows     []ListRow
}

// ListRow is one row of the list.
type ListRow struct {
	Row         int    // 1-based row number in the sheet
	Seq         string // 序号
	Rule        string // rule ID: the first word of 指标
	Message     string // 问题描述
	URL         string // the finding's URL: 失效链接 on a link row, else 问题页面 (the cell, or its hyperlink)
	Page        string // 问题页面
	Evidence    string // 证据
	Rectify     string // 整改状态 as the office set it ("" read as 未整改)
	Dept        string // 责任科室
	Note        string // 备注
	Fingerprint string // 指纹
	Check       string // 校验码
	urlCell     string // 问题页面 as the cell shows it, for the 校验码
	linkCell    string // 失效链接 as the cell shows it, for the 校验码
}

// Edited reports whether the cells verify acts on (指标, 问题页面, 问题描述,
// 证据) or the 指纹 are no longer what gongkai wrote, by the row's 校验码;
// always false in a list written before that column.
func (r ListRow) Edited(l *List) bool {
	return l.HasCheck && r.Check != RowCheck(r.Fingerprint, r.Rule, r.urlCell, r.linkCell, r.Message, r.Evidence)
}

// ListError is a workbook that cannot be read as a 整改清单: Msg is one
// sentence naming the file and the row or column.
type ListError struct{ Msg string }

func (e *ListError) Error() string { return e.Msg }

func listErrorf(format string, args ...any) error {
	return &ListError{Msg: fmt.Sprintf(format, args...)}
}

// listHeaders are the headers gongkai writes on 整改清单, in order.
func listHeaders(withStatus bool) []string {
	cols := listColumns(withStatus)
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.header
	}
	return out
}

// ReadList reads the 整改清单 sheet of a workbook gongkai wrote. Columns are
// found by their exact headers and must be in gongkai's order (the office
// may add columns after the last one); anything else is a ListError.
func ReadList(path string) (*List, error) {
	if _, err := os.Stat(path); err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, listErrorf("%s: %v", path, err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, listErrorf("%s cannot be opened as an .xlsx workbook (%v); give the 整改清单 workbook gongkai scan wrote", path, err)
	}
	defer f.Close()
	if idx, err := f.GetSheetIndex(SheetList); err != nil || idx < 0 {
		return nil, listErrorf("%s has no sheet “%s”: it was not written by gongkai; give the 整改清单 workbook gongkai scan wrote", path, SheetList)
	}
	rows, err := f.GetRows(SheetList, excelize.Options{RawCellValue: false})
	if err != nil {
		return nil, listErrorf("%s: sheet %s cannot be read: %v", path, SheetList, err)
	}
	if len(rows) == 0 {
		return nil, listErrorf("%s: sheet %s is empty: it has no header row; give the 整改清单 workbook gongkai scan wrote", path, SheetList)
	}
	l := &List{Path: path, Header: trimAll(rows[0])}
	cols, err := l.checkHeader()
	if err != nil {
		return nil, err
	}
	l.readSummary(f)
	for i := 1; i < len(rows); i++ {
		cells := trimAll(rows[i])
		if allEmpty(cells) {
			continue
		}
		rowNum := i + 1
		r := ListRow{Row: rowNum}
		get := func(h string) string {
			if k, ok := cols[h]; ok && k < len(cells) {
				return cells[k]
			}
			return ""
		}
		r.Seq = get(HeaderSeq)
		if _, ok := cols[HeaderRuleID]; ok {
			if r.Rule = get(HeaderRuleID); r.Rule == "" {
				return nil, listErrorf("%s row %d: the 规则编号 cell is empty, so the rule of this row is unknown; restore it (e.g. “link-broken”) or delete the row", path, rowNum)
			}
		} else {
			// A list written before the 规则编号 column: 指标 is "id 名称".
			ruleCell := get(HeaderRule)
			if ruleCell == "" {
				return nil, listErrorf("%s row %d: the 指标 cell is empty, so the rule of this row is unknown; restore it (e.g. “link-broken 错链断链”) or delete the row", path, rowNum)
			}
			r.Rule = strings.Fields(ruleCell)[0]
		}
		r.Message = get(HeaderMessage)
		r.Evidence = get(HeaderEvidence)
		r.Dept = get(HeaderDept)
		r.Note = get(HeaderNote)
		r.Fingerprint = get(HeaderFingerprint)
		r.Check = get(HeaderCheck)
		r.URL = unbreakURL(get(HeaderURL))
		r.urlCell = r.URL
		if !isWebURL(r.URL) {
			// The cell may show other text than its link; a URL that is
			// not a web address (a javascript: link gongkai reported) is
			// kept for the verdict to say so.
			cell, _ := excelize.CoordinatesToCellName(cols[HeaderURL]+1, rowNum)
			if ok, target, err := f.GetCellHyperLink(SheetList, cell); err == nil && ok && isWebURL(target) {
				r.URL = target
			} else if r.URL == "" {
				return nil, listErrorf("%s row %d: the 问题页面 cell %s is empty, so the page of this row is unknown; restore the URL gongkai wrote or delete the row", path, rowNum, cell)
			}
		}
		r.Page = r.URL
		r.linkCell = unbreakURL(get(HeaderLink))
		if link := r.linkCell; link != "" {
			r.URL = link // a link row: the dead link is what is re-checked
		}
		r.Rectify = strings.Join(strings.Fields(get(HeaderRectify)), "")
		if r.Rectify != "" && !contains(RectifyStates, r.Rectify) {
			cell, _ := excelize.CoordinatesToCellName(cols[HeaderRectify]+1, rowNum)
			return nil, listErrorf("%s row %d: 整改状态 %s is “%s”, not one of %s; choose one from the drop-down", path, rowNum, cell, r.Rectify, strings.Join(RectifyStates, "、"))
		}
		l.Rows = append(l.Rows, r)
	}
	return l, nil
}

// checkHeader verifies the header row is gongkai's, in gongkai's order, and
// returns the column index of each header.
func (l *List) checkHeader() (map[string]int, error) {
	h := l.Header
	withStatus := len(h) > 1 && h[1] == HeaderStatus
	want := listHeaders(withStatus)
	if indexOf(h, HeaderRuleID) < 0 {
		want = legacyListHeaders(withStatus)
	}
	// Lists written before the 失效链接 column are still readable.
	if indexOf(h, HeaderLink) < 0 {
		want = slices.DeleteFunc(want, func(s string) bool { return s == HeaderLink })
	}
	// Lists written with --screenshots have 截图 after 证据.
	if indexOf(h, HeaderShot) >= 0 {
		if k := indexOf(want, HeaderEvidence); k >= 0 {
			want = slices.Insert(want, k+1, HeaderShot)
		}
	}
	// Lists written before the 指纹 or 校验码 columns are still readable:
	// those trailing columns are optional, the later one first.
	for _, opt := range []string{HeaderCheck, HeaderFingerprint} {
		if want[len(want)-1] == opt && indexOf(h, opt) < 0 {
			want = want[:len(want)-1]
		}
	}
	for i, w := range want {
		col, _ := excelize.ColumnNumberToName(i + 1)
		got := ""
		if i < len(h) {
			got = h[i]
		}
		if got == w {
			continue
		}
		if i == 0 && indexOf(h, HeaderRectify) < 0 && indexOf(h, HeaderURL) < 0 {
			return nil, listErrorf("%s: sheet %s does not have gongkai's header row (column A is “%s”, not “%s”): it was not written by gongkai; give the 整改清单 workbook gongkai scan wrote", l.Path, SheetList, got, w)
		}
		if at := indexOf(h, w); at >= 0 {
			atCol, _ := excelize.ColumnNumberToName(at + 1)
			return nil, listErrorf("%s: the columns of sheet %s were reordered: “%s” is in column %s, where gongkai put it in column %s (row 1); move the columns back (or add your own columns only after the last one)", l.Path, SheetList, w, atCol, col)
		}
		return nil, listErrorf("%s: sheet %s has no column “%s” (expected in column %s, row 1, found “%s”); restore it — verify needs every column gongkai wrote", l.Path, SheetList, w, col, got)
	}
	l.HasFingerprint = contains(want, HeaderFingerprint)
	l.HasCheck = contains(want, HeaderCheck)
	cols := make(map[string]int, len(h))
	for i, name := range h {
		if _, dup := cols[name]; !dup && name != "" {
			cols[name] = i
		}
	}
	return cols, nil
}

// readSummary takes the site and date from the 汇总 sheet, if it is there.
func (l *List) readSummary(f *excelize.File) {
	rows, err := f.GetRows(SheetSummary)
	if err != nil {
		return
	}
	for _, r := range rows {
		if len(r) < 2 {
			continue
		}
		switch strings.TrimSpace(r[0]) {
		case "网站":
			if isWebURL(strings.TrimSpace(r[1])) {
				l.Site = strings.TrimSpace(r[1])
			}
		case "检查日期":
			l.AsOf = strings.TrimSpace(r[1])
		}
	}
}

func isWebURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return false
	}
	return u.Scheme == "http" || u.Scheme == "https"
}

func trimAll(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = strings.TrimSpace(c)
	}
	return out
}

func allEmpty(cells []string) bool {
	for _, c := range cells {
		if c != "" {
			return false
		}
	}
	return true
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

func contains(list []string, s string) bool { return indexOf(list, s) >= 0 }

// PreviousRow is one row of a workbook gongkai wrote, as the next scan
// carries it: the finding it shows and what the office typed.
type PreviousRow struct {
	Sheet   string
	Row     int
	Finding checks.Finding // rebuilt from the cells; Fingerprint may be ""
	Office  OfficeCells
}

// Typed reports whether a person filled in any of the row's cells
// (整改状态 other than the default counts).
func (r PreviousRow) Typed() bool {
	o := r.Office
	return o.Dept != "" || o.Note != "" || o.Rectify != "" && o.Rectify != RectifyStates[0]
}

// ReadPrevious reads the rows of every findings sheet (整改清单, 已解决,
// 未复查) of a workbook gongkai wrote, finding the columns by their headers
// wherever the office moved them. A file that is not such a workbook, or
// has no 指纹 column to match rows by, is an error saying why.
func ReadPrevious(path string) ([]PreviousRow, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s cannot be opened as an .xlsx workbook (%v)", path, err)
	}
	defer f.Close()
	if idx, err := f.GetSheetIndex(SheetList); err != nil || idx < 0 {
		return nil, fmt.Errorf("%s has no sheet “%s”: it was not written by gongkai", path, SheetList)
	}
	var out []PreviousRow
	for _, sheet := range []string{SheetList, SheetResolved, SheetUnchecked} {
		if idx, err := f.GetSheetIndex(sheet); err != nil || idx < 0 {
			continue
		}
		rows, err := f.GetRows(sheet)
		if err != nil {
			return nil, fmt.Errorf("%s: sheet %s cannot be read (%v)", path, sheet, err)
		}
		if len(rows) == 0 {
			continue
		}
		cols := map[string]int{}
		for i, h := range trimAll(rows[0]) {
			if _, dup := cols[h]; !dup && h != "" {
				cols[h] = i
			}
		}
		if _, ok := cols[HeaderFingerprint]; !ok {
			return nil, fmt.Errorf("%s: sheet %s has no column “%s” to match its rows by", path, sheet, HeaderFingerprint)
		}
		for i := 1; i < len(rows); i++ {
			cells := trimAll(rows[i])
			if allEmpty(cells) {
				continue
			}
			get := func(h string) string {
				if k, ok := cols[h]; ok && k < len(cells) {
					return cells[k]
				}
				return ""
			}
			r := PreviousRow{Sheet: sheet, Row: i + 1}
			r.Finding = checks.Finding{
				Severity:    severityOf(get("问题类别")),
				Message:     get(HeaderMessage),
				URL:         unbreakURL(get(HeaderURL)),
				Title:       get("页面标题"),
				Column:      get("所属栏目"),
				Evidence:    get(HeaderEvidence),
				Basis:       get("依据"),
				Advice:      get("整改建议"),
				Fingerprint: get(HeaderFingerprint),
			}
			if _, ok := cols[HeaderRuleID]; ok {
				r.Finding.Rule = get(HeaderRuleID)
			} else if fs := strings.Fields(get(HeaderRule)); len(fs) > 0 {
				// Written before the 规则编号 column: 指标 is "id 名称".
				r.Finding.Rule = fs[0]
			}
			r.Office = OfficeCells{Rectify: get(HeaderRectify), Dept: get(HeaderDept), Note: get(HeaderNote)}
			out = append(out, r)
		}
	}
	return out, nil
}

// severityOf is the severity of a 问题类别 cell.
func severityOf(label string) checks.Severity {
	for _, s := range []checks.Severity{checks.Veto, checks.Deduct, checks.Advice} {
		if s.Chinese() == label {
			return s
		}
	}
	return checks.Severity(label)
}
