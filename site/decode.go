package site

import (
	"bytes"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// metaScanLimit is how far into the body Decode looks for a <meta> charset.
// The HTML spec's prescan stops at 1024 bytes, but saved and injected pages
// (and many CMS templates with long comments) declare it later.
const metaScanLimit = 16 << 10

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// Decode converts an HTML body to UTF-8 text and names the charset it was
// decoded from. Precedence: byte-order mark, the charset of the HTTP
// Content-Type, a <meta charset> or http-equiv declaration, else UTF-8 when
// the bytes are valid UTF-8 and GB18030 when they are not. GB2312 and GBK are
// decoded as GB18030, their superset, because servers label GBK pages
// "gb2312" and the extra characters then come out as garbage. Statistical
// guessing is never used: it reports GB2312 pages as EUC-KR.
func Decode(body []byte, contentType string) (text string, charsetName string) {
	if bytes.HasPrefix(body, utf8BOM) {
		return ValidUTF8(body[len(utf8BOM):]), "utf-8"
	}
	if len(body) >= 2 && (body[0] == 0xFE && body[1] == 0xFF || body[0] == 0xFF && body[1] == 0xFE) {
		// UTF-16 with BOM: the BOM-aware decoder picks the byte order.
		dec := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder()
		if out, err := dec.Bytes(body); err == nil {
			return ValidUTF8(out), "utf-16"
		}
	}
	name := ""
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		name = params["charset"]
	}
	enc, encName := lookupCharset(name)
	if enc == nil {
		enc, encName = lookupCharset(metaCharset(body))
		// A <meta> can't declare UTF-16: the bytes were readable as ASCII.
		if strings.HasPrefix(encName, "utf-16") {
			enc, encName = encoding.Nop, "utf-8"
		}
	}
	if enc == nil {
		if utf8.Valid(body) {
			return string(body), "utf-8"
		}
		enc, encName = simplifiedchinese.GB18030, "gb18030"
	}
	if encName == "utf-8" {
		// Chinese servers often label GBK pages UTF-8. Trust the label unless
		// most non-ASCII sequences are invalid UTF-8.
		if !utf8.Valid(body) && MostlyInvalidUTF8(body) {
			enc, encName = simplifiedchinese.GB18030, "gb18030"
		} else {
			return ValidUTF8(body), "utf-8"
		}
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		// Decoders replace bad input; an error means a broken transformer.
		// Fall back to the raw bytes rather than lose the page.
		return ValidUTF8(body), encName
	}
	return ValidUTF8(out), encName
}

// lookupCharset maps a charset label to an encoding, folding the GB family
// into GB18030. Unknown labels and the "replacement" encoding give nil.
func lookupCharset(label string) (encoding.Encoding, string) {
	label = strings.ToLower(strings.Trim(strings.TrimSpace(label), `"'`))
	if label == "" {
		return nil, ""
	}
	e, name := charset.Lookup(label)
	if e == nil || name == "replacement" {
		return nil, ""
	}
	switch name {
	case "gbk", "gb2312", "gb18030", "x-gbk", "euc-cn":
		return simplifiedchinese.GB18030, "gb18030"
	case "utf-8":
		return encoding.Nop, "utf-8"
	}
	return e, name
}

// metaCharset returns the charset declared by the first <meta charset> or
// <meta http-equiv="Content-Type" content="…charset=…"> before <body>.
func metaCharset(body []byte) string {
	if len(body) > metaScanLimit {
		body = body[:metaScanLimit]
	}
	if !bytes.Contains(bytes.ToLower(body), []byte("charset")) {
		return ""
	}
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tn, hasAttr := z.TagName()
			if string(tn) == "body" {
				return ""
			}
			if string(tn) != "meta" || !hasAttr {
				continue
			}
			var cs, httpEquiv, content string
			for {
				k, v, more := z.TagAttr()
				switch strings.ToLower(string(k)) {
				case "charset":
					cs = string(v)
				case "http-equiv":
					httpEquiv = strings.ToLower(string(v))
				case "content":
					content = string(v)
				}
				if !more {
					break
				}
			}
			if cs != "" {
				return cs
			}
			if httpEquiv == "content-type" {
				if _, params, err := mime.ParseMediaType(content); err == nil && params["charset"] != "" {
					return params["charset"]
				}
				if i := strings.Index(strings.ToLower(content), "charset="); i >= 0 {
					v := content[i+len("charset="):]
					if j := strings.IndexAny(v, "; "); j >= 0 {
						v = v[:j]
					}
					return v
				}
			}
		}
	}
}

// MostlyInvalidUTF8 reports whether more than half of the multi-byte
// sequences in b are invalid UTF-8, i.e. the page is in a legacy encoding
// despite its label. A few bad bytes in a UTF-8 page (truncated text) don't
// count.
func MostlyInvalidUTF8(b []byte) bool {
	good, bad := 0, 0
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			bad++
			i++
			continue
		}
		good++
		i += size
	}
	return bad > good
}

// ValidUTF8 converts bytes to a string with invalid sequences replaced, so
// later code can range over runes safely.
func ValidUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}
