package crawl

import (
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/site"
)

func loaderFixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "loaders", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDetectLoadersHanweb(t *testing.T) {
	const page = "http://www.example.gov.cn/col/col1229/index.html"
	ls := DetectLoaders(page, loaderFixture(t, "hanweb_column.html"))
	if len(ls) != 1 {
		t.Fatalf("loaders = %+v, want one (nextgroup and param_ describe the same list)", ls)
	}
	l := ls[0]
	if l.Kind != LoaderHanweb || l.Method != "POST" || !strings.HasPrefix(l.ContentType, "application/x-www-form-urlencoded") {
		t.Errorf("loader = %+v", l)
	}
	if want := "http://www.example.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=6&perpage=2"; l.URL != want {
		t.Errorf("URL = %s, want %s", l.URL, want)
	}
	form, err := url.ParseQuery(l.Body)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{
		"col": "1", "appid": "1", "webid": "3096", "path": "/", "columnid": "1229", "sourceContentType": "1",
		"unitid": "4180911", "webname": "示例市", "permissiontype": "0",
	} {
		if got := form.Get(k); got != want {
			t.Errorf("form %s = %q, want %q", k, got, want)
		}
	}
	if !strings.HasPrefix(l.Body, "col=1&appid=1&webid=3096&path=%2F&columnid=1229&") {
		t.Errorf("body order = %s", l.Body)
	}

	// Only the nextgroup link: its query carries the fields, absolute host kept.
	ls = DetectLoaders("http://www.example.gov.cn/col/col30516/index.html", loaderFixture(t, "hanweb_nextgroup_only.html"))
	if len(ls) != 1 || !strings.Contains(ls[0].Body, "unitid=32978") || !strings.Contains(ls[0].Body, "webid=55") ||
		!strings.Contains(ls[0].URL, "perpage=15") {
		t.Errorf("nextgroup-only loaders = %+v", ls)
	}

	// Parameters built at run time: no loader (the page stays unexpanded).
	if ls := DetectLoaders("http://www.example.gov.cn/col/col9/index.html", loaderFixture(t, "hanweb_no_params.html")); len(ls) != 0 {
		t.Errorf("loaders from computed params = %+v", ls)
	}
	// A plain page: nothing.
	if ls := DetectLoaders("http://www.example.gov.cn/", "<html><body><ul><li><a href='/a.html'>a</a></li></ul></body></html>"); ls != nil {
		t.Errorf("plain page loaders = %+v", ls)
	}
}

func TestParseLoaderResponseHanweb(t *testing.T) {
	const page = "http://www.example.gov.cn/col/col1229/index.html"
	l := DetectLoaders(page, loaderFixture(t, "hanweb_column.html"))[0]
	items, more, err := parseLoaderResponse(l, page, []byte(loaderFixture(t, "hanweb_response_1.xml")))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ url, title, date string }{
		{"http://www.example.gov.cn/art/2025/11/20/art_1229_101.html", "关于2025年冬季供暖的通告", "2025-11-20"},
		{"http://www.example.gov.cn/art/2025/11/3/art_1229_100.html", "关于开展消防检查的通知", "2025-11-03"},
		{"http://www.example.gov.cn/col/col1229/art/2025/10/9/art_1229_99.html", "关于国庆假期后道路施工的通告关于国庆假期后道路施工的通告", "2025-10-09"},
		{"http://www.example.gov.cn/art/2025/9/1/art_1229_98.html", "秋季开学交通安全提示", "2025-09-01"},
		{"http://www.example.gov.cn/art/2025/7/1/art_1229_97.html", `关于"七一"活动安排的通知`, "2025-07-01"},
	}
	if len(items) != len(want) {
		t.Fatalf("items = %+v", items)
	}
	for i, w := range want {
		it := items[i]
		if it.URL != w.url || it.Title != w.title || it.Date.String() != w.date {
			t.Errorf("item %d = %+v, want %+v", i, it, w)
		}
	}
	if items[0].Date.Source != site.SourceList || items[3].Date.Source != site.SourceURL {
		t.Errorf("date sources = %s, %s", items[0].Date.Source, items[3].Date.Source)
	}
	if len(more) != 1 || !strings.HasSuffix(more[0].URL, "?startrecord=7&endrecord=12&perpage=2") || more[0].Body != l.Body {
		t.Fatalf("more = %+v", more)
	}
	items, more, err = parseLoaderResponse(more[0], page, []byte(loaderFixture(t, "hanweb_response_last.xml")))
	if err != nil || len(items) != 2 || len(more) != 0 {
		t.Errorf("last window: items %d, more %+v, err %v", len(items), more, err)
	}
	// A really empty column: no items, no error.
	items, more, err = parseLoaderResponse(l, page, []byte(loaderFixture(t, "hanweb_response_empty.xml")))
	if err != nil || len(items) != 0 || len(more) != 0 {
		t.Errorf("empty: items %v, more %v, err %v", items, more, err)
	}
	// A WAF challenge is not an empty list.
	if _, _, err := parseLoaderResponse(l, page, []byte(loaderFixture(t, "waf_challenge.html"))); !errors.Is(err, ErrLoaderResponse) {
		t.Errorf("WAF page err = %v", err)
	}
}

func TestHanwebLoaderBounded(t *testing.T) {
	// A bogus total never makes the chain run past maxLoaderRecords.
	l := Loader{Kind: LoaderHanweb, Method: "POST", URL: "http://x.gov.cn/module/web/jpage/dataproxy.jsp?" + hanwebWindow(1, 15)}
	resp := "<datastore><totalrecord>99999999</totalrecord><recordset>" +
		strings.Repeat(`<record><![CDATA[<li><a href="/art/2025/1/1/art_1_1.html">x</a></li>]]></record>`, 45) +
		"</recordset></datastore>"
	requests := 1
	for {
		_, more, err := parseLoaderResponse(l, "http://x.gov.cn/col/col1/index.html", []byte(resp))
		if err != nil {
			t.Fatal(err)
		}
		if len(more) == 0 {
			break
		}
		l = more[0]
		requests++
		if requests > maxLoaderRequests+1 {
			t.Fatal("loader chain unbounded")
		}
	}
	if requests*45 > maxLoaderRecords+45 {
		t.Errorf("%d requests read past the record bound", requests)
	}
}

func TestDetectLoadersGkmlpt(t *testing.T) {
	const page = "http://www.example.gov.cn/gkmlpt/index"
	ls := DetectLoaders(page, loaderFixture(t, "gkmlpt_index.html"))
	got := map[string]string{}
	for _, l := range ls {
		if l.Kind != LoaderGkmlpt || l.Method != "GET" {
			t.Errorf("loader = %+v", l)
		}
		got[l.URL] = l.Name
	}
	want := map[string]string{
		"http://www.example.gov.cn/gkmlpt/api/all/2811?page=1&sid=755031": "通知公告",
		"http://www.example.gov.cn/gkmlpt/api/all/2812?page=1&sid=755031": "公示公告",
		"http://www.example.gov.cn/gkmlpt/api/all/2815?page=1&sid=755031": "政策文件",
	}
	if len(got) != len(want) {
		t.Errorf("loaders = %v, want %v", got, want)
	}
	for u, n := range want {
		if got[u] != n {
			t.Errorf("loader %s name %q, want %q", u, got[u], n)
		}
	}
	// An article page of the platform repeats the TREE: no loaders.
	if ls := DetectLoaders("http://www.example.gov.cn/gkmlpt/content/0/963/post_963149.html", loaderFixture(t, "gkmlpt_index.html")); len(ls) != 0 {
		t.Errorf("article page loaders = %+v", ls)
	}
	// A category in the fragment, a department prefix, SID from an API link.
	ls = DetectLoaders("http://www.example.gov.cn/zqhjj/gkmlpt/index#21023",
		`<script>var api = "/zqhjj/gkmlpt/api/all/21023?page=1&sid=758019";</script>`)
	if len(ls) != 1 || ls[0].URL != "http://www.example.gov.cn/zqhjj/gkmlpt/api/all/21023?page=1&sid=758019" {
		t.Errorf("fragment loaders = %+v", ls)
	}
}

func TestParseLoaderResponseGkmlpt(t *testing.T) {
	const page = "http://www.example.gov.cn/gkmlpt/index"
	l := Loader{Kind: LoaderGkmlpt, Method: "GET", URL: "http://www.example.gov.cn/gkmlpt/api/all/2811?page=1&sid=755031"}
	items, more, err := parseLoaderResponse(l, page, []byte(loaderFixture(t, "gkmlpt_page1.json")))
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 || items[0].Date.String() != "2025-11-20" || items[1].Date.String() != "2025-10-15" ||
		items[1].URL != "http://www.example.gov.cn/gkmlpt/content/0/963/post_963100.html" ||
		items[1].Title != "关于印发<示例区防汛预案>的通知" || items[0].Date.Source != site.SourceList {
		t.Errorf("items = %+v", items)
	}
	if len(more) != 1 || more[0].URL != "http://www.example.gov.cn/gkmlpt/api/all/2811?page=2&sid=755031" {
		t.Fatalf("more = %+v", more)
	}
	items, more, err = parseLoaderResponse(more[0], page, []byte(loaderFixture(t, "gkmlpt_page2.json")))
	if err != nil || len(items) != 1 || items[0].Date.String() != "2024-01-31" {
		t.Errorf("page 2: %+v %+v %v", items, more, err)
	}
	// The page size is unknown after page 1, so a short page may cost one
	// more request; an empty page ends the chain.
	if len(more) == 1 {
		if _, more, _ = parseLoaderResponse(more[0], page, []byte(loaderFixture(t, "gkmlpt_empty.json"))); len(more) != 0 {
			t.Errorf("chain goes on after an empty page: %+v", more)
		}
	}
	items, more, err = parseLoaderResponse(l, page, []byte(loaderFixture(t, "gkmlpt_empty.json")))
	if err != nil || len(items) != 0 || len(more) != 0 {
		t.Errorf("empty: %v %v %v", items, more, err)
	}
	if _, _, err := parseLoaderResponse(l, page, []byte(loaderFixture(t, "waf_challenge.html"))); !errors.Is(err, ErrLoaderResponse) {
		t.Errorf("WAF page err = %v", err)
	}
	if _, _, err := parseLoaderResponse(l, page, []byte(`{"code":0,"msg":"ok"}`)); !errors.Is(err, ErrLoaderResponse) {
		t.Errorf("foreign JSON err = %v", err)
	}
}
