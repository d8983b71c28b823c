package site

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func gbk(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecode(t *testing.T) {
	const page = `<html><head><meta charset="gb2312"><title>邯郸市人民政府</title></head><body>网站标识码 1304000009</body></html>`
	// A long head comment pushes the declaration past the spec's 1024-byte
	// prescan window, as injected scripts do on real saved pages.
	late := `<html><head><!--` + strings.Repeat("x", 3000) + `--><meta http-equiv="Content-Type" content="text/html; charset=GBK"><title>万载县</title></head><body>统计公报</body></html>`
	tests := []struct {
		name        string
		body        []byte
		contentType string
		want        string // substring of the decoded text
		charset     string
	}{
		{"meta gb2312, no header charset", gbk(t, page), "text/html", "网站标识码 1304000009", "gb18030"},
		{"meta gbk after 1024 bytes", gbk(t, late), "", "统计公报", "gb18030"},
		{"header charset wins over meta", gbk(t, strings.Replace(page, "gb2312", "utf-8", 1)), "text/html; charset=GBK", "邯郸市人民政府", "gb18030"},
		{"header utf-8", []byte(`<p>中国宜春</p>`), "text/html; charset=UTF-8", "中国宜春", "utf-8"},
		{"no declaration, valid utf-8", []byte(`<p>中国宜春</p>`), "", "中国宜春", "utf-8"},
		{"no declaration, invalid utf-8 is GB18030", gbk(t, `<p>政府信息公开指南</p>`), "", "政府信息公开指南", "gb18030"},
		{"utf-8 label on a GBK body", gbk(t, `<p>政府信息公开年度报告</p>`), "text/html; charset=utf-8", "政府信息公开年度报告", "gb18030"},
		{"utf-8 BOM stripped", append([]byte{0xEF, 0xBB, 0xBF}, []byte("<p>首页</p>")...), "text/html; charset=gbk", "<p>首页", "utf-8"},
		{"gb18030-only character", []byte("\x81\x30\x81\x30"), "text/html; charset=gb2312", "\u0080", "gb18030"},
		{"unknown charset falls back", []byte(`<p>首页</p>`), "text/html; charset=x-nonsense", "首页", "utf-8"},
		{"binary with NUL", []byte("\x00\x01\xff\xfe\x00<html>"), "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cs := Decode(tt.body, tt.contentType)
			if !strings.Contains(got, tt.want) {
				t.Errorf("text = %q, want it to contain %q", got, tt.want)
			}
			if tt.charset != "" && cs != tt.charset {
				t.Errorf("charset = %q, want %q", cs, tt.charset)
			}
			if strings.HasPrefix(got, "\ufeff") {
				t.Error("BOM kept")
			}
		})
	}
}

// A one-character difference between GBK and a mistaken EUC-KR reading is
// what chardet gets wrong; make sure a short GB2312 page round-trips.
func TestDecodeShortGB2312(t *testing.T) {
	want := "<title>市政府</title>"
	got, cs := Decode(gbk(t, want), "")
	if got != want || cs != "gb18030" {
		t.Errorf("Decode = %q, %q; want %q, gb18030", got, cs, want)
	}
}

func simplifiedchineseGBK(s string) ([]byte, error) {
	return simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
}
