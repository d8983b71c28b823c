package checks

// This file follows CONTRIBUTING.md's recipe once: LeftoverTestPage is a
// page rule written as a newcomer would write checks/<id>.go, and
// TestRecipeRule registers it (the one registry line, through the
// test-only testRules) and runs it end to end through Run.

import (
	"regexp"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/site"
)

// LeftoverTestPage reports a page left over from building the site: its
// title is only 测试, 测试页面 or test.
type LeftoverTestPage struct{}

var leftoverTestPageMeta = Meta{
	ID:          "test-page-leftover",
	Name:        "测试页面未删除",
	Description: "检查网站上是否留有建站或改版时的测试页面：页面标题就是“测试”“测试页面”或“test”的即为问题。",
	Severity:    Advice,
	Basis:       "《政府网站发展指引》（国办发〔2017〕47号）：网站内容应准确，及时清理无效信息",
	Advice:      "删除建站或改版时遗留的测试页面，或将其下线。",
	Summary:     "a fetched page (not a soft 404) whose title, trimmed, is 测试, 测试页面, 测试文章 or test; a title that merely mentions 测试 is not one",
	Recheck:     Recheck{Mode: RecheckPage},
}

// Meta describes the rule.
func (LeftoverTestPage) Meta() Meta { return leftoverTestPageMeta }

var leftoverTestTitle = regexp.MustCompile(`(?i)^(测试|测试页面|测试文章|test)$`)

// Check runs the rule on its own (Run feeds its pass with the others').
func (r LeftoverTestPage) Check(ctx *Context, s *site.Site) []Finding { return checkPages(ctx, s, r) }

// leftoverTestPass holds each page's finding (found[i] for s.Pages[i]).
type leftoverTestPass struct {
	isUsable func(*site.Page) bool
	found    []*Finding
}

// Pass starts a run over s.
func (LeftoverTestPage) Pass(ctx *Context, s *site.Site) PagePass {
	return &leftoverTestPass{isUsable: usableIn(ctx, s), found: make([]*Finding, len(s.Pages))}
}

// Visit looks at one page's title.
func (r *leftoverTestPass) Visit(v PageView) {
	p := v.Page
	title := strings.TrimSpace(p.Title)
	if !r.isUsable(p) || !leftoverTestTitle.MatchString(title) {
		return
	}
	r.found[v.I] = &Finding{URL: p.URL, Title: title, Column: p.Column,
		Message: "页面标题为“" + title + "”，疑似建站遗留的测试页面。", Evidence: "页面标题：" + title}
}

// Findings returns the findings in page order.
func (r *leftoverTestPass) Findings() []Finding {
	var out []Finding
	for _, f := range r.found {
		if f != nil {
			out = append(out, *f)
		}
	}
	return out
}

// TestRecipeRule registers the recipe's rule and checks that it runs
// through Run with the rest of the registry, its findings stamped from its
// Meta, and that the catalogue test would hold it to the same standard as
// every other rule.
func TestRecipeRule(t *testing.T) {
	testRules = []Rule{LeftoverTestPage{}}
	ruleTests["test-page-leftover"] = ruleTest{
		violating: "TestRecipeRule/a leftover test page",
		lookAlike: "TestRecipeRule/a notice about testing",
	}
	t.Cleanup(func() {
		testRules = nil
		delete(ruleTests, "test-page-leftover")
	})

	body := strings.Repeat("示范县人民政府门户网站 政务公开 政务服务 互动交流 ", 20)
	s := &site.Site{Start: "http://x.gov.cn/", Complete: true, Pages: []*site.Page{
		{URL: "http://x.gov.cn/", Status: 200, Title: "示范县人民政府", Text: body},
		// a leftover test page
		{URL: "http://x.gov.cn/test/1.html", Status: 200, Title: " 测试页面 ", Column: "工作动态", Text: "测试 " + body},
		// a notice about testing: a look-alike
		{URL: "http://x.gov.cn/tzgg/2.html", Status: 200, Title: "关于开展网站测试工作的通知", Column: "通知公告", Text: body},
		// a soft 404 titled 测试 is link-broken's
		{URL: "http://x.gov.cn/test/gone.html", Status: 200, Title: "test", Text: "页面不存在"},
	}}
	rules := Registry()
	if last := rules[len(rules)-1].Meta().ID; last != "test-page-leftover" {
		t.Fatalf("the registered rule is not last in the registry: %s", last)
	}
	if _, ok := rules[len(rules)-1].(PageRule); !ok {
		t.Fatal("the recipe's rule is not a PageRule: Run would not feed it from the page pass")
	}
	if _, ok := Lookup("test-page-leftover"); !ok {
		t.Fatal("Lookup does not find the registered rule")
	}
	fs, errs := Run(ctxAt("2025-11-24"), s, rules)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []Finding
	for _, f := range fs {
		if f.Rule == "test-page-leftover" {
			got = append(got, f)
		}
	}
	if len(got) != 1 {
		t.Fatalf("findings = %+v, want the leftover test page only", got)
	}
	f, m := got[0], leftoverTestPageMeta
	if f.URL != "http://x.gov.cn/test/1.html" || f.Title != "测试页面" || f.Severity != m.Severity ||
		f.Basis != m.Basis || f.Advice != m.Advice || f.Fingerprint != Fingerprint(m.ID, f.URL, "") {
		t.Errorf("finding = %+v", f)
	}
	// Advice findings come after the deduct and veto ones.
	if fs[len(fs)-1].Severity != Advice {
		t.Errorf("last finding is %s", fs[len(fs)-1].Severity)
	}

	// The catalogue holds it to the same standard: with a README row, its
	// Meta, policy and cases are complete; without one, that is said.
	funcs := testFuncSources(t)
	if p := catalogueProblems(m, map[string]bool{m.ID: true}, funcs); len(p) > 0 {
		t.Errorf("catalogue problems: %v", p)
	}
	if p := catalogueProblems(m, map[string]bool{}, funcs); len(p) != 1 || !strings.Contains(p[0], "README") {
		t.Errorf("catalogue problems without a README row = %v", p)
	}
	// 检查内容 is shown to offices: a rule without it, or with English
	// only, is not catalogued.
	for _, d := range []string{"", "a page titled test"} {
		bare := m
		bare.Description = d
		if p := catalogueProblems(bare, map[string]bool{m.ID: true}, funcs); len(p) != 1 || !strings.Contains(p[0], "Description") {
			t.Errorf("catalogue problems with Description %q = %v", d, p)
		}
	}
}
