package site

import (
	"bytes"
	"compress/gzip"
	"errors"
	"testing"
)

func TestSnapshotRoundTripAndPartial(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewSnapshotWriter(&buf, SnapshotHeader{Tool: "test", Start: "x.gov.cn"})
	if err != nil {
		t.Fatal(err)
	}
	p1 := &Page{URL: "http://x.gov.cn/", Title: "首页", ScriptText: "conac.cn"}
	p2 := &Page{URL: "http://x.gov.cn/a.html", Title: "文章"}
	for _, p := range []*Page{p1, p2} {
		if err := w.WritePage(p); err != nil {
			t.Fatal(err)
		}
	}
	// A reader in the middle of the crawl sees the pages written so far (at
	// most a second late; Flush stands for that second).
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	flushed := buf.Len()
	_, partial, err := ReadSnapshot(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if len(partial.Pages) != 2 || partial.Complete || partial.Start != "http://x.gov.cn/" {
		t.Errorf("partial = %d pages, complete %v, start %q", len(partial.Pages), partial.Complete, partial.Start)
	}
	s := &Site{Start: "http://x.gov.cn/", Host: "x.gov.cn", Complete: true, Pages: []*Page{p1, p2},
		Resources:   []*Resource{{URL: "http://x.gov.cn/a.pdf", Status: 404, ErrClass: ErrHTTPStatus}},
		Attachments: []*Attachment{{URL: "http://x.gov.cn/b.xlsx", Text: "名单"}},
		Probe:       &Probe{Host: "x.gov.cn", IPv6: IPv6Probe{State: ProbeNoAAAA}, HTTPS: HTTPSProbe{State: ProbeNoHTTPS}}}
	if err := w.Finish(s); err != nil {
		t.Fatal(err)
	}
	h, got, err := ReadSnapshot(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if h.Format != SnapshotFormat || h.Version != SnapshotVersion || !got.Complete || got.Start != s.Start ||
		len(got.Pages) != 2 || got.Pages[0].ScriptText != "conac.cn" || len(got.Resources) != 1 ||
		got.Attachments[0].Text != "名单" {
		t.Errorf("round trip = %+v", got)
	}
	if got.Probe == nil || got.Probe.IPv6.State != ProbeNoAAAA || got.Probe.HTTPS.State != ProbeNoHTTPS {
		t.Errorf("probe after the round trip = %+v", got.Probe)
	}
	// A file cut where the writer had flushed (a crawl killed between
	// writes) keeps what was complete; one cut in the middle of a write
	// is damaged.
	_, got, err = ReadSnapshot(bytes.NewReader(buf.Bytes()[:flushed]))
	if err != nil || len(got.Pages) != 2 || got.Complete {
		t.Errorf("snapshot cut at a flush: %v, %+v", err, got)
	}
	if _, _, err = ReadSnapshot(bytes.NewReader(buf.Bytes()[:buf.Len()-20])); !errors.Is(err, ErrSnapshotDamaged) {
		t.Errorf("snapshot cut mid-write: %v, want damaged", err)
	}
	if got.Probe != nil {
		t.Errorf("a snapshot without its end record has a probe: %+v", got.Probe)
	}
	// Not a snapshot.
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`{"format":"other"}`))
	zw.Close()
	if _, _, err := ReadSnapshot(&gz); err == nil {
		t.Error("a foreign gzip file was read as a snapshot")
	}
}
