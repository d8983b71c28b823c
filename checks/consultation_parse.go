package checks

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gongkai/gongkai/site"
)

// How the consultation rules read a draft for comment (rules.md I2): the
// notices of 意见征集-class columns (and anywhere, notices titled 公开征求…意见
// or …征求意见稿) that are not surveys or polls; the comment period from the
// notice text — 「征求意见时间为2025年3月1日至2025年3月15日」, 「即日起至…」
// (from the 发布日期), 「截止日期：…」, 「请于…前反馈」, 「为期30天」; and the
// feedback: a page or list entry titled …意见采纳情况 / …征求意见反馈 /
// …结果反馈 that names the same draft, or an adoption section (收到意见N条 …)
// in the notice itself or in another page naming the draft.

var (
	fsSurveyTitle = regexp.MustCompile(`调查|问卷|投票|评选|评议|满意度|征文|征名|标识|吉祥物|摄影|任前|人选|线索|案例|作品|宣传语|口号`)
	fsDraftTitle  = regexp.MustCompile(`征求.{0,40}意见|意见征集|征集.{0,30}意见|征求意见稿|草案|送审稿|意见建议`)
	// Outside a 意见征集 column only an unmistakable notice counts.
	fsStrongDraftTitle = regexp.MustCompile(`公开征求.{0,40}意见|征求意见稿|征求.{0,40}意见的(公告|通知|函)`)
	fsFeedbackTitle    = regexp.MustCompile(`采纳情况|吸纳情况|意见.{0,6}(采纳|吸纳|反馈)|征求意见.{0,8}(反馈|结果|情况)|结果反馈|反馈情况|采纳说明`)
	// An adoption section: counts and outcomes, not the notice's promise to
	// publish them later ("合理意见予以采纳").
	fsAdoptionRe = regexp.MustCompile(`收到[^。；]{0,20}(意见|建议)[^。；]{0,6}\d+\s*(条|件|份|人次)|收到[^。；]{0,10}\d+\s*(条|件|份)[^。；]{0,6}(意见|建议)|采纳了?\s*\d+\s*(条|件)|部分采纳\s*\d+|未采纳\s*\d+|采纳情况(如下|说明\s*[:：]|\s*[:：])|反馈情况(如下|\s*[:：])|(意见|建议)均已(采纳|吸纳)|未收到(任何)?[^。；]{0,6}(意见|建议)|没有收到[^。；]{0,6}(意见|建议)`)

	fsFullDateRe = regexp.MustCompile(`((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})`)
	fsMDDateRe   = regexp.MustCompile(`^(\d{1,2})\s*月\s*(\d{1,2})\s*日`)
	// What may follow a date before the separator: weekday, time of day.
	fsDateTail = regexp.MustCompile(`^(\s*[(（]?(星期|周)[一二三四五六日天][)）]?)?(\s*(上午|下午|晚上)?\s*\d{1,2}\s*[:：时点]\s*(\d{1,2}\s*分?)?\s*(整)?)?`)
	fsRangeSep = regexp.MustCompile(`^\s*(至|到|—+|－|-|~|～|––?)\s*`)
	// Words that introduce the comment period.
	fsPeriodKey   = regexp.MustCompile(`征求意见|意见征集|征集|反馈|期限|时间|截止|起止|公示期|期间|日期`)
	fsFromNowRe   = regexp.MustCompile(`(自|从)?即日起\s*(至|到)\s*`)
	fsDeadlineKey = regexp.MustCompile(`(截止(日期|时间)?|截至|截止到)\s*(为|到|至)?\s*[:：]?\s*$`)
	fsBeforeRe    = regexp.MustCompile(`^(\s*\d{1,2}\s*[:：时点]\s*(\d{1,2}\s*分?)?)?\s*(前|之前|以前)`)
	fsDaysRe      = regexp.MustCompile(`(为期|期限为|时间为|期为|期限)\s*(\d{1,3}|[一二三四五六七八九十]{1,3})\s*(日|天)`)
	fsReasonText  = regexp.MustCompile(`(^|[^原])因[^此而为公]|由于|鉴于|紧急|紧迫|时间紧|情况特殊|特殊情况|时限要求|工作需要|上级要求|缩短`)
	fsShortNote   = regexp.MustCompile(`(少于|不足|短于)\s*(30|三十)\s*(日|天)的?(原因|理由|说明)|缩短[^。]{0,8}(期限|时间)`)
)

// fsConsult is one draft for comment and its period.
type fsConsult struct {
	page    *site.Page
	title   string
	keys    []string // the draft's names (《…》), for matching feedback
	core    string   // the title without notice words, when there is no 《》
	start   time.Time
	end     time.Time
	startBy string // where the start date came from
	endBy   string
	period  string // the text that gave the period
	reason  string // a reason for a short period, if stated
	known   bool   // both dates known
}

// days is the length of the period in calendar days, both ends counted.
func (c *fsConsult) days() int {
	return int(c.end.Sub(c.start).Hours()/24+0.5) + 1
}

// fsIsDraft reports whether a page is a draft for comment.
func fsIsDraft(ctx *Context, p *site.Page) (string, bool) {
	if !usable(p) {
		return "", false
	}
	return fsIsDraftUsable(ctx, p)
}

// fsIsDraftUsable is fsIsDraft of a page known to be usable.
func fsIsDraftUsable(ctx *Context, p *site.Page) (string, bool) {
	if fsIsList(p) {
		return "", false
	}
	title := fsDocTitle(p)
	// Every draft title has one of these words; most pages stop here.
	if !strings.Contains(title, "意见") && !strings.Contains(title, "草案") && !strings.Contains(title, "送审稿") {
		return "", false
	}
	class := classOf(ctx, p)
	if class == ColSurvey || fsSurveyTitle.MatchString(title) || fsFeedbackTitle.MatchString(title) {
		return "", false
	}
	if class == ColConsult && fsDraftTitle.MatchString(title) || fsStrongDraftTitle.MatchString(title) {
		return title, true
	}
	return "", false
}

// fsNormDigits turns full-width digits and colons into ASCII.
func fsNormDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '．':
			return '.'
		case r == '／':
			return '/'
		}
		return r
	}, s)
}

// fsDateAt parses a full date match.
func fsDateAt(s string, m []int) (time.Time, bool) {
	g := 2
	if m[2] < 0 {
		g = 8
	}
	y, _ := strconv.Atoi(s[m[g]:m[g+1]])
	mo, _ := strconv.Atoi(s[m[g+2]:m[g+3]])
	d, _ := strconv.Atoi(s[m[g+4]:m[g+5]])
	return fsMakeDate(y, mo, d)
}

func fsMakeDate(y, mo, d int) (time.Time, bool) {
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, site.Shanghai)
	if mo < 1 || mo > 12 || d < 1 || t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

// fsEndAfter reads the date right after a range separator at s[i:]: a full
// date or a month-day that takes its year from start. It returns the date
// and the end offset.
func fsEndAfter(s string, i int, start time.Time) (time.Time, int, bool) {
	rest := s[i:]
	if m := fsFullDateRe.FindStringSubmatchIndex(rest); m != nil && m[0] == 0 {
		t, ok := fsDateAt(rest, m)
		return t, i + m[1], ok
	}
	if m := fsMDDateRe.FindStringSubmatchIndex(rest); m != nil {
		mo, _ := strconv.Atoi(rest[m[2]:m[3]])
		d, _ := strconv.Atoi(rest[m[4]:m[5]])
		y := start.Year()
		if start.IsZero() {
			return time.Time{}, 0, false
		}
		t, ok := fsMakeDate(y, mo, d)
		if ok && t.Before(start) {
			t, ok = fsMakeDate(y+1, mo, d)
		}
		return t, i + m[1], ok
	}
	return time.Time{}, 0, false
}

// fsSkipTail skips a weekday or time of day after a date.
func fsSkipTail(s string, i int) int {
	if m := fsDateTail.FindStringIndex(s[i:]); m != nil {
		return i + m[1]
	}
	return i
}

// fsKeyBefore reports whether a period keyword stands within 40 runes before i.
func fsKeyBefore(s string, i int) bool {
	return fsPeriodKey.MatchString(fsWindow(s, i, i, 40, 0))
}

// fsReadPeriod reads a draft's comment period from its text. pub is the
// notice's publication date, the start of 「即日起至…」 and deadline-only
// notices.
func fsReadPeriod(c *fsConsult, text string, pub site.Date) {
	s := fsNormDigits(text)
	dates := fsFullDateRe.FindAllStringSubmatchIndex(s, -1)
	// 1. A range "A至B" introduced by a period keyword.
	for _, m := range dates {
		start, ok := fsDateAt(s, m)
		if !ok || !fsKeyBefore(s, m[0]) {
			continue
		}
		j := fsSkipTail(s, m[1])
		sep := fsRangeSep.FindStringIndex(s[j:])
		if sep == nil {
			continue
		}
		end, k, ok := fsEndAfter(s, j+sep[1], start)
		if !ok || end.Before(start) {
			continue
		}
		c.start, c.end, c.known = start, end, true
		c.startBy, c.endBy = "公告正文", "公告正文"
		c.period = s[m[0]:k]
		c.reason = fsReasonNear(s, m[0], k)
		return
	}
	pubOK := !pub.IsZero()
	pubDay := time.Time{}
	if pubOK {
		pubDay = time.Date(pub.Time.Year(), pub.Time.Month(), pub.Time.Day(), 0, 0, 0, 0, site.Shanghai)
	}
	// 2. "即日起至B": from the publication date.
	if loc := fsFromNowRe.FindStringIndex(s); loc != nil {
		end, k, ok := fsEndAfter(s, loc[1], pubDay)
		if !ok && !pubOK {
			// A month-day needs the year from the publication date.
			if m := fsFullDateRe.FindStringSubmatchIndex(s[loc[1]:]); m != nil && m[0] == 0 {
				end, ok = fsDateAt(s[loc[1]:], m)
				k = loc[1] + m[1]
			}
		}
		if ok {
			c.setEnd(end, pubDay, pubOK, s, loc[0], k)
			return
		}
	}
	// 3. A deadline: "截止日期：B", "请于B前".
	for _, m := range dates {
		end, ok := fsDateAt(s, m)
		if !ok {
			continue
		}
		before := fsWindow(s, m[0], m[0], 12, 0)
		after := s[fsSkipTail(s, m[1]):]
		isDeadline := fsDeadlineKey.MatchString(before)
		if !isDeadline && fsBeforeRe.MatchString(after) && (strings.HasSuffix(strings.TrimSpace(before), "于") || strings.HasSuffix(strings.TrimSpace(before), "在")) {
			// "请于…前" must be about the comments.
			isDeadline = strings.Contains(fsWindow(s, m[0], m[1], 30, 40), "意见") || strings.Contains(fsWindow(s, m[0], m[1], 30, 40), "建议")
		}
		if isDeadline {
			c.setEnd(end, pubDay, pubOK, s, m[0], m[1])
			return
		}
	}
	// 4. "为期30天": from the publication date.
	if m := fsDaysRe.FindStringSubmatchIndex(s); m != nil && pubOK {
		n := fsNumber(s[m[4]:m[5]])
		if n > 0 {
			c.start, c.end, c.known = pubDay, pubDay.AddDate(0, 0, n-1), true
			c.startBy, c.endBy = "发布日期", "发布日期加“"+s[m[0]:m[1]]+"”"
			c.period = s[m[0]:m[1]]
			c.reason = fsReasonNear(s, m[0], m[1])
		}
	}
}

// setEnd records an end date found in text, the start being the
// publication date.
func (c *fsConsult) setEnd(end, pub time.Time, pubOK bool, s string, i, j int) {
	c.end, c.endBy = end, "公告正文"
	c.period = s[i:j]
	c.reason = fsReasonNear(s, i, j)
	if pubOK && !end.Before(pub) {
		c.start, c.startBy, c.known = pub, "发布日期", true
	}
}

// fsReasonNear finds a stated reason for a short period around the period
// text, or an explicit note anywhere in the notice.
func fsReasonNear(s string, i, j int) string {
	if m := fsReasonText.FindString(fsWindow(s, i, j, 120, 120)); m != "" {
		return strings.TrimSpace(m)
	}
	return fsShortNote.FindString(s)
}

// fsNumber parses 30 or 三十.
func fsNumber(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	digit := map[rune]int{'一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	n, cur := 0, 0
	for _, r := range s {
		if r == '十' {
			if cur == 0 {
				cur = 1
			}
			n += cur * 10
			cur = 0
			continue
		}
		d, ok := digit[r]
		if !ok {
			return 0
		}
		cur = d
	}
	return n + cur
}

// fsNameRe finds 《…》 names.
var fsNameRe = regexp.MustCompile(`《([^《》]{2,80})》`)

// fsDraftWords are stripped from a draft's name: the same document is
// 《办法（征求意见稿）》 in the notice and 《办法》 in the feedback.
var fsDraftWords = regexp.MustCompile(`[(（]?(征求意见稿|草案|送审稿|修订稿|讨论稿|代拟稿)[)）]?|\s+`)

// fsNames returns the normalised 《》 names of a title.
func fsNames(title string) []string {
	var out []string
	for _, m := range fsNameRe.FindAllStringSubmatch(title, -1) {
		if n := fsDraftWords.ReplaceAllString(m[1], ""); utf8.RuneCountInString(n) >= 4 {
			out = append(out, n)
		}
	}
	return out
}

// fsNoticeWords are the words of a notice title that do not name its
// subject.
var fsNoticeWords = regexp.MustCompile(`关于|公开|征求|征集|社会|公众|各界|意见建议|意见|建议|的|公告|通知|公示|对|就|向|采纳情况|吸纳情况|情况|反馈|结果|说明|[(（]?(征求意见稿|草案|送审稿)[)）]?|[《》“”"\s]`)

// fsCore is a title without notice words.
func fsCore(title string) string {
	return fsNoticeWords.ReplaceAllString(title, "")
}

// fsDice is the bigram similarity of two strings (0–1).
func fsDice(a, b string) float64 {
	bg := func(s string) map[string]int {
		r := []rune(s)
		m := map[string]int{}
		for i := 0; i+1 < len(r); i++ {
			m[string(r[i:i+2])]++
		}
		return m
	}
	x, y := bg(a), bg(b)
	nx, ny := 0, 0
	for _, v := range x {
		nx += v
	}
	for _, v := range y {
		ny += v
	}
	if nx == 0 || ny == 0 {
		return 0
	}
	common := 0
	for k, v := range x {
		common += min(v, y[k])
	}
	return 2 * float64(common) / float64(nx+ny)
}

// fsFeedback is a page or list entry that may answer a draft.
type fsFeedback struct {
	title string
	url   string
	date  time.Time
	text  string // page body ("" for a list entry)
}

// fsConsultIndex is the drafts of a site and the feedback candidates.
type fsConsultIndex struct {
	drafts   []*fsConsult
	feedback []fsFeedback // titled as feedback
	sections []fsFeedback // other pages with an adoption section
	pages    int
	items    int
}

// fsIndexConsults reads every draft's period and collects feedback in one
// pass over the pages, once per run for both consultation rules.
func fsIndexConsults(ctx *Context, s *site.Site) *fsConsultIndex {
	return ctx.analyses(s).consults.get(func() *fsConsultIndex { return fsBuildConsultIndex(ctx, s) })
}

func fsBuildConsultIndex(ctx *Context, s *site.Site) *fsConsultIndex {
	idx := &fsConsultIndex{}
	seen := map[string]bool{}
	isUsable := usableIn(ctx, s)
	// Whether a page reports adoption, found with the other rules' scans of
	// every text in a run; here only the pages that do are read.
	adopts := func(p *site.Page) bool { return fsAdoption(bodyText(p)) != "" }
	if ctx != nil {
		m := sharedPageTexts(ctx, s).adopts
		adopts = func(p *site.Page) bool { return m[p] }
	}
	for _, p := range s.Pages {
		if !isUsable(p) {
			continue
		}
		idx.pages++
		for _, it := range p.ListItems() {
			idx.items++
			if fsFeedbackTitle.MatchString(it.Title) && !seen[it.URL] {
				seen[it.URL] = true
				idx.feedback = append(idx.feedback, fsFeedback{title: it.Title, url: it.URL, date: it.Date.Time})
			}
		}
		if title, ok := fsIsDraftUsable(ctx, p); ok {
			c := &fsConsult{page: p, title: title, keys: fsNames(title), core: fsCore(title)}
			fsReadPeriod(c, bodyText(p), p.Published)
			idx.drafts = append(idx.drafts, c)
			continue
		}
		if fsIsList(p) {
			continue
		}
		title := fsDocTitle(p)
		switch {
		case fsFeedbackTitle.MatchString(title):
			fb := fsFeedback{title: title, url: p.URL, date: p.Published.Time, text: bodyText(p)}
			if seen[p.URL] {
				// Replace the list entry by the page, which has the text.
				for i := range idx.feedback {
					if idx.feedback[i].url == p.URL {
						idx.feedback[i] = fb
					}
				}
			} else {
				seen[p.URL] = true
				idx.feedback = append(idx.feedback, fb)
			}
		case adopts(p):
			// An interpretation or decision page reporting the adoption.
			idx.sections = append(idx.sections, fsFeedback{title: title, url: p.URL, date: p.Published.Time, text: bodyText(p)})
		}
	}
	return idx
}

// fsMayAdopt is a cheap filter before fsAdoptionRe: every adoption phrase
// contains one of these words.
func fsMayAdopt(body string) bool {
	return strings.Contains(body, "采纳") || strings.Contains(body, "收到") || strings.Contains(body, "反馈情况")
}

// fsAdoption returns the first adoption statement of a text, skipping
// conditions such as 「逾期未收到意见的，视为无意见」.
func fsAdoption(body string) string {
	if !fsMayAdopt(body) {
		return ""
	}
	for _, loc := range fsAdoptionRe.FindAllStringIndex(body, 10) {
		if before := fsWindow(body, loc[0], loc[0], 4, 0); strings.Contains(before, "逾期") || strings.Contains(before, "如") {
			continue
		}
		return body[loc[0]:loc[1]]
	}
	return ""
}

// fsMatches reports whether a feedback candidate answers the draft.
func (c *fsConsult) fsMatches(fb fsFeedback, titled bool) bool {
	if fb.url == c.page.URL {
		return false
	}
	if !fb.date.IsZero() && !c.start.IsZero() && fb.date.Before(c.start) {
		return false // an earlier round
	}
	names := fsNames(fb.title)
	for _, k := range c.keys {
		for _, n := range names {
			if strings.Contains(n, k) || strings.Contains(k, n) {
				return true
			}
		}
		if fb.text != "" && strings.Contains(fsDraftWords.ReplaceAllString(fb.text, ""), k) {
			return true
		}
	}
	if !titled {
		return false // a section elsewhere must name the draft
	}
	if len(c.keys) == 0 || len(names) == 0 {
		core := fsCore(fb.title)
		if utf8.RuneCountInString(core) >= 4 && utf8.RuneCountInString(c.core) >= 4 &&
			(strings.Contains(core, c.core) || strings.Contains(c.core, core) || fsDice(core, c.core) >= 0.6) {
			return true
		}
	}
	return false
}

// fsFindFeedback returns the feedback answering a draft: "" and false when
// there is none.
func (idx *fsConsultIndex) fsFindFeedback(c *fsConsult) (string, bool) {
	if m := fsAdoption(bodyText(c.page)); m != "" {
		return fmt.Sprintf("公告页面已附采纳情况（“%s”）", m), true
	}
	for _, fb := range idx.feedback {
		if c.fsMatches(fb, true) {
			return fmt.Sprintf("反馈页面“%s”（%s）", fb.title, fb.url), true
		}
	}
	for _, fb := range idx.sections {
		if c.fsMatches(fb, false) {
			return fmt.Sprintf("页面“%s”（%s）载有采纳情况", fb.title, fb.url), true
		}
	}
	return "", false
}

// name is how findings call the draft.
func (c *fsConsult) name() string {
	if len(c.keys) > 0 {
		return "《" + c.keys[0] + "》"
	}
	return "“" + c.title + "”"
}
