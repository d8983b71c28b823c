package main

import (
	"math"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"

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
