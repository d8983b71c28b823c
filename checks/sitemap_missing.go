package checks

import (
	"fmt"

	"github.com/gongkai/gongkai/site"
)

// SitemapMissing reports a homepage that links no 网站地图.
type SitemapMissing struct{}

var sitemapMissingMeta = Meta{
	ID:          "sitemap-missing",
	Name:        "缺少网站地图",
	Description: "检查首页是否提供网站地图入口：首页没有文字为“网站地图”“站点地图”的链接，也没有指向网站地图页面的链接，即为缺少网站地图。",
	Severity:    Deduct, // [P] 指引 lists 网站地图 in the footer; no deduction figure known
	Basis:       "《政府网站发展指引》（国办发〔2017〕47号）页面底部功能区（网站地图）",
	Advice:      "在网站首页及全站页面底部提供“网站地图”链接，网站地图页列出全部栏目并保持与实际栏目一致。",
	Summary: "the homepage has no link whose text says 网站地图/站点地图 and none to an address holding sitemap, wzdt or " +
		"wzdh (page text alone does not count: 网站导航 heads side menus); judged only when the homepage's footer is in the page itself",
	Recheck: Recheck{Reason: recheckSite},
}

// Meta describes the rule.
func (SitemapMissing) Meta() Meta { return sitemapMissingMeta }

var sitemapMarks = entryMarks{
	texts: []string{"网站地图", "站点地图"},
	urls:  []string{"sitemap", "site_map", "site-map", "wzdt", "wzdh", "webmap"},
}

// Check looks at the homepage, and says how many other pages lack it too.
func (SitemapMissing) Check(ctx *Context, s *site.Site) []Finding {
	home := judgeableHome(ctx, s)
	if home == nil {
		return nil
	}
	if _, found := sitemapMarks.foundOn(home); found {
		return nil
	}
	with := 0
	for _, p := range s.Pages {
		if p != home {
			if _, ok := sitemapMarks.foundOn(p); ok {
				with++
			}
		}
	}
	ev := "首页没有“网站地图”链接"
	if with > 0 {
		ev += fmt.Sprintf("（已抓取的其他页面中有%d个提供了网站地图链接，首页模板缺少）", with)
	}
	return []Finding{homeFinding(home, "网站首页未提供网站地图。", ev+"。", "网站地图")}
}
