package checks

import "github.com/gongkai/gongkai/site"

// BudgetMissing reports a site without this year's 部门预算 after its due date.
type BudgetMissing struct{}

// fsBudgetDueDefault is the default due date of the 部门预算 [I]: 预算法第十四条
// says 批复后二十日内, and 批复 follows the 人代会 (Jan–Mar, later in counties)
// by up to 20 days, so the end of April covers most bodies. Configurable as
// due.budget.
const fsBudgetDueDefault = "04-30"

var budgetMissingMeta = Meta{
	ID:          "budget-missing",
	Name:        "预算未公开",
	Description: "检查是否公开本年度部门预算：过了截止日期（默认4月30日，可在配置中调整）仍在网站上找不到本年度部门预算，即为预算未公开。政府预算不能代替部门预算。",
	Severity:    Deduct, // [I] the 2019 扣分 text for 预决算 is not available
	Basis:       "《中华人民共和国预算法》第十四条（部门预算在批复后二十日内向社会公开）；《预算法实施条例》第六条；《地方预决算公开操作规程》（财预〔2016〕143号）",
	Advice:      "在财政预决算栏目公开本年度部门预算（含说明和全部预算公开表格，含“三公”经费预算），确已公开在财政部门统一平台的，在本站栏目中提供链接。",
	Summary: "this year's 部门预算 not found anywhere on the site (titles, list entries, attachment names and links) after due.budget (default 04-30 [I]; before it, last year's); only on a complete crawl; 政府预算 (预算执行/草案/本级) does not count. " +
		"Waive with disable: [budget-missing] for bodies without a budget of their own, or set due.budget.",
	// No per-finding deduction is given in rules.md; set one with points:.
	Recheck: Recheck{Reason: recheckSite},
}

// Meta describes the rule.
func (BudgetMissing) Meta() Meta { return budgetMissingMeta }

// Check reports the missing year once, on the 财政预决算 column (or the start
// page). An incomplete crawl proves no absence, so it then says nothing.
func (BudgetMissing) Check(ctx *Context, s *site.Site) []Finding {
	if !s.Complete {
		return nil
	}
	year, due, st, ok := fsDueYear(ctx, ctx.profile().Due.Budget, fsBudgetDueDefault, 0)
	if !ok {
		return nil
	}
	idx := fsIndexBudgets(ctx, s)
	if len(idx.hits[fsBudget][year]) > 0 {
		return nil
	}
	return []Finding{fsMissingFinding(ctx, s, idx, fsBudget, year, due, st, "budget", fsBudgetDueDefault)}
}
