package checks

// The page text rules read without its footer.

import (
	"regexp"
	"strings"

	"github.com/gongkai/gongkai/site"
)

// footerStart are words a page footer begins with.
var footerStart = regexp.MustCompile(`网站地图|主办单位|主办：|版权所有|网站标识码|ICP备|联系我们|关于我们|Copyright|©`)

// bodyText is the page text without the footer — but only when the
// extractor found a real footer element (one that begins like a footer):
// without one, FooterText is merely the last part of the text, and cutting
// it would drop the end of the document (a guide's 传真 line, a date).
func bodyText(p *site.Page) string { return bodyTextOf(p.Body()) }

// bodyTextOf is bodyText of a page's text already read.
func bodyTextOf(b site.Body) string {
	t, f := b.Text, b.FooterText
	if f == "" || len(f) >= len(t) || !strings.HasSuffix(t, f) {
		return t
	}
	head := f
	if len(head) > 300 {
		head = head[:300]
	}
	if !footerStart.MatchString(head) {
		return t
	}
	return strings.TrimSpace(t[:len(t)-len(f)])
}
