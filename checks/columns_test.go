package checks

import (
	"testing"

	"github.com/gongkai/gongkai/config"
	"github.com/gongkai/gongkai/site"
)

func TestClassifyName(t *testing.T) {
	tests := map[string]ColumnClass{
		"政府信息公开指南":   ColGuide,
		"信息公开指南":     ColGuide,
		"政府信息公开制度":   ColSystem,
		"政府信息公开年报":   ColAnnualReport,
		"信息公开年度报告":   ColAnnualReport,
		"法定主动公开内容":   ColStatutory,
		"政策解读":       ColInterp,
		"一图读懂":       ColInterp,
		"政策文件":       ColPolicy,
		"行政规范性文件":    ColPolicy,
		"财政预决算":      ColBudget,
		"部门预决算":      ColBudget,
		"办事指南":       ColService,
		"意见征集":       ColConsult,
		"重大决策预公开":    ColConsult,
		"建议提案办理":     ColProposal,
		"人事信息":       ColPersonnel,
		"规划计划":       ColPlanning,
		"工作动态":       ColNews,
		"乡镇动态":       ColNews,
		"政务要闻":       ColNews,
		"专题专栏":       ColCampaign,
		"扫黑除恶专题":     ColCampaign,
		"政务公开专栏":     ColPlatform, // the platform, not a campaign
		"通知公告":       ColNotice,
		"公示公告":       ColNotice,
		"县长信箱":       ColMailbox,
		"我要咨询":       ColMailbox,
		"网上信访":       ColPetition,
		"纪检举报":       ColPetition,
		"纪委书记信箱":     ColPetition, // 纪检 mailboxes are excluded from A5 like 纪检举报
		"监委信箱":       ColPetition,
		"在线访谈":       ColInterview,
		"依申请公开":      ColOnRequest,
		"政府信息公开":     ColPlatform,
		"统计公报":       ColStatistics,
		"邯郸市政府信息公开":  ColPlatform,
		"互动交流":       ColOther,
		"":           ColOther,
		" 政策 解读 ":    ColInterp,
		"政府信息公开目录":   ColCatalogue,
		"领导信息":       ColOrgan,
		"网上调查":       ColSurvey,
		"回应关切":       ColResponse,
		"公务员招录":      ColPersonnel,
		"统计数据":       ColStatistics,
		"部门信息公开":     ColPlatform,
		"政府信息公开工作年报": ColAnnualReport,
	}
	wantEach(t, "ClassifyName", ClassifyName, tests)
}

func TestClassifyPage(t *testing.T) {
	tests := []struct {
		p    site.Page
		want ColumnClass
	}{
		{site.Page{Column: "政策解读"}, ColInterp},
		{site.Page{Column: "部门信息公开", Breadcrumb: []string{"首页", "信息公开", "政策文件", "正文"}}, ColPolicy},
		{site.Page{Column: "邯郸市政府信息公开", Meta: map[string]string{"columntype": "信息公开，政策文件"}}, ColPolicy},
		{site.Page{Column: "首页"}, ColHome},
		// A campaign under 要闻动态 is not a 动态 column (a real county portal).
		{site.Page{Column: "学习宣传贯彻党的十九大精神", Breadcrumb: []string{"首页", "要闻动态", "专题专栏", "学习宣传贯彻党的十九大精神"}}, ColCampaign},
		{site.Page{Column: "乡镇动态", Breadcrumb: []string{"首页", "要闻动态", "乡镇动态"}}, ColNews},
		{site.Page{}, ColOther},
	}
	for _, tt := range tests {
		if got := ClassifyPage(&tt.p); got != tt.want {
			t.Errorf("ClassifyPage(%+v) = %q, want %q", tt.p, got, tt.want)
		}
	}
}

func TestClassOfHonoursProfileHints(t *testing.T) {
	ctx := &Context{Profile: &config.Profile{Columns: map[string][]string{
		"政策解读":  {"/col/col1234/", "/art/2025/"},
		"解读":    {"/col/col1234/index"}, // a synonym key works too
		"政策文件":  {"/col/col99/"},
		"财政预决算": {"/col/col1234/index.html"}, // longest substring wins
	}}}
	tests := []struct {
		p    site.Page
		want ColumnClass
	}{
		{site.Page{URL: "http://x.gov.cn/art/2025/3/1/art_1234_1.html", Column: "工作动态"}, ColInterp},
		{site.Page{URL: "http://x.gov.cn/col/col1234/index.html", Column: "专题"}, ColBudget},
		{site.Page{URL: "http://x.gov.cn/col/col1234/index_2.html"}, ColInterp},
		{site.Page{URL: "http://x.gov.cn/old", FinalURL: "http://x.gov.cn/col/col99/x.html"}, ColPolicy},
		{site.Page{URL: "http://x.gov.cn/col/col5/", Column: "政策文件"}, ColPolicy}, // no hint: by name
	}
	for _, tt := range tests {
		if got := classOf(ctx, &tt.p); got != tt.want {
			t.Errorf("classOf(%s) = %q, want %q", tt.p.URL, got, tt.want)
		}
	}
	if got := classOf(&Context{}, &site.Page{Column: "政策解读"}); got != ColInterp {
		t.Errorf("without profile: %q", got)
	}
}
