package crawl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"syscall"
	"time"

	"golang.org/x/time/rate"
)

// politeTransport paces every request, crawled or checked, per host, and
// applies the per-request timeout after pacing. Pacing lives here rather
// than in colly's LimitRule.Delay, which ignores cancellation; and the
// timeout lives here rather than in http.Client.Timeout, whose clock would
// run while a request waits its turn, so a slowed-down host would look
// like one that times out.
type politeTransport struct {
	base    http.RoundTripper
	rate    rate.Limit
	timeout time.Duration
	mu      sync.Mutex
	hosts   map[string]*hostPace
}

// hostPace is one host's limiter and its run of good answers since it was
// last slowed down.
type hostPace struct {
	lim  *rate.Limiter
	good int
}

func newPoliteTransport(base http.RoundTripper, perSecond float64, timeout time.Duration) *politeTransport {
	lim := rate.Inf
	if perSecond > 0 {
		lim = rate.Limit(perSecond)
	}
	return &politeTransport{base: base, rate: lim, timeout: timeout, hosts: map[string]*hostPace{}}
}

func (t *politeTransport) host(h string) *hostPace {
	t.mu.Lock()
	defer t.mu.Unlock()
	hp, ok := t.hosts[h]
	if !ok {
		hp = &hostPace{lim: rate.NewLimiter(t.rate, 1)}
		t.hosts[h] = hp
	}
	return hp
}

func (t *politeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	hp := t.host(req.URL.Host)
	if hp.lim.Limit() != rate.Inf {
		if err := hp.lim.Wait(req.Context()); err != nil {
			return nil, err
		}
	}
	ctx, cancel := context.WithTimeout(req.Context(), t.timeout)
	resp, err := t.base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		return nil, err
	}
	// The timeout covers reading the body too; it ends when the body is
	// closed.
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	t.observe(hp, resp.StatusCode)
	return resp, nil
}

type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

// observe slows a host down when it answers 429 or 503 (halving its rate,
// down to one request every five seconds; an unlimited host drops to 2
// requests/s) and speeds it up again, doubling, after every 10 good
// answers in a row, back to the configured rate: a host that starts failing
// gets slowed down, not hammered, and a passing hiccup does not slow the
// rest of the crawl.
func (t *politeTransport) observe(hp *hostPace, status int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	cur := hp.lim.Limit()
	switch {
	case status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable:
		hp.good = 0
		next := cur / 2
		if cur == rate.Inf {
			next = 2
		}
		hp.lim.SetLimit(max(next, 0.2))
	case status < 400 && cur != t.rate:
		hp.good++
		if hp.good >= 10 {
			hp.good = 0
			next := cur * 2
			if t.rate != rate.Inf && next >= t.rate || t.rate == rate.Inf && next > 64 {
				next = t.rate
			}
			hp.lim.SetLimit(next)
		}
	}
}

// errPrivateAddress is returned by the guarded dialer for an off-site target
// that resolves to a private or loopback address.
var errPrivateAddress = errors.New("private or loopback address")

// newBaseTransport returns the HTTP transport. When guardPrivate is set, it
// refuses to connect to private, loopback and link-local addresses: an
// off-site link must not make the checker probe the monitor's own network.
func newBaseTransport(concurrency int, timeout time.Duration, guardPrivate bool, dial dialing) *http.Transport {
	dialer := &net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second, Resolver: dial.resolver}
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
	dialContext, proxy := dialer.DialContext, http.ProxyFromEnvironment
	if len(dial.resolve) > 0 {
		// A host the user mapped is dialled at the given address, without
		// the private-address guard (the mapping is the user's consent) and
		// without a proxy (which would resolve the name itself).
		direct := &net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second}
		dialContext = func(ctx context.Context, network, address string) (net.Conn, error) {
			if to, ok := lookupResolve(dial.resolve, address); ok {
				return direct.DialContext(ctx, network, to)
			}
			return dialer.DialContext(ctx, network, address)
		}
		proxy = func(req *http.Request) (*url.URL, error) {
			if _, ok := lookupResolve(dial.resolve, canonicalAddr(req.URL)); ok {
				return nil, nil
			}
			return http.ProxyFromEnvironment(req)
		}
	}
	return &http.Transport{
		Proxy:                 proxy,
		DialContext:           dialContext,
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

// dialing is how host names become connections: the user's --resolve
// mappings and an injected resolver.
type dialing struct {
	resolve  map[string]string
	resolver *net.Resolver
}

// canonicalAddr is the "host:port" a request to u dials.
func canonicalAddr(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" {
			port = "443"
		}
	}
	return net.JoinHostPort(u.Hostname(), port)
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
