// Package attach turns a downloaded attachment (xlsx, xls, docx, doc, pdf,
// csv, txt) into plain text for the rules: personal data in 低保/救助/补贴
// name lists, 三公经费 tables in budget files.
//
// The text keeps the shape rules need: spreadsheet cells are joined with
// tabs and rows with newlines (one row per line, so a name and its ID number
// stay together), each sheet starts with a line "工作表：<name>"; document
// paragraphs end with a newline and table cells are joined with tabs. Line
// breaks and tabs inside one cell become spaces.
//
// When an attachment cannot be read (scanned PDF, WPS format, encryption,
// damaged file) Text returns an error that matches ErrUnreadable and whose
// message is a reason a disclosure officer understands; rules must then say
// the attachment could not be checked rather than guess.
package attach

import (
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"
)

// ErrUnreadable matches (errors.Is) every "cannot read this" error of Text.
// The error's own message (see Reason) says why in Chinese, e.g.
// "扫描件或无法提取文字（PDF中没有文字层）", "WPS格式（.wps）暂不支持读取", "文件已加密",
// "不是有效的xlsx文件".
var ErrUnreadable = errors.New("附件无法读取")

// ErrPartial is returned together with the text that could be read when
// only part of the attachment was read: more than MaxRunes of text, too
// many cells, or damaged PDF pages. The text is valid but incomplete, so a
// rule that finds nothing in it cannot call the attachment clean. The
// error's message (see Reason) says what was left out.
var ErrPartial = errors.New("只读取了附件的一部分内容")

// Limits. Callers cap the download; these bound what a small file can
// expand into.
const (
	// MaxRunes caps the returned text (8 M runes, about 24 MB of UTF-8 Chinese).
	MaxRunes = 8 << 20
	// maxPart caps the uncompressed bytes read from one zip part or OLE
	// stream (zip bombs, cyclic sector chains).
	maxPart = 64 << 20
	// maxTotal caps the uncompressed bytes of all parts of one zip file
	// that are read.
	maxTotal = 256 << 20
	// maxXLSX caps the uncompressed size of a whole xlsx: excelize keeps
	// every part in memory.
	maxXLSX = 128 << 20
	// maxCells caps the spreadsheet cells scanned (including empty ones
	// the reader pads rows with), so a sheet of a million sparse rows
	// cannot keep a worker busy for minutes.
	maxCells = 20_000_000
)

// unreadable is the concrete ErrUnreadable error: its message is only the
// reason, so the caller can store err.Error() in site.Attachment.Unreadable.
type unreadable struct {
	reason string
	cause  error // the parser's own error, for logs; may be nil
}

func (e *unreadable) Error() string { return e.reason }

// Is makes errors.Is(err, ErrUnreadable) true.
func (e *unreadable) Is(target error) bool { return target == ErrUnreadable }

// Unwrap exposes the parser's error for debugging.
func (e *unreadable) Unwrap() error { return e.cause }

// unread builds an ErrUnreadable error with a Chinese reason.
func unread(cause error, format string, args ...any) error {
	return &unreadable{reason: fmt.Sprintf(format, args...), cause: cause}
}

// partial is the concrete ErrPartial error; its message is the reason.
type partial struct{ reason string }

func (e *partial) Error() string { return e.reason }

// Is makes errors.Is(err, ErrPartial) true.
func (e *partial) Is(target error) bool { return target == ErrPartial }

// Reason returns the Chinese reason of an ErrUnreadable or ErrPartial
// error ("" for nil or other errors). It is what site.Attachment.Unreadable
// should hold.
func Reason(err error) string {
	var u *unreadable
	if errors.As(err, &u) {
		return u.reason
	}
	var p *partial
	if errors.As(err, &p) {
		return p.reason
	}
	switch {
	case errors.Is(err, ErrUnreadable):
		return ErrUnreadable.Error()
	case errors.Is(err, ErrPartial):
		return ErrPartial.Error()
	}
	return ""
}

// Text extracts the text of an attachment. name is the URL path or file
// name (its extension decides the format), contentType the HTTP
// Content-Type (used when the name has no known extension), data the whole
// file (capped by the caller; a file cut short by that cap is usually
// reported as damaged). The bytes decide in the end: an .xls that is really
// an HTML table or an xlsx is read as what it is.
//
// Errors: ErrUnreadable (with a reason) when no text can be read, and the
// text is then empty; ErrPartial (with a reason), together with the text,
// when only part could be read (text beyond MaxRunes, damaged PDF pages).
// For formats that are never readable (.wps, .et, .ofd …) data may be nil.
// Text never panics and leaves no temporary files.
//
// Each call is bounded by Deadline: a file whose parse takes longer is
// reported unreadable with the reason "解析超时", so one hostile file cannot
// stall a crawl. Memory is bounded by the limits above (maxPart, maxTotal,
// maxXLSX, MaxRunes, pdfMaxContent).
func Text(name, contentType string, data []byte) (string, error) {
	type result struct {
		text string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		text, err := parse(name, contentType, data)
		done <- result{text: text, err: err}
	}()
	timer := time.NewTimer(Deadline)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.text, r.err
	case <-timer.C:
		// The parse goroutine cannot be stopped from outside; it is
		// abandoned and ends when its parser does (loops found by
		// fuzzing are fixed at their source, so this is a last resort).
		return "", unread(nil, "解析超时")
	}
}

// Deadline bounds the time one Text call may take; tests lower it.
var Deadline = 60 * time.Second

// parse is Text without the deadline.
func parse(name, contentType string, data []byte) (text string, err error) {
	if h := parseHook; h != nil {
		h()
	}
	defer func() {
		if r := recover(); r != nil {
			if panicHook != nil {
				panicHook(r, debug.Stack())
			}
			text = ""
			err = unread(fmt.Errorf("panic: %v", r), "文件已损坏或格式异常，无法读取")
		}
	}()
	f := detect(name, contentType, data)
	var out *textBuilder
	switch f.kind {
	case kindNever:
		return "", unread(nil, "%s", f.reason)
	case kindEmpty:
		return "", unread(nil, "文件为空（0字节）")
	case kindUnknown:
		return "", unread(nil, "%s", f.reason)
	case kindXLSX:
		out, err = xlsxText(data, f)
	case kindDOCX:
		out, err = docxText(data, f)
	case kindPDF:
		out, err = pdfText(data)
	case kindOLE:
		out, err = oleText(data, f)
	case kindPlain:
		out, err = plainText(data, f)
	case kindHTML:
		out, err = htmlText(data)
	case kindRTF:
		out, err = rtfText(data)
	default:
		return "", unread(nil, "不支持的附件格式")
	}
	if err != nil {
		return "", err
	}
	text = out.String()
	if strings.TrimSpace(text) == "" {
		if f.kind == kindPDF {
			return "", unread(nil, "扫描件或无法提取文字（PDF中没有文字层）")
		}
		return "", unread(nil, "附件中没有文字内容")
	}
	switch {
	case out.note != "":
		return text, &partial{reason: out.note}
	case out.full:
		return text, &partial{reason: fmt.Sprintf("附件文字过长（超过%d万字），只读取了前一部分", MaxRunes/10000)}
	}
	return text, nil
}

// Supported reports whether an attachment with this name (URL path or file
// name) is worth downloading for text: its extension is one Text can read.
// Names without an extension (download.jsp?id=1) return false; the caller
// may still pass such a download to Text with its Content-Type.
func Supported(name string) bool {
	switch extOf(name) {
	case ".xlsx", ".xlsm", ".xls", ".docx", ".docm", ".doc", ".pdf", ".csv", ".txt":
		return true
	}
	return false
}

// textBuilder collects output text up to MaxRunes; once full, writes are
// dropped and full is set, so parsers can stop early.
type textBuilder struct {
	b     strings.Builder
	runes int
	full  bool
	limit int
	note  string // why only part was read, when it is not the size limit
}

func newText() *textBuilder { return &textBuilder{limit: runeLimit} }

// panicHook, when set (by the fuzz test), sees every recovered panic.
var panicHook func(r any, stack []byte)

// parseHook, when set (by tests), runs before each parse: a slow parser.
var parseHook func()

// runeLimit and partLimit are MaxRunes and maxPart; tests lower them.
var (
	runeLimit       = MaxRunes
	partLimit int64 = maxPart
)

// WriteString appends s, cutting at the rune limit.
func (t *textBuilder) WriteString(s string) {
	if t.full || s == "" {
		return
	}
	n := utf8.RuneCountInString(s)
	if t.runes+n <= t.limit {
		t.b.WriteString(s)
		t.runes += n
		return
	}
	room := t.limit - t.runes
	for i := range s {
		if room == 0 {
			t.b.WriteString(s[:i])
			break
		}
		room--
	}
	t.runes = t.limit
	t.full = true
}

// WriteByte appends one ASCII byte.
func (t *textBuilder) WriteByte(c byte) error {
	t.WriteString(string(rune(c)))
	return nil
}

// String returns the text; invalid UTF-8 from a parser is replaced so rules
// can rely on valid strings.
func (t *textBuilder) String() string {
	s := t.b.String()
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return s
}

// lastByte returns the last byte written, or 0.
func (t *textBuilder) lastByte() byte {
	s := t.b.String()
	if s == "" {
		return 0
	}
	return s[len(s)-1]
}

// cellText flattens a cell or field value to one line: tabs and line
// breaks inside it become spaces so the row stays on one line.
func cellText(s string) string {
	if !strings.ContainsAny(s, "\t\r\n\v\f\u2028\u2029") {
		return strings.TrimSpace(s)
	}
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\r', '\n', '\v', '\f', '\u2028', '\u2029':
			return ' '
		}
		return r
	}, s))
}

// writeRow writes cells joined by tabs, trailing empty cells dropped, and a
// newline; a row of only empty cells writes nothing.
func (t *textBuilder) writeRow(cells []string) {
	n := len(cells)
	for n > 0 && cells[n-1] == "" {
		n--
	}
	if n == 0 {
		return
	}
	for i, c := range cells[:n] {
		if i > 0 {
			t.WriteString("\t")
		}
		t.WriteString(c)
	}
	t.WriteString("\n")
}
