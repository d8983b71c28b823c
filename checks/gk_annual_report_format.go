package checks

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/gongkai/gongkai/calendar"
	"github.com/gongkai/gongkai/site"
)

// AnnualReportFormat reports a 政府信息公开工作年度报告 whose content does not
// follow the format in force for its year (rules.md D2): the six parts and
// fixed tables of 国办公开办函〔2021〕30号 for reports due after it was
// issued; for every year, a 申请 table that does not add up, a body that
// speaks of another year than its title, and text nearly the same as last
// year's or a sibling body's report (内容雷同).
type AnnualReportFormat struct{}

var annualReportFormatMeta = Meta{
	ID:          "gk-annual-report-format",
	Name:        "年报格式不规范",
	Description: "检查近3年的政府信息公开工作年度报告格式：缺少规定的六部分内容或固定表格、申请数据前后对不上、年份与标题不符，或正文与上一年度（或同级机关）报告90%以上相同，即为问题；部分项为疑似，需人工确认。",
	Severity:    Deduct, // [I] rules.md gives no deduction figure
	Basis:       "《中华人民共和国政府信息公开条例》（2019年修订）第五十条；《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）",
	Advice:      "按国办公开办函〔2021〕30号格式编制年度报告：完整包含六部分内容并按统一表格填报数据，核对表格数据（本年新收+上年结转=办理结果总计+结转下年度继续办理），正文年度与标题一致，结合本机关本年度实际撰写，避免照搬往年或其他单位内容。",
	Summary: "each report of the last 3 years found by gk-annual-report-missing's search whose text was read (its page and its readable attachments): " +
		"for reports due while 30号 is in force (the 2021 report onward, calendar/law annual-report-format; earlier reports are judged by the rules then in force, without the new tables) " +
		"a missing part of the six (总体情况 … 其他需要报告的事项) or fixed table (第二十条 items, 申请 matrix, 复议诉讼); " +
		"for every year: the 申请 table's 本年新收+上年结转 ≠ 办理结果总计+结转下年度继续办理 (疑似, advice), a body whose years (YYYY年度) are all another year than the title's, " +
		"and prose (总体情况, 存在的主要问题) at least 90% the same [I] as last year's report of the same body or a sibling body's of the same year, numbers aside (疑似内容雷同, advice).",
	// A report's parts, tables and year are on its page; 雷同 needs the
	// other reports, so a row not found again proves nothing.
	Recheck: Recheck{Mode: RecheckFoundOnly, Strict: true, Reason: recheckMore},
}

// Meta describes the rule.
func (AnnualReportFormat) Meta() Meta { return annualReportFormatMeta }

// arParts are the six parts of the 30号 format, as headings vary a little.
var arParts = []struct {
	name string
	re   *regexp.Regexp
}{
	{"总体情况", regexp.MustCompile(`总体情况`)},
	{"主动公开政府信息情况", regexp.MustCompile(`主动公开政府信息(?:的)?情况`)},
	{"收到和处理政府信息公开申请情况", regexp.MustCompile(`收到和处理政府信息公开申请(?:的)?情况`)},
	{"政府信息公开行政复议、行政诉讼情况", regexp.MustCompile(`行政复议[、和及]?\s*行政诉讼(?:的)?情况`)},
	{"存在的主要问题及改进情况", regexp.MustCompile(`存在的主要问题(?:及|和)改进情况`)},
	{"其他需要报告的事项", regexp.MustCompile(`其他需要报告的事项`)},
}

// arTables are the fixed tables, recognised by a heading cell each prints.
var arTables = []struct {
	name string
	re   *regexp.Regexp
}{
	{"主动公开政府信息情况表（第二十条第（一）（五）（六）（八）项）", regexp.MustCompile(`本年(?:新)?制发件数|现行有效件数|本年处理决定数量`)},
	{"收到和处理政府信息公开申请情况表", regexp.MustCompile(`本年新收政府信息公开申请数量|上年结转政府信息公开申请数量`)},
	{"政府信息公开行政复议、行政诉讼情况表", regexp.MustCompile(`结果维持[\s\S]{0,40}结果纠正|尚未审结`)},
}

var (
	arNumRun   = regexp.MustCompile(`^[\s|｜]*((?:\d+[\s|｜]*)+)`)
	arYearWord = regexp.MustCompile(`((?:19|20)\d{2})\s*年度`)
	arDigits   = regexp.MustCompile(`[0-9０-９.%％]+`)
)

// arReport is one report with its text.
type arReport struct {
	*annualReport
	text string
	// own is the text without the site's chrome (menus, the homepage's
	// words, link texts): what 雷同 compares when the report has no parts.
	own  string
	from []string // 页面正文, 附件《…》
}

// Check judges the recent reports whose text the crawl read.
func (AnnualReportFormat) Check(ctx *Context, s *site.Site) []Finding {
	now := evalDate(ctx)
	atts := fsAttachIdx(s)
	byURL := map[string]*site.Attachment{}
	for _, a := range s.Attachments {
		byURL[a.URL] = a
	}
	var reps []*arReport
	hx := sharedHealthIndex(ctx, s)
	for _, r := range annualReports(ctx, s) {
		if r.year < now.Year()-3 || r.year >= now.Year() {
			continue
		}
		ar := &arReport{annualReport: r}
		if r.page != nil {
			ar.text = bodyText(r.page)
			ar.own = strings.ReplaceAll(hx.bodyText(r.page), r.title, "")
			ar.from = append(ar.from, "页面正文")
			for _, a := range atts[r.page.URL] {
				if a.Text != "" && a.Unreadable == "" {
					ar.text += " " + a.Text
					ar.own += " " + a.Text
					ar.from = append(ar.from, "附件《"+a.Name+"》")
				}
			}
		} else if a := byURL[r.url]; a != nil && a.Text != "" && a.Unreadable == "" {
			ar.text, ar.own = a.Text, a.Text
			ar.from = append(ar.from, "附件《"+a.Name+"》")
		}
		if hanRunes(ar.text) < 50 {
			continue // nothing read: gk-annual-report-missing and the attachment rules speak
		}
		reps = append(reps, ar)
	}
	sort.SliceStable(reps, func(i, j int) bool { return reps[i].year > reps[j].year })
	var out []Finding
	for _, r := range reps {
		out = append(out, arFormatFindings(r)...)
		if f, ok := arSumFinding(r); ok {
			out = append(out, f)
		}
		if f, ok := arYearFinding(r); ok {
			out = append(out, f)
		}
		if f, ok := arSameAs(r, reps); ok {
			out = append(out, f)
		}
	}
	return out
}

func (r *arReport) finding(msg, ev, subject string) Finding {
	return Finding{URL: r.url, Title: r.title, Column: r.column, Message: msg, Evidence: ev,
		Subject: strconv.Itoa(r.year) + r.name + "|" + subject}
}

// arFormatFindings reports the parts and tables 30号 requires that the
// report lacks, when 30号 governs the report's year.
func arFormatFindings(r *arReport) []Finding {
	req, _, ok := calendar.YearlyDue("annual-report-format", r.year)
	if !ok {
		return nil // the format of its day set no such tables
	}
	var parts, tables []string
	for _, p := range arParts {
		if !p.re.MatchString(r.text) {
			parts = append(parts, "“"+p.name+"”")
		}
	}
	for _, t := range arTables {
		if !t.re.MatchString(r.text) {
			tables = append(tables, t.name)
		}
	}
	if len(parts) == 0 && len(tables) == 0 {
		return nil
	}
	var what []string
	if len(parts) > 0 {
		what = append(what, fmt.Sprintf("缺少%s部分", strings.Join(parts, "、")))
	}
	if len(tables) > 0 {
		what = append(what, "缺少"+strings.Join(tables, "、"))
	}
	f := r.finding(fmt.Sprintf("%d年度报告未按统一格式编制：%s。", r.year, strings.Join(what, "；")),
		fmt.Sprintf("已读取%s；%d年度报告应按%s格式编制六部分内容并填报统一表格（以表头“本年制发件数”“本年新收政府信息公开申请数量”“结果维持/结果纠正”等识别）。",
			strings.Join(r.from, "、"), r.year, req.Ref), "format")
	f.Basis = req.Basis
	return []Finding{f}
}

// arLastNumber is the last of the numbers right after label's first
// occurrence in text at or after from (a table row flattened to text: the
// 总计 column is the last). ok is false when no number follows.
func arLastNumber(text, label string, from int) (n, at int, ok bool) {
	i := strings.Index(text[from:], label)
	if i < 0 {
		return 0, -1, false
	}
	at = from + i + len(label)
	m := arNumRun.FindStringSubmatch(text[at:])
	if m == nil {
		return 0, at, false
	}
	f := strings.FieldsFunc(m[1], func(r rune) bool { return unicode.IsSpace(r) || r == '|' || r == '｜' })
	n, err := strconv.Atoi(f[len(f)-1])
	return n, at, err == nil
}

// arSumFinding checks 本年新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理.
func arSumFinding(r *arReport) (Finding, bool) {
	t := r.text
	in, _, ok1 := arLastNumber(t, "本年新收政府信息公开申请数量", 0)
	carry, _, ok2 := arLastNumber(t, "上年结转政府信息公开申请数量", 0)
	res := strings.Index(t, "本年度办理结果")
	end := strings.Index(t, "结转下年度继续办理")
	if !ok1 || !ok2 || res < 0 || end < res {
		return Finding{}, false
	}
	sec := t[res:end]
	k := strings.LastIndex(sec, "总计")
	if k < 0 {
		return Finding{}, false
	}
	total, _, ok3 := arLastNumber(t, "总计", res+k)
	out, _, ok4 := arLastNumber(t, "结转下年度继续办理", end)
	if !ok3 || !ok4 || in+carry == total+out {
		return Finding{}, false
	}
	f := r.finding(fmt.Sprintf("疑似%d年度报告“收到和处理政府信息公开申请情况”表数据不平衡（请人工核对）。", r.year),
		fmt.Sprintf("表中“总计”列：本年新收%d件＋上年结转%d件＝%d件，办理结果总计%d件＋结转下年度继续办理%d件＝%d件，两者应相等。",
			in, carry, in+carry, total, out, total+out), "sum")
	f.Severity = Advice
	return f, true
}

// arYearFinding reports a body that speaks only of another year: every
// "YYYY年度" in the text names a year other than the title's (and other
// than the year of publication).
func arYearFinding(r *arReport) (Finding, bool) {
	counts := map[int]int{}
	// The page repeats its title (the heading), which says nothing of the body.
	body := strings.ReplaceAll(r.text, r.title, "")
	for _, m := range arYearWord.FindAllStringSubmatch(body, -1) {
		y, _ := strconv.Atoi(m[1])
		counts[y]++
	}
	if counts[r.year] > 0 {
		return Finding{}, false
	}
	best, n := 0, 0
	for y, c := range counts {
		if y != r.year+1 && (c > n || c == n && y > best) {
			best, n = y, c
		}
	}
	if n < 2 {
		return Finding{}, false
	}
	return r.finding(fmt.Sprintf("%d年度报告正文所述年度为%d年度，与标题不一致。", r.year, best),
		fmt.Sprintf("标题为“%s”；正文%s中“%d年度”出现%d次，未出现“%d年度”。", r.title, strings.Join(r.from, "、"), best, n, r.year), "year"), true
}

// arProse is the report's own prose: the 总体情况 and 存在的主要问题 parts
// when it has them (the tables and headings are the same in every report);
// a report with the parts but little prose in them has none to compare.
// Without the parts, its own text (no menus or title). Digits dropped, so a
// copy with new figures is a copy.
func arProse(r *arReport) string {
	t := r.text
	pick := func(from, to *regexp.Regexp) string {
		a := from.FindStringIndex(t)
		if a == nil {
			return ""
		}
		rest := t[a[1]:]
		if b := to.FindStringIndex(rest); b != nil {
			rest = rest[:b[0]]
		}
		return rest
	}
	p := pick(arParts[0].re, arParts[1].re) + pick(arParts[4].re, arParts[5].re)
	if hanRunes(p) < 100 {
		if arParts[0].re.MatchString(t) {
			return ""
		}
		p = r.own
	}
	p = arDigits.ReplaceAllString(p, "")
	var b strings.Builder
	for _, c := range p {
		if unicode.Is(unicode.Han, c) {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// arShingles are the text's 4-character runs.
func arShingles(t string) map[string]bool {
	rs := []rune(t)
	out := map[string]bool{}
	for i := 0; i+4 <= len(rs); i++ {
		out[string(rs[i:i+4])] = true
	}
	return out
}

// arSimilarity is the share of the smaller text's runs found in the other.
func arSimilarity(a, b map[string]bool) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) == 0 {
		return 0
	}
	n := 0
	for k := range a {
		if b[k] {
			n++
		}
	}
	return float64(n) / float64(len(a))
}

// arSameMin is the share of shared text that makes two reports 雷同 [I].
const arSameMin = 0.9

// arSameAs compares the report with last year's of the same body and with
// other bodies' reports of the same year.
func arSameAs(r *arReport, all []*arReport) (Finding, bool) {
	prose := arProse(r)
	if hanRunes(prose) < 100 {
		return Finding{}, false
	}
	mine := arShingles(prose)
	for _, o := range all {
		same := o.year == r.year-1 && o.name == r.name
		sibling := o.year == r.year && o.name != r.name
		if !same && !sibling || o.url == r.url {
			continue
		}
		op := arProse(o)
		if hanRunes(op) < 100 {
			continue
		}
		sim := arSimilarity(mine, arShingles(op))
		if sim < arSameMin {
			continue
		}
		if sibling && r.url > o.url {
			continue // one row per pair of siblings
		}
		who := "上一年度报告"
		if sibling {
			who = "同年度其他单位报告"
		}
		f := r.finding(fmt.Sprintf("疑似%d年度报告内容与%s雷同（请人工核对）。", r.year, who),
			fmt.Sprintf("与“%s”（%s）的正文（总体情况、存在的主要问题及改进情况，不计数字）相同部分占%.0f%%，达到%.0f%%的雷同标准（推定值）；国办公开办函〔2021〕30号要求杜绝内容雷同、敷衍塞责。",
				o.title, o.url, sim*100, arSameMin*100), "same")
		f.Severity = Advice
		return f, true
	}
	return Finding{}, false
}
