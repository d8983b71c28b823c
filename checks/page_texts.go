package checks

import (
	"strings"
	"sync"

	"github.com/gongkai/gongkai/site"
)

// pageTexts is what the rules that look through the whole text of every
// page take from it, gathered in one pass per run: reading a page back from
// the page store is a system call and a copy of its text, and it was done
// once per page by each of these rules.
type pageTexts struct {
	pii *piiResult // see piiScanSite
	// adopts holds the usable, non-list pages whose text (footer cut)
	// reports the adoption of comments (fsAdoption), for fsIndexConsults.
	adopts map[*site.Page]bool
}

func sharedPageTexts(ctx *Context, s *site.Site) *pageTexts {
	return ctx.analyses(s).pageTexts.get(func() *pageTexts { return readPageTexts(ctx, s) })
}

// usesPageTexts is what a rule that reads pageTexts embeds: Run then
// builds it in its one pass over the pages instead of a pass of its own.
type usesPageTexts struct{}

func (usesPageTexts) collectors(ctx *Context, s *site.Site) []pageCollector {
	if ctx == nil {
		return nil
	}
	a := ctx.analyses(s)
	c := a.pageTextsC.get(func() *pageTextsCollector {
		if a.pageTexts.built() {
			return nil // an earlier run of this Context built it
		}
		return &pageTextsCollector{ctx: ctx, s: s, notFound: notFoundIn(ctx, s),
			sc: newPIIScanner(piiMaxBirth(ctx)), pages: make([]*pageTextsPage, len(s.Pages))}
	})
	if c == nil {
		return nil
	}
	return []pageCollector{c}
}

// pageTextsCollector is readPageTexts fed by the page pass: Visit reads
// each page's text (for several pages at once); finish puts the pages
// together in site order, as readPageTexts does.
type pageTextsCollector struct {
	ctx      *Context
	s        *site.Site
	notFound func(*site.Page) bool
	sc       piiScanner
	pages    []*pageTextsPage // nil for the pages that gave nothing: most
	once     sync.Once
}

// pageTextsPage is what one page gave.
type pageTextsPage struct {
	pii    []piiHit // the PII scan's hits (before the metadata numbers are dropped)
	text   string   // the page's text, kept only with hits
	fields map[string]string
	adopts bool
}

func (c *pageTextsCollector) Visit(v PageView) {
	p, r := v.Page, v.Read
	scan := p.Status == 0 || p.Status >= 200 && p.Status < 300 // piiPageScan.wants, but for the URL seen first
	wantAdopt := p.Status < 300 && !c.notFound(p) && !fsIsList(p)
	if !scan && !wantAdopt {
		return
	}
	b, out := r.Body(), &pageTextsPage{}
	if scan {
		if hits := c.sc.scan(nil, b.Text); len(hits) > 0 {
			out.pii, out.text, out.fields = hits, strings.Clone(b.Text), r.Fields() // not the whole record's buffer
		}
	}
	if wantAdopt && fsAdoption(bodyTextOf(b)) != "" {
		out.adopts = true
	}
	if out.pii != nil || out.adopts {
		c.pages[v.I] = out
	}
}

func (c *pageTextsCollector) finish() {
	c.once.Do(func() {
		ctx, s := c.ctx, c.s
		ctx.analyses(s).pageTexts.get(func() *pageTexts {
			t := &pageTexts{adopts: map[*site.Page]bool{}}
			pii := newPIIPageScan(s, c.sc)
			for i, p := range s.Pages {
				wants := pii.wants(p) // asked of every page, in order
				got := c.pages[i]
				if got == nil {
					continue
				}
				if wants && got.pii != nil {
					pii.hits(p, got.text, got.pii, got.fields)
				}
				if got.adopts {
					t.adopts[p] = true
				}
			}
			t.pii = pii.finish(s)
			return t
		})
		c.pages = nil
	})
}

func readPageTexts(ctx *Context, s *site.Site) *pageTexts {
	t := &pageTexts{adopts: map[*site.Page]bool{}}
	notFound := notFoundIn(ctx, s)
	pii := newPIIPageScan(s, newPIIScanner(piiMaxBirth(ctx)))
	for _, p := range s.Pages {
		scan := pii.wants(p)
		wantAdopt := p.Status < 300 && !notFound(p) && !fsIsList(p) // usable(p) is p.Status < 300 && !looksNotFound(p)
		if !scan && !wantAdopt {
			continue
		}
		b := p.Body()
		if scan {
			pii.page(p, b.Text)
		}
		if wantAdopt && fsAdoption(bodyTextOf(b)) != "" {
			t.adopts[p] = true
		}
	}
	t.pii = pii.finish(s)
	return t
}
