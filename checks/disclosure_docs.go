package checks

// Shared recognition for the 政务公开 content rules (guide, annual report,
// documents, interpretations): which pages are policy documents and
// interpretations, their 文号, dates and issuing level, and how they pair.
// Every rule of the area builds what it needs from here in linear time.

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/gongkai/gongkai/site"
)

// policyDoc is one policy document (or the copies of one 文号).
type policyDoc struct {
	page      *site.Page
	copies    []*site.Page // every page of the document, page first
	title     string
	num       docNum
	hasNum    bool
	numFrom   string // 元数据表 / 标题
	keys      []string
	normative bool
	normWhy   string
	// foreign: forwarded (转发) or issued by a higher level; not this
	// body's document for publication and interpretation duties.
	foreign    bool
	foreignWhy string
	class      ColumnClass
}

// interp is one interpretation page.
type interp struct {
	page    *site.Page
	title   string
	keys    []string
	foreign bool // 转载 or a higher level's interpretation
	higher  bool // mentions a higher level (foreign unless a local doc matches)
}

// pairing is what links a document and an interpretation.
type pairing struct {
	doc    *policyDoc
	interp *interp
	strong bool   // title, title 文号 or an explicit 原文/解读 link
	named  bool   // by title or 文号 (not by a link alone)
	how    string // for evidence
}

// disclosure is the analysed site: documents, interpretations, pairs.
type disclosure struct {
	siteLevel int
	docs      []*policyDoc
	interps   []*interp
	pairs     []pairing
	byURL     map[string]*site.Page // normalised URL → page
	normCache map[string]string
	// mentioned holds documents named by an interpretation that exists only
	// as a list entry or a link (not crawled as a page).
	mentioned map[*policyDoc]string
	// anyLink holds documents linked to or from some interpretation page
	// that is not a sidebar of many (see maxPlainLinks).
	anyLink map[*policyDoc]bool
	byDoc   map[*policyDoc][]pairing
}

// norm is normalizeForFingerprint, memoised for the URLs that need the
// parser: menus repeat the same links on every page.
func (d *disclosure) norm(u string) string {
	if n, ok := fingerprintPlain(u); ok {
		return n
	}
	if d.normCache == nil {
		return normalizeForFingerprint(u)
	}
	if n, ok := d.normCache[u]; ok {
		return n
	}
	n := normalizeForFingerprint(u)
	d.normCache[u] = n
	return n
}

// pageAt returns the crawled page at a URL, if any.
func (d *disclosure) pageAt(u string) *site.Page {
	if p, ok := d.byURL[u]; ok {
		return p
	}
	return d.byURL[d.norm(u)]
}

// analyse classifies the site's pages once per run for the six document
// rules. The analysis is read-only once built.
func analyse(ctx *Context, s *site.Site) *disclosure {
	return ctx.analyses(s).disclosure.get(func() *disclosure { return analyseSite(ctx, s) })
}

func analyseSite(ctx *Context, s *site.Site) *disclosure {
	siteLevel := levelOf(siteNameOf(ctx, s))
	isUsable := usableIn(ctx, s)
	found := make([]docPage, len(s.Pages))
	for i, p := range s.Pages {
		if isUsable(p) {
			found[i] = findDoc(ctx, siteLevel, p, p)
		}
	}
	return assembleDisclosure(ctx, s, siteLevel, found)
}

// docPage is what one page is to the document analysis: a document, an
// interpretation, or neither.
type docPage struct {
	doc    *policyDoc
	interp *interp
}

// findDoc classifies one usable page: p is the page of s.Pages, r the same
// page to read (p itself, or its copy from the page pass); the records
// name p. What is kept of r's text is copied: a record must not hold a
// page's whole text in memory.
func findDoc(ctx *Context, siteLevel int, p, r *site.Page) docPage {
	d := &disclosure{siteLevel: siteLevel}
	cls := classOf(ctx, r)
	title := pageTitle(r)
	if r.IsColumn() && r.NumFields() < 2 {
		return docPage{}
	}
	// A 政策文件及解读 column holds documents too: there a 公文 title
	// without any 解读 word is a document.
	if isInterpTitle(title) || (cls == ColInterp && !docTitle(title)) {
		if r.IsColumn() {
			return docPage{}
		}
		it := d.newInterp(r, title)
		it.page = p
		return docPage{interp: it}
	}
	num, numFrom, hasNum := docNum{}, "", false
	if n, ok := metadataDocNum(r); ok {
		num, numFrom, hasNum = n, docNumSource(r), true
	} else if n, ok := titleDocNum(title); ok {
		num, numFrom, hasNum = n, "标题", true
	} else if cls == ColPolicy && !r.IsColumn() {
		// Real 政府文件 pages often show only 发布日期/来源/作者, with
		// the 文号 on its own line under the title in the body.
		if n, ok := standaloneDocNum(bodyText(r)); ok {
			n.Prefix, n.Year, n.Num = strings.Clone(n.Prefix), strings.Clone(n.Year), strings.Clone(n.Num)
			num, numFrom, hasNum = n, "正文", true
		}
	}
	if !hasNum && !(cls == ColPolicy && r.NumFields() >= 2) {
		return docPage{}
	}
	doc := &policyDoc{page: r, title: title, num: num, hasNum: hasNum, numFrom: numFrom,
		keys: titleKeys(title), class: cls}
	d.classifyDoc(doc)
	doc.page, doc.copies = p, []*site.Page{p}
	return docPage{doc: doc}
}

// assembleDisclosure puts the pages' documents and interpretations
// together, in page order, and pairs them.
func assembleDisclosure(ctx *Context, s *site.Site, siteLevel int, found []docPage) *disclosure {
	d := &disclosure{
		siteLevel: siteLevel,
		byURL:     make(map[string]*site.Page, 2*len(s.Pages)),
		normCache: map[string]string{},
		mentioned: map[*policyDoc]string{},
		anyLink:   map[*policyDoc]bool{},
	}
	for _, p := range s.Pages {
		for _, u := range []string{p.URL, p.FinalURL} {
			if u != "" {
				d.byURL[u] = p
				d.byURL[d.norm(u)] = p
			}
		}
	}
	var docPages []*policyDoc
	for _, f := range found {
		switch {
		case f.interp != nil:
			d.interps = append(d.interps, f.interp)
		case f.doc != nil:
			docPages = append(docPages, f.doc)
		}
	}
	d.docs = mergeCopies(docPages)
	markNormativeByValidity(d.docs)
	d.pairAll(ctx, s)
	d.byDoc = map[*policyDoc][]pairing{}
	for _, pr := range d.pairs {
		d.byDoc[pr.doc] = append(d.byDoc[pr.doc], pr)
	}
	d.normCache = nil // read-only from here on: rules may share it
	return d
}

// usesDisclosure is what a rule that reads the document analysis embeds:
// Run then classifies the pages in its one pass over them.
type usesDisclosure struct{}

func (usesDisclosure) collectors(ctx *Context, s *site.Site) []pageCollector {
	if ctx == nil {
		return nil
	}
	a := ctx.analyses(s)
	c := a.disclosureC.get(func() *disclosureCollector {
		if a.disclosure.built() {
			return nil
		}
		return &disclosureCollector{ctx: ctx, s: s, siteLevel: levelOf(siteNameOf(ctx, s)), isUsable: usableIn(ctx, s),
			found: make([]docPage, len(s.Pages))}
	})
	if c == nil {
		return nil
	}
	return []pageCollector{c}
}

// disclosureCollector is analyseSite fed by the page pass.
type disclosureCollector struct {
	ctx       *Context
	s         *site.Site
	siteLevel int
	isUsable  func(*site.Page) bool
	found     []docPage
	once      sync.Once
}

func (c *disclosureCollector) Visit(v PageView) {
	if c.isUsable(v.Page) {
		c.found[v.I] = findDoc(c.ctx, c.siteLevel, v.Page, v.Read)
	}
}

func (c *disclosureCollector) finish() {
	c.once.Do(func() {
		c.ctx.analyses(c.s).disclosure.get(func() *disclosure {
			return assembleDisclosure(c.ctx, c.s, c.siteLevel, c.found)
		})
		c.found = nil
	})
}

// mergeCopies joins pages of one 文号 (a document shown in two columns):
// the copy with the richest metadata in a 政策文件 column leads.
func mergeCopies(pages []*policyDoc) []*policyDoc {
	byNum := map[string]*policyDoc{}
	var out []*policyDoc
	for _, doc := range pages {
		if !doc.hasNum {
			out = append(out, doc)
			continue
		}
		k := doc.num.String()
		lead, ok := byNum[k]
		if !ok {
			byNum[k] = doc
			out = append(out, doc)
			continue
		}
		better := (doc.class == ColPolicy && lead.class != ColPolicy) ||
			(doc.class == lead.class && doc.page.NumFields() > lead.page.NumFields())
		if better {
			lead.copies = append([]*site.Page{doc.page}, lead.copies...)
			lead.page, lead.title, lead.class, lead.numFrom = doc.page, doc.title, doc.class, doc.numFrom
			lead.keys = doc.keys
			if doc.normative && !lead.normative {
				lead.normative, lead.normWhy = true, doc.normWhy
			}
		} else {
			lead.copies = append(lead.copies, doc.page)
			for _, k := range doc.keys {
				lead.keys = appendUnique(lead.keys, k)
			}
		}
		lead.foreign = lead.foreign || doc.foreign
		if lead.foreignWhy == "" {
			lead.foreignWhy = doc.foreignWhy
		}
	}
	return out
}

func appendUnique(ss []string, s string) []string {
	for _, e := range ss {
		if e == s {
			return ss
		}
	}
	return append(ss, s)
}

// classifyDoc decides whether a document is normative and whether it is
// this body's own.
func (d *disclosure) classifyDoc(doc *policyDoc) {
	p := doc.page
	md := p.Fields()
	switch {
	case doc.hasNum && doc.num.normative():
		doc.normative, doc.normWhy = true, "文号“"+doc.num.String()+"”为规范性文件编号"
	case strings.Contains(doc.title, "规范性文件"):
		doc.normative, doc.normWhy = true, "标题注明规范性文件"
	case govOrderRe.MatchString(doc.title) || strings.Contains(doc.num.Prefix, "令"):
		doc.normative, doc.normWhy = true, "政府规章（政府令）"
	case md["统一编号"] != "":
		doc.normative, doc.normWhy = true, "有统一登记编号"
	default:
		for _, k := range slices.Sorted(maps.Keys(md)) { // the same field named on every run
			if v := md[k]; k != "名称" && strings.Contains(v, "规范性文件") {
				doc.normative, doc.normWhy = true, "元数据“"+labelOf(p, k)+"”为规范性文件"
				break
			}
		}
		if !doc.normative {
			places := append([]string{p.Column, p.MetaTags()["columntype"]}, p.Crumbs()...)
			for _, c := range places {
				if strings.Contains(c, "规范性文件") || strings.Contains(c, "政府规章") {
					doc.normative, doc.normWhy = true, "所在栏目为“"+c+"”"
					break
				}
			}
		}
		if !doc.normative && doc.hasNum {
			if kind, to, ok := generalRule(doc.title, p); ok {
				doc.normative, doc.normWhy = true, "标题为“"+kind+"”，主送“"+to+"”，普遍适用"
			}
		}
	}
	title := doc.title
	issuer := firstNonBlank(md["发布机构"], issuerOf(title))
	switch {
	case strings.Contains(title, "转发"):
		doc.foreign, doc.foreignWhy = true, "标题为转发文件"
	case doc.hasNum && doc.num.national() && d.siteLevel < levelNational:
		doc.foreign, doc.foreignWhy = true, "文号为国务院文号"
	case higherThanSite(issuer, d.siteLevel):
		doc.foreign, doc.foreignWhy = true, "发布机构“"+issuer+"”为上级机关"
	case higherThanSite(issuerOf(title), d.siteLevel):
		doc.foreign, doc.foreignWhy = true, "标题所列发文机关为上级机关"
	}
}

var govOrderRe = regexp.MustCompile(`人民政府令|政府令第|第\d+号令`)

var (
	// ruleTitle is a title that issues a rule (…管理办法, …实施细则, …规定,
	// or 关于印发…办法的通知), not a plan, a task or a notice of a meeting.
	ruleTitle = regexp.MustCompile(`((?:管理|实施|暂行|试行)?(?:办法|规定|细则|规则))(?:（试行）|\(试行\)|（暂行）)?(?:》)?(?:的通知)?$`)
	// broadAddressee is a 主送 line to every lower body: a rule binding them
	// all, as a 行政规范性文件 is (国办发〔2018〕37号).
	broadAddressee = regexp.MustCompile(`各(?:乡|镇|乡镇|乡（镇）|乡\(镇\)|县|县（市、区）|县（市）|区|市)[^，。：:]{0,12}(?:人民政府|政府)[^。：:]{0,40}(?:各部门|各单位|直属机构)|(?:县|市|区|州|旗)(?:人民)?政府(?:各)?(?:部门|工作部门|直属机构)|各有关(?:部门|单位)`)
)

// generalRule reports a document that issues a rule to every lower body
// (柘政办〔2018〕44号 关于印发…县长质量奖管理办法的通知, 主送 各乡（镇）人民政府、
// 街道办事处，县人民政府各部门): a 行政规范性文件 in substance, though its 文号
// does not say so. [I] Plans (方案), opinions (意见) and notices of tasks are
// not taken: many are not normative.
func generalRule(title string, p *site.Page) (kind, to string, ok bool) {
	m := ruleTitle.FindStringSubmatch(stripNoise(title))
	if m == nil {
		return "", "", false
	}
	text := bodyText(p)
	if len(text) > 3000 {
		text = text[:3000] // the 主送 line sits under the title
	}
	to = broadAddressee.FindString(text)
	if to == "" {
		return "", "", false
	}
	return m[1], to, true
}

func firstNonBlank(vs ...string) string {
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// markNormativeByValidity treats a 有效性 field as the mark of a normative
// document only where the site does not put it on (nearly) every document:
// on 浙江-style catalogues every 通知 shows 有效性 and it proves nothing.
func markNormativeByValidity(docs []*policyDoc) {
	with := 0
	for _, doc := range docs {
		if doc.page.Fields()["有效性"] != "" {
			with++
		}
	}
	if len(docs) >= 5 && with*5 >= len(docs)*4 {
		return
	}
	for _, doc := range docs {
		if !doc.normative && validityStatusRe.MatchString(doc.page.Fields()["有效性"]) {
			doc.normative, doc.normWhy = true, "标注了"+labelOf(doc.page, "有效性")
		}
	}
}

var validityStatusRe = regexp.MustCompile(`有效|失效|废止|修订|修改|废除`)

func (d *disclosure) newInterp(p *site.Page, title string) *interp {
	it := &interp{page: p, title: title, keys: titleKeys(title)}
	// "转载自…" marks a repost; a bare "转载" is often the footer's
	// "未经许可不得转载", so it does not count.
	if strings.Contains(title, "转载") || mayRepost(bodyText(p)) {
		it.foreign = true
	}
	// A title such as "《XX省…措施》政策解读" names a higher level's document.
	bare := stripNoise(title)
	md := p.Fields()
	for _, b := range []string{md["发布机构"], md["来源"], p.MetaTags()["contentsource"], issuerOf(title), bare} {
		if higherThanSite(b, d.siteLevel) {
			it.higher = true
		}
	}
	return it
}

var repostRe = regexp.MustCompile(`转载自|转载于|转自|(?:来源|信息来源|文章来源)\s*[:：]\s*(?:中国政府网|中华人民共和国中央人民政府|新华社|新华网|人民网|人民日报|央视|国务院)`)

// mayRepost is repostRe.MatchString on a whole body; every match contains
// 转 or 来源, which most texts lack, so the regexp runs on few.
func mayRepost(text string) bool {
	return (strings.Contains(text, "转") || strings.Contains(text, "来源")) && repostRe.MatchString(text)
}

// Anchor texts of explicit links between a document and its interpretation.
var (
	originalAnchor = regexp.MustCompile(`^(?:政策)?(?:文件)?原文(?:链接|地址)?$|^(?:查看|点击查看|阅读)?(?:政策|文件)?原文$|^相关(?:政策)?文件$|^文件链接$|^政策原文$`)
	interpAnchor   = regexp.MustCompile(`^(?:相关|关联|政策|文字|图文|图片|视频)?(?:解读|图解)(?:文章|材料)?$|^(?:查看|点击查看)(?:政策)?解读$|^一图读懂$`)
)

// pairAll pairs interpretations with documents: by the titles (《…》 or the
// subject), by 文号, and by explicit 原文/解读 links; weaker evidence (a
// 《…》 or 文号 only in the body) pairs only when it names one document.
func (d *disclosure) pairAll(ctx *Context, s *site.Site) {
	byKey := map[string][]*policyDoc{}
	byNum := map[string][]*policyDoc{}
	pageDoc := map[*site.Page]*policyDoc{}
	for _, doc := range d.docs {
		for _, k := range doc.keys {
			byKey[k] = append(byKey[k], doc)
		}
		if doc.hasNum {
			byNum[doc.num.String()] = append(byNum[doc.num.String()], doc)
		}
		for _, c := range doc.copies {
			pageDoc[c] = doc
		}
	}
	uniqueKey := func(k string) *policyDoc {
		if ds := byKey[k]; len(ds) == 1 {
			return ds[0]
		}
		return nil
	}
	// lookupNum tries the issuer code's suffixes: a 文号 in running text
	// comes with the words before it ("根据示府规〔2025〕2号").
	lookupNum := func(n docNum) *policyDoc {
		r := []rune(n.Prefix)
		for i := 0; i+2 <= len(r); i++ {
			k := docNum{Prefix: string(r[i:]), Year: n.Year, Num: n.Num}.String()
			if ds := byNum[k]; len(ds) == 1 {
				return ds[0]
			}
		}
		return nil
	}
	interpPage := map[*site.Page]*interp{}
	for _, it := range d.interps {
		interpPage[it.page] = it
	}
	type pk struct {
		doc *policyDoc
		it  *interp
	}
	seen := map[pk]int{}
	add := func(doc *policyDoc, it *interp, strong, named bool, how string) {
		if doc == nil {
			return
		}
		k := pk{doc, it}
		if i, ok := seen[k]; ok {
			pr := &d.pairs[i]
			if strong && !pr.strong {
				pr.strong, pr.how = true, how
			}
			if named && !pr.named {
				pr.named, pr.how = true, how
			}
			return
		}
		seen[k] = len(d.pairs)
		d.pairs = append(d.pairs, pairing{doc: doc, interp: it, strong: strong, named: named, how: how})
	}

	for _, it := range d.interps {
		p := it.page
		strongFound := false
		for _, k := range it.keys {
			if doc := uniqueKey(k); doc != nil {
				add(doc, it, true, true, "解读标题含文件名称")
				strongFound = true
			}
		}
		for _, m := range findDocNums(it.title + " " + p.Fields()["文号"]) {
			if doc := lookupNum(m.num); doc != nil {
				add(doc, it, true, true, "解读标题注明文号"+doc.num.String())
				strongFound = true
			}
		}
		links := p.Outgoing()
		linked := d.linkedDocs(links, pageDoc)
		for _, l := range links {
			target := d.pageAt(l.URL)
			doc := pageDoc[target]
			if doc == nil {
				continue
			}
			if len(linked) <= maxPlainLinks {
				d.anyLink[doc] = true
			}
			// Only a link labelled 原文 pairs: a sidebar of recent documents
			// links every interpretation page to unrelated documents.
			if originalAnchor.MatchString(stripNoise(l.Text)) {
				add(doc, it, true, false, "解读页面链接文件原文")
				strongFound = true
			}
		}
		if strongFound {
			continue
		}
		// Weak: the body names exactly one local document.
		text := bodyText(p)
		var named []*policyDoc
		for _, m := range bookTitleRe.FindAllStringSubmatch(text, 50) {
			if doc := uniqueKey(stripNoise(m[1])); doc != nil {
				named = appendDoc(named, doc)
			}
		}
		for _, m := range findDocNums(text) {
			if doc := lookupNum(m.num); doc != nil {
				named = appendDoc(named, doc)
			}
		}
		if len(named) == 1 {
			add(named[0], it, false, false, "解读正文提及文件")
		}
		for _, doc := range named {
			d.mentioned[doc] = "解读“" + it.title + "”正文提及该文件"
		}
	}
	// Links from documents to interpretations.
	for _, doc := range d.docs {
		for _, c := range doc.copies {
			n := 0
			links := c.Outgoing()
			for _, l := range links {
				if interpPage[d.pageAt(l.URL)] != nil {
					n++
				}
			}
			for _, l := range links {
				it := interpPage[d.pageAt(l.URL)]
				if it == nil {
					continue
				}
				if n <= maxPlainLinks {
					d.anyLink[doc] = true
				}
				if interpAnchor.MatchString(stripNoise(l.Text)) {
					add(doc, it, true, false, "文件页面链接解读")
				}
			}
		}
	}
	// Interpretations known only from lists and links (PDF, image, another
	// site): enough to show one exists, not to judge its date. A title met
	// again (the same sidebar on many pages) can mark nothing new.
	titleSeen := map[string]bool{}
	for _, p := range s.Pages {
		var titles []string
		if p.IsColumn() && classOf(ctx, p) == ColInterp {
			for _, it := range p.ListItems() {
				titles = append(titles, it.Title)
			}
		}
		for _, l := range p.Outgoing() {
			if l.Kind == site.KindAnchor && hasInterpWord(l.Text) {
				titles = append(titles, l.Text)
			}
		}
		for _, t := range titles {
			if titleSeen[t] {
				continue
			}
			titleSeen[t] = true
			for _, k := range titleKeys(t) {
				for _, doc := range byKey[k] {
					if _, ok := d.mentioned[doc]; !ok {
						d.mentioned[doc] = "列表或链接中有解读“" + t + "”"
					}
				}
			}
			for _, m := range findDocNums(t) {
				if doc := lookupNum(m.num); doc != nil {
					if _, ok := d.mentioned[doc]; !ok {
						d.mentioned[doc] = "列表或链接中有解读“" + t + "”"
					}
				}
			}
		}
	}
	// A higher level's interpretation stays foreign unless it pairs with a
	// local document by a strong match.
	localStrong := map[*interp]bool{}
	for _, pr := range d.pairs {
		if pr.strong && !pr.doc.foreign {
			localStrong[pr.interp] = true
		}
	}
	for _, it := range d.interps {
		if it.higher && !localStrong[it] {
			it.foreign = true
		}
	}
}

// maxPlainLinks: a page linking to more documents (or interpretations)
// than this is showing a sidebar of recent items, not its counterpart, so its
// unlabelled links prove no pairing.
const maxPlainLinks = 2

// linkedDocs returns the distinct documents a page's links lead to.
func (d *disclosure) linkedDocs(links []site.Link, pageDoc map[*site.Page]*policyDoc) map[*policyDoc]bool {
	out := map[*policyDoc]bool{}
	for _, l := range links {
		if doc := pageDoc[d.pageAt(l.URL)]; doc != nil {
			out[doc] = true
		}
	}
	return out
}

func appendDoc(ds []*policyDoc, doc *policyDoc) []*policyDoc {
	for _, e := range ds {
		if e == doc {
			return ds
		}
	}
	return append(ds, doc)
}

// pairsOf returns the pairings of a document.
func (d *disclosure) pairsOf(doc *policyDoc) []pairing { return d.byDoc[doc] }

// linksToPage reports whether page a links to page b (by canonical URL, final
// URL, or b's file name in a's scripts, for lists built by script).
func (d *disclosure) linksToPage(a, b *site.Page) bool {
	name := lastSegment(b.URL)
	for _, l := range a.Outgoing() {
		if l.URL == b.URL || (b.FinalURL != "" && l.URL == b.FinalURL) {
			return true
		}
		// Normalise only links that may point to b (same last segment).
		if strings.Contains(l.URL, name) && d.pageAt(l.URL) == b {
			return true
		}
	}
	if st := a.Body().ScriptText; st != "" {
		u := b.URL
		if i := strings.LastIndexByte(u, '/'); i >= 0 && i+1 < len(u) {
			name := u[i+1:]
			generic := strings.HasPrefix(name, "index") || strings.HasPrefix(name, "default")
			if len(name) >= 6 && !generic && strings.Contains(st, name) {
				return true
			}
		}
	}
	return false
}

// lastSegment is the last non-empty path segment of a URL, without a
// default document name ("…/zcjd/index.html" → "zcjd").
func lastSegment(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	for _, idx := range []string{"index.html", "index.htm", "index.shtml", "index.jsp", "default.html", "default.htm"} {
		u = strings.TrimSuffix(u, "/"+idx)
	}
	u = strings.TrimRight(u, "/")
	return u[strings.LastIndexByte(u, '/')+1:]
}

// docLabel names a document for messages: its title and 文号.
func docLabel(doc *policyDoc) string {
	if doc.hasNum {
		return "“" + doc.title + "”（" + doc.num.String() + "）"
	}
	return "“" + doc.title + "”"
}

// docSubject is the stable identity of a document for fingerprints.
func docSubject(doc *policyDoc) string {
	if doc.hasNum {
		return doc.num.String()
	}
	return ""
}
