package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
)

// The garbage collector's settings. A scan's memory grows with the site
// (every page's record is held until the site-wide rules have run): large
// sites want little headroom (GOGC 50), small ones lose a tenth of their
// CPU to it for a few megabytes. tuneGC gives a small heap the default's
// headroom, the rules phase tightens it by a third (tightenGC), and one
// scan's rules are held to the memory its crawl reached (capMemoryAtPeak).

// smallHeap is the live heap under which GOGC is doubled; above
// smallHeap*4/3 it is the base again (the gap keeps it from flapping).
// A 3,000-page scan lives in ~15 MB; 100,000 pages pass it in the first
// tenth of the crawl, so the large scans' peak does not move.
const smallHeap = 24 << 20

// gcState is the tuned setting; base 0 means tuneGC was not called
// (tests; GOGC set by the user) and tightenGC scales what it finds.
var gcState struct {
	sync.Mutex
	base    int  // the setting for a large heap
	small   bool // the live heap is under smallHeap: base doubled
	tight   int  // scans in their rules phase (see tightenGC)
	old     int  // without tuneGC: the setting tightenGC found
	applied int
}

// gcPercentFor is the setting for a base, whether the heap is small, and
// whether a rules phase runs; GOGC=off (negative) and GOGC=0 stay as set.
func gcPercentFor(base int, small, tight bool) int {
	if base <= 0 {
		return base
	}
	p := base
	if small {
		p *= 2
	}
	if tight {
		p = max(p*2/3, 10)
	}
	return p
}

// smallAfter says whether a heap of live bytes counts as small, given
// whether it did.
func smallAfter(live uint64, wasSmall bool) bool {
	if wasSmall {
		return live <= smallHeap*4/3
	}
	return live < smallHeap
}

// tuneGC sets GOGC to base and, after every collection, doubles it while
// the live heap is small.
func tuneGC(base int) {
	gcState.Lock()
	gcState.base, gcState.small = base, true
	applyGCLocked()
	gcState.Unlock()
	afterEachGC(retuneGC)
}

// afterEachGC runs f after the next collection, and after each one
// while f returns true.
func afterEachGC(f func() bool) {
	sentinel := new([16]byte)
	runtime.SetFinalizer(sentinel, func(*[16]byte) {
		if f() {
			afterEachGC(f)
		}
	})
}

// retuneGC applies what the live heap now says; false once tuning is
// off (a test put it back).
func retuneGC() bool {
	m, ok := readMemory()
	gcState.Lock()
	defer gcState.Unlock()
	if gcState.base == 0 || !ok {
		return false
	}
	if small := smallAfter(uint64(m.live), gcState.small); small != gcState.small {
		gcState.small = small
		applyGCLocked()
	}
	return true
}

func applyGCLocked() {
	p := gcPercentFor(gcState.base, gcState.small, gcState.tight > 0)
	if p != gcState.applied {
		debug.SetGCPercent(p)
		gcState.applied = p
	}
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

// tightenGC lowers the garbage collector's headroom by a third while the
// rules run and the reports are written, and returns what restores it.
// That is when a scan holds the most — every page record and the rules'
// indexes — and allocates the least (under a tenth of the time goes to
// GC then, against a fifth while crawling): at 100,000 pages the peak
// drops by about 20 MB for about a second of CPU. Scans overlapping in
// batch restore it when the last ends. GOGC=off stays off.
func tightenGC() (restore func()) {
	gcState.Lock()
	defer gcState.Unlock()
	gcState.tight++
	if gcState.base != 0 {
		applyGCLocked()
	} else if gcState.tight == 1 {
		gcState.old = gcPercent()
		debug.SetGCPercent(gcPercentFor(gcState.old, false, true))
	}
	return func() {
		gcState.Lock()
		defer gcState.Unlock()
		gcState.tight--
		if gcState.base != 0 {
			applyGCLocked()
		} else if gcState.tight == 0 {
			debug.SetGCPercent(gcState.old)
		}
	}
}

// gcPercent reads the GOGC setting without changing it (-1: off, or
// unknown to this runtime: then the collector is left alone).
func gcPercent() int {
	m, ok := readMemory()
	if !ok {
		return -1
	}
	return m.gogc
}

// runtimeMemory is what the runtime says of its memory and its collector.
type runtimeMemory struct {
	gogc int
	// live is the heap the last collection found live; mapped the
	// runtime's memory not given back to the system; other the part of
	// it that is neither heap objects nor free heap pages (the runtime's
	// own structures, stacks, the unused ends of spans).
	live, mapped, other int64
}

// readMemory reads runtimeMemory; false if this runtime does not know it.
func readMemory() (runtimeMemory, bool) {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}, {Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/free:bytes"},
		{Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(s)
	var v [6]int64
	for i, x := range s {
		if x.Value.Kind() != metrics.KindUint64 {
			return runtimeMemory{}, false
		}
		v[i] = int64(x.Value.Uint64())
	}
	return runtimeMemory{gogc: int(v[0]), live: v[1], mapped: v[2] - v[5], other: max(v[2]-v[3]-v[4]-v[5], 0)}, true
}

// capMemoryAtPeak sets the runtime's soft memory limit so that the
// process stays within the most memory it has held so far (VmHWM: the
// crawl's peak, or loading the snapshot's), and returns what puts the old
// limit back. After the crawl a scan holds every page record and the rules
// build their indexes on top: with only GOGC the heap's headroom and the
// pages freed but not yet returned to the system took the 100,000-page
// scan ~30 MB past the crawl's own peak (issue 7's bound). The limit
// counts only the runtime's memory, so what else is resident (the
// program's own code) is taken off. It never takes the heap's headroom
// below GOGC's: after each collection it is raised to the live heap plus
// that headroom if it is lower, so the rules are never collected more
// often than GOGC says — it makes the runtime return free memory, not
// collect harder (at a snapshot's check, whose load peaks low, a fixed
// limit made a quarter of the CPU go to GC). Only for one scan a process:
// in batch, sites still crawling would be held to it. A GOMEMLIMIT the
// user set, or GOGC=off, is left alone.
func capMemoryAtPeak() (restore func()) {
	old := debug.SetMemoryLimit(-1)
	rss, peak := residentMemory()
	m, ok := readMemory()
	if old != math.MaxInt64 || peak <= 0 || !ok || m.gogc < 0 {
		return func() {}
	}
	floor := peak - max(rss-m.mapped, 0)
	var mu sync.Mutex
	on := true
	set := func() bool {
		mu.Lock()
		defer mu.Unlock()
		if m, ok := readMemory(); on && ok {
			debug.SetMemoryLimit(memoryLimit(floor, m.live, m.other, m.gogc))
		}
		return on
	}
	set()
	afterEachGC(set)
	return func() {
		mu.Lock()
		defer mu.Unlock()
		on = false
		debug.SetMemoryLimit(old)
	}
}

// memoryLimit is the limit for a floor (the peak, net of what is not the
// runtime's), a live heap and the runtime's memory besides the heap's
// objects and free pages (its own structures, stacks, the unused ends of
// spans): the floor, or the live heap with GOGC's headroom and that
// memory, if it is more.
func memoryLimit(floor, live, other int64, gogc int) int64 {
	return max(floor, live+live*int64(max(gogc, 0))/100+other)
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
