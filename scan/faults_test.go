package scan

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/gongkai/gongkai/checks"
)

// faultySite is a fault-injection server: every way a real government site
// misbehaves, on one site. Each fault must end classified (broken, blocked,
// retried into success, or skipped) and the scan must end on its own.
func faultySite(t *testing.T) *httptest.Server {
	var mu sync.Mutex
	hits := map[string]int{}
	hit := func(p string) int {
		mu.Lock()
		defer mu.Unlock()
		hits[p]++
		return hits[p]
	}
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(`<html><head><title>旧版栏目页</title></head><body>通知公告 正文</body></html>`)
	html := func(w http.ResponseWriter, body string) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, body)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		html(w, `<html><head><title>故障站点</title></head><body>
<a href="/slow.html">慢</a> <a href="/flaky.html">偶发错误</a> <a href="/busy.pdf">限流附件</a>
<a href="/waf.html">防火墙</a> <a href="/loop">循环</a> <a href="/tofile">跳转到本地文件</a>
<a href="/cal.jsp?date=0">日历</a> <a href="/list.jsp;jsessionid=ABC123?id=1">会话</a>
<a href="/bin.html">二进制</a> <a href="/nul.html">空字节</a> <a href="/gbk.html">无字符集</a>
<a href="/broken.html">残缺标记</a> <a href="/huge.html">超大页面</a> <a href="/private/a.html">robots</a>
<a href="/s?q=1&q=1">重复参数</a></body></html>`)
	})
	mux.HandleFunc("/slow.html", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(3 * time.Second):
		case <-r.Context().Done():
		}
		html(w, "<html><title>late</title></html>")
	})
	mux.HandleFunc("/flaky.html", func(w http.ResponseWriter, r *http.Request) {
		if hit(r.URL.Path) == 1 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		html(w, "<html><head><title>恢复正常</title></head><body>正文</body></html>")
	})
	mux.HandleFunc("/busy.pdf", func(w http.ResponseWriter, r *http.Request) {
		if hit(r.URL.Path) == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.4\n%%EOF\n"))
	})
	mux.HandleFunc("/waf.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusPreconditionFailed)
		fmt.Fprint(w, `<html><head><script>$_ts=window['$_ts'];$_ts.nsd=1;</script></head></html>`)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop2", http.StatusFound) })
	mux.HandleFunc("/loop2", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/tofile", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "file:///etc/passwd")
		w.WriteHeader(http.StatusFound)
	})
	mux.HandleFunc("/cal.jsp", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Query().Get("date"), "%d", &n)
		html(w, fmt.Sprintf(`<html><body><a href="/cal.jsp?date=%d">下一天</a></body></html>`, n+1))
	})
	mux.HandleFunc("/bin.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte{0, 1, 2, 0xff}, 500)...))
	})
	mux.HandleFunc("/nul.html", func(w http.ResponseWriter, r *http.Request) {
		html(w, "<html><head><title>空字节\x00页面</title></head><body>正文\x00内容</body></html>")
	})
	mux.HandleFunc("/gbk.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, gbk)
	})
	mux.HandleFunc("/broken.html", func(w http.ResponseWriter, r *http.Request) {
		html(w, `<html><head><title>残缺<body><div><table><tr><td>索引号：<td>ABC<p><a href="/nul.html">链接`)
	})
	mux.HandleFunc("/huge.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html><head><title>超大页面</title></head><body>")
		chunk := bytes.Repeat([]byte("<p>很长的正文。</p>"), 4096)
		for i := 0; i < 200 && r.Context().Err() == nil; i++ { // ~20 MB
			w.Write(chunk)
		}
	})
	mux.HandleFunc("/private/a.html", func(w http.ResponseWriter, r *http.Request) {
		t.Error("robots.txt disallowed /private/ but it was fetched")
	})
	return httptest.NewServer(mux)
}

func TestFaultySiteEndsAndClassifiesEverything(t *testing.T) {
	srv := faultySite(t)
	defer srv.Close()
	o := baseOptions(t, srv.URL+"/")
	o.Timeout = time.Second
	o.RetryBackoff = 50 * time.Millisecond
	o.MaxTime = 60 * time.Second
	began := time.Now()
	out, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(began); d > 45*time.Second {
		t.Errorf("scan took %v", d)
	}
	r := out.Report
	if !r.Complete {
		t.Errorf("incomplete: %s", r.StopReason)
	}
	by := map[string][]checks.Finding{}
	for _, f := range r.Findings {
		by[strings.TrimPrefix(f.URL, srv.URL)] = append(by[strings.TrimPrefix(f.URL, srv.URL)], f)
	}
	want := map[string]string{
		"/slow.html": "link-broken", // timed out after its retries
		"/waf.html":  "link-blocked",
		"/loop":      "link-broken",
		"/tofile":    "link-broken",
	}
	for path, rule := range want {
		found := false
		for _, f := range by[path] {
			if f.Rule == rule {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no %s finding (got %+v)", path, rule, by[path])
		}
	}
	// Retried into success, skipped, or decoded: no link finding.
	for _, path := range []string{"/flaky.html", "/busy.pdf", "/bin.html", "/nul.html", "/gbk.html", "/broken.html", "/huge.html", "/private/a.html", "/cal.jsp?date=400"} {
		for _, f := range by[path] {
			if strings.HasPrefix(f.Rule, "link-") {
				t.Errorf("%s wrongly reported: %s %s", path, f.Rule, f.Evidence)
			}
		}
	}
	if r.Pages > 330 {
		t.Errorf("%d pages: the calendar trap was not contained", r.Pages)
	}
}

// One page under two addresses is one page; two missing articles answered
// with the same error template are both broken.
func TestSameBodyTwoAddresses(t *testing.T) {
	mux := http.NewServeMux()
	list := `<html><head><title>通知公告</title><meta name="ColumnName" content="通知公告"></head><body><ul>
<li><a href="/col/t20251101_1.html">通知一</a><span>2025-11-01</span></li><li><a href="/gone1.html">旧通知一</a><span>2025-10-01</span></li>
<li><a href="/gone2.html">旧通知二</a><span>2025-09-01</span></li></ul></body></html>`
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		switch r.URL.Path {
		case "/":
			fmt.Fprint(w, `<html><body><a href="/col/">通知公告</a> <a href="/col/index.html">更多</a></body></html>`)
		case "/col/", "/col/index.html":
			fmt.Fprint(w, list)
		case "/gone1.html", "/gone2.html":
			fmt.Fprint(w, `<html><head><title>页面不存在</title></head><body>您访问的页面不存在</body></html>`)
		default:
			fmt.Fprintf(w, `<html><head><title>%s</title></head><body>正文</body></html>`, r.URL.Path)
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	out, err := Run(context.Background(), baseOptions(t, srv.URL+"/"))
	if err != nil {
		t.Fatal(err)
	}
	// /, /col/ (= /col/index.html), t20251101_1 and gone1 (= gone2).
	if out.Report.Pages != 4 {
		t.Errorf("pages = %d, want 4", out.Report.Pages)
	}
	broken := map[string]bool{}
	perColumn := 0
	for _, f := range out.Report.Findings {
		if f.Rule == "link-broken" {
			broken[strings.TrimPrefix(f.URL, srv.URL)] = true
		}
		if strings.HasPrefix(f.Rule, "column-") {
			perColumn++
		}
	}
	if !broken["/gone1.html"] || !broken["/gone2.html"] {
		t.Errorf("soft 404s reported: %v", broken)
	}
	if perColumn > 1 {
		t.Errorf("%d column findings for one column served at two addresses", perColumn)
	}
}
