package scan

import (
	"runtime/debug"
	"testing"
)

// Nested and overlapping scans put the setting back as they found it, and
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
