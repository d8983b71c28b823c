package site

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestPageURLs(t *testing.T) {
	tests := []struct {
		name, url, script string
		want              []string
	}{
		{
			name:   "TRS createPageHTML, html",
			url:    "http://www.ndrc.gov.cn/xxgk/zcfb/tz/index.html",
			script: `createPageHTML(4, 0, "index", "html");`,
			want: []string{
				"http://www.ndrc.gov.cn/xxgk/zcfb/tz/index_1.html",
				"http://www.ndrc.gov.cn/xxgk/zcfb/tz/index_2.html",
				"http://www.ndrc.gov.cn/xxgk/zcfb/tz/index_3.html",
			},
		},
		{
			name:   "createPageHTML from a later page, shtml, directory URL",
			url:    "http://www.wuhan.gov.cn/zwgk/xxgk/zfwj/",
			script: `createPageHTML(3, 2, "index", "shtml");`,
			want: []string{
				"http://www.wuhan.gov.cn/zwgk/xxgk/zfwj/index_1.shtml",
				"http://www.wuhan.gov.cn/zwgk/xxgk/zfwj/index_2.shtml",
			},
		},
		{
			name:   "container id first, custom prefix",
			url:    "http://www.a.gov.cn/fg/fg.shtml",
			script: `createPageHTML('page_div',5,1,'fg','shtml',89);`,
			want: []string{
				"http://www.a.gov.cn/fg/fg_1.shtml", "http://www.a.gov.cn/fg/fg_2.shtml",
				"http://www.a.gov.cn/fg/fg_3.shtml", "http://www.a.gov.cn/fg/fg_4.shtml",
			},
		},
		{
			name:   "the function definition is not a call",
			url:    "http://www.a.gov.cn/x/index.html",
			script: `function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){ }`,
			want:   nil,
		},
		{
			name:   "countPage with the current page's extension",
			url:    "http://www.a.gov.cn/tzgg/index_2.shtml",
			script: "var currentPage=2;\nvar countPage = 4\n",
			want: []string{
				"http://www.a.gov.cn/tzgg/index.shtml", "http://www.a.gov.cn/tzgg/index_1.shtml",
				"http://www.a.gov.cn/tzgg/index_3.shtml",
			},
		},
		{
			name:   "totalPage with prefix and suffix vars",
			url:    "http://www.a.gov.cn/zcjd/",
			script: `var prefix = "list"; var suffix = "htm"; var totalPage = 3;`,
			want:   []string{"http://www.a.gov.cn/zcjd/list_1.htm", "http://www.a.gov.cn/zcjd/list_2.htm"},
		},
		{
			name:   "one page: nothing",
			url:    "http://www.a.gov.cn/x/index.html",
			script: `var countPage = 1;`,
			want:   nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Extract(tt.url, `<html><body><script>`+tt.script+`</script></body></html>`)
			if !reflect.DeepEqual(p.PageURLs, tt.want) {
				t.Errorf("PageURLs = %q\nwant %q", p.PageURLs, tt.want)
			}
		})
	}
}

func TestPageURLsCapped(t *testing.T) {
	p := Extract("http://www.a.gov.cn/x/index.html", `<script>createPageHTML(100000, 0, "index", "html");</script>`)
	if len(p.PageURLs) != maxPageURLs-1 {
		t.Errorf("got %d PageURLs, want %d", len(p.PageURLs), maxPageURLs-1)
	}
}

func TestWritelnItems(t *testing.T) {
	const script = `
var url = "./202602/t20260214_2730572.shtml";
var title = "武汉市人民政府关于印发某办法的通知";
var FILENUM = "武政规〔2026〕4号";
document.writeln("<li><a href='"+url+"' title='"+title+"'>"+title+"</a><span>"+FILENUM+"</span></li>");
var url = "../zcjd/202601/t20260105_2700001.shtml";
var title = "关于\"某办法\"的解读";
var pubDate = "2026-01-06";
document.writeln("<li><a href='"+url+"'>"+title+"</a></li>");
var url = "http://other.gov.cn/doc.html";
var title = "外站文件";
document.writeln("<li><a href='"+url+"'>"+title+"</a><span>2025-12-31</span></li>");
var url = "./" + path;
document.writeln("x");`
	p := Extract("http://www.wuhan.gov.cn/zwgk/xxgk/zfwj/index.shtml", `<html><body><div class="list"><script>`+script+`</script></div></body></html>`)
	want := []ListItem{
		{Title: "武汉市人民政府关于印发某办法的通知", URL: "http://www.wuhan.gov.cn/zwgk/xxgk/zfwj/202602/t20260214_2730572.shtml", Date: Date{Time: sh(2026, 2, 14, 0, 0, 0), Source: SourceURL}},
		{Title: `关于"某办法"的解读`, URL: "http://www.wuhan.gov.cn/zwgk/xxgk/zcjd/202601/t20260105_2700001.shtml", Date: Date{Time: sh(2026, 1, 6, 0, 0, 0), Source: SourceList}},
		{Title: "外站文件", URL: "http://other.gov.cn/doc.html", Date: Date{Time: sh(2025, 12, 31, 0, 0, 0), Source: SourceList}},
	}
	if !reflect.DeepEqual(p.Items, want) {
		t.Errorf("Items =\n%+v\nwant\n%+v", p.Items, want)
	}
	for _, it := range want {
		if !containsLink(p.Links, Link{URL: it.URL, Text: it.Title, Kind: KindAnchor}) {
			t.Errorf("no anchor Link for %s", it.URL)
		}
	}
}

func TestHanwebRecords(t *testing.T) {
	const page = `<html><body><div id="4469"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=1&path=/&columnid=4469&unitid=13931&webname=x&permissiontype=0"></a>]]></nextgroup>
<recordset>
<record><![CDATA[
<li><a href="/art/2023/4/12/art_4469_123.html" title="关于某事项的通知（全文）" target="_blank">关于某事项的通知…</a><span>2023-04-12</span></li>
]]></record>
<record><![CDATA[
<li><a href='http://www.a.gov.cn/art/2023/3/1/art_4469_100.html'>另一篇&amp;文章</a></li>
]]></record>
<record><![CDATA[
<li><a href="/art/2023/2/8/art_4469_90.html">关于&ldquo;十四五&rdquo;规划&middot;解读&nbsp;（图解）</a><span>2023-02-08</span></li>
]]></record>
</recordset></datastore></script></div></body></html>`
	p := Extract("http://www.a.gov.cn/col/col4469/index.html", page)
	want := []ListItem{
		{Title: "关于某事项的通知（全文）", URL: "http://www.a.gov.cn/art/2023/4/12/art_4469_123.html", Date: Date{Time: sh(2023, 4, 12, 0, 0, 0), Source: SourceList}},
		{Title: "另一篇&文章", URL: "http://www.a.gov.cn/art/2023/3/1/art_4469_100.html", Date: Date{Time: sh(2023, 3, 1, 0, 0, 0), Source: SourceURL}},
		// The browser inserts a record as HTML: every entity is decoded, as
		// in a fetched jpage list (HanwebRecordItem).
		{Title: "关于“十四五”规划·解读 （图解）", URL: "http://www.a.gov.cn/art/2023/2/8/art_4469_90.html", Date: Date{Time: sh(2023, 2, 8, 0, 0, 0), Source: SourceList}},
	}
	if !reflect.DeepEqual(p.Items, want) {
		t.Errorf("Items =\n%+v\nwant\n%+v", p.Items, want)
	}
}

func TestScriptItemsMergeWithDOM(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html><body><ul>`)
	for i := 1; i <= 3; i++ {
		fmt.Fprintf(&b, `<li><a href="./202602/t2026021%d_%d.shtml">文件%d</a></li>`, i, i, i)
	}
	b.WriteString(`</ul><script>var url = "./202602/t20260211_1.shtml"; var title = "文件1"; document.writeln(url);</script></body></html>`)
	p := Extract("http://www.a.gov.cn/zfwj/index.shtml", b.String())
	if len(p.Items) != 3 {
		t.Errorf("Items = %+v, want the 3 DOM entries once each", p.Items)
	}
}

func TestPageTotal(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"var countPage=56\nvar endPage=countPage-1", 56, true},
		{"if(countPage>1) x(); var countPage = 7;", 7, true},
		{`{"totalPage": "12"}`, 12, true},
		{"var TOTALPAGES = 3", 3, true},
		{"pageCount == 4", 0, false},
		{"var mycountPage2 = 9", 0, false},
		{"var pageCount = 1234567", 0, false},
		{"nothing here", 0, false},
	}
	for _, tt := range tests {
		got, ok := pageTotal(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("pageTotal(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
