package checks

import (
	"fmt"

	"github.com/gongkai/gongkai/config"
	"github.com/gongkai/gongkai/site"
)

// InterpLate reports documents whose first interpretation came more than 3
// working days after the document.
type InterpLate struct{ usesDisclosure } // reads the document analysis: built in the page pass

// interpLateWorkdays is the working days after a document within which its interpretation is due (also interp-missing's grace).
var interpLateWorkdays = Threshold{Key: "interp_late_workdays", Default: 3, Min: 1, Max: 60, Unit: "个工作日",
	field: func(t *config.Thresholds) int { return t.InterpLateWorkdays }}

var interpLateMeta = Meta{
	ID:          "interp-late",
	Name:        "解读超期",
	Description: "检查政策解读是否及时发布：解读晚于文件发布3个工作日以上（可在配置中调整，按国务院公布的节假日安排计算），即为解读超期。",
	Severity:    Deduct, // [I] rules.md gives no deduction figure
	Basis:       "《〈关于全面推进政务公开工作的意见〉实施细则》（国办发〔2016〕80号）解读材料与文件同步发布；地方规定（如郑州市2016年）“最迟应在政策文件公开发布后3个工作日内发布”",
	Advice:      "今后政策解读与文件同步发布，最迟不超过文件发布后3个工作日；对本文件在解读页面说明发布情况。",
	Summary: "the earliest interpretation of this body's document published more than 3 working days (thresholds.interp_late_workdays) " +
		"after the document, 发布日期 against 发布日期 on the official State Council calendar (a Saturday make-up workday counts, " +
		"holidays do not); only interpretations paired by title, 文号 or a 原文/解读 link; earlier interpretations are fine; " +
		"reposted higher-level interpretations and documents excluded; a year without calendar data is not judged; " +
		"waive with a waiver on interp-late",
	Thresholds: []Threshold{interpLateWorkdays},
	Recheck:    Recheck{Reason: "需同时抓取文件及其解读页面判断，请重新扫描全站"},
}

// Meta describes the rule.
func (InterpLate) Meta() Meta { return interpLateMeta }

// Check compares each own document with its earliest own interpretation.
func (InterpLate) Check(ctx *Context, s *site.Site) []Finding {
	limit := interpLateWorkdays.value(ctx)
	cal := calOf(ctx)
	d := analyse(ctx, s)
	var out []Finding
	for _, doc := range d.docs {
		if doc.foreign {
			continue
		}
		docPub, ok := publishedDate(doc.page)
		if !ok {
			continue
		}
		var first *interp
		var firstPub dateOf
		strong := false
		for _, pr := range d.pairsOf(doc) {
			if pr.interp.foreign {
				continue
			}
			strong = strong || pr.strong
			ip, ok := publishedDate(pr.interp.page)
			if !ok {
				continue
			}
			if first == nil || ip.t.Before(firstPub.t) {
				first, firstPub = pr.interp, ip
			}
		}
		// Only a pairing by title, 文号 or an explicit link is sure enough
		// to call a document's interpretation late.
		if first == nil || !strong || !firstPub.t.After(docPub.t) {
			continue
		}
		n, err := cal.WorkdaysBetween(docPub.t, firstPub.t)
		if err != nil || n <= limit {
			continue // no calendar data for those years: cannot judge
		}
		ev := fmt.Sprintf("文件发布%s，解读发布%s，间隔%d个工作日（上限%d个，依据%s）",
			ymd(docPub.t), ymd(firstPub.t), n, limit, noticesFor(cal, docPub.t, firstPub.t))
		if x := workdayEvidence(cal, docPub.t, firstPub.t); x != "" {
			ev += "；" + x
		}
		ev += fmt.Sprintf("；解读“%s”（%s）", first.title, first.page.URL)
		out = append(out, Finding{
			URL:    doc.page.URL,
			Title:  doc.title,
			Column: doc.page.Column,
			Message: fmt.Sprintf("政策解读晚于文件%d个工作日发布，超过%d个工作日的时限。",
				n, limit),
			Evidence: ev + "。",
			Subject:  docSubject(doc),
		})
	}
	return out
}
