package checks

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gongkai/gongkai/calendar"
	"github.com/gongkai/gongkai/site"
)

// Helpers shared by the budget, service-guide and consultation rules.

// fsUsable reports whether a page record is a real page: fetched, not an error
// page dressed as 200.
func fsUsable(p *site.Page) bool {
	if p == nil || p.Status >= 400 {
		return false
	}
	// looksNotFound counts the runes of the whole text; a text of 1,600
	// bytes or more has at least 400 runes, so only its title can say 404.
	if len(p.Text) >= 1600 {
		return !fsMaybe404Title(p.Title) || !(notFoundTitle.MatchString(p.Title) && utf8.RuneCountInString(p.Title) <= 30)
	}
	return !looksNotFound(p)
}

// fsMaybe404Title is a cheap filter before notFoundTitle: every title it
// matches has one of these.
func fsMaybe404Title(t string) bool {
	if strings.ContainsAny(t, "4fF") {
		return true
	}
	for _, w := range []string{"不存在", "找到", "删除", "出错", "错误"} {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

// fsIsList reports whether a page is a list (column) page rather than a
// single document.
func fsIsList(p *site.Page) bool {
	return p.IsColumn() || len(p.Items) >= 3
}

// fsTitleSeps split a <title> into the document title and the site name
// ("XX局2025年部门预算_示范县人民政府").
var fsTitleSeps = []string{"_", "|", "｜", " - ", " — ", "——"}

// fsDocTitle is the page's own title: meta ArticleTitle, else the part of
// <title> before the first site-name separator.
func fsDocTitle(p *site.Page) string {
	if t := strings.TrimSpace(p.Meta["articletitle"]); t != "" {
		return t
	}
	t := strings.TrimSpace(p.Title)
	cut := len(t)
	for _, sep := range fsTitleSeps {
		if i := strings.Index(t, sep); i > 0 && i < cut {
			cut = i
		}
	}
	return strings.TrimSpace(t[:cut])
}

// fsFooterMarkers start a page footer; text from there on is not the body.
var fsFooterMarkers = regexp.MustCompile(`网站地图|主办单位|主办：|版权所有|网站标识码|ICP备|联系我们|关于我们|Copyright|©`)

// fsBody is the page text without the footer when the extractor found a
// real footer (one that begins like a footer), so a footer's 联系电话 or date
// is not read as the document's.
func fsBody(p *site.Page) string {
	t, f := p.Text, p.FooterText
	if f == "" || len(f) >= len(t) || !strings.HasSuffix(t, f) {
		return t
	}
	head := f
	if len(head) > 300 {
		head = head[:300]
	}
	if !fsFooterMarkers.MatchString(head) {
		return t // the extractor's stand-in tail, not a footer element
	}
	return strings.TrimSpace(t[:len(t)-len(f)])
}

// fsCalendar returns the context's calendar or the embedded official one.
func fsCalendar(ctx *Context) *calendar.Calendar {
	if ctx != nil && ctx.Calendar != nil {
		return ctx.Calendar
	}
	return calendar.Default()
}

// fsAsOf is the evaluation date at midnight in Shanghai.
func fsAsOf(ctx *Context) time.Time {
	t := time.Now()
	if ctx != nil && !ctx.AsOf.IsZero() {
		t = ctx.AsOf
	}
	t = t.In(site.Shanghai)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, site.Shanghai)
}

// fsHolidayRun bounds how far a calendar-day deadline can move when its last
// day falls in an official break: the longest break (国庆+中秋, 8 days) plus a
// weekend. Used only when the calendar lacks the year.
const fsHolidayRun = 15

// fsDeadlineState is the outcome of comparing the evaluation date with a
// calendar-day deadline.
type fsDeadlineState struct {
	passed   bool
	deadline time.Time // effective (moved past rest days) when known
	note     string    // how the deadline was computed, for the evidence
}

// fsDeadline reports whether asOf is after the calendar-day deadline
// nominal, moved to the next working day when it is a rest day (民法典第二百零三条,
// CAL-1). When the calendar lacks the year, it still answers "passed" if asOf
// is so far past the nominal date that no holiday could have moved it that
// far, and otherwise reports ok=false: cannot judge, never a weekends-only
// guess.
func fsDeadline(ctx *Context, nominal time.Time) (st fsDeadlineState, ok bool) {
	asOf := fsAsOf(ctx)
	cal := fsCalendar(ctx)
	eff, err := cal.AddCalendarDays(nominal, 0)
	if err != nil {
		if !errors.Is(err, calendar.ErrYearNotCovered) {
			return st, false
		}
		// A deadline only ever moves later, so a date not past the nominal
		// day has certainly not passed it.
		if !asOf.After(nominal) {
			return fsDeadlineState{deadline: nominal}, true
		}
		if asOf.After(nominal.AddDate(0, 0, fsHolidayRun)) {
			return fsDeadlineState{passed: true, deadline: nominal,
				note: fmt.Sprintf("日历未收录%d年放假安排，无法判断截止日是否顺延；评估日已晚于截止日%d天以上，顺延不影响结论", nominal.Year(), fsHolidayRun)}, true
		}
		return st, false
	}
	st = fsDeadlineState{passed: asOf.After(eff), deadline: eff}
	if !eff.Equal(nominal) {
		st.note = fmt.Sprintf("%s为休息日，顺延至%s，%s", fsDate(nominal), fsDate(eff), fsCalendarCite(cal, nominal.Year()))
	} else {
		st.note = fmt.Sprintf("%s为工作日，%s", fsDate(nominal), fsCalendarCite(cal, nominal.Year()))
	}
	return st, true
}

// fsCalendarCite names the official calendar used for a year.
func fsCalendarCite(cal *calendar.Calendar, year int) string {
	ns := cal.Notice(year)
	if len(ns) == 0 {
		return fmt.Sprintf("%d年放假安排（国务院办公厅通知）", year)
	}
	parts := make([]string, len(ns))
	for i, n := range ns {
		if n.Number != "" {
			parts[i] = n.Number
		} else {
			parts[i] = n.String()
		}
	}
	return "放假安排依据" + strings.Join(parts, "、")
}

func fsDate(t time.Time) string { return t.In(site.Shanghai).Format("2006-01-02") }

// fsHost returns the lower-cased host of a URL, without port.
func fsHost(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

// fsSameHost reports whether two hosts are the same site (www. ignored).
func fsSameHost(a, b string) bool {
	return strings.TrimPrefix(a, "www.") == strings.TrimPrefix(b, "www.")
}

// fsAttachIdx indexes the site's attachments by the pages that
// link to them.
func fsAttachIdx(s *site.Site) map[string][]*site.Attachment {
	idx := make(map[string][]*site.Attachment)
	for _, a := range s.Attachments {
		for _, r := range a.Referrers {
			idx[r] = append(idx[r], a)
		}
	}
	return idx
}

// fsColumnPage returns the shallowest list page of the given class (where a
// site-level gap is reported), or nil.
func fsColumnPage(ctx *Context, s *site.Site, class ColumnClass) *site.Page {
	var best *site.Page
	for _, p := range s.Pages {
		if !fsUsable(p) || !fsIsList(p) || classOf(ctx, p) != class {
			continue
		}
		if best == nil || p.Depth < best.Depth || p.Depth == best.Depth && p.URL < best.URL {
			best = p
		}
	}
	return best
}

// fsPath returns a URL's path for short evidence ("/xxgk/czyjs/").
func fsPath(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Path == "" {
		return raw
	}
	return u.Path
}

// fsList joins up to max names with 、 and says how many more there are.
func fsList(names []string, max int) string {
	if len(names) <= max {
		return strings.Join(names, "、")
	}
	return strings.Join(names[:max], "、") + fmt.Sprintf("等%d项", len(names))
}

// fsWindow returns s[i-before : j+after] cut to rune boundaries.
func fsWindow(s string, i, j, before, after int) string {
	lo := i
	for n := 0; n < before && lo > 0; n++ {
		_, size := utf8.DecodeLastRuneInString(s[:lo])
		lo -= size
	}
	hi := j
	for n := 0; n < after && hi < len(s); n++ {
		_, size := utf8.DecodeRuneInString(s[hi:])
		hi += size
	}
	return s[lo:hi]
}

// fsKeys returns a map's keys in order.
func fsKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
