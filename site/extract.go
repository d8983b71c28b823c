package site

import (
	"bytes"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Extract parses one decoded HTML page and fills every field of Page except
// Status, Depth, Charset and FinalURL, which belong to the crawler. pageURL
// should be the URL the body was finally served from, since relative links
// resolve against it. Leading non-HTML junk (a JSP header, a stray BOM) is
// skipped.
//
// The work is one pass over the parse tree that builds the visible text and
// remembers, per element, where its text lies in it; metadata, footer, list
// dates and breadcrumbs are then read from those offsets, so the cost stays
// linear in the page size.
func Extract(pageURL string, htmlText string) *Page {
	p := &Page{URL: pageURL}
	base, err := url.Parse(strings.TrimSpace(pageURL))
	if err != nil {
		base = nil
	} else if c, ok := CanonicalURL(pageURL, nil); ok {
		p.URL = c
		base, _ = url.Parse(c)
	}
	src := stripLeadingJunk(htmlText)
	var doc *html.Node
	var tb *treeBuilder
	if !referenceMode {
		doc, tb, _ = fastTree(src) // nil when the page needs html.Parse's repairs
	}
	if doc == nil {
		doc, err = html.Parse(strings.NewReader(src))
		if err != nil {
			return p
		}
	}
	x := newExtractor(base)
	x.walk(doc, false)
	x.finish(p)
	x.release()
	if tb != nil {
		tb.release() // the Page holds no node: the arenas go to the next page
	}
	return p
}

// leadingJunkRe finds where the HTML proper starts after template junk such
// as the `<%@ page … %>` header of the 邯郸 pages saved as JSP views.
var leadingJunkRe = regexp.MustCompile(`(?i)<!doctype|<html`)

func stripLeadingJunk(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	t := strings.TrimLeft(s, " \t\r\n")
	if strings.HasPrefix(t, "<") && len(t) > 1 && (isASCIILetter(t[1]) || t[1] == '!') {
		return s // starts with a tag or doctype/comment: nothing to strip
	}
	head := s
	if len(head) > 8192 {
		head = head[:8192]
	}
	loc := leadingJunkRe.FindStringIndex(head)
	if loc == nil {
		return s
	}
	// Only strip when the prefix holds no real tag: then it is junk, not an
	// HTML fragment that merely lacks <html>.
	prefix := s[:loc[0]]
	for i := 0; i+1 < len(prefix); i++ {
		if prefix[i] == '<' && isASCIILetter(prefix[i+1]) {
			return s
		}
	}
	return s[loc[0]:]
}

func isASCIILetter(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }

// span is a byte range of the extractor's text buffer.
type span struct{ s, e int }

// labelRec is a metadata label found in the text, waiting for its row (the
// parent element) to close so its value can be read.
type labelRec struct {
	canon   string // "" for a stop label
	printed string
	s, e    int // the label, colon included
	child   int // element children of the row seen when the label ended
	isElem  bool
}

// frame is the walk's state for one open element.
type frame struct {
	n        *html.Node
	start    int
	children int
	labels   []labelRec
	anchors  int // len(x.anchors) when the element opened
}

type metaPair struct {
	pos            int
	canon, printed string
	value          string
}

type anchorRec struct {
	n           *html.Node
	href, title string
}

type rawLink struct {
	href, text string
	kind       LinkKind
	n          *html.Node // for anchors: text comes from the buffer
	hidden     string     // why an anchor cannot be seen (see hidden.go)
}

type extractor struct {
	base     *url.URL
	buf      []byte
	pendSp   bool
	stack    []frame
	spans    map[*html.Node]span
	dateEls  map[*html.Node]bool
	labelPos []int // starts of every label, sorted: values stop at the next one
	pairs    []metaPair

	title     string
	haveTitle bool
	// emptyList: a list region with no link was seen (see listRegion).
	emptyList bool
	meta      map[string]string
	baseHref  string
	links     []rawLink
	scripts   []string
	inline    []string
	anchors   []anchorRec

	footerCands []span
	footers     []span
	crumbs      []*html.Node // breadcrumb candidates, in document order
	crumb       *html.Node   // the one chosen

	hide      hideState       // the open element's visibility (see hidden.go)
	hideRules map[string]decl // #id / .class rules of the page's <style> that hide or colour
	search    *SearchForm     // the first search box (see search.go)

	canonCache map[string]string // href → canonical URL against the document base ("" = rejected)
	prefixBase *url.URL          // the base prefix and dir were worked out for
	prefix     string            // plainPrefix(prefixBase)
	dir        string
	itemIdx    map[string]int  // item URL → index in Page.Items, for script lists
	anchorSeen map[string]bool // anchor link URLs, for script lists
}

// scratch is the part of an extractor that no page keeps: the text buffer
// (pages get copies) and the per-element maps. Reusing it spared a 1,024-slot
// map and a 16 KB buffer per page (4 % of a crawl's CPU, and GC work).
type scratch struct {
	buf     []byte
	spans   map[*html.Node]span
	dateEls map[*html.Node]bool
}

var scratchPool = sync.Pool{New: func() any {
	return &scratch{
		buf:     make([]byte, 0, 16<<10),
		spans:   make(map[*html.Node]span, 1024),
		dateEls: make(map[*html.Node]bool),
	}
}}

// release returns x's scratch to the pool, emptied so that it holds no
// node of this page's tree.
func (x *extractor) release() {
	if cap(x.buf) > 1<<20 {
		return // a huge page: let its buffer go
	}
	clear(x.spans)
	clear(x.dateEls)
	scratchPool.Put(&scratch{buf: x.buf[:0], spans: x.spans, dateEls: x.dateEls})
	x.buf, x.spans, x.dateEls = nil, nil, nil
}

func newExtractor(base *url.URL) *extractor {
	sc := scratchPool.Get().(*scratch)
	return &extractor{
		base:    base,
		buf:     sc.buf,
		spans:   sc.spans,
		dateEls: sc.dateEls,
		meta:    make(map[string]string),
	}
}

// skipText are elements whose content is not visible text.
var skipText = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Title: true, atom.Head: true, atom.Iframe: true, atom.Noframes: true,
	atom.Noembed: true, atom.Object: true, atom.Svg: true, atom.Math: true,
}

// blockTags separate words: "<div>a</div><div>b</div>" reads "a b", while
// inline tags join ("<span>20</span><span>23</span>" is "2023").
var blockTags = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Br: true, atom.Button: true, atom.Caption: true, atom.Center: true,
	atom.Dd: true, atom.Details: true, atom.Dialog: true, atom.Div: true,
	atom.Dl: true, atom.Dt: true, atom.Fieldset: true, atom.Figcaption: true,
	atom.Figure: true, atom.Footer: true, atom.Form: true, atom.Frameset: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Header: true, atom.Hr: true, atom.Img: true, atom.Input: true,
	atom.Label: true, atom.Legend: true, atom.Li: true, atom.Main: true,
	atom.Nav: true, atom.Ol: true, atom.Option: true, atom.P: true, atom.Pre: true,
	atom.Section: true, atom.Select: true, atom.Summary: true, atom.Table: true,
	atom.Tbody: true, atom.Td: true, atom.Textarea: true, atom.Tfoot: true,
	atom.Th: true, atom.Thead: true, atom.Tr: true, atom.Ul: true,
}

func (x *extractor) walk(n *html.Node, skip bool) {
	switch n.Type {
	case html.TextNode:
		if !skip {
			x.text(n.Data)
		}
		return
	case html.CommentNode, html.DoctypeNode:
		return
	case html.DocumentNode:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			x.walk(c, skip)
		}
		return
	}
	if n.Type != html.ElementNode {
		return
	}
	a := n.DataAtom
	outer := x.hide
	if !skip {
		x.hide = x.hiddenOf(n, outer)
	}
	x.element(n)
	childSkip := skip || skipText[a] || n.Namespace != ""
	block := blockTags[a]
	if block {
		x.pendSp = true
	}
	footer := !skip && isFooterEl(n)
	if !skip {
		x.crumbCandidate(n)
	}
	x.stack = append(x.stack, frame{n: n, start: len(x.buf), anchors: len(x.anchors)})
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		x.walk(c, childSkip)
	}
	x.hide = outer
	f := x.stack[len(x.stack)-1]
	x.stack = x.stack[:len(x.stack)-1]
	if block {
		x.pendSp = true
	}
	end := len(x.buf)
	if !skip && !x.emptyList && len(x.anchors) == f.anchors && listRegion(n) {
		if s, e := trimSpan(x.buf, f.start, end); e-s <= maxEmptyListText {
			x.emptyList = true
		}
	}
	if !skip {
		x.spans[n] = span{f.start, end}
		x.closeElement(n, f, end)
	}
	if footer {
		x.footerCands = append(x.footerCands, span{f.start, end})
	}
}

// maxEmptyListText is the most text (bytes) a list region without links may
// hold and still be an empty list: 「此栏目暂无任何新增信息」 and a pager.
const maxEmptyListText = 120

// listRegion reports an element that holds a column's list: a ul, ol,
// table or block whose class or id names a list (news_list, listBox,
// article-list …), not a menu.
func listRegion(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Ul, atom.Ol, atom.Div, atom.Table, atom.Tbody, atom.Section, atom.Dl:
	default:
		return false
	}
	for _, a := range n.Attr {
		if a.Namespace != "" || a.Key != "class" && a.Key != "id" {
			continue
		}
		v := strings.ToLower(a.Val)
		if strings.Contains(v, "list") && !strings.Contains(v, "menu") && !strings.Contains(v, "nav") && !strings.Contains(v, "link") {
			return true
		}
	}
	return false
}

// text appends a text node with whitespace collapsed (every Unicode space,
// NBSP and U+3000 included, becomes one ASCII space) and looks for
// "label：value" metadata inside it.
func (x *extractor) text(s string) {
	old := len(x.buf)
	if referenceMode {
		x.textRunes(s)
	} else {
		x.textBytes(s)
	}
	if len(x.buf) > old && len(x.stack) > 0 {
		x.textLabels(old)
		if len(x.crumbs) < maxCrumbCands && (bytes.Contains(x.buf[old:], []byte("位置")) || bytes.Contains(x.buf[old:], []byte("当前"))) && crumbTextRe.Match(x.buf[old:]) {
			x.crumbs = append(x.crumbs, x.stack[len(x.stack)-1].n)
		}
	}
}

// textRunes appends s with whitespace collapsed, rune by rune: the
// straightforward form of textBytes, kept for reference mode.
func (x *extractor) textRunes(s string) {
	for _, r := range s {
		if r < utf8.RuneSelf {
			if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v' {
				x.pendSp = true
				continue
			}
			if r == 0 {
				continue
			}
		} else if unicode.IsSpace(r) {
			x.pendSp = true
			continue
		} else if r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff' {
			continue
		}
		if x.pendSp {
			if len(x.buf) > 0 && x.buf[len(x.buf)-1] != ' ' {
				x.buf = append(x.buf, ' ')
			}
			x.pendSp = false
		}
		x.buf = utf8.AppendRune(x.buf, r)
	}
}

// textBytes is textRunes copying the bytes of each rune instead of
// decoding and re-encoding it: CJK text, most of a page, needs no check
// beyond its lead byte (no space or zero-width rune lies above U+3000 but
// U+FEFF). The text walk was a quarter of an article's extraction.
func (x *extractor) textBytes(s string) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' {
				x.pendSp = true
				continue
			}
			if c == 0 {
				continue
			}
			x.flushSpace()
			x.buf = append(x.buf, c)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			// Invalid UTF-8 reads as U+FFFD, as ranging over s gives.
			x.flushSpace()
			x.buf = append(x.buf, "\uFFFD"...)
		case r > 0x3000 && r != '\ufeff':
			x.flushSpace()
			x.buf = append(x.buf, s[i:i+size]...)
		case unicode.IsSpace(r):
			x.pendSp = true
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff':
		default:
			x.flushSpace()
			x.buf = append(x.buf, s[i:i+size]...)
		}
		i += size
	}
}

// flushSpace writes the pending collapsed space before the next rune.
func (x *extractor) flushSpace() {
	if x.pendSp {
		if len(x.buf) > 0 && x.buf[len(x.buf)-1] != ' ' {
			x.buf = append(x.buf, ' ')
		}
		x.pendSp = false
	}
}

// textLabels finds "label：" runs in the text just appended from buf[old:].
func (x *extractor) textLabels(old int) {
	seg := x.buf[old:]
	if !containsColon(seg) {
		return
	}
	f := &x.stack[len(x.stack)-1]
	for i := old; i < len(x.buf); i++ {
		c := x.buf[i]
		width := 0
		if c == ':' {
			width = 1
		} else if c == 0xEF && i+2 < len(x.buf) && x.buf[i+1] == 0xBC && x.buf[i+2] == 0x9A { // '：'
			width = 3
		}
		if width == 0 {
			continue
		}
		s, printed, ok := labelBefore(x.buf, old, i)
		if !ok {
			continue
		}
		// Two-character labels (文号, 来源, 名称) must start a run or follow a
		// space: "本文号：" is not a label.
		if utf8.RuneCountInString(printed) <= 2 && s > old && x.buf[s-1] != ' ' {
			continue
		}
		x.addLabelPos(s)
		f.labels = append(f.labels, labelRec{canon: canonicalOf[printed], printed: printed, s: s, e: i + width, child: f.children})
		i += width - 1
	}
}

func containsColon(b []byte) bool {
	for i := 0; i < len(b); i++ {
		if b[i] == ':' {
			return true
		}
		if b[i] == 0xEF && i+2 < len(b) && b[i+1] == 0xBC && b[i+2] == 0x9A { // '：'
			return true
		}
	}
	return false
}

func (x *extractor) addLabelPos(s int) {
	n := len(x.labelPos)
	if n == 0 || x.labelPos[n-1] < s {
		x.labelPos = append(x.labelPos, s)
		return
	}
	i := sort.SearchInts(x.labelPos, s)
	if i < n && x.labelPos[i] == s {
		return
	}
	x.labelPos = append(x.labelPos, 0)
	copy(x.labelPos[i+1:], x.labelPos[i:])
	x.labelPos[i] = s
}

// nextLabelAfter returns the start of the first label at or after pos.
func (x *extractor) nextLabelAfter(pos int) int {
	i := sort.SearchInts(x.labelPos, pos)
	if i < len(x.labelPos) {
		return x.labelPos[i]
	}
	return -1
}

// closeElement runs when an element's subtree is done: it either turns the
// element into a label of its parent's row (its whole text is one label) or
// reads the values of the labels inside it, and notes short date elements
// for list items.
func (x *extractor) closeElement(n *html.Node, f frame, end int) {
	var parent *frame
	if len(x.stack) > 0 {
		parent = &x.stack[len(x.stack)-1]
	}
	s, e := trimSpan(x.buf, f.start, end)
	short := e-s <= 64
	if short && e > s {
		t := view(x.buf[s:e]) // read here only: labelText copies what it keeps
		if canon, printed, ok := labelText(t); ok && parent != nil && !labelSlotInside(f) {
			x.addLabelPos(s)
			parent.labels = append(parent.labels, labelRec{
				canon: canon, printed: printed, s: s, e: e, child: parent.children + 1, isElem: true,
			})
			parent.children++
			return
		}
		if e-s <= 40 && hasDateChars(t) {
			if _, ok := ParseDate(t); ok {
				x.dateEls[n] = true
			} else if _, _, ok := parseMonthDay(t); ok {
				x.dateEls[n] = true
			}
		}
	}
	if len(f.labels) > 0 {
		x.resolveLabels(f, end)
	}
	if parent != nil {
		parent.children++
	}
}

// labelSlotInside reports whether an element that reads as one label also
// holds an (empty) element after it, like <span>来源：<b></b></span>: then
// the value slot is inside and empty, and the label is not its parent's.
func labelSlotInside(f frame) bool {
	if len(f.labels) == 0 {
		return false
	}
	last := f.labels[len(f.labels)-1]
	return f.children > last.child
}

func trimSpan(b []byte, s, e int) (int, int) {
	for s < e && b[s] == ' ' {
		s++
	}
	for e > s && b[e-1] == ' ' {
		e--
	}
	return s, e
}

// resolveLabels reads each label's value: the row's text after the label up
// to the next label anywhere (labels nest in cells of the same row) or the
// end of the row.
func (x *extractor) resolveLabels(f frame, end int) {
	for i, l := range f.labels {
		if l.canon == "" {
			continue
		}
		stop := end
		if nx := x.nextLabelAfter(l.e); nx >= 0 && nx < stop {
			stop = nx
		}
		if stop < l.e {
			continue
		}
		v := cleanValue(string(x.buf[l.e:stop]))
		if v == "" {
			// Empty is a value only when an element (an empty cell) sits
			// between this label and the next; a header row of labels has none.
			between := f.children - l.child
			if i+1 < len(f.labels) {
				nl := f.labels[i+1]
				between = nl.child - l.child
				if nl.isElem {
					between--
				}
			}
			if between <= 0 {
				continue
			}
		} else if _, _, isLabel := labelText(v); isLabel {
			continue
		}
		limit := 300
		if l.canon == "内容概述" {
			limit = 2000
		}
		if utf8.RuneCountInString(v) > limit {
			continue
		}
		x.pairs = append(x.pairs, metaPair{pos: l.s, canon: l.canon, printed: l.printed, value: v})
	}
}

// cleanValue trims a metadata value: spaces, the label's colon, and the
// separators templates put between fields.
func cleanValue(v string) string {
	v = strings.TrimSpace(v)
	v = strings.TrimLeft(v, ":：")
	v = strings.TrimSpace(v)
	v = strings.TrimRight(v, "|｜ ")
	return strings.TrimSpace(v)
}

// element records what the crawler and rules need from one element's
// attributes: links, meta tags, title, base, scripts.
func (x *extractor) element(n *html.Node) {
	switch n.DataAtom {
	case atom.A, atom.Area:
		href, ok := attr(n, "href")
		if !ok {
			return
		}
		if n.DataAtom == atom.Area {
			x.links = append(x.links, rawLink{href: href, kind: KindOther, text: attrOr(n, "alt")})
			return
		}
		x.links = append(x.links, rawLink{href: href, kind: KindAnchor, n: n, hidden: x.hide.reason})
		x.anchors = append(x.anchors, anchorRec{n: n, href: href, title: attrOr(n, "title")})
		// TRS marks the links of its current-channel trail with this class.
		if strings.Contains(attrOr(n, "class"), "CurrChnl") && n.Parent != nil && len(x.crumbs) < maxCrumbCands {
			x.crumbs = append(x.crumbs, n.Parent)
		}
	case atom.Frame, atom.Iframe:
		if src, ok := attr(n, "src"); ok {
			x.links = append(x.links, rawLink{href: src, kind: KindFrame, text: attrOr(n, "title")})
		}
	case atom.Img:
		if src, ok := attr(n, "src"); ok {
			x.links = append(x.links, rawLink{href: src, kind: KindImage, text: firstNonEmpty(attrOr(n, "alt"), attrOr(n, "title"))})
		}
	case atom.Script:
		if src, ok := attr(n, "src"); ok {
			x.links = append(x.links, rawLink{href: src, kind: KindScript})
			x.scripts = append(x.scripts, src)
		} else if c := n.FirstChild; c != nil && c.Type == html.TextNode {
			var b strings.Builder
			for ; c != nil; c = c.NextSibling {
				if c.Type == html.TextNode {
					b.WriteString(c.Data)
				}
			}
			x.inline = append(x.inline, b.String())
		}
	case atom.Link:
		rel := strings.ToLower(attrOr(n, "rel"))
		if href, ok := attr(n, "href"); ok && strings.Contains(rel, "stylesheet") {
			x.links = append(x.links, rawLink{href: href, kind: KindStyle})
		}
	case atom.Form, atom.Input:
		x.searchElement(n)
	case atom.Embed, atom.Source, atom.Audio, atom.Video, atom.Track:
		if src, ok := attr(n, "src"); ok {
			x.links = append(x.links, rawLink{href: src, kind: KindOther})
		}
	case atom.Object:
		if data, ok := attr(n, "data"); ok {
			x.links = append(x.links, rawLink{href: data, kind: KindOther})
		}
	case atom.Style:
		if c := n.FirstChild; c != nil && c.Type == html.TextNode && strings.ContainsAny(c.Data, "#.") {
			x.styleRules(c.Data)
		}
	case atom.Meta:
		x.metaTag(n)
	case atom.Title:
		if !x.haveTitle && n.Namespace == "" {
			x.haveTitle = true
			var b strings.Builder
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.TextNode {
					b.WriteString(c.Data)
				}
			}
			x.title = collapseSpace(b.String())
		}
	case atom.Base:
		if href, ok := attr(n, "href"); ok && x.baseHref == "" {
			x.baseHref = href
		}
	}
}

// metaTag records <meta name|property|http-equiv content>. The key is
// lower-cased; the first occurrence wins; a tag without content maps to "".
func (x *extractor) metaTag(n *html.Node) {
	var name, prop, equiv, content string
	hasContent := false
	for _, a := range n.Attr {
		switch strings.ToLower(a.Key) {
		case "name":
			name = a.Val
		case "property":
			prop = a.Val
		case "http-equiv":
			equiv = a.Val
		case "content":
			content, hasContent = a.Val, true
		}
	}
	key := strings.ToLower(strings.TrimSpace(firstNonEmpty(name, prop, equiv)))
	if key == "" {
		return
	}
	if _, seen := x.meta[key]; seen {
		return
	}
	if !hasContent {
		content = ""
	}
	x.meta[intern(key)] = intern(strings.TrimSpace(content))
}

// footerWords mark footer regions in id/class values, pinyin ones included
// (banquan 版权, dibu 底部). Substring tests on the lower-cased value: a
// case-insensitive regexp here cost a tenth of the extraction.
var footerWords = []string{"foot", "bottom", "copyright", "banquan", "dibu"}

func hasWord(v string, words []string) bool {
	v = strings.ToLower(v)
	for _, w := range words {
		if strings.Contains(v, w) {
			return true
		}
	}
	return false
}

func isFooterEl(n *html.Node) bool {
	if n.DataAtom == atom.Footer {
		return true
	}
	for _, a := range n.Attr {
		if (a.Key == "class" || a.Key == "id") && hasWord(a.Val, footerWords) {
			return n.DataAtom != atom.Body && n.DataAtom != atom.Html
		}
	}
	return false
}

// crumbWords mark breadcrumb containers in id/class values: position,
// location, crumb, bread, and pinyin dqwz/weizhi/dangqian (当前位置).
var crumbWords = []string{"position", "location", "crumb", "bread", "dqwz", "weizhi", "dangqian", "curpos", "navpath", "nav-path", "nav_path", "pathnav"}

// maxCrumbCands bounds the breadcrumb candidates kept per page.
const maxCrumbCands = 16

func (x *extractor) crumbCandidate(n *html.Node) {
	if len(x.crumbs) >= maxCrumbCands {
		return
	}
	switch n.DataAtom {
	case atom.Body, atom.Html, atom.Head:
		return
	}
	for _, a := range n.Attr {
		if (a.Key == "class" || a.Key == "id") && (hasWord(a.Val, crumbWords) || strings.EqualFold(strings.TrimSpace(a.Val), "path")) {
			x.crumbs = append(x.crumbs, n)
			return
		}
	}
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func attrOr(n *html.Node, key string) string {
	v, _ := attr(n, key)
	return strings.TrimSpace(v)
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// collapseSpace trims s and turns every run of Unicode space into one ' '.
func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	sp := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			sp = true
			continue
		}
		if sp && b.Len() > 0 {
			b.WriteByte(' ')
		}
		sp = false
		b.WriteRune(r)
	}
	return b.String()
}

// textOf returns the collapsed visible text of an element walked before.
func (x *extractor) textOf(n *html.Node) string {
	return strings.Clone(x.textView(n))
}

// textView is textOf without the copy: the string shares x.buf, which the
// next page overwrites, so it must not outlive the extraction; callers
// that keep it intern it (internView) or copy it. Copying every anchor's
// and short element's text was a tenth of Extract's allocations.
func (x *extractor) textView(n *html.Node) string {
	sp, ok := x.spans[n]
	if !ok {
		return ""
	}
	s, e := trimSpan(x.buf, sp.s, sp.e)
	return view(x.buf[s:e])
}

// view is b as a string, without copying (see textView).
func view(b []byte) string {
	if referenceMode {
		return string(b)
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// referenceMode turns the extractor's shortcuts off (the fast tree, shared
// text, the date pre-filters, plain paths): tests set it to compare Extract with the
// straightforward code it replaced, page by page. Never set outside tests.
var referenceMode bool

// finish turns the collected state into the Page.
func (x *extractor) finish(p *Page) {
	p.Title = x.title
	if len(x.meta) > 0 {
		p.Meta = x.meta
	}
	s, e := trimSpan(x.buf, 0, len(x.buf))
	p.Text = string(x.buf[s:e])
	x.pickFooters()
	p.FooterText = x.footerText(p.Text)

	base := x.base
	if x.baseHref != "" {
		if c, ok := CanonicalURL(x.baseHref, x.base); ok {
			base, _ = url.Parse(c)
		}
	}
	x.fillLinks(p, base)
	x.resolveSearch(p, base)
	for _, src := range x.scripts {
		if c, ok := CanonicalURL(src, base); ok && !containsString(p.Scripts, c) {
			p.Scripts = append(p.Scripts, intern(c))
		}
	}
	p.ScriptText = strings.Join(x.inline, "\n")

	x.fillMetadata(p)
	p.Breadcrumb = x.breadcrumb()
	p.Column = columnOf(p)
	p.Items = x.items(p, base)
	x.scriptLists(p, base)
	p.EmptyList = x.emptyList && len(p.Items) == 0 && len(p.PageURLs) == 0
	p.Published = publishedOf(p)
	// The record outlives the crawl of one page: repeated labels, values
	// and column names share one copy across the site.
	p.Metadata, p.MetadataLabels = internMap(p.Metadata), shareLabels(internMap(p.MetadataLabels))
	p.Column = intern(p.Column)
	for i, c := range p.Breadcrumb {
		p.Breadcrumb[i] = intern(c)
	}
}

// canon is CanonicalURL against the document base, memoised: pages repeat
// the same hrefs in menus, lists and footers, and links and items both ask.
func (x *extractor) canon(href string, base *url.URL) (string, bool) {
	if c, ok := x.canonCache[href]; ok {
		return c, c != ""
	}
	if x.canonCache == nil {
		x.canonCache = make(map[string]string, len(x.links))
	}
	c, ok := x.plainCanon(href, base)
	if !ok {
		c, ok = CanonicalURL(href, base)
	}
	x.canonCache[href] = c
	return c, ok
}

// plainCanon answers CanonicalURL(href, base) without parsing for the
// commonest hrefs: a plain absolute path (/a/b.html) joins base's
// canonical scheme://host, a plain relative one (./202309/t1.html,
// index_1.html) base's canonical directory. url.Parse, ResolveReference
// and String, which CanonicalURL runs, change nothing in such hrefs.
// ok false: ask CanonicalURL.
func (x *extractor) plainCanon(href string, base *url.URL) (string, bool) {
	if base != x.prefixBase {
		x.prefixBase = base
		x.prefix, x.dir = plainPrefix(base)
	}
	if x.prefix == "" || referenceMode {
		return "", false
	}
	if plainPath(href) {
		return x.prefix + href, true
	}
	r := strings.TrimPrefix(href, "./")
	if x.dir != "" && r != "" && r[0] != '.' && r[0] != '/' && plainTail(r) {
		return x.dir + r, true
	}
	return "", false
}

// plainPrefix returns the canonical scheme://host of base and its
// canonical directory (ending in /), or "" when base has user information
// or cannot be canonical.
func plainPrefix(base *url.URL) (prefix, dir string) {
	if base == nil || base.User != nil {
		return "", ""
	}
	c, ok := CanonicalURL("/", base)
	if !ok || !strings.HasSuffix(c, "/") || strings.Count(c, "/") != 3 {
		return "", ""
	}
	prefix = c[:len(c)-1]
	if d, ok := CanonicalURL("a", base); ok && strings.HasSuffix(d, "/a") && strings.HasPrefix(d, c) {
		dir = d[:len(d)-1]
	}
	return prefix, dir
}

// plainPath reports an href that is an absolute path of letters, digits
// and _ ~ . - / only, without dot segments or empty ones: nothing in it to
// clean, escape or resolve.
func plainPath(h string) bool {
	return len(h) > 0 && h[0] == '/' && plainTail(h)
}

// plainTail reports a path of letters, digits and _ ~ . - / only, without
// an empty segment or one that starts with a dot after its first.
func plainTail(h string) bool {
	if strings.Contains(h, "//") || strings.Contains(h, "/.") {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '~' || c == '.' || c == '-' || c == '/') {
			return false
		}
	}
	return true
}

func containsString(ss []string, s string) bool {
	for _, v := range ss {
		if v == s {
			return true
		}
	}
	return false
}

// footerRunes is how much of the end of the text stands in for a footer when
// no footer element exists.
const footerRunes = 1000

// pickFooters keeps the footer candidates that are plausibly the page
// footer: small next to the page or in its second half (a wrapper whose class
// happens to say "bottom" must not swallow the page), outermost only.
func (x *extractor) pickFooters() {
	total := len(x.buf)
	sort.Slice(x.footerCands, func(i, j int) bool {
		a, b := x.footerCands[i], x.footerCands[j]
		if a.s != b.s {
			return a.s < b.s
		}
		return a.e > b.e
	})
	for _, c := range x.footerCands {
		if c.e <= c.s {
			continue
		}
		if c.e-c.s > 2000 && c.e-c.s > total/4 && c.s < total/2 {
			continue
		}
		if n := len(x.footers); n > 0 && c.s >= x.footers[n-1].s && c.e <= x.footers[n-1].e {
			continue
		}
		x.footers = append(x.footers, c)
	}
}

// inFooter reports whether a text span lies in a chosen footer region.
func (x *extractor) inFooter(sp span) bool {
	for _, f := range x.footers {
		if sp.s >= f.s && sp.e <= f.e && sp.e > sp.s {
			return true
		}
	}
	return false
}

func (x *extractor) footerText(text string) string {
	var parts []string
	for _, sp := range x.footers {
		s, e := trimSpan(x.buf, sp.s, sp.e)
		if e > s {
			parts = append(parts, string(x.buf[s:e]))
		}
	}
	if len(parts) > 0 {
		return strings.Join(parts, " ")
	}
	return tailRunes(text, footerRunes)
}

func tailRunes(s string, n int) string {
	if len(s) <= n { // fewer bytes than runes wanted: all of it
		return s
	}
	i := len(s)
	for c := 0; c < n && i > 0; c++ {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return strings.TrimSpace(s[i:])
}

func (x *extractor) fillLinks(p *Page, base *url.URL) {
	type key struct {
		u string
		k LinkKind
	}
	seen := make(map[key]int, len(x.links))
	for _, l := range x.links {
		c, ok := x.canon(l.href, base)
		if !ok {
			continue
		}
		text := l.text
		if l.n != nil {
			text = x.anchorTextView(l.n)
		}
		if i, dup := seen[key{c, l.kind}]; dup {
			// A logo link has no text; a later link to the same page may.
			if p.Links[i].Text == "" {
				p.Links[i].Text = internView(text)
			}
			if l.hidden == "" {
				p.Links[i].Hidden = "" // shown somewhere on the page: not hidden
			}
			continue
		}
		seen[key{c, l.kind}] = len(p.Links)
		p.Links = append(p.Links, Link{URL: intern(c), Text: internView(text), Kind: l.kind, Hidden: intern(l.hidden)})
	}
}

// anchorText is the anchor's visible text, else the alt or title of an image
// inside it, else its own title attribute.
func (x *extractor) anchorText(a *html.Node) string {
	return strings.Clone(x.anchorTextView(a))
}

// anchorTextView is anchorText, sharing x.buf (see textView).
func (x *extractor) anchorTextView(a *html.Node) string {
	if t := x.textView(a); t != "" {
		return t
	}
	if img := findFirst(a, atom.Img, 4); img != nil {
		if t := firstNonEmpty(attrOr(img, "alt"), attrOr(img, "title")); t != "" {
			return t
		}
	}
	return attrOr(a, "title")
}

// findFirst finds the first descendant with the given tag, at most depth
// levels down.
func findFirst(n *html.Node, a atom.Atom, depth int) *html.Node {
	if depth == 0 {
		return nil
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == a {
			return c
		}
		if f := findFirst(c, a, depth-1); f != nil {
			return f
		}
	}
	return nil
}

// fillMetadata keeps the label/value pairs when they look like a metadata
// table: at least two different known labels, one of them a field only such
// tables carry (a news byline has 来源 and 发布日期 too).
func (x *extractor) fillMetadata(p *Page) {
	if len(x.pairs) < 2 {
		return
	}
	sort.SliceStable(x.pairs, func(i, j int) bool { return x.pairs[i].pos < x.pairs[j].pos })
	md := make(map[string]string)
	labels := make(map[string]string)
	strong := false
	for _, pr := range x.pairs {
		if _, seen := md[pr.canon]; seen {
			continue
		}
		md[pr.canon] = pr.value
		labels[pr.canon] = pr.printed
		strong = strong || strongLabels[pr.canon]
	}
	if len(md) < 2 || !strong {
		return
	}
	p.Metadata = md
	p.MetadataLabels = labels
}
