package crawl

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gongkai/gongkai/site"
)

// An attachment is reused on 304 only: one that changed since the baseline
// is read again (a name list republished with ID numbers must be seen).
func TestAttachmentConditional(t *testing.T) {
	var version atomic.Int32
	var downloads atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<html><head><title>公示</title></head><body><a href="/list.csv">名单</a></body></html>`))
	})
	mux.HandleFunc("/list.csv", func(w http.ResponseWriter, r *http.Request) {
		body, etag := "姓名,金额\n张三,100\n", `"v0"`
		if version.Load() > 0 {
			body, etag = "姓名,金额\n李四,200\n", `"v1"`
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("ETag", etag)
		if r.Method == http.MethodGet && r.Header.Get("If-None-Match") != etag {
			downloads.Add(1) // a 200 with the body
		}
		http.ServeContent(w, r, "list.csv", time.Date(2025, 11, 20, 0, 0, 0, 0, time.UTC), bytes.NewReader([]byte(body)))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	attachment := func(s *site.Site) *site.Attachment {
		for _, a := range s.Attachments {
			if strings.HasSuffix(a.URL, "/list.csv") {
				return a
			}
		}
		t.Fatalf("no attachment record in %+v", s.Attachments)
		return nil
	}
	base := attachment(runCrawl(t, srv.URL+"/", nil))
	if base.ETag != `"v0"` || !strings.Contains(base.Text, "张三") {
		t.Fatalf("baseline record: %+v", base)
	}
	prev := map[string]*site.Attachment{base.URL: base}
	withPrev := func(o *Options) { o.PreviousAttachments = prev }

	downloads.Store(0)
	same := attachment(runCrawl(t, srv.URL+"/", withPrev))
	if downloads.Load() != 0 || !strings.Contains(same.Text, "张三") {
		t.Errorf("unchanged: %d downloads, text %q", downloads.Load(), same.Text)
	}

	version.Store(1)
	changed := attachment(runCrawl(t, srv.URL+"/", withPrev))
	if !strings.Contains(changed.Text, "李四") || strings.Contains(changed.Text, "张三") || changed.ETag != `"v1"` {
		t.Errorf("changed attachment reused the old record: %+v", changed)
	}
}
