package attach

import (
	"encoding/binary"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"
)

// docText reads the main text of a Word 97–2003 binary document
// (MS-DOC): the FIB points to the piece table (CLX) in the 0Table or
// 1Table stream, and each piece is a run of the WordDocument stream in
// UTF-16LE or, "compressed", in Windows-1252. Chinese text is always in
// UTF-16 pieces.
//
// No maintained Go reader of .doc exists; this reads only what the rules
// need: the characters of the main document, with table cells (ended by
// 0x07) joined with tabs, field codes dropped and field results kept.
func docText(word []byte, tables map[string][]byte) (*textBuilder, error) {
	if len(word) < 0x22 {
		return nil, unread(nil, "不是有效的doc文件")
	}
	ident := binary.LittleEndian.Uint16(word)
	nFib := binary.LittleEndian.Uint16(word[2:])
	flags := binary.LittleEndian.Uint16(word[0x0A:])
	if ident != 0xA5EC && ident != 0xA5DC {
		return nil, unread(nil, "不是有效的doc文件")
	}
	if flags&0x0100 != 0 { // fEncrypted
		return nil, unread(nil, "文件已加密（设置了打开密码）")
	}
	if nFib <= 105 || ident == 0xA5DC { // Word 6.0 is 101, Word 95 104/105; Word 97 193
		return nil, unread(nil, "Word 95及更早版本的doc文件暂不支持读取")
	}
	tableName := "0Table"
	if flags&0x0200 != 0 { // fWhichTblStm
		tableName = "1Table"
	}
	table := tables[tableName]
	if table == nil {
		return nil, unread(nil, "不是有效的doc文件（缺少%s流）", tableName)
	}
	// FibBase (32 bytes), then csw + FibRgW97, cslw + FibRgLw97,
	// cbRgFcLcb + FibRgFcLcb97.
	p := 32
	rd16 := func() (int, bool) {
		if p+2 > len(word) {
			return 0, false
		}
		v := int(binary.LittleEndian.Uint16(word[p:]))
		p += 2
		return v, true
	}
	csw, ok := rd16()
	if !ok {
		return nil, unread(nil, "不是有效的doc文件")
	}
	p += csw * 2
	cslw, ok := rd16()
	if !ok {
		return nil, unread(nil, "不是有效的doc文件")
	}
	lw := p
	p += cslw * 4
	if cslw < 4 || lw+16 > len(word) {
		return nil, unread(nil, "不是有效的doc文件")
	}
	ccpText := binary.LittleEndian.Uint32(word[lw+12:])
	cb, ok := rd16()
	if !ok || cb < 34 || p+34*8 > len(word) {
		return nil, unread(nil, "不是有效的doc文件")
	}
	fcClx := binary.LittleEndian.Uint32(word[p+33*8:])
	lcbClx := binary.LittleEndian.Uint32(word[p+33*8+4:])
	if uint64(fcClx)+uint64(lcbClx) > uint64(len(table)) || lcbClx == 0 {
		return nil, unread(nil, "不是有效的doc文件（文字索引已损坏）")
	}
	clx := table[fcClx : fcClx+lcbClx]
	// Skip Prc entries (0x01) to the Pcdt (0x02).
	for len(clx) > 0 && clx[0] == 0x01 {
		if len(clx) < 3 {
			return nil, unread(nil, "不是有效的doc文件（文字索引已损坏）")
		}
		n := int(int16(binary.LittleEndian.Uint16(clx[1:])))
		if n < 0 || 3+n > len(clx) {
			return nil, unread(nil, "不是有效的doc文件（文字索引已损坏）")
		}
		clx = clx[3+n:]
	}
	if len(clx) < 5 || clx[0] != 0x02 {
		return nil, unread(nil, "不是有效的doc文件（文字索引已损坏）")
	}
	lcb := binary.LittleEndian.Uint32(clx[1:])
	plc := clx[5:]
	if uint64(lcb) < uint64(len(plc)) {
		plc = plc[:lcb]
	}
	// PlcPcd: n+1 CPs (4 bytes) and n PCDs (8 bytes): 12n+4 bytes.
	n := (len(plc) - 4) / 12
	if n <= 0 {
		return nil, unread(nil, "不是有效的doc文件（文字索引已损坏）")
	}
	w := &docWriter{out: newText()}
	for i := 0; i < n && !w.out.full; i++ {
		cpStart := binary.LittleEndian.Uint32(plc[4*i:])
		cpEnd := binary.LittleEndian.Uint32(plc[4*(i+1):])
		if cpStart >= ccpText {
			break
		}
		cpEnd = min(cpEnd, ccpText)
		if cpEnd <= cpStart {
			continue
		}
		pcd := plc[4*(n+1)+8*i:]
		fc := binary.LittleEndian.Uint32(pcd[2:])
		count := int(cpEnd - cpStart)
		if fc&0x40000000 != 0 {
			off := int((fc &^ 0x40000000) / 2)
			if off < 0 || off >= len(word) {
				continue
			}
			end := min(off+count, len(word))
			for _, c := range word[off:end] {
				w.char(rune(charmap.Windows1252.DecodeByte(c)))
			}
		} else {
			off := int(fc)
			if off < 0 || off >= len(word) {
				continue
			}
			end := min(off+2*count, len(word)&^1)
			if end <= off {
				continue
			}
			u := make([]uint16, 0, (end-off)/2)
			for j := off; j+1 < end; j += 2 {
				u = append(u, binary.LittleEndian.Uint16(word[j:]))
			}
			for _, r := range utf16.Decode(u) {
				w.char(r)
			}
		}
	}
	return w.out, nil
}

// docWriter turns Word's special characters into text.
type docWriter struct {
	out    *textBuilder
	field  []bool // per open field: true while in its code (before 0x14)
	cellCR bool   // last char was a cell mark: a second one ends the row
	tab    bool   // a cell separator not yet written (dropped at row end)
}

func (w *docWriter) char(r rune) {
	switch r {
	case 0x13: // field begin: its code (HYPERLINK "…", PAGE) is not text
		if len(w.field) < 64 {
			w.field = append(w.field, true)
		}
		return
	case 0x14: // field separator: the result follows
		if n := len(w.field); n > 0 {
			w.field[n-1] = false
		}
		return
	case 0x15: // field end
		if n := len(w.field); n > 0 {
			w.field = w.field[:n-1]
		}
		return
	}
	for _, inCode := range w.field {
		if inCode {
			return
		}
	}
	if r == 0x07 {
		// A cell ends with 0x07 and the row with one more; without the
		// paragraph properties the two cannot be told apart exactly, so a
		// doubled mark is read as the end of the row.
		if w.cellCR {
			w.cellCR, w.tab = false, false
			w.out.WriteString("\n")
			return
		}
		w.cellCR, w.tab = true, true
		return
	}
	w.cellCR = false
	if w.tab {
		w.tab = false
		w.out.WriteString("\t")
	}
	switch r {
	case 0x0D, 0x0B, 0x0C, 0x0E: // paragraph, line break, page/section, column
		w.out.WriteString("\n")
	case 0x09:
		w.out.WriteString("\t")
	case 0x1E:
		w.out.WriteString("-")
	case 0xA0, 0x3000:
		w.out.WriteString(" ")
	case 0x01, 0x02, 0x03, 0x04, 0x05, 0x08, 0x1F, 0xFEFF:
		// pictures, footnote and annotation marks, drawn objects, soft hyphens
	default:
		if r < 0x20 {
			return
		}
		w.out.WriteString(string(r))
	}
}
