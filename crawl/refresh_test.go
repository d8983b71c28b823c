package crawl

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestRedirectStubsAreRedirects: a page that is only a 0-second refresh or
// a script setting location is followed like an HTTP redirect — its target
// is crawled and recorded as the page — and is never a page of its own.
// Look-alikes (a delayed refresh on a page, a script choosing between two
// addresses, a long page with a navigation script) stay pages.
func TestRedirectStubsAreRedirects(t *testing.T) {
	const stub = `<html><head><meta http-equiv="refresh" content="0; url=index.shtml"></head><body></body></html>`
	pages := map[string]string{
		"/":              `<html><head><meta http-equiv="Refresh" content="0;URL='/index.shtml'"><title>跳转</title></head><body>正在跳转…</body></html>`,
		"/index.shtml":   `<html><head><title>示范县人民政府</title></head><body><a href="/col/">工作动态</a><a href="/a/index.html">A</a><a href="/b/index.html">B</a><a href="/slow.html">S</a><a href="/mobile.html">M</a><a href="/article.html">T</a><a href="/out.html">O</a></body></html>`,
		"/col/":          `<html><head><title></title><script>window.location.href = "/col/list.html";</script></head><body>如果页面没有自动跳转，请<a href="/col/list.html">点击这里</a></body></html>`,
		"/col/list.html": `<html><head><title>工作动态</title></head><body>工作动态列表</body></html>`,
		"/a/index.html":  stub, // the same stub in every folder
		"/b/index.html":  stub,
		"/a/index.shtml": `<html><head><title>A栏目</title></head><body>A</body></html>`,
		"/b/index.shtml": `<html><head><title>B栏目</title></head><body>B</body></html>`,
		"/slow.html":     `<html><head><meta http-equiv="refresh" content="5; url=/index.shtml"><title>通知</title></head><body>本页已迁移，5秒后返回首页。</body></html>`,
		"/mobile.html":   `<html><head><title>手机版</title><script>if (/Mobile/.test(navigator.userAgent)) { location.href = "/m/"; } else { location.href = "/pc/"; }</script></head><body>欢迎</body></html>`,
		"/article.html":  `<html><head><title>关于开展政务公开工作的通知</title><script>function back(){ location.href = "/index.shtml"; }</script></head><body>` + strings.Repeat("为进一步做好政务公开工作，全面推进决策、执行、管理、服务、结果公开。", 20) + `</body></html>`,
		"/out.html":      `<html><head><meta http-equiv="refresh" content="0;url=http://other.example.org/"></head><body></body></html>`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, body)
	}))
	defer srv.Close()
	s := runCrawl(t, srv.URL+"/", func(o *Options) { o.Resolver = offlineResolver() })

	got := map[string]string{} // page URL → its final URL
	for _, p := range s.Pages {
		got[strings.TrimPrefix(p.URL, srv.URL)] = strings.TrimPrefix(p.FinalURL, srv.URL)
	}
	want := map[string]string{
		"/":             "/index.shtml",
		"/col/":         "/col/list.html",
		"/a/index.html": "/a/index.shtml",
		"/b/index.html": "/b/index.shtml",
		"/slow.html":    "",
		"/mobile.html":  "",
		"/article.html": "",
	}
	for u, final := range want {
		if f, ok := got[u]; !ok || f != final {
			t.Errorf("page %s: final %q (recorded %v), want %q", u, f, ok, final)
		}
	}
	if len(got) != len(want) {
		t.Errorf("pages %v, want %v", got, want)
	}
	out := resource(s, "/out.html")
	if out == nil || out.Crawled || out.FinalURL != "http://other.example.org/" {
		t.Errorf("stub to another site = %+v, want a redirect, not a page", out)
	}
	if r := resource(s, "other.example.org/"); r == nil || len(r.Referrers) != 1 || !strings.HasSuffix(r.Referrers[0], "/out.html") {
		t.Errorf("the off-site target = %+v, want it checked as a link of the stub", r)
	}
	if home := page(s, srv.URL+"/"); home == nil || home.Title != "示范县人民政府" {
		t.Errorf("the start page is %+v, want the page its stub leads to", home)
	}
}
