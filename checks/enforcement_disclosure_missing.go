package checks

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/gongkai/gongkai/calendar"
	"github.com/gongkai/gongkai/site"
)

// EnforcementDisclosureMissing reports a site without 行政执法公示 (the
// 执法主体、依据、流程、结果 of 行政执法三项制度) or without a 权责清单
// (rules.md seeds; 国办发〔2018〕118号). Judged only while 118号 is in force.
type EnforcementDisclosureMissing struct{ usesVocabulary } // reads siteVocabulary: gathered in the page pass

var enforcementDisclosureMissingMeta = Meta{
	ID:          "enforcement-disclosure-missing",
	Name:        "行政执法公示缺失",
	Description: "检查网站是否设置行政执法公示栏目并公开权责清单：找不到行政执法公示栏目或权责清单即为问题；有栏目但看不到执法主体、执法依据、执法流程、执法结果的，提示疑似缺项。",
	Severity:    Deduct, // [I] rules.md gives no deduction figure
	Basis:       "《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》（国办发〔2018〕118号）；《中华人民共和国政府信息公开条例》（2019年修订）第二十条第（六）项",
	Advice:      "在政府网站设置“行政执法公示”栏目，事前公开行政执法主体、职责、依据、程序（流程图）和救济渠道，事后公开执法决定（行政处罚、行政许可等结果），并公布权责清单；本机关无行政执法职能的，在站点配置 not_applicable 中注明。",
	Summary: "from 2019-01-03 (118号, calendar/law enforcement-disclosure), on a complete crawl: no column, page title or link named 行政执法公示/执法公示/双公示/三项制度/行政执法信息 (deduct); " +
		"with one, 疑似 advice for the elements 执法主体, 执法依据, 执法流程, 执法结果 that no name under it shows (column names, breadcrumbs, titles and link texts of the section's pages); " +
		"no 权责清单/权力清单/责任清单 anywhere (deduct). Profile not_applicable: 行政执法公示, 权责清单.",
	Recheck: Recheck{Reason: recheckSite},
}

// Meta describes the rule.
func (EnforcementDisclosureMissing) Meta() Meta { return enforcementDisclosureMissingMeta }

var (
	edSection = regexp.MustCompile(`执法公示|双公示|三项制度|行政执法信息|执法信息公示|行政执法公开`)
	edPowers  = regexp.MustCompile(`权责清单|权力清单|责任清单|权力和责任清单`)
	// edElements are the four things 118号 has published, and the names
	// under which sites publish them.
	edElements = []struct {
		name string
		re   *regexp.Regexp
	}{
		{"执法主体", regexp.MustCompile(`执法主体|执法机构|执法人员|执法单位|主体信息|资格`)},
		{"执法依据", regexp.MustCompile(`执法依据|法律依据|依据|职责|权限`)},
		{"执法流程", regexp.MustCompile(`流程|程序|救济`)},
		{"执法结果", regexp.MustCompile(`结果|决定|处罚|许可|检查`)},
	}
)

func edNotApplicable(na []string, what string) bool {
	for _, n := range na {
		if strings.TrimSpace(n) == what {
			return true
		}
	}
	return false
}

// Check looks for the section, its elements and the 权责清单.
func (EnforcementDisclosureMissing) Check(ctx *Context, s *site.Site) []Finding {
	if !s.Complete || len(s.Pages) == 0 {
		return nil
	}
	req, ok := calendar.RequirementOn("enforcement-disclosure", evalDate(ctx))
	if !ok {
		return nil
	}
	na := ctx.profile().NotApplicable
	vocab := siteVocabulary(ctx, s)
	where := platformPage(ctx, s)
	var out []Finding
	if !edNotApplicable(na, "行政执法公示") {
		name, _ := vocabularyHas(vocab, edSection.MatchString)
		if name == "" {
			out = append(out, Finding{
				URL: where.URL, Title: pageTitle(where), Column: where.Column,
				Message: "网站未设置行政执法公示栏目。",
				Evidence: fmt.Sprintf("已完整抓取%d个页面，未发现名称含“行政执法公示”“执法公示”“双公示”“三项制度”的栏目、页面或链接；%s要求通过政府网站公示执法主体、依据、流程和结果。",
					len(s.Pages), req.Ref),
				Basis:   req.Basis,
				Subject: "行政执法公示",
			})
		} else if missing := edMissingElements(ctx, s, name); len(missing) > 0 {
			out = append(out, Finding{
				URL: where.URL, Title: pageTitle(where), Column: name,
				Severity: Advice,
				Message:  fmt.Sprintf("疑似行政执法公示内容不全：未见%s（请人工确认）。", strings.Join(missing, "、")),
				Evidence: fmt.Sprintf("“%s”下的栏目名称、面包屑、标题和链接文字中未见%s相关内容；%s要求事前公开执法主体、职责、依据、程序，事后公开执法决定。",
					name, strings.Join(missing, "、"), req.Ref),
				Basis:   req.Basis,
				Subject: "行政执法公示要素",
			})
		}
	}
	if !edNotApplicable(na, "权责清单") {
		if name, _ := vocabularyHas(vocab, edPowers.MatchString); name == "" && !edPowersDocument(ctx, s) {
			out = append(out, Finding{
				URL: where.URL, Title: pageTitle(where), Column: where.Column,
				Message:  "网站未公开权责清单。",
				Evidence: fmt.Sprintf("已完整抓取%d个页面，未发现名称含“权责清单”“权力清单”“责任清单”的栏目、页面、链接或附件；行政执法主体、职责和权限依据应通过权责清单公开（%s）。", len(s.Pages), req.Ref),
				Basis:    req.Basis,
				Subject:  "权责清单",
			})
		}
	}
	return out
}

// edMissingElements are the elements no name in the section shows: the
// names of pages whose column or breadcrumb is the section, and the link
// texts on them.
func edMissingElements(ctx *Context, s *site.Site, section string) []string {
	var names []string
	isUsable := usableIn(ctx, s)
	for _, p := range s.Pages {
		if !isUsable(p) {
			continue
		}
		in := strings.Contains(p.Column, section) || strings.Contains(healthColumnName(p), section)
		for _, c := range p.Crumbs() {
			in = in || strings.Contains(c, section)
		}
		if !in {
			continue
		}
		names = append(names, p.Column, healthColumnName(p), pageTitle(p))
		names = append(names, p.Crumbs()...)
		for _, it := range p.ListItems() {
			names = append(names, it.Title)
		}
		for _, l := range p.Outgoing() {
			if n, ok := gkColumnName(l.Text); ok {
				names = append(names, n)
			}
		}
	}
	if len(names) == 0 {
		return nil // the section was only linked: nothing to judge
	}
	all := strings.Join(names, "|")
	var missing []string
	for _, e := range edElements {
		if !e.re.MatchString(all) {
			missing = append(missing, e.name)
		}
	}
	return missing
}

// edPowersDocument finds a 权责清单 published as a document or attachment.
func edPowersDocument(ctx *Context, s *site.Site) bool {
	isUsable := usableIn(ctx, s)
	for _, p := range s.Pages {
		if !isUsable(p) {
			continue
		}
		if edPowers.MatchString(pageTitle(p)) {
			return true
		}
		for _, it := range p.ListItems() {
			if edPowers.MatchString(it.Title) {
				return true
			}
		}
	}
	for _, a := range s.Attachments {
		if edPowers.MatchString(a.Name) {
			return true
		}
	}
	return false
}
