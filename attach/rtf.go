package attach

import (
	"strconv"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// rtfSkip lists RTF destinations whose content is not document text.
var rtfSkip = map[string]bool{
	"fonttbl": true, "colortbl": true, "stylesheet": true, "info": true,
	"pict": true, "object": true, "header": true, "footer": true,
	"headerl": true, "headerr": true, "headerf": true, "footerl": true,
	"footerr": true, "footerf": true, "listtable": true, "listoverridetable": true,
	"themedata": true, "colorschememapping": true, "datastore": true,
	"latentstyles": true, "rsidtbl": true, "generator": true, "xmlnstbl": true,
	"fldinst": true, "filetbl": true, "revtbl": true, "pgdsctbl": true,
}

// rtfText reads an RTF file (Word and WPS save these as .doc too): text,
// with \'hh bytes decoded in the document's code page (\ansicpg936 is GBK)
// and \uN escapes, table cells joined with tabs.
func rtfText(data []byte) (*textBuilder, error) {
	out := newText()
	type group struct {
		skip bool
		uc   int // characters to skip after \uN
	}
	st := []group{{uc: 1}}
	var dec encoding.Encoding = charmap.Windows1252
	var pending []byte // \'hh bytes awaiting decoding as one run
	skipChars := 0     // fallback characters after \uN still to drop
	flush := func() {
		if len(pending) == 0 {
			return
		}
		if b, err := dec.NewDecoder().Bytes(pending); err == nil && !st[len(st)-1].skip {
			out.WriteString(string(b))
		}
		pending = pending[:0]
	}
	emit := func(s string) {
		flush()
		if !st[len(st)-1].skip {
			out.WriteString(s)
		}
	}
	destStart := false // just after "{": the next control word may name a destination
	for i := 0; i < len(data) && !out.full; {
		c := data[i]
		switch c {
		case '{':
			flush()
			top := st[len(st)-1]
			if len(st) < 256 {
				st = append(st, top)
			}
			destStart = true
			i++
			continue
		case '}':
			flush()
			if len(st) > 1 {
				st = st[:len(st)-1]
			}
			i++
			destStart = false
			continue
		case '\r', '\n':
			i++
			continue
		case '\\':
			i++
			if i >= len(data) {
				break
			}
			c = data[i]
			switch {
			case c == '\'' && i+2 < len(data):
				v, err := strconv.ParseUint(string(data[i+1:i+3]), 16, 8)
				i += 3
				if err != nil {
					continue
				}
				if skipChars > 0 {
					skipChars--
					continue
				}
				pending = append(pending, byte(v))
				continue
			case c == '*':
				// {\* …} an optional destination this reader does not know.
				st[len(st)-1].skip = true
				i++
				continue
			case c == '\\' || c == '{' || c == '}':
				emit(string(c))
				i++
				continue
			case c == '~':
				emit(" ")
				i++
				continue
			case c == '_':
				emit("-")
				i++
				continue
			case isLetter(c):
				j := i
				for j < len(data) && isLetter(data[j]) && j-i < 32 {
					j++
				}
				word := string(data[i:j])
				k := j
				if k < len(data) && data[k] == '-' {
					k++
				}
				for k < len(data) && data[k] >= '0' && data[k] <= '9' && k-j < 12 {
					k++
				}
				param, hasParam := 0, k > j
				if hasParam {
					param, _ = strconv.Atoi(string(data[j:k]))
				}
				if k < len(data) && data[k] == ' ' {
					k++ // the delimiting space belongs to the control word
				}
				i = k
				if destStart && rtfSkip[word] {
					st[len(st)-1].skip = true
				}
				destStart = false
				switch word {
				case "ansicpg":
					dec = rtfCodePage(param, dec)
				case "uc":
					st[len(st)-1].uc = max(0, min(param, 8))
				case "u":
					r := rune(int16(param))
					if r < 0 {
						r += 65536
					}
					emit(string(r))
					skipChars = st[len(st)-1].uc
				case "par", "line", "row", "sect", "page":
					emit("\n")
				case "tab", "cell":
					emit("\t")
				case "bin":
					flush()
					if param > 0 && param < len(data)-i {
						i += param
					}
				}
				continue
			default:
				i++ // \- and other control symbols
				continue
			}
		}
		if i >= len(data) {
			break
		}
		destStart = false
		if skipChars > 0 {
			skipChars--
			i++
			continue
		}
		if data[i] >= 0x80 {
			pending = append(pending, data[i])
		} else {
			flush()
			if !st[len(st)-1].skip {
				out.WriteString(string(rune(data[i])))
			}
		}
		i++
	}
	flush()
	return out, nil
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// rtfCodePage maps \ansicpgN to a decoder (936 GBK, 950 Big5, 1252 …).
func rtfCodePage(cp int, cur encoding.Encoding) encoding.Encoding {
	switch cp {
	case 936, 54936, 20936:
		return simplifiedchinese.GB18030
	case 950:
		return traditionalchinese.Big5
	case 1252:
		return charmap.Windows1252
	}
	return cur
}
