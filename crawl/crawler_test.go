package crawl

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gongkai/gongkai/demo"
	"github.com/gongkai/gongkai/internal/testkit"
	"github.com/gongkai/gongkai/site"
)

func runCrawl(t *testing.T, start string, mod func(*Options)) *site.Site {
	t.Helper()
	o := Options{Start: start, Rate: 0, Concurrency: 4, Timeout: 5 * time.Second}
	if mod != nil {
		mod(&o)
	}
	s, err := Run(context.Background(), o)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return s
}

func resource(s *site.Site, suffix string) *site.Resource {
	for _, r := range s.Resources {
		if strings.HasSuffix(r.URL, suffix) {
			return r
		}
	}
	return nil
}

func page(s *site.Site, suffix string) *site.Page {
	for _, p := range s.Pages {
		if strings.HasSuffix(p.URL, suffix) {
			return p
		}
	}
	return nil
}

// countingHandler counts requests per method and path.
type countingHandler struct {
	h  http.Handler
	mu sync.Mutex
	n  map[string]int
}

func (c *countingHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[r.Method+" "+r.URL.Path]++
	c.mu.Unlock()
	c.h.ServeHTTP(w, r)
}

func (c *countingHandler) count(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[key]
}

func TestCrawlDemoSite(t *testing.T) {
	ch := &countingHandler{h: demo.Handler(demo.Site())}
	srv := httptest.NewServer(ch)
	defer srv.Close()
	s := runCrawl(t, srv.URL+"/", nil)

	if !s.Complete {
		t.Errorf("crawl incomplete: %s", s.StopReason)
	}
	for _, want := range []string{
		"/xwzx/gzdt/index_1.html",              // only reachable through createPageHTML
		"/xxgk/zcwj/202509/t20250915_102.html", // only reachable through document.writeln
		"/xwzx/tzgg/202510/t20251028_301.html", // GB2312 declared in <meta> only
		"/xwzx/tzgg/202508/t20250801_300.html", // soft 404, status 200
	} {
		if page(s, want) == nil {
			t.Errorf("page %s not crawled", want)
		}
	}
	if p := page(s, "/xwzx/tzgg/202510/t20251028_301.html"); p != nil {
		if !strings.HasPrefix(p.Title, "关于2025年第三季度城乡低保名单的公示") {
			t.Errorf("GB2312 page title decoded as %q", p.Title)
		}
		if p.Charset != "gb18030" && p.Charset != "gbk" && p.Charset != "gb2312" {
			t.Errorf("GB2312 page charset = %q", p.Charset)
		}
	}

	xls := resource(s, "/uploads/2025/10/%E4%BD%8E%E4%BF%9D%E5%90%8D%E5%8D%95.xls")
	if xls == nil {
		t.Fatalf("attachment not recorded; resources: %v", urls(s))
	}
	if xls.Status != 404 || xls.ErrClass != site.ErrHTTPStatus || xls.Crawled {
		t.Errorf("broken attachment = %+v", xls)
	}
	if len(xls.Referrers) != 1 || !strings.HasSuffix(xls.Referrers[0], "t20251028_301.html") {
		t.Errorf("attachment referrers = %v", xls.Referrers)
	}
	if img := resource(s, "/images/banner2.jpg"); img == nil || img.Status != 404 || img.Kind != site.KindImage {
		t.Errorf("missing image = %+v", img)
	}
	if ok := resource(s, "/images/logo.png"); ok == nil || ok.ErrClass != "" || ok.Status != 200 {
		t.Errorf("logo = %+v", ok)
	}
	// Every page links the logo; the list is capped, the count is not.
	if logo := resource(s, "/images/logo.png"); logo.Referenced() < len(s.Pages)-2 || len(logo.Referrers) > site.MaxReferrers {
		t.Errorf("logo: %d referrers listed of %d, %d pages", len(logo.Referrers), logo.Referenced(), len(s.Pages))
	}
	// Each distinct target is checked once however many pages link to it.
	if n := ch.count("HEAD /images/logo.png"); n != 1 {
		t.Errorf("logo checked %d times", n)
	}
	if n := ch.count("GET /images/logo.png"); n != 0 {
		t.Errorf("logo downloaded %d times; a HEAD answer of 200 is enough", n)
	}
	if adm := resource(s, "/admin/"); adm == nil || adm.NotChecked == "" {
		t.Errorf("robots-disallowed /admin/ = %+v", adm)
	}
	if n := ch.count("GET /admin/"); n != 0 {
		t.Errorf("robots.txt ignored: /admin/ fetched %d times", n)
	}
	dead := resource(s, "127.0.0.1:9/")
	if dead == nil || dead.ErrClass != site.ErrRefused {
		t.Errorf("dead external link = %+v", dead)
	}
	for _, r := range s.Resources {
		if strings.HasPrefix(r.URL, "mailto:") || strings.HasPrefix(r.URL, "javascript:") {
			t.Errorf("skipped scheme recorded: %s", r.URL)
		}
	}
	// Every HTML page is fetched once.
	for k, n := range ch.n {
		if strings.HasPrefix(k, "GET ") && strings.HasSuffix(k, ".html") && n > 1 {
			t.Errorf("%s fetched %d times", k, n)
		}
	}
}

func urls(s *site.Site) []string {
	var out []string
	for _, r := range s.Resources {
		out = append(out, r.URL)
	}
	return out
}

func TestHeadRefusedFallsBackToGet(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<html><body><a href="/file.pdf">附件</a><a href="/gone.pdf">旧附件</a></body></html>`)
	})
	mux.HandleFunc("/file.pdf", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", "application/pdf")
		fmt.Fprint(w, "%PDF-1.4")
	})
	mux.HandleFunc("/gone.pdf", http.NotFound)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	s := runCrawl(t, srv.URL+"/", nil)
	if r := resource(s, "/file.pdf"); r == nil || r.ErrClass != "" || r.Status != 200 {
		t.Errorf("HEAD-refused attachment = %+v, want fine after GET", r)
	}
	if r := resource(s, "/gone.pdf"); r == nil || r.Status != 404 {
		t.Errorf("missing attachment = %+v", r)
	}
}

func TestRedirects(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<html><body><a href="/loop1">loop</a> <a href="/moved">moved</a> <a href="/file">file</a></body></html>`)
	})
	mux.HandleFunc("/loop1", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop2", http.StatusFound) })
	mux.HandleFunc("/loop2", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop1", http.StatusFound) })
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/new.html", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/new.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html><head><title>新地址</title></head><body>ok</body></html>`)
	})
	mux.HandleFunc("/file", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/zip")
		fmt.Fprint(w, strings.Repeat("z", 1<<20))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	s := runCrawl(t, srv.URL+"/", nil)
	if r := resource(s, "/loop1"); r == nil || r.ErrClass != site.ErrRedirectLoop {
		t.Errorf("redirect loop = %+v", r)
	}
	p := page(s, "/moved")
	if p == nil || p.Title != "新地址" || !strings.HasSuffix(p.FinalURL, "/new.html") {
		t.Errorf("redirected page = %+v", p)
	}
	if r := resource(s, "/file"); r == nil || r.ErrClass != "" || r.Crawled {
		t.Errorf("non-HTML link = %+v", r)
	}
}

func TestMaxPagesAndDepth(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		// An endless chain: /p/N links to /p/N+1 and to /p/N+100.
		var n int
		fmt.Sscanf(r.URL.Path, "/p/%d", &n)
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<html><body><a href="/p/%d">next</a><a href="/p/%d">far</a></body></html>`, n+1, n+100)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	s := runCrawl(t, srv.URL+"/", func(o *Options) { o.MaxPages = 5 })
	if len(s.Pages) != 5 || s.Complete || !strings.Contains(s.StopReason, "max-pages") {
		t.Errorf("max-pages 5: %d pages, complete=%v (%s)", len(s.Pages), s.Complete, s.StopReason)
	}
	s = runCrawl(t, srv.URL+"/", func(o *Options) { o.Depth = 2 })
	for _, p := range s.Pages {
		if p.Depth > 2 {
			t.Errorf("page %s at depth %d beyond --depth 2", p.URL, p.Depth)
		}
	}
	if len(s.Pages) != 6 { // /; /p/1 /p/100; /p/2 /p/101 /p/200
		t.Errorf("depth 2: %d pages, want 6", len(s.Pages))
	}
}

func TestStartErrors(t *testing.T) {
	pdf := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		fmt.Fprint(w, "%PDF-1.4")
	}))
	defer pdf.Close()
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "oops", http.StatusInternalServerError)
	}))
	defer broken.Close()
	closedURL := testkit.ClosedURL()

	tests := []struct {
		name, start string
		usage       bool
		contains    string
	}{
		{"malformed", "ht!tp://", true, "not a web address"},
		{"ftp", "ftp://example.gov.cn/", true, "not a web address"},
		{"non-HTML", pdf.URL + "/", true, "not an HTML page"},
		{"5xx", broken.URL + "/", false, "500"},
		{"refused", closedURL + "/", false, "拒绝连接"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Run(context.Background(), Options{Start: tt.start, Timeout: 2 * time.Second})
			var se *StartError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want StartError", err)
			}
			if se.Usage != tt.usage || !strings.Contains(se.Error(), tt.contains) {
				t.Errorf("err = %q (usage %v), want usage=%v containing %q", se.Error(), se.Usage, tt.usage, tt.contains)
			}
		})
	}
}

func TestCancelReturnsPartial(t *testing.T) {
	var once sync.Once
	ctx, cancel := context.WithCancelCause(context.Background())
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Path, "/p/%d", &n)
		if n >= 3 {
			once.Do(func() { cancel(errors.New("interrupted by the user")) })
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<html><body><a href="/p/%d">next</a></body></html>`, n+1)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	s, err := Run(ctx, Options{Start: srv.URL + "/", Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if s.Complete || !strings.Contains(s.StopReason, "interrupted") {
		t.Errorf("complete=%v reason=%q", s.Complete, s.StopReason)
	}
	if len(s.Pages) < 3 || len(s.Pages) > 5 {
		t.Errorf("pages after cancel = %d", len(s.Pages))
	}
}

func TestPrivateTargetsGuarded(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	c := newChecker(newPoliteTransport(newBaseTransport(2, 2*time.Second, true, dialing{}), 0, 2*time.Second), DefaultUserAgent)
	r := c.check(context.Background(), srv.URL+"/")
	if r.notChecked == "" || r.errClass != "" {
		t.Errorf("private target = %+v, want not checked", r)
	}
	c = newChecker(newPoliteTransport(newBaseTransport(2, 2*time.Second, false, dialing{}), 0, 2*time.Second), DefaultUserAgent)
	if r := c.check(context.Background(), srv.URL+"/"); r.status != 200 {
		t.Errorf("allowed private target = %+v", r)
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		err  error
		want site.ErrClass
	}{
		{&net.DNSError{Err: "no such host", Name: "x.invalid", IsNotFound: true}, site.ErrDNS},
		{&net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}, site.ErrRefused},
		{context.DeadlineExceeded, site.ErrTimeout},
		{fmt.Errorf("get: %w", errRedirectLoop), site.ErrRedirectLoop},
		{errors.New("tls: handshake failure"), site.ErrTLS},
		{errors.New("something else"), site.ErrOther},
	}
	for _, tt := range tests {
		if got := classify(tt.err); got != tt.want {
			t.Errorf("classify(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}

func TestBlockedIsNotBroken(t *testing.T) {
	challenge := `<html><head><script>$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=84;</script></head><body></body></html>`
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<html><body><a href="/guarded.html">栏目</a><a href="/files/a.pdf">附件</a></body></html>`)
	})
	mux.HandleFunc("/guarded.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusPreconditionFailed)
		fmt.Fprint(w, challenge)
	})
	mux.HandleFunc("/files/a.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusPreconditionFailed)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	s := runCrawl(t, srv.URL+"/", nil)
	for _, suffix := range []string{"/guarded.html", "/files/a.pdf"} {
		r := resource(s, suffix)
		if r == nil || r.Blocked == "" {
			t.Errorf("%s = %+v, want blocked", suffix, r)
		}
	}
	if page(s, "/guarded.html") != nil {
		t.Error("a challenge page was extracted as a page of the site")
	}

	guardedStart := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, challenge)
	}))
	defer guardedStart.Close()
	_, err := Run(context.Background(), Options{Start: guardedStart.URL + "/", Timeout: 2 * time.Second})
	var se *StartError
	if !errors.As(err, &se) || se.Usage || !strings.Contains(se.Reason, "whitelist") {
		t.Errorf("blocked start page: err = %v", err)
	}
}

func TestAttachmentsAreRead(t *testing.T) {
	csv := []byte("姓名,身份证号\n张三,110101199003074514\n")
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<html><body><a href="/files/list.csv">低保名单</a> <a href="/files/scan.wps">扫描件</a> <a href="http://127.0.0.1:9/x.csv">外部</a></body></html>`)
	})
	mux.HandleFunc("/files/list.csv", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/csv")
		w.Write(csv)
	})
	mux.HandleFunc("/files/scan.wps", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte{0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0})
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	s := runCrawl(t, srv.URL+"/", nil)
	byURL := map[string]*site.Attachment{}
	for _, a := range s.Attachments {
		byURL[a.URL] = a
	}
	list := byURL[srv.URL+"/files/list.csv"]
	if list == nil || !strings.Contains(list.Text, "110101199003074514") || list.Name != "低保名单" || len(list.Referrers) != 1 {
		t.Errorf("csv attachment = %+v", list)
	}
	if w := byURL[srv.URL+"/files/scan.wps"]; w == nil || w.Unreadable == "" || w.Text != "" {
		t.Errorf("wps attachment = %+v", w)
	}
	if len(s.Attachments) != 2 {
		t.Errorf("%d attachments read; off-site files must only be checked", len(s.Attachments))
	}
	if r := resource(s, "/files/list.csv"); r == nil || r.Status != 200 {
		t.Errorf("attachment resource = %+v", r)
	}
}

func TestRetriesAndRetryAfter(t *testing.T) {
	var mu sync.Mutex
	calls := map[string]int{}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<html><body><a href="/flaky.html">a</a><a href="/busy.pdf">b</a><a href="/down.pdf">c</a></body></html>`)
	})
	count := func(p string) int {
		mu.Lock()
		defer mu.Unlock()
		calls[p]++
		return calls[p]
	}
	mux.HandleFunc("/flaky.html", func(w http.ResponseWriter, r *http.Request) {
		if count(r.URL.Path) == 1 {
			http.Error(w, "busy", http.StatusBadGateway)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<html><head><title>ok</title></head></html>`)
	})
	mux.HandleFunc("/busy.pdf", func(w http.ResponseWriter, r *http.Request) {
		if count(r.URL.Path) == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Header().Set("Content-Type", "application/pdf")
		fmt.Fprint(w, "%PDF-1.4")
	})
	mux.HandleFunc("/down.pdf", func(w http.ResponseWriter, r *http.Request) {
		count(r.URL.Path)
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	began := time.Now()
	s := runCrawl(t, srv.URL+"/", func(o *Options) { o.RetryBackoff = 10 * time.Millisecond })
	if page(s, "/flaky.html") == nil {
		t.Error("a page that failed once was not retried")
	}
	if r := resource(s, "/busy.pdf"); r == nil || r.ErrClass != "" {
		t.Errorf("429 then OK = %+v", r)
	}
	if time.Since(began) < time.Second {
		t.Error("Retry-After: 1 was not honoured")
	}
	if r := resource(s, "/down.pdf"); r == nil || r.Status != 503 {
		t.Errorf("always 503 = %+v", r)
	}
	mu.Lock()
	defer mu.Unlock()
	// HEAD and GET per attempt, 3 attempts at most.
	if n := calls["/down.pdf"]; n < 3 || n > 6 {
		t.Errorf("/down.pdf requested %d times, want 3 attempts", n)
	}
}

func TestRetryAfterParsing(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	if d := parseRetryAfter("120", now); d != 2*time.Minute {
		t.Errorf("seconds: %v", d)
	}
	if d := parseRetryAfter(now.Add(30*time.Second).Format(http.TimeFormat), now); d != 30*time.Second {
		t.Errorf("date: %v", d)
	}
	if d := retryDelay(time.Second, 1, time.Hour); d != maxRetryAfter {
		t.Errorf("cap: %v", d)
	}
	if d := retryDelay(time.Second, 3, 0); d != 4*time.Second {
		t.Errorf("backoff: %v", d)
	}
}

func TestResumeDoesNotRefetch(t *testing.T) {
	ch := &countingHandler{h: demo.Handler(demo.Site())}
	srv := httptest.NewServer(ch)
	defer srv.Close()
	full := runCrawl(t, srv.URL+"/", nil)
	// Pretend the first crawl was interrupted after a few pages.
	var done []*site.Page
	for _, p := range full.Pages {
		if p.URL == srv.URL+"/" || strings.Contains(p.URL, "/xwzx/") {
			done = append(done, p)
		}
	}
	ch2 := &countingHandler{h: demo.Handler(demo.Site())}
	srv.Config.Handler = ch2
	resumed := runCrawl(t, srv.URL+"/", func(o *Options) { o.Resume = done })
	if len(resumed.Pages) != len(full.Pages) || !resumed.Complete {
		t.Errorf("resumed crawl has %d pages (complete %v), full one %d", len(resumed.Pages), resumed.Complete, len(full.Pages))
	}
	for _, p := range done {
		u, _ := url.Parse(p.URL)
		if n := ch2.count("GET " + u.Path); n != 0 {
			t.Errorf("%s fetched again (%d) after resume", u.Path, n)
		}
	}
}

func TestFetchOnlyWhatIsAsked(t *testing.T) {
	ch := &countingHandler{h: demo.Handler(demo.Site())}
	srv := httptest.NewServer(ch)
	defer srv.Close()
	s, err := Fetch(context.Background(), Options{Start: srv.URL + "/", Rate: 0, Timeout: 5 * time.Second},
		[]string{srv.URL + "/xwzx/gzdt/202511/t20251105_202.html"}, []string{srv.URL + "/images/banner2.jpg", srv.URL + "/images/logo.png"})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Pages) != 1 || s.Pages[0].Title == "" {
		t.Errorf("pages = %d", len(s.Pages))
	}
	if r := resource(s, "/images/banner2.jpg"); r == nil || r.Status != 404 {
		t.Errorf("banner2 = %+v", r)
	}
	if r := resource(s, "/images/logo.png"); r == nil || r.Status != 200 || r.ErrClass != "" {
		t.Errorf("logo = %+v", r)
	}
	ch.mu.Lock()
	defer ch.mu.Unlock()
	// The page once, each target once (HEAD, plus GET for the one HEAD
	// found broken): nothing followed.
	for k := range ch.n {
		if !strings.Contains(k, "/images/") && !strings.HasSuffix(k, "t20251105_202.html") && !strings.HasSuffix(k, "robots.txt") {
			t.Errorf("unexpected request %s", k)
		}
	}
	if len(ch.n) > 4 {
		t.Errorf("requests: %v", ch.n)
	}
}

// A 大汉 column draws its list from dataproxy.jsp: the crawler must load it
// (every window), add the entries to the page and crawl them.
func TestHanwebListExpanded(t *testing.T) {
	fixture := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join("testdata", "loaders", name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	var mu sync.Mutex
	proxyCalls := 0
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		if strings.HasPrefix(r.URL.Path, "/art/") {
			fmt.Fprintf(w, `<html><head><title>文章 %s</title></head><body>正文</body></html>`, r.URL.Path)
			return
		}
		fmt.Fprint(w, `<html><body><a href="/col/col1229/index.html">通知公告</a></body></html>`)
	})
	mux.HandleFunc("/col/col1229/index.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(fixture("hanweb_column.html"))
	})
	mux.HandleFunc("/module/web/jpage/dataproxy.jsp", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		proxyCalls++
		mu.Unlock()
		w.Header().Set("Content-Type", "text/xml")
		if r.URL.Query().Get("startrecord") == "1" || r.URL.Query().Get("startrecord") == "" {
			w.Write(fixture("hanweb_response_1.xml"))
			return
		}
		w.Write(fixture("hanweb_response_last.xml"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	s := runCrawl(t, srv.URL+"/", nil)
	col := page(s, "/col/col1229/index.html")
	if col == nil {
		t.Fatal("column not crawled")
	}
	if col.Loaded < 1 || len(col.Items) < 5 || col.Unexpanded != "" {
		t.Errorf("column: loaded %d, %d items, unexpanded %q", col.Loaded, len(col.Items), col.Unexpanded)
	}
	if page(s, "/art/2025/11/20/art_1229_101.html") == nil {
		t.Error("an entry of the script-rendered list was not crawled")
	}
}

// At --rate r, drive hands colly only a second's worth of pages beyond the
// connections; unpaced, the deep queue that keeps them busy (issue 14).
func TestDispatchLimit(t *testing.T) {
	for _, tt := range []struct {
		concurrency int
		rate        float64
		want        int64
	}{
		{4, 0, 32},   // unpaced: as before
		{16, 0, 128}, // unpaced, many connections
		{4, 2, 10},   // the default --rate 2
		{4, 0.5, 9},  // a page every two seconds
		{1, 2, 4},
		{4, 50, 32}, // fast paces keep the full queue
	} {
		if got := dispatchLimit(tt.concurrency, tt.rate); got != tt.want {
			t.Errorf("dispatchLimit(%d, %g) = %d, want %d", tt.concurrency, tt.rate, got, tt.want)
		}
	}
}
