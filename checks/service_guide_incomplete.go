package checks

import (
	"fmt"
	"strings"

	"github.com/gongkai/gongkai/site"
)

// ServiceGuideIncomplete reports service guides missing key elements.
type ServiceGuideIncomplete struct{}

// fsGuideVetoMissing is how many missing element categories make a guide a
// 单项否决 item (检查指标2019: 「办事指南要素缺失4类及以上」 [C]).
const fsGuideVetoMissing = 4

var serviceGuideIncompleteMeta = Meta{
	ID:          "service-guide-incomplete",
	Name:        "办事指南要素缺失",
	Description: "检查办事指南是否列全10项关键要素（如办理依据、申请条件、申请材料、办理流程、办理时限、收费标准、咨询电话等）且内容不为空。缺少4项及以上属单项否决，少于4项扣分。",
	Severity:    Deduct, // a guide missing 4 or more categories is veto [C]
	Basis:       "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）单项否决指标“服务不实用”：办事指南要素缺失4类及以上（事项名称、设定依据、申请条件、办理材料、办理地点、办理机构、收费标准、办理时间、联系电话、办理流程）",
	Advice:      "按事项名称、设定依据、申请条件、办理材料、办理地点、办理机构、收费标准、办理时间、联系电话、办理流程逐项补齐办事指南，要素不得为空；不收费的注明“不收费”。",
	Summary: "a 办事指南 page (in a 办事指南-class column or titled …指南; in such a column a page that opens with two element labels is a guide too) whose 10 key elements (rules.md H1 synonyms) are not all present and non-empty; 「无」 counts only for 收费标准; 4 or more missing is veto, fewer deduct. " +
		"Guides whose element labels are only script-loaded tabs are not judged. Waive per page with a waiver.",
	// No per-finding deduction is given in rules.md; set one with points:.
	Recheck: Recheck{Reason: "办事指南要素可能在附件或脚本加载的内容中，需完整扫描复核"},
}

// Meta describes the rule.
func (ServiceGuideIncomplete) Meta() Meta { return serviceGuideIncompleteMeta }

// Check reads each guide and reports the elements it lacks.
func (ServiceGuideIncomplete) Check(ctx *Context, s *site.Site) []Finding {
	var out []Finding
	for _, g := range fsFindGuides(ctx, s) {
		if g.result.unjudgeable {
			continue // tab names only: the content is loaded by scripts
		}
		missing := g.result.missing()
		if len(missing) == 0 {
			continue
		}
		var absent, empty, present []string
		for _, e := range fsGuideElements {
			switch g.result.state[e.name] {
			case fsAbsent:
				absent = append(absent, e.name)
			case fsEmpty:
				empty = append(empty, e.name)
			default:
				present = append(present, e.name)
			}
		}
		var ev strings.Builder
		if len(absent) > 0 {
			fmt.Fprintf(&ev, "未找到要素：%s", strings.Join(absent, "、"))
		}
		if len(empty) > 0 {
			if ev.Len() > 0 {
				ev.WriteString("；")
			}
			fmt.Fprintf(&ev, "有标题但内容为空：%s", strings.Join(empty, "、"))
		}
		if len(present) > 0 {
			fmt.Fprintf(&ev, "；已有要素：%s", strings.Join(present, "、"))
		}
		fmt.Fprintf(&ev, "；共缺%d类（检查指标要求10类要素，缺失%d类及以上属单项否决）。", len(missing), fsGuideVetoMissing)
		f := Finding{
			URL:      g.page.URL,
			Title:    g.title,
			Column:   g.page.Column,
			Message:  fmt.Sprintf("办事指南缺少%d类要素：%s。", len(missing), strings.Join(missing, "、")),
			Evidence: ev.String(),
		}
		if len(missing) >= fsGuideVetoMissing {
			f.Severity = Veto
		}
		out = append(out, f)
	}
	return out
}
