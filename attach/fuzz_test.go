package attach

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// fuzzNames are the file names FuzzText picks from, so the fuzzer spends
// its time on bytes, not on names.
var fuzzNames = []string{"a.xlsx", "a.docx", "a.pdf", "a.xls", "a.doc", "a.csv", "a.txt", "a.html", "download", "a.wps"}

// FuzzText checks Text's contract on any input: no panic escapes from this
// package's own code, ErrUnreadable comes with a reason and no text,
// ErrPartial with a reason, success with valid, non-empty UTF-8 text within
// MaxRunes. Panics inside the third-party parsers are recovered by Text
// and reported as unreadable, which is their intended handling.
func FuzzText(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s.kind, s.data)
	}
	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		// The parse runs on its own goroutine (see Deadline), where
		// t.Fatal must not be called: the panic is reported afterwards.
		var ownPanic string
		panicHook = func(r any, stack []byte) {
			if origin := panicOrigin(string(stack)); strings.HasPrefix(origin, "github.com/gongkai/gongkai/attach.") {
				ownPanic = fmt.Sprintf("panic in %s: %v\n%s", origin, r, stack)
			}
		}
		defer func() { panicHook = nil }()
		name := fuzzNames[int(kind)%len(fuzzNames)]
		// A hang is a bug too: crash the worker so the input is kept.
		watchdog := time.AfterFunc(10*time.Second, func() {
			panic(fmt.Sprintf("Text(%q, %d bytes) still running after 10s", name, len(data)))
		})
		defer watchdog.Stop()
		text, err := Text(name, "", data)
		if ownPanic != "" {
			t.Fatal(ownPanic)
		}
		switch {
		case Reason(err) == "解析超时":
			t.Fatal("parse deadline reached")
		case errors.Is(err, ErrUnreadable):
			if text != "" || Reason(err) == "" {
				t.Fatalf("unreadable with text %q or no reason %q", text, Reason(err))
			}
		case errors.Is(err, ErrPartial):
			if Reason(err) == "" {
				t.Fatal("partial without reason")
			}
		case err != nil:
			t.Fatalf("error outside the contract: %v", err)
		case strings.TrimSpace(text) == "":
			t.Fatal("success without text")
		}
		if !utf8.ValidString(text) {
			t.Fatal("invalid UTF-8")
		}
		if utf8.RuneCountInString(text) > MaxRunes {
			t.Fatal("text over MaxRunes")
		}
	})
}

// panicOrigin returns the function that panicked: the first frame after
// the runtime's panic frames in a debug.Stack trace.
func panicOrigin(stack string) string {
	lines := strings.Split(stack, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "panic(") {
			for _, f := range lines[i+1:] {
				if f != "" && !strings.HasPrefix(f, "\t") && !strings.HasPrefix(f, "runtime.") {
					return f
				}
			}
		}
	}
	return ""
}

type fuzzSeed struct {
	kind uint8
	data []byte
}

// fuzzSeeds are small valid files of every format.
func fuzzSeeds(t testing.TB) []fuzzSeed {
	helv := "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
	cid := fontPDF("<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /ToUnicode 7 0 R /DescendantFonts [6 0 R] >>",
		"BT /F1 10 Tf 72 700 Td <000100020003> Tj 100 0 Td [<0010> -300 <0011>] TJ ET",
		"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /DW 1000 /W [16 [500 500]] >>",
		pdfStream("", "1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfchar <0001> <"+utf16hex("张")+"> endbfchar 1 beginbfrange <0010> <0019> <0030> endbfrange"))
	sheet := append(biff(recBOF, le16(0x0600), le16(0x10), make([]byte, 12)),
		biff(recLabel, le16(0), le16(0), le16(0), le16(3), []byte{1}, wide("张三丰"))...)
	sheet = append(sheet, biff(recNumber, le16(0), le16(1), le16(0), le32(0), le32(0x40590000))...)
	sheet = append(sheet, biff(recEOF)...)
	book := append(append(biff(recBOF, le16(0x0600), le16(5), make([]byte, 12)), biff(recSST, le32(1), le32(1), []byte{2, 0, 0}, []byte("ab"))...), biff(recEOF)...)
	return []fuzzSeed{
		{0, sampleXLSX(t)},
		{1, sampleDOCX(t)},
		{2, fontPDF(helv, "BT /F1 10 Tf 72 700 Td (ID "+id18+") Tj 0 -12 Td (next) Tj ET")},
		{2, cid},
		{3, append(book, sheet...)},
		{3, buildOLE(map[string][]byte{"Workbook": append(book, sheet...)})},
		{5, gbk(t, "姓名,身份证号\r\n张三丰,"+id18+"\r\n")},
		{6, []byte("\xef\xbb\xbf公示" + id18)},
		{7, []byte(`<table><tr><td>张三丰</td><td>` + id18 + `</td></tr></table>`)},
		{4, []byte(`{\rtf1\ansi\ansicpg936 \'d5\'c5\u19977?\par}`)},
	}
}
