package crawl

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

const probeQuery = "示范县召开2025年安全生产工作会议"

// probeSite is a homepage with the given search form, linking one dated
// article and an older one; /search/ answers with answer(query).
func probeSite(form string, answer func(w http.ResponseWriter, q string)) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/":
			fmt.Fprint(w, `<html><head><title>示范县人民政府</title></head><body>`+form+
				`<ul><li><a href="/a/1.html">示范县召开2025年安全生产工作…</a></li><li><a href="/a/0.html">旧闻：示范县去年的一次工作会议</a></li></ul></body></html>`)
		case "/a/1.html":
			fmt.Fprint(w, `<html><head><title>`+probeQuery+`_示范县人民政府</title><meta name="ArticleTitle" content="`+probeQuery+`"><meta name="PubDate" content="2025-11-20 09:00"></head><body><h1>`+probeQuery+`</h1><p>发布日期：2025-11-20</p></body></html>`)
		case "/a/0.html":
			fmt.Fprint(w, `<html><head><title>旧闻：示范县去年的一次工作会议_示范县人民政府</title><meta name="PubDate" content="2024-05-01 09:00"></head><body><p>发布日期：2024-05-01</p></body></html>`)
		case "/search/":
			n.Add(1)
			if r.URL.Query().Get("siteid") != "7" {
				http.Error(w, "missing siteid", http.StatusBadRequest)
				return
			}
			answer(w, r.URL.Query().Get("searchword"))
		default:
			http.NotFound(w, r)
		}
	})
	return httptest.NewServer(mux), &n
}

func TestSearchProbe(t *testing.T) {
	const getForm = `<form action="/search/" method="get"><input type="hidden" name="siteid" value="7"><input name="searchword"><input type="submit" value="搜索"></form>`
	finds := func(w http.ResponseWriter, q string) {
		if q == probeQuery {
			fmt.Fprint(w, `<html><body><a href="/a/1.html">示范县召开<em>2025年安全生产工作会议</em></a></body></html>`)
			return
		}
		fmt.Fprint(w, `<html><body>没有找到相关结果</body></html>`)
	}
	tests := []struct {
		name     string
		form     string
		answer   func(http.ResponseWriter, string)
		noProbe  bool
		requests int32
		want     string // "found", "not found", "skipped", "none", "status 500"
	}{
		{"finds the article", getForm, finds, false, 1, "found"},
		{"finds nothing", getForm, func(w http.ResponseWriter, q string) {
			fmt.Fprint(w, `<html><body>没有找到相关结果</body></html>`)
		}, false, 1, "not found"},
		{"server error", getForm, func(w http.ResponseWriter, q string) { http.Error(w, "boom", 500) }, false, 1, "status 500"},
		{"captcha", getForm, func(w http.ResponseWriter, q string) { fmt.Fprint(w, `<html><body>请输入验证码</body></html>`) }, false, 1, "skipped"},
		{"POST form sends nothing", strings.Replace(getForm, `method="get"`, `method="post"`, 1), finds, false, 0, "none"},
		{"--no-search-probe sends nothing", getForm, finds, true, 0, "none"},
		{"off-site form sends nothing", strings.Replace(getForm, `action="/search/"`, `action="http://search.example.invalid/s"`, 1), finds, false, 0, "none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, n := probeSite(tt.form, tt.answer)
			defer srv.Close()
			s := runCrawl(t, srv.URL+"/", func(o *Options) { o.NoSearchProbe = tt.noProbe; o.NoExternal = true })
			if got := n.Load(); got != tt.requests {
				t.Errorf("search requests = %d, want %d", got, tt.requests)
			}
			pr := s.SearchProbe
			got := "none"
			switch {
			case pr == nil:
			case pr.Skipped != "":
				got = "skipped"
			case pr.Found:
				got = "found"
			case pr.Status >= 400:
				got = fmt.Sprintf("status %d", pr.Status)
			default:
				got = "not found"
			}
			if got != tt.want {
				t.Fatalf("probe = %+v (%s), want %s", pr, got, tt.want)
			}
			if pr != nil && (pr.Query != probeQuery || !strings.HasSuffix(pr.Article, "/a/1.html")) {
				t.Errorf("probe searched %q (%s), want the newest article's full title", pr.Query, pr.Article)
			}
		})
	}
}
