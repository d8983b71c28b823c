package sitegen

import (
	"context"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gongkai/gongkai/crawl"
	"github.com/gongkai/gongkai/site"
)

// The generated site has the requested size, so benchmarks measure what
// they claim.
func TestSiteSize(t *testing.T) {
	srv := httptest.NewServer(Site{Pages: 300, PerList: 20})
	defer srv.Close()
	s, err := crawl.Run(context.Background(), crawl.Options{Start: srv.URL + "/", Concurrency: 8, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(s.Pages); n < 270 || n > 330 {
		t.Errorf("crawled %d pages, want about 300", n)
	}
	broken := 0
	for _, r := range s.Resources {
		if r.ErrClass != "" {
			broken++
		}
	}
	if broken == 0 {
		t.Error("the synthetic site has no broken links")
	}
}

func BenchmarkCrawl1k(b *testing.B) {
	srv := httptest.NewServer(Site{Pages: 1000, PerList: 20})
	defer srv.Close()
	for b.Loop() {
		s, err := crawl.Run(context.Background(), crawl.Options{Start: srv.URL + "/", Concurrency: 16, Timeout: 5 * time.Second})
		if err != nil || len(s.Pages) < 900 {
			b.Fatalf("%v, %d pages", err, len(s.Pages))
		}
	}
}

// reachable follows plain <a href> links only (no script), as linkinator and
// muffet do, and counts the HTML pages reached.
func reachable(t *testing.T, s Site) int {
	t.Helper()
	hrefRe := regexp.MustCompile(`<a href="(/[^"]*)"`)
	seen := map[string]bool{"/": true}
	queue := []string{"/"}
	html := 0
	for len(queue) > 0 && len(seen) < 10*s.Pages {
		p := queue[0]
		queue = queue[1:]
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
		if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			continue
		}
		html++
		for _, m := range hrefRe.FindAllStringSubmatch(rec.Body.String(), -1) {
			if !seen[m[1]] {
				seen[m[1]] = true
				queue = append(queue, m[1])
			}
		}
	}
	return html
}

// With StaticPager a tool that runs no script reaches the whole site, so
// peers and gongkai crawl the same pages; without it only the first list
// page of each column and its articles.
func TestStaticPager(t *testing.T) {
	s := Site{Pages: 600, PerList: 20}
	if n := reachable(t, s); n > 250 {
		t.Errorf("without the static pager %d pages are reachable by plain links; want only the first list pages", n)
	}
	s.StaticPager = true
	if n := reachable(t, s); n < 570 || n > 630 {
		t.Errorf("with the static pager %d pages are reachable by plain links, want about 600", n)
	}
}

// Every page and attachment carries a stable strong ETag and a fixed
// Last-Modified, and conditional requests for an unchanged URL get 304
// without a body; broken links stay 404 whatever the request says.
func TestConditionalRequests(t *testing.T) {
	s := Site{Pages: 300, PerList: 20, StaticPager: true}
	do := func(method, path string, hdr ...string) *httptest.ResponseRecorder {
		t.Helper()
		req := httptest.NewRequest(method, path, nil)
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		return rec
	}
	lm := lastModified.Format(http.TimeFormat)
	before := lastModified.Add(-time.Hour).Format(http.TimeFormat)
	for _, path := range []string{"/", "/gzdt/", "/gzdt/index_1.html", articleURL(2, 7), "/files/f5.csv", "/images/a1.png", "/css/site.css", "/robots.txt"} {
		first := do("GET", path)
		if first.Code != 200 {
			t.Fatalf("GET %s: %d", path, first.Code)
		}
		tag := first.Header().Get("ETag")
		if !strings.HasPrefix(tag, `"`) || strings.HasPrefix(tag, `W/`) || tag != etag(first.Body.Bytes()) {
			t.Errorf("GET %s: ETag %q, want a strong tag of the body", path, tag)
		}
		if got := first.Header().Get("Last-Modified"); got != lm {
			t.Errorf("GET %s: Last-Modified %q, want %q", path, got, lm)
		}
		if again := do("GET", path); again.Header().Get("ETag") != tag || again.Body.String() != first.Body.String() {
			t.Errorf("GET %s twice: ETag %q then %q, or another body", path, tag, again.Header().Get("ETag"))
		}
		for _, c := range []struct {
			hdr  []string
			want int
		}{
			{[]string{"If-None-Match", tag}, 304},
			{[]string{"If-None-Match", `"other", ` + tag}, 304},
			{[]string{"If-None-Match", `"other"`}, 200},
			{[]string{"If-Modified-Since", lm}, 304},
			{[]string{"If-Modified-Since", before}, 200},
			// If-None-Match decides when both are sent (RFC 9110 13.2.2).
			{[]string{"If-None-Match", `"other"`, "If-Modified-Since", lm}, 200},
			{[]string{"If-None-Match", tag, "If-Modified-Since", before}, 304},
		} {
			rec := do("GET", path, c.hdr...)
			if rec.Code != c.want {
				t.Errorf("GET %s %v: %d, want %d", path, c.hdr, rec.Code, c.want)
			}
			if c.want == 304 && (rec.Body.Len() != 0 || rec.Header().Get("ETag") != tag) {
				t.Errorf("GET %s %v: 304 with %d body bytes, ETag %q", path, c.hdr, rec.Body.Len(), rec.Header().Get("ETag"))
			}
			if c.want == 200 && rec.Body.String() != first.Body.String() {
				t.Errorf("GET %s %v: another body", path, c.hdr)
			}
		}
		if head := do("HEAD", path, "If-None-Match", tag); head.Code != 304 {
			t.Errorf("HEAD %s with its ETag: %d, want 304", path, head.Code)
		}
	}
	if a, b := do("GET", "/gzdt/").Header().Get("ETag"), do("GET", "/tzgg/").Header().Get("ETag"); a == b {
		t.Errorf("two different pages share the ETag %s", a)
	}
	for _, path := range []string{"/images/missing.png", "/files/gone13.csv", "/nosuch/", "/gzdt/index_999.html"} {
		rec := do("GET", path, "If-None-Match", "*", "If-Modified-Since", lm)
		if rec.Code != 404 || rec.Header().Get("ETag") != "" || rec.Header().Get("Last-Modified") != "" {
			t.Errorf("GET %s conditionally: %d, ETag %q, Last-Modified %q; want a plain 404", path, rec.Code,
				rec.Header().Get("ETag"), rec.Header().Get("Last-Modified"))
		}
	}
}

// A crawl that sends the previous crawl's validators downloads (almost) no
// page again and finds the same pages: what `gongkai scan --incremental`
// relies on, measured by bench/run.sh.
func TestRecrawlConditional(t *testing.T) {
	var bodyBytes, notModified, pages atomic.Int64
	h := Site{Pages: 300, PerList: 20}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		maps.Copy(w.Header(), rec.Header())
		w.WriteHeader(rec.Code)
		n, _ := w.Write(rec.Body.Bytes())
		bodyBytes.Add(int64(n))
		switch {
		case rec.Code == 304:
			notModified.Add(1)
		case rec.Code == 200 && strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html"):
			pages.Add(1)
		}
	}))
	defer srv.Close()
	opts := crawl.Options{Start: srv.URL + "/", Concurrency: 8, Timeout: 5 * time.Second}
	first, err := crawl.Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	full := bodyBytes.Swap(0)
	pages.Store(0)
	opts.Previous = map[string]*site.Page{}
	for _, p := range first.Pages {
		if p.ETag == "" || p.LastModified == "" {
			t.Fatalf("%s: crawled without validators (ETag %q, Last-Modified %q)", p.URL, p.ETag, p.LastModified)
		}
		opts.Previous[p.URL] = p
	}
	second, err := crawl.Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	inc := bodyBytes.Load()
	// The pages downloaded again are /col/index.html: the same body as /col/,
	// so not a page of the snapshot, so asked for without validators.
	t.Logf("%d pages: first crawl %d body bytes, second %d (%d answered 304, %d pages downloaded again)",
		len(first.Pages), full, inc, notModified.Load(), pages.Load())
	if len(second.Pages) != len(first.Pages) {
		t.Errorf("second crawl: %d pages, first %d", len(second.Pages), len(first.Pages))
	}
	if notModified.Load() < int64(len(first.Pages))*9/10 || inc*5 > full {
		t.Errorf("second crawl: %d of %d pages answered 304, %d of %d body bytes sent again; want ≥ 80%% fewer bytes",
			notModified.Load(), len(first.Pages), inc, full)
	}
}
