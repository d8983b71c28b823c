package attach

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

const (
	id18  = "110101199003071234"
	id18X = "44030119851231002X"
)

// hasLineWith reports whether one line of text contains all parts, in order.
func hasLineWith(text string, parts ...string) bool {
	for _, line := range strings.Split(text, "\n") {
		rest, ok := line, true
		for _, p := range parts {
			i := strings.Index(rest, p)
			if i < 0 {
				ok = false
				break
			}
			rest = rest[i+len(p):]
		}
		if ok {
			return true
		}
	}
	return false
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sampleXLSX is a two-sheet workbook like a 低保 list: ID numbers as text
// and as a number, a date, a hidden sheet.
func sampleXLSX(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "低保名单"))
	s := "低保名单"
	must(f.SetSheetRow(s, "A1", &[]any{"序号", "姓名", "身份证号码", "金额（元）", "审批日期"}))
	must(f.SetSheetRow(s, "A2", &[]any{1, "张三丰", id18, 500}))
	must(f.SetSheetRow(s, "A3", &[]any{2, "李四光", id18X, 612.5}))
	must(f.SetSheetRow(s, "A4", &[]any{3, "王五", 320102198001011234}))
	// Stored the way Excel writes a number it shows as 3.20102E+17.
	must(f.SetCellDefault(s, "C5", "3.20102198001011E+17"))
	must(f.SetCellValue(s, "B5", "赵六"))
	must(f.SetCellValue(s, "B6", "地址\n换行\t制表"))
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	must(err)
	must(f.SetCellFloat(s, "E2", 45366, -1, 64))
	must(f.SetCellStyle(s, "E2", "E2", date))
	_, err = f.NewSheet("隐藏表")
	must(err)
	must(f.SetCellValue("隐藏表", "A1", "隐藏的"+id18X))
	must(f.SetSheetVisible("隐藏表", false))
	_, err = f.NewSheet("空表")
	must(err)
	return xlsxBytes(t, f)
}

func sampleDOCX(t testing.TB) []byte {
	t.Helper()
	return makeDOCX(t,
		para("2025年度最低生活保障对象名单公示")+
			// A tab stop in the paragraph properties is not a tab.
			`<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>公示期</w:t></w:r><w:r><w:tab/><w:t>七天</w:t></w:r></w:p>`+
			`<w:tbl><w:tblPr/>`+row("姓名", "身份证号码", "金额")+row("张三丰", id18, "500")+
			`<w:tr><w:tc>`+para("李四光")+`</w:tc><w:tc>`+para("4403011985")+para("1231002X")+`</w:tc><w:tc/></w:tr></w:tbl>`+
			// Deleted revisions and field codes are not text; a text box
			// appears once although its fallback repeats it.
			`<w:p><w:del><w:r><w:delText>已删除的内容</w:delText></w:r></w:del><w:r><w:instrText>HYPERLINK "http://x"</w:instrText></w:r><w:r><w:t>三公经费</w:t></w:r></w:p>`+
			`<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>`+para("文本框内容")+`</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict>`+para("文本框内容")+`</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>`+
			para("联系人：王老师"))
}

func TestTextFormats(t *testing.T) {
	csvText := "序号,姓名,身份证号码,金额\r\n1,张三丰," + id18 + ",500\r\n2,\"李四光\",=\"" + id18X + "\",600\r\n"
	utf16le := []byte{0xFF, 0xFE}
	for _, u := range wide("姓名\t身份证号码\r\n张三丰\t" + id18 + "\r\n") {
		utf16le = append(utf16le, u)
	}
	tests := []struct {
		name, file, ctype string
		data              []byte
		lines             [][]string // each: parts that must share a line
		absent            []string
	}{
		{
			name: "xlsx", file: "/upload/2025/低保名单.xlsx", data: sampleXLSX(t),
			lines: [][]string{
				{"工作表：低保名单"},
				{"序号\t姓名\t身份证号码\t金额（元）\t审批日期"},
				{"1\t张三丰\t" + id18 + "\t500\t2024/3/15"},
				{"2\t李四光\t" + id18X + "\t612.5"},
				{"3\t王五\t320102198001011234"}, // a number, written in full
				{"\t赵六\t320102198001011000"},  // E+ notation expanded
				{"\t地址 换行 制表"},
				{"工作表：隐藏表"}, {"隐藏的" + id18X},
			},
			absent: []string{"E+17", "工作表：空表"},
		},
		{
			name: "docx", file: "通知.docx", data: sampleDOCX(t),
			lines: [][]string{
				{"2025年度最低生活保障对象名单公示"},
				{"公示期\t七天"},
				{"姓名\t身份证号码\t金额"},
				{"张三丰\t" + id18 + "\t500"},
				{"李四光\t4403011985 1231002X"},
				{"三公经费"}, {"联系人：王老师"},
			},
			absent: []string{"已删除", "HYPERLINK", "文本框内容 文本框内容", "文本框内容\n文本框内容"},
		},
		{
			name: "csv GBK", file: "mingdan.csv", data: gbkBytes(t, csvText),
			lines: [][]string{{"1\t张三丰\t" + id18 + "\t500"}, {"2\t李四光\t" + id18X + "\t600"}},
		},
		{
			name: "csv UTF-8 BOM", file: "mingdan.csv", data: append([]byte("\xef\xbb\xbf"), csvText...),
			lines: [][]string{{"序号\t姓名"}, {"1\t张三丰\t" + id18 + "\t500"}},
		},
		{
			name: "csv UTF-8", file: "mingdan.csv", data: []byte(csvText),
			lines: [][]string{{"1\t张三丰\t" + id18 + "\t500"}},
		},
		{
			name: "txt UTF-16 (Excel unicode text)", file: "list.txt", data: utf16le,
			lines: [][]string{{"张三丰\t" + id18}},
		},
		{
			name: "txt GBK", file: "说明.txt", data: gbkBytes(t, "公示名单：张三丰，身份证号"+id18+"。\n"),
			lines: [][]string{{"公示名单：张三丰，身份证号" + id18 + "。"}},
		},
		{
			name: "xls (LibreOffice BIFF8, shared strings across CONTINUE)", file: "list.xls", data: readFixture(t, "list.xls"),
			lines: [][]string{
				{"工作表：低保名单"},
				{"1\t张三丰\t" + id18 + "\t500\t北京市东城区和平里街道1号\t2024/3/15"},
				{"2\t李四光\t" + id18X + "\t612.5"},
				{"3\t王五\t320102198001011260"}, // a double keeps 17 digits
				{"153\t居民149号\t320102198006100149\t549\t南京市玄武区第149街道幸福小区1043栋"},
				{"末行赵六"},
				{"工作表：三公经费"},
				{"合计\t12.5\t超过十万元"}, // formula results, numeric and string
			},
		},
		{
			name: "doc (Word 97)", file: "notice.doc", data: readFixture(t, "notice.doc"),
			lines: [][]string{
				{"2025年度最低生活保障对象名单公示"},
				{"姓名\t身份证号码\t金额"},
				{"张三丰\t" + id18 + "\t500"},
				{"李四光\t" + id18X + "\t600"},
				{"三公经费支出合计12.5万元。"},
			},
		},
		{
			name: "pdf from Writer (TrueType subsets, ToUnicode)", file: "notice.pdf", data: readFixture(t, "writer.pdf"),
			lines: [][]string{
				{"根据《社会救助暂行办法》，现将低保对象名单公示如下："},
				{"姓名\t身份证号码\t金额"},
				{"张三丰\t" + id18 + "\t500"}, {"李四光\t" + id18X + "\t600"},
				{"三公经费支出合计", "12.5", "万元。"},
			},
			absent: []string{id18 + "500"},
		},
		{
			name: "pdf through cairo (CID Identity-H)", file: "notice2.pdf", data: readFixture(t, "cairo.pdf"),
			lines:  [][]string{{"张三丰\t" + id18 + "\t500"}, {"李四光\t" + id18X + "\t600"}},
			absent: []string{id18 + "500"},
		},
		{
			name: "pdf copy-protected (AES-128, empty user password)", file: "protected.pdf", data: readFixture(t, "protected.pdf"),
			lines: [][]string{{"张三丰", id18, "500"}, {"三公经费支出合计", "12.5"}},
		},
		{
			name: "pdf from Calc (table, text drawn font by font)", file: "list.pdf", data: readFixture(t, "calc.pdf"),
			lines: [][]string{
				{"序号\t姓名\t身份证号码\t保障金额（元）"},
				{"1\t张三丰\t" + id18 + "\t500"},
				{"6\t居民002号\t320102198003030002\t402"},
				{"末行赵六"},
				{"公务接待费\t3.2"},
			},
		},
		{
			name: "html saved as xls", file: "export.xls", data: []byte(`<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="gbk"><style>td{mso-number-format:"\@"}</style></head><body><table><tr><td>姓名</td><td>身份证号</td></tr><tr><td>张三丰</td><td>` + id18 + `</td></tr></table><script>var x="不要";</script></body></html>`),
			lines:  [][]string{{"姓名\t身份证号"}, {"张三丰\t" + id18}},
			absent: []string{"不要", "mso-number"},
		},
		{
			name: "Excel 2003 XML spreadsheet saved as xls", file: "list.xls",
			data:  []byte(`<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="名单"><Table><Row><Cell><Data ss:Type="String">张三丰</Data></Cell><Cell><Data ss:Type="String">` + id18 + `</Data></Cell></Row></Table></Worksheet></Workbook>`),
			lines: [][]string{{"工作表：名单"}, {"张三丰\t" + id18}},
		},
		{
			name: "rtf saved as doc", file: "tongzhi.doc",
			data:   []byte(`{\rtf1\ansi\ansicpg936{\fonttbl{\f0\fnil \'cb\'ce\'cc\'e5;}}{\*\generator WPS;}\f0 ` + `\'d5\'c5\'c8\'fd\'b7\'e1\tab ` + id18 + `\par \u26446?\u22235?\u20809?\cell 600\row}`),
			lines:  [][]string{{"张三丰\t" + id18}, {"李四光\t600"}},
			absent: []string{"宋体", "WPS"},
		},
		{
			name: "xlsx named .xls", file: "misnamed.xls", data: sampleXLSX(t),
			lines: [][]string{{"1\t张三丰\t" + id18}},
		},
		{
			name: "no extension, Content-Type decides", file: "/download.jsp", ctype: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", data: sampleDOCX(t),
			lines: [][]string{{"张三丰\t" + id18}},
		},
		{
			name: "no extension, bytes decide", file: "/down?id=7", data: readFixture(t, "writer.pdf"),
			lines: [][]string{{"张三丰", id18}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			text, err := Text(tc.file, tc.ctype, tc.data)
			if err != nil {
				t.Fatalf("Text: %v", err)
			}
			for _, parts := range tc.lines {
				if !hasLineWith(text, parts...) {
					t.Errorf("no line with %q in:\n%s", parts, short(text))
				}
			}
			for _, a := range tc.absent {
				if strings.Contains(text, a) {
					t.Errorf("text contains %q:\n%s", a, short(text))
				}
			}
		})
	}
}

// short cuts long text for failure messages.
func short(s string) string {
	if len(s) > 3000 {
		return s[:3000] + "…"
	}
	return s
}

func gbkBytes(t testing.TB, s string) []byte { return gbk(t, s) }

// TestUnreadable: every case says why, in words a disclosure officer reads.
func TestUnreadable(t *testing.T) {
	xlsx := sampleXLSX(t)
	image := onePagePDF("/XObject << /Im1 5 0 R >>", "q 500 0 0 700 40 60 cm /Im1 Do Q",
		pdfStream("/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8", "\xff"))
	noMap := fontPDF("<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
		"BT /F1 12 Tf 72 700 Td <0F2A0B1C3D4E5F60> Tj ET",
		"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>")
	oldLimit := partLimit
	partLimit = 4 << 20
	defer func() { partLimit = oldLimit }()
	bomb := zipBomb(t)
	tests := []struct {
		name, file string
		data       []byte
		reason     string
	}{
		{"wps", "a.wps", []byte("anything"), "WPS文字格式（.wps）暂不支持读取"},
		{"wps without data", "/files/通知.WPS", nil, "WPS文字格式（.wps）暂不支持读取"},
		{"et", "a.et", nil, "WPS表格格式（.et）暂不支持读取"},
		{"ofd", "a.ofd", nil, "OFD版式文件（.ofd）暂不支持读取"},
		{"odt", "a.odt", nil, "OpenDocument文本（.odt）暂不支持读取"},
		{"empty", "a.xlsx", []byte{}, "文件为空"},
		{"scanned pdf", "scan.pdf", image, "扫描件或无法提取文字（PDF中没有文字层）"},
		{"pdf font without a character map", "x.pdf", noMap, "无法提取文字（PDF字体缺少字符编码映射"},
		{"pdf garbage", "x.pdf", []byte("%PDF-1.4\nnonsense"), "不是有效的PDF文件"},
		{"pdf with an opening password", "x.pdf", readFixture(t, "locked.pdf"), "文件已加密（设置了打开密码）"},
		{"pdf AES-256 (not supported)", "x.pdf", readFixture(t, "aes256.pdf"), "文件已加密（加密方式暂不支持读取"},
		{"pdf cut short", "x.pdf", readFixture(t, "writer.pdf")[:4000], "PDF"},
		{"html error page for a pdf", "x.pdf", []byte("<!DOCTYPE html><html><body>404 文件不存在</body></html>"), "不是有效的PDF文件（服务器返回的是网页"},
		{"html error page for an xls", "x.xls", []byte("<html><body>请登录</body></html>"), "不是有效的xls文件（服务器返回的是网页"},
		{"text where xlsx promised", "x.xlsx", []byte("error: file not found"), "不是有效的xlsx文件（内容是文本"},
		{"xlsx cut short", "x.xlsx", xlsx[:len(xlsx)/2], "不是有效的xlsx文件"},
		{"zip that is no workbook", "x.xlsx", zipFiles(t, map[string]string{"a.txt": "x"}), "不是有效的xlsx文件"},
		{"docx without body", "x.docx", zipFiles(t, map[string]string{"word/styles.xml": "<x/>"}), "不是有效的docx文件（缺少正文部分）"},
		{"docx bomb", "x.docx", bomb, "解压后过大"},
		{"xlsx claiming a huge sheet", "x.xlsx", hugeXLSX(t), "xlsx文件解压后过大（超过128MB）"},
		{"encrypted xlsx (OLE container)", "x.xlsx", buildOLE(map[string][]byte{"EncryptionInfo": {4, 0, 4, 0}, "EncryptedPackage": {1}}), "文件已加密"},
		{"encrypted xls", "x.xls", buildOLE(map[string][]byte{"Workbook": append(biff(recBOF, le16(0x0600), le16(5), make([]byte, 12)), biff(recFilePass, le16(1))...)}), "文件已加密"},
		{"encrypted doc", "x.doc", buildOLE(map[string][]byte{"WordDocument": docFIB(0x0100|0x0200, 0, 0, 0), "1Table": {0}}), "文件已加密"},
		{"word 95 doc", "x.doc", buildOLE(map[string][]byte{"WordDocument": append([]byte{0xEC, 0xA5, 0x65, 0}, make([]byte, 60)...)}), "Word 95"},
		{"ppt", "x.ppt", nil, "演示文稿"},
		{"unknown OLE", "x.doc", buildOLE(map[string][]byte{"Foo": {1}}), "不是有效的doc文件（无法识别"},
		{"OLE cut short", "x.xls", buildOLE(map[string][]byte{"Workbook": {1}})[:700], "不是有效的xls文件"},
		{"binary junk", "x.bin", []byte{0, 1, 2, 3, 0xff, 0xfe, 0, 0}, "无法识别的文件格式"},
		{"whitespace only", "a.txt", []byte(" \r\n\t "), "附件中没有文字内容"},
		{"xls of an old Excel", "x.xls", buildOLE(map[string][]byte{"Book": biff(0x0409, le16(0), le16(0x10))}), "Excel 4.0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			text, err := Text(tc.file, "", tc.data)
			if !errors.Is(err, ErrUnreadable) {
				t.Fatalf("err = %v, want ErrUnreadable; text %q", err, short(text))
			}
			if text != "" {
				t.Errorf("text = %q, want empty", text)
			}
			if !strings.Contains(err.Error(), tc.reason) {
				t.Errorf("reason %q does not contain %q", err.Error(), tc.reason)
			}
			if Reason(err) != err.Error() {
				t.Errorf("Reason = %q, Error = %q", Reason(err), err.Error())
			}
		})
	}
}

// zipBomb is a docx whose body inflates to more than partLimit (lowered
// to 4 MB by TestUnreadable to keep the test fast).
func zipBomb(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(`<w:document ` + wNS + `><w:body><w:p>`))
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for i := int64(0); i <= partLimit>>20; i++ {
		w.Write(chunk)
	}
	w.Write([]byte(`</w:p></w:body></w:document>`))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// hugeXLSX is an xlsx whose sheet declares 200 MB uncompressed; the
// size check must stop it before anything is inflated.
func hugeXLSX(t testing.TB) []byte {
	t.Helper()
	src := sampleXLSX(t)
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			h := f.FileHeader
			h.UncompressedSize64 = 200 << 20
			w, err := zw.CreateRaw(&h)
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := f.OpenRaw()
			io.Copy(w, raw)
			continue
		}
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestErrorShape(t *testing.T) {
	_, err := Text("a.wps", "", nil)
	if !errors.Is(err, ErrUnreadable) || errors.Is(err, ErrPartial) {
		t.Fatalf("err = %v", err)
	}
	// The crawler strips an "ErrUnreadable: " prefix; there is none.
	if strings.HasPrefix(err.Error(), ErrUnreadable.Error()) {
		t.Errorf("message %q starts with the sentinel text", err)
	}
	if Reason(nil) != "" || Reason(errors.New("x")) != "" || Reason(fmt.Errorf("w: %w", ErrUnreadable)) != ErrUnreadable.Error() {
		t.Error("Reason of other errors")
	}
}

func TestTruncated(t *testing.T) {
	old := runeLimit
	runeLimit = 10
	defer func() { runeLimit = old }()
	text, err := Text("a.txt", "", []byte("张三丰"+id18))
	if !errors.Is(err, ErrPartial) || errors.Is(err, ErrUnreadable) {
		t.Fatalf("err = %v", err)
	}
	if text != "张三丰1101011" {
		t.Errorf("text = %q", text)
	}
	if !strings.HasPrefix(Reason(err), "附件文字过长") {
		t.Errorf("reason %q", Reason(err))
	}
	text, err = Text("a.txt", "", []byte("张三丰"))
	if err != nil || text != "张三丰" {
		t.Errorf("short text: %q, %v", text, err)
	}
}

func TestSupported(t *testing.T) {
	for name, want := range map[string]bool{
		"a.xlsx": true, "/x/y/B.XLS": true, "a.docx": true, "a.doc": true, "a.pdf": true,
		"a.csv": true, "a.txt": true, "a.xlsm": true, "a.pdf?v=2": true, "/d/a.XLS;jsessionid=0A1B": true,
		"a.wps": false, "a.et": false, "a.ofd": false, "a.zip": false, "a.jpg": false,
		"download.jsp": false, "a": false, "": false, "a.html": false,
	} {
		if got := Supported(name); got != want {
			t.Errorf("Supported(%q) = %v", name, got)
		}
	}
}

// TestXLSBiff5GBK: an Excel 5/95 workbook keeps its strings in the code
// page (936, GBK) instead of UTF-16.
func TestXLSBiff5GBK(t *testing.T) {
	name := gbk(t, "名单")
	bof := func(dt uint16) []byte { return biff(recBOF, le16(0x0500), le16(dt), le16(0), le16(1993)) }
	label := func(r, c uint16, s string) []byte {
		b := gbk(t, s)
		return biff(recLabel, le16(r), le16(c), le16(0), le16(uint16(len(b))), b)
	}
	globals := func(off uint32) []byte {
		var g []byte
		g = append(g, bof(5)...)
		g = append(g, biff(recCodePage, le16(936))...)
		g = append(g, biff(recBoundSheet, le32(off), []byte{0, 0, byte(len(name))}, name)...)
		return append(g, biff(recEOF)...)
	}
	off := uint32(len(globals(0)))
	stream := globals(off)
	stream = append(stream, bof(0x10)...)
	stream = append(stream, label(0, 0, "姓名")...)
	stream = append(stream, label(0, 1, "身份证号码")...)
	stream = append(stream, label(1, 0, "张三丰")...)
	stream = append(stream, label(1, 1, id18)...)
	stream = append(stream, biff(recRK, le16(1), le16(2), le16(0), le32(500<<2|2))...)
	stream = append(stream, biff(recEOF)...)
	text, err := Text("old.xls", "", buildOLE(map[string][]byte{"Book": stream}))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"工作表：名单\n", "姓名\t身份证号码\n", "张三丰\t" + id18 + "\t500\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in %q", want, text)
		}
	}
}

// TestXLSContinue: a shared string whose characters run on into a
// CONTINUE record that switches from 8-bit to 16-bit characters.
func TestXLSContinue(t *testing.T) {
	first := append([]byte{3, 0, 1}, wide("张三丰")...) // cch 3, UTF-16
	idPart1 := "1101011990"
	idPart2 := "03071234李四光"
	second := append([]byte{byte(len([]rune(idPart1 + idPart2))), 0, 0}, idPart1...) // 8-bit start
	sst := biff(recSST, le32(2), le32(2), first, second)
	cont := biff(recContinue, []byte{1}, wide(idPart2)) // new option byte: 16-bit
	bof := func(dt uint16) []byte { return biff(recBOF, le16(0x0600), le16(dt), make([]byte, 12)) }
	var st []byte
	st = append(st, bof(5)...)
	st = append(st, sst...)
	st = append(st, cont...)
	st = append(st, biff(recEOF)...)
	st = append(st, bof(0x10)...)
	st = append(st, biff(recLabelSST, le16(0), le16(0), le16(0), le32(0))...)
	st = append(st, biff(recLabelSST, le16(0), le16(1), le16(0), le32(1))...)
	// MULRK: 3 numbers from column 2; an RK with the /100 flag.
	st = append(st, biff(recMulRK, le16(0), le16(2), le16(0), le32(7<<2|2), le16(0), le32(61250<<2|3), le16(0), le32(0<<2|2), le16(4))...)
	st = append(st, biff(recEOF)...)
	out, err := xlsText(st)
	if err != nil {
		t.Fatal(err)
	}
	want := "工作表：Sheet1\n张三丰\t" + idPart1 + idPart2 + "\t7\t612.5\t0\n"
	if got := out.String(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// docFIB builds a WordDocument stream: a Word 97 FIB (flags as given)
// followed by the text bytes at offset 0x800.
func docFIB(flags uint16, ccpText, fcClx, lcbClx uint32) []byte {
	w := make([]byte, 0x800)
	copy(w, []byte{0xEC, 0xA5, 0xC1, 0x00})
	w[0x0A], w[0x0B] = byte(flags), byte(flags>>8)
	p := 32
	w[p], w[p+1] = 14, 0 // csw
	p += 2 + 28
	w[p], w[p+1] = 22, 0 // cslw
	lw := p + 2
	copy(w[lw+12:], le32(ccpText))
	p = lw + 22*4
	w[p], w[p+1] = 93, 0 // cbRgFcLcb
	fc := p + 2
	copy(w[fc+33*8:], le32(fcClx))
	copy(w[fc+33*8+4:], le32(lcbClx))
	return w
}

// TestDocPieces: a Word 97 document with a UTF-16 piece (a table) and a
// compressed (Windows-1252) piece holding a field.
func TestDocPieces(t *testing.T) {
	u16 := "姓名\x07身份证号码\x07\x07张三丰\x07" + id18 + "\x07\x07"
	cp := "\x13 HYPERLINK \"http://x\" \x14link\x15 end\r"
	n1, n2 := uint32(len([]rune(u16))), uint32(len(cp))
	textOff := 0x800             // the FIB built by docFIB fills 0x800 bytes
	cpOff := textOff + 2*int(n1) // the compressed piece follows the UTF-16 one
	pcd := func(fc uint32) []byte { return append(append(le16(0), le32(fc)...), le16(0)...) }
	plc := append(append(le32(0), le32(n1)...), le32(n1+n2)...)
	plc = append(append(plc, pcd(uint32(textOff))...), pcd(uint32(cpOff*2)|0x40000000)...)
	clx := append(append([]byte{2}, le32(uint32(len(plc)))...), plc...)
	word := docFIB(0x0200, n1+n2, 0, uint32(len(clx)))
	word = append(word, wide(u16)...)
	word = append(word, cp...)
	text, err := Text("x.doc", "", buildOLE(map[string][]byte{"WordDocument": word, "1Table": clx}))
	if err != nil {
		t.Fatal(err)
	}
	want := "姓名\t身份证号码\n张三丰\t" + id18 + "\nlink end\n"
	if text != want {
		t.Errorf("got %q, want %q", text, want)
	}
}

// TestPDFFonts: text layers built the ways Chinese PDFs are.
func TestPDFFonts(t *testing.T) {
	helv := "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
	toUni := pdfStream("", "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"+
		"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"+
		"2 beginbfchar <0001> <"+utf16hex("张")+"> <0002> <"+utf16hex("三")+"> endbfchar\n"+
		"2 beginbfrange <0003> <0003> <"+utf16hex("丰")+"> <0010> <0019> <0030> endbfrange\n"+
		"endcmap CMapName currentdict /CMap defineresource pop end end")
	tests := []struct {
		name string
		pdf  []byte
		want []string // exact lines
	}{
		{
			name: "STSong-Light, UniGB-UCS2-H, no ToUnicode",
			pdf: fontPDF("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
				"BT /F1 12 Tf 72 700 Td <"+utf16hex("张三丰 "+id18)+"> Tj ET",
				"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 >>"),
			want: []string{"张三丰 " + id18},
		},
		{
			name: "GBK-EUC-H",
			pdf: fontPDF("<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /GBK-EUC-H /DescendantFonts [6 0 R] >>",
				"BT /F1 12 Tf 72 700 Td <"+hexOf(gbk(t, "李四光"+id18X))+"> Tj ET",
				"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> >>"),
			want: []string{"李四光" + id18X},
		},
		{
			name: "Identity-H with ToUnicode ranges, cells far apart",
			pdf: fontPDF("<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+SimSun /Encoding /Identity-H /ToUnicode 7 0 R /DescendantFonts [6 0 R] >>",
				"BT /F1 10 Tf 72 700 Td <000100020003> Tj 100 0 Td <001100100011> Tj ET",
				"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+SimSun /DW 1000 /W [16 [500 500]] >>", toUni),
			want: []string{"张三丰\t101"},
		},
		{
			name: "kerning inside a number does not split it; a wide TJ gap does",
			pdf:  fontPDF(helv, "BT /F1 10 Tf 72 700 Td [(1101011990) -20 (03071234) -3000 (500)] TJ ET"),
			want: []string{id18 + "\t500"},
		},
		{
			name: "fake bold draws twice",
			pdf:  fontPDF(helv, "BT /F1 10 Tf 72 700 Td (ID 123) Tj ET BT /F1 10 Tf 72.3 700 Td (ID 123) Tj ET"),
			want: []string{"ID 123"},
		},
		{
			name: "lines drawn bottom first come out top first",
			pdf:  fontPDF(helv, "BT /F1 10 Tf 72 600 Td (second) Tj ET BT /F1 10 Tf 72 700 Td (first) Tj ET"),
			want: []string{"first", "second"},
		},
		{
			name: "rotated landscape table",
			pdf:  fontPDF(helv, "BT /F1 10 Tf 0 1 -1 0 300 100 Tm (row one) Tj 0 1 -1 0 320 100 Tm (row two) Tj ET"),
			want: []string{"row one", "row two"},
		},
		{
			name: "text inside a form XObject",
			pdf: onePagePDF("/Font << /F1 5 0 R >> /XObject << /Fm1 6 0 R >>", "q 1 0 0 1 10 10 cm /Fm1 Do Q", helv,
				pdfStream("/Type /XObject /Subtype /Form /BBox [0 0 500 500] /Resources << /Font << /F9 5 0 R >> >>", "BT /F9 10 Tf 72 700 Td (in form "+id18+") Tj ET")),
			want: []string{"in form " + id18},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			text, err := Text("x.pdf", "", tc.pdf)
			if err != nil {
				t.Fatalf("Text: %v", err)
			}
			if got, want := strings.Split(strings.TrimSuffix(text, "\n"), "\n"), tc.want; strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("lines %q, want %q", got, want)
			}
		})
	}
}

// TestPDFRepair: offsets in the xref table are wrong (bytes were inserted
// after the header, as careless re-encoding does); the table is rebuilt.
func TestPDFRepair(t *testing.T) {
	good := fontPDF("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", "BT /F1 10 Tf 72 700 Td (ID "+id18+") Tj ET")
	i := bytes.IndexByte(good, '\n') + 1
	broken := append(append(append([]byte{}, good[:i]...), bytes.Repeat([]byte("% padding\n"), 30)...), good[i:]...)
	text, err := Text("x.pdf", "", broken)
	if err != nil || text != "ID "+id18+"\n" {
		t.Errorf("got %q, %v", text, err)
	}
}

// TestPDFPartial: one page of two cannot be decoded; the other is read and
// the error says the attachment was read only in part.
func TestPDFPartial(t *testing.T) {
	data := buildPDF([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
		"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 7 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 7 0 R >> >> /Contents 6 0 R >>",
		pdfStream("", "BT /F1 10 Tf 72 700 Td (page one "+id18+") Tj ET"),
		pdfStream("/Filter /LZWDecode", "\x80\x0b\x60\x50"),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	})
	text, err := Text("x.pdf", "", data)
	if !errors.Is(err, ErrPartial) || errors.Is(err, ErrUnreadable) {
		t.Fatalf("err = %v", err)
	}
	if Reason(err) != "PDF中有1页已损坏，只读取了其余1页" {
		t.Errorf("reason %q", Reason(err))
	}
	if text != "page one "+id18+"\n" {
		t.Errorf("text %q", text)
	}
}

// TestPDFPartialFonts: the names are in a font without a character map,
// the ID numbers in one with: the numbers are kept, and the error says
// that some text is missing.
func TestPDFPartialFonts(t *testing.T) {
	data := onePagePDF("/Font << /F1 5 0 R /F2 6 0 R >>",
		"BT /F1 10 Tf 72 700 Td <"+strings.Repeat("0F2A", 30)+"> Tj /F2 10 Tf 400 0 Td ("+id18+") Tj ET",
		"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [7 0 R] >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /DW 1000 >>")
	text, err := Text("x.pdf", "", data)
	if !errors.Is(err, ErrPartial) || !strings.Contains(Reason(err), "30个字符的字体缺少编码映射") {
		t.Fatalf("err = %v", err)
	}
	if text != id18+"\n" {
		t.Errorf("text %q", text)
	}
}

// TestNoTempFiles: large sheets must not leave excelize temp files.
func TestNoTempFiles(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	data := bigXLSX(t, 20000)
	if _, err := Text("big.xlsx", "", data); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Errorf("temp files left: %v", entries)
	}
}

// bigXLSX is a name list of n rows (about 55 bytes a row compressed).
func bigXLSX(t testing.TB, n int) []byte {
	t.Helper()
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i)
		if err := sw.SetRow(cell, []any{i, fmt.Sprintf("居民%05d", i), fmt.Sprintf("3201021980%02d%02d%04d", 1+i%12, 1+i%28, i%10000), 400 + i%300, fmt.Sprintf("南京市玄武区第%d街道%d号", i%50, i)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	return xlsxBytes(t, f)
}

// TestGarbageNeverPanicsOrHangs feeds cut and bit-flipped versions of
// every sample to Text.
func TestGarbageNeverPanicsOrHangs(t *testing.T) {
	samples := map[string][]byte{
		"a.xlsx": sampleXLSX(t), "a.docx": sampleDOCX(t),
		"a.pdf": readFixture(t, "writer.pdf"), "b.pdf": readFixture(t, "cairo.pdf"),
		"a.xls": readFixture(t, "list.xls"), "a.doc": readFixture(t, "notice.doc"),
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for name, data := range samples {
		var variants [][]byte
		for _, cut := range []int{len(data) / 3, len(data) / 2, len(data) - 7} {
			variants = append(variants, data[:cut])
		}
		for i := 0; i < 12; i++ {
			v := bytes.Clone(data)
			for j := 0; j < 1+i; j++ {
				v[rng.IntN(len(v))] ^= byte(1 + rng.IntN(255))
			}
			variants = append(variants, v)
		}
		for i, v := range variants {
			start := time.Now()
			text, err := Text(name, "", v)
			if err != nil && !errors.Is(err, ErrUnreadable) && !errors.Is(err, ErrPartial) {
				t.Errorf("%s #%d: unexpected error %v", name, i, err)
			}
			if err != nil && errors.Is(err, ErrUnreadable) && text != "" {
				t.Errorf("%s #%d: text with ErrUnreadable", name, i)
			}
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("%s #%d took %v", name, i, d)
			}
		}
	}
}

func BenchmarkXLSX1MB(b *testing.B) {
	data := bigXLSX(b, 28000)
	b.SetBytes(int64(len(data)))
	b.Logf("xlsx size %d bytes", len(data))
	b.ResetTimer()
	for b.Loop() {
		if _, err := Text("big.xlsx", "", data); err != nil {
			b.Fatal(err)
		}
	}
}
