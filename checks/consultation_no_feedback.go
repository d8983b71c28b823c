package checks

import (
	"fmt"

	"github.com/gongkai/gongkai/config"
	"github.com/gongkai/gongkai/site"
)

// ConsultationNoFeedback reports drafts whose comment period ended long ago
// with no feedback (意见采纳情况) published.
type ConsultationNoFeedback struct{ usesPageTexts } // reads pageTexts: built in the page pass

// consultFeedbackDays is the days after the comment period within which feedback is due [I]
// (rules.md I2).
var consultFeedbackDays = Threshold{Key: "consult_feedback_days", Default: 30, Min: 1, Max: 365, Unit: "天",
	field: func(t *config.Thresholds) int { return t.ConsultFeedbackDays }}

var consultationNoFeedbackMeta = Meta{
	ID:          "consultation-no-feedback",
	Name:        "征求意见未反馈",
	Description: "检查征求意见是否反馈结果：征求意见期结束超过30天（可在配置中调整）后，仍找不到意见采纳情况或反馈说明，即为征求意见未反馈。",
	Severity:    Deduct, // [I] no national deduction is known
	Basis:       "《重大行政决策程序暂行条例》第十五条、第三十二条（公开公众意见的采纳情况）；《优化营商环境条例》第六十二条（建立健全意见采纳情况反馈机制）",
	Advice:      "征求意见结束后及时公开意见收集和采纳情况（收到意见条数、采纳情况及未采纳理由），可单独发布“意见采纳情况”或附于原征求意见公告后。",
	Summary: "a draft for comment whose period ended more than thresholds.consult_feedback_days (default 30 [I]) calendar days ago (moved past rest days by the official calendar) with no page or list entry titled …意见采纳情况/征求意见反馈/结果反馈 naming it, " +
		"no adoption section (收到意见N条, 采纳情况如下) in the notice, and no other page naming it with one; only on a complete crawl. Waive per page with a waiver.",
	// No per-finding deduction is given in rules.md; set one with points:.
	Thresholds: []Threshold{consultFeedbackDays},
	Recheck:    Recheck{Reason: "反馈结果可能发布在其他页面，请重新扫描全站"},
}

// Meta describes the rule.
func (ConsultationNoFeedback) Meta() Meta { return consultationNoFeedbackMeta }

// Check looks for each ended draft's feedback. An incomplete crawl proves no
// absence, so it then says nothing.
func (ConsultationNoFeedback) Check(ctx *Context, s *site.Site) []Finding {
	if !s.Complete {
		return nil
	}
	grace := consultFeedbackDays.value(ctx)
	idx := fsIndexConsults(ctx, s)
	var out []Finding
	for _, c := range idx.drafts {
		if c.end.IsZero() {
			continue // the period could not be read
		}
		st, ok := fsDeadline(ctx, c.end.AddDate(0, 0, grace))
		if !ok || !st.passed {
			continue
		}
		if _, found := idx.fsFindFeedback(c); found {
			continue
		}
		note := "推定期限，配置项 thresholds.consult_feedback_days"
		if st.note != "" {
			note = st.note + "；" + note
		}
		out = append(out, Finding{
			URL:     c.page.URL,
			Title:   c.title,
			Column:  c.page.Column,
			Message: fmt.Sprintf("%s征求意见已于%s结束，超过%d天仍未公开意见采纳情况。", c.name(), fsDate(c.end), grace),
			Evidence: fmt.Sprintf("征求意见截止%s（取自%s：“%s”）；按结束后%d个日历日内公开反馈计，最迟%s（%s）；评估日%s；"+
				"已检索全站%d个页面和%d个列表条目，未找到与%s对应、标题含“意见采纳情况/征求意见反馈/结果反馈”的页面，原公告页面及其他页面也无采纳情况（收到意见条数、采纳情况）说明。",
				fsDate(c.end), c.endBy, c.period, grace, fsDate(st.deadline), note, fsDate(fsAsOf(ctx)), idx.pages, idx.items, c.name()),
		})
	}
	return out
}
