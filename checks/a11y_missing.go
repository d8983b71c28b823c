package checks

import (
	"fmt"

	"github.com/gongkai/gongkai/calendar"
	"github.com/gongkai/gongkai/site"
)

// A11yMissing reports a homepage without a 无障碍 or 适老化 (长者/关怀)
// entry.
type A11yMissing struct{}

var a11yMissingMeta = Meta{
	ID:          "a11y-missing",
	Name:        "缺少无障碍/适老化入口",
	Description: "检查首页是否提供无障碍浏览或适老化（长者、关怀版）入口：首页既无相关链接或文字，也未加载无障碍工具条，即为缺少无障碍/适老化入口。",
	Severity:    Advice, // [I] rules.md B6
	Basis:       "《互联网应用适老化及无障碍改造专项行动方案》（工信部信管〔2020〕200号）；GB/T 37668-2019",
	Advice:      "为网站提供无障碍浏览工具条及适老化（长者/关怀）模式，并在首页显著位置提供入口。",
	Summary: "the homepage has no link or text 无障碍/长者/关怀版/适老/老年模式/大字版/读屏 and loads no known toolbar script (wza, cniil, " +
		"barrierfree, assist.js, accessib…); judged only from the 专项行动方案 on (calendar/law: a11y-entry, 2020-12-24) and when the " +
		"homepage's footer is in the page itself",
	Recheck: Recheck{Reason: recheckSite},
}

// Meta describes the rule.
func (A11yMissing) Meta() Meta { return a11yMissingMeta }

var a11yMarks = entryMarks{
	pageText: true,
	texts:    []string{"无障碍", "长者", "关怀版", "关爱版", "适老", "老年模式", "大字版", "读屏", "盲人"},
	urls:     []string{"wza", "cniil", "barrierfree", "assist", "accessib", "aria.js", "toolbar", "slh"},
	scripts:  []string{"wza", "cniil", "barrierfree", "assist.js", "aria.js", "ariatool"},
}

// Check looks at the homepage.
func (A11yMissing) Check(ctx *Context, s *site.Site) []Finding {
	req, ok := calendar.RequirementOn("a11y-entry", evalDate(ctx))
	if !ok {
		return nil
	}
	home := judgeableHome(ctx, s)
	if home == nil {
		return nil
	}
	if _, found := a11yMarks.foundOn(home); found {
		return nil
	}
	f := homeFinding(home, "网站首页未提供无障碍或适老化（长者、关怀）模式入口。",
		fmt.Sprintf("首页没有“无障碍/长者/关怀版”链接或文字，也未加载无障碍工具条脚本（%s）。", req.Ref), "无障碍")
	f.Basis = req.Basis
	return []Finding{f}
}
