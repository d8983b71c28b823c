package site

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
)

// FuzzPagination feeds list-page scripts (TRS createPageHTML, countPage,
// document.writeln lists) to the extractor: the page URLs it derives must
// stay on the page's host, never include the page itself, and stay bounded,
// whatever the script says.
func FuzzPagination(f *testing.F) {
	for _, s := range []string{
		`createPageHTML(25, 0, "index", "shtml");`,
		`createPageHTML('page_div',5,1,'fg','shtml',89);`,
		`var countPage = 56; var currentPage = 0; var prefix="index"; var suffix="html";`,
		`var totalPage = 1000000000; var pageCount = -3;`,
		`var url = "./202602/t20260214_2730572.shtml"; var title = "关于印发"; var FILENUM = "武政规〔2026〕4号"; document.writeln("<li>"+title+"</li>");`,
		`createPageHTML(3, 9, "../../../etc/passwd", "html");`,
		`createPageHTML(2, 0, "http://evil.example.com/index", "html");`,
		`var url = "javascript:alert(1)"; var title = "x"; document.writeln(url);`,
	} {
		f.Add(s)
	}
	const pageURL = "http://www.a.gov.cn/xxgk/zcwj/index.html"
	f.Fuzz(func(t *testing.T, script string) {
		p := Extract(pageURL, "<html><body><ul></ul><script>"+script+"</script></body></html>")
		if len(p.PageURLs) > maxPageURLs {
			t.Fatalf("%d page URLs from %q", len(p.PageURLs), script)
		}
		for _, u := range p.PageURLs {
			pu, err := url.Parse(u)
			if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") {
				t.Fatalf("bad page URL %q from %q", u, script)
			}
			if u == pageURL {
				t.Fatalf("the page itself listed as a further page (%q)", script)
			}
		}
		for _, it := range p.Items {
			if it.URL != "" && !strings.HasPrefix(it.URL, "http") {
				t.Fatalf("item URL %q not absolute", it.URL)
			}
		}
	})
}

// FuzzMetadataTable builds 信息公开 metadata tables in the layouts real sites
// use from fuzzed labels and values: whatever they hold, the extracted keys
// are canonical labels and the values carry no markup.
func FuzzMetadataTable(f *testing.F) {
	f.Add("索 引 号：", "000014348/2020-35147", "发文日期", "2023-04-18", uint8(0))
	f.Add("发布机构", "邯郸市教育局", "文　　号：", "邯教〔2020〕1号", uint8(1))
	f.Add("成文日期:", "<b>2020</b>", "有效性", "有效", uint8(2))
	f.Add("", "", "主题分类", "综合政务", uint8(3))
	f.Fuzz(func(t *testing.T, l1, v1, l2, v2 string, layout uint8) {
		var html string
		switch layout % 4 {
		case 0:
			html = "<table><tr><td>" + l1 + "</td><td>" + v1 + "</td><td>" + l2 + "</td><td>" + v2 + "</td></tr></table>"
		case 1:
			html = "<ul><li>" + l1 + "：" + v1 + "</li><li>" + l2 + "：" + v2 + "</li></ul>"
		case 2:
			html = "<dl><dt>" + l1 + "</dt><dd>" + v1 + "</dd><dt>" + l2 + "</dt><dd>" + v2 + "</dd></dl>"
		default:
			html = "<div><span>" + l1 + "</span><span>" + v1 + "</span></div><p>" + l2 + "：" + v2 + "</p>"
		}
		p := Extract("http://www.a.gov.cn/a/t20230418_1.html", "<html><body>"+html+"</body></html>")
		for k, v := range p.Metadata {
			if c, ok := CanonicalLabel(k); !ok || c != k {
				t.Fatalf("metadata key %q is not canonical (layout %d)", k, layout%4)
			}
			if strings.ContainsAny(v, "<>") && !strings.ContainsAny(v1+v2, "<>") {
				t.Fatalf("markup in value %q", v)
			}
		}
	})
}

// FuzzSpillCodec: the page store's readers never panic on any bytes, and
// what the writers wrote reads back the same.
func FuzzSpillCodec(f *testing.F) {
	f.Add(appendItems(nil, spillPage().Items), "columnname", "政策文件")
	f.Add([]byte{0xff, 0xff, 0x03}, "", "")
	f.Add(appendStrings(nil, []string{"首页", ""}), "a", "")
	f.Fuzz(func(t *testing.T, b []byte, k, v string) {
		readItems(b)
		readMap(b)
		readStrings(b)
		m := map[string]string{k: v, "x" + k: v + "y"}
		if got := readMap(appendMap(nil, m)); !reflect.DeepEqual(got, m) {
			t.Fatalf("map %q read back as %q", m, got)
		}
		ss := []string{k, v, string(b)}
		if got := readStrings(appendStrings(nil, ss)); !reflect.DeepEqual(got, ss) {
			t.Fatalf("strings %q read back as %q", ss, got)
		}
	})
}
