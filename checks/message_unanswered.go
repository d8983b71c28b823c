package checks

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gongkai/gongkai/calendar"
	"github.com/gongkai/gongkai/config"
	"github.com/gongkai/gongkai/site"
)

// MessageUnanswered reports 政务咨询 mailboxes (县长信箱, 我要咨询 …; not 网上
// 信访, 纪检举报, 在线访谈 or 调查征集) holding a letter of the past year that
// went unanswered for more than 3 months: still unanswered after 90 days,
// or answered more than 90 days after it came in. One finding per mailbox,
// with the mailbox's reply-time figures in the evidence.
type MessageUnanswered struct{}

// messageUnansweredDays is the days a message may wait for its answer.
var messageUnansweredDays = Threshold{Key: "message_unanswered_days", Default: 90, Min: 1, Max: 3650, Unit: "天",
	field: func(t *config.Thresholds) int { return t.MessageUnansweredDays }}

var messageUnansweredMeta = Meta{
	ID:          "message-unanswered",
	Name:        "留言未回复",
	Description: "检查政务咨询类留言是否及时答复：近一年的来信超过90天（可在配置中调整）仍未答复，或答复时间距来信超过90天，即为问题，属单项否决。信访、举报、不予公开等来信不在检查范围。",
	Severity:    Veto,
	Basis:       "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）单项否决指标“互动回应差”：检查时间点前1年内，政务咨询类栏目存在超过3个月未回复的有效留言（在线访谈、调查征集、网上信访、纪检举报类栏目除外）",
	Advice:      "立即答复超期留言并公开答复内容和答复时间；建立留言受理、转办、答复时限制度，公开受理反馈情况和统计数据。",
	Summary: "a letter of the past year in a 政务咨询 mailbox (not 网上信访/纪检举报/在线访谈/调查征集) unanswered > 90 days " +
		"(thresholds.message_unanswered_days), or answered more than 90 days after it came in; read from list rows and letter pages " +
		"(来信时间, 答复时间, status); letters marked 不予公开/转信访/不予受理 are skipped; one finding per mailbox listing the oldest three, " +
		"with letters, answered, median and max reply days in the evidence; 单项否决 [C]; waive with a waiver on the mailbox URL",
	Thresholds: []Threshold{messageUnansweredDays},
	Recheck:    Recheck{Reason: "需抓取留言列表及答复页面判断，请重新扫描全站"},
}

// Meta describes the rule.
func (MessageUnanswered) Meta() Meta { return messageUnansweredMeta }

// letterState is what a letter's status says.
type letterState int

const (
	stateUnknown  letterState = iota
	stateAnswered             // 已回复 / 已办结 …
	statePending              // 未回复 / 办理中 …
	stateExcluded             // 不予公开 / 转信访 … : not an 有效留言 to judge
)

// Status words, checked in this order: 未办结 contains 办结, 已转信访 is not
// 已转办.
var (
	excludedStatusRe = regexp.MustCompile(`不予公开|不公开|转信访|信访件|不予受理|不属于受理范围|不属受理范围|无效留言|无效信件|重复留言|重复件|恶意留言`)
	pendingStatusRe  = regexp.MustCompile(`未回复|未答复|未办结|未处理|待回复|待答复|待处理|待办理|办理中|处理中|正在办理|正在处理|受理中|已受理|转办中|交办中|已转办|未反馈`)
	answeredStatusRe = regexp.MustCompile(`已回复|已答复|已办结|已处理|已反馈|已完成|已解决|办结|已回访|答复完成|回复完成`)

	letterDateLabelRe = regexp.MustCompile(`(?:来信|留言|提问|咨询|写信|发信|提交|信件|投诉|反映)(?:时间|日期)\s*[:：]?\s*`)
	replyDateLabelRe  = regexp.MustCompile(`(?:答复|回复|办结|反馈|回信)(?:时间|日期)\s*[:：]?\s*`)
	statusLabelRe     = regexp.MustCompile(`(?:办理|处理|回复|答复|信件|受理|留言)?状态\s*[:：]\s*([\p{Han}]{2,10})`)
	replyContentRe    = regexp.MustCompile(`(?:答复|回复)(?:内容|意见|情况)\s*[:：]?`)
	letterFieldRe     = regexp.MustCompile(`(?:信件标题|来信人|来信时间|留言时间|办理状态|处理状态|答复单位|回复单位|答复部门|答复机构|答复时间|回复时间|办结时间|满意度|评价)\s*[:：]`)
)

func classifyStatus(s string) letterState {
	switch {
	case s == "":
		return stateUnknown
	case excludedStatusRe.MatchString(s):
		return stateExcluded
	case pendingStatusRe.MatchString(s):
		return statePending
	case answeredStatusRe.MatchString(s):
		return stateAnswered
	}
	return stateUnknown
}

// mbLetter is one message of a mailbox as far as the site shows it.
type mbLetter struct {
	url, title    string
	sent, replied time.Time
	status        string // as printed
	state         letterState
	// replyBlank: the letter page prints a 答复时间 label with no date;
	// replyText: it prints a reply of some length.
	replyBlank, replyText bool
}

// mailboxCol is one 政务咨询 column and the letters it lists.
type mailboxCol struct {
	url, title, name string
	letters          []*mbLetter
}

// dateAfterLabel reads the date right after a label: only date characters are
// taken, so an empty value followed by another field is no date.
func dateAfterLabel(s string) (time.Time, bool) {
	j := 0
	for j < len(s) && j < 48 {
		r, size := utf8.DecodeRuneInString(s[j:])
		if !(r >= '0' && r <= '9' || r >= '０' && r <= '９' || strings.ContainsRune("-/.: 年月日时分秒：－", r)) {
			break
		}
		j += size
	}
	return site.FindDate(s[:j])
}

// labelledLetterDate finds the first label of re in text with a date after it;
// labelled reports a label seen at all.
func labelledLetterDate(re *regexp.Regexp, text string) (t time.Time, found, labelled bool) {
	for _, loc := range re.FindAllStringIndex(text, 8) {
		labelled = true
		if d, ok := dateAfterLabel(text[loc[1]:]); ok {
			return d, true, true
		}
	}
	return time.Time{}, false, labelled
}

// readLetterPage fills l from a letter's own page.
func readLetterPage(l *mbLetter, p *site.Page) {
	body := p.Body()
	text := body.Text
	if body.FooterText != "" {
		// The footer (主办单位：…) is no part of the letter.
		if i := strings.LastIndex(text, body.FooterText); i > 0 {
			text = text[:i]
		}
	}
	if d, ok, _ := labelledLetterDate(letterDateLabelRe, text); ok {
		l.sent = d
	}
	d, ok, labelled := labelledLetterDate(replyDateLabelRe, text)
	if ok {
		l.replied = d
	} else if labelled {
		l.replyBlank = true
	}
	if m := statusLabelRe.FindStringSubmatch(text); m != nil {
		if st := classifyStatus(m[1]); st != stateUnknown {
			l.status, l.state = m[1], st
		}
	}
	if loc := replyContentRe.FindStringIndex(text); loc != nil {
		rest := text[loc[1]:min(len(text), loc[1]+240)]
		// The reply itself, up to the next field label (a reply may well
		// contain a colon: "张先生：您好").
		if loc := letterFieldRe.FindStringIndex(rest); loc != nil {
			rest = rest[:loc[0]]
		}
		l.replyText = hanRunes(rest) >= 10
	}
	if l.title == "" {
		l.title = p.Title
	}
}

// readMailboxRows reads each list entry's row on a mailbox list page: the text
// between the entry's title and the next one's, for a date and a status.
func readMailboxRows(p *site.Page) map[string]*mbLetter {
	out := map[string]*mbLetter{}
	text := p.Body().Text
	type at struct {
		it         site.ListItem
		start, end int
	}
	var ats []at
	cursor := 0
	for _, it := range p.ListItems() {
		key := []rune(it.Title)
		if len(key) > 8 {
			key = key[:8]
		}
		if len(key) == 0 {
			continue
		}
		i := strings.Index(text[cursor:], string(key))
		if i < 0 {
			continue
		}
		start := cursor + i
		end := start + len(string(key))
		if strings.HasPrefix(text[start:], it.Title) {
			end = start + len(it.Title)
		}
		ats = append(ats, at{it: it, start: start, end: end})
		cursor = end
	}
	for i, a := range ats {
		stop := len(text)
		if i+1 < len(ats) {
			stop = ats[i+1].start
		}
		row := text[a.end:min(stop, a.end+300)]
		l := &mbLetter{url: a.it.URL, title: a.it.Title}
		if a.it.Date.Source == site.SourceList {
			l.sent = a.it.Date.Time
		} else if d, ok := site.FindDate(row); ok {
			l.sent = d
		}
		for _, re := range []*regexp.Regexp{excludedStatusRe, pendingStatusRe, answeredStatusRe} {
			if m := re.FindString(row); m != "" {
				l.status, l.state = m, classifyStatus(m)
				break
			}
		}
		out[a.it.URL] = l
	}
	return out
}

// mailboxes collects the 政务咨询 columns and their letters: entries of
// their lists, completed from the letter pages; letter pages of a mailbox
// that no fetched list names are added under their column name.
func (hx *healthIndex) mailboxes() []*mailboxCol {
	var out []*mailboxCol
	claimed := map[*site.Page]bool{}
	byName := map[string]*mailboxCol{}
	for _, g := range hx.groups {
		if g.class != ColMailbox || isNonContentPage(g.rep) {
			continue
		}
		mb := &mailboxCol{url: g.rep.URL, title: g.rep.Title, name: g.name()}
		for _, p := range g.pages {
			claimed[p] = true
		}
		seen := map[string]bool{}
		for _, p := range g.pages {
			rows := readMailboxRows(p)
			for _, it := range p.ListItems() {
				if seen[it.URL] {
					continue
				}
				seen[it.URL] = true
				l := rows[it.URL]
				if l == nil {
					l = &mbLetter{url: it.URL, title: it.Title}
					if it.Date.Source == site.SourceList {
						l.sent = it.Date.Time
					}
				}
				if d := hx.page(it.URL); d != nil && d.IsContent() {
					claimed[d] = true
					readLetterPage(l, d)
				}
				mb.letters = append(mb.letters, l)
			}
		}
		out = append(out, mb)
		if byName[mb.name] == nil {
			byName[mb.name] = mb
		}
	}
	var referrers map[string][]string
	for _, p := range hx.s.Pages {
		if claimed[p] || p == hx.home || !p.IsContent() || classOf(hx.ctx, p) != ColMailbox ||
			!letterDateLabelRe.MatchString(p.Body().Text) {
			continue
		}
		name := healthColumnName(p)
		mb := byName[name]
		if mb == nil {
			if referrers == nil {
				referrers = map[string][]string{}
				for _, r := range hx.s.Resources {
					if r.Crawled {
						referrers[r.URL] = r.Referrers
					}
				}
			}
			u := p.URL
			if refs := referrers[p.URL]; len(refs) > 0 {
				u = refs[0]
			}
			mb = &mailboxCol{url: u, title: name, name: name}
			if q := hx.page(u); q != nil {
				mb.title = q.Title
			}
			byName[name] = mb
			out = append(out, mb)
		}
		l := &mbLetter{url: p.URL}
		readLetterPage(l, p)
		mb.letters = append(mb.letters, l)
	}
	return out
}

// MailboxFigures are one mailbox's reply-time figures, for the 汇总 sheet.
type MailboxFigures struct {
	URL, Name string
	// Letters shows a date; LastYear came in during the year before AsOf.
	Letters, LastYear int
	// Answered shows a reply (date or status); Overdue went unanswered for
	// more than the limit (pending, or answered late).
	Answered, Overdue int
	// MedianReplyDays and MaxReplyDays are calendar days from letter to
	// reply over letters showing both dates; -1 when there are none.
	MedianReplyDays, MaxReplyDays int
}

// mailboxJudged is a mailbox after judging its letters.
type mailboxJudged struct {
	mb       *mailboxCol
	fig      MailboxFigures
	pending  []*mbLetter // unanswered beyond the limit
	late     []*mbLetter // answered beyond the limit
	lags     []int
	workLags []int
	workErr  error
}

func judgeMailbox(ctx *Context, mb *mailboxCol, limit int) mailboxJudged {
	j := mailboxJudged{mb: mb, fig: MailboxFigures{URL: mb.url, Name: mb.name, MedianReplyDays: -1, MaxReplyDays: -1}}
	cal := ctx.Calendar
	if cal == nil {
		cal = calendar.Default()
	}
	yearAgo := ctx.AsOf.AddDate(-1, 0, 0)
	for _, l := range mb.letters {
		if l.sent.IsZero() || hCivil(l.sent).After(hCivil(ctx.AsOf)) {
			continue
		}
		j.fig.Letters++
		inYear := !hCivil(l.sent).Before(hCivil(yearAgo))
		if inYear {
			j.fig.LastYear++
		}
		if l.state == stateExcluded {
			continue
		}
		switch {
		case !l.replied.IsZero() && hDaysBetween(l.sent, l.replied) >= 0:
			j.fig.Answered++
			lag := hDaysBetween(l.sent, l.replied)
			j.lags = append(j.lags, lag)
			if w, err := cal.WorkdaysBetween(l.sent, l.replied); err == nil {
				j.workLags = append(j.workLags, w)
			} else if j.workErr == nil {
				j.workErr = err
			}
			if inYear && lag > limit {
				j.late = append(j.late, l)
			}
		case l.state == stateAnswered:
			j.fig.Answered++
		case l.state == statePending:
			if inYear && hDaysBetween(l.sent, ctx.AsOf) > limit {
				j.pending = append(j.pending, l)
			}
		case l.replyText:
			j.fig.Answered++ // a reply is printed, without a date
		case l.replyBlank:
			if inYear && hDaysBetween(l.sent, ctx.AsOf) > limit {
				j.pending = append(j.pending, l)
			}
		}
	}
	j.fig.Overdue = len(j.pending) + len(j.late)
	if len(j.lags) > 0 {
		j.fig.MedianReplyDays, j.fig.MaxReplyDays = medianInt(j.lags), maxOfInts(j.lags)
	}
	return j
}

func medianInt(xs []int) int {
	s := append([]int(nil), xs...)
	sort.Ints(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2] + 1) / 2
}

func maxOfInts(xs []int) int {
	m := xs[0]
	for _, x := range xs[1:] {
		m = max(m, x)
	}
	return m
}

// MailboxStats returns every 政务咨询 mailbox's reply-time figures, also
// those with nothing overdue, so a report can show them in its summary.
func MailboxStats(ctx *Context, s *site.Site) []MailboxFigures {
	if ctx == nil || ctx.AsOf.IsZero() {
		return nil
	}
	hx := sharedHealthIndex(ctx, s)
	limit := messageUnansweredDays.value(ctx)
	var out []MailboxFigures
	for _, mb := range hx.mailboxes() {
		out = append(out, judgeMailbox(ctx, mb, limit).fig)
	}
	return out
}

// Check judges each mailbox's letters of the past year.
func (MessageUnanswered) Check(ctx *Context, s *site.Site) []Finding {
	if ctx == nil || ctx.AsOf.IsZero() {
		return nil
	}
	hx := sharedHealthIndex(ctx, s)
	limit := messageUnansweredDays.value(ctx)
	var out []Finding
	for _, mb := range hx.mailboxes() {
		j := judgeMailbox(ctx, mb, limit)
		if len(j.pending)+len(j.late) == 0 {
			continue
		}
		out = append(out, mailboxFinding(ctx, j, limit))
	}
	return out
}

func mailboxFinding(ctx *Context, j mailboxJudged, limit int) Finding {
	byAge := func(ls []*mbLetter) {
		sort.SliceStable(ls, func(a, b int) bool { return ls[a].sent.Before(ls[b].sent) })
	}
	byAge(j.pending)
	byAge(j.late)
	var msg, ev strings.Builder
	fmt.Fprintf(&msg, "“%s”", j.mb.name)
	if n := len(j.pending); n > 0 {
		oldest := j.pending[0]
		fmt.Fprintf(&msg, "有%d封近一年内的来信超过%d天未答复（最早一封%s来信，至检查日已%d天）", n, limit, hDay(oldest.sent), hDaysBetween(oldest.sent, ctx.AsOf))
		ev.WriteString("未答复：")
		for i, l := range j.pending[:min(3, n)] {
			if i > 0 {
				ev.WriteString("；")
			}
			fmt.Fprintf(&ev, "《%s》来信%s", hQuote(l.title, 30), hDay(l.sent))
			switch {
			case l.status != "":
				fmt.Fprintf(&ev, "，状态“%s”", l.status)
			case l.replyBlank:
				ev.WriteString("，答复时间为空")
			}
			fmt.Fprintf(&ev, "，至检查日%s已%d天", hDay(ctx.AsOf), hDaysBetween(l.sent, ctx.AsOf))
		}
		if n > 3 {
			fmt.Fprintf(&ev, "（共%d封，列出最早3封）", n)
		}
	}
	if n := len(j.late); n > 0 {
		if len(j.pending) > 0 {
			msg.WriteString("，另有")
			ev.WriteString("。")
		} else {
			msg.WriteString("有")
		}
		fmt.Fprintf(&msg, "%d封近一年内的来信答复用时超过%d天", n, limit)
		ev.WriteString("逾期答复：")
		for i, l := range j.late[:min(3, n)] {
			if i > 0 {
				ev.WriteString("；")
			}
			fmt.Fprintf(&ev, "《%s》来信%s、答复%s，用时%d天", hQuote(l.title, 30), hDay(l.sent), hDay(l.replied), hDaysBetween(l.sent, l.replied))
		}
		if n > 3 {
			fmt.Fprintf(&ev, "（共%d封，列出最早3封）", n)
		}
	}
	msg.WriteString("。")
	f := j.fig
	fmt.Fprintf(&ev, "。本信箱统计：读取到标注日期的来信%d封（近一年%d封），已答复%d封", f.Letters, f.LastYear, f.Answered)
	if f.MedianReplyDays >= 0 {
		fmt.Fprintf(&ev, "，答复用时中位数%d天、最长%d天（自然日，%d封可计算）", f.MedianReplyDays, f.MaxReplyDays, len(j.lags))
		var nce *calendar.NotCoveredError
		switch {
		case j.workErr == nil && len(j.workLags) > 0:
			fmt.Fprintf(&ev, "，工作日中位数%d个（国务院放假调休安排）", medianInt(j.workLags))
		case errors.As(j.workErr, &nce):
			fmt.Fprintf(&ev, "，缺少%d年官方放假安排，未计算工作日", nce.Year)
		}
	}
	fmt.Fprintf(&ev, "；判定口径：检查日前一年内的来信超过%d天（自然日）未答复或答复用时超过%d天；标注不予公开、转信访等的来信不计；网站未公开的来信无法核查。", limit, limit)
	return Finding{
		URL: j.mb.url, Title: j.mb.title, Column: j.mb.name,
		// The fingerprint already holds the mailbox URL; its name keeps the
		// subject free of host and scheme.
		Message: msg.String(), Evidence: ev.String(), Subject: j.mb.name,
	}
}
