package scan

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/demo"
	"github.com/gongkai/gongkai/internal/testkit"
	"github.com/gongkai/gongkai/shot"
)

// check FILE.warc --screenshots renders the archived pages: with the site
// gone, every image is of the page as archived (its own title, not a
// browser error page), through the archive's loopback proxy.
func TestWARCScreenshotsFromArchive(t *testing.T) {
	bin := testkit.Chromium(t, shot.Find)
	srv := httptest.NewServer(demo.Handler(demo.Site()))
	dir := t.TempDir()
	warc := filepath.Join(dir, "site.warc.gz")
	o := baseOptions(t, srv.URL+"/")
	o.WARCPath = warc
	if _, err := Run(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	home := srv.URL + "/"
	srv.Close() // from here on, only the archive can show the site

	o = baseOptions(t, "")
	o.ScreenshotDir = filepath.Join(dir, "shots")
	b := shot.NewBrowser(shot.Config{Chrome: bin})
	defer b.Close()
	o.Shots = b
	var res *shot.Result
	o.shotsTaken = func(r *shot.Result) { res = r }
	out, err := CheckWARC(context.Background(), o, warc)
	if err != nil {
		t.Fatal(err)
	}
	if res == nil || len(res.Files) == 0 || len(out.Report.Screenshots) == 0 {
		t.Fatalf("no screenshots taken: %+v", res)
	}
	for page, f := range res.Files {
		if st, err := os.Stat(f); err != nil || st.Size() == 0 {
			t.Errorf("%s: image %s: %v", page, f, err)
		}
		// Chromium's error page would be titled by the address.
		if title := res.Titles[page]; title == "" || strings.Contains(title, "127.0.0.1") {
			t.Errorf("%s rendered %q: not the archived page", page, title)
		}
	}
	if title := res.Titles[home]; !strings.Contains(title, "示范县人民政府") {
		t.Errorf("home page rendered %q, archived title 示范县人民政府", title)
	}
}
