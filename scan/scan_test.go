package scan

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gongkai/gongkai/checks"
	"github.com/gongkai/gongkai/demo"
	"github.com/gongkai/gongkai/internal/testkit"
	"github.com/gongkai/gongkai/report"
)

func baseOptions(t *testing.T, start string) Options {
	dir := t.TempDir()
	return Options{
		Start:       start,
		AsOf:        time.Date(2025, 11, 24, 0, 0, 0, 0, Shanghai),
		XLSXPath:    filepath.Join(dir, "out.xlsx"),
		JSONPath:    filepath.Join(dir, "out.json"),
		Concurrency: 4,
		MaxPages:    1000,
		Timeout:     5 * time.Second,
		Version:     "test",
		SnapshotDir: filepath.Join(dir, "snapshots"),
	}
}

// Ctrl-C mid-crawl still writes both outputs, marked incomplete.
func TestInterruptWritesPartialOutputs(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	var once sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Path, "/p/%d", &n)
		if n >= 3 {
			once.Do(func() { cancel(ErrInterrupted) })
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<html><body><a href="/p/%d">next</a> <a href="/missing-%d.pdf">附件</a></body></html>`, n+1, n)
	}))
	defer srv.Close()
	o := baseOptions(t, srv.URL+"/")
	out, err := Run(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	if !out.Interrupted {
		t.Error("outcome not marked interrupted")
	}
	r := testkit.ReadJSON[report.Report](t, o.JSONPath)
	if r.Complete || !strings.Contains(r.StopReason, "扫描被用户中断") || r.Pages < 3 {
		t.Errorf("JSON complete=%v reason=%q pages=%d", r.Complete, r.StopReason, r.Pages)
	}
	if _, err := os.Stat(o.XLSXPath); err != nil {
		t.Errorf("workbook not written: %v", err)
	}
}

func TestMaxTimeEndsCleanly(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Path, "/p/%d", &n)
		time.Sleep(20 * time.Millisecond)
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<html><body><a href="/p/%d">next</a></body></html>`, n+1)
	}))
	defer srv.Close()
	o := baseOptions(t, srv.URL+"/")
	o.MaxTime = 300 * time.Millisecond
	out, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if out.Interrupted || out.Report.Complete || !strings.Contains(out.Report.StopReason, "max-time") {
		t.Errorf("interrupted=%v complete=%v reason=%q", out.Interrupted, out.Report.Complete, out.Report.StopReason)
	}
}

func TestBaselineAndFailOn(t *testing.T) {
	srv := httptest.NewServer(demo.Handler(demo.Site()))
	defer srv.Close()
	o := baseOptions(t, srv.URL+"/")
	first, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	// Pretend last month had one extra problem that is now fixed, and lacked
	// one of today's.
	base := *first.Report
	base.Findings = append([]checks.Finding{}, first.Report.Findings[1:]...)
	gone := checks.Finding{Rule: "link-broken", URL: srv.URL + "/fixed.pdf", Fingerprint: "0000000000000000"}
	base.Findings = append(base.Findings, gone)
	basePath := filepath.Join(t.TempDir(), "base.json")
	if err := report.WriteJSONFile(basePath, nil, &base); err != nil {
		t.Fatal(err)
	}
	o2 := baseOptions(t, srv.URL+"/")
	o2.BaselinePath = basePath
	o2.FailOn = "new"
	second, err := Run(context.Background(), o2)
	if err != nil {
		t.Fatal(err)
	}
	var news, persisting int
	for _, f := range second.Report.Findings {
		switch f.Status {
		case "new":
			news++
		case "persisting":
			persisting++
		}
	}
	if news != 1 || persisting != len(first.Report.Findings)-1 {
		t.Errorf("new=%d persisting=%d of %d", news, persisting, len(second.Report.Findings))
	}
	if len(second.Report.Resolved) != 1 || second.Report.Resolved[0].Fingerprint != gone.Fingerprint {
		t.Errorf("resolved = %+v", second.Report.Resolved)
	}
	if !second.FailOnMet {
		t.Error("--fail-on new not met although a finding is new")
	}
}

// wantUsage runs a scan of start with the options mod sets, which must be
// refused as a usage error saying msg.
func wantUsage(t *testing.T, start string, mod func(*Options), msg string) {
	t.Helper()
	o := baseOptions(t, start)
	mod(&o)
	_, err := Run(context.Background(), o)
	if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), msg) {
		t.Errorf("err = %v, want a usage error containing %q", err, msg)
	}
}

func TestBadInputBeforeFetching(t *testing.T) {
	srv := testkit.ServeUntouched(t)
	dir := t.TempDir()
	badYAML := filepath.Join(dir, "bad.yaml")
	testkit.WriteFile(t, badYAML, []byte("hosts: [a.gov.cn]\ndisabel: [meta-tags]\n"))
	unknownRule := filepath.Join(dir, "rule.yaml")
	testkit.WriteFile(t, unknownRule, []byte("disable: [link-broke]\n"))
	badCal := filepath.Join(dir, "cal.json")
	testkit.WriteFile(t, badCal, []byte("{not json"))
	notJSON := filepath.Join(dir, "base.json")
	testkit.WriteFile(t, notJSON, []byte("[]"))
	tests := []struct {
		name string
		mod  func(*Options)
		msg  string
	}{
		{"unknown YAML key", func(o *Options) { o.ConfigPath = badYAML }, `第2行：顶层没有“disabel”这个键`},
		{"unknown rule", func(o *Options) { o.ConfigPath = unknownRule }, `did you mean "link-broken"`},
		{"missing profile", func(o *Options) { o.ConfigPath = filepath.Join(dir, "nope.yaml") }, "文件不存在，请检查 --config 的路径"},
		{"bad calendar", func(o *Options) { o.CalendarPath = []string{badCal} }, "cal.json"},
		{"bad baseline", func(o *Options) { o.BaselinePath = notJSON }, "不是gongkai的JSON报告"},
		{"bad fail-on", func(o *Options) { o.FailOn = "high" }, "veto, deduct, advice, new"},
		{"negative rate", func(o *Options) { o.Rate = -1 }, "--rate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantUsage(t, srv.URL+"/", tt.mod, tt.msg)
		})
	}
	if n := srv.Hits(); n != 0 {
		t.Errorf("%d requests sent before the options were validated", n)
	}
}

func TestDefaultWorkbookName(t *testing.T) {
	for host, want := range map[string]string{
		"www.example.gov.cn": "www.example.gov.cn-整改清单-2025-11-24.xlsx",
		"127.0.0.1:8080":     "127.0.0.1_8080-整改清单-2025-11-24.xlsx",
		"../../etc":          "etc-整改清单-2025-11-24.xlsx",
		"":                   "site-整改清单-2025-11-24.xlsx",
	} {
		if got := DefaultWorkbookName(host, "2025-11-24"); got != want {
			t.Errorf("DefaultWorkbookName(%q) = %q, want %q", host, got, want)
		}
	}
}

// Findings of scan and of crawl + check on the same site are identical.
func TestCrawlThenCheckEqualsScan(t *testing.T) {
	srv := httptest.NewServer(demo.Handler(demo.Site()))
	defer srv.Close()
	o := baseOptions(t, srv.URL+"/")
	o.HTMLPath = filepath.Join(t.TempDir(), "scan.html")
	direct, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	snap := filepath.Join(t.TempDir(), "site.snap")
	crawled, err := Crawl(context.Background(), baseOptions(t, srv.URL+"/"), snap)
	if err != nil {
		t.Fatal(err)
	}
	if !crawled.Complete {
		t.Fatalf("crawl incomplete: %s", crawled.StopReason)
	}
	srv.Close() // check must not need the site
	co := baseOptions(t, "")
	co.HTMLPath = filepath.Join(t.TempDir(), "check.html")
	replayed, err := Check(context.Background(), co, snap)
	if err != nil {
		t.Fatal(err)
	}
	a, b := direct.Report, replayed.Report
	// --html on both: one finding element per finding.
	for _, tc := range []struct {
		path string
		rep  *report.Report
	}{{o.HTMLPath, a}, {co.HTMLPath, b}} {
		page, err := os.ReadFile(tc.path)
		if err != nil {
			t.Fatalf("--html: %v", err)
		}
		if n := strings.Count(string(page), `<article class="finding"`); n != len(tc.rep.Findings) || n == 0 {
			t.Errorf("%s shows %d findings, the report has %d", tc.path, n, len(tc.rep.Findings))
		}
	}
	if a.Pages != b.Pages || a.Site != b.Site || a.Complete != b.Complete {
		t.Errorf("header differs: scan %d pages %s %v, check %d pages %s %v", a.Pages, a.Site, a.Complete, b.Pages, b.Site, b.Complete)
	}
	if len(a.Findings) != len(b.Findings) {
		t.Fatalf("scan found %d, check found %d", len(a.Findings), len(b.Findings))
	}
	for i := range a.Findings {
		x, y := a.Findings[i], b.Findings[i]
		x.Referrers, y.Referrers = nil, nil
		if fmt.Sprintf("%+v", x) != fmt.Sprintf("%+v", y) {
			t.Errorf("finding %d differs:\n scan  %+v\n check %+v", i, x, y)
		}
		if strings.Join(a.Findings[i].Referrers, " ") != strings.Join(b.Findings[i].Referrers, " ") {
			t.Errorf("finding %d referrers differ", i)
		}
	}
}

func TestCheckRejectsNonSnapshot(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "x.snap")
	testkit.WriteFile(t, bad, []byte("hello"))
	_, err := Check(context.Background(), baseOptions(t, ""), bad)
	if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), "不是gongkai快照文件") {
		t.Errorf("err = %v", err)
	}
}

func TestResumeAfterInterrupt(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	var once sync.Once
	var mu sync.Mutex
	fetched := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Path, "/p/%d", &n)
		mu.Lock()
		fetched[r.URL.Path]++
		mu.Unlock()
		if n >= 3 {
			once.Do(func() { cancel(ErrInterrupted) })
		}
		w.Header().Set("Content-Type", "text/html")
		if n < 10 {
			fmt.Fprintf(w, `<html><body><a href="/p/%d">next</a></body></html>`, n+1)
		}
	}))
	defer srv.Close()
	o := baseOptions(t, srv.URL+"/")
	o.Concurrency = 1
	first, err := Run(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	if first.Report.Complete {
		t.Fatal("first scan was not interrupted")
	}
	o.Resume = true
	second, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if !second.Report.Complete || second.Report.Pages != 11 {
		t.Errorf("resumed scan: complete %v, %d pages; want complete with 11", second.Report.Complete, second.Report.Pages)
	}
	mu.Lock()
	defer mu.Unlock()
	if fetched["/p/1"] != 1 || fetched["/p/2"] != 1 {
		t.Errorf("pages of the interrupted scan fetched again: %v", fetched)
	}
	// Nothing left to resume once a scan finished.
	if _, err := Run(context.Background(), o); err == nil || !strings.Contains(err.Error(), "finished") {
		t.Errorf("resume after a finished scan: %v", err)
	}
}
