package checks

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gongkai/gongkai/site"
)

// PageTitleWrong reports a homepage whose <title> is not the site's name (a
// template's 「公司网站」, an empty title) and content pages that all share
// one <title> or have none.
type PageTitleWrong struct{}

var pageTitleWrongMeta = Meta{
	ID:          "page-title-wrong",
	Name:        "页面标题错误",
	Description: "检查页面标题：首页标题为空、是模板默认值（如“公司网站”“无标题文档”）或与网站名称毫不相关，文章页标题为空，或大多数文章页共用同一个标题，即为问题。",
	// rules.md has no entry and no known deduction for titles; the nearest
	// rule (B2 SiteName, 网站规范名称) is advice too. [I]
	Severity: Advice,
	Basis:    "《政府网站发展指引》（国办发〔2017〕47号）网站名称（门户网站名称为“地区名+人民政府”或“地区名+人民政府门户网站”）及《政府网站网页设计规范》页面标题要求",
	Advice:   "将首页<title>改为网站规范名称（如“××县人民政府”或“××县人民政府门户网站”），删除模板遗留的标题、关键词和描述；内容页<title>使用该页文章标题。",
	Summary: "the homepage <title> is empty, a template placeholder (公司网站, 首页, 无标题文档 …) or shares no part of the site's name " +
		"read from the page (SiteName meta, footer 主办单位, logo alt); content pages with an empty <title>, or most content pages sharing one <title>",
	// The homepage's title is judged against the site's name read from the
	// same page; titles shared site-wide need the whole crawl.
	Recheck: Recheck{Mode: RecheckFoundOnly, Homepage: true, Reason: "页面标题问题需结合全站页面判断，请重新扫描全站"},
}

// Meta describes the rule.
func (PageTitleWrong) Meta() Meta { return pageTitleWrongMeta }

var (
	// ptPlaceholder are titles a template or an editor leaves behind.
	ptPlaceholder = regexp.MustCompile(`(?i)^(?:首页|主页|网站首页|我的网站|网站名称|网站标题|新建网页\s*\d*|无标题文档|无标题|未命名|未命名文档|标题|untitled|untitled document|document|index|home|homepage|welcome|new page|test|测试|x{2,}|×{2,}|某某.*)$`)
	// ptCompany are words of a company template on a government site.
	ptCompany = regexp.MustCompile(`公司网站|公司官网|公司官方网站|企业网站|企业官网|^公司$|有限公司$`)
	// ptSponsor reads the 主办单位 line of a footer.
	ptSponsor = regexp.MustCompile(`主\s*办\s*(?:单\s*位)?\s*[:：]\s*([\p{Han}（）()]{4,30})`)
	// ptGeneric are the parts of a name that say nothing of which body it is.
	ptGeneric = strings.NewReplacer("中华人民共和国", "", "人民政府", "", "门户网站", "", "政府网站", "", "官方网站", "",
		"办公室", "", "办公厅", "", "网站", "", "政府", "", "首页", "", "欢迎访问", "", "欢迎您", "", "中共", "")
)

// ptName is one piece of evidence of the site's name.
type ptName struct{ name, from string }

// siteNames reads what the homepage itself says the site is called.
func siteNames(s *site.Site, home *site.Page) []ptName {
	var out []ptName
	add := func(n, from string) {
		n = strings.TrimSpace(n)
		if utf8.RuneCountInString(hanOnly(ptGeneric.Replace(n))) >= 2 {
			out = append(out, ptName{name: n, from: from})
		}
	}
	add(home.MetaTags()["sitename"], "SiteName 标签")
	b := home.Body()
	for _, t := range []string{b.FooterText, b.Text} {
		if m := ptSponsor.FindStringSubmatch(t); m != nil {
			add(m[1], "页面底部主办单位")
			break
		}
	}
	for _, l := range home.Outgoing() {
		if l.Kind == site.KindImage && strings.Contains(strings.ToLower(l.URL), "logo") {
			add(l.Text, "标志图片说明文字")
		}
	}
	if len(out) == 0 && s != nil {
		// Other pages' SiteName, when the homepage has none.
		best := commonSiteName(s)
		add(best, "其他页面 SiteName 标签")
	}
	return out
}

func hanOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Han, r) {
			return r
		}
		return -1
	}, s)
}

// sharesName reports whether a title names the body: some two characters of
// the name's specific part (the place, the department) appear in it.
func sharesName(title, name string) bool {
	t := hanOnly(ptGeneric.Replace(title))
	r := []rune(hanOnly(ptGeneric.Replace(name)))
	for i := 0; i+1 < len(r); i++ {
		if strings.Contains(t, string(r[i:i+2])) {
			return true
		}
	}
	return false
}

// Check judges the homepage title, then the content pages' titles together.
func (PageTitleWrong) Check(ctx *Context, s *site.Site) []Finding {
	var out []Finding
	home := homepage(s)
	usable := usableIn(ctx, s)
	if home != nil && usable(home) {
		if f, ok := homeTitleFinding(s, home); ok {
			out = append(out, f)
		}
	}
	out = append(out, contentTitleFindings(s, home, usable)...)
	return out
}

func homeTitleFinding(s *site.Site, home *site.Page) (Finding, bool) {
	title := strings.TrimSpace(home.Title)
	names := siteNames(s, home)
	var nameList []string
	for _, n := range names {
		nameList = append(nameList, fmt.Sprintf("%s“%s”", n.from, n.name))
	}
	f := Finding{URL: home.URL, Title: title, Column: home.Column, Subject: "home"}
	switch {
	case title == "":
		f.Message = "首页<title>为空，未显示网站名称。"
	case ptPlaceholder.MatchString(title) || ptCompany.MatchString(title) && !anyNameHas(names, "公司"):
		f.Message = fmt.Sprintf("首页<title>为“%s”，是模板遗留或占位标题，不是网站名称。", title)
	case len(names) > 0 && !anyShares(title, names):
		f.Message = fmt.Sprintf("首页<title>为“%s”，与网站名称不符。", title)
	default:
		return Finding{}, false
	}
	var ev []string
	ev = append(ev, fmt.Sprintf("首页<title>：“%s”", title))
	meta := home.MetaTags()
	for _, k := range []string{"keywords", "description"} {
		if v := strings.TrimSpace(meta[k]); v != "" && ptCompany.MatchString(v) {
			ev = append(ev, fmt.Sprintf("%s：“%s”", k, v))
		}
	}
	if len(nameList) > 0 {
		ev = append(ev, "页面所示网站名称："+strings.Join(nameList, "，"))
	}
	f.Evidence = strings.Join(ev, "；") + "。"
	return f, true
}

func anyNameHas(names []ptName, word string) bool {
	for _, n := range names {
		if strings.Contains(n.name, word) {
			return true
		}
	}
	return false
}

func anyShares(title string, names []ptName) bool {
	for _, n := range names {
		if sharesName(title, n.name) {
			return true
		}
	}
	return false
}

// ptMinShared is how many content pages must share one <title>, and
// ptShareRatio the share of all content pages, before the titles are
// called identical site-wide: a few repeats are reposts, not a template.
const (
	ptMinShared  = 5
	ptShareRatio = 0.5
)

// contentTitleFindings reports content pages without a <title>, and a <title>
// shared by most content pages (a template that never sets it).
func contentTitleFindings(s *site.Site, home *site.Page, usable func(*site.Page) bool) []Finding {
	var empty []*site.Page
	byTitle := map[string][]*site.Page{}
	n := 0
	for _, p := range s.Pages {
		if p == home || !usable(p) || !p.IsContent() || p.IsColumn() {
			continue
		}
		n++
		t := strings.TrimSpace(p.Title)
		if t == "" {
			empty = append(empty, p)
			continue
		}
		byTitle[t] = append(byTitle[t], p)
	}
	var out []Finding
	if len(empty) > 0 {
		out = append(out, groupFinding(empty, "empty",
			fmt.Sprintf("%d个内容页的<title>为空。", len(empty)), "内容页<title>为空"))
	}
	titles := slices.Sorted(maps.Keys(byTitle))
	for _, t := range titles {
		ps := byTitle[t]
		if len(ps) >= ptMinShared && float64(len(ps)) >= ptShareRatio*float64(n) {
			out = append(out, groupFinding(ps, "same:"+t,
				fmt.Sprintf("%d个内容页（共%d个）使用同一<title>“%s”，未显示各自文章标题。", len(ps), n, t),
				fmt.Sprintf("<title>均为“%s”", t)))
		}
	}
	return out
}

// groupFinding is one finding for pages with the same title problem: the
// first page carries it, the others are listed.
func groupFinding(ps []*site.Page, subject, msg, what string) Finding {
	sort.Slice(ps, func(i, j int) bool { return ps[i].URL < ps[j].URL })
	var refs []string
	for _, p := range ps[1:] {
		if len(refs) == 20 {
			break
		}
		refs = append(refs, p.URL)
	}
	ev := fmt.Sprintf("%s的页面如：%s", what, ps[0].URL)
	if len(refs) > 0 {
		ev += "、" + strings.Join(refs[:min(len(refs), 4)], "、")
	}
	return Finding{URL: ps[0].URL, Title: ps[0].Title, Column: ps[0].Column, Message: msg, Evidence: ev + "。",
		Referrers: refs, Subject: subject}
}
