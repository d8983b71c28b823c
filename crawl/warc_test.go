package crawl

import (
	"bytes"
	"compress/gzip"
	"crypto/sha1"
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	gowarc "github.com/nlnwa/gowarc/v3"
)

// The recorder is used by the crawl's concurrent workers: every exchange
// must come out whole, as a request/response pair, with its payload digest;
// a body read only in part is marked truncated; HEAD has no body; and the
// replay serves each body back byte for byte.
func TestWARCRecordAndReplay(t *testing.T) {
	big := bytes.Repeat([]byte("政务公开0123456789"), 200_000) // ~4 MB: spills to disk
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/big.pdf":
			w.Header().Set("Content-Type", "application/pdf")
			w.Write(big)
		default:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, "<html><title>%s</title></html>", r.URL.Path)
		}
	}))
	defer srv.Close()
	path := filepath.Join(t.TempDir(), "t.warc.gz")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := NewWARCWriter(f, WARCInfo{Software: "gongkai test", Start: srv.URL + "/p0"}, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: w.Wrap(http.DefaultTransport)}
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := client.Get(fmt.Sprintf("%s/p%d", srv.URL, i))
			if err != nil {
				t.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}()
	}
	wg.Add(2)
	go func() { // reads all of a large attachment
		defer wg.Done()
		resp, err := client.Get(srv.URL + "/big.pdf")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}()
	go func() { // a link check: HEAD
		defer wg.Done()
		resp, err := client.Head(srv.URL + "/head")
		if err == nil {
			resp.Body.Close()
		}
	}()
	wg.Wait()
	// A link check reading 16 KB of an attachment leaves a truncated record.
	resp, err := client.Get(srv.URL + "/big.pdf?part")
	if err != nil {
		t.Fatal(err)
	}
	io.ReadFull(resp.Body, make([]byte, 16<<10))
	resp.Body.Close()
	if err := w.Err(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	// Every record: pairs linked both ways, digests right.
	rf, _ := os.Open(path)
	defer rf.Close()
	rd, err := gowarc.NewWarcFileReaderFromStream(rf, 0)
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]int{}
	ids := map[string]string{} // record ID → Concurrent-To
	for rec, err := range rd.Records() {
		if err != nil {
			t.Fatal(err)
		}
		h := rec.WarcRecord.WarcHeader()
		types[rec.WarcRecord.Type().String()]++
		ids[h.Get(gowarc.WarcRecordID)] = h.Get(gowarc.WarcConcurrentTo)
		if rec.WarcRecord.Version().String() != "WARC/1.1" {
			t.Errorf("version %s", rec.WarcRecord.Version())
		}
		if h.Get(gowarc.WarcDate) == "" || h.Get(gowarc.WarcBlockDigest) == "" {
			t.Errorf("%s record without WARC-Date or block digest", rec.WarcRecord.Type())
		}
		rec.Close()
	}
	if types["warcinfo"] != 1 || types["request"] != 23 || types["response"] != 23 {
		t.Errorf("records %v, want 1 warcinfo and 23 requests and responses", types)
	}
	for id, to := range ids {
		if to != "" && ids[to] != id {
			t.Errorf("%s is concurrent to %s, which does not point back", id, to)
		}
	}

	a, err := OpenArchive(path)
	if err != nil {
		t.Fatal(err)
	}
	if a.Start != srv.URL+"/p0" {
		t.Errorf("start %q, want the warcinfo's", a.Start)
	}
	srv.Close()
	get := func(method, u string) (*http.Response, []byte, error) {
		req, _ := http.NewRequest(method, u, nil)
		resp, err := a.RoundTrip(req)
		if err != nil {
			return nil, nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp, b, err
	}
	if _, b, err := get("GET", srv.URL+"/big.pdf"); err != nil || !bytes.Equal(b, big) {
		t.Errorf("big.pdf replayed %d bytes (%v), want %d", len(b), err, len(big))
	}
	if resp, b, err := get("GET", srv.URL+"/p7#frag"); err != nil || string(b) != "<html><title>/p7</title></html>" ||
		resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("p7 replayed %q, %v", b, err)
	}
	if resp, _, err := get("HEAD", srv.URL+"/p3"); err != nil || resp.StatusCode != 200 {
		t.Errorf("HEAD of a GET record: %v", err)
	}
	if _, _, err := get("GET", srv.URL+"/head"); !errors.Is(err, ErrNotArchived) {
		t.Errorf("GET of a HEAD-only record: %v, want not archived", err)
	}
	if _, _, err := get("GET", srv.URL+"/never"); !errors.Is(err, ErrNotArchived) {
		t.Errorf("a URL not archived: %v", err)
	}
	list := a.index[archiveKey(srv.URL+"/big.pdf?part")]
	if len(list) != 1 || !list[0].truncated {
		t.Errorf("the record of a body read in part: %+v, want truncated", list)
	}
	// The payload digest is the body's.
	sum := sha1.Sum(big)
	want := "sha1:" + base32.StdEncoding.EncodeToString(sum[:])
	raw, _ := os.ReadFile(path)
	if !strings.Contains(gunzipAll(t, raw), want) {
		t.Errorf("no record carries the big body's payload digest %s", want)
	}
}

func gunzipAll(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// Other tools archive the response as sent: chunked, gzip-encoded, and
// some write the URI in angle brackets. The replay undoes it as a client.
func TestReplayRawResponse(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("<html><title>公开</title></html>"))
	zw.Close()
	var chunked bytes.Buffer
	fmt.Fprintf(&chunked, "%x\r\n", gz.Len())
	chunked.Write(gz.Bytes())
	chunked.WriteString("\r\n0\r\n\r\n")
	block := "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked.String()
	rec := "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: <HTTP://Example.GOV.cn:80/a>\r\nWARC-Date: 2025-01-01T00:00:00Z\r\n" +
		"WARC-Record-ID: <urn:uuid:0b7e7a1e-0000-4000-8000-000000000001>\r\nContent-Type: application/http;msgtype=response\r\n" +
		fmt.Sprintf("Content-Length: %d\r\n\r\n", len(block)) + block + "\r\n\r\n"
	path := filepath.Join(t.TempDir(), "raw.warc")
	os.WriteFile(path, []byte(rec), 0o644)
	a, err := OpenArchive(path)
	if err != nil {
		t.Fatal(err)
	}
	if a.Start != "http://example.gov.cn/a" {
		t.Errorf("start %q", a.Start)
	}
	req, _ := http.NewRequest("GET", "http://example.gov.cn/a", nil)
	resp, err := a.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "<html><title>公开</title></html>" || resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("replayed %q (Content-Encoding %q)", b, resp.Header.Get("Content-Encoding"))
	}
}

func TestArchiveKey(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"http://a.gov.cn/x", "http://a.gov.cn/x"},
		{"<http://a.gov.cn/x>", "http://a.gov.cn/x"},
		{"HTTP://A.gov.cn:80/x#top", "http://a.gov.cn/x"},
		{"https://a.gov.cn:443", "https://a.gov.cn/"},
		{"http://a.gov.cn:8080/x?q=1", "http://a.gov.cn:8080/x?q=1"},
		{"dns:a.gov.cn", ""},
	} {
		if got := archiveKey(tc.in); got != tc.want {
			t.Errorf("archiveKey(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
