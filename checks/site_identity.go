package checks

import (
	"regexp"
	"strings"

	"github.com/gongkai/gongkai/site"
)

// Who runs a site decides deadlines and levels, and real sites rarely say it
// in a SiteName tag: a county portal may keep a template's <title> (公司网站)
// and name its body only in the footer (主办单位：柘城县人民政府办公室).

var (
	// namesABody is what a site name that names a government body has in it;
	// a template leftover (公司网站, 网站首页, Untitled) has none of it.
	namesABody = regexp.MustCompile(`人民政府|政府|政务|门户|局|委员会|厅|办公室|管委会|管理委员会|街道|人大|政协|法院|检察院|\p{Han}(?:省|市|县|区|旗|州|盟|镇|乡)`)
	// hostLabel finds the body a footer names: 主办单位：…, 主办：…, 版权所有：….
	hostLabel = regexp.MustCompile(`(?:主办单位|主办|版权所有|网站主办)\s*[:：]?\s*(?:©|\(c\)|copyright)?\s*([\p{Han}（）()]{3,40})`)
)

// siteNameOf is siteName, worked out once per run: several analyses ask,
// and without a SiteName on the homepage it reads every page's tags.
func siteNameOf(ctx *Context, s *site.Site) string {
	return ctx.analyses(s).siteName.get(func() string { return siteName(s) })
}

// siteName is the name of the body that runs the site: the SiteName tag of
// the homepage or of most pages, else the homepage's title when it names a
// body, else the body the homepage footer names as 主办单位 (a government's
// 办公室 runs its government's portal). "" when nothing says.
func siteName(s *site.Site) string {
	h := homepage(s)
	if h != nil {
		if n := strings.TrimSpace(h.MetaTags()["sitename"]); n != "" {
			return n
		}
	}
	if best := commonSiteName(s); best != "" {
		return best
	}
	if h == nil {
		return ""
	}
	if t := pageTitle(h); t != "" && namesABody.MatchString(t) {
		return t
	}
	return footerHost(h.Body().FooterText)
}

// footerHost is the body a footer names as the site's host, "" when none.
func footerHost(footer string) string {
	m := hostLabel.FindStringSubmatch(footer)
	if m == nil {
		return ""
	}
	name := strings.Trim(m[1], "（）() ")
	if !namesABody.MatchString(name) {
		return ""
	}
	// 某县人民政府办公室 hosts 某县人民政府's portal.
	if i := strings.Index(name, "人民政府办"); i > 0 {
		name = name[:i] + "人民政府"
	}
	return name
}

// commonSiteName is the SiteName tag most pages carry (the first in order
// of text on a tie), "" when none does.
func commonSiteName(s *site.Site) string {
	counts := map[string]int{}
	for _, p := range s.Pages {
		if n := strings.TrimSpace(p.MetaTags()["sitename"]); n != "" {
			counts[n]++
		}
	}
	best := ""
	for n, c := range counts {
		if c > counts[best] || c == counts[best] && n < best {
			best = n
		}
	}
	return best
}
