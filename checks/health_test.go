package checks

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/config"
	"github.com/gongkai/gongkai/site"
)

// Site-health fixtures: asOf is 2025-11-24 (checks_test.go).

const hHost = "http://x.gov.cn"

func hDate(s string) site.Date {
	t, ok := site.ParseDate(s)
	if !ok {
		panic("bad date " + s)
	}
	return site.Date{Time: t, Source: site.SourceList}
}

func hItem(path, title, date string) site.ListItem {
	it := site.ListItem{Title: title, URL: hHost + path}
	if date != "" {
		it.Date = hDate(date)
	}
	return it
}

// hColumn is a column page: ColumnName meta, breadcrumb, its items.
func hColumn(path, name string, items ...site.ListItem) *site.Page {
	return &site.Page{
		URL: hHost + path, Status: 200, Title: name + "_示范县人民政府", Column: name,
		Meta:       map[string]string{"columnname": name},
		Breadcrumb: []string{"首页", name},
		Items:      items,
		Text:       "示范县人民政府 首页 政府信息公开 " + name,
	}
}

// hArticle is a content page with a publication date.
func hArticle(path, title, date string) *site.Page {
	p := &site.Page{URL: hHost + path, Status: 200, Title: title, Meta: map[string]string{"articletitle": title}, Text: title}
	if date != "" {
		p.Published = site.Date{Time: hDate(date).Time, Source: site.SourceMeta}
	}
	return p
}

// hHome is a homepage linking to paths.
func hHome(items []site.ListItem, paths ...string) *site.Page {
	p := &site.Page{URL: hHost + "/", Status: 200, Title: "示范县人民政府", Column: "首页",
		Meta: map[string]string{"columnname": "首页"}, Items: items, Text: "示范县人民政府 首页 政府信息公开 互动交流"}
	for _, it := range items {
		p.Links = append(p.Links, site.Link{URL: it.URL, Text: it.Title, Kind: site.KindAnchor})
	}
	for _, path := range paths {
		p.Links = append(p.Links, site.Link{URL: hHost + path, Kind: site.KindAnchor})
	}
	return p
}

func hSite(pages ...*site.Page) *site.Site {
	return &site.Site{Start: hHost + "/", Host: "x.gov.cn", Pages: pages, Complete: true}
}

func runAt(t *testing.T, r Rule, s *site.Site, asOfDay string, prof *config.Profile) []Finding {
	t.Helper()
	at := asOf
	if asOfDay != "" {
		at = hDate(asOfDay).Time
	}
	fs, errs := Run(&Context{AsOf: at, Profile: prof}, s, []Rule{r})
	if len(errs) > 0 {
		t.Fatalf("rule errors: %v", errs)
	}
	return fs
}

// summary renders findings as "severity path subject" lines, sorted.
func summary(fs []Finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s %s %s", f.Severity, strings.TrimPrefix(f.URL, hHost), f.Subject))
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

func TestSiteUnreachable(t *testing.T) {
	home := hHome(nil)
	tests := []struct {
		name  string
		fetch site.StartFetch
		want  string // substring of the message, "" for no finding
	}{
		{"slow", site.StartFetch{Duration: 18200 * time.Millisecond, Attempts: 1, Status: 200}, "用时18.2秒"},
		{"failed then opened", site.StartFetch{Duration: 2 * time.Second, Attempts: 2, Status: 200}, "重试后才打开"},
		{"both", site.StartFetch{Duration: 16 * time.Second, Attempts: 2, Status: 200}, "首次请求失败，重试后用时16.0秒"},
		{"just under the limit", site.StartFetch{Duration: 14900 * time.Millisecond, Attempts: 1, Status: 200}, ""},
		{"exactly 15 s", site.StartFetch{Duration: 15 * time.Second, Attempts: 1, Status: 200}, ""},
		{"not recorded", site.StartFetch{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := hSite(home)
			s.Fetch = tt.fetch
			fs := run(t, SiteUnreachable{}, s)
			if tt.want == "" {
				if len(fs) != 0 {
					t.Errorf("findings = %+v", fs)
				}
				return
			}
			if len(fs) != 1 {
				t.Fatalf("findings = %+v", fs)
			}
			f := fs[0]
			if !strings.Contains(f.Message, tt.want) || !strings.Contains(f.Message, "一次观测") ||
				f.Severity != Advice || f.URL != s.Start || f.Subject != "首页访问" {
				t.Errorf("finding = %+v", f)
			}
		})
	}
}

func TestHomepageStale(t *testing.T) {
	col := func(items ...site.ListItem) *site.Page { return hColumn("/xwzx/gzdt/", "工作动态", items...) }
	tests := []struct {
		name  string
		pages func() []*site.Page
		prof  *config.Profile
		want  string // subject of the one finding, "" for none
	}{
		{"fresh", func() []*site.Page {
			return []*site.Page{hHome([]site.ListItem{hItem("/a/t20251118_1.html", "冬季安全生产会议", "2025-11-18"), hItem("/a/t20250901_2.html", "旧闻", "2025-09-01")})}
		}, nil, ""},
		{"exactly 14 days", func() []*site.Page {
			return []*site.Page{hHome([]site.ListItem{hItem("/a/1.html", "十四天前", "2025-11-10")})}
		}, nil, ""},
		{"15 days", func() []*site.Page {
			return []*site.Page{hHome([]site.ListItem{hItem("/a/1.html", "十五天前", "2025-11-09")})}
		}, nil, "首页不更新"},
		{"stale", func() []*site.Page {
			return []*site.Page{hHome([]site.ListItem{hItem("/a/1.html", "县领导调研秋冬种工作", "2025-11-01"), hItem("/a/2.html", "更早", "2025-10-01")})}
		}, nil, "首页不更新"},
		{"stale but a linked article is fresh", func() []*site.Page {
			home := hHome([]site.ListItem{hItem("/a/1.html", "旧闻", "2025-10-01")}, "/b/2.html")
			return []*site.Page{home, hArticle("/b/2.html", "新文章", "2025-11-20")}
		}, nil, ""},
		{"undated list, fresh article behind it", func() []*site.Page {
			home := hHome([]site.ListItem{hItem("/a/1.html", "无日期条目", "")})
			return []*site.Page{home, hArticle("/a/1.html", "无日期条目", "2025-11-21")}
		}, nil, ""},
		{"no item shows a date", func() []*site.Page {
			return []*site.Page{hHome([]site.ListItem{hItem("/a/1.html", "无日期一", ""), hItem("/a/2.html", "无日期二", "")})}
		}, nil, "未标注日期"},
		{"navigation-only homepage, fresh column", func() []*site.Page {
			return []*site.Page{hHome(nil, "/xwzx/gzdt/"), col(hItem("/a/1.html", "新", "2025-11-20"))}
		}, nil, ""},
		{"navigation-only homepage, stale column", func() []*site.Page {
			return []*site.Page{hHome(nil, "/xwzx/gzdt/"), col(hItem("/a/1.html", "旧", "2025-09-20"))}
		}, nil, "首页不更新"},
		{"navigation-only homepage, nothing listed", func() []*site.Page {
			return []*site.Page{hHome(nil, "/about.html")}
		}, nil, ""},
		{"homepage list written by a 大汉 script", func() []*site.Page {
			h := hHome(nil)
			h.ScriptText = `$('#1').jpage({proxyUrl:'/module/web/jpage/dataproxy.jsp'})`
			return []*site.Page{h}
		}, nil, ""},
		{"profile allows 30 days", func() []*site.Page {
			return []*site.Page{hHome([]site.ListItem{hItem("/a/1.html", "旧闻", "2025-11-01")})}
		}, &config.Profile{Thresholds: config.Thresholds{HomepageStaleDays: 30}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := runAt(t, HomepageStale{}, hSite(tt.pages()...), "", tt.prof)
			if tt.want == "" {
				if len(fs) != 0 {
					t.Errorf("findings = %+v", fs)
				}
				return
			}
			if len(fs) != 1 || fs[0].Subject != tt.want || fs[0].Severity != Veto || fs[0].URL != hHost+"/" {
				t.Fatalf("findings = %+v", fs)
			}
		})
	}
	// The evidence names the newest item and its date.
	fs := run(t, HomepageStale{}, hSite(hHome([]site.ListItem{hItem("/a/1.html", "县领导调研秋冬种工作", "2025-11-01")})))
	if len(fs) != 1 || !strings.Contains(fs[0].Evidence, "《县领导调研秋冬种工作》日期2025-11-01") || !strings.Contains(fs[0].Message, "23天") {
		t.Errorf("evidence = %+v", fs)
	}
}

// staleSite is a small site: the homepage links 工作动态, 通知公告 and the
// 信息公开 platform; the platform links 政策文件, 人事信息, 规划计划.
func staleSite(extra ...*site.Page) *site.Site {
	home := hHome(nil, "/xwzx/gzdt/", "/xwzx/tzgg/", "/xxgk/")
	platform := hColumn("/xxgk/", "政府信息公开")
	platform.Meta["columntype"] = "信息公开目录"
	for _, p := range []string{"/xxgk/zcwj/", "/xxgk/rsxx/", "/xxgk/ghjh/", "/xxgk/tjxx/"} {
		platform.Links = append(platform.Links, site.Link{URL: hHost + p, Kind: site.KindAnchor})
	}
	return hSite(append([]*site.Page{home, platform}, extra...)...)
}

func TestColumnStale(t *testing.T) {
	news := func(items ...site.ListItem) *site.Page { return hColumn("/xwzx/gzdt/", "工作动态", items...) }
	tests := []struct {
		name  string
		pages func() []*site.Page
		prof  *config.Profile
		want  string
	}{
		{"fresh news", func() []*site.Page {
			return []*site.Page{news(hItem("/xwzx/gzdt/1.html", "新", "2025-11-20"))}
		}, nil, ""},
		{"stale news", func() []*site.Page {
			return []*site.Page{news(hItem("/xwzx/gzdt/1.html", "旧", "2025-10-01"), hItem("/xwzx/gzdt/2.html", "更旧", "2025-09-01"))}
		}, nil, "deduct /xwzx/gzdt/ 动态要闻"},
		{"oldest-first list, newest on the last page", func() []*site.Page {
			p0 := news(hItem("/xwzx/gzdt/1.html", "八月", "2025-08-01"), hItem("/xwzx/gzdt/2.html", "九月", "2025-09-01"))
			p0.PageURLs = []string{hHost + "/xwzx/gzdt/index_1.html", hHost + "/xwzx/gzdt/index_2.html"}
			p1 := hColumn("/xwzx/gzdt/index_1.html", "工作动态", hItem("/xwzx/gzdt/3.html", "十月", "2025-10-01"))
			p2 := hColumn("/xwzx/gzdt/index_2.html", "工作动态", hItem("/xwzx/gzdt/4.html", "十一月", "2025-11-20"))
			return []*site.Page{p0, p1, p2}
		}, nil, ""},
		{"last page linked by 尾页 only", func() []*site.Page {
			p0 := news(hItem("/xwzx/gzdt/1.html", "八月", "2025-08-01"))
			p0.Links = append(p0.Links, site.Link{URL: hHost + "/xwzx/gzdt/list_9.html", Text: "尾页", Kind: site.KindAnchor})
			p9 := hColumn("/xwzx/gzdt/list_9.html", "工作动态", hItem("/xwzx/gzdt/9.html", "十一月", "2025-11-20"))
			return []*site.Page{p0, p9}
		}, nil, ""},
		{"a page of the list not fetched: not judged", func() []*site.Page {
			p0 := news(hItem("/xwzx/gzdt/1.html", "八月", "2025-08-01"))
			p0.PageURLs = []string{hHost + "/xwzx/gzdt/index_1.html"}
			return []*site.Page{p0}
		}, nil, ""},
		{"list date missing, article date fresh", func() []*site.Page {
			return []*site.Page{news(hItem("/xwzx/gzdt/1.html", "无日期", "")), hArticle("/xwzx/gzdt/1.html", "无日期", "2025-11-21")}
		}, nil, ""},
		{"no date anywhere", func() []*site.Page {
			return []*site.Page{news(hItem("/xwzx/gzdt/1.html", "无日期一", ""), hItem("/xwzx/gzdt/2.html", "无日期二", ""))}
		}, nil, "deduct /xwzx/gzdt/ 未标注日期:动态要闻"},
		{"一级 notice over 6 months", func() []*site.Page {
			return []*site.Page{hColumn("/xwzx/tzgg/", "通知公告", hItem("/xwzx/tzgg/1.html", "旧通知", "2025-05-23"))}
		}, nil, "deduct /xwzx/tzgg/ 通知公告"},
		{"一级 notice exactly 6 months", func() []*site.Page {
			return []*site.Page{hColumn("/xwzx/tzgg/", "通知公告", hItem("/xwzx/tzgg/1.html", "通知", "2025-05-24"))}
		}, nil, ""},
		{"notice that is no 一级栏目", func() []*site.Page {
			return []*site.Page{hColumn("/zjxx/tzgg/", "通知公告", hItem("/zjxx/tzgg/1.html", "旧通知", "2024-01-01"))}
		}, nil, ""},
		{"policy 一级 via the platform, within 6 months", func() []*site.Page {
			return []*site.Page{hColumn("/xxgk/zcwj/", "政策文件", hItem("/xxgk/zcwj/1.html", "文件", "2025-06-01"))}
		}, nil, ""},
		{"policy 一级 via the platform, stale", func() []*site.Page {
			return []*site.Page{hColumn("/xxgk/zcwj/", "政策文件", hItem("/xxgk/zcwj/1.html", "文件", "2025-01-01"))}
		}, nil, "deduct /xxgk/zcwj/ 政策文件"},
		{"personnel over a year", func() []*site.Page {
			return []*site.Page{hColumn("/xxgk/rsxx/", "人事信息", hItem("/xxgk/rsxx/1.html", "任免", "2024-10-21"))}
		}, nil, "deduct /xxgk/rsxx/ 人事信息"},
		{"personnel within a year", func() []*site.Page {
			return []*site.Page{hColumn("/xxgk/rsxx/", "人事信息", hItem("/xxgk/rsxx/1.html", "任免", "2024-12-01"))}
		}, nil, ""},
		{"planning stale, explains itself", func() []*site.Page {
			p := hColumn("/xxgk/ghjh/", "规划计划", hItem("/xxgk/ghjh/1.html", "十四五规划纲要", "2021-03-15"))
			p.Text += " 说明：本单位2025年度无新增规划计划类信息。"
			return []*site.Page{p}
		}, nil, "advice /xxgk/ghjh/ 规划计划"},
		{"a title is no explanation", func() []*site.Page {
			p := hColumn("/xxgk/rsxx/", "人事信息", hItem("/xxgk/rsxx/1.html", "本局关于无证人员清退的通知", "2024-01-01"))
			p.Text += " 本局关于无证人员清退的通知 2024-01-01"
			p.Links = append(p.Links, site.Link{URL: hHost + "/xxgk/rsxx/1.html", Text: "本局关于无证人员清退的通知", Kind: site.KindAnchor})
			return []*site.Page{p}
		}, nil, "deduct /xxgk/rsxx/ 人事信息"},
		{"an archive of a past year", func() []*site.Page {
			return []*site.Page{hColumn("/xwzx/2023dt/", "2023年工作动态", hItem("/xwzx/2023dt/1.html", "年终总结", "2023-12-28"))}
		}, nil, ""},
		{"this year's news column is no archive", func() []*site.Page {
			return []*site.Page{hColumn("/xwzx/2025dt/", "2025年工作动态", hItem("/xwzx/2025dt/1.html", "旧", "2025-10-01"))}
		}, nil, "deduct /xwzx/2025dt/ 动态要闻"},
		{"statistics have no window", func() []*site.Page {
			return []*site.Page{hColumn("/xxgk/tjxx/", "统计信息", hItem("/xxgk/tjxx/1.html", "公报", "2020-01-01"))}
		}, nil, ""},
		{"大汉 list not loaded: only its first records seen", func() []*site.Page {
			p := news(hItem("/art/2025/9/1/art_1_1.html", "旧", "2025-09-01"))
			p.ScriptText = `var param_1 = {columnid:1, unitid:'2'}; $('#2').jpage({proxyUrl:'/module/web/jpage/dataproxy.jsp'})`
			return []*site.Page{p}
		}, nil, ""},
		{"大汉 list loaded in full", func() []*site.Page {
			p := news(hItem("/art/2025/9/1/art_1_1.html", "旧", "2025-09-01"))
			p.ScriptText = `$('#2').jpage({proxyUrl:'/module/web/jpage/dataproxy.jsp'})`
			p.Loaded = 3
			return []*site.Page{p}
		}, nil, "deduct /xwzx/gzdt/ 动态要闻"},
		{"TRS writeln entries are read", func() []*site.Page {
			p := news(hItem("/xwzx/gzdt/202509/t20250901_1.html", "旧", "2025-09-01"))
			p.ScriptText = `var url = "./202509/t20250901_1.html"; document.writeln("<li><a href='" + url + "'>x</a></li>");`
			return []*site.Page{p}
		}, nil, "deduct /xwzx/gzdt/ 动态要闻"},
		{"profile news window 60 days", func() []*site.Page {
			return []*site.Page{news(hItem("/xwzx/gzdt/1.html", "旧", "2025-10-01"))}
		}, &config.Profile{Thresholds: config.Thresholds{NewsStaleDays: 60}}, ""},
		{"profile column hint classifies an unnamed column", func() []*site.Page {
			p := hColumn("/col/col77/index.html", "栏目七十七", hItem("/art/2025/9/1/art_77_1.html", "旧", "2025-09-01"))
			return []*site.Page{p}
		}, &config.Profile{Columns: map[string][]string{"动态要闻": {"/col/col77/"}}}, "deduct /col/col77/index.html 动态要闻"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := runAt(t, ColumnStale{}, staleSite(tt.pages()...), "", tt.prof)
			if got := summary(fs); got != tt.want {
				t.Errorf("findings:\n%s\nwant:\n%s\n%+v", got, tt.want, fs)
			}
		})
	}
	fs := run(t, ColumnStale{}, staleSite(news(hItem("/xwzx/gzdt/1.html", "示范县召开秋季会议", "2025-10-01"))))
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "最新信息发布于2025-10-01，已54天未更新") ||
		!strings.Contains(fs[0].Evidence, "《示范县召开秋季会议》日期2025-10-01（列表所示）") || fs[0].Column != "工作动态" {
		t.Errorf("stale news finding = %+v", fs)
	}
}

func TestColumnStaleVetoCounts(t *testing.T) {
	var cols []*site.Page
	home := hHome(nil)
	for i := range 5 {
		path := fmt.Sprintf("/dt%d/", i)
		home.Links = append(home.Links, site.Link{URL: hHost + path, Kind: site.KindAnchor})
		cols = append(cols, hColumn(path, fmt.Sprintf("乡镇动态%d", i), hItem(path+"1.html", "旧", "2025-10-01")))
	}
	fs := run(t, ColumnStale{}, hSite(append([]*site.Page{home}, cols...)...))
	if len(fs) != 5 {
		t.Fatalf("findings = %d", len(fs))
	}
	for _, f := range fs {
		if f.Severity != Veto || !strings.Contains(f.Evidence, "共5个（达到5个即单项否决）") {
			t.Errorf("finding = %+v", f)
		}
	}
	// Four are each a deduction only.
	fs = run(t, ColumnStale{}, hSite(append([]*site.Page{home}, cols[:4]...)...))
	for _, f := range fs {
		if f.Severity != Deduct {
			t.Errorf("4 columns: %+v", f)
		}
	}
	// Ten long-window columns veto through the second count; nine don't.
	var long []*site.Page
	for i := range 10 {
		path := fmt.Sprintf("/rs%d/", i)
		long = append(long, hColumn(path, fmt.Sprintf("人事信息%d", i), hItem(path+"1.html", "任免", "2023-01-01")))
	}
	fs = run(t, ColumnStale{}, hSite(append([]*site.Page{hHome(nil)}, long...)...))
	if len(fs) != 10 || fs[0].Severity != Veto || !strings.Contains(fs[0].Evidence, "长期未更新的栏目共10个") {
		t.Errorf("10 long-stale: %+v", fs)
	}
	fs = run(t, ColumnStale{}, hSite(append([]*site.Page{hHome(nil)}, long[:9]...)...))
	if len(fs) != 9 || fs[0].Severity != Deduct {
		t.Errorf("9 long-stale: %+v", fs)
	}
}

func TestColumnBlank(t *testing.T) {
	blank := func(path, name string) *site.Page { return hColumn(path, name) }
	tests := []struct {
		name  string
		pages func() []*site.Page
		want  string
	}{
		{"blank", func() []*site.Page { return []*site.Page{blank("/xxgk/jytabl/", "建议提案办理")} }, "deduct /xxgk/jytabl/ 空白栏目"},
		{"explains itself", func() []*site.Page {
			p := blank("/xxgk/jytabl/", "建议提案办理")
			p.Text += " 本栏目暂无信息"
			return []*site.Page{p}
		}, "advice /xxgk/jytabl/ 空白栏目"},
		{"a long note is still only a note", func() []*site.Page {
			p := blank("/xxgk/jytabl/", "建议提案办理")
			p.Text += " 本栏目暂无信息，2025年本单位未承办人大代表建议和政协委员提案，如有疑问请与县政府办公室联系。"
			return []*site.Page{p}
		}, "advice /xxgk/jytabl/ 空白栏目"},
		{"无此项职能", func() []*site.Page {
			p := blank("/xxgk/xzqz/", "行政强制")
			p.Text += " 本单位无此项职能。"
			return []*site.Page{p}
		}, "advice /xxgk/xzqz/ 空白栏目"},
		{"has entries", func() []*site.Page {
			return []*site.Page{hColumn("/xxgk/jytabl/", "建议提案办理", hItem("/xxgk/jytabl/1.html", "答复", "2025-06-01"))}
		}, ""},
		{"TRS writeln list built at run time", func() []*site.Page {
			p := blank("/xxgk/zcwj/", "政策文件")
			p.ScriptText = `for (var i=0;i<n;i++){ var url = list[i].u; document.writeln("<li><a href='" + url + "'>" + list[i].t + "</a></li>"); }`
			return []*site.Page{p}
		}, ""},
		{"大汉 list the crawler could not expand", func() []*site.Page {
			p := blank("/col/col12/index.html", "通知公告")
			p.Unexpanded = "大汉 jpage 脚本列表（dataproxy.jsp）：HTTP 412"
			return []*site.Page{p}
		}, ""},
		{"大汉 marker, never loaded", func() []*site.Page {
			p := blank("/col/col12/index.html", "通知公告")
			p.Scripts = []string{hHost + "/module/jslib/jquery/jpage/jquery.page.min.js"}
			return []*site.Page{p}
		}, ""},
		{"大汉 list loaded and really empty", func() []*site.Page {
			p := blank("/col/col12/index.html", "通知公告")
			p.Scripts = []string{hHost + "/module/jslib/jquery/jpage/jquery.page.min.js"}
			p.Loaded = 1
			return []*site.Page{p}
		}, "deduct /col/col12/index.html 空白栏目"},
		{"gkmlpt platform page", func() []*site.Page { return []*site.Page{blank("/gkmlpt/index", "政府信息公开目录")} }, ""},
		{"vue list", func() []*site.Page {
			p := blank("/xxgk/zcjd/", "政策解读")
			p.ScriptText = `new Vue({el:'#app', mounted(){ axios.get('/api/interp/list').then(r => this.list = r.data) }})`
			return []*site.Page{p}
		}, ""},
		{"a column that is one document", func() []*site.Page {
			p := blank("/xxgk/zfxxgkzn/", "政府信息公开指南")
			p.Text += " 为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》，编制本指南。"
			return []*site.Page{p}
		}, ""},
		{"offers a document", func() []*site.Page {
			p := blank("/xxgk/ysqgk/", "依申请公开")
			p.Links = append(p.Links, site.Link{URL: hHost + "/uploads/申请表.doc", Text: "申请表", Kind: site.KindAnchor})
			return []*site.Page{p}
		}, ""},
		{"a letter form", func() []*site.Page {
			p := blank("/hdjl/xzxx/write.html", "县长信箱")
			p.Text += " 姓名 标题 内容 验证码 提交"
			return []*site.Page{p}
		}, ""},
		{"leads to sub-columns", func() []*site.Page {
			p := blank("/hdjl/", "互动交流")
			p.Links = append(p.Links, site.Link{URL: hHost + "/hdjl/xzxx/", Text: "县长信箱", Kind: site.KindAnchor})
			return []*site.Page{p, hColumn("/hdjl/xzxx/", "县长信箱", hItem("/hdjl/xzxx/1.html", "来信", "2025-10-01"))}
		}, ""},
		{"list shown in a frame", func() []*site.Page {
			p := blank("/xxgk/tzgg/", "通知公告")
			p.Links = append(p.Links, site.Link{URL: hHost + "/list/frame.jsp?col=3", Kind: site.KindFrame})
			return []*site.Page{p}
		}, ""},
		{"articles place themselves under it", func() []*site.Page {
			a := hArticle("/xxgk/jytabl/202505/t20250501_1.html", "对政协提案的答复", "2025-05-01")
			a.Breadcrumb = []string{"首页", "政府信息公开", "建议提案办理"}
			return []*site.Page{blank("/xxgk/jytabl/", "建议提案办理"), a}
		}, ""},
		{"a page not tagged as a column", func() []*site.Page {
			p := blank("/about/", "关于我们")
			delete(p.Meta, "columnname")
			return []*site.Page{p}
		}, ""},
		{"site map", func() []*site.Page { return []*site.Page{blank("/wzdt.html", "网站地图")} }, ""},
		{"a further page not fetched", func() []*site.Page {
			p := blank("/xxgk/jytabl/", "建议提案办理")
			p.PageURLs = []string{hHost + "/xxgk/jytabl/index_1.html"}
			return []*site.Page{p}
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := run(t, ColumnBlank{}, hSite(append([]*site.Page{hHome(nil)}, tt.pages()...)...))
			if got := summary(fs); got != tt.want {
				t.Errorf("findings:\n%s\nwant:\n%s\n%+v", got, tt.want, fs)
			}
		})
	}
	var five []*site.Page
	for i := range 5 {
		five = append(five, blank(fmt.Sprintf("/k%d/", i), fmt.Sprintf("空栏目%d", i)))
	}
	fs := run(t, ColumnBlank{}, hSite(append([]*site.Page{hHome(nil)}, five...)...))
	if len(fs) != 5 || fs[0].Severity != Veto || !strings.Contains(fs[0].Evidence, "全站空白栏目共5个") {
		t.Errorf("5 blank: %+v", fs)
	}
	fs = run(t, ColumnBlank{}, hSite(append([]*site.Page{hHome(nil)}, five[:4]...)...))
	if len(fs) != 4 || fs[0].Severity != Deduct {
		t.Errorf("4 blank: %+v", fs)
	}
}

// Real 邯郸 pages: a 公开指南 column (one document), the platform index
// (sub-columns) and a list paginated by countPage: none is blank, and the
// list, whose further pages were not fetched, is not judged stale.
func TestHealthRealPagesNoFalsePositives(t *testing.T) {
	var pages []*site.Page
	for _, rel := range []string{
		"handan_jsp_wrapped/hd_xxgk_index__a6b88b9_index.jsp",
		"handan_jsp_wrapped/hd_xxgk_gkzn__856b817_gkzn.jsp",
		"handan_jsp_wrapped/hd_xxgk_list__856b817_list.jsp",
		"handan_jsp_wrapped/hd_xxgk_detail__856b817_details.jsp",
	} {
		pages = append(pages, loadReal(t, rel, realPageURLs[rel]))
	}
	s := &site.Site{Start: "http://hdzfxxgk.hd.gov.cn/", Host: "hdzfxxgk.hd.gov.cn", Pages: pages, Complete: true}
	for _, r := range []Rule{ColumnBlank{}, ColumnStale{}, HomepageStale{}, MessageUnanswered{}} {
		if fs := runAt(t, r, s, "2020-08-10", nil); len(fs) != 0 {
			t.Errorf("%s on real pages: %+v", r.Meta().ID, fs)
		}
	}
}

// mailboxSite is a 县长信箱 list with its letter pages (texts as the pages
// print them), plus a 网上信访 column with an old pending letter.
func mailboxSite() *site.Site {
	list := hColumn("/hdjl/xzxx/", "县长信箱",
		hItem("/hdjl/xzxx/a.html", "关于城区停车难的咨询", "2025-07-02"),
		hItem("/hdjl/xzxx/b.html", "咨询居民医保缴费时间", "2025-09-12"),
		hItem("/hdjl/xzxx/c.html", "反映邻里纠纷问题", "2025-03-10"),
		hItem("/hdjl/xzxx/d.html", "咨询老旧小区改造计划", "2024-09-01"),
		hItem("/hdjl/xzxx/e.html", "咨询社保卡办理地点", "2025-05-20"),
		hItem("/hdjl/xzxx/f.html", "关于农村道路维修的建议", "2025-04-01"),
		hItem("/hdjl/xzxx/g.html", "咨询幼儿园入园政策", "2025-06-01"),
		hItem("/hdjl/xzxx/h.html", "投诉信件未回复的处理情况", "2025-06-15"),
		hItem("/hdjl/xzxx/i.html", "咨询公租房申请条件", "2025-05-08"),
	)
	list.Breadcrumb = []string{"首页", "互动交流", "县长信箱"}
	list.Text += " 全部 已回复 未回复 信件标题 来信时间 状态" +
		" 关于城区停车难的咨询 2025-07-02 办理中" +
		" 咨询居民医保缴费时间 2025-09-12 未回复" +
		" 反映邻里纠纷问题 2025-03-10 已转信访" +
		" 咨询老旧小区改造计划 2024-09-01 未回复" +
		" 咨询社保卡办理地点 2025-05-20 已回复" +
		" 关于农村道路维修的建议 2025-04-01 已回复" +
		" 咨询幼儿园入园政策 2025-06-01" +
		" 投诉信件未回复的处理情况 2025-06-15 已回复" +
		" 咨询公租房申请条件 2025-05-08"
	letter := func(path, title, fields string) *site.Page {
		p := hArticle(path, title, "")
		p.Breadcrumb = []string{"首页", "互动交流", "县长信箱"}
		p.Column = "县长信箱"
		// A footer right after an empty 答复内容 is no reply.
		p.FooterText = "网站地图 联系我们 主办单位：示范县人民政府办公室 地址：示范县人民路1号"
		p.Text = "示范县人民政府 首页 互动交流 县长信箱 信件标题：" + title + " " + fields + " " + p.FooterText
		return p
	}
	petitions := hColumn("/hdjl/wsxf/", "网上信访", hItem("/hdjl/wsxf/1.html", "反映拖欠工资", "2025-03-01"))
	petitions.Text += " 反映拖欠工资 2025-03-01 办理中"
	return hSite(hHome(nil, "/hdjl/xzxx/", "/hdjl/wsxf/"), list, petitions,
		letter("/hdjl/xzxx/a.html", "关于城区停车难的咨询", "来信时间：2025-07-02 09:12 办理状态：办理中 答复单位： 答复时间： 答复内容："),
		letter("/hdjl/xzxx/e.html", "咨询社保卡办理地点", "来信时间：2025-05-20 办理状态：已办结 答复单位：县人社局 答复时间：2025-06-03 答复内容：您好，社保卡可在县政务服务中心二楼人社窗口办理。"),
		// A reply printed without a date (and a colon in it) is a reply.
		letter("/hdjl/xzxx/i.html", "咨询公租房申请条件", "来信时间：2025-05-08 答复时间： 答复内容：王女士：您好，公租房申请条件和所需材料已在县住建局网站公布，请登录查看。"),
		letter("/hdjl/xzxx/f.html", "关于农村道路维修的建议", "来信时间：2025年4月1日 答复时间：2025年8月1日 答复内容：经县交通运输局实地查看，该路段已列入今年维修计划。"),
		letter("/hdjl/xzxx/g.html", "咨询幼儿园入园政策", "来信时间：2025-06-01 答复单位： 答复时间： 答复内容："),
		letter("/hdjl/xzxx/c.html", "反映邻里纠纷问题", "来信时间：2025-03-10 办理状态：已转信访部门办理"),
		letter("/hdjl/xzxx/h.html", "投诉信件未回复的处理情况", "来信时间：2025-06-15 办理状态：已回复 答复时间：2025-06-20 答复内容：您反映的信件已由相关部门答复，请查收。"),
	)
}

func TestMessageUnanswered(t *testing.T) {
	fs := run(t, MessageUnanswered{}, mailboxSite())
	if len(fs) != 1 {
		t.Fatalf("findings = %+v", fs)
	}
	f := fs[0]
	if f.URL != hHost+"/hdjl/xzxx/" || f.Severity != Veto || f.Subject != "县长信箱" || f.Column != "县长信箱" {
		t.Errorf("finding = %+v", f)
	}
	for _, want := range []string{
		"有2封近一年内的来信超过90天未答复（最早一封2025-06-01来信，至检查日已176天）",
		"另有1封近一年内的来信答复用时超过90天",
	} {
		if !strings.Contains(f.Message, want) {
			t.Errorf("message %q lacks %q", f.Message, want)
		}
	}
	for _, want := range []string{
		"《咨询幼儿园入园政策》来信2025-06-01，答复时间为空，至检查日2025-11-24已176天",
		"《关于城区停车难的咨询》来信2025-07-02，状态“办理中”，至检查日2025-11-24已145天",
		"《关于农村道路维修的建议》来信2025-04-01、答复2025-08-01，用时122天",
		"读取到标注日期的来信9封（近一年8封），已答复4封",
		"答复用时中位数14天、最长122天（自然日，3封可计算）",
		"工作日中位数",
	} {
		if !strings.Contains(f.Evidence, want) {
			t.Errorf("evidence lacks %q:\n%s", want, f.Evidence)
		}
	}
	for _, not := range []string{"咨询公租房申请条件", "咨询居民医保缴费时间", "反映邻里纠纷问题", "咨询老旧小区改造计划", "投诉信件未回复", "拖欠工资"} {
		if strings.Contains(f.Evidence, not) {
			t.Errorf("evidence lists %q, which is not overdue:\n%s", not, f.Evidence)
		}
	}

	// A longer limit: nothing overdue.
	prof := &config.Profile{Thresholds: config.Thresholds{MessageUnansweredDays: 200}}
	if fs := runAt(t, MessageUnanswered{}, mailboxSite(), "", prof); len(fs) != 0 {
		t.Errorf("200-day limit: %+v", fs)
	}
	// A year later the letters are out of the window.
	if fs := runAt(t, MessageUnanswered{}, mailboxSite(), "2026-11-30", nil); len(fs) != 0 {
		t.Errorf("a year later: %+v", fs)
	}

	figs := MailboxStats(&Context{AsOf: asOf}, mailboxSite())
	if len(figs) != 1 || figs[0].Name != "县长信箱" || figs[0].Letters != 9 || figs[0].Answered != 4 || figs[0].Overdue != 3 ||
		figs[0].MedianReplyDays != 14 || figs[0].MaxReplyDays != 122 {
		t.Errorf("figures = %+v", figs)
	}
}

func TestMailboxClasses(t *testing.T) {
	for name, want := range map[string]ColumnClass{
		"县长信箱": ColMailbox, "我要咨询": ColMailbox, "书记信箱": ColMailbox,
		"网上信访": ColPetition, "纪检举报": ColPetition, "纪委书记信箱": ColPetition, "监委信箱": ColPetition,
		"在线访谈": ColInterview, "网上调查": ColSurvey,
	} {
		if got := ClassifyName(name); got != want {
			t.Errorf("ClassifyName(%q) = %q, want %q", name, got, want)
		}
	}
}

// BenchmarkHealthRules runs the site-health rules over a site of 20,000
// pages: 400 columns of 5 list pages, each listing 10 articles.
func BenchmarkHealthRules(b *testing.B) {
	home := hHome(nil)
	pages := []*site.Page{home}
	nav := home.Links
	for c := range 400 {
		base := fmt.Sprintf("/c%d/", c)
		home.Links = append(home.Links, site.Link{URL: hHost + base, Text: "栏目", Kind: site.KindAnchor})
		for pg := range 5 {
			path := base
			if pg > 0 {
				path = fmt.Sprintf("%sindex_%d.html", base, pg)
			}
			col := hColumn(path, fmt.Sprintf("工作动态%d", c))
			col.Links = append(col.Links, nav...)
			for i := range 10 {
				u := fmt.Sprintf("%s2025%02d/t2025%02d01_%d%d.html", base, i+1, i+1, pg, i)
				col.Items = append(col.Items, hItem(strings.TrimPrefix(u, ""), "条目", fmt.Sprintf("2025-%02d-01", i+1)))
				col.Links = append(col.Links, site.Link{URL: hHost + u, Text: "条目", Kind: site.KindAnchor})
				if len(pages) < 20000 {
					pages = append(pages, hArticle(u, "条目", fmt.Sprintf("2025-%02d-01", i+1)))
				}
			}
			col.Links = append(col.Links, site.Link{URL: hHost + base + "index_4.html", Text: "尾页", Kind: site.KindAnchor})
			pages = append(pages, col)
		}
	}
	s := hSite(pages...)
	ctx := &Context{AsOf: asOf}
	rules := rulesFromTo("site-unreachable", "message-unanswered")
	b.ResetTimer()
	for range b.N {
		if _, errs := Run(ctx, s, rules); len(errs) > 0 {
			b.Fatal(errs)
		}
	}
}
