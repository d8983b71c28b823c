package checks

import (
	"fmt"

	"github.com/gongkai/gongkai/config"
	"github.com/gongkai/gongkai/site"
)

// HomepageStale reports a homepage whose newest dated item is older than
// 14 days, or that dates none of its items.
type HomepageStale struct{}

// homepageStaleDays is the age of the homepage's newest item that makes it stale.
var homepageStaleDays = Threshold{Key: "homepage_stale_days", Default: 14, Min: 1, Max: 365, Unit: "天",
	field: func(t *config.Thresholds) int { return t.HomepageStaleDays }}

var homepageStaleMeta = Meta{
	ID:          "homepage-stale",
	Name:        "首页不更新",
	Description: "检查首页是否及时更新：首页上最新一条带日期的信息距检查日超过14天（可在配置中调整），或首页信息均无日期，即为首页不更新，属单项否决。",
	Severity:    Veto,
	Basis:       "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）单项否决指标“首页不更新”：监测2周，首页无信息更新；未注明信息发布时间的视为不更新（全国政府网站普查2015）",
	Advice:      "首页要闻、动态、通知公告等栏目应及时更新，每条信息须标注发布日期；首页仅为导航入口的，各二级页面应及时更新。",
	Summary: "newest dated item reachable from the homepage (list dates, else the linked articles' dates) older than 14 days " +
		"(thresholds.homepage_stale_days), or no homepage item shows a date; a navigation-only homepage is judged by the " +
		"columns it links to; 单项否决 [C]; waive with a waiver on the start URL",
	Thresholds: []Threshold{homepageStaleDays},
	Recheck: Recheck{Mode: RecheckFresh, Homepage: true,
		Reason: "首页条目未显示近期日期，需结合首页链接的页面判断，请重新扫描全站"},
}

// Meta describes the rule.
func (HomepageStale) Meta() Meta { return homepageStaleMeta }

// Check dates the homepage's items; the newest one decides.
func (HomepageStale) Check(ctx *Context, s *site.Site) []Finding {
	if ctx == nil || ctx.AsOf.IsZero() {
		return nil
	}
	hx := sharedHealthIndex(ctx, s)
	home := hx.home
	if home == nil || unexpandedList(home) != "" {
		return nil // a script-written homepage list may hold newer items
	}
	limitDays := homepageStaleDays.value(ctx)
	limit := ctx.AsOf.AddDate(0, 0, -limitDays)

	// The homepage's own items, then the articles it links to.
	best, found, undated := hx.newest(home.ListItems())
	scope := fmt.Sprintf("首页条目%d条", home.NumItems())
	linkedArticles := 0
	for _, l := range home.Outgoing() {
		q := hx.page(l.URL)
		if q == nil || q == home || !q.IsContent() || q.Published.IsZero() {
			continue
		}
		linkedArticles++
		if !found || q.Published.Time.After(best.when) {
			best = datedItem{ListItem: site.ListItem{Title: q.Title, URL: q.URL}, when: q.Published.Time, from: "首页链接的文章页所示"}
			found = true
		}
	}
	if linkedArticles > 0 {
		scope += fmt.Sprintf("、首页链接且已抓取的文章%d篇", linkedArticles)
	}
	navOnly := home.NumItems() == 0 && linkedArticles == 0
	if navOnly {
		// Only a navigation entry: the check applies to the 二级页面 (A2).
		scope = "首页仅为导航入口，按其链接的二级页面判断"
		pages := 0
		for _, l := range home.Outgoing() {
			q := hx.page(l.URL)
			if q == nil || q == home || q.NumItems() == 0 {
				continue
			}
			if unexpandedList(q) != "" {
				return nil
			}
			pages++
			if b, ok, _ := hx.newest(q.ListItems()); ok && (!found || b.when.After(best.when)) {
				best, found = b, true
			}
		}
		if pages == 0 {
			return nil // nothing dated or listed anywhere we can see
		}
		scope += fmt.Sprintf("（%d个二级页面）", pages)
	}
	f := Finding{URL: home.URL, Title: home.Title, Column: "首页"}
	switch {
	case !found:
		f.Subject = "未标注日期"
		f.Message = "首页的信息均未标注发布日期，无法证明首页有更新，视为不更新。"
		f.Evidence = fmt.Sprintf("%s，%d条均无发布日期，所链接文章也未显示日期（普查2015：未注明信息发布时间的视为不更新）。", scope, undated)
	case hCivil(best.when).Before(hCivil(limit)):
		age := hDaysBetween(best.when, ctx.AsOf)
		f.Subject = "首页不更新"
		f.Message = fmt.Sprintf("首页最新信息发布于%s，已%d天无更新（超过%d天即为首页不更新）。", hDay(best.when), age, limitDays)
		f.Evidence = fmt.Sprintf("最新信息《%s》日期%s（%s），检查日%s，相隔%d天，上限%d天；%s",
			hQuote(best.Title, 40), hDay(best.when), best.from, hDay(ctx.AsOf), age, limitDays, scope)
		if undated > 0 {
			f.Evidence += fmt.Sprintf("，另有%d条未标注日期", undated)
		}
		f.Evidence += "。"
	default:
		return nil
	}
	return []Finding{f}
}
