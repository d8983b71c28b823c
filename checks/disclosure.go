package checks

// Shared recognition for the 政务公开 content rules (guide, annual report,
// documents, interpretations): which pages are policy documents and
// interpretations, their 文号, dates and issuing level, and how they pair.
// Every rule of the area builds what it needs from here in linear time.

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gongkai/gongkai/calendar"
	"github.com/gongkai/gongkai/site"
)

// calOf returns the context's calendar, or the embedded official one.
func calOf(ctx *Context) *calendar.Calendar {
	if ctx != nil && ctx.Calendar != nil {
		return ctx.Calendar
	}
	return calendar.Default()
}

// evalDate returns the evaluation date (today in Shanghai when unset).
func evalDate(ctx *Context) time.Time {
	if ctx != nil && !ctx.AsOf.IsZero() {
		return ctx.AsOf
	}
	n := time.Now().In(site.Shanghai)
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, site.Shanghai)
}

// usable reports whether a crawled page can be judged at all: fetched, and
// not a "soft 404" (looksNotFound reads no long page's text).
func usable(p *site.Page) bool {
	return p != nil && p.Status < 300 && !looksNotFound(p)
}

// notFoundIn returns looksNotFound for the pages of s, worked out once per
// run for the fetched ones: nearly every rule asks it of every page, and
// for a short page it means reading the text back from the page store.
func notFoundIn(ctx *Context, s *site.Site) func(*site.Page) bool {
	if ctx == nil {
		return looksNotFound
	}
	notFound := shared(ctx, "not-found", s, func() map[*site.Page]bool {
		m := map[*site.Page]bool{}
		for _, p := range s.Pages {
			if p.Status < 300 && looksNotFound(p) {
				m[p] = true
			}
		}
		return m
	})
	return func(p *site.Page) bool {
		if p.Status >= 300 {
			return looksNotFound(p)
		}
		return notFound[p] // callers only pass pages of s
	}
}

// usableIn returns usable for the pages of s (see notFoundIn).
func usableIn(ctx *Context, s *site.Site) func(*site.Page) bool {
	notFound := notFoundIn(ctx, s)
	return func(p *site.Page) bool { return p != nil && p.Status < 300 && !notFound(p) }
}

// footerStart are words a page footer begins with.
var footerStart = regexp.MustCompile(`网站地图|主办单位|主办：|版权所有|网站标识码|ICP备|联系我们|关于我们|Copyright|©`)

// bodyText is the page text without the footer — but only when the
// extractor found a real footer element (one that begins like a footer):
// without one, FooterText is merely the last part of the text, and cutting
// it would drop the end of the document (a guide's 传真 line, a date).
func bodyText(p *site.Page) string { return bodyTextOf(p.Body()) }

// bodyTextOf is bodyText of a page's text already read.
func bodyTextOf(b site.Body) string {
	t, f := b.Text, b.FooterText
	if f == "" || len(f) >= len(t) || !strings.HasSuffix(t, f) {
		return t
	}
	head := f
	if len(head) > 300 {
		head = head[:300]
	}
	if !footerStart.MatchString(head) {
		return t
	}
	return strings.TrimSpace(t[:len(t)-len(f)])
}

// ymd formats a date as YYYY-MM-DD in Shanghai.
func ymd(t time.Time) string { return t.In(site.Shanghai).Format("2006-01-02") }

// dayOf truncates t to its Shanghai date.
func dayOf(t time.Time) time.Time {
	t = t.In(site.Shanghai)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, site.Shanghai)
}

// ---- 文号 ----

// docNum is a 文号 such as 示府办规〔2025〕3号.
type docNum struct {
	Prefix string // issuer code: 示府办规
	Year   string
	Num    string // without leading zeros
}

func (d docNum) String() string {
	if d.Year == "" {
		return ""
	}
	return d.Prefix + "〔" + d.Year + "〕" + d.Num + "号"
}

// normative reports whether the 文号 is one of a 规章 or 行政规范性文件: the
// issuer code of such documents ends in 规 (X府规, X府办规, X政规, X财规).
func (d docNum) normative() bool { return strings.HasSuffix(d.Prefix, "规") }

// national reports whether the 文号 is the State Council's (国发, 国办发 …).
func (d docNum) national() bool {
	switch d.Prefix {
	case "国发", "国办发", "国函", "国办函", "国发明电", "国办发明电", "国令":
		return true
	}
	return false
}

var (
	// docNumBracket normalises the year brackets of a 文号: 〔〕 [ ] 【】 （）.
	docNumBracket = regexp.MustCompile(`[\[［【（(〔﹝]\s*((?:19|20)\d{2})\s*[\]］】）)〕﹞]`)
	docNumRe      = regexp.MustCompile(`(\p{Han}+)\s*〔((?:19|20)\d{2})〕\s*第?\s*(\d{1,5})\s*号`)
	// docNumAt is docNumRe matched only at the start of its input.
	docNumAt = regexp.MustCompile(`^` + docNumRe.String())
	// citeWords open a sentence that cites another document's 文号.
	citeWords = []string{"根据", "依据", "按照", "贯彻", "落实", "转发", "印发", "关于", "执行", "参照", "依照", "废止", "同时", "原", "经"}
)

// docNumMatch is one 文号 found in a string, with its surroundings.
type docNumMatch struct {
	num          docNum
	before       rune // rune before the match, 0 at the start
	after        rune // rune after the match, 0 at the end
	prefixRunes  int
	citationLike bool
}

// findDocNums returns every 文号 in s (brackets normalised first): the
// matches of docNumRe.FindAllStringSubmatchIndex on the normalised text.
// Whole bodies pass here, so the regexp is only tried where a match can
// start: each match holds one 〔 and begins in the run of Han characters
// before it (after the previous match), and ends at the first 号 after it.
func findDocNums(s string) []docNumMatch {
	if !strings.Contains(s, "号") {
		return nil
	}
	n := normDocNumBrackets(s)
	var out []docNumMatch
	prevEnd, hao := 0, -1 // end of the last match; the first 号 at or after off
	for off := 0; ; {
		i := strings.Index(n[off:], "〔")
		if i < 0 {
			break
		}
		c := off + i
		off = c + len("〔")
		if !strings.HasPrefix(n[off:], "19") && !strings.HasPrefix(n[off:], "20") {
			continue
		}
		if hao < off {
			j := strings.Index(n[off:], "号")
			if j < 0 {
				break
			}
			hao = off + j
		}
		q := c // \s* before 〔
		for q > prevEnd && isRESpace(n[q-1]) {
			q--
		}
		x := q // (\p{Han}+) before that
		for x > prevEnd {
			r, size := utf8.DecodeLastRuneInString(n[prevEnd:x])
			if !unicode.Is(unicode.Han, r) {
				break
			}
			x -= size
		}
		if x == q {
			continue
		}
		m := docNumAt.FindStringSubmatchIndex(n[x : hao+len("号")])
		if m == nil {
			continue
		}
		for k := range m {
			m[k] += x
		}
		prevEnd = m[1]
		off = max(off, prevEnd)
		if dm, ok := docNumMatchAt(n, m); ok {
			out = append(out, dm)
		}
	}
	return out
}

// docNumMatchAt builds the match of docNumRe's submatch indexes m in n; a
// number of only zeros is no 文号.
func docNumMatchAt(n string, m []int) (docNumMatch, bool) {
	prefix := n[m[2]:m[3]]
	num := strings.TrimLeft(n[m[6]:m[7]], "0")
	if num == "" {
		return docNumMatch{}, false
	}
	dm := docNumMatch{num: docNum{Prefix: prefix, Year: n[m[4]:m[5]], Num: num}, prefixRunes: utf8.RuneCountInString(prefix)}
	if m[0] > 0 {
		dm.before, _ = utf8.DecodeLastRuneInString(n[:m[0]])
	}
	if m[1] < len(n) {
		dm.after, _ = utf8.DecodeRuneInString(n[m[1]:])
	}
	for _, w := range citeWords {
		if strings.HasPrefix(prefix, w) {
			dm.citationLike = true
			break
		}
	}
	return dm, true
}

// isRESpace is \s of Go's regexp.
func isRESpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\f' || b == '\r'
}

// normDocNumBrackets is docNumBracket.ReplaceAllString(s, "〔$1〕") without
// the regexp: an opening bracket, \s*, a year 19xx or 20xx, \s*, a closing
// bracket become 〔year〕. s itself is returned when nothing changes.
func normDocNumBrackets(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != '[' && c != '(' && c != 0xE3 && c != 0xEF {
			continue // the opening brackets begin with one of these bytes
		}
		w := bracketAt(s[i:], "[［【（(〔﹝")
		if w == 0 {
			continue
		}
		j := i + w
		for j < len(s) && isRESpace(s[j]) {
			j++
		}
		if j+4 > len(s) || !(s[j:j+2] == "19" || s[j:j+2] == "20") || !isASCIIDigit(s[j+2]) || !isASCIIDigit(s[j+3]) {
			continue
		}
		year := s[j : j+4]
		j += 4
		for j < len(s) && isRESpace(s[j]) {
			j++
		}
		cw := bracketAt(s[j:], "]］】）)〕﹞")
		if cw == 0 {
			continue
		}
		if b.Len() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:i])
		b.WriteString("〔")
		b.WriteString(year)
		b.WriteString("〕")
		last = j + cw
		i = last - 1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// bracketAt returns the length of the bracket of set that s starts with, or 0.
func bracketAt(s, set string) int {
	// The brackets are ASCII or begin with byte E3 or EF.
	if s == "" || !(s[0] < utf8.RuneSelf && strings.IndexByte(set, s[0]) >= 0 || s[0] == 0xE3 || s[0] == 0xEF) {
		return 0
	}
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || !strings.ContainsRune(set, r) {
		return 0
	}
	return size
}

func isASCIIDigit(b byte) bool { return '0' <= b && b <= '9' }

// ownNumber reports whether a match looks like a document's own 文号 rather
// than a citation inside a sentence: a short issuer code, not opened by
// 根据/转发…, and not running on into more text ("…5号文件精神").
func (m docNumMatch) ownNumber() bool {
	if m.citationLike || m.prefixRunes < 2 || m.prefixRunes > 8 {
		return false
	}
	if m.before == '《' || m.before == '“' {
		return false
	}
	startBounded := m.before == 0 || m.before == ' '
	endBounded := m.after == 0 || !unicode.Is(unicode.Han, m.after)
	return endBounded || startBounded
}

// metadataDocNum reads the 文号 field: "无", "-" or an unparseable value
// give no number.
func metadataDocNum(p *site.Page) (docNum, bool) {
	v := p.Fields()["文号"]
	for _, m := range findDocNums(v) {
		d := m.num
		if r := []rune(d.Prefix); len(r) > 10 {
			d.Prefix = string(r[len(r)-10:])
		}
		return d, true
	}
	return docNum{}, false
}

// titleDocNum finds the document's own 文号 in its title.
func titleDocNum(title string) (docNum, bool) {
	for _, m := range findDocNums(title) {
		if m.ownNumber() {
			return m.num, true
		}
	}
	return docNum{}, false
}

// standaloneDocNum finds a 文号 printed on its own in the body (the line
// under the title of a 公文): bounded by spaces, short issuer code.
func standaloneDocNum(text string) (docNum, bool) {
	for _, m := range findDocNums(text) {
		if !m.citationLike && m.prefixRunes >= 2 && m.prefixRunes <= 8 &&
			(m.before == 0 || m.before == ' ') && (m.after == 0 || m.after == ' ') {
			return m.num, true
		}
	}
	return docNum{}, false
}

// ---- titles ----

// pageTitle is the document's own title: ArticleTitle, the metadata 名称,
// else the longest part of <title> (sites append or prepend their name).
func pageTitle(p *site.Page) string {
	if t := strings.TrimSpace(p.ArticleTitle()); t != "" {
		return t
	}
	if t := strings.TrimSpace(p.Fields()["名称"]); t != "" {
		return t
	}
	best := ""
	for _, part := range titleSplit.Split(p.Title, -1) {
		part = strings.TrimSpace(part)
		if utf8.RuneCountInString(part) > utf8.RuneCountInString(best) {
			best = part
		}
	}
	return best
}

var titleSplit = regexp.MustCompile(`\s*(?:_|\||｜|－|—|--|\s-\s)\s*`)

var (
	bookTitleRe = regexp.MustCompile(`《([^《》]{2,})》`)
	// docWrapperHead and docWrapperTail strip the 公文 frame around a
	// subject ("XX县人民政府关于印发…的通知"); interpHead and interpTail the
	// words of an interpretation's title. Longer words first.
	docWrapperHead = []string{"印发", "转发", "发布", "公布", "下发", "修订", "修改", "废止"}
	docWrapperTail = []string{"通知", "通告", "公告", "意见", "决定", "批复", "复函", "函", "报告", "请示", "公示"}
	interpHead     = []string{"一图读懂", "一图看懂", "一图了解", "政策解读", "图解", "图说", "解读"}
	interpTailList = []string{"解读材料", "解读稿", "政策解读", "政策问答", "答记者问", "一图读懂", "解读", "图解", "问答"}
)

// minKeyRunes keeps generic subjects (实施方案, 工作制度) out of matching.
const minKeyRunes = 6

// titleKeys returns the comparable subjects of a title: every 《…》 inside it,
// and the title with the 公文 or 解读 frame removed, without punctuation.
func titleKeys(title string) []string {
	var keys []string
	add := func(s string) {
		k := stripNoise(s)
		if utf8.RuneCountInString(k) < minKeyRunes {
			return
		}
		for _, e := range keys {
			if e == k {
				return
			}
		}
		keys = append(keys, k)
	}
	for _, m := range bookTitleRe.FindAllStringSubmatch(title, -1) {
		add(m[1])
		add(titleCore(m[1])) // 《关于加强耕地保护的意见》 → 加强耕地保护
	}
	add(titleCore(title))
	return keys
}

// titleCore strips the issuer ("XX县人民政府关于"), 印发/转发, the document
// type and any 解读 words: "示范县人民政府关于印发《X办法》的通知" → "X办法".
func titleCore(title string) string {
	t := normDocNumBrackets(title)
	// Drop the document's own 文号 ("（示府发〔2025〕5号）"); of a cited one
	// only the number goes, the words before it are part of the subject.
	for _, m := range findDocNums(t) {
		if m.ownNumber() {
			t = strings.Replace(t, m.num.Prefix, "", 1)
		}
	}
	t = docNumTail.ReplaceAllString(t, "")
	if i := strings.Index(t, "关于"); i >= 0 {
		t = t[i+len("关于"):]
	}
	t = quoteMarks.Replace(t)
	t = stripNoise(t)
	for range 3 {
		before := t
		t = trimPrefixAny(t, docWrapperHead)
		t = trimPrefixAny(t, interpHead)
		t = strings.TrimSuffix(trimSuffixAny(t, interpTailList), "的")
		t = strings.TrimSuffix(trimSuffixAny(t, docWrapperTail), "的")
		if t == before {
			break
		}
	}
	return t
}

var quoteMarks = strings.NewReplacer("《", "", "》", "", "“", "", "”", "", "\"", "")

// stripNoise removes spaces, punctuation and symbols.
func stripNoise(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			return -1
		}
		return r
	}, s)
}

func trimPrefixAny(s string, words []string) string {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return s[len(w):]
		}
	}
	return s
}

func trimSuffixAny(s string, words []string) string {
	for _, w := range words {
		if strings.HasSuffix(s, w) {
			return s[:len(s)-len(w)]
		}
	}
	return s
}

func hasSuffixAny(s string, words []string) bool {
	for _, w := range words {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

var docNumTail = regexp.MustCompile(`〔\d{4}〕\s*第?\s*\d+\s*号`)

// isInterpTitle reports whether a title names an interpretation rather than
// a document about interpretation work ("关于做好政策解读工作的通知").
func isInterpTitle(title string) bool {
	if !hasInterpWord(title) {
		return false
	}
	t := stripNoise(title)
	if interpStart.MatchString(t) || hasSuffixAny(t, interpTailList) {
		return true
	}
	return !docTypeTail.MatchString(t)
}

// docTitle reports a 公文 title ("…的通知", "…办法") without 解读 words.
func docTitle(title string) bool {
	return !hasInterpWord(title) && docTypeTail.MatchString(stripNoise(title))
}

// interpWords mark an interpretation's title or a link to one.
var interpWords = []string{"解读", "图解", "一图读懂", "一图看懂", "答记者问", "政策问答"}

func hasInterpWord(s string) bool {
	for _, w := range interpWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

var (
	interpStart = regexp.MustCompile(`^(?:一图读懂|一图看懂|一图了解|图解|图说|解读)`)
	docTypeTail = regexp.MustCompile(`(?:通知|通告|意见|办法|决定|规定|方案|公告|批复|函|细则|规则|制度|纲要|规划|计划|报告|总结|要点|名单|安排|清单|目录|标准|预案|公示)$`)
)

// ---- dates ----

// dateOf is a date with the label it was read from, for evidence.
type dateOf struct {
	t     time.Time
	label string // "发布日期", "成文日期（页面标注为“发文日期”）", "页面发布时间" …
}

var urlDateRe = regexp.MustCompile(`/t((?:19|20)\d{2})(\d{2})(\d{2})_|/art/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/`)

// urlDate reads the date a CMS puts in article URLs.
func urlDate(u string) (time.Time, bool) {
	m := urlDateRe.FindStringSubmatch(u)
	if m == nil {
		return time.Time{}, false
	}
	y, mo, d := m[1], m[2], m[3]
	if y == "" {
		y, mo, d = m[4], m[5], m[6]
	}
	yi, _ := strconv.Atoi(y)
	mi, _ := strconv.Atoi(mo)
	di, _ := strconv.Atoi(d)
	t := time.Date(yi, time.Month(mi), di, 0, 0, 0, 0, site.Shanghai)
	if t.Month() != time.Month(mi) || t.Day() != di {
		return time.Time{}, false
	}
	return t, true
}

// labelOf names a metadata field as the page prints it.
func labelOf(p *site.Page, canon string) string {
	if pr := p.FieldLabels()[canon]; pr != "" && pr != canon {
		return canon + "（页面标注为“" + pr + "”）"
	}
	return canon
}

// docNumSource says the 文号 came from the metadata table, naming the
// field as the page prints it; a constant in the usual case (a new string
// per document was 3 MB at 100,000 pages).
func docNumSource(p *site.Page) string {
	if l := labelOf(p, "文号"); l != "文号" {
		return "元数据表“" + l + "”"
	}
	return "元数据表“文号”"
}

// publishedDate is the document's 发布日期: the metadata table's, else the
// page's own publication date. A CMS migration re-stamps PubDate, so a meta
// date that disagrees with the date coded in the URL is not trusted.
func publishedDate(p *site.Page) (dateOf, bool) {
	if v := p.Fields()["发布日期"]; v != "" {
		if t, ok := site.FindDate(v); ok {
			return dateOf{t: dayOf(t), label: labelOf(p, "发布日期")}, true
		}
	}
	if p.Published.IsZero() || p.Published.Source == site.SourceList {
		return dateOf{}, false
	}
	t := dayOf(p.Published.Time)
	if p.Published.Source == site.SourceMeta {
		if u, ok := urlDate(p.URL); ok && absDays(u, t) > 1 {
			return dateOf{}, false
		}
	}
	return dateOf{t: t, label: "页面发布日期"}, true
}

// writtenDate is the 成文日期 (or the field the page prints in its place).
func writtenDate(p *site.Page) (dateOf, bool) {
	if v := p.Fields()["成文日期"]; v != "" {
		if t, ok := site.FindDate(v); ok {
			return dateOf{t: dayOf(t), label: labelOf(p, "成文日期")}, true
		}
	}
	return dateOf{}, false
}

func absDays(a, b time.Time) int {
	d := int(dayOf(a).Sub(dayOf(b)).Hours() / 24)
	if d < 0 {
		return -d
	}
	return d
}

// workdayEvidence explains a working-day count in Chinese: the span, the
// official days off and make-up working days inside it, and the notices.
func workdayEvidence(cal *calendar.Calendar, from, to time.Time) string {
	var parts []string
	var offRuns []string
	var makeups []string
	if to.After(from) && to.Sub(from) <= 62*24*time.Hour {
		var runStart, runEnd time.Time
		runName := ""
		flush := func() {
			if runName == "" {
				return
			}
			if runStart.Equal(runEnd) {
				offRuns = append(offRuns, fmt.Sprintf("%s%s放假", cnMonthDay(runStart), runName))
			} else {
				offRuns = append(offRuns, fmt.Sprintf("%s至%s%s放假", cnMonthDay(runStart), cnMonthDay(runEnd), runName))
			}
			runName = ""
		}
		for d := dayOf(from).AddDate(0, 0, 1); !d.After(to); d = d.AddDate(0, 0, 1) {
			info, err := cal.Day(d)
			if err != nil {
				break
			}
			switch info.Kind {
			case calendar.OffDay:
				if runName == info.Name && runEnd.AddDate(0, 0, 1).Equal(d) {
					runEnd = d
					continue
				}
				flush()
				runName, runStart, runEnd = info.Name, d, d
				if runName == "" {
					runName = "法定节假日"
				}
			case calendar.MakeupWorkday:
				flush()
				makeups = append(makeups, fmt.Sprintf("%s（%s）调休上班", cnMonthDay(d), cnWeekday(d)))
			default:
				flush()
			}
		}
		flush()
	}
	if len(offRuns) > 0 {
		parts = append(parts, "其间"+strings.Join(offRuns, "，"))
	}
	if len(makeups) > 0 {
		parts = append(parts, strings.Join(makeups, "，")+"计为工作日")
	}
	return strings.Join(parts, "；")
}

// noticesFor cites the holiday notices of the years from..to.
func noticesFor(cal *calendar.Calendar, from, to time.Time) string {
	var cites []string
	seen := map[string]bool{}
	for y := from.In(site.Shanghai).Year(); y <= to.In(site.Shanghai).Year(); y++ {
		for _, n := range cal.Notice(y) {
			c := n.Number
			if c == "" {
				c = "《" + n.Title + "》"
			}
			if !seen[c] {
				seen[c] = true
				cites = append(cites, c)
			}
		}
	}
	if len(cites) == 0 {
		return "国务院办公厅当年节假日安排"
	}
	return strings.Join(cites, "、")
}

func cnMonthDay(t time.Time) string { return fmt.Sprintf("%d月%d日", t.Month(), t.Day()) }

func cnWeekday(t time.Time) string {
	return [...]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}[t.Weekday()]
}

// ---- issuing bodies ----

// Administrative levels, highest first.
const (
	levelNational = 3
	levelProvince = 2
	levelLocal    = 1 // 市, 县, 区, 乡镇 and their departments
	levelUnknown  = 0
)

var (
	nationalBody = regexp.MustCompile(`^(?:国务院|中共中央|全国人大|全国人民代表大会|全国政协|国家|中华人民共和国|最高人民|(?:外交|国防|教育|科学技术|工业和信息化|公安|民政|司法|财政|人力资源和社会保障|自然资源|生态环境|住房和城乡建设|交通运输|水利|农业农村|商务|文化和旅游|退役军人事务|应急管理)部|审计署|海关总署|国家)`)
	provinceBody = regexp.MustCompile(`^(?:中共)?\p{Han}{1,4}(?:省|自治区)`)
	localMarker  = regexp.MustCompile(`\p{Han}(?:市|县|区|旗|州|盟|镇|乡|街道)`)
)

// notPlace are words whose 市/区 is not a place (市场监督管理局).
var notPlace = strings.NewReplacer("市场", "", "区域", "", "城市", "", "都市", "")

// levelOf guesses the administrative level of a body's name. A local branch
// of a national body (国家税务总局示范县税务局) is local.
func levelOf(body string) int {
	b := strings.TrimSpace(body)
	local := localMarker.MatchString(notPlace.Replace(b))
	switch {
	case b == "":
		return levelUnknown
	case nationalBody.MatchString(b):
		if local {
			return levelLocal
		}
		return levelNational
	case provinceBody.MatchString(b):
		rest := provinceBody.ReplaceAllString(b, "")
		if localMarker.MatchString("省" + notPlace.Replace(rest)) {
			return levelLocal
		}
		return levelProvince
	case local:
		return levelLocal
	}
	return levelUnknown
}

// higherThanSite reports whether body is clearly above the site's own level
// (a 国务院 or 省 document reposted on a county site).
func higherThanSite(body string, siteLevel int) bool {
	l := levelOf(body)
	if siteLevel == levelUnknown {
		siteLevel = levelLocal
	}
	return l > siteLevel
}

// issuerOf is the issuing body a title names before 关于.
func issuerOf(title string) string {
	if i := strings.Index(title, "关于"); i > 0 {
		return strings.TrimSpace(title[:i])
	}
	return ""
}

// ---- documents and interpretations ----

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
	return shared(ctx, "disclosure", s, func() *disclosure { return analyseSite(ctx, s) })
}

func analyseSite(ctx *Context, s *site.Site) *disclosure {
	d := &disclosure{
		siteLevel: levelOf(siteName(s)),
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
	isUsable := usableIn(ctx, s)
	for _, p := range s.Pages {
		if !isUsable(p) {
			continue
		}
		cls := classOf(ctx, p)
		title := pageTitle(p)
		if p.IsColumn() && p.NumFields() < 2 {
			continue
		}
		// A 政策文件及解读 column holds documents too: there a 公文 title
		// without any 解读 word is a document.
		if isInterpTitle(title) || (cls == ColInterp && !docTitle(title)) {
			if p.IsColumn() {
				continue
			}
			d.interps = append(d.interps, d.newInterp(p, title))
			continue
		}
		num, numFrom, hasNum := docNum{}, "", false
		if n, ok := metadataDocNum(p); ok {
			num, numFrom, hasNum = n, docNumSource(p), true
		} else if n, ok := titleDocNum(title); ok {
			num, numFrom, hasNum = n, "标题", true
		} else if cls == ColPolicy && !p.IsColumn() {
			// Real 政府文件 pages often show only 发布日期/来源/作者, with
			// the 文号 on its own line under the title in the body.
			if n, ok := standaloneDocNum(bodyText(p)); ok {
				num, numFrom, hasNum = n, "正文", true
			}
		}
		if !hasNum && !(cls == ColPolicy && p.NumFields() >= 2) {
			continue
		}
		doc := &policyDoc{page: p, copies: []*site.Page{p}, title: title, num: num, hasNum: hasNum, numFrom: numFrom,
			keys: titleKeys(title), class: cls}
		d.classifyDoc(doc)
		docPages = append(docPages, doc)
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
