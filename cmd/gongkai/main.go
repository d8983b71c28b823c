// Command gongkai checks a Chinese government disclosure website against the
// national inspection indicators and writes its rectification list.
package main

import (
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
)

func main() {
	// A scan holds every page's record until the site-wide rules have run;
	// collecting twice as often cut peak memory by a quarter at 20,000 pages
	// for about 5 % more CPU (BENCHMARKS.md). GOGC still overrides it.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	err := newRootCmd().Execute()
	code := exitCode(err)
	if err != nil && code != exitInterrupted {
		fmt.Fprintln(os.Stderr, "gongkai: "+message(err))
	}
	os.Exit(code)
}

// rulesPhase is what batch hands scan.Options.RulesPhase: the collector
// is tightened while the rules run (tests count the calls).
var rulesPhase = tightenGC

// rulesPhaseAlone is what scan and check hand it: one scan in the
// process, so the rules are also held to the memory the crawl reached.
var rulesPhaseAlone = func() (restore func()) {
	gc, mem := tightenGC(), capMemoryAtPeak()
	return func() { mem(); gc() }
}

// capMemoryAtPeak sets the runtime's soft memory limit so that the
// process stays within the most memory it has held so far (VmHWM: the
// crawl's peak, or loading the snapshot's), allowing at least 1.5 times the
// live heap, and returns what puts the old limit back. After the crawl a
// scan holds every page record and the rules build their indexes on top:
// with only GOGC the heap's headroom and the pages freed but not yet
// returned to the system took the 100,000-page scan ~30 MB past the
// crawl's own peak (issue 7's bound). The limit counts only the runtime's
// memory, so what else is resident (the program's own code) is taken off.
// It is soft: the runtime collects sooner and returns free memory, and
// never spends more than half the CPU on it. Only for one scan a process:
// in batch, sites still crawling would be held to it. A GOMEMLIMIT the
// user set is left alone.
func capMemoryAtPeak() (restore func()) {
	old := debug.SetMemoryLimit(-1)
	rss, peak := residentMemory()
	if old != math.MaxInt64 || peak <= 0 {
		return func() {}
	}
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(s)
	for _, v := range s {
		if v.Value.Kind() != metrics.KindUint64 {
			return func() {} // unknown to this runtime: leave it alone
		}
	}
	live, mapped := int64(s[0].Value.Uint64()), int64(s[1].Value.Uint64()-s[2].Value.Uint64())
	debug.SetMemoryLimit(max(peak-max(rss-mapped, 0), live*3/2))
	return func() { debug.SetMemoryLimit(old) }
}

// residentMemory is the process's resident memory now and at its peak
// (VmRSS, VmHWM) in bytes, or zeros where /proc cannot tell.
func residentMemory() (rss, peak int64) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, 0
	}
	kB := func(v string) int64 {
		f := strings.Fields(v)
		if len(f) == 2 && f[1] == "kB" {
			if n, err := strconv.ParseInt(f[0], 10, 64); err == nil {
				return n << 10
			}
		}
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			rss = kB(v)
		} else if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			peak = kB(v)
		}
	}
	if rss <= 0 || peak <= 0 {
		return 0, 0
	}
	return rss, peak
}

// gcTight counts the scans between tightenGC and its restore (batch runs
// several at once): the first saves the setting, the last puts it back.
var gcTight struct {
	sync.Mutex
	n   int
	old int
}

// tightenGC lowers the garbage collector's headroom by a third while the
// rules run and the reports are written, and returns what restores it.
// That is when a scan holds the most — every page record and the rules'
// indexes — and allocates the least (under a tenth of the time goes to
// GC then, against a fifth while crawling): at 100,000 pages the peak
// drops by about 20 MB for about a second of CPU. GOGC=off stays off.
func tightenGC() (restore func()) {
	gcTight.Lock()
	defer gcTight.Unlock()
	gcTight.n++
	if gcTight.n == 1 {
		gcTight.old = gcPercent()
		if gcTight.old > 0 {
			debug.SetGCPercent(max(gcTight.old*2/3, 10))
		}
	}
	return func() {
		gcTight.Lock()
		defer gcTight.Unlock()
		gcTight.n--
		if gcTight.n == 0 && gcTight.old > 0 {
			debug.SetGCPercent(gcTight.old)
		}
	}
}

// gcPercent reads the GOGC setting without changing it (-1: off).
func gcPercent() int {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return -1 // unknown to this runtime: leave the collector alone
	}
	return int(int64(s[0].Value.Uint64()))
}
