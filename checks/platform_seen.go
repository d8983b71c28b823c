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

// platformEvent is one thing a page shows, in its order on the page.
type platformEvent struct {
	at    seenAt
	name  string      // a column name, "" for none
	class ColumnClass // ColOther for none
	page  bool        // the page itself (its class), not a link
	url   string
}

func (c *platformCollector) Visit(v PageView) {
	p, r := v.Page, v.Read
	if !c.isUsable(p) {
		return
	}
	i := int32(v.I)
	var evs []platformEvent
	guide, crawled := false, false
	cls := classOf(c.ctx, r)
	if cls != ColOther {
		evs = append(evs, platformEvent{at: seenAt{i, -3}, class: cls, page: true, url: p.URL})
	}
	if cls == ColGuide || strings.Contains(r.Title, "公开指南") {
		guide = true
	}
	switch ClassifyName(r.Column) {
	case ColPlatform, ColCatalogue:
		crawled = true
	}
	switch cls {
	case ColPlatform, ColCatalogue, ColStatutory:
		crawled = true
	}
	for _, n := range append(r.Crumbs(), r.Column, healthColumnName(r)) {
		if n, ok := gkColumnName(n); ok {
			evs = append(evs, platformEvent{at: seenAt{i, -2}, name: n, url: p.URL})
		}
	}
	type linkName struct {
		j    int32
		name string
		url  string
	}
	var links []linkName
	for j, l := range r.Outgoing() {
		if l.Kind != site.KindAnchor || c.broken[l.URL] {
			continue
		}
		if strings.Contains(l.Text, "公开指南") {
			guide = true
		}
		if n, ok := gkColumnName(l.Text); ok {
			links = append(links, linkName{j: int32(j), name: n, url: l.URL})
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.guide = c.guide || guide
	c.crawled = c.crawled || crawled
	for _, l := range links {
		cl, ok := c.linkCls[l.name]
		if !ok {
			cl = ClassifyName(l.name)
			c.linkCls[l.name] = cl
		}
		evs = append(evs, platformEvent{at: seenAt{i, l.j}, name: l.name, class: cl, url: l.url})
	}
	for _, e := range evs {
		if e.name != "" {
			if old, ok := c.names[e.name]; !ok || e.at.before(old.at) {
				c.names[e.name] = seenURL{at: e.at, url: e.url}
			}
		}
		if e.class == ColOther {
			continue
		}
		if !e.page && e.class == ColPlatform {
			if old, ok := c.platform[e.url]; !ok || e.at.before(old) {
				c.platform[e.url] = e.at
			}
		}
		if old, ok := c.first[e.class]; !ok || e.at.before(old.at) {
			c.first[e.class] = seenURL{at: e.at, url: e.url}
		}
		if e.page {
			if old, ok := c.shortest[e.class]; !ok || len(e.url) < len(old.url) || len(e.url) == len(old.url) && e.at.before(old.at) {
				c.shortest[e.class] = seenURL{at: e.at, url: e.url}
			}
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
