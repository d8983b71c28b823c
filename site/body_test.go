package site

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// testStore is a body store in the test's temporary directory, closed
// when the test ends (a test may close it sooner).
func testStore(t *testing.T) *BodyStore {
	t.Helper()
	st, err := NewBodyStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

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
			{URL: "http://bet.example/", Text: "娱乐", Kind: KindAnchor, Hidden: "display:none（div#hl）"},
		},
		PageURLs:       []string{"http://x.gov.cn/index_1.html", "http://x.gov.cn/index_2.html"},
		Meta:           map[string]string{"columnname": "政策文件", "articletitle": "", "pubdate": "2025-01-02 09:30"},
		Metadata:       map[string]string{"索引号": "000014349/2025-00001", "发布机构": "县政府办公室", "成文日期": "2025-01-01"},
		MetadataLabels: map[string]string{"索引号": "索引号", "发布机构": "责任部门", "成文日期": "发文日期"},
		Breadcrumb:     []string{"首页", "政务公开", "政策文件"},
		Scripts:        []string{"http://x.gov.cn/js/jquery.js"},
		Published:      Date{Time: time.Date(2025, 1, 2, 9, 30, 0, 0, Shanghai), Source: SourceMeta},
		Items: []ListItem{
			{Title: "关于印发某某办法的通知", URL: "http://x.gov.cn/t1.html", Date: Date{Time: time.Date(2025, 1, 2, 0, 0, 0, 0, Shanghai), Source: SourceList}},
			{Title: "无日期", URL: "http://x.gov.cn/t2.html"},
		},
	}
}

// Every kind of date a list item can carry comes back from the store as it
// went in: Shanghai (the same zone value), UTC, another fixed zone, none.
func TestSpillItemDates(t *testing.T) {
	st := testStore(t)
	items := []ListItem{
		{Title: "a", Date: Date{Time: time.Date(2024, 2, 29, 0, 0, 0, 0, Shanghai), Source: SourceList}},
		{Title: "b", Date: Date{Time: time.Date(2024, 3, 1, 23, 59, 59, 999, time.UTC), Source: SourceText}},
		{Title: "c", Date: Date{Time: time.Date(1999, 12, 31, 8, 0, 0, 0, time.FixedZone("EST", -5*3600))}},
		{Title: "d", URL: "http://x.gov.cn/d.html"},
	}
	p := &Page{Items: append([]ListItem(nil), items...)}
	p.Spill(st)
	got := p.ListItems()
	if !reflect.DeepEqual(got, items) {
		t.Fatalf("ListItems = %+v\nwant %+v", got, items)
	}
	if got[0].Date.Time != items[0].Date.Time {
		t.Error("a Shanghai date came back in another zone value")
	}
}

// A truncated or garbled section loses data; it never panics or makes a
// huge slice.
func TestSpillCodecShortBuffers(t *testing.T) {
	b := appendItems(nil, spillPage().Items)
	b = appendMap(b, spillPage().Metadata)
	for i := range b {
		readItems(b[:i])
		readMap(b[:i])
		readStrings(b[:i])
	}
	if got := readItems([]byte{0xff, 0xff, 0xff, 0xff, 0x0f}); len(got) != 0 {
		t.Errorf("a huge count gave %d items", len(got))
	}
}

func TestSpillRoundTrip(t *testing.T) {
	st := testStore(t)
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
	if p.Meta != nil || p.Metadata != nil || p.Items != nil || p.Breadcrumb != nil || p.Scripts != nil {
		t.Errorf("detail fields not cleared after Spill: %+v", p)
	}
	for _, c := range []struct {
		name      string
		got, want any
	}{
		{"MetaTags", p.MetaTags(), want.Meta},
		{"Fields", p.Fields(), want.Metadata},
		{"FieldLabels", p.FieldLabels(), want.MetadataLabels},
		{"ListItems", p.ListItems(), want.Items},
		{"Crumbs", p.Crumbs(), want.Breadcrumb},
		{"ScriptSrcs", p.ScriptSrcs(), want.Scripts},
		{"NumItems", p.NumItems(), len(want.Items)},
		{"NumFields", p.NumFields(), len(want.Metadata)},
		{"ArticleTitle", p.ArticleTitle(), want.Meta["articletitle"]},
		{"IsContent", p.IsContent(), want.IsContent()},
		{"IsColumn", p.IsColumn(), want.IsColumn()},
	} {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %+v, want %+v", c.name, c.got, c.want)
		}
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
	st := testStore(t)
	p := &Page{URL: "http://x.gov.cn/"}
	p.Spill(st)
	if p.Body() != (Body{}) || p.Outgoing() != nil || p.ListPageURLs() != nil || p.TextLen() != 0 {
		t.Errorf("empty page read back as %+v %+v %+v", p.Body(), p.Outgoing(), p.ListPageURLs())
	}
	q := spillPage()
	q.Spill(nil) // no store: stays in memory
	if q.Spilled() || q.Body().Text != spillPage().Text || len(q.Outgoing()) != len(spillPage().Links) {
		t.Error("page without a store must keep its fields")
	}
}

// A page spilled before it is written (resumed crawls) must reach the
// snapshot whole.
func TestSnapshotWritesSpilledPageWhole(t *testing.T) {
	st := testStore(t)
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
	st2 := testStore(t)
	_, s, err := ReadSnapshotTo(bytes.NewReader(buf.Bytes()), st2)
	if err != nil || len(s.Pages) != 1 {
		t.Fatalf("read back: %v, %d pages", err, len(s.Pages))
	}
	got := s.Pages[0]
	if !got.Spilled() {
		t.Error("ReadSnapshotTo did not spill the page")
	}
	// Compared as JSON: a date read back from JSON has an equal but not
	// identical zone value.
	gotJSON, _ := json.Marshal(got.Full())
	wantJSON, _ := json.Marshal(spillPage())
	if !bytes.Equal(gotJSON, wantJSON) {
		t.Errorf("page after snapshot round trip = %s\nwant %s", gotJSON, wantJSON)
	}
}

// A store that can no longer be read must say so: rules would otherwise
// see blank pages and report them.
func TestBodyStoreReadErrorIsReported(t *testing.T) {
	st := testStore(t)
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
	st := testStore(t)
	links := []Link{{URL: "http://x.gov.cn/v.mp4", Kind: "video"}, {URL: "http://x.gov.cn/w.mp4", Kind: "video", Hidden: "off-screen（div）"}, {URL: "http://x.gov.cn/", Text: "首页", Kind: KindAnchor}}
	p := &Page{Links: append([]Link(nil), links...)}
	p.Spill(st)
	if got := p.Outgoing(); !reflect.DeepEqual(got, links) {
		t.Errorf("Outgoing = %+v", got)
	}
}

// A store that cannot be written (disk full) leaves pages in memory: more
// memory, the same findings.
func TestSpillWriteFailureKeepsPage(t *testing.T) {
	st := testStore(t)
	st.f.Close() // every write fails from here on
	p := spillPage()
	p.Spill(st)
	if p.Spilled() || p.Text != spillPage().Text || len(p.Outgoing()) != len(spillPage().Links) {
		t.Fatalf("page lost its text after a failed write: %+v", p)
	}
	if st.Err() != nil {
		t.Errorf("a failed write is not a read error: %v", st.Err())
	}
}

// After Seal the pages read back the same, and a later spill still shares
// the strings already in the table.
func TestBodyStoreSeal(t *testing.T) {
	st := testStore(t)
	p := spillPage()
	p.Spill(st)
	n := len(st.strs)
	st.Seal()
	if st.ids != nil {
		t.Fatal("Seal kept the index")
	}
	if got := p.Outgoing(); !reflect.DeepEqual(got, spillPage().Links) {
		t.Errorf("Outgoing after Seal = %+v", got)
	}
	q := spillPage()
	q.URL = "http://x.gov.cn/other.html"
	q.Spill(st)
	if len(st.strs) != n {
		t.Errorf("a spill after Seal added %d strings already in the table", len(st.strs)-n)
	}
	if got := q.Outgoing(); !reflect.DeepEqual(got, spillPage().Links) {
		t.Errorf("Outgoing of a page spilled after Seal = %+v", got)
	}
}

// ArticleTitle stays in memory, whether or not <title> contains it.
func TestSpillArticleTitle(t *testing.T) {
	st := testStore(t)
	for _, c := range []struct{ title, article string }{
		{"关于印发某某办法的通知_某某县人民政府", "关于印发某某办法的通知"},
		{"某某县人民政府", "关于印发某某办法的通知"},
		{"某某县人民政府", ""},
	} {
		p := &Page{Title: c.title, Meta: map[string]string{"articletitle": c.article}}
		p.Spill(st)
		st.Close() // nothing may be read from the store for it
		if got := p.ArticleTitle(); got != c.article {
			t.Errorf("ArticleTitle = %q, want %q", got, c.article)
		}
		st = testStore(t)
	}
}

// Damaged link records decode to what can be read, never a panic.
func TestDecodeLinksDamaged(t *testing.T) {
	st := testStore(t)
	b := st.appendLinks(nil, spillPage().Links)
	u := st.appendURLs(nil, spillPage().PageURLs)
	for i := range b {
		st.decodeLinks(b[:i])
	}
	for i := range u {
		st.decodeURLs(u[:i])
	}
	st.decodeLinks([]byte{0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3})
	st.decodeLinks([]byte{2, 0x80})
	st.decodeURLs([]byte{3, 200, 1})

	// A record naming a string past the table ends the list; the records
	// before it are kept. (The last byte is the last record's last number:
	// the second URL, the second link's kind.)
	two := []string{"http://x.gov.cn/1", "http://x.gov.cn/2"}
	u = st.appendURLs(nil, two)
	u[len(u)-1] = 0x7f
	if got := st.decodeURLs(u); !reflect.DeepEqual(got, two[:1]) {
		t.Errorf("decodeURLs of a damaged second URL = %q, want %q", got, two[:1])
	}
	links := spillPage().Links[:2]
	b = st.appendLinks(nil, links)
	b[len(b)-1] = 0x7e
	if got := st.decodeLinks(b); !reflect.DeepEqual(got, links[:1]) {
		t.Errorf("decodeLinks of a damaged second link = %+v, want %+v", got, links[:1])
	}
}
