package crawl

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gongkai/gongkai/site"
)

// offlineResolver fails every lookup as a machine without network does; no
// real DNS query leaves the test.
func offlineResolver() *net.Resolver {
	return &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
		return nil, &net.OpError{Op: "dial", Net: "udp", Err: syscall.ENETUNREACH}
	}}
}

func hostPort(srv *httptest.Server) string { return strings.TrimPrefix(srv.URL, "http://") }

func TestParseResolve(t *testing.T) {
	tests := []struct {
		in, key, dial string
	}{
		{"www.example.gov.cn:80:127.0.0.1", "www.example.gov.cn:80", "127.0.0.1:80"},
		{"WWW.Example.gov.cn:443:127.0.0.1:8443", "www.example.gov.cn:443", "127.0.0.1:8443"},
		{"x.gov.cn:80:[::1]", "x.gov.cn:80", "[::1]:80"},
		{"x.gov.cn:80:[::1]:8080", "x.gov.cn:80", "[::1]:8080"},
		{"x.gov.cn:80:::1", "x.gov.cn:80", "[::1]:80"},
		{"*.bench.test:80:127.0.0.1:9000", "*.bench.test:80", "127.0.0.1:9000"},
		{"*:80:127.0.0.1", "", ""},
		{"a.*.test:80:127.0.0.1", "", ""},
		// Malformed: "" key means an error is expected.
		{"x.gov.cn:127.0.0.1", "", ""},
		{"x.gov.cn", "", ""},
		{":80:127.0.0.1", "", ""},
		{"x.gov.cn:http:127.0.0.1", "", ""},
		{"x.gov.cn:80:localhost", "", ""},
		{"x.gov.cn:80:127.0.0.1:0", "", ""},
		{"x.gov.cn:80:[::1", "", ""},
		{"x.gov.cn:99999:127.0.0.1", "", ""},
	}
	for _, tt := range tests {
		m, err := ParseResolve([]string{tt.in})
		if tt.key == "" {
			if err == nil || !strings.HasPrefix(err.Error(), "--resolve ") || strings.Contains(err.Error(), "\n") {
				t.Errorf("%q: err = %v, want one sentence naming --resolve", tt.in, err)
			}
			continue
		}
		if err != nil || m[tt.key] != tt.dial {
			t.Errorf("%q: got %v, %v; want %s → %s", tt.in, m, err, tt.key, tt.dial)
		}
	}
}

// TestResolveStandsInForHost: a copy of the site on a loopback port answers
// for its production name, and a mapped off-site host for its own; the
// requests carry the real names.
// A *.DOMAIN entry stands in for every name under DOMAIN on that port, and
// for nothing else; an exact entry wins.
func TestLookupResolveWildcard(t *testing.T) {
	m, err := ParseResolve([]string{"*.bench.test:80:127.0.0.1:9000", "x.bench.test:80:127.0.0.1:9001"})
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"s0001.bench.test:80": "127.0.0.1:9000", "A.B.Bench.Test:80": "127.0.0.1:9000",
		"x.bench.test:80": "127.0.0.1:9001", "bench.test:80": "", "s1.bench.test:443": "",
		"s1.bench.test.evil:80": "", "s1.otherbench.test:80": "",
	} {
		got, ok := lookupResolve(m, in)
		if got != want || ok != (want != "") {
			t.Errorf("lookupResolve(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestResolveStandsInForHost(t *testing.T) {
	hostSeen := make(chan string, 16)
	copySrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hostSeen <- r.Host
		switch r.URL.Path {
		case "/":
			fmt.Fprint(w, `<html><head><title>示范县人民政府</title></head><body>
<a href="/xxgk/">信息公开</a><img src="http://cdn.example.org/logo.png"></body></html>`)
		case "/xxgk/":
			fmt.Fprint(w, `<html><head><title>信息公开</title></head><body>目录</body></html>`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer copySrv.Close()
	cdn := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
	}))
	defer cdn.Close()
	s := runCrawl(t, "http://www.example.gov.cn/", func(o *Options) {
		o.IgnoreRobots = true
		o.Resolver = offlineResolver()
		o.Resolve = map[string]string{"www.example.gov.cn:80": hostPort(copySrv), "cdn.example.org:80": hostPort(cdn)}
	})
	if page(s, "www.example.gov.cn/xxgk/") == nil {
		t.Fatalf("the copy was not crawled under the production name: %v", urls(s))
	}
	if h := <-hostSeen; h != "www.example.gov.cn" {
		t.Errorf("the copy was asked for host %q, want the production name", h)
	}
	// Off-site and mapped to loopback: the mapping is consent, not a probe
	// of the monitor's network.
	if r := resource(s, "cdn.example.org/logo.png"); r == nil || r.Status != 200 || r.NotChecked != "" {
		t.Errorf("mapped off-site image = %+v", r)
	}
}

func TestFilters(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			fmt.Fprint(w, `<html><head><title>首页</title></head><body>
<a href="/a/">A</a><a href="/b/">B</a><a href="/b/keep.html">keep</a><a href="http://other.example.org/x">站外</a></body></html>`)
		case "/a/", "/b/", "/b/keep.html":
			fmt.Fprintf(w, `<html><head><title>栏目</title></head><body>%s</body></html>`, r.URL.Path)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	exclude, _ := CompileFilters("--exclude", []string{`/b/`})
	include, _ := CompileFilters("--include", []string{`keep\.html$`})
	tests := []struct {
		name             string
		exclude, include []*regexp.Regexp
		want             map[string]string
		crawled          []string
	}{
		{"exclude, include wins, no external", exclude, include, map[string]string{
			"/a/":                 "",
			"/b/":                 "符合 --exclude，未检查",
			"/b/keep.html":        "", // --include wins over --exclude
			"other.example.org/x": "站外链接（--no-external），未检查",
		}, []string{"/a/", "/b/keep.html"}},
		{"include alone checks only what it matches", nil, include, map[string]string{
			"/a/":          "不符合 --include，未检查",
			"/b/":          "不符合 --include，未检查",
			"/b/keep.html": "",
		}, []string{"/b/keep.html"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := runCrawl(t, srv.URL+"/", func(o *Options) {
				o.Exclude, o.Include, o.NoExternal = tt.exclude, tt.include, true
				o.Resolver = offlineResolver()
			})
			for suffix, want := range tt.want {
				r := resource(s, suffix)
				if r == nil || r.NotChecked != want {
					t.Errorf("%s: %+v, want NotChecked %q", suffix, r, want)
				}
			}
			if len(s.Pages) != 1+len(tt.crawled) {
				t.Errorf("%d pages crawled, want the start page and %v", len(s.Pages), tt.crawled)
			}
			for _, c := range tt.crawled {
				if page(s, c) == nil {
					t.Errorf("%s not crawled", c)
				}
			}
		})
	}
}

// TestOfflineOffsite: when no off-site name resolves at all, the off-site
// links are not checked (one advice, not a deduction per link); a few dead
// domains, or dead domains beside one that answers, are broken links.
func TestOfflineOffsite(t *testing.T) {
	answering := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer answering.Close()
	tests := []struct {
		name        string
		dead        int
		oneAnswers  bool
		wantOffline bool
	}{
		{"no off-site name resolves", 6, false, true},
		{"two dead domains", 2, false, false},
		{"dead domains beside one that answers", 6, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var links strings.Builder
			for i := range tt.dead {
				fmt.Fprintf(&links, `<a href="http://h%d.example.org/">站外%d</a>`, i, i)
			}
			if tt.oneAnswers {
				links.WriteString(`<a href="http://alive.example.org/">站外</a>`)
			}
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprintf(w, `<html><head><title>首页</title></head><body>%s</body></html>`, links.String())
			}))
			defer srv.Close()
			s := runCrawl(t, srv.URL+"/", func(o *Options) {
				o.Resolver = offlineResolver()
				o.Resolve = map[string]string{"alive.example.org:80": hostPort(answering)}
				o.RetryBackoff = time.Millisecond
			})
			for i := range tt.dead {
				r := resource(s, fmt.Sprintf("h%d.example.org/", i))
				if r == nil {
					t.Fatalf("h%d not recorded", i)
				}
				if got := r.NotChecked == site.NotCheckedOffline; got != tt.wantOffline {
					t.Errorf("h%d: %+v, offline = %v, want %v", i, r, got, tt.wantOffline)
				}
				if !tt.wantOffline && r.ErrClass != site.ErrDNS {
					t.Errorf("h%d: error class %q, want dns", i, r.ErrClass)
				}
			}
		})
	}
}
