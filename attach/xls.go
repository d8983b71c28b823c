package attach

import (
	"encoding/binary"
	"errors"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// BIFF record types read here (MS-XLS 2.3).
const (
	recFormula    = 0x0006
	recEOF        = 0x000A
	recDateMode   = 0x0022
	recFilePass   = 0x002F
	recContinue   = 0x003C
	recCodePage   = 0x0042
	recBoundSheet = 0x0085
	recMulRK      = 0x00BD
	recRString    = 0x00D6
	recXF         = 0x00E0
	recSST        = 0x00FC
	recLabelSST   = 0x00FD
	recNumber     = 0x0203
	recLabel      = 0x0204
	recBoolErr    = 0x0205
	recString     = 0x0207
	recRK         = 0x027E
	recFormat     = 0x041E
	recFormat4    = 0x001E // BIFF4/5 FORMAT
	recBOF        = 0x0809
	recXF5        = 0x0043 // BIFF2-4 XF (not read)
)

// xlsBook is the state of one workbook read.
type xlsBook struct {
	biff8    bool
	enc      encoding.Encoding // for BIFF5 8-bit strings
	sst      []string
	xfFmt    []uint16          // XF index → number format index
	formats  map[uint16]string // custom number formats
	date1904 bool
	sheets   map[uint32]string // BOF offset → sheet name
	cells    int
}

// xlsCell is one cell value of a sheet.
type xlsCell struct {
	row, col uint16
	text     string
}

// xlsText reads a BIFF8 (Excel 97–2003) or BIFF5 (Excel 5/95) workbook
// stream: every worksheet, in the shape xlsxText writes. Formula cells give
// their cached result. Chart and macro sheets are skipped.
//
// No maintained Go reader was found (extrame/xls is unmaintained since
// 2017 and shows plain numbers as dates; shakinm/xlsReader is GPL-3.0), so
// this is a small reader of the records that hold cell text.
func xlsText(wb []byte) (*textBuilder, error) {
	bk := &xlsBook{enc: simplifiedchinese.GB18030, formats: map[uint16]string{}, sheets: map[uint32]string{}}
	out := newText()
	var (
		cells      []xlsCell
		inSheet    bool
		sheetName  string
		sheetCount int
		seenBOF    bool
		pendingStr *xlsCell // FORMULA whose string result follows in STRING
	)
	flush := func() {
		if len(cells) > 0 {
			writeXLSSheet(out, sheetName, cells)
		}
		cells = cells[:0]
	}
	add := func(row, col uint16, text string) {
		text = cellText(text)
		if text == "" || bk.cells >= maxCells {
			return
		}
		bk.cells++
		cells = append(cells, xlsCell{row: row, col: col, text: text})
	}
	for pos := 0; pos+4 <= len(wb) && !out.full; {
		typ := binary.LittleEndian.Uint16(wb[pos:])
		size := int(binary.LittleEndian.Uint16(wb[pos+2:]))
		start := pos
		body := wb[pos+4 : min(pos+4+size, len(wb))]
		pos += 4 + size
		if !seenBOF {
			if typ != recBOF && typ != 0x0409 && typ != 0x0209 && typ != 0x0009 {
				return nil, unread(nil, "不是有效的xls文件")
			}
		}
		switch typ {
		case recBOF, 0x0409, 0x0209, 0x0009:
			if len(body) < 4 {
				continue
			}
			vers := binary.LittleEndian.Uint16(body)
			dt := binary.LittleEndian.Uint16(body[2:])
			if !seenBOF {
				seenBOF = true
				switch {
				case typ == recBOF && vers == 0x0600:
					bk.biff8 = true
				case typ == recBOF && vers == 0x0500:
					// BIFF5: strings in the workbook's code page.
				default:
					return nil, unread(nil, "Excel 4.0及更早版本的xls文件暂不支持读取")
				}
				continue
			}
			if dt == 0x0010 { // worksheet (dialog sheets share the type)
				flush()
				inSheet = true
				sheetCount++
				sheetName = bk.sheets[uint32(start)]
				if sheetName == "" {
					sheetName = "Sheet" + strconv.Itoa(sheetCount)
				}
			} else {
				inSheet = false
				// Charts and macro sheets have their own BOF…EOF; skip to
				// their EOF by leaving inSheet false.
			}
		case recEOF:
			if inSheet {
				flush()
				inSheet = false
			}
		case recFilePass:
			return nil, unread(nil, "文件已加密（设置了打开密码或保护）")
		case recCodePage:
			if len(body) >= 2 {
				bk.enc = codePage(binary.LittleEndian.Uint16(body), bk.enc)
			}
		case recDateMode:
			if len(body) >= 2 {
				bk.date1904 = binary.LittleEndian.Uint16(body) == 1
			}
		case recXF:
			if len(body) >= 4 {
				bk.xfFmt = append(bk.xfFmt, binary.LittleEndian.Uint16(body[2:]))
			}
		case recFormat, recFormat4:
			if len(body) >= 3 {
				idx := binary.LittleEndian.Uint16(body)
				var s string
				if bk.biff8 {
					s, _ = xlUnicodeString(body[2:], true)
				} else {
					s = bk.byteString(body[2:], 1)
				}
				bk.formats[idx] = s
			}
		case recBoundSheet:
			if len(body) >= 8 {
				off := binary.LittleEndian.Uint32(body)
				if bk.biff8 {
					bk.sheets[off] = shortUnicodeString(body[6:])
				} else {
					bk.sheets[off] = bk.byteString(body[6:], 1)
				}
			}
		case recSST:
			segs := [][]byte{body}
			for pos+4 <= len(wb) && binary.LittleEndian.Uint16(wb[pos:]) == recContinue {
				n := int(binary.LittleEndian.Uint16(wb[pos+2:]))
				segs = append(segs, wb[pos+4:min(pos+4+n, len(wb))])
				pos += 4 + n
			}
			bk.sst = readSST(segs)
		}
		if !inSheet {
			continue
		}
		switch typ {
		case recLabelSST:
			if len(body) >= 10 {
				i := binary.LittleEndian.Uint32(body[6:])
				if int(i) < len(bk.sst) {
					add(u16(body, 0), u16(body, 2), bk.sst[i])
				}
			}
		case recLabel, recRString:
			if len(body) >= 8 {
				var s string
				if bk.biff8 {
					s, _ = xlUnicodeString(body[6:], false)
				} else {
					s = bk.byteString(body[6:], 2)
				}
				add(u16(body, 0), u16(body, 2), s)
			}
		case recNumber:
			if len(body) >= 14 {
				v := math.Float64frombits(binary.LittleEndian.Uint64(body[6:]))
				add(u16(body, 0), u16(body, 2), bk.number(v, u16(body, 4)))
			}
		case recRK:
			if len(body) >= 10 {
				add(u16(body, 0), u16(body, 2), bk.number(rk(binary.LittleEndian.Uint32(body[6:])), u16(body, 4)))
			}
		case recMulRK:
			if len(body) >= 6 {
				row, col := u16(body, 0), u16(body, 2)
				for p := 4; p+6 <= len(body)-2; p += 6 {
					add(row, col, bk.number(rk(binary.LittleEndian.Uint32(body[p+2:])), u16(body, p)))
					col++
				}
			}
		case recFormula:
			if len(body) >= 14 {
				row, col, xf := u16(body, 0), u16(body, 2), u16(body, 4)
				val := body[6:14]
				if val[6] == 0xFF && val[7] == 0xFF {
					switch val[0] {
					case 0: // string: the next STRING record holds it
						pendingStr = &xlsCell{row: row, col: col}
					case 1:
						add(row, col, map[bool]string{true: "TRUE", false: "FALSE"}[val[2] != 0])
					}
					continue
				}
				add(row, col, bk.number(math.Float64frombits(binary.LittleEndian.Uint64(val)), xf))
			}
		case recString:
			if pendingStr != nil {
				var s string
				if bk.biff8 {
					s, _ = xlUnicodeString(body, false)
				} else {
					s = bk.byteString(body, 2)
				}
				add(pendingStr.row, pendingStr.col, s)
				pendingStr = nil
			}
		case recBoolErr:
			if len(body) >= 8 && body[7] == 0 {
				add(u16(body, 0), u16(body, 2), map[bool]string{true: "TRUE", false: "FALSE"}[body[6] != 0])
			}
		}
		if bk.cells >= maxCells {
			out.full = true
			out.note = tooManyCells
		}
	}
	if inSheet {
		flush() // a stream cut short: keep what was read
	}
	if !seenBOF {
		return nil, unread(nil, "不是有效的xls文件")
	}
	return out, nil
}

func u16(b []byte, off int) uint16 { return binary.LittleEndian.Uint16(b[off:]) }

// writeXLSSheet writes one sheet's cells as rows, in the same shape as
// xlsxText: a "工作表：" line, cells tab-joined, gaps as empty cells.
func writeXLSSheet(out *textBuilder, name string, cells []xlsCell) {
	sort.SliceStable(cells, func(i, j int) bool {
		if cells[i].row != cells[j].row {
			return cells[i].row < cells[j].row
		}
		return cells[i].col < cells[j].col
	})
	if out.runes > 0 {
		if out.lastByte() != '\n' {
			out.WriteString("\n")
		}
		out.WriteString("\n")
	}
	out.WriteString("工作表：" + cellText(name) + "\n")
	var row []string
	for i := 0; i < len(cells); {
		r := cells[i].row
		row = row[:0]
		for ; i < len(cells) && cells[i].row == r; i++ {
			c := int(cells[i].col)
			if c > 1024 {
				c = len(row) // corrupt column: don't pad absurdly
			}
			for len(row) < c {
				row = append(row, "")
			}
			if c < len(row) { // duplicate cell: keep the first
				continue
			}
			row = append(row, cells[i].text)
		}
		out.writeRow(row)
	}
}

// rk decodes an RK number (MS-XLS 2.5.217).
func rk(v uint32) float64 {
	var f float64
	if v&2 != 0 {
		f = float64(int32(v) >> 2)
	} else {
		f = math.Float64frombits(uint64(v&0xFFFFFFFC) << 32)
	}
	if v&1 != 0 {
		f /= 100
	}
	return f
}

// number formats a cell number as Excel would show it, closely enough for
// the rules: dates as 2023/3/15, percentages with %, long integers written
// out in full (an 18-digit ID typed as a number keeps its 15 significant
// digits), other numbers with at most 15 significant digits.
func (bk *xlsBook) number(v float64, xf uint16) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	var fmtIdx uint16
	if int(xf) < len(bk.xfFmt) {
		fmtIdx = bk.xfFmt[xf]
	}
	switch kind := numFormatKind(fmtIdx, bk.formats[fmtIdx]); kind {
	case "date", "datetime", "time":
		if s, ok := excelDate(v, bk.date1904, kind); ok {
			return s
		}
	case "percent":
		return plainNumber(v*100) + "%"
	}
	return plainNumber(v)
}

// plainNumber writes v without exponent, rounded to 15 significant digits
// (Excel's precision; 0.1+0.2 shows as 0.3).
func plainNumber(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e21 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	if err != nil {
		r = v
	}
	if math.Abs(r) >= 1e21 || math.Abs(r) < 1e-9 && r != 0 {
		return strconv.FormatFloat(r, 'g', 15, 64)
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// numFormatKind classifies a number format: "date", "datetime", "time",
// "percent" or "" (general). Built-in indexes follow MS-XLS 2.4.126 and the
// zh-CN built-ins 27–36 and 50–58 (年月日 dates).
func numFormatKind(idx uint16, custom string) string {
	switch {
	case idx >= 14 && idx <= 17, idx >= 27 && idx <= 31, idx >= 34 && idx <= 36, idx >= 50 && idx <= 58:
		return "date"
	case idx == 22:
		return "datetime"
	case idx >= 18 && idx <= 21, idx >= 45 && idx <= 47, idx == 32, idx == 33:
		return "time"
	case idx == 9 || idx == 10:
		return "percent"
	}
	if custom == "" {
		return ""
	}
	// Drop quoted literals, escapes and [colour]/[$-804] sections, then
	// look at the letters that are left.
	var b strings.Builder
	inQuote, inBracket := false, false
	for i := 0; i < len(custom); i++ {
		c := custom[i]
		switch {
		case inQuote:
			inQuote = c != '"'
		case inBracket:
			inBracket = c != ']'
		case c == '"':
			inQuote = true
		case c == '[':
			inBracket = true
		case c == '\\' || c == '_' || c == '*':
			i++
		case c == ';':
			i = len(custom) // first section only
		default:
			b.WriteByte(c)
		}
	}
	f := strings.ReplaceAll(strings.ToLower(b.String()), "general", "")
	hasDate := strings.ContainsAny(f, "yd")
	hasTime := strings.ContainsAny(f, "hs")
	switch {
	case hasDate && hasTime:
		return "datetime"
	case hasDate:
		return "date"
	case hasTime:
		return "time"
	case strings.Contains(f, "%"):
		return "percent"
	}
	return ""
}

// excelDate converts a serial date to text.
func excelDate(v float64, date1904 bool, kind string) (string, bool) {
	if v < 0 || v > 2958465 { // after 9999-12-31
		return "", false
	}
	var base time.Time
	switch {
	case date1904:
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	case v < 61:
		// Excel's fictional 1900-02-29 shifts serials from 61 on.
		base = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	default:
		base = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	}
	days := math.Floor(v)
	secs := math.Round((v - days) * 86400)
	t := base.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second)
	switch kind {
	case "time":
		return t.Format("15:04:05"), true
	case "datetime":
		return t.Format("2006/1/2 15:04:05"), true
	}
	return t.Format("2006/1/2"), true
}

// readSST reads the shared string table from the SST record and its
// CONTINUE records. A string's characters may run on into the next record,
// which then starts with a new option byte saying whether they are 8- or
// 16-bit (MS-XLS 2.5.293 XLUnicodeRichExtendedString).
func readSST(segs [][]byte) []string {
	r := &segReader{segs: segs}
	r.skip(4) // cstTotal
	n, ok := r.u32()
	if !ok {
		return nil
	}
	if n > 1<<22 {
		n = 1 << 22
	}
	out := make([]string, 0, min(int(n), 1<<16))
	for i := uint32(0); i < n; i++ {
		cch, ok1 := r.u16()
		flags, ok2 := r.byte()
		if !ok1 || !ok2 {
			break
		}
		var runs uint16
		var ext uint32
		if flags&0x08 != 0 {
			runs, _ = r.u16()
		}
		if flags&0x04 != 0 {
			ext, _ = r.u32()
		}
		s, ok := r.chars(int(cch), flags&0x01 != 0)
		out = append(out, s)
		if !ok {
			break
		}
		r.skip(int(runs)*4 + int(ext))
	}
	return out
}

// segReader reads across CONTINUE segments.
type segReader struct {
	segs [][]byte
	seg  int
	pos  int
}

func (r *segReader) next() bool {
	for r.seg < len(r.segs) && r.pos >= len(r.segs[r.seg]) {
		r.seg++
		r.pos = 0
	}
	return r.seg < len(r.segs)
}

func (r *segReader) byte() (byte, bool) {
	if !r.next() {
		return 0, false
	}
	b := r.segs[r.seg][r.pos]
	r.pos++
	return b, true
}

func (r *segReader) u16() (uint16, bool) {
	a, ok1 := r.byte()
	b, ok2 := r.byte()
	return uint16(a) | uint16(b)<<8, ok1 && ok2
}

func (r *segReader) u32() (uint32, bool) {
	a, ok1 := r.u16()
	b, ok2 := r.u16()
	return uint32(a) | uint32(b)<<16, ok1 && ok2
}

func (r *segReader) skip(n int) {
	for n > 0 && r.next() {
		step := min(n, len(r.segs[r.seg])-r.pos)
		r.pos += step
		n -= step
	}
}

// chars reads cch characters; at a segment boundary inside the string a
// fresh option byte gives the width of the rest.
func (r *segReader) chars(cch int, wide bool) (string, bool) {
	u := make([]uint16, 0, min(cch, 1<<16))
	for len(u) < cch {
		if r.seg >= len(r.segs) {
			return string(utf16.Decode(u)), false
		}
		if r.pos >= len(r.segs[r.seg]) {
			r.seg++
			r.pos = 0
			if r.seg >= len(r.segs) {
				return string(utf16.Decode(u)), false
			}
			if len(r.segs[r.seg]) == 0 {
				continue
			}
			wide = r.segs[r.seg][0]&0x01 != 0
			r.pos = 1
			continue
		}
		seg := r.segs[r.seg]
		if wide {
			if r.pos+1 >= len(seg) {
				r.pos = len(seg)
				continue
			}
			u = append(u, binary.LittleEndian.Uint16(seg[r.pos:]))
			r.pos += 2
		} else {
			u = append(u, uint16(seg[r.pos])) // Latin-1 "compressed" form
			r.pos++
		}
	}
	return string(utf16.Decode(u)), true
}

// xlUnicodeString reads a BIFF8 XLUnicodeString (16-bit count, option
// byte, characters); rich and extended variants carry run and phonetic data
// after the characters, which is ignored.
func xlUnicodeString(b []byte, _ bool) (string, error) {
	if len(b) < 3 {
		return "", errShort
	}
	cch := int(binary.LittleEndian.Uint16(b))
	flags := b[2]
	p := 3
	if flags&0x08 != 0 {
		p += 2
	}
	if flags&0x04 != 0 {
		p += 4
	}
	return decodeChars(b, p, cch, flags&0x01 != 0), nil
}

// shortUnicodeString reads a ShortXLUnicodeString (8-bit count).
func shortUnicodeString(b []byte) string {
	if len(b) < 2 {
		return ""
	}
	return decodeChars(b, 2, int(b[0]), b[1]&0x01 != 0)
}

func decodeChars(b []byte, p, cch int, wide bool) string {
	if p > len(b) {
		return ""
	}
	b = b[p:]
	if wide {
		n := min(cch, len(b)/2)
		u := make([]uint16, n)
		for i := range u {
			u[i] = binary.LittleEndian.Uint16(b[2*i:])
		}
		return string(utf16.Decode(u))
	}
	n := min(cch, len(b))
	r := make([]rune, n)
	for i := range r {
		r[i] = rune(b[i])
	}
	return string(r)
}

var errShort = errors.New("record too short")

// byteString reads a BIFF5 string with an 8- or 16-bit length prefix, in
// the workbook's code page (GBK for Chinese Excel 95 files).
func (bk *xlsBook) byteString(b []byte, lenBytes int) string {
	if len(b) < lenBytes {
		return ""
	}
	n := int(b[0])
	if lenBytes == 2 {
		n = int(binary.LittleEndian.Uint16(b))
	}
	b = b[lenBytes:]
	if n > len(b) {
		n = len(b)
	}
	out, err := bk.enc.NewDecoder().Bytes(b[:n])
	if err != nil {
		return string(b[:n])
	}
	return string(out)
}

// codePage maps a CODEPAGE record to a decoder for BIFF5 strings.
func codePage(cp uint16, cur encoding.Encoding) encoding.Encoding {
	switch cp {
	case 936:
		return simplifiedchinese.GB18030
	case 950:
		return traditionalchinese.Big5
	case 1252, 0x8001:
		return charmap.Windows1252
	case 1200: // UTF-16: BIFF8 strings carry their own width
		return cur
	}
	return cur
}
