package attach

import (
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"

	"github.com/ledongthuc/pdf"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// pdfFont maps a font's character codes to text and glyph widths.
type pdfFont struct {
	cid     bool         // Type0 (composite) font: multi-byte codes
	space   [4][]codeRng // codespace ranges by code length (from the CMaps)
	toUni   map[uint64]string
	simple  *[256]string      // simple fonts: code → text from the encoding
	multi   encoding.Encoding // GBK/Big5-coded CMaps without ToUnicode
	ucs2    bool              // Uni*-UCS2/UTF16 CMaps without ToUnicode
	gbkLike bool              // 1-byte below 0x81, else 2 bytes
	first   int
	widths  []float64
	cidW    map[uint32]float64
	dw      float64 // default width (glyph space / 1000)
	approxW bool    // codes are not CIDs: guess half/full width
}

type codeRng struct{ lo, hi uint32 }

// nullFont decodes text drawn before any Tf as Latin-1.
var nullFont = &pdfFont{dw: 0.5, simple: latinTable(charmap.Windows1252)}

// maxCMapEntries bounds a ToUnicode map expanded from ranges.
const maxCMapEntries = 1 << 18

// loadFont reads what decoding needs from a font dictionary.
func loadFont(v pdf.Value) *pdfFont {
	f := &pdfFont{dw: 0.5}
	sub := v.Key("Subtype").Name()
	enc := v.Key("Encoding")
	if sub == "Type0" {
		f.cid = true
		f.dw = 1
		desc := v.Key("DescendantFonts").Index(0)
		if dw := desc.Key("DW"); dw.Kind() == pdf.Integer || dw.Kind() == pdf.Real {
			f.dw = dw.Float64() / 1000
		}
		name := enc.Name()
		switch {
		case name == "Identity-H" || name == "Identity-V" || enc.Kind() == pdf.Stream:
			f.cidW = cidWidths(desc.Key("W"))
			if enc.Kind() == pdf.Stream {
				f.parseCMap(enc, false) // codespace only
			}
		case strings.Contains(name, "UCS2") || strings.Contains(name, "UTF16"):
			f.ucs2, f.approxW = true, true
		case strings.HasPrefix(name, "GB"):
			f.multi, f.gbkLike, f.approxW = simplifiedchinese.GB18030, true, true
		case strings.HasPrefix(name, "ETen") || strings.HasPrefix(name, "B5") || strings.HasPrefix(name, "HKscs"):
			f.multi, f.gbkLike, f.approxW = traditionalchinese.Big5, true, true
		default:
			f.cidW = cidWidths(desc.Key("W"))
		}
	} else {
		f.first = int(v.Key("FirstChar").Int64())
		ws := v.Key("Widths")
		for i := 0; i < ws.Len() && i < 256; i++ {
			f.widths = append(f.widths, ws.Index(i).Float64()/1000)
		}
		if mw := v.Key("FontDescriptor").Key("MissingWidth"); mw.Kind() == pdf.Integer || mw.Kind() == pdf.Real {
			f.dw = mw.Float64() / 1000
		}
		f.simple = simpleTable(v, enc)
	}
	if tu := v.Key("ToUnicode"); tu.Kind() == pdf.Stream {
		f.parseCMap(tu, true)
	}
	return f
}

// simpleTable builds the code → text table of a simple font from its
// /Encoding (base encoding plus /Differences). A symbolic font without an
// encoding has codes that only its own glyphs explain: nil.
func simpleTable(v, enc pdf.Value) *[256]string {
	base := enc.Name()
	if enc.Kind() == pdf.Dict {
		base = enc.Key("BaseEncoding").Name()
	}
	symbolic := v.Key("FontDescriptor").Key("Flags").Int64()&4 != 0
	var t *[256]string
	switch base {
	case "MacRomanEncoding":
		t = latinTable(charmap.Macintosh)
	case "WinAnsiEncoding", "StandardEncoding", "PDFDocEncoding":
		t = latinTable(charmap.Windows1252)
	default:
		if symbolic && enc.Kind() != pdf.Dict {
			return nil
		}
		t = latinTable(charmap.Windows1252)
	}
	if enc.Kind() == pdf.Dict {
		d := enc.Key("Differences")
		code := -1
		for i := 0; i < d.Len() && i < 4096; i++ {
			x := d.Index(i)
			switch x.Kind() {
			case pdf.Integer:
				code = int(x.Int64())
			case pdf.Name:
				if code >= 0 && code < 256 {
					t[code] = glyphText(x.Name())
				}
				code++
			}
		}
	}
	return t
}

// latinTable returns a code → text table for a single-byte encoding.
func latinTable(cm *charmap.Charmap) *[256]string {
	var t [256]string
	for i := 0x20; i < 256; i++ {
		r := cm.DecodeByte(byte(i))
		if r != unicode.ReplacementChar && unicode.IsPrint(r) {
			t[i] = string(r)
		}
	}
	t[0xA0] = " "
	return &t
}

// glyphNames covers glyph names common in Chinese government PDFs; others
// follow the uniXXXX / uXXXX conventions or are single letters.
var glyphNames = map[string]string{
	"space": " ", "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4",
	"five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
	"period": ".", "comma": ",", "hyphen": "-", "minus": "-", "colon": ":",
	"semicolon": ";", "parenleft": "(", "parenright": ")", "percent": "%",
	"slash": "/", "underscore": "_", "plus": "+", "equal": "=", "at": "@",
	"numbersign": "#", "ampersand": "&", "asterisk": "*", "bracketleft": "[",
	"bracketright": "]", "quotedbl": "\"", "quotesingle": "'", "quoteright": "'",
	"quoteleft": "'", "endash": "-", "emdash": "—", "bullet": "•", "nbspace": " ",
}

// glyphText maps a glyph name to text ("" if unknown).
func glyphText(name string) string {
	if s, ok := glyphNames[name]; ok {
		return s
	}
	if len(name) == 1 {
		return name
	}
	for _, p := range []string{"uni", "u"} {
		if h, ok := strings.CutPrefix(name, p); ok && len(h) >= 4 && len(h) <= 6 {
			if n, err := strconv.ParseUint(h[:4*(len(h)/4)], 16, 32); err == nil && p == "uni" {
				return string(rune(n))
			}
			if n, err := strconv.ParseUint(h, 16, 32); err == nil {
				return string(rune(n))
			}
		}
	}
	return ""
}

// cidWidths reads a CIDFont /W array: c [w1 w2 …] or cfirst clast w.
func cidWidths(w pdf.Value) map[uint32]float64 {
	m := map[uint32]float64{}
	for i := 0; i < w.Len() && len(m) < 1<<16; {
		c := w.Index(i)
		if c.Kind() != pdf.Integer {
			break
		}
		next := w.Index(i + 1)
		if next.Kind() == pdf.Array {
			for j := 0; j < next.Len() && len(m) < 1<<16; j++ {
				m[uint32(c.Int64())+uint32(j)] = next.Index(j).Float64() / 1000
			}
			i += 2
			continue
		}
		last := next.Int64()
		width := w.Index(i+2).Float64() / 1000
		for k := c.Int64(); k <= last && k-c.Int64() < 1<<16 && len(m) < 1<<16; k++ {
			m[uint32(k)] = width
		}
		i += 3
	}
	return m
}

// next splits the next character code off s: its value and byte length.
func (f *pdfFont) next(s string) (uint32, int) {
	for n := 1; n <= 4 && n <= len(s); n++ {
		if len(f.space[n-1]) == 0 {
			continue
		}
		c := codeOf(s[:n])
		for _, r := range f.space[n-1] {
			if c >= r.lo && c <= r.hi {
				return c, n
			}
		}
	}
	n := 1
	switch {
	case f.gbkLike:
		if s[0] >= 0x81 && len(s) >= 2 {
			n = 2
		}
	case f.cid:
		n = min(2, len(s))
	case len(f.space[1]) > 0 && len(f.space[0]) == 0:
		n = min(2, len(s))
	}
	return codeOf(s[:n]), n
}

func codeOf(s string) uint32 {
	var c uint32
	for i := 0; i < len(s); i++ {
		c = c<<8 | uint32(s[i])
	}
	return c
}

// decode returns the text of one code; ok is false when the font gives no
// way back to characters.
func (f *pdfFont) decode(code uint32) (string, bool) {
	if f.toUni != nil {
		if s, ok := f.toUni[uint64(code)]; ok {
			return s, s != ""
		}
	}
	switch {
	case f.ucs2:
		r := rune(code)
		if r >= 0xD800 && r < 0xE000 || r < 0x20 {
			return "", false
		}
		return string(r), true
	case f.multi != nil:
		var b []byte
		if code > 0xFF {
			b = []byte{byte(code >> 8), byte(code)}
		} else {
			b = []byte{byte(code)}
		}
		out, err := f.multi.NewDecoder().Bytes(b)
		if err != nil || len(out) == 0 || strings.ContainsRune(string(out), unicode.ReplacementChar) {
			return "", false
		}
		return string(out), true
	case f.simple != nil && code < 256:
		s := f.simple[code]
		return s, s != ""
	}
	return "", false
}

// width returns the advance of a code in text space units (1 = font size).
func (f *pdfFont) width(code uint32) float64 {
	switch {
	case f.approxW:
		if code < 0x80 {
			return 0.5
		}
		return 1
	case f.cid:
		if w, ok := f.cidW[code]; ok {
			return w
		}
		return f.dw
	}
	i := int(code) - f.first
	if i >= 0 && i < len(f.widths) && f.widths[i] > 0 {
		return f.widths[i]
	}
	return f.dw
}

// parseCMap reads a CMap stream: codespace ranges always, and with
// mapping the bfchar/bfrange entries of a ToUnicode map.
func (f *pdfFont) parseCMap(v pdf.Value, mapping bool) {
	rc := v.Reader()
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, 4<<20))
	if err != nil && len(data) == 0 {
		return
	}
	var space [4][]codeRng
	m := map[uint64]string{}
	var ops []cmapTok
	toks := cmapTokens(data)
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind != tokWord {
			ops = append(ops, t)
			if len(ops) > 1<<16 {
				ops = ops[:0]
			}
			continue
		}
		switch t.text {
		case "endcodespacerange":
			for j := 0; j+1 < len(ops); j += 2 {
				lo, hi := ops[j], ops[j+1]
				if lo.kind == tokHex && hi.kind == tokHex && len(lo.text) == len(hi.text) && len(lo.text) >= 1 && len(lo.text) <= 4 {
					n := len(lo.text)
					space[n-1] = append(space[n-1], codeRng{codeOf(lo.text), codeOf(hi.text)})
				}
			}
		case "endbfchar":
			if !mapping {
				break
			}
			for j := 0; j+1 < len(ops); j += 2 {
				src, dst := ops[j], ops[j+1]
				if src.kind == tokHex && len(src.text) <= 4 && len(m) < maxCMapEntries {
					m[uint64(codeOf(src.text))] = utf16Text(dst)
				}
			}
		case "endbfrange":
			if !mapping {
				break
			}
			for j := 0; j+2 < len(ops); j += 3 {
				lo, hi, dst := ops[j], ops[j+1], ops[j+2]
				if lo.kind != tokHex || hi.kind != tokHex || len(lo.text) > 4 || len(lo.text) != len(hi.text) {
					continue
				}
				a, b := codeOf(lo.text), codeOf(hi.text)
				for c := a; c <= b && c-a < 1<<16 && len(m) < maxCMapEntries; c++ {
					k := int(c - a)
					switch dst.kind {
					case tokHex:
						m[uint64(c)] = utf16Inc(dst.text, k)
					case tokArray:
						if k < len(dst.arr) {
							m[uint64(c)] = utf16Text(dst.arr[k])
						}
					}
					if c == 0xFFFFFFFF {
						break
					}
				}
			}
		}
		ops = ops[:0]
	}
	for n := range space {
		if len(space[n]) > 0 {
			f.space = space
			break
		}
	}
	if mapping && len(m) > 0 {
		f.toUni = m
	}
}

// utf16Text decodes a ToUnicode destination (UTF-16BE bytes); controls
// and replacement characters count as no text.
func utf16Text(t cmapTok) string {
	if t.kind != tokHex && t.kind != tokString {
		return ""
	}
	b := t.text
	var s string
	if len(b)%2 == 1 {
		s = string([]rune{rune(b[0])}) // odd length: a one-byte value
	} else {
		u := make([]uint16, len(b)/2)
		for i := range u {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		}
		s = string(utf16.Decode(u))
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' || r == unicode.ReplacementChar || r == 0xFEFF {
			return -1
		}
		return r
	}, s)
}

// utf16Inc returns the destination of the k-th code of a bfrange: the
// start value with its last code unit increased by k.
func utf16Inc(b string, k int) string {
	if len(b) < 2 || len(b)%2 == 1 {
		return utf16Text(cmapTok{kind: tokHex, text: b})
	}
	buf := []byte(b)
	last := int(buf[len(buf)-2])<<8 | int(buf[len(buf)-1])
	last += k
	buf[len(buf)-2], buf[len(buf)-1] = byte(last>>8), byte(last)
	return utf16Text(cmapTok{kind: tokHex, text: string(buf)})
}

type tokKind int

const (
	tokWord tokKind = iota
	tokHex
	tokString
	tokName
	tokNumber
	tokArray
	tokDict
)

type cmapTok struct {
	kind tokKind
	text string // decoded bytes for hex/string tokens
	arr  []cmapTok
}

// cmapTokens splits a CMap program into tokens; arrays are nested tokens.
func cmapTokens(b []byte) []cmapTok {
	var stack [][]cmapTok
	var cur []cmapTok
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == '%':
			for i < len(b) && b[i] != '\n' && b[i] != '\r' {
				i++
			}
		case c <= ' ':
			i++
		case c == '<' && i+1 < len(b) && b[i+1] == '<', c == '>' && i+1 < len(b) && b[i+1] == '>':
			cur = append(cur, cmapTok{kind: tokDict})
			i += 2
		case c == '<':
			j := i + 1
			var hex []byte
			for j < len(b) && b[j] != '>' {
				if isHex(b[j]) {
					hex = append(hex, b[j])
				}
				j++
			}
			if len(hex)%2 == 1 {
				hex = append(hex, '0')
			}
			out := make([]byte, len(hex)/2)
			for k := range out {
				out[k] = unhex(hex[2*k])<<4 | unhex(hex[2*k+1])
			}
			cur = append(cur, cmapTok{kind: tokHex, text: string(out)})
			i = j + 1
		case c == '(':
			j, depth := i+1, 1
			var s []byte
			for j < len(b) && depth > 0 {
				switch b[j] {
				case '\\':
					j++
					if j < len(b) {
						s = append(s, b[j])
					}
				case '(':
					depth++
					s = append(s, b[j])
				case ')':
					depth--
					if depth > 0 {
						s = append(s, b[j])
					}
				default:
					s = append(s, b[j])
				}
				j++
			}
			cur = append(cur, cmapTok{kind: tokString, text: string(s)})
			i = j
		case c == '[':
			if len(stack) < 16 {
				stack = append(stack, cur)
				cur = nil
			}
			i++
		case c == ']':
			if n := len(stack); n > 0 {
				arr := cur
				cur = append(stack[n-1], cmapTok{kind: tokArray, arr: arr})
				stack = stack[:n-1]
			}
			i++
		default:
			j := i
			for j < len(b) && b[j] > ' ' && !strings.ContainsRune("<>[]()/%{}", rune(b[j])) || j == i && b[j] == '/' {
				j++
			}
			if j == i {
				j++ // a lone delimiter ({, }, >): skip it
				i = j
				continue
			}
			w := string(b[i:j])
			kind := tokWord
			switch {
			case w[0] == '/':
				kind = tokName
			case w[0] >= '0' && w[0] <= '9' || w[0] == '-' || w[0] == '.':
				kind = tokNumber
			}
			cur = append(cur, cmapTok{kind: kind, text: w})
			i = j
		}
	}
	for len(stack) > 0 { // unclosed arrays
		n := len(stack)
		cur = append(stack[n-1], cur...)
		stack = stack[:n-1]
	}
	return cur
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}
