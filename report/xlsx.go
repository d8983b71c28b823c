package report

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"

	"github.com/gongkai/gongkai/checks"
)

// Sheet names of the workbook, in order.
const (
	SheetList     = "整改清单"
	SheetSummary  = "汇总"
	SheetResolved = "已解决"
	// SheetUnchecked holds rows of a replaced workbook that an incomplete
	// scan did not report again: not claimed resolved, not lost.
	SheetUnchecked = "未复查"
)

// Column headers of the 整改清单 sheet that other commands (verify) look up.
const (
	HeaderSeq    = "序号"
	HeaderStatus = "状态"
	HeaderURL    = "问题页面"
	// HeaderLink is the dead (or blocked) link of a link row, whose
	// 问题页面 is the page holding the link: the page the office edits.
	HeaderLink    = "失效链接"
	HeaderRectify = "整改状态"
	// HeaderRule is the 指标 as the office reads it: the rule's 名称 (its
	// ID for a rule outside the catalogue). Lists written before the
	// 规则编号 column have "id 名称" there.
	HeaderRule = "指标"
	// HeaderRuleID is the rule ID, in a narrow column beside 指纹, outside
	// the print area.
	HeaderRuleID   = "规则编号"
	HeaderMessage  = "问题描述"
	HeaderEvidence = "证据"
	HeaderDept     = "责任科室"
	HeaderNote     = "备注"
	// HeaderFingerprint is the last column: the finding's fingerprint, so
	// that verify can tell which problem a row is about after the office
	// edited the other cells.
	HeaderFingerprint = "指纹"
	// HeaderCheck is a hidden last column: RowCheck of the cells verify
	// acts on, so that a row whose 问题页面, 指标, 问题描述 or 证据 was edited
	// is not re-checked as if it were gongkai's.
	HeaderCheck = "校验码"
)

// RowCheck is the 校验码 of a row: a digest of its fingerprint and of the
// cells verify reads (rule ID, 问题页面, 失效链接, 问题描述, 证据), as written.
// It is not a secret; it tells an edited row from gongkai's.
func RowCheck(fingerprint, rule, url, link, message, evidence string) string {
	h := sha256.New()
	for _, s := range []string{fingerprint, rule, url, link, message, evidence} {
		h.Write([]byte(strings.ReplaceAll(strings.TrimSpace(s), "\r\n", "\n")))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// RectifyStates are the values of the 整改状态 drop-down; the first is the
// default written into every row.
var RectifyStates = []string{"未整改", "整改中", "已整改", "不予整改"}

const (
	// maxCellChars is Excel's limit on a cell, counted in UTF-16 units.
	maxCellChars = 32767
	// truncNote ends a cell that was cut to maxCellChars.
	truncNote = "…(已截断)"
	// maxHyperlinks is Excel's limit of hyperlinks per sheet; beyond it
	// Excel reports the file as corrupt, so further URLs are plain text.
	maxHyperlinks = 65530
	// maxLinkLen: Excel refuses hyperlink addresses longer than about 2,080
	// characters, so longer URLs are plain text.
	maxLinkLen = 2000
	// Column width bounds, in Excel character units.
	minColWidth = 6
	maxColWidth = 60
)

// colKind says what a column of a findings sheet shows.
type colKind int

const (
	colSeq colKind = iota
	colStatus
	colSeverity
	colRule
	colMessage
	colURL
	colLink
	colTitle
	colColumn
	colEvidence
	colBasis
	colAdvice
	colFoundOn
	colRectify
	colDept
	colNote
	colRuleID
	colFingerprint
	colCheck
	colShot
)

// column is one column of a findings sheet.
type column struct {
	header string
	kind   colKind
}

// listColumns are the columns of 整改清单; 状态 only when a baseline was used.
// The columns a person reads on paper come first, up to 备注 (the print
// area); 发现日期, 规则编号, 指纹 and the hidden 校验码 follow.
func listColumns(withStatus bool) []column {
	cols := []column{{header: HeaderSeq, kind: colSeq}}
	if withStatus {
		cols = append(cols, column{header: HeaderStatus, kind: colStatus})
	}
	return append(cols,
		column{header: "问题类别", kind: colSeverity},
		column{header: HeaderRule, kind: colRule},
		column{header: HeaderMessage, kind: colMessage},
		column{header: HeaderURL, kind: colURL},
		column{header: HeaderLink, kind: colLink},
		column{header: "页面标题", kind: colTitle},
		column{header: "所属栏目", kind: colColumn},
		column{header: HeaderEvidence, kind: colEvidence},
		column{header: "依据", kind: colBasis},
		column{header: "整改建议", kind: colAdvice},
		column{header: HeaderRectify, kind: colRectify},
		column{header: HeaderDept, kind: colDept},
		column{header: HeaderNote, kind: colNote},
		column{header: "发现日期", kind: colFoundOn},
		column{header: HeaderRuleID, kind: colRuleID},
		column{header: HeaderFingerprint, kind: colFingerprint},
		column{header: HeaderCheck, kind: colCheck},
	)
}

// legacyListHeaders are the headers of 整改清单 as written before the
// 规则编号 column (指标 was "id 名称", 发现日期 before 整改状态), which
// verify and carry still read.
func legacyListHeaders(withStatus bool) []string {
	h := []string{HeaderSeq}
	if withStatus {
		h = append(h, HeaderStatus)
	}
	return append(h, "问题类别", HeaderRule, HeaderMessage, HeaderURL, HeaderLink, "页面标题", "所属栏目",
		HeaderEvidence, "依据", "整改建议", "发现日期", HeaderRectify, HeaderDept, HeaderNote, HeaderFingerprint, HeaderCheck)
}

// printWidth caps a column's width so that the printed columns fit A4
// landscape at 8 pt or more; long cells wrap. 0: the general bounds only.
var printWidth = map[colKind]int{
	colSeq: 6, colStatus: 6, colSeverity: 8, colRule: 12, colMessage: 18, colURL: 14, colLink: 8,
	colTitle: 9, colColumn: 8, colEvidence: 18, colBasis: 14, colAdvice: 14, colRectify: 8, colDept: 7,
	colNote: 8, colRuleID: 12,
}

const (
	// lineHeight is the height of one line of 11 pt text, in points.
	lineHeight = 14.5
	// maxRowHeight is Excel's limit on a row's height, in points.
	maxRowHeight = 409
)

// rowHeight is the height a row needs for its wrapped printed cells: row
// heights are written, since LibreOffice keeps the default height of rows
// that have none and prints one line of each cell.
func rowHeight(cols []column, widths []float64, texts []string) float64 {
	lines := 1
	for j, c := range cols {
		if !printed(c.kind) {
			continue
		}
		lines = max(lines, wrappedLines(texts[j], lineCapacity(widths[j])))
		if float64(lines)*lineHeight >= maxRowHeight {
			return maxRowHeight
		}
	}
	return float64(lines)*lineHeight + 3
}

// lineCapacity is how many display columns (a CJK character counting two)
// a line of a cell of width w holds: a little more than w, as LibreOffice
// and Excel set CJK text; rather too few than too many, so that no line is
// cut off.
func lineCapacity(w float64) int {
	return max(int((w-1)*1.15), 1)
}

// wrappedLines is how many lines s takes in a column of width display
// columns (a CJK character counting two), wrapped at any character.
func wrappedLines(s string, width int) int {
	width = max(width, 1)
	lines, cur := 1, 0
	for _, r := range s {
		if r == '\n' {
			lines, cur = lines+1, 0
			continue
		}
		w := 1
		if isWide(r) {
			w = 2
		}
		if cur+w > width {
			lines, cur = lines+1, 0
		}
		cur += w
		if float64(lines)*lineHeight > maxRowHeight {
			break
		}
	}
	return lines
}

// isWide reports a character that takes two display columns.
func isWide(r rune) bool {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return true
	}
	return false
}

// printed reports whether a column is in the print area: from 序号 to 备注.
func printed(k colKind) bool {
	switch k {
	case colFoundOn, colRuleID, colFingerprint, colCheck:
		return false
	}
	return true
}

// resolvedColumns are the columns of 已解决 and 未复查: the main ones, then
// the office's cells and the fingerprint, so that nothing the office typed
// is lost and the next scan can carry it again.
func resolvedColumns() []column {
	return []column{
		{header: HeaderSeq, kind: colSeq},
		{header: "问题类别", kind: colSeverity},
		{header: "指标", kind: colRule},
		{header: "问题描述", kind: colMessage},
		{header: HeaderURL, kind: colURL},
		{header: HeaderLink, kind: colLink},
		{header: "页面标题", kind: colTitle},
		{header: "所属栏目", kind: colColumn},
		{header: "证据", kind: colEvidence},
		{header: "依据", kind: colBasis},
		{header: "整改建议", kind: colAdvice},
		{header: HeaderRectify, kind: colRectify},
		{header: HeaderDept, kind: colDept},
		{header: HeaderNote, kind: colNote},
		{header: HeaderRuleID, kind: colRuleID},
		{header: HeaderFingerprint, kind: colFingerprint},
	}
}

// styles holds the style IDs of the workbook.
type styles struct {
	header, data, center, link, title, label, plain int
	severity                                        map[checks.Severity]int
}

// gridBorder is the thin grey border of every table cell.
func gridBorder() []excelize.Border {
	return []excelize.Border{
		{Type: "left", Color: "BFBFBF", Style: 1},
		{Type: "right", Color: "BFBFBF", Style: 1},
		{Type: "top", Color: "BFBFBF", Style: 1},
		{Type: "bottom", Color: "BFBFBF", Style: 1},
	}
}

// topWrapped aligns a cell's text to the top, wrapped: rows of long text
// stay readable.
func topWrapped() *excelize.Alignment { return &excelize.Alignment{Vertical: "top", WrapText: true} }

// solidFill fills a cell with one colour.
func solidFill(color string) excelize.Fill {
	return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}
}

func newStyles(f *excelize.File) (*styles, error) {
	border, top := gridBorder(), topWrapped()
	topCenter := &excelize.Alignment{Horizontal: "center", Vertical: "top", WrapText: true}
	var err error
	add := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(s)
		return id
	}
	st := &styles{
		header: add(&excelize.Style{
			Border:    border,
			Fill:      solidFill("DDEBF7"),
			Font:      &excelize.Font{Bold: true},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		}),
		data:   add(&excelize.Style{Border: border, Alignment: top}),
		center: add(&excelize.Style{Border: border, Alignment: topCenter}),
		link: add(&excelize.Style{
			Border:    border,
			Alignment: top,
			Font:      &excelize.Font{Color: "0563C1", Underline: "single"},
		}),
		title: add(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}),
		label: add(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: top}),
		plain: add(&excelize.Style{Alignment: top}),
		severity: map[checks.Severity]int{
			checks.Veto: add(&excelize.Style{Border: border, Alignment: topCenter, Fill: solidFill("FFC7CE"),
				Font: &excelize.Font{Color: "9C0006", Bold: true}}),
			checks.Deduct: add(&excelize.Style{Border: border, Alignment: topCenter, Fill: solidFill("FCD5B4"),
				Font: &excelize.Font{Color: "974706"}}),
			checks.Advice: add(&excelize.Style{Border: border, Alignment: topCenter, Fill: solidFill("F2F2F2")}),
		},
	}
	if err != nil {
		return nil, fmt.Errorf("workbook style: %w", err)
	}
	return st, nil
}

// severityStyle returns the coloured style of a 问题类别 cell.
func (st *styles) severityStyle(s checks.Severity) int {
	if id, ok := st.severity[s]; ok {
		return id
	}
	return st.center
}

// WriteXLSX writes the 整改清单 workbook to path: sheets 整改清单, 汇总 and,
// when r.Resolved is not empty, 已解决. The file is written to a temporary
// file in the same directory and renamed into place, so a failed run never
// leaves a half-written workbook (or destroys the previous one).
// WriterName marks a workbook gongkai wrote and nobody saved since.
const WriterName = "gongkai"

// SavedByPeople reports whether the workbook at path was saved by anything
// but gongkai (an office suite sets LastModifiedBy when it saves), or
// cannot be told.
func SavedByPeople(path string) bool {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return true
	}
	defer f.Close()
	p, err := f.GetDocProps()
	return err != nil || p.LastModifiedBy != WriterName
}

func WriteXLSX(path string, r *Report) error {
	return writeFileAtomic(path, func(w io.Writer) error { return writeXLSX(w, r) })
}

// writeXLSX builds the workbook and writes it to w.
func writeXLSX(w io.Writer, r *Report) (err error) {
	f := excelize.NewFile()
	defer func() {
		// Close removes the stream writers' temporary files.
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("workbook: %w", cerr)
		}
	}()
	if err := f.SetSheetName(f.GetSheetName(0), SheetList); err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	if _, err := f.NewSheet(SheetSummary); err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	resolved := append(append([]checks.Finding{}, r.Resolved...), r.Gone...)
	for _, name := range []string{SheetResolved, SheetUnchecked} {
		if name == SheetResolved && len(resolved) == 0 || name == SheetUnchecked && len(r.Unchecked) == 0 {
			continue
		}
		if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("workbook: %w", err)
		}
	}
	f.SetActiveSheet(0)
	// Marked as gongkai's own: a workbook nobody saved since (an office
	// suite sets LastModifiedBy) needs no backup when it is replaced.
	if err := f.SetDocProps(&excelize.DocProperties{Creator: WriterName, LastModifiedBy: WriterName, Title: "整改清单"}); err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	names := ruleNames(r.Rules)

	withStatus := false
	for i := range r.Findings {
		if r.Findings[i].Status != "" {
			withStatus = true
			break
		}
	}
	if err := writeSummary(f, r, names, st); err != nil {
		return err
	}
	listCols := listColumns(withStatus)
	if len(r.Screenshots) > 0 {
		listCols = withShotColumn(listCols)
	}
	sheets := []findingsSheet{{name: SheetList, cols: listCols, findings: r.Findings, list: true, shots: r.Screenshots}}
	if len(resolved) > 0 {
		sheets = append(sheets, findingsSheet{name: SheetResolved, cols: resolvedColumns(), findings: resolved})
	}
	if len(r.Unchecked) > 0 {
		sheets = append(sheets, findingsSheet{name: SheetUnchecked, cols: resolvedColumns(), findings: r.Unchecked})
	}
	var bulk []*bulkLinks
	for _, sh := range sheets {
		sh.file, sh.asOf, sh.names, sh.styles, sh.office = f, r.AsOf, names, st, r.Office
		b, err := sh.write()
		if err != nil {
			return err
		}
		if b != nil {
			bulk = append(bulk, b)
		}
	}
	setBulkLinks(f, bulk)
	if err := f.Write(w); err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	return nil
}

// findingsSheet writes one sheet with one row per finding.
type findingsSheet struct {
	file     *excelize.File
	name     string
	cols     []column
	findings []checks.Finding
	asOf     string
	names    map[string]string
	styles   *styles
	// list: the 整改清单 sheet, whose 整改状态 defaults to 未整改 and has
	// the drop-down.
	list   bool
	office map[string]OfficeCells
	// shots are the rows' screenshots (column 截图), by fingerprint.
	shots map[string]string
}

// HeaderShot is the column linking a row to its page's screenshot
// (--screenshots), beside the evidence.
const HeaderShot = "截图"

// withShotColumn adds 截图 after 证据.
func withShotColumn(cols []column) []column {
	out := make([]column, 0, len(cols)+1)
	for _, c := range cols {
		out = append(out, c)
		if c.kind == colEvidence {
			out = append(out, column{header: HeaderShot, kind: colShot})
		}
	}
	return out
}

// write streams the sheet and returns the hyperlinks to add in bulk. The
// stream writer imposes an order: widths and panes before the first row;
// autofilter, data validation and hyperlinks before Flush (after it they are
// silently dropped).
func (s *findingsSheet) write() (*bulkLinks, error) {
	rows := make([][]string, len(s.findings))
	for i := range s.findings {
		rows[i] = s.texts(i)
	}
	widths := columnWidths(s.cols, rows)

	// Offices print the list: landscape A4, one page wide, header repeated.
	// The sheet properties are written when the stream starts.
	if err := s.printSetup(); err != nil {
		return nil, err
	}
	sw, err := s.file.NewStreamWriter(s.name)
	if err != nil {
		return nil, fmt.Errorf("sheet %s: %w", s.name, err)
	}
	// Backwards: excelize puts each new <col> first, and Excel wants them
	// in ascending order.
	for i := len(widths) - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, widths[i]); err != nil {
			return nil, fmt.Errorf("sheet %s: %w", s.name, err)
		}
		if s.cols[i].kind == colCheck {
			// Nothing for a person to read or edit.
			if err := sw.SetColVisible(i+1, i+1, false); err != nil {
				return nil, fmt.Errorf("sheet %s: %w", s.name, err)
			}
		}
	}
	if err := sw.SetPanes(&excelize.Panes{
		Freeze:      true,
		YSplit:      1,
		TopLeftCell: "A2",
		ActivePane:  "bottomLeft",
		Selection:   []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return nil, fmt.Errorf("sheet %s: %w", s.name, err)
	}

	header := make([]any, len(s.cols))
	headerLines := 1
	for i, c := range s.cols {
		header[i] = excelize.Cell{StyleID: s.styles.header, Value: c.header}
		if printed(c.kind) {
			// The header also holds the autofilter arrow, about two columns.
			headerLines = max(headerLines, wrappedLines(c.header, lineCapacity(widths[i]-2)))
		}
	}
	if err := sw.SetRow("A1", header, excelize.RowOpts{Height: float64(headerLines)*lineHeight + 3}); err != nil {
		return nil, fmt.Errorf("sheet %s: %w", s.name, err)
	}

	urlCol, rectifyCol := 0, 0
	for i, c := range s.cols {
		switch c.kind {
		case colURL:
			urlCol = i + 1
		case colRectify:
			rectifyCol = i + 1
		}
	}
	var links []sheetLink
	values := make([]any, len(s.cols))
	for i, texts := range rows {
		rowNum := i + 2
		f := &s.findings[i]
		for j, c := range s.cols {
			style := s.styles.data
			var v any = texts[j]
			switch c.kind {
			case colSeq:
				style, v = s.styles.center, i+1
			case colStatus, colFoundOn, colRectify:
				style = s.styles.center
			case colSeverity:
				style = s.styles.severityStyle(f.Severity)
			case colURL, colLink:
				v = breakableURL(texts[j])
			case colShot:
				if texts[j] != "" {
					// A formula link with its text cached: a relative
					// path, so the folder can be zipped and mailed.
					q := strings.ReplaceAll(texts[j], `"`, `""`)
					values[j] = excelize.Cell{StyleID: s.styles.link, Value: texts[j], Formula: `HYPERLINK("` + q + `","` + q + `")`}
					continue
				}
			}
			values[j] = excelize.Cell{StyleID: style, Value: v}
		}
		if urlCol > 0 && len(links) < maxHyperlinks {
			if target, ok := linkTarget(rowPage(f)); ok {
				cell, err := excelize.CoordinatesToCellName(urlCol, rowNum)
				if err != nil {
					return nil, fmt.Errorf("sheet %s: %w", s.name, err)
				}
				links = append(links, sheetLink{cell: cell, target: target})
				// A formula, not a text cell: LibreOffice turns a text cell
				// with a hyperlink into one unbreakable link field, which
				// prints on one line across the next columns; a formula
				// cell keeps the hyperlink beside its text, which wraps.
				shown := breakableURL(texts[urlCol-1])
				values[urlCol-1] = excelize.Cell{StyleID: s.styles.link, Value: shown, Formula: textFormula(shown)}
			}
		}
		if err := sw.SetRow("A"+strconv.Itoa(rowNum), values, excelize.RowOpts{Height: rowHeight(s.cols, widths, texts)}); err != nil {
			return nil, fmt.Errorf("sheet %s: row %d: %w", s.name, rowNum, err)
		}
	}
	// The first link goes through excelize, the others in bulk (xlsx_links.go).
	var bulk *bulkLinks
	if len(links) > 0 {
		if err := s.file.SetCellHyperLink(s.name, links[0].cell, links[0].target, "External"); err != nil {
			return nil, fmt.Errorf("sheet %s: hyperlink %s: %w", s.name, links[0].cell, err)
		}
		if len(links) > 1 {
			bulk = newBulkLinks(sw.SheetID, links[1:])
		}
	}

	lastCol, err := excelize.ColumnNumberToName(len(s.cols))
	if err != nil {
		return nil, fmt.Errorf("sheet %s: %w", s.name, err)
	}
	lastRow := len(rows) + 1
	if err := s.file.AutoFilter(s.name, "A1:"+lastCol+strconv.Itoa(lastRow), nil); err != nil {
		return nil, fmt.Errorf("sheet %s: autofilter: %w", s.name, err)
	}
	if s.list && rectifyCol > 0 && len(rows) > 0 {
		col, err := excelize.ColumnNumberToName(rectifyCol)
		if err != nil {
			return nil, fmt.Errorf("sheet %s: %w", s.name, err)
		}
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(col + "2:" + col + strconv.Itoa(lastRow))
		if err := dv.SetDropList(RectifyStates); err != nil {
			return nil, fmt.Errorf("sheet %s: drop-down: %w", s.name, err)
		}
		// Only the listed states, so that re-checking can read them back.
		dv.SetError(excelize.DataValidationErrorStyleStop, HeaderRectify,
			"请从下拉列表中选择："+strings.Join(RectifyStates, "、"))
		// ShowDropDown stays false: in the file format true hides the arrow.
		if err := s.file.AddDataValidation(s.name, dv); err != nil {
			return nil, fmt.Errorf("sheet %s: drop-down: %w", s.name, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, fmt.Errorf("sheet %s: %w", s.name, err)
	}
	return bulk, nil
}

// printSetup sets the page layout and print titles of the sheet.
func (s *findingsSheet) printSetup() error {
	fit := true
	if err := s.file.SetSheetProps(s.name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return fmt.Errorf("sheet %s: %w", s.name, err)
	}
	a4, landscape, wide, tall := 9, "landscape", 1, 0
	if err := s.file.SetPageLayout(s.name, &excelize.PageLayoutOptions{
		Size:        &a4,
		Orientation: &landscape,
		FitToWidth:  &wide,
		FitToHeight: &tall, // as many pages tall as needed
	}); err != nil {
		return fmt.Errorf("sheet %s: %w", s.name, err)
	}
	narrow, edge := 0.25, 0.5
	if err := s.file.SetPageMargins(s.name, &excelize.PageLayoutMarginsOptions{
		Left: &narrow, Right: &narrow, Top: &edge, Bottom: &edge,
	}); err != nil {
		return fmt.Errorf("sheet %s: %w", s.name, err)
	}
	if err := s.file.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: "'" + s.name + "'!$1:$1",
		Scope:    s.name,
	}); err != nil {
		return fmt.Errorf("sheet %s: %w", s.name, err)
	}
	// Only the columns a person reads are printed: 序号 to 备注.
	last := 0
	for i, c := range s.cols {
		if printed(c.kind) {
			last = i + 1
		}
	}
	lastCol, err := excelize.ColumnNumberToName(last)
	if err != nil {
		return fmt.Errorf("sheet %s: %w", s.name, err)
	}
	if err := s.file.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Area",
		RefersTo: fmt.Sprintf("'%s'!$A$1:$%s$%d", s.name, lastCol, len(s.findings)+1),
		Scope:    s.name,
	}); err != nil {
		return fmt.Errorf("sheet %s: %w", s.name, err)
	}
	return nil
}

// texts returns the cell texts of finding i, each within Excel's cell limit.
func (s *findingsSheet) texts(i int) []string {
	f := &s.findings[i]
	out := make([]string, len(s.cols))
	for j, c := range s.cols {
		var v string
		switch c.kind {
		case colSeq:
			v = strconv.Itoa(i + 1)
		case colStatus:
			v = statusLabel(f.Status)
		case colSeverity:
			v = f.Severity.Chinese()
		case colRule:
			v = ruleName(f.Rule, s.names)
		case colRuleID:
			v = f.Rule
		case colMessage:
			v = f.Message
		case colURL:
			v = rowPage(f)
		case colLink:
			if isLinkRow(f) {
				v = f.URL
			}
		case colTitle:
			v = f.Title
		case colColumn:
			v = f.Column
		case colEvidence:
			v = evidenceText(f)
		case colBasis:
			v = f.Basis
		case colAdvice:
			v = f.Advice
		case colFoundOn:
			v = s.asOf
		case colRectify:
			v = s.office[f.Fingerprint].Rectify
			if v == "" && s.list {
				v = RectifyStates[0]
			}
		case colDept:
			v = s.office[f.Fingerprint].Dept
		case colNote:
			v = s.office[f.Fingerprint].Note
		case colFingerprint:
			v = f.Fingerprint
		case colShot:
			v = s.shots[f.Fingerprint]
		}
		out[j] = clampCell(v)
	}
	// The check is of the texts as written, so it comes last.
	for j, c := range s.cols {
		if c.kind == colCheck {
			out[j] = RowCheck(f.Fingerprint, f.Rule, s.text(out, colURL), s.text(out, colLink), s.text(out, colMessage), s.text(out, colEvidence))
		}
	}
	return out
}

// text is the cell of kind k among a row's texts, "" without that column.
func (s *findingsSheet) text(texts []string, k colKind) string {
	for j, c := range s.cols {
		if c.kind == k {
			return texts[j]
		}
	}
	return ""
}

// isLinkRow reports a finding about a link target (the finding's URL) found
// on other pages: its row shows first the page to edit.
func isLinkRow(f *checks.Finding) bool {
	return (f.Rule == "link-broken" || f.Rule == "link-blocked") && len(f.Referrers) > 0
}

// rowPage is the 问题页面 of a finding: the first page holding the link for
// a link row, else the finding's URL.
func rowPage(f *checks.Finding) string {
	if isLinkRow(f) {
		return f.Referrers[0]
	}
	return f.URL
}

// statusLabel is the 状态 cell of a baseline status.
func statusLabel(status string) string {
	switch status {
	case "new":
		return "新增"
	case "persisting":
		return "持续"
	}
	return status
}

// ruleName is the 指标 cell: the rule's 名称, or the id of a rule not in
// the catalogue.
func ruleName(id string, names map[string]string) string {
	if name := names[id]; name != "" {
		return name
	}
	return id
}

// ruleLabel is a rule in running text: "id 名称", or the id of a rule not
// in the catalogue.
func ruleLabel(id string, names map[string]string) string {
	if name := names[id]; name != "" {
		return id + " " + name
	}
	return id
}

// evidenceText is the 证据 cell: the evidence, then the referring pages one
// per line. Building stops early once the text must be truncated anyway, so
// a link referred to by every page of a large site stays cheap.
func evidenceText(f *checks.Finding) string {
	if len(f.Referrers) == 0 {
		return f.Evidence
	}
	var b strings.Builder
	b.WriteString(f.Evidence)
	if f.Evidence != "" {
		b.WriteByte('\n')
	}
	b.WriteString("引用页面：")
	for _, ref := range f.Referrers {
		// A UTF-16 unit takes at most 3 UTF-8 bytes, so past this length
		// the cell exceeds maxCellChars whatever follows.
		if b.Len() > 3*maxCellChars {
			break
		}
		b.WriteByte('\n')
		b.WriteString(ref)
	}
	return b.String()
}

// clampCell cuts s to Excel's cell limit, ending it with truncNote. The
// limit counts UTF-16 units, as Excel does.
// zwsp is U+200B ZERO WIDTH SPACE: a line-break opportunity that prints
// nothing.
const zwsp = "\u200b"

// urlBreaks are the characters of a URL after which a printed cell may
// break the line.
var urlBreaks = strings.NewReplacer("/", "/"+zwsp, "?", "?"+zwsp, "&", "&"+zwsp, "=", "="+zwsp)

// breakableURL is a URL as a cell shows it: LibreOffice and Excel break a
// line only at spaces and the like, so a long URL (it has none) overflows
// its printed column and is cut off. A zero-width space after each /, ?, &
// and = lets it wrap. Only the cell's text has them: the hyperlink, the
// 校验码, the fingerprint and JSON use the URL itself, and the reader takes
// them out again (unbreakURL).
func breakableURL(u string) string {
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok {
		return u
	}
	if b := scheme + "://" + urlBreaks.Replace(rest); utf16Len(b) <= maxCellChars {
		return b
	}
	return u
}

// textFormula is a formula whose value is s: Excel takes string constants
// of at most 255 characters, so a longer s is joined from pieces.
func textFormula(s string) string {
	const piece = 120 // runes; a rune is at most 2 UTF-16 units
	var parts []string
	rs := []rune(s)
	for len(rs) > 0 {
		n := min(piece, len(rs))
		parts = append(parts, `"`+strings.ReplaceAll(string(rs[:n]), `"`, `""`)+`"`)
		rs = rs[n:]
	}
	if len(parts) == 0 {
		return `""`
	}
	return strings.Join(parts, "&")
}

// urlUnbreaks undoes breakableURL; a zero-width space elsewhere in the cell
// is the URL's own and stays.
var urlUnbreaks = strings.NewReplacer("/"+zwsp, "/", "?"+zwsp, "?", "&"+zwsp, "&", "="+zwsp, "=")

// unbreakURL is the URL a cell written by breakableURL shows.
func unbreakURL(cell string) string { return urlUnbreaks.Replace(cell) }

func clampCell(s string) string {
	if len(s) <= maxCellChars { // bytes ≥ UTF-16 units
		return s
	}
	limit := maxCellChars - utf16Len(truncNote)
	units, cut := 0, -1
	for i, r := range s {
		u := 1
		if r >= 0x10000 {
			u = 2
		}
		if cut < 0 && units+u > limit {
			cut = i
		}
		units += u
		if units > maxCellChars {
			return s[:cut] + truncNote
		}
	}
	return s
}

// utf16Len is the length of s in UTF-16 units.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// linkTarget returns the hyperlink address for a finding's URL, or false
// when the URL should stay plain text: only well-formed http(s) URLs become
// links (never javascript: or file: from a crawled page), escaped so the
// relationship target is a valid URI.
func linkTarget(raw string) (string, bool) {
	if raw == "" || len(raw) > maxLinkLen {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	default:
		return "", false
	}
	s := u.String()
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= 0x20 || c >= 0x7f || strings.IndexByte(`"<>\^`+"`{|}", c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	t := b.String()
	return t, len(t) <= maxLinkLen
}

// columnWidths computes each column's width from its header and texts, a
// CJK character counting two columns, clamped to [minColWidth, maxColWidth].
func columnWidths(cols []column, rows [][]string) []float64 {
	out := make([]float64, len(cols))
	for j, c := range cols {
		// The header carries the autofilter arrow, about two columns.
		w := displayWidth(c.header) + 2
		for _, row := range rows {
			if w >= maxColWidth {
				break
			}
			w = max(w, displayWidth(row[j]))
		}
		limit := maxColWidth
		if p := printWidth[c.kind]; p > 0 {
			limit = p
		}
		out[j] = float64(min(max(w+2, minColWidth), limit))
	}
	return out
}

// displayWidth is the width of the widest line of s, in Excel columns;
// it stops counting once it passes maxColWidth.
func displayWidth(s string) int {
	widest, cur := 0, 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == '\n' {
			widest, cur = max(widest, cur), 0
			continue
		}
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			cur += 2
		default:
			cur++
		}
		if cur > maxColWidth {
			return cur
		}
	}
	return max(widest, cur)
}
