package checks

import (
	"fmt"
	"strconv"

	"github.com/gongkai/gongkai/site"
)

// AnnualReportLate reports last year's annual reports published after their
// due date.
type AnnualReportLate struct{}

var annualReportLateMeta = Meta{
	ID:          "gk-annual-report-late",
	Name:        "年报逾期",
	Description: "检查上一年度政府信息公开工作年度报告的发布日期：部门晚于1月31日、人民政府晚于3月31日（遇节假日顺延至下一个工作日）发布，即为年报逾期。",
	Severity:    Deduct, // [I] rules.md gives no deduction figure
	Basis:       "《中华人民共和国政府信息公开条例》第四十九条（县级以上人民政府部门每年1月31日前、县级以上地方人民政府的政府信息公开工作主管部门每年3月31日前公布上一年度年度报告）；《中华人民共和国民法典》第二百零三条（期间最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日）",
	Advice:      "今后按期公布年度报告：部门于每年1月31日前、本级政府于每年3月31日前；并在年报中说明本次逾期原因。",
	Summary: "a report for the year before the as-of date whose 发布日期 (metadata, page date, else list date) is after its due date: " +
		"a department's (title names a 局/委/办/中心…, or the site is a department) 01-31, a people's government's own (人民政府, not its 办公室; " +
		"or unnamed on a government site) 03-31, towns leniently 03-31; profile body and due.annual_report_* override; a due date on a rest day " +
		"moves to the next working day (official calendar); a year without calendar data is judged only against the nominal date; " +
		"waive with a waiver on gk-annual-report-late",
	Recheck: Recheck{Mode: RecheckFoundOnly, Reason: recheckMore},
}

// Meta describes the rule.
func (AnnualReportLate) Meta() Meta { return annualReportLateMeta }

// Check compares each of last year's reports with its due date.
func (AnnualReportLate) Check(ctx *Context, s *site.Site) []Finding {
	year := evalDate(ctx).Year() - 1
	body := siteBody(ctx, s)
	cal := calOf(ctx)
	var out []Finding
	for _, r := range annualReports(ctx, s) {
		if r.year != year || r.date.t.IsZero() {
			continue
		}
		kind := dueKind(r, body)
		dl := reportDue(ctx, kind, year)
		due, eff, ok := dl.due, dl.eff, dl.ok
		if !dl.exists || !r.date.t.After(due) {
			continue
		}
		if !ok {
			continue // past the nominal date, but a holiday may extend it: cannot judge
		}
		if !r.date.t.After(eff) {
			continue // due date fell on a rest day and moved (民法典第二百零三条)
		}
		who := "本级人民政府年度报告"
		if kind == bodyDepartment {
			who = "部门年度报告"
		}
		if r.name != "" {
			who += "（" + r.name + "）"
		}
		ev := fmt.Sprintf("年报“%s”%s%s；%s应于%s前公布（%s）", r.title, r.date.label, ymd(r.date.t), who, ymd(due), dl.ref)
		if !eff.Equal(due) {
			ev += fmt.Sprintf("，%s为休息日，顺延至%s（民法典第二百零三条，依据%s）", ymd(due), ymd(eff), noticesFor(cal, due, eff))
		}
		if n, err := cal.WorkdaysBetween(eff, r.date.t); err == nil {
			ev += fmt.Sprintf("；逾期%d个工作日", n)
		}
		out = append(out, Finding{
			URL:      r.url,
			Title:    r.title,
			Column:   r.column,
			Message:  fmt.Sprintf("%d年度政府信息公开工作年度报告于%s公布，晚于%s的法定时限。", year, cnDate(r.date.t), cnDate(eff)),
			Evidence: ev + "。",
			Basis:    dl.basis + "；《中华人民共和国民法典》第二百零三条（期间最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日）",
			Subject:  strconv.Itoa(year) + " " + r.name,
		})
	}
	return out
}
