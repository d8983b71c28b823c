// Command sitesparallel scans many synthetic sites at once in one process,
// as a `gongkai worker --sites N` does (issue 14): what does a site in
// flight cost in memory?
//
// It serves N sites (bench/sitegen), each under its own host name
// (s0001.bench.test …), from one loopback listener that picks the site by
// the Host header, and calls scan.Run for all of them concurrently at
// --rate requests/s per host, as batch's scanOne does. Every host name is
// --resolve'd to the listener, and the resolver of anything else fails
// locally: nothing leaves loopback. Every second it samples VmRSS and the Go
// heap; at the end it prints the sites in flight, pages/s, peak RSS (VmHWM)
// and RSS per site in flight.
//
//	go run ./bench/sitesparallel                      # 200 sites × ~150 pages
//	go run ./bench/sitesparallel -pages 60 -memprofile heap.pprof
//	go run ./bench/sitesparallel -addr 127.0.0.1:18777 -serve   # serve only
//
// With -serve it only serves (spot-check one site against a plain
// `gongkai scan http://s0007.bench.test:18777/ --resolve
// s0007.bench.test:18777:127.0.0.1`); -out DIR keeps each site's JSON.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gongkai/gongkai/bench/sitegen"
	"github.com/gongkai/gongkai/crawl"
	"github.com/gongkai/gongkai/scan"
)

type config struct {
	sites, pages, largeEvery, largeFactor int
	rate                                  float64
	concurrency                           int
}

// pagesOf is site i's size: pages ±25 % (so the sites do not all finish at
// the same second), every largeEvery-th site largeFactor times larger.
func (c config) pagesOf(i int) int {
	n := c.pages * (75 + (i*37)%51) / 100
	if c.largeEvery > 0 && i%c.largeEvery == c.largeEvery-1 {
		n = c.pages * c.largeFactor
	}
	return max(n, 20)
}

func hostOf(i int) string { return fmt.Sprintf("s%04d.bench.test", i+1) }

// handler serves site i under hostOf(i).
func handler(c config) http.Handler {
	sites := make([]sitegen.Site, c.sites)
	for i := range sites {
		sites[i] = sitegen.Site{Pages: c.pagesOf(i), PerList: 20}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, _, _ := strings.Cut(r.Host, ":")
		num, ok := strings.CutSuffix(strings.TrimPrefix(name, "s"), ".bench.test")
		i, err := strconv.Atoi(num)
		if !ok || err != nil || i < 1 || i > len(sites) {
			http.NotFound(w, r)
			return
		}
		sites[i-1].ServeHTTP(w, r)
	})
}

func readStatus(field string) uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

type sample struct {
	at       time.Duration
	rss      uint64
	heap     uint64 // HeapInuse
	stacks   uint64 // StackInuse
	gor      int    // goroutines
	inflight int
	pages    int64
}

func mb(b uint64) float64 { return float64(b) / (1 << 20) }

func main() {
	var c config
	flag.IntVar(&c.sites, "sites", 200, "sites scanned at once")
	flag.IntVar(&c.pages, "pages", 150, "HTML pages per site (each site ±25 %)")
	flag.IntVar(&c.largeEvery, "large-every", 40, "every Nth site is larger (0: none)")
	flag.IntVar(&c.largeFactor, "large-factor", 3, "how many times larger")
	flag.Float64Var(&c.rate, "rate", 2, "requests per second per host, as --rate")
	flag.IntVar(&c.concurrency, "concurrency", 4, "as --concurrency")
	addr := flag.String("addr", "127.0.0.1:0", "listen address (loopback only)")
	serveOnly := flag.Bool("serve", false, "only serve the sites (for a spot-check with gongkai scan)")
	outDir := flag.String("out", "", "keep each site's JSON report here (default: a temporary directory, removed)")
	xlsx := flag.Bool("xlsx", true, "write each site's workbook too, as batch does")
	memprofile := flag.String("memprofile", "", "write a heap profile taken at the peak RSS here")
	gorProfile := flag.String("goroutines", "", "write the goroutines (pprof debug=1) at their highest count here")
	gogc := flag.Int("gogc", 50, "GC percent, as cmd/gongkai/main.go sets it (GOGC overrides)")
	flag.Parse()
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(*gogc)
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "sitesparallel:", err)
		os.Exit(1)
	}
	if ip := ln.Addr().(*net.TCPAddr).IP; !ip.IsLoopback() {
		fmt.Fprintln(os.Stderr, "sitesparallel: -addr must be a loopback address")
		os.Exit(2)
	}
	srv := &http.Server{Handler: handler(c), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	port := ln.Addr().(*net.TCPAddr).Port
	if *serveOnly {
		fmt.Printf("serving %d sites: http://%s:%d/ … http://%s:%d/ (resolve to 127.0.0.1)\n", c.sites, hostOf(0), port, hostOf(c.sites-1), port)
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
		<-sig
		return
	}

	dir := *outDir
	if dir == "" {
		if dir, err = os.MkdirTemp("", "sitesparallel"); err != nil {
			fmt.Fprintln(os.Stderr, "sitesparallel:", err)
			os.Exit(1)
		}
		defer os.RemoveAll(dir)
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "sitesparallel:", err)
		os.Exit(1)
	}
	// Any name that is not --resolve'd fails here, not at a DNS server.
	noDNS := &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
		return nil, fmt.Errorf("sitesparallel: no DNS outside loopback")
	}}

	asOf := time.Date(2025, 12, 1, 0, 0, 0, 0, scan.Shanghai)
	pages := make([]atomic.Int64, c.sites)
	var inflight, failed atomic.Int64
	var wg sync.WaitGroup
	runtime.GC()
	base := readStatus("VmRSS")
	began := time.Now()
	for i := range c.sites {
		wg.Add(1)
		inflight.Add(1)
		go func() {
			defer wg.Done()
			defer inflight.Add(-1)
			h := hostOf(i)
			o := scan.Options{
				Start:        fmt.Sprintf("http://%s:%d/", h, port),
				AsOf:         asOf,
				JSONPath:     fmt.Sprintf("%s/%s.json", dir, h),
				XLSXPath:     fmt.Sprintf("%s/%s.xlsx", dir, h),
				Rate:         c.rate,
				Concurrency:  c.concurrency,
				MaxPages:     20000,
				Timeout:      15 * time.Second,
				Resolve:      []string{fmt.Sprintf("%s:%d:127.0.0.1", h, port)},
				Resolver:     noDNS,
				SnapshotDir:  dir + "/snapshots",
				Stdout:       io.Discard,
				Progress:     func(s crawl.Stats) { pages[i].Store(s.Pages) },
				Version:      "bench",
				NoPageStore:  false,
				IgnoreRobots: false,
			}
			if !*xlsx {
				o.XLSXPath = os.DevNull
			}
			if _, err := scan.Run(context.Background(), o); err != nil {
				failed.Add(1)
				fmt.Fprintf(os.Stderr, "%s: %v\n", h, err)
			}
		}()
	}

	var samples []sample
	var profiledAt uint64
	mostGoroutines := 0
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	var ms runtime.MemStats
loop:
	for {
		select {
		case <-done:
			break loop
		case <-tick.C:
		}
		runtime.ReadMemStats(&ms)
		var n int64
		for i := range pages {
			n += pages[i].Load()
		}
		s := sample{at: time.Since(began), rss: readStatus("VmRSS"), heap: ms.HeapInuse, stacks: ms.StackInuse,
			gor: runtime.NumGoroutine(), inflight: int(inflight.Load()), pages: n}
		samples = append(samples, s)
		fmt.Fprintf(os.Stderr, "%4.0fs in flight %3d pages %6d RSS %6.0f MB heap %6.0f MB stacks %4.0f MB goroutines %5d\n",
			s.at.Seconds(), s.inflight, s.pages, mb(s.rss), mb(s.heap), mb(s.stacks), s.gor)
		if *gorProfile != "" && s.gor > mostGoroutines {
			mostGoroutines = s.gor
			if f, err := os.Create(*gorProfile); err == nil {
				_ = pprof.Lookup("goroutine").WriteTo(f, 1)
				f.Close()
			}
		}
		if *memprofile != "" && s.rss > profiledAt*21/20 {
			profiledAt = s.rss
			if f, err := os.Create(*memprofile); err == nil {
				_ = pprof.Lookup("heap").WriteTo(f, 0)
				f.Close()
			}
		}
	}
	elapsed := time.Since(began)
	hwm := readStatus("VmHWM")
	var total int64
	for i := range pages {
		total += pages[i].Load()
	}
	// Steady state: the samples while every site was still crawling
	// (before the first finished), past the first fifth of that stretch.
	var steady []float64
	var crawling []sample
	for _, s := range samples {
		if s.inflight == c.sites {
			crawling = append(crawling, s)
		}
	}
	for _, s := range crawling[len(crawling)/5:] {
		steady = append(steady, mb(s.rss-min(base, s.rss))/float64(s.inflight))
	}
	slices.Sort(steady)
	var peak sample
	for _, s := range samples {
		if s.rss > peak.rss {
			peak = s
		}
	}
	fmt.Printf("sites %d (%d failed), pages %d (%d–%d per site), rate %g/s, concurrency %d, GOGC %d\n",
		c.sites, failed.Load(), total, c.pagesOf(0), c.pages*c.largeFactor, c.rate, c.concurrency, *gogc)
	fmt.Printf("elapsed %.0fs, pages/s %.0f, baseline RSS %.0f MB\n", elapsed.Seconds(), float64(total)/elapsed.Seconds(), mb(base))
	fmt.Printf("peak RSS (VmHWM) %.0f MB; highest sample %.0f MB at %.0fs with %d sites in flight (heap in use %.0f MB, stacks %.0f MB, %d goroutines)\n",
		mb(hwm), mb(peak.rss), peak.at.Seconds(), peak.inflight, mb(peak.heap), mb(peak.stacks), peak.gor)
	if len(steady) > 0 {
		fmt.Printf("RSS per site in flight (all %d crawling, median of %d samples): %.2f MB; peak RSS / sites: %.2f MB\n",
			c.sites, len(steady), steady[len(steady)/2], mb(hwm-min(base, hwm))/float64(c.sites))
	}
	if failed.Load() > 0 {
		os.Exit(1)
	}
}
