package site

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzFindDate(f *testing.F) {
	for _, s := range []string{
		"2025-09-30", "2025/9/30", "2025.9.30", "2025年9月30日", "2025年09月30日 09时30分",
		"2023-04-12 15:35:01", "2023-04-12T15:35:01+08:00", "２０２３－０４－１２", "二〇二三年四月十二日",
		"12023-04-12", "2023-02-30", "发布日期：2020年08月02日", "000014348/2020-35147", "2023-04-12 08:00-17:00",
		"\u00a02023\u3000年4月1日", "二○二三年十二月三十一日", "1999-1-1T1:1Z",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkDateFilters(t, s)
		n := normalizeDateText(s)
		gt, gs, ge, gok := findDate(n)
		if wt, ws, we, wok := findDateAll(n); !gt.Equal(wt) || gs != ws || ge != we || gok != wok {
			t.Fatalf("findDate(%q) = %v %d %d %v; finding every match first gives %v %d %d %v", n, gt, gs, ge, gok, wt, ws, we, wok)
		}
		tm, ok := FindDate(s)
		if !ok {
			if !tm.IsZero() {
				t.Fatalf("FindDate(%q) = %v with ok=false", s, tm)
			}
			return
		}
		if tm.Location() != Shanghai {
			t.Fatalf("FindDate(%q) location %v", s, tm.Location())
		}
		if tm.Year() < minYear || tm.Year() > maxYear {
			t.Fatalf("FindDate(%q) year %d out of range", s, tm.Year())
		}
		// The date round-trips through its own text.
		back, ok := ParseDate(tm.Format("2006-01-02 15:04:05"))
		if !ok || !back.Equal(tm) {
			t.Fatalf("FindDate(%q) = %v; ParseDate of it = %v, %v", s, tm, back, ok)
		}
		if pd, ok := ParseDate(s); ok && !pd.Equal(tm) {
			t.Fatalf("ParseDate(%q) = %v but FindDate = %v", s, pd, tm)
		}
	})
}

func FuzzExtract(f *testing.F) {
	seeds := []string{
		`<html><head><title>t</title><meta name="PubDate" content="2020年08月02日"></head><body><a href="x.html">x</a></body></html>`,
		`<table><tr><td>索 引 号：</td><td>1</td><td>发文日期</td><td>2023-04-18</td></tr></table>`,
		`<div class="crumb">当前位置：<a href="/">首页</a>&gt;<a href="/a/">栏目</a></div>`,
		`<ul><li><a href="./202309/t20230922_1.html" title="t">a…</a><span>09-22</span></li></ul>`,
		`<script>createPageHTML('page_div',5,1,'fg','shtml',89); var countPage = 56; var url = "./a.html"; var title = "t"; document.writeln(url);</script>`,
		`<script type="text/xml"><record><![CDATA[<li><a href="/art/2023/4/12/art_1_2.html">t</a></li>]]></record></script>`,
		"<%@ page %>\n<html><body><p><strong>索引号</strong>：X</p><!--<p>成文日期：2020</p>--></body></html>",
		`<base href="//cdn.x.gov.cn/"><a href="&amp;amp;">`, "\x00\xff<a href=\"\xfe\">", "<p>" + strings.Repeat("<div>", 200),
	}
	for _, s := range seeds {
		f.Add("http://www.a.gov.cn/x/index.html", s)
	}
	if b, err := os.ReadFile(filepath.Join(realPagesDir, "handan_jsp_wrapped/hd_xxgk_detail__856b817_details.jsp")); err == nil {
		f.Add("http://hdzfxxgk.hd.gov.cn/a/t20200802_1.html", string(b))
	}
	f.Fuzz(func(t *testing.T, pageURL, doc string) {
		// Differential: the extractor's shortcuts against the code they
		// replaced (reference mode), and the Page unchanged once another
		// page has reused the extractor's buffers.
		p := extractBoth(t, pageURL, doc)
		d := pageDigest(t, p)
		Extract(pageURL, "<p>"+strings.Repeat("再一页 ", 50)+"</p>"+doc)
		if pageDigest(t, p) != d {
			t.Fatal("the Page changed when the next page was extracted: it shares the reused buffer")
		}
		if !utf8.ValidString(p.Text) || !utf8.ValidString(p.FooterText) {
			t.Fatal("invalid UTF-8 in text")
		}
		if len(p.PageURLs) > maxPageURLs {
			t.Fatalf("%d PageURLs", len(p.PageURLs))
		}
		for _, l := range p.Links {
			if c, ok := CanonicalURL(l.URL, nil); !ok || c != l.URL {
				t.Fatalf("link %q is not canonical (%q, %v)", l.URL, c, ok)
			}
		}
		for _, it := range p.Items {
			u, err := url.Parse(it.URL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
				t.Fatalf("item URL %q", it.URL)
			}
		}
		if len(p.Metadata) != len(p.MetadataLabels) {
			t.Fatalf("Metadata %v vs labels %v", p.Metadata, p.MetadataLabels)
		}
	})
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(`<meta charset="gb2312"><p>`+"\xd6\xd0\xb9\xfa"+`</p>`), "")
	f.Add([]byte("\xef\xbb\xbf<p>x</p>"), "text/html; charset=utf-8")
	f.Add([]byte("\xff\xfe<\x00p\x00>\x00"), "")
	f.Add([]byte("\x00\x01\x02"), "text/html; charset=big5")
	f.Fuzz(func(t *testing.T, body []byte, ct string) {
		s, cs := Decode(body, ct)
		if !utf8.ValidString(s) {
			t.Fatalf("Decode gave invalid UTF-8 (charset %q)", cs)
		}
		if cs == "" {
			t.Fatal("no charset name")
		}
	})
}
