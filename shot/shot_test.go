package shot

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gongkai/gongkai/checks"
	"github.com/gongkai/gongkai/internal/testkit"
)

// chrome returns the browser for a test, or skips it with one line; CI
// (GONGKAI_REQUIRE_CHROMIUM, set by .ci/run) must not skip.
func chrome(t *testing.T) string {
	t.Helper()
	return testkit.Chromium(t, Find)
}

var asOf = time.Date(2025, 11, 25, 0, 0, 0, 0, time.UTC)

const idNumber = "11010519491231002X"

func fixture(t *testing.T, hold chan struct{}) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/id.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html><head><title>名单</title></head><body><h1>临时救助对象公示</h1>
<table><tr><td>张三</td><td>身份证号：%s</td></tr><tr><td>李四</td><td>手机 13912341201</td></tr></table>
<input value="%s">
<script>setTimeout(function(){document.body.insertAdjacentHTML('beforeend','<p>late %s</p>')}, 50)</script>
<div class="footer">版权所有 示范县人民政府</div></body></html>`, idNumber, idNumber, idNumber)
	})
	mux.HandleFunc("/split.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html><body><p>分开写的：<b>110105</b>19491231002X，日期2025年</p></body></html>`)
	})
	mux.HandleFunc("/links.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html><body><p>正文</p><a id="dead" href="/missing.html">失效链接</a><div style="height:20000px">长页面</div></body></html>`)
	})
	mux.HandleFunc("/hold.html", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-hold:
		case <-r.Context().Done():
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestMaskAgreesWithChecks(t *testing.T) {
	in := "身份证号：" + idNumber + "，手机 13912341201，已脱敏 110105********002X"
	got := checks.MaskPersonalNumbers(in, asOf)
	if strings.Contains(got, idNumber) || strings.Contains(got, "13912341201") {
		t.Fatalf("not masked: %q", got)
	}
	if !strings.Contains(got, "110105********002X") || !strings.Contains(got, "139****1201") {
		t.Fatalf("masked form differs from the findings': %q", got)
	}
}

func TestScreenshotsMaskOutlineAndCut(t *testing.T) {
	bin := chrome(t)
	hold := make(chan struct{})
	srv := fixture(t, hold)
	defer close(hold)
	b := NewBrowser(Config{Chrome: bin, Tabs: 2, Timeout: 2 * time.Second})
	defer b.Close()

	// The page's DOM text right before capture has no unmasked number.
	if err := b.start(); err != nil {
		t.Fatal(err)
	}
	tab, cancel := chromedp.NewContext(b.ctx)
	defer cancel()
	ctx, cancel2 := context.WithTimeout(tab, 20*time.Second)
	defer cancel2()
	for _, tc := range []struct{ page, want string }{
		// Each number in its masked form, as the findings show it.
		{"/id.html", "110105********002X"},
		// A number split over two elements: every digit masked.
		{"/split.html", "分开写的：*****************X，日期****年"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+tc.page), chromedp.Sleep(200*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		if err := Mask(ctx, asOf); err != nil {
			t.Fatal(err)
		}
		text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText + (document.querySelector('input') ? document.querySelector('input').value : '')`))
		if err != nil {
			t.Fatal(err)
		}
		if m := checks.MaskPersonalNumbers(text, asOf); m != text || strings.Contains(text, "19491231") || strings.Contains(text, "13912341201") {
			t.Fatalf("%s: unmasked personal number left in the page text:\n%s", tc.page, text)
		}
		if !strings.Contains(text, tc.want) {
			t.Errorf("%s: page text lacks %q:\n%s", tc.page, tc.want, text)
		}
	}

	dir := t.TempDir()
	jobs, _ := Plan([]checks.Finding{
		{Rule: "pii-id-number", URL: srv.URL + "/id.html", Evidence: "示例：110105********002X", Fingerprint: "a"},
		{Rule: "footer-identity", URL: srv.URL + "/id.html", Fingerprint: "b"},
		{Rule: "link-broken", URL: srv.URL + "/missing.html", Referrers: []string{srv.URL + "/links.html"}, Fingerprint: "c"},
		{Rule: "page-title-wrong", URL: srv.URL + "/hold.html", Fingerprint: "d"},
	}, srv.URL+"/", func(u string) bool { return !strings.Contains(u, "missing") })
	if len(jobs) != 3 {
		t.Fatalf("jobs = %d, want 3 (one per page): %+v", len(jobs), jobs)
	}
	start := time.Now()
	res, err := b.Shoot(context.Background(), dir, jobs, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el > 12*time.Second {
		t.Errorf("a held page was not cut at the 2 s deadline: %s", el)
	}
	if len(res.Cut) != 1 || res.Cut[0] != srv.URL+"/hold.html" {
		t.Errorf("cut = %v, want the held page", res.Cut)
	}
	for _, page := range []string{"/id.html", "/links.html"} {
		f := res.Files[srv.URL+page]
		if f == "" {
			t.Fatalf("no image for %s: %v", page, res.Failed)
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: not a PNG: %v", f, err)
		}
		if w, h := img.Bounds().Dx(), img.Bounds().Dy(); w != Width || h > MaxHeight || h < 100 {
			t.Errorf("%s: %dx%d, want width %d and height ≤ %d", page, w, h, Width, MaxHeight)
		}
		if filepath.Dir(f) != dir {
			t.Errorf("image %s outside %s", f, dir)
		}
	}
}

// Warm starts the browser and opens its tabs without any Shoot; Shoot then
// renders in those tabs; Close during a Warm still under way ends it.
func TestWarm(t *testing.T) {
	bin := chrome(t)
	srv := fixture(t, nil)
	b := NewBrowser(Config{Chrome: bin, Tabs: 2})
	defer b.Close()
	b.Warm()
	deadline := time.Now().Add(30 * time.Second)
	for !b.Running() && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if !b.Running() {
		t.Fatalf("the browser did not start without a Shoot (err %v)", b.err)
	}
	if n := len(b.spare); n != 2 {
		t.Errorf("%d spare tabs open, want 2", n)
	}
	jobs, _ := Plan([]checks.Finding{
		{Rule: "footer-identity", URL: srv.URL + "/id.html", Fingerprint: "a"},
		{Rule: "link-broken", URL: srv.URL + "/missing.html", Referrers: []string{srv.URL + "/links.html"}, Fingerprint: "b"},
	}, srv.URL+"/", func(u string) bool { return !strings.Contains(u, "missing") })
	res, err := b.Shoot(context.Background(), t.TempDir(), jobs, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 2 {
		t.Errorf("images %v, failed %v", res.Files, res.Failed)
	}
	if n := len(b.spare); n != 0 {
		t.Errorf("%d spare tabs left unused by Shoot", n)
	}

	cut := NewBrowser(Config{Chrome: bin})
	cut.Warm()
	done := make(chan struct{})
	go func() { cut.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("Close during Warm did not return")
	}
	if cut.Running() {
		t.Error("a browser closed while starting reports running")
	}
}
