package checks

import (
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
	"weak"

	"github.com/gongkai/gongkai/site"
)

// This file holds what the three personal-data rules share: one scan of
// every page and attachment per site (cached, so the three rules do not
// scan three times), and how a finding is worded.

// piiDoc is one page or attachment with personal numbers in its text.
type piiDoc struct {
	url, title, column string
	referrers          []string
	attachment         bool
	text               string
	hits               []piiHit
}

// piiResult is the scan of one site.
type piiResult struct {
	docs []piiDoc
	// mobilePages counts, per mobile number, the pages it appears on: a
	// number printed by the site template on many pages is the office's.
	mobilePages map[string]int
}

// piiTemplatePages is how many pages a mobile number must appear on to be
// taken for the site template's contact line (footer, sidebar). [I]
const piiTemplatePages = 10

// piiCache keeps the last site's scan. The site is held weakly, so a cached
// scan never keeps a finished crawl in memory.
var piiCache struct {
	sync.Mutex
	site          weak.Pointer[site.Site]
	maxBirth      int
	pages, attach int
	res           *piiResult
}

// piiScanSite scans every page and attachment of s, once per site (in a
// run, as part of the one reading of the pages' texts: see pageTexts).
func piiScanSite(ctx *Context, s *site.Site) *piiResult {
	if ctx != nil {
		return sharedPageTexts(ctx, s).pii
	}
	maxBirth := piiMaxBirth(ctx)
	piiCache.Lock()
	defer piiCache.Unlock()
	if piiCache.res != nil && piiCache.site.Value() == s && piiCache.maxBirth == maxBirth &&
		piiCache.pages == len(s.Pages) && piiCache.attach == len(s.Attachments) {
		return piiCache.res
	}
	res := piiScanAll(s, newPIIScanner(maxBirth))
	piiCache.site = weak.Make(s)
	piiCache.maxBirth = maxBirth
	piiCache.pages, piiCache.attach = len(s.Pages), len(s.Attachments)
	piiCache.res = res
	return res
}

// piiMaxBirth is the evaluation date as yyyymmdd: no one is born after it.
func piiMaxBirth(ctx *Context) int {
	t := time.Time{}
	if ctx != nil {
		t = ctx.AsOf
	}
	if t.IsZero() {
		t = time.Now()
	}
	t = t.In(site.Shanghai)
	return t.Year()*10000 + int(t.Month())*100 + t.Day()
}

func piiScanAll(s *site.Site, sc piiScanner) *piiResult {
	ps := newPIIPageScan(s, sc)
	for _, p := range s.Pages {
		if ps.wants(p) {
			ps.page(p, p.Body().Text)
		}
	}
	return ps.finish(s)
}

// piiPageScan is piiScanAll in steps, for a pass over the pages that reads
// each text once for several purposes (pageTexts): wants, then page with
// the text of each page it wants, in site order; finish scans attachments.
type piiPageScan struct {
	res  *piiResult
	sc   piiScanner
	seen map[string]bool
	buf  []piiHit
}

func newPIIPageScan(s *site.Site, sc piiScanner) *piiPageScan {
	return &piiPageScan{res: &piiResult{mobilePages: map[string]int{}}, sc: sc, seen: make(map[string]bool, len(s.Pages))}
}

// wants reports whether p's text is to be scanned; it must be asked once
// per page.
func (ps *piiPageScan) wants(p *site.Page) bool {
	if p.Status != 0 && (p.Status < 200 || p.Status >= 300) {
		return false // an error page says nothing about the site's content
	}
	key := p.URL
	if p.FinalURL != "" {
		key = p.FinalURL
	}
	if ps.seen[key] {
		return false
	}
	ps.seen[key] = true
	return true
}

func (ps *piiPageScan) page(p *site.Page, text string) {
	ps.buf = ps.sc.scan(ps.buf[:0], text)
	if len(ps.buf) == 0 {
		return // most pages: no need to read the metadata table
	}
	ps.hits(p, text, ps.buf, p.Fields())
}

// hits records the scan's hits on page p (its text and metadata table).
func (ps *piiPageScan) hits(p *site.Page, text string, hits []piiHit, fields map[string]string) {
	res := ps.res
	hits = piiDropMetadataNumbers(hits, fields)
	if len(hits) == 0 {
		return
	}
	counted := map[string]bool{}
	for _, h := range hits {
		if h.kind == piiMobile && !counted[h.digits] {
			counted[h.digits] = true
			res.mobilePages[h.digits]++
		}
	}
	res.docs = append(res.docs, piiDoc{url: p.URL, title: p.Title, column: p.Column, text: text,
		hits: append([]piiHit(nil), hits...)})
}

func (ps *piiPageScan) finish(s *site.Site) *piiResult {
	res, sc, buf := ps.res, ps.sc, ps.buf
	var pages map[string]*site.Page
	for _, a := range s.Attachments {
		// An unreadable attachment (scanned image, .wps …) says nothing;
		// the crawl notes report it.
		if a.Unreadable != "" || a.Text == "" {
			continue
		}
		buf = sc.scan(buf[:0], a.Text)
		buf = piiApplyHeaders(a.Text, buf)
		if len(buf) == 0 {
			continue
		}
		if pages == nil {
			pages = pageIndex(s)
		}
		d := piiDoc{url: a.URL, title: a.Name, referrers: a.Referrers, attachment: true, text: a.Text,
			hits: append([]piiHit(nil), buf...)}
		if d.title == "" {
			d.title = piiFileName(a.URL)
		}
		for _, r := range a.Referrers {
			if p := pages[r]; p != nil && p.Column != "" {
				d.column = p.Column
				break
			}
		}
		res.docs = append(res.docs, d)
	}
	return res
}

// piiDropMetadataNumbers removes hits that are (part of) the page's 索引号, 文号
// or 统一编号: those are never personal data, whatever their shape.
func piiDropMetadataNumbers(hits []piiHit, md map[string]string) []piiHit {
	if len(md) == 0 {
		return hits
	}
	var codes []string
	for _, k := range []string{"索引号", "文号", "统一编号"} {
		if v := md[k]; v != "" {
			codes = append(codes, piiNormDigits(v))
		}
	}
	if len(codes) == 0 {
		return hits
	}
	out := hits[:0]
	for _, h := range hits {
		keep := true
		for _, c := range codes {
			if strings.Contains(c, h.digits) {
				keep = false
				break
			}
		}
		if keep {
			out = append(out, h)
		}
	}
	return out
}

// piiApplyHeaders judges the hits of a tabular attachment text (cells
// joined by tabs, one row a line, "工作表：" before each sheet) by their
// column header, which in a long list stands far above the row:
//   - a mobile-shaped number under 金额/投资/编号 … (no 电话/手机) is not one;
//   - an ID-shaped number under 项目编号/代码 … (no 身份证/证件) is not one;
//   - a card-shaped number under 银行卡号/账号 … has its bank word.
//
// Hits come in text order, so one forward pass finds every header: O(n).
func piiApplyHeaders(text string, hits []piiHit) []piiHit {
	if len(hits) == 0 || strings.IndexByte(text, '\t') < 0 {
		return hits
	}
	out := hits[:0]
	pos := 0            // start of the next line not yet read for headers
	var header []string // header cells of the current sheet
	directory := false  // the sheet is a directory of officials (职务, 单位 …)
	// The hit's line and column, carried from hit to hit so that a long
	// line is never searched once per hit.
	lineStart, lineTabbed, colAt, col := -1, false, 0, 0
	for _, h := range hits {
		ls := max(lineStart, 0)
		if nl := strings.LastIndexByte(text[ls:h.start], '\n'); nl >= 0 || lineStart < 0 {
			lineStart = ls + nl + 1
			end := strings.IndexByte(text[lineStart:], '\n')
			if end < 0 {
				end = len(text) - lineStart
			}
			lineTabbed = strings.IndexByte(text[lineStart:lineStart+end], '\t') >= 0
			colAt, col = lineStart, 0
		}
		col += strings.Count(text[colAt:h.start], "\t")
		colAt = h.start
		// Read the lines before the hit's line: sheet starts and headers.
		for pos < lineStart {
			end := strings.IndexByte(text[pos:], '\n')
			if end < 0 {
				end = len(text) - pos
			}
			line := text[pos : pos+end]
			pos += end + 1
			switch {
			case strings.HasPrefix(line, "工作表："):
				header = nil
			case header == nil && strings.IndexByte(line, '\t') >= 0 && !piiHasLongRun(line):
				header = strings.Split(line, "\t")
				directory = piiContainsAny(line, piiDirectoryColumns) && !piiContainsAny(line, piiResidentColumns)
			}
		}
		if header == nil || !lineTabbed || col >= len(header) {
			out = append(out, h)
			continue
		}
		cell := header[col]
		switch h.kind {
		case piiMobile:
			phoneColumn := piiContainsAny(cell, piiContactLabels)
			if piiContainsAny(cell, piiNotPhoneColumns) && !phoneColumn {
				continue
			}
			// The phone column of a directory of officials: each number
			// is labelled by its header.
			if phoneColumn && directory {
				h.contact = true
			}
		case piiID:
			if piiContainsAny(cell, piiNumberingLabels) && !piiContainsAny(cell, piiIDWords) {
				continue
			}
		case piiCard:
			if piiContainsAny(cell, piiCardWords) {
				h.cardCtx, h.otherLabel = true, false
			}
		}
		out = append(out, h)
	}
	return out
}

// piiDirectoryColumns head the columns of a directory of officials; a
// sheet with one of them and none of piiResidentColumns is a directory.
var piiDirectoryColumns = []string{"职务", "职位", "职称", "单位", "部门", "科室", "岗位", "分管", "职责"}

// piiResidentColumns head the columns of a list of residents.
var piiResidentColumns = []string{"身份证", "证件", "户主", "住址", "家庭", "性别", "年龄", "出生", "金额", "补贴", "补助", "救助",
	"保障", "人口", "村组", "开户", "账号", "卡号"}

// piiNotPhoneColumns head columns of amounts, areas and codes.
var piiNotPhoneColumns = []string{"元", "金额", "投资", "资金", "收入", "支出", "合计", "面积", "数量", "编号", "代码", "序号", "账号", "卡号", "编码"}

// piiNormDigits turns full-width digits and X into ASCII.
func piiNormDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + r - '０'
		case r == 'x' || r == 'Ｘ' || r == 'ｘ':
			return 'X'
		}
		return r
	}, s)
}

func piiFileName(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	return u[strings.LastIndexByte(u, '/')+1:]
}

// piiSelection is the numbers one rule counts in one document.
type piiSelection struct {
	hits  []piiHit // every counted occurrence, in text order
	count int      // distinct numbers
	note  string   // why these numbers count, for the evidence
}

// piiCheck is the Check of one kind of number: one finding, about subject,
// for each page or attachment of the site whose leaked numbers leaks
// selects.
func piiCheck(ctx *Context, s *site.Site, kind piiKind, subject string, leaks func(d *piiDoc, res *piiResult) (piiSelection, bool)) []Finding {
	res := piiScanSite(ctx, s)
	var out []Finding
	for i := range res.docs {
		d := &res.docs[i]
		if sel, ok := leaks(d, res); ok {
			out = append(out, piiFinding(d, kind, sel, subject))
		}
	}
	return out
}

// piiFinding words the finding for a document: the count, up to three
// masked samples and a masked snippet around the first occurrence. No full
// number reaches any field: titles and snippets pass through piiMaskRuns.
func piiFinding(d *piiDoc, kind piiKind, sel piiSelection, subject string) Finding {
	what := piiKindName(kind)
	var samples []string
	seen := map[string]bool{}
	for _, h := range sel.hits {
		if !seen[h.digits] && len(samples) < 3 {
			seen[h.digits] = true
			samples = append(samples, piiMask(kind, h.digits))
		}
	}
	title := piiMaskRuns(d.title)
	where := "页面"
	if d.attachment {
		where = fmt.Sprintf("附件“%s”", title)
	}
	var ev strings.Builder
	fmt.Fprintf(&ev, "%s中有%d个未脱敏的%s", where, sel.count, what)
	if sel.count > 1 {
		ev.WriteString("（去重计数）")
	}
	fmt.Fprintf(&ev, "，示例：%s", strings.Join(samples, "、"))
	if sel.note != "" {
		fmt.Fprintf(&ev, "；%s", sel.note)
	}
	fmt.Fprintf(&ev, "；上下文：“%s”", piiSnippet(d.text, sel.hits[0], d.hits))
	if d.attachment && len(d.referrers) > 0 {
		refs := d.referrers
		more := ""
		if len(refs) > 3 {
			refs, more = refs[:3], fmt.Sprintf("等%d个页面", len(d.referrers))
		}
		fmt.Fprintf(&ev, "；链接该附件的页面：%s%s", strings.Join(refs, "、"), more)
	}
	ev.WriteString("。")
	msg := fmt.Sprintf("页面公开了%d个未脱敏的%s。", sel.count, what)
	if d.attachment {
		msg = fmt.Sprintf("附件“%s”公开了%d个未脱敏的%s。", title, sel.count, what)
	}
	return Finding{
		URL:       d.url,
		Title:     title,
		Column:    piiMaskRuns(d.column),
		Message:   msg,
		Evidence:  ev.String(),
		Referrers: d.referrers,
		Subject:   subject,
	}
}

func piiKindName(kind piiKind) string {
	switch kind {
	case piiID:
		return "居民身份证号码"
	case piiMobile:
		return "手机号码"
	case piiCard:
		return "银行卡号"
	}
	return "个人信息"
}

// piiSnippet is the text around h, one of all (the document's hits in text
// order), with each hit masked as its kind and every other long digit run
// masked by piiMaskRuns. An edge that falls inside another
// number moves out to include the whole number (masked), or, for a very
// long run, in to drop it: a cut-off part of a number is never shown.
func piiSnippet(text string, h piiHit, all []piiHit) string {
	lo := piiBackRunes(text, h.start, 14)
	if piiInsideRun(text, lo) {
		k := lo
		for n := 0; n < 20 && piiInsideRun(text, k); n++ {
			_, sz := utf8.DecodeLastRuneInString(text[:k])
			k -= sz
		}
		if !piiInsideRun(text, k) {
			lo = k
		}
		for lo < h.start && piiInsideRun(text, lo) {
			_, sz := utf8.DecodeRuneInString(text[lo:])
			lo += sz
		}
	}
	hi := piiFwdRunes(text, h.end, 8)
	if piiInsideRun(text, hi) {
		k := hi
		for n := 0; n < 20 && piiInsideRun(text, k); n++ {
			_, sz := utf8.DecodeRuneInString(text[k:])
			k += sz
		}
		if !piiInsideRun(text, k) {
			hi = k
		}
		for hi > h.end && piiInsideRun(text, hi) {
			_, sz := utf8.DecodeLastRuneInString(text[:hi])
			hi -= sz
		}
	}
	// Every number found in the window shows with its own mask; the text
	// between them passes through piiMaskRuns.
	var b strings.Builder
	at := lo
	for _, o := range all {
		if o.start < at || o.end > hi {
			continue
		}
		b.WriteString(piiMaskRuns(text[at:o.start]))
		b.WriteString(piiMask(o.kind, o.digits))
		at = o.end
	}
	b.WriteString(piiMaskRuns(text[at:hi]))
	s := strings.Join(strings.Fields(b.String()), " ")
	if lo > 0 {
		s = "…" + s
	}
	if hi < len(text) {
		s += "…"
	}
	return s
}

// piiInsideRun reports whether offset i cuts a run of digits (or a digit and
// its X check character) in two.
func piiInsideRun(text string, i int) bool {
	if i <= 0 || i >= len(text) {
		return false
	}
	p, _ := utf8.DecodeLastRuneInString(text[:i])
	r, _ := utf8.DecodeRuneInString(text[i:])
	return piiIsDigit(p) && (piiIsDigit(r) || piiIsX(r)) || piiIsX(p) && piiIsDigit(r)
}

// piiDistinct counts the distinct numbers of hits.
func piiDistinct(hits []piiHit) int {
	seen := map[string]bool{}
	for _, h := range hits {
		seen[h.digits] = true
	}
	return len(seen)
}

// piiHitsOf returns the hits of one kind.
func piiHitsOf(hits []piiHit, kind piiKind) []piiHit {
	var out []piiHit
	for _, h := range hits {
		if h.kind == kind {
			out = append(out, h)
		}
	}
	return out
}
