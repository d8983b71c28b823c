package verify

import (
	"bytes"
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

	"github.com/xuri/excelize/v2"

	"github.com/gongkai/gongkai/checks"
	"github.com/gongkai/gongkai/internal/testkit"
	"github.com/gongkai/gongkai/internal/xlsxtest"
	"github.com/gongkai/gongkai/report"
	"github.com/gongkai/gongkai/scan"
	"github.com/gongkai/gongkai/site"
)

var asOf = time.Date(2025, 12, 1, 0, 0, 0, 0, site.Shanghai)

const fullMeta = `<meta name="SiteName" content="测试县人民政府"><meta name="SiteDomain" content="www.csx.gov.cn">` +
	`<meta name="SiteIDCode" content="3609990003">`

// recorder is a test site that counts the requests per path.
type recorder struct {
	mu    sync.Mutex
	paths map[string][]string // path → methods, in order
	serve func(w http.ResponseWriter, r *http.Request)
}

func (rc *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rc.mu.Lock()
	if rc.paths == nil {
		rc.paths = map[string][]string{}
	}
	rc.paths[r.URL.Path] = append(rc.paths[r.URL.Path], r.Method)
	rc.mu.Unlock()
	rc.serve(w, r)
}

func page(w http.ResponseWriter, head, body string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>测试页面</title>%s</head><body>%s<div class="footer">主办单位：测试县人民政府办公室</div></body></html>`, head, body)
}

func writeList(t *testing.T, r *report.Report) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "list.xlsx")
	for i := range r.Findings {
		f := &r.Findings[i]
		f.Fingerprint = checks.Fingerprint(f.Rule, f.URL, f.Subject)
	}
	for _, rule := range checks.Registry() {
		r.Rules = append(r.Rules, rule.Meta())
	}
	if err := report.WriteXLSX(path, r); err != nil {
		t.Fatal(err)
	}
	return path
}

func options(list string) Options {
	return Options{ListPath: list, AsOf: asOf, Concurrency: 4, Timeout: 5 * time.Second, RetryBackoff: time.Millisecond}
}

// A 200-row list re-checks with one request per distinct page or target
// (plus the homepage and the one linking page of the targets still
// broken), not a crawl; and each kind of row gets the right verdict.
func TestVerifyFetchesOnlyTheRows(t *testing.T) {
	rc := &recorder{}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	const nPages, nTargets = 50, 150
	rc.serve = func(w http.ResponseWriter, r *http.Request) {
		var n int
		switch {
		case r.URL.Path == "/":
			page(w, fullMeta+`<meta name="ColumnName" content="首页"><meta name="ColumnDescription" content="首页"><meta name="ColumnKeywords" content="首页"><meta name="ColumnType" content="首页">`,
				`<a href="/p/0.html">一</a>`)
		case r.URL.Path == "/ref.html":
			// Still links the targets n%3 == 1; the links to n%3 == 2 were removed.
			var b strings.Builder
			for i := 1; i < nTargets; i += 3 {
				fmt.Fprintf(&b, `<img src="/t/%d.png">`, i)
			}
			page(w, fullMeta, b.String())
		case fmt.Sprint(sscan(r.URL.Path, "/p/%d.html", &n)) == "true":
			if n%2 == 0 {
				page(w, fullMeta+`<meta name="ArticleTitle" content="文章"><meta name="PubDate" content="2025-11-01"><meta name="ContentSource" content="办公室">`,
					`<h1>文章</h1><p>发布日期：2025-11-01</p>`)
			} else {
				page(w, "", `<h1>文章</h1><p>发布日期：2025-11-01</p>`)
			}
		case fmt.Sprint(sscan(r.URL.Path, "/t/%d.png", &n)) == "true":
			if n%3 == 0 {
				w.Header().Set("Content-Type", "image/png")
				return
			}
			http.NotFound(w, r)
		default:
			http.NotFound(w, r)
		}
	}
	rep := &report.Report{Tool: "gongkai", Site: srv.URL + "/", AsOf: "2025-11-25"}
	for i := range nPages {
		rep.Findings = append(rep.Findings, checks.Finding{Rule: "meta-tags", Severity: checks.Advice,
			URL: fmt.Sprintf("%s/p/%d.html", srv.URL, i), Message: "内容页元数据标签不全：缺少 SiteName。", Subject: "missing"})
	}
	for i := range nTargets {
		rep.Findings = append(rep.Findings, checks.Finding{Rule: "link-broken", Severity: checks.Deduct,
			URL: fmt.Sprintf("%s/t/%d.png", srv.URL, i), Message: "图片无法正常访问（HTTP 404），共1个页面引用。",
			Evidence: "HTTP状态码 404", Referrers: []string{srv.URL + "/ref.html"}})
	}
	list := writeList(t, rep)
	out, err := Run(context.Background(), options(list))
	if err != nil {
		t.Fatal(err)
	}
	wantURLs := nPages + nTargets + 2 // + the homepage + /ref.html
	if out.Fetched != wantURLs {
		t.Errorf("Fetched = %d, want %d", out.Fetched, wantURLs)
	}
	if len(rc.paths) != wantURLs {
		t.Errorf("%d distinct URLs requested, want %d", len(rc.paths), wantURLs)
	}
	for p, methods := range rc.paths {
		switch {
		case strings.HasPrefix(p, "/t/"):
			if len(methods) > 2 { // HEAD, then GET when HEAD fails
				t.Errorf("%s requested %v", p, methods)
			}
		default:
			if len(methods) != 1 || methods[0] != http.MethodGet {
				t.Errorf("%s requested %v, want one GET", p, methods)
			}
		}
	}

	want := map[string]string{}
	for i := range nPages {
		want[fmt.Sprintf("/p/%d.html", i)] = map[bool]string{true: report.VerdictFixed, false: report.VerdictOpen}[i%2 == 0]
	}
	for i := range nTargets {
		want[fmt.Sprintf("/t/%d.png", i)] = map[int]string{0: report.VerdictFixed, 1: report.VerdictOpen, 2: report.VerdictFixed}[i%3]
	}
	for i, v := range out.Verdicts {
		u := strings.TrimPrefix(out.List.Rows[i].URL, srv.URL)
		if v.Result != want[u] {
			t.Errorf("%s: %s (%s), want %s", u, v.Result, v.Notes, want[u])
		}
	}
	if got := out.Counts(); got[report.VerdictFixed] != 25+50+50 || got[report.VerdictOpen] != 25+50 {
		t.Errorf("counts = %v", got)
	}
}

func sscan(s, format string, n *int) bool {
	_, err := fmt.Sscanf(s, format, n)
	return err == nil && fmt.Sprintf(format, *n) == s
}

// A leaked ID number on a page taken down (404) is fixed; on a page that
// fails (503) it cannot be judged; a page still showing it is not fixed,
// and 虚假整改 when the office marked it fixed. An unknown rule and a
// site-level gap are never called fixed.
func TestVerifyVerdicts(t *testing.T) {
	const id = "110101199003077774" // hypothetical, check digit valid
	if !validID(id) {
		t.Fatalf("fixture ID %s has a bad check digit", id)
	}
	rc := &recorder{}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	rc.serve = func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			page(w, fullMeta, "首页")
		case "/gone.html":
			http.NotFound(w, r)
		case "/error.html":
			http.Error(w, "busy", http.StatusServiceUnavailable)
		case "/still.html", "/claimed.html":
			page(w, fullMeta, "<h1>公示</h1><p>申请人张三，身份证号码"+id+"，经审核符合条件。</p>")
		default:
			http.NotFound(w, r)
		}
	}
	rep := &report.Report{Tool: "gongkai", Site: srv.URL + "/", AsOf: "2025-11-25"}
	for _, p := range []string{"/gone.html", "/error.html", "/still.html", "/claimed.html"} {
		rep.Findings = append(rep.Findings, checks.Finding{Rule: "pii-id-number", Severity: checks.Deduct,
			URL: srv.URL + p, Message: "页面公开了未脱敏的居民身份证号码。", Subject: "居民身份证号码"})
	}
	rep.Findings = append(rep.Findings,
		checks.Finding{Rule: "budget-missing", Severity: checks.Deduct, URL: srv.URL + "/", Message: "未公开预算。"},
		checks.Finding{Rule: "no-such-rule", Severity: checks.Advice, URL: srv.URL + "/still.html", Message: "?"})
	list := writeList(t, rep)
	// The office claims the ID on /claimed.html and the budget were fixed.
	markRectified(t, list, "/claimed.html", "/")

	out, err := Run(context.Background(), options(list))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"pii-id-number /gone.html":    report.VerdictFixed,
		"pii-id-number /error.html":   report.VerdictUnknown + "（页面无法正常访问）",
		"pii-id-number /still.html":   report.VerdictOpen,
		"pii-id-number /claimed.html": report.VerdictFake,
		"budget-missing /":            report.VerdictUnknown + "（" + policyFor("budget-missing").Reason + "）",
		"no-such-rule /still.html":    report.VerdictUnknown + "（未知指标“no-such-rule”，本版本无法复核）",
	}
	for i, v := range out.Verdicts {
		row := out.List.Rows[i]
		k := row.Rule + " " + strings.TrimPrefix(row.URL, srv.URL)
		if v.Result != want[k] {
			t.Errorf("%s: %q (%s), want %q", k, v.Result, v.Notes, want[k])
		}
	}
}

// validID checks the GB 11643 check character.
func validID(id string) bool {
	w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := range 17 {
		sum += int(id[i]-'0') * w[i]
	}
	return "10X98765432"[sum%11] == id[17]
}

// markRectified sets 整改状态 to 已整改 on the rows whose URL ends with one of
// the suffixes (the URL of a site-level row is the start URL "…/").
func markRectified(t *testing.T, list string, suffixes ...string) {
	t.Helper()
	l, err := report.ReadList(list)
	if err != nil {
		t.Fatal(err)
	}
	f := xlsxtest.Open(t, list)
	col := -1
	for i, h := range l.Header {
		if h == report.HeaderRectify {
			col = i + 1
		}
	}
	for _, r := range l.Rows {
		for _, s := range suffixes {
			if strings.HasSuffix(r.URL, s) && !(s == "/" && strings.HasSuffix(r.URL, ".html")) {
				cell, _ := excelize.CoordinatesToCellName(col, r.Row)
				if err := f.SetCellStr(report.SheetList, cell, "已整改"); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
}

// Bad input and an unreachable site: nothing is written.
func TestVerifyErrors(t *testing.T) {
	base := testkit.ClosedURL()
	rep := &report.Report{Tool: "gongkai", Site: base + "/", AsOf: "2025-11-25", Findings: []checks.Finding{
		{Rule: "link-broken", Severity: checks.Deduct, URL: base + "/a.pdf", Message: "附件无法正常访问（HTTP 404），共0个页面引用。"},
		{Rule: "meta-tags", Severity: checks.Advice, URL: base + "/b.html", Message: "x", Subject: "missing"},
	}}
	list := writeList(t, rep)
	before, _ := os.ReadFile(list)

	_, err := Run(context.Background(), options(list))
	if !errors.Is(err, scan.ErrFailed) || !strings.Contains(err.Error(), "unreachable") {
		t.Errorf("unreachable site: %v, want a failed run saying so", err)
	}
	o := options(list)
	o.OutPath = filepath.Join(t.TempDir(), "no", "such", "dir", "out.xlsx")
	_, err = Run(context.Background(), o)
	if !errors.Is(err, scan.ErrUsage) || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing output directory: %v, want a usage error", err)
	}
	o = options(list)
	o.ConfigPath = filepath.Join(t.TempDir(), "absent.yaml")
	if _, err = Run(context.Background(), o); !errors.Is(err, scan.ErrUsage) {
		t.Errorf("missing profile: %v, want a usage error", err)
	}
	after, _ := os.ReadFile(list)
	if !bytes.Equal(before, after) {
		t.Error("the list was modified")
	}
}

// Every rule has a re-check policy in its Meta: whoever adds a rule decides
// how its rows are re-checked.
func TestPoliciesNameRealRules(t *testing.T) {
	for _, r := range checks.Registry() {
		if !r.Meta().Recheck.Defined() {
			t.Errorf("rule %s has no re-check policy: set Recheck in its Meta (RecheckNone with a reason when its rows cannot be re-checked page by page)", r.Meta().ID)
		}
	}
}

func TestReferrersOf(t *testing.T) {
	ev := "HTTP状态码 404\n引用页面：\nhttp://a.gov.cn/1.html\nhttp://a.gov.cn/2.html"
	refs, complete := referrersOf(report.ListRow{Evidence: ev, Message: "图片无法正常访问（HTTP 404），共2个页面引用。"})
	if len(refs) != 2 || !complete {
		t.Errorf("refs = %v complete = %v", refs, complete)
	}
	// The cell was cut: the message says 40 pages link there.
	refs, complete = referrersOf(report.ListRow{Evidence: ev, Message: "图片无法正常访问（HTTP 404），共40个页面引用。"})
	if len(refs) != 2 || complete {
		t.Errorf("cut list: refs = %v complete = %v", refs, complete)
	}
	if refs, complete := referrersOf(report.ListRow{Evidence: "HTTP状态码 404"}); refs != nil || complete {
		t.Errorf("no referrers: %v %v", refs, complete)
	}
}

// A stale homepage is fixed only with proof: a recent dated item. A blank
// column is fixed once it lists something. Neither is ever called fixed
// because the page alone showed nothing.
func TestVerifyFreshness(t *testing.T) {
	list := func(dates ...string) string {
		var b strings.Builder
		b.WriteString(`<ul class="list">`)
		for i, d := range dates {
			fmt.Fprintf(&b, `<li><a href="/a/202501/t20250101_%d.html">县政府召开第%d次常务会议</a><span>%s</span></li>`, i, i+1, d)
		}
		b.WriteString(`</ul>`)
		return b.String()
	}
	undated := `<ul class="list"><li><a href="/info.jsp?id=101">县政府召开常务会议</a></li><li><a href="/info.jsp?id=102">县领导调研秋冬种工作</a></li><li><a href="/info.jsp?id=103">县开展政务公开日活动</a></li></ul>`
	colHead := fullMeta + `<meta name="ColumnName" content="通知公告"><meta name="ColumnType" content="通知公告">`
	for _, tc := range []struct {
		name, rule, home, column string
		want                     string
	}{
		{name: "homepage updated", rule: "homepage-stale", home: list("2025-11-28", "2025-10-02", "2025-09-01"), want: report.VerdictFixed},
		{name: "homepage still stale", rule: "homepage-stale", home: list("2025-08-28", "2025-08-02", "2025-07-01"), want: report.VerdictOpen},
		{name: "homepage undated", rule: "homepage-stale", home: undated, want: report.VerdictUnknown},
		{name: "column filled", rule: "column-blank", home: "首页", column: list("2025-11-20", "2025-11-02", "2025-10-01"), want: report.VerdictFixed},
		{name: "column still blank", rule: "column-blank", home: "首页", column: "<p>本栏目</p>", want: "not fixed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				switch r.URL.Path {
				case "/":
					page(w, fullMeta, tc.home)
				case "/tzgg/":
					page(w, colHead, `<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/tzgg/">通知公告</a></div>`+tc.column)
				default:
					http.NotFound(w, r)
				}
			}))
			defer srv.Close()
			u := srv.URL + "/"
			if tc.rule == "column-blank" {
				u = srv.URL + "/tzgg/"
			}
			rep := &report.Report{Tool: "gongkai", Site: srv.URL + "/", AsOf: "2025-11-25", Findings: []checks.Finding{
				{Rule: tc.rule, Severity: checks.Veto, URL: u, Message: "x", Subject: map[string]string{"homepage-stale": "首页不更新", "column-blank": "空白栏目"}[tc.rule]},
			}}
			out, err := Run(context.Background(), options(writeList(t, rep)))
			if err != nil {
				t.Fatal(err)
			}
			got := out.Verdicts[0]
			t.Logf("%s: %s", got.Result, got.Notes)
			switch {
			case tc.want == "not fixed":
				if got.Result == report.VerdictFixed {
					t.Errorf("still blank, but %s (%s)", got.Result, got.Notes)
				}
			case !strings.HasPrefix(got.Result, tc.want):
				t.Errorf("%s (%s), want %s", got.Result, got.Notes, tc.want)
			}
		})
	}
}

// A still-broken link whose 问题页面 the office changed to a working
// address, or a page row moved to a clean page, is not 已整改: the row's
// cells disagree with its fingerprint, so it is 无法复核（表格内容被修改）,
// nothing is fetched for it, and the outcome names it. A list written
// before the 校验码 column still catches an edited link row by
// recomputing its fingerprint.
func TestVerifyEditedCells(t *testing.T) {
	const id = "110101199003077774" // hypothetical, check digit valid
	rc := &recorder{}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	rc.serve = func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/", "/ok.html", "/clean.html":
			page(w, fullMeta, "<h1>正常页面</h1>")
		case "/ref.html":
			page(w, fullMeta, `<a href="/broken.pdf">附件</a>`)
		case "/leak.html":
			page(w, fullMeta, "<h1>公示</h1><p>申请人张三，身份证号码"+id+"，经审核符合条件。</p>")
		default:
			http.NotFound(w, r)
		}
	}
	for _, withCheck := range []bool{true, false} {
		t.Run(fmt.Sprintf("check column %v", withCheck), func(t *testing.T) {
			rep := &report.Report{Tool: "gongkai", Site: srv.URL + "/", AsOf: "2025-11-25"}
			rep.Findings = []checks.Finding{
				{Rule: "link-broken", Severity: checks.Deduct, URL: srv.URL + "/broken.pdf",
					Message: "附件无法正常访问（HTTP 404），共1个页面引用。", Evidence: "HTTP状态码 404",
					Referrers: []string{srv.URL + "/ref.html"}},
				{Rule: "pii-id-number", Severity: checks.Deduct, URL: srv.URL + "/leak.html",
					Message: "页面公开了未脱敏的居民身份证号码。", Subject: "居民身份证号码"},
				{Rule: "link-broken", Severity: checks.Deduct, URL: srv.URL + "/broken.pdf?x=1",
					Message: "附件无法正常访问（HTTP 404），共1个页面引用。", Evidence: "HTTP状态码 404"},
			}
			list := writeList(t, rep)
			f := xlsxtest.Open(t, list)
			h, _ := f.GetRows(report.SheetList)
			col := func(name string, row int) string { return xlsxtest.Cell(t, h[0], name, row) }
			// Row 2 is a link row: its dead link (失效链接) is what verify
			// fetches, so that is the cell an editor would change.
			_ = f.SetCellStr(report.SheetList, col(report.HeaderLink, 2), srv.URL+"/ok.html")
			_ = f.SetCellStr(report.SheetList, col(report.HeaderURL, 3), srv.URL+"/clean.html")
			if !withCheck {
				c := col(report.HeaderCheck, 1)
				_ = f.RemoveCol(report.SheetList, strings.TrimRight(c, "0123456789"))
			}
			if err := f.Save(); err != nil {
				t.Fatal(err)
			}
			_ = f.Close()
			rc.mu.Lock()
			rc.paths = nil
			rc.mu.Unlock()

			out, err := Run(context.Background(), options(list))
			if err != nil {
				t.Fatal(err)
			}
			edited := report.VerdictUnknown + "（表格内容被修改）"
			want := []string{edited, edited, report.VerdictOpen}
			wantRows := []int{2, 3}
			if !withCheck {
				// Without 校验码 only the link row can be recomputed.
				want[1], wantRows = report.VerdictFixed, []int{2}
			}
			for i, v := range out.Verdicts {
				if v.Result != want[i] {
					t.Errorf("row %d: %s (%s), want %s", v.Row, v.Result, v.Notes, want[i])
				}
			}
			if fmt.Sprint(out.Edited) != fmt.Sprint(wantRows) {
				t.Errorf("Edited = %v, want %v", out.Edited, wantRows)
			}
			if len(rc.paths["/ok.html"]) != 0 {
				t.Errorf("the edited address was fetched: %v", rc.paths)
			}
		})
	}
}
