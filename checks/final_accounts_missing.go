package checks

import "github.com/gongkai/gongkai/site"

// FinalAccountsMissing reports a site without last year's 部门决算 after its
// due date.
type FinalAccountsMissing struct{}

// fsFinalDueDefault is the default due date of last year's 部门决算 [I]: the
// 人大常委会 approves the 决算 around mid-year and 预算法第十四条 gives twenty
// days after the 批复, so the end of September covers most bodies.
// Configurable as due.final_accounts.
const fsFinalDueDefault = "09-30"

var finalAccountsMissingMeta = Meta{
	ID:          "final-accounts-missing",
	Name:        "决算未公开",
	Description: "检查是否公开上一年度部门决算：过了截止日期（默认9月30日，可在配置中调整）仍在网站上找不到上一年度部门决算，即为决算未公开。政府决算和工程竣工决算不算。",
	Severity:    Deduct, // [I] the 2019 扣分 text for 预决算 is not available
	Basis:       "《中华人民共和国预算法》第十四条（部门决算在批复后二十日内向社会公开）；《预算法实施条例》第六条；《地方预决算公开操作规程》（财预〔2016〕143号）",
	Advice:      "在财政预决算栏目公开上年度部门决算（含说明和全部决算公开表格，含“三公”经费决算及增减变化原因），确已公开在财政部门统一平台的，在本站栏目中提供链接。",
	Summary: "last year's 部门决算 not found anywhere on the site (titles, list entries, attachment names and links) after due.final_accounts (default 09-30 [I]; before it, the year before's); only on a complete crawl; 政府决算 and project 竣工决算 do not count. " +
		"Waive with disable: [final-accounts-missing] or set due.final_accounts.",
	// No per-finding deduction is given in rules.md; set one with points:.
	Recheck: Recheck{Reason: recheckSite},
}

// Meta describes the rule.
func (FinalAccountsMissing) Meta() Meta { return finalAccountsMissingMeta }

// Check reports the missing year once, on the 财政预决算 column (or the start
// page), and only after a complete crawl.
func (FinalAccountsMissing) Check(ctx *Context, s *site.Site) []Finding {
	if !s.Complete {
		return nil
	}
	year, due, st, ok := fsDueYear(ctx, ctx.profile().Due.FinalAccounts, fsFinalDueDefault, 1)
	if !ok {
		return nil
	}
	idx := fsIndexBudgets(ctx, s)
	if len(idx.hits[fsFinal][year]) > 0 {
		return nil
	}
	return []Finding{fsMissingFinding(ctx, s, idx, fsFinal, year, due, st, "final_accounts", fsFinalDueDefault)}
}
