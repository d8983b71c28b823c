package scan

import (
	"path/filepath"
	"runtime"
	"testing"
)

// The page store goes where the user put temporary files, else beside the
// snapshots, else into the user cache directory: never /tmp by default,
// which is often a RAM disk.
func TestBodyStoreDir(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" || runtime.GOOS == "ios" || runtime.GOOS == "plan9" {
		t.Skip("os.UserCacheDir does not follow XDG_CACHE_HOME here")
	}
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("TMPDIR", "")
	if got, want := bodyStoreDir(Options{SnapshotDir: "-"}), filepath.Join(cache, "gongkai"); got != want {
		t.Errorf("no TMPDIR, no snapshots: %q, want %q", got, want)
	}
	snaps := filepath.Join(t.TempDir(), "snapshots")
	if got := bodyStoreDir(Options{SnapshotDir: snaps}); got != snaps {
		t.Errorf("no TMPDIR: %q, want the snapshot directory %q", got, snaps)
	}
	t.Setenv("TMPDIR", t.TempDir())
	if got := bodyStoreDir(Options{SnapshotDir: snaps}); got != "" {
		t.Errorf("TMPDIR set: %q, want the system's temporary directory", got)
	}
}
