package checks

import (
	"fmt"
	"strings"

	"github.com/gongkai/gongkai/site"
)

// GuideMissing reports a site with no 政府信息公开指南 at all.
type GuideMissing struct{}

var guideMissingMeta = Meta{
	ID:          "gk-guide-missing",
	Name:        "公开指南缺失",
	Description: "检查网站是否发布政府信息公开指南：在完整抓取的网站中找不到公开指南栏目、标题含“公开指南”的页面或链接，即为公开指南缺失。",
	Severity:    Deduct, // [I] rules.md gives no deduction figure
	Basis:       "《中华人民共和国政府信息公开条例》第十二条（行政机关应当编制、公布政府信息公开指南和政府信息公开目录，并及时更新）；《关于规范政府信息公开平台有关事项的通知》（国办公开办函〔2019〕61号）",
	Advice:      "在政府信息公开专栏设置“政府信息公开指南”栏目，按条例第十二条编制并公布本机关的政府信息公开指南。",
	Summary: "no page in a 政府信息公开指南 column (by name, breadcrumb, ColumnType or a profile columns hint), no page or list entry " +
		"titled …公开指南, and no working link named …公开指南 anywhere; only on a complete crawl; waive with disable or a waiver on gk-guide-missing",
	Recheck: Recheck{Reason: recheckSite},
}

// Meta describes the rule.
func (GuideMissing) Meta() Meta { return guideMissingMeta }

// Check looks for any trace of a guide on a complete crawl.
func (GuideMissing) Check(ctx *Context, s *site.Site) []Finding {
	if !s.Complete || len(s.Pages) == 0 {
		return nil // an incomplete crawl proves no absence
	}
	broken := map[string]bool{}
	for _, r := range s.Resources {
		if r.ErrClass != "" {
			broken[r.URL] = true
		}
	}
	isUsable := usableIn(ctx, s)
	for _, p := range s.Pages {
		if !isUsable(p) {
			continue
		}
		if classOf(ctx, p) == ColGuide || strings.Contains(p.Title, "公开指南") {
			return nil
		}
		for _, it := range p.ListItems() {
			if strings.Contains(it.Title, "公开指南") {
				return nil
			}
		}
		for _, l := range p.Outgoing() {
			// A guide kept as an attachment or on another platform counts;
			// a dead link does not (link-broken reports it).
			if strings.Contains(l.Text, "公开指南") && !broken[l.URL] {
				return nil
			}
		}
	}
	where := platformPage(ctx, s)
	return []Finding{{
		URL:     where.URL,
		Title:   pageTitle(where),
		Column:  where.Column,
		Message: "网站未公布政府信息公开指南。",
		Evidence: fmt.Sprintf("已完整抓取%d个页面，未找到政府信息公开指南栏目、标题含“公开指南”的页面或列表条目，也没有可访问的“公开指南”链接。",
			len(s.Pages)),
		Subject: "政府信息公开指南",
	}}
}

// platformPage is where a missing platform item belongs: the 政府信息公开
// platform's column page, else the homepage.
func platformPage(ctx *Context, s *site.Site) *site.Page {
	var best *site.Page
	isUsable := usableIn(ctx, s)
	for _, p := range s.Pages {
		if !isUsable(p) || !p.IsColumn() {
			continue
		}
		switch ClassifyName(p.Column) {
		case ColPlatform, ColCatalogue:
			if best == nil || len(p.URL) < len(best.URL) {
				best = p
			}
		}
	}
	if best != nil {
		return best
	}
	if h := homepage(s); h != nil {
		return h
	}
	return &site.Page{URL: s.Start}
}
