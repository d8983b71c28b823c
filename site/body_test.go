package site

import (
	"bytes"
	"reflect"
	"testing"
)

func spillPage() *Page {
	return &Page{
		URL:        "http://x.gov.cn/a.html",
		Title:      "标题",
		Text:       "正文 第一段 发布日期：2025-01-02 主办单位：某某县人民政府",
		FooterText: "主办单位：某某县人民政府",
		ScriptText: "createPageHTML(3, 0, \"index\", \"html\");",
		Links: []Link{
			{URL: "http://x.gov.cn/b.html", Text: "政策解读", Kind: KindAnchor},
			{URL: "http://x.gov.cn/c.png", Kind: KindImage},
			{URL: "http://x.gov.cn/f.html", Text: "", Kind: KindFrame},
		},
		PageURLs: []string{"http://x.gov.cn/index_1.html", "http://x.gov.cn/index_2.html"},
	}
}

func TestSpillRoundTrip(t *testing.T) {
	st, err := NewBodyStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	want := spillPage()
	p := spillPage()
	p.Spill(st)
	if !p.Spilled() || p.Text != "" || p.Links != nil || p.PageURLs != nil || p.ScriptText != "" {
		t.Fatalf("fields not cleared after Spill: %+v", p)
	}
	if got := p.Body(); got != (Body{want.Text, want.FooterText, want.ScriptText}) {
		t.Errorf("Body = %+v", got)
	}
	if p.TextLen() != len(want.Text) {
		t.Errorf("TextLen = %d, want %d", p.TextLen(), len(want.Text))
	}
	if got := p.Outgoing(); !reflect.DeepEqual(got, want.Links) {
		t.Errorf("Outgoing = %+v", got)
	}
	if got := p.ListPageURLs(); !reflect.DeepEqual(got, want.PageURLs) {
		t.Errorf("ListPageURLs = %+v", got)
	}
	full := p.Full()
	full.body = bodyRef{}
	if !reflect.DeepEqual(full, want) {
		t.Errorf("Full = %+v\nwant %+v", full, want)
	}
	p.Spill(st) // a second spill changes nothing
	if p.Body().Text != want.Text {
		t.Error("second Spill lost the text")
	}
	if err := st.Err(); err != nil {
		t.Fatal(err)
	}
}

func TestSpillEmptyAndUnspilled(t *testing.T) {
	st, err := NewBodyStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p := &Page{URL: "http://x.gov.cn/"}
	p.Spill(st)
	if p.Body() != (Body{}) || p.Outgoing() != nil || p.ListPageURLs() != nil || p.TextLen() != 0 {
		t.Errorf("empty page read back as %+v %+v %+v", p.Body(), p.Outgoing(), p.ListPageURLs())
	}
	q := spillPage()
	q.Spill(nil) // no store: stays in memory
	if q.Spilled() || q.Body().Text != spillPage().Text || len(q.Outgoing()) != 3 {
		t.Error("page without a store must keep its fields")
	}
}

// A page spilled before it is written (resumed crawls) must reach the
// snapshot whole.
func TestSnapshotWritesSpilledPageWhole(t *testing.T) {
	st, err := NewBodyStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var buf bytes.Buffer
	sw, err := NewSnapshotWriter(&buf, SnapshotHeader{Start: "http://x.gov.cn/"})
	if err != nil {
		t.Fatal(err)
	}
	p := spillPage()
	p.Spill(st)
	if err := sw.WritePage(p); err != nil {
		t.Fatal(err)
	}
	if err := sw.Finish(&Site{Start: "http://x.gov.cn/"}); err != nil {
		t.Fatal(err)
	}
	st2, err := NewBodyStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	_, s, err := ReadSnapshotTo(bytes.NewReader(buf.Bytes()), st2)
	if err != nil || len(s.Pages) != 1 {
		t.Fatalf("read back: %v, %d pages", err, len(s.Pages))
	}
	got := s.Pages[0]
	if !got.Spilled() {
		t.Error("ReadSnapshotTo did not spill the page")
	}
	full := got.Full()
	full.body = bodyRef{}
	if !reflect.DeepEqual(full, spillPage()) {
		t.Errorf("page after snapshot round trip = %+v", full)
	}
}

// A store that can no longer be read must say so: rules would otherwise
// see blank pages and report them.
func TestBodyStoreReadErrorIsReported(t *testing.T) {
	st, err := NewBodyStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	p := spillPage()
	p.Spill(st)
	st.Close()
	if p.Body().Text != "" {
		t.Error("read from a closed store returned text")
	}
	if st.Err() == nil {
		t.Error("Err is nil after a failed read")
	}
}

// Link kinds this version does not name survive a spill.
func TestSpillUnknownLinkKind(t *testing.T) {
	st, err := NewBodyStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	links := []Link{{URL: "http://x.gov.cn/v.mp4", Kind: "video"}, {URL: "http://x.gov.cn/", Text: "首页", Kind: KindAnchor}}
	p := &Page{Links: append([]Link(nil), links...)}
	p.Spill(st)
	if got := p.Outgoing(); !reflect.DeepEqual(got, links) {
		t.Errorf("Outgoing = %+v", got)
	}
}

// A store that cannot be written (disk full) leaves pages in memory: more
// memory, the same findings.
func TestSpillWriteFailureKeepsPage(t *testing.T) {
	st, err := NewBodyStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	st.f.Close() // every write fails from here on
	p := spillPage()
	p.Spill(st)
	if p.Spilled() || p.Text != spillPage().Text || len(p.Outgoing()) != 3 {
		t.Fatalf("page lost its text after a failed write: %+v", p)
	}
	if st.Err() != nil {
		t.Errorf("a failed write is not a read error: %v", st.Err())
	}
}
