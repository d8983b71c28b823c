package site

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
)

// Many snapshots written at once (a worker scanning 200 sites) hold no
// compressor each between flushes: it is borrowed per chunk from a pool.
// With a gzip.Writer per snapshot this was about 1 MB each (issue 14).
func TestSnapshotWritersShareCompressors(t *testing.T) {
	const n = 50
	page := &Page{URL: "http://x.gov.cn/a.html", Title: "文章", ScriptText: strings.Repeat("公开 ", 500)}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	before := ms.HeapAlloc
	ws := make([]*SnapshotWriter, n)
	for i := range ws {
		w, err := NewSnapshotWriter(io.Discard, SnapshotHeader{Tool: "test", Start: "x.gov.cn"})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.WritePage(page); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		ws[i] = w
	}
	runtime.GC()
	runtime.ReadMemStats(&ms)
	per := (int64(ms.HeapAlloc) - int64(before)) / n
	t.Logf("%d KB per open writer", per>>10)
	if per > 100<<10 {
		t.Errorf("an open snapshot writer holds %d KB between flushes; want < 100 KB (no compressor of its own)", per>>10)
	}
	runtime.KeepAlive(ws)
}

// A snapshot compressed in many chunks (more than chunkSize of pages,
// flushed in between) is one valid gzip member: gzip's own reader checks
// its CRC and size, and the snapshot reads back whole.
func TestSnapshotManyChunksRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewSnapshotWriter(&buf, SnapshotHeader{Tool: "test", Start: "x.gov.cn"})
	if err != nil {
		t.Fatal(err)
	}
	s := &Site{Start: "http://x.gov.cn/", Host: "x.gov.cn", Complete: true}
	for i := range 300 {
		p := &Page{URL: fmt.Sprintf("http://x.gov.cn/%d.html", i), Title: fmt.Sprint("文章", i),
			ScriptText: strings.Repeat(fmt.Sprint(i, "政府信息公开 "), 60)}
		s.Pages = append(s.Pages, p)
		if err := w.WritePage(p); err != nil {
			t.Fatal(err)
		}
		if i%7 == 0 {
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.Finish(s); err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(io.Discard, zr); err != nil {
		t.Fatalf("gzip reader: %v", err)
	}
	_, got, err := ReadSnapshot(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	titles := map[string]string{}
	for _, p := range got.Pages {
		titles[p.URL] = p.Title
	}
	if !got.Complete || len(got.Pages) != 300 || titles["http://x.gov.cn/299.html"] != "文章299" {
		t.Errorf("read back %d pages, complete %v", len(got.Pages), got.Complete)
	}
}
