package checks

import (
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gongkai/gongkai/calendar"
	"github.com/gongkai/gongkai/site"
)

// Helpers shared by the budget, service-guide and consultation rules.

// fsIsList reports whether a page is a list (column) page rather than a
// single document.
func fsIsList(p *site.Page) bool {
	return p.IsColumn() || p.NumItems() >= 3
}

// fsTitleSeps split a <title> into the document title and the site name
// ("XX局2025年部门预算_示范县人民政府").
var fsTitleSeps = []string{"_", "|", "｜", " - ", " — ", "——"}

// fsDocTitle is the page's own title: meta ArticleTitle, else the part of
// <title> before the first site-name separator.
func fsDocTitle(p *site.Page) string {
	if t := strings.TrimSpace(p.ArticleTitle()); t != "" {
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
	cal := calOf(ctx)
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
	isUsable := usableIn(ctx, s)
	for _, p := range s.Pages {
		if !isUsable(p) || !fsIsList(p) || classOf(ctx, p) != class {
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
