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

// SiteAnnualReportMissing reports last year's 《政府网站工作年度报表》
// missing after 1月31日, or published late.
type SiteAnnualReportMissing struct{}

var siteAnnualReportMissingMeta = Meta{
	ID:          "site-annual-report-missing",
	Name:        "政府网站工作年度报表未按时发布",
	Description: "检查是否按时发布上一年度政府网站工作年度报表：1月31日（遇节假日顺延）后仍在网站上找不到，或发布日期晚于截止日，即为问题。",
	Severity:    Deduct, // [C] source; no deduction figure known
	Basis:       "《国务院办公厅关于做好政府网站年度报表发布工作的通知》（国办函〔2018〕12号）：各级各类政府网站的《政府网站工作年度报表》于每年1月31日前在本网站首页显著位置发布",
	Advice:      "按全国政府网站信息报送系统生成的格式发布上一年度《政府网站工作年度报表》，于每年1月31日前在网站首页显著位置发布并保留在信息公开或公告栏目中。",
	Summary: "no page, list entry, link or attachment titled …网站…年度报表 with the year before the as-of date (监管年度报表 and notices about " +
		"报表 do not count) once its due date has passed (01-31 of the next year, moved to the next working day when it is a rest day; " +
		"calendar/law: site-annual-report, in force from 国办函〔2018〕12号 of 2018-01-15), on a complete crawl; or one whose date is after " +
		"that day. Where the homepage showed it on 1月31日 cannot be seen months later: a report found anywhere on the site in time counts",
	Recheck: Recheck{Reason: recheckSite},
}

// Meta describes the rule.
func (SiteAnnualReportMissing) Meta() Meta { return siteAnnualReportMissingMeta }

var (
	siteReportRe    = regexp.MustCompile(`网站.{0,10}年度报表`)
	siteReportYear  = regexp.MustCompile(`((?:19|20)\d{2})\s*年`)
	notASiteReport  = regexp.MustCompile(`监管年度报表|通知|报送|填报|编制|做好|模板|格式|解读|培训|会议`)
	siteReportYear2 = regexp.MustCompile(`((?:19|20)\d{2})`)
)

// siteReportOf reads the year of a 网站工作年度报表 title.
func siteReportOf(title string) (int, bool) {
	if !strings.Contains(title, "年度报表") || !siteReportRe.MatchString(title) || notASiteReport.MatchString(title) {
		return 0, false
	}
	m := siteReportYear.FindStringSubmatch(title)
	if m == nil {
		m = siteReportYear2.FindStringSubmatch(title)
	}
	if m == nil {
		return 0, false
	}
	y, _ := strconv.Atoi(m[1])
	return y, true
}

type siteReport struct {
	title, url string
	date       time.Time // zero when no date is known
}

// Check reports last year's 报表 missing or late.
func (SiteAnnualReportMissing) Check(ctx *Context, s *site.Site) []Finding {
	now := evalDate(ctx)
	year := now.Year() - 1
	req, due, ok := calendar.YearlyDue("site-annual-report", year)
	if !ok {
		return nil // no text required a 报表 for that year
	}
	home := homepage(s)
	if home == nil || !usableIn(ctx, s)(home) {
		return nil
	}
	due = time.Date(due.Year(), due.Month(), due.Day(), 0, 0, 0, 0, site.Shanghai)
	eff, err := calOf(ctx).AddCalendarDays(due, 0)
	known := err == nil
	if !known {
		eff = due.AddDate(0, 0, 10) // no calendar for that day: judge only well past any holiday
	}
	if !now.After(eff) {
		return nil
	}
	reports := findSiteReports(ctx, s, year)
	// A report is late when every dated sighting of its address is after
	// the day; an address seen only undated (a bare link) proves nothing.
	dated := map[string]bool{}
	for _, r := range reports {
		if !r.date.IsZero() {
			dated[r.url] = true
		}
	}
	var late *siteReport
	for i := range reports {
		r := &reports[i]
		if r.date.IsZero() {
			if !dated[r.url] {
				return nil
			}
			continue
		}
		if !dayOf(r.date).After(eff) {
			return nil // in time
		}
		late = r
	}
	when := ymd(due)
	if known && !eff.Equal(due) {
		when += "，遇休息日顺延至" + ymd(eff)
	}
	if late != nil {
		f := homeFinding(home, fmt.Sprintf("%d年度政府网站工作年度报表逾期发布（应于%s前发布）。", year, cnDate(due)),
			fmt.Sprintf("评估日期%s；“%s”（%s）发布日期为%s，晚于截止日%s（%s）。", ymd(now), late.title, late.url, ymd(late.date), when, req.Ref), strconv.Itoa(year))
		f.Basis = req.Basis
		return []Finding{f}
	}
	if !s.Complete {
		return nil // an incomplete crawl proves no absence
	}
	f := homeFinding(home, fmt.Sprintf("未发布%d年度政府网站工作年度报表（应于%s前在首页显著位置发布）。", year, cnDate(due)),
		fmt.Sprintf("评估日期%s；截止日%s（%s）；首页及已完整抓取的%d个页面中未找到%d年度《政府网站工作年度报表》（页面、列表、链接或附件）。",
			ymd(now), when, req.Ref, len(s.Pages), year), strconv.Itoa(year))
	f.Basis = req.Basis
	return []Finding{f}
}

// findSiteReports lists year's 报表 wherever the crawl saw them.
func findSiteReports(ctx *Context, s *site.Site, year int) []siteReport {
	var out []siteReport
	isUsable := usableIn(ctx, s)
	for _, p := range s.Pages {
		if !isUsable(p) {
			continue
		}
		if y, ok := siteReportOf(pageTitle(p)); ok && y == year && !p.IsColumn() {
			r := siteReport{title: pageTitle(p), url: p.URL}
			if d, ok := publishedDate(p); ok {
				r.date = d.t
			}
			out = append(out, r)
		}
		for _, it := range p.ListItems() {
			if y, ok := siteReportOf(it.Title); ok && y == year {
				out = append(out, siteReport{title: it.Title, url: it.URL, date: it.Date.Time})
			}
		}
		for _, l := range p.Outgoing() {
			if y, ok := siteReportOf(l.Text); ok && y == year {
				out = append(out, siteReport{title: l.Text, url: l.URL})
			}
		}
	}
	for _, a := range s.Attachments {
		if y, ok := siteReportOf(a.Name); ok && y == year {
			out = append(out, siteReport{title: a.Name, url: a.URL})
		}
	}
	return out
}
