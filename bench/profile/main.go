// Command profile runs one gongkai scan (or the check of a snapshot) in
// process and writes pprof profiles: CPU for the whole run, and the heap as
// it was at its peak, which `scan --cpuprofile` cannot give. It also prints
// a memory timeline so the peak can be placed in the crawl or the check.
//
//	go run ./bench/server -pages 20000 &       # prints the site URL
//	go run ./bench/profile -cpu cpu.prof -heap heap.prof http://127.0.0.1:PORT/
//	go run ./bench/profile -check site.snap -cpu check-cpu.prof -heap check-heap.prof
//	go tool pprof -top -sample_index=inuse_space heap.prof
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"github.com/gongkai/gongkai/scan"
	"github.com/gongkai/gongkai/site"
)

func main() {
	cpuPath := flag.String("cpu", "", "write a CPU profile to FILE")
	heapPath := flag.String("heap", "", "write the heap profile taken at the peak of live heap to FILE")
	check := flag.String("check", "", "profile `gongkai check` of this snapshot instead of a scan")
	snapOut := flag.String("o", "", "with a URL: crawl only (`gongkai crawl`) and write the snapshot to FILE")
	conc := flag.Int("concurrency", 32, "parallel requests")
	flag.Parse()
	if (*check == "") == (flag.NArg() == 0) {
		fmt.Fprintln(os.Stderr, "usage: profile [-cpu F] [-heap F] [-o SNAP] http://127.0.0.1:PORT/ | profile [-cpu F] [-heap F] -check SNAP")
		os.Exit(2)
	}
	if flag.NArg() == 1 && !strings.HasPrefix(flag.Arg(0), "http://127.0.0.1:") {
		fmt.Fprintln(os.Stderr, "profile: loopback URLs only (http://127.0.0.1:PORT/), the bench server's")
		os.Exit(2)
	}
	dir, err := os.MkdirTemp("", "gongkai-profile-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(dir)
	o := scan.Options{
		AsOf:        time.Date(2025, 11, 20, 0, 0, 0, 0, site.Shanghai),
		XLSXPath:    filepath.Join(dir, "out.xlsx"),
		JSONPath:    filepath.Join(dir, "out.json"),
		Concurrency: *conc,
		MaxPages:    1_000_000,
		Timeout:     15 * time.Second,
		SnapshotDir: dir,
		Version:     "profile",
	}
	if *cpuPath != "" {
		f, err := os.Create(*cpuPath)
		if err != nil {
			fail(err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fail(err)
		}
	}
	w := startWatch()
	began := time.Now()
	switch {
	case *check != "":
		o.Concurrency, o.MaxPages, o.Timeout = 1, 1, 1
		_, err = scan.Check(context.Background(), o, *check)
	case *snapOut != "":
		o.Start = flag.Arg(0)
		_, err = scan.Crawl(context.Background(), o, *snapOut)
	default:
		o.Start = flag.Arg(0)
		_, err = scan.Run(context.Background(), o)
	}
	elapsed := time.Since(began)
	if *cpuPath != "" {
		pprof.StopCPUProfile()
	}
	w.stop()
	if err != nil {
		fail(err)
	}
	if *heapPath != "" {
		if err := os.WriteFile(*heapPath, w.peakProfile, 0o644); err != nil {
			fail(err)
		}
	}
	fmt.Printf("%.2fs, peak live heap %.0f MB at %.1fs, peak RSS %s\n", elapsed.Seconds(), float64(w.peak)/1e6, w.peakAt.Seconds(), vmHWM())
	fmt.Println("live heap over time (MB):", strings.Join(w.timeline, " "))
	fmt.Println(w.held)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "profile:", err)
	os.Exit(1)
}

// watch samples the live heap and keeps the heap profile taken when it was
// highest (re-taken whenever the heap grows by a tenth).
type watch struct {
	done        chan struct{}
	wg          sync.WaitGroup
	began       time.Time
	peak        uint64
	peakAt      time.Duration
	dumped      uint64
	peakProfile []byte
	timeline    []string
	held        string // memory the runtime held (not released to the OS) at its highest, by class
}

// heapMetric is the heap marked live by the last GC: what a heap profile
// shows, without the garbage that objects:bytes also counts.
const heapMetric = "/gc/heap/live:bytes"

func startWatch() *watch {
	w := &watch{done: make(chan struct{}), began: time.Now()}
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		sample := []metrics.Sample{{Name: heapMetric}}
		classes := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/unused:bytes"},
			{Name: "/memory/classes/heap/free:bytes"}, {Name: "/memory/classes/heap/stacks:bytes"},
			{Name: "/memory/classes/metadata/other:bytes"}, {Name: "/memory/classes/metadata/mspan/inuse:bytes"},
			{Name: "/memory/classes/other:bytes"}, {Name: "/memory/classes/os-stacks:bytes"}, {Name: "/memory/classes/profiling/buckets:bytes"}}
		var maxHeld uint64
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		n := 0
		for {
			select {
			case <-w.done:
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			live := sample[0].Value.Uint64()
			metrics.Read(classes)
			var held uint64
			for _, c := range classes {
				held += c.Value.Uint64()
			}
			if held > maxHeld {
				maxHeld = held
				var parts []string
				for _, c := range classes {
					parts = append(parts, fmt.Sprintf("%s=%d", strings.TrimPrefix(strings.TrimSuffix(c.Name, ":bytes"), "/memory/classes/"), c.Value.Uint64()>>20))
				}
				w.held = fmt.Sprintf("held by the runtime at most %d MB at %.1fs: %s", held>>20, time.Since(w.began).Seconds(), strings.Join(parts, " "))
			}
			if n++; n%10 == 0 { // one point a second
				w.timeline = append(w.timeline, fmt.Sprintf("%.0fs:%d", time.Since(w.began).Seconds(), live>>20))
			}
			if live > w.peak {
				w.peak, w.peakAt = live, time.Since(w.began)
			}
			if live > w.dumped+w.dumped/10 {
				var buf bytes.Buffer
				if pprof.Lookup("heap").WriteTo(&buf, 0) == nil {
					w.peakProfile, w.dumped = buf.Bytes(), live
				}
			}
		}
	}()
	return w
}

func (w *watch) stop() {
	close(w.done)
	w.wg.Wait()
	runtime.KeepAlive(w)
}

// vmHWM is the process's peak resident set size as the kernel counted it.
func vmHWM() string {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "?"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}
