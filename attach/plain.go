package attach

import (
	"bytes"
	"encoding/csv"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/gongkai/gongkai/site"
)

// decodeText turns a text file into UTF-8: a byte-order mark decides
// (UTF-8, UTF-16 as Excel's "Unicode text" export writes); else UTF-8 when
// the bytes mostly are (a file cut short may end mid-character); else
// GB18030, the superset of the GBK and GB2312 that most government CSVs
// use. A declared charset is not trusted: servers label GBK files UTF-8.
func decodeText(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return site.ValidUTF8(b[3:])
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		out, err := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder().Bytes(b)
		if err == nil {
			return site.ValidUTF8(out)
		}
	case looksUTF16LE(b):
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder().Bytes(b)
		if err == nil {
			return site.ValidUTF8(out)
		}
	}
	if utf8.Valid(b) || !site.MostlyInvalidUTF8(b) {
		return site.ValidUTF8(b)
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
	if err != nil {
		return site.ValidUTF8(b)
	}
	return site.ValidUTF8(out)
}

// looksUTF16LE spots UTF-16LE without a byte-order mark: ASCII then has a
// NUL in every odd byte.
func looksUTF16LE(b []byte) bool {
	n := min(len(b), 512) &^ 1
	if n < 8 {
		return false
	}
	zeros := 0
	for i := 1; i < n; i += 2 {
		if b[i] == 0 && b[i-1] != 0 {
			zeros++
		}
	}
	return zeros*4 > n // more than half of the pairs
}

// plainText reads .txt as it is and .csv as rows of tab-joined cells, so
// CSV and spreadsheets look alike to the rules.
func plainText(data []byte, f format) (*textBuilder, error) {
	s := decodeText(data)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	out := newText()
	if f.ext == ".csv" {
		if csvRows(s, out) {
			return out, nil
		}
		out = newText() // not parseable as CSV: keep the raw text
	}
	out.WriteString(s)
	return out, nil
}

// csvRows writes CSV records as tab-joined rows; false if the text is not
// CSV (then the caller keeps the raw text).
func csvRows(s string, out *textBuilder) bool {
	r := csv.NewReader(strings.NewReader(s))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = true
	if i := strings.IndexByte(s, '\n'); i > 0 {
		first := s[:i]
		// Some "CSV" files are tab- or semicolon-separated.
		if strings.Count(first, "\t") > strings.Count(first, ",") {
			r.Comma = '\t'
		} else if strings.Count(first, ";") > strings.Count(first, ",") {
			r.Comma = ';'
		}
	}
	for !out.full {
		rec, err := r.Read()
		if err == io.EOF {
			return true
		}
		if err != nil {
			return false
		}
		for i, c := range rec {
			rec[i] = cellText(unforce(c))
		}
		out.writeRow(rec)
	}
	return true
}

// unforce strips Excel's force-text wrapper ="…" that CSV exports put
// around ID numbers.
func unforce(c string) string {
	if len(c) >= 3 && strings.HasPrefix(c, `="`) && strings.HasSuffix(c, `"`) {
		return c[2 : len(c)-1]
	}
	return c
}

// htmlText reads an HTML file (often an "xls" or "doc" that a CMS exported
// as a web page) or an Excel 2003 XML spreadsheet: table cells joined with
// tabs, rows and blocks on their own lines, scripts and styles dropped.
func htmlText(data []byte) (*textBuilder, error) {
	// Valid UTF-8 with Chinese in it is UTF-8 whatever the <meta> says
	// (CMS templates keep a stale charset=gbk); otherwise the page's own
	// declaration decides, GB18030 when there is none.
	var s string
	if utf8.Valid(data) {
		s = string(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	} else {
		s, _ = site.Decode(data, "")
	}
	out := newText()
	z := html.NewTokenizer(strings.NewReader(s))
	var row []string
	var cell strings.Builder
	inCell, skip := 0, 0
	write := func(t string) {
		if inCell > 0 {
			cell.WriteString(t)
			return
		}
		out.WriteString(t)
	}
	newline := func() {
		if inCell > 0 {
			cell.WriteString(" ")
			return
		}
		if out.runes > 0 && out.lastByte() != '\n' {
			out.WriteString("\n")
		}
	}
	for !out.full {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		name, hasAttr := z.TagName()
		tag := string(name)
		// Excel's XML Spreadsheet 2003 (often served as .xls) has
		// <Worksheet ss:Name>, <Row> and <Cell> instead of tables.
		switch tag {
		case "row":
			tag = "tr"
		case "cell":
			tag = "td"
		case "worksheet":
			if tt == html.StartTagToken {
				sheet := ""
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					if string(k) == "ss:name" {
						sheet = string(v)
					}
				}
				newline()
				if out.runes > 0 {
					out.WriteString("\n")
				}
				out.WriteString("工作表：" + cellText(sheet) + "\n")
			}
			continue
		}
		switch tt {
		case html.TextToken:
			if skip == 0 {
				t := strings.Join(strings.Fields(string(z.Text())), " ")
				if t != "" {
					write(t)
				}
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			switch tag {
			case "script", "style", "noscript", "template":
				if tt == html.StartTagToken {
					skip++
				}
			case "tr":
				row = row[:0]
			case "td", "th":
				inCell++
				cell.Reset()
			case "br", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table":
				newline()
			}
		case html.EndTagToken:
			switch tag {
			case "script", "style", "noscript", "template":
				if skip > 0 {
					skip--
				}
			case "td", "th":
				if inCell > 0 {
					inCell--
					row = append(row, cellText(cell.String()))
					cell.Reset()
				}
			case "tr":
				newline()
				out.writeRow(row)
				row = row[:0]
			case "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table":
				newline()
			}
		}
	}
	if len(row) > 0 {
		out.writeRow(row)
	}
	return out, nil
}
