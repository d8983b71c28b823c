package site

import (
	"bytes"
	"compress/gzip"
	"errors"
	"strings"
	"testing"
)

// smallSnapshot is a finished crawl of three pages, a resource and an
// attachment.
func smallSnapshot(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewSnapshotWriter(&buf, SnapshotHeader{Tool: "test", Start: "http://x.gov.cn/", Host: "x.gov.cn"})
	if err != nil {
		t.Fatal(err)
	}
	pages := []*Page{
		{URL: "http://x.gov.cn/", Title: "首页", Text: "示范县人民政府", ScriptText: "conac.cn"},
		{URL: "http://x.gov.cn/a.html", Title: "文章", Text: "政府信息公开指南"},
		{URL: "http://x.gov.cn/b.html", Title: "名单", Text: "低保名单"},
	}
	for _, p := range pages {
		if err := w.WritePage(p); err != nil {
			t.Fatal(err)
		}
	}
	s := &Site{Start: "http://x.gov.cn/", Host: "x.gov.cn", Complete: true, Pages: pages,
		Resources:   []*Resource{{URL: "http://x.gov.cn/a.pdf", Status: 404, ErrClass: ErrHTTPStatus}},
		Attachments: []*Attachment{{URL: "http://x.gov.cn/b.xlsx", Text: "名单"}}}
	if err := w.Finish(s); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestSnapshotEveryFlippedByte changes every byte of a small snapshot in
// turn (every single bit, and the whole byte): each must be reported damaged, never read as a clean,
// complete crawl (it used to give 0 pages, or 41 of them, and exit 0).
func TestSnapshotEveryFlippedByte(t *testing.T) {
	good := smallSnapshot(t)
	if _, s, err := ReadSnapshot(bytes.NewReader(good)); err != nil || !s.Complete || len(s.Pages) != 3 {
		t.Fatalf("good snapshot: %v", err)
	}
	for i := range good {
		for _, mask := range []byte{0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xff} {
			bad := bytes.Clone(good)
			bad[i] ^= mask
			_, s, err := ReadSnapshot(bytes.NewReader(bad))
			var d *SnapshotDamagedError
			switch {
			case err == nil:
				t.Errorf("byte %d ^%#x: read without error (%d pages, complete %v)", i, mask, len(s.Pages), s.Complete)
			case !errors.Is(err, ErrSnapshotDamaged) || !errors.As(err, &d):
				t.Errorf("byte %d ^%#x: %v, want 快照文件已损坏", i, mask, err)
			case !strings.HasPrefix(err.Error(), "快照文件已损坏") || !strings.Contains(err.Error(), "字节"):
				t.Errorf("byte %d ^%#x: message %q names no offset", i, mask, err)
			}
		}
	}
}

// TestSnapshotOldVersion: a version 1 snapshot (no checksums) is refused
// with a message saying to crawl again.
func TestSnapshotOldVersion(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`{"format":"gongkai-snapshot","version":1,"tool":"v0","start":"http://x.gov.cn/"}` + "\n" + `{"page":{"url":"http://x.gov.cn/"}}` + "\n"))
	zw.Close()
	_, _, err := ReadSnapshot(&gz)
	if !errors.Is(err, ErrSnapshotOld) || !strings.Contains(err.Error(), "gongkai crawl") {
		t.Errorf("old snapshot: %v", err)
	}
}
