// Package testkit holds what tests of several packages do alike: find the
// browser or skip, read a JSON output, write a fixture file, serve a site
// that must not be asked. Each helper fails the test itself (t.Fatal), never
// hands a failure back to be forgotten.
package testkit

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"sync/atomic"
	"testing"
)

// RequireChromiumEnv set to anything turns a test's skip for want of a
// browser into a failure, as .ci/run does.
const RequireChromiumEnv = "GONGKAI_REQUIRE_CHROMIUM"

// Chromium is the browser find (shot.Find) locates, or skips the test with
// one line saying how to install it (a failure under RequireChromiumEnv).
func Chromium(t testing.TB, find func(string) (string, error)) string {
	t.Helper()
	p, err := find("")
	if err != nil {
		if os.Getenv(RequireChromiumEnv) != "" {
			t.Fatal(RequireChromiumEnv + " is set but no chromium is on PATH")
		}
		t.Skip("no chromium on PATH (apt-get install chromium fonts-noto-cjk)")
	}
	return p
}

// ReadJSON is the JSON file at path, decoded.
func ReadJSON[T any](t testing.TB, path string) T {
	t.Helper()
	var v T
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return v
}

// WriteFile writes a fixture file.
func WriteFile(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Untouched is a site that must not be asked anything (options refused
// before the first request): it counts what it is asked and answers
// nothing.
type Untouched struct {
	*httptest.Server
	hits atomic.Int32
}

// ServeUntouched starts one, closed when the test ends.
func ServeUntouched(t testing.TB) *Untouched {
	u := &Untouched{}
	u.Server = httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { u.hits.Add(1) }))
	t.Cleanup(u.Close)
	return u
}

// Hits is how many requests came so far.
func (u *Untouched) Hits() int { return int(u.hits.Load()) }

// ClosedURL is the URL of a loopback server that has stopped: nothing
// listens there any more, so a request to it is refused at once.
func ClosedURL() string {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	return srv.URL
}
