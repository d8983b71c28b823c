package report

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// hostileTitle is page text that would run if it were not escaped: it
// marks the document, which the browser test looks for.
const hostileTitle = `<script>document.documentElement.setAttribute("data-pwned","1")</script>标题`

func htmlSample() *Report {
	r := sampleReport()
	r.Findings[0].Title = hostileTitle
	r.Findings[2].Evidence = `<img src=x onerror="document.documentElement.setAttribute('data-pwned','2')">`
	return r
}

func TestHTMLEscapesSiteText(t *testing.T) {
	var b bytes.Buffer
	if err := WriteHTML(&b, htmlSample()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, bad := range []string{`<script>document`, `<img src=x`, `href="javascript:`} {
		if strings.Contains(out, bad) {
			t.Errorf("the report contains %q: page text reached the HTML unescaped", bad)
		}
	}
	for _, want := range []string{"&lt;script&gt;document", "&lt;img src=x", "javascript:alert(1)"} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q (the escaped page text)", want)
		}
	}
}

func TestHTMLContent(t *testing.T) {
	var b bytes.Buffer
	if err := WriteHTML(&b, sampleReport()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	// Score and veto first, then the groups: by 指标 name, each finding
	// with its evidence.
	score, veto, list := strings.Index(out, `id="score">86.5<`), strings.Index(out, "泄露手机号（pii-mobile）"), strings.Index(out, "问题清单")
	if score < 0 || veto < 0 || list < 0 || !(score < list && veto < list) {
		t.Errorf("score (%d) and veto item (%d) must come before the list (%d)", score, veto, list)
	}
	for _, want := range []string{`data-rule="link-broken"`, "错链断链", "HTTP 404", "失效链接：", `data-category="veto"`,
		`<option value="通知公告">`, "custom-rule", "各指标问题数量", "<svg",
		`<span class="k">检查内容：</span>检查链接能否打开。`} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	// Self-contained: nothing is loaded at view time.
	if m := regexp.MustCompile(`(?i)<(link|script|img|iframe)[^>]*\s(src|href)=`).FindString(out); m != "" {
		t.Errorf("the report loads %q at view time; it must be one self-contained file", m)
	}

	b.Reset()
	if err := WriteHTML(&b, emptyReport()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "未发现问题") {
		t.Error("a report without findings must say 未发现问题")
	}
}

// runChromium runs headless chromium on args and returns stdout and the
// console lines it logged.
func runChromium(t *testing.T, chromium string, args ...string) (string, []string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	base := []string{"--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--user-data-dir=" + t.TempDir(), "--enable-logging=stderr", "--v=0"}
	cmd := exec.CommandContext(ctx, chromium, append(base, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	var console []string
	for _, line := range strings.Split(stderr.String(), "\n") {
		if strings.Contains(line, ":CONSOLE") || strings.Contains(line, "Uncaught") {
			console = append(console, line)
		}
	}
	return stdout.String(), console
}

// TestHTMLInBrowser loads the report in headless Chromium: no console
// message, the filter script runs and applies the filter named in the URL,
// page text stays text, and a screenshot is kept.
func TestHTMLInBrowser(t *testing.T) {
	chromium := lookTool(t, "chromium", "chromium", "chromium-browser", "google-chrome")
	dir := t.TempDir()
	path := filepath.Join(dir, "report.html")
	if err := WriteHTMLFile(path, nil, htmlSample()); err != nil {
		t.Fatal(err)
	}
	url := "file://" + path

	article := regexp.MustCompile(`<article class="finding" id="f(\d+)"([^>]*)>`)
	category := regexp.MustCompile(`data-category="(\w+)"`)
	for _, tc := range []struct {
		hash  string
		shown map[string]bool // by category
		count string
	}{
		{hash: "", shown: map[string]bool{"veto": true, "deduct": true, "advice": true}, count: "5"},
		{hash: "#category=veto", shown: map[string]bool{"veto": true}, count: "1"},
		{hash: "#category=deduct", shown: map[string]bool{"deduct": true}, count: "2"},
		{hash: "#column=" + "%E5%B7%A5%E4%BD%9C%E5%8A%A8%E6%80%81", shown: map[string]bool{"deduct": true}, count: "1"}, // 工作动态
	} {
		dom, console := runChromium(t, chromium, "--dump-dom", url+tc.hash)
		if len(console) > 0 {
			t.Errorf("%s: console messages:\n%s", tc.hash, strings.Join(console, "\n"))
		}
		if !strings.Contains(dom, `data-ok="1"`) {
			t.Fatalf("%s: the page's script did not finish (no data-ok on <html>):\n%.2000s", tc.hash, dom)
		}
		if strings.Contains(htmlTag(dom), "data-pwned") {
			t.Errorf("%s: text from the site ran as script", tc.hash)
		}
		if !strings.Contains(dom, `data-shown="`+tc.count+`"`) {
			t.Errorf("%s: want %s findings shown; the page has %s", tc.hash, tc.count, htmlTag(dom))
		}
		ms := article.FindAllStringSubmatch(dom, -1)
		if len(ms) != 5 {
			t.Fatalf("%s: %d findings in the DOM, want 5", tc.hash, len(ms))
		}
		for _, m := range ms {
			visible := !strings.Contains(m[2], "hidden")
			cat := category.FindStringSubmatch(m[2])[1]
			// The 栏目 filter: only finding 4 is in 工作动态.
			want := tc.shown[cat] && (!strings.HasPrefix(tc.hash, "#column=") || m[1] == "4")
			if visible != want {
				t.Errorf("%s: finding %s (%s) visible=%v, want %v", tc.hash, m[1], cat, visible, want)
			}
		}
	}

	shot := filepath.Join(artifactDir(t), "gongkai-report.png")
	if _, console := runChromium(t, chromium, "--window-size=1366,2400", "--hide-scrollbars", "--screenshot="+shot, url); len(console) > 0 {
		t.Errorf("screenshot run: console messages:\n%s", strings.Join(console, "\n"))
	}
	if st, err := os.Stat(shot); err != nil || st.Size() < 10000 {
		t.Fatalf("no screenshot at %s (%v)", shot, err)
	}
	t.Logf("screenshot of the report: %s", shot)
}

func TestBatchHTMLInBrowser(t *testing.T) {
	b := batchHTMLSample()
	var buf bytes.Buffer
	if err := writeBatchHTML(&buf, b); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	first, second := strings.Index(out, "甲网站"), strings.Index(out, "乙网站&lt;script&gt;")
	if first < 0 || second < 0 || first > second {
		t.Errorf("sites must appear in ranking order with names escaped (甲 at %d, 乙 at %d)", first, second)
	}
	for _, want := range []string{"<polyline", `href="./%E7%94%B2-%E6%95%B4%E6%94%B9%E6%B8%85%E5%8D%95.xlsx"`, "无法访问", "2026-01：90"} {
		if !strings.Contains(out, want) {
			t.Errorf("the 月度通报 lacks %q", want)
		}
	}

	chromium := lookTool(t, "chromium", "chromium", "chromium-browser", "google-chrome")
	path := filepath.Join(t.TempDir(), "月度通报.html")
	if err := WriteBatchHTML(path, b); err != nil {
		t.Fatal(err)
	}
	dom, console := runChromium(t, chromium, "--dump-dom", "file://"+path)
	if len(console) > 0 {
		t.Errorf("console messages:\n%s", strings.Join(console, "\n"))
	}
	if tag := htmlTag(dom); !strings.Contains(tag, `data-ok="1"`) || strings.Contains(tag, "data-pwned") {
		t.Errorf("the 月度通报 did not load cleanly:\n%.1500s", dom)
	}
}

func batchHTMLSample() *BatchSummary {
	f := func(v float64) *float64 { return &v }
	good := sampleReport()
	good.Score.Veto = nil
	bad := sampleReport()
	return &BatchSummary{
		Period: "2026-02", AsOf: "2026-02-10", Rules: sampleRules(),
		Sites: []BatchSite{
			{Name: "甲网站", URL: "http://a.example.gov.cn/", Report: good, Workbook: "甲-整改清单.xlsx"},
			{Name: `乙网站<script>document.documentElement.setAttribute("data-pwned","1")</script>`, URL: "http://b.example.gov.cn/", Report: bad},
			{Name: "丙网站", URL: "http://c.example.gov.cn/", Error: "无法访问"},
		},
		Trend: &Trend{Months: []string{"2026-01", "2026-02"}, Sites: []TrendSite{
			{Name: "甲网站", Scores: []*float64{f(90), f(86.5)}, Vetoed: []bool{false, false}},
		}},
		Ranked: []RankedSite{
			{BatchSite: BatchSite{Name: "甲网站", URL: "http://a.example.gov.cn/", Report: good, Workbook: "甲-整改清单.xlsx"}, Rank: 1, Conclusion: "良好"},
			{BatchSite: BatchSite{Name: `乙网站<script>document.documentElement.setAttribute("data-pwned","1")</script>`, URL: "http://b.example.gov.cn/", Report: bad}, Rank: 2, Conclusion: "单项否决"},
		},
	}
}

// htmlTag is the <html> start tag of a dumped DOM.
func htmlTag(dom string) string {
	i := strings.Index(dom, "<html")
	if i < 0 {
		return ""
	}
	j := strings.IndexByte(dom[i:], '>')
	if j < 0 {
		return dom[i:]
	}
	return dom[i : i+j+1]
}
