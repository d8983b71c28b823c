package site

import (
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxPageURLs caps the pages generated from script totals, so a bogus
// "countPage = 99999" cannot flood the crawl; a big portal's lists run to
// hundreds of pages (20 entries a page), so the cap is well above that.
const maxPageURLs = 5000

// maxScriptItems caps the list entries taken from scripts per page.
const maxScriptItems = 2000

var (
	// createPageHTML(total, current, "index", "html") and the variant with a
	// container id first: createPageHTML('page_div',5,1,'fg','shtml',89).
	createPageRe = regexp.MustCompile(`createPageHTML\s*\(([^()]*)\)`)
	prefixVarRe  = regexp.MustCompile(`\b(?:var|let|const)\s+(?:prefix|pagePrefix|pageName)\s*=\s*["']([\w-]+)["']`)
	suffixVarRe  = regexp.MustCompile(`\b(?:var|let|const)\s+(?:suffix|pageExt|pageSuffix)\s*=\s*["']\.?([A-Za-z]{2,6})["']`)

	// TRS list scripts: var url = "./202602/t20260214_2730572.shtml"; var title = "…"; document.writeln(…)
	jsURLVarRe   = regexp.MustCompile(`var\s+(?:url|href|link)\s*=\s*(?:"([^"\n]*)"|'([^'\n]*)')`)
	jsTitleVarRe = regexp.MustCompile(`var\s+(?:title|tit|name)\s*=\s*(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)')`)
	jsDateVarRe  = regexp.MustCompile(`\bvar\s+\w*(?:[Dd]ate|[Tt]ime)\w*\s*=\s*(?:"([^"\n]*)"|'([^'\n]*)')`)

	// 大汉 Hanweb embeds the first page of a list as XML records.
	hanwebRecordRe = regexp.MustCompile(`(?s)<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>`)
	recordAnchorRe = regexp.MustCompile(`(?is)<a\s([^>]*)>(.*?)</a>`)
	hrefAttrRe     = regexp.MustCompile(`(?i)\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))`)
	titleAttrRe    = regexp.MustCompile(`(?i)\btitle\s*=\s*(?:"([^"]*)"|'([^']*)')`)
	tagRe          = regexp.MustCompile(`<[^>]*>`)
	pageExtRe      = regexp.MustCompile(`\.([A-Za-z]{2,6})$`)
)

// scriptLists reads pagination totals and list entries that only exist in
// inline scripts, adding PageURLs, Items and anchor Links for the crawler.
func (x *extractor) scriptLists(p *Page, base *url.URL) {
	if base == nil || p.ScriptText == "" {
		return
	}
	x.pagination(p, base)
	x.writelnItems(p, base)
	x.hanwebItems(p, base)
}

func (x *extractor) pagination(p *Page, base *url.URL) {
	st := p.ScriptText
	add := func(total int, prefix, ext string) {
		if total > maxPageURLs {
			total = maxPageURLs
		}
		for i := 0; i < total && len(p.PageURLs) < maxPageURLs; i++ {
			name := prefix + "." + ext
			if i > 0 {
				name = prefix + "_" + strconv.Itoa(i) + "." + ext
			}
			c, ok := x.canon(name, base)
			if !ok || c == p.URL || containsString(p.PageURLs, c) {
				continue
			}
			// A directory URL is served by its index page.
			if i == 0 && strings.HasSuffix(p.URL, "/") && c == p.URL+name {
				continue
			}
			p.PageURLs = append(p.PageURLs, intern(c))
		}
	}
	found := false
	for _, m := range createPageRe.FindAllStringSubmatch(st, -1) {
		args := splitJSArgs(m[1])
		if len(args) > 0 && !isInt(args[0]) && isQuoted(args[0]) {
			args = args[1:] // container id first
		}
		if len(args) < 2 || !isInt(args[0]) {
			continue // the function's own definition, or computed args
		}
		total, _ := strconv.Atoi(args[0])
		prefix, ext := "index", defaultExt(p.URL, st)
		if len(args) > 2 && isQuoted(args[2]) {
			if v := unquote(args[2]); validName(v) {
				prefix = v
			}
		}
		if len(args) > 3 && isQuoted(args[3]) {
			if v := strings.TrimPrefix(unquote(args[3]), "."); validExt(v) {
				ext = v
			}
		}
		add(total, prefix, ext)
		found = true
	}
	if found {
		return
	}
	if total, ok := pageTotal(st); ok && total >= 2 {
		prefix, ext := "index", defaultExt(p.URL, st)
		if v := prefixVarRe.FindStringSubmatch(st); v != nil {
			prefix = v[1]
		}
		if v := suffixVarRe.FindStringSubmatch(st); v != nil {
			ext = v[1]
		}
		add(total, prefix, ext)
	}
}

// pageTotalNames are the variables TRS-style pagers keep the page count in.
var pageTotalNames = []string{"countpage", "totalpages", "totalpage", "pagecount", "page_count", "pagetotal"}

// pageTotal reads "countPage = 56" (or totalPage, pageCount … in any case,
// with = or :, the number optionally quoted) from script text. Hand-written:
// a case-insensitive regexp has no literal prefix and crawled whole scripts.
func pageTotal(st string) (int, bool) {
	low := strings.ToLower(st)
	best := -1
	total := 0
	for _, name := range pageTotalNames {
		for off := 0; ; {
			i := strings.Index(low[off:], name)
			if i < 0 {
				break
			}
			at := off + i
			off = at + len(name)
			if best >= 0 && at > best {
				break
			}
			if at > 0 && isIdentByte(low[at-1]) || off < len(low) && isIdentByte(low[off]) {
				continue // part of a longer name
			}
			j := off
			for j < len(low) && (low[j] == ' ' || low[j] == '\t' || low[j] == '"' || low[j] == '\'') {
				j++ // "totalPage": 12 — a JSON key's closing quote
			}
			if j >= len(low) || low[j] != '=' && low[j] != ':' || j+1 < len(low) && low[j+1] == '=' {
				continue // not an assignment (==)
			}
			j++
			for j < len(low) && (low[j] == ' ' || low[j] == '\t' || low[j] == '"' || low[j] == '\'') {
				j++
			}
			n := digitsPrefix(low[j:])
			if n == 0 || n > 6 {
				continue
			}
			v, _ := strconv.Atoi(low[j : j+n])
			best, total = at, v
			break
		}
	}
	return total, best >= 0
}

func isIdentByte(b byte) bool {
	return b == '_' || b == '$' || isASCIIDigit(b) || b|0x20 >= 'a' && b|0x20 <= 'z'
}

// defaultExt is the current page's extension (index.shtml lists page on as
// index_1.shtml), else what the scripts mention, else html.
func defaultExt(pageURL, script string) string {
	if u, err := url.Parse(pageURL); err == nil {
		if m := pageExtRe.FindStringSubmatch(path.Base(u.Path)); m != nil && validExt(m[1]) {
			return strings.ToLower(m[1])
		}
	}
	if strings.Contains(script, ".shtml") || strings.Contains(script, `"shtml"`) {
		return "shtml"
	}
	return "html"
}

func validName(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r == '-' || r < utf8.RuneSelf && (isASCIIDigit(byte(r)) || isASCIILetter(byte(r)))) {
			return false
		}
	}
	return true
}

func validExt(s string) bool {
	switch strings.ToLower(s) {
	case "html", "htm", "shtml", "jhtml", "xhtml", "jsp", "php", "asp", "aspx":
		return true
	}
	return false
}

// splitJSArgs splits a literal argument list on commas outside quotes.
func splitJSArgs(s string) []string {
	var args []string
	var b strings.Builder
	var q rune
	for _, r := range s {
		switch {
		case q != 0:
			b.WriteRune(r)
			if r == q {
				q = 0
			}
		case r == '"' || r == '\'':
			q = r
			b.WriteRune(r)
		case r == ',':
			args = append(args, strings.TrimSpace(b.String()))
			b.Reset()
		default:
			b.WriteRune(r)
		}
	}
	args = append(args, strings.TrimSpace(b.String()))
	return args
}

func isInt(s string) bool {
	if s == "" || len(s) > 9 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isASCIIDigit(s[i]) {
			return false
		}
	}
	return true
}

func isQuoted(s string) bool {
	return len(s) >= 2 && (s[0] == '"' && s[len(s)-1] == '"' || s[0] == '\'' && s[len(s)-1] == '\'')
}

func unquote(s string) string {
	if isQuoted(s) {
		return s[1 : len(s)-1]
	}
	return s
}

// jsUnescape undoes the escapes TRS puts in title strings.
func jsUnescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch s[i] {
		case 'n', 'r', 't':
			b.WriteByte(' ')
		case 'u':
			if i+4 < len(s) {
				if v, err := strconv.ParseUint(s[i+1:i+5], 16, 32); err == nil {
					b.WriteRune(rune(v))
					i += 4
					continue
				}
			}
			b.WriteByte('u')
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// writelnItems reads TRS document.writeln list scripts: each entry sets
// var url / var title (and often FILENUM, a date) before writing its HTML.
func (x *extractor) writelnItems(p *Page, base *url.URL) {
	st := p.ScriptText
	if !strings.Contains(st, "document.write") {
		return
	}
	ms := jsURLVarRe.FindAllStringSubmatchIndex(st, -1)
	for i, m := range ms {
		end := len(st)
		if i+1 < len(ms) {
			end = ms[i+1][0]
		}
		if end-m[1] > 3000 {
			end = m[1] + 3000
		}
		seg := st[m[1]:end]
		if !strings.Contains(seg, "document.write") {
			continue
		}
		raw := groupOf(st, m, 1)
		after := strings.TrimLeft(st[m[1]:], " \t")
		if strings.HasPrefix(after, "+") || strings.ContainsAny(raw, "+$") || strings.HasPrefix(strings.TrimSpace(raw), "javascript:") {
			continue // built at run time or not a link
		}
		u, ok := CanonicalURL(raw, base)
		if !ok || u == p.URL {
			continue
		}
		title := ""
		rest := seg
		if tm := jsTitleVarRe.FindStringSubmatchIndex(seg); tm != nil {
			title = collapseSpace(jsUnescape(groupOf(seg, tm, 1)))
			rest = seg[:tm[0]] + seg[tm[1]:]
		}
		var d Date
		if dm := jsDateVarRe.FindStringSubmatch(rest); dm != nil {
			if t, ok := FindDate(dm[1] + dm[2]); ok {
				d = Date{Time: t, Source: SourceList}
			}
		}
		if d.IsZero() {
			if t, ok := urlDate(u); ok {
				d = Date{Time: t, Source: SourceURL}
			} else if t, ok := FindDate(rest); ok {
				d = Date{Time: t, Source: SourceList}
			}
		}
		x.addScriptItem(p, ListItem{Title: title, URL: u, Date: d})
	}
}

// groupOf returns the first non-empty of capture groups g and g+1 (the
// double- and single-quoted alternatives).
func groupOf(s string, m []int, g int) string {
	for _, k := range []int{g, g + 1} {
		if 2*k+1 < len(m) && m[2*k] >= 0 {
			return s[m[2*k]:m[2*k+1]]
		}
	}
	return ""
}

// hanwebItems reads the <record><![CDATA[<li>…</li>]]></record> entries 大汉
// pages carry in a text/xml script (the first page of the column list).
func (x *extractor) hanwebItems(p *Page, base *url.URL) {
	st := p.ScriptText
	if !strings.Contains(st, "<record") {
		return
	}
	for _, m := range hanwebRecordRe.FindAllStringSubmatch(st, maxPageURLs) {
		if it, ok := HanwebRecordItem(m[1], base); ok {
			x.addScriptItem(p, it)
		}
	}
}

var entityReplacer = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'", "&nbsp;", " ")

func decodeEntities(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return entityReplacer.Replace(s)
}

// addScriptItem appends an item found in a script and a matching anchor
// link, so the crawler follows it like a DOM link.
func (x *extractor) addScriptItem(p *Page, it ListItem) {
	if x.itemIdx == nil {
		x.itemIdx = make(map[string]int, len(p.Items))
		for i, v := range p.Items {
			x.itemIdx[v.URL] = i
		}
		x.anchorSeen = make(map[string]bool, len(p.Links))
		for _, l := range p.Links {
			if l.Kind == KindAnchor {
				x.anchorSeen[l.URL] = true
			}
		}
	}
	if i, ok := x.itemIdx[it.URL]; ok {
		if p.Items[i].Date.IsZero() {
			p.Items[i].Date = it.Date
		}
		return
	}
	if len(x.itemIdx) >= maxScriptItems {
		return
	}
	x.itemIdx[it.URL] = len(p.Items)
	p.Items = append(p.Items, it)
	if !x.anchorSeen[it.URL] {
		x.anchorSeen[it.URL] = true
		p.Links = append(p.Links, Link{URL: it.URL, Text: it.Title, Kind: KindAnchor})
	}
}
