package pipeline

import (
	"strings"
	"time"

	"github.com/gongkai/gongkai/checks"
	"github.com/gongkai/gongkai/config"
)

// ApplyWaivers drops findings covered by a waiver that has not expired on
// the as-of date, and counts them. Expired waivers no longer hide
// anything, so a forgotten waiver cannot hide a problem forever.
func ApplyWaivers(fs []checks.Finding, ws []config.Waiver, asOf time.Time) ([]checks.Finding, int) {
	if len(ws) == 0 {
		return fs, 0
	}
	day := asOf.Format("2006-01-02")
	out := fs[:0:0]
	n := 0
	for _, f := range fs {
		waived := false
		for _, w := range ws {
			if w.Rule == f.Rule && day <= w.Expires && (w.URL == "" || strings.Contains(f.URL, w.URL)) {
				waived = true
				break
			}
		}
		if waived {
			n++
			continue
		}
		out = append(out, f)
	}
	return out, n
}
