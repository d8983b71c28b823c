package sitegen

import (
	"context"
	"net/http/httptest"
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
