package crawl

import (
	"context"
	"sort"

	"github.com/gongkai/gongkai/site"
)

// Fetch re-fetches given pages and re-checks given targets without
// following any link: the few requests a re-check of a rectification list
// needs, instead of a crawl. Pages are extracted as in Run (a page that
// fails or is not HTML is recorded as a resource); targets are checked like
// links (HEAD, then GET). Politeness and the private-address guard apply
// as in Run (the pages were crawled before, so robots.txt is not asked
// again); opts.Start names the site.
func Fetch(ctx context.Context, opts Options, pages, targets []string) (*site.Site, error) {
	cr, err := newCrawler(ctx, opts, len(targets)+len(pages)+1)
	if err != nil {
		return nil, err
	}
	// Links found on re-fetched pages are recorded (referrers) but never
	// followed or checked.
	cr.noFollow = true

	checkers := cr.startCheckers()
	for _, p := range pages {
		if c, ok := cr.claim(p, site.KindAnchor, true); ok {
			cr.visit(c, 0)
		}
	}
	for _, u := range targets {
		if c, ok := cr.claim(u, site.KindOther, false); ok {
			cr.scheduleCheck(c)
		}
	}
	cr.drive()
	close(cr.checks)
	checkers.Wait()
	s := cr.result()
	sort.Slice(s.Pages, func(i, j int) bool { return s.Pages[i].URL < s.Pages[j].URL })
	return s, nil
}

// claim marks the target of u scheduled, and for a page crawled; ok is
// false where u is no URL to fetch or its target was scheduled already.
func (cr *crawler) claim(u string, kind site.LinkKind, page bool) (c string, ok bool) {
	c, ok = site.CanonicalURL(u, nil)
	if !ok {
		return "", false
	}
	cr.mu.Lock()
	defer cr.mu.Unlock()
	t := cr.targetLocked(c, kind)
	seen := t.scheduled
	t.scheduled = true
	if page {
		t.res.Crawled = true
		cr.issued++
	}
	return c, !seen
}
