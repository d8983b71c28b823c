package site

import (
	"reflect"
	"strings"
	"testing"
)

func TestExtractMetaAndTitle(t *testing.T) {
	const doc = `<html><head>
<title>
  关于印发某方案的通知 | 某县人民政府
</title>
<meta content="1304000009" name="SiteIDCode">
<META NAME="SiteName" CONTENT="某县人民政府">
<meta name="ContentSource" content="">
<meta name="SiteName" content="second wins not">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta property="og:title" content="OG">
<meta charset="utf-8">
</head><body></body></html>`
	p := Extract("http://www.a.gov.cn/x/", doc)
	if p.Title != "关于印发某方案的通知 | 某县人民政府" {
		t.Errorf("Title = %q", p.Title)
	}
	want := map[string]string{
		"siteidcode":      "1304000009",
		"sitename":        "某县人民政府",
		"contentsource":   "",
		"x-ua-compatible": "IE=edge",
		"og:title":        "OG",
	}
	if !reflect.DeepEqual(p.Meta, want) {
		t.Errorf("Meta = %v\nwant %v", p.Meta, want)
	}
}

func TestExtractText(t *testing.T) {
	const doc = `<html><head><style>.a{}</style><script>var x="隐藏";</script></head><body>
<div>第一段</div><div>第二段</div><p>发布<span>日期</span>：<b>2023</b>-04-12</p>
<!-- <p>成文日期：2020年08月02日</p> -->
<noscript>请启用脚本</noscript><template><p>模板</p></template>
<table><tr><td>单元格一</td><td>单元格二</td></tr></table>
<p>全角&#12288;空格&nbsp;和\u200b零宽</p><br>末尾</body></html>`
	p := Extract("http://www.a.gov.cn/", doc)
	want := "第一段 第二段 发布日期：2023-04-12 单元格一 单元格二 全角 空格 和\\u200b零宽 末尾"
	if p.Text != want {
		t.Errorf("Text =\n%q\nwant\n%q", p.Text, want)
	}
	for _, bad := range []string{"隐藏", "成文日期", "请启用脚本", "模板", ".a{}"} {
		if strings.Contains(p.Text, bad) {
			t.Errorf("Text contains hidden %q", bad)
		}
	}
	if !strings.Contains(p.ScriptText, `var x="隐藏";`) {
		t.Errorf("ScriptText = %q", p.ScriptText)
	}
}

func TestExtractLeadingJunk(t *testing.T) {
	const doc = "<%--\n  Created by IntelliJ IDEA.\n--%>\n<%@ page contentType=\"text/html;charset=UTF-8\" %>\n<html><head><title>T</title></head><body><p>正文</p></body></html>"
	p := Extract("http://www.a.gov.cn/", doc)
	if p.Text != "正文" || p.Title != "T" {
		t.Errorf("Text = %q, Title = %q", p.Text, p.Title)
	}
	// A fragment that starts with text but has real tags is kept whole.
	p = Extract("http://www.a.gov.cn/", "前言 <b>粗体</b> <html><body>x</body></html>")
	if !strings.HasPrefix(p.Text, "前言") {
		t.Errorf("fragment Text = %q", p.Text)
	}
}

func TestExtractLinks(t *testing.T) {
	const doc = `<html><head><base href="http://cdn.a.gov.cn/sub/">
<link rel="stylesheet" href="s.css"><link rel="icon" href="i.ico">
<script src="a.js"></script><script src="a.js"></script></head><body>
<a href="x.html">文字</a><a href="x.html#frag">重复</a>
<a href="/logo"><img src="logo.png" alt="标志"></a>
<a href="javascript:void(0)">js</a><a href="mailto:a@b.cn">mail</a><a href="#top">top</a>
<iframe src="f.html"></iframe><frameset><frame src="g.html"></frameset>
<embed src="e.swf"><object data="o.pdf"></object><video><source src="v.mp4"></video>
<map><area href="m.html" alt="区域"></map>
</body></html>`
	p := Extract("http://www.a.gov.cn/page.html", doc)
	want := []Link{
		{URL: "http://cdn.a.gov.cn/sub/s.css", Kind: KindStyle},
		{URL: "http://cdn.a.gov.cn/sub/a.js", Kind: KindScript},
		{URL: "http://cdn.a.gov.cn/sub/x.html", Text: "文字", Kind: KindAnchor},
		{URL: "http://cdn.a.gov.cn/logo", Text: "标志", Kind: KindAnchor},
		{URL: "http://cdn.a.gov.cn/sub/logo.png", Text: "标志", Kind: KindImage},
		{URL: "http://cdn.a.gov.cn/sub/f.html", Kind: KindFrame},
		{URL: "http://cdn.a.gov.cn/sub/e.swf", Kind: KindOther},
		{URL: "http://cdn.a.gov.cn/sub/o.pdf", Kind: KindOther},
		{URL: "http://cdn.a.gov.cn/sub/v.mp4", Kind: KindOther},
		{URL: "http://cdn.a.gov.cn/sub/m.html", Text: "区域", Kind: KindOther},
	}
	// <frame> inside <body> is dropped by the HTML parser (frameset only
	// applies before body content), so it is not expected here.
	if !reflect.DeepEqual(p.Links, want) {
		t.Errorf("Links =\n%v\nwant\n%v", p.Links, want)
	}
	if !reflect.DeepEqual(p.Scripts, []string{"http://cdn.a.gov.cn/sub/a.js"}) {
		t.Errorf("Scripts = %v", p.Scripts)
	}
	fr := Extract("http://www.a.gov.cn/", `<html><frameset><frame src="top.html"><frame src="main.html"></frameset></html>`)
	wantFr := []Link{{URL: "http://www.a.gov.cn/top.html", Kind: KindFrame}, {URL: "http://www.a.gov.cn/main.html", Kind: KindFrame}}
	if !reflect.DeepEqual(fr.Links, wantFr) {
		t.Errorf("frameset Links = %v", fr.Links)
	}
}

func TestExtractMetadataLayouts(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		want   map[string]string
		labels map[string]string
	}{
		{
			name: "gov.cn table, 4 cells a row, spaced labels",
			body: `<table>
<tr><td><b>索 引 号：</b></td><td>000014349/2017-00110</td><td><b>主题分类：</b></td><td>国防、军事</td></tr>
<tr><td><b>发文机关：</b></td><td>国务院办公厅</td><td><b>成文日期：</b></td><td>2017年10月10日</td></tr>
<tr><td><b>标  题：</b></td><td colspan="3">国务院办公厅关于某事的通知</td></tr>
<tr><td><b>发文字号：</b></td><td>国办发〔2017〕80号</td><td><b>发布日期：</b></td><td>2017年10月12日</td></tr>
<tr><td><b>主 题 词：</b></td><td></td><td></td><td></td></tr>
</table>`,
			want: map[string]string{
				"索引号": "000014349/2017-00110", "主题分类": "国防、军事", "发布机构": "国务院办公厅",
				"成文日期": "2017年10月10日", "名称": "国务院办公厅关于某事的通知", "文号": "国办发〔2017〕80号",
				"发布日期": "2017年10月12日", "主题词": "",
			},
			labels: map[string]string{
				"索引号": "索引号", "主题分类": "主题分类", "发布机构": "发文机关", "成文日期": "成文日期",
				"名称": "标题", "文号": "发文字号", "发布日期": "发布日期", "主题词": "主题词",
			},
		},
		{
			name: "武汉 li label：value",
			body: `<div class="sub"><ul><li>索引号：01152/2026-00004</li><li>发文机构：武汉市人民政府</li>
<li>发文字号：武政规〔2026〕4号</li><li>有效性：有效</li><li>成文日期：2026年02月10日</li></ul></div>`,
			want: map[string]string{
				"索引号": "01152/2026-00004", "发布机构": "武汉市人民政府", "文号": "武政规〔2026〕4号",
				"有效性": "有效", "成文日期": "2026年02月10日",
			},
		},
		{
			name: "dt/dd pairs",
			body: `<dl><dt>索引号</dt><dd>053533505/2021-00106</dd><dt>分类</dt><dd>其他</dd><dt>发文日期</dt><dd>2021-03-04</dd><dt>时效</dt><dd>有效</dd></dl>`,
			want: map[string]string{"索引号": "053533505/2021-00106", "主题分类": "其他", "成文日期": "2021-03-04", "有效性": "有效"},
		},
		{
			name: "several pairs in one text run, strong label, byline stops",
			body: `<p>索引号：11441700007280420Y/2021-00050 发布机构：阳江市人民政府 公开方式：主动公开 访问量：99</p>`,
			want: map[string]string{"索引号": "11441700007280420Y/2021-00050", "发布机构": "阳江市人民政府", "公开方式": "主动公开"},
		},
		{
			name: "empty value slot inside the label element",
			body: `<div><span>来源：<b></b></span><span>访问量：3</span></div><p><strong>索引号</strong>：A-1</p><p><strong>文号</strong>：无</p>`,
			want: map[string]string{"来源": "", "索引号": "A-1", "文号": "无"},
		},
		{
			name: "list header row is not metadata",
			body: `<table><tr><th>名称</th><th>索引号</th><th>发布机构</th><th>发布日期</th></tr>
<tr><td><a href="/a/t20200805_1.html">某通知</a></td><td>000014348/2020-35428</td><td>邯郸市教育局</td><td>2020-08-05</td></tr></table>`,
			want: nil,
		},
		{
			name: "a news byline alone is not a metadata table",
			body: `<div class="attr"><span>来源：县政府办</span><span>发布日期：2023-01-02</span></div>`,
			want: nil,
		},
		{
			name: "commented-out row is not read",
			body: `<p><strong>索引号</strong>：X</p><!--<p><strong>成文日期</strong>：2020年08月02日</p>--><p><strong>发布日期</strong>：2020年08月02日</p>`,
			want: map[string]string{"索引号": "X", "发布日期": "2020年08月02日"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Extract("http://www.a.gov.cn/a.html", "<html><body>"+tt.body+"</body></html>")
			if len(tt.want) == 0 {
				if p.Metadata != nil {
					t.Errorf("Metadata = %v, want none", p.Metadata)
				}
				return
			}
			if !reflect.DeepEqual(p.Metadata, tt.want) {
				t.Errorf("Metadata =\n%v\nwant\n%v", p.Metadata, tt.want)
			}
			if tt.labels != nil && !reflect.DeepEqual(p.MetadataLabels, tt.labels) {
				t.Errorf("MetadataLabels =\n%v\nwant\n%v", p.MetadataLabels, tt.labels)
			}
			for k := range p.Metadata {
				if _, ok := p.MetadataLabels[k]; !ok {
					t.Errorf("MetadataLabels lacks %q", k)
				}
			}
		})
	}
}

func TestExtractBreadcrumb(t *testing.T) {
	tests := []struct {
		name, body, title string
		crumb             []string
		column            string
	}{
		{
			name:   "class crumb with lead-in and > separators",
			body:   `<div class="crumb">您当前的位置：<a href="/">网站首页</a>&gt;<a href="/sjkf/">数据开放</a>&gt;<a href="/tjgb/"><span>统计公报</span></a></div>`,
			crumb:  []string{"网站首页", "数据开放", "统计公报"},
			column: "统计公报",
		},
		{
			name:   "text lead-in only, trailing 正文",
			body:   `<div class="w"><span>当前位置：</span><a href="/">首页</a> » <a href="/zwgk/">政务公开</a> » 正文</div>`,
			crumb:  []string{"首页", "政务公开", "正文"},
			column: "政务公开",
		},
		{
			name:   "TRS CurrChnlCls trail with ->",
			body:   `<div class="sx-more1"><a href="/" class="CurrChnlCls">首页</a>-&gt;<a href="/zfwj/" class="CurrChnlCls">政府文件</a>-&gt;<a href="/zfwj/jq/" class="CurrChnlCls">近期信息公开</a></div>`,
			crumb:  []string{"首页", "政府文件", "近期信息公开"},
			column: "近期信息公开",
		},
		{
			name:   "last entry is the page title",
			title:  "关于开展2023年度政府网站普查工作的通知",
			body:   `<div id="position"><a href="/">首页</a> / <a href="/tzgg/">通知公告</a> / <span>关于开展2023年度政府网站普查工作的通知</span></div>`,
			crumb:  []string{"首页", "通知公告", "关于开展2023年度政府网站普查工作的通知"},
			column: "通知公告",
		},
		{
			name:  "a big container whose class says location is no trail",
			body:  `<div class="location-map">` + strings.Repeat(`<p>很长的正文内容很长的正文内容</p>`, 40) + `<a href="/">首页</a></div>`,
			crumb: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Extract("http://www.a.gov.cn/a/b.html", "<html><head><title>"+tt.title+"</title></head><body>"+tt.body+"</body></html>")
			if !reflect.DeepEqual(p.Breadcrumb, tt.crumb) {
				t.Errorf("Breadcrumb = %q, want %q", p.Breadcrumb, tt.crumb)
			}
			if p.Column != tt.column {
				t.Errorf("Column = %q, want %q", p.Column, tt.column)
			}
		})
	}
	// meta ColumnName wins over the trail.
	p := Extract("http://www.a.gov.cn/", `<html><head><meta name="ColumnName" content="政策文件"></head><body><div class="crumb">当前位置：<a href="/">首页</a>&gt;<a href="/x/">其他</a></div></body></html>`)
	if p.Column != "政策文件" {
		t.Errorf("Column = %q, want meta ColumnName", p.Column)
	}
}

func TestExtractFooter(t *testing.T) {
	p := Extract("http://www.a.gov.cn/", `<html><body><div class="main">正文 网站标识码 9999999999 不在页脚</div>
<div id="foot"><p>主办单位：某县人民政府</p><p>网站标识码：3609220011</p><p><a href="https://beian.miit.gov.cn/">赣ICP备11002306号-1</a></p></div>
<div class="copyright">赣公网安备 36092202000105号</div></body></html>`)
	want := "主办单位：某县人民政府 网站标识码：3609220011 赣ICP备11002306号-1 赣公网安备 36092202000105号"
	if p.FooterText != want {
		t.Errorf("FooterText = %q, want %q", p.FooterText, want)
	}
	// No footer element: the tail of the text stands in.
	long := strings.Repeat("正文", 800)
	p = Extract("http://www.a.gov.cn/", `<html><body><p>`+long+`</p><p>网站标识码 1304000009</p></body></html>`)
	if !strings.HasSuffix(p.FooterText, "网站标识码 1304000009") || len([]rune(p.FooterText)) > footerRunes {
		t.Errorf("fallback FooterText = %q…", p.FooterText[:40])
	}
	// A wrapper whose class says "bottom" but holds the page is not the footer.
	p = Extract("http://www.a.gov.cn/", `<html><body><div class="pad-bottom">`+long+`<div class="ft-copyright">网站标识码 1304000009</div></div></body></html>`)
	if p.FooterText != "网站标识码 1304000009" {
		t.Errorf("nested FooterText = %.60q", p.FooterText)
	}
}

func TestExtractPublished(t *testing.T) {
	tests := []struct {
		name, url, doc string
		want           string
		src            DateSource
	}{
		{"meta PubDate", "http://a.gov.cn/t20200101_1.html",
			`<meta name="PubDate" content="2023-04-12 10:00"><p>发布日期：2022-01-01</p>`, "2023-04-12", SourceMeta},
		{"meta pubdate Chinese form", "http://a.gov.cn/x.html",
			`<meta name="pubdate" content="2020年08月02日">`, "2020-08-02", SourceMeta},
		{"empty meta falls through to metadata", "http://a.gov.cn/x.html",
			`<meta name="PubDate" content=""><table><tr><td>索引号</td><td>1</td><td>发布日期</td><td>2021-05-06</td></tr></table>`, "2021-05-06", SourceMetadata},
		{"text line", "http://a.gov.cn/t20200101_1.html",
			`<p>来源：某局</p><span>发布时间： 2022-03-04 09:00</span>`, "2022-03-04", SourceText},
		{"成文日期 alone is not publication", "http://a.gov.cn/x.html",
			`<p>成文日期：2019-01-01</p>`, "", ""},
		{"URL tYYYYMMDD", "http://a.gov.cn/zcwj/202602/t20260214_2730572.shtml", `<p>x</p>`, "2026-02-14", SourceURL},
		{"URL hanweb", "http://a.gov.cn/art/2023/4/12/art_1229_1.html", `<p>x</p>`, "2023-04-12", SourceURL},
		{"URL /YYYYMM/ is not a date", "http://a.gov.cn/tjgb/201705/9c05.shtml", `<p>x</p>`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Extract(tt.url, "<html><head></head><body>"+tt.doc+"</body></html>")
			if p.Published.String() != tt.want || p.Published.Source != tt.src {
				t.Errorf("Published = %v %q, want %v %q", p.Published.String(), p.Published.Source, tt.want, tt.src)
			}
		})
	}
}

func TestExtractItems(t *testing.T) {
	const doc = `<html><body>
<ul class="nav"><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul>
<ul class="list">
 <li><a href="./202309/t20230922_1.html" title="宜春市人民政府办公室印发关于进一步稳定和扩大就业若干措施的通知">宜春市人民政府办公室印发关于…</a><span>2023-09-22</span></li>
 <li><a href="./202309/t20230918_2.html">关于2023年9月工作安排的通知</a><span class="time">2023-09-18</span></li>
 <li><span class="col">[县区]</span><a href="/xq/">县区</a> <a href="./202309/t20230910_3.html">某县开展某活动</a> 2023年9月10日</li>
 <li><a href="./202308/abcdef0123456789abcd.shtml">没有日期的条目</a></li>
 <li><a href="/zfwj/list.shtml">更多&gt;&gt;</a></li>
</ul>
<div class="news"><div class="it"><a href="/x/202310/aa.shtml"><p>标题一</p><span>10-09</span></a></div>
<div class="it"><a href="/x/202310/bb.shtml"><p>标题二</p><span>10-08</span></a></div></div>
<table><tr><th>名称</th><th>发布日期</th></tr>
<tr><td><a href="http://www.a.gov.cn/gk/t20200805_9.html">表格里的文件</a></td><td>2020-08-05</td></tr></table>
<div id="footer"><ul><li><a href="/lxwm/201709/t20170912_1.html">联系我们</a> 2017-09-12</li></ul></div>
</body></html>`
	p := Extract("http://www.a.gov.cn/zfwj/index.html", doc)
	want := []ListItem{
		{Title: "宜春市人民政府办公室印发关于进一步稳定和扩大就业若干措施的通知", URL: "http://www.a.gov.cn/zfwj/202309/t20230922_1.html", Date: Date{Time: sh(2023, 9, 22, 0, 0, 0), Source: SourceList}},
		{Title: "关于2023年9月工作安排的通知", URL: "http://www.a.gov.cn/zfwj/202309/t20230918_2.html", Date: Date{Time: sh(2023, 9, 18, 0, 0, 0), Source: SourceList}},
		{Title: "某县开展某活动", URL: "http://www.a.gov.cn/zfwj/202309/t20230910_3.html", Date: Date{Time: sh(2023, 9, 10, 0, 0, 0), Source: SourceList}},
		{Title: "没有日期的条目", URL: "http://www.a.gov.cn/zfwj/202308/abcdef0123456789abcd.shtml"},
		{Title: "标题一", URL: "http://www.a.gov.cn/x/202310/aa.shtml", Date: Date{Time: sh(2023, 10, 9, 0, 0, 0), Source: SourceList}},
		{Title: "标题二", URL: "http://www.a.gov.cn/x/202310/bb.shtml", Date: Date{Time: sh(2023, 10, 8, 0, 0, 0), Source: SourceList}},
		{Title: "表格里的文件", URL: "http://www.a.gov.cn/gk/t20200805_9.html", Date: Date{Time: sh(2020, 8, 5, 0, 0, 0), Source: SourceList}},
	}
	if len(p.Items) != len(want) {
		t.Fatalf("got %d items, want %d:\n%v", len(p.Items), len(want), p.Items)
	}
	for i := range want {
		g, w := p.Items[i], want[i]
		if g.Title != w.Title || g.URL != w.URL || !g.Date.Time.Equal(w.Date.Time) || g.Date.Source != w.Date.Source {
			t.Errorf("item %d = %+v\nwant %+v", i, g, w)
		}
	}
}

func TestExtractItemsNavNotList(t *testing.T) {
	// An undated menu of column links is not a list, however long.
	var b strings.Builder
	b.WriteString(`<html><body><ul>`)
	for i := 0; i < 20; i++ {
		b.WriteString(`<li><a href="/gszbm/auto2369` + string(rune('0'+i%10)) + `/?id=1780/2138">市政府部门</a></li>`)
	}
	b.WriteString(`</ul></body></html>`)
	p := Extract("http://www.a.gov.cn/", b.String())
	if len(p.Items) != 0 {
		t.Errorf("Items = %v, want none", p.Items)
	}
}

func TestIsArticleURL(t *testing.T) {
	tests := []struct {
		u    string
		want bool
	}{
		{"http://a.gov.cn/zcwj/202602/t20260214_2730572.shtml", true},
		{"http://a.gov.cn/t20260214_2730572.html", true},
		{"http://a.gov.cn/art/2023/4/12/art_1229_123.html", true},
		{"http://a.gov.cn/col/col1229/art_1229_123.html", true},
		{"https://www.gov.cn/zhengce/content/2023-04/12/content_5751056.htm", true},
		{"http://a.gov.cn/gkmlpt/content/1/2/post_123.html", true},
		{"https://www.yichun.gov.cn/ycsrmzf/zwyw/202310/feea7e4c757140f9a891b005f04c7506.shtml", true},
		{"http://a.gov.cn/news/12345.html", true},
		{"http://a.gov.cn/detail.jsp?id=123", true},
		{"http://a.gov.cn/detail.jsp?a=1&newsid=77#x", true},
		{"http://a.gov.cn/zfwj/", false},
		{"http://a.gov.cn/zfwj/index.shtml", false},
		{"http://a.gov.cn/zfwj/list_2.html", false},
		{"http://hdzfxxgk.hd.gov.cn/gszbm/auto23692/?id=1780/2138", false},
		{"http://a.gov.cn/col/col1229/index.html", false},
		{"http://a.gov.cn/2023/", false},
		{"http://a.gov.cn/x/202313/a.html", false},
	}
	for _, tt := range tests {
		if got := isArticleURL(tt.u); got != tt.want {
			t.Errorf("isArticleURL(%q) = %v, want %v", tt.u, got, tt.want)
		}
	}
}

// Extractions share pooled scratch space: one page's text or elements must
// never show in the next, whatever the order.
func TestExtractReusesScratchCleanly(t *testing.T) {
	pages := []string{
		`<html><head><title>甲</title><meta name="ColumnName" content="政策文件"></head><body><div class="xxgk"><table><tr><td>索引号：</td><td>000014349/2025-00001</td></tr><tr><td>发布日期：</td><td>2025-01-02</td></tr></table></div><p>` + strings.Repeat("正文很长。", 4000) + `</p><div class="footer">主办单位：甲县人民政府</div></body></html>`,
		`<html><head><title>乙</title></head><body><ul><li><a href="/a.html">通知一</a><span>2025-03-01</span></li><li><a href="/b.html">通知二</a><span>2025-03-02</span></li><li><a href="/c.html">通知三</a><span>2025-03-03</span></li></ul></body></html>`,
		`<html><body>短</body></html>`,
	}
	first := make([]*Page, len(pages))
	for i, h := range pages {
		first[i] = Extract("http://www.a.gov.cn/x/", h)
	}
	for round := range 3 {
		for i := len(pages) - 1; i >= 0; i-- {
			if got := Extract("http://www.a.gov.cn/x/", pages[i]); !reflect.DeepEqual(got, first[i]) {
				t.Fatalf("round %d, page %d differs from its first extraction:\n%+v\nwant %+v", round, i, got, first[i])
			}
		}
	}
}
