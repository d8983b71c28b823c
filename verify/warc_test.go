package verify

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/checks"
	"github.com/gongkai/gongkai/crawl"
	"github.com/gongkai/gongkai/report"
	"github.com/gongkai/gongkai/scan"
)

// verify --warc: once the office has changed the page (both rows now
// 已整改), each row's 复核说明 still says what the archive showed on the day
// of the scan — the page's status and title, the dead link's status; a
// row whose URL the archive lacks says so; no --warc, no such note.
func TestVerifyWithArchive(t *testing.T) {
	const id = "110101199003077774"
	fixed := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/":
			page(w, fullMeta, `首页 <a href="/dead.html">旧通知</a>`)
		case r.URL.Path == "/a.html" && fixed:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, `<html><head><title>已修改的公示</title></head><body><p>申请人张三，经审核符合条件。</p></body></html>`)
		case r.URL.Path == "/a.html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, `<html><head><title>低保对象公示</title></head><body><p>申请人张三，身份证号码`+id+`。</p></body></html>`)
		case r.URL.Path == "/dead.html" && fixed:
			page(w, fullMeta, "通知")
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	// The day of the scan: the archive as scan --warc writes it.
	warc := filepath.Join(t.TempDir(), "scan.warc.gz")
	f, err := os.Create(warc)
	if err != nil {
		t.Fatal(err)
	}
	w, err := crawl.NewWARCWriter(f, crawl.WARCInfo{Software: "gongkai test", Start: srv.URL + "/"}, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: w.Wrap(http.DefaultTransport)}
	for _, p := range []string{"/", "/a.html", "/dead.html"} {
		resp, err := client.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	if err := f.Close(); err != nil || w.Err() != nil {
		t.Fatal(err, w.Err())
	}

	rep := &report.Report{Tool: "gongkai", Site: srv.URL + "/", AsOf: "2025-11-25"}
	rep.Findings = []checks.Finding{
		{Rule: "pii-id-number", Severity: checks.Deduct, URL: srv.URL + "/a.html", Message: "页面公开了未脱敏的居民身份证号码。", Subject: "居民身份证号码"},
		{Rule: "link-broken", Severity: checks.Deduct, URL: srv.URL + "/dead.html", Message: "链接无法访问（HTTP 404）。",
			Evidence: "HTTP 404", Referrers: []string{srv.URL + "/"}},
		{Rule: "pii-mobile", Severity: checks.Deduct, URL: srv.URL + "/never.html", Message: "页面公开了手机号码。", Subject: "手机号码"},
	}
	list := writeList(t, rep)
	fixed = true // the office changed the pages

	o := options(list)
	o.OutPath = filepath.Join(t.TempDir(), "plain.xlsx")
	plain, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range plain.Verdicts {
		if strings.Contains(v.Notes, "网页存档") {
			t.Errorf("row %d without --warc: %s", v.Row, v.Notes)
		}
	}

	o.WARCPath = warc
	o.OutPath = filepath.Join(t.TempDir(), "archived.xlsx")
	out, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"pii-id-number": {report.VerdictFixed, "网页存档：扫描当日（", "问题页面 " + srv.URL + "/a.html 返回 HTTP 200，标题“低保对象公示”"},
		"link-broken":   {report.VerdictFixed, "失效链接 " + srv.URL + "/dead.html 返回 HTTP 404"},
		"pii-mobile":    {"", "网页存档中没有问题页面 " + srv.URL + "/never.html 的记录"},
	}
	for i, v := range out.Verdicts {
		rule := out.List.Rows[i].Rule
		w := want[rule]
		if w[0] != "" && v.Result != w[0] {
			t.Errorf("%s: %s, want %s", rule, v.Result, w[0])
		}
		for _, s := range w[1:] {
			if !strings.Contains(v.Notes, s) {
				t.Errorf("%s: notes %q lack %q", rule, v.Notes, s)
			}
		}
	}

	o.WARCPath = filepath.Join(t.TempDir(), "none.warc.gz")
	if _, err := Run(context.Background(), o); !errors.Is(err, scan.ErrUsage) || !strings.Contains(err.Error(), "--warc") {
		t.Errorf("a missing archive: %v, want a usage error naming --warc", err)
	}
}
