package crawl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
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
}

// blockedStatus names statuses that WAFs answer with instead of the page:
// 412 has no other use without conditional request headers.
func blockedStatus(status int) string {
	if status == http.StatusPreconditionFailed {
		return "HTTP 412（疑似防火墙拦截）"
	}
	return ""
}

func newChecker(rt http.RoundTripper, timeout time.Duration, ua string) *checker {
	return &checker{
		client: &http.Client{
			Transport:     rt,
			Timeout:       timeout,
			CheckRedirect: redirectPolicy(nil),
		},
		userAgent: ua,
		retries:   1,
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
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return r
			case <-time.After(time.Duration(attempt) * 500 * time.Millisecond):
			}
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
		return result{errClass: site.ErrOther, err: err.Error()}
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
		return result{errClass: classify(err), err: shortErr(err), redirects: hops}
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

// shortErr drops the repeated "Head \"url\":" prefix net/http adds.
func shortErr(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

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
