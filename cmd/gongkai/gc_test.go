package main

import (
	"math"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/gongkai/gongkai/demo"
)

// Nested and overlapping scans (batch) put the setting back as they found it, and
// GOGC=off is never turned on.
func TestTightenGCRestores(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(60))
	a := tightenGC()
	if got := debug.SetGCPercent(40); got != 40 {
		t.Errorf("tightened GOGC = %d, want 40", got)
	}
	b := tightenGC()
	a()
	if got := debug.SetGCPercent(40); got != 40 {
		t.Errorf("GOGC restored while another scan still runs: %d", got)
	}
	b()
	if got := debug.SetGCPercent(60); got != 60 {
		t.Errorf("GOGC after both = %d, want 60", got)
	}
	debug.SetGCPercent(-1)
	tightenGC()()
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Errorf("GOGC=off became %d", got)
	}
}

// scan, check and batch tighten the collector while the rules run, once
// per site, and put it back.
func TestRulesPhaseTunesGC(t *testing.T) {
	var started, done, alone int
	defer func(old, oldAlone func() func()) { rulesPhase, rulesPhaseAlone = old, oldAlone }(rulesPhase, rulesPhaseAlone)
	rulesPhase = func() func() {
		started++
		restore := tightenGC()
		return func() { done++; restore() }
	}
	rulesPhaseAlone = func() func() {
		alone++
		restore := rulesPhase()
		return restore
	}
	dir := t.TempDir()
	srv := httptest.NewServer(demo.Handler(demo.Site()))
	defer srv.Close()
	snap := filepath.Join(dir, "site.snap")
	csv := filepath.Join(dir, "sites.csv")
	if err := os.WriteFile(csv, []byte("名称,URL,单位\n示范县,"+srv.URL+"/,示范县\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"scan", srv.URL + "/", "--rate", "0", "--xlsx", filepath.Join(dir, "a.xlsx"), "--db", "-"},
		{"crawl", srv.URL + "/", "--rate", "0", "-o", snap},
		{"check", snap, "--xlsx", filepath.Join(dir, "b.xlsx"), "--db", "-"},
		{"batch", csv, "--out", filepath.Join(dir, "batch"), "--rate", "0", "--db", "-"},
	} {
		if _, stderr, code := execute(t, append(args, "--quiet")...); code != 0 {
			t.Fatalf("%s: exit %d: %s", args[0], code, stderr)
		}
	}
	if started != 3 || done != 3 || alone != 2 {
		t.Errorf("rules phase started %d (%d of them alone), done %d times; want 3 (scan and check alone, batch; not crawl)", started, alone, done)
	}
}

// One scan's rules are held to the memory the process has reached, and the
// limit is put back after; a GOMEMLIMIT the user set is left alone.
func TestCapMemoryAtPeak(t *testing.T) {
	if _, peak := residentMemory(); peak <= 0 {
		t.Skip("no /proc/self/status VmHWM here")
	}
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	restore := capMemoryAtPeak()
	limit := debug.SetMemoryLimit(-1)
	if _, peak := residentMemory(); limit == math.MaxInt64 || limit > peak || limit < peak/4 {
		t.Errorf("limit during the rules = %d, want a little under the peak %d", limit, peak)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("limit after the rules = %d, want none", got)
	}
	debug.SetMemoryLimit(1 << 40)
	capMemoryAtPeak()()
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("the user's GOMEMLIMIT became %d", got)
	}
}

// A small heap gets twice the base's headroom, the rules phase a third
// less, and GOGC=off stays off; the heap is small again only well under
// the mark it left at.
func TestGCPercentFor(t *testing.T) {
	for _, c := range []struct {
		base         int
		small, tight bool
		want         int
	}{
		{50, false, false, 50}, {50, true, false, 100}, {50, false, true, 33}, {50, true, true, 66},
		{12, false, true, 10}, {-1, true, true, -1}, {0, true, true, 0},
	} {
		if got := gcPercentFor(c.base, c.small, c.tight); got != c.want {
			t.Errorf("gcPercentFor(%d, small %v, tight %v) = %d, want %d", c.base, c.small, c.tight, got, c.want)
		}
	}
	for _, c := range []struct {
		live     uint64
		was, now bool
	}{
		{smallHeap - 1, false, true}, {smallHeap, false, false}, {smallHeap + 1, true, true},
		{smallHeap * 4 / 3, true, true}, {smallHeap*4/3 + 1, true, false},
	} {
		if got := smallAfter(c.live, c.was); got != c.now {
			t.Errorf("smallAfter(%d, %v) = %v, want %v", c.live, c.was, got, c.now)
		}
	}
}

// Once tuned, GOGC follows the live heap after each collection and the
// rules phase's tightening, and is put back as tuned.
func TestTuneGCFollowsTheHeap(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer func() {
		gcState.Lock()
		gcState.base, gcState.small, gcState.tight, gcState.applied = 0, false, 0, 0
		gcState.Unlock()
	}()
	tuneGC(50)
	runtime.GC()
	runtime.GC() // the finalizer of the first collection's sentinel has run
	time.Sleep(50 * time.Millisecond)
	if got := debug.SetGCPercent(-1); got != 100 { // a test's heap is small
		t.Errorf("GOGC with a small heap = %d, want 100", got)
	}
	debug.SetGCPercent(100)
	restore := tightenGC()
	if got := gcPercent(); got != 66 {
		t.Errorf("GOGC in the rules phase = %d, want 66", got)
	}
	restore()
	if got := gcPercent(); got != 100 {
		t.Errorf("GOGC after the rules phase = %d, want 100", got)
	}
	big := make([]byte, smallHeap*2)
	runtime.GC()
	runtime.GC()
	time.Sleep(50 * time.Millisecond)
	if got := gcPercent(); got != 50 {
		t.Errorf("GOGC with %d MB live = %d, want 50", len(big)>>20, got)
	}
	runtime.KeepAlive(big)
}

// The limit is the floor unless the live heap with GOGC's headroom needs
// more: it never makes the collector run more often than GOGC says.
func TestMemoryLimit(t *testing.T) {
	for _, c := range []struct {
		floor, live, other int64
		gogc               int
		want               int64
	}{
		{265, 150, 20, 33, 265}, {180, 150, 20, 33, 219}, {180, 166, 0, 100, 332}, {180, 150, 20, -1, 180},
	} {
		if got := memoryLimit(c.floor<<20, c.live<<20, c.other<<20, c.gogc) >> 20; got != c.want {
			t.Errorf("memoryLimit(%d MB, live %d MB, other %d MB, GOGC %d) = %d MB, want %d", c.floor, c.live, c.other, c.gogc, got, c.want)
		}
	}
	if m, ok := readMemory(); !ok || m.live <= 0 || m.other <= 0 || m.mapped < m.live {
		t.Errorf("readMemory = %+v, %v: the runtime's metrics were not read", m, ok)
	}
}
