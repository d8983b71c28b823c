package checks

import (
	"fmt"

	"github.com/gongkai/gongkai/config"
	"github.com/gongkai/gongkai/site"
)

// ConsultationShortPeriod reports drafts for comment open for fewer than 30
// days without a stated reason.
type ConsultationShortPeriod struct{ usesPageTexts } // reads pageTexts: built in the page pass

// consultMinDays is the minimum comment period in calendar days
// (重大行政决策程序暂行条例第十五条 「一般不少于30日」 [C]).
var consultMinDays = Threshold{Key: "consult_min_days", Default: 30, Min: 1, Max: 365, Unit: "天",
	field: func(t *config.Thresholds) int { return t.ConsultMinDays }}

var consultationShortPeriodMeta = Meta{
	ID:          "consultation-short-period",
	Name:        "征求意见期过短",
	Description: "检查征求意见的期限：从开始到截止不足30天（可在配置中调整），且未说明缩短期限的理由，即为征求意见期过短。",
	Severity:    Deduct, // [I] no national deduction is known
	Basis:       "《重大行政决策程序暂行条例》第十五条（公开征求意见的期限一般不少于30日；因情况紧急等原因需要缩短期限的，应当予以说明）；《优化营商环境条例》第六十二条",
	Advice:      "公开征求意见期限一般不少于30日；确需缩短的，在征求意见公告中说明理由。",
	Summary: "a draft for comment (意见征集-class column, or titled 公开征求…意见/征求意见稿; surveys and polls excluded) whose period, end − start + 1 calendar days, is under thresholds.consult_min_days (default 30) with no reason (因…/由于/紧急/时间紧/情况特殊) near it; " +
		"start from the text, or the 发布日期 for 即日起至/截止 notices; silent when the dates cannot be read. Waive per page with a waiver.",
	// No per-finding deduction is given in rules.md; set one with points:.
	Thresholds: []Threshold{consultMinDays},
	Recheck:    Recheck{Mode: RecheckFoundOnly, Reason: recheckMore},
}

// Meta describes the rule.
func (ConsultationShortPeriod) Meta() Meta { return consultationShortPeriodMeta }

// Check measures each draft's period.
func (ConsultationShortPeriod) Check(ctx *Context, s *site.Site) []Finding {
	minDays := consultMinDays.value(ctx)
	var out []Finding
	for _, c := range fsIndexConsults(ctx, s).drafts {
		if !c.known || c.reason != "" {
			continue
		}
		days := c.days()
		if days >= minDays {
			continue
		}
		out = append(out, Finding{
			URL:     c.page.URL,
			Title:   c.title,
			Column:  c.page.Column,
			Message: fmt.Sprintf("%s公开征求意见期限仅%d天，少于%d天且未说明理由。", c.name(), days, minDays),
			Evidence: fmt.Sprintf("征求意见期%s至%s，共%d个日历日（起止日均计入；起始日取自%s，截止日取自%s：“%s”）；下限%d天（thresholds.consult_min_days）；公告中未找到缩短期限的理由（因…/由于/紧急/情况特殊等）。",
				fsDate(c.start), fsDate(c.end), days, c.startBy, c.endBy, c.period, minDays),
		})
	}
	return out
}
