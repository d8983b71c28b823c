package checks

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/config"
	"github.com/gongkai/gongkai/site"
)

// fsRun runs one rule as of a date with a profile (nil: defaults).
func fsRun(t *testing.T, r Rule, s *site.Site, asOf string, prof *config.Profile) []Finding {
	t.Helper()
	d, err := time.ParseInLocation("2006-01-02", asOf, site.Shanghai)
	if err != nil {
		t.Fatal(err)
	}
	fs, errs := Run(&Context{AsOf: d, Profile: prof}, s, []Rule{r})
	if len(errs) > 0 {
		t.Fatalf("rule errors: %v", errs)
	}
	return fs
}

// fsFixture extracts a page from checks/testdata/finance_service.
func fsFixture(t *testing.T, name, pageURL string) *site.Page {
	t.Helper()
	return pageFile(t, filepath.Join("testdata", "finance_service", name), pageURL)
}

const fsBase = "http://www.sfx.gov.cn/"

// fsSite builds a complete crawl of the given pages with a homepage first.
func fsSite(pages ...*site.Page) *site.Site {
	home := &site.Page{URL: fsBase, Status: 200, Title: "示范县人民政府", Column: "首页", Text: "示范县人民政府 首页"}
	return &site.Site{Start: fsBase, Host: "www.sfx.gov.cn", Complete: true, Pages: append([]*site.Page{home}, pages...)}
}

// fsBudgetColumn is a 财政预决算 list page with the given entry titles.
func fsBudgetColumn(titles ...string) *site.Page {
	p := &site.Page{URL: fsBase + "xxgk/czyjs/", Status: 200, Title: "财政预决算_示范县人民政府", Column: "财政预决算",
		Meta: map[string]string{"columnname": "财政预决算"}}
	for i, t := range titles {
		p.Items = append(p.Items, site.ListItem{Title: t, URL: fsBase + "xxgk/czyjs/202503/t20250320_" + string(rune('a'+i)) + ".html"})
	}
	return p
}

func fsSubjects(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Subject)
	}
	slices.Sort(out)
	return out
}

func TestBudgetYears(t *testing.T) {
	tests := []struct {
		title          string
		budget, finals []int
	}{
		{"示范县教育局2025年部门预算", []int{2025}, nil},
		{"示范县教育局2025年度部门预算公开", []int{2025}, nil},
		{"示范县人民政府办公室2025年预算信息公开", []int{2025}, nil},
		{"2024年部门决算和2025年部门预算", []int{2025}, []int{2024}},
		{"2024年部门（单位）决算", nil, []int{2024}},
		{"示范县2025年部门预决算公开", []int{2025}, []int{2025}},
		// The government's budget, a project's estimate: not a 部门预算.
		{"关于示范县2024年预算执行情况和2025年预算草案的报告", nil, nil},
		{"示范县2025年财政预算", nil, nil},
		{"示范县2024年本级决算", nil, nil},
		{"示范县XX路改造工程2024年竣工决算审计结果公告", nil, nil},
		{"关于2025年政府采购预算的公告", nil, nil},
		{"示范县2025年预算调整方案", nil, nil},
		{"预算公开", nil, nil},
		{"示范县民政局部门预算公开（2025年度）", []int{2025}, nil},
		{"示范县民政局部门决算（2024年）", nil, []int{2024}},
	}
	for _, tt := range tests {
		b, f := fsBudgetYears(tt.title, fsBudget), fsBudgetYears(tt.title, fsFinal)
		if !slices.Equal(b, tt.budget) || !slices.Equal(f, tt.finals) {
			t.Errorf("%s: budget %v finals %v, want %v %v", tt.title, b, f, tt.budget, tt.finals)
		}
	}
}

func TestBudgetMissing(t *testing.T) {
	gov := "关于示范县2024年预算执行情况和2025年预算草案的报告"
	tests := []struct {
		name string
		site *site.Site
		asOf string
		prof *config.Profile
		want []string // subjects
	}{
		{"present in the column", fsSite(fsBudgetColumn("示范县民政局2025年部门预算", "示范县民政局2024年部门决算")), "2025-11-24", nil, nil},
		{"only last year and the government's budget", fsSite(fsBudgetColumn("示范县民政局2024年部门预算", gov)), "2025-11-24", nil, []string{"2025年部门预算"}},
		{"before the due date last year's is judged, present", fsSite(fsBudgetColumn("示范县民政局2024年部门预算")), "2025-03-01", nil, nil},
		{"before the due date last year's is judged, absent", fsSite(fsBudgetColumn("示范县民政局2023年部门预算")), "2025-03-01", nil, []string{"2024年部门预算"}},
		{"incomplete crawl proves nothing", func() *site.Site { s := fsSite(fsBudgetColumn()); s.Complete = false; return s }(), "2025-11-24", nil, nil},
		{"attachment name counts", func() *site.Site {
			s := fsSite(fsBudgetColumn())
			s.Attachments = []*site.Attachment{{URL: fsBase + "uploads/2025ys.pdf", Name: "示范县民政局2025年部门预算.pdf", Unreadable: "扫描件"}}
			return s
		}(), "2025-11-24", nil, nil},
		{"link to the 财政 unified platform counts", func() *site.Site {
			col := fsBudgetColumn()
			col.Links = []site.Link{{URL: "http://czj.sfs.gov.cn/yjsgk/2025/mzj.html", Text: "示范县民政局2025年部门预算（财政局统一平台）", Kind: site.KindAnchor}}
			return fsSite(col)
		}(), "2025-11-24", nil, nil},
		{"later due date in the profile", fsSite(fsBudgetColumn("示范县民政局2024年部门预算")), "2025-05-15",
			&config.Profile{Due: config.DueDates{Budget: "06-30"}}, nil},
		// 2025-05-01 is 劳动节: the deadline moves to 2025-05-06.
		{"due date in a holiday is moved", fsSite(fsBudgetColumn("示范县民政局2024年部门预算")), "2025-05-06",
			&config.Profile{Due: config.DueDates{Budget: "05-01"}}, nil},
		{"due date in a holiday, after the moved day", fsSite(fsBudgetColumn("示范县民政局2024年部门预算")), "2025-05-07",
			&config.Profile{Due: config.DueDates{Budget: "05-01"}}, []string{"2025年部门预算"}},
		// No calendar for 2030: just after the due date nothing can be said…
		{"uncovered year, close to the due date", fsSite(fsBudgetColumn()), "2030-05-10", nil, nil},
		// …but far after it no holiday could have moved it.
		{"uncovered year, long after the due date", fsSite(fsBudgetColumn("示范县民政局2029年部门预算")), "2030-06-01", nil, []string{"2030年部门预算"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := fsRun(t, BudgetMissing{}, tt.site, tt.asOf, tt.prof)
			wantSubjects(t, fs, tt.want)
			for _, f := range fs {
				if f.Severity != Deduct || f.URL != fsBase+"xxgk/czyjs/" || f.Column != "财政预决算" || f.Message == "" {
					t.Errorf("finding = %+v", f)
				}
			}
		})
	}
}

func TestBudgetMissingEvidence(t *testing.T) {
	s := fsSite(fsBudgetColumn("示范县民政局2024年部门预算", "关于示范县2024年预算执行情况和2025年预算草案的报告"))
	fs := fsRun(t, BudgetMissing{}, s, "2025-11-24", nil)
	if len(fs) != 1 {
		t.Fatalf("got %+v", fs)
	}
	ev := fs[0].Evidence
	for _, want := range []string{"财政预决算（/xxgk/czyjs/）", "2024年（示范县民政局2024年部门预算）", "预算执行情况", "截止日2025-04-30", "due.budget", "评估日2025-11-24"} {
		if !strings.Contains(ev, want) {
			t.Errorf("evidence lacks %q: %s", want, ev)
		}
	}
	// The uncovered-year case says why it can still judge.
	s = fsSite(fsBudgetColumn())
	fs = fsRun(t, BudgetMissing{}, s, "2030-06-01", nil)
	if len(fs) != 1 || !strings.Contains(fs[0].Evidence, "日历未收录2030年") {
		t.Errorf("uncovered year evidence: %+v", fs)
	}
	// A holiday-moved deadline names the calendar.
	fs = fsRun(t, BudgetMissing{}, fsSite(fsBudgetColumn()), "2025-05-07", &config.Profile{Due: config.DueDates{Budget: "05-01"}})
	if len(fs) != 1 || !strings.Contains(fs[0].Evidence, "顺延至2025-05-06") || !strings.Contains(fs[0].Evidence, "国办发明电〔2024〕12号") {
		t.Errorf("moved deadline evidence: %+v", fs)
	}
	// Without a 财政预决算 column the start page carries the finding.
	fs = fsRun(t, BudgetMissing{}, fsSite(), "2025-11-24", nil)
	if len(fs) != 1 || fs[0].URL != fsBase || !strings.Contains(fs[0].Evidence, "未发现财政预决算类栏目") {
		t.Errorf("no column: %+v", fs)
	}
}

func TestFinalAccountsMissing(t *testing.T) {
	tests := []struct {
		name  string
		items []string
		asOf  string
		want  []string
	}{
		{"present", []string{"示范县民政局2024年部门决算公开"}, "2025-11-24", nil},
		{"present as 单位决算", []string{"示范县殡仪馆2024年度单位决算"}, "2025-11-24", nil},
		{"absent: only a project and the government's", []string{"示范县XX路工程2024年竣工决算", "示范县2024年财政决算", "示范县民政局2023年部门决算"}, "2025-11-24", []string{"2024年部门决算"}},
		{"before 09-30 the year before is judged", []string{"示范县民政局2023年部门决算"}, "2025-09-30", nil},
		{"before 09-30, the year before absent", []string{"示范县民政局2022年部门决算"}, "2025-09-30", []string{"2023年部门决算"}},
		// A budget of the year is not its final account.
		{"budget is not the final account", []string{"示范县民政局2024年部门预算"}, "2025-11-24", []string{"2024年部门决算"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := fsRun(t, FinalAccountsMissing{}, fsSite(fsBudgetColumn(tt.items...)), tt.asOf, nil)
			wantSubjects(t, fs, tt.want)
			if len(fs) > 0 && !strings.Contains(fs[0].Evidence, "due.final_accounts") {
				t.Errorf("evidence: %s", fs[0].Evidence)
			}
		})
	}
}

func TestSangongCheck(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		missing   int
		explained bool
	}{
		{"table and explanation", "“三公”经费预算8.5万元，比上年减少1.2万元，主要原因是压减公务接待。 因公出国（境）费 公务用车购置及运行费 公务接待费 0.00 5.00 3.50", 0, true},
		{"explanation in the next sentence", "2025年三公经费预算8.5万元，比上年减少1.2万元。主要原因是严格落实过紧日子要求。因公出国（境）费0万元，公务用车购置及运行费5万元，公务接待费3.5万元。", 0, true},
		{"final account against the budget", "2024年度“三公”经费支出决算9.70万元，决算数小于预算数的主要原因是厉行节约。因公出国（境）费0万元；公务用车购置及运行费6万元；公务接待费3.7万元。", 0, true},
		{"unchanged needs no reason", "三公经费预算与上年持平。因公出国(境)费0万元；公务用车运行费5万元；公务接待费3万元。", 0, true},
		{"all zero", "本部门2025年“三公”经费预算为0万元。", 0, true},
		{"no 三公 at all", "一、部门职责。二、收支总体情况：支出预算100万元，比上年增加10万元，主要原因是人员增加。", 3, false},
		{"figures without explanation", "表7 三公经费支出表 合计 因公出国（境）费 公务用车购置及运行费 公务接待费 6.20 0.00 4.00 2.20", 0, false},
		{"change without reason", "三公经费预算6.2万元，比上年增加0.5万元。因公出国（境）费0万元，公务用车购置及运行费4万元，公务接待费2.2万元。", 0, false},
		{"labels without amounts", "“三公”经费包括因公出国（境）费、公务用车购置及运行费和公务接待费，具体见2025年表7。三公经费比上年减少，主要原因是压减开支。", 3, true},
		// 0.5万元 is not zero.
		{"not zero", "三公经费预算为0.5万元，比上年减少，主要原因是压减开支。", 3, true},
	}
	for _, tt := range tests {
		r := fsSangongCheck(tt.text)
		if len(r.missing) != tt.missing || r.explained != tt.explained {
			t.Errorf("%s: missing %v explained %v (%q), want %d %v", tt.name, r.missing, r.explained, r.explanation, tt.missing, tt.explained)
		}
	}
}

func TestSangongMissing(t *testing.T) {
	complete := func() *site.Page {
		return fsFixture(t, "budget_complete.html", fsBase+"xxgk/czyjs/202503/t20250320_1.html")
	}
	noExpl := func() *site.Page {
		return fsFixture(t, "budget_no_explanation.html", fsBase+"xxgk/czyjs/202503/t20250325_2.html")
	}
	bare := func(url, title string) *site.Page {
		return &site.Page{URL: url, Status: 200, Title: title + "_示范县人民政府", Column: "财政预决算",
			Meta: map[string]string{"articletitle": title}, Text: title + " 详见附件。",
			Published: site.Date{Time: time.Date(2025, 3, 20, 0, 0, 0, 0, site.Shanghai), Source: site.SourceMeta}}
	}
	fullText := "“三公”经费预算8.5万元，比上年减少1.2万元，主要原因是压减公务接待。因公出国（境）费0万元，公务用车购置及运行费5万元，公务接待费3.5万元。"
	type want struct {
		url      string
		severity Severity
		in       string
	}
	tests := []struct {
		name string
		site func() *site.Site
		want []want
	}{
		{"complete page", func() *site.Site { return fsSite(complete()) }, nil},
		{"table without explanation", func() *site.Site { return fsSite(noExpl()) },
			[]want{{fsBase + "xxgk/czyjs/202503/t20250325_2.html", Deduct, "未说明增减变化"}}},
		{"figures in a readable attachment", func() *site.Site {
			p := bare(fsBase+"xxgk/czyjs/202503/t20250320_3.html", "示范县水利局2025年部门预算")
			p.Links = []site.Link{{URL: fsBase + "uploads/slj2025.xlsx", Text: "2025年部门预算表", Kind: site.KindAnchor}}
			s := fsSite(p)
			s.Attachments = []*site.Attachment{{URL: fsBase + "uploads/slj2025.xlsx", Name: "2025年部门预算表", Text: fullText, Referrers: []string{p.URL}}}
			return s
		}, nil},
		{"attachment unreadable: advice, not a claim", func() *site.Site {
			p := bare(fsBase+"xxgk/czyjs/202503/t20250320_4.html", "示范县交通局2025年部门预算")
			p.Links = []site.Link{{URL: fsBase + "uploads/jtj2025.pdf", Text: "2025年部门预算", Kind: site.KindAnchor}}
			s := fsSite(p)
			s.Attachments = []*site.Attachment{{URL: fsBase + "uploads/jtj2025.pdf", Name: "交通局2025年部门预算.pdf", Unreadable: "扫描图片，无文字层", Referrers: []string{p.URL}}}
			return s
		}, []want{{fsBase + "xxgk/czyjs/202503/t20250320_4.html", Advice, "无法读取"}}},
		{"tables as images: advice", func() *site.Site {
			p := bare(fsBase+"xxgk/czyjs/202503/t20250320_11.html", "示范县商务局2025年部门预算")
			p.Links = []site.Link{{URL: fsBase + "images/logo.png", Kind: site.KindImage}, {URL: fsBase + "uploads/swj2025_1.jpg", Kind: site.KindImage}}
			s := fsSite(p)
			s.Pages[0].Links = []site.Link{{URL: fsBase + "images/logo.png", Kind: site.KindImage}}
			return s
		}, []want{{fsBase + "xxgk/czyjs/202503/t20250320_11.html", Advice, "1张图片"}}},
		{"attachment not downloaded: cannot judge", func() *site.Site {
			p := bare(fsBase+"xxgk/czyjs/202503/t20250320_5.html", "示范县林业局2025年部门预算")
			p.Links = []site.Link{{URL: fsBase + "uploads/lyj2025.pdf", Text: "2025年部门预算", Kind: site.KindAnchor}}
			return fsSite(p)
		}, nil},
		{"attachment linked from a list, readable but without 三公", func() *site.Site {
			s := fsSite(fsBudgetColumn())
			s.Attachments = []*site.Attachment{{URL: fsBase + "uploads/nyj2024js.xlsx", Name: "示范县农业局2024年部门决算.xlsx", Text: "收入支出决算总表 合计 100.00", Referrers: []string{fsBase + "xxgk/czyjs/"}}}
			return s
		}, []want{{fsBase + "uploads/nyj2024js.xlsx", Deduct, "未公开“三公”经费支出数据"}}},
		// A readable attachment with the figures and no explanation.
		{"readable attachment without explanation", func() *site.Site {
			s := fsSite(fsBudgetColumn())
			s.Attachments = []*site.Attachment{{URL: fsBase + "uploads/nyj2025.xlsx", Name: "示范县农业局2025年部门预算.xlsx",
				Text: "三公经费支出表 因公出国（境）费 公务用车购置及运行费 公务接待费 0 3.00 1.20", Referrers: []string{fsBase + "xxgk/czyjs/"}}}
			return s
		}, []want{{fsBase + "uploads/nyj2025.xlsx", Deduct, "未说明增减变化"}}},
		{"separate 三公 page of the same body covers the budget", func() *site.Site {
			main := bare(fsBase+"xxgk/czyjs/202503/t20250320_6.html", "示范县民政局2025年部门预算")
			sg := bare(fsBase+"xxgk/czyjs/202503/t20250320_7.html", "示范县民政局2025年“三公”经费预算")
			sg.Text = fullText
			other := bare(fsBase+"xxgk/czyjs/202503/t20250320_8.html", "示范县教育局2025年部门预算")
			other.Text = "示范县教育局2025年部门预算 一、部门职责 二、收支预算 支出预算12000万元。"
			return fsSite(main, sg, other)
		}, []want{{fsBase + "xxgk/czyjs/202503/t20250320_8.html", Deduct, "2025年部门预算"}}},
		{"old years, 绩效 and list pages are not judged", func() *site.Site {
			old := bare(fsBase+"xxgk/czyjs/202203/t20220320_9.html", "示范县民政局2022年部门预算")
			perf := bare(fsBase+"xxgk/czyjs/202503/t20250320_10.html", "示范县民政局2025年部门预算项目绩效目标表")
			list := fsBudgetColumn("示范县民政局2025年部门预算", "示范县教育局2025年部门预算", "示范县水利局2025年部门预算")
			list.Title = "2025年部门预算_示范县人民政府"
			return fsSite(old, perf, list)
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := fsRun(t, SangongMissing{}, tt.site(), "2025-11-24", nil)
			if len(fs) != len(tt.want) {
				t.Fatalf("got %d findings, want %d: %+v", len(fs), len(tt.want), fs)
			}
			for i, w := range tt.want {
				f := fs[i]
				if f.URL != w.url || f.Severity != w.severity || !strings.Contains(f.Message+f.Evidence, w.in) || f.Subject == "" {
					t.Errorf("finding %+v, want %+v", f, w)
				}
			}
		})
	}
}

func TestFinanceServiceColumnHints(t *testing.T) {
	// A 财政预决算 column named 资金信息 and a consultation column named 公众参与
	// are found through the profile's column hints.
	col := &site.Page{URL: fsBase + "xxgk/zjxx/", Status: 200, Title: "资金信息", Column: "资金信息",
		Meta: map[string]string{"columnname": "资金信息"}, Items: []site.ListItem{{Title: "示范县民政局2024年部门预算", URL: fsBase + "xxgk/zjxx/1.html"}}}
	draft := fsNotice("gzcy/202509/t20250901_1.html", "关于《示范县养犬管理办法（草案）》的说明", "公众参与",
		"欢迎提出意见。征求意见时间为2025年9月1日至2025年9月10日。", "2025-09-01")
	prof := &config.Profile{Columns: map[string][]string{"财政预决算": {"/xxgk/zjxx/"}, "意见征集": {"/gzcy/"}}}
	fs := fsRun(t, BudgetMissing{}, fsSite(col, draft), "2025-11-24", prof)
	if len(fs) != 1 || fs[0].URL != col.URL || !strings.Contains(fs[0].Evidence, "资金信息（/xxgk/zjxx/）") {
		t.Errorf("budget column by hint: %+v", fs)
	}
	if fs := fsRun(t, ConsultationShortPeriod{}, fsSite(col, draft), "2025-11-24", prof); len(fs) != 1 {
		t.Errorf("consultation column by hint: %+v", fs)
	}
	if fs := fsRun(t, ConsultationShortPeriod{}, fsSite(col, draft), "2025-11-24", nil); len(fs) != 0 {
		t.Errorf("without the hint the page is no draft: %+v", fs)
	}
}

// BenchmarkFinanceServiceRules runs the area's rules over a 20,000-page site:
// every rule indexes once, none compares pages pairwise.
func BenchmarkFinanceServiceRules(b *testing.B) {
	var pages []*site.Page
	for i := range 20000 {
		p := &site.Page{URL: fsBase + "xwzx/" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + "/" + time.Duration(i).String() + ".html",
			Status: 200, Title: "示范县召开工作会议", Column: "工作动态",
			Text: strings.Repeat("示范县召开工作会议，部署冬季安全生产。", 40)}
		switch i % 500 {
		case 1:
			p.Title, p.Column = "关于《示范县办法"+time.Duration(i).String()+"（征求意见稿）》公开征求意见的公告", "意见征集"
			p.Text += "征求意见时间为2025年8月1日至2025年8月20日。"
		case 2:
			p.Title, p.Column = "示范县某局2025年部门预算", "财政预决算"
		case 3:
			p.Title, p.Column = "某事项办事指南", "办事指南"
			p.Text += "事项名称：某事项 设定依据：某法 办理地点：中心"
		}
		pages = append(pages, p)
	}
	s := fsSite(pages...)
	ctx := &Context{AsOf: fsDay("2025-11-24")}
	rules := rulesFromTo("budget-missing", "consultation-short-period")
	b.ResetTimer()
	for range b.N {
		Run(ctx, s, rules)
	}
}
