package checks

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/gongkai/gongkai/site"
)

// SangongMissing reports a 部门预算 or 部门决算 that does not disclose the
// 「三公」 expenses with amounts and an explanation of their change.
type SangongMissing struct{}

var sangongMissingMeta = Meta{
	ID:          "sangong-missing",
	Name:        "三公经费未公开",
	Description: "检查部门预算、决算中是否公开“三公”经费：缺少因公出国（境）费、公务用车购置及运行费、公务接待费的金额，或缺少增减变化情况及原因说明，即为问题；附件无法读取的提示人工核对。",
	Severity:    Deduct, // [I]; an attachment that cannot be read gives advice instead
	Basis:       "《预算法》第十四条；《地方预决算公开操作规程》（财预〔2016〕143号）及财政预决算领域基层政务公开标准目录：“三公”经费按因公出国（境）费、公务用车购置及运行费、公务接待费公开并说明增减变化情况",
	Advice:      "在部门预算（决算）中公开“三公”经费支出表，分别列明因公出国（境）费、公务用车购置费、公务用车运行费、公务接待费金额，并说明较上年（决算较预算）增减变化情况及原因；附件应为可读取的文字版而非扫描图片。",
	Summary: "a 部门预算/决算 (this and last year's budget, last two years' 决算) whose page text and readable attachments lack amounts for 因公出国(境)费, 公务用车购置及运行费 and 公务接待费, or a sentence on their change (增加/减少/持平) with its reason; " +
		"an unreadable attachment (scan, .wps), or a page with no 三公 text but pictures that may be the tables, gives advice 请人工核对 instead; attachments not downloaded make it silent; a separate 三公 page of the same body and year covers the others. Waive with disable: [sangong-missing].",
	// No per-finding deduction is given in rules.md; set one with points:.
	Recheck: Recheck{Reason: "需读取预决算附件判断，请重新扫描全站"},
}

// Meta describes the rule.
func (SangongMissing) Meta() Meta { return sangongMissingMeta }

var (
	// A separate 绩效/批复/审计/采购 document is not where the 三公 table lives.
	fsNotBudgetDoc = regexp.MustCompile(`绩效|批复|审计|采购|调整`)

	fsSangongItems = []struct {
		name string
		re   *regexp.Regexp
	}{
		{"因公出国（境）费", regexp.MustCompile(`出国\s*[(（]?\s*境?\s*[)）]?\s*(经)?费`)},
		{"公务用车购置及运行费", regexp.MustCompile(`公务用车[^，,。；;\d]{0,10}费`)},
		{"公务接待费", regexp.MustCompile(`公务接待\s*(经)?费`)},
	}
	// An amount: a decimal, a number with 元/万元, or a bare number standing
	// alone as a table cell. Years and table numbers are removed first.
	fsAmountRe  = regexp.MustCompile(`\d+\.\d+|\d+\s*万?元|(?:^|\s)\d+(?:\s|$)`)
	fsNotAmount = regexp.MustCompile(`(?:19|20)\d{2}\s*年度?|表\s*\d+|第\s*\d+|\d+\s*[月日项个条辆人次]`)
	// "三公经费为0", "无三公经费": figures and explanation in one.
	fsSangongZero = regexp.MustCompile(`三公[”"’']?\s*经费(?:预算|决算|支出|财政拨款|总额|合计|数)*\s*均?为\s*(?:0(?:\.0+)?\s*(?:万?元)?(?:[^.\d]|$)|零)|无[“"‘']?三公[”"’']?\s*经费|未(?:安排|发生)[^。；;，,]{0,4}[“"‘']?三公`)

	fsSangongTopic = regexp.MustCompile(`三公|出国|公务用车|公务接待`)
	// 决算 compare with the budget: 决算数小于预算数.
	fsChangeRe      = regexp.MustCompile(`增加|减少|持平|下降|增长|上升|压减|缩减|增减|一致|相同|无变化|未发生变化|未变化|变动|小于|大于|低于|高于|超出`)
	fsNoChangeRe    = regexp.MustCompile(`持平|一致|相同|无变化|未发生变化|未变化`)
	fsReasonRe      = regexp.MustCompile(`原因|主要是|主要用于|由于|因为|系|用于|压减|压缩|落实|严格|厉行节约|八项规定|过紧日子|需要|控制`)
	fsSentenceSplit = regexp.MustCompile(`[。；;！!？?]`)
)

// fsFinanceDoc is one 部门预算 or 决算 document: a page with its attachments,
// or an attachment linked from a list.
type fsFinanceDoc struct {
	kind   fsBudgetKind
	year   int
	title  string
	url    string
	column string
	body   string // issuing body: the title before the year, normalised
	page   bool   // a page (with its attachments) rather than a bare attachment
	text   string // page body and readable attachments
	read   []string
	unread []string // "name（reason）"
	// notFetched: the page links attachments that were not downloaded, so
	// their content is unknown.
	notFetched bool
	// images are pictures in the page that the homepage does not show: the
	// tables may be images, which cannot be read.
	images int
}

// fsSangongResult is what the document shows.
type fsSangongResult struct {
	found, missing []string
	zero           bool
	explanation    string
	explained      bool
}

func (r fsSangongResult) ok() bool { return len(r.missing) == 0 && r.explained }

// fsSangongCheck reads the figures and the explanation from a text.
func fsSangongCheck(text string) fsSangongResult {
	var r fsSangongResult
	if m := fsSangongZero.FindString(text); m != "" {
		r.zero, r.explained, r.explanation = true, true, m
		return r
	}
	for _, it := range fsSangongItems {
		// Tables print the labels in a header row and the amounts below,
		// so an amount within the next 120 runes counts; which cell is
		// whose cannot be told, so none is quoted.
		amount := false
		for _, loc := range it.re.FindAllStringIndex(text, 20) {
			win := fsWindow(text, loc[1], loc[1], 0, 120)
			if fsAmountRe.MatchString(fsNotAmount.ReplaceAllString(win, " ")) {
				amount = true
				break
			}
		}
		if amount {
			r.found = append(r.found, it.name)
		} else {
			r.missing = append(r.missing, it.name)
		}
	}
	sentences := fsSentenceSplit.Split(text, -1)
	for i, s := range sentences {
		if !fsSangongTopic.MatchString(s) || !fsChangeRe.MatchString(s) {
			continue
		}
		next := ""
		if i+1 < len(sentences) {
			next = sentences[i+1]
		}
		if fsNoChangeRe.MatchString(s) || fsReasonRe.MatchString(s) || fsReasonRe.MatchString(next) {
			r.explained, r.explanation = true, strings.TrimSpace(s)
			break
		}
	}
	return r
}

// fsSangongYears are the years whose documents are checked: this and last
// year's budget, last year's and the year before's final account [I].
func fsSangongYears(ctx *Context, kind fsBudgetKind) []int {
	y := fsAsOf(ctx).Year()
	if kind == fsFinal {
		return []int{y - 1, y - 2}
	}
	return []int{y, y - 1}
}

// fsBodyOf is the issuing body written before the year ("示范县教育局"), to
// tell a separate 三公 page of the same body from another body's.
func fsBodyOf(title string) string {
	loc := fsYearRe.FindStringIndex(title)
	if loc == nil {
		return ""
	}
	b := title[:loc[0]]
	for _, w := range []string{"关于", "公开", "“", "”", "\"", " ", "《"} {
		b = strings.ReplaceAll(b, w, "")
	}
	return b
}

// fsFinanceDocs collects the 部门预算/决算 documents of the checked years.
func fsFinanceDocs(ctx *Context, s *site.Site) []*fsFinanceDoc {
	byRef := fsAttachIdx(s)
	known := make(map[string]bool, len(s.Attachments))
	for _, a := range s.Attachments {
		known[a.URL] = true
	}
	// Pictures on the homepage (logo, banner) are site furniture.
	furniture := map[string]bool{}
	if home := homepage(s); home != nil {
		for _, l := range home.Outgoing() {
			if l.Kind == site.KindImage {
				furniture[l.URL] = true
			}
		}
	}
	pages := pageIndex(s)
	var docs []*fsFinanceDoc
	inDoc := map[string]bool{} // attachments already part of a page's document
	isUsable := usableIn(ctx, s)
	for _, p := range s.Pages {
		if !isUsable(p) || fsIsList(p) {
			continue
		}
		title := fsDocTitle(p)
		if fsNotBudgetDoc.MatchString(title) {
			continue
		}
		for _, kind := range []fsBudgetKind{fsBudget, fsFinal} {
			years := fsBudgetYears(title, kind)
			for _, y := range fsSangongYears(ctx, kind) {
				if !slices.Contains(years, y) {
					continue
				}
				d := &fsFinanceDoc{kind: kind, year: y, title: title, url: p.URL, column: p.Column, body: fsBodyOf(title), text: bodyText(p), page: true}
				atts := byRef[p.URL]
				if p.FinalURL != "" {
					atts = append(atts, byRef[p.FinalURL]...)
				}
				for _, a := range atts {
					inDoc[a.URL] = true
					d.addAttachment(a)
				}
				for _, l := range p.Outgoing() {
					switch {
					case l.Kind == site.KindAnchor && isAttachment(l.URL) && !known[l.URL]:
						d.notFetched = true
					case l.Kind == site.KindImage && !furniture[l.URL]:
						d.images++
					}
				}
				docs = append(docs, d)
			}
		}
	}
	// Attachments named as a budget but linked only from lists are documents
	// of their own.
	for _, a := range s.Attachments {
		if inDoc[a.URL] || fsNotBudgetDoc.MatchString(a.Name) {
			continue
		}
		for _, kind := range []fsBudgetKind{fsBudget, fsFinal} {
			years := fsBudgetYears(a.Name, kind)
			for _, y := range fsSangongYears(ctx, kind) {
				if !slices.Contains(years, y) {
					continue
				}
				d := &fsFinanceDoc{kind: kind, year: y, title: a.Name, url: a.URL, body: fsBodyOf(a.Name)}
				for _, r := range a.Referrers {
					if p := pages[r]; p != nil {
						d.column = p.Column
						break
					}
				}
				d.addAttachment(a)
				docs = append(docs, d)
			}
		}
	}
	return docs
}

func (d *fsFinanceDoc) addAttachment(a *site.Attachment) {
	name := a.Name
	if name == "" {
		name = fsPath(a.URL)
	}
	if a.Unreadable != "" || strings.TrimSpace(a.Text) == "" {
		reason := a.Unreadable
		if reason == "" {
			reason = "未提取到文字"
		}
		d.unread = append(d.unread, "《"+name+"》（"+reason+"）")
		return
	}
	d.read = append(d.read, "《"+name+"》")
	d.text += " " + a.Text
}

// Check judges each document on its page text and readable attachments.
func (SangongMissing) Check(ctx *Context, s *site.Site) []Finding {
	docs := fsFinanceDocs(ctx, s)
	results := make([]fsSangongResult, len(docs))
	for i, d := range docs {
		results[i] = fsSangongCheck(d.text)
	}
	var out []Finding
	for i, d := range docs {
		r := results[i]
		if r.ok() || d.notFetched && len(d.unread) == 0 {
			continue // fine, or its attachments were not looked at
		}
		if fsCoveredElsewhere(docs, results, i) {
			continue // a separate 三公 page or table of the same body and year
		}
		out = append(out, d.finding(r))
	}
	return out
}

// fsCoveredElsewhere reports whether another document of the same kind, year
// and body discloses the 三公 expenses (a department often publishes them as
// a separate page or table).
func fsCoveredElsewhere(docs []*fsFinanceDoc, results []fsSangongResult, i int) bool {
	d := docs[i]
	for j, o := range docs {
		if j == i || !results[j].ok() || o.kind != d.kind || o.year != d.year {
			continue
		}
		if o.body == "" || d.body == "" || strings.Contains(o.body, d.body) || strings.Contains(d.body, o.body) {
			return true
		}
	}
	return false
}

func (d *fsFinanceDoc) finding(r fsSangongResult) Finding {
	doc := fmt.Sprintf("%d年%s", d.year, d.kind.name())
	var scope []string
	if d.page {
		scope = append(scope, "页面正文")
	}
	if len(d.read) > 0 {
		scope = append(scope, "附件"+strings.Join(d.read, "、")+"（已读取）")
	}
	f := Finding{URL: d.url, Title: d.title, Column: d.column, Subject: doc}
	if len(d.unread) == 0 && d.images > 0 && len(r.found) == 0 && !r.explained {
		// Nothing about 三公 in the text, but pictures in the page: the
		// tables may be images. Say so rather than claim they are missing.
		f.Severity = Advice
		f.Message = fmt.Sprintf("%s页面文字中没有“三公”经费内容，页面含%d张图片，表格可能以图片形式发布，请人工核对。", doc, d.images)
		f.Evidence = fmt.Sprintf("已检查页面正文，未找到因公出国（境）费、公务用车购置及运行费、公务接待费及增减变化说明；页面另有%d张图片（不含首页也有的网站标识等图片），图片内容无法读取，预决算表格不应以图片形式发布。", d.images)
		return f
	}
	if len(d.unread) > 0 {
		// The figures may well be in the file we could not read: say so.
		f.Severity = Advice
		f.Message = fmt.Sprintf("%s的附件无法读取，未能核对“三公”经费是否公开，请人工核对。", doc)
		f.Evidence = fmt.Sprintf("无法读取附件%s，请人工核对；", strings.Join(d.unread, "、"))
		if len(scope) > 0 {
			f.Evidence += "已检查" + strings.Join(scope, "、") + "，"
		}
		f.Evidence += fsSangongFoundText(r) + "。"
		return f
	}
	switch {
	case len(r.found) == 0 && !r.explained:
		f.Message = fmt.Sprintf("%s未公开“三公”经费支出数据及增减变化原因说明。", doc)
	case len(r.missing) > 0 && r.explained:
		f.Message = fmt.Sprintf("%s公开的“三公”经费数据不完整（缺少%s金额）。", doc, strings.Join(r.missing, "、"))
	case len(r.missing) > 0:
		f.Message = fmt.Sprintf("%s公开的“三公”经费数据不完整（缺少%s金额），且未说明增减变化原因。", doc, strings.Join(r.missing, "、"))
	default:
		f.Message = fmt.Sprintf("%s公开了“三公”经费数据，但未说明增减变化情况及原因。", doc)
	}
	f.Evidence = "已检查" + strings.Join(scope, "、") + "；" + fsSangongFoundText(r) +
		"；判定标准：须分别列明因公出国（境）费、公务用车购置及运行费、公务接待费金额，并有含“增加/减少/持平”及原因的说明（财预〔2016〕143号标准目录）。"
	return f
}

func fsSangongFoundText(r fsSangongResult) string {
	var parts []string
	if len(r.found) > 0 {
		parts = append(parts, "找到"+strings.Join(r.found, "、")+"及金额")
	}
	if len(r.missing) > 0 {
		parts = append(parts, "未找到"+strings.Join(r.missing, "、")+"的金额")
	}
	if r.explained {
		parts = append(parts, "增减说明：“"+fsWindow(r.explanation, 0, 0, 0, 60)+"”")
	} else {
		parts = append(parts, "未找到“三公”经费增减变化及原因的说明")
	}
	return strings.Join(parts, "，")
}
