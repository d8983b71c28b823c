package checks

import (
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/gongkai/gongkai/site"
)

// A PageRule is a rule with a per-page part (issue 13). Run reads each
// page once and hands it to every page rule's pass, several pages at once,
// instead of each rule looping s.Pages and reading the pages it needs back
// from the page store; then it asks each pass for its findings. Its Check
// is checkPages(ctx, s, r), for callers that run the rule alone.
type PageRule interface {
	Rule
	// Pass returns the rule's state for one run over s.
	Pass(ctx *Context, s *site.Site) PagePass
}

// A PagePass is one page rule's run over one site.
type PagePass interface {
	// Visit looks at one page. It is called once for each page of
	// s.Pages, for several pages at once: it may write only what belongs
	// to page v.I (a slot of a slice made in Pass).
	Visit(v PageView)
	// Findings returns the findings once every page was visited, in the
	// order the rule's own loop over s.Pages would give them.
	Findings() []Finding
}

// PageView is one page as the page pass hands it to the rules.
type PageView struct {
	I int // index in s.Pages
	// Page is the record of s.Pages: what keys on a page's identity
	// (usableIn, the analyses) takes this one.
	Page *site.Page
	// Read is the same page with every part already read: its accessors
	// (Body, MetaTags, Fields, ListItems …) do no I/O.
	Read *site.Page
}

// A pageCollector builds an analysis in the page pass (issue 13: each
// page read once for the page rules and the analyses). A rule whose
// analyses have collectors names them (collecting); an analysis nobody
// collected is still built by its accessor on first use.
type pageCollector interface {
	// Visit is PagePass.Visit.
	Visit(v PageView)
	// finish stores the analysis once every page was visited.
	finish()
}

// collecting is a rule that reads analyses with collectors.
type collecting interface {
	collectors(ctx *Context, s *site.Site) []pageCollector
}

// visitor is what visitPages feeds: a PagePass or a pageCollector.
type visitor interface{ Visit(v PageView) }

// checkPages runs one page rule on its own: its Check.
func checkPages(ctx *Context, s *site.Site, r PageRule) []Finding {
	pass := r.Pass(ctx, s)
	if errs := visitPages(s, []visitor{pass}); errs[0] != nil {
		panic(errs[0]) // runOne reports it as the rule's failure
	}
	return pass.Findings()
}

// visitPages hands every page of s to every pass: each page read once, in
// the order of the page store, on up to GOMAXPROCS (at most
// maxRuleWorkers) goroutines. errs[i] is set when pass i panicked or a
// page could not be read back (its findings would be made from a blank
// page); a failed pass is not visited again, the others go on.
func visitPages(s *site.Site, passes []visitor) []error {
	errs := make([]error, len(passes))
	if len(passes) == 0 {
		return errs
	}
	var failed atomic.Bool
	var mu sync.Mutex
	fail := func(i int, err error) {
		mu.Lock()
		if errs[i] == nil {
			errs[i] = err
		}
		mu.Unlock()
		failed.Store(true)
	}
	isFailed := func(i int) bool {
		if !failed.Load() {
			return false
		}
		mu.Lock()
		defer mu.Unlock()
		return errs[i] != nil
	}
	visit := func(j int, pass visitor, v PageView) {
		defer func() {
			if p := recover(); p != nil {
				fail(j, fmt.Errorf("%v", p))
			}
		}()
		pass.Visit(v)
	}
	order := site.ReadOrder(s.Pages)
	var next atomic.Int64
	work := func() {
		for {
			k := int(next.Add(1) - 1)
			if k >= len(order) {
				return
			}
			i := order[k]
			p := s.Pages[i]
			r, err := p.Read()
			if err != nil {
				for j := range passes {
					fail(j, err)
				}
				continue
			}
			v := PageView{I: i, Page: p, Read: r}
			for j, pass := range passes {
				if !isFailed(j) {
					visit(j, pass, v)
				}
			}
		}
	}
	workers := min(runtime.GOMAXPROCS(0), maxRuleWorkers, len(order))
	if workers <= 1 {
		work()
		return errs
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work()
		}()
	}
	wg.Wait()
	return errs
}

// collectorsOf returns the distinct collectors of the analyses rules read.
func collectorsOf(ctx *Context, s *site.Site, rules []Rule) []pageCollector {
	var out []pageCollector
	for _, r := range rules {
		if c, ok := r.(collecting); ok {
			for _, pc := range c.collectors(ctx, s) {
				if !slices.Contains(out, pc) {
					out = append(out, pc)
				}
			}
		}
	}
	return out
}

// finishCollector stores a fed collector's analysis; if it panics, the
// analysis is left to its accessor (and the rules that ask report it).
func finishCollector(c pageCollector) {
	defer func() { _ = recover() }()
	c.finish()
}
