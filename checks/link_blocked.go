package checks

import (
	"fmt"

	"github.com/gongkai/gongkai/site"
)

// LinkBlocked reports targets answered by an anti-bot challenge instead of
// the page. Whether a visitor can open them is unknown, so they are neither
// broken nor fine: the office should check them by hand or have the
// monitor whitelisted.
type LinkBlocked struct{}

var linkBlockedMeta = Meta{
	ID:          "link-blocked",
	Name:        "访问被拦截",
	Description: "检查链接是否被网站的反爬虫防护（如瑞数验证、412挑战页）拦截。被拦截的链接无法判断好坏，单列提示；可将检测方加入防护白名单后复查。",
	Severity:    Advice,
	Basis:       "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）“链接可用性”——被防火墙人机校验拦截的链接无法自动判定是否可用",
	Advice:      "在浏览器中人工核对该链接；如属正常页面，请网站运维单位将监测机构的IP地址和User-Agent（gongkai）加入防火墙白名单，以免检查时被误判为无法访问。",
	Summary:     "answered by an anti-bot challenge (瑞数 $_ts, _bot_sbu, 412 …): neither broken nor fine; waive by whitelisting the monitor",
	Recheck:     Recheck{Mode: RecheckLink},
}

// Meta describes the rule.
func (LinkBlocked) Meta() Meta { return linkBlockedMeta }

// Check reports each blocked target once, with the pages linking to it.
func (LinkBlocked) Check(_ *Context, s *site.Site) []Finding {
	var out []Finding
	for _, r := range s.Resources {
		if r.Blocked == "" {
			continue
		}
		status := ""
		if r.Status != 0 {
			status = fmt.Sprintf("，HTTP状态码 %d", r.Status)
		}
		out = append(out, Finding{
			URL:       r.URL,
			Title:     r.Anchor,
			Message:   fmt.Sprintf("该链接被防火墙人机校验拦截，无法自动判断能否正常访问（%s）。", r.Blocked),
			Evidence:  fmt.Sprintf("返回的是人机校验页面（%s%s），而不是目标内容；共%d个页面引用。", r.Blocked, status, r.Referenced()) + moreReferrers(r),
			Referrers: r.Referrers,
		})
	}
	return out
}
