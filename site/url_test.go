package site

import (
	"net/url"
	"testing"
)

func TestCanonicalURL(t *testing.T) {
	base, _ := url.Parse("http://www.example.gov.cn/zwgk/zcwj/index.html")
	tests := []struct {
		raw  string
		want string
		ok   bool
	}{
		{"./202602/t20260214_2730572.shtml", "http://www.example.gov.cn/zwgk/zcwj/202602/t20260214_2730572.shtml", true},
		{"../images/a.png", "http://www.example.gov.cn/zwgk/images/a.png", true},
		{"/col/col123/index.html#top", "http://www.example.gov.cn/col/col123/index.html", true},
		{"HTTP://WWW.Example.GOV.cn:80/A?", "http://www.example.gov.cn/A", true},
		{"https://example.gov.cn:443", "https://example.gov.cn/", true},
		{"https://example.gov.cn:8443/x", "https://example.gov.cn:8443/x", true},
		{"  index_1.html \n", "http://www.example.gov.cn/zwgk/zcwj/index_1.html", true},
		{"list.jsp?a=1&amp;b=2", "http://www.example.gov.cn/zwgk/zcwj/list.jsp?a=1&b=2", true},
		{"list.jsp?a=1&amp;amp;b=2", "http://www.example.gov.cn/zwgk/zcwj/list.jsp?a=1&b=2", true},
		{`..\files\a.doc`, "http://www.example.gov.cn/zwgk/files/a.doc", true},
		{"//cdn.example.gov.cn/x.js", "http://cdn.example.gov.cn/x.js", true},
		{"http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/#", "http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/", true},
		{"http://万载政府网.政务/index.html", "http://xn--chq171bv3e1m4am5q.xn--zfr164b/index.html", true},
		{"/a b/中文.html?q=中文", "http://www.example.gov.cn/a%20b/%E4%B8%AD%E6%96%87.html?q=中文", true},
		{"#", "", false},
		{"#content", "", false},
		{"", "", false},
		{"   ", "", false},
		{"mailto:gk@example.gov.cn", "", false},
		{"tel:0310-1234567", "", false},
		{"javascript:void(0)", "", false},
		{" JavaScript:void(0);", "", false},
		{"data:image/png;base64,AAAA", "", false},
		{"ftp://example.gov.cn/a", "", false},
		{"http://[::1", "", false},
		{"http:///nohost", "", false},
		{"http://a.gov.cn../x", "http://a.gov.cn/x", true},
		{"http://../x", "", false},
	}
	for _, tt := range tests {
		got, ok := CanonicalURL(tt.raw, base)
		if got != tt.want || ok != tt.ok {
			t.Errorf("CanonicalURL(%q) = %q, %v; want %q, %v", tt.raw, got, ok, tt.want, tt.ok)
		}
	}
	// Without a base only absolute URLs resolve.
	if _, ok := CanonicalURL("index.html", nil); ok {
		t.Error("CanonicalURL(relative, nil) ok; want false")
	}
	if got, ok := CanonicalURL("http://A.gov.cn", nil); !ok || got != "http://a.gov.cn/" {
		t.Errorf("CanonicalURL(absolute, nil) = %q, %v", got, ok)
	}
}
