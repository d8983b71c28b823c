package site

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// crumbTextRe finds the "当前位置：" lead-in of a breadcrumb trail (您当前的位置,
// 所在位置, 您现在的位置 … all end in 位置：).
var crumbTextRe = regexp.MustCompile(`(?:位置|当前页面|当前栏目) ?[:：]`)

// crumbLeadRe removes that lead-in from the text before the first link.
var crumbLeadRe = regexp.MustCompile(`^.*?(?:位置|当前页面|当前栏目) ?[:：]`)

// crumbSepRe splits trail text on the separators sites use.
var crumbSepRe = regexp.MustCompile(`-{1,2}>|=>|—>|>>|[>»›→＞/\\|｜]`)

// maxCrumbBytes: a real trail is short; longer candidates are containers
// whose class merely mentions "position" or "location".
const maxCrumbBytes = 900

// breadcrumb returns the entries of the first candidate that reads as a
// trail: it has a link, and either the 位置 lead-in or at least two entries.
func (x *extractor) breadcrumb() []string {
	for _, c := range x.crumbs {
		sp, ok := x.spans[c]
		if !ok || sp.e-sp.s > maxCrumbBytes {
			continue
		}
		if findFirst(c, atom.A, 8) == nil {
			// A trail written as plain text ("当前位置：首页 > 通知公告") is a
			// trail of its own.
			if text := x.textOf(c); crumbTextRe.MatchString(text) {
				if pieces := x.crumbPieces(c); len(pieces) >= 1 {
					x.crumb = c
					return pieces
				}
			}
			// "<span>当前位置：</span><a>…" — the links are the span's
			// siblings. Only a parent barely larger than the span is the
			// trail; a large one is the page around a link-less trail.
			par := c.Parent
			if par == nil || par.DataAtom == atom.Body || par.DataAtom == atom.Html {
				continue
			}
			psp, ok := x.spans[par]
			if !ok || psp.e-psp.s > maxCrumbBytes || psp.e-psp.s > 3*(sp.e-sp.s)+300 {
				continue
			}
			c = par
		}
		if findFirst(c, atom.A, 8) == nil {
			continue
		}
		pieces := x.crumbPieces(c)
		text := x.textOf(c)
		if len(pieces) == 0 || (len(pieces) < 2 && !crumbTextRe.MatchString(text)) {
			continue
		}
		x.crumb = c
		return pieces
	}
	return nil
}

func (x *extractor) crumbPieces(c *html.Node) []string {
	var pieces []string
	lead := true // the lead-in can only come before the first entry
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			t := collapseSpace(n.Data)
			if lead {
				t = crumbLeadRe.ReplaceAllString(t, "")
			}
			for _, part := range crumbSepRe.Split(t, -1) {
				if part = cleanCrumb(part); part != "" {
					pieces = append(pieces, part)
					lead = false
				}
			}
			return
		case html.ElementNode:
			if skipText[n.DataAtom] {
				return
			}
			if n.DataAtom == atom.A {
				if t := cleanCrumb(x.anchorText(n)); t != "" {
					pieces = append(pieces, t)
					lead = false
				}
				return
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(c)
	return pieces
}

// cleanCrumb trims an entry and drops pure punctuation such as "·" or ">".
func cleanCrumb(s string) string {
	s = strings.TrimSpace(s)
	s = strings.Trim(s, "：: ·•")
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return s
		}
	}
	return ""
}

// notColumn are trail entries that name the page, not its column.
var notColumn = map[string]bool{
	"正文": true, "详情": true, "内容": true, "正文内容": true, "详细内容": true,
	"详细信息": true, "文章内容": true, "浏览文章": true, "信息详情": true, "内容详情": true,
	"详情页": true, "阅读": true, "查看": true,
}

// columnOf is meta ColumnName, else the last trail entry that is not the
// page's own title.
func columnOf(p *Page) string {
	if c := strings.TrimSpace(p.Meta["columnname"]); c != "" {
		return c
	}
	titleEntry := ""
	for i := len(p.Breadcrumb) - 1; i >= 0; i-- {
		e := p.Breadcrumb[i]
		if notColumn[e] {
			continue
		}
		if isPageTitle(e, p) {
			if titleEntry == "" {
				titleEntry = e
			}
			continue
		}
		if titleEntry != "" && isHomeEntry(e) {
			// "首页 > 通知公告" on a page titled 通知公告: the page is the
			// column itself.
			return titleEntry
		}
		return e
	}
	return titleEntry
}

// isHomeEntry reports a trail entry naming the site's homepage.
func isHomeEntry(e string) bool {
	switch e {
	case "首页", "网站首页", "主页", "返回首页":
		return true
	}
	return false
}

// isPageTitle reports whether a trail entry is the page's own title, whole
// or cut short ("关于印发…的通知" shown as "关于印发…").
func isPageTitle(e string, p *Page) bool {
	t := strings.TrimSpace(p.Title)
	at := strings.TrimSpace(p.Meta["articletitle"])
	if e == t || (at != "" && e == at) {
		return true
	}
	cut := strings.TrimRight(e, ".…")
	if cut != e && cut != "" && (strings.HasPrefix(t, cut) || (at != "" && strings.HasPrefix(at, cut))) {
		return true
	}
	// Long entries contained in the title are the title plus site decoration;
	// short ones ("统计公报") are column names that titles often repeat.
	return utf8.RuneCountInString(e) >= 12 && (strings.Contains(t, e) || (at != "" && strings.Contains(at, e)))
}
