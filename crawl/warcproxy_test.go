package crawl

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// rawResponse is one uncompressed WARC response record.
func rawResponse(target, body string) string {
	block := "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
	return "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: " + target + "\r\nWARC-Date: 2025-01-01T00:00:00Z\r\n" +
		"WARC-Record-ID: <urn:uuid:0b7e7a1e-0000-4000-8000-" + fmt.Sprintf("%012d", len(target)) + ">\r\n" +
		"Content-Type: application/http;msgtype=response\r\n" +
		fmt.Sprintf("Content-Length: %d\r\n\r\n", len(block)) + block + "\r\n\r\n"
}

// The archive's proxy answers a browser from the archive alone: archived
// URLs (an https-only page by its http address too), 404 for the rest,
// CONNECT and direct requests refused — nothing is fetched.
func TestArchiveProxy(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.warc")
	os.WriteFile(path, []byte(rawResponse("http://www.example.gov.cn/a.html", "<title>存档甲</title>")+
		rawResponse("https://secure.example.gov.cn/b.html?x=1", "<title>存档乙</title>")), 0o644)
	a, err := OpenArchive(path)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.ProxyHandler())
	defer srv.Close()
	proxy, _ := url.Parse(srv.URL)
	client := &http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(proxy)}}
	for _, tc := range []struct {
		url    string
		status int
		body   string
	}{
		{"http://www.example.gov.cn/a.html", 200, "存档甲"},
		{"http://secure.example.gov.cn/b.html?x=1", 200, "存档乙"},
		{"http://www.example.gov.cn/never.html", 404, ""},
		{"http://secure.example.gov.cn/b.html?x=2", 404, ""},
		{"https://secure.example.gov.cn/b.html?x=1", 0, ""}, // CONNECT refused
	} {
		resp, err := client.Get(tc.url)
		if tc.status == 0 {
			if err == nil {
				resp.Body.Close()
				t.Errorf("%s: a tunnel was opened (status %d)", tc.url, resp.StatusCode)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.url, err)
			continue
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || !strings.Contains(string(b), tc.body) {
			t.Errorf("%s: %d %q, want %d %q", tc.url, resp.StatusCode, b, tc.status, tc.body)
		}
	}
	// A request to the proxy itself (no absolute URI) is not a page.
	resp, err := http.Get(srv.URL + "/a.html")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("direct request: %d, want 403", resp.StatusCode)
	}
	if got := PlainURL("https://x.gov.cn/a?b=1"); got != "http://x.gov.cn/a?b=1" {
		t.Errorf("PlainURL: %q", got)
	}
}
