package checks

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gongkai/gongkai/site"
)

// HiddenLinks reports 暗链: off-site links a visitor cannot see (hidden
// by style, or written by a script with a hiding style), and friend
// links whose government domain now lands on another site. Everything
// here needs a person to look (rules.md A7): 疑似, unless the anchor or
// the host carries gambling or porn words.
type HiddenLinks struct{}

var hiddenLinksMeta = Meta{
	ID:          "hidden-links",
	Name:        "暗链/挂马",
	Description: "检查页面中是否有隐藏的外部链接（暗链）：用隐藏样式或脚本藏起来的、指向非政府网站的链接，含赌博、色情字样的即为发现暗链，否则为疑似；友情链接中的政府网站域名被他人注册后跳转到非政府网站的也在此列。",
	Severity:    Veto,
	Basis:       "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）单项否决：发布或链接反动、暴力、色情等内容；安全攻击（页面被挂马、内容被篡改等）未及时处置",
	Advice:      "立即核查并删除页面中隐藏的外部链接及写入它们的脚本，排查网站是否被入侵篡改（模板、数据库、服务器文件），修补漏洞后向主管部门报告；已失效的友情链接域名应撤下。",
	Summary: "an off-site, non-government link hidden at extraction (display:none, visibility:hidden, hidden, off-screen ≥500px, zero-size box, " +
		"font-size under 2px, same colour as the background; inline styles and <style> id/class rules only), or written by an inline script " +
		"(document.write) together with a hiding style; gambling/porn words in the anchor or host make it 发现暗链, otherwise 疑似. " +
		"Silent for on-site links (hidden menus, carousels, skip links), gov.cn/.政务 and known platform hosts (collapsed 友情链接 dropdowns), " +
		"and for a display:none group that also holds on-site or government links or sits in a menu/tab/dropdown container. Also a friend link " +
		"to a gov.cn host (or named after a government body) that the crawl's check saw redirect to a non-government site (domain re-registered); " +
		"friend-link pages are never fetched for this, so a title mismatch is not judged",
	// A hidden link found again on the re-fetched page is still there; one
	// not found may be a friend link whose redirect only the full crawl
	// checks. One row per target host.
	Recheck: Recheck{Mode: RecheckFoundOnly, Strict: true, Reason: recheckMore},
}

// Meta describes the rule.
func (HiddenLinks) Meta() Meta { return hiddenLinksMeta }

var (
	// vicePhrase are gambling and porn words as 暗链 anchors carry them.
	vicePhrase = regexp.MustCompile(`博彩|赌场|赌博|娱乐城|百家乐|六合彩|时时彩|老虎机|棋牌|真人视讯|投注|菠菜|太阳城|葡京|威尼斯人|澳门金沙|皇冠体育|亚博|开元棋|捕鱼|色情|成人视频|成人电影|黄色网站|裸聊|约炮|AV在线|(?i:casino|porn|baccarat|bet365)`)
	// viceHost are such words as hosts spell them, pinyin included.
	viceHost = regexp.MustCompile(`casino|porn|xxx|poker|baccarat|bet365|bocai|dubo|yulecheng|pujing|weinisi|liuhecai|shishicai|baijiale|qipai|zhenren|sex`)
	// menuWords in the hiding element's id or class mark a menu, tab,
	// dropdown or carousel: hiding them is how they work.
	menuWords = []string{"nav", "menu", "sub", "drop", "down", "yq", "lj", "link", "friend", "tab", "slide", "swiper", "banner", "select", "pop", "more", "list"}
	// platformHosts are non-gov.cn hosts government sites rightly link
	// (badges, statistics, 找错, central media in 友情链接).
	platformHosts = []string{"conac.cn", "kaipuyun.cn", "cnzz.com", "51.la", "baidu.com", "people.com.cn", "xinhuanet.com", "news.cn",
		"cctv.com", "cntv.cn", "gmw.cn", "ce.cn", "china.com.cn", "chinadaily.com.cn", "12377.cn", "12345.cn", "cyberpolice.cn", "qq.com", "weibo.com"}
	scriptHref = regexp.MustCompile(`(?i)href\s*=\s*\\?["']?(https?://[^"'\s>\\]+)`)
	scriptHide = regexp.MustCompile(`(?i)display\s*:\s*none|visibility\s*:\s*hidden|(?:left|top|text-indent)\s*:\s*-\d{3,}|font-size\s*:\s*[01]px`)
)

// hostName is the lower-case host of a URL, without port.
func hostName(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

// govHost reports a government domain (gov.cn, .政务, a known platform).
func govHost(h string) bool {
	if h == "gov.cn" || strings.HasSuffix(h, ".gov.cn") || strings.HasSuffix(h, ".政务") || strings.HasSuffix(h, ".xn--zfr164b") {
		return true
	}
	for _, p := range platformHosts {
		if h == p || strings.HasSuffix(h, "."+p) {
			return true
		}
	}
	return false
}

// onSite reports whether h belongs to the site: the same host (www. or
// not), a subdomain of the site's domain, or a loopback/IP host like the
// site's own.
func onSite(h, siteHost string) bool {
	if h == "" || siteHost == "" {
		return true // a relative or unreadable address is the site's own
	}
	h, siteHost = strings.TrimPrefix(h, "www."), strings.TrimPrefix(siteHost, "www.")
	return h == siteHost || strings.HasSuffix(h, "."+siteHost) || strings.HasSuffix(siteHost, "."+h)
}

type hiddenHit struct {
	page, target, text, how string
	vice                    string // the gambling/porn word, "" for none
}

// Check reports hidden off-site links, one row per target host.
func (r HiddenLinks) Check(ctx *Context, s *site.Site) []Finding { return checkPages(ctx, s, r) }

// hiddenPass holds each page's hidden links (hits[i] for s.Pages[i]).
type hiddenPass struct {
	s        *site.Site
	siteHost string
	isUsable func(*site.Page) bool
	hits     []*[]hiddenHit // nil for the pages without any: most
}

// Pass starts a run over s.
func (HiddenLinks) Pass(ctx *Context, s *site.Site) PagePass {
	return &hiddenPass{s: s, siteHost: hostName(s.Start), isUsable: usableIn(ctx, s), hits: make([]*[]hiddenHit, len(s.Pages))}
}

// Visit looks at one page's hidden anchors and inline scripts.
func (h *hiddenPass) Visit(v PageView) {
	if !h.isUsable(v.Page) {
		return
	}
	var hits []hiddenHit
	if v.Read.HasHiddenLinks() {
		hits = hiddenOnPage(v.Read, h.siteHost)
	}
	if hits = append(hits, scriptWritten(v.Read, h.siteHost)...); len(hits) > 0 {
		h.hits[v.I] = &hits
	}
}

// Findings reports the hidden links by target host, the homepage's first.
func (h *hiddenPass) Findings() []Finding {
	s, siteHost := h.s, h.siteHost
	var hits []hiddenHit
	order := make([]int, len(s.Pages))
	for i := range order {
		order[i] = i
	}
	home := homepage(s)
	sort.SliceStable(order, func(i, j int) bool { return s.Pages[order[i]] == home && s.Pages[order[j]] != home })
	for _, i := range order {
		if h.hits[i] != nil {
			hits = append(hits, *h.hits[i]...)
		}
	}
	hits = append(hits, reRegistered(s, siteHost)...)

	byHost := map[string][]hiddenHit{}
	var hosts []string
	for _, h := range hits {
		k := hostName(h.target)
		if _, ok := byHost[k]; !ok {
			hosts = append(hosts, k)
		}
		byHost[k] = append(byHost[k], h)
	}
	var out []Finding
	for _, k := range hosts {
		hs := byHost[k]
		first := hs[0]
		vice := ""
		for _, h := range hs {
			if h.vice != "" {
				first, vice = h, h.vice
				break
			}
		}
		var others []string
		seen := map[string]bool{first.page: true}
		for _, h := range hs {
			if !seen[h.page] && len(others) < 10 {
				seen[h.page] = true
				others = append(others, h.page)
			}
		}
		msg := fmt.Sprintf("疑似暗链：页面中有访问者看不到的外部链接（%s）。", k)
		if vice != "" {
			msg = fmt.Sprintf("发现暗链：页面中隐藏了含“%s”的外部链接（%s），请人工确认后立即处置。", vice, k)
		}
		ev := fmt.Sprintf("链接“%s”→ %s；%s", clip(first.text, 40), first.target, first.how)
		if n := len(seen); n > 1 {
			ev += fmt.Sprintf("；共%d个页面有指向该域名的同类链接", n)
		}
		var title, column string
		for _, p := range s.Pages {
			if p.URL == first.page {
				title, column = pageTitle(p), p.Column
				break
			}
		}
		out = append(out, Finding{
			URL:       first.page,
			Title:     title,
			Column:    column,
			Message:   msg,
			Evidence:  ev + "。",
			Referrers: others,
			Subject:   k,
		})
	}
	return out
}

// hiddenOnPage finds the page's suspicious hidden anchors. A display:none
// group (the links one element hid) that also holds on-site or government
// links, or whose element is named like a menu, is a menu or dropdown.
func hiddenOnPage(p *site.Page, siteHost string) []hiddenHit {
	links := p.Outgoing()
	benign := map[string]bool{} // hiding element → holds on-site or gov links
	found := false
	for _, l := range links {
		if l.Hidden == "" || l.Kind != site.KindAnchor {
			continue
		}
		found = true
		if h := hostName(l.URL); onSite(h, siteHost) || govHost(h) {
			benign[l.Hidden] = true
		}
	}
	if !found {
		return nil
	}
	var out []hiddenHit
	for _, l := range links {
		if l.Hidden == "" || l.Kind != site.KindAnchor {
			continue
		}
		h := hostName(l.URL)
		if onSite(h, siteHost) || !strings.HasPrefix(l.URL, "http") {
			continue
		}
		vice := viceWord(l.Text, h)
		if vice == "" {
			if govHost(h) || benign[l.Hidden] || (softHide(l.Hidden) && menuLike(l.Hidden)) {
				continue
			}
		}
		out = append(out, hiddenHit{page: p.URL, target: l.URL, text: l.Text, how: "隐藏方式：" + l.Hidden, vice: vice})
	}
	return out
}

// softHide is a way menus and tabs hide (toggled by script); off-screen,
// zero-size and same-colour text are how 暗链 hide.
func softHide(how string) bool {
	return strings.HasPrefix(how, "display:none") || strings.HasPrefix(how, "visibility:hidden") || strings.HasPrefix(how, "hidden")
}

func menuLike(how string) bool {
	_, el, _ := strings.Cut(how, "（")
	el = strings.ToLower(el)
	for _, w := range menuWords {
		if strings.Contains(el, w) {
			return true
		}
	}
	return false
}

func viceWord(text, host string) string {
	if m := vicePhrase.FindString(text); m != "" {
		return m
	}
	if m := viceHost.FindString(host); m != "" {
		return m
	}
	return ""
}

// scriptWritten finds off-site anchors an inline script writes with a
// hiding style (document.write of a hidden <div>), or with vice words.
// Badges and share buttons are written by scripts too, in plain sight.
func scriptWritten(p *site.Page, siteHost string) []hiddenHit {
	js := p.InlineScript()
	if js == "" || !containsLower(js, "document.write") {
		return nil
	}
	if strings.Contains(js, "%3C") || strings.Contains(js, "%3c") {
		if u, err := url.PathUnescape(js); err == nil {
			js = u
		}
	}
	// The hiding style is looked for only once a link leaves the site: a
	// regexp over the whole script, where most scripts write only pagers.
	hide, looked := "", false
	var out []hiddenHit
	for _, m := range scriptHref.FindAllStringSubmatch(js, 50) {
		h := hostName(m[1])
		if onSite(h, siteHost) || govHost(h) {
			continue
		}
		if !looked {
			hide, looked = scriptHide.FindString(js), true
		}
		vice := viceWord("", h)
		if vice == "" && hide == "" {
			continue
		}
		how := "由页面脚本（document.write）写入"
		if hide != "" {
			how += "，并带隐藏样式“" + hide + "”"
		}
		out = append(out, hiddenHit{page: p.URL, target: m[1], how: how, vice: vice})
	}
	return out
}

// govBodyName marks friend-link text naming a government body.
var govBodyName = regexp.MustCompile(`人民政府|政府网|政务|[^\s]{2,}(?:局|委员会|厅|办公室)$`)

// reRegistered finds friend links to a government site that the link
// check saw redirected to a non-government host: the domain lapsed and
// now serves someone else (163.com reports gambling sites buying them).
func reRegistered(s *site.Site, siteHost string) []hiddenHit {
	var out []hiddenHit
	for _, r := range s.Resources {
		if r.Kind != site.KindAnchor || r.FinalURL == "" || r.FinalURL == r.URL || len(r.Referrers) == 0 {
			continue
		}
		from, to := hostName(r.URL), hostName(r.FinalURL)
		if onSite(from, siteHost) || from == to || govHost(to) || onSite(to, from) {
			continue
		}
		if !strings.HasSuffix(from, ".gov.cn") && !govBodyName.MatchString(r.Anchor) {
			continue
		}
		out = append(out, hiddenHit{
			page: r.Referrers[0], target: r.URL, text: r.Anchor,
			how:  "该友情链接现跳转到非政府网站 " + r.FinalURL + "，域名可能已被他人注册",
			vice: viceWord(r.Anchor, to),
		})
	}
	return out
}

// clip shortens s to n runes.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// containsLower is strings.Contains(strings.ToLower(s), lower) for a
// lower-case ASCII needle, without lower-casing a page's scripts.
func containsLower(s, lower string) bool {
	if lower == "" {
		return true
	}
	upper := lower[0]
	if 'a' <= upper && upper <= 'z' {
		upper -= 'a' - 'A'
	}
	for i := 0; i < len(s); i++ {
		if s[i] == lower[0] || s[i] == upper || s[i] >= utf8.RuneSelf {
			if lowerPrefix(s[i:], lower) {
				return true
			}
		}
	}
	return false
}

// lowerPrefix reports whether s begins with runes whose lower case spells
// lower (an ASCII needle; only U+0130 and U+212A lower to ASCII letters).
func lowerPrefix(s, lower string) bool {
	j := 0
	for _, r := range s {
		if j == len(lower) {
			return true
		}
		if unicode.ToLower(r) != rune(lower[j]) {
			return false
		}
		j++
	}
	return j == len(lower)
}
