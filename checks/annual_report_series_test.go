package checks

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/site"
)

// news returns n dated articles of year.
func newsOf(year, n int) []*site.Page {
	var out []*site.Page
	for i := range n {
		d := fmt.Sprintf("%d-%02d-10", year, i%12+1)
		out = append(out, hArticle(fmt.Sprintf("/xwdt/%d/t%d.html", year, i), fmt.Sprintf("%d年工作动态%d", year, i), d))
	}
	return out
}

// Missing reports are judged for every year from the site's first year of
// content, not only last year's.
func TestAnnualReportMissingEveryYear(t *testing.T) {
	column := &site.Page{URL: "http://x.gov.cn/nb/", Status: 200, Title: "政府信息公开年报", Column: "政府信息公开年报",
		Meta: map[string]string{"columnname": "政府信息公开年报"}}
	report := func(y int) *site.Page {
		return reportPage(fmt.Sprintf("http://x.gov.cn/nb/t%d.html", y), fmt.Sprintf("示范县人民政府%d年政府信息公开工作年度报告", y), fmt.Sprintf("%d-03-20", y+1))
	}
	pages := []*site.Page{column, report(2020), report(2021), report(2022), report(2024)}
	for y := 2020; y <= 2025; y++ {
		pages = append(pages, newsOf(y, 4)...)
	}
	fs := runCtx(t, ctxAt("2025-11-24"), AnnualReportMissing{}, siteOf(pages...))
	if len(fs) != 1 || fs[0].Subject != "2023" || !strings.Contains(fs[0].Evidence, "网站自2020年起有成批内容") ||
		!strings.Contains(fs[0].Message, "未公布2023年度") {
		t.Fatalf("a gap in the series: %+v", fs)
	}
	// A stray old date (an imported document) does not reach back.
	stray := hArticle("/old/t1.html", "1998年县志摘编", "2009-05-01")
	pages = append(pages, stray, report(2023))
	if fs := runCtx(t, ctxAt("2025-11-24"), AnnualReportMissing{}, siteOf(pages...)); len(fs) != 0 {
		t.Errorf("a stray 2009 page made years missing: %+v", fs)
	}
	// Under the 2008 条例 the series starts with the first report it required.
	var old []*site.Page
	for y := 2006; y <= 2009; y++ {
		old = append(old, newsOf(y, 4)...)
	}
	old = append(old, column, report(2009))
	fs = runCtx(t, ctxAt("2010-07-01"), AnnualReportMissing{}, siteOf(old...))
	if len(fs) != 1 || fs[0].Subject != "2008" || !strings.Contains(fs[0].Basis, "第三十一条") {
		t.Errorf("2008: %+v", fs)
	}
}
