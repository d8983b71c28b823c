package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Verdicts of a re-check (复核结果). A row that cannot be judged reads
// VerdictUnknown followed by the reason in full-width brackets.
const (
	VerdictFixed    = "已整改"
	VerdictOpen     = "未整改"
	VerdictFake     = "虚假整改" // marked 已整改 by the office, still there
	VerdictUnknown  = "无法复核"
	verdictFakeFill = "FFC7CE"
)

// Verdict is the re-check of one row of a List.
type Verdict struct {
	Row    int    // the ListRow's sheet row
	Result string // 已整改, 未整改, 虚假整改 or 无法复核（reason）
	Notes  string // what was seen: status codes, the finding found again …
}

// WriteVerified writes the list to out (which may be its own path) with the
// columns 复核结果, 复核日期 and 复核说明 filled for each verdict. Everything
// else in the workbook — the office's 整改状态, 责任科室, 备注, its own
// columns and formatting — is kept as it is. The file is replaced
// atomically, so a failure leaves the original untouched.
func WriteVerified(l *List, out, date string, verdicts []Verdict) (err error) {
	f, err := excelize.OpenFile(l.Path)
	if err != nil {
		return fmt.Errorf("open %s: %w", l.Path, err)
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("workbook: %w", cerr)
		}
	}()
	const sh = SheetList
	// The verify columns: where an earlier verify put them, else after the
	// last used column.
	next := len(l.Header)
	for next > 0 && l.Header[next-1] == "" {
		next--
	}
	cols := make([]int, len(VerifyHeaders)) // 1-based
	for i, h := range VerifyHeaders {
		if at := indexOf(l.Header, h); at >= 0 {
			cols[i] = at + 1
			continue
		}
		next++
		cols[i] = next
	}
	lastCol := 0
	for i := range l.Header {
		if l.Header[i] != "" {
			lastCol = i + 1
		}
	}
	for _, c := range cols {
		lastCol = max(lastCol, c)
	}

	headerStyle, err := f.GetCellStyle(sh, "A1")
	if err != nil {
		return fmt.Errorf("sheet %s: %w", sh, err)
	}
	st, err := newVerdictStyles(f)
	if err != nil {
		return err
	}
	widths := []float64{22, 12, 60}
	for i, h := range VerifyHeaders {
		cell, err := excelize.CoordinatesToCellName(cols[i], 1)
		if err != nil {
			return err
		}
		if err := f.SetCellStr(sh, cell, h); err != nil {
			return fmt.Errorf("sheet %s: %w", sh, err)
		}
		if err := f.SetCellStyle(sh, cell, cell, headerStyle); err != nil {
			return fmt.Errorf("sheet %s: %w", sh, err)
		}
		name, _ := excelize.ColumnNumberToName(cols[i])
		if err := f.SetColWidth(sh, name, name, widths[i]); err != nil {
			return fmt.Errorf("sheet %s: %w", sh, err)
		}
	}
	lastRow := 1
	for _, v := range verdicts {
		lastRow = max(lastRow, v.Row)
		values := []string{v.Result, date, v.Notes}
		for i, val := range values {
			cell, err := excelize.CoordinatesToCellName(cols[i], v.Row)
			if err != nil {
				return err
			}
			// SetCellStr: text from pages stays text, never a formula.
			if err := f.SetCellStr(sh, cell, clampCell(val)); err != nil {
				return fmt.Errorf("sheet %s: %w", sh, err)
			}
			style := st.data
			if i == 0 {
				style = st.verdict(v.Result)
			}
			if err := f.SetCellStyle(sh, cell, cell, style); err != nil {
				return fmt.Errorf("sheet %s: %w", sh, err)
			}
		}
	}
	if rows, err := f.GetRows(sh); err == nil {
		lastRow = max(lastRow, len(rows))
	}
	lastName, _ := excelize.ColumnNumberToName(lastCol)
	if err := f.AutoFilter(sh, "A1:"+lastName+strconv.Itoa(lastRow), nil); err != nil {
		return fmt.Errorf("sheet %s: autofilter: %w", sh, err)
	}
	// AutoFilter replaces the sheet properties; keep the list printable on
	// one page wide.
	fit := true
	if err := f.SetSheetProps(sh, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return fmt.Errorf("sheet %s: %w", sh, err)
	}
	return writeFileAtomic(out, func(w io.Writer) error { return f.Write(w) })
}

// verdictStyles colour the 复核结果 cells: 虚假整改 red, 未整改 orange,
// 已整改 green, 无法复核 grey.
type verdictStyles struct {
	data, fixed, open, fake, unknown int
}

func newVerdictStyles(f *excelize.File) (*verdictStyles, error) {
	border, top := gridBorder(), topWrapped()
	var err error
	add := func(fill, font string, bold bool) int {
		if err != nil {
			return 0
		}
		s := &excelize.Style{Border: border, Alignment: top}
		if fill != "" {
			s.Fill = solidFill(fill)
		}
		if font != "" || bold {
			s.Font = &excelize.Font{Color: font, Bold: bold}
		}
		var id int
		id, err = f.NewStyle(s)
		return id
	}
	st := &verdictStyles{
		data:    add("", "", false),
		fixed:   add("C6EFCE", "006100", false),
		open:    add("FCD5B4", "974706", false),
		fake:    add(verdictFakeFill, "9C0006", true),
		unknown: add("F2F2F2", "595959", false),
	}
	if err != nil {
		return nil, fmt.Errorf("workbook style: %w", err)
	}
	return st, nil
}

func (st *verdictStyles) verdict(result string) int {
	switch {
	case result == VerdictFixed:
		return st.fixed
	case result == VerdictOpen:
		return st.open
	case result == VerdictFake:
		return st.fake
	case strings.HasPrefix(result, VerdictUnknown):
		return st.unknown
	}
	return st.data
}
