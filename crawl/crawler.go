// Package crawl fetches a government site and produces its page records and
// link-check results. It is the only package that imports colly; it knows
// nothing of rules.
package crawl

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/gongkai/gongkai/site"
)

// Options configure one crawl. Zero values get the contract's defaults.
type Options struct {
	Start        string
	ExtraHosts   []string // hosts besides the start host that are crawled
	Rate         float64  // requests per second per host; 0 = unlimited
	Concurrency  int
	MaxPages     int
	Depth        int // 0 = unlimited
	Timeout      time.Duration
	IgnoreRobots bool
	AllowPrivate bool
	UserAgent    string
	MaxBodySize  int // bytes of HTML read per page
	// Exclude and Include filter the URLs met on pages (--exclude,
	// --include; see filtered); NoExternal checks no off-site URL.
	Exclude, Include []*regexp.Regexp
	NoExternal       bool
	// NoSearchProbe sends no search request (see searchProbe).
	NoSearchProbe bool
	// Resolve maps "host:port" to the "ip:port" dialled instead (--resolve,
	// see ParseResolve).
	Resolve map[string]string
	// Resolver, when set, looks up every host name (tests inject one that
	// fails, to stand for a machine without network).
	Resolver *net.Resolver
	// OnProgress, when set, is called about every ProgressEvery while the
	// crawl runs, and once at the end.
	OnProgress    func(Stats)
	ProgressEvery time.Duration
	// RetryBackoff is the wait before the first retry of a transient
	// failure (doubling after); default 1s.
	RetryBackoff time.Duration
	// Resume lists pages an interrupted crawl already fetched (from its
	// snapshot): they are not fetched again, and the crawl goes on from
	// their links.
	Resume []*site.Page
	// Previous maps URLs to the page records of an earlier crawl (its
	// snapshot): they are requested conditionally, and a 304 reuses the
	// record instead of downloading the page again (--incremental).
	Previous map[string]*site.Page
	// PreviousAttachments are the earlier crawl's attachment records, by
	// URL: downloaded conditionally too, a 304 reuses the record and its
	// text (attachments are the largest downloads of a site).
	PreviousAttachments map[string]*site.Attachment
	// Snapshot, when set, receives every page as soon as it is extracted;
	// the caller finishes it with the returned Site.
	Snapshot *site.SnapshotWriter
	// Bodies, when set, receives each page's text and links once the page's
	// links are queued (see site.BodyStore): the crawl then holds only the
	// small facts of each page in memory.
	Bodies *site.BodyStore
	// Probe replaces how the site probe (IPv6, HTTPS; see startProbe)
	// reaches the network: tests and the demo.
	Probe *ProbeNet
	// WARC, when set, records every exchange with the site and the
	// targets checked (--warc).
	WARC *WARCWriter
	// Replay, when set, answers every request from a WARC instead of the
	// network (gongkai check FILE.warc.gz); the site probe does not run.
	Replay *Archive
}

// Stats is a progress snapshot.
type Stats struct {
	Pages      int64 // HTML pages fetched and extracted
	Queued     int64 // pages scheduled but not yet fetched
	Checked    int64 // non-crawled targets checked
	CheckQueue int64 // targets waiting to be checked
	Errors     int64 // failed targets so far
	Elapsed    time.Duration
}

// DefaultUserAgent names the tool honestly; the Mozilla prefix keeps naive
// WAF rules from rejecting it outright.
const DefaultUserAgent = "Mozilla/5.0 (compatible; gongkai/0.1; government website compliance checker)"

// StartError says why the start URL could not be crawled at all.
type StartError struct {
	URL    string
	Reason string
	// Usage is true when the user should change the URL (malformed, not a web
	// page, non-HTML) rather than retry later.
	Usage bool
	// NoSuchHost is true when the site's name does not resolve at all: a
	// retry an hour later will not fix it.
	NoSuchHost bool
}

func (e *StartError) Error() string { return e.Reason }

func (o *Options) defaults() {
	if o.Concurrency <= 0 {
		o.Concurrency = 4
	}
	if o.MaxPages <= 0 {
		o.MaxPages = 20000
	}
	if o.Timeout <= 0 {
		o.Timeout = 15 * time.Second
	}
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	if o.MaxBodySize <= 0 {
		o.MaxBodySize = 8 << 20
	}
	if o.ProgressEvery <= 0 {
		o.ProgressEvery = time.Second
	}
}

// target is every distinct URL met during the crawl.
type target struct {
	res *site.Resource
	// refs are the lexicographically first MaxReferrers linking pages, and
	// nrefs how many there are in all: a stylesheet linked from 100,000
	// pages must not cost 100,000 strings.
	refs  []string
	nrefs int
	// scheduled is set once the target has been queued for a crawl or a check.
	scheduled bool
	// offline: its check failed as it does without network (see offline).
	offline bool
	// anchorRef is the page whose link text is res.Anchor: the first in URL
	// order, so the name does not depend on which page the crawl read first.
	anchorRef string
}

type crawler struct {
	opts    Options
	ctx     context.Context
	start   *url.URL
	hosts   map[string]bool
	robots  *robots
	checker *checker
	client  *http.Client // for the start page
	coll    *colly.Collector
	// extractSlots bounds how many pages are parsed at once.
	extractSlots chan struct{}

	mu        sync.Mutex
	targets   map[string]*target
	pages     []*site.Page
	extracted map[string]bool // final URLs already extracted
	traps     *trapGuard
	noFollow  bool              // Fetch: record links, schedule nothing
	loaded    map[string]bool   // list loader requests already sent
	bodies    map[uint64]string // body hash → first URL that served it
	issued    int               // pages handed to colly
	truncated bool              // --max-pages stopped the crawl
	fetch     site.StartFetch
	// startFinal is the start page's URL after redirects; probe is the
	// site probe's result.
	startFinal *url.URL
	probe      *site.Probe
	// attachments read for their text, in completion order.
	attachments []*site.Attachment

	checks                                chan string
	nPages, nCrawlDone, nChecked, nErrors atomic.Int64
	nCheckQueue                           atomic.Int64
	inflight                              atomic.Int64 // page requests handed to colly, not finished
	frontier                              []frontierItem
	wake                                  chan struct{}
	snapErr                               atomic.Pointer[error]
	nReused                               atomic.Int64 // pages and attachments answered 304, taken from the previous crawl
}

// newCrawler sets up a crawler: hosts, the polite transports (the guarded
// one refuses private addresses for off-site targets), checker, robots and
// colly. checkQueue sizes the channel of targets waiting to be checked.
func newCrawler(ctx context.Context, opts Options, checkQueue int) (*crawler, error) {
	opts.defaults()
	start, err := parseStart(opts.Start)
	if err != nil {
		return nil, err
	}
	cr := &crawler{
		opts:      opts,
		ctx:       ctx,
		start:     start,
		hosts:     map[string]bool{},
		targets:   map[string]*target{},
		extracted: map[string]bool{},
		loaded:    map[string]bool{},
		bodies:    map[uint64]string{},
		traps:     newTrapGuard(),
		checks:    make(chan string, checkQueue),
		wake:      make(chan struct{}, 1),

		extractSlots: make(chan struct{}, runtime.GOMAXPROCS(0)+1),
	}
	cr.addHost(start.Host)
	for _, h := range opts.ExtraHosts {
		cr.addHost(h)
	}
	// A scan of a site on a private address may of course check its own
	// neighbours; otherwise off-site private targets are refused.
	guard := !opts.AllowPrivate && !hostIsPrivate(start.Hostname())
	dial := dialing{resolve: opts.Resolve, resolver: opts.Resolver}
	var base, guardedBase http.RoundTripper = newBaseTransport(opts.Concurrency, opts.Timeout, false, dial),
		newBaseTransport(opts.Concurrency, opts.Timeout, guard, dial)
	switch {
	case opts.Replay != nil:
		base, guardedBase = opts.Replay, opts.Replay
	case opts.WARC != nil:
		base, guardedBase = opts.WARC.Wrap(base), opts.WARC.Wrap(guardedBase)
	}
	polite := newPoliteTransport(base, opts.Rate, opts.Timeout)
	guarded := newPoliteTransport(guardedBase, opts.Rate, opts.Timeout)
	cr.client = &http.Client{Transport: polite, CheckRedirect: redirectPolicy(nil)}
	cr.checker = newChecker(guarded, opts.UserAgent)
	if opts.RetryBackoff > 0 {
		cr.checker.backoff = opts.RetryBackoff
	}
	cr.robots = newRobots(&http.Client{Transport: polite}, opts.UserAgent)
	if err := cr.setupColly(polite); err != nil {
		return nil, err
	}
	return cr, nil
}

// Run crawls the site. It returns a StartError when the start page cannot be
// fetched; any later failure is recorded in the Site. When ctx ends, the crawl
// stops and returns what it has, marked incomplete with the context's cause.
func Run(ctx context.Context, opts Options) (*site.Site, error) {
	began := time.Now()
	cr, err := newCrawler(ctx, opts, 4096)
	if err != nil {
		return nil, err
	}
	// Checkers start before the start page is handled: its links are
	// scheduled while it is processed.
	checkers := cr.startCheckers()
	stopProgress := cr.progress(began)
	startDone := cr.preload(opts.Resume)
	if !startDone {
		err = cr.fetchStart()
	}
	var probed <-chan struct{} = closedChan
	if err == nil {
		probed = cr.startProbe()
		cr.followResumed(opts.Resume)
		cr.drive()
	} else {
		cr.coll.Wait()
	}
	close(cr.checks)
	checkers.Wait()
	<-probed
	stopProgress()
	if err != nil {
		return nil, err
	}
	if e := cr.snapErr.Load(); e != nil {
		return nil, fmt.Errorf("writing the snapshot: %w", *e)
	}
	probe := cr.searchProbe()
	s := cr.result()
	s.SearchProbe = probe
	return s, nil
}

// closedChan is a channel already closed: nothing to wait for.
var closedChan = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

// preload registers the pages of an interrupted crawl as done. It reports
// whether the start page was among them (then it is not fetched again).
func (cr *crawler) preload(pages []*site.Page) (startDone bool) {
	for _, p := range pages {
		cr.mu.Lock()
		if cr.extracted[p.URL] {
			cr.mu.Unlock()
			continue
		}
		t := cr.targetLocked(p.URL, site.KindAnchor)
		t.scheduled, t.res.Crawled, t.res.Status = true, true, p.Status
		cr.extracted[p.URL] = true
		if p.Digest != 0 {
			cr.bodies[p.Digest] = p.URL
		}
		if p.FinalURL != "" {
			cr.extracted[p.FinalURL] = true
			t.res.FinalURL = p.FinalURL
			if u, err := url.Parse(p.FinalURL); err == nil && p.URL == cr.start.String() {
				cr.addHost(u.Host) // the start page's redirect named the site's host
				cr.startFinal = u
			}
		}
		cr.pages = append(cr.pages, p)
		cr.issued++
		if p.URL == cr.start.String() {
			startDone = true
		}
		cr.mu.Unlock()
		cr.nPages.Add(1)
		cr.nCrawlDone.Add(1)
		if cr.opts.Snapshot != nil {
			if err := cr.opts.Snapshot.WritePage(p); err != nil {
				cr.snapErr.CompareAndSwap(nil, &err)
			}
		}
	}
	return startDone
}

// followResumed schedules the links of resumed pages, which rebuilds the
// frontier the interrupted crawl had.
func (cr *crawler) followResumed(pages []*site.Page) {
	for _, p := range pages {
		cr.followAll(p, p.URL)
		p.Spill(cr.opts.Bodies)
	}
}

func parseStart(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw != "" && !strings.Contains(raw, "://") {
		raw = "http://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, &StartError{URL: raw, Usage: true,
			Reason: fmt.Sprintf("the start URL %q is not a web address; give one like https://www.example.gov.cn/", raw)}
	}
	canon, ok := site.CanonicalURL(u.String(), nil)
	if !ok {
		return nil, &StartError{URL: raw, Usage: true, Reason: fmt.Sprintf("the start URL %q cannot be used", raw)}
	}
	return url.Parse(canon)
}

func (cr *crawler) addHost(h string) {
	h = strings.ToLower(strings.TrimSpace(h))
	if h != "" {
		cr.hosts[h] = true
	}
}

// onSite reports whether u belongs to the crawled hosts (host with or
// without port; www. and bare domain are distinct sites).
func (cr *crawler) onSite(u *url.URL) bool {
	return cr.hosts[strings.ToLower(u.Host)] || cr.hosts[strings.ToLower(u.Hostname())]
}

// fetchStart fetches the start page with a plain client so that a start page
// that cannot be crawled ends the run with a clear reason, and so that a
// redirect to another host (gov.cn → www.gov.cn) makes that host the site.
func (cr *crawler) fetchStart() error {
	u := cr.start.String()
	if !cr.opts.IgnoreRobots && !cr.robots.allowed(cr.ctx, cr.start) {
		return &StartError{URL: u, Reason: fmt.Sprintf(
			"robots.txt of %s forbids crawling %s; with the site owner's consent, re-run with --ignore-robots", cr.start.Host, cr.start.Path)}
	}
	var resp *http.Response
	var body []byte
	var err error
	for attempt := 0; attempt < 2; attempt++ {
		began := time.Now()
		resp, body, err = cr.get(u)
		cr.fetch = site.StartFetch{Duration: time.Since(began), Attempts: attempt + 1}
		if resp != nil {
			cr.fetch.Status = resp.StatusCode
		}
		if err == nil && resp.StatusCode < 500 || ctxDone(cr.ctx) {
			break
		}
	}
	if err != nil {
		if ctxDone(cr.ctx) {
			return &StartError{URL: u, Reason: "起始页还没取到扫描就被中断了"}
		}
		var dnsErr *net.DNSError
		return &StartError{URL: u, NoSuchHost: errors.As(err, &dnsErr) && dnsErr.IsNotFound,
			Reason: fmt.Sprintf("无法访问起始页 %s：%s；请检查网址是否正确、网站能否在浏览器中打开", u, shortErr(err))}
	}
	final := resp.Request.URL
	cr.startFinal = final
	if final.Host != cr.start.Host {
		cr.addHost(final.Host)
	}
	if prev := cr.opts.Previous[u]; resp.StatusCode == http.StatusNotModified && prev != nil {
		t := cr.target(u, site.KindAnchor)
		t.scheduled = true
		cr.issued++
		cr.inflight.Add(1) // reusePage counts it done
		cr.reusePage(u, prev, 0)
		return nil
	}
	ct := resp.Header.Get("Content-Type")
	if c := site.Challenge(body); c != "" || resp.StatusCode == http.StatusPreconditionFailed {
		if c == "" {
			c = "HTTP 412"
		}
		return &StartError{URL: u, Reason: fmt.Sprintf(
			"the start page %s is answered by an anti-bot challenge (%s), not by the site; ask the site's operator to whitelist this machine's IP address and the User-Agent %q, then scan again",
			u, c, cr.opts.UserAgent)}
	}
	if resp.StatusCode >= 400 {
		return &StartError{URL: u, Reason: fmt.Sprintf("the start page %s answered %s; nothing can be crawled", u, resp.Status)}
	}
	if !looksHTML(ct, body) || site.LooksBinary(body) {
		return &StartError{URL: u, Usage: true, Reason: fmt.Sprintf(
			"the start page %s is not an HTML page (Content-Type %q); give the site's home page", u, ct)}
	}
	t := cr.target(u, site.KindAnchor)
	t.scheduled = true
	cr.issued++
	cr.inflight.Add(1) // handlePage counts it done
	var hops []string
	if final.String() != u {
		hops = []string{final.String()}
	}
	cr.handlePage(u, final.String(), hops, resp.StatusCode, ct, body, 0,
		[2]string{resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")})
	return nil
}

func (cr *crawler) get(u string) (*http.Response, []byte, error) {
	req, err := http.NewRequestWithContext(cr.ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("User-Agent", cr.opts.UserAgent)
	for k, v := range cr.conditional(u) {
		req.Header[k] = v
	}
	resp, err := cr.client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, int64(cr.opts.MaxBodySize)))
	return resp, body, err
}

func looksHTML(ct string, body []byte) bool {
	if ct != "" {
		return isHTMLType(ct)
	}
	return strings.Contains(http.DetectContentType(body), "text/html") ||
		bytes.Contains(bytes.ToLower(body[:min(len(body), 2048)]), []byte("<html"))
}

const (
	ctxURL     = "gk-url"
	ctxDepth   = "gk-depth"
	ctxCT      = "gk-ct"
	ctxAttempt = "gk-attempt"
	ctxETag    = "gk-etag"
	ctxLastMod = "gk-lastmod"
	ctxStub    = "gk-stub" // the redirect stubs' targets so far, one a line
)

// retry re-requests a crawled page after a transient failure (timeout, 5xx,
// 429), with backoff and the server's Retry-After; it reports false when
// the retries are used up and the failure should be recorded.
func (cr *crawler) retry(ctx *colly.Context, retryAfter time.Duration) bool {
	attempt, _ := strconv.Atoi(ctx.Get(ctxAttempt))
	if attempt >= cr.checker.retries || ctxDone(cr.ctx) {
		return false
	}
	attempt++
	if !sleepCtx(cr.ctx, retryDelay(cr.checker.backoff, attempt, retryAfter)) {
		return true // cancelled: nothing to record
	}
	ctx.Put(ctxAttempt, strconv.Itoa(attempt))
	u := ctx.Get(ctxURL)
	if chain := ctx.Get(ctxStub); chain != "" {
		u = chain[strings.LastIndexByte(chain, '\n')+1:] // the stub's target, not the stub
	}
	if err := cr.coll.Request(http.MethodGet, u, nil, ctx, nil); err != nil {
		return false
	}
	return true
}

func (cr *crawler) setupColly(rt http.RoundTripper) error {
	c := colly.NewCollector(
		colly.Async(true),
		colly.UserAgent(cr.opts.UserAgent),
		colly.MaxBodySize(cr.opts.MaxBodySize),
		colly.ParseHTTPErrorResponse(),
		colly.AllowURLRevisit(), // we deduplicate ourselves, before Visit
		colly.StdlibContext(cr.ctx),
	)
	c.IgnoreRobotsTxt = true // robots.txt is applied by us, before Visit
	c.WithTransport(rt)
	// The transport applies the timeout after pacing (see politeTransport).
	c.SetRequestTimeout(0)
	if err := c.Limit(&colly.LimitRule{DomainGlob: "*", Parallelism: cr.opts.Concurrency}); err != nil {
		return err
	}
	// Redirects that leave the site are not followed by the crawler; the
	// checker follows them instead.
	c.SetRedirectHandler(redirectPolicy(func(u *url.URL) bool { return !cr.onSite(u) }))

	c.OnRequest(func(r *colly.Request) {
		if ctxDone(cr.ctx) {
			r.Abort()
		}
	})
	c.OnResponseHeaders(func(r *colly.Response) {
		ct := r.Headers.Get("Content-Type")
		r.Ctx.Put(ctxCT, ct)
		r.Ctx.Put(ctxETag, r.Headers.Get("ETag"))
		r.Ctx.Put(ctxLastMod, r.Headers.Get("Last-Modified"))
		// colly re-encodes bodies whose header names a charset, and its
		// detection corrupts GB2312 pages; we decode ourselves, so the header
		// colly sees must not carry one.
		if i := strings.IndexByte(ct, ';'); i >= 0 {
			r.Headers.Set("Content-Type", strings.TrimSpace(ct[:i]))
		}
		if r.StatusCode < 300 && !isHTMLType(ct) {
			// A link without a telling extension that is not a page: record
			// it and skip the download.
			orig := r.Ctx.Get(ctxURL)
			cr.mu.Lock()
			cr.targetLocked(orig, site.KindAnchor).res.Crawled = false
			cr.mu.Unlock()
			cr.crawlDone()
			cr.recordResult(orig, result{status: r.StatusCode, contentType: ct, finalURL: finalIfMoved(r)})
			r.Request.Abort()
		}
	})
	c.OnResponse(func(r *colly.Response) {
		orig := r.Ctx.Get(ctxURL)
		depth, _ := strconv.Atoi(r.Ctx.Get(ctxDepth))
		ct := r.Ctx.Get(ctxCT)
		blocked := site.Challenge(r.Body)
		if blocked == "" {
			blocked = blockedStatus(r.StatusCode)
		}
		switch {
		case blocked != "":
			// A challenge page in place of the page: record it, extract
			// nothing from it.
			res := result{status: r.StatusCode, blocked: blocked, finalURL: finalIfMoved(r)}
			if r.StatusCode >= 400 {
				res.errClass = site.ErrHTTPStatus
				res.err = strconv.Itoa(r.StatusCode) + " " + http.StatusText(r.StatusCode)
			}
			cr.recordResult(orig, res)
		case r.StatusCode == http.StatusNotModified && cr.opts.Previous[orig] != nil:
			cr.reusePage(orig, cr.opts.Previous[orig], depth)
		case r.StatusCode >= 300 && r.StatusCode < 400:
			// Stopped at an off-site redirect: not a page of the site; the
			// checker follows it.
			cr.mu.Lock()
			cr.targetLocked(orig, site.KindAnchor).res.Crawled = false
			cr.mu.Unlock()
			cr.scheduleCheck(orig)
			cr.crawlDone()
		case (r.StatusCode == http.StatusTooManyRequests || r.StatusCode >= 500 && r.StatusCode != http.StatusNotImplemented) &&
			cr.retry(r.Ctx, parseRetryAfter(r.Headers.Get("Retry-After"), time.Now())):
			// retried
		case r.StatusCode >= 400:
			cr.recordResult(orig, result{status: r.StatusCode, errClass: site.ErrHTTPStatus,
				err: strconv.Itoa(r.StatusCode) + " " + http.StatusText(r.StatusCode), finalURL: finalIfMoved(r)})
		default:
			var hops []string
			if chain := r.Ctx.Get(ctxStub); chain != "" {
				hops = strings.Split(chain, "\n") // reached through redirect stubs
			}
			if f := finalIfMoved(r); f != "" && (len(hops) == 0 || hops[len(hops)-1] != f) {
				hops = append(hops, f)
			}
			cr.handlePage(orig, r.Request.URL.String(), hops, r.StatusCode, ct, r.Body, depth,
				[2]string{r.Ctx.Get(ctxETag), r.Ctx.Get(ctxLastMod)})
		}
	})
	c.OnError(func(r *colly.Response, err error) {
		if ctxDone(cr.ctx) || errors.Is(err, colly.ErrAbortedAfterHeaders) || errors.Is(err, colly.ErrAbortedBeforeRequest) {
			return
		}
		orig := r.Ctx.Get(ctxURL)
		if r.StatusCode >= 400 {
			return // already recorded by OnResponse
		}
		if errors.Is(err, ErrNotArchived) {
			cr.recordResult(orig, result{notChecked: NotCheckedNotArchived})
			return
		}
		class := classify(err)
		if (class == site.ErrTimeout || class == site.ErrOther) && cr.retry(r.Ctx, 0) {
			return
		}
		cr.recordResult(orig, result{errClass: class, err: shortErr(err)})
	})
	cr.coll = c
	return nil
}

func finalIfMoved(r *colly.Response) string {
	if f := r.Request.URL.String(); f != r.Ctx.Get(ctxURL) {
		return f
	}
	return ""
}

// target returns the record for u, creating it. Callers hold no lock.
func (cr *crawler) target(u string, kind site.LinkKind) *target {
	cr.mu.Lock()
	defer cr.mu.Unlock()
	return cr.targetLocked(u, kind)
}

func (cr *crawler) targetLocked(u string, kind site.LinkKind) *target {
	t, ok := cr.targets[u]
	if !ok {
		t = &target{res: &site.Resource{URL: u, Kind: kind}}
		cr.targets[u] = t
	}
	return t
}

// handlePage extracts a fetched HTML page and schedules its links.
func (cr *crawler) handlePage(orig, final string, hops []string, status int, ct string, body []byte, depth int, validators [2]string) {
	// Done only after the page's links are queued: the driver ends the crawl
	// when nothing is queued or in flight.
	defer cr.crawlDone()
	if site.LooksBinary(body) {
		// A file served as a page: recorded, never extracted (its "text"
		// would be garbage that rules could mistake for content).
		cr.mu.Lock()
		t := cr.targetLocked(orig, site.KindAnchor)
		t.res.Status, t.res.ContentType, t.res.Crawled = status, ct, false
		t.res.NotChecked = "以网页类型返回的二进制文件，未解析内容"
		cr.mu.Unlock()
		return
	}
	sum := fnv.New64a()
	sum.Write(body)
	digest := sum.Sum64()
	// Redirect stubs are tiny and often identical in every folder
	// (refresh to "index.shtml"): a small body is looked at before it is
	// called the same page as another.
	small := len(body) <= 8<<10
	if !small && cr.sameBodyAs(orig, digest, status, ct) {
		return
	}
	// Up to 8×Concurrency responses can be in hand at once; parsing them
	// all at once on two cores held hundreds of parse trees (35 MB at
	// 100,000 pages) for no gain in speed. Others wait with just the body.
	cr.extractSlots <- struct{}{}
	html, cs := site.Decode(site.StripNUL(body), ct)
	p := site.Extract(final, html)
	<-cr.extractSlots
	if !cr.noFollow {
		if base, err := url.Parse(p.URL); err == nil {
			if to := redirectStub(p, base); to != "" && cr.followStub(orig, to, status, depth, hops) {
				return
			}
		}
	}
	if small && cr.sameBodyAs(orig, digest, status, ct) {
		return
	}
	p.URL = orig
	if final != orig {
		p.FinalURL = final
	}
	p.Status = status
	p.Depth = depth
	p.Charset = cs
	p.Digest = digest
	p.ETag, p.LastModified = validators[0], validators[1]
	cr.expandLists(p, html)
	cr.addPage(orig, p, ct, hops)
}

// sameBodyAs reports (and records) a page whose body was already crawled
// under another address (/col/ and /col/index.html): a second record would
// double every finding about it. Fetch (verify) asks for each page by
// name, so there every page is extracted.
func (cr *crawler) sameBodyAs(orig string, digest uint64, status int, ct string) bool {
	cr.mu.Lock()
	defer cr.mu.Unlock()
	first, seen := cr.bodies[digest]
	if !seen {
		cr.bodies[digest] = orig
		return false
	}
	if first == orig || cr.noFollow {
		return false
	}
	t := cr.targetLocked(orig, site.KindAnchor)
	t.res.Status, t.res.ContentType, t.res.Crawled = status, ct, true
	t.res.FinalURL = first
	return true
}

// reusePage takes the previous crawl's record of a page the server says is
// unchanged (304 Not Modified): nothing downloaded, nothing re-extracted.
func (cr *crawler) reusePage(orig string, prev *site.Page, depth int) {
	defer cr.crawlDone()
	cr.nReused.Add(1)
	if prev.Digest != 0 && cr.sameBodyAs(orig, prev.Digest, prev.Status, "text/html") {
		return
	}
	// The record itself is taken over, not copied: each URL is requested
	// once, and a copy would keep two records of every unchanged page.
	prev.URL, prev.Depth = orig, depth
	cr.addPage(orig, prev, "text/html", nil)
}

// addPage records an extracted page and queues its links.
func (cr *crawler) addPage(orig string, p *site.Page, ct string, hops []string) {
	final := p.FinalOrURL()
	cr.mu.Lock()
	t := cr.targetLocked(orig, site.KindAnchor)
	t.res.Status = p.Status
	t.res.Crawled = true
	t.res.ContentType = ct
	t.res.Redirects = hops
	if final != orig {
		t.res.FinalURL = final
	}
	dup := cr.extracted[final]
	cr.extracted[final] = true
	cr.extracted[orig] = true
	if !dup {
		cr.pages = append(cr.pages, p)
	}
	cr.mu.Unlock()
	if dup {
		return // reached twice through redirects: one page record is enough
	}
	cr.nPages.Add(1)
	if cr.opts.Snapshot != nil {
		if err := cr.opts.Snapshot.WritePage(p); err != nil {
			cr.snapErr.CompareAndSwap(nil, &err)
		}
	}
	cr.followAll(p, orig)
	p.Spill(cr.opts.Bodies)
}

// addRef counts a linking page and keeps it if it is among the first
// MaxReferrers in sorted order (so the list does not depend on crawl order).
// Callers pass each (page, target) pair once.
func (t *target) addRef(ref string) {
	i := sort.SearchStrings(t.refs, ref)
	if i < len(t.refs) && t.refs[i] == ref {
		return
	}
	t.nrefs++
	if i >= site.MaxReferrers {
		return
	}
	if len(t.refs) == site.MaxReferrers {
		t.refs = t.refs[:len(t.refs)-1]
	}
	t.refs = append(t.refs, "")
	copy(t.refs[i+1:], t.refs[i:])
	t.refs[i] = ref
}

// followAll follows every link and script page URL of a page, each target
// once (a link may appear as <a> and <img>, a pager URL also as a link).
func (cr *crawler) followAll(p *site.Page, ref string) {
	links, pageURLs := p.Outgoing(), p.ListPageURLs()
	seen := make(map[string]bool, len(links)+len(pageURLs))
	for _, l := range links {
		if !seen[l.URL] {
			seen[l.URL] = true
			cr.follow(ref, l.URL, l.Text, l.Kind, p.Depth+1)
		}
	}
	for _, pu := range pageURLs {
		if !seen[pu] {
			seen[pu] = true
			cr.follow(ref, pu, "", site.KindAnchor, p.Depth+1)
		}
	}
}

// follow records that page ref links to u and schedules u once.
func (cr *crawler) follow(ref, u, text string, kind site.LinkKind, depth int) {
	pu, err := url.Parse(u)
	if err != nil {
		return
	}
	crawlable := (kind == site.KindAnchor || kind == site.KindFrame) && cr.onSite(pu) && !isAsset(pu)

	cr.mu.Lock()
	t := cr.targetLocked(u, kind)
	if ref != u {
		t.addRef(ref)
	}
	if text != "" && (t.res.Anchor == "" || ref < t.anchorRef) {
		t.res.Anchor, t.anchorRef = text, ref
	}
	if t.scheduled || cr.noFollow {
		cr.mu.Unlock()
		return
	}
	t.scheduled = true
	if why := cr.filtered(u, cr.onSite(pu)); why != "" {
		t.res.NotChecked = why
		cr.mu.Unlock()
		return
	}
	action := "check"
	if crawlable {
		if why := cr.traps.reason(pu); why != "" {
			t.res.NotChecked = "疑似无限URL（" + why + "），未抓取"
			cr.mu.Unlock()
			return
		}
		switch {
		case cr.opts.Depth > 0 && depth > cr.opts.Depth:
			// Beyond --depth: checked, not crawled.
		case cr.issued >= cr.opts.MaxPages:
			cr.truncated = true
		default:
			cr.issued++
			t.res.Crawled = true
			action = "crawl"
		}
	}
	if action == "crawl" && !cr.opts.IgnoreRobots {
		cr.mu.Unlock()
		ok := cr.robots.allowed(cr.ctx, pu)
		cr.mu.Lock()
		if !ok {
			t.res.NotChecked = "robots.txt 禁止抓取"
			t.res.Crawled = false
			cr.issued--
			action = ""
		}
	}
	cr.mu.Unlock()

	switch action {
	case "crawl":
		cr.visit(u, depth)
	case "check":
		cr.scheduleCheck(u)
	}
}

// visit queues a page for crawling. The frontier is a plain slice of URLs;
// the driver hands them to colly only while fewer than a few dozen are in
// flight, because each request handed to async colly becomes a goroutine
// waiting for its turn (~6 KB each: 100,000 waiting pages would be 600 MB).
func (cr *crawler) visit(u string, depth int) {
	cr.mu.Lock()
	cr.frontier = append(cr.frontier, frontierItem{url: u, depth: depth})
	cr.mu.Unlock()
	cr.notify()
}

type frontierItem struct {
	url   string
	depth int
}

func (cr *crawler) notify() {
	select {
	case cr.wake <- struct{}{}:
	default:
	}
}

// crawlDone marks one dispatched page request finished, whatever became of it.
func (cr *crawler) crawlDone() {
	cr.nCrawlDone.Add(1)
	cr.inflight.Add(-1)
	cr.notify()
}

// drive feeds the frontier to colly, a bounded number at a time, until
// nothing is queued or in flight (or the crawl is stopped).
func (cr *crawler) drive() {
	limit := dispatchLimit(cr.opts.Concurrency, cr.opts.Rate)
	for !ctxDone(cr.ctx) {
		cr.mu.Lock()
		var batch []frontierItem
		for len(cr.frontier) > 0 && cr.inflight.Load()+int64(len(batch)) < limit {
			batch = append(batch, cr.frontier[0])
			cr.frontier = cr.frontier[1:]
		}
		empty := len(cr.frontier) == 0
		cr.mu.Unlock()
		for _, it := range batch {
			cr.dispatch(it.url, it.depth)
		}
		if len(batch) > 0 {
			continue
		}
		if empty && cr.inflight.Load() <= 0 {
			break
		}
		select {
		case <-cr.wake:
		case <-cr.ctx.Done():
		case <-time.After(2 * time.Second):
			if empty {
				// Safety net: once colly is idle nothing is in flight,
				// whatever the counter says.
				cr.coll.Wait()
				cr.inflight.Store(0)
			}
		}
	}
	cr.coll.Wait()
}

// dispatchLimit is how many pages drive hands colly ahead of their fetch:
// each is a goroutine parked on colly's parallelism or the host's pace. At
// full speed a deep queue keeps the connections busy; at --rate r a page
// waits its turn anyway, and 2×concurrency + r pages (a second's worth
// beyond the connections) keep the pace as fully. A worker scanning 200
// sites at 2 req/s otherwise parked 28 idle goroutines per site (issue 14,
// BENCHMARKS.md).
func dispatchLimit(concurrency int, rate float64) int64 {
	limit := int64(max(8*concurrency, 32))
	if rate > 0 {
		limit = min(limit, int64(2*concurrency)+int64(math.Ceil(rate)))
	}
	return limit
}

// dispatch hands one page to colly.
func (cr *crawler) dispatch(u string, depth int) {
	cr.inflight.Add(1)
	ctx := colly.NewContext() // fresh per request: Request.Visit would share the parent's
	ctx.Put(ctxURL, u)
	ctx.Put(ctxDepth, strconv.Itoa(depth))
	if err := cr.coll.Request(http.MethodGet, u, nil, ctx, cr.conditional(u)); err != nil {
		if !ctxDone(cr.ctx) {
			cr.recordResult(u, result{errClass: site.ErrOther, err: shortErr(err)})
		}
	}
}

// startCheckers starts the link checkers: they check what cr.checks brings
// until it is closed. Wait on the group for them to finish.
func (cr *crawler) startCheckers() *sync.WaitGroup {
	var wg sync.WaitGroup
	for range max(cr.opts.Concurrency, 2) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range cr.checks {
				cr.nCheckQueue.Add(-1)
				cr.runCheck(u)
			}
		}()
	}
	return &wg
}

func (cr *crawler) scheduleCheck(u string) {
	if ctxDone(cr.ctx) {
		return
	}
	cr.nCheckQueue.Add(1)
	select {
	case cr.checks <- u:
	case <-cr.ctx.Done():
		cr.nCheckQueue.Add(-1)
	}
}

func (cr *crawler) runCheck(u string) {
	if ctxDone(cr.ctx) {
		return
	}
	var r result
	if pu, err := url.Parse(u); err == nil && cr.wantsText(pu) {
		var a *site.Attachment
		r, a = cr.fetchAttachment(cr.ctx, u)
		for attempt := 1; attempt <= cr.checker.retries && transient(r); attempt++ {
			if !sleepCtx(cr.ctx, retryDelay(cr.checker.backoff, attempt, r.retryAfter)) {
				break
			}
			r, a = cr.fetchAttachment(cr.ctx, u)
		}
		if a != nil {
			cr.mu.Lock()
			cr.attachments = append(cr.attachments, a)
			cr.mu.Unlock()
		}
	} else {
		r = cr.checker.check(cr.ctx, u)
		if pu, err := url.Parse(u); err == nil && r.errClass == "" && r.notChecked == "" {
			if a := cr.unreadableDocument(pu); a != nil {
				cr.mu.Lock()
				cr.attachments = append(cr.attachments, a)
				cr.mu.Unlock()
			}
		}
	}
	if ctxDone(cr.ctx) && r.errClass != "" {
		return // cancelled mid-check: not evidence of anything
	}
	cr.nChecked.Add(1)
	cr.recordResult(u, r)
}

func (cr *crawler) recordResult(u string, r result) {
	if u == "" {
		return
	}
	cr.mu.Lock()
	defer cr.mu.Unlock()
	t := cr.targetLocked(u, site.KindOther)
	t.res.Status = r.status
	t.res.ContentType = r.contentType
	t.res.ErrClass = r.errClass
	t.res.Err = r.err
	t.res.NotChecked = r.notChecked
	t.res.Blocked = r.blocked
	if r.finalURL != "" {
		t.res.FinalURL = r.finalURL
	}
	if len(r.redirects) > 0 {
		t.res.Redirects = r.redirects
	}
	t.offline = r.offline
	if r.errClass != "" {
		cr.nErrors.Add(1)
	}
	if t.res.Crawled {
		cr.crawlDone()
	}
}

func (cr *crawler) progress(began time.Time) (stop func()) {
	if cr.opts.OnProgress == nil {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(cr.opts.ProgressEvery)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				cr.opts.OnProgress(cr.stats(began))
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
		cr.opts.OnProgress(cr.stats(began))
	}
}

func (cr *crawler) stats(began time.Time) Stats {
	return Stats{
		Pages:      cr.nPages.Load(),
		Queued:     max(int64(cr.issuedCount())-cr.nCrawlDone.Load(), 0),
		Checked:    cr.nChecked.Load(),
		CheckQueue: max(cr.nCheckQueue.Load(), 0),
		Errors:     cr.nErrors.Load(),
		Elapsed:    time.Since(began),
	}
}

func (cr *crawler) issuedCount() int {
	cr.mu.Lock()
	defer cr.mu.Unlock()
	return cr.issued
}

// result assembles the Site in a stable order.
func (cr *crawler) result() *site.Site {
	cr.mu.Lock()
	defer cr.mu.Unlock()
	s := &site.Site{Start: cr.start.String(), Host: cr.start.Host, Complete: true, Fetch: cr.fetch, Probe: cr.probe}
	if err := cr.ctx.Err(); err != nil {
		s.Complete = false
		s.StopReason = stopReason(context.Cause(cr.ctx))
	} else if cr.truncated {
		s.Complete = false
		s.StopReason = fmt.Sprintf("已达到 --max-pages 设定的%d页上限", cr.opts.MaxPages)
	}
	sort.Slice(cr.pages, func(i, j int) bool { return cr.pages[i].URL < cr.pages[j].URL })
	s.Pages = cr.pages
	cr.markOffline()
	for _, t := range cr.targets {
		if !t.scheduled {
			continue
		}
		if t.res.Crawled && t.res.Status == 0 && t.res.ErrClass == "" && t.res.NotChecked == "" {
			if !s.Complete {
				t.res.NotChecked = "扫描提前结束，未抓取"
			}
		}
		t.res.ReferrerCount = t.nrefs
		t.res.Referrers = t.refs
		s.Resources = append(s.Resources, t.res)
	}
	sort.Slice(s.Resources, func(i, j int) bool { return s.Resources[i].URL < s.Resources[j].URL })
	for _, a := range cr.attachments {
		if t, ok := cr.targets[a.URL]; ok {
			a.Referrers = t.res.Referrers
			if t.res.Anchor != "" {
				a.Name = t.res.Anchor
			}
		}
	}
	sort.Slice(cr.attachments, func(i, j int) bool { return cr.attachments[i].URL < cr.attachments[j].URL })
	s.Attachments = cr.attachments
	return s
}

// conditional returns the If-None-Match / If-Modified-Since headers for a
// page the previous crawl saw, or nil.
func (cr *crawler) conditional(u string) http.Header {
	prev := cr.opts.Previous[u]
	if prev == nil || (prev.ETag == "" && prev.LastModified == "") {
		return nil
	}
	h := http.Header{}
	h.Set("User-Agent", cr.opts.UserAgent)
	setValidators(h, prev.ETag, prev.LastModified)
	return h
}

// setValidators asks for the target only if it changed since a previous
// download that carried these validators.
func setValidators(h http.Header, etag, lastModified string) {
	if etag != "" {
		h.Set("If-None-Match", etag)
	}
	if lastModified != "" {
		h.Set("If-Modified-Since", lastModified)
	}
}
