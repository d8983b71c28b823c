// Package demo serves the embedded sample county site (示范县人民政府) on a
// loopback port, so `gongkai scan --demo` works offline on a fresh machine.
// The site carries a handful of realistic defects: a missing attachment, two
// missing images, a dead external link, a soft 404, a footer without the
// 公安机关备案 mark and pages without ContentSource; one page is GB2312
// declared only in <meta>, one list paginates by TRS createPageHTML and one
// is written by document.writeln scripts. The demo stands for the name
// Host on a network of its own (see Server.Dial): that name has no IPv6
// address and its port 443 answers plain HTTP, and the homepage template
// still declares an old non-gov.cn domain in SiteDomain.
package demo

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed all:testdata/site
var files embed.FS

// AsOf is the date the sample site is a snapshot of: `scan --demo` evaluates
// time rules as of this day unless --as-of says otherwise, so the demo
// shows the same findings whenever it is run.
var AsOf = time.Date(2025, 11, 25, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))

// Site returns the embedded site's files.
func Site() fs.FS {
	sub, err := fs.Sub(files, "testdata/site")
	if err != nil {
		panic(err) // the embed pattern above guarantees the directory
	}
	return sub
}

// Handler serves a file tree the way a typical government web server does:
// directories serve index.html, HTML is sent without a charset parameter
// (pages declare it in <meta>), and a missing file is a real 404.
func Handler(root fs.FS) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if name == "" {
			name = "."
		}
		if st, err := fs.Stat(root, name); err == nil && st.IsDir() {
			if !strings.HasSuffix(r.URL.Path, "/") {
				http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
				return
			}
			name = path.Join(name, "index.html")
		}
		data, err := fs.ReadFile(root, name)
		if err != nil {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte("<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1></body></html>"))
			return
		}
		ct := mime.TypeByExtension(path.Ext(name))
		if ext := path.Ext(name); ext == ".html" || ext == ".htm" || ext == ".shtml" {
			ct = "text/html"
		}
		if ct == "" {
			ct = "application/octet-stream"
		}
		w.Header().Set("Content-Type", ct)
		// Validators like a real web server's, so that conditional requests
		// (scan --incremental) get 304 Not Modified.
		sum := fnv.New64a()
		sum.Write(data)
		w.Header().Set("ETag", fmt.Sprintf(`"%x"`, sum.Sum64()))
		http.ServeContent(w, r, name, time.Date(2025, 11, 20, 8, 0, 0, 0, time.UTC), bytes.NewReader(data))
	})
}

// Host is the name the demo site stands for. It is never resolved: the
// scan answers it from a table of its own and dials it with Server.Dial.
const Host = "www.sfx.gov.cn"

// Server is the running demo site.
type Server struct {
	URL string
	srv *http.Server
}

// Start serves the embedded site on 127.0.0.1 at a free port.
func Start() (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{
		URL: "http://" + ln.Addr().String() + "/",
		srv: &http.Server{Handler: Handler(Site()), ReadHeaderTimeout: 5 * time.Second},
	}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			_ = err // the scan will report the site unreachable
		}
	}()
	return s, nil
}

// Dial connects a request for Host, on any port, to the demo server (port
// 443 thus answers plain HTTP: the sample county has no HTTPS); any other
// address is refused, so nothing leaves the machine.
func (s *Server) Dial(ctx context.Context, network, address string) (net.Conn, error) {
	if host, _, err := net.SplitHostPort(address); err != nil || host != Host {
		return nil, &net.OpError{Op: "dial", Net: network, Err: errors.New("connection refused")}
	}
	var d net.Dialer
	return d.DialContext(ctx, "tcp", strings.TrimSuffix(strings.TrimPrefix(s.URL, "http://"), "/"))
}

// Close stops the server.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return s.srv.Shutdown(ctx)
}
