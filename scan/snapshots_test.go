package scan

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestPruneSnapshots(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	files := []struct {
		name string
		age  time.Duration
		size int
	}{
		{"old.example.gov.cn.snap", 31 * 24 * time.Hour, 10},
		{"running.snap.tmp", 2 * time.Hour, 500}, // a scan still crawling
		{"stale.snap.tmp", 40 * 24 * time.Hour, 10},
		{"a.snap", 3 * time.Hour, 300},
		{"b.snap", 2 * time.Hour, 300},
		{"c.snap", 1 * time.Hour, 300},
		{"kept.snap", 60 * 24 * time.Hour, 300}, // the one just written: never removed
		{"notes.txt", 90 * 24 * time.Hour, 10},  // not ours
	}
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		if err := os.WriteFile(p, make([]byte, f.size), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, now.Add(-f.age), now.Add(-f.age)); err != nil {
			t.Fatal(err)
		}
	}
	// 500 + 3×300 + 300 = 1700 bytes after the old ones; at most 1200 stay.
	pruneSnapshots(dir, filepath.Join(dir, "kept.snap"), now, 30*24*time.Hour, 1200)
	entries, _ := os.ReadDir(dir)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	want := []string{"c.snap", "kept.snap", "notes.txt", "running.snap.tmp"}
	if !slices.Equal(got, want) {
		t.Errorf("left %q, want %q", got, want)
	}
}

// A scan prunes the snapshot cache; a snapshot name shared by several
// addresses (the demo's) keeps one file, which --resume of another
// address does not take for its own.
func TestSnapshotCacheStaysSmall(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	site := func(interrupt bool) *httptest.Server {
		return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var n int
			fmt.Sscanf(r.URL.Path, "/p/%d", &n)
			if n >= 3 && interrupt {
				cancel(ErrInterrupted)
			}
			w.Header().Set("Content-Type", "text/html")
			if n < 6 {
				fmt.Fprintf(w, `<html><body><a href="/p/%d">next</a></body></html>`, n+1)
			}
		}))
	}
	a, b := site(true), site(false)
	defer a.Close()
	defer b.Close()
	o := baseOptions(t, a.URL+"/")
	o.Concurrency = 1
	o.SnapshotName = "demo"
	if err := os.MkdirAll(o.SnapshotDir, 0o700); err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(o.SnapshotDir, "127.0.0.1_1234.snap")
	if err := os.WriteFile(old, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	month := time.Now().Add(-31 * 24 * time.Hour)
	if err := os.Chtimes(old, month, month); err != nil {
		t.Fatal(err)
	}

	if out, err := Run(ctx, o); err != nil || !out.Interrupted {
		t.Fatalf("first scan: %v (interrupted: %v)", err, out != nil && out.Interrupted)
	}
	entries, _ := os.ReadDir(o.SnapshotDir)
	if len(entries) != 1 || entries[0].Name() != "demo.snap" {
		t.Fatalf("snapshot directory holds %v, want only demo.snap", entries)
	}

	o.Start, o.Resume = b.URL+"/", true
	_, err := Run(context.Background(), o)
	if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), "no interrupted scan of "+b.URL) {
		t.Errorf("resume of another address from its snapshot: %v", err)
	}
	o.Resume = false
	if _, err := Run(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(o.SnapshotDir); len(entries) != 1 {
		t.Errorf("snapshot directory holds %v, want only demo.snap", entries)
	}
}
