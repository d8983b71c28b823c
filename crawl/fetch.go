package crawl

import (
	"context"
	"sort"
	"sync"

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

	var wg sync.WaitGroup
	for range max(cr.opts.Concurrency, 2) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range cr.checks {
				cr.runCheck(u)
			}
		}()
	}
	for _, p := range pages {
		c, ok := site.CanonicalURL(p, nil)
		if !ok {
			continue
		}
		cr.mu.Lock()
		t := cr.targetLocked(c, site.KindAnchor)
		seen := t.scheduled
		t.scheduled, t.res.Crawled = true, true
		cr.issued++
		cr.mu.Unlock()
		if !seen {
			cr.visit(c, 0)
		}
	}
	for _, u := range targets {
		c, ok := site.CanonicalURL(u, nil)
		if !ok {
			continue
		}
		cr.mu.Lock()
		t := cr.targetLocked(c, site.KindOther)
		seen := t.scheduled
		t.scheduled = true
		cr.mu.Unlock()
		if !seen {
			cr.checks <- c
		}
	}
	cr.drive()
	close(cr.checks)
	wg.Wait()
	s := cr.result()
	sort.Slice(s.Pages, func(i, j int) bool { return s.Pages[i].URL < s.Pages[j].URL })
	return s, nil
}
