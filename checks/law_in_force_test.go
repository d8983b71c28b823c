package checks

import (
	"strings"
	"testing"

	"github.com/gongkai/gongkai/site"
)

// The text of the 条例 in force when an obligation fell due decides it: a
// 2017 report was due 03-31 of 2018 under the 2008 条例 for every body,
// whatever the 2019 revision later said of departments.
func TestAnnualReportLateByTextInForce(t *testing.T) {
	tests := []struct {
		name, asOf, title, pub string
		want, basis            string // evidence and basis fragments, "" = no finding
	}{
		{"2008 text: a department's 2017 report on 04-02 is in time (03-31 was a Saturday)", "2018-07-27",
			"示范县人民法院 2017年政府信息公开工作年度报告", "2018-04-02", "", ""},
		{"2008 text: a department's report in March is in time", "2018-07-27",
			"示范县畜牧局2017年政府信息公开工作年度报告", "2018-03-27", "", ""},
		{"2008 text: late after the moved due date", "2018-07-27",
			"示范县畜牧局2017年政府信息公开工作年度报告", "2018-04-03", "应于2018-03-31前公布（2008年条例第三十一条）", "第三十一条"},
		{"2008 text governs the 2018 report, due before the revision took effect", "2019-07-01",
			"示范县畜牧局2018年政府信息公开工作年度报告", "2019-03-20", "", ""},
		{"2019 text: a department's 2019 report in March is late", "2020-07-01",
			"示范县畜牧局2019年政府信息公开工作年度报告", "2020-03-20", "2019年修订的条例第四十九条", "第四十九条"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := runCtx(t, ctxAt(tt.asOf), AnnualReportLate{}, siteOf(reportPage("http://x.gov.cn/nb/t1.html", tt.title, tt.pub)))
			switch {
			case tt.want == "" && len(fs) > 0:
				t.Errorf("false finding: %s | %s", fs[0].Message, fs[0].Evidence)
			case tt.want != "" && (len(fs) != 1 || !strings.Contains(fs[0].Evidence, tt.want) || !strings.Contains(fs[0].Basis, tt.basis)):
				t.Errorf("findings = %+v, want evidence with %q and basis with %q", fs, tt.want, tt.basis)
			}
		})
	}
}

func TestGuideJudgedByTextInForce(t *testing.T) {
	old := strings.Replace(fullGuide, "国务院令第711号", "国务院令第492号", 1)
	for _, tt := range []struct {
		asOf string
		want string
	}{
		{"2018-07-27", ""}, // the revision did not exist yet
		{"2025-11-24", "未按新条例更新"},
	} {
		p := guidePage("http://x.gov.cn/zfxxgkzn/", old)
		p.Published = site.Date{Time: day("2018-06-30"), Source: site.SourceMeta}
		fs := runCtx(t, ctxAt(tt.asOf), GuideIncomplete{}, siteOf(p))
		if got := subjects(fs); !strings.Contains(got, tt.want) || (tt.want == "" && got != "") {
			t.Errorf("as of %s: %q, want %q", tt.asOf, got, tt.want)
		}
	}
	// Elements are judged by the 2008 text then, and the row cites it.
	p := guidePage("http://x.gov.cn/zfxxgkzn/", strings.Replace(old, "传真：0795-0000001，", "", 1))
	fs := runCtx(t, ctxAt("2018-07-27"), GuideIncomplete{}, siteOf(p))
	if len(fs) != 1 || !strings.Contains(fs[0].Basis, "第十一条") || !strings.Contains(fs[0].Message, "2008年条例第十一条") {
		t.Errorf("2008 elements: %+v", fs)
	}
}

// A portal that keeps a template's <title> is named by its footer; the
// government's 办公室 hosts the government's portal.
func TestSiteNameFromFooter(t *testing.T) {
	h := home()
	h.Title, h.Meta, h.FooterText = "公司网站", nil, "主办单位：柘城县人民政府办公室 联系我们 网站标识码：4114240001"
	s := &site.Site{Start: h.URL, Pages: []*site.Page{h}}
	if got := siteName(s); got != "柘城县人民政府" {
		t.Errorf("siteName = %q", got)
	}
	h.FooterText = "版权所有 某某科技有限公司"
	if got := siteName(s); got != "" {
		t.Errorf("a company footer named the site: %q", got)
	}
	h.Title = "示范县人民政府门户网站"
	if got := siteName(s); got != "示范县人民政府门户网站" {
		t.Errorf("siteName = %q", got)
	}
}

// The publishing body decides the deadline: from the title, else the
// publisher, else the list it is in; a 街道办事处 is township-level.
func TestAnnualReportBodyFromPublisherAndList(t *testing.T) {
	p := reportPage("http://x.gov.cn/nb/t1.html", "2024年政府信息公开工作年度报告", "2025-03-10")
	p.Metadata = map[string]string{"发布机构": "示范县教育体育局"}
	fs := runCtx(t, ctxAt("2025-11-24"), AnnualReportLate{}, siteOf(p))
	if len(fs) != 1 || !strings.Contains(fs[0].Evidence, "部门年度报告") {
		t.Errorf("publisher a department: %+v", fs)
	}
	street := reportPage("http://x.gov.cn/nb/t2.html", "示范县长江新城办事处2024年政府信息公开工作年度报告", "2025-03-10")
	if fs := runCtx(t, ctxAt("2025-11-24"), AnnualReportLate{}, siteOf(street)); len(fs) != 0 {
		t.Errorf("a 街道办事处 judged as a department: %+v", fs)
	}
	list := &site.Page{URL: "http://x.gov.cn/nb/bmnb/", Status: 200, Title: "部门年报", Column: "信息公开年报",
		Meta: map[string]string{"columnname": "部门年报"}, Items: []site.ListItem{
			{Title: "2024年政府信息公开工作年度报告", URL: "http://x.gov.cn/nb/bmnb/1.html", Date: site.Date{Time: day("2025-03-01"), Source: site.SourceList}},
			{Title: "其他一", URL: "http://x.gov.cn/nb/bmnb/2.html"}, {Title: "其他二", URL: "http://x.gov.cn/nb/bmnb/3.html"}}}
	fs = runCtx(t, ctxAt("2025-11-24"), AnnualReportLate{}, siteOf(list))
	if len(fs) != 1 || !strings.Contains(fs[0].Evidence, "部门年度报告") {
		t.Errorf("an unnamed report in 部门年报: %+v", fs)
	}
	// …and it is not the government's own report.
	if fs := runCtx(t, ctxAt("2025-11-24"), AnnualReportMissing{}, siteOf(list)); len(fs) != 1 {
		t.Errorf("a department's report stood for the government's: %+v", fs)
	}
}
