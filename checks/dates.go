package checks

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

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

// ymd formats a date as YYYY-MM-DD in Shanghai.
func ymd(t time.Time) string { return t.In(site.Shanghai).Format("2006-01-02") }

// dayOf truncates t to its Shanghai date.
func dayOf(t time.Time) time.Time {
	t = t.In(site.Shanghai)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, site.Shanghai)
}

// Dates read from pages and URLs, and working-day evidence.

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
