package checks

// The 政府信息公开年度报告 found on a site, with their bodies and due dates:
// shared by the annual-report rules and the finance rules that ask what
// kind of body a site is.

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gongkai/gongkai/calendar"
	"github.com/gongkai/gongkai/config"
	"github.com/gongkai/gongkai/site"
)

// Body kinds of an annual report or a site.
const (
	bodyGovernment = "government"
	bodyDepartment = "department"
	bodyTown       = "town"
	bodyUnnamed    = "" // no body named: the site's own
)

// annualReport is one report found on the site.
type annualReport struct {
	year   int
	name   string // the body named in the title ("示范县教育体育局"), may be ""
	kind   string
	title  string
	url    string
	column string
	date   dateOf
	page   *site.Page
	rank   int // 3 crawled page, 2 list entry, 1 link or attachment
}

var (
	reportYearFirst = regexp.MustCompile(`((?:19|20)\d{2})年度?(.{0,40}?)政府信息公开(?:工作)?年度?报告?`)
	// The title reaches it without punctuation: "…年度报告（2024年度）".
	reportYearAfter = regexp.MustCompile(`^(.{0,40}?)政府信息公开(?:工作)?年度?报告?((?:19|20)\d{2})年?度?$`)
	// notAReport are titles about reports (a notice asking for them, a
	// 解读 of one), not reports.
	notAReport = regexp.MustCompile(`通知|报送|编制|做好|模板|格式|解读|图解|更正|征集|培训|会议|评议`)
	deptSuffix = regexp.MustCompile(`(?:局|委员会|委|办公室|办|中心|院|所|站|队|部|厅|署|社|馆|处|科|股|公司|管委会|管理委员会|办事处|协会|联合会)$`)
	townSuffix = regexp.MustCompile(`(?:乡|镇|街道)$`)
)

// parseReportTitle reads the year and the body of a report title.
func parseReportTitle(title string) (year int, name string, ok bool) {
	// Cheap filter first: every link text of the site comes through here.
	if !strings.Contains(title, "信息公开") || !strings.Contains(title, "报") {
		return 0, "", false
	}
	t := stripNoise(title)
	if notAReport.MatchString(t) {
		return 0, "", false
	}
	if m := reportYearFirst.FindStringSubmatchIndex(t); m != nil {
		year, _ = strconv.Atoi(t[m[2]:m[3]])
		name = t[:m[0]] + t[m[4]:m[5]]
	} else if m := reportYearAfter.FindStringSubmatch(t); m != nil {
		year, _ = strconv.Atoi(m[2])
		name = m[1]
	} else {
		return 0, "", false
	}
	return year, strings.TrimSuffix(name, "的"), true
}

// bodyKind tells a government from a department or a town by its name: 人民政府
// (not its 办公室) is a government.
func bodyKind(name string) string {
	switch {
	case name == "":
		return bodyUnnamed
	case strings.Contains(name, "人民政府") && !strings.Contains(name, "人民政府办"):
		return bodyGovernment
	case strings.HasSuffix(name, "办事处") && !strings.Contains(name, "驻"):
		// 街道办事处 (长江新城办事处) is a township-level body, not a department;
		// a 驻京办事处 is.
		return bodyTown
	case deptSuffix.MatchString(name):
		return bodyDepartment
	case townSuffix.MatchString(name):
		return bodyTown
	}
	return bodyUnnamed // a place name alone ("示范县"): the government's own
}

// publisherKind is the kind of body a report page names as its publisher
// (发布机构, 来源, ContentSource) when its title names none; unnamed when
// the publisher says nothing or is the site's own office.
func publisherKind(p *site.Page) string {
	md := p.Fields()
	for _, v := range []string{md["发布机构"], md["来源"], p.MetaTags()["contentsource"]} {
		if k := bodyKind(strings.TrimSpace(v)); k == bodyGovernment || k == bodyDepartment || k == bodyTown {
			return k
		}
	}
	return bodyUnnamed
}

// columnBodyKind is the kind of body whose reports a list page holds, by
// its name: 部门年报 → departments, 乡镇年报/街道年报 → towns; unnamed else.
func columnBodyKind(p *site.Page) string {
	name := p.Column + " " + p.Title
	switch {
	case strings.Contains(name, "部门年报") || strings.Contains(name, "部门年度报告"):
		return bodyDepartment
	case strings.Contains(name, "乡镇年报") || strings.Contains(name, "街道年报") || strings.Contains(name, "乡镇（街道）年报"):
		return bodyTown
	}
	return bodyUnnamed
}

// siteBody is who runs the site: the profile's body, else guessed from the
// site name; a name that says nothing counts as a government (the later due
// date, so nothing is called late or missing too early).
func siteBody(ctx *Context, s *site.Site) string {
	switch ctx.profile().Body {
	case bodyGovernment, bodyDepartment:
		return ctx.profile().Body
	}
	if bodyKind(siteNameOf(ctx, s)) == bodyDepartment {
		return bodyDepartment
	}
	return bodyGovernment
}

// dueKind is which deadline applies to a report: a government's own (and a
// town's, [I] leniently) by 3月31日, a department's by 1月31日.
func dueKind(r *annualReport, siteKind string) string {
	switch r.kind {
	case bodyGovernment, bodyTown:
		return bodyGovernment
	case bodyDepartment:
		return bodyDepartment
	}
	return siteKind
}

// reportDeadline is when one year's report of one kind of body was due,
// under the text of the 条例 in force on that day.
type reportDeadline struct {
	due, eff time.Time // the nominal date, and the next working day when it is a rest day
	ok       bool      // the calendar covers the due date (eff is known)
	exists   bool      // some text required the report (none before the 2008 条例)
	basis    string    // the provision in force, as a finding cites it
	ref      string    // its short form for evidence (2008年条例第三十一条)
}

// reportDue is the due date of year's report (published in year+1): the
// MM-DD of the 条例 version in force on that day (2008: 03-31 for every
// body; 2019 revision: 01-31 for departments), unless the profile sets
// one, and the date it moves to when that is a rest day.
func reportDue(ctx *Context, kind string, year int) reportDeadline {
	obligation, override, def := "annual-report-government", ctx.profile().Due.AnnualReportGovernment, "03-31"
	if kind == bodyDepartment {
		obligation, override, def = "annual-report-department", ctx.profile().Due.AnnualReportDepartment, "01-31"
	}
	var d reportDeadline
	req, due, ok := calendar.YearlyDue(obligation, year)
	if ok {
		d.exists, d.basis, d.ref = true, req.Basis, req.Ref
		def = req.Due
	}
	d.due = config.DueDate(override, def, year+1, site.Shanghai)
	if override != "" {
		d.ref += "，站点配置的截止日"
	} else if ok {
		d.due = time.Date(due.Year(), due.Month(), due.Day(), 0, 0, 0, 0, site.Shanghai)
	}
	eff, err := calOf(ctx).AddCalendarDays(d.due, 0)
	if err != nil {
		d.eff = d.due
		return d
	}
	d.eff, d.ok = eff, true
	return d
}

// annualReports finds every report on the site, merged per year and body;
// reports of higher levels (a province's, linked from a county site) are
// not the site's and are left out. Both annual report rules read the one
// list built per run.
func annualReports(ctx *Context, s *site.Site) []*annualReport {
	return ctx.analyses(s).annualReports.get(func() []*annualReport { return findAnnualReports(ctx, s) })
}

func findAnnualReports(ctx *Context, s *site.Site) []*annualReport {
	level := levelOf(siteNameOf(ctx, s))
	byKey := map[string]*annualReport{}
	var order []string
	add := func(r *annualReport) {
		if higherThanSite(r.name, level) {
			return
		}
		k := strconv.Itoa(r.year) + "|" + r.name
		old, ok := byKey[k]
		if !ok {
			byKey[k] = r
			order = append(order, k)
			return
		}
		if r.rank > old.rank || (r.rank == old.rank && old.date.t.IsZero() && !r.date.t.IsZero()) {
			byKey[k] = r
		}
	}
	isUsable := usableIn(ctx, s)
	for _, p := range s.Pages {
		if !isUsable(p) {
			continue
		}
		// A list of 部门年报 or 乡镇年报 says whose reports it holds when
		// their titles name no body.
		listKind := columnBodyKind(p)
		if !p.IsColumn() {
			title := pageTitle(p)
			if y, name, ok := parseReportTitle(title); ok {
				kind := bodyKind(name)
				if kind == bodyUnnamed {
					kind = publisherKind(p)
				}
				r := &annualReport{year: y, name: name, kind: kind, title: title, url: p.URL, column: p.Column, page: p, rank: 3}
				if d, ok := publishedDate(p); ok {
					r.date = d
				}
				add(r)
			}
		}
		for _, it := range p.ListItems() {
			if y, name, ok := parseReportTitle(it.Title); ok {
				kind := bodyKind(name)
				if kind == bodyUnnamed {
					kind = listKind
				}
				r := &annualReport{year: y, name: name, kind: kind, title: it.Title, url: it.URL, column: p.Column, rank: 2}
				if !it.Date.IsZero() {
					r.date = dateOf{t: dayOf(it.Date.Time), label: "列表日期"}
				}
				add(r)
			}
		}
		for _, l := range p.Outgoing() {
			if l.Kind != site.KindAnchor {
				continue
			}
			if y, name, ok := parseReportTitle(l.Text); ok {
				add(&annualReport{year: y, name: name, kind: bodyKind(name), title: l.Text, url: l.URL, column: p.Column, rank: 1})
			}
		}
	}
	for _, a := range s.Attachments {
		if y, name, ok := parseReportTitle(a.Name); ok {
			add(&annualReport{year: y, name: name, kind: bodyKind(name), title: a.Name, url: a.URL, rank: 1})
		}
	}
	out := make([]*annualReport, 0, len(order))
	for _, k := range order {
		out = append(out, byKey[k])
	}
	return out
}
