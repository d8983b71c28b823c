package checks

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/gongkai/gongkai/site"
)

// FooterIdentity reports the identity elements missing from the site's
// footer: 网站标识码, ICP备案号, 公安机关备案号, 党政机关标识, 主办单位.
type FooterIdentity struct{}

var footerIdentityMeta = Meta{
	ID:          "footer-identity",
	Name:        "网站标识缺失",
	Description: "检查网站页脚是否展示网站标识码、ICP备案号、公安机关备案号、党政机关网站标识和主办单位。缺少其中任一项即为问题。",
	Severity:    Deduct,
	Basis:       "《政府网站发展指引》（国办发〔2017〕47号）网站标识与页面底部功能区要求",
	Advice:      "在全站页面底部功能区补齐缺失的标识（网站标识码、ICP备案编号、公安机关备案标识、党政机关网站开办者标识、主办单位及联系方式）。",
	Summary:     "网站标识码, ICP备案号, 公安机关备案号, 党政机关标识 or 主办单位 missing from the footer",
	Points:      1, // [I] no confirmed figure; one point per missing element.
	PointsBasis: "I",
	Recheck:     Recheck{Mode: RecheckPage, Strict: true, Homepage: true},
}

// Meta describes the rule.
func (FooterIdentity) Meta() Meta { return footerIdentityMeta }

// footerElement is one required footer element and how to recognise it.
type footerElement struct {
	name  string
	found func(p *site.Page, b site.Body) bool
}

var (
	siteIDCodeRe = regexp.MustCompile(`网站标识码\s*[:：]?\s*((?:bm)?[0-9]{8,10})`)
	icpRe        = regexp.MustCompile(`ICP\s*备\s*[0-9]{4,}\s*号|ICP\s*证\s*[0-9]{4,}`)
	policeRe     = regexp.MustCompile(`公网安备\s*[0-9]{10,}`)
	sponsorRe    = regexp.MustCompile(`主\s*办\s*(单\s*位)?\s*[:：]|主办单位|网站主办|主办\s*[\p{Han}]{2,}(人民政府|办公室|局|委员会|中心)`)
)

var footerElements = []footerElement{
	{name: "网站标识码", found: func(p *site.Page, b site.Body) bool {
		return siteIDCodeRe.MatchString(b.Text) || siteIDCodeRe.MatchString(b.ScriptText)
	}},
	{name: "ICP备案编号", found: func(p *site.Page, b site.Body) bool {
		return icpRe.MatchString(b.Text) || linksTo(p, "beian.miit.gov.cn") || icpRe.MatchString(b.ScriptText)
	}},
	{name: "公安机关备案标识", found: func(p *site.Page, b site.Body) bool {
		return policeRe.MatchString(b.Text) || linksTo(p, "beian.gov.cn") || linksTo(p, "beian.mps.gov.cn") ||
			policeRe.MatchString(b.ScriptText)
	}},
	{name: "党政机关网站开办者标识", found: func(p *site.Page, b site.Body) bool {
		// The red badge is written by a script (document.write of the
		// conac.cn code), so look at scripts and links, not for an <img>.
		return linksTo(p, "conac.cn") || strings.Contains(b.ScriptText, "conac.cn") ||
			strings.Contains(b.ScriptText, "_ideConac")
	}},
	{name: "主办单位", found: func(p *site.Page, b site.Body) bool {
		return sponsorRe.MatchString(b.FooterText) || sponsorRe.MatchString(b.Text)
	}},
}

func linksTo(p *site.Page, host string) bool {
	for _, l := range p.Outgoing() {
		if hostHasSuffix(l.URL, host) {
			return true
		}
	}
	for _, s := range p.ScriptSrcs() {
		if hostHasSuffix(s, host) {
			return true
		}
	}
	return false
}

// hostHasSuffix reports whether rawURL's host is host or a subdomain of it.
func hostHasSuffix(rawURL, host string) bool {
	rest, ok := strings.CutPrefix(rawURL, "https://")
	if !ok {
		rest, ok = strings.CutPrefix(rawURL, "http://")
	}
	if !ok {
		return false
	}
	h := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		h = rest[:i]
	}
	if i := strings.LastIndexByte(h, ':'); i >= 0 {
		h = h[:i]
	}
	h = strings.ToLower(h)
	return h == host || strings.HasSuffix(h, "."+host)
}

// Check looks at the homepage, where inspectors look first, and says how many
// other pages lack the same element.
func (FooterIdentity) Check(_ *Context, s *site.Site) []Finding {
	home := homepage(s)
	if home == nil {
		return nil
	}
	homeBody := home.Body()
	var out []Finding
	for _, el := range footerElements {
		if el.found(home, homeBody) {
			continue
		}
		missing := 0
		for _, p := range s.Pages {
			if p != home && !el.found(p, p.Body()) {
				missing++
			}
		}
		evidence := fmt.Sprintf("首页底部未找到“%s”", el.name)
		if others := len(s.Pages) - 1; others > 0 {
			evidence += fmt.Sprintf("；已抓取的其他%d个页面中有%d个同样缺少", others, missing)
		}
		if el.name == "党政机关网站开办者标识" {
			evidence += "（未发现 conac.cn 标识脚本或链接）"
		}
		out = append(out, Finding{
			URL:      home.URL,
			Title:    home.Title,
			Column:   "首页",
			Message:  fmt.Sprintf("网站页面底部缺少%s。", el.name),
			Evidence: evidence + "。",
			Subject:  el.name,
		})
	}
	// An expired or invalid badge shows as red_error.png.
	if linksToPath(home, "red_error") {
		out = append(out, Finding{
			URL:      home.URL,
			Title:    home.Title,
			Column:   "首页",
			Message:  "党政机关网站开办者标识显示为无效（red_error）。",
			Evidence: "首页的党政机关标识图片为 red_error.png，标识可能已过期或注册信息不符。",
			Subject:  "党政机关网站开办者标识无效",
		})
	}
	return out
}

func linksToPath(p *site.Page, part string) bool {
	for _, l := range p.Outgoing() {
		if strings.Contains(l.URL, part) {
			return true
		}
	}
	return strings.Contains(p.Body().ScriptText, part)
}
