package main

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/gongkai/gongkai/demo"
)

// fixtureDir is the small county site the monitoring tests scan: three
// planted defects (a missing banner image, a missing attachment, an article
// without ContentSource) and nothing else a rule should report.
const fixtureDir = "../../testdata/monitor/site"

// overlayFS serves base with some files replaced or added (non-nil) or
// deleted (nil): the site after the office changed it.
type overlayFS struct {
	base  fs.FS
	files fstest.MapFS
	gone  map[string]bool
}

func newOverlay(base fs.FS, changes map[string][]byte) fs.FS {
	o := &overlayFS{base: base, files: fstest.MapFS{}, gone: map[string]bool{}}
	for name, data := range changes {
		if data == nil {
			o.gone[name] = true
			continue
		}
		o.files[name] = &fstest.MapFile{Data: data, Mode: 0o644, ModTime: time.Date(2025, 11, 20, 0, 0, 0, 0, time.UTC)}
	}
	return o
}

func (o *overlayFS) Open(name string) (fs.File, error) {
	if o.gone[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	if _, ok := o.files[name]; ok {
		return o.files.Open(name)
	}
	return o.base.Open(name)
}

// fixturePage returns a file of the fixture with old replaced by new, for
// an overlay.
func fixturePage(t *testing.T, name, old, new string) []byte {
	t.Helper()
	data, err := os.ReadFile(fixtureDir + "/" + name)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s does not contain %q", name, old)
	}
	return []byte(strings.Replace(string(data), old, new, 1))
}

// switchable serves one site and can be switched to another version, so
// that the host (and so the fingerprints) stays the same across scans.
type switchable struct {
	mu sync.Mutex
	h  http.Handler
}

func (s *switchable) set(fsys fs.FS) {
	s.mu.Lock()
	s.h = demo.Handler(fsys)
	s.mu.Unlock()
}

func (s *switchable) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	h := s.h
	s.mu.Unlock()
	h.ServeHTTP(w, r)
}

// serveFixture serves the fixture with changes; the returned switch
// replaces the version served.
func serveFixture(t *testing.T, changes map[string][]byte) *fixtureServer {
	t.Helper()
	sw := &switchable{}
	sw.set(newOverlay(os.DirFS(fixtureDir), changes))
	srv := httptest.NewServer(sw)
	t.Cleanup(srv.Close)
	return &fixtureServer{Server: srv, sw: sw}
}

type fixtureServer struct {
	*httptest.Server
	sw *switchable
}

// change serves the fixture with other changes from now on.
func (f *fixtureServer) change(changes map[string][]byte) {
	f.sw.set(newOverlay(os.DirFS(fixtureDir), changes))
}
