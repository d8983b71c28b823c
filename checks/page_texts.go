package checks

import (
	"strings"

	"github.com/gongkai/gongkai/site"
)

// pageTexts is what the rules that look through the whole text of every
// page take from it, gathered in one pass per run: reading a page back from
// the page store is a system call and a copy of its text, and it was done
// once per page by each of these rules.
type pageTexts struct {
	pii *piiResult // see piiScanSite
	// footerID is footerSiteID of each page meta-tags compares: fetched,
	// not a soft 404, with a SiteIDCode tag.
	footerID map[*site.Page]string
	// adopts holds the usable, non-list pages whose text (footer cut)
	// reports the adoption of comments (fsAdoption), for fsIndexConsults.
	adopts map[*site.Page]bool
}

func sharedPageTexts(ctx *Context, s *site.Site) *pageTexts {
	return ctx.analyses(s).pageTexts.get(func() *pageTexts { return readPageTexts(ctx, s) })
}

func readPageTexts(ctx *Context, s *site.Site) *pageTexts {
	t := &pageTexts{footerID: map[*site.Page]string{}, adopts: map[*site.Page]bool{}}
	notFound := notFoundIn(ctx, s)
	pii := newPIIPageScan(s, newPIIScanner(piiMaxBirth(ctx)))
	for _, p := range s.Pages {
		scan := pii.wants(p)
		fetched := p.Status < 300 && !notFound(p)
		wantID := fetched && strings.TrimSpace(p.MetaTags()["siteidcode"]) != ""
		wantAdopt := fetched && !fsIsList(p) // usable(p) is p.Status < 300 && !looksNotFound(p)
		if !scan && !wantID && !wantAdopt {
			continue
		}
		b := p.Body()
		if scan {
			pii.page(p, b.Text)
		}
		if wantID {
			// A copy: the code must not hold the page's whole text in memory.
			t.footerID[p] = strings.Clone(footerSiteIDOf(b))
		}
		if wantAdopt && fsAdoption(bodyTextOf(b)) != "" {
			t.adopts[p] = true
		}
	}
	t.pii = pii.finish(s)
	return t
}
