package crawl

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gongkai/gongkai/site"
)

// ProbeNet replaces how the site probe reaches the network: tests, and the
// demo, whose copy on loopback stands for a named host. Nil fields mean
// this machine's own DNS (Options.Resolver), routes and trusted roots.
type ProbeNet struct {
	// Host is the name a copy on loopback stands for: the probe judges it
	// (through Options.Resolver and Dial) where it would otherwise say
	// nothing of a loopback start.
	Host string
	// Dial opens the probe's TCP connections ("tcp6" for the request over
	// IPv6, "tcp" otherwise).
	Dial func(ctx context.Context, network, address string) (net.Conn, error)
	// Roots are the certificate authorities trusted.
	Roots *x509.CertPool
	// HasIPv6 says whether this machine can reach IPv6 hosts.
	HasIPv6 func() bool
	// Now is the time certificates are judged at.
	Now func() time.Time
}

// probeProxy is the proxy the environment sets for a request (a test
// replaces it: net/http reads the environment once per process).
var probeProxy = http.ProxyFromEnvironment

// probeTimeout bounds each of the probe's steps (lookup, handshake,
// request); the probe makes at most two requests.
const probeTimeout = 10 * time.Second

// startProbe runs the site probe beside the crawl, once per scan; the
// returned channel closes when its result is in cr.probe.
func (cr *crawler) startProbe() <-chan struct{} {
	done := make(chan struct{})
	host, final, ok := cr.probeTarget()
	if !ok {
		close(done)
		return done
	}
	go func() {
		defer close(done)
		p := cr.runProbe(host, final)
		if ctxDone(cr.ctx) {
			return // cut short: its "untested" would be the interruption's, not the site's
		}
		cr.mu.Lock()
		cr.probe = p
		cr.mu.Unlock()
	}()
	return done
}

// probeTarget is the host the probe judges and the start page's final URL,
// or ok false when nothing may be judged: a start on loopback or an IP
// address (a copy: its host is not the site's), or --resolve (the name is
// real but its addresses are the user's, not DNS's).
func (cr *crawler) probeTarget() (host string, final *url.URL, ok bool) {
	if cr.opts.Replay != nil {
		return "", nil, false // an archive: the site's network is not there to judge
	}
	final = cr.startFinal
	if final == nil {
		final = cr.start
	}
	pn := cr.opts.Probe
	if pn != nil && pn.Host != "" {
		return strings.ToLower(pn.Host), final, true
	}
	h := final.Hostname()
	if len(cr.opts.Resolve) > 0 || hostIsPrivate(h) || net.ParseIP(h) != nil {
		return "", nil, false
	}
	return strings.ToLower(h), final, true
}

// runProbe looks up the host's IPv6 addresses and, where this machine has
// IPv6, fetches the start page over one; then it judges HTTPS: the
// certificate on port 443 of a site crawled over http://, or whether
// http:// redirects to a site crawled over https://.
func (cr *crawler) runProbe(host string, final *url.URL) *site.Probe {
	p := &site.Probe{Host: host}
	pn := cr.probeNet()
	if cr.opts.Probe == nil || cr.opts.Probe.Dial == nil {
		// Through a proxy, this machine's own DNS and routes are not the
		// way the site is reached: judge nothing rather than blame the
		// site. (An injected dialer is the route itself.)
		if u, err := probeProxy(&http.Request{URL: final}); err != nil || u != nil {
			p.IPv6 = site.IPv6Probe{State: site.ProbeUntested, Why: "proxy"}
			p.HTTPS = site.HTTPSProbe{State: site.ProbeUntested}
			return p
		}
	}
	p.IPv6 = cr.probeIPv6(pn, host, final)
	p.HTTPS = cr.probeHTTPS(pn, host, final)
	return p
}

// probeNet fills in the defaults of Options.Probe.
func (cr *crawler) probeNet() ProbeNet {
	var pn ProbeNet
	if cr.opts.Probe != nil {
		pn = *cr.opts.Probe
	}
	if pn.Dial == nil {
		d := &net.Dialer{Timeout: probeTimeout, Resolver: cr.opts.Resolver}
		pn.Dial = d.DialContext
	}
	if pn.HasIPv6 == nil {
		pn.HasIPv6 = hasIPv6Route
	}
	if pn.Now == nil {
		pn.Now = time.Now
	}
	return pn
}

// hasIPv6Route asks the kernel for a route to a public IPv6 address:
// connecting a UDP socket sends nothing.
func hasIPv6Route() bool {
	c, err := net.Dial("udp6", "[2400:3200::1]:53")
	if err != nil {
		return false
	}
	c.Close()
	return true
}

func (cr *crawler) probeIPv6(pn ProbeNet, host string, final *url.URL) site.IPv6Probe {
	ctx, cancel := context.WithTimeout(cr.ctx, probeTimeout)
	defer cancel()
	resolver := cr.opts.Resolver
	if resolver == nil {
		resolver = net.DefaultResolver
	}
	// Both families in one question: a name with no address at all means
	// this machine's DNS does not answer (the site was fetched by it), not
	// that the site lacks IPv6.
	ips, err := resolver.LookupIP(ctx, "ip", host)
	if err != nil || len(ips) == 0 {
		return site.IPv6Probe{State: site.ProbeUntested, Why: string(site.ErrDNS)}
	}
	var v6 []string
	for _, ip := range ips {
		if ip.To4() == nil {
			v6 = append(v6, ip.String())
		}
	}
	if len(v6) == 0 {
		return site.IPv6Probe{State: site.ProbeNoAAAA}
	}
	res := site.IPv6Probe{Addrs: v6}
	if !pn.HasIPv6() {
		res.State, res.Why = site.ProbeUntested, "no-route"
		return res
	}
	// The start page, asked of the first IPv6 address (a copy standing
	// for a name is asked under the name, on the scheme's port).
	u := *final
	u.Host = host
	if port := final.Port(); port != "" && (cr.opts.Probe == nil || cr.opts.Probe.Host == "") {
		u.Host = net.JoinHostPort(host, port)
	}
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	addr := net.JoinHostPort(v6[0], port)
	tr := cr.probeTransport(pn, host, func(ctx context.Context, _, _ string) (net.Conn, error) {
		return pn.Dial(ctx, "tcp6", addr)
	})
	defer tr.CloseIdleConnections()
	resp, err := cr.probeGet(ctx, tr, u.String())
	switch {
	case err != nil:
		res.State, res.Why = site.ProbeIPv6Failed, string(classify(err))
	case resp.StatusCode >= 400:
		res.State, res.Why, res.Status = site.ProbeIPv6Failed, string(site.ErrHTTPStatus), resp.StatusCode
	default:
		res.State = site.ProbeOK
	}
	return res
}

func (cr *crawler) probeHTTPS(pn ProbeNet, host string, final *url.URL) site.HTTPSProbe {
	ctx, cancel := context.WithTimeout(cr.ctx, probeTimeout)
	defer cancel()
	if final.Scheme == "https" {
		// The crawl verified the certificate (it would not have started
		// otherwise); what is left is whether http:// leads here.
		if cr.start.Scheme == "http" {
			return site.HTTPSProbe{State: site.ProbeOK} // the start's own redirect showed it
		}
		tr := cr.probeTransport(pn, host, pn.Dial)
		defer tr.CloseIdleConnections()
		resp, err := cr.probeGet(ctx, tr, "http://"+host+"/")
		if err != nil || resp.StatusCode >= 400 {
			return site.HTTPSProbe{State: site.ProbeOK} // no plain HTTP served: nothing to redirect
		}
		loc := resp.Header.Get("Location")
		if resp.StatusCode >= 300 && resp.StatusCode < 400 && strings.HasPrefix(strings.ToLower(loc), "https://") {
			return site.HTTPSProbe{State: site.ProbeOK}
		}
		return site.HTTPSProbe{State: site.ProbeNoRedirect, Status: resp.StatusCode, Location: loc}
	}
	// Crawled over http://: is there HTTPS at all, and is its certificate
	// good? The handshake verifies nothing itself, so that a bad
	// certificate can be told apart from none.
	conn, err := pn.Dial(ctx, "tcp", net.JoinHostPort(host, "443"))
	if err != nil {
		return site.HTTPSProbe{State: site.ProbeNoHTTPS}
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	tc := tls.Client(conn, &tls.Config{ServerName: host, InsecureSkipVerify: true}) //nolint:gosec // verified below, to tell why it fails
	if err := tc.HandshakeContext(ctx); err != nil {
		return site.HTTPSProbe{State: site.ProbeNoHTTPS}
	}
	certs := tc.ConnectionState().PeerCertificates
	if len(certs) == 0 {
		return site.HTTPSProbe{State: site.ProbeNoHTTPS}
	}
	leaf := certs[0]
	res := site.HTTPSProbe{NotBefore: leaf.NotBefore, NotAfter: leaf.NotAfter, Names: leaf.DNSNames, Issuer: leaf.Issuer.CommonName}
	if len(res.Names) == 0 && leaf.Subject.CommonName != "" {
		res.Names = []string{leaf.Subject.CommonName}
	}
	inter := x509.NewCertPool()
	for _, c := range certs[1:] {
		inter.AddCert(c)
	}
	_, err = leaf.Verify(x509.VerifyOptions{DNSName: host, Roots: pn.Roots, Intermediates: inter, CurrentTime: pn.Now()})
	res.State = certState(err)
	if res.State == site.ProbeOK {
		// HTTPS works, yet the site was served over http:// without a
		// redirect to it.
		res.State = site.ProbeNoRedirect
	}
	return res
}

// certState names why a certificate was rejected.
func certState(err error) site.ProbeState {
	var invalid x509.CertificateInvalidError
	var unknown x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	switch {
	case err == nil:
		return site.ProbeOK
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return site.ProbeExpired
	case errors.As(err, &unknown):
		return site.ProbeUntrusted
	case errors.As(err, &hostErr):
		return site.ProbeWrongHost
	}
	return site.ProbeBadCert
}

// probeTransport is a one-off transport through dial, verifying
// certificates for host against the probe's roots, without a proxy.
func (cr *crawler) probeTransport(pn ProbeNet, host string, dial func(ctx context.Context, network, addr string) (net.Conn, error)) *http.Transport {
	return &http.Transport{
		DialContext:           dial,
		TLSClientConfig:       &tls.Config{ServerName: host, RootCAs: pn.Roots},
		TLSHandshakeTimeout:   probeTimeout,
		ResponseHeaderTimeout: probeTimeout,
		DisableKeepAlives:     true,
	}
}

// probeGet asks for u once, following no redirect, and reads none of the
// body.
func (cr *crawler) probeGet(ctx context.Context, tr http.RoundTripper, u string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", cr.opts.UserAgent)
	resp, err := tr.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	return resp, nil
}
