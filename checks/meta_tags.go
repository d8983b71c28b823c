package checks

import (
	"fmt"
	"strings"

	"github.com/gongkai/gongkai/site"
)

// MetaTags reports pages without the <meta> tags of the 网页设计规范.
type MetaTags struct{}

var metaTagsMeta = Meta{
	ID:       "meta-tags",
	Name:     "网页元数据缺失",
	Severity: Advice, // the spec is confirmed only via reproductions [P]; no known deduction
	Basis:    "《政府网站发展指引》（国办发〔2017〕47号）附件《政府网站网页设计规范》网页标签要求",
	Advice:   "在页面模板的<head>中补齐规定的<meta>标签：全部页面 SiteName、SiteDomain、SiteIDCode；栏目页 ColumnName、ColumnDescription、ColumnKeywords、ColumnType；内容页 ArticleTitle、PubDate、ContentSource。",
	Summary:  "required <meta> tags missing: site tags on every page, Column* on column pages, ArticleTitle/PubDate/ContentSource on content pages",
}

// Meta describes the rule.
func (MetaTags) Meta() Meta { return metaTagsMeta }

var (
	siteTags    = []string{"SiteName", "SiteDomain", "SiteIDCode"}
	columnTags  = []string{"ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType"}
	contentTags = []string{"ArticleTitle", "PubDate", "ContentSource"}

	// The lists per kind of page and the tags' keys in Page.Meta, made once
	// rather than for each of 100,000 pages.
	pageRequired    = siteTags
	columnRequired  = append(append([]string{}, siteTags...), columnTags...)
	contentRequired = append(append([]string{}, siteTags...), contentTags...)
	metaKey         = func() map[string]string {
		m := map[string]string{}
		for _, l := range [][]string{siteTags, columnTags, contentTags} {
			for _, t := range l {
				m[t] = strings.ToLower(t)
			}
		}
		return m
	}()
)

// Check names, per page, the tags that are absent or empty, and a SiteIDCode
// that disagrees with the 网站标识码 in the footer.
func (MetaTags) Check(ctx *Context, s *site.Site) []Finding {
	home := homepage(s)
	var out []Finding
	notFound := notFoundIn(ctx, s)
	var footerIDs map[*site.Page]string // read with the other rules' scans of every text
	if ctx != nil {
		footerIDs = sharedPageTexts(ctx, s).footerID
	}
	for _, p := range s.Pages {
		if p.Status >= 300 || notFound(p) {
			continue
		}
		required := pageRequired
		kind := "页面"
		switch {
		case p == home || p.IsColumn():
			required = columnRequired
			kind = "栏目页"
		case p.IsContent():
			required = contentRequired
			kind = "内容页"
		}
		var absent, empty []string
		meta := p.MetaTags()
		for _, tag := range required {
			v, ok := meta[metaKey[tag]]
			switch {
			case !ok:
				absent = append(absent, tag)
			case strings.TrimSpace(v) == "":
				empty = append(empty, tag)
			}
		}
		if len(absent)+len(empty) > 0 {
			var parts []string
			if len(absent) > 0 {
				parts = append(parts, "缺少 "+strings.Join(absent, "、"))
			}
			if len(empty) > 0 {
				parts = append(parts, "内容为空 "+strings.Join(empty, "、"))
			}
			out = append(out, Finding{
				URL:      p.URL,
				Title:    p.Title,
				Column:   p.Column,
				Message:  fmt.Sprintf("%s元数据标签不全：%s。", kind, strings.Join(parts, "；")),
				Evidence: fmt.Sprintf("按%s要求应有：%s。", kind, strings.Join(required, "、")),
				Subject:  "missing",
			})
		}
		code := strings.TrimSpace(meta["siteidcode"])
		if code == "" {
			continue // nothing to compare: the page's text need not be read
		}
		footer, ok := footerIDs[p]
		if !ok {
			footer = footerSiteID(p)
		}
		if footer != "" && !strings.EqualFold(code, footer) {
			out = append(out, Finding{
				URL:      p.URL,
				Title:    p.Title,
				Column:   p.Column,
				Message:  "SiteIDCode 标签与页面底部网站标识码不一致。",
				Evidence: fmt.Sprintf("<meta name=\"SiteIDCode\" content=\"%s\">，底部网站标识码 %s。", code, footer),
				Subject:  "siteidcode-mismatch",
			})
		}
	}
	return out
}

func footerSiteID(p *site.Page) string { return footerSiteIDOf(p.Body()) }

func footerSiteIDOf(b site.Body) string {
	for _, text := range []string{b.FooterText, b.Text} {
		if m := siteIDCodeRe.FindStringSubmatch(text); m != nil {
			return m[1]
		}
	}
	return ""
}
