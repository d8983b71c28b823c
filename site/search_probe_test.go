package site

import (
	"bytes"
	"testing"
)

// The crawl's search probe survives a snapshot (its end record).
func TestSearchProbeInSnapshot(t *testing.T) {
	s := &Site{Start: "http://x.gov.cn/", Host: "x.gov.cn", Complete: true,
		SearchProbe: &SearchProbe{Query: "示范县召开2025年安全生产工作会议", Article: "http://x.gov.cn/a/1.html", Request: "http://x.gov.cn/search/?q=x", Status: 200}}
	var buf bytes.Buffer
	w, err := NewSnapshotWriter(&buf, SnapshotHeader{Start: s.Start, Host: s.Host})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Finish(s); err != nil {
		t.Fatal(err)
	}
	_, got, err := ReadSnapshot(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got.SearchProbe == nil || *got.SearchProbe != *s.SearchProbe {
		t.Errorf("SearchProbe after a snapshot = %+v", got.SearchProbe)
	}
}
