package checks

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gongkai/gongkai/site"
)

// AnnualReportMissing reports last year's 政府信息公开工作年度报告 of the site's
// own body missing after its due date.
type AnnualReportMissing struct{}

var annualReportMissingMeta = Meta{
	ID:          "gk-annual-report-missing",
	Name:        "年报缺失",
	Description: "检查是否按时发布本机关上一年度的政府信息公开工作年度报告：过了截止日期（政府为3月31日，部门为1月31日，遇节假日顺延）仍在网站上找不到，即为年报缺失。",
	Severity:    Deduct, // [I] rules.md gives no deduction figure
	Basis:       "《中华人民共和国政府信息公开条例》第四十九条（县级以上人民政府部门每年1月31日前、县级以上地方人民政府的政府信息公开工作主管部门每年3月31日前向社会公布上一年度政府信息公开工作年度报告）",
	Advice:      "立即按国办公开办函〔2021〕30号格式编制并公布上一年度政府信息公开工作年度报告，在“政府信息公开年报”栏目保持历年年报连续。",
	Summary: "no report titled (YYYY)年…政府信息公开(工作)年(度)报(告) for the year before the as-of date, as a page, list entry, link or attachment " +
		"anywhere on the site, that is the site body's own (a government site: titled 人民政府 or unnamed; a department's reports of other bodies do not count), " +
		"once the due date has passed (government 03-31, department 01-31; profile body and due.annual_report_*; moved to the next working day " +
		"when it falls on a rest day, 民法典第二百零三条); only on a complete crawl; waive with a waiver on gk-annual-report-missing",
	Recheck: Recheck{Reason: recheckSite},
}

// Meta describes the rule.
func (AnnualReportMissing) Meta() Meta { return annualReportMissingMeta }

// Check reports last year's own report missing after its due date.
func (AnnualReportMissing) Check(ctx *Context, s *site.Site) []Finding {
	if !s.Complete || len(s.Pages) == 0 {
		return nil // an incomplete crawl proves no absence
	}
	now := evalDate(ctx)
	body := siteBody(ctx, s)
	// Every year from the site's first year of content to the last one due:
	// a gap in the series is as missing as last year's report.
	first, firstN := firstContentYear(ctx, s)
	if first == 0 || first > now.Year()-1 {
		first = now.Year() - 1
	}
	reports := annualReports(ctx, s)
	own := map[int]bool{} // years with the site body's own report
	for _, r := range reports {
		if ownReport(r, body) {
			own[r.year] = true
		}
	}
	var ys []string
	for _, y := range slices.Sorted(maps.Keys(own)) {
		ys = append([]string{strconv.Itoa(y)}, ys...) // newest first
	}
	var where *site.Page // the 年报 column, looked up once a report is missing
	var out []Finding
	for year := now.Year() - 1; year >= first; year-- {
		if own[year] {
			continue
		}
		if where == nil {
			where = annualReportColumn(ctx, s)
		}
		if f, ok := missingReport(ctx, s, body, year, now, reports, ys, where); ok {
			if year < now.Year()-1 {
				f.Evidence = strings.TrimSuffix(f.Evidence, "。") +
					fmt.Sprintf("；网站自%d年起有成批内容（该年%d个页面），应保持历年年报连续。", first, firstN)
			}
			out = append(out, f)
		}
	}
	return out
}

// ownReport reports whether r is the site body's own report: on a
// department's site any report counts; on a government's the government's
// own (or its 办公室's, leniently) or one naming no body.
func ownReport(r *annualReport, body string) bool {
	return body == bodyDepartment || r.kind == bodyUnnamed || r.kind == bodyGovernment || strings.Contains(r.name, "人民政府办")
}

// missingReport is the finding for year's own report of the site's body,
// when it is due and absent.
// found lists the years with an own report, newest first; where is the 年报
// column. The caller has checked that year has no own report.
func missingReport(ctx *Context, s *site.Site, body string, year int, now time.Time, reports []*annualReport, found []string, where *site.Page) (Finding, bool) {
	dl := reportDue(ctx, body, year)
	if !dl.exists {
		return Finding{}, false // no text required a report for that year
	}
	due, eff, ok := dl.due, dl.eff, dl.ok
	if !ok {
		// No calendar for the due date: judge only well past any holiday.
		eff = due.AddDate(0, 0, 10)
	}
	if !now.After(eff) {
		return Finding{}, false
	}
	var others []string
	for _, r := range reports {
		if r.year == year {
			others = append(others, "“"+r.title+"”") // other bodies' only: the caller saw no own one
		}
	}
	who := "本级政府"
	if body == bodyDepartment {
		who = "本部门"
	}
	ev := fmt.Sprintf("评估日期%s；%s%d年度报告应于%s前公布（%s", ymd(now), who, year, ymd(due), dl.ref)
	if ok && !eff.Equal(due) {
		ev += fmt.Sprintf("，遇休息日顺延至%s", ymd(eff))
	}
	ev += fmt.Sprintf("）；已完整抓取%d个页面，未找到%s%d年度的政府信息公开工作年度报告（页面、列表、链接或附件）", len(s.Pages), who, year)
	if len(found) > 0 {
		ev += "；已找到" + strings.Join(found, "、") + "年度报告"
	}
	if len(others) > 0 {
		ev += fmt.Sprintf("；仅有其他单位的%d年度报告%s", year, strings.Join(others, "、"))
	}
	return Finding{
		URL:      where.URL,
		Title:    pageTitle(where),
		Column:   where.Column,
		Message:  fmt.Sprintf("未公布%d年度政府信息公开工作年度报告（应于%s前公布）。", year, cnDate(due)),
		Evidence: ev + "。",
		Basis:    dl.basis,
		Subject:  strconv.Itoa(year),
	}, true
}

// firstContentYear is the first year the site published content in
// earnest: the earliest year of its pages' publication dates in which at
// least max(3, 2%) of its dated pages fall, so that a stray old date (a
// 1970 placeholder, one imported document) does not reach back a decade.
// 0 when the site has too few dated pages.
func firstContentYear(ctx *Context, s *site.Site) (year, n int) {
	perYear := map[int]int{}
	total := 0
	isUsable := usableIn(ctx, s)
	for _, p := range s.Pages {
		if !isUsable(p) || p.Published.IsZero() || p.Published.Source == site.SourceList {
			continue
		}
		y := p.Published.Time.In(site.Shanghai).Year()
		if y < 2000 {
			continue
		}
		perYear[y]++
		total++
	}
	need := max(3, total*2/100)
	for _, y := range slices.Sorted(maps.Keys(perYear)) {
		if perYear[y] >= need {
			return y, perYear[y]
		}
	}
	return 0, 0
}

// annualReportColumn is the 年报 column page, else the platform page.
func annualReportColumn(ctx *Context, s *site.Site) *site.Page {
	var best *site.Page
	isUsable := usableIn(ctx, s)
	for _, p := range s.Pages {
		if isUsable(p) && p.IsColumn() && classOf(ctx, p) == ColAnnualReport && (best == nil || len(p.URL) < len(best.URL)) {
			best = p
		}
	}
	if best != nil {
		return best
	}
	return platformPage(ctx, s)
}
