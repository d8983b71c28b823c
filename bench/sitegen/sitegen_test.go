package sitegen

import (
	"context"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/crawl"
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
