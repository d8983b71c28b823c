package checks

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// ruleTest names, for one rule, a test that shows it finding a violation
// and one that shows it silent on a compliant look-alike (the look-alikes
// are where false positives are caught). Each is "Func/phrase": a function
// of this package's tests (or a fixture helper they use) whose source
// contains phrase — the case's name or the comment above it.
type ruleTest struct {
	violating, lookAlike string
}

// ruleTests lists every registered rule. Adding a rule means adding its row
// here with both cases; TestRuleCatalogue fails until then.
var ruleTests = map[string]ruleTest{
	"link-broken":     {violating: "TestLinkBroken/页面不存在", lookAlike: "TestLinkBroken/Look-alikes that are not broken"},
	"link-blocked":    {violating: "TestLinkBlockedNotBroken/瑞数动态防护", lookAlike: "TestLinkBlockedLookAlike/a plain 403"},
	"footer-identity": {violating: "TestFooterIdentity/bare footer", lookAlike: "TestFooterIdentity/complete, badge written by script"},
	"meta-tags":       {violating: "TestMetaTags/Violations:", lookAlike: "TestMetaTags/A soft 404 is reported by link-broken, not here"},
	"page-title-wrong": {violating: "TestPageTitleWrongHomepage/company template",
		lookAlike: "TestPageTitleWrongHomepage/首页 before the name"},
	"doc-duplicate": {violating: "TestDocDuplicate/published twice in one column", lookAlike: "TestDocDuplicate/a repost in another column"},

	"site-unreachable": {violating: `TestSiteUnreachable/"slow"`, lookAlike: "TestSiteUnreachable/just under the limit"},
	"homepage-stale":   {violating: `TestHomepageStale/"stale"`, lookAlike: "TestHomepageStale/stale but a linked article is fresh"},
	"column-stale":     {violating: "TestColumnStale/stale news", lookAlike: "TestColumnStale/oldest-first list, newest on the last page"},
	"column-blank":     {violating: `TestColumnBlank/"blank"`, lookAlike: "TestColumnBlank/TRS writeln list built at run time"},
	"message-unanswered": {violating: "TestMessageUnanswered/超过90天未答复",
		lookAlike: "mailboxSite/答复内容：您好，社保卡可在县政务服务中心"},

	"pii-id-number": {violating: "TestPIIIDRuleCases/ID in a contact line is never exempt",
		lookAlike: "TestPIIIDRuleCases/unlabelled 索引号 value in the text"},
	"pii-mobile": {violating: "TestPIIMobileCases/single unlabelled number",
		lookAlike: "TestPIIMobileCases/project table headed 联系人 联系电话"},
	"pii-bank-card": {violating: "TestPIIScanTable/card with context", lookAlike: "TestPIIScanTable/card that fails Luhn"},

	"gk-guide-missing": {violating: "TestGuideMissing/no guide at all", lookAlike: "TestGuideMissing/guide kept on another platform"},
	"gk-guide-incomplete": {violating: "TestGuideIncomplete/fax and e-mail only in the footer",
		lookAlike: "TestGuideIncomplete/a column listing other bodies' guides"},
	"gk-annual-report-missing": {violating: `TestAnnualReportMissing/{"missing"`,
		lookAlike: "TestAnnualReportMissing/a department's site with its report"},
	"gk-annual-report-late": {violating: "TestAnnualReportLate/government late",
		lookAlike: "TestAnnualReportLate/department on time by the 春节 extension"},
	"doc-metadata-incomplete": {violating: "TestDocMetadataIncomplete/normative without 有效性",
		lookAlike: "TestDocMetadataIncomplete/a cited 文号 in the body is not the document's"},
	"doc-publish-late":     {violating: `TestDocPublishLate/{"late"`, lookAlike: "TestDocPublishLate/higher-level issuer"},
	"doc-validity-expired": {violating: `TestDocValidityExpired/{"expired"`, lookAlike: "TestDocValidityExpired/a licence's validity, not the document's"},
	"interp-missing": {violating: "TestInterpMissing/no interpretation",
		lookAlike: "TestInterpMissing/a single link from the document to an interpretation"},
	"interp-late": {violating: "TestInterpLate/late after the National Day week",
		lookAlike: "TestInterpLateLookAlikes/A provincial interpretation reposted by the county"},
	"interp-unlinked": {violating: "TestInterpUnlinked/document lacks the link",
		lookAlike: "TestInterpUnlinked/Paired only by a labelled link"},

	"budget-missing": {violating: "TestBudgetMissing/only last year and the government's budget",
		lookAlike: "TestBudgetMissing/attachment name counts"},
	"final-accounts-missing": {violating: "TestFinalAccountsMissing/budget is not the final account",
		lookAlike: "TestFinalAccountsMissing/present as 单位决算"},
	"sangong-missing": {violating: "TestSangongMissing/table without explanation",
		lookAlike: "TestSangongMissing/separate 三公 page of the same body covers the budget"},
	"service-guide-missing": {violating: "TestServiceGuideMissing/nothing at all", lookAlike: "TestServiceGuideMissing/zwfw subdomain"},
	"service-guide-incomplete": {violating: "TestServiceGuideIncomplete/guide_sparse.html",
		lookAlike: "TestServiceGuideIncomplete/Look-alikes that are not service guides"},
	"consultation-no-feedback": {violating: "TestConsultationNoFeedback/A condition is not an adoption statement",
		lookAlike: "TestConsultationNoFeedback/意见采纳情况：征求意见期间共收到意见建议12条"},
	"consultation-short-period": {violating: "TestConsultationShortPeriod/15 days, no reason",
		lookAlike: "TestConsultationShortPeriod/15 days with a reason"},

	"wording-serious": {violating: "TestWordingSerious/county organ after the county reform",
		lookAlike: "TestWordingSerious/原 marks history"},
	"date-inconsistent": {violating: "TestDateInconsistent/published before written",
		lookAlike: "TestDateInconsistent/PubDate differs only in time"},
	"notice-expired": {violating: "TestNoticeExpired/expired list with numbers", lookAlike: "TestNoticeExpired/masked numbers"},

	"domain-nonstandard": {violating: "TestDomainNonstandard/portal on .com", lookAlike: "TestDomainNonstandard/Chinese .政务 domain"},
	"ipv6-missing":       {violating: "TestIPv6Missing/no AAAA", lookAlike: "TestIPv6Missing/no IPv6 on this machine"},
	"https-missing": {violating: "TestHTTPSMissing/expired certificate",
		lookAlike: "TestHTTPSMissing/http pages loading http:// resources are not mixed content"},

	"hidden-links": {violating: "TestHiddenLinks/gambling words, display:none",
		lookAlike: "TestHiddenLinks/hidden mobile menu of on-site links"},
	"search-broken":   {violating: "TestSearchBroken/search does not find the title", lookAlike: "TestSearchBroken/a captcha judges nothing"},
	"sitemap-missing": {violating: "TestSitemapMissing/a 网站导航 heading", lookAlike: "TestSitemapMissing/address only, image link"},
	"a11y-missing":    {violating: `TestA11yMissing/{"none", ` + "`", lookAlike: "TestA11yMissing/长者模式 text"},
	"site-annual-report-missing": {violating: `TestSiteAnnualReportMissing/{"missing"`,
		lookAlike: "TestSiteAnnualReportMissing/posted the first working day after a rest day"},
	"jiucuo-missing": {violating: "TestJiucuoMissing/no entry, 2016", lookAlike: "TestJiucuoMissing/errorInfo image link"},

	"gk-platform-incomplete": {violating: "TestPlatformIncomplete/no 收费 and no 采购",
		lookAlike: "TestPlatformIncomplete/explained empty 收费 column"},
	"gk-annual-report-format": {violating: "TestAnnualReportFormat/2024 report without the tables",
		lookAlike: "TestAnnualReportFormat/A report of 2019 follows the format of its day"},
	"budget-tables-incomplete": {violating: "TestBudgetTablesIncomplete/政府性基金 table missing",
		lookAlike: "TestBudgetTablesIncomplete/政府性基金 explained as 空表"},
	"budget-column-missing": {violating: "TestBudgetColumnMissing/no budget column", lookAlike: "TestBudgetColumnMissing/a department's own"},
	"grassroots-catalogue-missing": {violating: "TestGrassrootsCatalogueMissing/county without a catalogue",
		lookAlike: "TestGrassrootsCatalogueMissing/catalogue published as a document"},
	"enforcement-disclosure-missing": {violating: `TestEnforcementDisclosureMissing/{"nothing"`,
		lookAlike: "TestEnforcementDisclosureMissing/权责清单 as an attachment"},
}

// TestRuleCatalogue fails when a registered rule lacks what every rule must
// have: a complete Meta with a Chinese 名称, a row in README.md, a re-check
// policy, and a violating case and a compliant look-alike among the tests.
func TestRuleCatalogue(t *testing.T) {
	funcs := testFuncSources(t)
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readmeIDs := readmeRuleIDs(string(readme))
	registered := map[string]bool{}
	for _, r := range Registry() {
		m := r.Meta()
		registered[m.ID] = true
		for _, problem := range catalogueProblems(m, readmeIDs, funcs) {
			t.Errorf("rule %s: %s", m.ID, problem)
		}
	}
	for id := range ruleTests {
		if !registered[id] {
			t.Errorf("ruleTests names %s, which is not registered", id)
		}
	}
}

// catalogueProblems says what a rule lacks, in one sentence each.
func catalogueProblems(m Meta, readmeIDs map[string]bool, funcs map[string]string) []string {
	var out []string
	if m.Name == "" || m.Basis == "" || m.Advice == "" || m.Summary == "" || m.Severity.Rank() == 0 {
		out = append(out, "Meta lacks a name, severity, basis, advice or summary")
	}
	if !hasHan(m.Name) {
		out = append(out, "名称 "+strconvQuote(m.Name)+" is not Chinese")
	}
	switch {
	case m.Description == "":
		out = append(out, "no Chinese Description (检查内容): say in a sentence or two what is checked and when it is a problem")
	case !hasHan(m.Description):
		out = append(out, "Description "+strconvQuote(m.Description)+" is not Chinese")
	}
	if !readmeIDs[m.ID] {
		out = append(out, "no row of README.md's rule table names `"+m.ID+"`")
	}
	if !m.Recheck.Defined() {
		out = append(out, "no re-check policy: set Recheck in its Meta (RecheckNone with a reason when rows cannot be re-checked)")
	}
	rt, ok := ruleTests[m.ID]
	if !ok {
		return append(out, "no row in ruleTests (catalogue_test.go) naming its violating and look-alike cases")
	}
	for _, ref := range []struct{ kind, ref string }{{"violating case", rt.violating}, {"look-alike", rt.lookAlike}} {
		fn, phrase, _ := strings.Cut(ref.ref, "/")
		src, ok := funcs[fn]
		switch {
		case ref.ref == "" || phrase == "":
			out = append(out, "ruleTests gives no "+ref.kind+" as Func/phrase")
		case !ok:
			out = append(out, ref.kind+" "+strconvQuote(ref.ref)+": no test function "+fn)
		case !strings.Contains(src, phrase):
			out = append(out, ref.kind+" "+strconvQuote(ref.ref)+": "+fn+" has no case "+strconvQuote(phrase))
		}
	}
	return out
}

func hasHan(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}

func strconvQuote(s string) string { return "“" + s + "”" }

// readmeRuleIDs are the `rule-id`s in README.md's table rows.
func readmeRuleIDs(readme string) map[string]bool {
	id := regexp.MustCompile("`([a-z0-9]+(?:-[a-z0-9]+)+)`")
	out := map[string]bool{}
	for _, line := range strings.Split(readme, "\n") {
		if !strings.HasPrefix(line, "|") {
			continue
		}
		for _, m := range id.FindAllStringSubmatch(line, -1) {
			out[m[1]] = true
		}
	}
	return out
}

// testFuncSources maps each function of this package's test files to its
// source, comments included.
func testFuncSources(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	fset := token.NewFileSet()
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
				out[fd.Name.Name] = string(src[fset.Position(fd.Pos()).Offset:fset.Position(fd.End()).Offset])
			}
		}
	}
	return out
}
