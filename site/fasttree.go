package site

import (
	"bytes"
	"cmp"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The fast tree: Extract's *html.Node tree built straight from
// x/net/html's Tokenizer, without html.Parse's general machinery (issue
// 14: html.Parse was ~41 % of an article's extraction and ~70 % of its
// allocations).
//
// treeBuilder is x/net/html v0.62.0's parse.go, line by line, for the
// markup it is sure to build identically: the same insertion modes, stack
// of open elements and list of active formatting elements (reconstruction
// and the adoption agency included). What it leaves out makes it give up
// (fail) and Extract parse the page with html.Parse instead: foster
// parenting of anything but text, <frameset>, <template>, foreign content
// (<svg>, <math>), a second <html> between </head> and <body>. It reads
// with scripting on, as html.Parse does (<noscript> is raw text); a
// version bump of x/net must be checked against its parse.go (the tests
// below would tell a difference on the pages at hand). TestFastTreeCorpus, TestFastTreeHTML5Lib and
// FuzzFastTree check that a tree it returns is html.Parse's, node for
// node. Nodes and attributes come from arenas reused across pages: no
// Page keeps a node (Extract's walk copies what it keeps into strings).

type ftMode uint8

const (
	ftInitial ftMode = iota
	ftBeforeHTML
	ftBeforeHead
	ftInHead
	ftAfterHead
	ftInBody
	ftText
	ftInTable
	ftInCaption
	ftInColumnGroup
	ftInTableBody
	ftInRow
	ftInCell
	ftAfterBody
	ftAfterAfterBody
	ftNone // no original mode
)

// ftToken is the current token; data (text, comment) may share the
// tokenizer's buffer and is valid until the next token.
type ftToken struct {
	typ  html.TokenType // StartTagToken for self-closing tags too
	atom atom.Atom
	name string
	data []byte
	attr []html.Attribute
}

type treeBuilder struct {
	z      *html.Tokenizer
	tok    ftToken
	doc    *html.Node
	oe     []*html.Node
	afe    []*html.Node // nil is a scope marker
	head   *html.Node
	form   *html.Node
	im     ftMode
	origIM ftMode
	quirks bool
	foster bool // fosterParenting: any insertion under it gives up
	failed bool
	broken bool // panicked

	// textNode is the text node whose data is being accumulated in
	// textBuf (html.Parse's appendText): its Data is set by flushText.
	textNode *html.Node
	textBuf  []byte
	texts    map[string]string // shortText's copies, kept across pages

	chunks [][]html.Node // node arena: chunks never move, so pointers stay valid
	chunk  int           // chunks[chunk] is being filled
	used   int           // nodes used of chunks[chunk]
	attrB  []html.Attribute
	low    []byte // lower's buffer // attribute arena; node Attr are full slices of it
}

const ftChunk = 256

var treeBuilderPool = sync.Pool{New: func() any { return &treeBuilder{} }}

// fastTree builds s's tree as html.Parse would, or reports false when the
// page holds markup the builder does not handle (then nothing is built
// that the caller may use). release must be called once the tree is no
// longer read.
func fastTree(s string) (*html.Node, *treeBuilder, bool) {
	if needsParse(s) {
		return nil, nil, false
	}
	b := treeBuilderPool.Get().(*treeBuilder)
	doc, ok := b.safeBuild(s)
	if !ok {
		if !b.broken {
			b.release()
		}
		return nil, nil, false
	}
	return doc, b, true
}

// fastTreePanics counts the builds that panicked (none known; FuzzFastTree
// checks it stays 0): a panic costs the page its fast path, never the
// crawl, as html.Parse turns its own panics into errors.
var fastTreePanics atomic.Int64

func (b *treeBuilder) safeBuild(s string) (doc *html.Node, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			fastTreePanics.Add(1)
			b.broken = true // its state is unknown: not pooled again
			doc, ok = nil, false
		}
	}()
	return b.build(s)
}

// needsParse reports a page with markup the builder always gives up on —
// <svg>, <math>, <template>, <frameset> — found by a scan of its tags'
// first letters: a page whose template draws an inline SVG icon in its
// footer would otherwise be built nearly whole, then parsed again (an
// article of the shared real pages that gives up at its end cost 49 %
// more than html.Parse alone).
func needsParse(s string) bool {
	for i := 0; ; {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 || i+j+2 >= len(s) {
			return false
		}
		i += j + 1
		switch s[i] | 0x20 {
		case 's':
			if hasPrefixFold(s[i:], "svg") {
				return true
			}
		case 'm':
			if hasPrefixFold(s[i:], "math") {
				return true
			}
		case 't':
			if hasPrefixFold(s[i:], "template") {
				return true
			}
		case 'f':
			if hasPrefixFold(s[i:], "frameset") {
				return true
			}
		}
	}
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// release zeroes the nodes this page used and returns b to the pool.
func (b *treeBuilder) release() {
	for i := 0; i <= b.chunk && i < len(b.chunks); i++ {
		n := ftChunk
		if i == b.chunk {
			n = b.used
		}
		clear(b.chunks[i][:n])
	}
	clear(b.attrB)
	clear(b.oe)
	clear(b.afe)
	// A huge page: let its arenas go. What a pooled builder keeps is
	// bounded (~1 MB of nodes) even with 32 pages extracted at once.
	if len(b.chunks) > 32 || cap(b.attrB) > 1<<13 || cap(b.textBuf) > 1<<18 {
		return
	}
	*b = treeBuilder{
		chunks:  b.chunks,
		attrB:   b.attrB[:0],
		oe:      b.oe[:0],
		afe:     b.afe[:0],
		textBuf: b.textBuf[:0],
		texts:   b.texts,
		low:     b.low,
	}
	treeBuilderPool.Put(b)
}

func (b *treeBuilder) newNode(t html.NodeType) *html.Node {
	if len(b.chunks) == 0 {
		b.chunks = append(b.chunks, make([]html.Node, ftChunk))
	}
	if b.used == ftChunk {
		b.chunk++
		b.used = 0
		if b.chunk == len(b.chunks) {
			b.chunks = append(b.chunks, make([]html.Node, ftChunk))
		}
	}
	n := &b.chunks[b.chunk][b.used]
	b.used++
	n.Type = t
	return n
}

func (b *treeBuilder) build(s string) (*html.Node, bool) {
	b.z = html.NewTokenizer(strings.NewReader(s))
	b.doc = b.newNode(html.DocumentNode)
	b.im = ftInitial
	b.origIM = ftNone
	for !b.failed {
		b.readToken(b.z.Next())
		if b.tok.typ == html.ErrorToken && b.z.Err() != io.EOF {
			return nil, false // html.Parse fails too; let it say so
		}
		b.process()
		if b.tok.typ == html.ErrorToken {
			break
		}
	}
	b.z = nil
	if b.failed {
		return nil, false
	}
	b.flushText()
	return b.doc, true
}

// readToken is Tokenizer.Token for the builder: the same values, tag
// names as atom strings, attributes in the arena.
func (b *treeBuilder) readToken(tt html.TokenType) {
	z := b.z
	b.tok = ftToken{typ: tt}
	switch tt {
	case html.DoctypeToken:
		// The raw token, before Text rewrites the buffer in place: doctypeOf
		// parses it again.
		b.tok.data = bytes.Clone(z.Raw())
	case html.TextToken, html.CommentToken:
		b.tok.data = z.Text()
	case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
		if tt == html.SelfClosingTagToken {
			b.tok.typ = html.StartTagToken
		}
		if b.readRawTag(z.Raw(), tt == html.EndTagToken) {
			return
		}
		name, more := z.TagName()
		start := len(b.attrB)
		for more {
			var k, v []byte
			k, v, more = z.TagAttr()
			b.attrB = append(b.attrB, html.Attribute{Key: atom.String(k), Val: string(v)})
		}
		if n := len(b.attrB); n > start {
			b.tok.attr = b.attrB[start:n:n]
		}
		if a := atom.Lookup(name); a != 0 {
			b.tok.atom, b.tok.name = a, a.String()
		} else {
			b.tok.name = string(name)
		}
	}
}

// readRawTag reads the current tag's name and attributes from its raw
// bytes as TagName and TagAttr would (the same loop as the tokenizer's
// readTag), without the copies those make of every name, key and value
// (bytes.ReplaceAll copies even when there is no NUL): a quarter of the
// fast path's allocations. ok false when the tag holds a NUL, a CR or an
// '&', which TagName and TagAttr rewrite: then they are asked.
func (b *treeBuilder) readRawTag(raw []byte, end bool) bool {
	n := len(raw)
	if n < 3 || raw[n-1] != '>' || bytes.IndexByte(raw, 0) >= 0 || bytes.IndexByte(raw, '\r') >= 0 || bytes.IndexByte(raw, '&') >= 0 {
		return false
	}
	i := 1
	if end {
		i = 2
	}
	s := i
	for i < n && !isTagSpace(raw[i]) && raw[i] != '/' && raw[i] != '>' {
		i++
	}
	low := b.lower(raw[s:i])
	if a := atom.Lookup(low); a != 0 {
		b.tok.atom, b.tok.name = a, a.String()
	} else {
		b.tok.name = string(low)
	}
	if end {
		return true // end tags keep no attributes
	}
	start := len(b.attrB)
	pos := skipTagSpace(raw, i)
	for pos < n && raw[pos] != '>' {
		// The key (readTagAttrKey): an '=' first is part of it.
		ks := pos
		for pos < n {
			c := raw[pos]
			if c == '=' && pos > ks || isTagSpace(c) || c == '/' || c == '>' {
				break
			}
			pos++
		}
		ke := pos
		// The value (readTagAttrVal).
		vs, ve := pos, pos
		pos = skipTagSpace(raw, pos)
		if pos >= n {
			return b.undoAttrs(start)
		}
		switch c := raw[pos]; {
		case c == '/':
			pos++
		case c == '=':
			pos = skipTagSpace(raw, pos+1)
			if pos >= n {
				return b.undoAttrs(start)
			}
			switch q := raw[pos]; q {
			case '>':
			case '\'', '"':
				pos++
				vs = pos
				for pos < n && raw[pos] != q {
					pos++
				}
				if pos >= n {
					return b.undoAttrs(start)
				}
				ve = pos
				pos++
			default:
				vs = pos
				pos++
				for pos < n && !isTagSpace(raw[pos]) && raw[pos] != '>' {
					pos++
				}
				ve = pos
				if pos < n && raw[pos] != '>' {
					pos++
				}
			}
		}
		if ke > ks {
			key := b.lower(raw[ks:ke])
			dup := false
			for _, a := range b.attrB[start:] {
				if a.Key == string(key) {
					dup = true
					break
				}
			}
			if !dup {
				b.attrB = append(b.attrB, html.Attribute{Key: atom.String(key), Val: b.shortText(raw[vs:ve])})
			}
		}
		pos = skipTagSpace(raw, pos)
	}
	if pos != n-1 {
		return b.undoAttrs(start)
	}
	if m := len(b.attrB); m > start {
		b.tok.attr = b.attrB[start:m:m]
	}
	return true
}

// undoAttrs drops what readRawTag read of a tag it could not finish.
func (b *treeBuilder) undoAttrs(start int) bool {
	clear(b.attrB[start:])
	b.attrB = b.attrB[:start]
	b.tok.atom, b.tok.name = 0, ""
	return false
}

func isTagSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' }

func skipTagSpace(raw []byte, i int) int {
	for i < len(raw) && isTagSpace(raw[i]) {
		i++
	}
	return i
}

// lower is the tokenizer's ASCII lower-casing, into a scratch buffer.
func (b *treeBuilder) lower(s []byte) []byte {
	b.low = append(b.low[:0], s...)
	for i, c := range b.low {
		if 'A' <= c && c <= 'Z' {
			b.low[i] = c + 'a' - 'A'
		}
	}
	return b.low
}

// fail gives the page up to html.Parse.
func (b *treeBuilder) fail() {
	b.failed = true
	if fastTreeTrace != nil {
		_, _, line, _ := runtime.Caller(1)
		fastTreeTrace(line)
	}
}

// fastTreeTrace, set by tests only, is told the line of each give-up.
var fastTreeTrace func(line int)

// process is parseCurrentToken.
func (b *treeBuilder) process() {
	for i := 0; !b.failed; i++ {
		if i > 16 {
			b.fail() // never seen; a loop html.Parse would run differently
			return
		}
		if b.step() {
			return
		}
	}
}

func (b *treeBuilder) step() bool {
	switch b.im {
	case ftInitial:
		return b.initialIM()
	case ftBeforeHTML:
		return b.beforeHTMLIM()
	case ftBeforeHead:
		return b.beforeHeadIM()
	case ftInHead:
		return b.inHeadIM()
	case ftAfterHead:
		return b.afterHeadIM()
	case ftInBody:
		return b.inBodyIM()
	case ftText:
		return b.textIM()
	case ftInTable:
		return b.inTableIM()
	case ftInCaption:
		return b.inCaptionIM()
	case ftInColumnGroup:
		return b.inColumnGroupIM()
	case ftInTableBody:
		return b.inTableBodyIM()
	case ftInRow:
		return b.inRowIM()
	case ftInCell:
		return b.inCellIM()
	case ftAfterBody:
		return b.afterBodyIM()
	case ftAfterAfterBody:
		return b.afterAfterBodyIM()
	}
	b.fail()
	return true
}

// parseImpliedToken parses a token as though it had appeared in the input.
func (b *treeBuilder) parseImpliedToken(t html.TokenType, a atom.Atom) {
	real := b.tok
	b.tok = ftToken{typ: t, atom: a, name: a.String()}
	b.process()
	b.tok = real
}

func (b *treeBuilder) top() *html.Node {
	if n := len(b.oe); n > 0 {
		return b.oe[n-1]
	}
	return b.doc
}

func (b *treeBuilder) pop() *html.Node {
	n := b.oe[len(b.oe)-1]
	b.oe = b.oe[:len(b.oe)-1]
	return n
}

func indexOf(s []*html.Node, n *html.Node) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == n {
			return i
		}
	}
	return -1
}

func removeNode(s []*html.Node, n *html.Node) []*html.Node {
	i := indexOf(s, n)
	if i == -1 {
		return s
	}
	copy(s[i:], s[i+1:])
	s[len(s)-1] = nil
	return s[:len(s)-1]
}

type ftScope uint8

const (
	ftDefaultScope ftScope = iota
	ftListItemScope
	ftButtonScope
	ftTableScope
	ftTableRowScope
	ftTableBodyScope
)

func (b *treeBuilder) indexInScope(s ftScope, tags ...atom.Atom) int {
	for i := len(b.oe) - 1; i >= 0; i-- {
		t := b.oe[i].DataAtom
		for _, m := range tags {
			if m == t {
				return i
			}
		}
		switch s {
		case ftListItemScope:
			if t == atom.Ol || t == atom.Ul {
				return -1
			}
		case ftButtonScope:
			if t == atom.Button {
				return -1
			}
		case ftTableScope:
			if t == atom.Html || t == atom.Table || t == atom.Template {
				return -1
			}
		}
		if s != ftTableScope {
			switch t {
			case atom.Applet, atom.Caption, atom.Html, atom.Table, atom.Td, atom.Th, atom.Marquee, atom.Object, atom.Template, atom.Select:
				return -1
			}
		}
	}
	return -1
}

func (b *treeBuilder) inScope(s ftScope, tags ...atom.Atom) bool {
	return b.indexInScope(s, tags...) != -1
}

func (b *treeBuilder) popUntil(s ftScope, tags ...atom.Atom) bool {
	if i := b.indexInScope(s, tags...); i != -1 {
		clear(b.oe[i:])
		b.oe = b.oe[:i]
		return true
	}
	return false
}

func (b *treeBuilder) contains(a atom.Atom) bool {
	for _, n := range b.oe {
		if n.DataAtom == a {
			return true
		}
	}
	return false
}

func (b *treeBuilder) clearStackToContext(s ftScope) {
	for i := len(b.oe) - 1; i >= 0; i-- {
		t := b.oe[i].DataAtom
		switch s {
		case ftTableScope:
			if t == atom.Html || t == atom.Table || t == atom.Template {
				b.oe = b.oe[:i+1]
				return
			}
		case ftTableRowScope:
			if t == atom.Html || t == atom.Tr || t == atom.Template {
				b.oe = b.oe[:i+1]
				return
			}
		case ftTableBodyScope:
			if t == atom.Html || t == atom.Tbody || t == atom.Tfoot || t == atom.Thead || t == atom.Template {
				b.oe = b.oe[:i+1]
				return
			}
		}
	}
}

func (b *treeBuilder) generateImpliedEndTags(except string) {
	i := len(b.oe) - 1
	for ; i >= 0; i-- {
		n := b.oe[i]
		switch n.DataAtom {
		case atom.Dd, atom.Dt, atom.Li, atom.Optgroup, atom.Option, atom.P, atom.Rb, atom.Rp, atom.Rt, atom.Rtc:
			if except != "" && n.Data == except {
				break
			}
			continue
		}
		break
	}
	b.oe = b.oe[:i+1]
}

func (b *treeBuilder) shouldFosterParent() bool {
	if b.foster {
		switch b.top().DataAtom {
		case atom.Table, atom.Tbody, atom.Tfoot, atom.Thead, atom.Tr:
			return true
		}
	}
	return false
}

func (b *treeBuilder) addChild(n *html.Node) {
	if b.shouldFosterParent() {
		b.fail()
		return
	}
	b.top().AppendChild(n)
	if n.Type == html.ElementNode {
		b.oe = append(b.oe, n)
		if len(b.oe) > 512 {
			b.fail() // html.Parse gives up on the page
		}
	}
}

func (b *treeBuilder) addText(d []byte) {
	if len(d) == 0 {
		return
	}
	if b.shouldFosterParent() {
		b.fosterText(d)
		return
	}
	t := b.top()
	if n := t.LastChild; n != nil && n.Type == html.TextNode {
		b.appendText(n, d)
		return
	}
	b.flushText()
	n := b.newNode(html.TextNode)
	b.textBuf = append(b.textBuf[:0], d...)
	b.textNode = n
	b.addChild(n)
}

// fosterText is fosterParent for text: text directly inside a table
// (<table>&nbsp;<tr>) goes before the table, joining the text there.
func (b *treeBuilder) fosterText(d []byte) {
	var table *html.Node
	for i := len(b.oe) - 1; i >= 0; i-- {
		if b.oe[i].DataAtom == atom.Table {
			table = b.oe[i]
			break
		}
	}
	var parent, prev *html.Node
	if table == nil {
		parent = b.oe[0]
		prev = parent.LastChild
	} else {
		parent, prev = table.Parent, table.PrevSibling
	}
	if parent == nil {
		b.fail()
		return
	}
	if prev != nil && prev.Type == html.TextNode {
		b.appendText(prev, d)
		return
	}
	b.flushText()
	n := b.newNode(html.TextNode)
	b.textBuf = append(b.textBuf[:0], d...)
	b.textNode = n
	parent.InsertBefore(n, table)
}

// appendText adds d to the text node n (html.Parse's appendText).
func (b *treeBuilder) appendText(n *html.Node, d []byte) {
	if n != b.textNode {
		b.flushText()
		b.textBuf = append(b.textBuf[:0], n.Data...)
		b.textNode = n
	}
	b.textBuf = append(b.textBuf, d...)
}

func (b *treeBuilder) flushText() {
	if b.textNode != nil {
		b.textNode.Data = b.shortText(b.textBuf)
		b.textNode = nil
	}
}

// shortText is string(t), with one copy per builder of each short text,
// attribute value and comment: the whitespace between tags, the separators
// of menus, class names and targets repeat on every page (the whitespace
// alone was a third of the text nodes' allocations). Longer strings, which
// are mostly one page's own (hrefs, paragraphs), would only fill the map.
func (b *treeBuilder) shortText(t []byte) string {
	if len(t) > 24 {
		return string(t)
	}
	if s, ok := b.texts[string(t)]; ok {
		return s
	}
	s := string(t)
	if len(b.texts) < 1024 {
		if b.texts == nil {
			b.texts = make(map[string]string)
		}
		b.texts[s] = s
	}
	return s
}

func (b *treeBuilder) addComment(parent *html.Node) {
	n := b.newNode(html.CommentNode)
	n.Data = b.shortText(b.tok.data)
	if parent != nil {
		parent.AppendChild(n)
		return
	}
	b.addChild(n)
}

func (b *treeBuilder) addElement() {
	n := b.newNode(html.ElementNode)
	n.DataAtom, n.Data, n.Attr = b.tok.atom, b.tok.name, b.tok.attr
	b.addChild(n)
}

func attrCompare(x, y html.Attribute) int {
	return cmp.Or(cmp.Compare(x.Namespace, y.Namespace), cmp.Compare(x.Key, y.Key), cmp.Compare(x.Val, y.Val))
}

func (b *treeBuilder) addFormattingElement() {
	tagAtom := b.tok.atom
	b.addElement()
	if b.failed {
		return
	}
	top := b.top()
	slices.SortFunc(top.Attr, attrCompare)
	identical := 0
	for i := len(b.afe) - 1; i >= 0; i-- {
		n := b.afe[i]
		if n == nil {
			break
		}
		if n.DataAtom != tagAtom || !slices.Equal(n.Attr, top.Attr) {
			continue
		}
		identical++
		if identical >= 3 {
			b.fail() // Noah's Ark clause
			return
		}
	}
	b.afe = append(b.afe, top)
}

func (b *treeBuilder) clearActiveFormattingElements() {
	for {
		if len(b.afe) == 0 {
			b.fail() // html.Parse would panic
			return
		}
		n := b.afe[len(b.afe)-1]
		b.afe = b.afe[:len(b.afe)-1]
		if len(b.afe) == 0 || n == nil {
			return
		}
	}
}

// reconstructActiveFormattingElements reopens, as clones, the formatting
// elements that were closed by a block but are still active
// (<p><b>a</p>c: c goes into a second <b>).
func (b *treeBuilder) reconstructActiveFormattingElements() {
	if len(b.afe) == 0 {
		return
	}
	n := b.afe[len(b.afe)-1]
	if n == nil || indexOf(b.oe, n) != -1 {
		return
	}
	i := len(b.afe) - 1
	for n != nil && indexOf(b.oe, n) == -1 {
		if i == 0 {
			i = -1
			break
		}
		i--
		n = b.afe[i]
	}
	for {
		i++
		clone := b.cloneNode(b.afe[i])
		b.addChild(clone)
		if b.failed {
			return
		}
		b.afe[i] = clone
		if i == len(b.afe)-1 {
			break
		}
	}
}

// cloneNode is html's Node.clone: the element with a copy of its
// attributes, in the arenas.
func (b *treeBuilder) cloneNode(n *html.Node) *html.Node {
	m := b.newNode(n.Type)
	m.DataAtom, m.Data = n.DataAtom, n.Data
	start := len(b.attrB)
	b.attrB = append(b.attrB, n.Attr...)
	m.Attr = b.attrB[start:len(b.attrB):len(b.attrB)]
	return m
}

func (b *treeBuilder) parseGenericRawTextElement() {
	b.addElement()
	b.setOriginalIM()
	b.im = ftText
}

func (b *treeBuilder) setOriginalIM() {
	if b.origIM != ftNone {
		b.fail() // html.Parse panics
		return
	}
	b.origIM = b.im
}

func (b *treeBuilder) resetInsertionMode() {
	for i := len(b.oe) - 1; i >= 0; i-- {
		n := b.oe[i]
		switch n.DataAtom {
		case atom.Td, atom.Th:
			b.im = ftInCell
		case atom.Tr:
			b.im = ftInRow
		case atom.Tbody, atom.Thead, atom.Tfoot:
			b.im = ftInTableBody
		case atom.Colgroup:
			b.im = ftInColumnGroup
		case atom.Table:
			b.im = ftInTable
		case atom.Head:
			b.im = ftInHead
		case atom.Body:
			b.im = ftInBody
		case atom.Html:
			if b.head == nil {
				b.im = ftBeforeHead
			} else {
				b.im = ftAfterHead
			}
		case atom.Caption:
			b.im = ftInCaption
		case atom.Template, atom.Frameset:
			b.fail()
		default:
			if i == 0 {
				b.im = ftInBody
				return
			}
			continue
		}
		return
	}
}

const ftWhitespace = " \t\r\n\f"

func trimLeftWS(d []byte) []byte { return bytes.TrimLeft(d, ftWhitespace) }

func removeNUL(d []byte) []byte {
	if bytes.IndexByte(d, 0) < 0 {
		return d
	}
	return bytes.ReplaceAll(d, []byte{0}, nil)
}

func (b *treeBuilder) initialIM() bool {
	switch b.tok.typ {
	case html.TextToken:
		b.tok.data = trimLeftWS(b.tok.data)
		if len(b.tok.data) == 0 {
			return true
		}
	case html.CommentToken:
		b.addComment(b.doc)
		return true
	case html.DoctypeToken:
		d, ok := doctypeOf(b.tok.data)
		if !ok {
			b.fail()
			return true
		}
		n := b.newNode(html.DoctypeNode)
		n.Data, n.Attr = d.data, d.attr
		b.doc.AppendChild(n)
		b.quirks = d.quirks
		b.im = ftBeforeHTML
		return true
	}
	b.quirks = true
	b.im = ftBeforeHTML
	return false
}

func (b *treeBuilder) beforeHTMLIM() bool {
	switch b.tok.typ {
	case html.DoctypeToken:
		return true
	case html.TextToken:
		b.tok.data = trimLeftWS(b.tok.data)
		if len(b.tok.data) == 0 {
			return true
		}
	case html.StartTagToken:
		if b.tok.atom == atom.Html {
			b.addElement()
			b.im = ftBeforeHead
			return true
		}
	case html.EndTagToken:
		switch b.tok.atom {
		case atom.Head, atom.Body, atom.Html, atom.Br:
			b.parseImpliedToken(html.StartTagToken, atom.Html)
			return false
		default:
			return true
		}
	case html.CommentToken:
		b.addComment(b.doc)
		return true
	}
	b.parseImpliedToken(html.StartTagToken, atom.Html)
	return false
}

func (b *treeBuilder) beforeHeadIM() bool {
	switch b.tok.typ {
	case html.TextToken:
		b.tok.data = trimLeftWS(b.tok.data)
		if len(b.tok.data) == 0 {
			return true
		}
	case html.StartTagToken:
		switch b.tok.atom {
		case atom.Head:
			b.addElement()
			b.head = b.top()
			b.im = ftInHead
			return true
		case atom.Html:
			return b.inBodyIM()
		}
	case html.EndTagToken:
		switch b.tok.atom {
		case atom.Head, atom.Body, atom.Html, atom.Br:
			b.parseImpliedToken(html.StartTagToken, atom.Head)
			return false
		default:
			return true
		}
	case html.CommentToken:
		b.addComment(nil)
		return true
	case html.DoctypeToken:
		return true
	}
	b.parseImpliedToken(html.StartTagToken, atom.Head)
	return false
}

// keepLeadingSpace adds a text token's leading white space to the tree
// and leaves the rest as the token, as html.Parse does in the head, after
// it and in a column group; true when nothing is left of the token.
func (b *treeBuilder) keepLeadingSpace() bool {
	d := b.tok.data
	s := trimLeftWS(d)
	if len(s) < len(d) {
		b.addText(d[:len(d)-len(s)])
		if len(s) == 0 {
			return true
		}
		b.tok.data = s
	}
	return false
}

func (b *treeBuilder) inHeadIM() bool {
	switch b.tok.typ {
	case html.TextToken:
		if b.keepLeadingSpace() {
			return true
		}
	case html.StartTagToken:
		switch b.tok.atom {
		case atom.Html:
			return b.inBodyIM()
		case atom.Base, atom.Basefont, atom.Bgsound, atom.Link, atom.Meta:
			b.addElement()
			if !b.failed {
				b.pop()
			}
			return true
		case atom.Noscript, atom.Noframes, atom.Style:
			// Scripting is on in html.Parse: noscript is raw text.
			b.parseGenericRawTextElement()
			return true
		case atom.Script, atom.Title:
			b.addElement()
			b.setOriginalIM()
			b.im = ftText
			return true
		case atom.Head:
			return true
		case atom.Template:
			b.fail()
			return true
		}
	case html.EndTagToken:
		switch b.tok.atom {
		case atom.Head:
			b.pop()
			b.im = ftAfterHead
			return true
		case atom.Body, atom.Html, atom.Br:
			b.parseImpliedToken(html.EndTagToken, atom.Head)
			return false
		case atom.Template:
			b.fail()
			return true
		default:
			return true
		}
	case html.CommentToken:
		b.addComment(nil)
		return true
	case html.DoctypeToken:
		return true
	}
	b.parseImpliedToken(html.EndTagToken, atom.Head)
	return false
}

func (b *treeBuilder) afterHeadIM() bool {
	switch b.tok.typ {
	case html.TextToken:
		if b.keepLeadingSpace() {
			return true
		}
	case html.StartTagToken:
		switch b.tok.atom {
		case atom.Html, atom.Frameset, atom.Template:
			b.fail()
			return true
		case atom.Body:
			b.addElement()
			b.im = ftInBody
			return true
		case atom.Base, atom.Basefont, atom.Bgsound, atom.Link, atom.Meta, atom.Noframes, atom.Script, atom.Style, atom.Title:
			if b.head == nil {
				b.fail()
				return true
			}
			b.oe = append(b.oe, b.head)
			r := b.inHeadIM()
			b.oe = removeNode(b.oe, b.head)
			return r
		case atom.Head:
			return true
		}
	case html.EndTagToken:
		switch b.tok.atom {
		case atom.Body, atom.Html, atom.Br:
		case atom.Template:
			b.fail()
			return true
		default:
			return true
		}
	case html.CommentToken:
		b.addComment(nil)
		return true
	case html.DoctypeToken:
		return true
	}
	b.parseImpliedToken(html.StartTagToken, atom.Body)
	return b.tok.typ == html.ErrorToken
}

// copyAttributes copies attributes of the token not found on dst to dst.
func (b *treeBuilder) copyAttributes(dst *html.Node) {
	for _, t := range b.tok.attr {
		found := false
		for _, d := range dst.Attr {
			if d.Key == t.Key {
				found = true
				break
			}
		}
		if !found {
			dst.Attr = append(dst.Attr, t)
		}
	}
}

func (b *treeBuilder) inBodyIM() bool {
	switch b.tok.typ {
	case html.TextToken:
		d := b.tok.data
		switch n := b.top(); n.DataAtom {
		case atom.Pre, atom.Listing:
			if n.FirstChild == nil {
				if len(d) > 0 && d[0] == '\r' {
					d = d[1:]
				}
				if len(d) > 0 && d[0] == '\n' {
					d = d[1:]
				}
			}
		}
		d = removeNUL(d)
		if len(d) == 0 {
			return true
		}
		b.reconstructActiveFormattingElements()
		b.addText(d)
	case html.StartTagToken:
		switch b.tok.atom {
		case atom.Html:
			if len(b.oe) == 0 {
				b.fail()
				return true
			}
			b.copyAttributes(b.oe[0])
		case atom.Base, atom.Basefont, atom.Bgsound, atom.Link, atom.Meta, atom.Noframes, atom.Script, atom.Style, atom.Template, atom.Title:
			return b.inHeadIM()
		case atom.Body:
			if len(b.oe) >= 2 {
				if body := b.oe[1]; body.DataAtom == atom.Body {
					b.copyAttributes(body)
				}
			}
		case atom.Frameset, atom.Plaintext, atom.Nobr, atom.Math, atom.Svg:
			b.fail()
		case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Center, atom.Details, atom.Dialog, atom.Dir, atom.Div, atom.Dl, atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer, atom.Header, atom.Hgroup, atom.Main, atom.Menu, atom.Nav, atom.Ol, atom.P, atom.Search, atom.Section, atom.Summary, atom.Ul:
			b.popUntil(ftButtonScope, atom.P)
			b.addElement()
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			b.popUntil(ftButtonScope, atom.P)
			switch n := b.top(); n.DataAtom {
			case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				b.pop()
			}
			b.addElement()
		case atom.Pre, atom.Listing:
			b.popUntil(ftButtonScope, atom.P)
			b.addElement()
		case atom.Form:
			if b.form != nil {
				return true
			}
			b.popUntil(ftButtonScope, atom.P)
			b.addElement()
			b.form = b.top()
		case atom.Li:
			for i := len(b.oe) - 1; i >= 0; i-- {
				node := b.oe[i]
				switch node.DataAtom {
				case atom.Li:
					b.oe = b.oe[:i]
				case atom.Address, atom.Div, atom.P:
					continue
				default:
					if !isSpecial(node) {
						continue
					}
				}
				break
			}
			b.popUntil(ftButtonScope, atom.P)
			b.addElement()
		case atom.Dd, atom.Dt:
			for i := len(b.oe) - 1; i >= 0; i-- {
				node := b.oe[i]
				switch node.DataAtom {
				case atom.Dd, atom.Dt:
					b.oe = b.oe[:i]
				case atom.Address, atom.Div, atom.P:
					continue
				default:
					if !isSpecial(node) {
						continue
					}
				}
				break
			}
			b.popUntil(ftButtonScope, atom.P)
			b.addElement()
		case atom.Button:
			if b.inScope(ftDefaultScope, atom.Button) {
				b.generateImpliedEndTags("")
				b.popUntil(ftDefaultScope, atom.Button)
			}
			b.reconstructActiveFormattingElements()
			b.addElement()
		case atom.A:
			for i := len(b.afe) - 1; i >= 0 && b.afe[i] != nil; i-- {
				if n := b.afe[i]; n.DataAtom == atom.A {
					// An <a> still active: closed as by </a> first.
					b.endTagFormatting(atom.A, "a")
					b.oe = removeNode(b.oe, n)
					b.afe = removeNode(b.afe, n)
					break
				}
			}
			b.reconstructActiveFormattingElements()
			b.addFormattingElement()
		case atom.B, atom.Big, atom.Code, atom.Em, atom.Font, atom.I, atom.S, atom.Small, atom.Strike, atom.Strong, atom.Tt, atom.U:
			b.reconstructActiveFormattingElements()
			b.addFormattingElement()
		case atom.Applet, atom.Marquee, atom.Object:
			b.reconstructActiveFormattingElements()
			b.addElement()
			b.afe = append(b.afe, nil)
		case atom.Table:
			if !b.quirks {
				b.popUntil(ftButtonScope, atom.P)
			}
			b.addElement()
			b.im = ftInTable
			return true
		case atom.Area, atom.Br, atom.Embed, atom.Img, atom.Keygen, atom.Wbr:
			b.reconstructActiveFormattingElements()
			b.addElement()
			if !b.failed {
				b.pop()
			}
		case atom.Input:
			b.popUntil(ftDefaultScope, atom.Select)
			b.reconstructActiveFormattingElements()
			b.addElement()
			if !b.failed {
				b.pop()
			}
		case atom.Param, atom.Source, atom.Track:
			b.addElement()
			if !b.failed {
				b.pop()
			}
		case atom.Hr:
			if b.inScope(ftButtonScope, atom.P) {
				b.generateImpliedEndTags("p")
				b.popUntil(ftDefaultScope, atom.P)
			}
			if b.inScope(ftDefaultScope, atom.Select) {
				b.generateImpliedEndTags("")
			}
			b.addElement()
			if !b.failed {
				b.pop()
			}
		case atom.Image:
			b.tok.atom, b.tok.name = atom.Img, atom.Img.String()
			return false
		case atom.Textarea:
			b.addElement()
			b.setOriginalIM()
			b.im = ftText
		case atom.Xmp:
			b.popUntil(ftButtonScope, atom.P)
			b.reconstructActiveFormattingElements()
			b.parseGenericRawTextElement()
		case atom.Iframe, atom.Noembed, atom.Noscript:
			// Scripting is on in html.Parse: noscript is raw text.
			b.parseGenericRawTextElement()
		case atom.Select:
			if b.popUntil(ftDefaultScope, atom.Select) {
				return true
			}
			b.reconstructActiveFormattingElements()
			b.addElement()
			return true
		case atom.Option:
			if b.inScope(ftDefaultScope, atom.Select) {
				b.generateImpliedEndTags("optgroup")
			} else if b.top().DataAtom == atom.Option {
				b.pop()
			}
			b.reconstructActiveFormattingElements()
			b.addElement()
		case atom.Optgroup:
			if b.inScope(ftDefaultScope, atom.Select) {
				b.generateImpliedEndTags("")
			} else if b.top().DataAtom == atom.Option {
				b.pop()
			}
			b.reconstructActiveFormattingElements()
			b.addElement()
		case atom.Rb, atom.Rtc:
			if b.inScope(ftDefaultScope, atom.Ruby) {
				b.generateImpliedEndTags("")
			}
			b.addElement()
		case atom.Rp, atom.Rt:
			if b.inScope(ftDefaultScope, atom.Ruby) {
				b.generateImpliedEndTags("rtc")
			}
			b.addElement()
		case atom.Caption, atom.Col, atom.Colgroup, atom.Frame, atom.Head, atom.Tbody, atom.Td, atom.Tfoot, atom.Th, atom.Thead, atom.Tr:
			// Ignore the token.
		default:
			b.reconstructActiveFormattingElements()
			b.addElement()
		}
	case html.EndTagToken:
		switch b.tok.atom {
		case atom.Body:
			if b.inScope(ftDefaultScope, atom.Body) {
				b.im = ftAfterBody
			}
		case atom.Html:
			if b.inScope(ftDefaultScope, atom.Body) {
				b.parseImpliedToken(html.EndTagToken, atom.Body)
				return false
			}
			return true
		case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Button, atom.Center, atom.Details, atom.Dialog, atom.Dir, atom.Div, atom.Dl, atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer, atom.Header, atom.Hgroup, atom.Listing, atom.Main, atom.Menu, atom.Nav, atom.Ol, atom.Pre, atom.Search, atom.Section, atom.Select, atom.Summary, atom.Ul:
			if !b.inScope(ftDefaultScope, b.tok.atom) {
				return true
			}
			b.generateImpliedEndTags("")
			b.popUntil(ftDefaultScope, b.tok.atom)
		case atom.Form:
			node := b.form
			b.form = nil
			i := b.indexInScope(ftDefaultScope, atom.Form)
			if node == nil || i == -1 || b.oe[i] != node {
				return true
			}
			b.generateImpliedEndTags("")
			b.oe = removeNode(b.oe, node)
		case atom.P:
			if !b.inScope(ftButtonScope, atom.P) {
				b.parseImpliedToken(html.StartTagToken, atom.P)
			}
			b.popUntil(ftButtonScope, atom.P)
		case atom.Li:
			b.popUntil(ftListItemScope, atom.Li)
		case atom.Dd, atom.Dt:
			b.popUntil(ftDefaultScope, b.tok.atom)
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			b.popUntil(ftDefaultScope, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6)
		case atom.A, atom.B, atom.Big, atom.Code, atom.Em, atom.Font, atom.I, atom.Nobr, atom.S, atom.Small, atom.Strike, atom.Strong, atom.Tt, atom.U:
			b.endTagFormatting(b.tok.atom, b.tok.name)
		case atom.Applet, atom.Marquee, atom.Object:
			if b.popUntil(ftDefaultScope, b.tok.atom) {
				b.clearActiveFormattingElements()
			}
		case atom.Br:
			b.tok.typ = html.StartTagToken
			return false
		case atom.Template:
			b.fail()
		default:
			b.endTagOther(b.tok.atom, b.tok.name)
		}
	case html.CommentToken:
		b.addComment(nil)
	}
	return true
}

// endTagFormatting is html.Parse's adoption agency algorithm
// (inBodyEndTagFormatting), line by line, but for reparenting a misnested
// block into a table (foster parenting), where it gives up.
func (b *treeBuilder) endTagFormatting(tagAtom atom.Atom, tagName string) {
	if cur := b.top(); cur.Data == tagName && indexOf(b.afe, cur) == -1 {
		b.pop()
		return
	}
	for i := 0; i < 8 && !b.failed; i++ {
		var fe *html.Node
		for j := len(b.afe) - 1; j >= 0; j-- {
			if b.afe[j] == nil {
				break
			}
			if b.afe[j].DataAtom == tagAtom {
				fe = b.afe[j]
				break
			}
		}
		if fe == nil {
			b.endTagOther(tagAtom, tagName)
			return
		}
		feIndex := indexOf(b.oe, fe)
		if feIndex == -1 {
			b.afe = removeNode(b.afe, fe)
			return
		}
		if !b.inScope(ftDefaultScope, tagAtom) {
			return
		}
		var fb *html.Node // the furthest block
		for _, e := range b.oe[feIndex:] {
			if isSpecial(e) {
				fb = e
				break
			}
		}
		if fb == nil {
			for e := b.pop(); e != fe; e = b.pop() {
			}
			b.afe = removeNode(b.afe, fe)
			return
		}
		if feIndex == 0 {
			b.fail()
			return
		}
		commonAncestor := b.oe[feIndex-1]
		bookmark := indexOf(b.afe, fe)
		lastNode, node := fb, fb
		x := indexOf(b.oe, node)
		for j := 1; ; j++ {
			x--
			node = b.oe[x]
			if node == fe {
				break
			}
			if ni := indexOf(b.afe, node); j > 3 && ni > -1 {
				b.afe = removeNode(b.afe, node)
				if ni <= bookmark {
					bookmark--
				}
				continue
			}
			if indexOf(b.afe, node) == -1 {
				b.oe = removeNode(b.oe, node)
				continue
			}
			clone := b.cloneNode(node)
			b.afe[indexOf(b.afe, node)] = clone
			b.oe[indexOf(b.oe, node)] = clone
			node = clone
			if lastNode == fb {
				bookmark = indexOf(b.afe, node) + 1
			}
			if lastNode.Parent != nil {
				lastNode.Parent.RemoveChild(lastNode)
			}
			node.AppendChild(lastNode)
			lastNode = node
		}
		if lastNode.Parent != nil {
			lastNode.Parent.RemoveChild(lastNode)
		}
		switch commonAncestor.DataAtom {
		case atom.Table, atom.Tbody, atom.Tfoot, atom.Thead, atom.Tr:
			b.fail() // foster parenting
			return
		}
		commonAncestor.AppendChild(lastNode)
		clone := b.cloneNode(fe)
		for c := fb.FirstChild; c != nil; c = fb.FirstChild {
			fb.RemoveChild(c)
			clone.AppendChild(c)
		}
		fb.AppendChild(clone)
		if old := indexOf(b.afe, fe); old != -1 && old < bookmark {
			bookmark--
		}
		b.afe = removeNode(b.afe, fe)
		b.afe = insertNode(b.afe, bookmark, clone)
		b.oe = removeNode(b.oe, fe)
		b.oe = insertNode(b.oe, indexOf(b.oe, fb)+1, clone)
	}
}

func insertNode(s []*html.Node, i int, n *html.Node) []*html.Node {
	s = append(s, nil)
	copy(s[i+1:], s[i:])
	s[i] = n
	return s
}

func (b *treeBuilder) endTagOther(tagAtom atom.Atom, tagName string) {
	for i := len(b.oe) - 1; i >= 0; i-- {
		if b.oe[i].DataAtom == tagAtom && (tagAtom != 0 || b.oe[i].Data == tagName) {
			b.oe = b.oe[:i]
			break
		}
		if isSpecial(b.oe[i]) {
			break
		}
	}
}

func (b *treeBuilder) textIM() bool {
	switch b.tok.typ {
	case html.ErrorToken:
		b.pop()
	case html.TextToken:
		d := b.tok.data
		if n := b.top(); n.DataAtom == atom.Textarea && n.FirstChild == nil {
			if len(d) > 0 && d[0] == '\r' {
				d = d[1:]
			}
			if len(d) > 0 && d[0] == '\n' {
				d = d[1:]
			}
		}
		b.addText(d)
		return true
	case html.EndTagToken:
		b.pop()
	}
	b.im = b.origIM
	b.origIM = ftNone
	return b.tok.typ == html.EndTagToken
}

// inTableFoster is the table modes' "anything else": inBody with foster
// parenting, which gives up as soon as it would insert anything.
func (b *treeBuilder) inTableFoster() bool {
	b.foster = true
	r := b.inBodyIM()
	b.foster = false
	return r
}

func (b *treeBuilder) inTableIM() bool {
	switch b.tok.typ {
	case html.TextToken:
		b.tok.data = removeNUL(b.tok.data)
		switch b.top().DataAtom {
		case atom.Table, atom.Tbody, atom.Tfoot, atom.Thead, atom.Tr:
			if len(bytes.Trim(b.tok.data, ftWhitespace)) == 0 {
				b.addText(b.tok.data)
				return true
			}
		}
	case html.StartTagToken:
		switch b.tok.atom {
		case atom.Caption:
			b.clearStackToContext(ftTableScope)
			b.afe = append(b.afe, nil)
			b.addElement()
			b.im = ftInCaption
			return true
		case atom.Template:
			b.fail()
			return true
		case atom.Colgroup:
			b.clearStackToContext(ftTableScope)
			b.addElement()
			b.im = ftInColumnGroup
			return true
		case atom.Col:
			b.parseImpliedToken(html.StartTagToken, atom.Colgroup)
			return false
		case atom.Tbody, atom.Tfoot, atom.Thead:
			b.clearStackToContext(ftTableScope)
			b.addElement()
			b.im = ftInTableBody
			return true
		case atom.Td, atom.Th, atom.Tr:
			b.parseImpliedToken(html.StartTagToken, atom.Tbody)
			return false
		case atom.Table:
			if b.popUntil(ftTableScope, atom.Table) {
				b.resetInsertionMode()
				return false
			}
			return true
		case atom.Style, atom.Script:
			return b.inHeadIM()
		case atom.Input:
			for _, t := range b.tok.attr {
				if t.Key == "type" && strings.EqualFold(t.Val, "hidden") {
					b.addElement()
					if !b.failed {
						b.pop()
					}
					return true
				}
			}
		case atom.Form:
			if b.form != nil {
				return true
			}
			b.addElement()
			if !b.failed {
				b.form = b.pop()
			}
			return true
		}
	case html.EndTagToken:
		switch b.tok.atom {
		case atom.Table:
			if b.popUntil(ftTableScope, atom.Table) {
				b.resetInsertionMode()
			}
			return true
		case atom.Body, atom.Caption, atom.Col, atom.Colgroup, atom.Html, atom.Tbody, atom.Td, atom.Tfoot, atom.Th, atom.Thead, atom.Tr:
			return true
		case atom.Template:
			b.fail()
			return true
		}
	case html.CommentToken:
		b.addComment(nil)
		return true
	case html.DoctypeToken:
		return true
	case html.ErrorToken:
		return b.inBodyIM()
	}
	return b.inTableFoster()
}

func (b *treeBuilder) inCaptionIM() bool {
	switch b.tok.typ {
	case html.StartTagToken:
		switch b.tok.atom {
		case atom.Caption, atom.Col, atom.Colgroup, atom.Tbody, atom.Td, atom.Tfoot, atom.Thead, atom.Tr:
			if !b.popUntil(ftTableScope, atom.Caption) {
				return true
			}
			b.clearActiveFormattingElements()
			b.im = ftInTable
			return false
		}
	case html.EndTagToken:
		switch b.tok.atom {
		case atom.Caption:
			if b.popUntil(ftTableScope, atom.Caption) {
				b.clearActiveFormattingElements()
				b.im = ftInTable
			}
			return true
		case atom.Table:
			if !b.popUntil(ftTableScope, atom.Caption) {
				return true
			}
			b.clearActiveFormattingElements()
			b.im = ftInTable
			return false
		case atom.Body, atom.Col, atom.Colgroup, atom.Html, atom.Tbody, atom.Td, atom.Tfoot, atom.Th, atom.Thead, atom.Tr:
			return true
		}
	}
	return b.inBodyIM()
}

func (b *treeBuilder) inColumnGroupIM() bool {
	switch b.tok.typ {
	case html.TextToken:
		if b.keepLeadingSpace() {
			return true
		}
	case html.CommentToken:
		b.addComment(nil)
		return true
	case html.DoctypeToken:
		return true
	case html.StartTagToken:
		switch b.tok.atom {
		case atom.Html, atom.Template:
			b.fail()
			return true
		case atom.Col:
			b.addElement()
			if !b.failed {
				b.pop()
			}
			return true
		}
	case html.EndTagToken:
		switch b.tok.atom {
		case atom.Colgroup:
			if b.top().DataAtom == atom.Colgroup {
				b.pop()
				b.im = ftInTable
			}
			return true
		case atom.Col:
			return true
		case atom.Template:
			b.fail()
			return true
		}
	case html.ErrorToken:
		return b.inBodyIM()
	}
	if b.top().DataAtom != atom.Colgroup {
		return true
	}
	b.pop()
	b.im = ftInTable
	return false
}

func (b *treeBuilder) inTableBodyIM() bool {
	switch b.tok.typ {
	case html.StartTagToken:
		switch b.tok.atom {
		case atom.Tr:
			b.clearStackToContext(ftTableBodyScope)
			b.addElement()
			b.im = ftInRow
			return true
		case atom.Td, atom.Th:
			b.parseImpliedToken(html.StartTagToken, atom.Tr)
			return false
		case atom.Caption, atom.Col, atom.Colgroup, atom.Tbody, atom.Tfoot, atom.Thead:
			if b.popUntil(ftTableScope, atom.Tbody, atom.Thead, atom.Tfoot) {
				b.im = ftInTable
				return false
			}
			return true
		}
	case html.EndTagToken:
		switch b.tok.atom {
		case atom.Tbody, atom.Tfoot, atom.Thead:
			if b.inScope(ftTableScope, b.tok.atom) {
				b.clearStackToContext(ftTableBodyScope)
				b.pop()
				b.im = ftInTable
			}
			return true
		case atom.Table:
			if b.popUntil(ftTableScope, atom.Tbody, atom.Thead, atom.Tfoot) {
				b.im = ftInTable
				return false
			}
			return true
		case atom.Body, atom.Caption, atom.Col, atom.Colgroup, atom.Html, atom.Td, atom.Th, atom.Tr:
			return true
		}
	case html.CommentToken:
		b.addComment(nil)
		return true
	}
	return b.inTableIM()
}

func (b *treeBuilder) inRowIM() bool {
	switch b.tok.typ {
	case html.StartTagToken:
		switch b.tok.atom {
		case atom.Td, atom.Th:
			b.clearStackToContext(ftTableRowScope)
			b.addElement()
			b.afe = append(b.afe, nil)
			b.im = ftInCell
			return true
		case atom.Caption, atom.Col, atom.Colgroup, atom.Tbody, atom.Tfoot, atom.Thead, atom.Tr:
			if b.inScope(ftTableScope, atom.Tr) {
				b.clearStackToContext(ftTableRowScope)
				b.pop()
				b.im = ftInTableBody
				return false
			}
			return true
		}
	case html.EndTagToken:
		switch b.tok.atom {
		case atom.Tr:
			if b.inScope(ftTableScope, atom.Tr) {
				b.clearStackToContext(ftTableRowScope)
				b.pop()
				b.im = ftInTableBody
			}
			return true
		case atom.Table:
			if b.inScope(ftTableScope, atom.Tr) {
				b.clearStackToContext(ftTableRowScope)
				b.pop()
				b.im = ftInTableBody
				return false
			}
			return true
		case atom.Tbody, atom.Tfoot, atom.Thead:
			if b.inScope(ftTableScope, b.tok.atom) && b.inScope(ftTableScope, atom.Tr) {
				b.clearStackToContext(ftTableRowScope)
				b.pop()
				b.im = ftInTableBody
				return false
			}
			return true
		case atom.Body, atom.Caption, atom.Col, atom.Colgroup, atom.Html, atom.Td, atom.Th:
			return true
		}
	}
	return b.inTableIM()
}

func (b *treeBuilder) inCellIM() bool {
	switch b.tok.typ {
	case html.StartTagToken:
		switch b.tok.atom {
		case atom.Caption, atom.Col, atom.Colgroup, atom.Tbody, atom.Td, atom.Tfoot, atom.Th, atom.Thead, atom.Tr:
			if b.popUntil(ftTableScope, atom.Td, atom.Th) {
				b.clearActiveFormattingElements()
				b.im = ftInRow
				return false
			}
			return true
		}
	case html.EndTagToken:
		switch b.tok.atom {
		case atom.Td, atom.Th:
			if !b.popUntil(ftTableScope, b.tok.atom) {
				return true
			}
			b.clearActiveFormattingElements()
			b.im = ftInRow
			return true
		case atom.Body, atom.Caption, atom.Col, atom.Colgroup, atom.Html:
			return true
		case atom.Table, atom.Tbody, atom.Tfoot, atom.Thead, atom.Tr:
			if !b.inScope(ftTableScope, b.tok.atom) {
				return true
			}
			if b.popUntil(ftTableScope, atom.Td, atom.Th) {
				b.clearActiveFormattingElements()
			}
			b.im = ftInRow
			return false
		}
	}
	return b.inBodyIM()
}

func (b *treeBuilder) afterBodyIM() bool {
	switch b.tok.typ {
	case html.ErrorToken:
		return true
	case html.TextToken:
		if len(trimLeftWS(b.tok.data)) == 0 {
			return b.inBodyIM()
		}
	case html.StartTagToken:
		if b.tok.atom == atom.Html {
			return b.inBodyIM()
		}
	case html.EndTagToken:
		if b.tok.atom == atom.Html {
			b.im = ftAfterAfterBody
			return true
		}
	case html.CommentToken:
		if len(b.oe) < 1 || b.oe[0].DataAtom != atom.Html {
			b.fail()
			return true
		}
		b.addComment(b.oe[0])
		return true
	}
	b.im = ftInBody
	return false
}

func (b *treeBuilder) afterAfterBodyIM() bool {
	switch b.tok.typ {
	case html.ErrorToken:
		return true
	case html.TextToken:
		if len(trimLeftWS(b.tok.data)) == 0 {
			return b.inBodyIM()
		}
	case html.StartTagToken:
		if b.tok.atom == atom.Html {
			return b.inBodyIM()
		}
	case html.CommentToken:
		b.addComment(b.doc)
		return true
	case html.DoctypeToken:
		return b.inBodyIM()
	}
	b.im = ftInBody
	return false
}

// isSpecial is html's isSpecialElement for HTML elements.
func isSpecial(n *html.Node) bool { return specialElements[n.Data] }

var specialElements = map[string]bool{
	"address": true, "applet": true, "area": true, "article": true, "aside": true, "base": true,
	"basefont": true, "bgsound": true, "blockquote": true, "body": true, "br": true, "button": true,
	"caption": true, "center": true, "col": true, "colgroup": true, "dd": true, "details": true,
	"dir": true, "div": true, "dl": true, "dt": true, "embed": true, "fieldset": true,
	"figcaption": true, "figure": true, "footer": true, "form": true, "frame": true, "frameset": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "head": true,
	"header": true, "hgroup": true, "hr": true, "html": true, "iframe": true, "img": true,
	"input": true, "keygen": true, "li": true, "link": true, "listing": true, "main": true,
	"marquee": true, "menu": true, "meta": true, "nav": true, "noembed": true, "noframes": true,
	"noscript": true, "object": true, "ol": true, "p": true, "param": true, "plaintext": true,
	"pre": true, "script": true, "section": true, "select": true, "source": true, "style": true,
	"summary": true, "table": true, "tbody": true, "td": true, "template": true, "textarea": true,
	"tfoot": true, "th": true, "thead": true, "title": true, "tr": true, "track": true, "ul": true,
	"wbr": true, "xmp": true,
}

// doctypeInfo is what html.Parse makes of one doctype: the node's name
// and public/system identifiers, and whether it puts the page in quirks
// mode (then <table> does not close an open <p>).
type doctypeInfo struct {
	data   string
	attr   []html.Attribute
	quirks bool
}

var (
	doctypes  sync.Map // raw doctype → *doctypeInfo
	ndoctypes atomic.Int32
)

// doctypeOf asks html.Parse itself about a doctype, once per distinct
// doctype: the raw token followed by <p><table> tells the quirks mode
// (the table lands inside the p).
func doctypeOf(raw []byte) (*doctypeInfo, bool) {
	if v, ok := doctypes.Load(string(raw)); ok {
		return v.(*doctypeInfo), true
	}
	if len(raw) == 0 || raw[len(raw)-1] != '>' || len(raw) > 512 {
		return nil, false
	}
	doc, err := html.Parse(strings.NewReader(string(raw) + "<p><table>"))
	if err != nil {
		return nil, false
	}
	dt := doc.FirstChild
	if dt == nil || dt.Type != html.DoctypeNode || dt.NextSibling == nil {
		return nil, false
	}
	body := dt.NextSibling.LastChild
	if body == nil || body.DataAtom != atom.Body || body.FirstChild == nil || body.FirstChild.DataAtom != atom.P {
		return nil, false
	}
	d := &doctypeInfo{data: dt.Data, attr: dt.Attr, quirks: body.FirstChild.FirstChild != nil}
	if ndoctypes.Add(1) < 256 {
		doctypes.Store(string(raw), d)
	}
	return d, true
}
