package checks

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/gongkai/gongkai/calendar"
	"github.com/gongkai/gongkai/site"
)

// PlatformIncomplete reports a 政府信息公开 platform without the columns
// 国办公开办函〔2019〕61号 sets (指南, 制度, 法定主动公开内容, 年报), or
// whose 法定主动公开内容 does not cover the items of 条例第二十条 (rules.md
// C1/C2). Judged only while 61号 is in force: the 2008 条例 set no platform
// layout.
type PlatformIncomplete struct{ usesPlatformSeen }

var platformIncompleteMeta = Meta{
	ID:          "gk-platform-incomplete",
	Name:        "信息公开平台不规范",
	Description: "检查政府信息公开平台是否规范：缺少公开指南、公开制度、法定主动公开内容、公开年报等栏目，或条例第二十条规定主动公开的事项没有对应栏目（或栏目为空且未说明），即为问题。",
	Severity:    Deduct, // [I] rules.md gives no deduction figure
	Basis:       "《中华人民共和国政府信息公开条例》（2019年修订）第二十条、第二十四条；《关于规范政府信息公开平台有关事项的通知》（国办公开办函〔2019〕61号）",
	Advice:      "按国办公开办函〔2019〕61号规范政府信息公开平台：统一设置“政府信息公开指南”“政府信息公开制度”“法定主动公开内容”“政府信息公开年报”栏目，在法定主动公开内容下按条例第二十条逐项设置子栏目并发布信息；本机关确不涉及的事项在栏目中说明（或在站点配置 not_applicable 中注明）。",
	Summary: "while 61号 is in force (from 2019-12-20, calendar/law): one row per platform column missing — 政府信息公开指南 (only when a guide exists elsewhere: " +
		"gk-guide-missing reports none at all), 政府信息公开制度, 法定主动公开内容, 政府信息公开年报 — recognised by column name, breadcrumb, a profile columns hint or a link text; " +
		"these rows are 疑似 advice, the four-column layout being the common reading of 61号 [I]; " +
		"one deduct row for the 条例第二十条 items (一)–(十四) with no column whose name matches the item (synonyms table; 第二十一条 items of 市县/乡镇 are not judged) " +
		"or whose every matching column is empty without a note; profile not_applicable names items that do not apply (行政许可, 第二十条第五项 …). " +
		"Silent on an incomplete crawl, and when the platform is linked but was not crawled (another host: add it to hosts).",
	Recheck: Recheck{Reason: recheckSite},
}

// Meta describes the rule.
func (PlatformIncomplete) Meta() Meta { return platformIncompleteMeta }

// gkPlatformColumns are the first-level columns of 61号, in its order.
var gkPlatformColumns = []ColumnClass{ColGuide, ColSystem, ColStatutory, ColAnnualReport}

// gkItem is one item of 条例第二十条 and the column names that carry it.
type gkItem struct {
	num   string // 一 … 十四
	label string
	words []string
	class ColumnClass // a class whose columns carry the item, if any
}

// gkItemWords holds the words of every gkArticle20 item: platformSeen keeps
// only the names holding one, since gkArticle20Finding asks nothing else
// of them (every short link text is a name, most of them article titles:
// ~10 MB at 100,000 pages).
var gkItemWords = newWordSet(func() []string {
	var words []string
	for _, it := range gkArticle20 {
		words = append(words, it.words...)
	}
	return words
}())

// gkArticle20 maps 第二十条 to typical column names (rules.md C2). (十五)
// 其他 has no column of its own.
var gkArticle20 = []gkItem{
	{"一", "行政法规、规章和规范性文件", []string{"规章", "规范性文件", "政策文件", "政府文件", "其他文件", "部门文件"}, ColPolicy},
	{"二", "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名", []string{"机构职能", "机构设置", "领导信息", "领导之窗", "政府领导", "领导简介", "负责人", "机构概况", "单位概况", "内设机构", "工作机构"}, ColOrgan},
	{"三", "发展规划、专项规划、区域规划及相关政策", []string{"规划"}, ColPlanning},
	{"四", "国民经济和社会发展统计信息", []string{"统计", "数据发布"}, ColStatistics},
	{"五", "行政许可和其他对外管理服务事项", []string{"行政许可", "许可", "审批", "办事指南", "服务事项", "双公示"}, ColService},
	{"六", "行政处罚、行政强制", []string{"行政处罚", "行政强制", "处罚", "执法公示", "行政执法", "双公示"}, ColOther},
	{"七", "财政预算、决算", []string{"预决算", "预算", "决算", "财政资金"}, ColBudget},
	{"八", "行政事业性收费项目及其依据、标准", []string{"收费"}, ColOther},
	{"九", "政府集中采购项目的目录、标准及实施情况", []string{"采购"}, ColOther},
	{"十", "重大建设项目的批准和实施情况", []string{"重大建设项目", "重大项目", "建设项目"}, ColOther},
	{"十一", "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况", []string{"扶贫", "脱贫", "乡村振兴", "教育", "医疗", "卫生健康", "社会保障", "社保", "就业", "民生"}, ColOther},
	{"十二", "突发公共事件的应急预案、预警信息及应对情况", []string{"应急", "预案", "突发"}, ColOther},
	{"十三", "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况", []string{"监督检查", "双随机", "抽查", "环境保护", "生态环境", "环保", "安全生产", "食品药品", "产品质量"}, ColOther},
	{"十四", "公务员招考的职位、名额、报考条件等事项以及录用结果", []string{"公务员", "招考", "招录", "人事", "招聘"}, ColPersonnel},
}

// applies reports whether the profile leaves the item to the body.
func (it gkItem) notApplicable(na []string) bool {
	for _, n := range na {
		n = strings.Join(strings.Fields(n), "")
		switch {
		case n == "":
		case n == it.num, n == "（"+it.num+"）", n == "("+it.num+")", n == "第二十条第"+it.num+"项", n == "第二十条第（"+it.num+"）项":
			return true
		case strings.Contains(it.label, n):
			return true
		}
		for _, w := range it.words {
			if w == n {
				return true
			}
		}
	}
	return false
}

// gkColumnName is a short name that may be a column's (a menu entry, a
// breadcrumb): titles of documents are longer.
func gkColumnName(s string) (string, bool) {
	// Every link text of every page comes here (several rules build the
	// site's vocabulary): count first, allocate only for a name.
	c, spaced := 0, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			spaced = true
			continue
		}
		if c++; c > 14 {
			return "", false
		}
	}
	if c < 2 {
		return "", false
	}
	n := s
	if spaced {
		n = strings.Join(strings.Fields(s), "")
	}
	return n, !fsYearRe.MatchString(n)
}

// gkColumnNameOf is gkColumnName for a caller that wants only names
// holding one of words: the regexp runs last, on few.
func gkColumnNameOf(s string, words *wordSet) (string, bool) {
	if !words.any(s) && !containsSpace(s) {
		return "", false // no word, nor one split by a space
	}
	n, ok := gkColumnName(s)
	return n, ok && words.any(n)
}

func containsSpace(s string) bool {
	return strings.IndexFunc(s, unicode.IsSpace) >= 0
}

// Check judges the platform of a complete crawl.
func (PlatformIncomplete) Check(ctx *Context, s *site.Site) []Finding {
	if !s.Complete || len(s.Pages) == 0 {
		return nil
	}
	req, ok := calendar.RequirementOn("gk-platform-layout", evalDate(ctx))
	if !ok {
		return nil // before 61号: no platform layout was set
	}
	hx := sharedHealthIndex(ctx, s)
	seen := platformSeenIn(ctx, s)
	classes, names, guideTrace, platformCrawled := seen.classes, seen.names, seen.guideTrace, seen.crawled
	platformLinked := ""
	for _, u := range seen.platformLinks {
		if hx.page(u) == nil {
			platformLinked = u
			break
		}
	}
	if !platformCrawled && platformLinked != "" {
		return nil // the platform lives where the crawl did not go
	}
	where := platformPage(ctx, s)
	var out []Finding
	for _, c := range gkPlatformColumns {
		if _, ok := classes[c]; ok || c == ColGuide && !guideTrace {
			continue
		}
		ev := fmt.Sprintf("已完整抓取%d个页面，政府信息公开平台未发现名为“%s”（或同义名称）的栏目、面包屑或导航链接", len(s.Pages), c)
		if c == ColStatutory {
			if u, ok := classes[ColCatalogue]; ok {
				ev += fmt.Sprintf("；网站设有“政府信息公开目录”（%s），61号要求统一设置“法定主动公开内容”栏目集中发布条例第二十条规定的信息", u)
			}
		}
		out = append(out, Finding{
			URL: where.URL, Title: pageTitle(where), Column: where.Column,
			Severity: Advice,
			Message:  fmt.Sprintf("疑似政府信息公开平台未设置“%s”栏目（请人工确认）。", c),
			Evidence: ev + "；依据" + req.Ref + "。",
			Basis:    req.Basis,
			Subject:  string(c),
		})
	}
	if f, ok := gkArticle20Finding(ctx, s, hx, names, classes, req, where); ok {
		out = append(out, f)
	}
	return out
}

// gkArticle20Finding is the one row for the 第二十条 items without a column
// or with only empty ones.
func gkArticle20Finding(ctx *Context, s *site.Site, hx *healthIndex, names map[string]string, classes map[ColumnClass]string,
	req calendar.Requirement, where *site.Page) (Finding, bool) {
	na := ctx.profile().NotApplicable
	var missing, empty, skipped []string
	for _, it := range gkArticle20 {
		label := "（" + it.num + "）" + it.label
		if it.notApplicable(na) {
			skipped = append(skipped, "（"+it.num+"）")
			continue
		}
		found := false
		if it.class != ColOther {
			_, found = classes[it.class]
		}
		for n := range names {
			if found {
				break
			}
			for _, w := range it.words {
				if strings.Contains(n, w) {
					found = true
					break
				}
			}
		}
		if !found {
			missing = append(missing, label)
			continue
		}
		if n := gkEmptyItem(hx, it); n != "" {
			empty = append(empty, label+"（“"+n+"”栏目无内容且无说明）")
		}
	}
	if len(missing) == 0 && len(empty) == 0 {
		return Finding{}, false
	}
	var msg []string
	if len(missing) > 0 {
		msg = append(msg, fmt.Sprintf("%d项未设置栏目", len(missing)))
	}
	if len(empty) > 0 {
		msg = append(msg, fmt.Sprintf("%d项栏目为空", len(empty)))
	}
	var ev strings.Builder
	fmt.Fprintf(&ev, "已完整抓取%d个页面，按栏目名称、面包屑和导航链接对照条例第二十条", len(s.Pages))
	if len(missing) > 0 {
		fmt.Fprintf(&ev, "；未找到对应栏目：%s", strings.Join(missing, "；"))
	}
	if len(empty) > 0 {
		fmt.Fprintf(&ev, "；栏目为空：%s", strings.Join(empty, "；"))
	}
	if len(skipped) > 0 {
		fmt.Fprintf(&ev, "；站点配置注明不适用：%s", strings.Join(skipped, ""))
	}
	ev.WriteString("；依据" + req.Ref + "（法定主动公开内容聚焦条例第二十条）。")
	return Finding{
		URL: where.URL, Title: pageTitle(where), Column: where.Column,
		Message:  "法定主动公开内容未覆盖条例第二十条规定事项：" + strings.Join(msg, "，") + "。",
		Evidence: ev.String(),
		Basis:    req.Basis,
		Subject:  "第二十条",
	}, true
}

// gkEmptyItem returns the name of the item's column when every column of
// the site carrying it is empty: no entries, no text of its own, no note,
// nothing left unread. "" when one has content or cannot be judged.
func gkEmptyItem(hx *healthIndex, it gkItem) string {
	name := ""
	for _, g := range hx.groups {
		n, ok := gkColumnName(g.name())
		if !ok {
			continue
		}
		match := it.class != ColOther && g.class == it.class
		for _, w := range it.words {
			match = match || strings.Contains(n, w)
		}
		if !match {
			continue
		}
		if len(g.items()) > 0 || len(g.missing) > 0 || g.unexpanded() != "" || hx.explanation(g) != "" ||
			hanRunes(hx.bodyText(g.rep)) >= minBodyHan {
			return ""
		}
		name = g.name()
	}
	// Documents filed under the column count even without a list page.
	if name != "" {
		for _, p := range hx.s.Pages {
			if p.IsContent() && usable(p) && p.Column != "" && strings.Contains(p.Column, name) {
				return ""
			}
		}
	}
	return name
}
