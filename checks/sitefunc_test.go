package checks

import (
	"strings"
	"testing"

	"github.com/gongkai/gongkai/site"
)

// sfHome is a county homepage with the given header and footer markup.
func sfHome(header, footer string) *site.Page {
	p := site.Extract(fsBase, `<!doctype html><html><head><meta charset="utf-8"><title>示范县人民政府</title></head><body>
<div class="header">`+header+`</div><div class="nav"><a href="/xwzx/">新闻中心</a><a href="/xxgk/">信息公开</a></div>
<div class="footer">`+footer+` 主办单位：示范县人民政府办公室 网站标识码：3609990001</div></body></html>`)
	p.Status = 200
	return p
}

// sfCheck runs one rule on a site of the homepage (and pages) and returns
// its messages.
func sfCheck(t *testing.T, r Rule, asOf string, home *site.Page, pages ...*site.Page) []Finding {
	t.Helper()
	s := &site.Site{Start: fsBase, Host: "www.sfx.gov.cn", Complete: true, Pages: append([]*site.Page{home}, pages...)}
	return fsRun(t, r, s, asOf, nil)
}

func wantOne(t *testing.T, fs []Finding, word string) {
	t.Helper()
	if word == "" {
		if len(fs) > 0 {
			t.Fatalf("unexpected finding %+v", fs[0])
		}
		return
	}
	if len(fs) != 1 || !strings.Contains(fs[0].Message+fs[0].Evidence, word) || fs[0].URL != fsBase {
		t.Fatalf("got %+v, want one homepage finding saying %q", fs, word)
	}
}

func TestJiucuoMissing(t *testing.T) {
	tests := []struct {
		name, footer, asOf, want string
	}{
		{"no entry", `<a href="/lxwm/">联系我们</a>`, "2025-11-24", "找错"},
		{"no entry, 2016", `<a href="/lxwm/">联系我们</a>`, "2016-06-01", "找错"},
		// Before the platform existed nothing was required.
		{"no entry, 2014", `<a href="/lxwm/">联系我们</a>`, "2014-06-01", ""},
		{"jiucuo.js", `<script id="_jiucuo_" sitecode="3609990001" src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script>`, "2025-11-24", ""},
		{"old kaipuyun script", `<script src="http://pucha.kaipuyun.cn/exposure/jiucuo.js"></script>`, "2025-11-24", ""},
		{"written by document.write", `<script>document.write(unescape("%3Cscript id='_jiucuo_' src='https://zfwzgl.www.gov.cn/exposure/jiucuo.js'%3E%3C/script%3E"));</script>`, "2025-11-24", ""},
		// 柘城 2018: an image link to the 普查-era errorInfo page.
		{"errorInfo image link", `<a href="http://114.55.181.28/errorInfo/search" target="_blank"><img src="skin/images/zc.png" border="0"></a>`, "2018-07-27", ""},
		{"link text", `<a href="http://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=3609990001">我为政府网站找错</a>`, "2025-11-24", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantOne(t, sfCheck(t, JiucuoMissing{}, tt.asOf, sfHome("", tt.footer)), tt.want)
		})
	}
	// A footer written by a script proves no absence.
	p := site.Extract(fsBase, `<html><body><div class="main">正文</div><script src="/js/footer.js"></script></body></html>`)
	p.Status = 200
	wantOne(t, sfCheck(t, JiucuoMissing{}, "2025-11-24", p), "")
}

func TestSitemapMissing(t *testing.T) {
	tests := []struct{ name, footer, want string }{
		{"none", `<a href="/lxwm/">联系我们</a>`, "网站地图"},
		// 柘城 2018 inner pages head their side menu 网站导航: not a sitemap.
		{"a 网站导航 heading", `<div class="parentName" id="sideTitle">网站导航</div>`, "网站地图"},
		{"link text", `<a href="/wzdt.html">网站地图</a>`, ""},
		{"address only, image link", `<a href="/sitemap/"><img src="/i/map.png"></a>`, ""},
		{"站点地图", `<a href="/map.html">站点地图</a>`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantOne(t, sfCheck(t, SitemapMissing{}, "2025-11-24", sfHome("", tt.footer)), tt.want)
		})
	}
}

func TestA11yMissing(t *testing.T) {
	tests := []struct{ name, header, asOf, want string }{
		{"none", `<a href="/">首页</a>`, "2025-11-24", "无障碍"},
		// Before the 2020 专项行动方案 nothing was required (柘城 2018).
		{"none, 2018", `<a href="/">首页</a>`, "2018-07-27", ""},
		{"toolbar link", `<a href="javascript:void(0)" onclick="aria.start()">无障碍浏览</a>`, "2025-11-24", ""},
		{"长者模式 text", `<span class="old">长者模式</span>`, "2025-11-24", ""},
		{"toolbar script", `<script src="https://www.cniil.com/cniil/cniil_wza.js"></script>`, "2025-11-24", ""},
		{"关怀版 image link", `<a href="/ghb/"><img src="/i/gh.png" alt="关怀版"></a>`, "2025-11-24", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantOne(t, sfCheck(t, A11yMissing{}, tt.asOf, sfHome(tt.header, "")), tt.want)
		})
	}
}

func TestSearchBroken(t *testing.T) {
	const form = `<form action="/search/" method="get"><input name="searchword"><input type="submit" value="搜索"></form>`
	probe := func(found bool, status int, skipped string) *site.SearchProbe {
		return &site.SearchProbe{Query: "示范县召开2025年安全生产工作会议", Article: fsBase + "xwzx/202511/t20251120_1.html",
			Request: fsBase + "search/?searchword=x", Status: status, Found: found, Skipped: skipped}
	}
	tests := []struct {
		name, header string
		probe        *site.SearchProbe
		other        *site.Page // another crawled page
		want         string
	}{
		{"no search anywhere", ``, nil, nil, "未提供站内搜索"},
		{"search does not find the title", form, probe(false, 200, ""), nil, "查不到"},
		{"search answers 500", form, probe(false, 500, ""), nil, "无法使用"},
		// Compliant look-alikes.
		{"search finds it", form, probe(true, 200, ""), nil, ""},
		{"a captcha judges nothing", form, probe(false, 200, "搜索需要验证码"), nil, ""},
		{"POST form, no probe", `<form method="post" action="/e/search/index.php" id="searchform"><input name="keyboard"></form>`, nil, nil, ""},
		{"script-run box", `<input id="searchText" placeholder="请输入搜索内容"><a onclick="doSearch()">搜索</a>`, nil, nil, ""},
		{"search only on inner pages", ``, nil, sfHome(form, ""), ""},
		{"search link to a platform", `<a href="http://so.sfx.gov.cn/jsearch/">站内搜索</a>`, nil, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := sfHome(tt.header, "")
			var pages []*site.Page
			if tt.other != nil {
				tt.other.URL = fsBase + "xwzx/"
				pages = append(pages, tt.other)
			}
			s := &site.Site{Start: fsBase, Host: "www.sfx.gov.cn", Complete: true, Pages: append([]*site.Page{home}, pages...), SearchProbe: tt.probe}
			wantOne(t, fsRun(t, SearchBroken{}, s, "2025-11-24", nil), tt.want)
		})
	}
}

func TestSiteAnnualReportMissing(t *testing.T) {
	list := func(title, date string) *site.Page {
		p := &site.Page{URL: fsBase + "xxgk/tzgg/", Status: 200, Title: "通知公告", Column: "通知公告"}
		for i := range 3 {
			it := site.ListItem{Title: "其他通知" + string(rune('甲'+i)), URL: fsBase + "xxgk/tzgg/o" + string(rune('a'+i)) + ".html"}
			p.Items = append(p.Items, it)
		}
		if title != "" {
			it := site.ListItem{Title: title, URL: fsBase + "xxgk/tzgg/bb.html"}
			if date != "" {
				d, _ := site.ParseDate(date)
				it.Date = site.Date{Time: d, Source: site.SourceList}
			}
			p.Items = append(p.Items, it)
		}
		return p
	}
	tests := []struct {
		name, title, date, asOf string
		incomplete              bool
		want                    string
	}{
		{"missing", "", "", "2025-03-01", false, "未发布2024年度"},
		{"late", "示范县人民政府门户网站工作年度报表（2024年度）", "2025-02-20", "2025-03-01", false, "逾期"},
		// 2021-01-31 was a Sunday: posted on Monday 02-01 is in time.
		{"posted the first working day after a rest day", "示范县人民政府门户网站工作年度报表（2020年度）", "2021-02-01", "2021-03-01", false, ""},
		{"in time", "2024年度示范县人民政府网站工作年度报表", "2025-01-20", "2025-03-01", false, ""},
		{"before the due date", "", "", "2025-01-20", false, ""},
		// 2016's 报表 was required by no text (国办函〔2018〕12号 came in 2018).
		{"before the requirement", "", "", "2017-03-01", false, ""},
		{"incomplete crawl proves no absence", "", "", "2025-03-01", true, ""},
		{"a notice about 报表 is not one", "关于做好2024年度政府网站工作年度报表填报工作的通知", "2025-01-10", "2025-03-01", false, "未发布2024年度"},
		{"监管年度报表 is another report", "2024年度政府网站监管年度报表", "2025-01-10", "2025-03-01", false, "未发布2024年度"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &site.Site{Start: fsBase, Host: "www.sfx.gov.cn", Complete: !tt.incomplete, Pages: []*site.Page{sfHome("", ""), list(tt.title, tt.date)}}
			wantOne(t, fsRun(t, SiteAnnualReportMissing{}, s, tt.asOf, nil), tt.want)
		})
	}
}
