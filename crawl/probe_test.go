package crawl

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gongkai/gongkai/site"
)

// testCA is a certificate authority made by the test; the probe trusts it
// through ProbeNet.Roots, never the system's roots.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pool *x509.CertPool
}

func newTestCA(t *testing.T) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "gongkai test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &testCA{cert: cert, key: key, pool: pool}
}

// leaf makes a server certificate for hosts valid until notAfter, signed
// by the CA or, when selfSigned, by itself.
func (ca *testCA) leaf(t *testing.T, hosts []string, notAfter time.Time, selfSigned bool) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: hosts[0]},
		DNSNames: hosts, NotBefore: notAfter.Add(-48 * time.Hour), NotAfter: notAfter,
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	parent, signer := ca.cert, ca.key
	if selfSigned {
		parent, signer = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, signer)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

func tlsServer(t *testing.T, cert tls.Certificate) string {
	t.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("<html><title>首页</title></html>"))
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv.Listener.Addr().String()
}

func plainServer(t *testing.T, network string, h http.HandlerFunc) string {
	t.Helper()
	addr := "127.0.0.1:0"
	if network == "tcp6" {
		addr = "[::1]:0"
	}
	ln, err := net.Listen(network, addr)
	if err != nil {
		t.Skipf("no %s loopback here: %v", network, err)
	}
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: h}}
	srv.Start()
	t.Cleanup(srv.Close)
	return ln.Addr().String()
}

// mapDial dials the loopback address mapped for each "host:port"; any
// other address is refused, as a closed port is.
func mapDial(m map[string]string) func(context.Context, string, string) (net.Conn, error) {
	return func(ctx context.Context, network, address string) (net.Conn, error) {
		to, ok := m[address]
		if !ok {
			return nil, &net.OpError{Op: "dial", Net: network, Err: syscall.ECONNREFUSED}
		}
		var d net.Dialer
		return d.DialContext(ctx, network, to)
	}
}

func TestSiteProbe(t *testing.T) {
	const host = "www.example.gov.cn"
	ca := newTestCA(t)
	future := time.Now().Add(24 * time.Hour)
	good := tlsServer(t, ca.leaf(t, []string{host}, future, false))
	expired := tlsServer(t, ca.leaf(t, []string{host}, time.Now().Add(-time.Hour), false))
	selfSigned := tlsServer(t, ca.leaf(t, []string{host}, future, true))
	wrongHost := tlsServer(t, ca.leaf(t, []string{"other.example.gov.cn"}, future, false))
	ok := func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("ok")) }
	plain := plainServer(t, "tcp4", ok)
	toHTTPS := plainServer(t, "tcp4", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://"+host+"/", http.StatusMovedPermanently)
	})
	v6ok := plainServer(t, "tcp6", ok)
	v6forbidden := plainServer(t, "tcp6", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "forbidden", http.StatusForbidden)
	})
	v4 := net.ParseIP("192.0.2.10")
	both := map[string][]net.IP{host: {v4, net.ParseIP("::1")}}
	v4only := map[string][]net.IP{host: {v4}}

	tests := []struct {
		name         string
		start, final string
		dns          map[string][]net.IP
		dial         map[string]string
		hasIPv6      bool
		want6        site.ProbeState
		why6         string
		wantTLS      site.ProbeState
	}{
		{name: "ipv6 served, https without redirect", start: "http://" + host + "/", dns: both, hasIPv6: true,
			dial:  map[string]string{"[::1]:80": v6ok, host + ":443": good},
			want6: site.ProbeOK, wantTLS: site.ProbeNoRedirect},
		{name: "no AAAA, nothing on 443", start: "http://" + host + "/", dns: v4only, hasIPv6: true,
			want6: site.ProbeNoAAAA, wantTLS: site.ProbeNoHTTPS},
		{name: "no IPv6 on this machine, expired certificate", start: "http://" + host + "/", dns: both, hasIPv6: false,
			dial:  map[string]string{host + ":443": expired},
			want6: site.ProbeUntested, why6: "no-route", wantTLS: site.ProbeExpired},
		{name: "IPv6 answers 403, self-signed", start: "http://" + host + "/", dns: both, hasIPv6: true,
			dial:  map[string]string{"[::1]:80": v6forbidden, host + ":443": selfSigned},
			want6: site.ProbeIPv6Failed, why6: "http", wantTLS: site.ProbeUntrusted},
		{name: "IPv6 refused, certificate for another host", start: "http://" + host + "/", dns: both, hasIPv6: true,
			dial:  map[string]string{host + ":443": wrongHost},
			want6: site.ProbeIPv6Failed, why6: "refused", wantTLS: site.ProbeWrongHost},
		{name: "port 443 speaks plain HTTP", start: "http://" + host + "/", dns: v4only,
			dial:  map[string]string{host + ":443": plain},
			want6: site.ProbeNoAAAA, wantTLS: site.ProbeNoHTTPS},
		{name: "https site whose http:// redirects to it", start: "https://" + host + "/", dns: v4only,
			dial:  map[string]string{host + ":80": toHTTPS},
			want6: site.ProbeNoAAAA, wantTLS: site.ProbeOK},
		{name: "https site also served on http://", start: "https://" + host + "/", dns: v4only,
			dial:  map[string]string{host + ":80": plain},
			want6: site.ProbeNoAAAA, wantTLS: site.ProbeNoRedirect},
		{name: "https site without http://", start: "https://" + host + "/", dns: v4only,
			want6: site.ProbeNoAAAA, wantTLS: site.ProbeOK},
		{name: "http start redirected to https", start: "http://" + host + "/", final: "https://" + host + "/", dns: v4only,
			want6: site.ProbeNoAAAA, wantTLS: site.ProbeOK},
		{name: "DNS does not answer here", start: "http://" + host + "/", dns: map[string][]net.IP{},
			dial:  map[string]string{host + ":443": good},
			want6: site.ProbeUntested, why6: "dns", wantTLS: site.ProbeNoRedirect},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			has := tt.hasIPv6
			cr, err := newCrawler(context.Background(), Options{Start: tt.start, Resolver: StaticResolver(tt.dns),
				Probe: &ProbeNet{Dial: mapDial(tt.dial), Roots: ca.pool, HasIPv6: func() bool { return has }}}, 1)
			if err != nil {
				t.Fatal(err)
			}
			if tt.final != "" {
				cr.startFinal, _ = url.Parse(tt.final)
			}
			h, final, ok := cr.probeTarget()
			if !ok || h != host {
				t.Fatalf("probeTarget = %q, %v", h, ok)
			}
			p := cr.runProbe(h, final)
			if p.IPv6.State != tt.want6 || p.IPv6.Why != tt.why6 {
				t.Errorf("IPv6 = %+v, want %s (%s)", p.IPv6, tt.want6, tt.why6)
			}
			if p.HTTPS.State != tt.wantTLS {
				t.Errorf("HTTPS = %+v, want %s", p.HTTPS, tt.wantTLS)
			}
			if tt.want6 == site.ProbeOK || tt.want6 == site.ProbeIPv6Failed {
				if len(p.IPv6.Addrs) != 1 || p.IPv6.Addrs[0] != "::1" {
					t.Errorf("IPv6 addresses = %v", p.IPv6.Addrs)
				}
			}
			if tt.wantTLS == site.ProbeExpired && !p.HTTPS.NotAfter.Before(time.Now()) {
				t.Errorf("expired certificate's NotAfter = %v", p.HTTPS.NotAfter)
			}
		})
	}
}

// A copy on loopback or an IP address, or a name the user mapped with
// --resolve, is not probed: its host is not the real site's.
func TestProbeTarget(t *testing.T) {
	tests := []struct {
		start   string
		resolve map[string]string
		as      string
		want    string
	}{
		{start: "http://www.example.gov.cn/", want: "www.example.gov.cn"},
		{start: "https://WWW.Example.gov.cn:8443/index.html", want: "www.example.gov.cn"},
		{start: "http://127.0.0.1:8931/index.html"},
		{start: "http://localhost/"},
		{start: "http://[::1]:8080/"},
		{start: "http://203.0.113.7/"},
		{start: "http://www.example.gov.cn/", resolve: map[string]string{"www.example.gov.cn:80": "127.0.0.1:8931"}},
		{start: "http://127.0.0.1:8931/", as: "www.sfx.gov.cn", want: "www.sfx.gov.cn"},
	}
	for _, tt := range tests {
		o := Options{Start: tt.start, Resolve: tt.resolve}
		if tt.as != "" {
			o.Probe = &ProbeNet{Host: tt.as}
		}
		cr, err := newCrawler(context.Background(), o, 1)
		if err != nil {
			t.Fatal(err)
		}
		h, _, ok := cr.probeTarget()
		if h != tt.want || ok != (tt.want != "") {
			t.Errorf("%s (resolve %v, as %q): probe %q %v, want %q", tt.start, tt.resolve, tt.as, h, ok, tt.want)
		}
	}
}

// The probe runs once per scan and its result reaches the site model; a
// loopback start without a name to stand for is not probed.
func TestRunRecordsProbe(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<html><head><title>示范县人民政府</title></head><body>首页</body></html>"))
	}))
	defer srv.Close()
	if s := runCrawl(t, srv.URL+"/", func(o *Options) { o.IgnoreRobots = true }); s.Probe != nil {
		t.Errorf("a loopback start was probed: %+v", s.Probe)
	}
	addr := strings.TrimPrefix(srv.URL, "http://")
	s := runCrawl(t, srv.URL+"/", func(o *Options) {
		o.IgnoreRobots = true
		o.Resolver = StaticResolver(map[string][]net.IP{"www.sfx.gov.cn": {net.ParseIP("127.0.0.1")}})
		o.Probe = &ProbeNet{Host: "www.sfx.gov.cn", Dial: mapDial(map[string]string{"www.sfx.gov.cn:443": addr}),
			HasIPv6: func() bool { return true }}
	})
	if s.Probe == nil || s.Probe.Host != "www.sfx.gov.cn" || s.Probe.IPv6.State != site.ProbeNoAAAA || s.Probe.HTTPS.State != site.ProbeNoHTTPS {
		t.Errorf("probe = %+v", s.Probe)
	}
}

// Through a proxy, this machine's DNS and routes are not how the site is
// reached: nothing is asked and nothing judged.
func TestProbeThroughProxyJudgesNothing(t *testing.T) {
	saved := probeProxy
	defer func() { probeProxy = saved }()
	probeProxy = func(*http.Request) (*url.URL, error) { return url.Parse("http://127.0.0.1:3128") }
	asked := false
	cr, err := newCrawler(context.Background(), Options{Start: "http://www.example.gov.cn/",
		Resolver: &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
			asked = true
			return nil, &net.OpError{Op: "dial", Net: "udp", Err: syscall.ENETUNREACH}
		}}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	h, final, _ := cr.probeTarget()
	p := cr.runProbe(h, final)
	if p.IPv6.State != site.ProbeUntested || p.IPv6.Why != "proxy" || p.HTTPS.State != site.ProbeUntested || asked {
		t.Errorf("probe through a proxy = %+v (DNS asked: %v)", p, asked)
	}
}
