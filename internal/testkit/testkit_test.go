package testkit

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

// recorder stands in for a test to see whether a helper skips, fails or
// lets it go on.
type recorder struct {
	testing.TB
	how string
}

type stop struct{}

func (r *recorder) Helper()               {}
func (r *recorder) Fatal(...any)          { r.how = "fatal"; panic(stop{}) }
func (r *recorder) Fatalf(string, ...any) { r.how = "fatal"; panic(stop{}) }
func (r *recorder) Skip(...any)           { r.how = "skip"; panic(stop{}) }

// outcome runs f as a test body: "fatal", "skip" or "" for one that goes on.
func outcome(t *testing.T, f func(tb testing.TB)) string {
	r := &recorder{TB: t}
	func() {
		defer func() {
			if v := recover(); v != nil {
				if _, ok := v.(stop); !ok {
					panic(v)
				}
			}
		}()
		f(r)
	}()
	return r.how
}

// Without a browser a test skips, and fails under RequireChromiumEnv; with
// one it goes on with the browser's path.
func TestChromium(t *testing.T) {
	none := func(string) (string, error) { return "", errors.New("not found") }
	for _, tc := range []struct{ require, want string }{{"", "skip"}, {"1", "fatal"}} {
		t.Setenv(RequireChromiumEnv, tc.require)
		if got := outcome(t, func(tb testing.TB) { Chromium(tb, none) }); got != tc.want {
			t.Errorf("no browser, %s=%q: %q, want %q", RequireChromiumEnv, tc.require, got, tc.want)
		}
	}
	var p string
	found := func(string) (string, error) { return "/usr/bin/chromium", nil }
	if got := outcome(t, func(tb testing.TB) { p = Chromium(tb, found) }); got != "" || p != "/usr/bin/chromium" {
		t.Errorf("a browser found: %q %q, want the test to go on with /usr/bin/chromium", got, p)
	}
}

// ReadJSON decodes a file, and fails the test on a missing file or bad JSON.
func TestReadJSON(t *testing.T) {
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "good.json"), filepath.Join(dir, "bad.json")
	WriteFile(t, good, []byte(`{"A": 7}`))
	WriteFile(t, bad, []byte(`{"A":`))
	if v := ReadJSON[struct{ A int }](t, good); v.A != 7 {
		t.Errorf("ReadJSON = %+v, want A 7", v)
	}
	for _, path := range []string{bad, filepath.Join(dir, "missing.json")} {
		if got := outcome(t, func(tb testing.TB) { ReadJSON[struct{ A int }](tb, path) }); got != "fatal" {
			t.Errorf("ReadJSON(%s): %q, want the test failed", filepath.Base(path), got)
		}
	}
	if got := outcome(t, func(tb testing.TB) { WriteFile(tb, filepath.Join(dir, "no", "dir"), nil) }); got != "fatal" {
		t.Errorf("WriteFile into a missing directory: %q, want the test failed", got)
	}
	if _, err := os.Stat(good); err != nil {
		t.Error(err)
	}
}

// An untouched site counts what it is asked.
func TestUntouched(t *testing.T) {
	u := ServeUntouched(t)
	if u.Hits() != 0 {
		t.Fatalf("%d hits before any request", u.Hits())
	}
	for range 2 {
		resp, err := http.Get(u.URL + "/x")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if u.Hits() != 2 {
		t.Errorf("%d hits after two requests, want 2", u.Hits())
	}
}

// Nothing answers at a closed URL.
func TestClosedURL(t *testing.T) {
	resp, err := http.Get(ClosedURL() + "/")
	if err == nil {
		resp.Body.Close()
		t.Fatalf("a closed URL answered %s", resp.Status)
	}
}
