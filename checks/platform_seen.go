package checks

import (
	"cmp"
	"slices"
	"strings"
	"sync"

	"github.com/gongkai/gongkai/site"
)

// platformSeen is what gk-platform-incomplete takes from every usable
// page: the column classes and names the site shows (pages in a column,
// breadcrumbs, short link texts of links that work) and where each was
// seen. It is gathered in the page pass (issue 13): the rule read every
// page's links back from the page store after it.
type platformSeen struct {
	classes    map[ColumnClass]string // class → where it was seen
	names      map[string]string      // column name → where it was seen
	guideTrace bool                   // a 公开指南 page or link
	crawled    bool                   // a page of the platform or the catalogue
	// platformLinks are the targets of links named as the platform, in
	// page order, each once: the rule takes the first its health index
	// does not hold (a platform that was not crawled).
	platformLinks []string
}

// platformSeenIn returns the analysis, gathering it when no page pass did.
func platformSeenIn(ctx *Context, s *site.Site) *platformSeen {
	return ctx.analyses(s).platform.get(func() *platformSeen {
		c := newPlatformCollector(ctx, s)
		if errs := visitPages(s, []visitor{c}); errs[0] != nil {
			panic(errs[0]) // runOne reports it as the rule's failure
		}
		return c.result()
	})
}

// usesPlatformSeen is what gk-platform-incomplete embeds: Run gathers
// platformSeen in its one pass over the pages.
type usesPlatformSeen struct{}

func (usesPlatformSeen) collectors(ctx *Context, s *site.Site) []pageCollector {
	if ctx == nil || !s.Complete {
		return nil // the rule says nothing of an incomplete crawl
	}
	a := ctx.analyses(s)
	c := a.platformC.get(func() *platformCollector {
		if a.platform.built() {
			return nil
		}
		return newPlatformCollector(ctx, s)
	})
	if c == nil {
		return nil
	}
	return []pageCollector{c}
}

// seenAt orders what pages show as the loop over s.Pages met it: page i,
// then the page's own names (k < 0 … ) before its links (k = link index).
type seenAt struct{ i, k int32 }

func (a seenAt) before(b seenAt) bool { return a.i < b.i || a.i == b.i && a.k < b.k }

type seenURL struct {
	at  seenAt
	url string
}

// platformCollector gathers platformSeen from pages visited in any order:
// of each name the place seen first; of each class the first place and
// the shortest page URL (what the loop's "first, then a shorter page"
// gives).
type platformCollector struct {
	ctx      *Context
	s        *site.Site
	broken   map[string]bool
	isUsable func(*site.Page) bool
	mu       sync.Mutex
	names    map[string]seenURL
	first    map[ColumnClass]seenURL // the first page or link of the class
	shortest map[ColumnClass]seenURL // its shortest page URL, the first of equals
	platform map[string]seenAt       // links named as the platform: where first
	linkCls  map[string]ColumnClass  // ClassifyName of link names (menus repeat)
	guide    bool
	crawled  bool
	once     sync.Once
}

func newPlatformCollector(ctx *Context, s *site.Site) *platformCollector {
	return &platformCollector{ctx: ctx, s: s, broken: brokenLinks(s), isUsable: usableIn(ctx, s),
		names: map[string]seenURL{}, first: map[ColumnClass]seenURL{}, shortest: map[ColumnClass]seenURL{},
		platform: map[string]seenAt{}, linkCls: map[string]ColumnClass{}}
}

func (c *platformCollector) Visit(v PageView) {
	p, r := v.Page, v.Read
	if !c.isUsable(p) {
		return
	}
	i := int32(v.I)
	cls := classOf(c.ctx, r)
	guide := cls == ColGuide || strings.Contains(r.Title, "公开指南")
	crawled := false
	switch ClassifyName(r.Column) {
	case ColPlatform, ColCatalogue:
		crawled = true
	}
	switch cls {
	case ColPlatform, ColCatalogue, ColStatutory:
		crawled = true
	}
	crumbs, column, health := r.Crumbs(), r.Column, healthColumnName(r)
	links := r.Outgoing()
	// Under the lock, with nothing allocated a link: every page's menu
	// comes here, and a slice of them a page was most of the pass's
	// garbage.
	c.mu.Lock()
	defer c.mu.Unlock()
	c.guide = c.guide || guide
	c.crawled = c.crawled || crawled
	if cls != ColOther {
		c.sawClass(cls, seenAt{i, -3}, p.URL, true)
	}
	own := func(n string) {
		if n, ok := gkColumnName(n); ok {
			c.sawName(n, seenAt{i, -2}, p.URL)
		}
	}
	for _, n := range crumbs {
		own(n)
	}
	own(column)
	own(health)
	for j, l := range links {
		if l.Kind != site.KindAnchor || c.broken[l.URL] {
			continue
		}
		if !c.guide && strings.Contains(l.Text, "公开指南") {
			c.guide = true
		}
		n, ok := gkColumnName(l.Text)
		if !ok {
			continue
		}
		at := seenAt{i, int32(j)}
		c.sawName(n, at, l.URL)
		cl, ok := c.linkCls[n]
		if !ok {
			cl = ClassifyName(n)
			if len(c.linkCls) < maxLinkClasses {
				c.linkCls[n] = cl
			}
		}
		if cl == ColOther {
			continue
		}
		if cl == ColPlatform {
			if old, ok := c.platform[l.URL]; !ok || at.before(old) {
				c.platform[l.URL] = at
			}
		}
		c.sawClass(cl, at, l.URL, false)
	}
}

// maxLinkClasses bounds the collector's memo of ClassifyName: the menus
// that repeat on every page are met first, and past them most names are
// article titles seen once (a memo of all of them held 6 MB at 100,000
// pages).
const maxLinkClasses = 4096

// sawName notes a column name seen at at. c.mu is held.
func (c *platformCollector) sawName(n string, at seenAt, u string) {
	if !gkItemWords.any(n) {
		return // gkArticle20Finding asks only for these (see gkItemWords)
	}
	if old, ok := c.names[n]; !ok || at.before(old.at) {
		c.names[n] = seenURL{at: at, url: u}
	}
}

// sawClass notes a page (page) or a link of class cl seen at at. c.mu is
// held.
func (c *platformCollector) sawClass(cl ColumnClass, at seenAt, u string, page bool) {
	if old, ok := c.first[cl]; !ok || at.before(old.at) {
		c.first[cl] = seenURL{at: at, url: u}
	}
	if page {
		if old, ok := c.shortest[cl]; !ok || len(u) < len(old.url) || len(u) == len(old.url) && at.before(old.at) {
			c.shortest[cl] = seenURL{at: at, url: u}
		}
	}
}

func (c *platformCollector) finish() {
	c.once.Do(func() {
		c.ctx.analyses(c.s).platform.get(c.result)
		c.names, c.first, c.shortest, c.platform, c.linkCls = nil, nil, nil, nil, nil
	})
}

// result is the analysis. A class's place is its first; a page of the
// class with a shorter URL met after it takes its place (the column
// rather than a page in it): the shortest page, unless the first is as
// short.
func (c *platformCollector) result() *platformSeen {
	out := &platformSeen{classes: map[ColumnClass]string{}, names: make(map[string]string, len(c.names)),
		guideTrace: c.guide, crawled: c.crawled}
	for n, at := range c.names {
		out.names[n] = at.url
	}
	for cl, first := range c.first {
		out.classes[cl] = first.url
		if sh, ok := c.shortest[cl]; ok && len(sh.url) < len(first.url) {
			out.classes[cl] = sh.url
		}
	}
	links := make([]seenURL, 0, len(c.platform))
	for u, at := range c.platform {
		links = append(links, seenURL{at: at, url: u})
	}
	slices.SortFunc(links, func(a, b seenURL) int {
		if a.at != b.at {
			return cmp.Or(cmp.Compare(a.at.i, b.at.i), cmp.Compare(a.at.k, b.at.k))
		}
		return strings.Compare(a.url, b.url)
	})
	for _, l := range links {
		out.platformLinks = append(out.platformLinks, l.url)
	}
	return out
}
