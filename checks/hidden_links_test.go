package checks

import (
	"strings"
	"testing"

	"github.com/gongkai/gongkai/site"
)

// hlHome is a homepage with the given markup in its body, extracted as the
// crawler would.
func hlHome(head, body string) *site.Page {
	p := site.Extract(fsBase, `<!doctype html><html><head><meta charset="utf-8"><title>示范县人民政府</title>`+head+
		`</head><body><div class="nav"><a href="/xwzx/">新闻中心</a></div>`+body+
		`<div class="footer">主办单位：示范县人民政府办公室</div></body></html>`)
	p.Status = 200
	return p
}

func TestHiddenLinks(t *testing.T) {
	tests := []struct {
		name, head, body string
		want             string // a word of the message, "" for no finding
	}{
		// Violations: 暗链 as hacked sites carry them.
		{"gambling words, display:none", ``, `<div style="display:none"><a href="http://www.example-yl.com/">澳门百家乐娱乐城</a><a href="http://a2.example.com/">真人视讯</a></div>`, "发现暗链"},
		{"style rule id, off-screen", `<style>#xz{position:absolute;left:-9999px;top:-9999px}</style>`, `<div id="xz"><a href="http://shop.example.net/">优惠</a></div>`, "疑似暗链"},
		{"zero font size", ``, `<p style="font-size:0"><a href="http://cheap.example.org/">x</a></p>`, "疑似暗链"},
		{"same colour as the background", ``, `<div style="background-color:#fff"><a style="color:#FFF" href="http://seo.example.com/">链接</a></div>`, "疑似暗链"},
		{"vice host, visibility hidden", ``, `<span style="visibility:hidden"><a href="http://www.bocai88.example/">网站</a></span>`, "发现暗链"},
		{"written by script, hidden", ``, `<script>document.write('<div style="display:none"><a href="http://pj.example.com/">葡京</a></div>');</script>`, "疑似暗链"},
		{"written by script, escaped", ``, `<script>document.write(unescape("%3Cdiv style='position:absolute;left:-3000px'%3E%3Ca href='http://x.example.com/'%3Eok%3C/a%3E%3C/div%3E"));</script>`, "疑似暗链"},
		{"plain hidden div, no menu name", ``, `<div style="display:none"><a href="http://drugs.example.com/">a</a></div>`, "疑似暗链"},
		// Look-alikes that must stay silent.
		{"hidden mobile menu of on-site links", ``, `<div class="m-nav" style="display:none"><a href="/xxgk/">信息公开</a><a href="/bsfw/">办事服务</a></div>`, ""},
		{"dropdown of on-site links by a style rule", `<style>.subnav{display:none}</style>`, `<ul><li><a href="/zwgk/">政务公开</a><ul class="subnav"><li><a href="/zwgk/zcwj/">政策文件</a></li></ul></li></ul>`, ""},
		{"skip to content", `<style>.skip{position:absolute;left:-10000px}</style>`, `<a class="skip" href="#main">跳转到主要内容</a>`, ""},
		{"carousel hidden slides on-site", ``, `<div class="slide"><a href="/xwzx/1.html">1</a></div><div class="slide" style="display:none"><a href="/xwzx/2.html">2</a></div>`, ""},
		{"collapsed 友情链接 of gov.cn sites", ``, `<div class="yqlj"><span>政府网站</span><div style="display:none"><a href="http://www.gov.cn/">中国政府网</a><a href="http://www.henan.gov.cn/">河南省人民政府</a></div></div>`, ""},
		{"media friend links in a named dropdown", ``, `<div class="links-drop" style="display:none"><a href="http://www.example-media.com/">媒体</a></div>`, ""},
		{"group with a gov link", ``, `<div style="display:none"><a href="http://www.shangqiu.gov.cn/">商丘市</a><a href="http://www.example-bank.com/">银行</a></div>`, ""},
		{"badge written by script", ``, `<script>document.write(unescape("%3Cspan id='_ideConac'%3E%3C/span%3E%3Ca href='http://bszs.conac.cn/sitename?id=1'%3E%3C/a%3E"));</script>`, ""},
		{"visible off-site link", ``, `<a href="http://www.example.com/">合作单位</a>`, ""},
		{"share button written by script", ``, `<script>document.write('<a href="http://www.jiathis.example/share">分享</a>');</script>`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &site.Site{Start: fsBase, Host: "www.sfx.gov.cn", Complete: true, Pages: []*site.Page{hlHome(tt.head, tt.body)}}
			fs := fsRun(t, HiddenLinks{}, s, "2025-11-24", nil)
			if tt.want == "" {
				if len(fs) > 0 {
					t.Fatalf("unexpected finding %+v", fs[0])
				}
				return
			}
			if len(fs) == 0 || !strings.Contains(fs[0].Message, tt.want) || fs[0].Severity != Veto || fs[0].URL != fsBase {
				t.Fatalf("got %+v, want a veto finding saying %q", fs, tt.want)
			}
		})
	}
}

// A friend link to a government domain that now redirects to another
// site is a lapsed domain; one that redirects within gov.cn is not.
func TestHiddenLinksReRegisteredFriendLink(t *testing.T) {
	res := func(u, final, anchor string) *site.Resource {
		return &site.Resource{URL: u, Kind: site.KindAnchor, Status: 200, FinalURL: final, Anchor: anchor, Referrers: []string{fsBase}}
	}
	tests := []struct {
		name string
		r    *site.Resource
		want string
	}{
		{"gov.cn domain now a casino", res("http://www.oldtown.gov.cn/", "http://www.casino-games.example/", "某镇人民政府"), "发现暗链"},
		{"named government body, lapsed domain", res("http://www.oldbureau.example/", "http://www.parked.example/", "示范县林业局"), "疑似暗链"},
		{"moved within gov.cn", res("http://www.a.gov.cn/", "http://www.b.gov.cn/index.html", "某县人民政府"), ""},
		{"https upgrade of the same host", res("http://www.a.gov.cn/", "https://www.a.gov.cn/", "某县人民政府"), ""},
		{"a company link redirecting", res("http://www.company.example/", "http://www.company2.example/", "某公司"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &site.Site{Start: fsBase, Host: "www.sfx.gov.cn", Complete: true,
				Pages: []*site.Page{hlHome("", "")}, Resources: []*site.Resource{tt.r}}
			fs := fsRun(t, HiddenLinks{}, s, "2025-11-24", nil)
			if tt.want == "" {
				if len(fs) > 0 {
					t.Fatalf("unexpected finding %+v", fs[0])
				}
				return
			}
			if len(fs) != 1 || !strings.Contains(fs[0].Message, tt.want) {
				t.Fatalf("got %+v, want a finding saying %q", fs, tt.want)
			}
		})
	}
}
