package checks

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/gongkai/gongkai/site"
)

// ServiceGuideMissing reports a site that offers no service guides at all
// and no way into the 政务服务网.
type ServiceGuideMissing struct{}

var serviceGuideMissingMeta = Meta{
	ID:          "service-guide-missing",
	Name:        "办事指南缺失",
	Description: "检查网站是否提供办事指南：找不到办事指南页面或栏目，也没有链接到政务服务网的入口，即为办事指南缺失。",
	Severity:    Veto, // 检查指标2019 单项否决 「未提供办事服务」 [C]
	Basis:       "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）单项否决指标“服务不实用”：未提供办事服务",
	Advice:      "开设办事服务栏目，按事项发布办事指南，或提供到省级政务服务网本部门事项的链接。",
	Summary: "no service guide page, no 办事指南-class column with entries, no entry titled …指南 and no link to a 政务服务网 (zwfw.* host, or off-site link text 办事服务/网上办事/政务服务/办事大厅/一网通办); only on a complete crawl. " +
		"Waive with disable: [service-guide-missing] for bodies without external services.",
	Recheck: Recheck{Reason: recheckSite},
}

// Meta describes the rule.
func (ServiceGuideMissing) Meta() Meta { return serviceGuideMissingMeta }

// fsServiceLinkText is the text of a link into a 政务服务 platform.
var fsServiceLinkText = regexp.MustCompile(`办事服务|网上办事|政务服务|办事大厅|一网通办|办事指南|便民服务|我要办`)

// Check looks for anything a user could use to find a service; only when
// there is nothing, and the crawl saw the whole site, is it a finding.
func (ServiceGuideMissing) Check(ctx *Context, s *site.Site) []Finding {
	if !s.Complete {
		return nil
	}
	if len(fsFindGuides(ctx, s)) > 0 {
		return nil
	}
	servicePages := 0
	isUsable := usableIn(ctx, s)
	for _, p := range s.Pages {
		if !isUsable(p) {
			continue
		}
		if classOf(ctx, p) == ColService {
			servicePages++
			// A service column with entries offers services even when its
			// guides are rendered where we cannot read them.
			if p.NumItems() > 0 || !fsIsList(p) && len(bodyText(p)) > 600 {
				return nil
			}
		}
		for _, it := range p.ListItems() {
			if fsGuideTitle(it.Title) {
				return nil
			}
		}
		for _, l := range p.Outgoing() {
			if l.Kind != site.KindAnchor && l.Kind != site.KindFrame {
				continue
			}
			h := fsHost(l.URL)
			if h == "" || fsSameHost(h, s.Host) {
				continue
			}
			if strings.HasPrefix(h, "zwfw.") || strings.Contains(h, ".zwfw.") || strings.Contains(h, "zwfw") && strings.HasSuffix(h, ".gov.cn") ||
				fsServiceLinkText.MatchString(l.Text) {
				return nil
			}
		}
	}
	u, title, column := s.Start, "", "首页"
	if col := fsColumnPage(ctx, s, ColService); col != nil {
		u, title, column = col.URL, fsDocTitle(col), col.Column
	} else if home := homepage(s); home != nil {
		title = fsDocTitle(home)
	}
	return []Finding{{
		URL:     u,
		Title:   title,
		Column:  column,
		Message: "网站未提供办事指南，也没有到政务服务网的办事入口。",
		Evidence: fmt.Sprintf("已检索全站%d个页面：未发现办事指南页面（办事指南类栏目中的文档或标题含“指南”且带有办理要素的页面），办事服务类栏目页面%d个且均无条目，"+
			"未发现标题含“指南”的列表条目，也未发现指向政务服务网（zwfw 域名或链接文字含“办事服务/网上办事/政务服务”）的站外链接。", len(s.Pages), servicePages),
		Subject: "办事指南",
	}}
}
