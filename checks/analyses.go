package checks

import (
	"sync"

	"github.com/gongkai/gongkai/site"
)

// analyses are what several rules derive from the same site, each built
// once per run by the first rule that asks and dropped with the Context, so
// that no cache outlives a scan. Each has one typed accessor, next to its
// builder.
type analyses struct {
	notFound      lazy[map[*site.Page]bool]  // notFoundIn: the fetched soft 404s
	disclosure    lazy[*disclosure]          // analyse: documents and interpretations
	disclosureC   lazy[*disclosureCollector] // its collector in the page pass (usesDisclosure)
	health        lazy[*healthIndex]         // sharedHealthIndex: columns and freshness
	pageTexts     lazy[*pageTexts]           // sharedPageTexts: one pass over every text (PII …)
	pageTextsC    lazy[*pageTextsCollector]  // its collector in the page pass (usesPageTexts)
	annualReports lazy[[]*annualReport]      // annualReports
	budgets       lazy[*fsBudgetIndex]       // fsIndexBudgets: budgets and final accounts
	consults      lazy[*fsConsultIndex]      // fsIndexConsults: drafts for comment
	guides        lazy[[]fsGuidePage]        // fsFindGuides: service guides
	vocabulary    lazy[map[string]string]    // siteVocabulary: the names the site shows
	vocabularyC   lazy[*vocabularyCollector] // its collector in the page pass (usesVocabulary)
	siteName      lazy[string]               // siteNameOf: who runs the site
	platform      lazy[*platformSeen]        // platformSeenIn: the platform's columns (gk-platform-incomplete)
	platformC     lazy[*platformCollector]   // its collector in the page pass (usesPlatformSeen)
}

// lazy is one analysis, built on first use. It has its own lock so that a
// build may use other analyses (the document analysis asks which pages are
// soft 404s).
type lazy[T any] struct {
	mu   sync.Mutex
	done bool
	v    T
}

// get returns build()'s result, building it the first time. A build that
// panicked is tried again.
func (l *lazy[T]) get(build func() T) T {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.done {
		l.v, l.done = build(), true
	}
	return l.v
}

// built reports whether the analysis was built.
func (l *lazy[T]) built() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.done
}

// analysesKey names one site: a site grown since is another site.
type analysesKey struct {
	site *site.Site
	n    int // pages
}

// analyses returns the analyses of s for this run. A nil Context shares
// nothing: each call gets new ones, so every accessor builds.
func (c *Context) analyses(s *site.Site) *analyses {
	if c == nil {
		return &analyses{}
	}
	k := analysesKey{site: s, n: len(s.Pages)}
	c.analysesMu.Lock()
	defer c.analysesMu.Unlock()
	a := c.bySite[k]
	if a == nil {
		a = &analyses{}
		if c.bySite == nil {
			c.bySite = map[analysesKey]*analyses{}
		}
		c.bySite[k] = a
	}
	return a
}
