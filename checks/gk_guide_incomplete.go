package checks

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/gongkai/gongkai/calendar"
	"github.com/gongkai/gongkai/site"
)

// GuideIncomplete reports a 政府信息公开指南 that lacks elements of 条例第十二条
// or was not updated for the 2019 revision of the 条例.
type GuideIncomplete struct{}

var guideIncompleteMeta = Meta{
	ID:          "gk-guide-incomplete",
	Name:        "公开指南要素不全",
	Description: "检查政府信息公开指南是否包含条例第十二条规定的要素（信息分类、编排体系、获取方式、工作机构名称、办公地址、办公时间、联系电话、传真、互联网联系方式）。缺少任一要素，或仍引用已废止的2007年版条例，即为问题。",
	Severity:    Deduct, // [I] rules.md gives no deduction figure
	Basis:       "《中华人民共和国政府信息公开条例》（国务院令第711号）第十二条：指南包括政府信息的分类、编排体系、获取方式和政府信息公开工作机构的名称、办公地址、办公时间、联系电话、传真号码、互联网联系方式等内容；第五十三条（二）不及时更新指南",
	Advice:      "按2019年修订的《政府信息公开条例》（国务院令第711号）第十二条修订公开指南，补齐所列要素（分类、编排体系、获取方式、工作机构名称、办公地址、办公时间、联系电话、传真、互联网联系方式），并标明更新日期。",
	Summary: "a guide page (政府信息公开指南 column or a title with 公开指南, holding guide text) or its attached file missing any 条例第十二条 element " +
		"(分类, 编排体系, 获取方式, 工作机构名称, 办公地址, 办公时间, 联系电话, 传真, 互联网联系方式; keywords and phone/time/e-mail patterns, footer excluded), " +
		"or still citing the 2007 条例 (国务院令第492号, 2008年5月1日施行) or dated before 2019-05-15 without citing 第711号; " +
		"an unreadable attachment is not judged for elements; waive with a waiver on gk-guide-incomplete",
	Recheck: Recheck{Reason: "指南要素可能在附件中，需完整扫描复核"},
}

// Meta describes the rule.
func (GuideIncomplete) Meta() Meta { return guideIncompleteMeta }

// guideElement is one 条例第十二条 element and how to see it in a guide.
type guideElement struct {
	name string
	re   *regexp.Regexp
}

var guideElements = []guideElement{
	{"分类", regexp.MustCompile(`分类|类别|公开范围|公开的范围|公开内容|主动公开的(?:信息|内容)`)},
	{"编排体系", regexp.MustCompile(`编排|公开目录`)},
	{"获取方式", regexp.MustCompile(`获取方式|获取政府信息|获取信息|获取途径|查阅|索取|提出申请|申请方式|申请获取|公开方式|公开形式`)},
	{"工作机构名称", regexp.MustCompile(`工作机构|受理机构|机构名称|经办机构|承办机构|办理机构|负责机构|受理单位|受理部门|受理窗口|公开办|(?:办公室|局|中心|科|股)(?:负责|受理)`)},
	{"办公地址", regexp.MustCompile(`地址|地点|办公场所`)},
	{"办公时间", regexp.MustCompile(`办公时间|工作时间|受理时间|接待时间|上班时间|\d{1,2}\s*[:：]\s*\d{2}\s*[-—–至~～]\s*\d{1,2}\s*[:：]\s*\d{2}`)},
	{"联系电话", regexp.MustCompile(`电话|热线|(?:^|[^\d])0\d{2,3}[-－—]\d{7,8}`)},
	{"传真", regexp.MustCompile(`传真`)},
	{"互联网联系方式", regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|https?://|www\.|电子邮箱|电子信箱|邮箱|电子邮件|网址|在线申请|网上申请|互联网`)},
}

var (
	// guideMarkers are phrases only guide text has (menus say 依申请公开
	// too, so that alone proves nothing): two of them make a guide.
	guideMarkers = []string{"本指南", "获取方式", "编排体系", "办公地址", "办公时间", "受理机构", "传真", "联系电话",
		"申请方式", "申请程序", "公开方式", "公开范围", "工作机构", "申请的处理", "收费"}
	oldRegulation = regexp.MustCompile(`国务院令\s*(?:第\s*)?492\s*号|第\s*492\s*号(?:国务院)?令|2008\s*年\s*5\s*月\s*1\s*日(?:起)?(?:施行|实施)`)
	newRegulation = regexp.MustCompile(`711\s*号`)
)

// guideText is what a guide says, read from its page or attachments.
type guideText struct {
	url, title, column string
	text               string
	unreadable         []string // attachments whose text could not be read
	source             string   // 页面 / 附件名
	date               time.Time
}

// Check judges every guide the site holds (a county portal also hosts its
// departments' and towns' guides; each is judged on its own page).
func (GuideIncomplete) Check(ctx *Context, s *site.Site) []Finding {
	attachments := map[string]*site.Attachment{}
	for _, a := range s.Attachments {
		attachments[a.URL] = a
	}
	var out []Finding
	seen := map[string]bool{}
	isUsable := usableIn(ctx, s)
	for _, p := range s.Pages {
		if !isUsable(p) || !(classOf(ctx, p) == ColGuide || strings.Contains(p.Title, "公开指南")) {
			continue
		}
		g, ok := readGuide(p, attachments)
		if !ok || seen[g.url] {
			continue
		}
		seen[g.url] = true
		out = append(out, judgeGuide(g, evalDate(ctx))...)
	}
	return out
}

// readGuide collects a guide's text: the page's own when it holds guide text,
// plus its attached guide files; a page that only lists other guides has none.
func readGuide(p *site.Page, attachments map[string]*site.Attachment) (guideText, bool) {
	g := guideText{url: p.URL, title: pageTitle(p), column: p.Column, source: "页面"}
	if pub, ok := publishedDate(p); ok {
		g.date = pub.t
	}
	body := bodyText(p)
	own := markerCount(body) >= 2
	if own {
		g.text = body
	}
	var files []site.Link
	for _, l := range p.Outgoing() {
		if l.Kind == site.KindAnchor && isAttachment(l.URL) {
			files = append(files, l)
		}
	}
	for _, l := range files {
		// The guide's own file is named 指南; on a page without guide text
		// the only file is taken for it too. A guide page's other files
		// (the application form) are not the guide.
		named := strings.Contains(l.Text, "指南") || strings.Contains(attachmentName(l.URL), "指南")
		if !named && (own || len(files) > 1) {
			continue
		}
		a := attachments[l.URL]
		switch {
		case a == nil:
			g.unreadable = append(g.unreadable, fmt.Sprintf("附件“%s”未下载", firstNonBlank(l.Text, l.URL)))
		case a.Unreadable != "":
			g.unreadable = append(g.unreadable, fmt.Sprintf("附件“%s”无法读取（%s）", firstNonBlank(l.Text, a.Name), a.Unreadable))
		default:
			if !own {
				g.url, g.source = a.URL, "附件“"+firstNonBlank(l.Text, a.Name)+"”"
			}
			g.text += "\n" + a.Text
		}
	}
	if g.text == "" && len(g.unreadable) == 0 {
		return g, false // a list of other bodies' guides, or nothing at all
	}
	return g, true
}

// attachmentName is the decoded file name of an attachment URL.
func attachmentName(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	name := u[strings.LastIndexByte(u, '/')+1:]
	if un, err := url.PathUnescape(name); err == nil {
		return un
	}
	return name
}

func markerCount(text string) int {
	n := 0
	for _, m := range guideMarkers {
		if strings.Contains(text, m) {
			n++
		}
	}
	return n
}

// judgeGuide reports missing elements and an outdated legal basis, by the
// text of the 条例 in force on the day judged: a guide of 2018 judged in
// 2018 follows the 2008 条例 and is not faulted for not citing a revision
// that did not exist yet.
func judgeGuide(g guideText, asOf time.Time) []Finding {
	var out []Finding
	req, ok := calendar.RequirementOn("guide", asOf)
	if !ok {
		return nil // before the 2008 条例: no guide was required
	}
	var missing []string
	for _, el := range guideElements {
		if !el.re.MatchString(g.text) {
			missing = append(missing, el.name)
		}
	}
	// Elements may sit in a file that could not be read: not judged then.
	article := "条例第十二条"
	if req.TextID != "ogi-2019" {
		article = req.Ref
	}
	if len(missing) > 0 && len(g.unreadable) == 0 && strings.TrimSpace(g.text) != "" {
		out = append(out, Finding{
			URL:     g.url,
			Title:   g.title,
			Column:  g.column,
			Message: fmt.Sprintf("政府信息公开指南缺少%s规定的要素：%s。", article, strings.Join(missing, "、")),
			Evidence: fmt.Sprintf("在指南%s中未找到：%s（已核对分类、编排体系、获取方式、工作机构名称、办公地址、办公时间、联系电话、传真、互联网联系方式共9项，页面底部版权信息不计；依据评估日施行的%s）。",
				g.source, strings.Join(missing, "、"), req.Ref),
			Basis:   req.Basis,
			Subject: "要素不全",
		})
	}
	var why string
	switch {
	case req.TextID != "ogi-2019":
		// The revision is not in force yet: citing the 2008 条例 is right.
	case newRegulation.MatchString(g.text):
	case oldRegulation.MatchString(g.text):
		why = fmt.Sprintf("指南%s仍引用2007年《政府信息公开条例》：“%s”，未见2019年修订后的国务院令第711号", g.source, oldRegulation.FindString(g.text))
	case !g.date.IsZero() && g.date.Before(req.Text.Since()) && strings.TrimSpace(g.text) != "":
		why = fmt.Sprintf("指南发布日期%s早于修订后条例施行日2019-05-15，且未引用国务院令第711号", ymd(g.date))
	}
	if why != "" {
		if len(g.unreadable) > 0 {
			why += "；" + strings.Join(g.unreadable, "；") + "，其内容未核验"
		}
		out = append(out, Finding{
			URL:      g.url,
			Title:    g.title,
			Column:   g.column,
			Message:  "政府信息公开指南未按2019年修订的《政府信息公开条例》更新。",
			Evidence: why + "。",
			Subject:  "未按新条例更新",
		})
	}
	return out
}
