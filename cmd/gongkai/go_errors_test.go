package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/internal/testkit"
)

// goErrorPhrases are Go's and its libraries' English, which must never
// reach an office: findings, stop reasons and stderr are Chinese sentences.
var goErrorPhrases = []string{"dial tcp", "context deadline", "cannot unmarshal", "no such host", "connection refused", "EOF", "context canceled", "lookup "}

func assertNoGoErrors(t *testing.T, where, text string) {
	t.Helper()
	for _, p := range goErrorPhrases {
		if strings.Contains(text, p) {
			t.Errorf("%s contains %q:\n%s", where, p, text)
		}
	}
}

// TestNoGoErrorTextReachesUsers scans a site whose links time out, are
// refused, name a host that does not resolve (through an injected
// resolver: nothing leaves loopback) and close the connection mid-response;
// then a scan with a profile of the wrong YAML type. Evidence used to read
// "访问超时：context deadline exceeded", "dial tcp: lookup …: no such host".
func TestNoGoErrorTextReachesUsers(t *testing.T) {
	oldResolver := net.DefaultResolver
	net.DefaultResolver = &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, address string) (net.Conn, error) {
		return nil, &net.OpError{Op: "dial", Net: network, Err: fmt.Errorf("connection refused")}
	}}
	defer func() { net.DefaultResolver = oldResolver }()

	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	defer close(release)
	cut := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close() // no response at all
		}
	}))
	defer cut.Close()
	refusedURL := testkit.ClosedURL() + "/gone.html"

	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html><head><title>示范县人民政府</title></head><body>
<a href="%s/slow.pdf">慢</a> <a href="%s">拒绝</a> <a href="http://nohost.example.invalid/a.html">无此域名</a>
<a href="%s/cut.pdf">中断</a></body></html>`, slow.URL, refusedURL, cut.URL)
	}))
	defer site.Close()

	dir := t.TempDir()
	js := filepath.Join(dir, "r.json")
	_, stderr, code := execute(t, "scan", site.URL+"/", "--json", js, "--xlsx", filepath.Join(dir, "r.xlsx"),
		"--rate", "0", "--timeout", "400ms", "--as-of", "2025-11-25")
	if code != 0 && code != 1 {
		t.Fatalf("scan: exit %d\n%s", code, stderr)
	}
	data, err := os.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	rep := string(data)
	for _, want := range []string{"在规定时间内没有响应", "拒绝连接", "nohost.example.invalid", "断开了连接"} {
		if !strings.Contains(rep, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	assertNoGoErrors(t, "JSON report", rep)
	assertNoGoErrors(t, "stderr", stderr)

	// A profile with a value of the wrong kind, and one with bad syntax.
	for i, yaml := range []string{"thresholds:\n  news_stale_days: abc\n", "hosts: [a\n", "points: [1]\n"} {
		cfg := filepath.Join(dir, fmt.Sprintf("bad%d.yaml", i))
		os.WriteFile(cfg, []byte(yaml), 0o644)
		_, stderr, code = execute(t, "scan", site.URL+"/", "--config", cfg, "--json", js)
		if code != exitUsage || !strings.Contains(stderr, "行") {
			t.Errorf("profile %q: exit %d, stderr %q", yaml, code, stderr)
		}
		assertNoGoErrors(t, "stderr for profile "+yaml, stderr)
	}
	// A holiday file cut short, and one that does not exist.
	cal := filepath.Join(dir, "holidays.json")
	os.WriteFile(cal, []byte(`{"year":2027,"days":[`), 0o644)
	for _, c := range []string{cal, filepath.Join(dir, "none.json")} {
		_, stderr, code = execute(t, "scan", site.URL+"/", "--calendar", c, "--json", js)
		if code != exitUsage {
			t.Errorf("--calendar %s: exit %d, stderr %q", c, code, stderr)
		}
		assertNoGoErrors(t, "stderr for --calendar "+c, stderr)
		if strings.Contains(stderr, "no such file") {
			t.Errorf("stderr for --calendar %s has the system's English: %q", c, stderr)
		}
	}
}
