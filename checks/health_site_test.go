package checks_test

import (
	"os"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/checks"
	"github.com/gongkai/gongkai/demo"
	"github.com/gongkai/gongkai/site"
)

var healthIDs = []string{"site-unreachable", "homepage-stale", "column-stale", "column-blank", "message-unanswered"}

// TestHealthFixtureSite crawls a small site through the real crawler and
// extraction and runs the site-health rules. It holds the look-alikes that
// must stay silent: an oldest-first list (createPageHTML) whose newest entry
// is on its last page, TRS document.writeln columns (read, and built at run
// time), a 大汉 jpage column, a 公开指南 column that is one document, the
// platform index, and a 网上信访 column with old pending letters.
func TestHealthFixtureSite(t *testing.T) {
	s, base := crawlFS(t, os.DirFS("testdata/health/site"))
	rules := rulesOf(t, healthIDs)
	run := func(day string) []checks.Finding {
		at, _ := site.ParseDate(day)
		return runRules(t, &checks.Context{AsOf: at}, s, rules)
	}
	lines := func(fs []checks.Finding) string { return strings.Join(findingLines(fs, base, false), "\n") }

	fs := run("2025-11-25")
	want := strings.Join([]string{
		"column-blank deduct /xxgk/jytabl/",
		"column-stale advice /tzgg/",
		"column-stale deduct /xxgk/rsxx/",
		"message-unanswered veto /hdjl/xzxx/",
	}, "\n")
	if got := lines(fs); got != want {
		t.Errorf("findings as of 2025-11-25:\n%s\nwant:\n%s", got, want)
	}
	for _, f := range fs {
		switch f.Rule {
		case "column-stale":
			if f.Severity == checks.Advice && !strings.Contains(f.Evidence, "本栏目暂无新的通知公告信息") {
				t.Errorf("explained column without its note: %+v", f)
			}
		case "message-unanswered":
			if !strings.Contains(f.Evidence, "《关于城区夜间施工噪音扰民的咨询》来信2025-07-02，状态“办理中”") ||
				strings.Contains(f.Evidence, "供暖补贴") || !strings.Contains(f.Evidence, "答复用时中位数6天") {
				t.Errorf("message evidence: %s", f.Evidence)
			}
		}
	}
	// The oldest-first list was read to its last page.
	for _, p := range s.Pages {
		if strings.HasSuffix(p.URL, "/gzdt/index_2.html") {
			goto found
		}
	}
	t.Error("the last page of the oldest-first list was not crawled")
found:

	// Seven weeks later the homepage and the news column are stale too.
	got := lines(run("2026-01-12"))
	for _, w := range []string{"homepage-stale veto /", "column-stale deduct /gzdt/"} {
		if !strings.Contains(got, w) {
			t.Errorf("as of 2026-01-12 missing %q in:\n%s", w, got)
		}
	}
	if strings.Contains(got, "/xxgk/gfxwj/") || strings.Contains(got, "/xxgk/zcjd/") {
		t.Errorf("a script-rendered column was judged:\n%s", got)
	}
}

// TestHealthDemoSite pins what the site-health rules find on the embedded
// demo site as of its snapshot date: the planted 县长信箱 letter, the stale
// 人事信息 column, the 规划计划 column that explains itself and the blank
// 建议提案办理 column; nothing else (a new finding is a false positive or
// a new planted defect to add here).
func TestHealthDemoSite(t *testing.T) {
	s, base := crawlFS(t, demo.Site())
	got := findingLines(runRules(t, &checks.Context{AsOf: demo.AsOf}, s, rulesOf(t, healthIDs)), base, true)
	want := []string{
		"column-blank deduct /xxgk/jytabl/ 空白栏目",
		"column-stale advice /xxgk/ghjh/ 规划计划",
		"column-stale deduct /xxgk/rsxx/ 人事信息",
		"message-unanswered veto /hdjl/xzxx/ 县长信箱",
	}
	wantLines(t, "demo site-health findings", got, want)
}
