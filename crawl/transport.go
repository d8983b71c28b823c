package crawl

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"

	"golang.org/x/time/rate"
)

// politeTransport paces every request, crawled or checked, per host. Pacing
// lives here rather than in colly's LimitRule.Delay because the latter ignores
// cancellation; a rate.Limiter waits on the request's context.
type politeTransport struct {
	base  http.RoundTripper
	rate  rate.Limit
	mu    sync.Mutex
	hosts map[string]*rate.Limiter
}

func newPoliteTransport(base http.RoundTripper, perSecond float64) *politeTransport {
	lim := rate.Inf
	if perSecond > 0 {
		lim = rate.Limit(perSecond)
	}
	return &politeTransport{base: base, rate: lim, hosts: map[string]*rate.Limiter{}}
}

func (t *politeTransport) limiter(host string) *rate.Limiter {
	t.mu.Lock()
	defer t.mu.Unlock()
	l, ok := t.hosts[host]
	if !ok {
		l = rate.NewLimiter(t.rate, 1)
		t.hosts[host] = l
	}
	return l
}

func (t *politeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	l := t.limiter(req.URL.Host)
	if l.Limit() != rate.Inf {
		if err := l.Wait(req.Context()); err != nil {
			return nil, err
		}
	}
	resp, err := t.base.RoundTrip(req)
	if err == nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
		t.slowDown(l)
	}
	return resp, err
}

// slowDown halves a host's request rate (down to one request every five
// seconds) when it answers 429 or 503: a host that starts failing gets
// slowed down, not hammered. An unlimited host drops to 2 requests/s.
func (t *politeTransport) slowDown(l *rate.Limiter) {
	t.mu.Lock()
	defer t.mu.Unlock()
	cur := l.Limit()
	next := cur / 2
	if cur == rate.Inf {
		next = 2
	}
	l.SetLimit(max(next, 0.2))
}

// errPrivateAddress is returned by the guarded dialer for an off-site target
// that resolves to a private or loopback address.
var errPrivateAddress = errors.New("private or loopback address")

// newBaseTransport returns the HTTP transport. When guardPrivate is set, it
// refuses to connect to private, loopback and link-local addresses: an
// off-site link must not make the checker probe the monitor's own network.
func newBaseTransport(concurrency int, timeout time.Duration, guardPrivate bool) *http.Transport {
	dialer := &net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second}
	if guardPrivate {
		dialer.Control = func(_, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			if ip := net.ParseIP(host); ip != nil && isPrivateIP(ip) {
				return fmt.Errorf("%s: %w", host, errPrivateAddress)
			}
			return nil
		}
	}
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   max(concurrency, 2),
		MaxConnsPerHost:       max(concurrency, 1),
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		ExpectContinueTimeout: time.Second,
		ForceAttemptHTTP2:     true,
	}
}

func isPrivateIP(ip net.IP) bool {
	return ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() ||
		ip.IsLinkLocalMulticast() || ip.IsUnspecified() || ip.IsInterfaceLocalMulticast()
}

// hostIsPrivate reports whether a URL host is a literal private/loopback
// address or localhost; such a start URL permits private targets.
func hostIsPrivate(host string) bool {
	if host == "localhost" || hasSuffixFold(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && isPrivateIP(ip)
}

func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && equalFold(s[len(s)-len(suffix):], suffix)
}

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// ctxErr is a helper for callers that must tell cancellation from failure.
func ctxDone(ctx context.Context) bool { return ctx.Err() != nil }
