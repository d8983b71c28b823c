package checks

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/gongkai/gongkai/site"
)

// BudgetColumnMissing reports a site without a 预决算公开 column, and a
// government portal whose column does not gather the departments' budgets
// (rules.md F4).
type BudgetColumnMissing struct{}

var budgetColumnMissingMeta = Meta{
	ID:          "budget-column-missing",
	Name:        "预决算公开专栏缺失",
	Description: "检查网站是否设置财政预决算公开专栏：找不到预决算公开类栏目即为问题；政府网站的专栏中各年度列出的部门不足2个的，提示疑似未按部门、年度集中公开。",
	Severity:    Deduct, // [I] rules.md gives no deduction figure
	Basis:       "《中华人民共和国预算法》第十四条；《地方预决算公开操作规程》（财预〔2016〕143号）：各级政府门户网站设立预决算公开统一平台（专栏），集中公开本级政府和部门预决算并长期保留；《中华人民共和国政府信息公开条例》第二十条第（七）项",
	Advice:      "在政府信息公开平台设置“财政预决算”（预决算公开）栏目，按部门、按年度集中公开本级政府预决算和各部门预决算，已在财政部门统一平台公开的应提供链接；没有单独预算的部门应列出并说明。",
	Summary: "no column named like 财政预决算/预决算公开/部门预决算/财政资金 (by column name, breadcrumb, a profile columns hint or a link text) on a complete crawl; " +
		"on a government site (profile body, else the site name), a column whose entries name the 部门预算/决算 of fewer than 2 bodies in every year gives 疑似 advice: " +
		"the column does not list departments by year [I]; waive with disable for bodies that publish on the 财政 platform only.",
	Recheck: Recheck{Reason: recheckSite},
}

// Meta describes the rule.
func (BudgetColumnMissing) Meta() Meta { return budgetColumnMissingMeta }

// Check looks for the column, then for the departments in it.
func (BudgetColumnMissing) Check(ctx *Context, s *site.Site) []Finding {
	if !s.Complete || len(s.Pages) == 0 {
		return nil
	}
	isUsable := usableIn(ctx, s)
	var cols []*site.Page
	linked := ""
	for _, p := range s.Pages {
		if !isUsable(p) {
			continue
		}
		if classOf(ctx, p) == ColBudget && fsIsList(p) {
			cols = append(cols, p)
		}
		if linked != "" {
			continue
		}
		for _, l := range p.Outgoing() {
			if n, ok := gkColumnName(l.Text); ok && l.Kind == site.KindAnchor && ClassifyName(n) == ColBudget {
				linked = l.URL
				break
			}
		}
	}
	where := platformPage(ctx, s)
	if len(cols) == 0 && linked == "" {
		return []Finding{{
			URL: where.URL, Title: pageTitle(where), Column: where.Column,
			Message: "网站未设置财政预决算（预决算公开）栏目。",
			Evidence: fmt.Sprintf("已完整抓取%d个页面，未发现名称含“预决算”“部门预算”“部门决算”“财政预算”“财政资金”“预算公开”等的栏目、面包屑或导航链接。",
				len(s.Pages)),
			Subject: "预决算公开栏目",
		}}
	}
	if siteBody(ctx, s) != bodyGovernment || len(cols) == 0 {
		return nil
	}
	// Which bodies the column lists, by year.
	bodies := map[int]map[string]bool{}
	add := func(title string) {
		for _, k := range []fsBudgetKind{fsBudget, fsFinal} {
			for _, y := range fsBudgetYears(title, k) {
				if bodies[y] == nil {
					bodies[y] = map[string]bool{}
				}
				bodies[y][fsBodyOf(title)] = true
			}
		}
	}
	for _, p := range cols {
		for _, it := range p.ListItems() {
			add(it.Title)
		}
		for _, l := range p.Outgoing() {
			if l.Kind == site.KindAnchor && utf8Len(l.Text) > 6 {
				add(l.Text)
			}
		}
	}
	var years []int
	for y, b := range bodies {
		if len(b) >= 2 {
			return nil
		}
		years = append(years, y)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(years)))
	var seen []string
	for _, y := range years {
		for b := range bodies[y] {
			if b == "" {
				b = "未署名单位"
			}
			seen = append(seen, strconv.Itoa(y)+"年"+b)
		}
	}
	col := cols[0]
	ev := fmt.Sprintf("财政预决算栏目“%s”", healthColumnName(col))
	if len(seen) == 0 {
		ev += "中未发现任何部门预算或部门决算条目"
	} else {
		ev += "中各年度仅有一个单位的部门预决算：" + fsList(seen, 4)
	}
	ev += "；政府门户网站的预决算公开专栏应按部门、按年度集中公开本级各部门预决算（推定标准，请人工核对是否另设部门预决算平台）。"
	return []Finding{{
		URL: col.URL, Title: fsDocTitle(col), Column: col.Column,
		Severity: Advice,
		Message:  "疑似财政预决算栏目未按部门、年度集中公开部门预决算（请人工确认）。",
		Evidence: ev,
		Subject:  "部门预决算",
	}}
}

func utf8Len(s string) int { return len([]rune(strings.TrimSpace(s))) }
