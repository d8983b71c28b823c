package checks

import (
	"fmt"

	"github.com/gongkai/gongkai/calendar"
	"github.com/gongkai/gongkai/site"
)

// JiucuoMissing reports a homepage without the national 「我为政府网站找错」
// entry.
type JiucuoMissing struct{}

var jiucuoMissingMeta = Meta{
	ID:          "jiucuo-missing",
	Name:        "缺少“我为政府网站找错”入口",
	Description: "检查首页是否提供“我为政府网站找错”入口：首页没有找错脚本、链接或“找错”“纠错”字样，即为缺少该入口。",
	Severity:    Deduct,
	Basis:       "“我为政府网站找错”平台（2015年第一次全国政府网站普查起）；《政府网站发展指引》（国办发〔2017〕47号）页面底部功能区",
	Advice:      "在网站首页（及全站页面底部）加载“我为政府网站找错”入口：<script id=\"_jiucuo_\" sitecode=\"网站标识码\" src=\"https://zfwzgl.www.gov.cn/exposure/jiucuo.js\"></script>，并及时办理网民留言。",
	Summary: "the homepage has none of: the jiucuo.js script (zfwzgl.www.gov.cn or pucha.kaipuyun.cn, or _jiucuo_ in an inline script), " +
		"a link to those hosts or to an address holding jiucuo or errorInfo (the 普查-era 找错 page some sites link with an image only), " +
		"link or page text 找错/纠错. Judged only while the requirement exists (calendar/law: jiucuo-entry, from 2015-09-15 [I]) and " +
		"when the homepage's footer is in the page itself (a script-written footer proves nothing)",
	Recheck: Recheck{Reason: recheckSite},
}

// Meta describes the rule.
func (JiucuoMissing) Meta() Meta { return jiucuoMissingMeta }

var jiucuoMarks = entryMarks{
	pageText: true,
	texts:    []string{"找错", "纠错"},
	urls:     []string{"jiucuo", "zfwzgl.www.gov.cn", "pucha.kaipuyun.cn", "/exposure/", "errorinfo"},
	scripts:  []string{"jiucuo", "zfwzgl.www.gov.cn", "kaipuyun.cn/exposure"},
}

// Check looks at the homepage.
func (JiucuoMissing) Check(ctx *Context, s *site.Site) []Finding {
	req, ok := calendar.RequirementOn("jiucuo-entry", evalDate(ctx))
	if !ok {
		return nil
	}
	home := judgeableHome(ctx, s)
	if home == nil {
		return nil
	}
	if _, found := jiucuoMarks.foundOn(home); found {
		return nil
	}
	f := homeFinding(home, "网站首页未提供“我为政府网站找错”入口。",
		fmt.Sprintf("首页未加载 jiucuo.js 脚本（zfwzgl.www.gov.cn 或 pucha.kaipuyun.cn），也没有“找错/纠错”链接或文字（%s）。", req.Ref), "找错")
	f.Basis = req.Basis
	return []Finding{f}
}
