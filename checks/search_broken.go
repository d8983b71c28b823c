package checks

import (
	"fmt"

	"github.com/gongkai/gongkai/site"
)

// SearchBroken reports a site without a 站内搜索, or whose search does not
// find a recent article by its exact title.
type SearchBroken struct{}

var searchBrokenMeta = Meta{
	ID:          "search-broken",
	Name:        "站内搜索缺失或不可用",
	Description: "检查网站是否提供可用的站内搜索：找不到搜索框或站内搜索入口，或用最新文章标题搜索时返回错误、搜不到该文章，即为问题。",
	Severity:    Advice, // [I] rules.md B6: 2019 扣分 搜索功能, text not confirmed
	Basis:       "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）扣分项：搜索功能（未提供站内搜索，或搜索结果不准确）[I]；《中华人民共和国政府信息公开条例》第二十四条（信息检索、查阅、下载等功能）",
	Advice:      "在网站头部提供站内搜索，支持按标题、全文检索，及时更新索引，确保新发布的信息能被搜索到。",
	Summary: "no crawled page has a search box (a form or script-run box named like a search, see site.SearchForm) nor a 站内搜索/检索 link, " +
		"judged when the homepage's footer is in the page itself; or the crawl's one search (--no-search-probe turns it off: a GET form on " +
		"the start page, on the site's host, robots.txt allowing) for the exact title of the newest article the homepage links answered " +
		"404/5xx or without the title or the article's address. A POST or script search, a captcha, a challenge or a refusal judge nothing",
	Recheck: Recheck{Reason: "搜索是否可用需全站扫描（含一次搜索请求）判断，请重新扫描全站"},
}

// Meta describes the rule.
func (SearchBroken) Meta() Meta { return searchBrokenMeta }

var searchLinkMarks = entryMarks{
	texts: []string{"站内搜索", "全站搜索", "高级搜索", "全文检索", "站内检索", "搜索"},
	urls:  []string{"/search", "sousuo", "jsearch", "jansearch", "fulltext"},
}

// Check reports the absence, else the probe's failure.
func (SearchBroken) Check(ctx *Context, s *site.Site) []Finding {
	home := homepage(s)
	if home == nil || !usableIn(ctx, s)(home) {
		return nil
	}
	if pr := s.SearchProbe; pr != nil && pr.Skipped == "" && !pr.Found {
		what := fmt.Sprintf("未返回该文章（HTTP %d）", pr.Status)
		msg := "站内搜索查不到近期发布的文章。"
		if pr.Status >= 400 || pr.Status == 0 {
			what = fmt.Sprintf("返回 HTTP %d", pr.Status)
			msg = "站内搜索无法使用。"
		}
		return []Finding{homeFinding(home, msg,
			fmt.Sprintf("用首页站内搜索检索近期文章的完整标题“%s”（%s），请求 %s %s。", pr.Query, pr.Article, pr.Request, what), "搜索结果")}
	}
	if home.Search != nil {
		return nil
	}
	for _, p := range s.Pages {
		if p.Search != nil && usableIn(ctx, s)(p) {
			return nil
		}
	}
	if judgeableHome(ctx, s) == nil {
		return nil
	}
	if _, found := searchLinkMarks.foundOn(home); found {
		return nil
	}
	return []Finding{homeFinding(home, "网站未提供站内搜索。",
		fmt.Sprintf("首页及已抓取的%d个页面中没有搜索框（搜索表单或脚本搜索框），也没有“站内搜索/检索”链接。", len(s.Pages)), "站内搜索")}
}
