package checks

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/site"
)

var asOf = time.Date(2025, 11, 24, 0, 0, 0, 0, site.Shanghai)

func run(t *testing.T, r Rule, s *site.Site) []Finding {
	t.Helper()
	fs, errs := Run(&Context{AsOf: asOf}, s, []Rule{r})
	if len(errs) > 0 {
		t.Fatalf("rule errors: %v", errs)
	}
	return fs
}

func TestRegistryMetadata(t *testing.T) {
	idRe := regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)+$`)
	seen := map[string]bool{}
	for _, r := range Registry() {
		m := r.Meta()
		if !idRe.MatchString(m.ID) {
			t.Errorf("rule ID %q is not kebab-case", m.ID)
		}
		if seen[m.ID] {
			t.Errorf("duplicate rule ID %q", m.ID)
		}
		seen[m.ID] = true
		if m.Name == "" || m.Basis == "" || m.Advice == "" || m.Summary == "" {
			t.Errorf("rule %s lacks name, basis, advice or summary: %+v", m.ID, m)
		}
		if m.Severity.Rank() == 0 {
			t.Errorf("rule %s has severity %q", m.ID, m.Severity)
		}
		if _, ok := Lookup(m.ID); !ok {
			t.Errorf("Lookup(%q) failed", m.ID)
		}
	}
}

func TestFingerprintStable(t *testing.T) {
	a := Fingerprint("link-broken", "http://www.x.gov.cn/a/index.html", "")
	for _, u := range []string{"https://www.x.gov.cn/a/", "http://WWW.X.GOV.CN/a", "http://www.x.gov.cn/a/index.shtml"} {
		if b := Fingerprint("link-broken", u, ""); b != a {
			t.Errorf("fingerprint of %s differs", u)
		}
	}
	if Fingerprint("link-broken", "http://www.x.gov.cn/b/", "") == a || Fingerprint("meta-tags", "http://www.x.gov.cn/a/", "") == a ||
		Fingerprint("link-broken", "http://www.x.gov.cn/a/", "x") == a {
		t.Error("different problems share a fingerprint")
	}
}

func TestLinkBroken(t *testing.T) {
	home := &site.Page{URL: "http://x.gov.cn/", Title: "首页", Text: strings.Repeat("正文", 300), Column: "首页"}
	soft := &site.Page{URL: "http://x.gov.cn/old.html", Status: 200, Title: "页面不存在", Text: "抱歉，您访问的页面不存在或已被删除！返回首页"}
	article404 := &site.Page{URL: "http://x.gov.cn/news.html", Status: 200,
		Title: "我县开展“找不到工作怎么办”就业政策宣讲活动暨2025年春风行动启动仪式", Text: strings.Repeat("就业政策宣讲。", 100)}
	s := &site.Site{Start: "http://x.gov.cn/", Pages: []*site.Page{home, soft, article404}, Resources: []*site.Resource{
		{URL: "http://x.gov.cn/a.pdf", Kind: site.KindAnchor, Status: 404, ErrClass: site.ErrHTTPStatus, Err: "404 Not Found",
			Referrers: []string{"http://x.gov.cn/", "http://x.gov.cn/b.html"}, Anchor: "申请表"},
		{URL: "http://x.gov.cn/old.html", Kind: site.KindAnchor, Status: 200, Crawled: true, Referrers: []string{"http://x.gov.cn/"}},
		{URL: "http://x.gov.cn/news.html", Kind: site.KindAnchor, Status: 200, Crawled: true, Referrers: []string{"http://x.gov.cn/"}},
		{URL: "http://dead.example.cn/", Kind: site.KindAnchor, ErrClass: site.ErrDNS, Err: "no such host", Referrers: []string{"http://x.gov.cn/"}},
		// Look-alikes that are not broken:
		{URL: "http://zwfw.x.gov.cn/item/1", Kind: site.KindAnchor, Status: 401, ErrClass: site.ErrHTTPStatus,
			Redirects: []string{"http://zwfw.x.gov.cn/sso/login?from=item1"}, Referrers: []string{"http://x.gov.cn/"}},
		{URL: "http://x.gov.cn/busy.jpg", Kind: site.KindImage, Status: 429, ErrClass: site.ErrHTTPStatus, Referrers: []string{"http://x.gov.cn/"}},
		{URL: "http://x.gov.cn/admin/", Kind: site.KindAnchor, NotChecked: "robots.txt 禁止抓取", Referrers: []string{"http://x.gov.cn/"}},
		{URL: "http://x.gov.cn/logo.png", Kind: site.KindImage, Status: 200, Referrers: []string{"http://x.gov.cn/"}},
	}}
	fs := run(t, LinkBroken{}, s)
	got := map[string]Finding{}
	for _, f := range fs {
		got[f.URL] = f
	}
	if len(fs) != 3 {
		t.Errorf("got %d findings, want 3: %+v", len(fs), fs)
	}
	pdf, ok := got["http://x.gov.cn/a.pdf"]
	if !ok {
		t.Fatal("broken attachment not reported")
	}
	if len(pdf.Referrers) != 2 || !strings.Contains(pdf.Message, "附件") || !strings.Contains(pdf.Evidence, "404") ||
		pdf.Column != "首页" || pdf.Severity != Deduct || pdf.Basis == "" || pdf.Fingerprint == "" {
		t.Errorf("attachment finding = %+v", pdf)
	}
	if f, ok := got["http://x.gov.cn/old.html"]; !ok || !strings.Contains(f.Evidence, "软404") {
		t.Errorf("soft 404 = %+v", f)
	}
	if _, ok := got["http://dead.example.cn/"]; !ok {
		t.Error("DNS failure not reported")
	}
	if _, ok := got["http://x.gov.cn/news.html"]; ok {
		t.Error("a long headline containing 找不到 was called a soft 404")
	}
}

func footerPage(url, text string, scripts []string, links []site.Link) *site.Page {
	return &site.Page{URL: url, Title: "示范县人民政府", Text: text, FooterText: text, Scripts: scripts, Links: links}
}

func TestFooterIdentity(t *testing.T) {
	full := "主办单位：示范县人民政府办公室 网站标识码：3609990001 赣ICP备00000000号-1 赣公网安备 36092202000123号"
	badgeScript := `document.write(unescape("%3Cspan id='_ideConac' %3E%3C/span%3E%3Cscript src='https://dcs.conac.cn/js/99/000/CA99.js'%3E%3C/script%3E"));`
	tests := []struct {
		name    string
		page    *site.Page
		missing []string
	}{
		{"complete, badge written by script", func() *site.Page {
			p := footerPage("http://x.gov.cn/", full, nil, nil)
			p.ScriptText = badgeScript
			return p
		}(), nil},
		{"complete, badge as script src and link", footerPage("http://x.gov.cn/", full,
			[]string{"https://dcs.conac.cn/js/33/000/0000/60429971/CA330000000604299710002.js"},
			[]site.Link{{URL: "https://bszs.conac.cn/sitename?method=show&id=1", Kind: site.KindAnchor}}), nil},
		{"ICP and 公安 only as links", footerPage("http://x.gov.cn/", "主办：示范县人民政府 网站标识码 3609990001 备案信息 公安备案",
			[]string{"https://dcs.conac.cn/js/x.js"},
			[]site.Link{{URL: "https://beian.miit.gov.cn/", Kind: site.KindAnchor}, {URL: "http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=36092202000123", Kind: site.KindAnchor}}), nil},
		{"bare footer", footerPage("http://x.gov.cn/", "版权所有 示范县", nil, nil),
			[]string{"网站标识码", "ICP备案编号", "公安机关备案标识", "党政机关网站开办者标识", "主办单位"}},
		{"code without label is not the 标识码", footerPage("http://x.gov.cn/", "主办单位：示范县 电话 3609990001 赣ICP备12345678号 赣公网安备 36092202000123号",
			[]string{"https://dcs.conac.cn/js/x.js"}, nil), []string{"网站标识码"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &site.Site{Start: "http://x.gov.cn/", Pages: []*site.Page{tt.page}}
			fs := run(t, FooterIdentity{}, s)
			var got []string
			for _, f := range fs {
				got = append(got, f.Subject)
			}
			sort.Strings(got)
			want := append([]string{}, tt.missing...)
			sort.Strings(want)
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("missing = %v, want %v", got, tt.missing)
			}
		})
	}
}

func TestFooterIdentityInvalidBadge(t *testing.T) {
	p := footerPage("http://x.gov.cn/", "主办单位：示范县 网站标识码：3609990001 赣ICP备12345678号 赣公网安备 36092202000123号",
		[]string{"https://dcs.conac.cn/js/x.js"}, []site.Link{{URL: "https://dcs.conac.cn/image/red_error.png", Kind: site.KindImage}})
	fs := run(t, FooterIdentity{}, &site.Site{Start: "http://x.gov.cn/", Pages: []*site.Page{p}})
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "无效") {
		t.Errorf("findings = %+v", fs)
	}
}

func meta(kv ...string) map[string]string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[strings.ToLower(kv[i])] = kv[i+1]
	}
	return m
}

func TestMetaTags(t *testing.T) {
	siteTags := []string{"SiteName", "示范县", "SiteDomain", "www.sfx.gov.cn", "SiteIDCode", "3609990001"}
	colTags := append(append([]string{}, siteTags...), "ColumnName", "工作动态", "ColumnDescription", "d", "ColumnKeywords", "k", "ColumnType", "工作动态")
	items := []site.ListItem{{Title: "a"}, {Title: "b"}, {Title: "c"}}
	pages := []*site.Page{
		{URL: "http://x.gov.cn/", Meta: meta(colTags...), Text: "网站标识码：3609990001"},
		{URL: "http://x.gov.cn/gzdt/", Meta: meta(colTags...), Items: items},
		{URL: "http://x.gov.cn/gzdt/t1.html", Meta: meta(append(append([]string{}, siteTags...), "ArticleTitle", "t", "PubDate", "2025-11-18 16:20", "ContentSource", "办公室")...)},
		// Violations:
		{URL: "http://x.gov.cn/gzdt/t2.html", Meta: meta(append(append([]string{}, siteTags...), "ArticleTitle", "t", "PubDate", "2025-11-18", "ContentSource", "")...)},
		{URL: "http://x.gov.cn/tzgg/", Meta: meta("SiteName", "示范县"), Items: items},
		{URL: "http://x.gov.cn/other.html", Meta: meta("SiteName", "示范县", "SiteDomain", "www.sfx.gov.cn", "SiteIDCode", "3609990002"), Text: "网站标识码：3609990001"},
		// A soft 404 is reported by link-broken, not here.
		{URL: "http://x.gov.cn/gone.html", Title: "页面不存在", Text: "页面不存在"},
	}
	fs := run(t, MetaTags{}, &site.Site{Start: "http://x.gov.cn/", Pages: pages})
	got := map[string]string{}
	for _, f := range fs {
		got[f.URL+" "+f.Subject] = f.Message
	}
	want := map[string]string{
		"http://x.gov.cn/gzdt/t2.html missing":           "内容为空 ContentSource",
		"http://x.gov.cn/tzgg/ missing":                  "缺少 SiteDomain、SiteIDCode、ColumnName",
		"http://x.gov.cn/other.html siteidcode-mismatch": "SiteIDCode",
	}
	for k, sub := range want {
		if !strings.Contains(got[k], sub) {
			t.Errorf("%s: message %q lacks %q", k, got[k], sub)
		}
	}
	if len(fs) != len(want) {
		t.Errorf("got %d findings, want %d: %v", len(fs), len(want), got)
	}
}

// One template, one row: the same tags missing on every page of a type is
// one finding with the count and examples; the homepage is not a column
// page and needs only the site tags.
func TestMetaTagsTemplateOnce(t *testing.T) {
	items := []site.ListItem{{Title: "a"}, {Title: "b"}, {Title: "c"}}
	pages := []*site.Page{{URL: "http://x.gov.cn/", Title: "首页", Items: items,
		Meta: meta("SiteName", "示范县", "SiteDomain", "www.sfx.gov.cn", "SiteIDCode", "3609990001")}}
	for i := range 7 {
		pages = append(pages, &site.Page{URL: fmt.Sprintf("http://x.gov.cn/col%d/", i), Depth: 1, Items: items})
	}
	pages = append(pages, &site.Page{URL: "http://x.gov.cn/col0/t1.html", Depth: 2, Meta: meta("ArticleTitle", "t"),
		Published: site.Date{Time: day("2025-11-18"), Source: site.SourceText}})
	fs := run(t, MetaTags{}, &site.Site{Start: "http://x.gov.cn/", Pages: pages})
	if len(fs) != 2 {
		t.Fatalf("want one row per page type, got %d: %+v", len(fs), fs)
	}
	col := fs[0]
	if col.URL != "http://x.gov.cn/col0/" || !strings.HasPrefix(col.Message, "7个栏目页") ||
		!strings.Contains(col.Evidence, "同一模板的7个页面") || !strings.Contains(col.Evidence, "http://x.gov.cn/col4/等") ||
		strings.Contains(col.Evidence, "col5") {
		t.Errorf("column row: %+v", col)
	}
	if strings.Contains(fs[1].Message, "个内容页") || !strings.Contains(fs[1].Message, "内容页元数据标签不全") {
		t.Errorf("content row: %+v", fs[1])
	}
}

func TestScore(t *testing.T) {
	fs := []Finding{
		{Rule: "link-broken", Severity: Deduct}, {Rule: "link-broken", Severity: Deduct}, {Rule: "link-broken", Severity: Deduct},
		{Rule: "footer-identity", Severity: Deduct},
		{Rule: "meta-tags", Severity: Advice},
		{Rule: "x-veto", Severity: Veto}, {Rule: "x-veto", Severity: Veto},
	}
	sc := ComputeScore(fs, Registry(), nil)
	if sc.Total != 98.7 || sc.Deductions["link-broken"] != 0.3 || sc.Deductions["footer-identity"] != 1 {
		t.Errorf("score = %+v", sc)
	}
	if len(sc.Veto) != 1 || sc.Veto[0] != "x-veto" {
		t.Errorf("veto = %v", sc.Veto)
	}
}

func TestLinkBlockedNotBroken(t *testing.T) {
	s := &site.Site{Start: "http://x.gov.cn/", Resources: []*site.Resource{
		{URL: "http://x.gov.cn/waf.html", Kind: site.KindAnchor, Status: 412, ErrClass: site.ErrHTTPStatus,
			Blocked: "瑞数动态防护（$_ts）", Referrers: []string{"http://x.gov.cn/"}},
		{URL: "http://x.gov.cn/ok.html", Kind: site.KindAnchor, Status: 200, Referrers: []string{"http://x.gov.cn/"}},
	}}
	if fs := run(t, LinkBroken{}, s); len(fs) != 0 {
		t.Errorf("blocked target reported broken: %+v", fs)
	}
	fs := run(t, LinkBlocked{}, s)
	if len(fs) != 1 || fs[0].URL != "http://x.gov.cn/waf.html" || fs[0].Severity != Advice || !strings.Contains(fs[0].Message, "瑞数") {
		t.Errorf("link-blocked = %+v", fs)
	}
}

// maskedRule quotes a page title that carries personal numbers.
type maskedRule struct{}

func (maskedRule) Meta() Meta { return Meta{ID: "x-test", Name: "测试", Severity: Advice} }
func (maskedRule) Check(*Context, *site.Site) []Finding {
	return []Finding{{URL: "http://x.gov.cn/t20250910_101.html", Title: "张三110101199003074514低保",
		Message: "联系13812345678", Evidence: "文号示府办〔2025〕3号，发布2025-09-10，电话0795-3512345，链接t20250910_101"}}
}

func TestFindingsNeverCarryFullNumbers(t *testing.T) {
	fs, _ := Run(&Context{AsOf: asOf}, &site.Site{}, []Rule{maskedRule{}})
	f := fs[0]
	if f.Title != "张三110101********4514低保" || f.Message != "联系138****5678" {
		t.Errorf("title %q, message %q", f.Title, f.Message)
	}
	if f.Evidence != "文号示府办〔2025〕3号，发布2025-09-10，电话0795-3512345，链接t20250910_101" {
		t.Errorf("ordinary numbers were masked: %q", f.Evidence)
	}
}

// rulesFromTo returns the registry's rules from the one with ID first to the
// one with ID last, both included: one area of the registry, in order.
func rulesFromTo(first, last string) []Rule {
	var out []Rule
	in := false
	for _, r := range Registry() {
		id := r.Meta().ID
		in = in || id == first
		if in {
			out = append(out, r)
		}
		if in && id == last {
			return out
		}
	}
	panic("no registry rules from " + first + " to " + last)
}

// A link that fails without an anti-bot challenge is broken, not blocked:
// link-blocked stays silent on a plain 403 (link-broken reports it).
func TestLinkBlockedLookAlike(t *testing.T) {
	s := &site.Site{Start: "http://x.gov.cn/", Resources: []*site.Resource{
		// a plain 403, as a server without a WAF answers
		{URL: "http://x.gov.cn/private.html", Kind: site.KindAnchor, Status: 403, ErrClass: site.ErrHTTPStatus,
			Referrers: []string{"http://x.gov.cn/"}},
	}}
	if fs := run(t, LinkBlocked{}, s); len(fs) != 0 {
		t.Errorf("link-blocked reported a plain 403: %+v", fs)
	}
	if fs := run(t, LinkBroken{}, s); len(fs) != 1 {
		t.Errorf("link-broken findings = %+v, want the 403", fs)
	}
}
