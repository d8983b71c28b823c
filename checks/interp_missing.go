package checks

import (
	"fmt"
	"time"

	"github.com/gongkai/gongkai/site"
)

// InterpMissing reports this body's 规章 and 行政规范性文件 for which no
// interpretation can be found anywhere on the site.
type InterpMissing struct{ usesDisclosure } // reads the document analysis: built in the page pass

var interpMissingMeta = Meta{
	ID:          "interp-missing",
	Name:        "未配发解读",
	Description: "检查本机关制发的规章和行政规范性文件是否配发政策解读：文件发布超过3个工作日（可在配置中调整）后，在网站上仍找不到对应解读，即为未配发解读。转发上级文件不在检查范围。",
	Severity:    Deduct, // [I] rules.md gives no deduction figure
	Basis:       "《〈关于全面推进政务公开工作的意见〉实施细则》（国办发〔2016〕80号）“谁起草、谁解读”，政策性文件与解读方案、解读材料同步组织、同步审签、同步部署",
	Advice:      "按“谁起草、谁解读”为该文件配发政策解读（文字、图解或问答），与文件同步发布，并在文件与解读页面相互设置链接。",
	Summary: "this body's 规章 or 行政规范性文件 (文号 ending in 规 such as X府规〔2025〕3号, a 规范性文件 label, column or 统一编号, " +
		"or a 有效性 field where the site does not put one on nearly every document) with no interpretation matched anywhere: " +
		"by 《title》, subject or 文号 in an interpretation's title or body, by a 原文/解读 link, or by a list entry or link titled 解读; " +
		"only on a complete crawl and once the interpretation deadline (thresholds.interp_late_workdays, default 3 working days) has passed; " +
		"转发 and higher-level documents excluded; waive with a waiver on interp-missing",
	Thresholds: []Threshold{interpLateWorkdays},
	Recheck:    Recheck{Reason: recheckSite},
}

// Meta describes the rule.
func (InterpMissing) Meta() Meta { return interpMissingMeta }

// Check reports normative own documents without any interpretation.
func (InterpMissing) Check(ctx *Context, s *site.Site) []Finding {
	if !s.Complete {
		return nil // an incomplete crawl proves no absence
	}
	limit := interpLateWorkdays.value(ctx)
	cal := calOf(ctx)
	now := evalDate(ctx)
	d := analyse(ctx, s)
	var out []Finding
	for _, doc := range d.docs {
		if !doc.normative || doc.foreign {
			continue
		}
		if len(d.pairsOf(doc)) > 0 || d.anyLink[doc] {
			continue
		}
		if _, ok := d.mentioned[doc]; ok {
			continue
		}
		p := doc.page
		pub, ok := publishedDate(p)
		if ok {
			// Still within the time allowed for the interpretation.
			due, err := cal.AddWorkdays(pub.t, limit)
			if err != nil && now.Sub(pub.t) < 31*24*time.Hour {
				continue
			}
			if err == nil && !now.After(due) {
				continue
			}
		}
		ev := fmt.Sprintf("文件%s属规范性文件（%s）", docLabel(doc), doc.normWhy)
		if ok {
			ev += fmt.Sprintf("，%s%s", pub.label, ymd(pub.t))
		}
		ev += fmt.Sprintf("；已完整抓取%d个页面，政策解读栏目及全站均未找到标题、文号或正文与之对应的解读，文件页面也无解读链接。", len(s.Pages))
		out = append(out, Finding{
			URL:      p.URL,
			Title:    doc.title,
			Column:   p.Column,
			Message:  "规范性文件未配发政策解读。",
			Evidence: ev,
			Subject:  docSubject(doc),
		})
	}
	return out
}
