package attach

import (
	"bytes"
	"mime"
	"path"
	"strings"
)

// kind is the format Text will parse.
type kind int

const (
	kindUnknown kind = iota
	kindNever        // a format never read (.wps, .ofd …); reason says which
	kindEmpty
	kindXLSX
	kindDOCX
	kindPDF
	kindXLS
	kindDOC
	kindOLE // an OLE2 compound file whose content decides (xls, doc, encrypted OOXML)
	kindPlain
	kindHTML
	kindRTF
)

// format is the outcome of detect: what to parse, and what the name
// claimed (for messages such as "不是有效的xlsx文件").
type format struct {
	kind   kind
	ext    string // claimed extension with dot, lower case ("" if none)
	label  string // claimed format for messages: "xlsx", "PDF" …
	reason string // for kindNever / kindUnknown
}

// extOf returns the lower-case extension of a URL path or file name,
// ignoring a query string or fragment.
func extOf(name string) string {
	if i := strings.IndexAny(name, "?#;"); i >= 0 { // ;jsessionid=…
		name = name[:i]
	}
	return strings.ToLower(path.Ext(name))
}

// never lists formats Text does not read, with the reason shown to users.
var never = map[string]string{
	".wps":  "WPS文字格式（.wps）暂不支持读取",
	".wpt":  "WPS文字模板（.wpt）暂不支持读取",
	".et":   "WPS表格格式（.et）暂不支持读取",
	".ett":  "WPS表格模板（.ett）暂不支持读取",
	".dps":  "WPS演示格式（.dps）暂不支持读取",
	".ofd":  "OFD版式文件（.ofd）暂不支持读取",
	".ceb":  "CEB版式文件（.ceb）暂不支持读取",
	".caj":  "CAJ格式（.caj）暂不支持读取",
	".odt":  "OpenDocument文本（.odt）暂不支持读取",
	".ods":  "OpenDocument表格（.ods）暂不支持读取",
	".odp":  "OpenDocument演示文稿（.odp）暂不支持读取",
	".ppt":  "演示文稿（.ppt）暂不支持读取",
	".pptx": "演示文稿（.pptx）暂不支持读取",
	".zip":  "压缩包（.zip）暂不支持读取",
	".rar":  "压缩包（.rar）暂不支持读取",
	".7z":   "压缩包（.7z）暂不支持读取",
	".jpg":  "图片（.jpg）中的文字暂不支持识别",
	".jpeg": "图片（.jpeg）中的文字暂不支持识别",
	".png":  "图片（.png）中的文字暂不支持识别",
	".gif":  "图片（.gif）中的文字暂不支持识别",
	".bmp":  "图片（.bmp）中的文字暂不支持识别",
	".tif":  "图片（.tif）中的文字暂不支持识别",
	".tiff": "图片（.tiff）中的文字暂不支持识别",
}

// byExt maps readable extensions to their parser and label.
var byExt = map[string]format{
	".xlsx": {kind: kindXLSX, label: "xlsx"},
	".xlsm": {kind: kindXLSX, label: "xlsm"},
	".docx": {kind: kindDOCX, label: "docx"},
	".docm": {kind: kindDOCX, label: "docm"},
	".pdf":  {kind: kindPDF, label: "PDF"},
	".xls":  {kind: kindXLS, label: "xls"},
	".doc":  {kind: kindDOC, label: "doc"},
	".csv":  {kind: kindPlain, label: "CSV"},
	".txt":  {kind: kindPlain, label: "文本"},
	".htm":  {kind: kindHTML, label: "网页"},
	".html": {kind: kindHTML, label: "网页"},
	".rtf":  {kind: kindRTF, label: "RTF"},
}

// byType maps Content-Types to a claimed extension, for download URLs
// without one (download.jsp?id=…).
var byType = map[string]string{
	"application/pdf":          ".pdf",
	"application/vnd.ms-excel": ".xls",
	"application/msword":       ".doc",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":       ".xlsx",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
	"text/csv":                 ".csv",
	"text/plain":               ".txt",
	"text/html":                ".html",
	"application/rtf":          ".rtf",
	"text/rtf":                 ".rtf",
	"application/ofd":          ".ofd",
	"application/vnd.ms-works": ".wps",
	"application/kswps":        ".wps",
	"application/kset":         ".et",
	"application/zip":          ".zip",
}

// Magic numbers.
var (
	magicZip = []byte("PK\x03\x04")
	magicOLE = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	magicPDF = []byte("%PDF-")
	magicRTF = []byte(`{\rtf`)
)

// detect decides how to read data. The extension (or, without one, the
// Content-Type) says what the file claims to be; the leading bytes say
// what it is. A file is read as what it is whenever that is readable,
// because a renamed or mislabelled file (an .xls that is an HTML table, a
// .doc that is RTF) still holds the names and ID numbers rules look for.
func detect(name, contentType string, data []byte) format {
	ext := extOf(name)
	if _, ok := byExt[ext]; !ok {
		if _, ok := never[ext]; !ok {
			// Unknown or missing extension: trust the Content-Type.
			if mt, _, err := mime.ParseMediaType(contentType); err == nil {
				if e, ok := byType[strings.ToLower(mt)]; ok {
					ext = e
				}
			}
		}
	}
	f, known := byExt[ext]
	f.ext = ext
	if reason, ok := never[ext]; ok {
		// WPS and friends: never parsed, even if the bytes look like
		// something else, so the reason is stable.
		return format{kind: kindNever, ext: ext, reason: reason}
	}
	if len(data) == 0 {
		f.kind = kindEmpty
		return f
	}
	head := data
	if len(head) > 1024 {
		head = head[:1024]
	}
	switch {
	case bytes.HasPrefix(data, magicPDF) || f.kind == kindPDF && bytes.Contains(head, magicPDF):
		// Some producers put junk before %PDF; the PDF reader copes.
		f.kind = kindPDF
	case bytes.HasPrefix(data, magicZip):
		f.kind, f.reason = zipKind(data, f)
	case bytes.HasPrefix(data, magicOLE):
		f.kind = kindOLE
	case bytes.HasPrefix(data, magicRTF):
		f.kind = kindRTF
	case looksHTML(head):
		switch {
		case f.kind == kindPlain || f.kind == kindHTML:
			// A .txt/.csv claim wins over a stray "<html" in its text.
		case !known || (f.kind == kindXLS || f.kind == kindDOC) && officeHTML(data):
			// CMSs export tables as HTML named .xls or .doc, and Word
			// saves web pages; those hold the real content.
			f.kind = kindHTML
		default:
			// A web page where a PDF or xlsx was promised is the server's
			// error or login page: reading it would pass off the page as
			// the attachment.
			return format{kind: kindUnknown, ext: ext, label: f.label,
				reason: "不是有效的" + f.label + "文件（服务器返回的是网页，不是附件本身）"}
		}
	case known && (f.kind == kindPlain || f.kind == kindHTML):
		// keep
	case known:
		// A binary claim (.xlsx, .pdf, .doc …) with none of the expected
		// bytes: damaged, cut short, or something else entirely.
		if looksText(head) {
			return format{kind: kindUnknown, ext: ext, label: f.label,
				reason: "不是有效的" + f.label + "文件（内容是文本，可能是服务器返回的错误信息）"}
		}
		return format{kind: kindUnknown, ext: ext, label: f.label,
			reason: "不是有效的" + f.label + "文件"}
	default:
		if looksText(head) {
			f.kind = kindPlain
			f.label = "文本"
			return f
		}
		return format{kind: kindUnknown, ext: ext, reason: "无法识别的文件格式"}
	}
	return f
}

// zipKind tells xlsx from docx by the parts the archive lists, without
// decompressing anything.
func zipKind(data []byte, f format) (kind, string) {
	names := zipNames(data)
	switch {
	case names["xl/workbook.xml"] || hasPrefixKey(names, "xl/worksheets/"):
		return kindXLSX, ""
	case names["word/document.xml"] || hasPrefixKey(names, "word/"):
		return kindDOCX, ""
	case names["OFD.xml"] || names["ofd.xml"]:
		return kindNever, never[".ofd"]
	case names["mimetype"] && names["content.xml"]:
		return kindNever, "OpenDocument格式暂不支持读取"
	}
	if f.kind == kindXLSX || f.kind == kindDOCX {
		return f.kind, "" // let the parser say what is wrong
	}
	if names == nil && f.label != "" {
		return kindUnknown, "不是有效的" + f.label + "文件（文件已损坏或下载不完整）"
	}
	return kindUnknown, "压缩包或无法识别的文件格式，暂不支持读取"
}

func hasPrefixKey(m map[string]bool, prefix string) bool {
	for k := range m {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

// looksHTML reports whether the start of a file is an HTML (or MHT saved
// web page) document.
func looksHTML(head []byte) bool {
	h := bytes.TrimLeft(head, "\xef\xbb\xbf \t\r\n")
	if len(h) > 512 {
		h = h[:512]
	}
	l := bytes.ToLower(h)
	for _, p := range [][]byte{[]byte("<!doctype html"), []byte("<html"), []byte("<head"), []byte("<body"), []byte("<table"), []byte("<meta"), []byte("<?xml")} {
		if bytes.HasPrefix(l, p) {
			// <?xml could be anything; only Excel's "XML Spreadsheet 2003"
			// and XHTML are read as markup text.
			return !bytes.Equal(p, []byte("<?xml")) || bytes.Contains(l, []byte("<html")) || bytes.Contains(l, []byte("urn:schemas-microsoft-com:office:spreadsheet"))
		}
	}
	return false
}

// officeHTML reports whether an HTML file is a table or office document
// saved as a web page, rather than a site's error page.
func officeHTML(data []byte) bool {
	l := bytes.ToLower(data[:min(len(data), 1<<20)])
	return bytes.Contains(l, []byte("<table")) || bytes.Contains(l, []byte("schemas-microsoft-com:office"))
}

// looksText reports whether bytes look like text in some encoding: no NUL
// bytes and few control characters.
func looksText(head []byte) bool {
	if len(head) == 0 {
		return false
	}
	ctl := 0
	for _, c := range head {
		switch {
		case c == 0:
			return false
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f':
			ctl++
		}
	}
	return ctl*20 < len(head)
}
