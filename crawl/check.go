package crawl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gongkai/gongkai/site"
)

// checker checks targets that are not crawled: HEAD first, GET when HEAD is
// refused or fails, because many government servers mishandle HEAD (405, 403,
// 500 or a dropped connection) while serving GET fine.
type checker struct {
	client    *http.Client
	userAgent string
	retries   int
	backoff   time.Duration
}

// result is what one check learned.
type result struct {
	status      int
	finalURL    string
	redirects   []string
	contentType string
	errClass    site.ErrClass
	err         string
	notChecked  string
	blocked     string
	retryAfter  time.Duration // from a Retry-After header
	// offline: the name did not resolve or the network is unreachable,
	// what every off-site link gives on a machine without network.
	offline bool
}

// maxRetryAfter caps how long a Retry-After header can make us wait.
const maxRetryAfter = time.Minute

// retryDelay is the wait before retry number attempt: exponential backoff,
// or the server's Retry-After when it asks for longer.
func retryDelay(base time.Duration, attempt int, retryAfter time.Duration) time.Duration {
	d := base << (attempt - 1)
	if retryAfter > d {
		d = min(retryAfter, maxRetryAfter)
	}
	return d
}

// parseRetryAfter reads a Retry-After header: seconds or an HTTP date.
func parseRetryAfter(h string, now time.Time) time.Duration {
	if h == "" {
		return 0
	}
	if secs, err := strconv.Atoi(strings.TrimSpace(h)); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// sleepCtx waits d or until ctx ends; it reports whether the wait finished.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// blockedStatus names statuses that WAFs answer with instead of the page:
// 412 has no other use without conditional request headers.
func blockedStatus(status int) string {
	if status == http.StatusPreconditionFailed {
		return "HTTP 412（疑似防火墙拦截）"
	}
	return ""
}

func newChecker(rt http.RoundTripper, ua string) *checker {
	return &checker{
		retries: 2,
		backoff: time.Second,
		client: &http.Client{
			Transport:     rt,
			CheckRedirect: redirectPolicy(nil),
		},
		userAgent: ua,
	}
}

// redirectPolicy enforces the 10-hop limit, stops loops, refuses non-HTTP
// schemes (a redirect to file:// must never be followed) and, when stop is
// given, returns the redirect response itself for targets stop rejects.
func redirectPolicy(stop func(*url.URL) bool) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		recordHop(req)
		if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
			return fmt.Errorf("%w: %q", errBadScheme, req.URL.Scheme)
		}
		next := req.URL.String()
		for _, v := range via {
			if v.URL.String() == next {
				return errRedirectLoop
			}
		}
		if len(via) >= 10 {
			return errTooManyRedirects
		}
		if stop != nil && stop(req.URL) {
			return http.ErrUseLastResponse
		}
		return nil
	}
}

func (c *checker) check(ctx context.Context, target string) result {
	var r result
	for attempt := 0; attempt <= c.retries; attempt++ {
		if attempt > 0 && !sleepCtx(ctx, retryDelay(c.backoff, attempt, r.retryAfter)) {
			return r
		}
		r = c.once(ctx, http.MethodHead, target)
		if r.notChecked == "" && (r.errClass != "" || r.status >= 400) && r.errClass != site.ErrDNS {
			// HEAD refused or failed: GET decides.
			r = c.once(ctx, http.MethodGet, target)
		}
		if !transient(r) {
			break
		}
	}
	return r
}

// transient reports whether a failure may go away on a retry.
func transient(r result) bool {
	switch {
	case r.errClass == site.ErrTimeout, r.errClass == site.ErrOther:
		return true
	case r.status == http.StatusTooManyRequests, r.status >= 500 && r.status != http.StatusNotImplemented:
		return true
	}
	return false
}

func (c *checker) once(ctx context.Context, method, target string) result {
	req, err := http.NewRequestWithContext(ctx, method, target, nil)
	if err != nil {
		return result{errClass: site.ErrOther, err: shortErr(err)}
	}
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "*/*")
	var hops []string
	req = req.WithContext(withHops(ctx, &hops))
	resp, err := c.client.Do(req)
	if err != nil {
		if errors.Is(err, errPrivateAddress) {
			return result{notChecked: "目标为内网或本机地址（未加 --allow-private）"}
		}
		if errors.Is(err, ErrNotArchived) {
			return result{notChecked: NotCheckedNotArchived}
		}
		return result{errClass: classify(err), err: shortErr(err), redirects: hops, offline: unreachable(err)}
	}
	defer resp.Body.Close()
	// The status decides, but the first bytes tell a WAF challenge from a
	// page; reading only a little lets the connection be reused without
	// downloading a whole attachment.
	head, _ := io.ReadAll(io.LimitReader(resp.Body, 16<<10))
	r := result{
		status:      resp.StatusCode,
		contentType: resp.Header.Get("Content-Type"),
		redirects:   hops,
		blocked:     blockedStatus(resp.StatusCode),
		retryAfter:  parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()),
	}
	if isHTMLType(r.contentType) {
		if c := site.Challenge(head); c != "" {
			r.blocked = c
		}
	}
	if final := resp.Request.URL.String(); final != target {
		r.finalURL = final
	}
	if resp.StatusCode >= 400 {
		r.errClass = site.ErrHTTPStatus
		r.err = resp.Status
	}
	return r
}

// shortErr is what a finding's evidence says about a request error: one
// Chinese phrase (describeErr), never the Go error's text.
func shortErr(err error) string { return describeErr(err) }

type hopsKey struct{}

// withHops lets the redirect policy record each hop of a chain.
func withHops(ctx context.Context, hops *[]string) context.Context {
	return context.WithValue(ctx, hopsKey{}, hops)
}

// recordHop appends a redirect hop to the chain carried by the request.
func recordHop(req *http.Request) {
	if hops, ok := req.Context().Value(hopsKey{}).(*[]string); ok {
		*hops = append(*hops, req.URL.String())
	}
}
