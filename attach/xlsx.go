package attach

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// xlsxOptions keep everything in memory (no temporary files: the XML limit
// equals the total limit) and bound what the archive may expand to.
// Dates are shown the Chinese way (2023/3/15).
func xlsxOptions() excelize.Options {
	return excelize.Options{
		UnzipSizeLimit:    maxXLSX,
		UnzipXMLSizeLimit: maxXLSX,
		CultureInfo:       excelize.CultureNameZhCN,
		ShortDatePattern:  "yyyy/m/d",
	}
}

// xlsxText reads every sheet, hidden ones included (a name list on a hidden
// sheet is published all the same), cells in their displayed form.
func xlsxText(data []byte, f format) (*textBuilder, error) {
	if names := zipNames(data); names != nil && !names["xl/workbook.xml"] && !hasPrefixKey(names, "xl/") {
		return nil, unread(nil, "不是有效的%s文件（压缩包中没有工作簿）", f.label)
	}
	x, err := excelize.OpenReader(bytes.NewReader(data), xlsxOptions())
	if err != nil {
		return nil, xlsxErr(err, f.label)
	}
	defer x.Close() // removes any temporary file excelize made
	out := newText()
	cells := 0
	sheets := x.GetSheetList()
	var bad []string
	var firstErr error
	for _, sheet := range sheets {
		if out.full {
			break
		}
		if err := xlsxSheet(x, sheet, out, &cells); err != nil {
			if errors.Is(err, errTooManyCells) {
				out.full = true
				out.note = tooManyCells
				break
			}
			// One damaged sheet (or a chart sheet) should not hide the
			// others.
			bad = append(bad, sheet)
			if firstErr == nil {
				firstErr = err
			}
		}
	}
	switch {
	case len(bad) > 0 && len(bad) == len(sheets):
		return nil, xlsxErr(firstErr, f.label)
	case len(bad) > 0 && out.note == "":
		out.note = fmt.Sprintf("有%d个工作表无法读取（%s），只读取了其余工作表", len(bad), strings.Join(bad, "、"))
	}
	return out, nil
}

var errTooManyCells = errors.New("too many cells")

var tooManyCells = fmt.Sprintf("表格单元格过多（超过%d万个），只读取了前一部分", maxCells/10000)

// xlsxSheet writes one sheet: a "工作表：" line, then one line per
// non-empty row.
func xlsxSheet(x *excelize.File, sheet string, out *textBuilder, cells *int) error {
	rows, err := x.Rows(sheet)
	if err != nil {
		return err
	}
	defer rows.Close()
	var lines [][]string
	var sci []cellRef // cells Excel shows in E+ notation (long numbers)
	for r := 0; rows.Next(); r++ {
		cols, err := rows.Columns()
		if err != nil {
			return err
		}
		*cells += len(cols) + 1
		if *cells > maxCells {
			flushSheet(out, sheet, lines)
			return errTooManyCells
		}
		for c := range cols {
			cols[c] = cellText(cols[c])
			if isSci(cols[c]) {
				sci = append(sci, cellRef{row: r, col: c})
			}
		}
		lines = append(lines, cols)
	}
	if err := rows.Error(); err != nil {
		return err
	}
	if len(sci) > 0 {
		// An 18-digit ID number typed as a number shows as
		// 1.10101199003071E+17; the stored value keeps 15 significant
		// digits, which is what a reader of the file can get back and what
		// a leak check needs. Re-read the raw values for those cells.
		if err := fillRaw(x, sheet, lines, sci); err != nil {
			return err
		}
	}
	flushSheet(out, sheet, lines)
	return nil
}

type cellRef struct{ row, col int }

func flushSheet(out *textBuilder, sheet string, lines [][]string) {
	empty := true
	for _, l := range lines {
		for _, c := range l {
			if c != "" {
				empty = false
				break
			}
		}
		if !empty {
			break
		}
	}
	if empty {
		return
	}
	if out.runes > 0 && out.lastByte() != '\n' {
		out.WriteString("\n")
	}
	if out.runes > 0 {
		out.WriteString("\n")
	}
	out.WriteString("工作表：" + cellText(sheet) + "\n")
	for _, l := range lines {
		out.writeRow(l)
	}
}

// fillRaw replaces E+ cells with the stored number written out in full.
func fillRaw(x *excelize.File, sheet string, lines [][]string, sci []cellRef) error {
	rows, err := x.Rows(sheet)
	if err != nil {
		return err
	}
	defer rows.Close()
	next := 0
	for r := 0; rows.Next() && next < len(sci); r++ {
		if sci[next].row != r {
			continue
		}
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return err
		}
		for next < len(sci) && sci[next].row == r {
			c := sci[next].col
			if c < len(cols) {
				if full, ok := fullNumber(cols[c]); ok {
					lines[r][c] = full
				}
			}
			next++
		}
	}
	return rows.Error()
}

// isSci reports whether s is a number in E notation, as Excel shows long
// numbers ("1.10101199003071E+17").
func isSci(s string) bool {
	i := strings.IndexAny(s, "Ee")
	if i <= 0 || i == len(s)-1 {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// fullNumber writes a large stored number without exponent
// ("1.10101199003071E+17" → "110101199003071000"); only integers of at
// most 30 digits, so fractions and absurd exponents stay as they are.
func fullNumber(raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	if allDigits(strings.TrimPrefix(raw, "-")) {
		return raw, true // stored in full (not by Excel, which keeps 15 digits)
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil || math.IsNaN(v) || math.Abs(v) >= 1e30 || v != math.Trunc(v) {
		return "", false
	}
	return strconv.FormatFloat(v, 'f', -1, 64), true
}

// xlsxErr turns an excelize error into an ErrUnreadable reason.
func xlsxErr(err error, label string) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "unzip size"), strings.Contains(msg, "size limit"):
		return unread(err, "%s文件解压后过大（超过%dMB），疑似异常文件，未读取", label, maxXLSX>>20)
	case strings.Contains(msg, "password"), strings.Contains(msg, "encrypt"):
		return unread(err, "文件已加密")
	}
	return unread(err, "不是有效的%s文件（文件已损坏或下载不完整）", label)
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
