package scan

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// The user cache keeps one snapshot per site; those older than
// snapshotMaxAge go, then the oldest until all fit in snapshotMaxBytes. A
// snapshot of a 100,000-page site is a few hundred megabytes.
const (
	snapshotMaxAge   = 30 * 24 * time.Hour
	snapshotMaxBytes = 1 << 30
)

// pruneSnapshots removes old snapshots from dir, never keep (the one just
// written). Only gongkai's own files (*.snap, *.snap.tmp) are touched; a
// .tmp is the snapshot of a scan that may still run, removed only once
// older than maxAge. Errors are ignored: pruning is housekeeping.
func pruneSnapshots(dir, keep string, now time.Time, maxAge time.Duration, maxBytes int64) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	type snap struct {
		path string
		mod  time.Time
		size int64
	}
	var snaps []snap
	var total int64
	for _, e := range entries {
		name := e.Name()
		isSnap, isTmp := strings.HasSuffix(name, ".snap"), strings.HasSuffix(name, ".snap.tmp")
		if !e.Type().IsRegular() || (!isSnap && !isTmp) {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue
		}
		path := filepath.Join(dir, name)
		if path != keep && now.Sub(fi.ModTime()) > maxAge {
			_ = os.Remove(path)
			continue
		}
		total += fi.Size()
		if isSnap && path != keep {
			snaps = append(snaps, snap{path: path, mod: fi.ModTime(), size: fi.Size()})
		}
	}
	sort.Slice(snaps, func(i, j int) bool { return snaps[i].mod.Before(snaps[j].mod) })
	for _, s := range snaps {
		if total <= maxBytes {
			break
		}
		if os.Remove(s.path) == nil {
			total -= s.size
		}
	}
}
