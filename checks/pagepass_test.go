package checks

import (
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/site"
)

// pagePassSite is a site of n documents, each with a misspelt country name
// and a 发布日期 before its 成文日期 (a finding of wording-serious and one
// of date-inconsistent on every page).
func pagePassSite(n int) *site.Site {
	s := &site.Site{Start: "http://x.gov.cn/", Complete: true}
	for i := range n {
		s.Pages = append(s.Pages, &site.Page{
			URL: fmt.Sprintf("http://x.gov.cn/art/%d.html", i), Status: 200, Title: fmt.Sprintf("关于第%d项工作的通知", i),
			Text:     strings.Repeat("依据中华人民共合国有关法律，现将第"+fmt.Sprint(i)+"项工作通知如下。", 30) + fmt.Sprintf("获奖人员：张三1381234%04d，李四。", i), // long: the soft-404 analysis reads no text
			Metadata: map[string]string{"发布日期": "2025-01-02", "成文日期": "2025-03-01", "名称": fmt.Sprintf("第%d项工作", i)},
		})
	}
	return s
}

func spillAll(t *testing.T, s *site.Site) *site.BodyStore {
	t.Helper()
	st, err := site.NewBodyStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, p := range s.Pages {
		p.Spill(st)
		if !p.Spilled() {
			t.Fatalf("page %s not spilled", p.URL)
		}
	}
	st.Seal()
	return st
}

// Issue 13: the page rules and the analyses with a collector (pageTexts:
// meta-tags, the PII rules) are fed from one read of each page, not each
// reading the pages it needs back from the store, and they find what they
// find with the pages in memory.
func TestPageRulesReadEachPageOnce(t *testing.T) {
	rules := []Rule{WordingSerious{}, DateInconsistent{}, MetaTags{}, PIIMobile{}}
	const n = 40
	want, errs := Run(&Context{AsOf: asOf}, pagePassSite(n), rules)
	if len(errs) > 0 || len(want) < 3*n {
		t.Fatalf("in memory: %d findings, errors %v", len(want), errs)
	}
	s := pagePassSite(n)
	st := spillAll(t, s)
	got, errs := Run(&Context{AsOf: asOf}, s, rules)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("spilled pages give other findings:\n got %v\nwant %v", got, want)
	}
	if r := st.Reads(); r != n {
		t.Errorf("the page rules read the store %d times for %d pages; want each page once", r, n)
	}
}

// A page that cannot be read back fails the page rules (their findings
// would be made from a blank page) instead of looking empty.
func TestPageStoreErrorReachesRun(t *testing.T) {
	s := pagePassSite(3)
	st := spillAll(t, s)
	st.Close()
	fs, errs := Run(&Context{AsOf: asOf}, s, []Rule{WordingSerious{}, DateInconsistent{}})
	if len(errs) != 2 || len(fs) != 0 {
		t.Fatalf("got %d findings and errors %v; want both rules failed", len(fs), errs)
	}
	for _, err := range errs {
		if !strings.Contains(err.Error(), "page store") {
			t.Errorf("error %q does not name the page store", err)
		}
	}
	if st.Err() == nil {
		t.Error("the store's Err is nil after a failed read")
	}
}

// panicPass fails on one page.
type panicRule struct{}

func (panicRule) Meta() Meta { return Meta{ID: "panic-page", Severity: Advice} }
func (r panicRule) Check(ctx *Context, s *site.Site) []Finding {
	return checkPages(ctx, s, r)
}
func (panicRule) Pass(*Context, *site.Site) PagePass { return panicPass{} }

type panicPass struct{}

func (panicPass) Visit(v PageView) {
	if v.I == 1 {
		panic("boom")
	}
}
func (panicPass) Findings() []Finding { return []Finding{{URL: "http://x/"}} }

// A page rule that panics on a page is reported; the other page rules see
// every page.
func TestPageRulePanicIsItsOwn(t *testing.T) {
	fs, errs := Run(&Context{AsOf: asOf}, pagePassSite(3), []Rule{panicRule{}, DateInconsistent{}})
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "panic-page") || !strings.Contains(errs[0].Error(), "boom") {
		t.Fatalf("errors %v; want panic-page's failure", errs)
	}
	if len(fs) != 3 {
		t.Errorf("date-inconsistent found %d; want 3 (one a page)", len(fs))
	}
}

// The analyses with a collector are built in the page pass when a page
// rule runs with a rule that reads them, and give the same findings as
// when the rule builds them itself.
func TestCollectorsBuildAnalysesInPagePass(t *testing.T) {
	s := pagePassSite(6)
	s.Pages[1].Title = "关于印发《示范县第1项工作办法》的政策解读"
	s.Pages[2].Metadata["文号"] = "示政发〔2025〕2号"
	spillAll(t, s)
	for _, r := range []Rule{InterpMissing{}, DocMetadataIncomplete{}, PIIMobile{}, GrassrootsCatalogueMissing{}, PlatformIncomplete{}} {
		ctx := &Context{AsOf: asOf}
		got, errs := Run(ctx, s, []Rule{DateInconsistent{}, r})
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		a := ctx.analyses(s)
		// finish drops what the collector gathered once the analysis is built
		collected := a.disclosureC.v != nil && a.disclosureC.v.found == nil
		switch r.(type) {
		case PIIMobile:
			collected = a.pageTextsC.v != nil && a.pageTextsC.v.pages == nil
		case GrassrootsCatalogueMissing:
			collected = a.vocabularyC.v != nil && a.vocabularyC.v.first == nil
		case PlatformIncomplete:
			collected = a.platformC.v != nil && a.platformC.v.names == nil
		}
		if !collected {
			t.Errorf("%s: no analysis was collected in the page pass", r.Meta().ID)
		}
		alone, _ := Run(&Context{AsOf: asOf}, s, []Rule{r})
		want, _ := Run(&Context{AsOf: asOf}, s, []Rule{DateInconsistent{}})
		want = append(want, alone...)
		sortFindings := func(fs []Finding) {
			slices.SortFunc(fs, func(a, b Finding) int { return strings.Compare(a.Fingerprint+a.Message, b.Fingerprint+b.Message) })
		}
		sortFindings(got)
		sortFindings(want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: collected in the page pass:\n%v\nbuilt alone:\n%v", r.Meta().ID, got, want)
		}
	}
}

// The vocabulary gathered in the page pass names each column where the
// loop over s.Pages saw it first, whichever page the pass read first.
func TestVocabularyCollectorFirstSeen(t *testing.T) {
	s := pagePassSite(30)
	for i, p := range s.Pages {
		p.Column = []string{"重大建设项目", "双公示", "通知公告"}[i%3]
		p.Links = []site.Link{{URL: fmt.Sprintf("http://x.gov.cn/col/%d/", i), Text: "权责清单", Kind: site.KindAnchor}}
	}
	s2 := pagePassSite(30) // the same site, in memory
	for i, p := range s2.Pages {
		p.Column, p.Links = s.Pages[i].Column, s.Pages[i].Links
	}
	want := siteVocabulary(&Context{AsOf: asOf}, s2)
	spillAll(t, s)
	ctx := &Context{AsOf: asOf}
	if _, errs := Run(ctx, s, []Rule{DateInconsistent{}, GrassrootsCatalogueMissing{}}); len(errs) > 0 {
		t.Fatal(errs)
	}
	got := ctx.analyses(s).vocabulary.v
	if len(want) == 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("vocabulary from the page pass = %v\nwant %v", got, want)
	}
}

// Issue 7's bound at 100,000 pages: what a page rule's pass keeps of each
// page while the pass holds every page is a few bytes, not a record of
// its own (date-inconsistent kept three time.Times and a slice a content
// page, 104 bytes; meta-tags a type and a defect list, 64).
func TestPagePassHoldsLittlePerPage(t *testing.T) {
	const n = 20000
	s := &site.Site{Start: "http://x.gov.cn/", Complete: true}
	for i := range n {
		s.Pages = append(s.Pages, &site.Page{
			URL: fmt.Sprintf("http://x.gov.cn/art/%d.html", i), Status: 200, Title: fmt.Sprintf("关于第%d项工作的通知", i),
			Text:     "正文",
			Metadata: map[string]string{"发布日期": "2025-03-02", "成文日期": "2025-03-01"},
			Meta:     map[string]string{"pubdate": "2025-03-02 09:30", "articletitle": "通知"},
		})
	}
	ctx := &Context{AsOf: asOf}
	for _, tc := range []struct {
		rule    PageRule
		maxPage float64 // bytes held a page
	}{
		{DateInconsistent{}, 32},
		{MetaTags{}, 8},
	} {
		pass := tc.rule.Pass(ctx, s)
		notFoundIn(ctx, s)(s.Pages[0]) // the analysis a pass may build: not the pass's own
		before := heapInUse()
		if errs := visitPages(s, []visitor{pass}); errs[0] != nil {
			t.Fatal(errs[0])
		}
		held := float64(heapInUse()-before) / n
		if held > tc.maxPage {
			t.Errorf("%s holds %.0f bytes a page after the pass; want at most %.0f", tc.rule.Meta().ID, held, tc.maxPage)
		}
		if fs := pass.Findings(); len(fs) != 1 && tc.rule.Meta().ID == "date-inconsistent" {
			t.Errorf("date-inconsistent: %d findings, want the one migration stamp: %v", len(fs), fs)
		}
	}
}

// heapInUse is the live heap after a collection.
func heapInUse() int64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// probeRule is a page rule whose Findings notes whether the document
// analysis was already assembled.
type probeRule struct {
	ctx   *Context
	s     *site.Site
	built *bool
}

func (probeRule) Meta() Meta                                      { return Meta{ID: "probe", Severity: Advice} }
func (r probeRule) Check(ctx *Context, s *site.Site) []Finding    { return checkPages(ctx, s, r) }
func (r probeRule) Pass(ctx *Context, s *site.Site) PagePass      { return probePass(r) }
func (probeRule) collectors(*Context, *site.Site) []pageCollector { return nil }

type probePass probeRule

func (probePass) Visit(PageView) {}
func (p probePass) Findings() []Finding {
	*p.built = p.ctx.analyses(p.s).disclosure.built()
	return nil
}

// Issue 7: the page rules give their findings before the collectors'
// analyses are assembled, so that what a Findings builds over every page
// is not held beside them (the scan's peak at 100,000 pages).
func TestPageRuleFindingsBeforeAnalyses(t *testing.T) {
	s := pagePassSite(6)
	ctx := &Context{AsOf: asOf}
	var built bool
	_, errs := Run(ctx, s, []Rule{probeRule{ctx: ctx, s: s, built: &built}, InterpMissing{}})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if built {
		t.Error("the document analysis was assembled before the page rules gave their findings")
	}
	if a := ctx.analyses(s); a.disclosureC.v == nil || !a.disclosure.built() {
		t.Error("the document analysis was not collected in the page pass")
	}
}
