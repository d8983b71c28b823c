package crawl

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/gocolly/colly/v2"

	"github.com/gongkai/gongkai/site"
)

// maxStubText is the visible text a redirect stub may carry ("正在跳转…",
// "如果页面没有自动跳转，请点击这里"); a page with more is read as a page.
const maxStubText = 600

// maxStubHops bounds chains of stubs (and stubs pointing at each other).
const maxStubHops = 5

var (
	// refreshURL reads <meta http-equiv="refresh" content="0; url=…">.
	refreshURL = regexp.MustCompile(`(?i)^\s*([0-9.]+)\s*[;,]?\s*(?:url\s*=\s*)?['"]?([^'"\s]+)['"]?\s*$`)
	// scriptLocation reads a script's literal navigation: location.href = "…",
	// window.location = '…', top.location.replace("…"), location.assign(…).
	scriptLocation = regexp.MustCompile(`(?i)\blocation(?:\.href)?\s*=\s*['"]([^'"\s]+)['"]|\blocation\.(?:replace|assign)\(\s*['"]([^'"\s]+)['"]\s*\)`)
)

// redirectStub returns where a page that is only a redirect sends the
// reader — a 0-second <meta http-equiv="refresh">, or a script that sets
// location, on a page with next to no text and no other link — or "".
// Such a page is followed like an HTTP redirect: it is neither a content
// nor a column page.
func redirectStub(p *site.Page, base *url.URL) string {
	if p.TextLen() > maxStubText {
		return ""
	}
	raw := ""
	if m := refreshURL.FindStringSubmatch(p.Meta["refresh"]); m != nil {
		if delay, err := strconv.ParseFloat(m[1], 64); err == nil && delay < 1 {
			raw = m[2]
		}
	}
	if raw == "" {
		ms := scriptLocation.FindAllStringSubmatch(p.ScriptText, -1)
		if len(ms) != 1 {
			return "" // none, or several: a script that chooses (mobile/desktop) is not a stub
		}
		raw = ms[0][1] + ms[0][2]
	}
	target, ok := site.CanonicalURL(raw, base)
	if !ok || target == p.URL || target == base.String() {
		return ""
	}
	if u, err := url.Parse(target); err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	// A reader's link to the same place is the stub's fallback; any other
	// link makes it a page.
	for _, l := range p.Links {
		if l.Kind == site.KindAnchor && l.URL != target && !strings.HasPrefix(l.URL, "javascript:") {
			return ""
		}
	}
	return target
}

// followStub follows a redirect stub at orig to target as an HTTP redirect
// is followed: an on-site target is fetched and recorded as orig's page
// (FinalURL target, the stubs in Redirects); an off-site one (or one
// robots.txt forbids) is checked as a link of orig, which is then no page.
// It reports false when the stub is not followed (a loop, too many stubs):
// the page is then read as it is.
func (cr *crawler) followStub(orig, target string, status, depth int, hops []string) bool {
	if len(hops) >= maxStubHops || target == orig {
		return false
	}
	for _, h := range hops {
		if h == target {
			return false
		}
	}
	chain := append(hops[:len(hops):len(hops)], target)
	pu, err := url.Parse(target)
	if err != nil {
		return false
	}
	onSite := cr.onSite(pu) && !isAsset(pu) && (cr.opts.IgnoreRobots || cr.robots.allowed(cr.ctx, pu))
	if onSite {
		ctx := colly.NewContext()
		ctx.Put(ctxURL, orig)
		ctx.Put(ctxDepth, strconv.Itoa(depth))
		ctx.Put(ctxStub, strings.Join(chain, "\n"))
		cr.inflight.Add(1) // the target's handling counts it done
		if err := cr.coll.Request(http.MethodGet, target, nil, ctx, nil); err == nil {
			return true
		}
		cr.inflight.Add(-1)
		return false
	}
	cr.mu.Lock()
	t := cr.targetLocked(orig, site.KindAnchor)
	t.res.Status, t.res.Crawled = status, false
	t.res.Redirects, t.res.FinalURL = chain, target
	cr.mu.Unlock()
	cr.follow(orig, target, "", site.KindAnchor, depth)
	return true
}
