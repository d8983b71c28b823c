package attach

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// gbk encodes s as GBK (GB18030), as government CSVs and old xls are.
func gbk(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("gbk %q: %v", s, err)
	}
	return b
}

// zipFiles builds a zip archive from name → content, in name order.
func zipFiles(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(files[n])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"`

// makeDOCX builds a minimal docx whose body is the given WordprocessingML.
func makeDOCX(t testing.TB, body string) []byte {
	t.Helper()
	return zipFiles(t, map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"_rels/.rels":         `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"word/document.xml":   `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ` + wNS + `><w:body>` + body + `</w:body></w:document>`,
	})
}

// para is a docx paragraph with one run of text.
func para(text string) string {
	return `<w:p><w:r><w:t xml:space="preserve">` + text + `</w:t></w:r></w:p>`
}

// row is a docx table row with one paragraph per cell.
func row(cells ...string) string {
	var b strings.Builder
	b.WriteString("<w:tr>")
	for _, c := range cells {
		b.WriteString("<w:tc><w:tcPr/>" + para(c) + "</w:tc>")
	}
	b.WriteString("</w:tr>")
	return b.String()
}

// xlsxBytes saves an excelize file to bytes.
func xlsxBytes(t testing.TB, f *excelize.File) []byte {
	t.Helper()
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// buildPDF writes a PDF from object bodies (object i+1 is objs[i]; object
// 1 must be the catalog) with a correct xref table.
func buildPDF(objs []string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// pdfStream is a stream object with an uncompressed body.
func pdfStream(dict, body string) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(body), body)
}

// onePagePDF is a one-page PDF with the given resources and content
// stream; objs become objects 5, 6, … (4 is the content stream).
func onePagePDF(resources, content string, objs ...string) []byte {
	return buildPDF(append([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << " + resources + " >> /Contents 4 0 R >>",
		pdfStream("", content),
	}, objs...))
}

// fontPDF is a one-page PDF whose font F1 is object 5.
func fontPDF(fontObj, content string, objs ...string) []byte {
	return onePagePDF("/Font << /F1 5 0 R >>", content, append([]string{fontObj}, objs...)...)
}

// utf16hex writes s as the hex of its UTF-16BE code units.
func utf16hex(s string) string {
	var b strings.Builder
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	return b.String()
}

// hexOf writes bytes as a PDF hex string body.
func hexOf(b []byte) string { return fmt.Sprintf("%X", b) }

// biff builds one BIFF record.
func biff(typ uint16, body ...[]byte) []byte {
	var data []byte
	for _, b := range body {
		data = append(data, b...)
	}
	out := make([]byte, 4, 4+len(data))
	binary.LittleEndian.PutUint16(out, typ)
	binary.LittleEndian.PutUint16(out[2:], uint16(len(data)))
	return append(out, data...)
}

func le16(v uint16) []byte { return binary.LittleEndian.AppendUint16(nil, v) }
func le32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }

// wide writes a BIFF8 string's characters as UTF-16LE.
func wide(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return b
}

// buildOLE writes a minimal compound file (v3, 512-byte sectors) holding
// the given root-level streams. Streams are padded to 4096 bytes so none
// lives in the mini stream.
func buildOLE(streams map[string][]byte) []byte {
	const (
		sect     = 512
		free     = 0xFFFFFFFF
		endChain = 0xFFFFFFFE
		fatSect  = 0xFFFFFFFD
		noStream = 0xFFFFFFFF
	)
	names := make([]string, 0, len(streams))
	for n := range streams {
		names = append(names, n)
	}
	sort.Strings(names)
	var data [][]byte // sector contents, in order
	var fat []uint32
	chain := func(b []byte) uint32 {
		start := uint32(len(data))
		n := (len(b) + sect - 1) / sect
		for i := 0; i < n; i++ {
			s := make([]byte, sect)
			copy(s, b[i*sect:])
			data = append(data, s)
			if i == n-1 {
				fat = append(fat, endChain)
			} else {
				fat = append(fat, uint32(len(data)))
			}
		}
		return start
	}
	type entry struct {
		name  string
		start uint32
		size  uint32
	}
	var entries []entry
	for _, n := range names {
		b := streams[n]
		if len(b) < 4096 {
			b = append(append([]byte{}, b...), make([]byte, 4096-len(b))...)
		}
		entries = append(entries, entry{name: n, start: chain(b), size: uint32(len(b))})
	}
	// Directory: root, then streams chained as right siblings.
	dir := make([]byte, 0, 128*(len(entries)+1))
	dirEntry := func(name string, typ byte, right, child, start, size uint32) {
		e := make([]byte, 128)
		u := utf16.Encode([]rune(name))
		for i, c := range u {
			binary.LittleEndian.PutUint16(e[2*i:], c)
		}
		binary.LittleEndian.PutUint16(e[64:], uint16(2*len(u)+2))
		e[66] = typ
		e[67] = 1 // black
		binary.LittleEndian.PutUint32(e[68:], noStream)
		binary.LittleEndian.PutUint32(e[72:], right)
		binary.LittleEndian.PutUint32(e[76:], child)
		binary.LittleEndian.PutUint32(e[116:], start)
		binary.LittleEndian.PutUint32(e[120:], size)
		dir = append(dir, e...)
	}
	child := uint32(noStream)
	if len(entries) > 0 {
		child = 1
	}
	dirEntry("Root Entry", 5, noStream, child, endChain, 0)
	for i, e := range entries {
		right := uint32(noStream)
		if i+1 < len(entries) {
			right = uint32(i + 2)
		}
		dirEntry(e.name, 2, right, noStream, e.start, e.size)
	}
	for len(dir)%sect != 0 {
		e := make([]byte, 128)
		binary.LittleEndian.PutUint32(e[68:], noStream)
		binary.LittleEndian.PutUint32(e[72:], noStream)
		binary.LittleEndian.PutUint32(e[76:], noStream)
		dir = append(dir, e...)
	}
	dirStart := chain(dir)
	// FAT sectors follow; each holds 128 entries, including its own.
	nFat := 1
	for (len(fat)+nFat+127)/128 > nFat {
		nFat++
	}
	fatStart := uint32(len(fat))
	for i := 0; i < nFat; i++ {
		fat = append(fat, fatSect)
	}
	for len(fat)%128 != 0 {
		fat = append(fat, free)
	}
	for i := 0; i < nFat; i++ {
		s := make([]byte, sect)
		for j := 0; j < 128; j++ {
			binary.LittleEndian.PutUint32(s[4*j:], fat[i*128+j])
		}
		data = append(data, s)
	}
	h := make([]byte, sect)
	copy(h, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	binary.LittleEndian.PutUint16(h[24:], 0x003E)
	binary.LittleEndian.PutUint16(h[26:], 3)
	binary.LittleEndian.PutUint16(h[28:], 0xFFFE)
	binary.LittleEndian.PutUint16(h[30:], 9)
	binary.LittleEndian.PutUint16(h[32:], 6)
	binary.LittleEndian.PutUint32(h[44:], uint32(nFat))
	binary.LittleEndian.PutUint32(h[48:], dirStart)
	binary.LittleEndian.PutUint32(h[56:], 4096)
	binary.LittleEndian.PutUint32(h[60:], endChain)
	binary.LittleEndian.PutUint32(h[68:], endChain)
	for i := 0; i < 109; i++ {
		v := uint32(free)
		if i < nFat {
			v = fatStart + uint32(i)
		}
		binary.LittleEndian.PutUint32(h[76+4*i:], v)
	}
	out := h
	for _, s := range data {
		out = append(out, s...)
	}
	return out
}
