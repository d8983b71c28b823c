package checks_test

import (
	"io/fs"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/calendar"
	"github.com/gongkai/gongkai/checks"
	"github.com/gongkai/gongkai/demo"
	"github.com/gongkai/gongkai/site"
)

// disclosureIDs are the rules of the 政务公开 content area.
var disclosureIDs = []string{
	"gk-guide-missing", "gk-guide-incomplete", "gk-annual-report-missing", "gk-annual-report-late",
	"doc-metadata-incomplete", "doc-publish-late", "doc-validity-expired",
	"interp-missing", "interp-late", "interp-unlinked",
}

func runDisclosure(t *testing.T, s *site.Site, asOf time.Time) []checks.Finding {
	t.Helper()
	ctx := &checks.Context{AsOf: asOf, Calendar: calendar.Default()}
	return runRules(t, ctx, s, rulesOf(t, disclosureIDs))
}

type want struct{ rule, urlSuffix, text string }

// checkFindings asserts that exactly the wanted findings exist (each matched
// by rule, URL suffix and a text in message or evidence).
func checkFindings(t *testing.T, fs []checks.Finding, wants []want) {
	t.Helper()
	used := make([]bool, len(fs))
	for _, w := range wants {
		found := false
		for i, f := range fs {
			if !used[i] && f.Rule == w.rule && strings.HasSuffix(f.URL, w.urlSuffix) &&
				strings.Contains(f.Message+" "+f.Evidence, w.text) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("missing finding %s on *%s containing %q", w.rule, w.urlSuffix, w.text)
		}
	}
	for i, f := range fs {
		if !used[i] {
			t.Errorf("unexpected finding %s %s: %s | %s", f.Rule, f.URL, f.Message, f.Evidence)
		}
	}
	if t.Failed() {
		var lines []string
		for _, f := range fs {
			lines = append(lines, f.Rule+" "+f.URL+" "+f.Message+" | "+f.Evidence)
		}
		sort.Strings(lines)
		t.Logf("all findings:\n%s", strings.Join(lines, "\n"))
	}
}

var fixtureAsOf = time.Date(2025, 11, 25, 0, 0, 0, 0, site.Shanghai)

// The fixture county site holds one violation per rule next to compliant
// look-alikes: an interpretation on the 2025-10-11 make-up Saturday, a
// document whose 19 official working days span the National Day week, a
// department report saved by the 春节 extension of its due date, a forwarded
// provincial document, a reposted provincial interpretation with a sidebar,
// a licence "有效期至" that is not the document's, a notice about annual
// reports, and a 文号 in a notice's title without any metadata table.
func TestDisclosureFixtureSite(t *testing.T) {
	s, _ := crawlFS(t, os.DirFS("testdata/disclosure/site"))
	fs := runDisclosure(t, s, fixtureAsOf)
	checkFindings(t, fs, []want{
		{"gk-guide-incomplete", "/xxgk/zfxxgkzn/", "传真、互联网联系方式"},
		{"gk-guide-incomplete", "/xxgk/zfxxgkzn/", "国务院令第492号"},
		{"gk-annual-report-missing", "/xxgk/zfxxgknb/", "2024年度"},
		{"gk-annual-report-late", "/t20250212_21.html", "顺延至2025-02-05"},
		{"doc-metadata-incomplete", "/t20251020_5.html", "索引号、成文日期、文号"},
		{"doc-publish-late", "/t20250910_3.html", "成文日期2025-08-01，发布日期2025-09-10，间隔28个工作日（上限20个"},
		{"doc-validity-expired", "/t20200110_6.html", "有效期至2024年12月31日"},
		{"interp-missing", "/t20250910_3.html", "样府办规〔2025〕3号"},
		{"interp-late", "/t20250930_2.html", "文件发布2025-09-30，解读发布2025-10-13，间隔4个工作日（上限3个，依据国办发明电〔2024〕12号）"},
		{"interp-unlinked", "/t20250930_2.html", "文件页面没有指向解读的链接"},
	})
}

// Without its guide page (the menu links to it now answer 404), the same
// site has no guide at all.
func TestDisclosureFixtureSiteWithoutGuide(t *testing.T) {
	root := hideFS{FS: os.DirFS("testdata/disclosure/site"), hidden: "xxgk/zfxxgkzn"}
	s, _ := crawlFS(t, root)
	var got []checks.Finding
	for _, f := range runDisclosure(t, s, fixtureAsOf) {
		if strings.HasPrefix(f.Rule, "gk-guide") {
			got = append(got, f)
		}
	}
	checkFindings(t, got, []want{{"gk-guide-missing", "/xxgk/", "未找到政府信息公开指南"}})
}

// hideFS hides one directory of a file tree.
type hideFS struct {
	fs.FS
	hidden string
}

func (h hideFS) Open(name string) (fs.File, error) {
	if name == h.hidden || strings.HasPrefix(name, h.hidden+"/") {
		return nil, fs.ErrNotExist
	}
	return h.FS.Open(name)
}

// The demo site shows one finding of each rule the demo can show (a site
// either has a guide or not: the demo's is outdated, so gk-guide-missing
// cannot appear there).
func TestDisclosureDemoSite(t *testing.T) {
	s, _ := crawlFS(t, demo.Site())
	fs := runDisclosure(t, s, demo.AsOf)
	checkFindings(t, fs, []want{
		{"gk-guide-incomplete", "/xxgk/zfxxgkzn/", "传真"},
		{"gk-guide-incomplete", "/xxgk/zfxxgkzn/", "国务院令第492号"},
		{"gk-annual-report-missing", "/xxgk/zfxxgknb/", "2024年度"},
		{"gk-annual-report-late", "/xxgk/zfxxgknb/202502/t20250212_402.html", "顺延至2025-02-05"},
		{"doc-metadata-incomplete", "/xxgk/zcwj/202510/t20251020_104.html", "成文日期"},
		{"doc-publish-late", "/xxgk/zcwj/202509/t20250910_106.html", "间隔28个工作日"},
		{"doc-validity-expired", "/xxgk/zcwj/202001/t20200110_103.html", "有效期至2024年12月31日"},
		{"interp-missing", "/xxgk/zcwj/202509/t20250915_102.html", "示府规〔2025〕2号"},
		{"interp-late", "/xxgk/zcwj/202509/t20250930_105.html", "间隔4个工作日"},
		{"interp-unlinked", "/xxgk/zcwj/202509/t20250930_105.html", "文件页面没有指向解读的链接"},
	})
}
