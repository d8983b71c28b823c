package checks

import (
	"strings"
	"unicode"

	"github.com/gongkai/gongkai/site"
)

// ColumnClass is what a column (栏目) is for, as the rules need to know it.
// Names vary from site to site (公开指南, 信息公开指南, 政府信息公开指南 …), so
// classes are recognised by synonyms, never by exact strings.
type ColumnClass string

// Column classes (rules.md §4).
const (
	ColOther        ColumnClass = ""
	ColHome         ColumnClass = "首页"
	ColGuide        ColumnClass = "政府信息公开指南"
	ColSystem       ColumnClass = "政府信息公开制度"
	ColStatutory    ColumnClass = "法定主动公开内容"
	ColAnnualReport ColumnClass = "政府信息公开年报"
	ColOnRequest    ColumnClass = "依申请公开"
	ColCatalogue    ColumnClass = "政府信息公开目录"
	ColPlatform     ColumnClass = "政府信息公开"
	ColPolicy       ColumnClass = "政策文件"
	ColInterp       ColumnClass = "政策解读"
	ColBudget       ColumnClass = "财政预决算"
	ColService      ColumnClass = "办事指南"
	ColConsult      ColumnClass = "意见征集"
	ColProposal     ColumnClass = "建议提案办理"
	ColPersonnel    ColumnClass = "人事信息"
	ColPlanning     ColumnClass = "规划计划"
	ColStatistics   ColumnClass = "统计信息"
	ColOrgan        ColumnClass = "机构职能"
	ColNews         ColumnClass = "动态要闻"
	ColNotice       ColumnClass = "通知公告"
	ColMailbox      ColumnClass = "政务咨询"
	ColPetition     ColumnClass = "网上信访"
	ColInterview    ColumnClass = "在线访谈"
	ColSurvey       ColumnClass = "调查征集"
	ColResponse     ColumnClass = "回应关切"
	// ColCampaign is a 专题/专栏 page of a campaign (学习贯彻十九大精神, 扶贫):
	// it has no update window, whatever column it sits under (要闻动态 >
	// 专题专栏 > … is not a 动态 column).
	ColCampaign ColumnClass = "专题专栏"
)

// columnSynonyms is checked in order: more specific names first (政策解读
// before 政策文件, 信息公开年报 before 信息公开, 网上信访 before 信箱).
var columnSynonyms = []struct {
	class ColumnClass
	words []string
}{
	{ColHome, []string{"首页"}},
	{ColGuide, []string{"公开指南", "信息公开指南"}},
	{ColSystem, []string{"公开制度", "信息公开规定", "公开规定"}},
	{ColAnnualReport, []string{"公开年报", "信息公开年报", "年度报告", "工作年报", "年报"}},
	{ColOnRequest, []string{"依申请公开", "依法申请公开", "申请公开"}},
	{ColStatutory, []string{"法定主动公开", "主动公开内容"}},
	{ColInterp, []string{"政策解读", "文件解读", "解读", "图解", "一图读懂"}},
	{ColBudget, []string{"预决算", "部门预算", "部门决算", "财政预算", "财政决算", "财政资金", "三公经费", "预算公开", "决算公开"}},
	{ColProposal, []string{"建议提案", "提案办理", "建议办理", "代表建议", "委员提案"}},
	{ColConsult, []string{"意见征集", "征求意见", "民意征集", "重大决策预公开", "决策预公开", "草案征求"}},
	{ColSurvey, []string{"网上调查", "调查征集", "征集调查", "问卷"}},
	{ColInterview, []string{"在线访谈", "访谈"}},
	{ColPetition, []string{"网上信访", "信访", "纪检举报", "举报", "纪委", "纪检", "监委"}},
	{ColMailbox, []string{"信箱", "我要咨询", "我要建议", "我要投诉", "政务咨询", "咨询投诉", "留言", "信件", "网上咨询", "12345"}},
	{ColResponse, []string{"回应关切", "热点回应", "新闻发布会"}},
	{ColService, []string{"办事指南", "服务事项", "办事服务", "网上办事", "政务服务", "表格下载"}},
	{ColPersonnel, []string{"人事信息", "人事任免", "公务员招", "招录", "招聘", "人事"}},
	{ColPlanning, []string{"规划计划", "发展规划", "规划信息", "计划总结", "规划"}},
	{ColStatistics, []string{"统计信息", "统计数据", "统计公报", "数据发布", "统计"}},
	{ColOrgan, []string{"机构职能", "机构概况", "领导信息", "内设机构", "领导之窗", "机构设置"}},
	{ColPolicy, []string{"政策文件", "规范性文件", "政府文件", "部门文件", "政府规章", "规章", "其他文件", "文件"}},
	{ColNotice, []string{"通知公告", "公示公告", "公告公示", "通知", "公告", "公示"}},
	{ColCampaign, []string{"专题专栏", "专题"}},
	{ColNews, []string{"动态", "要闻", "新闻", "图片新闻", "工作信息", "政务信息"}},
	{ColCatalogue, []string{"公开目录", "信息公开目录"}},
	{ColPlatform, []string{"政府信息公开", "信息公开", "政务公开"}},
	// 专栏 alone, after the platform: 政务公开专栏 is the platform.
	{ColCampaign, []string{"专栏"}},
}

// ClassifyName classifies one column name. Spaces and the site name prefix
// ("XX县") do not matter; unknown names are ColOther.
func ClassifyName(name string) ColumnClass {
	n := squeezeSpace(name)
	if n == "" {
		return ColOther
	}
	for _, s := range columnSynonyms {
		for _, w := range s.words {
			if strings.Contains(n, w) {
				return s.class
			}
		}
	}
	return ColOther
}

// ClassifyPage classifies the column a page belongs to: its column name first,
// then the breadcrumb from the innermost entry out, then meta ColumnType
// (often a list such as "信息公开，政策文件", so least trusted).
func ClassifyPage(p *site.Page) ColumnClass {
	if c := ClassifyName(p.Column); c != ColOther && c != ColPlatform {
		return c
	}
	crumbs := p.Crumbs()
	for i := len(crumbs) - 1; i >= 0; i-- {
		if c := ClassifyName(crumbs[i]); c != ColOther && c != ColPlatform && c != ColHome {
			return c
		}
	}
	if ct := p.MetaTags()["columntype"]; ct != "" {
		parts := strings.FieldsFunc(ct, func(r rune) bool { return strings.ContainsRune("，,、;； ", r) })
		for i := len(parts) - 1; i >= 0; i-- {
			if c := ClassifyName(parts[i]); c != ColOther && c != ColPlatform {
				return c
			}
		}
	}
	return ClassifyName(p.Column)
}

// classOf classifies the column a page belongs to, honouring the profile's
// column hints first (class name → URL substrings, for sites whose column
// names cannot be recognised); the longest matching substring wins. Without
// a matching hint it is ClassifyPage.
func classOf(ctx *Context, p *site.Page) ColumnClass {
	if c, ok := hintedClass(ctx, p); ok {
		return c
	}
	return ClassifyPage(p)
}

// hintedClass returns the class a profile hint gives the page, if any. A
// hint key may be a class name (政策解读) or any name ClassifyName knows (解读).
func hintedClass(ctx *Context, p *site.Page) (ColumnClass, bool) {
	hints := ctx.profile().Columns
	if len(hints) == 0 {
		return ColOther, false
	}
	best, bestLen := ColOther, 0
	for name, subs := range hints {
		c := hintClass(name)
		if c == ColOther {
			continue
		}
		for _, sub := range subs {
			if sub == "" || len(sub) <= bestLen {
				continue
			}
			if strings.Contains(p.URL, sub) || (p.FinalURL != "" && strings.Contains(p.FinalURL, sub)) {
				best, bestLen = c, len(sub)
			}
		}
	}
	return best, bestLen > 0
}

// hintClass maps a profile hint key to its class.
func hintClass(name string) ColumnClass {
	n := strings.Join(strings.Fields(name), "")
	for _, s := range columnSynonyms {
		if string(s.class) == n {
			return s.class
		}
	}
	return ClassifyName(n)
}

// squeezeSpace is strings.Join(strings.Fields(s), ""), without a copy when
// s has no space (most names: this runs for every link of every page).
func squeezeSpace(s string) string {
	for _, r := range s {
		if unicode.IsSpace(r) {
			return strings.Join(strings.Fields(s), "")
		}
	}
	return s
}
