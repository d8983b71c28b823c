package checks

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/config"
	"github.com/gongkai/gongkai/site"
)

// opList is a column page named name at path with n dated entries.
func opList(path, name string, n int) *site.Page {
	p := &site.Page{URL: fsBase + path, Status: 200, Title: name + "_示范县人民政府", Column: name,
		Meta:       map[string]string{"columnname": name, "sitename": "示范县人民政府"},
		Breadcrumb: []string{"首页", "政府信息公开", name}}
	for i := 0; i < n; i++ {
		p.Items = append(p.Items, site.ListItem{Title: fmt.Sprintf("%s信息%d", name, i), URL: fmt.Sprintf("%s%st2025%02d.html", fsBase, path, i)})
	}
	return p
}

// opPlatform is a 政府信息公开 platform page linking the given columns
// (name → path) and those columns as list pages with entries.
func opPlatform(cols ...string) []*site.Page {
	plat := &site.Page{URL: fsBase + "xxgk/", Status: 200, Title: "政府信息公开_示范县人民政府", Column: "政府信息公开",
		Meta: map[string]string{"columnname": "政府信息公开", "sitename": "示范县人民政府"}}
	out := []*site.Page{plat}
	for i := 0; i+1 < len(cols); i += 2 {
		plat.Links = append(plat.Links, site.Link{URL: fsBase + cols[i+1], Text: cols[i], Kind: site.KindAnchor})
		out = append(out, opList(cols[i+1], cols[i], 3))
	}
	return out
}

// opSite is a complete crawl of a county government site with the pages.
func opSite(pages ...*site.Page) *site.Site {
	s := fsSite(pages...)
	s.Pages[0].Meta = map[string]string{"sitename": "示范县人民政府"}
	s.Pages[0].Links = []site.Link{{URL: fsBase + "xxgk/", Text: "政府信息公开", Kind: site.KindAnchor}}
	return s
}

var opFullPlatform = []string{
	"政府信息公开指南", "xxgk/zn/", "政府信息公开制度", "xxgk/zd/", "法定主动公开内容", "xxgk/fdzdgknr/", "政府信息公开年报", "xxgk/nb/",
	"行政规范性文件", "xxgk/gfxwj/", "机构职能", "xxgk/jgzn/", "规划计划", "xxgk/ghjh/", "统计信息", "xxgk/tjxx/",
	"行政许可", "xxgk/xzxk/", "行政处罚", "xxgk/xzcf/", "财政预决算", "xxgk/czyjs/", "行政事业性收费", "xxgk/sf/",
	"政府采购", "xxgk/zfcg/", "重大建设项目", "xxgk/zdxm/", "社会保障", "xxgk/shbz/", "应急管理", "xxgk/yjgl/",
	"监督检查", "xxgk/jdjc/", "人事信息", "xxgk/rsxx/",
}

func TestPlatformIncomplete(t *testing.T) {
	without := func(names ...string) []string {
		var out []string
		for i := 0; i < len(opFullPlatform); i += 2 {
			skip := false
			for _, n := range names {
				skip = skip || opFullPlatform[i] == n
			}
			if !skip {
				out = append(out, opFullPlatform[i], opFullPlatform[i+1])
			}
		}
		return out
	}
	emptyCharge := opList("xxgk/sf/", "行政事业性收费", 0)
	explainedCharge := opList("xxgk/sf/", "行政事业性收费", 0)
	explainedCharge.Text = "行政事业性收费 本单位无行政事业性收费项目。"
	tests := []struct {
		name     string
		pages    []*site.Page
		asOf     string
		prof     *config.Profile
		want     []string // subjects
		contains string
	}{
		{"full platform", opPlatform(opFullPlatform...), "2025-11-25", nil, nil, ""},
		{"no 法定主动公开内容 column", opPlatform(without("法定主动公开内容")...), "2025-11-25", nil, []string{"法定主动公开内容"}, "疑似"},
		{"no 收费 and no 采购", opPlatform(without("行政事业性收费", "政府采购")...), "2025-11-25", nil, []string{"第二十条"}, "（八）行政事业性收费"},
		// The profile says the body has neither: nothing to report.
		{"收费 and 采购 not applicable", opPlatform(without("行政事业性收费", "政府采购")...), "2025-11-25",
			&config.Profile{NotApplicable: []string{"收费", "第二十条第九项"}}, nil, ""},
		// 柘城's platform names the item (二) 政府领导 and 工作机构.
		{"政府领导 for 机构职能", opPlatform(append(without("机构职能"), "政府领导", "xxgk/zfld/", "工作机构", "gzjg/")...), "2025-11-25", nil, nil, ""},
		{"empty 收费 column", append(opPlatform(without("行政事业性收费")...), emptyCharge), "2025-11-25", nil, []string{"第二十条"}, "栏目为空"},
		{"explained empty 收费 column", append(opPlatform(without("行政事业性收费")...), explainedCharge), "2025-11-25", nil, nil, ""},
		// 2018: the 2008 条例 set no platform layout (61号 is of 2019-12).
		{"before 61号", opPlatform(without("法定主动公开内容", "行政事业性收费")...), "2018-07-27", nil, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := fsRun(t, PlatformIncomplete{}, opSite(tt.pages...), tt.asOf, tt.prof)
			wantSubjects(t, fs, tt.want)
			if tt.contains != "" && !strings.Contains(fs[0].Message+fs[0].Evidence, tt.contains) {
				t.Errorf("finding does not say %q: %s %s", tt.contains, fs[0].Message, fs[0].Evidence)
			}
		})
	}
}

// arText is a report in the 30号 layout with the 申请 table's 总计 column.
func arText(year int, prose string, in, carry, total, out int) string {
	return fmt.Sprintf("一、总体情况 %d年度，%s "+
		"二、主动公开政府信息情况 第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 规章 0 0 0 行政规范性文件 3 1 12 "+
		"三、收到和处理政府信息公开申请情况 本年度办理结果 自然人 法人或其他组织 总计 "+
		"一、本年新收政府信息公开申请数量 %d 0 0 0 0 0 %d 二、上年结转政府信息公开申请数量 0 0 0 0 0 0 %d "+
		"三、本年度办理结果 （一）予以公开 %d 0 0 0 0 0 %d （七）总计 %d 0 0 0 0 0 %d 四、结转下年度继续办理 0 0 0 0 0 0 %d "+
		"四、政府信息公开行政复议、行政诉讼情况 结果维持 结果纠正 其他结果 尚未审结 总计 0 0 0 0 0 "+
		"五、存在的主要问题及改进情况 %d年度我县政府信息公开工作仍存在一些不足。 六、其他需要报告的事项 本年度未收取信息处理费。",
		year, prose, in, in, carry, total, total, total, total, out, year)
}

const (
	arProseA = "示范县教育体育局认真贯彻落实政府信息公开条例，围绕教育改革发展重点工作，扎实推进义务教育招生入学、学生资助、教育经费等领域信息公开，全年通过门户网站发布各类信息，及时回应家长关切，公开工作机制进一步健全，政府信息管理进一步规范，平台建设不断加强，监督保障有力有效，全局政府信息公开工作取得明显成效。"
	arProseB = "示范县民政局坚持以公开为常态、不公开为例外，聚焦社会救助、养老服务、殡葬管理、婚姻登记等群众关心的民生事项，完善主动公开目录，规范依申请公开办理流程，加强政策解读与回应，开展政务公开业务培训，推动社会组织登记管理信息集中公开，群众获得感和满意度持续提升。"
)

// arPage is a report page of body for year with text.
func arPage(path, body string, year int, text string) *site.Page {
	title := fmt.Sprintf("%s%d年政府信息公开工作年度报告", body, year)
	return &site.Page{URL: fsBase + path, Status: 200, Title: title + "_示范县人民政府", Column: "政府信息公开年报",
		Meta:      map[string]string{"articletitle": title},
		Published: site.Date{Time: time.Date(year+1, 2, 1, 0, 0, 0, 0, site.Shanghai), Source: site.SourceMeta},
		Text:      title + " " + text}
}

// arStub has the six part headings and nothing else, after the site's menus.
const arStub = "首页 工作动态 通知公告 政府信息公开 互动交流 当前位置：首页 政府信息公开 政府信息公开年报 政务服务 办事大厅 公众参与 领导信箱 在线访谈 意见征集 网站地图 联系我们 无障碍浏览 长者模式 " +
	"一、总体情况 二、主动公开政府信息情况 三、收到和处理政府信息公开申请情况 四、政府信息公开行政复议、行政诉讼情况 五、存在的主要问题及改进情况 六、其他需要报告的事项"

// arTitled gives a report page another title, repeated as its heading.
func arTitled(p *site.Page, title string) *site.Page {
	old := p.Meta["articletitle"]
	p.Title, p.Meta["articletitle"] = title+"_示范县人民政府", title
	p.Text = strings.Replace(p.Text, old, title, 1)
	return p
}

func TestAnnualReportFormat(t *testing.T) {
	good := arText(2024, arProseA, 10, 2, 11, 1)
	old := "一、概述 2019年，示范县教育体育局认真贯彻政府信息公开条例。二、主动公开政府信息情况 全年主动公开信息120条。三、依申请公开情况 全年收到申请2件，均已答复。四、因政府信息公开申请行政复议、提起行政诉讼的情况 无。五、存在的主要问题及改进情况 公开内容有待丰富。"
	tests := []struct {
		name  string
		asOf  string
		pages []*site.Page
		want  []string // subjects after the "|"
	}{
		{"2024 report in the 30号 format", "2025-11-25", []*site.Page{arPage("nb/1.html", "示范县教育体育局", 2024, good)}, nil},
		{"2024 report without the tables", "2025-11-25", []*site.Page{arPage("nb/1.html", "示范县教育体育局", 2024,
			"一、总体情况 2024年度，"+arProseA+" 二、主动公开政府信息情况 三、收到和处理政府信息公开申请情况 四、政府信息公开行政复议、行政诉讼情况 五、存在的主要问题及改进情况 六、其他需要报告的事项")}, []string{"format"}},
		// A report of 2019 follows the format of its day: no 30号 tables.
		{"2019 report in the old format", "2020-06-01", []*site.Page{arPage("nb/1.html", "示范县教育体育局", 2019, old)}, nil},
		// The 2020 report was due 2021-03-31, before 30号 (2021-09-29).
		{"2020 report in the old format", "2021-06-01", []*site.Page{arPage("nb/1.html", "示范县教育体育局", 2020, strings.ReplaceAll(old, "2019", "2020"))}, nil},
		{"table does not add up", "2025-11-25", []*site.Page{arPage("nb/1.html", "示范县教育体育局", 2024, arText(2024, arProseA, 10, 2, 9, 1))}, []string{"sum"}},
		{"body speaks of 2023", "2025-11-25", []*site.Page{arPage("nb/1.html", "示范县教育体育局", 2024, arText(2023, arProseA, 10, 2, 11, 1))}, []string{"year"}},
		// The heading repeats the title's "2024年度": the body still speaks of 2023.
		{"body speaks of 2023 under a 年度 title", "2025-11-25", []*site.Page{arTitled(arPage("nb/1.html", "示范县教育体育局", 2024, arText(2023, arProseA, 10, 2, 11, 1)), "示范县教育体育局2024年度政府信息公开工作年度报告")}, []string{"year"}},
		{"same as last year", "2025-11-25", []*site.Page{
			arPage("nb/1.html", "示范县教育体育局", 2024, good),
			arPage("nb/0.html", "示范县教育体育局", 2023, arText(2023, arProseA, 7, 0, 7, 0))}, []string{"same"}},
		{"different from last year and from a sibling", "2025-11-25", []*site.Page{
			arPage("nb/1.html", "示范县教育体育局", 2024, good),
			arPage("nb/2.html", "示范县民政局", 2024, arText(2024, arProseB, 3, 0, 3, 0)),
			arPage("nb/0.html", "示范县教育体育局", 2023, arText(2023, arProseB, 7, 0, 7, 0))}, nil},
		// Two stubs with the part headings only and the same menus: nothing
		// of their own to compare (the format rows say what is missing).
		{"heading-only stubs", "2025-11-25", []*site.Page{
			arPage("nb/1.html", "示范县教育体育局", 2024, arStub),
			arPage("nb/2.html", "示范县民政局", 2024, arStub)}, []string{"format", "format"}},
		// Reports of the old format have no parts: their whole text is compared.
		{"old format copied from last year", "2020-06-01", []*site.Page{
			arPage("nb/1.html", "示范县教育体育局", 2019, old+arProseA),
			arPage("nb/0.html", "示范县教育体育局", 2018, strings.ReplaceAll(old, "2019", "2018")+arProseA)}, []string{"same"}},
		{"same as a sibling", "2025-11-25", []*site.Page{
			arPage("nb/1.html", "示范县教育体育局", 2024, good),
			arPage("nb/2.html", "示范县民政局", 2024, arText(2024, strings.ReplaceAll(arProseA, "教育体育局", "民政局"), 3, 0, 3, 0))}, []string{"same"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := fsRun(t, AnnualReportFormat{}, opSite(tt.pages...), tt.asOf, nil)
			var got []string
			for _, f := range fs {
				_, sub, _ := strings.Cut(f.Subject, "|")
				got = append(got, sub)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				for _, f := range fs {
					t.Logf("%s: %s %s", f.Subject, f.Message, f.Evidence)
				}
				t.Fatalf("subjects %v, want %v", got, tt.want)
			}
		})
	}
}

const (
	btBudgetText = "一、部门职责 二、机关运行经费安排情况：2025年机关运行经费12万元。三、政府采购情况：2025年政府采购预算总额30万元。" +
		"表1 部门收支总表 表2 部门收入总表 表3 部门支出总表 表4 财政拨款收支总表 表5 一般公共预算支出表 表6 一般公共预算基本支出表 " +
		"表7 一般公共预算“三公”经费支出表 合计 因公出国（境）费 公务用车购置及运行费 公务接待费 11.80 0.00 7.50 4.30 表8 政府性基金预算支出表"
	btFinalText = "机关运行经费支出10万元。政府采购支出总额20万元。表1 收入支出决算总表 表2 收入决算表 表3 支出决算表 表4 财政拨款收入支出决算总表 " +
		"表5 一般公共预算财政拨款支出决算表 表6 一般公共预算财政拨款基本支出决算表 表7 一般公共预算财政拨款“三公”经费支出决算表 " +
		"表8 政府性基金预算财政拨款收入支出决算表 表9 国有资本经营预算财政拨款支出决算表"
)

// btDoc is a budget or final-account page of the 教育局 with text.
func btDoc(path, title, text string) *site.Page {
	return &site.Page{URL: fsBase + "xxgk/czyjs/" + path, Status: 200, Title: title, Column: "财政预决算",
		Meta:      map[string]string{"articletitle": title},
		Published: site.Date{Time: time.Date(2025, 3, 20, 0, 0, 0, 0, site.Shanghai), Source: site.SourceMeta},
		Text:      title + " " + text}
}

func TestBudgetTablesIncomplete(t *testing.T) {
	const budget, final = "示范县教育局2025年部门预算", "示范县教育局2024年部门决算"
	withSOE := btBudgetText + " 表9 国有资本经营预算支出表"
	tests := []struct {
		name     string
		pages    []*site.Page
		atts     []*site.Attachment
		prof     *config.Profile
		want     int
		severity Severity
		contains string
	}{
		{"all 8 budget tables", []*site.Page{btDoc("1.html", budget, btBudgetText)}, nil, nil, 0, "", ""},
		{"all 9 final tables", []*site.Page{btDoc("2.html", final, btFinalText)}, nil, nil, 0, "", ""},
		// The real pattern: an empty table left out with its reason.
		{"政府性基金 explained as 空表", []*site.Page{btDoc("1.html", budget,
			strings.Replace(btBudgetText, "表8 政府性基金预算支出表", "本部门无政府性基金预算收支，故此表为空表。", 1))}, nil, nil, 0, "", ""},
		{"政府性基金 table missing", []*site.Page{btDoc("1.html", budget,
			strings.Replace(btBudgetText, "表8 政府性基金预算支出表", "", 1))}, nil, nil, 1, Deduct, "政府性基金预算支出表"},
		{"国有资本 named, its table missing", []*site.Page{btDoc("1.html", budget, btBudgetText+"。国有资本经营预算收入1万元。")}, nil, nil, 1, Deduct, "国有资本经营预算支出表"},
		{"国有资本 table present", []*site.Page{btDoc("1.html", budget, withSOE)}, nil, nil, 0, "", ""},
		{"国有资本 not applicable", []*site.Page{btDoc("1.html", budget, btBudgetText+"。国有资本经营预算收入1万元。")}, nil,
			&config.Profile{NotApplicable: []string{"国有资本"}}, 0, "", ""},
		{"no 机关运行经费 explanation", []*site.Page{btDoc("1.html", budget, strings.ReplaceAll(btBudgetText, "机关运行经费", "公用经费"))}, nil, nil, 1, Deduct, "机关运行经费"},
		{"final without 三公 and 国有资本 tables", []*site.Page{btDoc("2.html", final,
			strings.NewReplacer("表7 一般公共预算财政拨款“三公”经费支出决算表", "", "表9 国有资本经营预算财政拨款支出决算表", "").Replace(btFinalText))}, nil, nil, 1, Deduct, "缺少2张"},
		// Tables in the attachment count.
		{"tables in the attachment", []*site.Page{btDoc("1.html", budget, "详见附件。")},
			[]*site.Attachment{{URL: fsBase + "xxgk/czyjs/1.xlsx", Name: "2025年部门预算公开表.xlsx", Text: btBudgetText, Referrers: []string{fsBase + "xxgk/czyjs/1.html"}}}, nil, 0, "", ""},
		{"attachment unreadable", []*site.Page{btDoc("1.html", budget, "详见附件。")},
			[]*site.Attachment{{URL: fsBase + "xxgk/czyjs/1.pdf", Name: "2025年部门预算.pdf", Unreadable: "扫描图片", Referrers: []string{fsBase + "xxgk/czyjs/1.html"}}}, nil, 1, Advice, "无法读取"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := opSite(tt.pages...)
			s.Attachments = tt.atts
			fs := fsRun(t, BudgetTablesIncomplete{}, s, "2025-11-25", tt.prof)
			if len(fs) != tt.want {
				for _, f := range fs {
					t.Logf("%s: %s %s", f.Subject, f.Message, f.Evidence)
				}
				t.Fatalf("%d findings, want %d", len(fs), tt.want)
			}
			if tt.want > 0 && (fs[0].Severity != tt.severity || !strings.Contains(fs[0].Message+fs[0].Evidence, tt.contains)) {
				t.Errorf("got %s %s %s, want %s saying %q", fs[0].Severity, fs[0].Message, fs[0].Evidence, tt.severity, tt.contains)
			}
		})
	}
}

func TestBudgetColumnMissing(t *testing.T) {
	news := opList("xwzx/", "工作动态", 3)
	tests := []struct {
		name     string
		pages    []*site.Page
		prof     *config.Profile
		want     []string
		severity Severity
	}{
		{"no budget column", []*site.Page{news}, nil, []string{"预决算公开栏目"}, Deduct},
		{"departments listed by year", []*site.Page{fsBudgetColumn("示范县教育局2025年部门预算", "示范县民政局2025年部门预算", "示范县教育局2024年部门决算")}, nil, nil, ""},
		// The real 财政资金 pattern (柘城 2016): 单位 and both years in one title.
		{"财政资金 column of 2016", []*site.Page{fsBudgetColumn("县环保局“三公”经费2015年决算、2016年预算", "县粮食局2015年财政收支决算、2016年财政收支预算", "县党校2015年财政收支决算、2016年财政收支预算")}, nil, nil, ""},
		{"only the 政府办's own", []*site.Page{fsBudgetColumn("示范县人民政府办公室2025年部门预算", "示范县人民政府办公室2024年部门决算", "关于示范县2024年预算执行情况和2025年预算草案的报告")}, nil, []string{"部门预决算"}, Advice},
		// A department's site lists its own budget only.
		{"a department's own", []*site.Page{fsBudgetColumn("示范县教育局2025年部门预算", "示范县教育局2024年部门决算", "示范县教育局2023年部门决算")},
			&config.Profile{Body: "department"}, nil, ""},
		// Published on the 财政 platform, linked from the menu.
		{"linked platform", []*site.Page{func() *site.Page {
			p := opList("xwzx/", "工作动态", 3)
			p.Links = []site.Link{{URL: "http://czj.sfx.gov.cn/yjs/", Text: "部门预决算", Kind: site.KindAnchor}}
			return p
		}()}, nil, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := fsRun(t, BudgetColumnMissing{}, opSite(tt.pages...), "2025-11-25", tt.prof)
			wantSubjects(t, fs, tt.want)
			if len(fs) > 0 && fs[0].Severity != tt.severity {
				t.Errorf("severity %s, want %s", fs[0].Severity, tt.severity)
			}
		})
	}
}

// grCatalogue is a 基层政务公开标准目录 page linking area columns, and those
// columns with n entries each.
func grCatalogue(n int, areas ...string) []*site.Page {
	cat := opList("xxgk/jczwgk/", "基层政务公开标准目录", 0)
	cat.Text = "基层政务公开标准目录 示范县按照26个试点领域标准指引编制本级政务公开事项标准目录，点击各领域查看。"
	out := []*site.Page{cat}
	for i, a := range areas {
		path := fmt.Sprintf("xxgk/jczwgk/ly%02d/", i)
		cat.Links = append(cat.Links, site.Link{URL: fsBase + path, Text: a, Kind: site.KindAnchor})
		col := opList(path, a, n)
		col.Breadcrumb = []string{"首页", "基层政务公开标准目录", a}
		out = append(out, col)
	}
	return out
}

func grAllAreas() []string {
	var out []string
	for _, a := range grAreas {
		out = append(out, a.name)
	}
	return out
}

func TestGrassrootsCatalogueMissing(t *testing.T) {
	news := opList("xwzx/", "工作动态", 3)
	town := func(pages ...*site.Page) *site.Site {
		s := opSite(pages...)
		s.Pages[0].Meta["sitename"] = "示范县城关镇人民政府"
		return s
	}
	dept := func(pages ...*site.Page) *site.Site {
		s := opSite(pages...)
		s.Pages[0].Meta["sitename"] = "示范县教育体育局"
		return s
	}
	emptyAreas := append(grCatalogue(3, grAllAreas()[2:]...), grCatalogue(0, "重大建设项目", "公共资源交易")[1:]...)
	for i, p := range emptyAreas[len(emptyAreas)-2:] {
		// Other paths than the full columns.
		p.URL = fmt.Sprintf("%sxxgk/jczwgk/empty%d/", fsBase, i)
	}
	tests := []subjectCase{
		{"county without a catalogue", opSite(news), "2025-11-25", nil, []string{"基层政务公开标准目录"}},
		{"town without a catalogue", town(news), "2025-11-25", nil, []string{"基层政务公开标准目录"}},
		// 54号 gave until the end of 2020; a 2018 site (柘城) owes nothing.
		{"county in 2018", opSite(news), "2018-07-27", nil, nil},
		{"county in 2020", opSite(news), "2020-12-31", nil, nil},
		{"a department's site", dept(news), "2025-11-25", nil, nil},
		{"county with a full catalogue", opSite(grCatalogue(3, grAllAreas()...)...), "2025-11-25", nil, nil},
		{"catalogue published as a document", opSite(&site.Page{URL: fsBase + "xxgk/1.html", Status: 200, Title: "示范县人民政府办公室关于印发示范县基层政务公开事项标准目录的通知",
			Meta: map[string]string{"articletitle": "示范县人民政府办公室关于印发示范县基层政务公开事项标准目录的通知"}, Text: "通知 正文"}), "2025-11-25", nil, []string{"领域未覆盖"}},
		{"two areas empty", opSite(emptyAreas...), "2025-11-25", nil, []string{"领域栏目为空"}},
		// 柘城's 重点领域信息公开 names: 财政资金, 建设项目, 教育服务.
		{"real area names", opSite(grCatalogue(3, append(grAllAreas()[3:], "财政资金", "建设项目", "公共资源交易")...)...), "2025-11-25", nil, nil},
		{"areas missing", opSite(grCatalogue(3, grAllAreas()[:20]...)...), "2025-11-25", nil, []string{"领域未覆盖"}},
		{"missing areas not applicable", opSite(grCatalogue(3, grAllAreas()[:20]...)...), "2025-11-25",
			&config.Profile{NotApplicable: grAllAreas()[20:]}, nil},
	}
	runSubjectCases(t, GrassrootsCatalogueMissing{}, tests)
}

func TestEnforcementDisclosureMissing(t *testing.T) {
	news := opList("xwzx/", "工作动态", 3)
	section := func(subs ...string) []*site.Page {
		sec := opList("xxgk/zfgs/", "行政执法公示", 0)
		out := []*site.Page{sec}
		for i, n := range subs {
			path := fmt.Sprintf("xxgk/zfgs/%d/", i)
			sec.Links = append(sec.Links, site.Link{URL: fsBase + path, Text: n, Kind: site.KindAnchor})
			col := opList(path, n, 3)
			col.Breadcrumb = []string{"首页", "行政执法公示", n}
			out = append(out, col)
		}
		return out
	}
	powers := opList("xxgk/qzqd/", "权责清单", 3)
	tests := []subjectCase{
		{"nothing", opSite(news), "2025-11-25", nil, []string{"权责清单", "行政执法公示"}},
		{"before 118号", opSite(news), "2018-07-27", nil, nil},
		{"full section and 权责清单", opSite(append(section("执法主体", "执法依据", "执法流程", "执法结果"), powers)...), "2025-11-25", nil, nil},
		{"section without 流程 and 结果", opSite(append(section("执法主体", "执法依据"), powers)...), "2025-11-25", nil, []string{"行政执法公示要素"}},
		{"no 权责清单", opSite(section("执法主体", "执法依据", "执法流程", "执法结果")...), "2025-11-25", nil, []string{"权责清单"}},
		{"权责清单 as an attachment", func() *site.Site {
			s := opSite(section("执法主体", "执法依据", "执法流程", "执法结果")...)
			s.Attachments = []*site.Attachment{{URL: fsBase + "qzqd.xlsx", Name: "示范县教育体育局权责清单.xlsx"}}
			return s
		}(), "2025-11-25", nil, nil},
		{"not applicable", opSite(news), "2025-11-25", &config.Profile{NotApplicable: []string{"行政执法公示", "权责清单"}}, nil},
	}
	runSubjectCases(t, EnforcementDisclosureMissing{}, tests)
}
