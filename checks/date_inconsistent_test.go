package checks

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/site"
)

// datedDoc is a 政府信息公开 document page: PubDate meta, metadata table.
func datedDoc(u, pubMeta string, rows [][2]string) *site.Page {
	html := docHTML("示范县关于某项工作的通知", "政策文件", rows, "<p>正文。</p>")
	html = strings.Replace(html, `content="2025-09-10 09:00"`, `content="`+pubMeta+`"`, 1)
	p := site.Extract(u, html)
	p.Status = 200
	return p
}

func listPage(u string, items [][2]string) *site.Page {
	var b strings.Builder
	b.WriteString(`<html><head><meta charset="utf-8"><title>政策文件_示范县人民政府</title></head><body><ul class="list">`)
	for _, it := range items {
		b.WriteString(`<li><a href="` + it[0] + `">关于某项工作的通知` + it[0] + `</a><span class="time">` + it[1] + `</span></li>`)
	}
	b.WriteString(`</ul></body></html>`)
	p := site.Extract(u, b.String())
	p.Status = 200
	return p
}

func TestDateInconsistent(t *testing.T) {
	const u = "http://x.gov.cn/zcwj/202509/1.html"
	rows := func(written, pub string) [][2]string {
		return [][2]string{{"成文日期", written}, {"发布日期", pub}}
	}
	tests := []struct {
		name    string
		meta    string
		rows    [][2]string
		list    string // the list's date for the page; "" = no list
		subject string // "" = silent
	}{
		{"published before written", "2025-09-10 09:00", rows("2025-09-20", "2025-09-10"), "", "发布早于成文"},
		{"written and published the same day", "2025-09-10 09:00", rows("2025-09-10", "2025-09-10"), "", ""},
		{"published in the future", "2025-12-20 09:00", rows("2025-09-05", "2025-12-20"), "", "未来日期"},
		{"written in the future, no 发布日期", "", [][2]string{{"成文日期", "2026-01-05"}, {"索引号", "1136/2025-01"}}, "", "未来日期"},
		{"published on the as-of date", "2025-11-24 09:00", rows("2025-11-20", "2025-11-24"), "", ""},
		{"PubDate on another day", "2025-09-15 09:00", rows("2025-09-05", "2025-09-10"), "", "PubDate不一致"},
		{"PubDate differs only in time", "2025-09-10 18:30", rows("2025-09-05", "2025-09-10"), "", ""},
		{"list date on another day", "2025-09-10 09:00", rows("2025-09-05", "2025-09-10"), "2025-09-01", "列表日期不一致"},
		{"list date is the 成文日期", "2025-09-10 09:00", rows("2025-09-05", "2025-09-10"), "2025-09-05", ""},
		{"list date is the 发布日期", "2025-09-10 09:00", rows("2025-09-05", "2025-09-10"), "2025-09-10", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pages := []*site.Page{datedDoc(u, tt.meta, tt.rows)}
			if tt.list != "" {
				pages = append(pages, listPage("http://x.gov.cn/zcwj/", [][2]string{
					{u, tt.list}, {"http://x.gov.cn/zcwj/202508/t20250801_2.html", "2025-08-01"}, {"http://x.gov.cn/zcwj/202507/t20250701_3.html", "2025-07-01"}}))
			}
			fs := run(t, DateInconsistent{}, &site.Site{Start: "http://x.gov.cn/", Pages: pages})
			if tt.subject == "" {
				for _, f := range fs {
					t.Errorf("false finding: %s %s", f.Message, f.Evidence)
				}
				return
			}
			if len(fs) != 1 || fs[0].Subject != tt.subject || fs[0].URL != u || !strings.HasPrefix(fs[0].Message, "疑似") || fs[0].Severity != Advice {
				t.Fatalf("findings %+v, want one %s on %s", fs, tt.subject, u)
			}
		})
	}
}

// Hundreds of pages with one PubDate timestamp are reported once for the
// site; as many pages of one day with their own times are not.
func TestDateInconsistentMigrationStamp(t *testing.T) {
	build := func(n int, stamp func(i int) string) *site.Site {
		s := &site.Site{Start: "http://x.gov.cn/"}
		for i := range n {
			d := strings.Fields(stamp(i))[0]
			s.Pages = append(s.Pages, datedDoc(fmt.Sprintf("http://x.gov.cn/zcwj/a/%d.html", i), stamp(i), [][2]string{{"发布日期", d}}))
		}
		return s
	}
	same := func(int) string { return "2019-05-20 10:23:45" }
	fs := run(t, DateInconsistent{}, build(120, same))
	if len(fs) != 1 || fs[0].URL != "http://x.gov.cn/" || !strings.Contains(fs[0].Message, "120个页面") {
		t.Fatalf("findings %+v", fs)
	}
	if fs := run(t, DateInconsistent{}, build(99, same)); len(fs) != 0 {
		t.Errorf("99 pages reported: %+v", fs[0])
	}
	ownTimes := func(i int) string { return fmt.Sprintf("2019-05-20 %02d:%02d", 8+i/60, i%60) }
	if fs := run(t, DateInconsistent{}, build(120, ownTimes)); len(fs) != 0 {
		t.Errorf("one busy day reported: %+v", fs[0])
	}
}
