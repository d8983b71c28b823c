package scan

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gongkai/gongkai/demo"
	"github.com/gongkai/gongkai/internal/testkit"
	"github.com/gongkai/gongkai/shot"
)

// With --screenshots the browser starts while the site is crawled, not
// after (issue 16): the demo's home page is served only once the browser
// runs or 45 s have passed, and says which came first. (Chromium may take
// seconds to start on a loaded machine: the crawl's timeout is longer.)
func TestScreenshotsBrowserStartsDuringCrawl(t *testing.T) {
	bin := testkit.Chromium(t, shot.Find)
	b := shot.NewBrowser(shot.Config{Chrome: bin})
	defer b.Close()
	var duringCrawl, asked atomic.Bool
	site := demo.Handler(demo.Site())
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The crawl's request, not the browser's (HeadlessChrome).
		if r.URL.Path == "/" && !strings.Contains(r.UserAgent(), "Chrome") && !asked.Swap(true) {
			deadline := time.Now().Add(45 * time.Second)
			for !b.Running() && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
			}
			if b.Running() {
				duringCrawl.Store(true)
			}
		}
		site.ServeHTTP(w, r)
	}))
	defer srv.Close()
	o := baseOptions(t, srv.URL+"/")
	o.Timeout = time.Minute
	o.ScreenshotDir = filepath.Join(t.TempDir(), "shots")
	o.Shots = b
	var res *shot.Result
	o.shotsTaken = func(r *shot.Result) { res = r }
	if _, err := Run(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	if !duringCrawl.Load() {
		t.Error("the browser was not running while the home page was crawled")
	}
	if res == nil || len(res.Files) == 0 {
		t.Fatalf("no screenshots taken: %+v", res)
	}
}
