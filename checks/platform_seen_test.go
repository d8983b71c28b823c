package checks

import (
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/site"
)

// platformSeenLoop is gk-platform-incomplete's loop over s.Pages before
// the page pass gathered it (held: the health index holds the URL).
func platformSeenLoop(ctx *Context, s *site.Site, held func(string) bool) (classes map[ColumnClass]string, names map[string]string, guideTrace, platformCrawled bool, platformLinked string) {
	isUsable := usableIn(ctx, s)
	broken := brokenLinks(s)
	classes, names = map[ColumnClass]string{}, map[string]string{}
	linkClass := map[string]ColumnClass{}
	for _, p := range s.Pages {
		if !isUsable(p) {
			continue
		}
		c := classOf(ctx, p)
		if u, ok := classes[c]; c != ColOther && (!ok || len(p.URL) < len(u)) {
			classes[c] = p.URL
		}
		if c == ColGuide || strings.Contains(p.Title, "公开指南") {
			guideTrace = true
		}
		switch ClassifyName(p.Column) {
		case ColPlatform, ColCatalogue:
			platformCrawled = true
		}
		switch c {
		case ColPlatform, ColCatalogue, ColStatutory:
			platformCrawled = true
		}
		for _, n := range append(p.Crumbs(), p.Column, healthColumnName(p)) {
			if n, ok := gkColumnName(n); ok && gkItemWords.any(n) {
				if _, seen := names[n]; !seen {
					names[n] = p.URL
				}
			}
		}
		for _, l := range p.Outgoing() {
			if l.Kind != site.KindAnchor || broken[l.URL] {
				continue
			}
			if strings.Contains(l.Text, "公开指南") {
				guideTrace = true
			}
			n, ok := gkColumnName(l.Text)
			if !ok {
				continue
			}
			if _, seen := names[n]; !seen && gkItemWords.any(n) {
				names[n] = l.URL
			}
			c, ok := linkClass[n]
			if !ok {
				c = ClassifyName(n)
				linkClass[n] = c
			}
			if c == ColPlatform && platformLinked == "" && !held(l.URL) {
				platformLinked = l.URL
			}
			if c != ColOther {
				if _, ok := classes[c]; !ok {
					classes[c] = l.URL
				}
			}
		}
	}
	return classes, names, guideTrace, platformCrawled, platformLinked
}

// platformSite is a random site whose pages show column names as their
// column, breadcrumbs and links, with URLs of many lengths: which page or
// link names a class first, and which shorter page takes its place later,
// depend on page order.
func platformSite(rng *rand.Rand, n int) *site.Site {
	pool := []string{"政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报", "政府信息公开", "信息公开目录",
		"政策文件", "规划计划", "统计数据", "财政预决算", "人事信息", "新闻动态", "公开指南", "收费项目", "应急管理", "关于印发某某工作方案的通知"}
	s := &site.Site{Start: "http://x.gov.cn/", Complete: true}
	url := func() string {
		return "http://x.gov.cn/" + strings.Repeat("a", rng.Intn(6)) + fmt.Sprintf("%d/", rng.Intn(8))
	}
	for i := range n {
		p := &site.Page{URL: url() + fmt.Sprintf("p%d.html", i), Status: 200, Title: pool[rng.Intn(len(pool))], Text: strings.Repeat("正文", 200)}
		if rng.Intn(3) > 0 {
			p.Column = pool[rng.Intn(len(pool))]
		}
		for range rng.Intn(3) {
			p.Breadcrumb = append(p.Breadcrumb, pool[rng.Intn(len(pool))])
		}
		for range rng.Intn(6) {
			p.Links = append(p.Links, site.Link{URL: url(), Text: pool[rng.Intn(len(pool))], Kind: site.KindAnchor})
		}
		s.Pages = append(s.Pages, p)
	}
	for range 3 {
		s.Resources = append(s.Resources, &site.Resource{URL: url(), ErrClass: "http-404"})
	}
	return s
}

// Issue 13: gk-platform-incomplete's view of the site, gathered in the
// page pass from pages visited in store order on several goroutines, is
// what its loop over s.Pages found.
func TestPlatformSeenIsTheLoops(t *testing.T) {
	rng := rand.New(rand.NewSource(13))
	for round := range 60 {
		s := platformSite(rng, 5+rng.Intn(40))
		ctx := &Context{AsOf: asOf}
		var held []string
		for _, p := range s.Pages {
			if rng.Intn(4) == 0 {
				held = append(held, p.URL)
			}
			for _, l := range p.Links {
				if rng.Intn(3) == 0 {
					held = append(held, l.URL)
				}
			}
		}
		isHeld := func(u string) bool { return strings.Contains(strings.Join(held, " ")+" ", u+" ") }
		classes, names, guide, crawled, linked := platformSeenLoop(ctx, s, isHeld)
		// Spilled in another order than s.Pages: the pass visits them so.
		st, err := site.NewBodyStore(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range rng.Perm(len(s.Pages)) {
			s.Pages[i].Spill(st)
		}
		st.Seal()
		c := newPlatformCollector(ctx, s)
		if errs := visitPages(s, []visitor{c}); errs[0] != nil {
			t.Fatal(errs[0])
		}
		got := c.result()
		gotLinked := ""
		for _, u := range got.platformLinks {
			if !isHeld(u) {
				gotLinked = u
				break
			}
		}
		if !reflect.DeepEqual(got.classes, classes) || !reflect.DeepEqual(got.names, names) || got.guideTrace != guide ||
			got.crawled != crawled || gotLinked != linked {
			t.Fatalf("round %d: the pass saw\n classes %v\n names %v\n guide %v crawled %v linked %q\nthe loop\n classes %v\n names %v\n guide %v crawled %v linked %q",
				round, got.classes, got.names, got.guideTrace, got.crawled, gotLinked, classes, names, guide, crawled, linked)
		}
		st.Close()
	}
}
