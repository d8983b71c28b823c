// Command server serves a synthetic government site of N pages on a
// loopback port, for comparing gongkai with link checkers (bench/run.sh).
//
// It prints the site's URL on the first line of stdout and the URL of its
// control port on the second. The control port (never crawled, so it does not
// count itself) answers GET /stats with the traffic since the last reset as
// JSON, and POST /reset to zero it; run.sh resets before each tool, so every
// tool is measured against the same server instance. On SIGINT/SIGTERM the
// totals are printed on stderr.
//
// Every page and file carries a strong ETag and a Last-Modified, and
// conditional requests for them get 304 Not Modified (see sitegen), so an
// incremental re-scan's savings show in bytes_out and not_modified.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/gongkai/gongkai/bench/sitegen"
)

func main() {
	pages := flag.Int("pages", 3000, "HTML pages to generate")
	perList := flag.Int("per-list", 20, "articles per list page")
	pager := flag.Bool("static-pager", false, "add plain <a href> pagers, so tools that run no script reach every list page")
	addr := flag.String("addr", "127.0.0.1:0", "listen address (loopback only)")
	statsAddr := flag.String("stats-addr", "127.0.0.1:0", "control address for /stats and /reset (loopback only)")
	flag.Parse()

	ln, err := listenLoopback(*addr)
	if err != nil {
		log.Fatal(err)
	}
	cln, err := listenLoopback(*statsAddr)
	if err != nil {
		log.Fatal(err)
	}
	st := newStats()
	site := &http.Server{
		Handler:           st.wrap(sitegen.Site{Pages: *pages, PerList: *perList, StaticPager: *pager}),
		ReadHeaderTimeout: 10 * time.Second,
	}
	ctl := &http.Server{Handler: st.control(), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(os.Stdout, "http://%s/\nhttp://%s/\n", ln.Addr(), cln.Addr())

	errc := make(chan error, 2)
	go func() { errc <- site.Serve(&countingListener{Listener: ln, st: st}) }()
	go func() { errc <- ctl.Serve(cln) }()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	select {
	case err = <-errc:
	case <-sig:
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = site.Shutdown(ctx)
	_ = ctl.Shutdown(ctx)
	json.NewEncoder(os.Stderr).Encode(st.snapshot())
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}

// listenLoopback refuses any address that is not on the loopback interface:
// the benchmark must never be reachable from, or send to, anywhere else.
func listenLoopback(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	if ta, ok := ln.Addr().(*net.TCPAddr); !ok || !ta.IP.IsLoopback() {
		ln.Close()
		return nil, fmt.Errorf("refusing to listen on %s: loopback addresses only (127.0.0.1)", ln.Addr())
	}
	return ln, nil
}
