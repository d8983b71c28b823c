package checks

import (
	"strings"

	"github.com/gongkai/gongkai/site"
)

// Helpers of the site-function rules (站内搜索, 网站地图, 无障碍, 找错,
// 网站年度报表): they judge what the homepage offers.

// judgeableHome is the homepage when it can be judged for what it lacks:
// fetched fine and with its footer in the page itself. A footer written
// by a script (a common footer.js) hides badges and entries from us, so
// such a homepage proves no absence.
func judgeableHome(ctx *Context, s *site.Site) *site.Page {
	home := homepage(s)
	if home == nil || !usableIn(ctx, s)(home) {
		return nil
	}
	if b := home.Body(); !footerStart.MatchString(b.FooterText) && !footerStart.MatchString(b.Text) {
		return nil
	}
	return home
}

// homeOffers reports whether the homepage links, names or loads what one
// of the entries looks like: link text (image alt included), a word of a
// link address or script address, or a word of the inline scripts or of
// the visible text.
type entryMarks struct {
	texts []string // in link text (or visible text, with pageText)
	// pageText lets the texts match the visible text too: a toolbar
	// button or a script-drawn entry is not a link. Not for words that
	// also title other things (网站导航 heads a side menu).
	pageText bool
	urls     []string // lower-case, in link or script addresses
	scripts  []string // lower-case, in inline script text
}

func (m entryMarks) foundOn(p *site.Page) (string, bool) {
	// sitemap-missing asks this of every page: read only the parts asked
	// about, and lower-case nothing.
	for _, l := range p.Outgoing() {
		for _, t := range m.texts {
			if strings.Contains(l.Text, t) {
				return "链接“" + l.Text + "”", true
			}
		}
		for _, u := range m.urls {
			if containsLower(l.URL, u) {
				return "链接 " + l.URL, true
			}
		}
	}
	if len(m.urls) > 0 {
		for _, src := range p.ScriptSrcs() {
			for _, u := range m.urls {
				if containsLower(src, u) {
					return "脚本 " + src, true
				}
			}
		}
	}
	if len(m.scripts) > 0 {
		js := p.InlineScript()
		for _, w := range m.scripts {
			if containsLower(js, w) {
				return "页面脚本含“" + w + "”", true
			}
		}
	}
	if !m.pageText {
		return "", false
	}
	text := p.Body().Text
	for _, t := range m.texts {
		if strings.Contains(text, t) {
			return "页面文字“" + t + "”", true
		}
	}
	return "", false
}

// homeFinding is a site-level row about the homepage.
func homeFinding(home *site.Page, msg, ev, subject string) Finding {
	return Finding{URL: home.URL, Title: pageTitle(home), Column: "首页", Message: msg, Evidence: ev, Subject: subject}
}

// startFinding is a finding about the site as a whole, at its start URL:
// the 首页 column and the homepage's title (see homeFinding for one about
// the homepage's own record).
func startFinding(s *site.Site, subject string) Finding {
	f := Finding{URL: s.Start, Column: "首页", Subject: subject}
	if home := homepage(s); home != nil {
		f.Title = home.Title
	}
	return f
}
