package checks

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/site"
)

// ptHome is a homepage with the given <head> extras and footer, extracted
// from HTML as the crawler would.
func ptHome(t *testing.T, head, logoAlt, footer string) *site.Page {
	t.Helper()
	html := `<!doctype html><html><head><meta charset="utf-8">` + head + `</head><body>
<div class="logo"><img src="/images/logo.png" alt="` + logoAlt + `"></div>
<div class="nav"><a href="/xwzx/">新闻中心</a><a href="/xxgk/">信息公开</a></div>
<div class="main"><ul><li><a href="/xwzx/1.html">我县召开全县经济工作会议</a></li></ul></div>
<div class="footer" id="footer">` + footer + ` 网站标识码：3609990001</div></body></html>`
	p := site.Extract(fsBase, html)
	p.Status = 200
	return p
}

func TestPageTitleWrongHomepage(t *testing.T) {
	const sponsor = "主办单位：示范县人民政府办公室"
	tests := []struct {
		name, head, logo, footer string
		want                     string // a word of the message, "" for no finding
	}{
		// The template leftover of a real county site (柘城 2018).
		{"company template", `<title>公司网站</title><meta name="keywords" content="公司"><meta name="description" content="公司官方网站">`, "", sponsor, "模板遗留"},
		{"empty title", `<title> </title>`, "", sponsor, "为空"},
		{"no title element", ``, "", sponsor, "为空"},
		{"bare 首页", `<title>首页</title>`, "", sponsor, "模板遗留"},
		{"无标题文档", `<title>无标题文档</title>`, "", "", "模板遗留"},
		{"another body's name", `<title>欢迎光临</title><meta name="SiteName" content="示范县人民政府">`, "", "", "不符"},
		{"name from the logo", `<title>平安家园</title>`, "示范县人民政府", "", "不符"},
		// Compliant look-alikes.
		{"the portal name", `<title>示范县人民政府</title>`, "", sponsor, ""},
		{"门户网站", `<title>示范县人民政府门户网站</title>`, "", sponsor, ""},
		{"首页 before the name", `<title>首页-示范县人民政府</title>`, "", sponsor, ""},
		{"a short form of the name", `<title>中国·示范</title>`, "", sponsor, ""},
		{"a department site", `<title>示范县财政局</title>`, "", "主办：示范县财政局", ""},
		{"no evidence of the name", `<title>示范政务网</title>`, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &site.Site{Start: fsBase, Host: "www.sfx.gov.cn", Complete: true, Pages: []*site.Page{ptHome(t, tt.head, tt.logo, tt.footer)}}
			fs := fsRun(t, PageTitleWrong{}, s, "2025-11-24", nil)
			if tt.want == "" {
				if len(fs) > 0 {
					t.Fatalf("unexpected finding %+v", fs[0])
				}
				return
			}
			if len(fs) != 1 || fs[0].URL != fsBase || !strings.Contains(fs[0].Message, tt.want) || fs[0].Severity != Advice {
				t.Fatalf("got %+v, want one finding saying %q", fs, tt.want)
			}
		})
	}
	// The evidence quotes the template's keywords and the name the page gives.
	s := &site.Site{Start: fsBase, Pages: []*site.Page{ptHome(t, tests[0].head, "", sponsor)}}
	fs := fsRun(t, PageTitleWrong{}, s, "2025-11-24", nil)
	if len(fs) != 1 || !strings.Contains(fs[0].Evidence, "keywords：“公司”") || !strings.Contains(fs[0].Evidence, "示范县人民政府办公室") {
		t.Errorf("evidence = %q", fs[0].Evidence)
	}
}

func TestPageTitleWrongContentPages(t *testing.T) {
	home := &site.Page{URL: fsBase, Status: 200, Title: "示范县人民政府", Text: "示范县人民政府 首页"}
	article := func(i int, title string) *site.Page {
		return &site.Page{URL: fmt.Sprintf("%sxwzx/%d.html", fsBase, i), Status: 200, Title: title, Column: "工作动态",
			Meta: map[string]string{"articletitle": ""}, Text: title + " 我县召开会议，部署下一阶段工作。" + strings.Repeat("会议要求各单位抓好落实。", 10)}
	}
	tests := []struct {
		name  string
		pages func() []*site.Page
		want  []string // subjects
	}{
		{"one template title on every article", func() []*site.Page {
			var ps []*site.Page
			for i := range 8 {
				ps = append(ps, article(i, "示范县人民政府"))
			}
			return ps
		}, []string{"same:示范县人民政府"}},
		{"empty titles", func() []*site.Page {
			return []*site.Page{article(1, "我县召开全县经济工作会议"), article(2, "")}
		}, []string{"empty"}},
		// Look-alikes: a few reposts with one title among many articles.
		{"a few shared titles", func() []*site.Page {
			var ps []*site.Page
			for i := range 10 {
				ps = append(ps, article(i, fmt.Sprintf("第%d次常务会议召开", i)))
			}
			for i := 10; i < 15; i++ {
				ps = append(ps, article(i, "县长调研脱贫攻坚工作"))
			}
			return ps
		}, nil},
		{"distinct titles", func() []*site.Page {
			return []*site.Page{article(1, "我县召开全县经济工作会议"), article(2, "我县开展安全生产大检查")}
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &site.Site{Start: fsBase, Pages: append([]*site.Page{home}, tt.pages()...)}
			fs := fsRun(t, PageTitleWrong{}, s, "2025-11-24", nil)
			var got []string
			for _, f := range fs {
				got = append(got, f.Subject)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Fatalf("subjects %v, want %v: %+v", got, tt.want, fs)
			}
		})
	}
}
