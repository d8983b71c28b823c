package site

import (
	"html"
	"net/url"
	"regexp"
	"strings"
)

// HanwebRecordItem reads one <record> (an <li> or <tr> with one link and a
// date beside it).
//
// It reads a fetched jpage list and the first page a 大汉 page carries in
// its own script alike: the browser inserts either as HTML, so every
// entity of the title is decoded (“&ldquo;十四五&rdquo;” is “十四五”).
func HanwebRecordItem(rec string, base *url.URL) (ListItem, bool) {
	am := recordAnchorRe.FindStringSubmatchIndex(rec)
	if am == nil {
		return ListItem{}, false
	}
	attrs := rec[am[2]:am[3]]
	hm := hrefAttrRe.FindStringSubmatch(attrs)
	if hm == nil {
		return ListItem{}, false
	}
	u, ok := CanonicalURL(decodeEntities(hm[1]+hm[2]+hm[3]), base)
	if !ok {
		return ListItem{}, false
	}
	title := collapseSpace(html.UnescapeString(tagRe.ReplaceAllString(rec[am[4]:am[5]], " ")))
	if tm := titleAttrRe.FindStringSubmatch(attrs); tm != nil && (title == "" || strings.HasSuffix(title, "…") || strings.HasSuffix(title, "..")) {
		title = collapseSpace(html.UnescapeString(tm[1] + tm[2]))
	}
	outside := tagRe.ReplaceAllString(rec[:am[0]]+" "+rec[am[1]:], " ")
	var d Date
	if t, ok := FindDate(outside); ok {
		d = Date{Time: t, Source: SourceList}
	} else if t, ok := urlDate(u); ok {
		d = Date{Time: t, Source: SourceURL}
	}
	return ListItem{Title: title, URL: u, Date: d}, true
}

// HanwebRecords returns the CDATA of up to max <record> entries of a 大汉
// jpage list (a dataproxy.jsp response or a page's inline data).
func HanwebRecords(text string, max int) [][]string {
	return hanwebRecordRe.FindAllStringSubmatch(text, max)
}

// ScriptListMarker names the script-rendered list a page carries, or "":
// a 大汉 jpage list, a gkmlpt platform page, TRS document.writeln entries, or
// an ajax/fetch or Vue/React list. It reads ScriptText, so it works on pages
// fresh from Extract (snapshots keep the crawler's verdict in Unexpanded).
// Scripts that only write a badge (党政机关标识) or call a visit counter are
// not lists.
func ScriptListMarker(p *Page) string {
	low := strings.ToLower(p.Body().ScriptText)
	switch {
	case strings.Contains(low, "dataproxy.jsp") || strings.Contains(low, ".jpage(") || scriptSrcHas(p, "jpage"):
		return "大汉 jpage 脚本列表（dataproxy.jsp）"
	case strings.Contains(low, "gkmlpt") || strings.Contains(p.URL, "/gkmlpt/") && !strings.Contains(p.URL, "/gkmlpt/content/"):
		return "广东 gkmlpt 目录接口列表"
	case writelnList(low):
		return "TRS document.writeln 脚本列表"
	case ajaxList(low) || scriptSrcHas(p, "vue") || scriptSrcHas(p, "react") || scriptSrcHas(p, "chunk-vendors"):
		return "脚本接口列表（ajax/fetch/Vue）"
	}
	return ""
}

func scriptSrcHas(p *Page, part string) bool {
	for _, s := range p.ScriptSrcs() {
		if strings.Contains(strings.ToLower(s), part) {
			return true
		}
	}
	return false
}

// writelnList reports document.write calls that write links or list rows;
// the conac.cn badge and statistics snippets write neither.
func writelnList(low string) bool {
	for off := 0; ; {
		i := strings.Index(low[off:], "document.write")
		if i < 0 {
			return false
		}
		at := off + i
		seg := low[at:min(len(low), at+400)]
		off = at + len("document.write")
		if strings.Contains(seg, "conac") {
			continue
		}
		if strings.Contains(seg, "href") || strings.Contains(seg, "<li") || strings.Contains(seg, "<tr") {
			return true
		}
	}
}

var (
	ajaxCallRe = regexp.MustCompile(`\$\.(?:ajax|get|post|getjson)\s*\(|\bfetch\s*\(|\baxios\b|xmlhttprequest|new\s+vue\s*\(|createapp\s*\(|reactdom|laypage`)
	ajaxURLRe  = regexp.MustCompile(`(?:url\s*:\s*|\$\.(?:get|post|getjson)\s*\(\s*|fetch\s*\(\s*|axios\.(?:get|post)\s*\(\s*)["']([^"']+)["']`)
	counterRe  = regexp.MustCompile(`count|visit|click|hits|stat|tongji|pv|uv|log|track|weather|search`)
)

// mayCallAjax holds whenever ajaxCallRe can match (each of its branches
// contains one of these words): most pages' scripts are only a counter or
// a badge, and the regexp on all of them was 2 % of a crawl's CPU.
func mayCallAjax(low string) bool {
	for _, w := range []string{"$.", "fetch", "axios", "xmlhttprequest", "vue", "createapp", "reactdom", "laypage"} {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

// ajaxList reports scripts that fetch data at run time, unless every URL
// they fetch is a counter or similar page furniture.
func ajaxList(low string) bool {
	if !mayCallAjax(low) || !ajaxCallRe.MatchString(low) {
		return false
	}
	urls := ajaxURLRe.FindAllStringSubmatch(low, 20)
	if len(urls) == 0 {
		return true // a call whose target cannot be read: assume a list
	}
	for _, m := range urls {
		if !counterRe.MatchString(m[1]) {
			return true
		}
	}
	return false
}
