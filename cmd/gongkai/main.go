// Command gongkai checks a Chinese government disclosure website against the
// national inspection indicators and writes its rectification list.
package main

import (
	"fmt"
	"os"
	"runtime/debug"
	"runtime/metrics"
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

// rulesPhase is what scan, check and batch hand scan.Options.RulesPhase:
// the collector is tightened while the rules run (tests count the calls).
var rulesPhase = tightenGC

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
