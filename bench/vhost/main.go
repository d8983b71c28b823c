// Command vhost serves many synthetic government sites from one loopback
// listener, one per host name, for the fleet benchmark (bench/fleet.sh): a
// request for sNNNN-pPAGES.bench.test gets a sitegen site of PAGES pages, so
// a sites list of any size needs no state here. Scans reach it through
// --resolve '*.bench.test:80:127.0.0.1:PORT'; nothing leaves loopback.
//
// It prints its URL on the first line of stdout and serves until killed.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gongkai/gongkai/bench/sitegen"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address (loopback only)")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	if ip := ln.Addr().(*net.TCPAddr).IP; !ip.IsLoopback() {
		log.Fatalf("vhost listens on loopback only, not %s", ip)
	}
	var mu sync.Mutex
	sites := map[int]http.Handler{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pages, ok := pagesOf(r.Host)
		if !ok {
			http.NotFound(w, r)
			return
		}
		mu.Lock()
		s, ok := sites[pages]
		if !ok {
			s = sitegen.Site{Pages: pages, PerList: 20, StaticPager: true}
			sites[pages] = s
		}
		mu.Unlock()
		s.ServeHTTP(w, r)
	})
	fmt.Fprintf(os.Stdout, "http://%s/\n", ln.Addr())
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	log.Fatal(srv.Serve(ln))
}

// pagesOf reads PAGES from sNNNN-pPAGES.bench.test[:port].
func pagesOf(host string) (int, bool) {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	name, _, _ := strings.Cut(host, ".")
	_, p, ok := strings.Cut(name, "-p")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(p)
	return n, err == nil && n > 0 && n <= 1_000_000
}
