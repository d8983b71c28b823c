package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"testing"

	"github.com/gongkai/gongkai/bench/sitegen"
)

// The counters are what BENCHMARKS.md reports as pages and bytes: they must
// count pages, 404s, repeats and wire bytes, and reset between tools.
func TestStatsCount(t *testing.T) {
	st := newStats()
	srv := httptest.NewUnstartedServer(st.wrap(sitegen.Site{Pages: 100, PerList: 10}))
	srv.Listener = &countingListener{Listener: srv.Listener, st: st}
	srv.Start()
	defer srv.Close()

	get := func(method, path string, hdr ...string) http.Header {
		req, _ := http.NewRequest(method, srv.URL+path, nil)
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.Header
	}
	home := get("GET", "/")
	get("GET", "/")
	get("HEAD", "/gzdt/")
	get("GET", "/images/missing.png")
	get("GET", "/css/site.css", "If-None-Match", `"x"`)
	// An unchanged page asked for conditionally: 304, headers only on the wire.
	before := st.snapshot()
	get("GET", "/", "If-None-Match", home.Get("ETag"))
	after := st.snapshot()
	if d := after.BytesOut - before.BytesOut; d <= 0 || d > 300 || after.BodyBytes != before.BodyBytes {
		t.Errorf("a 304 sent %d bytes on the wire and %d body bytes; want headers only", d, after.BodyBytes-before.BodyBytes)
	}
	t.Logf("a 304 took %d bytes on the wire", after.BytesOut-before.BytesOut)

	got := st.snapshot()
	want := Stats{Requests: 6, HEAD: 1, Conditional: 2, HTML: 3, NotModified: 1, NotFound: 1, Distinct: 4}
	if got.Requests != want.Requests || got.HEAD != want.HEAD || got.Conditional != want.Conditional ||
		got.HTML != want.HTML || got.NotModified != want.NotModified || got.NotFound != want.NotFound || got.Distinct != want.Distinct {
		t.Errorf("stats = %+v, want counts %+v", got, want)
	}
	if want := []string{"GET,GET,GET /"}; !slices.Equal(got.Repeated, want) {
		t.Errorf("repeated = %q, want %q", got.Repeated, want)
	}
	if got.BytesOut <= got.BodyBytes || got.BodyBytes == 0 || got.BytesIn == 0 || got.Conns == 0 {
		t.Errorf("byte counts = out %d, body %d, in %d, conns %d: wire bytes must exceed body bytes",
			got.BytesOut, got.BodyBytes, got.BytesIn, got.Conns)
	}
	st.reset()
	if got := st.snapshot(); !reflect.DeepEqual(got, Stats{}) {
		t.Errorf("after reset: %+v", got)
	}
}

func TestListenLoopbackOnly(t *testing.T) {
	ln, err := listenLoopback("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln.Close()
	if ln, err := listenLoopback("0.0.0.0:0"); err == nil {
		ln.Close()
		t.Error("listened on every interface; want loopback only")
	}
}
