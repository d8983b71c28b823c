package scan

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// chainSite serves /p/0 … /p/n, each linking to the next.
func chainSite(n int, hit func(path string)) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hit != nil {
			hit(r.URL.Path)
		}
		var i int
		fmt.Sscanf(r.URL.Path, "/p/%d", &i)
		w.Header().Set("Content-Type", "text/html")
		if i < n {
			fmt.Fprintf(w, `<html><head><title>第%d页</title></head><body><a href="/p/%d">next</a></body></html>`, i, i+1)
		}
	}))
}

// TestCheckDamagedSnapshot: `check` on a snapshot with a changed byte is a
// usage error saying 快照文件已损坏 and where, never a report (it used to
// give 0 pages and score 100, or 41 pages and 78). Every 7th byte is tried.
func TestCheckDamagedSnapshot(t *testing.T) {
	srv := chainSite(5, nil)
	defer srv.Close()
	snap := filepath.Join(t.TempDir(), "site.snap")
	if _, err := Crawl(context.Background(), baseOptions(t, srv.URL+"/p/0"), snap); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(snap)
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "bad.snap")
	for i := 0; i < len(good); i += 7 {
		data := bytes.Clone(good)
		data[i] ^= 0x20
		os.WriteFile(bad, data, 0o600)
		o := baseOptions(t, "")
		out, err := Check(context.Background(), o, bad)
		if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), "快照文件已损坏") || !strings.Contains(err.Error(), "字节") {
			var score any
			if out != nil {
				score = out.Report.Score
			}
			t.Fatalf("byte %d changed: err %v, score %+v; want 快照文件已损坏 with the offset", i, err, score)
		}
		if _, err := os.Stat(o.JSONPath); err == nil {
			t.Fatalf("byte %d changed: a report was written", i)
		}
	}
}

// TestResumeFromDamagedSnapshot: --resume from a damaged snapshot crawls
// afresh and says so.
func TestResumeFromDamagedSnapshot(t *testing.T) {
	var mu sync.Mutex
	fetched := map[string]int{}
	srv := chainSite(3, func(p string) { mu.Lock(); fetched[p]++; mu.Unlock() })
	defer srv.Close()
	o := baseOptions(t, srv.URL+"/p/0")
	path := snapshotPath(o)
	os.MkdirAll(filepath.Dir(path), 0o700)
	// An interrupted scan's snapshot with a changed byte in the middle.
	if _, err := Crawl(context.Background(), o, path); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	data[len(data)/2] ^= 0x20
	os.WriteFile(path, data, 0o600)
	var notices []string
	o.Notice = func(s string) { notices = append(notices, s) }
	o.Resume = true
	out, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if !out.Report.Complete || out.Report.Pages != 4 {
		t.Errorf("fresh scan: complete %v, %d pages", out.Report.Complete, out.Report.Pages)
	}
	if len(notices) != 1 || !strings.Contains(notices[0], "从头开始") || !strings.Contains(notices[0], "快照文件已损坏") {
		t.Errorf("notices = %q", notices)
	}
}
